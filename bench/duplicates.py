"""How well does newsearch group versions of one story? One command, one table.

    python bench/duplicates.py [--data DIR]

1. bbc-fulltext: the 2,225 articles hold 98 files that repeat another file byte for byte.
   Truth = groups of identical files; the detector's groups = story ids after indexing.
   Pairwise precision: of the pairs the detector put together, the share that are true
   duplicates. Pairwise recall: of the true duplicate pairs, the share put together.
   The other grouped pairs are classified: the same body under a new headline, an edited
   body (difflib word ratio >= 0.8: an updated version), or different stories.
2. Near-duplicates across formats: every msv-big9 page against its own hand-made gold text
   (same story, different extraction): the share of pages grouped with their gold file.
3. False merges on a shared topic: msv-big9 pages that are different stories of one topic
   (file names share their stem: ten 'apple (N)' stories, ten 'amd (N)' ...): how many pairs
   of different stories were merged. bbc-fulltext pairs of different text in one category
   are counted too.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import itertools
import re
import sys
import tempfile
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bench.shared_data import shared_data_dir
from indexer.errors import PageSkipped
from indexer.extract import extract_file
from indexer.reindex import index_articles
from search import EngineConfig, open_engine
from search.model import Article, document_id

DEFAULT_DATA = shared_data_dir()


def _extract(job: tuple[Path, Path]) -> Article | None:
    try:
        return extract_file(*job)
    except PageSkipped:
        return None


def extract_all(paths: list[Path], root: Path) -> list[Article]:
    with ProcessPoolExecutor() as pool:
        return [a for a in pool.map(_extract, [(p, root) for p in paths], chunksize=16) if a is not None]


def story_of(articles: list[Article]) -> dict[str, str]:
    """source → story id, as the indexer assigns them and the index stores them."""
    with tempfile.TemporaryDirectory() as folder:
        index = open_engine(EngineConfig(kind="whoosh", index_dir=Path(folder)))
        index_articles(index, articles)
        result = {}
        for article in articles:
            stored = index.article(document_id(article.source))
            if stored is not None:
                result[article.source] = stored.story
        index.close()
    return result


def pairs(groups: dict[str, list[str]]) -> set[frozenset[str]]:
    return {frozenset(p) for members in groups.values() for p in itertools.combinations(sorted(members), 2)}


def group_by(mapping: dict[str, str]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for key, value in mapping.items():
        groups[value].append(key)
    return groups


def bbc_fulltext(data: Path) -> dict[str, float]:
    root = data / "bbc-fulltext"
    paths = sorted(p for p in root.rglob("*.txt") if p.parent.name != "bbc" or p.suffix == ".txt")
    paths = [p for p in paths if p.name.lower() != "readme.txt"]
    digest = {p.relative_to(data).as_posix(): hashlib.sha1(p.read_bytes()).hexdigest() for p in paths}
    articles = extract_all(paths, data)
    body = {a.source: a.body for a in articles}
    stories = story_of(articles)
    truth = pairs(group_by(digest))
    found = pairs(group_by({s: stories[s] for s in digest if s in stories}))
    extra = found - truth
    same_body = [pair for pair in extra if len({body[s] for s in pair}) == 1]
    edited = [pair for pair in extra if pair not in same_body and _text_ratio(*(body[s] for s in pair)) >= EDITED_RATIO]
    different = len(extra) - len(same_body) - len(edited)
    return {
        "documents": len(paths),
        "true duplicate pairs (identical files)": len(truth),
        "pairs grouped": len(found),
        "precision vs identical files": len(found & truth) / len(found) if found else 1.0,
        "recall vs identical files": len(found & truth) / len(truth) if truth else 1.0,
        "other pairs: same body, new headline": len(same_body),
        f"other pairs: edited body (ratio >= {EDITED_RATIO})": len(edited),
        "other pairs: different stories": different,
        "precision vs versions of one story": (len(found) - different) / len(found) if found else 1.0,
    }


EDITED_RATIO = 0.8


def _text_ratio(a: str, b: str) -> float:
    """difflib's similarity of two bodies, word by word (1.0 = identical)."""
    return difflib.SequenceMatcher(None, a.split(), b.split(), autojunk=False).ratio()


def msv_big9(data: Path) -> dict[str, float]:
    root = data / "msv-big9" / "Extraction"
    pages = sorted(p for p in root.glob("*/html/*") if p.suffix in (".htm", ".html"))
    golds = {p: p.parent.parent / "gold" / (p.stem + ".txt") for p in pages}
    everything = pages + [g for g in golds.values() if g.exists()]
    stories = story_of(extract_all(everything, data))
    source = lambda p: p.relative_to(data).as_posix()  # noqa: E731
    with_gold = [p for p in pages if source(p) in stories and source(golds[p]) in stories]
    grouped_with_gold = sum(1 for p in with_gold if stories[source(p)] == stories[source(golds[p])])

    topic = lambda p: (p.parent.parent.name, re.sub(r"\s*\(\d+\)$", "", p.stem))  # noqa: E731
    gold_text = {p: golds[p].read_bytes() if golds[p].exists() else b"" for p in pages}
    same_topic_pairs = [
        (a, b) for a, b in itertools.combinations(pages, 2) if topic(a) == topic(b) and gold_text[a] != gold_text[b]
    ]
    merged = [
        (a, b) for a, b in same_topic_pairs if source(a) in stories and stories.get(source(a)) == stories.get(source(b))
    ]
    return {
        "pages": len(pages),
        "page grouped with its gold text": grouped_with_gold / len(with_gold) if with_gold else 0.0,
        "same-topic pairs of different stories": len(same_topic_pairs),
        "false merges": len(merged),
        "false merges listed": "; ".join(f"{source(a)} ~ {source(b)}" for a, b in merged[:5]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args()
    if not args.data.is_dir():
        sys.exit(f"no data at {args.data} (set NEWSEARCH_SHARED_DATA)")
    started = time.perf_counter()
    rows = [
        ("bbc-fulltext exact duplicates", bbc_fulltext(args.data)),
        ("msv-big9 versions and same-topic stories", msv_big9(args.data)),
    ]
    for title, metrics in rows:
        print(f"\n{title}")
        print("-" * len(title))
        for name, value in metrics.items():
            shown = f"{value:.3f}" if isinstance(value, float) else str(value)
            print(f"  {name:<40} {shown}")
    print(f"\n({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
