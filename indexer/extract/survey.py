"""Step 1 of finding the body: one pass over a page's elements that notes what the later steps
need: what is hidden, what looks like chrome (by tag, ARIA role, class/id words), the breadcrumb
trail, the headline candidates, and the hosts the page's links point to (which name the site).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from indexer.extract import dom
from indexer.extract.class_words import chrome_by_words, class_words, headline_like
from indexer.extract.text import LINK_HOST
from indexer.extract.tunables import (
    MAX_HEADLINE_CANDIDATES,
)
from indexer.extract.vocabulary import (
    CHROME_ROLES,
    CHROME_TAGS,
    STRONG_NEGATIVE_WORDS,
    WAYBACK_FURNITURE_IDS,
    WEAK_WORDS_IGNORED_TAGS,
)

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


@dataclass
class Survey:
    """What one pass over a page's elements found (see :func:`survey`)."""

    hidden: set = field(default_factory=set)
    chrome_by_words: list = field(default_factory=list)  # by tag, role or class/id words
    chrome_by_tag: list = field(default_factory=list)  # by tag or role only
    weak_chrome: set = field(default_factory=set)  # chrome by weak class/id words only
    breadcrumbs: list = field(default_factory=list)
    headlines: list = field(default_factory=list)  # (kind, element): h1, cls, h2, h3, h4
    order: dict = field(default_factory=dict)  # element -> position in document order
    elements: list = field(default_factory=list)  # the elements, in document order
    link_hosts: dict = field(default_factory=dict)  # host of absolute links -> how many


_NO_WORDS: frozenset[str] = frozenset()


def survey(body: etree._Element) -> Survey:
    """One pass over the elements under ``body``: hidden ones, chrome, breadcrumbs, headline candidates."""
    found = Survey(elements=list(body.iter(etree.Element)))
    order, hidden = found.order, found.hidden
    for position, element in enumerate(found.elements):
        order[element] = position
        tag = element.tag
        if tag in dom.NON_CONTENT_TAGS:
            continue
        attrib = element.attrib
        if attrib and _is_hidden(attrib):
            hidden.add(element)
            continue
        words = class_words(element) if attrib else _NO_WORDS
        _note_chrome(found, element, tag, words, attrib.get("role") if attrib else None)
        if not found.breadcrumbs and _is_breadcrumb(words, attrib):
            found.breadcrumbs.append(element)
        if tag == "a" and attrib:
            _count_link_host(found.link_hosts, attrib.get("href"))
        _note_headline(found.headlines, element, tag, words, attrib)
    return found


def _is_hidden(attrib: etree._Attrib) -> bool:
    """Hidden by an attribute or an inline style, or furniture the Wayback Machine adds."""
    if "hidden" in attrib or attrib.get("aria-hidden") == "true":
        return True
    style = attrib.get("style")
    if style and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style):
        return True
    ident = attrib.get("id")
    return bool(ident) and ident.startswith(WAYBACK_FURNITURE_IDS)


def _note_chrome(found: Survey, element: etree._Element, tag: str, words: frozenset[str], role: str | None) -> None:
    """Chrome by its tag or ARIA role (both passes leave it out), or by its class/id words (the
    first pass only; a weak word does not make a table row or a quotation chrome)."""
    if tag in CHROME_TAGS or (role and role in CHROME_ROLES):
        found.chrome_by_words.append(element)
        found.chrome_by_tag.append(element)
    elif chrome_by_words(words) and (tag not in WEAK_WORDS_IGNORED_TAGS or not words.isdisjoint(STRONG_NEGATIVE_WORDS)):
        found.chrome_by_words.append(element)
        if words.isdisjoint(STRONG_NEGATIVE_WORDS):
            found.weak_chrome.add(element)


def _is_breadcrumb(words: frozenset[str], attrib: etree._Attrib) -> bool:
    """A breadcrumb trail, by its class/id or its ARIA label."""
    if words and ("breadcrumb" in words or "breadcrumbs" in words):
        return True
    return bool(attrib) and "breadcrumb" in (attrib.get("aria-label") or "").lower()


def _count_link_host(link_hosts: dict[str, int], href: str | None) -> None:
    """Count the host an absolute link points to (the last URL in it: redirects wrap their target)."""
    if href and "://" in href:
        match = LINK_HOST.search(href, href.rfind("://") - 5)
        if match:
            host = match.group(1).lower()
            link_hosts[host] = link_hosts.get(host, 0) + 1


def _note_headline(
    headlines: list, element: etree._Element, tag: str, words: frozenset[str], attrib: etree._Attrib
) -> None:
    """Every ``<h1>``; up to MAX_HEADLINE_CANDIDATES headline-classed elements, ``<h2>``, ``<h3>`` and ``<h4>``."""
    if tag == "h1" or tag == "headline":  # <headline>: NewsML markup inside some pages
        headlines.append(("h1", element))
    elif words and headline_like(words) or (attrib and attrib.get("itemprop") == "headline"):
        if len(headlines) < MAX_HEADLINE_CANDIDATES:
            headlines.append(("cls", element))
    elif tag in ("h2", "h3", "h4") and len(headlines) < MAX_HEADLINE_CANDIDATES:
        headlines.append((tag, element))
