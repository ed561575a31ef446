"""The user's query string → a Whoosh query, robust to anything typed into a search box.

Words are all required; ``"phrases"``, ``OR``, ``NOT word`` / ``-word``, parentheses and the
``headline:`` prefix go through Whoosh's parser; ``region:`` becomes a case-insensitive filter.
Input the parser cannot make sense of is searched as plain words, never an error.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from whoosh import fields, qparser
from whoosh import query as wq

from search.model import region_key
from search.whoosh.schema import SCHEMA, SEARCHABLE_FIELDS, TEXT_ANALYZER

MAX_PARSED_CHARS = 1_000
MAX_TERMS = 64
FIELD_BOOSTS = {"headline": 1.0, "body": 1.0}

_REGION_PREFIX = re.compile(r'(?<!\S)region:(?:"([^"]*)"|(\S+))', re.IGNORECASE)
_DATE_PREFIX = re.compile(r"(?<!\S)date:(?:\[\s*(\S+)\s+TO\s+(\S+)\s*\]|(\d{4}(?:-\d{2}){0,2}))(?!\S)", re.IGNORECASE)
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
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
    date_from: date | None = None
    date_to: date | None = None

    @property
    def is_empty(self) -> bool:
        """True when the user typed no words at all: the search browses by date."""
        return self.text_query is None


def parse_query(q: str) -> ParsedQuery:
    """Parse a search-box query; never raises."""
    regions = tuple(region_key(a or b) for a, b in _REGION_PREFIX.findall(q) if (a or b).strip())
    text = _REGION_PREFIX.sub(" ", q)
    date_from, date_to, text = _take_dates(text)
    text = text.strip()
    filters = {"regions": regions, "date_from": date_from, "date_to": date_to}
    if not text:
        return ParsedQuery(None, **filters)
    if len(text) <= MAX_PARSED_CHARS:
        parsed = _parse_with_syntax(text)
        if parsed is not None:
            return ParsedQuery(parsed, **filters)
    return ParsedQuery(_plain_words_query(text) or wq.NullQuery, plain_words=True, **filters)


def _take_dates(text: str) -> tuple[date | None, date | None, str]:
    """``date:2009``, ``date:2009-03``, ``date:2009-03-10`` and ``date:[A TO B]`` (``*`` leaves a side open).

    Several date terms narrow each other; one whose dates do not parse stays in the text as words.
    """
    date_from: date | None = None
    date_to: date | None = None

    def take(match: re.Match[str]) -> str:
        nonlocal date_from, date_to
        low_text, high_text, single = match.groups()
        try:
            if single:
                low, high = _day_span(single)
            else:
                low = None if low_text == "*" else _day_span(low_text)[0]
                high = None if high_text == "*" else _day_span(high_text)[1]
        except ValueError:
            return match.group(0)
        if low and (date_from is None or low > date_from):
            date_from = low
        if high and (date_to is None or high < date_to):
            date_to = high
        return " "

    remaining = _DATE_PREFIX.sub(take, text)
    return date_from, date_to, remaining


def _day_span(text: str) -> tuple[date, date]:
    """The first and last day that a year, a month or a day covers."""
    match = _PARTIAL_DATE.fullmatch(text)
    if not match:
        raise ValueError(text)
    year, month, day = (int(part) if part else None for part in match.groups())
    if month is None:
        return date(year, 1, 1), date(year, 12, 31)
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, month, day), date(year, month, day)


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


def relax(text_query: wq.Query | None) -> wq.Query | None:
    """The any-word version of an all-words query, or None when there is nothing to relax.

    Excluded words stay excluded; the articles with more of the words still rank first.
    """
    if not isinstance(text_query, wq.And):
        return None
    wanted = [part for part in text_query.subqueries if not isinstance(part, wq.Not)]
    excluded = [part for part in text_query.subqueries if isinstance(part, wq.Not)]
    if len(wanted) < 2:
        return None
    return wq.And([wq.Or(wanted), *excluded]) if excluded else wq.Or(wanted)
