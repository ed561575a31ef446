"""The two engines side by side on one synthetic archive (issue 9): indexing speed and query times, one table.

    python bench/engines.py [--pages 100000] [--workdir /tmp/newsearch-engines] [--queries 300]
                            [--engines whoosh,opensearch] [--opensearch-url URL[,URL...]] [--shards 2] [--replicas 1]

One run, the same input for both engines:

1. the archive: ``bench/make_corpus.py PAGES`` in the work dir (made once, reused while its size and seed match);
2. extraction, done once: the pages extracted by newsearch's extractor in a process pool, cached in the work
   dir per corpus and extractor version (the cache bench/perf.py keeps, so the two share it);
3. for each engine, the same articles written as the reindexer writes them (``indexer.reindex.index_articles``:
   stories from ``indexer.stories``, then the engine's writer) into a new index: articles per second, which is
   a reindex's speed without its extraction;
4. the query mix of bench/perf.py (``bench/perf_queries.py``: words, names, phrases, OR, filters, browsing, a
   deep page) through ``Engine.search``, in process on one thread after a warm-up: p50/p95/p99/max, overall
   and per kind, and how many queries find the same number of stories on both engines.

The OpenSearch engine runs on ``--opensearch-url`` (an alias of its own, removed afterwards), or by default on a
local cluster started for the run (cluster/local.py: 2 data nodes of 512 MB heap and a cluster-manager-only
node, on this machine, stopped at the end). Figures go to stdout and, with everything measured, to ``--json``
(default bench/results/engines.json).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.corpus_text import TextModel
from bench.make_corpus import default_workers, is_complete, make_corpus
from bench.perf import extractor_version
from bench.perf_process import load_average
from bench.perf_queries import KINDS, BenchQuery, QueryMaker
from bench.relevance import code_version, extract_paths
from bench.runs import find_shared_data, run_record, workdir_outside_repository, write_results
from bench.timing import percentile
from indexer.reindex import index_articles
from search import Engine, EngineConfig, open_engine
from search.model import Article, SearchRequest

DEFAULT_PAGES = 100_000
DEFAULT_WORKDIR = Path("/tmp/newsearch-engines")
DEFAULT_JSON = PROJECT_ROOT / "bench" / "results" / "engines.json"
ENGINES = ("whoosh", "opensearch")
WARMUP = 20


def extracted_articles(corpus: Path, workdir: Path) -> tuple[list[Article], float]:
    """The corpus's articles as newsearch extracts them, and the seconds extraction took (0 when cached)."""
    from indexer.extract import is_supported

    cache = workdir / f"articles-{corpus.name}-{extractor_version()}.jsonl"
    if cache.is_file():
        rows = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]
        return [
            Article(**{**row, "date": datetime.fromisoformat(row["date"]) if row["date"] else None}) for row in rows
        ], 0.0
    started = time.perf_counter()
    paths = sorted(p for p in corpus.rglob("*") if p.is_file() and not p.name.startswith(".") and is_supported(p))
    articles, _ = extract_paths(paths, corpus, workers=default_workers())
    seconds = time.perf_counter() - started
    cache.write_text("".join(json.dumps(a.to_json(), ensure_ascii=False) + "\n" for a in articles), encoding="utf-8")
    return articles, seconds


@contextmanager
def cluster_urls(args: argparse.Namespace) -> Iterator[tuple[str, ...]]:
    """``--opensearch-url``, or a local cluster for the length of the run."""
    if args.opensearch_url:
        yield tuple(url.strip() for url in args.opensearch_url.split(",") if url.strip())
        return
    from cluster.local import LocalCluster

    root = args.workdir / "cluster"
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    with LocalCluster(data_nodes=2, manager_only_nodes=1, root=root, name="newsearch-bench") as cluster:
        yield tuple(node.url for node in cluster.data_nodes)


