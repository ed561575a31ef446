"""bench/perf_table.py: one row per figure, one column per size, targets marked met (✓) or not (✗)."""

from __future__ import annotations

import pytest

from bench.perf_table import MB, format_table

MEASURED = {
    "reindex_full": {
        "pages_per_s": 260.4,
        "wall_s": 40.0,
        "cores_used": 1.8,
        "peak_rss": 2100 * MB,
        "index_bytes": 300 * MB,
        "cpu_s": 72.0,
        "seen": 10_000,
    },
    "reindex_unchanged": {"wall_s": 3.0},
    "reindex_changed": {"wall_s": 1.0},
    "api": {
        "p50_ms": 20.0,
        "p95_ms": 151.0,
        "p99_ms": 300.0,
        "n": 300,
        "errors": 0,
        "found_nothing": 2,
        "kinds": {"1 word": {"p50_ms": 10.0, "p95_ms": 12.0}},
    },
    "cold": {"after_start_ms": 100.0, "after_reindex_ms": 50.0},
    "throughput": {"requests_per_s": 49.0, "errors": 0, "non_2xx": 0, "p50_ms": 150, "p99_ms": 400},
    "serving_rss": {"after_queries": 200 * MB},
    "peers": {"tantivy": {"p50_ms": 0.5, "p95_ms": 3.02}},
}


def line(table: str, label: str) -> str:
    return next(row for row in table.splitlines() if row.startswith(label))


@pytest.mark.parametrize(
    ("label", "ending"),
    [
        ("reindex --full: pages/s", "260 ✓"),
        ("reindex --full: peak RSS MB", "2100 ✗"),
        ("reindex --full: CPU ms per page", "7.2"),
        ("reindex, 1% changed", "1.0 s (2.5%) ✓"),
        ("/api/search mix p50 ms", "20.0 ✓"),
        ("/api/search mix p95 ms", "151.0 ✗"),
        ("/api/search mix: errors, found nothing", "0, 2 of 300 ✓"),
        ("first query after start ms", "100 (5.0x) ✗"),
        ("first query after reindex ms", "50 (2.5x) ✓"),
        ("8 clients: requests/s", "49 ✗"),
        ("8 clients: errors", "0 ✓"),
        ("serving RSS MB (after queries)", "200 ✓"),
        ("newsearch / tantivy: p50, p95", "40x, 50x"),
        ("  mix '1 word' p50 / p95 ms", "10.0 / 12.0"),
    ],
)
def test_targets_met_and_not_met(label: str, ending: str) -> None:
    assert line(format_table({"10000": MEASURED}, ["tantivy"], ["1 word"]), label).endswith(ending)


def test_a_column_per_size_and_a_dash_for_what_was_not_measured() -> None:
    table = format_table({"10000": MEASURED, "100000": {"api": {"p50_ms": 45.0}}}, [], [])
    assert "10,000 pages" in table.splitlines()[0] and "100,000 pages" in table.splitlines()[0]
    assert line(table, "/api/search mix p50 ms").split()[-4:] == ["20.0", "✓", "45.0", "✗"]
    assert line(table, "8 clients: errors").endswith("—")
    assert "tantivy" not in table
