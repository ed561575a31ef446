"""Where the real pages are: one definition for the tests and the benchmarks (bench/ imports it from here;
the tests import nothing from bench/)."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_ENV_VAR = "NEWSEARCH_SHARED_DATA"


def shared_data_dir() -> Path:
    """``$NEWSEARCH_SHARED_DATA``, else ``../shared/data`` beside the project."""
    return Path(os.environ.get(DATA_ENV_VAR) or PROJECT_ROOT.parent / "shared" / "data")
