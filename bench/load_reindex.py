"""Full reindexes of the served index while the load test's traffic runs (bench/load.py).

``newsearch reindex --full`` builds a new generation beside the index and switches the index
path (a symbolic link) to it; the running server must pick it up with no failed request.  The
loop runs the real command as a subprocess, one run after another while the traffic lasts (at
most ``max_runs``), and watches the index path to time each switch: a run is only worth
counting if its switch happened under load.
"""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import psutil

from bench.perf_process import newsearch_command

POLL_S = 0.1


def reindex_command(corpus: Path, index: Path, report: Path) -> list[str]:
    """``newsearch reindex CORPUS --index INDEX --full --report REPORT --verbose`` (phases logged to stderr)."""
    return [
        *newsearch_command(),
        "reindex",
        str(corpus),
        "--index",
        str(index),
        "--full",
        "--report",
        str(report),
        "--verbose",
    ]


def generation(index: Path) -> str:
    """The directory the index path leads to now (it changes at each switch)."""
    return os.path.realpath(index)


def generations_open(pid: int, home: Path) -> set[str]:
    """The index generations (directories under ``home``) in which process ``pid`` or one of its children (the
    serving processes) has files open.

    Whoosh keeps a searcher's segment files open, so this says which index a server answers from.
    """
    folders: set[str] = set()
    server = psutil.Process(pid)
    for process in (server, *server.children(recursive=True)):
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            folders |= {str(Path(f.path).parent) for f in process.open_files()}
    return {folder for folder in folders if Path(folder).is_relative_to(home) and Path(folder) != home}


class ReindexLoop:
    """Full reindexes of ``corpus`` into ``index``, one after another on a thread until ``stop`` (or ``max_runs``).

    ``stop`` starts no new run; the run in progress goes on to its end, and ``join`` waits for it
    (without ``stop``, for ``max_runs`` runs).
    Times in ``runs`` are seconds since ``start``.
    """

    def __init__(self, corpus: Path, index: Path, logs: Path, *, max_runs: int, name: str) -> None:
        self.corpus = corpus
        self.index = index
        self.logs = logs
        self.max_runs = max_runs
        self.name = name
        self.runs: list[dict[str, Any]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)
        self._started = 0.0

    def start(self) -> None:
        self._started = time.monotonic()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()

    @property
    def running(self) -> bool:
        """Whether a run is in progress or another may still start."""
        return self._thread.is_alive()

    def join(self) -> list[dict[str, Any]]:
        self._thread.join()
        return self.runs

    def _loop(self) -> None:
        while not self._stop.is_set() and len(self.runs) < self.max_runs:
            self.runs.append(self._run(len(self.runs) + 1))

    def _since_start(self) -> float:
        return round(time.monotonic() - self._started, 2)

    def _run(self, number: int) -> dict[str, Any]:
        report = self.logs / f"{self.name}-reindex-{number}.json"
        log = self.logs / f"{self.name}-reindex-{number}.log"
        before = generation(self.index)
        started = self._since_start()
        switched = None
        with open(log, "w", encoding="utf-8") as out:
            process = subprocess.Popen(
                reindex_command(self.corpus, self.index, report), stdout=out, stderr=subprocess.STDOUT
            )
            while process.poll() is None:
                if switched is None and generation(self.index) != before:
                    switched = self._since_start()
                time.sleep(POLL_S)
        ended = self._since_start()
        after = generation(self.index)
        if switched is None and after != before:
            switched = ended
        return {
            "started_s": started,
            "ended_s": ended,
            "wall_s": round(ended - started, 2),
            "returncode": process.returncode,
            "switched_s": switched,
            "generation": after,
            "log": str(log),
            **report_summary(report),
        }


def report_summary(report: Path, keys: Sequence[str] = ("seen", "indexed", "skipped")) -> dict[str, Any]:
    """The counts of a ``--report`` file (empty when the run wrote none)."""
    try:
        summary = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {key: summary.get(key) for key in keys}
