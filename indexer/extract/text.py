"""Text helpers shared by the extractors: cleaning whitespace, and the word runs that texts are
compared by (a headline against a heading, a title part against the site's name).

Comparisons ignore case and punctuation: a heading "Floods: the river peaks" and a title
"Floods - The River Peaks" have the same :func:`norm`.
"""

from __future__ import annotations

import re

_INVISIBLE_CHARS = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)

WORD = re.compile(r"\w+")
"""A run of word characters: what texts are compared by."""

BYLINE = re.compile(r"^(?:by|posted by|written by|from)\s+[\w.'’-]+(?:\s+[\w.'’-]+){0,5}\s*[,|]?", re.IGNORECASE)
"""The start of a byline ("By Jane Smith,", "Posted by J. Doe |")."""

LINK_HOST = re.compile(r"https?://(?:www\d*\.)?([\w-]+(?:\.[\w-]+)+)")
"""An absolute http(s) URL; group 1 is its host without a leading ``www.``."""


def clean_text(text: str) -> str:
    """Collapse whitespace (including non-breaking spaces) and drop invisible characters."""
    if not text:
        return ""
    return " ".join(text.translate(_INVISIBLE_CHARS).split())


def words(text: str) -> list[str]:
    """The lower-cased word runs of ``text``, in order."""
    return WORD.findall(text.lower())


def norm(text: str) -> str:
    """``text`` reduced to its lower-cased words, one space apart: the form texts are compared in."""
    return " ".join(words(text))


def word_set(text: str) -> set[str]:
    """The distinct lower-cased words of ``text``."""
    return set(words(text))
