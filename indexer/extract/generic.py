"""Any news page: metadata from the head, the article text by main-content detection.

Body extraction is readability-like, in four steps, each a function so a later, stronger
extractor can replace one step at a time:

1. :func:`measure` — one pass over the tree: text and link-text length of every subtree, and the
   text each block element holds directly (its "own" text) with its commas;
2. :func:`prune` — drop the chrome: hidden elements, ``nav``/``footer``/``aside``/``figure``...,
   and elements whose class/id words say navigation, sharing, comments, related links, cookie
   notices...;  an element holding most of the page's text is never dropped;
3. :func:`score` — blocks with enough own text score by length and commas; scores flow to their
   ancestors; a candidate's score is discounted by its link density; the best candidate wins,
   with the siblings that look like the same story;
4. :func:`render` — the winners' paragraphs, leaving out link lists and stray furniture lines.

If pruning by class/id words left too little text, extraction runs again without that step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from indexer.extract import dom
from indexer.extract.dates import date_from_url, parse_date
from indexer.extract.metadata import PageMetadata, absolute_url
from indexer.extract.result import Extracted

# -- tunables -----------------------------------------------------------------------------------

MIN_PARAGRAPH_CHARS = 25
"""A block with less own text than this does not count as a paragraph when scoring."""
MIN_BODY_CHARS = 250
"""A body shorter than this after class/id pruning triggers a second, gentler pass."""
KEEP_SHARE = 0.5
"""Pruning never drops an element holding more than this share of the page's text."""

# Tags whose elements are chrome wherever they are.
CHROME_TAGS = frozenset({"nav", "footer", "aside", "figure", "figcaption", "menu", "dialog",
                         "header", "form", "fieldset", "address"})

# Words in class/id that mark chrome; matched against the words of class and id (split on
# spaces, '-' and '_', lower-cased, digits stripped).
NEGATIVE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "menus", "submenu", "breadcrumb", "breadcrumbs",
    "footer", "foot", "masthead", "header", "topbar", "toolbar", "sidebar", "rail", "aside",
    "comment", "comments", "commentlist", "disqus", "replies", "reply", "respond",
    "share", "sharing", "shares", "sharetools", "social", "socials", "sociallinks", "facebook", "twitter",
    "related", "relatedlinks", "recommended", "recommendations", "popular", "mostpopular",
    "mostread", "trending", "outbrain", "taboola", "promo", "promos", "promotion", "sponsor",
    "sponsored", "ad", "ads", "advert", "adverts", "advertisement", "advertising", "adsense", "dfp",
    "banner", "cookie", "cookies", "consent", "gdpr", "newsletter", "subscribe", "subscription",
    "signup", "login", "paywall", "modal", "popup", "overlay", "caption", "credit", "credits",
    "byline", "author", "tags", "tag", "tagcloud", "keywords", "pagination", "pager", "print",
    "email", "widget", "widgets", "skip", "jump", "hidden", "hide", "sr", "visually",
    "screenreader", "offscreen", "tools", "utility", "utilities", "meta", "timestamp", "dateline",
    "copyright", "legal", "disclaimer", "bio", "teaser", "teasers", "more", "also",
    "readmore", "seealso", "newsticker", "ticker", "alert", "alerts", "weather", "search",
    "poll", "vote", "rating", "feedback", "gallery", "slideshow", "thumbnail", "thumbnails",
    "thumbs", "video", "player", "audio", "media", "photo", "image", "img", "figure", "wp",
    "caption", "lightbox", "sitemap", "links", "linklist", "blogroll", "archive", "calendar",
})
POSITIVE_WORDS = frozenset({
    "article", "articlebody", "article_body", "body", "content", "entry", "main", "post",
    "story", "storybody", "text", "blog", "hentry", "page", "column", "prose", "copy",
})
# A class/id word among these drops an element even when a positive word is also there.
STRONG_NEGATIVE_WORDS = frozenset({
    "comment", "comments", "disqus", "share", "sharing", "sharetools", "social", "related",
    "recommended", "outbrain", "taboola", "cookie", "cookies", "consent", "gdpr", "newsletter",
    "breadcrumb", "breadcrumbs", "footer", "nav", "navigation", "menu", "sidebar", "promo",
    "advert", "advertisement", "ads", "caption", "byline", "popular", "mostpopular", "trending",
    "paywall", "signup", "subscribe", "modal", "popup", "toolbar", "tags", "pagination", "poll",
})

