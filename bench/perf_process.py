"""Running newsearch as a user does, and measuring it: wall time, CPU, peak memory of the process tree.

The CLI runs as a subprocess (the console script beside this Python, else ``python -m web``).
Memory is the resident set (RSS) summed over the process and all its descendants (the
extraction pool's workers included), sampled with psutil; a sum of RSS counts pages shared
between a parent and its forked workers more than once, so it errs on the high side.  CPU
time comes from ``getrusage(RUSAGE_CHILDREN)``, which includes the grandchildren that the
CLI waited for.
"""

from __future__ import annotations

import contextlib
import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Self

import psutil

SAMPLE_INTERVAL_S = 0.1
SERVER_START_TIMEOUT_S = 120.0


def newsearch_command() -> list[str]:
    """How to run the ``newsearch`` CLI of this environment."""
    script = Path(sys.executable).parent / "newsearch"
    return [str(script)] if script.exists() else [sys.executable, "-m", "web"]


def tree_rss(process: psutil.Process) -> int:
    """RSS in bytes of ``process`` and all its descendants (0 once it has exited)."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += member.memory_info().rss
    return total


def tree_pss(process: psutil.Process) -> int:
    """Proportional set size in bytes of ``process`` and its descendants: each shared page (the code and
    the index files they all map, what forked processes still share) counted once in all, not once per
    process as ``tree_rss`` counts it. 0 where /proc does not tell."""
    total = 0
    try:
        members = [process, *process.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    for member in members:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            total += getattr(member.memory_full_info(), "pss", 0)
    return total


class PeakSampler:
    """Samples ``tree_rss`` of a process on a thread until stopped; ``peak`` is the largest sample.

    ``samples`` keeps every (``time.monotonic()``, bytes) pair, for the memory over a long run.
    """

    def __init__(self, pid: int, interval_s: float = SAMPLE_INTERVAL_S) -> None:
        self.process = psutil.Process(pid)
        self.interval_s = interval_s
        self.peak = 0
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            rss = tree_rss(self.process)
            self.samples.append((time.monotonic(), rss))
            self.peak = max(self.peak, rss)
            self._stop.wait(self.interval_s)


@dataclass(frozen=True)
class Measured:
    """One command run: exit status, wall and CPU seconds, peak RSS of its tree, its output."""

    returncode: int
    wall_s: float
    cpu_s: float
    peak_rss: int
    output: str

    @property
    def cores_used(self) -> float:
        return self.cpu_s / self.wall_s if self.wall_s else 0.0


def _children_cpu_s() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_measured(args: Sequence[str], *, cwd: Path | None = None, timeout_s: float | None = None) -> Measured:
    """Run a command to its end while sampling its memory; raises RuntimeError when it fails."""
    cpu_before = _children_cpu_s()
    started = time.perf_counter()
    process = subprocess.Popen(list(args), cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    with PeakSampler(process.pid) as sampler:
        output, _ = process.communicate(timeout=timeout_s)
    wall = time.perf_counter() - started
    measured = Measured(process.returncode, wall, _children_cpu_s() - cpu_before, sampler.peak, output)
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} exited with {process.returncode}:\n{output[-3000:]}")
    return measured


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """``newsearch serve`` on a free loopback port, as a subprocess, for the length of a ``with``."""

    def __init__(self, index: Path, log: Path, threads: int | None = None) -> None:
        self.index = index
        self.log = log
        self.threads = threads
        self.port = free_port()
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> Self:
        args = [
            *newsearch_command(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--index",
            str(self.index),
        ]
        if self.threads:
            args += ["--threads", str(self.threads)]
        with open(self.log, "w", encoding="utf-8") as log:
            self.process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
        self.wait_listening()
        return self

    def wait_listening(self) -> None:
        """Until the port accepts connections (without sending a request: the first one is measured)."""
        deadline = time.monotonic() + SERVER_START_TIMEOUT_S
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"newsearch serve exited with {self.process.returncode}: see {self.log}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"newsearch serve did not listen on port {self.port} within {SERVER_START_TIMEOUT_S} s")

    def rss(self) -> int:
        """RSS of the server: every serving process and their supervisor."""
        assert self.process is not None
        return tree_rss(psutil.Process(self.process.pid))

    def pss(self) -> int:
        assert self.process is not None
        return tree_pss(psutil.Process(self.process.pid))

    def __exit__(self, *exc: object) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def load_average() -> tuple[float, float, float]:
    return os.getloadavg()
