"""Write a synthetic archive of N news pages for the benchmarks (never committed).

    python bench/make_corpus.py N DIR [--seed S] [--data DIR] [--workers W]

The pages are the sample corpus's templates and chrome (scripts/corpus: BBC 2005 and 2009,
Wayback captures of them, the modern "Daily Herald", bare local-paper pages, plain text), so
a reindex pays for extraction as it would on a real crawl.  The text comes from a model of
``bbc-fulltext`` trained at run time (bench/corpus_text.py).  Dates spread over 2000-2019 (the
template follows the era), about 40 regions, and about 3% of the pages are near-duplicate
versions of an earlier page: BBC low-graphics versions, Wayback re-captures and updates with
a small edit, print versions.

Deterministic: page i depends only on the seed and i, so the pages are made in a process pool,
a thousand per folder, and the same command writes the same bytes.  ``DIR/.make_corpus.json``
(hidden, so never indexed) records the parameters and counts and lists the near-duplicates.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(PROJECT_ROOT))
TEMPLATES_DIR = PROJECT_ROOT / "scripts" / "corpus"
if str(TEMPLATES_DIR) not in sys.path:  # the templates import each other as top-level modules
    sys.path.insert(0, str(TEMPLATES_DIR))

import templates
from tplutil import short_date, slug, uk_offset

from bench.corpus_text import GeneratedText, TextModel
from bench.shared_data import shared_data_dir

MANIFEST = ".make_corpus.json"
GENERATOR_VERSION = 1
PAGES_PER_FOLDER = 1000
NEAR_DUPLICATE_SHARE = 0.03
FIRST_DAY = datetime(2000, 1, 1, tzinfo=UTC)
LAST_DAY = datetime(2019, 12, 31, tzinfo=UTC)

# (name, BBC edition, BBC section path): UK regions and topics in the UK edition, the world in the other.
REGIONS: tuple[tuple[str, int, str], ...] = (
    ("Business", 1, "business"),
    ("Politics", 1, "uk_politics"),
    ("Technology", 1, "technology"),
    ("Entertainment", 1, "entertainment"),
    ("Sport", 1, "sport"),
    ("Health", 1, "health"),
    ("Europe", 2, "europe"),
    ("Americas", 2, "americas"),
    ("Scotland", 1, "scotland"),
    ("London", 1, "england/london"),
    ("Education", 1, "education"),
    ("Wales", 1, "wales"),
    ("Science & Environment", 1, "sci/tech"),
    ("Asia-Pacific", 2, "asia-pacific"),
    ("Middle East", 2, "middle_east"),
    ("Africa", 2, "africa"),
    ("Northern Ireland", 1, "northern_ireland"),
    ("West Midlands", 1, "england/west_midlands"),
    ("South Asia", 2, "south_asia"),
    ("US & Canada", 2, "americas/us_and_canada"),
    ("Magazine", 1, "uk_news/magazine"),
    ("North West", 1, "england/north_west"),
    ("Yorkshire", 1, "england/yorkshire"),
    ("South East", 1, "england/south_east"),
    ("North East", 1, "england/north_east"),
    ("East Midlands", 1, "england/east_midlands"),
    ("South West", 1, "england/south_west"),
    ("East of England", 1, "england/east_of_england"),
    ("Latin America", 2, "americas/latin_america"),
    ("Highlands and Islands", 1, "scotland/highlands_and_islands"),
    ("Tayside and Central", 1, "scotland/tayside_and_central"),
    ("Mid Wales", 1, "wales/mid"),
    ("South West Wales", 1, "wales/south_west"),
    ("North West Wales", 1, "wales/north_west"),
    ("Belfast", 1, "northern_ireland/belfast"),
    ("Foyle and West", 1, "northern_ireland/foyle_and_west"),
    ("Cumbria", 1, "england/cumbria"),
    ("Guernsey", 1, "world/europe/guernsey"),
    ("Jersey", 1, "world/europe/jersey"),
    ("Isle of Man", 1, "world/europe/isle_of_man"),
)
REGION_NAMES = tuple(name for name, _, _ in REGIONS)
REGION_WEIGHTS = tuple(1 / (rank + 1) ** 0.8 for rank in range(len(REGIONS)))  # a few big sections, a long tail
CATEGORY_REGION = {
    "business": "Business",
    "politics": "Politics",
    "tech": "Technology",
    "entertainment": "Entertainment",
    "sport": "Sport",
}
CATEGORY_REGION_SHARE = 0.4

# Which templates a site used when: (first year, {template: weight}).
ERAS: tuple[tuple[int, dict[str, int]], ...] = (
    (2000, {"bbc2005": 65, "plain": 28, "text": 7}),
    (2008, {"bbc2009": 55, "wayback": 10, "modern": 17, "plain": 12, "text": 6}),
    (2013, {"modern": 80, "plain": 14, "text": 6}),
)
FOLDERS = {
    "bbc2005": "bbc",
    "bbc2009": "bbc",
    "wayback": "bbc",
    "modern": "dailyherald",
    "plain": "plain",
    "text": "text",
}
GZIP_SHARE = 0.05
FIRST_NAMES = (
    "Helen",
    "Sanjay",
    "Ruth",
    "Tomasz",
    "Aisha",
    "Gareth",
    "Megan",
    "Owen",
    "Priya",
    "Callum",
    "Fiona",
    "Kwabena",
    "Mairead",
    "Rhys",
    "Leonie",
    "Dev",
    "Catriona",
    "Ifeoma",
    "Bryn",
    "Harriet",
)
LAST_NAMES = (
    "Marsh",
    "Kohli",
    "Okafor",
    "Pryce",
    "Lindqvist",
    "Harding",
    "Mensah",
    "Quayle",
    "Tregear",
    "Ashdown",
    "Varga",
    "McAllister",
    "Bhatt",
    "Llewellyn",
    "Osei",
    "Fairlie",
    "Dunmore",
    "Castellan",
    "Ferris",
    "Nairn",
)
PAPERS = (
    "Tesk Valley Advertiser",
    "Glenmurran Courier",
    "Aberllyn Observer",
    "Kettlebury Evening Post",
    "Portnaleven Gazette",
    "Carrickmoyle Chronicle",
    "Bramwell Mercury",
    "Cape Harrow Ledger",
)


@dataclass(frozen=True)
class Page:
    """One page of the archive: where it goes, which template renders it, and its fields."""

    index: int
    template: str
    path: str
    fields: dict[str, Any] = field(hash=False)
    duplicate_of: int | None = None
    variant: str = ""


def page_rng(seed: int, index: int, purpose: str = "page") -> random.Random:
    """The random source of one page (string seeds hash the same in every process and run)."""
    return random.Random(f"{seed}/{purpose}/{index}")


def plan_page(model: TextModel, seed: int, index: int) -> Page:
    """Page ``index`` of the archive made with ``seed``: the same inputs always give the same page."""
    rng = page_rng(seed, index)
    if index > 0 and rng.random() < NEAR_DUPLICATE_SHARE:
        original = plan_page(model, seed, rng.randrange(index))
        return near_duplicate(original, index, rng)
    text = model.generate(rng)
    published = FIRST_DAY + timedelta(seconds=rng.randrange(int((LAST_DAY - FIRST_DAY).total_seconds())))
    template = pick_template(published.year, rng)
    region = pick_region(text.category, rng)
    return Page(
        index,
        template,
        page_path(template, index, text.headline, region, rng),
        base_fields(model, text, published, region, index, rng),
    )


def pick_template(year: int, rng: random.Random) -> str:
    weights = [weights for first, weights in ERAS if year >= first][-1]
    return rng.choices(list(weights), list(weights.values()))[0]


def pick_region(category: str, rng: random.Random) -> str:
    if category in CATEGORY_REGION and rng.random() < CATEGORY_REGION_SHARE:
        return CATEGORY_REGION[category]
    return rng.choices(REGION_NAMES, REGION_WEIGHTS)[0]


def page_path(template: str, index: int, headline: str, region: str, rng: random.Random) -> str:
    """``<site>/<folder of 1000 pages>/<file>``; a text article's region is its folder, one level down."""
    folder = f"{FOLDERS[template]}/{index // PAGES_PER_FOLDER:04d}"
    name = f"{slug(headline)[:60].strip('-') or 'story'}-{index}"
    if template in ("bbc2005", "bbc2009", "wayback"):
        return f"{folder}/{bbc_story_id(index)}.stm"
    if template == "modern":
        return f"{folder}/{name}.html" + (".gz" if rng.random() < GZIP_SHARE else "")
    if template == "plain":
        return f"{folder}/{name}" + rng.choice((".htm", ".htm", ".shtml"))
    return f"{folder}/{region}/{name}.txt"


