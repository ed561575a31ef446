"""End-to-end performance of newsearch at archive scale: one command, one table (issue 10).

    python bench/perf.py [--sizes 10000,50000,100000] [--workdir /tmp/newsearch-perf] [--quick]
                         [--queries 300] [--throughput-seconds 30] [--no-throughput] [--no-peers]

For each size: a corpus from bench/make_corpus.py (made once in the work dir, outside the
repository, and reused while its size and seed match), then, as a user runs newsearch:

1. ``newsearch reindex CORPUS --index X --full``: pages/s, CPU cores busy, peak RSS of the
   process tree, index size; again with nothing changed; later (while the server runs) after
   rewriting 1% of the pages with a small edit.
2. ``newsearch serve`` on loopback: the first ``/api/search`` after the start (cold), then the
   query mix (bench/perf_queries.py; snippets and facets are always on) one request at a
   time: p50/p95/p99 overall and per kind; the HTML results page; ``/api/suggest``; the
   HTTP floor (an empty suggest, which touches no index); the first query after the reindex.
3. 8 concurrent clients for 30 s with wrk over the mix: requests/s, errors, percentiles.
4. The same extracted articles (``indexer.extract.extract_file``, cached per corpus and
   extractor version) and queries in SQLite FTS5 and tantivy with snippets, in process
   (bench/perf_peers.py), and the ratios newsearch/peer (newsearch's times include HTTP).
5. Serving RSS after the queries and after the 8 clients.

The table goes to stdout, with the issue's targets and ✓/✗; everything measured (with the
load average, as the machine may be shared) to ``--json`` (default bench/results/perf.json).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.corpus_text import TextModel
from bench.make_corpus import default_workers, is_complete, make_corpus, touch_pages
from bench.perf_http import Client, Sample, run_wrk, wrk_available
from bench.perf_peers import PEERS
from bench.perf_process import Server, load_average, newsearch_command, run_measured
from bench.perf_queries import KINDS, BenchQuery, QueryMaker
from bench.perf_table import format_table
from bench.relevance import code_version, extract_paths
from bench.runs import find_shared_data, run_record, workdir_outside_repository, write_results
from bench.shared_data import DATA_ENV_VAR
from bench.timing import percentile

DEFAULT_SIZES = "10000,50000,100000"
QUICK_SIZES = "300"
DEFAULT_WORKDIR = Path("/tmp/newsearch-perf")
DEFAULT_JSON = PROJECT_ROOT / "bench" / "results" / "perf.json"
TOUCHED_SHARE = 0.01
EXTRACTOR_DIR = PROJECT_ROOT / "indexer"


def stats(samples: Sequence[Sample]) -> dict[str, Any]:
    """Percentiles (nearest rank) of the samples' milliseconds; how many were not HTTP 200, how many found nothing."""
    ms = [s.ms for s in samples]
    return {
        "n": len(ms),
        "p50_ms": percentile(ms, 50),
        "p95_ms": percentile(ms, 95),
        "p99_ms": percentile(ms, 99),
        "max_ms": max(ms, default=0.0),
        "errors": sum(1 for s in samples if s.status != 200),
        "found_nothing": sum(1 for s in samples if s.total == 0),
    }


def stats_by_kind(queries: Sequence[BenchQuery], samples: Sequence[Sample]) -> dict[str, Any]:
    kinds: dict[str, list[Sample]] = {}
    for query, sample in zip(queries, samples, strict=True):
        kinds.setdefault(query.kind, []).append(sample)
    return {kind: stats(chosen) for kind, chosen in kinds.items()}


def directory_bytes(path: Path) -> int:
    """Bytes of the files under ``path`` (a symlinked index is followed to its current directory)."""
    return sum(f.stat().st_size for f in path.resolve().rglob("*") if f.is_file())


