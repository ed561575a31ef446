"""The table of bench/load.py: one row per figure, one column per round and one for all rounds together.

The rows with a goal (no error of any kind, a reindex and a switch under load) are marked ✓ or ✗
as in bench/perf_table.py, whose rows and layout this reuses.  The memory rows compare rounds:
a server that leaks grows in every round, one that only fills its bounded caches grows in the
first round and not after.
"""

from __future__ import annotations

from typing import Any

from bench.perf_table import MB, Cell, Results, Row, dig, figure, format_columns


def latencies(results: Results) -> Cell:
    values = [dig(results, "traffic", key) for key in ("p50_ms", "p99_ms", "max_ms")]
    if None in values:
        return "—", None
    return " / ".join(f"{value:.0f}" for value in values), None


def bad_requests(results: Results) -> Cell:
    """4xx answers beside the requests sent that should get one (a few may still be in flight at the end)."""
    answers, expected = dig(results, "traffic", "answers_4xx"), dig(results, "sent_by_expected_status")
    if answers is None or expected is None:
        return "—", None
    sent = sum(count for status, count in expected.items() if status.startswith("4"))
    return f"{answers:,} / {sent:,}", None


def newest_index(results: Results) -> Cell:
    """Whether the server answered a search after the round from the newest index (no restart)."""
    answered = dig(results, "after_round", "newest_open")
    if answered is None:
        return "—", None
    return ("yes" if answered else "no"), bool(answered)


def rss_growth(results: Results) -> Cell:
    before, after = dig(results, "rss", "before"), dig(results, "rss", "after")
    if before is None or after is None:
        return "—", None
    return f"{(after - before) / MB:+.0f} ({(after - before) / before:+.1%})", None


def rows(timeout_s: int) -> list[Row]:
    return [
        Row("requests", "", figure(",.0f", "traffic", "requests")),
        Row("requests/s", "", figure(".1f", "traffic", "requests_per_s")),
        Row("errors: 5xx answers", "0", figure(".0f", "traffic", "server_errors", at_most=0)),
        Row("errors: connect, read, write", "0", figure(".0f", "traffic", "connection_errors", at_most=0)),
        Row(f"errors: timeouts (> {timeout_s} s)", "0", figure(".0f", "traffic", "timeouts", at_most=0)),
        Row("4xx answers / bad requests sent", "", bad_requests),
        Row("latency p50 / p99 / max ms", "", latencies),
        Row("distinct words sent", "", figure(",.0f", "distinct_words")),
        Row("reindex --full runs ended under load", ">= 1", figure(".0f", "reindexes_under_load", at_least=1)),
        Row("index switches under load", ">= 1", figure(".0f", "switches_under_load", at_least=1)),
        Row("reindex runs failed", "0", figure(".0f", "reindex_failures", at_most=0)),
        Row("search after the round: newest index", "yes", newest_index),
        Row("server RSS MB before", "", figure(".0f", "rss", "before", scale=MB)),
        Row("server RSS MB peak under load", "", figure(".0f", "rss", "peak_under_load", scale=MB)),
        Row("server RSS MB after", "", figure(".0f", "rss", "after", scale=MB)),
        Row("server RSS MB after - before", "", rss_growth),
    ]


def all_rounds(rounds: list[Results], distinct_words: int) -> Results:
    """The figures that add up over the rounds (the percentiles of wrk's runs do not)."""
    total: dict[str, Any] = {"traffic": {}, "distinct_words": distinct_words}
    for key in ("requests", "server_errors", "connection_errors", "timeouts", "answers_4xx"):
        total["traffic"][key] = sum(r["traffic"][key] for r in rounds)
    seconds = sum(r["traffic"]["seconds"] for r in rounds)
    total["traffic"]["requests_per_s"] = total["traffic"]["requests"] / seconds if seconds else 0.0
    expected: dict[str, int] = {}
    for r in rounds:
        for status, count in r["sent_by_expected_status"].items():
            expected[status] = expected.get(status, 0) + count
    total["sent_by_expected_status"] = expected
    for key in ("reindexes_under_load", "switches_under_load", "reindex_failures"):
        total[key] = sum(r[key] for r in rounds)
    total["after_round"] = {"newest_open": all(r["after_round"]["newest_open"] for r in rounds)}
    total["rss"] = {
        "before": rounds[0]["rss"]["before"],
        "after": rounds[-1]["rss"]["after"],
        "peak_under_load": max(r["rss"]["peak_under_load"] for r in rounds),
    }
    return total


def format_load_table(results: Results, *, timeout_s: int) -> str:
    rounds = results["rounds"]
    columns = {f"round {n}": r for n, r in enumerate(rounds, 1)}
    if len(rounds) > 1:
        columns["all rounds"] = all_rounds(rounds, results["distinct_words"])
    return format_columns(columns, rows(timeout_s), str)
