"""Any news page: metadata from the head, the article text by main-content detection.

The steps live in their own modules: :mod:`.content` finds where the article is and renders its
paragraphs, :mod:`.headline` chooses the headline, :mod:`.page_dates` the publication date; this
module puts them together and chooses the region (the section the page states).

The names other modules and tests use from here are re-exported.
"""

from __future__ import annotations

import re

from indexer.extract import dom
from indexer.extract.content import (
    BOILERPLATE_LINES, COMMENT_WORDS, NEGATIVE_WORDS, POSITIVE_WORDS, STRONG_NEGATIVE_WORDS, Selection,
    Stats, Survey, _inside, _norm, class_words, first_paragraph, is_footer_line,
    lead_paragraph, measure, render, score, select_content, survey, trim_edges, without,
)
from indexer.extract.headline import choose_headline, strip_site_name, title_parts
from indexer.extract.metadata import PageMetadata, absolute_url
from indexer.extract.page_dates import choose_date
from indexer.extract.result import Extracted

__all__ = [  # the entry point, and what other modules and tests use from here
    "extract", "choose_headline", "choose_region", "plausible_section", "select_content",
    "survey", "measure", "without", "score", "render", "trim_edges", "is_footer_line", "first_paragraph",
    "lead_paragraph", "class_words", "title_parts", "strip_site_name", "Selection", "Survey", "Stats",
    "BOILERPLATE_LINES", "COMMENT_WORDS", "NEGATIVE_WORDS", "POSITIVE_WORDS", "STRONG_NEGATIVE_WORDS",
    "_inside",
]

# -- entry point --------------------------------------------------------------------------------

def extract(root, meta: PageMetadata) -> Extracted:
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


_NOT_SECTIONS = frozenset({"home", "homepage", "home page", "start", "front page", "index", "main",
                           "article", "articles", "post", "posts", "all", "page", "story", "email me",
                           "blog", "default", "none", "null", "undefined"})
_URL_LIKE = re.compile(r"https?:|www\.|\.(?:com|net|org|co\.uk)\b|@", re.IGNORECASE)


def plausible_section(value: str, headline: str = "") -> bool:
    """Whether a stated section name looks like one: short, not a URL or handle, not "Home"."""
    norm = _norm(value)
    return bool(norm) and len(value) <= 60 and len(value.split()) <= 6 and norm not in _NOT_SECTIONS \
        and not _URL_LIKE.search(value) and norm != _norm(headline) and "advertis" not in norm


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
