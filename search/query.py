"""The user's query string -> an engine-neutral syntax tree, robust to anything typed into a search box.

``parse_query`` pulls the filters out of the text (``region:``, ``date:``) and parses the rest
into a small tree: ``Word`` and ``Phrase`` leaves (each with a field, or None for headline and
body), ``AllOf``, ``AnyOf`` and ``Not``. Words stay as typed: stemming, accent folding, stop
words and words that break into several tokens (``e-mail``) are each engine's analysis, in its
translation of the tree (``search.whoosh.translate``). Nothing typed is passed raw to an engine.

The syntax is Whoosh's, which the app used before it had a parser of its own, and the parser
follows Whoosh 2.7.4's algorithm step by step (tag, group parentheses, apply fields, operators
by precedence) so the same input means the same search: words are all required; ``"phrases"``;
``OR`` and ``AND`` (AND binds tighter, both tighter than the implicit AND of words side by
side); ``NOT word`` and ``-word`` (tighter than both); parentheses; the ``headline:`` and
``body:`` prefixes on a word, a phrase or a group. Operators are upper case and need a space
on each side (NOT: a space or parenthesis before it). ``tests/whoosh/test_query_equivalence.py``
checks the equivalence against Whoosh's own parser and lists the deliberate differences:
``ANDNOT``, ``ANDMAYBE``, ``REQUIRE``, ``'single quotes'`` and ``"phrase"~N`` are not operators
any more, ``a:b:c`` keeps its ``a:``, and a query is bounded by its typed words and phrases.

Input the syntax cannot make sense of (``NOT NOT``, more than ``MAX_TERMS`` words and phrases,
over ``MAX_PARSED_CHARS``) is searched as plain words; it is never an error.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import date

from search.model import region_key

SEARCHABLE_FIELDS = ("headline", "body")
"""The text fields a query searches; a ``headline:`` or ``body:`` prefix narrows it to one."""
MAX_PARSED_CHARS = 1_000
MAX_TERMS = 64
"""At most this many words and phrases are parsed as syntax; a longer query is searched as plain
words, of which an engine searches the first MAX_TERMS that its analysis keeps."""

_REGION_PREFIX = re.compile(r'(?<!\S)region:(?:"([^"]*)"|(\S+))', re.IGNORECASE)
_DATE_PREFIX = re.compile(r"(?<!\S)date:(?:\[\s*(\S+)\s+TO\s+(\S+)\s*\]|(\d{4}(?:-\d{2}){0,2}))(?!\S)", re.IGNORECASE)
_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_WORD = re.compile(r"\w+")


# The tree ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Word:
    """A word as typed (an engine analyses it: it may stem to nothing, or break into several tokens)."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class Phrase:
    """Words that must appear in this order, as typed between the quotes."""

    text: str
    field: str | None = None


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Word | Phrase | AllOf | AnyOf | Not
"""A query: leaves (``Word``, ``Phrase``) with a field, or None for every searchable field."""


def leaves(node: Node) -> Iterator[Word | Phrase]:
    if isinstance(node, (Word, Phrase)):
        yield node
    elif isinstance(node, Not):
        yield from leaves(node.part)
    else:
        for part in node.parts:
            yield from leaves(part)


