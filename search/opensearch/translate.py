"""The neutral query tree (``search.query``) -> OpenSearch query DSL, built as the embedded engine builds its queries.

Nothing typed reaches the cluster as query syntax: each word becomes ``term`` queries of the tokens
the index's analyzer makes of it (``search.opensearch.analysis``), each phrase a ``match_phrase``,
and the groups ``bool`` queries. The rules are ``search.whoosh.translate``'s, so the two engines
search the same words for the same input:

- an unfielded word or phrase is searched in the headline or the body, the headline weighing
  ``HEADLINE_BOOST`` times as much; a word of several tokens (``e-mail``) requires them all;
  phrases allow one word between their words (slop 1);
- what the analysis drops (stop words, punctuation) drops out of its group, a group left with one
  member is that member, and repeated members count once;
- a tree of which nothing is left, or of more than ``MAX_TERMS`` terms, is searched as plain words:
  the first ``MAX_TERMS`` words whose stems differ, all required;
- the any-word version (``relaxed``) of what is searched, unless it is the same query.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from search.opensearch.mapping import FIELD_BOOSTS
from search.query import (
    MAX_TERMS,
    SEARCHABLE_FIELDS,
    AllOf,
    AnyOf,
    Node,
    Not,
    ParsedQuery,
    Phrase,
    Word,
    leaves,
    relax,
)

PHRASE_SLOP = 1
MATCH_NONE: dict[str, Any] = {"match_none": {}}

Query = dict[str, Any]
Tokens = Callable[[Iterable[str]], dict[str, tuple[str, ...]]]
"""Texts -> the tokens the index's text analyzer makes of each (``Analyser.tokens``)."""


@dataclass(frozen=True)
class TextQueries:
    """What a search runs: ``strict`` (None when browsing), and ``relaxed``, its any-word version (None
    when relaxing changes nothing)."""

    strict: Query | None
    relaxed: Query | None = None


def text_queries(parsed: ParsedQuery, analyse: Tokens) -> TextQueries:
    """The queries of a parsed search box; the analysis of all its words is asked for at once."""
    if parsed.tree is None:
        return TextQueries(None)
    translator = _Translator(analyse([leaf.text for leaf in leaves(parsed.tree)] + list(parsed.words)))
    tree = None if parsed.plain_words else translator.analysed(parsed.tree)
    if tree is None or translator.term_count(tree) > MAX_TERMS:
        tree = translator.analysed(translator.plain_words(parsed.words))
    if tree is None:
        return TextQueries(MATCH_NONE)
    strict = translator.query(tree)
    relaxed_tree = relax(tree)
    relaxed = translator.query(relaxed_tree) if relaxed_tree is not None else None
    return TextQueries(strict, relaxed if relaxed != strict else None)


class _Translator:
    def __init__(self, tokens: dict[str, tuple[str, ...]]) -> None:
        self.tokens = tokens

    def analysed(self, node: Node | None) -> Node | None:
        """The tree without what the analysis drops, simplified as the embedded engine's normalising does."""
        if node is None:
            return None
        if isinstance(node, (Word, Phrase)):
            return node if self.tokens.get(node.text) else None
        if isinstance(node, Not):
            part = self.analysed(node.part)
            return Not(part) if part is not None else None
        parts: list[Node] = []
        for child in node.parts:
            part = self.analysed(child)
            if part is not None:
                parts.extend(part.parts if type(part) is type(node) else (part,))
        distinct: dict[str, Node] = {}
        for part in parts:
            distinct.setdefault(json.dumps(self.query(part), sort_keys=True), part)
        if len(distinct) <= 1:
            return next(iter(distinct.values()), None)
        return type(node)(tuple(distinct.values()))

    def term_count(self, node: Node) -> int:
        """Terms as the embedded engine counts them: an unfielded word once per field, each of its tokens."""
        if isinstance(node, (Word, Phrase)):
            fields = 1 if node.field else len(SEARCHABLE_FIELDS)
            return fields * (len(self.tokens.get(node.text, ())) if isinstance(node, Word) else 1)
        if isinstance(node, Not):
            return self.term_count(node.part)
        return sum(self.term_count(part) for part in node.parts)

    def plain_words(self, words: tuple[str, ...]) -> Node | None:
        """The first MAX_TERMS words whose stems are distinct and not stop words, all required."""
        kept: list[Node] = []
        stems: set[str] = set()
        for word in words:
            stem = next(iter(self.tokens.get(word, ())), "")
            if stem and stem not in stems:
                stems.add(stem)
                kept.append(Word(word))
                if len(kept) == MAX_TERMS:
                    break
        return AllOf(tuple(kept)) if kept else None

    def query(self, node: Node) -> Query:
        if isinstance(node, Word):
            return _in_fields(node.field, lambda field: self._word(field, node.text))
        if isinstance(node, Phrase):
            return _in_fields(node.field, lambda field: _phrase(field, node.text))
        if isinstance(node, Not):
            return {"bool": {"must_not": [self.query(node.part)]}}
        if isinstance(node, AnyOf):
            return {"bool": {"should": [self.query(part) for part in node.parts], "minimum_should_match": 1}}
        wanted = [self.query(part) for part in node.parts if not isinstance(part, Not)]
        unwanted = [self.query(part.part) for part in node.parts if isinstance(part, Not)]
        return {"bool": {key: value for key, value in (("must", wanted), ("must_not", unwanted)) if value}}

    def _word(self, field: str, text: str) -> Query:
        terms = [{"term": {field: {"value": token, "boost": FIELD_BOOSTS[field]}}} for token in self.tokens[text]]
        return terms[0] if len(terms) == 1 else {"bool": {"must": terms}}


def _in_fields(field: str | None, query_in: Callable[[str], Query]) -> Query:
    if field is not None:
        return query_in(field)
    return {"bool": {"should": [query_in(name) for name in SEARCHABLE_FIELDS]}}


def _phrase(field: str, text: str) -> Query:
    return {"match_phrase": {field: {"query": text, "slop": PHRASE_SLOP, "boost": FIELD_BOOSTS[field]}}}
