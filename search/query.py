"""The user's query string → a Whoosh query, robust to anything typed into a search box.

Words are all required; ``"phrases"``, ``OR``, ``NOT word`` / ``-word``, parentheses and the
``headline:`` prefix go through Whoosh's parser; ``region:`` becomes a case-insensitive filter.
Input the parser cannot make sense of is searched as plain words, never an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from whoosh import fields, qparser
from whoosh import query as wq

from search.schema import SCHEMA, SEARCHABLE_FIELDS, TEXT_ANALYZER, region_key

MAX_PARSED_CHARS = 1_000
MAX_TERMS = 64
FIELD_BOOSTS = {"headline": 1.0, "body": 1.0}

_REGION_PREFIX = re.compile(r'(?<!\S)region:(?:"([^"]*)"|(\S+))', re.IGNORECASE)
_MINUS_PREFIX = re.compile(r'(?<!\S)-(?=[\w"(])')
_WORD = re.compile(r"\w+")

# The parser sees only the searchable fields, so `url:` or `id:` typed by a user stay plain words.
_QUERY_SCHEMA = fields.Schema(**{name: SCHEMA[name] for name in SEARCHABLE_FIELDS})


def _make_parser() -> qparser.QueryParser:
    parser = qparser.MultifieldParser(
        list(SEARCHABLE_FIELDS), _QUERY_SCHEMA, fieldboosts=FIELD_BOOSTS, group=qparser.AndGroup
    )
    for plugin_type in (qparser.WildcardPlugin, qparser.RangePlugin, qparser.BoostPlugin, qparser.EveryPlugin):
        parser.remove_plugin_class(plugin_type)
    return parser


_PARSER = _make_parser()


@dataclass(frozen=True)
class ParsedQuery:
    """The full-text part (None when the user typed no words) and the filters written in the query."""

    text_query: wq.Query | None
    regions: tuple[str, ...] = field(default=())
    plain_words: bool = False

    @property
    def is_empty(self) -> bool:
        """True when the user typed no words at all: the search browses by date."""
        return self.text_query is None


def parse_query(q: str) -> ParsedQuery:
    """Parse a search-box query; never raises."""
    regions = tuple(region_key(a or b) for a, b in _REGION_PREFIX.findall(q) if (a or b).strip())
    text = _REGION_PREFIX.sub(" ", q).strip()
    if not text:
        return ParsedQuery(None, regions)
    if len(text) <= MAX_PARSED_CHARS:
        parsed = _parse_with_syntax(text)
        if parsed is not None:
            return ParsedQuery(parsed, regions)
    return ParsedQuery(_plain_words_query(text) or wq.NullQuery, regions, plain_words=True)


def _parse_with_syntax(text: str) -> wq.Query | None:
    try:
        parsed = _PARSER.parse(_MINUS_PREFIX.sub("NOT ", text))
    except Exception:  # Whoosh's parser has many failure modes on odd input; plain words handle them all.
        return None
    if _has_error(parsed) or len(list(parsed.leaves())) > MAX_TERMS:
        return None
    parsed = parsed.normalize()
    return None if parsed is wq.NullQuery else parsed


def _has_error(parsed: wq.Query) -> bool:
    return any(isinstance(node, wq.qcore._NullQuery) or node.__class__.__name__ == "ErrorQuery" for node in _walk(parsed))


def _walk(node: wq.Query):
    yield node
    for child in node.children():
        yield from _walk(child)


def _plain_words_query(text: str) -> wq.Query | None:
    """Every word required, in either field; what odd or very long input is searched as."""
    words: list[str] = []
    for token in TEXT_ANALYZER(" ".join(_WORD.findall(text))):
        if token.text not in words:
            words.append(token.text)
        if len(words) == MAX_TERMS:
            break
    if not words:
        return None
    return wq.And([wq.Or([wq.Term(name, word) for name in SEARCHABLE_FIELDS]) for word in words])
