"""`newsearch reindex` as a real process, for the crash and concurrency tests.

The process logs its phases with --verbose; a test reads them from stderr to stop or kill it
at a chosen moment, without any test-only hook in the code under test.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
COMMITTED = re.compile(r"committed batch \d+ \((\d+) changes\)")


def start_reindex(root: Path, index_path: Path, *options: str) -> subprocess.Popen[str]:
    """The CLI in a process group of its own, so a kill takes its extraction workers along."""
    command = [
        sys.executable,
        "-c",
        "from web.cli import cli; cli()",
        "reindex",
        str(root),
        "--index",
        str(index_path),
        "--verbose",
        *options,
    ]
    return subprocess.Popen(
        command, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )


@dataclass
class Interrupted:
    """How far a reindex got before it was stopped: the phase lines it printed and the changes it committed."""

    killed: bool
    reached: bool = False
    committed_changes: int = 0
    lines: list[str] = field(default_factory=list)


def wait_for_phase(process: subprocess.Popen[str], phase: re.Pattern[str]) -> Interrupted:
    """Read the phase lines until one matches ``phase`` (or the process ends)."""
    seen = Interrupted(killed=False)
    assert process.stderr is not None
    for line in process.stderr:
        seen.lines.append(line)
        if match := COMMITTED.search(line):
            seen.committed_changes += int(match[1])
        if phase.search(line):
            seen.reached = True
            return seen
    return seen


def kill_after(process: subprocess.Popen[str], phase: re.Pattern[str], delay_s: float) -> Interrupted:
    """SIGKILL the process (and its workers) ``delay_s`` after it logs ``phase``."""
    seen = wait_for_phase(process, phase)
    if seen.reached:
        time.sleep(delay_s)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
    _, rest = process.communicate()
    seen.lines.extend(rest.splitlines(keepends=True))
    seen.killed = process.returncode == -signal.SIGKILL
    return seen
