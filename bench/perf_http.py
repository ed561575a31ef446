"""Timing newsearch over HTTP on loopback: one client request by request, and wrk for throughput.

The single client keeps one HTTP/1.1 connection open (as a browser does) and times each
request from sending it to having read the whole response.  Throughput is Debian's ``wrk``
(``apt-get install wrk``) with a Lua script that cycles through the query mix; its ``done``
hook prints the counts and percentiles as one JSON line, so nothing depends on the layout of
wrk's report.  wrk runs on the same machine as the server and takes some of its CPU.
"""

from __future__ import annotations

import http.client
import json
import shutil
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

REQUEST_TIMEOUT_S = 120.0
WRK_MARKER = "WRK_JSON "

WRK_SUMMARY_LUA = """-- wrk's counts and percentiles as one JSON line after the marker (see parse_wrk_output)
function write_summary(summary, latency)
  local e = summary.errors
  io.write(string.format('MARKER{"requests": %d, "duration_us": %d, "connect": %d, "read": %d, ' ..
    '"write": %d, "status": %d, "timeout": %d, "p50_us": %d, "p90_us": %d, "p95_us": %d, "p99_us": %d, ' ..
    '"max_us": %d}\\n', summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(95), latency:percentile(99), latency.max))
end
""".replace("MARKER", WRK_MARKER)

WRK_LUA = """-- the perf query mix, cycled by every wrk thread from its own offset
local paths = {%(paths)s}
local threads = 0
function setup(thread)
  thread:set("offset", threads * 7)
  threads = threads + 1
end
local i = 0
function init(args)
  i = offset or 0
end
function request()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
function done(summary, latency, requests)
  write_summary(summary, latency)
end
"""


@dataclass(frozen=True)
class Sample:
    """One timed request: its path, HTTP status, milliseconds, and the ``total`` of a JSON search response."""

    path: str
    status: int
    ms: float
    total: int | None = None


class Client:
    """One keep-alive connection to the server; reconnects when the server closed it."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT_S)

    def get(self, path: str) -> tuple[int, bytes]:
        for attempt in (1, 2):
            try:
                self.connection.request("GET", path)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self.connection.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def timed(self, path: str) -> Sample:
        started = time.perf_counter()
        status, body = self.get(path)
        elapsed_ms = (time.perf_counter() - started) * 1000
        return Sample(path, status, elapsed_ms, response_total(body) if status == 200 else None)

    def time_all(self, paths: Sequence[str]) -> list[Sample]:
        return [self.timed(path) for path in paths]

    def close(self) -> None:
        self.connection.close()


def response_total(body: bytes) -> int | None:
    """The ``total`` of a JSON search response (None for other responses)."""
    try:
        payload = json.loads(body)
    except ValueError:
        return None
    return payload.get("total") if isinstance(payload, dict) else None


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_script(paths: Sequence[str]) -> str:
    """The Lua script that cycles through ``paths`` (URL-encoded, so plain ASCII JSON strings are Lua strings)."""
    if not paths:
        raise ValueError("wrk needs at least one path")
    return WRK_LUA % {"paths": ", ".join(json.dumps(p) for p in paths)} + WRK_SUMMARY_LUA


def parse_wrk_output(output: str) -> dict[str, float]:
    """The figures of the script's ``done`` line: requests/s, errors by kind, latency percentiles in ms."""
    line = next((line for line in output.splitlines() if line.startswith(WRK_MARKER)), None)
    if line is None:
        raise ValueError(f"no {WRK_MARKER.strip()} line in wrk's output:\n{output[-2000:]}")
    raw = json.loads(line[len(WRK_MARKER) :])
    seconds = raw["duration_us"] / 1e6
    socket_errors = raw["connect"] + raw["read"] + raw["write"] + raw["timeout"]
    return {
        "requests": raw["requests"],
        "seconds": round(seconds, 2),
        "requests_per_s": raw["requests"] / seconds if seconds else 0.0,
        "non_2xx": raw["status"],
        "socket_errors": socket_errors,
        "timeouts": raw["timeout"],
        "errors": raw["status"] + socket_errors,
        "p50_ms": raw["p50_us"] / 1000,
        "p90_ms": raw["p90_us"] / 1000,
        "p95_ms": raw["p95_us"] / 1000,
        "p99_ms": raw["p99_us"] / 1000,
        "max_ms": raw["max_us"] / 1000,
    }


def run_wrk(
    base_url: str,
    paths: Sequence[str],
    workdir: Path,
    *,
    connections: int = 8,
    threads: int = 2,
    duration_s: int = 30,
    timeout_s: int = 10,
) -> dict[str, float]:
    """``connections`` clients for ``duration_s`` seconds over the mix; see ``parse_wrk_output``."""
    script = workdir / "perf-mix.lua"
    script.write_text(wrk_script(paths), encoding="utf-8")
    return parse_wrk_output(
        run_wrk_script(
            base_url, script, connections=connections, threads=threads, duration_s=duration_s, timeout_s=timeout_s
        )
    )


def run_wrk_script(
    base_url: str,
    script: Path,
    *,
    script_args: Sequence[str] = (),
    connections: int = 8,
    threads: int = 2,
    duration_s: int = 30,
    timeout_s: int = 10,
) -> str:
    """wrk's standard output for a run of the Lua ``script`` (which gets ``script_args`` in its ``init``)."""
    args = wrk_command(
        base_url,
        script,
        script_args=script_args,
        connections=connections,
        threads=threads,
        duration_s=duration_s,
        timeout_s=timeout_s,
    )
    done = subprocess.run(args, check=False, capture_output=True, text=True, timeout=duration_s + timeout_s + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk exited with {done.returncode}: {done.stderr or done.stdout}")
    return done.stdout


def wrk_command(
    base_url: str,
    script: Path,
    *,
    script_args: Sequence[str] = (),
    connections: int = 8,
    threads: int = 2,
    duration_s: int = 30,
    timeout_s: int = 10,
) -> list[str]:
    """The wrk command line; an error when wrk is not installed."""
    wrk = shutil.which("wrk")
    if wrk is None:
        raise RuntimeError("wrk is not installed: apt-get install wrk (or leave the throughput out: --no-throughput)")
    args = [
        wrk,
        f"-t{min(threads, connections)}",
        f"-c{connections}",
        f"-d{duration_s}s",
        f"--timeout={timeout_s}s",
        "-s",
        str(script),
        base_url,
    ]
    return args + (["--", *script_args] if script_args else [])
