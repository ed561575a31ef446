"""What a page says about itself: meta tags, Open Graph, JSON-LD, canonical link, title.

:func:`read_metadata` collects it all in one pass over the ``<meta>``, ``<link>`` and
``<script type="application/ld+json">`` elements; the ``PageMetadata`` accessors then choose
among the sources (JSON-LD, then Open Graph / article:, then plain meta names).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from indexer.extract import wayback
from indexer.extract.dates import parse_date
from indexer.extract.dom import inline_text
from indexer.extract.text import clean_text
from indexer.extract.vocabulary import ARTICLE_TYPES, DATE_META_NAMES, SECTION_META_NAMES, URL_META_NAMES

_JSON_COMMENT = re.compile(r"^\s*(?://[^\n]*\n|<!--|<!\[CDATA\[)+|(?:-->|\]\]>|;)\s*$")


@dataclass
class PageMetadata:
    """Metadata of one page; ``meta`` maps lower-case name/property/itemprop to values, in order."""

    meta: dict[str, list[str]] = field(default_factory=dict)
    title: str = ""
    canonical: str = ""
    articles: list[dict[str, Any]] = field(default_factory=list)  # JSON-LD article objects
    breadcrumbs: list[str] = field(default_factory=list)  # JSON-LD BreadcrumbList names
    base_url: str = ""  # the Wayback-captured URL, when the page is a capture
    captured_at: datetime | None = None  # when the Wayback capture was made

    def first(self, *names: str) -> str:
        """The first non-empty value of the first of ``names`` the page has."""
        for name in names:
            for value in self.meta.get(name, ()):
                if value:
                    return value
        return ""

    # -- chosen values ------------------------------------------------------------------------

    def jsonld(self, key: str) -> Any:
        """``key`` of the first JSON-LD article object that has it."""
        for obj in self.articles:
            value = obj.get(key)
            if value:
                return value
        return None

    def jsonld_text(self, key: str) -> str:
        """``key`` of the first JSON-LD article object that has it, as text (a list's first text
        item, an object's name, value or id); "" when none has it."""
        return _as_text(self.jsonld(key))

    def headline(self) -> str:
        value = self.jsonld("headline") or self.jsonld("name")
        text = _as_text(value)
        return clean_text(text)

    def published(self) -> datetime | None:
        for key in ("datePublished", "dateCreated", "dateModified"):
            moment = parse_date(self.jsonld_text(key))
            if moment:
                return moment
        for name in DATE_META_NAMES:
            for value in self.meta.get(name, ()):
                moment = parse_date(value)
                if moment:
                    return moment
        return None

    def section(self) -> str:
        text = clean_text(self.jsonld_text("articleSection"))
        if text:
            return text
        text = clean_text(self.first(*SECTION_META_NAMES))
        if text:
            return text
        return ""

    def url(self) -> str:
        """The page's own URL: canonical link, og:url, JSON-LD url; archive URLs unwrapped."""
        candidates = [self.canonical, self.first(*URL_META_NAMES)]
        main = self.jsonld("mainEntityOfPage")
        if isinstance(main, dict):
            main = main.get("@id") or main.get("url")
        candidates += [self.jsonld_text("url"), _as_text(main)]
        for candidate in candidates:
            url = absolute_url(candidate, self.base_url)
            if url:
                return url
        return ""


def absolute_url(url: str, base: str = "") -> str:
    """An absolute http(s) URL for ``url`` (archive URLs unwrapped, relative ones joined to ``base``); "" if none."""
    url = (url or "").strip()
    if not url or url.startswith(("#", "javascript:", "mailto:", "data:")):
        return ""
    url = wayback.original_url(url)
    if url.startswith("//"):
        url = "http:" + url
    if not url.lower().startswith(("http://", "https://")):
        if not base:
            return ""
        try:
            url = wayback.original_url(urljoin(base, url))
        except ValueError:
            return ""
    url = wayback.drop_default_port(url)
    if " " in url:
        url = url.replace(" ", "%20")
    return url if len(url) < 2000 else ""


def _as_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        for item in value:
            text = _as_text(item)
            if text:
                return text
        return ""
    if isinstance(value, dict):
        return _as_text(value.get("name") or value.get("@value") or value.get("@id"))
    return ""


def _types(obj: dict[str, Any]) -> set[str]:
    value = obj.get("@type")
    if isinstance(value, str):
        return {value.lower().rsplit("/", 1)[-1]}
    if isinstance(value, list):
        return {v.lower().rsplit("/", 1)[-1] for v in value if isinstance(v, str)}
    return set()


def _walk_jsonld(value: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document (lists, @graph and nested objects), breadth-light."""
    if depth > 6:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk_jsonld(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
            nested = value.get(key)
            if isinstance(nested, (list, dict)):
                yield from _walk_jsonld(nested, depth + 1)


def _load_json(text: str) -> Any:
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text, strict=False)
    except ValueError:
        pass
    try:
        return json.loads(_JSON_COMMENT.sub("", text), strict=False)
    except ValueError:
        return None


def read_metadata(root: etree._Element, base_url: str = "", captured_at: datetime | None = None) -> PageMetadata:
    """Collect the metadata of a parsed page (see :class:`PageMetadata`)."""
    data = PageMetadata(base_url=base_url, captured_at=captured_at)
    _read_meta_tags(root, data.meta)
    for element in root.iter("link"):
        rel = (element.get("rel") or "").lower().split()
        if "canonical" in rel and not data.canonical:
            data.canonical = (element.get("href") or "").strip()
    title = root.find(".//title")
    if title is not None:
        data.title = inline_text(title) if len(title) else clean_text(title.text or "")
    _read_jsonld(root, data)
    return data


def _read_meta_tags(root: etree._Element, meta: dict[str, list[str]]) -> None:
    """Every ``<meta>`` with a name (``property``, ``name``, ``itemprop`` or ``http-equiv``)."""
    for element in root.iter("meta"):
        attrib = element.attrib
        key = attrib.get("property") or attrib.get("name") or attrib.get("itemprop") or attrib.get("http-equiv")
        if not key:
            continue
        value = attrib.get("content")
        if value is None:
            value = attrib.get("value") or attrib.get("datetime") or ""
        meta.setdefault(key.strip().lower(), []).append(clean_text(value))


def _read_jsonld(root: etree._Element, data: PageMetadata) -> None:
    """The article objects and the first breadcrumb list of the page's JSON-LD scripts; the
    news-specific objects first when a page has several."""
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        document = _load_json(script.text or "")
        for obj in _walk_jsonld(document):
            types = _types(obj)
            if types & ARTICLE_TYPES:
                data.articles.append(obj)
            elif "breadcrumblist" in types and not data.breadcrumbs:
                data.breadcrumbs = _breadcrumb_names(obj)
    data.articles.sort(key=lambda obj: 0 if _types(obj) & {"newsarticle", "reportagenewsarticle"} else 1)


def _breadcrumb_names(obj: dict[str, Any]) -> list[str]:
    items = obj.get("itemListElement")
    if not isinstance(items, list):
        return []
    named: list[tuple[int, str]] = []
    for item in items:
        if not isinstance(item, dict):
            continue
        name = item.get("name")
        if not name and isinstance(item.get("item"), dict):
            name = item["item"].get("name")
        position: Any = item.get("position")
        try:
            order = int(position)
        except (TypeError, ValueError):
            order = len(named) + 1
        text = clean_text(_as_text(name))
        if text:
            named.append((order, text))
    named.sort(key=lambda pair: pair[0])
    return [text for _, text in named]
