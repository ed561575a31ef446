"""bench/load.py end to end in --quick mode (200 pages, 4 clients, two rounds of 6 s), so the tooling cannot rot.

It runs what the full load test runs: the real CLI (reindex, serve), wrk with the request list,
full reindexes switching the index under load, the memory sampling and the table.  Figures are
checked for being there and adding up, and for no error; no timing is asserted.  Without wrk
(``apt-get install wrk``; ``make test`` installs it) it skips, except on CI where it fails.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest

from bench import load
from bench.load_requests import KINDS

PAGES = 200
ROUNDS = 2
CLIENTS = 4


@pytest.fixture(scope="module")
def run(shared_data: Path, wrk: None, tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    """One quick run: (the JSON it wrote, what it printed)."""
    workdir = tmp_path_factory.mktemp("load")
    capture = workdir / "stdout.txt"
    with open(capture, "w", encoding="utf-8") as out, contextlib.redirect_stdout(out):
        status = load.main(
            [
                "--quick",
                "--pages",
                str(PAGES),
                "--clients",
                str(CLIENTS),
                "--rounds",
                str(ROUNDS),
                "--workdir",
                str(workdir),
                "--json",
                str(workdir / "load.json"),
                "--data",
                str(shared_data),
            ]
        )
    assert status == 0
    return json.loads((workdir / "load.json").read_text(encoding="utf-8")), capture.read_text(encoding="utf-8")


def test_every_round_is_answered_without_an_error(run: tuple[dict, str]) -> None:
    results = run[0]["results"]
    assert len(results["rounds"]) == ROUNDS and results["server_alive"]
    for outcome in results["rounds"]:
        traffic = outcome["traffic"]
        assert traffic["requests"] > 0 and sum(traffic["statuses"].values()) == traffic["requests"]
        assert (traffic["server_errors"], traffic["connection_errors"], traffic["timeouts"]) == (0, 0, 0)
        assert 0 < traffic["p50_ms"] <= traffic["p99_ms"] <= traffic["max_ms"]
    assert results["server_tracebacks"] == []


def test_the_bad_requests_get_their_4xx_and_every_kind_is_sent(run: tuple[dict, str]) -> None:
    for outcome in run[0]["results"]["rounds"]:
        bad_sent = sum(n for status, n in outcome["sent_by_expected_status"].items() if status.startswith("4"))
        # lines sent include the requests still in flight when wrk stopped: at most one per connection
        assert bad_sent - CLIENTS <= outcome["traffic"]["answers_4xx"] <= bad_sent
        assert outcome["sent"] >= outcome["traffic"]["requests"]
    sent_kinds = set().union(*(outcome["sent_by_kind"] for outcome in run[0]["results"]["rounds"]))
    assert sent_kinds == set(KINDS)


def test_the_second_round_goes_on_down_the_list_with_new_words(run: tuple[dict, str]) -> None:
    results = run[0]["results"]
    first, second = results["rounds"]
    assert [t["first"] for t in second["traffic"]["threads"]] == [
        (t["first"] + t["sent"]) % results["requests_listed"]["lines"] for t in first["traffic"]["threads"]
    ]
    assert results["distinct_words"] > max(first["distinct_words"], second["distinct_words"])
    assert results["distinct_words"] <= results["vocabulary"]["words"]


def test_full_reindexes_run_and_switch_the_served_index(run: tuple[dict, str]) -> None:
    generations = []
    for outcome in run[0]["results"]["rounds"]:
        runs = outcome["reindex_runs"]
        assert 1 <= len(runs) <= 2 and outcome["reindex_failures"] == 0
        # the traffic goes on until the reindex in progress has ended: every switch is under load
        assert outcome["reindexes_under_load"] == outcome["switches_under_load"] == len(runs)
        assert runs[-1]["ended_s"] <= outcome["load_s"]
        # no restart: a search after the round is answered from the generation of the last switch
        assert outcome["after_round"]["status"] == 200 and outcome["after_round"]["newest_open"]
        for reindex in runs:
            assert reindex["returncode"] == 0 and reindex["switched_s"] is not None
            assert reindex["seen"] == reindex["indexed"] == PAGES
            generations.append(reindex["generation"])
    assert len(set(generations)) == len(generations)


def test_server_memory_is_sampled_around_each_round(run: tuple[dict, str]) -> None:
    results = run[0]["results"]
    assert results["rss_idle"] > 0
    for outcome in results["rounds"]:
        rss = outcome["rss"]
        assert rss["before"] > 0 and rss["peak_under_load"] > 0 and rss["after"] > 0
        assert rss["trace_mb"] and rss["trace_mb"][0][0] == 0.0


def test_the_table_is_printed_with_every_row_filled(run: tuple[dict, str]) -> None:
    payload, printed = run
    assert printed == payload["table"]
    lines = printed.splitlines()
    assert f"{PAGES} pages, {CLIENTS} clients, {ROUNDS} rounds" in lines[0]
    assert "round 1" in lines[1] and "all rounds" in lines[1]
    for line in lines[3:]:
        cells = line.split("  ")
        assert "—" not in cells[:-1] or line.startswith(("latency", "server RSS MB"))


def test_server_tracebacks_are_grouped_by_exception() -> None:
    log = """INFO serving on http://127.0.0.1:8080
ERROR in app: Exception on /api/search [GET]
Traceback (most recent call last):
  File "whoosh/util/cache.py", line 80, in wrapper
    del data[k]
KeyError: 'flood'
ERROR in app: Exception on / [GET]
Traceback (most recent call last):
  File "whoosh/util/cache.py", line 72, in wrapper
RuntimeError: dictionary changed size during iteration
ERROR in app: Exception on /search.atom [GET]
Traceback (most recent call last):
  File "whoosh/util/cache.py", line 80, in wrapper
KeyError: 'flood'
"""
    found = load.server_tracebacks(log)
    assert [(entry["exception"], entry["count"]) for entry in found] == [
        ("KeyError: 'flood'", 2),
        ("RuntimeError: dictionary changed size during iteration", 1),
    ]
    assert found[0]["first"].startswith("ERROR in app: Exception on /api/search [GET]\nTraceback")
    assert found[0]["first"].endswith("    del data[k]\nKeyError: 'flood'")
    assert load.server_tracebacks("INFO nothing wrong\n") == []


def test_rss_trace_keeps_a_sample_every_five_seconds() -> None:
    samples = [(100.0 + t / 2, (200 + t) * 2**20) for t in range(30)]  # every 0.5 s for 15 s
    assert load.rss_trace(samples, 100.0) == [(0.0, 200.0), (5.0, 210.0), (10.0, 220.0)]


def test_arguments(tmp_path: Path) -> None:
    quick = load.parse_args(["--quick", "--workdir", str(tmp_path)])
    assert (quick.pages, quick.seconds, quick.clients, quick.rounds) == (200, 6, 4, 2)
    full = load.parse_args(["--workdir", str(tmp_path)])
    assert (full.pages, full.seconds, full.clients, full.odd_words) == (10_000, 300, 20, 30_000)
    with pytest.raises(SystemExit):
        load.parse_args(["--workdir", str(Path(load.__file__).parent / "tmp")])
    assert (quick.max_seconds, full.max_seconds) == (60, 900)
    with pytest.raises(SystemExit):
        load.parse_args(["--seconds", "0", "--workdir", str(tmp_path)])
    with pytest.raises(SystemExit):
        load.parse_args(["--seconds", "100", "--max-seconds", "50", "--workdir", str(tmp_path)])
