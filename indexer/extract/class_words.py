"""What an element's ``class`` and ``id`` say: their words, and whether those name page chrome or
a headline.

Sites name their boxes in every style ("story-body", "storyBody", "story_body_2"): the words are
split on spaces, ``-``, ``_``, ``:``, ``.`` and ``/``, lower-cased, with digits removed, and a
camel-case name also gives its telling parts (:data:`vocabulary.CAMEL_CASE_PARTS`).  The word
lists these are matched against are in :mod:`indexer.extract.vocabulary`.
"""

from __future__ import annotations

import functools
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

_CACHE_SIZE = 50000
"""Distinct class/id values (and word sets) remembered per process: pages repeat theirs thousands
of times; the limit only bounds memory on a long reindex."""


def class_words(element: etree._Element) -> frozenset[str]:
    """The words of an element's class and id, lower-cased, digits removed; camel-case names
    also give their telling parts ("MainFooter": "mainfooter", "footer")."""
    attrib = element.attrib
    cls, ident = attrib.get("class"), attrib.get("id")
    value = f"{cls} {ident}" if cls and ident else (cls or ident)
    return _split_words(value) if value else frozenset()


@functools.lru_cache(maxsize=_CACHE_SIZE)
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


@functools.lru_cache(maxsize=_CACHE_SIZE)
def headline_like(words: frozenset[str]) -> bool:
    """Whether class/id words name a headline: "headline", "...title", "...heading", "storyhead",
    "articleheader"; not a subtitle, a byline's title or the page's masthead."""
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
