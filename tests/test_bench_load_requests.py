"""bench/load_requests.py: the load test's vocabulary, its decks, and every kind of request with its expected status."""

from __future__ import annotations

import random
from collections import Counter
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from bench.corpus_text import TextModel, content_words
from bench.load_requests import (
    KINDS,
    Deck,
    LoadRequest,
    PageFacts,
    RequestMaker,
    distinct_words,
    invent,
    lines_sent,
    make_vocabulary,
    misspell,
    survey_pages,
    write_request_file,
)
from bench.make_corpus import plan_page

CORPUS_WORDS = [
    "flood",
    "defences",
    "worcester",
    "river",
    "glacier",
    "satellite",
    "council",
    "tram",
    "quotas",
    "ministers",
    "brussels",
    "village",
    "school",
    "garden",
    "vegetables",
    "kitchen",
]
FACTS = [
    PageFacts(0, ("flood", "defences", "worcester"), (("flood", "defences"),), "West Midlands", date(2009, 3, 10)),
    PageFacts(1, ("glacier", "satellite"), (), "Science & Environment", date(2009, 5, 4)),
    PageFacts(2, ("council", "tram"), (("council", "tram"),), "", date(2008, 11, 2)),
    PageFacts(3, ("village", "school", "garden"), (), "England", None),
]


def edits_apart(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (optimal string alignment): a swap of two letters is one edit."""
    rows = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            rows[i][j] = min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, rows[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                rows[i][j] = min(rows[i][j], rows[i - 2][j - 2] + 1)
    return rows[-1][-1]


def maker(seed: int = 3, odd_words: int = 40, corpus_words: list[str] = CORPUS_WORDS) -> RequestMaker:
    vocabulary = make_vocabulary(corpus_words, odd_words, random.Random(seed))
    return RequestMaker(FACTS, vocabulary, ["said", "year"], ["0123456789abcdef", "fedcba9876543210"], seed)


def test_a_misspelling_is_one_edit_away_and_keeps_the_first_letter() -> None:
    rng = random.Random(1)
    for _ in range(500):
        word = rng.choice(CORPUS_WORDS)
        wrong = misspell(word, rng)
        assert wrong[0] == word[0]
        assert edits_apart(word, wrong) <= 1


def test_the_vocabulary_is_distinct_and_its_odd_words_are_in_no_page() -> None:
    vocabulary = make_vocabulary(CORPUS_WORDS, 1000, random.Random(2))
    assert (len(vocabulary.misspelt), len(vocabulary.made_up)) == (500, 500)
    everything = [*vocabulary.corpus, *vocabulary.misspelt, *vocabulary.made_up]
    assert len(everything) == len(set(everything)) == len(vocabulary) == len(CORPUS_WORDS) + 1000
    assert not set(vocabulary.odd) & set(CORPUS_WORDS)
    assert all(word.isalpha() and word.islower() for word in vocabulary.odd)
    assert all(5 <= len(invent(random.Random(n))) <= 10 for n in range(50))


def test_more_new_words_than_can_be_made_is_an_error() -> None:
    with pytest.raises(ValueError, match="new words"):
        make_vocabulary(["abcde"], 10_000, random.Random(0))


def test_a_deck_deals_every_word_once_before_any_again() -> None:
    deck = Deck(["a", "b", "c", "d"], random.Random(5))
    first, second = [deck.deal() for _ in range(4)], [deck.deal() for _ in range(4)]
    assert sorted(first) == sorted(second) == ["a", "b", "c", "d"]
    with pytest.raises(ValueError):
        Deck([], random.Random(5))


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_makes_requests_with_their_expected_status(kind: str) -> None:
    made = maker()
    for _ in range(30):
        request = made.make(kind)
        assert request.kind == kind
        endpoint, query = urlsplit(request.path).path, parse_qs(urlsplit(request.path).query, keep_blank_values=True)
        assert endpoint in ("/", "/api/search", "/search.atom", "/api/suggest") or endpoint.startswith("/api/article/")
        if kind == "bad parameter":
            assert request.expect in (400, 404)
        else:
            assert request.expect == 200
            for name, values in query.items():
                assert name in ("q", "from", "to", "region", "sort", "page", "page_size", "format")
                if name in ("page", "page_size"):
                    assert int(values[0]) >= 1
            if "page" in query:
                assert int(query["page"][0]) * int(query.get("page_size", ["10"])[0]) <= 10_000


def test_filters_come_from_the_page_whose_words_are_searched() -> None:
    made = maker()
    for _ in range(50):
        query = parse_qs(urlsplit(made.make("region filter").path).query)
        facts = next(f for f in FACTS if query["q"][0] in f.words)
        assert query["region"][0].casefold() == facts.region.casefold() and facts.region
    for _ in range(50):
        query = parse_qs(urlsplit(made.make("date filter").path).query)
        facts = next(f for f in FACTS if query["q"][0].split()[0] in f.words)
        assert facts.day is not None
        assert query.get("from", ["0000"])[0] <= facts.day.isoformat() <= query.get("to", ["9999"])[0]


def test_requests_deal_new_words_and_count_them() -> None:
    rng = random.Random(9)
    made = maker(odd_words=2000, corpus_words=[invent(rng) for _ in range(3000)])
    requests = made.requests(400)
    assert set(Counter(r.kind for r in requests)) == set(KINDS)
    words = distinct_words(requests, range(len(requests)))
    assert len(words) > len(requests)
    assert LoadRequest("OR", "/api/search?q=Flood+OR+%22river+peaks%22+-tram").words == {
        "flood",
        "river",
        "peaks",
        "tram",
    }
    assert LoadRequest("article", "/api/article/0123456789abcdef").words == frozenset()


def test_lines_sent_wrap_around_the_list() -> None:
    assert lines_sent(10, [(0, 3), (8, 4)]) == [0, 1, 2, 8, 9, 0, 1]


def test_the_request_file_has_one_path_a_line(tmp_path: Path) -> None:
    requests = maker().requests(50)
    write_request_file(requests, tmp_path / "requests.txt")
    assert (tmp_path / "requests.txt").read_text(encoding="ascii").splitlines() == [r.path for r in requests]


def test_article_requests_need_ids() -> None:
    vocabulary = make_vocabulary(CORPUS_WORDS, 10, random.Random(0))
    with pytest.raises(ValueError, match="id"):
        RequestMaker(FACTS, vocabulary, ["said"], [], 0)


def test_the_survey_reads_words_region_and_day_from_the_planned_pages(shared_data: Path) -> None:
    model = TextModel.load(shared_data)
    facts, vocabulary = survey_pages(model, 1, 60)
    assert [f.index for f in facts] == list(range(60))
    for f in facts:
        page = plan_page(model, 1, f.index)
        assert set(f.words) <= vocabulary and set(f.words) >= set(content_words(page.fields["headline"]))
        assert (f.region == "") == (page.template == "plain")
        assert (f.day is None) == (page.template == "text")
        assert all(set(phrase) <= vocabulary for phrase in f.phrases)
