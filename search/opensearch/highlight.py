"""Snippets and highlighted headlines from OpenSearch's highlighter, made safe HTML here.

OpenSearch marks the matches with tags of our choosing, but the text between them is the page's
text, unescaped (its ``html`` encoder is not relied on: what reaches HTML is escaped here, by us).
So the highlighter is given private tags no page can contain (Unicode private-use characters around
a random nonce of this process), every fragment is HTML-escaped whole, and only then do the private
tags become ``<mark>`` and ``</mark>``: the only markup in the output is ours. Snippets look as the
embedded engine's do: up to two fragments of the body joined by `` … ``, the whole headline, the
opening of the body when nothing in it matched.
"""

from __future__ import annotations

import html
import re
import secrets
from typing import Any

from search import config

_NONCE = secrets.token_hex(6)
PRE_TAG = f"\ue000{_NONCE}\ue001"
POST_TAG = f"\ue000/{_NONCE}\ue001"
FRAGMENT_SEPARATOR = " … "
FRAGMENT_CHARS = config.SNIPPET_MAX_CHARS // config.SNIPPET_FRAGMENTS
MAX_ANALYZED_CHARS = 1_000_000
"""The highlighter reads at most this much of a body (OpenSearch refuses to read more by default)."""

_WHITESPACE = re.compile(r"\s+")


def highlight_request() -> dict[str, Any]:
    """The ``highlight`` part of a search: the body in fragments, the headline whole, with the private tags."""
    return {
        "pre_tags": [PRE_TAG],
        "post_tags": [POST_TAG],
        "encoder": "default",
        "require_field_match": True,
        "max_analyzer_offset": MAX_ANALYZED_CHARS,
        "fields": {
            "body": {"fragment_size": FRAGMENT_CHARS, "number_of_fragments": config.SNIPPET_FRAGMENTS},
            "headline": {"number_of_fragments": 0},
        },
    }


def safe_html(fragment: str) -> str:
    """One highlighted fragment as HTML: the page's text escaped, the private tags turned into ``<mark>``."""
    escaped = html.escape(_WHITESPACE.sub(" ", fragment), quote=False)
    return escaped.replace(PRE_TAG, "<mark>").replace(POST_TAG, "</mark>")


def snippet(fragments: list[str] | None, body: str) -> str:
    """The body's highlighted fragments joined, or its opening when nothing in it matched."""
    if fragments:
        return FRAGMENT_SEPARATOR.join(safe_html(fragment).strip() for fragment in fragments)
    return plain_snippet(body)


def headline_html(fragments: list[str] | None, headline: str) -> str:
    if fragments:
        return safe_html(fragments[0])
    return plain_snippet(headline, limit=len(headline))


def plain_snippet(text: str, limit: int = config.SNIPPET_MAX_CHARS) -> str:
    """The opening of the text, escaped, cut at a word with `` …`` (as the embedded engine's)."""
    text = _WHITESPACE.sub(" ", text).strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False)
