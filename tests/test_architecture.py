"""The engine boundary's import rules: the import-linter contracts in pyproject.toml hold, and each one
catches the import it forbids (checked on a copy of the code with that import added)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("search", "indexer", "web")
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(project: Path, *contracts: str) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` run in ``project`` on its own packages (not the installed ones)."""
    selected = [option for contract in contracts for option in ("--contract", contract)]
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", *selected],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(project)},
        timeout=120,
        check=False,
    )


def contract_ids() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return [contract["id"] for contract in config["tool"]["importlinter"]["contracts"]]


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"Contracts: {len(contract_ids())} kept, 0 broken." in result.stdout


def test_every_rule_of_the_boundary_has_its_contract():
    assert set(contract_ids()) == {
        "search-alone",
        "indexer-public-search",
        "web-no-engine",
        "whoosh-in-search-whoosh",
        "neutral-search",
        "opensearchpy-in-search-opensearch",
        "engines-apart",
    }


VIOLATIONS = [
    ("search-alone", "search/model/facets.py", "import web"),
    ("search-alone", "search/whoosh/storage.py", "from indexer import stories"),
    ("indexer-public-search", "indexer/reindex.py", "from search.whoosh import engine"),
    ("indexer-public-search", "indexer/pool.py", "from search.engine import IndexBusy"),
    ("web-no-engine", "web/api.py", "from search.whoosh.engine import WhooshEngine"),
    ("web-no-engine", "web/cli.py", "from indexer.extract import bbc"),
    ("whoosh-in-search-whoosh", "indexer/walk.py", "import whoosh"),
    ("whoosh-in-search-whoosh", "search/factory.py", "from whoosh import query"),
    ("neutral-search", "search/query.py", "from search import open_engine"),
    ("neutral-search", "search/model/article.py", "from search.whoosh import schema"),
    ("neutral-search", "search/model/request.py", "from search.opensearch import mapping"),
    ("indexer-public-search", "indexer/stories.py", "from search.opensearch import writer"),
    ("web-no-engine", "web/views.py", "from search.opensearch.engine import OpenSearchEngine"),
    ("opensearchpy-in-search-opensearch", "web/api.py", "from opensearchpy import OpenSearch"),
    ("opensearchpy-in-search-opensearch", "search/whoosh/engine.py", "import opensearchpy"),
    ("engines-apart", "search/opensearch/mapping.py", "from search.whoosh import schema"),
    ("engines-apart", "search/whoosh/highlight.py", "from search.opensearch import highlight"),
]


@pytest.mark.parametrize(("contract", "module", "line"), VIOLATIONS)
def test_each_contract_catches_what_it_forbids(tmp_path, contract, module, line):
    for package in PACKAGES:
        shutil.copytree(
            ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__", "templates", "static")
        )
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    with (tmp_path / module).open("a", encoding="utf-8") as source:
        source.write(f"\n{line}  # added by the test\n")
    result = lint_imports(tmp_path, contract)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "BROKEN" in result.stdout
