"""Snippets and highlighted headlines: Whoosh's highlighter with HTML escaping built in.

Everything that comes from a page is escaped; the only markup in the output is our ``<mark>``.
"""

from __future__ import annotations

import html
import re

from whoosh import highlight

from search import config

_WHITESPACE = re.compile(r"\s+")


class MarkFormatter(highlight.Formatter):
    """Escapes the text between matches and wraps each match in ``<mark>``."""

    between = " … "

    def _text(self, text: str) -> str:
        return html.escape(_WHITESPACE.sub(" ", text), quote=False)

    def format_token(self, text: str, token, replace: bool = False) -> str:
        return f"<mark>{html.escape(highlight.get_text(text, token, replace), quote=False)}</mark>"


BODY_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.ContextFragmenter(maxchars=config.SNIPPET_MAX_CHARS // config.SNIPPET_FRAGMENTS, surround=60),
    formatter=MarkFormatter(),
)
HEADLINE_HIGHLIGHTER = highlight.Highlighter(
    fragmenter=highlight.WholeFragmenter(charlimit=None), formatter=MarkFormatter()
)


def plain_snippet(body: str, limit: int = config.SNIPPET_MAX_CHARS) -> str:
    """The opening of the body, escaped: the snippet when nothing in the body matched."""
    text = _WHITESPACE.sub(" ", body).strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return html.escape(text, quote=False)