# Paragraphs that are furniture whatever their container (compared lower-cased, ':' stripped).
BOILERPLATE_LINES = frozenset({
    "advertisement", "advertising", "ad", "sponsored", "share", "share this", "share this article",
    "share this story", "tweet", "email", "e-mail", "print", "comments", "comment", "read more",
    "continue reading", "related", "related articles", "related stories", "skip to content",
    "skip to main content", "close", "menu", "search", "subscribe", "sign up", "log in",
    "back to top", "top", "next", "previous", "more", "loading", "follow us", "facebook",
    "twitter", "linkedin", "whatsapp", "pinterest", "reddit", "image", "photo", "video",
    "enlarge this image", "toggle caption", "hide caption", "story continues below",
    "story continues below advertisement", "article continues below", "listen to this article",
})

_WORD_SPLIT = re.compile(r"[\s_\-:./]+")
_DIGITS = re.compile(r"\d+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TITLE_SEPARATORS = re.compile(r"\s+(?:\||-|–|—|::|»|«|·|•|/)\s+")
_TAG_BONUS = {
    "div": 5, "article": 10, "main": 5, "section": 2, "pre": 3, "td": 3, "blockquote": 3,
    "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}


# -- entry point --------------------------------------------------------------------------------

def extract(root, meta: PageMetadata) -> Extracted:
    """Headline, body, date, region and URL of any page (the tree is modified)."""
    url = meta.url() or absolute_url(meta.base_url)
    headline = choose_headline(root, meta)
    region = choose_region(root, meta, headline)
    date = choose_date(root, meta, url)
    body = extract_body(root, headline)
    return Extracted(headline=headline, paragraphs=body, date=date, region=region, url=url)


def extract_body(root, headline: str = "") -> list[str]:
    """The main text of the page as paragraphs (the tree is modified)."""
    body = root.find("body")
    if body is None:
        body = root
    _drop_hidden_and_tags(body)
    snapshot = None
    stats = measure(body)
    if stats.total_text(body) == 0:
        return []
    # Keep a copy for the gentle retry only when the page is big enough to be worth it.
    snapshot = _copy(body)
    prune(body, stats)
    stats = measure(body)
    paragraphs = render(score(body, stats), stats, headline)
    if sum(map(len, paragraphs)) >= MIN_BODY_CHARS or snapshot is None:
        return paragraphs
    stats2 = measure(snapshot)
    gentle = render(score(snapshot, stats2), stats2, headline)
    if sum(map(len, gentle)) > sum(map(len, paragraphs)):
        return gentle
    return paragraphs


def _copy(element):
    from copy import deepcopy

    return deepcopy(element)


# -- step 1: measuring --------------------------------------------------------------------------

@dataclass
class Stats:
    """Per-element measurements: ``text``/``links`` of whole subtrees, ``own``/``commas`` of blocks."""

    text: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    own: dict = field(default_factory=dict)
    commas: dict = field(default_factory=dict)
    own_links: dict = field(default_factory=dict)

    def total_text(self, element) -> int:
        return self.text.get(element, 0)

    def link_density(self, element) -> float:
        text = self.text.get(element, 0)
        return self.links.get(element, 0) / text if text else 0.0


def _chunk_len(text: str | None) -> int:
    if not text:
        return 0
    return len(" ".join(text.split()))


def measure(root) -> Stats:
    """Text lengths of every subtree and the own text of every block element (see :class:`Stats`)."""
    stats = Stats()
    text, links, own, commas, own_links = stats.text, stats.links, stats.own, stats.commas, stats.own_links
    frames: list[list] = []  # [element, text, links]
    blocks: list = []
    in_link = 0
    block_tags = dom.BLOCK_TAGS
    walker = etree.iterwalk(root, events=("start", "end", "comment"))
    for event, node in walker:
        if event == "comment":  # only a comment's tail is text, of the enclosing block
            if frames:
                _add_text(node.tail, frames, blocks, in_link, own, commas, own_links)
            continue
        tag = node.tag
        if not isinstance(tag, str):  # processing instructions, entities
            if event == "start":
                walker.skip_subtree()
                frames.append([node, 0, 0, False, True])
            else:
                frames.pop()
                if frames:
                    _add_text(node.tail, frames, blocks, in_link, own, commas, own_links)
            continue
        if event == "start":
            if tag in dom.NON_CONTENT_TAGS:
                walker.skip_subtree()
                frames.append([node, 0, 0, False, True])
                continue
            is_block = tag in block_tags
            frames.append([node, 0, 0, is_block, False])
            if is_block:
                blocks.append(node)
            if tag == "a":
                in_link += 1
            _add_text(node.text, frames, blocks, in_link, own, commas, own_links)
            continue
        frame = frames.pop()
        element, t, l, is_block, skipped = frame
        if not skipped:
            text[element] = t
            links[element] = l
            if is_block:
                blocks.pop()
            if tag == "a":
                in_link -= 1
            if frames:
                frames[-1][1] += t
                frames[-1][2] += l
        if frames and element is not root:
            _add_text(node.tail, frames, blocks, in_link, own, commas, own_links)
    return stats


def _add_text(chunk, frames, blocks, in_link, own, commas, own_links) -> None:
    size = _chunk_len(chunk)
    if not size:
        return
    frame = frames[-1]
    frame[1] += size
    if in_link:
        frame[2] += size
    if blocks:
        block = blocks[-1]
        own[block] = own.get(block, 0) + size
        if in_link:
            own_links[block] = own_links.get(block, 0) + size
        count = chunk.count(",") + chunk.count("\uff0c") + chunk.count("\u3001")
        if count:
            commas[block] = commas.get(block, 0) + count


# -- step 2: pruning ----------------------------------------------------------------------------

def _drop_hidden_and_tags(body) -> None:
    doomed = []
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        attrib = element.attrib
        if "hidden" in attrib or attrib.get("aria-hidden") == "true":
            doomed.append(element)
            continue
        style = attrib.get("style")
        if style and _HIDDEN_STYLE.search(style):
            doomed.append(element)
            continue
        ident = attrib.get("id")
        if ident and ident.startswith(("wm-ipp", "wm-btns", "donato")):  # Wayback furniture
            doomed.append(element)
    for element in doomed:
        dom.drop(element)


def class_words(element) -> set[str]:
    """The words of an element's class and id, lower-cased, digits removed."""
    value = dom.classes_and_id(element)
    if not value:
        return set()
    return {w for w in _WORD_SPLIT.split(_DIGITS.sub("", value)) if w}


def is_chrome(element, words: set[str] | None = None) -> bool:
    """Whether an element looks like page chrome by its tag, role or class/id words."""
    tag = element.tag
    if tag in CHROME_TAGS:
        return True
    role = element.get("role")
    if role in ("navigation", "banner", "contentinfo", "complementary", "search", "dialog", "menu"):
        return True
    if words is None:
        words = class_words(element)
    if not words:
        return False
    if words & STRONG_NEGATIVE_WORDS:
        return True
    return bool(words & NEGATIVE_WORDS) and not (words & POSITIVE_WORDS)


def prune(body, stats: Stats) -> None:
    """Drop chrome elements (see :func:`is_chrome`) unless they hold most of the page's text."""
    total = stats.total_text(body) or 1
    doomed = []
    for element in body.iter():
        tag = element.tag
        if not isinstance(tag, str) or tag in ("html", "body"):
            continue
        if stats.text.get(element, 0) > KEEP_SHARE * total:
            continue
        if is_chrome(element):
            doomed.append(element)
    for element in doomed:
        if _attached(element, body):
            dom.drop(element)


def _attached(element, root) -> bool:
    for ancestor in element.iterancestors():
        if ancestor is root:
            return True
    return False


# -- step 3: scoring ----------------------------------------------------------------------------

def _class_weight(element) -> int:
    words = class_words(element)
    if not words:
        return 0
    weight = 0
    if words & POSITIVE_WORDS:
        weight += 25
    if words & NEGATIVE_WORDS:
        weight -= 25
    return weight


def score(body, stats: Stats) -> list:
    """The elements holding the article: the best-scoring candidate and its related siblings."""
    scores: dict = {}
    own, commas, own_links = stats.own, stats.commas, stats.own_links
    for block, size in own.items():
        if size < MIN_PARAGRAPH_CHARS:
            continue
        if own_links.get(block, 0) > 0.5 * size:
            continue
        if block.tag in ("h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "th"):
            continue
        points = 1 + commas.get(block, 0) + min(size // 100, 3)
        # The block itself counts as a candidate when it is a plain text container (td, div).
        if block.tag in ("div", "td", "article", "section", "main", "blockquote", "pre"):
            _candidate(block, scores)
            scores[block] += points
        level = 0
        for ancestor in block.iterancestors():
            if level >= 5:
                break
            if not isinstance(ancestor.tag, str):
                break
            _candidate(ancestor, scores)
            divider = 1 if level == 0 else (2 if level == 1 else level * 3)
            scores[ancestor] += points / divider
            level += 1
            if ancestor is body:
                break
    if not scores:
        return [body]
    best, best_score = None, float("-inf")
    for element, value in scores.items():
        final = value * (1 - stats.link_density(element))
        scores[element] = final
        if final > best_score:
            best, best_score = element, final
    best = _climb(best, scores, stats)
    return _with_siblings(best, best_score, scores, stats)


def _candidate(element, scores: dict) -> None:
    if element not in scores:
        scores[element] = _TAG_BONUS.get(element.tag, 0) + _class_weight(element)


def _climb(best, scores: dict, stats: Stats):
    """Move up while the parent holds the same story (parent text barely more than the best's)."""
    node = best
    while True:
        parent = node.getparent()
        if parent is None or parent.tag in ("html", "body"):
            return node
        node_text = stats.text.get(node, 0)
        parent_text = stats.text.get(parent, 0)
        if node_text and parent_text <= node_text * 1.15 and stats.link_density(parent) < 0.3:
            node = parent
            continue
        return node


def _with_siblings(best, best_score: float, scores: dict, stats: Stats) -> list:
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(10.0, best_score * 0.2)
    chosen = []
    for sibling in parent:
        if not isinstance(sibling.tag, str):
            continue
        if sibling is best:
            chosen.append(sibling)
            continue
        if scores.get(sibling, float("-inf")) >= threshold:
            chosen.append(sibling)
            continue
        if sibling.tag == "p":
            size = stats.text.get(sibling, 0)
            density = stats.link_density(sibling)
            if size > 80 and density < 0.25:
                chosen.append(sibling)
            elif 0 < size <= 80 and density == 0 and sibling.text_content().rstrip().endswith((".", "!", "?", '"')):
                chosen.append(sibling)
    return chosen


# -- step 4: rendering --------------------------------------------------------------------------

def render(elements: list, stats: Stats, headline: str = "") -> list[str]:
    """Paragraphs of the chosen elements, without link lists, headings equal to the headline, furniture lines."""

    def skip(element) -> bool:
        tag = element.tag
        if tag == "h1":
            return True
        text = stats.text.get(element)
        if not text:
            return False
        if tag in ("ul", "ol", "dl", "table", "div", "section", "p", "li", "td", "tr", "span"):
            if stats.links.get(element, 0) > 0.6 * text and text < 1500:
                return True
        return False

    out: list[str] = []
    key = headline.lower()
    for element in elements:
        for paragraph in dom.paragraphs(element, skip=skip):
            lowered = paragraph.lower().rstrip(":").strip()
            if lowered in BOILERPLATE_LINES:
                continue
            if key and lowered == key and not out:
                continue
            out.append(paragraph)
    return out


# -- metadata choices ---------------------------------------------------------------------------

def _norm(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def choose_headline(root, meta: PageMetadata) -> str:
    """JSON-LD headline, else an ``<h1>`` the title agrees with, else og:title, else the title."""
    from_jsonld = meta.headline()
    og_title = meta.first("og:title", "twitter:title")
    title = meta.title
    references = [_norm(t) for t in (from_jsonld, og_title, title) if t]
    h1s = []
    for element in root.iter("h1"):
        text = dom.inline_text(element)
        if text and len(text) < 400:
            h1s.append(text)
        if len(h1s) >= 5:
            break
    for text in h1s:
        norm = _norm(text)
        if norm and len(norm) > 8 and any(norm in ref for ref in references):
            return text
    if from_jsonld:
        return from_jsonld
    if og_title:
        return strip_site_name(og_title, meta)
    if len(h1s) == 1 and len(h1s[0].split()) >= 3:
        return h1s[0]
    if title:
        return strip_site_name(title, meta)
    if h1s:
        return h1s[0]
    for tag in ("h2", "h3"):
        for element in root.iter(tag):
            text = dom.inline_text(element)
            if len(text.split()) >= 3:
                return text
    return ""


def strip_site_name(title: str, meta: PageMetadata) -> str:
    """``Headline | Site`` -> ``Headline``: drop the site name, else keep the longest part."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    if len(parts) <= 1:
        return title.strip()
    site = _norm(meta.first("og:site_name", "application-name"))
    if site:
        kept = [p for p in parts if _norm(p) != site and _norm(p) not in site]
        if len(kept) == 1:
            return kept[0].strip()
    return max(parts, key=len).strip()


_XP_TIME = "//time[@datetime or @pubdate]"
_XP_ITEMPROP_DATE = "//*[@itemprop='datePublished' or @itemprop='dateCreated']"


def choose_date(root, meta: PageMetadata, url: str) -> datetime | None:
    """Meta / JSON-LD date, else ``<time datetime>`` or an itemprop, else a date in the URL."""
    value = meta.published()
    if value:
        return value
    for element in root.xpath(_XP_ITEMPROP_DATE):
        value = parse_date(element.get("content") or element.get("datetime") or dom.inline_text(element))
        if value:
            return value
    for element in root.xpath(_XP_TIME):
        value = parse_date(element.get("datetime") or dom.inline_text(element))
        if value:
            return value
    return date_from_url(url)


_XP_BREADCRUMB = (
    "//*[contains(translate(@class,'BREADCUMS','breadcums'),'breadcrumb')"
    " or contains(translate(@id,'BREADCUMS','breadcums'),'breadcrumb')"
    " or contains(translate(@aria-label,'BREADCUMS','breadcums'),'breadcrumb')]"
)
_HOME_WORDS = frozenset({"home", "homepage", "news", "start", "front page", "index"})


def choose_region(root, meta: PageMetadata, headline: str) -> str:
    """The section the page states: article:section / JSON-LD, else a breadcrumb; never a guess."""
    value = meta.section()
    if value and len(value) <= 80:
        return value
    crumbs = list(meta.breadcrumbs)
    if not crumbs:
        for trail in root.xpath(_XP_BREADCRUMB)[:1]:
            crumbs = [dom.inline_text(a) for a in trail.iter("a")]
            if not crumbs:
                crumbs = [dom.inline_text(li) for li in trail.iter("li")]
    key = _norm(headline)
    for crumb in reversed(crumbs):
        norm = _norm(crumb)
        if not norm or norm == key or norm in _HOME_WORDS or len(crumb) > 60:
            continue
        return crumb
    return ""
