"""Search-as-you-type is bounded: a minimum prefix, and a prefix stands for a bounded number of words.

A one-letter prefix over a large vocabulary expanded to thousands of words (issue 8).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from search import Engine
from search.model import Article
from search.whoosh import engine
from tests.engines import engine_at, write_index

FREQUENT = ["zqalpha", "zqbravo", "zqcharlie"]  # each in two headlines
RARE = [f"zqrare{n}" for n in range(7)]  # each in one


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path: Path = tmp_path_factory.mktemp("complete-index")
    headlines = [f"Council backs {word} plan {copy}" for word in FREQUENT for copy in ("one", "two")]
    headlines += [f"Council backs {word} plan" for word in RARE]
    headlines += ["Flood warning for the valley", "Tram line opens"]
    write_index(
        path,
        [Article(headline=headline, body=f"{headline}.", source=f"{n}.txt") for n, headline in enumerate(headlines)],
    )
    return engine_at(path)


def _words(summaries) -> set[str]:
    return {summary.headline.split()[2] for summary in summaries}


def test_two_letters_complete(index):
    assert [s.headline for s in index.complete("fl")] == ["Flood warning for the valley"]
    assert [s.headline for s in index.complete("tram li")] == ["Tram line opens"]


def test_one_letter_is_not_expanded(index):
    assert index.complete("f") == []
    assert index.complete("t") == []


def test_a_one_letter_last_word_waits_for_the_next_letter(index):
    assert [s.headline for s in index.complete("tram x")] == ["Tram line opens"]
    assert [s.headline for s in index.complete("tram xy")] == []


def test_a_prefix_stands_for_its_most_frequent_words(index, monkeypatch):
    assert _words(index.complete("zq", limit=20)) == set(FREQUENT + RARE)
    monkeypatch.setattr(engine, "MAX_PREFIX_TERMS", len(FREQUENT))
    assert _words(index.complete("zq", limit=20)) == set(FREQUENT)


def test_a_full_word_still_matches_past_the_cap(index, monkeypatch):
    monkeypatch.setattr(engine, "MAX_PREFIX_TERMS", 1)
    assert _words(index.complete("zqrare5")) == {"zqrare5"}
