"""bench/load_traffic.py: the wrk script of the load test, and its answers counted by status and by kind of error."""

from __future__ import annotations

import json

import pytest

from bench.load_traffic import LOAD_LUA, LOAD_MARKER, parse_load_output
from bench.perf_http import WRK_MARKER

SUMMARY = WRK_MARKER + json.dumps(
    {
        "requests": 1000,
        "duration_us": 10_000_000,
        "connect": 1,
        "read": 2,
        "write": 0,
        "status": 60,
        "timeout": 3,
        "p50_us": 41_000,
        "p90_us": 90_000,
        "p95_us": 120_500,
        "p99_us": 250_000,
        "max_us": 900_000,
    }
)
THREADS = LOAD_MARKER + json.dumps(
    [
        {"first": 0, "sent": 505, "statuses": {"200": 460, "400": 30, "404": 10, "503": 2}},
        {"first": 5000, "sent": 503, "statuses": {"200": 480, "400": 10, "500": 8}},
    ]
)


def test_answers_by_status_and_errors_by_kind() -> None:
    figures = parse_load_output("Running 10s test\n" + SUMMARY + "\n" + THREADS + "\n")
    assert figures["statuses"] == {"200": 940, "400": 40, "404": 10, "500": 8, "503": 2}
    assert (figures["answers_2xx"], figures["answers_4xx"], figures["server_errors"]) == (940, 50, 10)
    assert (figures["connection_errors"], figures["timeouts"]) == (3, 3)
    assert figures["errors"] == 10 + 3 + 3  # 4xx answers are expected, not errors
    assert figures["threads"] == [{"first": 0, "sent": 505}, {"first": 5000, "sent": 503}]
    assert figures["requests_per_s"] == 100.0 and figures["p99_ms"] == 250.0


def test_output_without_the_threads_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="LOAD_JSON"):
        parse_load_output(SUMMARY + "\n")


def test_the_script_reads_the_list_counts_statuses_and_prints_both_lines() -> None:
    assert "io.lines(args[1])" in LOAD_LUA and "args[id + 2]" in LOAD_LUA
    assert "function response(status" in LOAD_LUA
    assert "function write_summary(" in LOAD_LUA and f'"{LOAD_MARKER}["' in LOAD_LUA
    assert "%%" not in LOAD_LUA and "position % #paths" in LOAD_LUA
