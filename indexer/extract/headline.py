"""The headline of a page without a known template: metadata, the page title without the site's
name, and the visible headings near the article.

:func:`choose_headline` prefers, in turn, explicit metadata (JSON-LD, ``<meta name="headline">``),
a visible heading that agrees with og:title or the page title, og:title itself, a heading right
before the article's lead paragraph, a heading a little further up that shares words with the
story, and the part of the title that is not the site's name (:mod:`.titles`, which also says
what names the site: og:site_name, and the host the page's links point to).
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass

from lxml import etree

from indexer.extract import dom
from indexer.extract.class_words import class_words
from indexer.extract.content import Selection, lead_paragraph
from indexer.extract.dates import is_date_line
from indexer.extract.metadata import PageMetadata
from indexer.extract.survey import Survey, survey
from indexer.extract.text import BYLINE, norm, word_set, words
from indexer.extract.titles import site_keys, site_like, split_title, strip_site_name, title_parts, usable_title
from indexer.extract.tunables import (
    AGREEMENT_MIN_PRECISION,
    CONTENT_WORD_CHARS,
    FULL_HEADING_WORDS,
    HEADING_OVER_TITLE,
    HEADLINE_MIN_WORDS,
    KIND_WEIGHT,
    LABEL_MARGIN,
    LABEL_WORDS,
    LAST_RESORT_LINE_MIN_WORDS,
    LEAD_OPENING_CHARS,
    LEAD_OPENING_ELEMENTS,
    LINE_MAX_LINKS,
    LINE_MAX_WORDS,
    LINE_MIN_WORDS,
    LINE_WINDOW,
    LINK_ONLY_SHARE,
    MAX_HEADLINE_CHARS,
    MIN_AGREEMENT,
    MIN_BODY_OVERLAP,
    NEAR_CONTENT_BLOCKS,
    OPENING_CHARS,
    OTHER_PART_WEIGHT,
    RUN_AGREEMENT,
    RUN_AGREEMENT_SPAN,
    RUN_CHECK_BELOW,
    RUN_MIN_WORDS,
    SENTENCE_MIN_WORDS,
    STORY_OVERLAP,
    TITLE_PART_FULL_WORDS,
    WIDE_CONTENT_BLOCKS,
)
from indexer.extract.vocabulary import LOGO_WORDS, POSITIVE_WORDS, STOP_WORDS


def _in_logo_area(element: etree._Element, body: etree._Element, keep: set | frozenset = frozenset()) -> bool:
    """Whether an element sits in the page's header, navigation or footer; an ancestor in
    ``keep`` (those of the article's first paragraph) is never such an area."""
    for ancestor in element.iterancestors():
        if ancestor is body or ancestor in keep:
            return False
        if ancestor.tag in ("header", "nav", "footer", "aside"):
            return True
        names = class_words(ancestor)
        if not names.isdisjoint(LOGO_WORDS) and names.isdisjoint(POSITIVE_WORDS):
            return True  # "site-header", "masthead"; not "article-header"
    return False


def _agreement(candidate: str, references: list[tuple[str, bool]]) -> float:
    """How well a candidate headline matches one of the reference texts (0..1).

    A reference is a title part (``True`` when it is the main, longest part) or a whole title.
    The candidate's words must be nearly all in the reference; the value is the share of the
    reference it covers.  A candidate of three words or more that is a run of a whole title
    ("Headline" in "Site Headline: Section") scores at least 0.6.
    """
    candidate_words = word_set(candidate)
    if not candidate_words:
        return 0.0
    sequence = None
    best = 0.0
    for reference, is_main in references:
        ref = word_set(reference)
        if not ref:
            continue
        common = len(candidate_words & ref)
        precision, recall = common / len(candidate_words), common / len(ref)
        if precision < AGREEMENT_MIN_PRECISION:
            continue
        value = recall if is_main else recall * OTHER_PART_WEIGHT
        if value < RUN_CHECK_BELOW and precision == 1.0:
            sequence = sequence or words(candidate)
            whole = words(reference)
            if len(sequence) >= RUN_MIN_WORDS and _is_run(sequence, whole):
                value = max(value, RUN_AGREEMENT + RUN_AGREEMENT_SPAN * len(sequence) / len(whole))
        best = max(best, value)
    return best


def _is_run(sequence: list[str], whole: list[str]) -> bool:
    """Whether ``sequence`` occurs in ``whole`` as consecutive items."""
    size = len(sequence)
    first = sequence[0]
    for start in range(len(whole) - size + 1):
        if whole[start] == first and whole[start : start + size] == sequence:
            return True
    return False


def _content_words(text: str) -> set[str]:
    return {word for word in words(text) if len(word) >= CONTENT_WORD_CHARS and word not in STOP_WORDS}


def _overlap(text: str, opening: set[str]) -> float:
    """The share of a text's content words that the article's opening uses."""
    mine = _content_words(text)
    return len(mine & opening) / len(mine) if mine else 0.0


@dataclass
class _Candidate:
    """A heading, or a line of text, that may be the headline."""

    kind: str  # "h1", "cls" (a headline class), "h2", "h3", "h4" or "line"
    text: str
    element: etree._Element
    at: int  # its position in document order


@dataclass
class _Page:
    """What a page's headline is chosen from."""

    meta: PageMetadata
    found: Survey
    selection: Selection | None
    sites: tuple[set[str], set[str]]  # what names the site (see titles.site_keys)
    og_title: str  # og:title (or twitter:title) when usable, else ""
    page_title: str  # the <title> when usable, else ""
    lead: etree._Element | None  # the article's lead paragraph
    lead_at: int  # its position in document order (past the last element if none)
    candidates: list[_Candidate]  # the visible headings outside the page's header and footer
    opening: set[str]  # the content words of the article's opening


def choose_headline(
    root: etree._Element, meta: PageMetadata, found: Survey | None = None, selection: Selection | None = None
) -> str:
    """The article's headline.

    1. explicit metadata: JSON-LD ``headline``, ``<meta name="headline">``;
    2. an ``<h1>``, headline-classed element, ``<h2>`` or ``<h3>`` (or its first line) that agrees
       with og:title or the page title (their words, the site's name left out), unless it is a
       short label the title repeats and the story's own heading or the title's main part shares
       clearly more of the article's words;
    3. og:title without the site name;
    4. a heading right before the article's lead paragraph;
    5. a heading further before it that shares words with the article, unless a part of the page
       title shares more;
    6. the part of the page title that is not the site's name and shares most words with the
       article (the longest, when none does);
    7. for a page without a title, the first ``<h1>`` or a heading near the article.
    """
    explicit = _unescape(meta.headline() or meta.first("headline"))
    if explicit and len(explicit) <= MAX_HEADLINE_CHARS:
        return explicit
    page = _read_page(root, meta, found, selection)
    best, agreement, best_at = _agreeing_heading(page)
    if agreement >= MIN_AGREEMENT:
        return _unless_label(page, best, best_at)
    return _without_agreement(page)


def _read_page(root: etree._Element, meta: PageMetadata, found: Survey | None, selection: Selection | None) -> _Page:
    body = root.find("body")
    if body is None:
        body = root
    if found is None:
        found = survey(body)
    lead = lead_paragraph(selection) if selection is not None else None
    lead_at = found.order.get(lead, len(found.order)) if lead is not None else len(found.order)
    keep = set(lead.iterancestors()) if lead is not None else set()
    return _Page(
        meta=meta,
        found=found,
        selection=selection,
        sites=site_keys(meta, found),
        og_title=usable_title(_unescape(meta.first("og:title", "twitter:title"))),
        page_title=usable_title(meta.title),
        lead=lead,
        lead_at=lead_at,
        candidates=_headline_candidates(found, body, keep),
        opening=_content_words(_opening_text(selection, lead)) if selection is not None else set(),
    )


def _title_references(page: _Page) -> list[tuple[str, bool]]:
    """What a heading is compared with: the parts of og:title and of the page title (True for
    the main, longest part), and each whole title that has parts."""
    references: list[tuple[str, bool]] = []
    for title in (page.og_title, page.page_title):
        if title:
            parts = title_parts(title, page.meta, page.sites)
            references += [(part, i == 0) for i, part in enumerate(parts)]
            if len(parts) > 1 or split_title(title, page.sites) != parts:
                references.append((title, False))
    return references


def _agreeing_heading(page: _Page) -> tuple[str, float, int]:
    """The heading that agrees best with the titles, weighted by its kind (ties: the one nearest
    the lead): its text, its agreement (rounded to 3 decimals) and its position."""
    references = _title_references(page)
    best, best_key, best_at = "", (0.0, 0), 0
    for candidate in page.candidates:
        if site_like(candidate.text, page.sites):
            continue  # the site's own name ("The Paper" in an h1 above the story)
        value = _agreement(candidate.text, references) * KIND_WEIGHT[candidate.kind]
        key = (round(value, 3), -abs(page.lead_at - candidate.at))
        if value > 0 and key > best_key:
            best, best_key, best_at = candidate.text, key, candidate.at
    return best, best_key[0], best_at


def _unless_label(page: _Page, best: str, best_at: int) -> str:
    """The heading that agrees with the title, unless it is a short label the title repeats
    ("Sports Wire", "Business", the paper's name): the story's own heading below it, or the
    title's main part, wins when it shares clearly more of the article's words."""
    if len(best.split()) > LABEL_WORDS or not page.opening:
        return best
    label = _overlap(best, page.opening)
    heading, overlap = _heading_sharing_words(page, page.candidates)
    if (
        heading
        and overlap >= STORY_OVERLAP
        and (
            best_at > page.lead_at
            or (
                _heading_at(page.candidates, heading) > best_at
                and overlap >= label + LABEL_MARGIN
                and (not label or len(heading.split()) > LABEL_WORDS)
            )
        )
    ):
        return heading  # (a label below the article's start is a sidebar's)
    if page.page_title and label < STORY_OVERLAP:
        part, overlap = _best_title_part(page)
        if (
            overlap >= max(STORY_OVERLAP, label + LABEL_MARGIN)
            and len(part.split()) > LABEL_WORDS
            and norm(part) != norm(best)
        ):
            return part
    return best


def _without_agreement(page: _Page) -> str:
    """When no heading agrees with the titles: og:title without the site's name; else a heading
    right before the lead (unless it shares no word with the story and the title does), a heading
    further up that shares clearly more words than the title's best part, or that part; on a page
    without a title, a heading near the article or the first one."""
    if page.og_title:
        return strip_site_name(page.og_title, page.meta, page.sites)
    near = _heading_near_content(page)
    lines = _line_candidates(page) if page.selection is not None else []
    heading, heading_overlap = _heading_sharing_words(page, page.candidates + lines)
    if page.page_title:
        part, part_overlap = _best_title_part(page)
        if near and (_overlap(near, page.opening) > 0 or not part_overlap):
            return near
        if heading and heading_overlap >= part_overlap + HEADING_OVER_TITLE:
            return heading
        return part
    return near or heading or _first_heading(page)


def _unescape(text: str) -> str:
    """Meta values double-escaped by their CMS ("Don&#8217;t") decoded."""
    if text and "&" in text and ";" in text:
        return html.unescape(text)
    return text or ""


def _headline_candidates(found: Survey, body: etree._Element, keep: set) -> list[_Candidate]:
    """The survey's headings that are visible and outside the page's header, navigation and
    footer, with the first line of multi-line ones as a candidate of its own."""
    out = []
    for kind, element in found.headlines:
        if element in found.hidden or _in_logo_area(element, body, keep) or _invisible(element, found, body):
            continue
        text = dom.inline_text(element)
        if not text:
            continue
        at = found.order.get(element, 0)
        if len(text) <= MAX_HEADLINE_CHARS:
            out.append(_Candidate(kind, text, element, at))
        if len(element):
            lines = dom.paragraphs(element)
            if len(lines) > 1 and len(lines[0]) <= MAX_HEADLINE_CHARS and len(lines[0].split()) >= HEADLINE_MIN_WORDS:
                out.append(_Candidate(kind, lines[0], element, at))
    return out


def _line_candidates(page: _Page) -> list[_Candidate]:
    """Short, unpunctuated lines in the few text blocks right before the lead paragraph (a
    headline in a plain table cell or paragraph)."""
    assert page.selection is not None
    own, links, order = page.selection.stats.own, page.selection.stats.own_links, page.found.order
    blocks = sorted(
        (order[block], block)
        for block, size in own.items()
        if size
        and block in order
        and order[block] < page.lead_at
        and links.get(block, 0) < LINE_MAX_LINKS * size
        and block not in page.found.hidden
    )
    out = []
    for at, block in blocks[-LINE_WINDOW:]:
        text = dom.inline_text(block)
        if (
            LINE_MIN_WORDS <= len(text.split()) <= LINE_MAX_WORDS
            and len(text) <= MAX_HEADLINE_CHARS
            and not (text.endswith((".", ":", ",")) and not text.endswith(".."))
        ):
            out.append(_Candidate("line", text, block, at))
    return out


def _invisible(element: etree._Element, found: Survey, body: etree._Element) -> bool:
    """Inside a hidden element, or in markup never shown (``<noscript>``, ``<template>``...)."""
    for ancestor in element.iterancestors():
        if ancestor is body:
            return False
        if ancestor in found.hidden or ancestor.tag in dom.NON_CONTENT_TAGS:
            return True
    return False


def _opening_text(selection: Selection, lead: etree._Element | None = None) -> str:
    """The article's first OPENING_CHARS characters, from its lead paragraph on."""
    parts: list[str] = []
    size = 0
    started = lead is None
    for element in selection.elements:
        walker = etree.iterwalk(element, events=("start", "end", "comment", "pi"))
        for event, node in walker:
            if event == "start":
                if node.tag in dom.NON_CONTENT_TAGS:
                    walker.skip_subtree()
                    continue
                if node is lead:
                    started = True
                text = node.text if started else None
            else:  # the end of an element, a comment, a processing instruction: their tail
                text = node.tail if started and node is not element else None
            if text:
                parts.append(text)
                size += len(text)
                if size >= OPENING_CHARS:
                    return " ".join(" ".join(parts).split())[:OPENING_CHARS]
    return " ".join(" ".join(parts).split())[:OPENING_CHARS]


def _best_title_part(page: _Page) -> tuple[str, float]:
    """The part of the page title (site name left out) that shares most words with the article,
    and its overlap; the longest part when none does."""
    title, opening = page.page_title, page.opening
    parts = title_parts(title, page.meta, page.sites)
    if not parts or all(site_like(part, page.sites) for part in parts):
        return (parts[0] if parts else title.strip()), 0.0  # the title is the site's name
    scored = [(_title_part_overlap(part, opening), len(part), part) for part in parts if not _has_date(part)]
    if not scored:
        return parts[0], 0.0
    overlap, _, part = max(scored)
    longest = parts[0]
    longest_overlap = _title_part_overlap(longest, opening)
    if overlap == 0 or longest_overlap > 0 or len(_content_words(part)) < TITLE_PART_FULL_WORDS:
        return longest, longest_overlap  # the longest part, unless it shares no word and another does
    return part, overlap


def _title_part_overlap(part: str, opening: set[str]) -> float:
    return _overlap(part, opening) * min(1.0, len(_content_words(part)) / TITLE_PART_FULL_WORDS)


_FULL_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d\d\b"
    r"|\b\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+(?:19|20)\d\d\b"
    r"|\b\d{1,2}[/.]\d{1,2}[/.](?:19|20)\d\d\b|\b(?:19|20)\d\d-\d\d-\d\d\b",
    re.IGNORECASE,
)


