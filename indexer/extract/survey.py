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
    chrome_by_words: list = field(default_factory=list)   # by tag, role or class/id words
    chrome_by_tag: list = field(default_factory=list)     # by tag or role only
    weak_chrome: set = field(default_factory=set)          # chrome by weak class/id words only
    breadcrumbs: list = field(default_factory=list)
    headlines: list = field(default_factory=list)         # (kind, element): h1, cls, h2, h3
    order: dict = field(default_factory=dict)             # element -> position in document order
    elements: list = field(default_factory=list)          # the elements, in document order
    link_hosts: dict = field(default_factory=dict)        # host of absolute links -> how many


def survey(body) -> Survey:
    """One pass over the elements under ``body``: hidden ones, chrome, breadcrumbs, headline candidates."""
    found = Survey()
    hidden, by_words, by_tag, order = found.hidden, found.chrome_by_words, found.chrome_by_tag, found.order
    found.elements = list(body.iter(etree.Element))
    for position, element in enumerate(found.elements):
        order[element] = position
        tag = element.tag
        if tag in dom.NON_CONTENT_TAGS:
            continue
        attrib = element.attrib
        if attrib:
            if "hidden" in attrib or attrib.get("aria-hidden") == "true":
                hidden.add(element)
                continue
            style = attrib.get("style")
            if style and ("none" in style or "hidden" in style) and _HIDDEN_STYLE.search(style):
                hidden.add(element)
                continue
            ident = attrib.get("id")
            if ident and ident.startswith(WAYBACK_FURNITURE_IDS):
                hidden.add(element)
                continue
            words = class_words(element)
            role = attrib.get("role")
        else:
            words, role = frozenset(), None
        if tag in CHROME_TAGS or (role and role in CHROME_ROLES):
            by_words.append(element)
            by_tag.append(element)
        elif chrome_by_words(words) and (tag not in WEAK_WORDS_IGNORED_TAGS or not words.isdisjoint(STRONG_NEGATIVE_WORDS)):
            by_words.append(element)
            if words.isdisjoint(STRONG_NEGATIVE_WORDS):
                found.weak_chrome.add(element)
        if words and ("breadcrumb" in words or "breadcrumbs" in words) and not found.breadcrumbs:
            found.breadcrumbs.append(element)
        elif attrib and "breadcrumb" in (attrib.get("aria-label") or "").lower() and not found.breadcrumbs:
            found.breadcrumbs.append(element)
        if tag == "a" and attrib:
            href = attrib.get("href")
            if href and "://" in href:
                match = LINK_HOST.search(href, href.rfind("://") - 5)
                if match:
                    host = match.group(1).lower()
                    found.link_hosts[host] = found.link_hosts.get(host, 0) + 1
        if tag == "h1" or tag == "headline":  # <headline>: NewsML markup inside some pages
            found.headlines.append(("h1", element))
        elif words and headline_like(words) or (attrib and attrib.get("itemprop") == "headline"):
            if len(found.headlines) < MAX_HEADLINE_CANDIDATES:
                found.headlines.append(("cls", element))
        elif tag in ("h2", "h3", "h4") and len(found.headlines) < MAX_HEADLINE_CANDIDATES:
            found.headlines.append((tag, element))
    return found
