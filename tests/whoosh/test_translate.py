"""search.whoosh.translate: the neutral query tree as Whoosh queries (analysed, both fields, plain words)."""

import pytest
from whoosh import query as wq

from search.query import parse_query
from search.whoosh.translate import text_queries


class _Parsed:
    """A parsed query with its Whoosh translation, as the engine searches it."""

    def __init__(self, q: str) -> None:
        parsed = parse_query(q)
        self.text_query = text_queries(parsed).strict
        self.regions = parsed.regions
        self.is_empty = parsed.is_empty


def _parse(q: str) -> _Parsed:
    return _Parsed(q)


def _terms(parsed):
    return {text for _field, text in parsed.text_query.all_terms()}


def test_words_are_all_required():
    parsed = _parse("flood defences")
    assert isinstance(parsed.text_query, wq.And)
    assert _terms(parsed) == {"flood", "defenc"}


def test_or_phrase_and_not():
    assert isinstance(_parse("flood OR tram").text_query, wq.Or)
    phrase = _parse('"river peaks"').text_query
    assert any(isinstance(leaf, wq.Phrase) for leaf in phrase.leaves()) or isinstance(phrase, wq.Or)
    for q in ("flood -worcester", "flood NOT worcester"):
        query = _parse(q).text_query
        assert any(isinstance(part, wq.Not) for part in query.children())


def test_headline_prefix_searches_only_the_headline():
    parsed = _parse("headline:glacier")
    assert {field for field, _ in parsed.text_query.all_terms()} == {"headline"}


def test_region_prefix_becomes_a_case_insensitive_filter():
    parsed = _parse('region:"West Midlands" flood')
    assert parsed.regions == ("west midlands",)
    assert _terms(parsed) == {"flood"}
    assert _parse("region:Europe").is_empty


def test_unknown_field_prefixes_are_plain_words():
    assert {f for f, _ in _parse("url:foo").text_query.all_terms()} <= {"headline", "body"}


@pytest.mark.parametrize(
    "q", ['"unbalanced', "AND", "OR", "NOT", ")(*", "-", '"', "[a TO b]", "x" * 10_000, "🙂🙂", "word " * 3000]
)
def test_malformed_input_never_raises(q):
    text_queries(parse_query(q))


def test_right_to_left_words_are_searchable():
    assert _terms(_parse("مرحبا بالعالم")) == {"مرحبا", "بالعالم"}


def test_only_stop_words_match_nothing_rather_than_everything():
    parsed = _parse("the")
    assert not parsed.is_empty
    assert parsed.text_query is wq.NullQuery


def test_a_word_of_several_tokens_requires_them_all_in_one_field():
    assert _parse("flood-hit").text_query == wq.Or(
        [
            wq.And([wq.Term("headline", "flood"), wq.Term("headline", "hit")]),
            wq.And([wq.Term("body", "flood"), wq.Term("body", "hit")]),
        ]
    )
    assert _parse("e-mail").text_query == wq.Or([wq.Term("headline", "mail"), wq.Term("body", "mail")])


def test_phrases_allow_one_word_between_and_drop_stop_words():
    assert _parse('headline:"the river peaks"').text_query == wq.Phrase("headline", ["river", "peak"], slop=1)


def test_a_prefix_whose_word_is_a_stop_word_is_searched_as_plain_words():
    """Nothing of ``headline:the`` is left once analysed, so its words are searched, as before."""
    assert _terms(_parse("headline:the")) == {"headlin"}


def test_plain_words_are_the_first_distinct_stems_that_are_not_stop_words():
    words = " ".join(f"word{n}" for n in range(100))
    parsed = parse_query(f"{words} " + "x" * 1_000)
    strict = text_queries(parsed).strict
    assert parsed.plain_words
    assert isinstance(strict, wq.And) and len(strict.subqueries) == 64


def test_the_any_word_fallback_keeps_exclusions_and_skips_what_analysis_removes():
    assert text_queries(parse_query("flood river -tram")).relaxed == wq.And(
        [
            wq.Or(
                [
                    wq.Term("headline", "flood"),
                    wq.Term("body", "flood"),
                    wq.Term("headline", "river"),
                    wq.Term("body", "river"),
                ]
            ),
            wq.Not(wq.Or([wq.Term("headline", "tram"), wq.Term("body", "tram")])),
        ]
    )
    assert text_queries(parse_query("the flood")).relaxed is None
    assert text_queries(parse_query("mail e-mail")).relaxed is None
    assert text_queries(parse_query("flood OR river")).relaxed is None
