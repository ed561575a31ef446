"""BBC News story templates, 2005 to 2013, extracted by their template rules.

Two template families are recognised by structure, not by URL:

``storybody`` (2005-2010, news.bbc.co.uk ``.stm`` pages)
    the story is between ``<!-- S BO -->`` and ``<!-- E BO -->`` comments (in ``td.storybody``
    from 2008; in an unnamed ``td`` before);
    inside, further comment pairs mark the inserts: ``IBYL`` byline, ``IIMA`` picture and caption,
    ``IBOX`` side box (picture, pull quote, links), ``ILIN`` links, ``IINC`` includes (news tracker,
    votes), ``IFOR`` forms.  Headline in ``div.mxb h1`` (2009) or ``div.mxb div.sh`` (2005); the
    date in ``div.ds``/``span.ds`` ("Page last updated at 02:18 GMT, Tuesday, 10 March 2009",
    "Last Updated: Thursday, 13 October 2005, 10:36 GMT 11:36 UK").
``story-body`` (2010-2014, www.bbc.co.uk/news pages)
    the story is the paragraphs of ``div.story-body``, headline ``h1.story-header``, date
    ``span.date`` + ``span.time``, section ``span.section-title``.

Both carry ``Headline``, ``OriginalPublicationDate`` (GMT) and ``Section`` meta tags, which win
when present (the visible page is the fallback), except for the ``story-body`` headline: its
meta tag is the short index headline, the visible ``h1.story-header`` the story's own.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from lxml import etree

from indexer.extract import dom
from indexer.extract.class_words import class_words
from indexer.extract.dates import parse_date
from indexer.extract.metadata import PageMetadata, absolute_url
from indexer.extract.result import Extracted
from indexer.extract.vocabulary import STRONG_NEGATIVE_WORDS

STORYBODY = "storybody"
STORY_BODY = "story-body"

_BBC_TITLE = re.compile(r"^\s*BBC\s+(?:NEWS|News|SPORT|Sport)\b")
_TITLE_SEPARATOR = re.compile(r"\s+\|\s+")

_XP_STORY_START = "//comment()[normalize-space(.) = 'S BO']"
_XP_STORY_BODY = "//div[contains(concat(' ', normalize-space(@class), ' '), ' story-body ')]"
_XP_MXB_HEADLINE = (
    "//div[contains(concat(' ', normalize-space(@class), ' '), ' mxb ')]"
    "//*[self::h1 or contains(concat(' ', normalize-space(@class), ' '), ' sh ')]"
)
_XP_STORY_HEADER = "//h1[contains(concat(' ', normalize-space(@class), ' '), ' story-header ')]"
_XP_DS = "//*[contains(concat(' ', normalize-space(@class), ' '), ' ds ')]"
_XP_SECTION_TITLE = "//*[contains(concat(' ', normalize-space(@class), ' '), ' section-title ')]"
_XP_PAGETOOLS = "//a[contains(@href, '/mpapps/pagetools/')]/@href"

# "02:18 GMT, Tuesday, 10 March 2009" / "Thursday, 13 October 2005, 10:36 GMT 11:36 UK"
_DS_TIME_FIRST = re.compile(r"(\d{1,2}):(\d{2})\s*GMT,?\s*(?:[A-Za-z]+,\s*)?(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4})")
_DS_DATE_FIRST = re.compile(r"(?:[A-Za-z]+,\s*)?(\d{1,2})\s+([A-Za-z]+),?\s+(\d{4}),?\s*(\d{1,2}):(\d{2})\s*GMT")
_MONTHS = {
    m: i
    for i, m in enumerate(
        (
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ),
        start=1,
    )
}
_PAGETOOLS_TARGET = re.compile(r"/mpapps/pagetools/(?:print|email)/+([^?#\s]+)")

# Inserts inside <!-- S BO --> that are never story text.
_EXCLUDED_INSERTS = frozenset({"IBYL", "IIMA", "IINC", "ILIN", "IFOR", "IANC", "IMAP", "IAUD", "IVID"})
POSTSCRIPT_MAX_CHARS = 600
"""The longest text after a story's last ``<hr>`` that is still taken for a postscript."""