def bbc_story_id(index: int) -> int:
    return 1_000_000 + index


def base_fields(
    model: TextModel, text: GeneratedText, published: datetime, region: str, index: int, rng: random.Random
) -> dict[str, Any]:
    """Every field any template reads; each renderer takes what it needs."""
    edition, section = next((e, s) for name, e, s in REGIONS if name == region)
    paragraphs = list(text.paragraphs)
    intertitles = {}
    if len(paragraphs) >= 5:
        words = rng.choice(model.headlines[text.category]).split()
        intertitles[rng.randrange(2, len(paragraphs))] = " ".join(words[:3])
    name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
    related_days = sorted(rng.sample(range(1, 400), 2))
    quote = model.sentence(text.category, rng)
    local = published + uk_offset(published)
    story_slug = slug(text.headline)[:60].strip("-") or "story"
    return {
        "slug": story_slug,
        "headline": text.headline,
        "paragraphs": paragraphs,
        "intertitles": intertitles,
        "region": region,
        "published_utc": published.isoformat(),
        "published": published.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
        "published_local": local.strftime("%Y-%m-%dT%H:%M:%S") + ("+01:00" if local != published else "+00:00"),
        "url": f"http://news.bbc.co.uk/{edition}/hi/{section}/{bbc_story_id(index)}.stm",
        "byline": name,
        "byline_role": f"BBC News, {region}",
        "caption": " ".join(model.sentence(text.category, rng).split()[:10]).rstrip(".,;:"),
        "credit": f"Photograph: {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "quote": (" ".join(quote.split()[:25]), f"Spokesperson {rng.choice(LAST_NAMES)}"),
        "related": [
            (rng.choice(model.headlines[text.category]), short_date(published - timedelta(days=d)))
            for d in related_days
        ],
        "read_more": (rng.choice(model.headlines[text.category]), f"{slug(region)}/{story_slug}-related"),
        "site": rng.choice(PAPERS),
        "wayback": (published + timedelta(days=rng.randrange(1, 900))).strftime("%Y%m%d%H%M%S"),
    }