@dataclass(frozen=True)
class ParsedQuery:
    """The full-text part (None when the user typed no words) and the filters written in the query.

    ``words`` are the words of the text in order, which a query is searched as when its syntax
    cannot be used: then ``plain_words`` is True and ``tree`` requires every distinct one. An
    engine whose analysis leaves nothing of a parsed tree (a query of stop words under a prefix)
    may search ``words`` instead, as the app did before it had a parser of its own.
    """

    tree: Node | None
    regions: tuple[str, ...] = field(default=())
    plain_words: bool = False
    date_from: date | None = None
    date_to: date | None = None
    words: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the user typed no words at all: the search browses by date."""
        return self.tree is None


def parse_query(q: str) -> ParsedQuery:
    """Parse a search-box query; never raises."""
    regions = tuple(region_key(a or b) for a, b in _REGION_PREFIX.findall(q) if (a or b).strip())
    text = _REGION_PREFIX.sub(" ", q)
    date_from, date_to, text = _take_dates(text)
    text = text.strip()
    filters = ParsedQuery(None, regions=regions, date_from=date_from, date_to=date_to)
    if not text:
        return filters
    words = tuple(_WORD.findall(text))
    if len(text) <= MAX_PARSED_CHARS:
        tree = _Parser(text).parse()
        if tree is not None and sum(1 for _ in leaves(tree)) <= MAX_TERMS:
            return replace(filters, tree=tree, words=words)
    return replace(filters, tree=plain_words_tree(words), plain_words=True, words=words)


def plain_words_tree(words: tuple[str, ...]) -> Node:
    """Every distinct word required, in either field: what odd or very long input is searched as."""
    distinct = tuple(dict.fromkeys(words))
    return AllOf(tuple(Word(word) for word in distinct)) if distinct else AllOf(())


def relax(tree: Node | None) -> Node | None:
    """The any-word version of an all-words query, or None when there is nothing to relax.

    Excluded words stay excluded; the articles with more of the words still rank first. An
    engine that finds the relaxed query equal to the strict one once analysed (stop words
    dropped) has nothing to relax either.
    """
    if not isinstance(tree, AllOf):
        return None
    wanted = tuple(part for part in tree.parts if not isinstance(part, Not))
    excluded = tuple(part for part in tree.parts if isinstance(part, Not))
    if len(wanted) < 2:
        return None
    return AllOf((AnyOf(wanted), *excluded)) if excluded else AnyOf(wanted)


# Filters -------------------------------------------------------------------------------------


def _take_dates(text: str) -> tuple[date | None, date | None, str]:
    """``date:2009``, ``date:2009-03``, ``date:2009-03-10`` and ``date:[A TO B]`` (``*`` leaves a side open).

    Several date terms narrow each other; one whose dates do not parse stays in the text as words.
    """
    date_from: date | None = None
    date_to: date | None = None

    def take(match: re.Match[str]) -> str:
        nonlocal date_from, date_to
        low_text, high_text, single = match.groups()
        low: date | None
        high: date | None
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
        return date(year, 1, 1), date(year, 12, 31)  # type: ignore[arg-type]
    if day is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])  # type: ignore[arg-type]
    return date(year, month, day), date(year, month, day)  # type: ignore[arg-type]


# The parser ----------------------------------------------------------------------------------
#
# Four passes, as Whoosh's parser makes them: the text is tagged into tokens; parentheses group
# them; field prefixes go onto what follows them; spaces are dropped and the operators take
# their operands, NOT first, then AND, then OR, group by group. What is left side by side in a
# group is all required.


class _Malformed(Exception):
    """Syntax with no meaning (``NOT NOT``): the query is searched as plain words."""


@dataclass
class _Op:
    kind: str  # "NOT", "AND" or "OR"


@dataclass
class _Prefix:
    name: str  # any "name:" tagged; only SEARCHABLE_FIELDS are fields, the rest is text

    @property
    def text(self) -> str:
        return f"{self.name}:"


@dataclass
class _Space:
    pass


@dataclass
class _Open:
    pass


@dataclass
class _Close:
    pass


@dataclass
class _Text:
    """A word or a phrase on its way to the tree, with the field a prefix gave it."""

    text: str
    phrase: bool = False
    field: str | None = None

    def set_field(self, name: str) -> None:
        self.field = self.field or name


@dataclass
class _Group:
    """Tokens side by side (all required), or the operands an operator grouped (``kind``)."""

    items: list = field(default_factory=list)
    kind: str = "ALL"  # "ALL", "ANY" or "NOT"

    def set_field(self, name: str) -> None:
        for item in self.items:
            if isinstance(item, (_Text, _Group)):
                item.set_field(name)


_FIELD_LIKE = re.compile(r"(\w+|[*]):")
_PHRASE = re.compile(r'"(.*?)"')
_SPACE = re.compile(r"\s+")
_MINUS = re.compile(r"(?<!\S)-(?=[\w\"(])")
_NOT = re.compile(r"NOT(?=\s)")
_AND_OR = re.compile(r"(AND|OR)(?=\s)")


class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text

    def parse(self) -> Node | None:
        try:
            group = self._group(self._tag())
            group = self._fields(group)
            return _simplified(_to_tree(self._operators(_without_spaces(group))))
        except _Malformed:
            return None

    def _tag(self) -> list[object]:
        """Tokens, tried at every position as Whoosh's taggers are; the text between two is one word."""
        text, position, word_start = self.text, 0, 0
        tokens: list[object] = []
        after_minus = False
        while position < len(text):
            token, end = self._token_at(position, after_minus)
            if token is None:
                position += 1
                after_minus = False
                continue
            if word_start < position:
                tokens.append(_Text(text[word_start:position]))
            tokens.append(token)
            after_minus = isinstance(token, _Op) and text[position] == "-"
            position = word_start = end
        if word_start < len(text):
            tokens.append(_Text(text[word_start:]))
        return tokens

    def _token_at(self, position: int, after_minus: bool) -> tuple[object | None, int]:
        """The token that starts at ``position``, if any. Operators need a space after them and a
        space before (NOT: or the start, or a parenthesis). A ``-`` at the start or after a space,
        before a word, a quote or a parenthesis, is NOT followed by a space (Whoosh's parser saw
        it rewritten so)."""
        text = self.text
        if match := _FIELD_LIKE.match(text, position):
            return _Prefix(match.group(1)), match.end()
        if match := _PHRASE.match(text, position):
            return _Text(match.group(1), phrase=True), match.end()
        if text[position] == "(":
            return _Open(), position + 1
        if text[position] == ")":
            return _Close(), position + 1
        if _MINUS.match(text, position):
            return _Op("NOT"), position + 1
        space_before = after_minus or (position > 0 and text[position - 1].isspace())
        if (space_before or position == 0 or text[position - 1] in "()") and (match := _NOT.match(text, position)):
            return _Op("NOT"), match.end()
        if space_before and (match := _AND_OR.match(text, position)):
            return _Op(match.group(1)), match.end()
        if match := _SPACE.match(text, position):
            return _Space(), match.end()
        return None, position

    @staticmethod
    def _group(tokens: list[object]) -> _Group:
        """Parentheses make groups; a ``)`` too many is dropped, and the contents of a ``(`` never
        closed join the top level at the end."""
        stack = [_Group()]
        for token in tokens:
            if isinstance(token, _Open):
                stack.append(_Group())
            elif isinstance(token, _Close):
                if len(stack) > 1:
                    closed = stack.pop()
                    stack[-1].items.append(closed)
            else:
                stack[-1].items.append(token)
        top = stack[0]
        for unclosed in stack[1:]:
            top.items.extend(unclosed.items)
        if len(top.items) == 1 and isinstance(top.items[0], _Group):
            top = top.items[0]
        return top

    def _fields(self, group: _Group) -> _Group:
        """A prefix that is not a field is text: glued to the word or phrase right after it, else
        a word of its own. A field prefix goes onto the word, phrase or group right after it (a
        field already given inside wins); with nothing there, it is a word of its own."""
        items = self._unknown_prefixes_as_text(group.items)
        fielded: list = []
        index = len(items)
        while index > 0:
            index -= 1
            item = items[index]
            if isinstance(item, _Prefix):
                item = _Text(item.text)
            elif isinstance(item, _Group):
                item = self._fields(item)
            if index > 0 and not isinstance(item, _Space) and isinstance(items[index - 1], _Prefix):
                if isinstance(item, (_Text, _Group)):
                    item.set_field(items[index - 1].name)
                index -= 1
            fielded.append(item)
        fielded.reverse()
        return _Group(fielded, group.kind)

    @staticmethod
    def _unknown_prefixes_as_text(group_items: list) -> list:
        """The items with each prefix that names no searchable field glued to the text after it, or made a word."""
        items: list = []
        pending: _Prefix | None = None
        for item in group_items:
            if isinstance(item, _Prefix) and item.name not in SEARCHABLE_FIELDS:
                if pending is not None:
                    items.append(_Text(pending.text))
                pending = item
                continue
            if pending is not None:
                if isinstance(item, _Text):
                    item.text = pending.text + item.text
                else:
                    items.append(_Text(pending.text))
                pending = None
            items.append(item)
        if pending is not None:
            items.append(_Text(pending.text))
        return items

    def _operators(self, group: _Group) -> _Group:
        """NOT takes the item after it; then AND, then OR take the items on either side, left to
        right; an operator with nothing on one side is dropped. The same in every group."""
        items = group.items
        self._prefix_not(items)
        for kind, grouped in (("AND", "ALL"), ("OR", "ANY")):
            self._infix(items, kind, grouped)
        for index, item in enumerate(items):
            if isinstance(item, _Group):
                items[index] = self._operators(item)
        return group

    @staticmethod
    def _prefix_not(items: list) -> None:
        index = 0
        while index < len(items):
            item = items[index]
            if isinstance(item, _Op) and item.kind == "NOT":
                del items[index]
                if index < len(items):
                    items[index] = _Group([items[index]], "NOT")
            index += 1

    @staticmethod
    def _infix(items: list, kind: str, grouped: str) -> None:
        """Whoosh's merging: ``a AND b AND c`` is one group; a left operand that already is a
        group of this kind (parentheses are an all-of group) takes the right one in."""
        index = 0
        while index < len(items):
            item = items[index]
            if not (isinstance(item, _Op) and item.kind == kind):
                index += 1
                continue
            if 0 < index < len(items) - 1:
                left, right = items[index - 1], items[index + 1]
                if isinstance(left, _Group) and left.kind == grouped:
                    left.items.append(right)
                    del items[index : index + 2]
                else:
                    items[index - 1 : index + 2] = [_Group([left, right], grouped)]
            else:
                del items[index]


