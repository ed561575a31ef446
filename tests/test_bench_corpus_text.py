"""bench/corpus_text.py: the text model keeps a real article's shape and its category's sentences."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from bench.corpus_text import (
    SourceArticle,
    TextModel,
    content_words,
    names_in,
    read_source_articles,
    split_sentences,
)

ARTICLES = [
    SourceArticle(
        "sport",
        "Rovers win the cup final",
        (
            ("Rovers won the final on Saturday.", "Their keeper saved two penalties."),
            ("The manager praised the fans.",),
        ),
    ),
    SourceArticle(
        "sport", "City sack their coach after defeat", (("City lost again at home.", "The board met on Monday."),)
    ),
    SourceArticle(
        "business",
        "Bank profits rise sharply",
        (
            ("Profits at the bank rose by a fifth.", "Shares gained 3% in London."),
            ("Analysts had expected less.", "The chief executive Anna Berg was pleased."),
        ),
    ),
]


def test_split_sentences() -> None:
    assert split_sentences('He said: "We won." Then 3 more came! Why? Because £5 was owed.') == (
        'He said: "We won."',
        "Then 3 more came!",
        "Why?",
        "Because £5 was owed.",
    )
    assert split_sentences("Mr. smith stayed in the U.K. since 2004.") == ("Mr. smith stayed in the U.K. since 2004.",)


def test_generate_keeps_a_topic_shape_and_draws_sentences_of_its_category() -> None:
    model = TextModel(ARTICLES)
    sport = {s for a in ARTICLES if a.category == "sport" for p in a.paragraphs for s in p}
    for seed in range(30):
        text = model.generate(random.Random(seed))
        topic_shapes = {tuple(len(p) for p in a.paragraphs) for a in ARTICLES if a.category == text.category}
        sentences = [split_sentences(p) for p in text.paragraphs]
        assert tuple(len(p) for p in sentences) in topic_shapes
        if text.category == "sport":
            assert {s for p in sentences for s in p} <= sport
        assert text.headline


def test_generation_is_deterministic_for_a_random_source() -> None:
    model = TextModel(ARTICLES)
    assert model.generate(random.Random(4)) == model.generate(random.Random(4))


def test_headlines_join_halves_of_two_headlines_of_the_category() -> None:
    model = TextModel(ARTICLES)
    topic = ARTICLES[0]
    seen = {model.headline(topic, random.Random(seed)) for seed in range(40)}
    assert topic.headline in seen
    assert "Rovers win coach after defeat" in seen


def test_content_words_names_and_frequent_words() -> None:
    assert content_words("The Bank's profits rose, and it is a good year for us") == ["profits", "rose", "good", "year"]
    assert names_in("The chief executive Anna Berg said, Rovers fans and Tesk Valley agreed") == [
        "Anna Berg",
        "Tesk Valley",
    ]
    councils = [
        SourceArticle("politics", f"Story {n}", ((text,),))
        for n, text in enumerate(
            ["The council set its budget.", "A council budget row grew.", "Council tax rose again."]
        )
    ]
    assert TextModel(councils).frequent_words(2) == ["council", "budget"]


def test_reads_the_shared_bbc_articles(shared_data: Path) -> None:
    articles = read_source_articles(shared_data)
    assert len(articles) > 2000
    assert {a.category for a in articles} == {"business", "entertainment", "politics", "sport", "tech"}
    assert all(a.paragraphs and all(a.paragraphs) for a in articles)


def test_missing_data_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="bbc-fulltext"):
        read_source_articles(tmp_path)
    with pytest.raises(ValueError):
        TextModel([])
