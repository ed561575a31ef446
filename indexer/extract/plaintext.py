"""Plain-text articles (``.txt``): line 1 is the headline, the rest the body.

Body paragraphs are separated by blank lines; the lines of one paragraph are joined with a
space.  There is no date and no URL; the region is given by the caller (the folder's name).
"""

from __future__ import annotations

import re

from indexer.errors import EMPTY, PageSkipped
from indexer.extract.text import clean_text
from search.model import Article, join_paragraphs

_BLANK_LINES = re.compile(r"\n\s*\n")


def article_from_text(text: str, source: str = "", region: str = "") -> Article:
    """The article in a ``.txt`` file's text; raises ``PageSkipped("empty")`` when there is none."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    lines = text.split("\n")
    headline = ""
    index = 0
    while index < len(lines) and not headline:  # line 1, after any leading blank lines
        headline = clean_text(lines[index])
        index += 1
    rest = "\n".join(lines[index:])
    paragraphs = [clean_text(block) for block in _BLANK_LINES.split(rest)]
    body = join_paragraphs(paragraphs)
    if not headline and not body:
        raise PageSkipped(EMPTY, "blank text file")
    return Article(headline=headline, body=body, source=source, date=None, region=clean_text(region), url="")
