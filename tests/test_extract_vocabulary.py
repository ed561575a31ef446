"""indexer.extract.vocabulary: every class/id word list holds words that class_words can produce
(a "story-date" entry, split on "-" by class_words, would never match)."""

from __future__ import annotations

import pytest
from lxml import etree

from indexer.extract import vocabulary
from indexer.extract.class_words import class_words

CLASS_WORD_LISTS = [
    "NEGATIVE_WORDS",
    "POSITIVE_WORDS",
    "STRONG_NEGATIVE_WORDS",
    "CAMEL_CASE_PARTS",
    "COMMENT_WORDS",
    "DATE_COMMENT_WORDS",
    "LOGO_WORDS",
    "NOT_HEADLINE_HEADS",
    "DATE_CLASS_WORDS",
    "DATE_CHROME_WORDS",
    "ARTICLE_CLASS_WORDS",
]


@pytest.mark.parametrize("name", CLASS_WORD_LISTS)
def test_class_word_lists_hold_single_class_words(name):
    unmatchable = [
        word
        for word in sorted(getattr(vocabulary, name))
        if class_words(etree.Element("div", {"class": word})) != {word}
    ]
    assert unmatchable == []


def test_class_words_splits_names_the_way_the_lists_expect():
    element = etree.Element("div", {"class": "story-date entry_meta2", "id": "MainFooter"})
    assert class_words(element) == {"story", "date", "entry", "meta", "mainfooter", "footer"}


def test_the_date_lists_widen_the_body_lists_on_purpose():
    """A date in a reply or a forum post is a reader's; a date in a drop-down is an archive's."""
    assert {"reply", "forum"} == vocabulary.DATE_COMMENT_WORDS - vocabulary.COMMENT_WORDS
    assert {"option", "select"} == vocabulary.DATE_CHROME_TAGS - vocabulary.CHROME_TAGS