_MARKER = re.compile(r"^\s*([SE])\s+([A-Z]{2,8})\s*$")

# Classes of template furniture inside the story areas of either template.
_FURNITURE_CLASSES = frozenset(
    {
        # storybody: captions, bylines, box furniture, votes, tools
        "cap",
        "byl",
        "byd",
        "bylinepic",
        "mvtb",
        "miiib",
        "arr",
        "vb",
        "vh",
        "vdi",
        "pvl",
        "pvr",
        "rhst",
        "puffbox",
        "storyextra",
        "sharesb",
        "ds",
        "lu",
        "newstracker-list",
        "epl",
        # story-body: captions, share tools, related boxes, embedded media, byline
        "caption",
        "share-help",
        "story-date",
        "byline",
        "bookmark-list",
        "quote",
        "endquote",
        "hidden",
        "emp",
        "embedded-hyper",
        "story-related",
        "links-list",
        "see-also",
        "related",
        "warning",
        "off-screen",
        "ad",
        "bbccom_advert",
        "player-with-placeholder",
        "media-with-caption",
        "inline-media",
        "cta",
        "image",
        "media-caption",
        "media-player",
        "media-placeholder",
        "story-more",
        "share-tools",
        "social-embed",
        "top-stories-promo",
        "story-footer",
        "date",
        "mini-info-list",
    }
)
_FURNITURE_IDS = frozenset(
    {"page-bookmark-links-head", "page-bookmark-links-foot", "bbccom_sponsor_section_text_story_1"}
)


def detect(root: etree._Element, meta: PageMetadata) -> str:
    """Which BBC story template the page uses: ``STORYBODY``, ``STORY_BODY`` or "" (not BBC)."""
    if not _looks_bbc(root, meta):
        return ""
    if root.xpath(_XP_STORY_START):
        return STORYBODY
    if root.xpath(_XP_STORY_BODY):
        return STORY_BODY
    return ""


def _looks_bbc(root: etree._Element, meta: PageMetadata) -> bool:
    if meta.first("originalpublicationdate") and (meta.first("ifs_url") or meta.first("ukfs_url")):
        return True
    if _BBC_TITLE.match(meta.title or ""):
        return True
    site = meta.first("og:site_name", "cps_site_name")
    return site.startswith("BBC")


def extract(root: etree._Element, meta: PageMetadata, template: str) -> Extracted:
    """The BBC story of a page whose template :func:`detect` recognised."""
    body = _storybody_paragraphs(root) if template == STORYBODY else _story_body_paragraphs(root)
    headline = _headline(root, meta, template)
    if body and headline and body[0] == headline:
        body = body[1:]
    return Extracted(
        headline=headline,
        paragraphs=body,
        date=_date(root, meta, template),
        region=_region(root, meta, template),
        url=_url(root, meta),
    )


# -- body ---------------------------------------------------------------------------------------


def _is_furniture(element: etree._Element) -> bool:
    tag = element.tag
    if tag in ("form", "table") and element.get("class") == "bbccom_display_none":
        return True
    if tag == "form":
        return True
    cls = element.get("class")
    if cls and not _FURNITURE_CLASSES.isdisjoint(cls.split()):
        return True
    ident = element.get("id")
    return bool(ident) and ident in _FURNITURE_IDS


def _storybody_gate() -> dom.Gate:
    state = {"bo": False, "excluded": 0}

    def gate(comment: str) -> bool | None:
        match = _MARKER.match(comment)
        if not match:
            return None
        start, name = match.group(1) == "S", match.group(2)
        if name == "BO":
            state["bo"] = start
            if start:
                state["excluded"] = 0
        elif name in _EXCLUDED_INSERTS:
            state["excluded"] = max(0, state["excluded"] + (1 if start else -1))
        else:
            return None
        return bool(state["bo"]) and state["excluded"] == 0

    return gate


