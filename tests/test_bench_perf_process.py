"""bench/perf_process.py: a command's wall and CPU time and the peak memory of its whole process tree."""

from __future__ import annotations

import sys

import pytest

from bench.perf_process import newsearch_command, run_measured

# A parent holding 40 MB that starts a child holding 60 MB: the tree peaks above 100 MB.
TREE = """
import subprocess, sys, time
held = bytearray(40 * 1024 * 1024)
child = subprocess.Popen([sys.executable, "-c",
    "import time; held = bytearray(60 * 1024 * 1024); sum(range(3_000_000)); time.sleep(1.0)"])
child.wait()
print("done")
"""


def test_peak_rss_covers_the_children_and_cpu_is_counted() -> None:
    measured = run_measured([sys.executable, "-c", TREE])
    assert measured.output.strip() == "done"
    assert measured.peak_rss > 100 * 1024 * 1024
    assert measured.cpu_s > 0 and measured.wall_s >= 1.0
    assert measured.cores_used == measured.cpu_s / measured.wall_s


def test_a_failing_command_raises_with_its_output() -> None:
    with pytest.raises(RuntimeError, match="(?s)exited with 3.*boom"):
        run_measured([sys.executable, "-c", "print('boom'); raise SystemExit(3)"])


def test_the_newsearch_command_runs() -> None:
    measured = run_measured([*newsearch_command(), "--help"])
    assert "reindex" in measured.output and "serve" in measured.output
