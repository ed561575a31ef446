"""What an element's ``class`` and ``id`` say: their words, and whether those name page chrome or
a headline.

Sites name their boxes in every style ("story-body", "storyBody", "story_body_2"): the words are
split on spaces, ``-``, ``_``, ``:``, ``.`` and ``/``, lower-cased, with digits removed, and a
camel-case name also gives its telling parts (:data:`vocabulary.CAMEL_CASE_PARTS`).  The word
lists these are matched against are in :mod:`indexer.extract.vocabulary`.
"""

from __future__ import annotations

import re

from lxml import etree

from indexer.extract.vocabulary import (
    CAMEL_CASE_PARTS,
    NEGATIVE_WORDS,
    NOT_HEADLINE_HEADS,
    POSITIVE_WORDS,
    STORY_HEADER_PREFIXES,
    STRONG_NEGATIVE_WORDS,
)

_WORD_SPLIT = re.compile(r"[\s_\-:./]+")
_DIGITS = re.compile(r"\d+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")

_CACHE_LIMIT = 50000
"""Distinct class/id values (and word sets) remembered per process: pages repeat theirs thousands
of times; the limit only bounds memory on a long reindex."""
_WORDS_CACHE: dict[str, frozenset[str]] = {}
_HEADLINE_LIKE_CACHE: dict[frozenset[str], bool] = {}


def class_words(element: etree._Element) -> frozenset[str]:
    """The words of an element's class and id, lower-cased, digits removed; camel-case names
    also give their telling parts ("MainFooter": "mainfooter", "footer")."""
    attrib = element.attrib
    cls, ident = attrib.get("class"), attrib.get("id")
    value = f"{cls} {ident}" if cls and ident else (cls or ident)
    if not value:
        return frozenset()
    words = _WORDS_CACHE.get(value)
    if words is None:
        words = _split_words(value)
        if len(_WORDS_CACHE) < _CACHE_LIMIT:
            _WORDS_CACHE[value] = words
    return words


def _split_words(value: str) -> frozenset[str]:
    plain = _DIGITS.sub("", value)
    words = {w for w in _WORD_SPLIT.split(plain.lower()) if w}
    if _CAMEL.search(plain):
        for token in plain.split():
            if "_" not in token:  # not the generated ids of nested controls ("ctl_Main_NavPart_Body")
                words.update(w for w in _WORD_SPLIT.split(_CAMEL.sub(" ", token).lower()) if w in CAMEL_CASE_PARTS)
    return frozenset(words)


def chrome_by_words(words: frozenset[str]) -> bool:
    """Whether class/id words say chrome: a strong word, or a weak one with no content word."""
    if not words:
        return False
    if not words.isdisjoint(STRONG_NEGATIVE_WORDS):
        return True
    return not words.isdisjoint(NEGATIVE_WORDS) and words.isdisjoint(POSITIVE_WORDS)


def headline_like(words: frozenset[str]) -> bool:
    """Whether class/id words name a headline: "headline", "...title", "...heading", "storyhead",
    "articleheader"; not a subtitle, a byline's title or the page's masthead."""
    known = _HEADLINE_LIKE_CACHE.get(words)
    if known is None:
        known = _names_headline(words)
        if len(_HEADLINE_LIKE_CACHE) < _CACHE_LIMIT:
            _HEADLINE_LIKE_CACHE[words] = known
    return known


def _names_headline(words: frozenset[str]) -> bool:
    for word in words:
        if word.startswith("sub"):
            continue
        if "byline" in word or "author" in word:  # "bylinetitle": the reporter's job title
            return False
        if "headline" in word or word.endswith(("title", "heading")) or word in ("hed", "head"):
            return True
        if word.endswith("head") and word not in NOT_HEADLINE_HEADS:  # "storyhead", "articlehead"
            return True
        if word.endswith("header") and word.startswith(STORY_HEADER_PREFIXES):
            return True  # "storyheader", "articleheader": the story's own, not the page's
    return False
