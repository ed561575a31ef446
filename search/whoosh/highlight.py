"""Snippets and highlighted headlines: Whoosh's highlighter with HTML escaping built in.

Everything that comes from a page is escaped; the only markup in the output is our ``<mark>``.
"""

from __future__ import annotations

import html
import re
from typing import Any

from whoosh import highlight
from whoosh import query as wq

from search import config
from search.whoosh.schema import TEXT_ANALYZER

_WHITESPACE = re.compile(r"\s+")


class MarkFormatter(highlight.Formatter):
    """Escapes the text between matches and wraps each match in ``<mark>``."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(_WHITESPACE.sub(" ", text), quote=False)

    def format_token(self, text: str, token: Any, replace: bool = False) -> str:
        return f"<mark>{html.escape(highlight.get_text(text, token, replace), quote=False)}</mark>"


_FORMATTER = MarkFormatter()
_BODY_FRAGMENTER = highlight.ContextFragmenter(
    maxchars=config.SNIPPET_MAX_CHARS // config.SNIPPET_FRAGMENTS, surround=60
)
_WHOLE_FRAGMENTER = highlight.WholeFragmenter(charlimit=None)


def highlight_terms(query: wq.Query, field: str) -> frozenset[str]:
    """The indexed terms that a result's ``field`` should show as matches: not the excluded ones."""
    found: set[str] = set()

    def walk(node: wq.Query) -> None:
        if isinstance(node, wq.Not):
            return
        if isinstance(node, wq.Term) and node.fieldname == field:
            found.add(node.text)
        elif isinstance(node, wq.Phrase) and node.fieldname == field:
            found.update(node.words)
        for child in node.children():
            walk(child)

    walk(query)
    return frozenset(found)


def highlight_body(body: str, terms: frozenset[str]) -> str:
    """Up to two fragments of the body around the matches, escaped, matches in <mark>; "" without a match."""
    if not terms:
        return ""
    return highlight.highlight(
        focus(body, terms), terms, TEXT_ANALYZER, _BODY_FRAGMENTER, _FORMATTER, top=config.SNIPPET_FRAGMENTS
    )


def highlight_headline(headline: str, terms: frozenset[str]) -> str:
    """The whole headline, escaped, matches in <mark>; "" without a match."""
    if not terms:
        return ""
    return highlight.highlight(headline, terms, TEXT_ANALYZER, _WHOLE_FRAGMENTER, _FORMATTER, top=1)


FOCUS_BEFORE = 200
FOCUS_AFTER = 900


def focus(body: str, stems: frozenset[str]) -> str:
    """The part of a long body around the first likely match, for the highlighter.

    Whoosh's highlighter stems every word of the text it is given; on long articles that
    was most of the query time. Stems are (nearly always) prefixes of the words they come
    from, so a regex for them finds where the matches start. Falls back to the whole body.
    """
    if len(body) <= FOCUS_BEFORE + FOCUS_AFTER or not stems:
        return body
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(stem[: max(3, len(stem) - 1)]) for stem in stems) + ")", re.IGNORECASE
    )
    match = pattern.search(body)
    if match is None:
        return body
    start = max(0, match.start() - FOCUS_BEFORE)
    if start:
        start = body.find(" ", start, match.start()) + 1
    return body[start : match.start() + FOCUS_AFTER]


def plain_snippet(body: str, limit: int = config.SNIPPET_MAX_CHARS) -> str:
    """The opening of the body, escaped: the snippet when nothing in the body matched."""
    text = _WHITESPACE.sub(" ", body).strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False)
