"""``newsearch search`` reports the search limits clearly: the time budget, query length, deep paging."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import config
from web.cli import cli


def _search(runner, index_dir: Path, *args: str):
    return runner.invoke(cli, ["search", *args, "--index", str(index_dir)])


def test_a_search_past_its_budget_says_so(runner, sample_index_dir, monkeypatch):
    monkeypatch.setattr(config, "QUERY_TIME_BUDGET_S", 0.0)
    result = _search(runner, sample_index_dir, "flood")
    assert result.exit_code == 1
    assert "took longer than its 0 s budget" in result.output
    assert "Traceback" not in result.output


def test_within_the_budget_it_answers(runner, sample_index_dir):
    result = _search(runner, sample_index_dir, "flood")
    assert result.exit_code == 0 and "1 results" in result.output


def test_a_query_past_the_length_limit_names_the_query(runner, sample_index_dir):
    result = _search(runner, sample_index_dir, "a" * (config.MAX_QUERY_CHARS + 1))
    assert result.exit_code == 2
    assert "QUERY" in result.output and f"{config.MAX_QUERY_CHARS:,}" in result.output


@pytest.mark.parametrize(
    ("args", "code"), [(["--page", "1001"], 2), (["--page", "1000"], 0), (["--page", "101", "--page-size", "100"], 2)]
)
def test_paging_past_ten_thousand_results_names_the_page(runner, sample_index_dir, args, code):
    result = _search(runner, sample_index_dir, "flood", *args)
    assert result.exit_code == code, result.output
    if code:
        assert "--page" in result.output and "10,000" in result.output
