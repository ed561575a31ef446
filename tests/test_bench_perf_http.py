"""bench/perf_http.py: the wrk Lua script for the mix, and reading its figures back."""

from __future__ import annotations

import json

import pytest

from bench.perf_http import WRK_MARKER, parse_wrk_output, response_total, wrk_script

DONE_LINE = WRK_MARKER + json.dumps(
    {
        "requests": 1500,
        "duration_us": 30_000_000,
        "connect": 0,
        "read": 2,
        "write": 0,
        "status": 3,
        "timeout": 1,
        "p50_us": 41_000,
        "p90_us": 90_000,
        "p95_us": 120_500,
        "p99_us": 250_000,
        "max_us": 900_000,
    }
)


def test_parse_wrk_output() -> None:
    figures = parse_wrk_output("Running 30s test @ http://127.0.0.1:8080\n" + DONE_LINE + "\nRequests/sec: 50.00\n")
    assert figures["requests_per_s"] == 50.0
    assert (figures["non_2xx"], figures["socket_errors"], figures["errors"]) == (3, 3, 6)
    assert (figures["p50_ms"], figures["p95_ms"], figures["p99_ms"]) == (41.0, 120.5, 250.0)


def test_wrk_output_without_the_done_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="WRK_JSON"):
        parse_wrk_output("unable to connect to 127.0.0.1:1 Connection refused\n")


def test_the_script_cycles_through_the_paths() -> None:
    script = wrk_script(["/api/search?q=flood", "/api/search?q=%22a+b%22"])
    assert 'local paths = {"/api/search?q=flood", "/api/search?q=%22a+b%22"}' in script
    assert WRK_MARKER in script
    with pytest.raises(ValueError):
        wrk_script([])


def test_response_total() -> None:
    assert response_total(b'{"total": 12, "results": []}') == 12
    assert response_total(b"<html></html>") is None
    assert response_total(b"[1, 2]") is None