def _has_date(text: str) -> bool:
    """Whether a line holds a full date ("Tuesday January 8, 2008", "14/01/2008"): a dateline."""
    return bool(_FULL_DATE.search(text))


def _blocks_between(page: _Page, start: int, end: int) -> int:
    """How many blocks with text lie strictly between two positions in document order."""
    selection = page.selection
    assert selection is not None
    positions = selection.block_positions
    if positions is None:
        order = page.found.order
        positions = selection.block_positions = sorted(
            order[block] for block, size in selection.stats.own.items() if size and block in order
        )
    return max(0, bisect.bisect_left(positions, end) - bisect.bisect_right(positions, start))


def _first_heading(page: _Page) -> str:
    """For pages with no title at all: an h1, else a headline-classed element, else the heading
    nearest before the article."""
    start_at = page.lead_at
    usable = [c for c in page.candidates if len(c.text.split()) >= HEADLINE_MIN_WORDS and not _is_link_only(c.element)]
    for wanted in ("h1", "cls"):
        for candidate in usable:
            if candidate.kind == wanted and candidate.at <= start_at:
                return candidate.text
    before = [(c.at, c.text) for c in usable if c.at <= start_at]
    if before:
        return max(before)[1]
    if usable:
        return usable[0].text
    return _line_before_content(page)


