import pytest
from whoosh import query as wq

from search.query import parse_query


def _terms(parsed):
    return {text for _field, text in parsed.text_query.all_terms()}


def test_words_are_all_required():
    parsed = parse_query("flood defences")
    assert isinstance(parsed.text_query, wq.And)
    assert _terms(parsed) == {"flood", "defenc"}


def test_or_phrase_and_not():
    assert isinstance(parse_query("flood OR tram").text_query, wq.Or)
    phrase = parse_query('"river peaks"').text_query
    assert any(isinstance(leaf, wq.Phrase) for leaf in phrase.leaves()) or isinstance(phrase, wq.Or)
    for q in ("flood -worcester", "flood NOT worcester"):
        query = parse_query(q).text_query
        assert any(isinstance(part, wq.Not) for part in query.children())


def test_headline_prefix_searches_only_the_headline():
    parsed = parse_query("headline:glacier")
    assert {field for field, _ in parsed.text_query.all_terms()} == {"headline"}


def test_region_prefix_becomes_a_case_insensitive_filter():
    parsed = parse_query('region:"West Midlands" flood')
    assert parsed.regions == ("west midlands",)
    assert _terms(parsed) == {"flood"}
    assert parse_query("region:Europe").is_empty


def test_unknown_field_prefixes_are_plain_words():
    assert {f for f, _ in parse_query("url:foo").text_query.all_terms()} <= {"headline", "body"}


@pytest.mark.parametrize(
    "q", ['"unbalanced', "AND", "OR", "NOT", ")(*", "-", '"', "[a TO b]", "x" * 10_000, "🙂🙂", "word " * 3000]
)
def test_malformed_input_never_raises(q):
    parse_query(q)


def test_right_to_left_words_are_searchable():
    assert _terms(parse_query("مرحبا بالعالم")) == {"مرحبا", "بالعالم"}


def test_only_stop_words_match_nothing_rather_than_everything():
    parsed = parse_query("the")
    assert not parsed.is_empty
    assert parsed.text_query is wq.NullQuery
