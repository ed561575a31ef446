"""Build the sample corpus under corpus/ from the article data in scripts/corpus/.

    python scripts/build_corpus.py           # (re)write corpus/
    python scripts/build_corpus.py --check   # exit 1 unless corpus/ is exactly what would be written

Deterministic: the same data gives the same bytes (gzip with mtime=0, no timestamps, fixed order).
Every story is fictional and written for this corpus.  Layout:

    corpus/bbc/<region_slug>/<story id>.stm         BBC-like pages (2005 and 2009 templates)
    corpus/bbc/low_graphics/<story id>.stm          the low-graphics duplicate
    corpus/dailyherald/<section>/<slug>.html[.gz]   modern site
    corpus/plain/<slug>.htm|.shtml                  plain pages
    corpus/text/<Region>/<slug>.txt                 plain text
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
CORPUS = ROOT / "corpus"
sys.path.insert(0, str(HERE / "corpus"))

import articles_bbc_1
import articles_bbc_2
import articles_bbc_3
import articles_dupes
import articles_modern_1
import articles_modern_2
import articles_plain
import articles_text
import templates
from templates_bbc import Story
from tplutil import parse_iso, slug, utc, word_count

BBC = articles_bbc_1.ARTICLES + articles_bbc_2.ARTICLES + articles_bbc_3.ARTICLES
MODERN = articles_modern_1.ARTICLES + articles_modern_2.ARTICLES
PLAIN = articles_plain.ARTICLES
TEXT = articles_text.ARTICLES

# Exact numbers of the special cases (the lead's tests rely on them).
BBC_VARIANTS = {"updated": 2, "style2005": 3, "no_meta": 2, "cp1252": 2, "wayback": 2, "canonical": 4}
MODERN_GZIP = 3
PLAIN_CP1252 = 2
CP1252_ONLY = set(bytes(range(0x80, 0xA0)).decode("cp1252", "ignore"))  # curly quotes, dashes, ...


class CorpusError(Exception):
    pass


def check(condition: bool, message: str) -> None:
    if not condition:
        raise CorpusError(message)


def validate() -> None:
    every = BBC + MODERN + PLAIN + TEXT
    slugs = Counter(a["slug"] for a in every)
    check(not [s for s, n in slugs.items() if n > 1], f"duplicate slugs: {[s for s, n in slugs.items() if n > 1]}")
    for a in every:
        n, words = len(a["paragraphs"]), word_count(a["paragraphs"])
        check(4 <= n <= 8, f"{a['slug']}: {n} paragraphs")
        check(100 <= words <= 250, f"{a['slug']}: {words} words")
        check(all(0 < i < n for i in a.get("intertitles", {})), f"{a['slug']}: intertitle index out of range")
    check(len(BBC) >= 27 and len(MODERN) >= 20 and len(PLAIN) >= 8 and len(TEXT) >= 6, "too few articles")
    check(len(every) >= 66, f"only {len(every)} articles")
    for flag, wanted in BBC_VARIANTS.items():
        have = [a["slug"] for a in BBC if a.get(flag)]
        check(len(have) == wanted, f"BBC {flag}: {len(have)} pages, want {wanted}")
    check(sum(bool(a.get("gzip")) for a in MODERN) == MODERN_GZIP, "modern gzip count")
    check(sum(bool(a.get("cp1252")) for a in PLAIN) == PLAIN_CP1252, "plain cp1252 count")
    for a in BBC:
        check(parse_iso(a["published"]).utcoffset().total_seconds() == 0, f"{a['slug']}: BBC dates are GMT")
        if a.get("updated"):
            check(
                f"{utc(a['updated']):%H:%M}" != f"{utc(a['published']):%H:%M}" and a["updated"] > a["published"],
                f"{a['slug']}: 'updated' must show a later time",
            )
        if a.get("style2005"):
            check(a["published"].startswith("2005"), f"{a['slug']}: the 2005 template is for 2005 stories")
    for a in BBC + PLAIN:
        if a.get("cp1252"):
            text = " ".join([a["headline"], *a["paragraphs"]])
            check(bool(CP1252_ONLY & set(text)), f"{a['slug']}: no windows-1252-only character")
        else:
            check(
                not any(ch in CP1252_ONLY for ch in " ".join(a["paragraphs"]) + a["headline"] + a.get("caption", "")),
                f"{a['slug']}: curly punctuation in a page that is not windows-1252",
            )
    years = {parse_iso(a["published"]).year for a in BBC + MODERN + PLAIN}
    regions = {a["region"] for a in BBC + MODERN + TEXT}
    check(len(years) >= 6, f"years: {sorted(years)}")
    check(len(regions) >= 8, f"regions: {sorted(regions)}")


def bbc_path(a: dict) -> str:
    return f"bbc/{slug(a['region'], '_')}/{Story(a).id:07d}.stm"


def build() -> dict[str, bytes]:
    """Relative path -> bytes of every corpus file."""
    validate()
    files: dict[str, bytes] = {}

    def put(path: str, data: bytes) -> None:
        check(path not in files, f"two files at {path}")
        files[path] = data

    by_slug = {a["slug"]: a for a in BBC + MODERN + PLAIN + TEXT}
    known_urls = {a["headline"]: a["url"] for a in BBC}
    for a in BBC:
        put(bbc_path(a), templates.render_bbc(a, known_urls))

    modern = list(MODERN)
    for dup in articles_dupes.DUPLICATES:
        original = by_slug[dup["of"]]
        if dup["kind"] == "bbc_low":
            story_id = Story(dict(original, url=dup["url"])).id
            check(story_id == Story(original).id, "the low-graphics copy keeps the story id")
            put(f"bbc/low_graphics/{story_id:07d}.stm", templates.render_bbc_low(original, dup["url"], known_urls))
        elif dup["kind"] == "syndicated":
            fields = {k: v for k, v in dup.items() if k not in ("kind", "of")}
            modern.append(dict(fields, paragraphs=original["paragraphs"], intertitles=original.get("intertitles", {})))
        else:
            raise CorpusError(f"unknown duplicate kind {dup['kind']!r}")

    for i, a in enumerate(modern):
        others = [modern[(i + k) % len(modern)] for k in (1, 3, 5, 7)]
        most_read = [(o["headline"], templates.article_url(o)) for o in others]
        data = templates.render_modern(a, most_read)
        path = f"dailyherald/{templates.section_slug(a['region'])}/{a['slug']}.html"
        if a.get("gzip"):
            put(path + ".gz", gzip.compress(data, compresslevel=9, mtime=0))
        else:
            put(path, data)

    for a in PLAIN:
        put(f"plain/{a['slug']}{a['ext']}", templates.render_plain(a))
    for a in TEXT:
        put(f"text/{a['region']}/{a['slug']}.txt", templates.render_text(a))
    return dict(sorted(files.items()))


def on_disk() -> dict[str, bytes]:
    if not CORPUS.exists():
        return {}
    return {p.relative_to(CORPUS).as_posix(): p.read_bytes() for p in sorted(CORPUS.rglob("*")) if p.is_file()}


def write(files: dict[str, bytes]) -> None:
    CORPUS.mkdir(exist_ok=True)
    for child in sorted(CORPUS.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for rel, data in files.items():
        path = CORPUS / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", action="store_true", help="compare corpus/ with what would be written")
    args = parser.parse_args(argv)
    try:
        files = build()
    except CorpusError as exc:
        print(f"build_corpus: {exc}", file=sys.stderr)
        return 2
    if args.check:
        current = on_disk()
        differ = sorted(p for p in set(files) | set(current) if files.get(p) != current.get(p))
        for path in differ:
            print(f"differs: {path}")
        return 1 if differ else 0
    write(files)
    kinds = Counter(rel.split("/")[0] for rel in files)
    print(f"wrote {len(files)} files to {CORPUS}: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