def _line_before_content(page: _Page) -> str:
    """A short, unpunctuated line among the few text blocks right before the article."""
    if page.selection is None:
        return ""
    own, links, order = page.selection.stats.own, page.selection.stats.own_links, page.found.order
    blocks = sorted(
        (order[block], block)
        for block, size in own.items()
        if size and block in order and order[block] < page.lead_at and not links.get(block)
    )
    for _, block in reversed(blocks[-NEAR_CONTENT_BLOCKS:]):
        text = dom.inline_text(block)
        if (
            LAST_RESORT_LINE_MIN_WORDS <= len(text.split()) <= LINE_MAX_WORDS
            and not text.endswith((".", ":", ","))
            and not is_date_line(text)
        ):
            return text
    return ""


def _before_lead(candidate: _Candidate, lead: etree._Element, lead_at: int) -> bool:
    """Before the lead paragraph, or opening it (a first line inside the lead's own block)."""
    if candidate.at < lead_at:
        return True
    if candidate.at - lead_at > LEAD_OPENING_ELEMENTS or not any(a is lead for a in candidate.element.iterancestors()):
        return False
    return 0 <= dom.inline_text(lead).find(candidate.text[:LEAD_OPENING_CHARS]) <= LEAD_OPENING_CHARS


def _heading_at(candidates: list, text: str) -> int:
    return next((c.at for c in candidates if c.text == text), 0)


