"""Where the real pages are: defined once in tests/shared_data.py, shared by the tests and the benchmarks."""

from __future__ import annotations

from tests.shared_data import DATA_ENV_VAR, PROJECT_ROOT, shared_data_dir

__all__ = ["DATA_ENV_VAR", "PROJECT_ROOT", "shared_data_dir"]
