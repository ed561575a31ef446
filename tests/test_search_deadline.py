"""Every query has a time budget (``config.QUERY_TIME_BUDGET_S``); past it the engine stops with SearchTimedOut.

No test measures time: a budget of 0 is spent before the first check, one of an hour never is.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search import Engine, SearchTimedOut, config
from search.deadline import Deadline
from search.model import SearchRequest, document_id
from tests.engines import engine_at


@pytest.fixture()
def index(sample_index_dir: Path) -> Engine:
    return engine_at(sample_index_dir)


@pytest.fixture()
def no_time(monkeypatch):
    monkeypatch.setattr(config, "QUERY_TIME_BUDGET_S", 0.0)


def test_a_deadline_passes_after_its_budget():
    assert not Deadline(3600).expired()
    Deadline(3600).check()
    with pytest.raises(SearchTimedOut) as error:
        Deadline(0).check()
    assert "0 s budget" in str(error.value) and error.value.budget_s == 0


def test_a_part_of_the_work_never_ends_after_the_whole():
    assert Deadline(0).within(3600).expired()
    assert Deadline(3600).within(0).expired()
    assert not Deadline(3600).within(60).expired()


@pytest.mark.parametrize("q", ["flood", "flood OR tram", '"river severn"', "flood -tram", "zzzz qqqq", ""])
def test_a_search_past_its_budget_stops(index, no_time, q):
    with pytest.raises(SearchTimedOut):
        index.search(SearchRequest(q=q, region="West Midlands" if not q else ""))


def test_related_and_completion_past_their_budget_stop(index, no_time):
    with pytest.raises(SearchTimedOut):
        index.related(document_id("west-midlands/flood-defences.html"))
    with pytest.raises(SearchTimedOut):
        index.complete("flo")


def test_within_the_budget_everything_answers(index):
    assert index.search(SearchRequest(q="flood")).total == 1
    assert index.related(document_id("west-midlands/flood-defences.html")) is not None
    assert [a.headline for a in index.complete("flo")] == ["Flood defences hold as river peaks in Worcester"]