def near_duplicate(original: Page, index: int, rng: random.Random) -> Page:
    """Another version of ``original``: the same story with a new chrome or a small edit."""
    fields = dict(original.fields)
    if original.template in ("bbc2005", "bbc2009", "wayback") and rng.random() < 0.5:
        variant, template = "low-graphics", original.template
        fields["low_url"] = low_graphics_url(fields["url"])
    elif original.template in ("bbc2005", "bbc2009", "wayback"):
        variant, template = "re-capture", "wayback"
        fields["paragraphs"] = small_edit(fields["paragraphs"], rng)
        published = datetime.fromisoformat(fields["published_utc"])
        fields["updated"] = (published + timedelta(hours=rng.randint(2, 30))).strftime("%Y-%m-%dT%H:%M:%S+00:00")
        fields["wayback"] = (published + timedelta(days=rng.randrange(31, 2000))).strftime("%Y%m%d%H%M%S")
    elif original.template == "modern":
        variant, template = "update", "modern"
        fields["paragraphs"] = small_edit(fields["paragraphs"], rng)
        published = datetime.fromisoformat(fields["published_utc"])
        fields["modified"] = (published + timedelta(hours=rng.randint(1, 48))).strftime("%Y-%m-%dT%H:%M:%S+00:00")
    else:
        variant, template = "print", original.template
        fields["paragraphs"] = small_edit(fields["paragraphs"], rng)
    path = page_path(template, index, fields["headline"], fields["region"], rng)
    if variant == "low-graphics":
        path = path.replace(".stm", "-low.stm")
    return Page(index, template, path, fields, original.duplicate_of or original.index, variant)


