"""What the end-to-end benchmarks (bench/perf.py, bench/load.py) share about a run: where it works, what it records.

A run's figures only mean something with the code measured and how busy the machine was (it may
be shared), so every results file starts with the same record: code version, start time, CPUs,
load average at the start and the end, and the arguments.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.perf_process import load_average
from bench.relevance import code_version
from bench.shared_data import DATA_ENV_VAR, shared_data_dir

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def workdir_outside_repository(parser: argparse.ArgumentParser, workdir: Path) -> Path:
    """``workdir`` made absolute; a parser error when it is inside the repository (corpora are never committed)."""
    workdir = workdir.resolve()
    if workdir.is_relative_to(PROJECT_ROOT):
        parser.error(f"--workdir {workdir} is inside the repository; corpora are never committed")
    return workdir


def find_shared_data(data: Path | None, program: str) -> Path | None:
    """The shared data directory (``--data``, else the default), or None after saying on stderr that it is missing."""
    data_dir = (data or shared_data_dir()).resolve()
    if not data_dir.is_dir():
        print(f"{program}: no shared data at {data_dir} (pass --data or set ${DATA_ENV_VAR})", file=sys.stderr)
        return None
    return data_dir


def run_record(started: datetime, load_before: tuple[float, float, float], args: argparse.Namespace) -> dict[str, Any]:
    """The head of a results file: code, start, CPUs, load average at start and now, the arguments."""
    return {
        "code": code_version(),
        "started": started.isoformat(),
        "cpus": os.cpu_count(),
        "load_average": {"start": load_before, "end": load_average()},
        "args": {key: str(value) if isinstance(value, Path) else value for key, value in vars(args).items()},
    }


def write_results(path: Path, payload: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"results: {path}", file=sys.stderr)
