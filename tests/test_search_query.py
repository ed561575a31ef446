"""search.query: the search box parsed into the engine-neutral tree (no engine involved)."""

from datetime import date

import pytest

from search.query import MAX_PARSED_CHARS, MAX_TERMS, AllOf, AnyOf, Not, Phrase, Word, parse_query, relax


def tree(q: str):
    return parse_query(q).tree


def test_words_side_by_side_are_all_required_and_stay_as_typed():
    assert tree("Flood defences") == AllOf((Word("Flood"), Word("defences")))
    assert tree("e-mail") == Word("e-mail")


def test_phrases_keep_their_text():
    assert tree('"river peaks" flood') == AllOf((Phrase("river peaks"), Word("flood")))


def test_and_binds_tighter_than_or_and_both_tighter_than_juxtaposition():
    assert tree("a OR b AND c") == AnyOf((Word("a"), AllOf((Word("b"), Word("c")))))
    assert tree("x a OR b") == AllOf((Word("x"), AnyOf((Word("a"), Word("b")))))
    assert tree("a OR b OR c") == AnyOf((Word("a"), Word("b"), Word("c")))


def test_not_and_minus_exclude_the_next_item():
    expected = AllOf((Word("flood"), Not(Word("worcester"))))
    assert tree("flood NOT worcester") == expected
    assert tree("flood -worcester") == expected
    assert tree('flood -"river peaks"') == AllOf((Word("flood"), Not(Phrase("river peaks"))))
    assert tree("NOT a OR b") == AnyOf((Not(Word("a")), Word("b")))


def test_a_minus_inside_a_word_is_part_of_it():
    assert tree("flood-hit well-known") == AllOf((Word("flood-hit"), Word("well-known")))


def test_parentheses_group():
    assert tree("(a OR b) c") == AllOf((AnyOf((Word("a"), Word("b"))), Word("c")))
    assert tree("-(a b) c") == AllOf((Not(AllOf((Word("a"), Word("b")))), Word("c")))


def test_unbalanced_parentheses_are_forgiven():
    assert tree("a (b OR c") == AllOf((Word("a"), AnyOf((Word("b"), Word("c")))))
    assert tree("a) b") == AllOf((Word("a"), Word("b")))


def test_operators_are_upper_case_and_need_spaces():
    assert tree("flood or storm") == AllOf((Word("flood"), Word("or"), Word("storm")))
    assert tree("a OR(b)") == AllOf((Word("a"), Word("OR"), Word("b")))
    assert tree("flood OR") == AllOf((Word("flood"), Word("OR")))
    assert tree("AND flood") == AllOf((Word("AND"), Word("flood")))


def test_field_prefixes_on_a_word_a_phrase_and_a_group():
    assert tree("headline:glacier") == Word("glacier", "headline")
    assert tree('body:"river peaks"') == Phrase("river peaks", "body")
    assert tree("headline:(a body:b)") == AllOf((Word("a", "headline"), Word("b", "body")))


def test_a_prefix_with_nothing_after_it_is_a_word():
    assert tree("flood headline: storm") == AllOf((Word("flood"), Word("headline:"), Word("storm")))


def test_unknown_prefixes_are_text():
    assert tree("url:foo") == Word("url:foo")
    assert tree("Headline:glacier") == Word("Headline:glacier")
    assert tree("at 10:30") == AllOf((Word("at"), Word("10:30")))


def test_region_and_date_prefixes_become_filters():
    parsed = parse_query('region:"West Midlands" region:europe flood date:2009-03')
    assert parsed.regions == ("west midlands", "europe")
    assert (parsed.date_from, parsed.date_to) == (date(2009, 3, 1), date(2009, 3, 31))
    assert parsed.tree == Word("flood")
    ranged = parse_query("date:[2009-01-01 TO *] date:2009")
    assert (ranged.date_from, ranged.date_to) == (date(2009, 1, 1), date(2009, 12, 31))
    assert parse_query("date:2009-13").tree == Word("date:2009-13")


def test_filters_alone_browse():
    parsed = parse_query("region:Europe date:2009")
    assert parsed.is_empty and parsed.tree is None


def test_syntax_without_meaning_is_searched_as_plain_words():
    parsed = parse_query("NOT NOT flood")
    assert parsed.plain_words
    assert parsed.tree == AllOf((Word("NOT"), Word("flood")))


def test_too_many_terms_or_characters_are_plain_words():
    many = " ".join(f"w{n} OR" for n in range(MAX_TERMS + 1))
    assert parse_query(many).plain_words
    assert not parse_query(" ".join(f"w{n}" for n in range(MAX_TERMS))).plain_words
    long = "flood OR " + "x" * MAX_PARSED_CHARS
    parsed = parse_query(long)
    assert parsed.plain_words and parsed.tree == AllOf((Word("flood"), Word("OR"), Word("x" * MAX_PARSED_CHARS)))


def test_repeated_words_are_searched_once():
    assert tree("flood flood") == Word("flood")
    assert parse_query("flood flood " + "x" * MAX_PARSED_CHARS).tree == AllOf((Word("flood"), Word("x" * 1000)))


@pytest.mark.parametrize(
    "q",
    [
        '"unbalanced',
        "AND",
        "OR",
        "NOT",
        ")(*",
        "-",
        '"',
        "[a TO b]",
        "x" * 10_000,
        "🙂🙂",
        "word " * 3000,
        "((((",
        "))))",
        "NOT AND OR",
        "headline:",
        "headline:body:",
        '-"',
        "-(",
        "\x00\t\n",
    ],
)
def test_malformed_input_never_raises(q):
    parse_query(q)


def test_relax_asks_for_any_of_the_wanted_words_keeping_exclusions():
    assert relax(tree("a b -c")) == AllOf((AnyOf((Word("a"), Word("b"))), Not(Word("c"))))
    assert relax(tree("a b")) == AnyOf((Word("a"), Word("b")))


def test_relax_has_nothing_to_do_with_one_word_or_an_or():
    assert relax(tree("a -c")) is None
    assert relax(tree("a OR b")) is None
    assert relax(None) is None
