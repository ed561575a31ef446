"""bench/perf_queries.py: the query mix is deterministic, cycles through its kinds, and is drawn from the corpus."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bench import make_corpus as mc
from bench.corpus_text import TextModel
from bench.perf_queries import KINDS, BenchQuery, QueryMaker, phrases_in


@pytest.fixture(scope="module")
def model(shared_data: Path) -> TextModel:
    return TextModel.load(shared_data)


def test_params_in_newsearch_syntax() -> None:
    assert BenchQuery("2 words", ("flood", "defences")).params() == {"q": "flood defences"}
    assert BenchQuery("phrase", ("interest", "rates"), mode="phrase").params() == {"q": '"interest rates"'}
    assert BenchQuery("OR", ("flood", "storm"), mode="any").params() == {"q": "flood OR storm"}
    assert BenchQuery("date filter", ("budget",), date_from=date(2009, 3, 1), date_to=date(2009, 3, 31)).params() == {
        "q": "budget",
        "from": "2009-03-01",
        "to": "2009-03-31",
    }
    assert BenchQuery("browse newest", sort="newest").path() == "/api/search?q=&sort=newest"
    assert BenchQuery("page 10", ("said",), page=10).path("/") == "/?q=said&page=10"
    assert (
        BenchQuery("region filter", ("tram",), region="Science & Environment").path()
        == "/api/search?q=tram&region=Science+%26+Environment"
    )


def test_phrases_are_runs_of_content_words() -> None:
    assert phrases_in("Interest rates rose, the bank said. Mortgage lenders") == [
        ("interest", "rates"),
        ("rates", "rose"),
        ("interest", "rates", "rose"),
        ("bank", "said"),
        ("mortgage", "lenders"),
    ]


def test_the_mix_cycles_through_the_kinds_and_is_deterministic(model: TextModel) -> None:
    mix = QueryMaker(model, corpus_seed=1, pages=500, seed=7).mix(30)
    assert [q.kind for q in mix] == list(KINDS) * 3
    assert mix == QueryMaker(model, corpus_seed=1, pages=500, seed=7).mix(30)
    assert mix != QueryMaker(model, corpus_seed=1, pages=500, seed=8).mix(30)


def test_each_kind_has_what_it_says(model: TextModel) -> None:
    maker = QueryMaker(model, corpus_seed=1, pages=500, seed=3)
    for _ in range(5):
        assert len(maker.make("3 words").words) == 3
        name = maker.make("name")
        assert len(name.words) == 2 and all(w[0].isupper() for w in name.words)
        assert maker.make("phrase").mode == "phrase"
        assert maker.make("OR").q.count(" OR ") == 1
        dated = maker.make("date filter")
        assert dated.date_from and dated.date_to and dated.date_from.year == dated.date_to.year
        assert maker.make("region filter").region in mc.REGION_NAMES
        assert maker.make("browse newest").params() == {"q": "", "sort": "newest"}
        assert maker.make("page 10").page == 10


def test_queries_come_from_pages_of_the_corpus(model: TextModel) -> None:
    """Every word of a headline query is in the headline or lead of some page of the corpus."""
    pages = [mc.plan_page(model, 2, i) for i in range(60)]
    text = " ".join(p.fields["headline"] + " " + p.fields["paragraphs"][0] for p in pages).lower()
    for query in QueryMaker(model, corpus_seed=2, pages=60, seed=1).mix(40):
        if query.kind in ("1 word", "2 words", "3 words", "region filter"):
            assert all(word in text for word in query.words), query


def test_suggest_prefixes_end_in_a_word_being_typed(model: TextModel) -> None:
    prefixes = QueryMaker(model, corpus_seed=1, pages=100, seed=1).suggest_prefixes(20)
    assert len(prefixes) == 20
    assert all(p == p.lower() and 1 <= len(p.split()[-1]) <= 3 for p in prefixes)
