"""Any news page: metadata from the head, the article text by main-content detection.

The steps live in their own modules: :mod:`.survey` looks over the elements once,
:mod:`.content` finds where the article is and :mod:`.render` gives its paragraphs,
:mod:`.headline` chooses the headline, :mod:`.page_dates` the publication date; this module
puts them together and chooses the region (the section the page states, never a guess).
"""

from __future__ import annotations

import re

from lxml import etree

from indexer.extract import dom
from indexer.extract.content import select_content
from indexer.extract.headline import choose_headline
from indexer.extract.metadata import PageMetadata, absolute_url
from indexer.extract.page_dates import choose_date
from indexer.extract.render import render
from indexer.extract.result import Extracted
from indexer.extract.survey import Survey, survey
from indexer.extract.text import norm
from indexer.extract.tunables import SECTION_MAX_CHARS, SECTION_MAX_WORDS
from indexer.extract.vocabulary import NOT_SECTIONS

# -- entry point --------------------------------------------------------------------------------


def extract(root: etree._Element, meta: PageMetadata) -> Extracted:
    """Headline, body, date, region and URL of any page (the tree is not modified)."""
    body = root.find("body")
    if body is None:
        body = root
    found = survey(body)
    selection = select_content(body, found)
    url = meta.url() or absolute_url(meta.base_url)
    headline = choose_headline(root, meta, found, selection)
    region = choose_region(meta, found, headline)
    date = choose_date(root, meta, url, found, selection, headline)
    paragraphs = render(selection, headline) if selection else []
    return Extracted(headline=headline, paragraphs=paragraphs, date=date, region=region, url=url)


_URL_LIKE = re.compile(r"https?:|www\.|\.(?:com|net|org|co\.uk)\b|@", re.IGNORECASE)


def plausible_section(value: str, headline: str = "") -> bool:
    """Whether a stated section name looks like one: short, not a URL or handle, not "Home"."""
    normal = norm(value)
    return (
        bool(normal)
        and len(value) <= SECTION_MAX_CHARS
        and len(value.split()) <= SECTION_MAX_WORDS
        and normal not in NOT_SECTIONS
        and not _URL_LIKE.search(value)
        and normal != norm(headline)
        and "advertis" not in normal
    )


def choose_region(meta: PageMetadata, found: Survey, headline: str) -> str:
    """The section the page states: article:section / JSON-LD, else a breadcrumb; never a guess."""
    value = meta.section()
    if value and plausible_section(value, headline):
        return value
    crumbs = list(meta.breadcrumbs)
    if not crumbs:
        for trail in found.breadcrumbs[:1]:
            crumbs = [dom.inline_text(a) for a in trail.iter("a")]
            if not crumbs:
                crumbs = [dom.inline_text(li) for li in trail.iter("li")]
    for crumb in reversed(crumbs):
        if plausible_section(crumb, headline):
            return crumb
    return ""