def low_graphics_url(url: str) -> str:
    """http://news.bbc.co.uk/1/hi/england/x/123.stm -> http://news.bbc.co.uk/2/low/uk_news/england/x/123.stm"""
    head, _, rest = url.partition("/hi/")
    edition = head.rsplit("/", 1)[1]
    return f"{head.rsplit('/', 1)[0]}/2/low/{'uk_news/' if edition == '1' else ''}{rest}"


def small_edit(paragraphs: Sequence[str], rng: random.Random) -> list[str]:
    """One word of one paragraph dropped, as an editor's fix between two versions of a story."""
    edited = list(paragraphs)
    at = rng.randrange(len(edited))
    words = edited[at].split()
    if len(words) > 3:
        del words[rng.randrange(1, len(words))]
        edited[at] = " ".join(words)
    return edited


def revised(page: Page, revision: int) -> Page:
    """The page after a later correction: a sentence added to its last paragraph (size and text change)."""
    if revision <= 0:
        return page
    paragraphs = list(page.fields["paragraphs"])
    paragraphs[-1] += f" This article was corrected in revision {revision}."
    return replace(page, fields=dict(page.fields, paragraphs=paragraphs))


def render(page: Page) -> bytes:
    """The bytes of the page file, as stored (gzipped for ``.gz`` paths)."""
    f = page.fields
    if page.template in ("bbc2005", "bbc2009", "wayback"):
        article = {
            key: f[key]
            for key in (
                "slug",
                "headline",
                "paragraphs",
                "intertitles",
                "region",
                "url",
                "byline",
                "byline_role",
                "caption",
                "quote",
                "related",
                "published",
            )
        }
        if f.get("updated"):
            article["updated"] = f["updated"]
        if page.template == "bbc2005":
            article["style2005"] = True
        if page.template == "wayback":
            article["wayback"] = f["wayback"]
        if page.variant == "low-graphics":
            data = templates.render_bbc_low(article, f["low_url"])
        else:
            data = templates.render_bbc(article)
    elif page.template == "modern":
        article = dict(
            f,
            published=f["published_local"],
            modified=f.get("modified") or f["published_local"],
            byline_role=f"{f['region']} correspondent",
        )
        most_read = [
            (headline, templates.article_url({"region": f["region"], "slug": slug(headline)}))
            for headline, _ in f["related"]
        ]
        data = templates.render_modern(article, most_read)
    elif page.template == "plain":
        data = templates.render_plain(
            dict(f, published=f["published"][:10], ext=Path(page.path).suffix, byline=f["byline"])
        )
    else:
        data = templates.render_text({"slug": f["slug"], "headline": f["headline"], "paragraphs": f["paragraphs"]})
    return gzip.compress(data, compresslevel=6, mtime=0) if page.path.endswith(".gz") else data


# --------------------------------------------------------------------------- writing, in a pool

_worker_model: TextModel | None = None


def _init_worker(model: TextModel) -> None:
    global _worker_model
    _worker_model = model


def _write_folder(job: tuple[int, Sequence[int], str, int]) -> list[dict[str, Any]]:
    """Worker: write the pages ``indices`` (one folder's worth) under ``out``; their summary rows."""
    seed, indices, out, revision = job
    assert _worker_model is not None
    return [write_page(_worker_model, seed, index, Path(out), revision) for index in indices]


def write_page(model: TextModel, seed: int, index: int, out: Path, revision: int = 0) -> dict[str, Any]:
    page = revised(plan_page(model, seed, index), revision)
    target = out / page.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(render(page))
    return {
        "index": index,
        "path": page.path,
        "template": page.template,
        "region": page.fields["region"],
        "year": page.fields["published_utc"][:4],
        "duplicate_of": page.duplicate_of,
        "variant": page.variant,
    }


