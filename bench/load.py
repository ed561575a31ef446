"""Load test of issue 8: mixed traffic from 20 clients while a full reindex switches the index: no errors, no leak.

    python bench/load.py [--pages 10000] [--seconds 300] [--clients 20] [--rounds 2] [--workdir /tmp/newsearch-load]
    python bench/load.py --quick          # 200 pages, 4 clients, 6 s a round: checks the tooling

As a user runs newsearch, through its command line only (``reindex``, ``serve``) and HTTP:

1. A synthetic corpus (bench/make_corpus.py, made once in the work dir and reused), indexed
   with ``newsearch reindex --full``, served by ``newsearch serve`` (waitress) on a free port.
2. A request list (bench/load_requests.py): a vocabulary of tens of thousands of distinct words
   (the corpus's, misspellings, made-up words) dealt without replacement into every kind of
   request: /api/search with words, phrases, OR, -word, date and region filters, date sorts and
   deep pages, browsing, the HTML results page, the Atom feed, suggestions, articles, and bad
   parameters (whose 400s and 404s are expected answers, not errors).
3. Rounds (``--rounds``, default 2) of that traffic from ``--clients`` connections (wrk,
   bench/load_traffic.py), each while ``newsearch reindex --full`` of the same corpus runs and
   switches the live index (again if the first run ends early; at most ``--max-reindexes``).
   A round lasts ``--seconds``, and then until the reindex in progress has ended (at most
   ``--max-seconds``), so every switch happens under load.  The second round goes on down the
   same list: the same mix with new words, so a cache that grew with the vocabulary would show
   in the server's memory.

One table on stdout: requests, requests/s, errors by kind (5xx, connection errors, timeouts;
the goal is zero), latency p50/p99/max, distinct words sent, the reindexes and switches under
load, and the server's RSS before, at its peak under load, and after each round.  Everything,
with the server's tracebacks if any, goes to ``--json`` (default bench/results/load.json).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import sys
import time
from collections import Counter
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.corpus_text import TextModel
from bench.load_reindex import ReindexLoop, generations_open, reindex_command
from bench.load_requests import (
    LoadRequest,
    RequestMaker,
    Vocabulary,
    distinct_words,
    lines_sent,
    make_vocabulary,
    survey_pages,
    write_request_file,
)
from bench.load_table import format_load_table
from bench.load_traffic import Traffic
from bench.make_corpus import is_complete, make_corpus
from bench.perf import Phases
from bench.perf_http import Client, wrk_available
from bench.perf_process import PeakSampler, Server, load_average, run_measured
from bench.relevance import code_version
from bench.runs import find_shared_data, run_record, workdir_outside_repository, write_results
from bench.shared_data import DATA_ENV_VAR

DEFAULT_WORKDIR = Path("/tmp/newsearch-load")
DEFAULT_JSON = PROJECT_ROOT / "bench" / "results" / "load.json"
WRK_THREADS = 2  # one per core of the machine measured: wrk's threads are event loops
LINES_PER_SECOND = 100  # the request list outlasts this rate (a 2-core machine serves 30-90): no line is sent twice
MIN_LINES = 2_000
ID_QUERIES = 10  # searches of frequent words whose results give the article requests their ids
RSS_INTERVAL_S = 0.5
POLL_S = 0.2
MIN_MAX_SECONDS = 60  # a short round still waits this long for its reindex (a busy machine slows it down)
RSS_TRACE_EVERY_S = 5.0
NEWEST_OPEN_WAIT_S = 60.0


def collect_article_ids(server: Server, words: Sequence[str]) -> list[str]:
    """Ids of indexed articles, from searches of ``words`` (also the server's first requests: it opens the index).

    A server that cannot answer them stops the run here, with the exception its log shows.
    """
    client = Client(server.port)
    ids: list[str] = []
    for word in words:
        path = f"/api/search?{urlencode({'q': word, 'page_size': 100})}"
        status, body = client.get(path)
        if status != 200:
            found = server_tracebacks(server.log.read_text(encoding="utf-8", errors="replace"))
            raise RuntimeError(
                f"the server answered {status} to {path} before the load began"
                + (f": {found[0]['exception']} (see {server.log})" if found else "")
            )
        ids += [result["id"] for result in json.loads(body)["results"]]
    client.close()
    return list(dict.fromkeys(ids))


def rss_trace(samples: Sequence[tuple[float, int]], origin: float) -> list[tuple[float, float]]:
    """(seconds since ``origin``, MB) every ``RSS_TRACE_EVERY_S``: the memory over a round, small enough for JSON."""
    trace, next_at = [], 0.0
    for at, rss in samples:
        if at - origin >= next_at:
            trace.append((round(at - origin, 1), round(rss / 2**20, 1)))
            next_at += RSS_TRACE_EVERY_S
    return trace


def server_tracebacks(log: str) -> list[dict[str, Any]]:
    """The tracebacks in the server's log, one entry per distinct exception line: its count, the first in full.

    What a 500 leaves behind (Flask logs ``Exception on PATH [GET]`` and the traceback), so a
    failing run says where the server broke, not only that it did.
    """
    kinds: dict[str, dict[str, Any]] = {}
    lines = log.splitlines()
    for start, line in enumerate(lines):
        if not line.startswith("Traceback (most recent call last):"):
            continue
        end = start + 1
        while end < len(lines) and (lines[end].startswith((" ", "\t")) or not lines[end].strip()):
            end += 1
        exception = lines[end] if end < len(lines) else "(log ends inside the traceback)"
        context = lines[start - 1] if start else ""
        entry = kinds.setdefault(
            exception, {"exception": exception, "count": 0, "first": context + "\n" + "\n".join(lines[start : end + 1])}
        )
        entry["count"] += 1
    return sorted(kinds.values(), key=lambda entry: -entry["count"])


class LoadRun:
    """The corpus, the index, the server, the request list, and the rounds of traffic under reindexing."""

    def __init__(self, args: argparse.Namespace, model: TextModel) -> None:
        self.args = args
        self.model = model
        self.corpus = args.workdir / f"corpus-{args.pages}-seed{args.seed}"
        self.home = args.workdir / f"load-{args.pages}"
        self.index = self.home / "index"
        self.phases = Phases(args.pages)
        self.probe_path = "/api/search?q=said"  # a search after each round: which index answers it
        self.results: dict[str, Any] = {"pages": args.pages, "corpus": str(self.corpus), "index": str(self.index)}

    def run(self) -> dict[str, Any]:
        args, phases = self.args, self.phases
        phases.run("corpus", self.ensure_corpus)
        facts, corpus_words = phases.run("survey the pages", lambda: survey_pages(self.model, args.seed, args.pages))
        vocabulary = make_vocabulary(corpus_words, args.odd_words, random.Random(args.request_seed))
        self.results["vocabulary"] = {
            "words": len(vocabulary),
            "corpus": len(vocabulary.corpus),
            "misspelt": len(vocabulary.misspelt),
            "made_up": len(vocabulary.made_up),
        }
        if self.home.exists():
            shutil.rmtree(self.home)
        self.home.mkdir(parents=True)
        first = phases.run(
            "first index (reindex --full)",
            lambda: run_measured(reindex_command(self.corpus, self.index, self.home / "report-first.json")),
        )
        self.results["first_index_s"] = round(first.wall_s, 1)
        with Server(self.index, self.home / "serve.log", threads=args.server_threads) as server:
            requests = phases.run("request list", lambda: self.request_list(server, facts, vocabulary))
            self.results["rss_idle"] = server.rss()
            self.results["rounds"] = self.rounds(server, requests)
            self.results["server_alive"] = server.process is not None and server.process.poll() is None
        self.results["server_tracebacks"] = server_tracebacks(
            (self.home / "serve.log").read_text(encoding="utf-8", errors="replace")
        )
        self.results["phases_s"] = phases.seconds
        return self.results

    def rounds(self, server: Server, requests: Sequence[LoadRequest]) -> list[dict[str, Any]]:
        """Every round, each going on down the request list where the one before stopped."""
        args = self.args
        starts = [k * len(requests) // WRK_THREADS for k in range(min(WRK_THREADS, args.clients))]
        rounds: list[dict[str, Any]] = []
        words_so_far: set[str] = set()
        for number in range(1, args.rounds + 1):
            outcome = self.phases.run(
                f"round {number}: {args.clients} clients under reindex --full",
                partial(self.round, number, server, requests, starts),
            )
            words_so_far |= outcome.pop("words")
            outcome["distinct_words_so_far"] = len(words_so_far)
            rounds.append(outcome)
            starts = [(t["first"] + t["sent"]) % len(requests) for t in outcome["traffic"]["threads"]]
        self.results["distinct_words"] = len(words_so_far)
        return rounds

    def _probe_until_newest_open(self, server: Server, runs: list[dict[str, Any]]) -> tuple[int, set[str]]:
        """Search until the server reads the last switched generation (its processes read a new index in the
        background after a search has seen the switch), or NEWEST_OPEN_WAIT_S have passed: the status of the
        last search, and the generations the server has open."""
        deadline = time.monotonic() + NEWEST_OPEN_WAIT_S
        while True:
            status, _ = Client(server.port).get(self.probe_path)
            served = generations_open(server.process.pid, self.home.resolve())
            if not runs or runs[-1]["generation"] in served or time.monotonic() > deadline:
                return status, served
            time.sleep(0.5)

    def ensure_corpus(self) -> None:
        if not is_complete(self.corpus, self.args.pages, self.args.seed):
            make_corpus(self.args.pages, self.corpus, seed=self.args.seed, model=self.model)

    def request_list(self, server: Server, facts: list, vocabulary: Vocabulary) -> list[LoadRequest]:
        args = self.args
        frequent = self.model.frequent_words(40)
        ids = collect_article_ids(server, frequent[:ID_QUERIES])
        self.probe_path = f"/api/search?{urlencode({'q': frequent[0]})}"
        maker = RequestMaker(facts, vocabulary, frequent, ids, args.request_seed)
        requests = maker.requests(max(MIN_LINES, args.rounds * args.max_seconds * LINES_PER_SECOND))
        write_request_file(requests, self.home / "requests.txt")
        self.results["requests_listed"] = {
            "lines": len(requests),
            "article_ids": len(ids),
            "by_kind": dict(Counter(r.kind for r in requests).most_common()),
        }
        return requests

    def round(
        self, number: int, server: Server, requests: Sequence[LoadRequest], starts: Sequence[int]
    ) -> dict[str, Any]:
        """One round: traffic while the reindex loop runs; the server's memory around it.

        The traffic lasts ``--seconds``, and then until the reindex in progress has switched the
        index and ended (no new one starts after ``--seconds``), at most ``--max-seconds``: every
        switch of the round happens under load however long a reindex takes on the machine.
        """
        args = self.args
        assert server.process is not None
        rss_before = server.rss()
        reindex = ReindexLoop(self.corpus, self.index, self.home, max_runs=args.max_reindexes, name=f"round{number}")
        traffic = Traffic(
            server.base_url,
            self.home / "requests.txt",
            starts,
            self.home,
            clients=args.clients,
            max_seconds=args.max_seconds,
            timeout_s=args.timeout,
        )
        with PeakSampler(server.process.pid, interval_s=RSS_INTERVAL_S) as sampler:
            began = time.monotonic()
            reindex.start()
            traffic.start()
            while traffic.running and (time.monotonic() - began < args.seconds or reindex.running):
                if time.monotonic() - began >= args.seconds:
                    reindex.stop()
                time.sleep(POLL_S)
            figures = traffic.stop()
            load_s = time.monotonic() - began
            reindex.stop()
            runs = reindex.join()
        under_load = [s for at, s in sampler.samples if at - began <= load_s]
        probe_status, served = self._probe_until_newest_open(server, runs)
        sent = lines_sent(len(requests), [(t["first"], t["sent"]) for t in figures["threads"]])
        words = distinct_words(requests, sent)
        return {
            "traffic": figures,
            "load_s": round(load_s, 1),
            "sent": len(sent),
            "sent_by_expected_status": {
                str(k): v for k, v in sorted(Counter(requests[i].expect for i in sent).items())
            },
            "sent_by_kind": dict(Counter(requests[i].kind for i in sent).most_common()),
            "words": words,
            "distinct_words": len(words),
            "reindex_runs": runs,
            "reindexes_under_load": sum(1 for r in runs if r["returncode"] == 0 and r["ended_s"] <= load_s),
            "switches_under_load": sum(1 for r in runs if r["switched_s"] is not None and r["switched_s"] <= load_s),
            "reindex_failures": sum(1 for r in runs if r["returncode"] != 0),
            "after_round": {
                "status": probe_status,
                "generations_open": sorted(served),
                "newest_open": bool(runs) and runs[-1]["generation"] in served,
            },
            "rss": {
                "before": rss_before,
                "peak_under_load": max(under_load, default=0),
                "after": server.rss(),
                "trace_mb": rss_trace(sampler.samples, began),
            },
            "load_average_end": load_average(),
        }


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=None, help="corpus size (default 10000; 200 with --quick)")
    parser.add_argument("--seconds", type=int, default=None, help="traffic per round (default 300; 6 with --quick)")
    parser.add_argument("--clients", type=int, default=None, help="concurrent connections (default 20; 4 with --quick)")
    parser.add_argument(
        "--max-seconds",
        type=int,
        default=None,
        help=f"traffic per round at most, while a reindex is still running "
        f"(default 3 x --seconds, at least {MIN_MAX_SECONDS})",
    )
    parser.add_argument(
        "--rounds", type=int, default=2, help="identical rounds, to compare memory (default %(default)s)"
    )
    parser.add_argument(
        "--max-reindexes",
        type=int,
        default=2,
        help="full reindexes at most per round, one after another (default %(default)s)",
    )
    parser.add_argument(
        "--odd-words",
        type=int,
        default=None,
        help="misspelt and made-up words beside the corpus's (default 30000; 2000 with --quick)",
    )
    parser.add_argument(
        "--timeout",
        type=int,
        default=30,
        help="seconds after which a request counts as timed out (default %(default)s)",
    )
    parser.add_argument("--server-threads", type=int, default=None, help="waitress threads (default: serve's own)")
    parser.add_argument("--quick", action="store_true", help="a small run to check the tooling (seconds)")
    parser.add_argument(
        "--workdir",
        type=Path,
        default=DEFAULT_WORKDIR,
        help="corpus, index, logs, request list (default %(default)s; outside the repository)",
    )
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="all results (default %(default)s)")
    parser.add_argument("--data", type=Path, default=None, help=f"the shared data (default ${DATA_ENV_VAR})")
    parser.add_argument("--seed", type=int, default=1, help="corpus seed (default %(default)s)")
    parser.add_argument("--request-seed", type=int, default=1, help="request list seed (default %(default)s)")
    args = parser.parse_args(argv)
    defaults = {"pages": (10_000, 200), "seconds": (300, 6), "clients": (20, 4), "odd_words": (30_000, 2_000)}
    for name, (full, quick) in defaults.items():
        if getattr(args, name) is None:
            setattr(args, name, quick if args.quick else full)
    args.max_seconds = args.max_seconds or max(3 * args.seconds, MIN_MAX_SECONDS)
    for name in ("pages", "seconds", "max_seconds", "clients", "rounds", "max_reindexes", "timeout"):
        if getattr(args, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.odd_words < 0:
        parser.error("--odd-words must be 0 or more")
    if args.max_seconds < args.seconds:
        parser.error("--max-seconds must be at least --seconds")
    args.workdir = workdir_outside_repository(parser, args.workdir)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    data_dir = find_shared_data(args.data, "load")
    if data_dir is None:
        return 2
    if not wrk_available():
        print("load: wrk is not installed: apt-get install wrk (or: make bench-deps)", file=sys.stderr)
        return 2
    args.workdir.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC)
    load_before = load_average()
    try:
        results = LoadRun(args, TextModel.load(data_dir)).run()
    except RuntimeError as error:  # a command or the server failed: say which, without a traceback of ours
        print(f"load: {error}", file=sys.stderr)
        return 1
    vocabulary = results["vocabulary"]
    header = (
        f"newsearch load, code {code_version()}, {started:%Y-%m-%d %H:%M} UTC, {os.cpu_count()} CPUs, "
        f"load average {load_before[0]:.2f} at start, {load_average()[0]:.2f} at end; {args.pages:,} pages, "
        f"{args.clients} clients, {args.rounds} rounds of {args.seconds} s and more under reindex --full; vocabulary "
        f"{vocabulary['words']:,} words ({vocabulary['corpus']:,} of the corpus, {vocabulary['misspelt']:,} "
        f"misspelt, {vocabulary['made_up']:,} made up)"
    )
    table = format_load_table(results, timeout_s=args.timeout)
    print(header)
    print(table, end="")
    for entry in results["server_tracebacks"]:
        print(f"\nserver log: {entry['count']} x {entry['exception']}\n{entry['first']}", file=sys.stderr)
    write_results(
        args.json, {**run_record(started, load_before, args), "results": results, "table": header + "\n" + table}
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