def _storybody_paragraphs(root: etree._Element) -> list[str]:
    markers = root.xpath(_XP_STORY_START)
    if not markers:
        return []
    container = _common_ancestor(markers)
    if container is None:
        return []
    found = dom.paragraphs(
        container, skip=_is_storybody_furniture, gate=_storybody_gate(), gate_open=False, mark=_is_rule
    )
    return _drop_postscripts(found)


def _is_rule(element: etree._Element) -> bool:
    """An ``<hr>`` in the story's flow (rules inside side boxes do not count)."""
    if element.tag != "hr":
        return False
    for ancestor in element.iterancestors():
        cls = ancestor.get("class")
        if cls and ("mva" in cls.split() or "sibtbg" in cls.split()):
            return False
        if ancestor.tag in ("td", "body"):
            break
    return True


def _drop_postscripts(found: list[str]) -> list[str]:
    """Drop a short postscript set off by a rule at the end of a story section.

    The template closes some stories with ``<hr>`` and a note that is not the story: programme
    times ("Click Online is broadcast on..."), an invitation to send comments above a form.
    """
    out: list[str] = []
    section: list[str] = []
    for item in found + [dom.GATE_CLOSED]:
        if item != dom.GATE_CLOSED:
            section.append(item)
            continue
        if dom.MARK in section:
            last = len(section) - 1 - section[::-1].index(dom.MARK)
            tail = [p for p in section[last + 1 :] if p != dom.MARK]
            if sum(map(len, tail)) <= POSTSCRIPT_MAX_CHARS:
                section = section[:last]
        out += [p for p in section if p != dom.MARK]
        section = []
    return out


def _is_storybody_furniture(element: etree._Element) -> bool:
    if _is_furniture(element):
        return True
    if element.tag == "a" and "mailto:" in (element.get("href") or ""):
        return True  # the reporter's e-mail address under the story
    # a side box's picture caption (text-only, right under the picture)
    return element.get("class") == "mva" and not len(element) and _follows_picture(element)


def _follows_picture(element: etree._Element) -> bool:
    previous = element.getprevious()
    while previous is not None and not isinstance(previous.tag, str):
        previous = previous.getprevious()
    if previous is None:
        return False
    if previous.tag == "img":
        return True
    return previous.tag == "div" and any(True for _ in previous.iter("img")) and not dom.inline_text(previous)


def _common_ancestor(nodes: list[etree._Element]) -> etree._Element | None:
    """The deepest element that contains all ``nodes``."""
    path = list(nodes[0].iterancestors())
    path.reverse()  # root first
    for node in nodes[1:]:
        ancestors = set(node.iterancestors())
        while path and path[-1] not in ancestors:
            path.pop()
    return path[-1] if path else None


def _story_body_paragraphs(root: etree._Element) -> list[str]:
    out: list[str] = []
    for div in root.xpath(_XP_STORY_BODY):
        out += dom.paragraphs(div, skip=_is_story_body_furniture)
    return out


_STORY_BODY_CHROME_TAGS = frozenset({"h1", "figure", "figcaption", "aside", "nav", "form", "footer"})


def _is_story_body_furniture(element: etree._Element) -> bool:
    if element.tag in _STORY_BODY_CHROME_TAGS:
        return True  # the headline (reported separately), pictures, boxes
    if element.tag == "p" and _is_video_caption(element):
        return False  # the 2013 template's video captions sum up the story; the gold keeps them
    if _is_furniture(element):
        return True
    # Later versions of the template: share tools, promos, bylines named by class words.
    return not class_words(element).isdisjoint(STRONG_NEGATIVE_WORDS)


def _is_video_caption(element: etree._Element) -> bool:
    parent = element.getparent()
    return (
        parent is not None
        and dom.has_class(element, "caption")
        and (parent.get("class") or "").startswith("videoInStory")
    )


# -- fields -------------------------------------------------------------------------------------