def _heading_near_content(page: _Page) -> str:
    """The last heading-like candidate at most NEAR_CONTENT_BLOCKS text blocks before the lead;
    the last of those sharing words with the article, if any does (not a box's "See also")."""
    if page.selection is None or page.lead is None:
        return ""
    near = [
        candidate
        for candidate in page.candidates
        if _headline_shaped(candidate)
        and _before_lead(candidate, page.lead, page.lead_at)
        and _blocks_between(page, candidate.at, page.lead_at) <= NEAR_CONTENT_BLOCKS
    ]
    if not near:
        return ""
    opening = page.opening
    sharing = [c for c in near if opening and _overlap(c.text, opening) >= MIN_BODY_OVERLAP]
    return max(sharing or near, key=lambda c: (len(c.text.split()) >= FULL_HEADING_WORDS, c.at)).text


def _headline_shaped(candidate: _Candidate) -> bool:
    """Two words or more, not a link, no dateline, not a sentence of the story."""
    text = candidate.text
    count = len(text.split())
    if count < HEADLINE_MIN_WORDS or _is_link_only(candidate.element) or _has_date(text) or BYLINE.match(text):
        return False
    return not (count >= SENTENCE_MIN_WORDS and text.endswith(".") and not text.endswith(".."))


def _heading_sharing_words(page: _Page, candidates: list[_Candidate]) -> tuple[str, float]:
    """A heading up to WIDE_CONTENT_BLOCKS text blocks before the lead whose words the article
    uses (at least MIN_BODY_OVERLAP of them); the nearest of the best."""
    if page.selection is None or page.lead is None or not page.opening:
        return "", 0.0
    best, best_key = "", (0.0, 0.0)
    for candidate in candidates:
        if not _headline_shaped(candidate) or not _before_lead(candidate, page.lead, page.lead_at):
            continue
        overlap = _overlap(candidate.text, page.opening)
        if overlap < MIN_BODY_OVERLAP:
            continue
        if _blocks_between(page, candidate.at, page.lead_at) > WIDE_CONTENT_BLOCKS:
            continue
        key = (round(overlap * KIND_WEIGHT[candidate.kind], 3), candidate.at)
        if key > best_key:
            best, best_key = candidate.text, key
    return best, best_key[0]


def _is_link_only(element: etree._Element) -> bool:
    if element.tag == "a" or element.getparent() is not None and element.getparent().tag == "a":
        return True
    links = "".join("".join(a.itertext()) for a in element.iter("a"))
    return bool(links.strip()) and len(links.strip()) >= LINK_ONLY_SHARE * len("".join(element.itertext()).strip())
