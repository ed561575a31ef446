"""The neutral query tree (``search.query``) -> Whoosh query objects.

The queries are those Whoosh's ``MultifieldParser`` built when it parsed the search box (the
app's parser until issue 9), so ranking is unchanged: a word is analysed as the field indexes
it (folded, stemmed, stop words dropped; a word of several tokens, ``e-mail``, requires them
all), an unfielded word or phrase is searched in the headline or the body, phrases allow one
word between their words (slop 1), and the headline's weight is the schema's field boost.
``tests/whoosh/test_translate.py`` and ``tests/whoosh/test_query_equivalence.py`` check it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from whoosh import query as wq

from search.query import (
    MAX_TERMS,
    SEARCHABLE_FIELDS,
    AllOf,
    Node,
    Not,
    ParsedQuery,
    Phrase,
    Word,
    relax,
)
from search.whoosh.schema import TEXT_ANALYZER, stem_word

FIELD_BOOSTS = {"headline": 1.0, "body": 1.0}
"""The weight of a match in each field within a query (the headline's greater weight is the
schema's field boost, applied when scoring)."""
PHRASE_SLOP = 1


@dataclass(frozen=True)
class TextQueries:
    """What a search runs: ``strict`` (None when browsing), and ``relaxed``, its any-word version
    (None when relaxing changes nothing), worked out only when a search asks for it."""

    strict: wq.Query | None
    searched_tree: Node | None = None

    @cached_property
    def relaxed(self) -> wq.Query | None:
        relaxed_tree = relax(_analysed(self.searched_tree))
        relaxed = normalized(to_whoosh(relaxed_tree)) if relaxed_tree is not None else None
        return relaxed if relaxed != self.strict else None


def text_queries(parsed: ParsedQuery) -> TextQueries:
    """The Whoosh queries of a parsed search box.

    A parsed tree of which the analysis leaves nothing (``headline:the``), or more than MAX_TERMS
    terms (each unfielded word counts once per field), is searched as plain words instead, as
    before: the first MAX_TERMS distinct words that the analysis keeps, all required.
    """
    if parsed.tree is None:
        return TextQueries(None)
    tree: Node | None = None if parsed.plain_words else parsed.tree
    strict = normalized(to_whoosh(tree)) if tree is not None else wq.NullQuery
    if strict is wq.NullQuery or len(list(strict.leaves())) > MAX_TERMS:
        tree = _plain_words(parsed.words)
        strict = normalized(to_whoosh(tree)) if tree is not None else wq.NullQuery
    return TextQueries(strict, tree)


def normalized(query: wq.Query) -> wq.Query:
    """Whoosh's ``normalize()`` until nothing changes (one pass merges a nested group of the same
    kind only when it already was one before its own normalising)."""
    while True:
        simpler = query.normalize()
        if simpler == query:
            return simpler
        query = simpler


def _analysed(node: Node | None, searched: dict[Node, wq.Query] | None = None) -> Node | None:
    """The tree without what the analysis drops (stop words, empty phrases), a group left with one
    member replaced by it and merged into a parent of its kind, so that relaxing it sees the words
    that are searched, as Whoosh's normalising showed them before: ``the flood`` and ``mail e-mail``
    (the same word once analysed) have nothing to relax, and ``a (the OR (b c))`` relaxes to any
    of a, b and c. ``searched`` keeps each node's query, so that each is translated once."""
    if node is None:
        return None
    searched = {} if searched is None else searched

    def query_of(part: Node) -> wq.Query:
        if part not in searched:
            searched[part] = normalized(to_whoosh(part))
        return searched[part]

    if isinstance(node, (Word, Phrase)):
        return node if query_of(node) is not wq.NullQuery else None
    if isinstance(node, Not):
        part = _analysed(node.part, searched)
        return Not(part) if part is not None else None
    parts: list[Node] = []
    for part in (_analysed(child, searched) for child in node.parts):
        if part is not None:
            parts.extend(part.parts if type(part) is type(node) else (part,))
    distinct: dict[wq.Query, Node] = {}
    for part in parts:
        distinct.setdefault(query_of(part), part)
    if len(distinct) <= 1:
        return next(iter(distinct.values()), None)
    return type(node)(tuple(distinct.values()))


def to_whoosh(node: Node) -> wq.Query:
    """The Whoosh query of a tree, not yet normalised (a stop word is a NullQuery)."""
    if isinstance(node, Word):
        return _fields(node.field, lambda name: _word(name, node.text))
    if isinstance(node, Phrase):
        return _fields(node.field, lambda name: _phrase(name, node.text))
    if isinstance(node, Not):
        return wq.Not(to_whoosh(node.part))
    combine = wq.And if isinstance(node, AllOf) else wq.Or
    return combine([to_whoosh(part) for part in node.parts])


def _fields(field: str | None, query_in: Callable[[str], wq.Query]) -> wq.Query:
    if field is not None:
        return query_in(field)
    return wq.Or([query_in(name) for name in SEARCHABLE_FIELDS])


def _word(field: str, text: str) -> wq.Query:
    tokens = [token.text for token in TEXT_ANALYZER(text, mode="query")]
    boost = FIELD_BOOSTS[field]
    if not tokens:
        return wq.NullQuery
    if len(tokens) == 1:
        return wq.Term(field, tokens[0], boost=boost)
    return wq.And([wq.Term(field, token, boost=boost) for token in tokens])


def _phrase(field: str, text: str) -> wq.Query:
    words = [token.text for token in TEXT_ANALYZER(text, mode="query")]
    return wq.Phrase(field, words, slop=PHRASE_SLOP, boost=FIELD_BOOSTS[field])


def _plain_words(words: tuple[str, ...]) -> Node | None:
    """The first MAX_TERMS words whose stems are distinct and not stop words."""
    kept: list[Node] = []
    stems: set[str] = set()
    for word in words:
        stem = stem_word(word)
        if stem and stem not in stems:
            stems.add(stem)
            kept.append(Word(word))
            if len(kept) == MAX_TERMS:
                break
    return AllOf(tuple(kept)) if kept else None
