"""Publication date candidates from what the page marks up: JSON-LD ``datePublished`` and
``dateCreated``, the meta names sites use (``article:published_time``, ``date``, ``pubdate``,
``DC.date.issued``, ``sailthru.date``, ``parsely-pub-date``, ``OriginalPublicationDate``...),
``<time datetime>``, ``itemprop="datePublished"`` and hAtom ``<abbr class="published">`` elements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from lxml import etree

from indexer.extract import dom
from indexer.extract.date_choice import Candidate
from indexer.extract.dates import TZINFOS, find_text_dates, parse_date
from indexer.extract.metadata import PageMetadata
from indexer.extract.tunables import (
    PENALTY_LATER_TIME,
    SCORE_ITEMPROP,
    SCORE_JSONLD,
    SCORE_MARKED_PUBLISHED,
    SCORE_META_OTHER,
    SCORE_META_PUBLISHED,
    SCORE_MODIFIED,
    SCORE_TIME,
)
from indexer.extract.vocabulary import (
    MODIFIED_META,
    PUBLISHED_META,
    STRONG_PUBLISHED_META,
)

_MODIFIED_WORDS = re.compile(
    r"modif|updat|revis|last|change|expir|valid|end|start|event|birth|copyright|"
    r"review|crawl|index|retriev|access",
    re.IGNORECASE,
)
_DATE_NAME = re.compile(r"date|pub|creat|time", re.IGNORECASE)


_TIMED = re.compile(r"\d:\d\d")
_ZONE_NAMES = "|".join(sorted(TZINFOS, key=len, reverse=True))
_ZONED = re.compile(rf"\d(?:Z|\s*[+-]\d\d:?\d\d|\s*\(?(?:{_ZONE_NAMES})\)?)\s*$", re.IGNORECASE)


def _add(out: list, value: datetime | None, score: float, source: str, text: str) -> None:
    if value is not None:
        timed = bool(_TIMED.search(text))
        out.append(
            Candidate(
                value,
                _written_day(text, value),
                score,
                source,
                timed=timed,
                zoned=timed and bool(_ZONED.search(text.strip())),
            )
        )


_LOCAL_DAY = re.compile(r"^\s*((?:19|20)\d\d)-(\d\d)-(\d\d)")


def _written_day(text: str, value: datetime) -> date:
    """The day a date string names before conversion to UTC (2019-11-08T21:30-05:00 is the 8th,
    "January 8, 2008 11:30 PM EST" too)."""
    match = _LOCAL_DAY.match(text or "")
    if match:
        try:
            return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        except ValueError:
            return value.date()
    written = find_text_dates(text) if text and len(text) <= 100 else []
    if len(written) == 1 and len(written[0].days) == 1:
        return written[0].days[0]
    return value.date()


def add_structured(meta: PageMetadata, out: list[Candidate]) -> None:
    for key, score in (("datePublished", SCORE_JSONLD), ("dateCreated", SCORE_JSONLD - 1)):
        text = meta.jsonld_text(key)
        value = parse_date(text)
        _add(out, value, score, "jsonld", text)
    text = meta.jsonld_text("dateModified")
    value = parse_date(text)
    _add(out, value, SCORE_MODIFIED, "modified", text)
    for name, values in meta.meta.items():
        if name in PUBLISHED_META:
            score = SCORE_META_PUBLISHED if name in STRONG_PUBLISHED_META else SCORE_META_OTHER
        elif name in MODIFIED_META:
            score = SCORE_MODIFIED
        elif _DATE_NAME.search(name) and not _MODIFIED_WORDS.search(name) and len(name) <= 40:
            score = SCORE_META_OTHER - 1
        else:
            continue
        for text in values[:1]:
            value = parse_date(text)
            source = "modified" if score == SCORE_MODIFIED else f"meta:{name}"
            _add(out, value, score, source, text)


def add_marked(elements: Iterable[etree._Element], out: list[Candidate]) -> None:
    """Candidates from ``itemprop="datePublished"`` / ``dateCreated``, ``<time>`` and hAtom
    ``<abbr class="published" title="...">`` elements."""
    itemprops = times = 0
    for element in elements:
        if element.tag == "abbr":
            marked = _abbr_date(element)
            if marked is None:
                continue
            score, source, text = marked
        elif element.tag == "time":
            score, source, text = _time_date(element)
        else:
            text = element.get("content") or element.get("datetime") or dom.inline_text(element)
            # the first is the page's own; later ones often belong to a list of other stories
            score, source = (SCORE_ITEMPROP if itemprops == 0 else SCORE_META_OTHER), "itemprop"
            itemprops += 1
        if source == "time":  # the first is the story's; more are often a list of other stories
            score -= PENALTY_LATER_TIME * min(times, 1)
            times += 1
        _add(out, parse_date(text), score, source, text)


def _abbr_date(element: etree._Element) -> tuple[float, str, str] | None:
    """(score, source, date text) of an hAtom date, by its class:
    ``<abbr class="published" title="2013-06-30T15:58:23Z">1 hr ago</abbr>``; None for other abbrs."""
    classes = (element.get("class") or "").lower()
    text = element.get("title") or ""
    if "published" in classes or "dtstart" in classes:
        return SCORE_TIME + SCORE_MARKED_PUBLISHED, "time", text
    if "updated" in classes or "modified" in classes:
        return SCORE_MODIFIED, "modified", text
    if "date" in classes or "time" in classes:
        return SCORE_TIME, "time", text
    return None


def _time_date(element: etree._Element) -> tuple[float, str, str]:
    """(score, source, date text) of a ``<time>`` element: published, modified, or not saying."""
    text = element.get("datetime") or dom.inline_text(element)
    classes = (element.get("class") or "").lower()
    itemprop = element.get("itemprop")
    if itemprop in ("datePublished", "dateCreated") or element.get("pubdate") is not None or "publish" in classes:
        return SCORE_TIME + SCORE_MARKED_PUBLISHED, "time", text
    if itemprop == "dateModified" or "updat" in classes or "modif" in classes:
        return SCORE_MODIFIED, "modified", text
    return SCORE_TIME, "time", text


MARKED_XPATH = "//time[@datetime or @pubdate] | //*[@itemprop='datePublished' or @itemprop='dateCreated']"