def engine_config(kind: str, args: argparse.Namespace, urls: tuple[str, ...]) -> EngineConfig:
    if kind == "whoosh":
        index = args.workdir / f"index-whoosh-{args.pages}"
        shutil.rmtree(index, ignore_errors=True)
        for stale in index.parent.glob(f".{index.name}*"):
            shutil.rmtree(stale, ignore_errors=True)
        return EngineConfig(kind="whoosh", index_dir=index)
    return EngineConfig(
        kind="opensearch",
        opensearch_urls=urls,
        opensearch_index=f"bench-{uuid.uuid4().hex[:8]}",
        opensearch_shards=args.shards,
        opensearch_replicas=args.replicas,
    )


def index_size(engine: Engine, settings: EngineConfig) -> int:
    """Bytes on disk of the index (every copy, for a cluster)."""
    if settings.kind == "whoosh":
        target = Path(os.path.realpath(settings.index_dir))
        return sum(path.stat().st_size for path in target.rglob("*") if path.is_file())
    client = engine.client  # type: ignore[attr-defined]
    client.indices.refresh(index=settings.opensearch_index)
    stats = client.indices.stats(index=settings.opensearch_index, metric="store")
    return int(stats["_all"]["total"]["store"]["size_in_bytes"])


def stats(times: Sequence[float]) -> dict[str, float]:
    return {
        "n": len(times),
        "p50_ms": statistics.median(times),
        "p95_ms": percentile(list(times), 95),
        "p99_ms": percentile(list(times), 99),
        "max_ms": max(times),
    }


def measure(
    kind: str,
    args: argparse.Namespace,
    urls: tuple[str, ...],
    articles: list[Article],
    warmup: Sequence[BenchQuery],
    mix: Sequence[BenchQuery],
) -> dict[str, Any]:
    settings = engine_config(kind, args, urls)
    engine = open_engine(settings)
    try:
        started = time.perf_counter()
        index_articles(engine, articles)
        index_s = time.perf_counter() - started
        print(f"  {kind}: {len(articles)} articles indexed in {index_s:.0f} s", file=sys.stderr)
        size = index_size(engine, settings)
        for query in warmup:
            engine.search(SearchRequest.from_params(query.params()))
        times, totals = [], []
        for query in mix:
            began = time.perf_counter()
            response = engine.search(SearchRequest.from_params(query.params()))
            times.append((time.perf_counter() - began) * 1000)
            totals.append(response.total)
        kinds = {name: stats([t for t, q in zip(times, mix, strict=True) if q.kind == name]) for name in KINDS}
        return {
            "documents": engine.doc_count(),
            "index_s": index_s,
            "docs_per_s": len(articles) / index_s,
            "index_bytes": size,
            **stats(times),
            "kinds": kinds,
            "totals": totals,
            "found_nothing": sum(1 for total in totals if total == 0),
        }
    finally:
        if settings.kind == "opensearch":
            engine.client.indices.delete(
                index=f"{settings.opensearch_index}-*",  # type: ignore[attr-defined]
                expand_wildcards="all",
                ignore_unavailable=True,
            )
        engine.close()


