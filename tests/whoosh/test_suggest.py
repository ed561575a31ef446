"""Did-you-mean is bounded: words looked up, word length, edit distance and time (issue 8, defect 3).

Unbounded, 55 random 8-letter words cost 31 s of CPU and one 500-letter word 6.8 s.
"""

from __future__ import annotations

import random
import string
from pathlib import Path

import pytest
from whoosh.spelling import Corrector

from search import Engine
from search.model import Article, SearchRequest
from search.whoosh import engine
from tests.engines import engine_at, write_index

WORDS = [
    "harbour",
    "ferry",
    "lighthouse",
    "council",
    "bridge",
    "weather",
    "festival",
    "railway",
    "museum",
    "hospital",
    "library",
    "orchestra",
]


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path: Path = tmp_path_factory.mktemp("suggest-index")
    write_index(
        path,
        [
            Article(headline=f"The {word} story", body=f"A report about the {word} and the town.", source=f"{word}.txt")
            for word in WORDS
        ],
    )
    return engine_at(path)


@pytest.fixture()
def lookups(monkeypatch) -> list[dict]:
    """Every call of Whoosh's corrector, with its arguments."""
    calls: list[dict] = []
    suggest = Corrector.suggest

    def spy(self, text, limit=5, maxdist=2, prefix=0):
        calls.append({"text": text, "maxdist": maxdist, "prefix": prefix})
        return suggest(self, text, limit=limit, maxdist=maxdist, prefix=prefix)

    monkeypatch.setattr(Corrector, "suggest", spy)
    return calls


def _random_words(count: int, length: int) -> list[str]:
    rng = random.Random(55)
    return ["".join(rng.choices(string.ascii_lowercase, k=length)) for _ in range(count)]


def test_misspellings_are_still_corrected(index, lookups):
    assert index.search(SearchRequest(q="harbuor fery")).suggestion == "harbour ferry"
    assert {call["prefix"] for call in lookups} == {engine.SUGGEST_PREFIX}


def test_many_unknown_words_are_looked_up_a_bounded_number_of_times(index, lookups):
    q = " ".join(_random_words(55, 8))
    response = index.search(SearchRequest(q=q))
    assert response.total == 0
    assert 0 < len(lookups) <= engine.MAX_SUGGEST_WORDS
    assert all(call["maxdist"] <= engine.MAX_EDIT_DISTANCE for call in lookups)


def test_words_past_the_lookups_stay_as_typed(index, lookups):
    unknown = " ".join(_random_words(engine.MAX_SUGGEST_WORDS, 8))
    suggestion = index.search(SearchRequest(q=f"{unknown} librery")).suggestion
    assert suggestion is None or suggestion.endswith(" librery")
    assert index.search(SearchRequest(q=f"librery {unknown}")).suggestion.startswith("library ")


def test_a_very_long_word_is_not_looked_up(index, lookups):
    long_word = _random_words(1, 500)[0]
    assert index.search(SearchRequest(q=long_word)).suggestion is None
    assert index.search(SearchRequest(q="harbour" + "u" * engine.MAX_SUGGEST_WORD_CHARS)).suggestion is None
    assert lookups == []


def test_long_words_get_at_most_two_edits(index, lookups):
    # Three edits from "orchestra" (8 letters after stemming): no longer offered.
    assert index.search(SearchRequest(q="oxchextrq")).suggestion is None
    assert index.search(SearchRequest(q="orchestar")).suggestion == "orchestra"
    assert max(call["maxdist"] for call in lookups) == 2


def test_no_time_left_means_no_suggestion_but_an_answer(index, lookups, monkeypatch):
    monkeypatch.setattr(engine, "SUGGEST_BUDGET_S", 0.0)
    response = index.search(SearchRequest(q="harbuor fery"))
    assert response.total == 0 and response.suggestion is None
    assert lookups == []