def _title_parts(meta: PageMetadata) -> list[str]:
    """The page title without the BBC's name: ``BBC NEWS | Section | ... | Headline`` ->
    [Section, ..., Headline]; ``BBC News - Headline`` and ``Headline - BBC News`` -> [Headline]."""
    title = (meta.title or "").strip()
    parts = _TITLE_SEPARATOR.split(title)
    if len(parts) >= 2 and _BBC_TITLE.match(parts[0]):
        return parts[1:]
    match = re.match(r"^BBC\s+(?:News|Sport)\s+-\s+(.+)$", title, re.IGNORECASE) or re.match(
        r"^(.+?)\s+-\s+BBC\s+(?:News|Sport)$", title, re.IGNORECASE
    )
    if match:
        return [match.group(1).strip()]
    return []


_XP_STORY_H1 = "//div[contains(concat(' ', normalize-space(@class), ' '), ' story-body ')]//h1"


def _headline(root: etree._Element, meta: PageMetadata, template: str) -> str:
    """The story's headline.

    ``storybody`` (2005-2010): the ``Headline`` meta tag, which equals the visible headline.
    ``story-body`` (2010-2014): the visible ``h1.story-header``, since the meta tag (and
    og:title) there hold the shorter index headline; the meta tag is the fallback.
    """
    if template == STORY_BODY:
        text = _first_text(root, _XP_STORY_HEADER, _XP_STORY_H1)
        if text:
            return text
    value = meta.first("headline")
    if value:
        return value
    if template == STORYBODY:
        text = _first_text(root, _XP_MXB_HEADLINE)
        if text:
            return text
    parts = _title_parts(meta)
    if parts:
        return parts[-1]
    return meta.first("og:title", "rnews:headline")


def _first_text(root: etree._Element, *xpaths: str) -> str:
    """The text of the first element the XPaths find that has any ("" when none has)."""
    for xpath in xpaths:
        for element in root.xpath(xpath):
            text = dom.inline_text(element)
            if text:
                return text
    return ""


def _date(root: etree._Element, meta: PageMetadata, template: str) -> datetime | None:
    value = parse_date(meta.first("originalpublicationdate"))  # GMT, no offset: UTC
    if value:
        return value
    if template == STORYBODY:
        for element in root.xpath(_XP_DS):
            value = _ds_date(dom.inline_text(element))
            if value:
                return value
        return meta.published()
    # 2014 on: <div class="date" data-seconds="1383174929">
    for seconds in root.xpath("//*[contains(@class, 'date')]/@data-seconds")[:1]:
        value = parse_date(str(seconds).strip())
        if value:
            return value
    dates = root.xpath("//div[contains(@class,'story-body')]//span[@class='date']")
    times = root.xpath("//div[contains(@class,'story-body')]//span[@class='time']")
    if dates:
        text = dom.inline_text(dates[0])
        if times:
            text += " " + dom.inline_text(times[0])
        value = parse_date(text)
        if value:
            return value
    return meta.published()


def _ds_date(text: str) -> datetime | None:
    match = _DS_TIME_FIRST.search(text)
    if match:
        hour, minute, day, month, year = match.groups()
    else:
        match = _DS_DATE_FIRST.search(text)
        if not match:
            return None
        day, month, year, hour, minute = match.groups()
    month_number = _MONTHS.get(month.lower())
    if not month_number:
        return None
    try:
        return datetime(int(year), month_number, int(day), int(hour), int(minute), tzinfo=UTC)
    except ValueError:
        return None


def _region(root: etree._Element, meta: PageMetadata, template: str) -> str:
    value = meta.first("section")
    if value:
        return value
    parts = _title_parts(meta)
    if len(parts) >= 2:
        return parts[-2]
    return _first_text(root, _XP_SECTION_TITLE) or meta.section()


def _url(root: etree._Element, meta: PageMetadata) -> str:
    url = meta.url()
    if url:
        return url
    for href in root.xpath(_XP_PAGETOOLS):
        match = _PAGETOOLS_TARGET.search(href)
        if match:
            return absolute_url("http://" + match.group(1))
    return absolute_url(meta.base_url)