class Phases:
    """Wall time of each phase, printed as it ends (stderr) and kept for the JSON."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.seconds: dict[str, float] = {}

    def run(self, name: str, action: Callable[[], Any]) -> Any:
        print(f"[{self.size:,} pages] {name} ...", file=sys.stderr, flush=True)
        started = time.perf_counter()
        result = action()
        self.seconds[name] = round(time.perf_counter() - started, 2)
        print(f"[{self.size:,} pages] {name}: {self.seconds[name]:.1f} s", file=sys.stderr, flush=True)
        return result


class SizeRun:
    """Every measurement at one corpus size."""

    def __init__(self, size: int, args: argparse.Namespace, model: TextModel) -> None:
        self.size = size
        self.args = args
        self.model = model
        self.corpus = args.workdir / f"corpus-{size}-seed{args.seed}"
        self.index_home = args.workdir / f"index-{size}"
        self.index = self.index_home / "index"
        self.phases = Phases(size)
        self.results: dict[str, Any] = {"pages": size, "corpus": str(self.corpus), "index": str(self.index)}

    def run(self) -> dict[str, Any]:
        args, phases = self.args, self.phases
        phases.run("corpus", self.ensure_corpus)
        maker = QueryMaker(self.model, args.seed, self.size, args.query_seed)
        cold_query, reindex_query = maker.make("2 words"), maker.make("2 words")
        warmup, mix = maker.mix(args.warmup), maker.mix(args.queries)
        prefixes = maker.suggest_prefixes(args.suggest)
        self.results["queries"] = [{"kind": q.kind, "path": q.path()} for q in mix]

        if self.index_home.exists():
            shutil.rmtree(self.index_home)
        self.index_home.mkdir(parents=True)
        self.results["reindex_full"] = phases.run("reindex --full", lambda: self.reindex(full=True))
        self.results["reindex_unchanged"] = phases.run("reindex, nothing changed", lambda: self.reindex())
        with Server(self.index, self.index_home / "serve.log") as server:
            client = Client(server.port)
            self.results["cold"] = {"after_start_ms": client.timed(cold_query.path()).ms}
            client.time_all([q.path() for q in warmup])
            api = phases.run("/api/search mix", lambda: client.time_all([q.path() for q in mix]))
            self.results["api"] = {**stats(api), "kinds": stats_by_kind(mix, api)}
            html = phases.run("HTML results page", lambda: client.time_all([q.path("/") for q in mix[: args.html]]))
            self.results["html"] = stats(html)
            suggest = phases.run(
                "/api/suggest", lambda: client.time_all([f"/api/suggest?{urlencode({'q': p})}" for p in prefixes])
            )
            self.results["suggest"] = stats(suggest)
            self.results["http_floor"] = stats(client.time_all(["/api/suggest?q="] * args.suggest))
            self.results["serving_rss"] = {"after_queries": server.rss(), "after_queries_pss": server.pss()}
            if args.throughput_seconds:
                self.results["throughput"] = phases.run(
                    "8 clients (wrk)",
                    lambda: run_wrk(
                        server.base_url,
                        [q.path() for q in mix],
                        self.index_home,
                        connections=args.clients,
                        duration_s=args.throughput_seconds,
                    ),
                )
                self.results["serving_rss"]["after_throughput"] = server.rss()
                self.results["serving_rss"]["after_throughput_pss"] = server.pss()
            self.results["reindex_changed"] = phases.run("reindex, 1% changed", self.reindex_changed)
            self.results["cold"]["after_reindex_ms"] = client.timed(reindex_query.path()).ms
            client.close()
        phases.run(
            "restore the changed pages",
            lambda: touch_pages(self.corpus, TOUCHED_SHARE, seed=args.query_seed, revision=0, model=self.model),
        )
        if args.peers:
            articles = phases.run("extract for the peers", self.extracted_articles)
            self.results["peers"] = {}
            for name in args.peers:
                self.results["peers"][name] = phases.run(name, partial(self.peer, name, articles, warmup, mix))
        self.results["phases_s"] = phases.seconds
        return self.results

    def ensure_corpus(self) -> dict[str, Any]:
        if not is_complete(self.corpus, self.size, self.args.seed):
            make_corpus(self.size, self.corpus, seed=self.args.seed, model=self.model)
        return {}

    def reindex(self, *, full: bool = False) -> dict[str, Any]:
        report = self.index_home / ("report-full.json" if full else "report.json")
        command = [
            *newsearch_command(),
            "reindex",
            str(self.corpus),
            "--index",
            str(self.index),
            "--report",
            str(report),
        ] + (["--full"] if full else [])
        measured = run_measured(command)
        summary = json.loads(report.read_text(encoding="utf-8"))
        return {
            "wall_s": measured.wall_s,
            "cpu_s": measured.cpu_s,
            "cores_used": measured.cores_used,
            "peak_rss": measured.peak_rss,
            "pages_per_s": summary["seen"] / measured.wall_s,
            "index_bytes": directory_bytes(self.index),
            **{
                key: summary.get(key)
                for key in ("seen", "indexed", "unchanged", "removed", "skipped", "skipped_by_reason", "elapsed_s")
            },
        }

    def reindex_changed(self) -> dict[str, Any]:
        touched = touch_pages(self.corpus, TOUCHED_SHARE, seed=self.args.query_seed, revision=1, model=self.model)
        return {**self.reindex(), "touched": len(touched)}

    def extracted_articles(self) -> list:
        """The corpus's articles as newsearch extracts them, cached beside the corpus per extractor version."""
        from indexer.extract import is_supported
        from search.model import Article

        cache = self.args.workdir / f"articles-{self.corpus.name}-{extractor_version()}.jsonl"
        if cache.is_file():
            rows = [json.loads(line) for line in cache.read_text(encoding="utf-8").splitlines()]
            return [
                Article(**{**row, "date": datetime.fromisoformat(row["date"]) if row["date"] else None}) for row in rows
            ]
        paths = sorted(
            p for p in self.corpus.rglob("*") if p.is_file() and not p.name.startswith(".") and is_supported(p)
        )
        articles, skipped = extract_paths(paths, self.corpus, workers=default_workers())
        self.results["peer_documents"] = {"articles": len(articles), "skipped": len(skipped)}
        cache.write_text(
            "".join(json.dumps(a.to_json(), ensure_ascii=False) + "\n" for a in articles), encoding="utf-8"
        )
        return articles

    def peer(
        self, name: str, articles: list, warmup: Sequence[BenchQuery], mix: Sequence[BenchQuery]
    ) -> dict[str, Any]:
        engine = PEERS[name]()
        folder = self.index_home / name
        folder.mkdir()
        started = time.perf_counter()
        engine.build(articles, folder)
        build_s = time.perf_counter() - started
        for query in warmup:
            engine.run(query)
        samples = []
        for query in mix:
            began = time.perf_counter()
            found = engine.run(query)
            samples.append(Sample(query.path(), 200, (time.perf_counter() - began) * 1000, found.total))
        engine.close()
        return {
            **stats(samples),
            "kinds": stats_by_kind(mix, samples),
            "build_s": build_s,
            "index_bytes": directory_bytes(folder),
            "config": engine.config,
        }