def _without_spaces(group: _Group) -> _Group:
    return _Group(
        [
            _without_spaces(item) if isinstance(item, _Group) else item
            for item in group.items
            if not isinstance(item, _Space)
        ],
        group.kind,
    )


def _to_tree(item: object) -> Node | None:
    if isinstance(item, _Text):
        return (Phrase if item.phrase else Word)(item.text, item.field)
    if isinstance(item, _Group):
        if item.kind == "NOT":
            if not item.items:
                raise _Malformed
            part = _to_tree(item.items[0])
            return Not(part) if part is not None else None
        parts = tuple(part for part in map(_to_tree, item.items) if part is not None)
        return (AnyOf if item.kind == "ANY" else AllOf)(parts)
    if isinstance(item, _Op):  # an operator another one took as its operand: NOT NOT, NOT AND
        raise _Malformed
    raise AssertionError(f"unexpected {item!r}")


def _simplified(node: Node | None) -> Node | None:
    """Nested groups of one kind merged (one level, as Whoosh normalises), repeats and empty
    groups dropped, a group of one replaced by its member."""
    if node is None or isinstance(node, (Word, Phrase)):
        return node
    if isinstance(node, Not):
        part = _simplified(node.part)
        return Not(part) if part is not None else None
    merged: list[Node] = []
    for part in node.parts:
        merged.extend(part.parts if type(part) is type(node) else (part,))
    parts = tuple(dict.fromkeys(part for part in map(_simplified, merged) if part is not None))
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0]
    return type(node)(parts)
