"""search/opensearch/translate.py: the neutral tree as query DSL, by the embedded engine's rules (no cluster needed:
the analysis is a stand-in that lower-cases, drops a few stop words and a plural s)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable

import pytest

from search.opensearch.translate import MATCH_NONE, TextQueries, text_queries
from search.query import MAX_TERMS, parse_query

STOP = {"the", "of", "a", "and", "or"}
calls: list[list[str]] = []


def analyse(texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """What the index's analyzer would make of each text, roughly: words, lower case, no stop words, no plural s."""
    texts = list(texts)
    calls.append(texts)
    return {
        text: tuple(word.lower().removesuffix("s") for word in re.findall(r"\w+", text) if word.lower() not in STOP)
        for text in texts
    }


def queries(q: str) -> TextQueries:
    return text_queries(parse_query(q), analyse)


def term(field: str, token: str) -> dict:
    return {"term": {field: {"value": token, "boost": 3.0 if field == "headline" else 1.0}}}


def word(token: str) -> dict:
    return {"bool": {"should": [term("headline", token), term("body", token)]}}


def test_every_word_is_required_in_the_headline_or_the_body_the_headline_weighing_three_times() -> None:
    assert queries("flood defences").strict == {"bool": {"must": [word("flood"), word("defence")]}}
    assert queries("flood").strict == word("flood")


def test_all_the_words_of_a_query_are_analysed_in_one_request() -> None:
    calls.clear()
    queries('flood "river severn" -worcester OR headline:glacier')
    assert len(calls) == 1 and {"flood", "river severn", "worcester", "glacier"} <= set(calls[0])


def test_stop_words_drop_out_and_a_query_of_nothing_else_matches_nothing() -> None:
    assert queries("the flood").strict == queries("flood").strict
    assert queries("the of").strict == MATCH_NONE and queries("the of").relaxed is None
    assert queries("headline:the flood").strict == word("flood")


def test_a_word_of_several_tokens_requires_them_all() -> None:
    assert queries("e-mail").strict == {
        "bool": {
            "should": [
                {"bool": {"must": [term("headline", "e"), term("headline", "mail")]}},
                {"bool": {"must": [term("body", "e"), term("body", "mail")]}},
            ]
        }
    }


def test_phrases_keep_their_text_for_the_fields_analyzer_and_allow_one_word_between() -> None:
    assert queries('"river severn"').strict == {
        "bool": {
            "should": [
                {"match_phrase": {"headline": {"query": "river severn", "slop": 1, "boost": 3.0}}},
                {"match_phrase": {"body": {"query": "river severn", "slop": 1, "boost": 1.0}}},
            ]
        }
    }
    assert queries('"the of"').strict == MATCH_NONE


def test_not_or_and_fields() -> None:
    assert queries("flood -worcester").strict == {"bool": {"must": [word("flood")], "must_not": [word("worcester")]}}
    assert queries("flood NOT worcester").strict == queries("flood -worcester").strict
    assert queries("tram OR glacier").strict == {
        "bool": {"should": [word("tram"), word("glacier")], "minimum_should_match": 1}
    }
    assert queries("headline:glacier body:ice").strict == {
        "bool": {"must": [term("headline", "glacier"), term("body", "ice")]}
    }
    assert queries("-worcester").strict == {"bool": {"must_not": [word("worcester")]}}


def test_the_relaxed_query_wants_any_word_and_still_excludes() -> None:
    relaxed = queries("ferry -harbour tolls").relaxed
    any_word = {"bool": {"should": [word("ferry"), word("toll")], "minimum_should_match": 1}}
    assert relaxed == {"bool": {"must": [any_word], "must_not": [word("harbour")]}}
    assert queries("ferry").relaxed is None
    assert queries("ferry the").relaxed is None  # one word is searched: nothing to relax
    assert queries("flood flood").relaxed is None and queries("flood floods").relaxed is None  # the same word


def test_more_terms_than_the_bound_are_searched_as_the_first_distinct_plain_words() -> None:
    words = [f"w{n}" for n in range(MAX_TERMS + 10)]
    assert queries(" ".join(words)).strict == {"bool": {"must": [word(w) for w in words[:MAX_TERMS]]}}
    grouped = " OR ".join(words[:40])  # 40 words, each searched in two fields: 80 terms, past the bound
    assert queries(grouped).strict == {"bool": {"must": [word(w) for w in words[:40]]}}
    assert queries(" OR ".join(words[:30])).strict["bool"]["minimum_should_match"] == 1  # 60 terms: as typed


@pytest.mark.parametrize(
    "q",
    [
        'title:"x" OR (y',
        "a\\b* ?c~2 [1 TO 5] {x} ^3 /re.*/",
        "zz:(a OR",
        'x" OR "y',
        "NOT NOT",
        "region:",
        "date:[* TO",
    ],
)
def test_typed_syntax_never_reaches_the_cluster_as_query_syntax(q: str) -> None:
    found = queries(q)
    text = json.dumps([found.strict, found.relaxed])
    assert "query_string" not in text and "simple_query_string" not in text and "regexp" not in text
    assert "wildcard" not in text and "fuzzy" not in text