def run_pool(
    model: TextModel, seed: int, indices: Sequence[int], out: Path, workers: int, revision: int = 0
) -> list[dict[str, Any]]:
    """Write the pages in folder-sized jobs on ``workers`` processes (0: in this process)."""
    jobs = [(seed, chunk, str(out), revision) for chunk in chunked(indices, PAGES_PER_FOLDER // 4)]
    if workers == 0:
        _init_worker(model)
        return [row for job in jobs for row in _write_folder(job)]
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(model,)) as pool:
        return [row for rows in pool.map(_write_folder, jobs) for row in rows]


def chunked(values: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def make_corpus(
    count: int,
    out: Path,
    *,
    seed: int = 1,
    data_dir: Path | None = None,
    workers: int | None = None,
    model: TextModel | None = None,
) -> dict[str, Any]:
    """Write ``count`` pages under ``out`` (empty, or an earlier make_corpus output, which is replaced).

    Returns the manifest, also written to ``out/.make_corpus.json``.
    """
    if count < 1:
        raise ValueError("the corpus needs at least one page")
    prepare_output(out)
    started = time.perf_counter()
    model = model or TextModel.load(data_dir or shared_data_dir())
    rows = run_pool(model, seed, range(count), out, default_workers() if workers is None else workers)
    manifest = summarize(rows, count=count, seed=seed, elapsed_s=time.perf_counter() - started)
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return manifest


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def prepare_output(out: Path) -> None:
    if out.exists() and any(out.iterdir()):
        if not (out / MANIFEST).is_file():
            raise FileExistsError(f"{out} is not empty and was not written by make_corpus: choose another folder")
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)


def summarize(rows: list[dict[str, Any]], *, count: int, seed: int, elapsed_s: float) -> dict[str, Any]:
    by_index = {row["index"]: row for row in rows}
    duplicates = [
        {"path": row["path"], "of": by_index[row["duplicate_of"]]["path"], "variant": row["variant"]}
        for row in rows
        if row["duplicate_of"] is not None
    ]
    return {
        "generator": "bench/make_corpus.py",
        "version": GENERATOR_VERSION,
        "pages": count,
        "seed": seed,
        "elapsed_s": round(elapsed_s, 2),
        "templates": dict(sorted(Counter(row["template"] for row in rows).items())),
        "regions": dict(Counter(row["region"] for row in rows).most_common()),
        "years": dict(sorted(Counter(row["year"] for row in rows).items())),
        "near_duplicates": duplicates,
    }


def read_manifest(out: Path) -> dict[str, Any] | None:
    """The manifest of a corpus written by make_corpus, or None."""
    try:
        return json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def is_complete(out: Path, count: int, seed: int) -> bool:
    """Whether ``out`` holds exactly the corpus ``make_corpus(count, out, seed=seed)`` writes."""
    manifest = read_manifest(out)
    if manifest is None:
        return False
    return (manifest.get("pages"), manifest.get("seed"), manifest.get("version")) == (count, seed, GENERATOR_VERSION)


def touch_pages(
    out: Path, share: float, *, seed: int, revision: int, model: TextModel, workers: int | None = None
) -> list[str]:
    """Rewrite a ``share`` of the corpus's pages as revision ``revision`` (0 restores them); their paths.

    The same pages are chosen for a seed, so an incremental reindex can be measured, then undone.
    """
    manifest = read_manifest(out)
    if not manifest:
        raise FileNotFoundError(f"no make_corpus corpus at {out}")
    count = manifest["pages"]
    chosen = sorted(
        random.Random(f"{manifest['seed']}/touch/{seed}").sample(range(count), max(1, round(count * share)))
    )
    rows = run_pool(
        model, manifest["seed"], chosen, out, default_workers() if workers is None else workers, revision=revision
    )
    return [row["path"] for row in rows]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, metavar="N", help="how many pages")
    parser.add_argument("out", type=Path, metavar="DIR", help="where (empty, or an earlier make_corpus output)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed writes the same pages (default %(default)s)")
    parser.add_argument("--data", type=Path, default=None, help="the shared data dir (holds bbc-fulltext)")
    parser.add_argument("--workers", type=int, default=None, help="processes (default: one per core)")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("N must be at least 1")
    try:
        manifest = make_corpus(args.count, args.out, seed=args.seed, data_dir=args.data, workers=args.workers)
    except (FileExistsError, FileNotFoundError) as error:
        parser.error(str(error))
    print(
        f"wrote {manifest['pages']} pages to {args.out} in {manifest['elapsed_s']:.1f} s: "
        + ", ".join(f"{k} {v}" for k, v in manifest["templates"].items())
        + f"; {len(manifest['regions'])} regions, years {min(manifest['years'])}-{max(manifest['years'])}, "
        f"{len(manifest['near_duplicates'])} near-duplicates"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
