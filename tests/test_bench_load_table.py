"""bench/load_table.py: one column per round and one for all rounds, the goals marked met (✓) or not (✗)."""

from __future__ import annotations

from typing import Any

from bench.load_table import format_load_table
from bench.perf_table import MB


def measured_round(requests: int, server_errors: int, rss_before: int, rss_after: int) -> dict[str, Any]:
    return {
        "traffic": {
            "requests": requests,
            "requests_per_s": requests / 300,
            "seconds": 300.0,
            "server_errors": server_errors,
            "connection_errors": 0,
            "timeouts": 0,
            "answers_4xx": 95,
            "p50_ms": 210.4,
            "p99_ms": 1500.2,
            "max_ms": 4100.0,
        },
        "sent_by_expected_status": {"200": requests - 100, "400": 80, "404": 20},
        "distinct_words": 20_000,
        "reindexes_under_load": 1,
        "switches_under_load": 1,
        "reindex_failures": 0,
        "after_round": {"newest_open": server_errors == 0},
        "rss": {"before": rss_before * MB, "peak_under_load": (rss_after + 50) * MB, "after": rss_after * MB},
    }


def line(table: str, label: str) -> str:
    return next(row for row in table.splitlines() if row.startswith(label))


def test_rounds_and_their_total() -> None:
    results = {
        "rounds": [measured_round(9000, 0, 400, 500), measured_round(9300, 2, 500, 510)],
        "distinct_words": 38_000,
    }
    table = format_load_table(results, timeout_s=30)
    assert line(table, "").split() == ["target", "round", "1", "round", "2", "all", "rounds"]
    assert line(table, "requests ").split()[-3:] == ["9,000", "9,300", "18,300"]
    assert line(table, "errors: 5xx answers").split()[-6:] == ["0", "✓", "2", "✗", "2", "✗"]
    assert line(table, "errors: timeouts (> 30 s)").split()[-6:] == ["0", "✓", "0", "✓", "0", "✓"]
    assert line(table, "4xx answers / bad requests sent").split()[-9:] == [
        "95",
        "/",
        "100",
        "95",
        "/",
        "100",
        "190",
        "/",
        "200",
    ]
    assert line(table, "latency p50 / p99 / max ms").split()[-11:] == ["210", "/", "1500", "/", "4100"] * 2 + ["—"]
    assert line(table, "distinct words sent").split()[-3:] == ["20,000", "20,000", "38,000"]
    assert line(table, "server RSS MB after - before").split()[-6:] == [
        "+100",
        "(+25.0%)",
        "+10",
        "(+2.0%)",
        "+110",
        "(+27.5%)",
    ]
    assert line(table, "search after the round: newest index").split()[-6:] == ["yes", "✓", "no", "✗", "no", "✗"]
    assert line(table, "server RSS MB peak under load").split()[-3:] == ["550", "560", "560"]


def test_one_round_has_no_total_column() -> None:
    table = format_load_table({"rounds": [measured_round(100, 0, 100, 100)], "distinct_words": 20_000}, timeout_s=10)
    assert "all rounds" not in table and "round 1" in table
    assert "errors: timeouts (> 10 s)" in table
