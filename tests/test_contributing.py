"""CONTRIBUTING.md against the tree: every path it names exists and every ``make`` target it names is one
of the Makefile's, so the guide cannot drift from the code unnoticed."""

from __future__ import annotations

import re
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUIDE = (PROJECT_ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")

CODE_SPANS = re.compile(r"`([^`\n]+)`")
PATH = re.compile(r"[\w-]+/([\w-]+/)*|([\w-]+/)*[\w-]+\.(py|md|toml)")
MAKE_TARGET = re.compile(r"`make ([\w-]+)`")
TOP_LEVEL_PACKAGES = ("search/", "search/whoosh/", "search/opensearch/", "indexer/", "indexer/extract/", "web/")


def named_paths(text: str) -> set[str]:
    """Code spans that are a path: a folder (``web/``) or a Python, Markdown or TOML file (``indexer/walk.py``)."""
    return {span for span in CODE_SPANS.findall(text) if PATH.fullmatch(span)}


def test_every_make_target_it_names_is_in_the_makefile():
    targets = set(re.findall(r"^([\w-]+):", (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    named = set(MAKE_TARGET.findall(GUIDE))
    assert {"lint", "test", "bench"} <= named
    assert named - targets == set()


def test_every_path_it_names_exists():
    rows = [line for line in GUIDE.splitlines() if line.startswith("| `")]
    missing = []
    for row in rows:  # in the layout table, a bare file name lives in the row's folder
        folder = CODE_SPANS.findall(row)[0]
        for name in named_paths(row):
            if not ((PROJECT_ROOT / name).exists() or (PROJECT_ROOT / folder / name).exists()):
                missing.append(f"{name} (row {folder})")
    outside_table = "\n".join(line for line in GUIDE.splitlines() if not line.startswith("| `"))
    missing += [name for name in named_paths(outside_table) if not (PROJECT_ROOT / name).exists()]
    assert missing == []


def test_it_names_every_package_and_top_level_folder():
    paths = named_paths(GUIDE)
    assert set(TOP_LEVEL_PACKAGES) <= paths
    assert {"bench/", "cluster/", "tests/"} <= paths


def test_a_wrong_name_would_be_caught():
    assert named_paths("see `indexer/nowhere.py` and `web/`") == {"indexer/nowhere.py", "web/"}
    assert not (PROJECT_ROOT / "indexer/nowhere.py").exists()
    assert MAKE_TARGET.findall("run `make lint` then `make nothing`") == ["lint", "nothing"]
