"""The traffic of the load test (bench/load.py): wrk walking a request list from a file, answers counted by status.

Why wrk: it is Debian's package (``make bench-deps`` installs it, bench/perf.py already uses
it), a C event loop that keeps 20 connections busy on a fraction of one core, and its run is
bounded by ``-d``.  A Python load tool (locust) would need its own pip dependencies and take
much of the CPU the server needs on a 2-core machine.

wrk's own error count puts every status of 400 and above together, but the mix sends bad
parameters on purpose (a 400 is then the right answer), so the script counts the answers by
status itself in ``response``.  Each wrk thread walks the list from its own first line,
wrapping around; ``done`` prints, besides wrk's summary (bench/perf_http.py), every thread's
first line, how many requests it made and its statuses, so the caller knows which lines (and
which words) were sent, and where a next round goes on.
"""

from __future__ import annotations

import json
import signal
import subprocess
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.perf_http import WRK_SUMMARY_LUA, parse_wrk_output, wrk_command

LOAD_MARKER = "LOAD_JSON "

LOAD_LUA = (
    """-- bench/load.py: wrk threads walk the request list (args[1], one path a line) from their own first line
-- (args[2 + thread id]) and count the answers by status
local threads = {}
function setup(thread)
  thread:set("id", #threads)
  threads[#threads + 1] = thread
end
function init(args)
  paths = {}
  for line in io.lines(args[1]) do paths[#paths + 1] = line end
  first = tonumber(args[id + 2]) or 0
  position = first
  sent = 0
  statuses = {}
end
function request()
  local path = paths[position % #paths + 1]
  position = position + 1
  sent = sent + 1
  return wrk.format("GET", path)
end
function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end
function done(summary, latency, requests)
  write_summary(summary, latency)
  local rows = {}
  for _, thread in ipairs(threads) do
    local counts = {}
    for status, n in pairs(thread:get("statuses")) do
      counts[#counts + 1] = string.format('"%d": %d', status, n)
    end
    rows[#rows + 1] = string.format('{"first": %d, "sent": %d, "statuses": {%s}}',
      thread:get("first"), thread:get("sent"), table.concat(counts, ", "))
  end
  io.write("MARKER[" .. table.concat(rows, ", ") .. "]\\n")
end
""".replace("MARKER", LOAD_MARKER)
    + WRK_SUMMARY_LUA
)


class Traffic:
    """wrk in the background for at most ``max_seconds``; ``stop`` ends it sooner (wrk reports all the same).

    The caller decides when the traffic has lasted long enough (the load test waits for the
    reindex in progress), so wrk gets a long ``-d`` and a SIGINT, on which it stops its threads,
    prints its report and runs the script's ``done``.
    """

    def __init__(
        self,
        base_url: str,
        request_file: Path,
        starts: Sequence[int],
        workdir: Path,
        *,
        clients: int,
        max_seconds: int,
        timeout_s: int,
    ) -> None:
        script = workdir / "load.lua"
        script.write_text(LOAD_LUA, encoding="utf-8")
        self.max_seconds = max_seconds
        self.timeout_s = timeout_s
        self.command = wrk_command(
            base_url,
            script,
            script_args=[str(request_file), *map(str, starts)],
            connections=clients,
            threads=len(starts),
            duration_s=max_seconds,
            timeout_s=timeout_s,
        )
        self.process: subprocess.Popen[str] | None = None

    def start(self) -> Traffic:
        self.process = subprocess.Popen(self.command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        return self

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def stop(self) -> dict[str, Any]:
        """Ends the traffic (if wrk still runs) and returns ``parse_load_output`` of its report."""
        assert self.process is not None, "start the traffic first"
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        output, errors = self.process.communicate(timeout=self.timeout_s + 60)
        if self.process.returncode != 0:
            raise RuntimeError(f"wrk exited with {self.process.returncode}: {errors or output}")
        return parse_load_output(output)


def parse_load_output(output: str) -> dict[str, Any]:
    """wrk's figures (``parse_wrk_output``) with the answers by status, the errors by kind and each thread's walk.

    ``errors`` counts what must not happen: an answer of 500 or above, a socket error (connect,
    read, write) and a timeout (an answer slower than wrk's ``--timeout``, which is then left out
    of the latency figures).  Answers of 400-499 are the bad requests' expected answers.
    """
    figures: dict[str, Any] = dict(parse_wrk_output(output))
    line = next((line for line in output.splitlines() if line.startswith(LOAD_MARKER)), None)
    if line is None:
        raise ValueError(f"no {LOAD_MARKER.strip()} line in wrk's output:\n{output[-2000:]}")
    threads = json.loads(line[len(LOAD_MARKER) :])
    statuses: Counter[int] = Counter()
    for thread in threads:
        statuses.update({int(status): count for status, count in thread["statuses"].items()})
    server_errors = sum(count for status, count in statuses.items() if status >= 500)
    timeouts = int(figures["timeouts"])
    figures.update(
        {
            "statuses": {str(status): statuses[status] for status in sorted(statuses)},
            "answers_2xx": sum(count for status, count in statuses.items() if 200 <= status < 300),
            "answers_4xx": sum(count for status, count in statuses.items() if 400 <= status < 500),
            "server_errors": server_errors,
            "connection_errors": int(figures["socket_errors"]) - timeouts,
            "errors": server_errors + int(figures["socket_errors"]),
            "threads": [{"first": t["first"], "sent": t["sent"]} for t in threads],
        }
    )
    return figures