def extractor_version() -> str:
    """A short hash of the extraction code, so cached extractions follow its changes."""
    digest = hashlib.sha1()
    for path in sorted(EXTRACTOR_DIR.rglob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = [int(part.replace("_", "")) for part in text.split(",") if part.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"--sizes must be numbers separated by commas, got {text!r}") from None
    if not sizes or min(sizes) < 10:
        raise argparse.ArgumentTypeError("--sizes: at least one size, each of 10 pages or more")
    return sizes


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help=f"corpus sizes in pages (default {DEFAULT_SIZES}; {QUICK_SIZES} with --quick)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="a small run to check the tooling: 300 pages, 60 queries, 3 s of throughput",
    )
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="corpora, indexes and logs (default %(default)s; keep it outside the repository)",
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="all results (default %(default)s)")
    parser.add_argument("--data", type=Path, default=None, help=f"the shared data (default ${DATA_ENV_VAR})")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default %(default)s)")
    parser.add_argument("--query-seed", type=int, default=7, help="query mix seed (default %(default)s)")
    parser.add_argument("--queries", type=int, default=None, help="timed /api/search requests (default 300)")
    parser.add_argument("--throughput-seconds", type=int, default=None, help="wrk duration (default 30)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent wrk connections (default %(default)s)")
    parser.add_argument("--no-throughput", action="store_true", help="leave out the wrk run")
    parser.add_argument("--no-peers", action="store_true", help="leave out tantivy and SQLite FTS5")
    args = parser.parse_args(argv)
    quick = args.quick
    args.sizes = args.sizes or parse_sizes(QUICK_SIZES if quick else DEFAULT_SIZES)
    args.queries = args.queries or (60 if quick else 300)
    args.warmup = 10 if quick else 20
    args.html = min(args.queries, 20 if quick else 100)
    args.suggest = 20 if quick else 100
    if args.no_throughput:
        args.throughput_seconds = 0
    elif args.throughput_seconds is None:
        args.throughput_seconds = 3 if quick else 30
    args.peers = [] if args.no_peers else list(PEERS)
    args.workdir = workdir_outside_repository(parser, args.workdir)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir = find_shared_data(args.data, "perf")
    if data_dir is None:
        return 2
    if args.throughput_seconds and not wrk_available():
        print(
            "perf: wrk is not installed: apt-get install wrk (or leave the throughput out: --no-throughput)",
            file=sys.stderr,
        )
        return 2
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    load_before = load_average()
    model = TextModel.load(data_dir)
    sizes: dict[str, Any] = {}
    for size in args.sizes:
        sizes[str(size)] = SizeRun(size, args, model).run()
    table = format_table(sizes, args.peers, list(KINDS))
    header = (
        f"newsearch perf, code {code_version()}, {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"load average {load_before[0]:.2f} at start, {load_average()[0]:.2f} at end; "
        f"{args.queries} queries per size, {args.clients} clients for {args.throughput_seconds} s"
    )
    print(header)
    print(table, end="")
    write_results(args.json, {**run_record(started, load_before, args), "sizes": sizes, "table": header + "\n" + table})
    return 0


if __name__ == "__main__":
    sys.exit(main())
