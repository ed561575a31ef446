"""Where the article is on the page, in document order, for the dates written near it: the
headline, the body's first, third and last paragraphs, and the element ranges searched around them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from indexer.extract import dom
from indexer.extract.content import Selection
from indexer.extract.survey import Survey
from indexer.extract.text import norm
from indexer.extract.tunables import (
    LEAD_PARAGRAPHS,
    LEAD_WINDOW_MARGIN,
    MAX_LEAD_WINDOW,
    MIN_PARAGRAPH_CHARS,
    PARAGRAPH_MAX_LINKS,
    STORY_AFTER_HEADLINE,
    WINDOW_AFTER_END,
    WINDOW_AFTER_HEADLINE,
    WINDOW_AFTER_START,
    WINDOW_BEFORE_END,
    WINDOW_BEFORE_HEADLINE,
    WINDOW_BEFORE_START,
)
from indexer.extract.vocabulary import (
    NOT_PARAGRAPH_TAGS,
)


@dataclass
class Anchors:
    """Where the article is, as positions in document order (None: not found)."""

    around: set = field(default_factory=set)  # the elements that hold the headline or the body
    head: int | None = None  # the headline
    start: int | None = None  # the body's first paragraph
    end: int | None = None  # its last paragraph
    lead_end: int | None = None  # its third paragraph: dates before it open the story
    end_inside: int | None = None  # the last element inside its last paragraph


def find_anchors(found: Survey, selection: Selection | None, headline: str) -> Anchors:
    anchors = Anchors()
    element = _headline_element(found, headline)
    if element is not None:
        anchors.head = found.order[element]
    if selection is not None:
        order = found.order
        blocks, anchors.end_inside = _body_blocks(selection, order, anchors.head)
        if blocks:
            anchors.start = blocks[0]
            anchors.lead_end = blocks[min(LEAD_PARAGRAPHS - 1, len(blocks) - 1)]
            anchors.end = blocks[-1]
    for at in (anchors.head, anchors.start):
        if at is not None:
            anchors.around.update(found.elements[at].iterancestors())
    return anchors


def _headline_element(found: Survey, headline: str) -> etree._Element | None:
    """The element that shows the headline: a heading whose text is the headline, else the
    longest heading that is most of it (the headline may come from a title with the site's name)."""
    key = norm(headline)
    if not key:
        return None
    partial, partial_size = None, 0
    for _, element in found.headlines:
        if element in found.hidden:
            continue
        text = norm(dom.inline_text(element))
        if text == key:
            return element
        if text and len(text) > partial_size and _most_of(text, key):
            partial, partial_size = element, len(text)
    if partial is not None:
        return partial
    # A headline in a plain element (a <td>, a <span class="title">...): its first words.
    prefix = key[:24]
    for element in found.elements:
        text = element.text
        if (
            text
            and len(text) >= 8
            and len(text) < 2 * len(headline) + 20
            and norm(text).startswith(prefix)
            and element not in found.hidden
        ):
            return element
    return None


def _most_of(text: str, key: str) -> bool:
    """Whether a heading's words (``text``, normalised) are most of the headline's (``key``) or
    hold it: three words or more, half its length to twice it."""
    return (
        len(text.split()) >= 3
        and len(text) >= 0.5 * len(key)
        and (text in key or key in text)
        and len(text) <= 2 * len(key)
    )


def _body_blocks(selection: Selection, order: dict, after: int | None = None) -> tuple[list[int], int | None]:
    """Positions of the first LEAD_PARAGRAPHS and the last blocks of the selected body with
    paragraph-sized own text, outside pruned chrome, and the position of the last element inside
    the last block.  With the headline's position ``after``, the story starts after its headline:
    blocks before it (chrome the selection took in) are left out."""
    excluded, body = selection.stats.excluded, selection.body
    blocks = _paragraph_blocks(selection, order)
    if after is not None:
        blocks = _after_headline(blocks, after, selection, order)
    kept: list[etree._Element] = []
    for block in blocks:
        if len(kept) == LEAD_PARAGRAPHS:
            break
        if not dom.inside(block, excluded, body):
            kept.append(block)
    last = next((block for block in reversed(blocks) if not dom.inside(block, excluded, body)), None)
    if last is None:
        return [order[block] for block in kept], None
    if not kept or last is not kept[-1]:
        kept.append(last)
    return [order[block] for block in kept], order[last] + sum(1 for _ in last.iterdescendants())


def _paragraph_blocks(selection: Selection, order: dict) -> list[etree._Element]:
    """The blocks of the selected body with paragraph-sized own text, not mostly links, in order."""
    own, links = selection.stats.own, selection.stats.own_links
    blocks = []
    for element in selection.elements:
        for block in element.iter():
            size = own.get(block, 0)
            if (
                size >= MIN_PARAGRAPH_CHARS
                and block.tag not in NOT_PARAGRAPH_TAGS
                and block in order
                and links.get(block, 0) <= PARAGRAPH_MAX_LINKS * size
            ):
                blocks.append(block)
    return blocks


def _after_headline(
    blocks: list[etree._Element], after: int, selection: Selection, order: dict
) -> list[etree._Element]:
    """The blocks after the headline, outside pruned chrome; all the blocks when less than
    STORY_AFTER_HEADLINE of their text follows it (the heading found is not the story's own)."""
    own, excluded, body = selection.stats.own, selection.stats.excluded, selection.body
    following = [block for block in blocks if order[block] > after and not dom.inside(block, excluded, body)]
    if following and sum(own[block] for block in following) >= STORY_AFTER_HEADLINE * sum(
        own[block] for block in blocks
    ):
        return following
    return blocks


def segments(anchors: Anchors, size: int) -> list[tuple[int, int]]:
    """Element ranges [lo, hi) to look in for written dates: around the headline, from before the
    body's first paragraph to its third, and just after its last paragraph; merged."""
    ranges = []
    if anchors.head is not None:
        ranges.append((anchors.head - WINDOW_BEFORE_HEADLINE, anchors.head + WINDOW_AFTER_HEADLINE))
    if anchors.start is not None:
        lead_end = max(
            anchors.start + WINDOW_AFTER_START,
            min((anchors.lead_end or 0) + LEAD_WINDOW_MARGIN, anchors.start + MAX_LEAD_WINDOW),
        )
        ranges.append((anchors.start - WINDOW_BEFORE_START, lead_end))
    if anchors.end is not None:
        ranges.append((anchors.end - WINDOW_BEFORE_END, anchors.end + WINDOW_AFTER_END))
    ranges = sorted((max(0, lo), min(size, hi + 1)) for lo, hi in ranges)
    merged: list[list[int]] = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged if lo < hi]
