"""bench/perf.py end to end in --quick mode on a tiny corpus, so the tooling cannot rot (no timing asserted).

It runs the real CLI (reindex, serve), the HTTP clients, wrk and both peers.  Without wrk
(``apt-get install wrk``; ``make test`` installs it) it skips, except on CI where it fails.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from bench import perf
from bench.perf_queries import KINDS

PAGES = 200
QUERIES = 30


@pytest.fixture(scope="module")
def run(shared_data: Path, wrk: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """One quick run: (the JSON it wrote, what it printed)."""
    workdir = tmp_path_factory.mktemp("perf")
    capture = workdir / "stdout.txt"
    with open(capture, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
        status = perf.main(
            [
                "--quick",
                "--sizes",
                str(PAGES),
                "--queries",
                str(QUERIES),
                "--throughput-seconds",
                "2",
                "--workdir",
                str(workdir),
                "--json",
                str(workdir / "perf.json"),
                "--data",
                str(shared_data),
            ]
        )
    assert status == 0
    return json.loads((workdir / "perf.json").read_text(encoding="utf-8")), capture.read_text(encoding="utf-8")


def test_reindex_phases_index_every_page(run: tuple[dict, str]) -> None:
    results = run[0]["sizes"][str(PAGES)]
    full, unchanged, changed = results["reindex_full"], results["reindex_unchanged"], results["reindex_changed"]
    assert (full["seen"], full["indexed"], full["skipped"]) == (PAGES, PAGES, 0)
    assert full["peak_rss"] > 0 and full["index_bytes"] > 0 and full["pages_per_s"] > 0
    assert (unchanged["indexed"], unchanged["unchanged"]) == (0, PAGES)
    assert changed["touched"] == 2 and changed["indexed"] == 2 and changed["unchanged"] == PAGES - 2


def test_every_query_of_the_mix_is_answered_and_finds_something(run: tuple[dict, str]) -> None:
    results = run[0]["sizes"][str(PAGES)]
    assert (results["api"]["n"], results["api"]["errors"], results["api"]["found_nothing"]) == (QUERIES, 0, 0)
    assert set(results["api"]["kinds"]) == set(KINDS)
    assert results["html"]["errors"] == 0 and results["suggest"]["errors"] == 0
    assert results["cold"]["after_start_ms"] > 0 and results["cold"]["after_reindex_ms"] > 0
    for peer in ("sqlite-fts5", "tantivy"):
        assert (results["peers"][peer]["n"], results["peers"][peer]["found_nothing"]) == (QUERIES, 0)


def test_throughput_and_serving_memory(run: tuple[dict, str]) -> None:
    results = run[0]["sizes"][str(PAGES)]
    assert results["throughput"]["requests"] > 0 and results["throughput"]["errors"] == 0
    assert results["serving_rss"]["after_queries"] > 0 and results["serving_rss"]["after_throughput"] > 0


def test_the_table_has_every_row_filled(run: tuple[dict, str]) -> None:
    payload, printed = run
    assert printed == payload["table"]
    lines = printed.splitlines()
    assert f"{PAGES} pages" in lines[1]
    assert not [line for line in lines[3:] if line.rstrip().endswith("—")]
    assert any(line.startswith("newsearch / tantivy") for line in lines)


def test_arguments(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        perf.parse_args(["--workdir", str(perf.PROJECT_ROOT / "instance")])
    with pytest.raises(SystemExit):
        perf.parse_args(["--sizes", "10k"])
    args = perf.parse_args(["--quick", "--workdir", str(tmp_path), "--no-peers", "--no-throughput"])
    assert (args.sizes, args.queries, args.peers, args.throughput_seconds) == ([300], 60, [], 0)
    assert perf.parse_args(["--workdir", str(tmp_path)]).sizes == [10_000, 50_000, 100_000]
