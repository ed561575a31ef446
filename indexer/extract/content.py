"""Where the article is on a page: main-content detection for the generic extractor.

Finding the body is readability-like, in steps that are modules of their own so a later,
stronger extractor can replace one at a time:

1. :mod:`.survey` — one pass over the elements: what is hidden, what looks like chrome (by tag,
   ARIA role, class/id words), breadcrumbs, headline candidates and the hosts links point to;
2. :func:`.measure.measure` — one walk: text and link-text length of every subtree, and the text
   each block element holds directly (its "own" text) with its commas and line breaks;
3. :func:`.measure.without` — the measurements with the chrome subtracted (an element holding
   most of the page's text is never counted as chrome, nor is a form holding paragraphs);
4. :mod:`.scoring` — blocks with enough own text score by length, commas and the paragraphs
   their line breaks separate; scores flow to their ancestors; a candidate's score is
   discounted by its link density; the best candidate wins, with the siblings that look like
   the same story;
5. :mod:`.render` — the winners' paragraphs, leaving out chrome, link lists, furniture lines,
   the headline, reader comments and footer lines.

This module runs steps 2 to 4 (:func:`select_content`): if chrome found by class/id words left
too little text, the body is selected again with chrome found by tag and role only, and the
longer result is kept.  It also finds where the article starts (:func:`lead_paragraph`), near
which the headline and the date are looked for.  The tree is never modified.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from indexer.extract import dom
from indexer.extract.class_words import class_words
from indexer.extract.measure import Stats, measure, without
from indexer.extract.scoring import score
from indexer.extract.survey import Survey
from indexer.extract.tunables import (
    FORM_PROSE_CHARS,
    FORM_PROSE_MAX_LINKS,
    KEEP_SHARE,
    LEAD_CHARS,
    LEAD_MAX_LINKS,
    MIN_BODY_CHARS,
    MIN_PARAGRAPH_CHARS,
    QUOTE_WRAPPER_SHARE,
)
from indexer.extract.vocabulary import (
    COMMENT_WORDS,
    NOT_SCORED_TAGS,
    SENTENCE_ENDS,
)


@dataclass
class Selection:
    """The elements chosen as the article, with the measurements and the chrome left out."""

    elements: list
    stats: Stats
    pruned: set
    body: object
    block_positions: list | None = None  # document positions of the blocks with text (on demand)

    @property
    def size(self) -> int:
        return sum(self.stats.text.get(element, 0) for element in self.elements)


def select_content(body: etree._Element, found: Survey) -> Selection | None:
    """Where the article is: chrome by class/id words left out, else (too little) by tag only."""
    base = measure(body, found.hidden)
    if base.total_text(body) == 0:
        return None
    chrome = _keep_big(found.chrome_by_words, base, body, found.weak_chrome)
    selection = _select_with(body, base, found.hidden | chrome)
    if selection.size >= MIN_BODY_CHARS:
        return selection
    # Class/id words can be wrong about a page (id="content" class="has-sidebar"): try again
    # with chrome by tag and role only, and keep whichever finds more text.
    gentle_chrome = _keep_big(found.chrome_by_tag, base, body)
    gentle = _select_with(body, base, found.hidden | gentle_chrome)
    return gentle if gentle.size > selection.size else selection


def _keep_big(elements: list, stats: Stats, body: etree._Element, weak: set | frozenset = frozenset()) -> set:
    """``elements`` without those holding more than KEEP_SHARE of the page's text, forms that
    hold paragraphs, and wrappers named by a weak word around a quotation (an embedded post in
    a "video-container").

    Reader comments are the exception: they can outweigh the story on a busy page.
    """
    limit = KEEP_SHARE * (stats.total_text(body) or 1)
    text = stats.text
    return {
        element
        for element in elements
        if (text.get(element, 0) <= limit or not class_words(element).isdisjoint(COMMENT_WORDS))
        and not (element.tag == "form" and _holds_prose(element, stats))
        and not (element in weak and _wraps_quote(element, stats))
    }


def _wraps_quote(element: etree._Element, stats: Stats) -> bool:
    size = stats.text.get(element, 0)
    if not size:
        return False
    quoted = sum(stats.text.get(quote, 0) for quote in element.iter("blockquote"))
    return quoted >= QUOTE_WRAPPER_SHARE * size


def _holds_prose(element: etree._Element, stats: Stats) -> bool:
    own, own_links = stats.own, stats.own_links
    for block in element.iter(etree.Element):
        size = own.get(block, 0)
        if (
            size >= FORM_PROSE_CHARS
            and own_links.get(block, 0) < FORM_PROSE_MAX_LINKS * size
            and next(block.iter("input", "textarea", "select", "label"), None) is None
        ):
            return True  # a paragraph, not the instructions beside a form's fields
    return False


def _select_with(body: etree._Element, base: Stats, pruned: set) -> Selection:
    stats = without(base, pruned, body)
    return Selection(elements=score(body, stats), stats=stats, pruned=pruned, body=body)


def first_paragraph(selection: Selection) -> etree._Element | None:
    """The first block of the chosen elements with paragraph-sized own text, or None."""
    own, excluded, body = selection.stats.own, selection.stats.excluded, selection.body
    for element in selection.elements:
        for block in element.iter(etree.Element):
            if (
                own.get(block, 0) >= MIN_PARAGRAPH_CHARS
                and block.tag not in NOT_SCORED_TAGS
                and not dom.inside(block, excluded, body)
            ):
                return block
    return None


# -- where the article starts -------------------------------------------------------------------


def lead_paragraph(selection: Selection) -> etree._Element | None:
    """The article's first block of prose: enough own text, few links, sentence punctuation."""
    stats, body = selection.stats, selection.body
    own, own_links, excluded = stats.own, stats.own_links, stats.excluded
    for element in selection.elements:
        for block in element.iter(etree.Element):
            size = own.get(block, 0)
            if size < LEAD_CHARS or block.tag in NOT_SCORED_TAGS or own_links.get(block, 0) > LEAD_MAX_LINKS * size:
                continue
            if dom.inside(block, excluded, body):
                continue
            text = dom.inline_text(block)
            if size >= 2 * LEAD_CHARS or ". " in text or text.endswith(SENTENCE_ENDS):
                return block
    return first_paragraph(selection)
