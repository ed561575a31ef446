"""Indexing and query speed at archive scale: newsearch against naive Whoosh, one table.

    python bench/search_speed.py [--docs 20000] [--queries 200] [--data DIR]

Synthetic archive: paragraphs of the bbc-fulltext articles recombined into N documents
(real vocabulary and term distribution), each with a random date (2000-2013) and one of
twelve regions. Queries: one to three words drawn from the articles' headlines; every
third has a date range of a year, every third a month range, every fifth a region.

naive Whoosh = the same documents in a plain schema (StemmingAnalyzer, stored body), each
query run with `filter=` a fresh DateRange/Term query, top 10 with highlights: how an
application uses Whoosh 2.7.4 out of the box. newsearch = `Engine.search` of the whoosh engine,
which also builds facets, story versions and snippets. Both run on one thread after a warm-up.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bench.shared_data import shared_data_dir
from bench.timing import percentile
from indexer.reindex import index_articles
from search import Engine, EngineConfig, open_engine
from search.model import Article, SearchRequest

DEFAULT_DATA = shared_data_dir()
REGIONS = [
    "West Midlands",
    "Scotland",
    "Wales",
    "Europe",
    "Asia-Pacific",
    "Americas",
    "Africa",
    "Middle East",
    "Business",
    "Technology",
    "Health",
    "Science & Environment",
]
FIRST_DAY = date(2000, 1, 1)
DAYS = (date(2013, 12, 31) - FIRST_DAY).days


def synthetic_archive(data: Path, count: int, rng: random.Random) -> tuple[list[Article], list[str]]:
    paragraphs: list[str] = []
    headlines: list[str] = []
    for path in sorted((data / "bbc-fulltext").rglob("*.txt")):
        text = path.read_bytes().decode("utf-8", errors="replace")
        headline, _, body = text.partition("\n")
        headlines.append(headline.strip())
        paragraphs += [p.strip() for p in body.split("\n\n") if len(p.strip()) > 80]
    articles = []
    for n in range(count):
        body = "\n\n".join(rng.sample(paragraphs, rng.randint(4, 10)))
        published = datetime.combine(
            FIRST_DAY + timedelta(days=rng.randrange(DAYS)), datetime.min.time(), UTC
        ) + timedelta(minutes=rng.randrange(1440))
        articles.append(
            Article(
                headline=rng.choice(headlines),
                body=body,
                source=f"synthetic/{n:06d}.txt",
                date=published,
                region=rng.choice(REGIONS),
            )
        )
    return articles, headlines


def make_queries(headlines: list[str], count: int, rng: random.Random) -> list[dict[str, str]]:
    words = [w for h in headlines for w in re.findall(r"[A-Za-z]{4,}", h)]
    queries = []
    for n in range(count):
        params = {"q": " ".join(rng.sample(words, rng.randint(1, 3))).lower()}
        year = rng.randint(2000, 2013)
        if n % 3 == 0:
            params.update({"from": f"{year}-01-01", "to": f"{year}-12-31"})
        elif n % 3 == 1:
            month = rng.randint(1, 12)
            params.update({"from": f"{year}-{month:02d}-01", "to": f"{year}-{month:02d}-28"})
        if n % 5 == 0:
            params["region"] = rng.choice(REGIONS)
        queries.append(params)
    return queries


def timed(label: str, run) -> float:
    started = time.perf_counter()
    run()
    elapsed = time.perf_counter() - started
    print(f"  {label}: {elapsed:.1f} s", file=sys.stderr)
    return elapsed


class NaiveWhoosh:
    """Whoosh 2.7.4 as the tutorial uses it."""

    def __init__(self, folder: Path) -> None:
        from whoosh import analysis, fields, index

        schema = fields.Schema(
            source=fields.ID(stored=True, unique=True),
            headline=fields.TEXT(analyzer=analysis.StemmingAnalyzer(), stored=True, field_boost=2.0),
            body=fields.TEXT(analyzer=analysis.StemmingAnalyzer(), stored=True),
            date=fields.DATETIME(stored=True, sortable=True),
            region=fields.ID(stored=True),
        )
        self.ix = index.create_in(str(folder), schema)

    def add(self, articles: list[Article]) -> None:
        writer = self.ix.writer(limitmb=256)
        for a in articles:
            writer.add_document(
                source=a.source,
                headline=a.headline,
                body=a.body,
                date=a.date.replace(tzinfo=None),
                region=a.region.lower(),
            )
        writer.commit()

    def search_all(self, queries: list[dict[str, str]]) -> list[float]:
        from whoosh import qparser
        from whoosh import query as wq

        parser = qparser.MultifieldParser(["headline", "body"], self.ix.schema, group=qparser.AndGroup)
        times = []
        with self.ix.searcher() as searcher:
            for params in queries:
                started = time.perf_counter()
                filters = []
                if "from" in params:
                    filters.append(
                        wq.DateRange(
                            "date",
                            datetime.fromisoformat(params["from"]),
                            datetime.fromisoformat(params["to"]) + timedelta(days=1),
                        )
                    )
                if "region" in params:
                    filters.append(wq.Term("region", params["region"].lower()))
                results = searcher.search(
                    parser.parse(params["q"]), limit=10, filter=wq.And(filters) if filters else None
                )
                for hit in results:
                    hit.highlights("body")
                times.append((time.perf_counter() - started) * 1000)
        return times


def newsearch_all(index: Engine, queries: list[dict[str, str]]) -> list[float]:
    times = []
    for params in queries:
        started = time.perf_counter()
        index.search(SearchRequest.from_params(params))
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles, headlines = synthetic_archive(args.data, args.docs, rng)
    queries = make_queries(headlines, args.queries, rng)
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "naive").mkdir()
        naive = NaiveWhoosh(Path(folder) / "naive")
        naive_index_s = timed("naive whoosh index", lambda: naive.add(articles))
        naive.search_all(queries[:20])
        naive_times = naive.search_all(queries)
        rows.append(("naive whoosh", naive_index_s, naive_times))

        ours_path = Path(folder) / "newsearch"
        index = open_engine(EngineConfig(kind="whoosh", index_dir=ours_path))
        ours_index_s = timed("newsearch index", lambda: index_articles(index, articles))
        newsearch_all(index, queries[:20])
        ours_times = newsearch_all(index, queries)
        rows.append(("newsearch", ours_index_s, ours_times))

    print(f"\n{args.docs} synthetic documents, {len(queries)} queries (one thread)\n")
    print(f"{'engine':<14} {'index docs/s':>12} {'query p50 ms':>13} {'p95 ms':>8} {'max ms':>8}")
    for name, index_s, times in rows:
        print(
            f"{name:<14} {args.docs / index_s:>12.0f} {statistics.median(times):>13.1f} "
            f"{percentile(times, 95):>8.1f} {max(times):>8.1f}"
        )


if __name__ == "__main__":
    main()