def table(results: dict[str, Any], queries: int) -> str:
    names = list(results)
    rows = [
        ("documents", lambda r: f"{r['documents']:,}"),
        ("index articles/s", lambda r: f"{r['docs_per_s']:,.0f}"),
        ("index time s", lambda r: f"{r['index_s']:,.0f}"),
        ("index size MB", lambda r: f"{r['index_bytes'] / 2**20:,.0f}"),
        ("query p50 ms", lambda r: f"{r['p50_ms']:.1f}"),
        ("query p95 ms", lambda r: f"{r['p95_ms']:.1f}"),
        ("query p99 ms", lambda r: f"{r['p99_ms']:.1f}"),
        ("query max ms", lambda r: f"{r['max_ms']:.1f}"),
        *[
            (
                f"  {kind} p50/p95",
                lambda r, kind=kind: f"{r['kinds'][kind]['p50_ms']:.0f} / {r['kinds'][kind]['p95_ms']:.0f}",
            )
            for kind in KINDS
        ],
        ("found nothing", lambda r: f"{r['found_nothing']} of {queries}"),
    ]
    lines = [f"{'':<26}" + "".join(f"{name:>16}" for name in names)]
    lines += [f"{label:<26}" + "".join(f"{cell(results[name]):>16}" for name in names) for label, cell in rows]
    if len(names) == 2:
        first, second = (results[name]["totals"] for name in names)
        same = sum(1 for a, b in zip(first, second, strict=True) if a == b)
        lines.append(f"{'same total on both':<26}{f'{same} of {queries}':>32}")
    return "\n".join(lines) + "\n"


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=DEFAULT_PAGES, help="pages of the archive (default %(default)s)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="corpus, extraction cache, indexes (default %(default)s; outside the repository)",
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="all results (default %(default)s)")
    parser.add_argument("--data", type=Path, default=None, help="the shared data (the text model of the archive)")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default %(default)s)")
    parser.add_argument("--query-seed", type=int, default=7, help="query mix seed (default %(default)s)")
    parser.add_argument("--queries", type=int, default=300, help="timed searches per engine (default %(default)s)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="engines to measure (default %(default)s)")
    parser.add_argument(
        "--opensearch-url",
        default="",
        help="an existing cluster's URLs, comma-separated (default: a local cluster for the run)",
    )
    parser.add_argument("--shards", type=int, default=2, help="the OpenSearch index's shards (default %(default)s)")
    parser.add_argument("--replicas", type=int, default=1, help="and replicas (default %(default)s)")
    args = parser.parse_args(argv)
    args.engines = [name.strip() for name in args.engines.split(",") if name.strip()]
    if not args.engines or set(args.engines) - set(ENGINES):
        parser.error(f"--engines: some of {', '.join(ENGINES)}")
    if args.pages < 10:
        parser.error("--pages: at least 10")
    args.workdir = workdir_outside_repository(parser, args.workdir)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir = find_shared_data(args.data, "engines")
    if data_dir is None:
        return 2
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    load_before = load_average()
    model = TextModel.load(data_dir)
    corpus = args.workdir / f"corpus-{args.pages}-seed{args.seed}"
    if not is_complete(corpus, args.pages, args.seed):
        print(f"  making {args.pages} pages in {corpus}", file=sys.stderr)
        make_corpus(args.pages, corpus, seed=args.seed, model=model)
    articles, extraction_s = extracted_articles(corpus, args.workdir)
    maker = QueryMaker(model, args.seed, args.pages, args.query_seed)
    warmup, mix = maker.mix(WARMUP), maker.mix(args.queries)
    results: dict[str, Any] = {}
    with cluster_urls(args) if "opensearch" in args.engines else _nothing() as urls:
        for kind in args.engines:
            results[kind] = measure(kind, args, urls, articles, warmup, mix)
    header = (
        f"newsearch engines, code {code_version()}, {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"load average {load_before[0]:.2f} at start, {load_average()[0]:.2f} at end; {args.pages:,} pages "
        f"({len(articles):,} articles), {args.queries} queries on one thread; opensearch: {args.shards} shards, "
        f"{args.replicas} replica(s){', local cluster' if not args.opensearch_url else ''}"
    )
    printed = table(results, args.queries)
    print(header)
    print(printed, end="")
    write_results(
        args.json,
        {
            **run_record(started, load_before, args),
            "extraction_s": extraction_s,
            "queries": [{"kind": q.kind, "path": q.path()} for q in mix],
            "engines": results,
            "table": header + "\n" + printed,
        },
    )
    return 0


@contextmanager
def _nothing() -> Iterator[tuple[str, ...]]:
    yield ()


if __name__ == "__main__":
    sys.exit(main())
