"""Step 5 of finding the body: the chosen elements' text as paragraphs, cleaned of what is not
the story: chrome, lists of links, links on a line of their own, furniture lines ("Share this",
"Advertisement"), the headline itself and what stands above it, reader comments, bylines, date
lines and footer lines at the edges.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from indexer.extract import dom
from indexer.extract.content import Selection
from indexer.extract.dates import is_date_line
from indexer.extract.text import BYLINE, norm
from indexer.extract.tunables import (
    ABOVE_HEADLINE_SHARE,
    BYLINE_MAX_WORDS,
    COMMENTS_AFTER,
    COMMENTS_HEADING_CHARS,
    EDGE_PARAGRAPHS,
    FOOTER_LINE_CHARS,
    FURNITURE_LINE_CHARS,
    LINK_LIST_MAX_CHARS,
    LINK_LIST_SHARE,
    MARKUP_AS_TEXT_TAGS,
    POSTED_BY_CHARS,
)
from indexer.extract.vocabulary import (
    BOILERPLATE_LINES,
    LINK_LIST_TAGS,
)


def render(selection: Selection, headline: str = "") -> list[str]:
    """Paragraphs of the chosen elements, without chrome, link lists and furniture lines."""
    key = norm(headline)
    skip = _skipper(selection, key)
    out: list[str] = []
    at_headline = None  # where the headline was met among the paragraphs
    for element in selection.elements:
        for paragraph in dom.paragraphs(element, skip=skip):
            if _is_furniture(paragraph):
                continue
            if key and norm(paragraph) == key:
                if at_headline is None:
                    at_headline = len(out)
                continue  # the headline is not body text
            out.append(paragraph)
    if at_headline:
        out = _from_headline(out, at_headline)
    return trim_edges(cut_comments(out))


def _skipper(selection: Selection, key: str) -> Callable[[etree._Element], bool]:
    """What :func:`render` leaves out: chrome, an ``<h1>`` that is not the headline (``key``,
    normalised), a list of links, a link on a line of its own."""
    pruned, text, links = selection.pruned, selection.stats.text, selection.stats.links

    def skip(element: etree._Element) -> bool:
        tag = element.tag
        if element in pruned:
            return True
        if tag == "h1":
            return not key or norm(dom.inline_text(element)) != key  # the headline is a landmark
        size = text.get(element)
        if (
            size
            and tag in LINK_LIST_TAGS
            and links.get(element, 0) > LINK_LIST_SHARE * size
            and size < LINK_LIST_MAX_CHARS
        ):
            return True
        return tag == "a" and _standalone(element)

    return skip


def _is_furniture(paragraph: str) -> bool:
    """A furniture line ("Share this", "Advertisement"), or markup shown as text: a raw-text
    element the parser kept (ads, scripts)."""
    if paragraph.lower().rstrip(":").strip() in BOILERPLATE_LINES:
        return True
    return "<" in paragraph and len(_MARKUP_IN_TEXT.findall(paragraph)) >= MARKUP_AS_TEXT_TAGS


def _from_headline(paragraphs: list[str], at_headline: int) -> list[str]:
    """What stands above the headline is the page's, not the story's, when it is short beside
    what follows it (ABOVE_HEADLINE_SHARE)."""
    before = sum(map(len, paragraphs[:at_headline]))
    if before <= ABOVE_HEADLINE_SHARE * sum(map(len, paragraphs[at_headline:])):
        return paragraphs[at_headline:]
    return paragraphs


_MARKUP_IN_TEXT = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_COPYRIGHT_START = re.compile(r"\(?\s*(?:\u00a9|\(c\)\s|copyright\b)", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^\(?\s*(?:\u00a9|\(c\)\s|copyright\b)|\ball rights reserved\b", re.IGNORECASE)
_BACK_TO = re.compile(r"^(?:back|return|go back)\s+to\s+(?:the\s+)?[\w\s'’-]{1,40}$", re.IGNORECASE)


def is_footer_line(paragraph: str) -> bool:
    """A page footer's line: a copyright notice ("© 2006 The Chronicle. All rights reserved."),
    a "Back to the front page" / "Return to top" link."""
    if len(paragraph) > FOOTER_LINE_CHARS:
        return False
    return bool(_COPYRIGHT.search(paragraph)) or bool(_BACK_TO.match(paragraph.rstrip(" .!>\u00bb")))


_POSTED_BY = re.compile(
    r"^(?:posted|submitted|written|commented)\s+by\b[^\n]{1,80}?(?:\bon\b|\bat\b|\||,)[^\n]{0,40}\d",
    re.IGNORECASE,
)
_STORY_END = re.compile(
    r"(?:like this (?:story|article|post)\b.*|share this (?:story|article|post)\b.*"
    r"|related (?:stories|articles|links|content|news|posts|coverage)|more (?:on|about) this (?:story|topic)"
    r"|see also|you (?:may|might) also (?:like|be interested in)\b.*|most (?:read|popular|viewed|emailed)\b.*"
    r"|recommended (?:for you|stories|articles)|read more|tell a friend|e-?mail this (?:story|article))[.:!]*$",
    re.IGNORECASE,
)
_COMMENTS_START = re.compile(
    r"^(?:(?:add|post|leave|write|submit) (?:a |your )?comments?|\d+ (?:reader )?comments?"
    r"|(?:reader )?comments? \(\d+\)"
    r"|read (?:all )?(?:\d+ )?(?:reader )?comments?\b.*|comments are (?:now )?closed\b.*|thanks for your comments\b.*"
    r"|(?:this )?(?:feedback|discussion) is (?:now )?closed\b.*)[.:!]?$",
    re.IGNORECASE,
)


def _posted_by(paragraph: str) -> bool:
    """A "Posted by NAME on DATE" line: a reader comment's header (or a blog post's byline)."""
    return len(paragraph) <= POSTED_BY_CHARS and bool(_POSTED_BY.match(paragraph))


def cut_comments(paragraphs: list[str]) -> list[str]:
    """The story without the reader comments under it: the text stops at a line that opens the
    comments ("Add your comment", "Comments (3)", "Comments are closed"), at a copyright line or
    a closing box's heading in its second half ("\u00a9 All rights reserved", "Related stories",
    "Like this story?"), or, when two or more
    "Posted by NAME on DATE" lines follow the story's opening, at the first of them; a lone one
    (a byline with its date) is dropped."""
    total = sum(map(len, paragraphs))
    before = sum(map(len, paragraphs[:COMMENTS_AFTER]))
    for i in range(COMMENTS_AFTER, len(paragraphs)):
        paragraph = paragraphs[i]
        if len(paragraph) <= COMMENTS_HEADING_CHARS and _COMMENTS_START.match(paragraph):
            paragraphs = paragraphs[:i]  # "Add your comment", "Comments (3)", "Comments are closed"
            break
        if (
            before >= total - before - len(paragraph)
            and len(paragraph) <= FOOTER_LINE_CHARS
            and (_COPYRIGHT_START.match(paragraph) or _STORY_END.match(paragraph))
        ):
            paragraphs = paragraphs[:i]  # the story's copyright line, "Related stories", "Share this"
            break
        before += len(paragraph)
    hits = [i for i, paragraph in enumerate(paragraphs) if _posted_by(paragraph)]
    if not hits:
        return paragraphs
    if len(hits) >= 2:
        first = next((i for i in hits if i >= COMMENTS_AFTER), None)
        if first is not None:
            paragraphs = paragraphs[:first]
    return [paragraph for paragraph in paragraphs if not _posted_by(paragraph)]


def trim_edges(paragraphs: list[str]) -> list[str]:
    """Drop bylines and bare date lines among the first and last few paragraphs, and footer
    lines (copyright, "back to the front page") among the last few."""

    def furniture(paragraph: str) -> bool:
        if len(paragraph) > FURNITURE_LINE_CHARS:
            return False
        if BYLINE.match(paragraph) and len(paragraph.split()) <= BYLINE_MAX_WORDS:
            return True
        return is_date_line(paragraph)

    start = 0
    while start < min(EDGE_PARAGRAPHS, len(paragraphs)) and furniture(paragraphs[start]):
        start += 1
    end = len(paragraphs)
    while (
        end > start
        and len(paragraphs) - end < EDGE_PARAGRAPHS
        and (furniture(paragraphs[end - 1]) or is_footer_line(paragraphs[end - 1]))
    ):
        end -= 1
    return paragraphs[start:end]


def _standalone(link: etree._Element) -> bool:
    """Whether a link stands alone on its line (between ``<br>``s or blocks): "More news"."""
    previous = link.getprevious()
    if previous is None:
        parent = link.getparent()
        if parent is None or (parent.text and parent.text.strip()) or parent.tag == "a":
            return False
        if parent.tag not in dom.BLOCK_TAGS:
            return False
    elif previous.tag != "br" and previous.tag not in dom.BLOCK_TAGS or (previous.tail and previous.tail.strip()):
        return False
    if link.tail and link.tail.strip():
        return False
    following = link.getnext()
    if following is None:
        return link.getparent().tag in dom.BLOCK_TAGS
    return following.tag == "br" or following.tag in dom.BLOCK_TAGS
