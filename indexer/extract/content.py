"""Where the article is on a page, and its text: main-content detection for the generic extractor.

Body extraction is readability-like, in steps that are separate functions so a later, stronger
extractor can replace one at a time:

1. :func:`survey` — one pass over the elements: what is hidden, what looks like chrome (by
   tag, ARIA role, class/id words), breadcrumbs, headline candidates and the hosts links point to;
2. :func:`measure` — one walk: text and link-text length of every subtree, and the text each
   block element holds directly (its "own" text) with its commas and line breaks;
3. :func:`without` — the measurements with the chrome subtracted (an element holding most of
   the page's text is never counted as chrome, nor is a form holding paragraphs);
4. :func:`score` — blocks with enough own text score by length, commas and the paragraphs
   their line breaks separate; scores flow to their ancestors; a candidate's score is
   discounted by its link density; the best candidate wins, with the siblings that look like
   the same story;
5. :func:`render` — the winners' paragraphs, leaving out chrome, link lists, furniture lines
   and footer lines.

If chrome found by class/id words left too little text, the body is extracted again with chrome
found by tag and role only, and the longer result is kept.  The tree is never modified.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

from dateutil import parser as date_parser
from lxml import etree

from indexer.extract import dom

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
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search",
                          "dialog", "menu", "menubar", "alert", "alertdialog", "toolbar"})

# Words in class/id that mark chrome; matched against the words of class and id (split on
# spaces, '-', '_', ':', '.', '/', lower-cased, digits removed).
NEGATIVE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "menus", "submenu", "breadcrumb", "breadcrumbs",
    "footer", "foot", "masthead", "header", "topbar", "toolbar", "sidebar", "rail", "aside",
    "comment", "comments", "commentlist", "disqus", "replies", "reply", "respond",
    "share", "sharing", "shares", "sharetools", "social", "socials", "sociallinks",
    "facebook", "twitter", "related", "relatedlinks", "recommended", "recommendations",
    "popular", "mostpopular", "mostread", "trending", "outbrain", "taboola", "promo", "promos",
    "promotion", "sponsor", "sponsored", "ad", "ads", "advert", "adverts", "advertisement",
    "advertising", "adsense", "dfp", "banner", "cookie", "cookies", "consent", "gdpr",
    "newsletter", "subscribe", "subscription", "signup", "login", "modal", "popup",
    "overlay", "caption", "credit", "credits", "byline", "author", "tags", "tag", "tagcloud",
    "keywords", "pagination", "pager", "print", "email", "widget", "widgets", "skip", "jump",
    "hidden", "hide", "sr", "visually", "screenreader", "offscreen", "tools", "utility",
    "utilities", "meta", "timestamp", "dateline", "copyright", "legal", "disclaimer", "bio",
    "teaser", "teasers", "more", "also", "readmore", "seealso", "newsticker", "ticker", "alert",
    "alerts", "weather", "search", "poll", "vote", "rating", "feedback", "gallery", "slideshow",
    "thumbnail", "thumbnails", "thumbs", "video", "player", "audio", "media", "photo", "image",
    "img", "figure", "lightbox", "sitemap", "links", "linklist", "blogroll", "archive",
    "calendar", "logo", "brand",
})
POSITIVE_WORDS = frozenset({
    "article", "articlebody", "body", "content", "entry", "main", "post", "story", "storybody",
    "text", "blog", "hentry", "page", "column", "prose", "copy",
})
# A class/id word among these marks chrome even when a positive word is also there.
STRONG_NEGATIVE_WORDS = frozenset({
    "comment", "comments", "disqus", "share", "sharing", "sharetools", "social", "related",
    "recommended", "outbrain", "taboola", "cookie", "cookies", "consent", "gdpr", "newsletter",
    "breadcrumb", "breadcrumbs", "footer", "nav", "navigation", "menu", "sidebar", "promo",
    "advert", "advertisement", "ads", "caption", "byline", "popular", "mostpopular", "trending",
    "signup", "subscribe", "modal", "popup", "toolbar", "tags", "pagination", "poll",
    "sharedaddy", "jetpack",  # WordPress's share, like and related-posts boxes
})
# Elements that a weak class/id word alone does not make chrome: a table row ("player" in a
# standings table), a quotation (an embedded post: class "twitter-tweet").
WEAK_WORDS_IGNORED = frozenset({"tr", "blockquote"})
# Class/id words of reader comment sections.
COMMENT_WORDS = frozenset({"comment", "comments", "commentlist", "disqus", "replies", "respond",
                           "usercomments", "readercomments", "talkback"})
# Class/id words of the elements around a site's logo, never the article's headline.
LOGO_WORDS = frozenset({"logo", "brand", "masthead", "header", "nav", "navbar", "menu",
                        "sitename", "site", "banner", "footer", "sidebar"})

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
    "continue reading the main story", "story continues", "click here", "text size",
})

_WORD_SPLIT = re.compile(r"[\s_\-:./]+")
_DIGITS = re.compile(r"\d+")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_TAG_BONUS = {
    "div": 5, "article": 10, "main": 5, "section": 2, "pre": 3, "td": 3, "blockquote": 3,
    "address": -3, "ol": -3, "ul": -3, "dl": -3, "dd": -3, "dt": -3, "li": -3, "form": -3,
    "h1": -5, "h2": -5, "h3": -5, "h4": -5, "h5": -5, "h6": -5, "th": -5,
}


@dataclass
class Selection:
    """The elements chosen as the article, with the measurements and the chrome left out."""

    elements: list
    stats: "Stats"
    pruned: set
    body: object
    block_positions: list | None = None  # document positions of the blocks with text (on demand)

    @property
    def size(self) -> int:
        return sum(self.stats.text.get(element, 0) for element in self.elements)


def select_content(body, found: "Survey") -> Selection | None:
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


def _keep_big(elements: list, stats: "Stats", body, weak: set | frozenset = frozenset()) -> set:
    """``elements`` without those holding more than KEEP_SHARE of the page's text, forms that
    hold paragraphs, and wrappers named by a weak word around a quotation (an embedded post in
    a "video-container").

    Reader comments are the exception: they can outweigh the story on a busy page.
    """
    limit = KEEP_SHARE * (stats.total_text(body) or 1)
    text = stats.text
    return {element for element in elements
            if (text.get(element, 0) <= limit or not class_words(element).isdisjoint(COMMENT_WORDS))
            and not (element.tag == "form" and _holds_prose(element, stats))
            and not (element in weak and _wraps_quote(element, stats))}


def _wraps_quote(element, stats: "Stats") -> bool:
    size = stats.text.get(element, 0)
    if not size:
        return False
    quoted = sum(stats.text.get(quote, 0) for quote in element.iter("blockquote"))
    return quoted >= 0.8 * size


FORM_PROSE_CHARS = 150
"""A form holding a paragraph this long is a page wrapped in a form (ASP.NET), not chrome."""


def _holds_prose(element, stats: "Stats") -> bool:
    own, own_links = stats.own, stats.own_links
    for block in element.iter(etree.Element):
        size = own.get(block, 0)
        if size >= FORM_PROSE_CHARS and own_links.get(block, 0) < 0.2 * size and \
                next(block.iter("input", "textarea", "select", "label"), None) is None:
            return True  # a paragraph, not the instructions beside a form's fields
    return False


def _select_with(body, base: "Stats", pruned: set) -> Selection:
    stats = without(base, pruned, body)
    return Selection(elements=score(body, stats), stats=stats, pruned=pruned, body=body)


# -- step 1: survey -----------------------------------------------------------------------------

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


_WORDS_CACHE: dict[str, frozenset] = {}


def class_words(element) -> frozenset:
    """The words of an element's class and id, lower-cased, digits removed; camel-case names
    also give their telling parts ("MainFooter": "mainfooter", "footer")."""
    attrib = element.attrib
    cls, ident = attrib.get("class"), attrib.get("id")
    value = f"{cls} {ident}" if cls and ident else (cls or ident)
    if not value:
        return frozenset()
    words = _WORDS_CACHE.get(value)
    if words is None:
        plain = _DIGITS.sub("", value)
        words = {w for w in _WORD_SPLIT.split(plain.lower()) if w}
        if _CAMEL.search(plain):
            for token in plain.split():
                if "_" not in token:  # not the generated ids of nested controls ("ctl_Main_NavPart_Body")
                    words.update(w for w in _WORD_SPLIT.split(_CAMEL.sub(" ", token).lower()) if w in _CAMEL_PARTS)
        words = frozenset(words)
        if len(_WORDS_CACHE) < 50000:
            _WORDS_CACHE[value] = words
    return words


_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_CAMEL_PARTS = STRONG_NEGATIVE_WORDS | {"article", "story", "entry", "post", "content", "body", "text"}
"""The parts of a camel-case name that count as words of their own ("MainFooter": "footer";
not "printReady": "print")."""


def chrome_by_words(words: frozenset) -> bool:
    """Whether class/id words say chrome: a strong word, or a weak one with no content word."""
    if not words:
        return False
    if not words.isdisjoint(STRONG_NEGATIVE_WORDS):
        return True
    return not words.isdisjoint(NEGATIVE_WORDS) and words.isdisjoint(POSITIVE_WORDS)


_HEADLINE_LIKE_CACHE: dict[frozenset, bool] = {}


def _headline_like(words: frozenset) -> bool:
    known = _HEADLINE_LIKE_CACHE.get(words)
    if known is None:
        known = _HEADLINE_LIKE_CACHE[words] = _headline_like_words(words) if len(_HEADLINE_LIKE_CACHE) < 50000 \
            else _headline_like_words(words)
    return known


def _headline_like_words(words: frozenset) -> bool:
    for word in words:
        if word.startswith("sub"):
            continue
        if "byline" in word or "author" in word:  # "bylinetitle": the reporter's job title
            return False
        if "headline" in word or word.endswith(("title", "heading")) or word in ("hed", "head"):
            return True
        if word.endswith("head") and word not in _NOT_HEADLINE_HEADS:  # "storyhead", "articlehead"
            return True
        if word.endswith("header") and word.startswith(("story", "article", "post", "entry")):
            return True  # "storyheader", "articleheader": the story's own, not the page's
    return False


_LINK_HOST = re.compile(r"https?://(?:www\d*\.)?([\w-]+(?:\.[\w-]+)+)")
_NOT_HEADLINE_HEADS = frozenset({"masthead", "thead", "pagehead", "sitehead", "tablehead", "colhead",
                                 "listhead", "boxhead", "navhead", "menuhead"})
MAX_HEADLINE_CANDIDATES = 150


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
            if ident and ident.startswith(("wm-ipp", "wm-btns", "donato")):  # Wayback furniture
                hidden.add(element)
                continue
            words = class_words(element)
            role = attrib.get("role")
        else:
            words, role = frozenset(), None
        if tag in CHROME_TAGS or (role and role in CHROME_ROLES):
            by_words.append(element)
            by_tag.append(element)
        elif chrome_by_words(words) and (tag not in WEAK_WORDS_IGNORED or not words.isdisjoint(STRONG_NEGATIVE_WORDS)):
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
                match = _LINK_HOST.search(href, href.rfind("://") - 5)
                if match:
                    host = match.group(1).lower()
                    found.link_hosts[host] = found.link_hosts.get(host, 0) + 1
        if tag == "h1" or tag == "headline":  # <headline>: NewsML markup inside some pages
            found.headlines.append(("h1", element))
        elif words and _headline_like(words) or (attrib and attrib.get("itemprop") == "headline"):
            if len(found.headlines) < MAX_HEADLINE_CANDIDATES:
                found.headlines.append(("cls", element))
        elif tag in ("h2", "h3", "h4") and len(found.headlines) < MAX_HEADLINE_CANDIDATES:
            found.headlines.append((tag, element))
    return found


# -- step 2: measuring --------------------------------------------------------------------------

@dataclass
class Stats:
    """Per-element measurements: ``text``/``links`` of whole subtrees, ``own``/``commas`` of blocks."""

    text: dict = field(default_factory=dict)
    links: dict = field(default_factory=dict)
    own: dict = field(default_factory=dict)
    commas: dict = field(default_factory=dict)
    own_links: dict = field(default_factory=dict)
    breaks: dict = field(default_factory=dict)  # block -> <br>s directly in it (not in inner blocks)
    excluded: set | frozenset = frozenset()

    def total_text(self, element) -> int:
        return self.text.get(element, 0)

    def link_density(self, element) -> float:
        text = self.text.get(element, 0)
        return self.links.get(element, 0) / text if text else 0.0


_COMMAS = re.compile("[,\uff0c\u3001]")


def measure(root, skip: set | frozenset = frozenset()) -> Stats:
    """Text lengths of every subtree and the own text of every block element (see :class:`Stats`).

    Elements in ``skip`` (and non-content tags) count as absent.  Lengths are of the text with
    whitespace runs collapsed.
    """
    stats = Stats()
    text, links, own, commas, own_links = stats.text, stats.links, stats.own, stats.commas, stats.own_links
    breaks = stats.breaks
    frames: list[list] = []  # [element, text, links] of the open elements
    blocks: list = [root]    # the open block elements, innermost last
    link_depth = 0
    block_tags = dom.BLOCK_TAGS
    non_content = dom.NON_CONTENT_TAGS
    walker = etree.iterwalk(root, events=("start", "end", "comment"))
    skipped = None
    for event, node in walker:
        if event == "start":
            tag = node.tag
            if not isinstance(tag, str) or tag in non_content or node in skip:
                walker.skip_subtree()
                skipped = node
                continue
            frames.append([node, 0, 0])
            if tag in block_tags:
                blocks.append(node)
            elif tag == "a":
                link_depth += 1
            elif tag == "br":
                block = blocks[-1]
                breaks[block] = breaks.get(block, 0) + 1
            chunk = node.text
        elif event == "end":
            if node is skipped:
                skipped = None
            else:
                element, size, link_size = frames.pop()
                text[element] = size
                links[element] = link_size
                if frames:
                    frames[-1][1] += size
                    frames[-1][2] += link_size
                tag = node.tag
                if tag in block_tags:
                    blocks.pop()
                elif tag == "a":
                    link_depth -= 1
            if node is root:
                break
            chunk = node.tail
        else:  # a comment: only its tail is text
            chunk = node.tail
        if not chunk or not frames or chunk.isspace():
            continue
        size = len(" ".join(chunk.split()))
        frame = frames[-1]
        frame[1] += size
        block = blocks[-1]
        own[block] = own.get(block, 0) + size
        if link_depth:
            frame[2] += size
            own_links[block] = own_links.get(block, 0) + size
        if "," in chunk or "\uff0c" in chunk or "\u3001" in chunk:
            commas[block] = commas.get(block, 0) + len(_COMMAS.findall(chunk))
    return stats


# -- step 3: leaving the chrome out -------------------------------------------------------------

def without(base: Stats, pruned: set, root) -> Stats:
    """``base`` with the subtrees in ``pruned`` taken out (their text no longer counts anywhere)."""
    stats = Stats(text=dict(base.text), links=dict(base.links), own=base.own, commas=base.commas,
                  own_links=base.own_links, breaks=base.breaks)
    text, links = stats.text, stats.links
    outermost = []
    for element in pruned:
        size = text.get(element)
        if not size:
            continue
        for ancestor in element.iterancestors():
            if ancestor in pruned:
                break
            if ancestor is root:
                outermost.append(element)
                break
    for element in outermost:
        size, link_size = base.text[element], base.links.get(element, 0)
        for ancestor in element.iterancestors():
            text[ancestor] -= size
            links[ancestor] -= link_size
            if ancestor is root:
                break
    stats.excluded = pruned
    return stats


def _inside(element, excluded, root) -> bool:
    if not excluded:
        return False
    if element in excluded:
        return True
    for ancestor in element.iterancestors():
        if ancestor is root:
            return False
        if ancestor in excluded:
            return True
    return False


# -- step 4: scoring ----------------------------------------------------------------------------

def _class_weight(element) -> int:
    words = class_words(element)
    if not words:
        return 0
    weight = 0
    if not words.isdisjoint(POSITIVE_WORDS):
        weight += 25
    if not words.isdisjoint(NEGATIVE_WORDS):
        weight -= 25
    return weight


_NOT_PARAGRAPHS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "th", "html", "body"})
_SELF_CANDIDATES = frozenset({"div", "td", "article", "section", "main", "blockquote", "pre"})


BONUS_FULL_AT = 500
"""A candidate gets its full tag/class bonus from this much text under it (a share below)."""
BREAK_PARAGRAPH_CHARS = 80
"""A block of text split by <br>s counts as one paragraph per this many characters at most."""


def score(body, stats: Stats) -> list:
    """The elements holding the article: the best-scoring candidate and its related siblings.

    Each paragraph (a block with enough own text, not mostly links) earns ``1 + commas +
    min(chars / 100, 3)`` points; its parent gets them all, its grandparent half, further
    ancestors a third per level, up to five levels.  A candidate's score is its points plus a
    tag and class/id bonus (scaled down when it holds less than BONUS_FULL_AT characters, so a
    lone title block cannot win on its class name), times ``1 - link density``.
    """
    points_of: dict = {}
    count_of: dict = {}
    prose: dict = {}  # element -> characters of scoring paragraphs anywhere under it
    own, commas, own_links, excluded = stats.own, stats.commas, stats.own_links, stats.excluded
    breaks = stats.breaks
    for block, size in own.items():
        if size < MIN_PARAGRAPH_CHARS or block.tag in _NOT_PARAGRAPHS:
            continue
        if own_links.get(block, 0) > 0.5 * size or _inside(block, excluded, body):
            continue
        # Paragraphs run together with <br>s in one block count as several.
        pieces = 1
        if block in breaks and own_links.get(block, 0) <= 0.1 * size:
            pieces = min(breaks[block] + 1, max(1, size // BREAK_PARAGRAPH_CHARS))
        points = pieces + commas.get(block, 0) + min(size // 100, 3 * pieces)
        # A plain text container (td, div with text and <br>s) is a candidate itself.
        if block.tag in _SELF_CANDIDATES:
            points_of[block] = points_of.get(block, 0) + points
            count_of[block] = count_of.get(block, 0) + pieces
        prose[block] = prose.get(block, 0) + size
        level = 0
        for ancestor in block.iterancestors():
            prose[ancestor] = prose.get(ancestor, 0) + size
            if level < 5:
                points_of[ancestor] = points_of.get(ancestor, 0) + points / (1 if level == 0 else (2 if level == 1 else level * 3))
                count_of[ancestor] = count_of.get(ancestor, 0) + pieces
            level += 1
            if ancestor is body:
                break
    if not points_of:
        return [body]
    scores: dict = {}
    best, best_score = None, float("-inf")
    for element, points in points_of.items():
        bonus = (_TAG_BONUS.get(element.tag, 0) + _class_weight(element)) * \
            min(1.0, stats.text.get(element, 0) / BONUS_FULL_AT)
        final = (points + bonus) * (1 - stats.link_density(element))
        scores[element] = final
        if final > best_score:
            best, best_score = element, final
    best = _descend(best, points_of, count_of, stats, prose)
    best = _climb(best, body, stats, prose)
    return _with_siblings(best, scores.get(best, best_score), scores, stats)


DESCEND_POINTS = 0.6
DESCEND_NAMED_POINTS = 0.4
DESCEND_KEEP_PROSE = 150
"""Never descend when that leaves out this much paragraph text (and a fifth of it) beside the child."""
DESCEND_TEXT = 0.5


def _descend(best, points_of: dict, count_of: dict, stats: Stats, prose: dict | None = None):
    """Move down to a child that carries most of the winner's points and text.

    The story's own container often sits inside a wrapper that also holds captions, tickers
    and promos; the wrapper collects the story's points and wins.  Only containers of several
    paragraphs qualify (not one paragraph among its siblings).
    """
    node = best
    while True:
        children = [child for child in node if child in points_of and count_of.get(child, 0) >= 2]
        if not children:
            return node
        top = max(children, key=points_of.__getitem__)
        share = DESCEND_POINTS
        if _class_weight(top) > max(0, _class_weight(node)):
            share = DESCEND_NAMED_POINTS  # the child's class or id says story; the wrapper's does not
        if points_of[top] >= share * points_of[node] and \
                stats.text.get(top, 0) >= DESCEND_TEXT * stats.text.get(node, 0):
            if prose is not None:
                # paragraphs the child would leave out (not those of its own kind: they join it)
                kind = _class_set(top)
                left = sum(prose.get(child, 0) for child in node if child is not top and not (
                    child.tag == top.tag and kind and _similar_classes(kind, _class_set(child))))
                if left >= DESCEND_KEEP_PROSE and left >= 0.2 * prose.get(node, 0):
                    return node
            node = top
            continue
        return node


CLIMB_TEXT = 1.15
CLIMB_PROSE_GAIN = 2.0
CLIMB_PROSE_SHARE = 0.85


def _climb(best, body, stats: Stats, prose: dict | None = None):
    """Move up while the parent holds the same story.

    Either the parent has barely more text than the node (a plain wrapper), or it gains
    paragraphs (CLIMB_PROSE_GAIN times the node's paragraph text) and is itself mostly paragraph
    text (the story split into one box per paragraph).
    """
    prose = prose or {}
    node = best
    while node is not body:
        parent = node.getparent()
        if parent is None or parent is body or parent.tag in ("html", "body"):
            return node
        if stats.link_density(parent) >= 0.3:
            return node
        node_text, parent_text = stats.text.get(node, 0), stats.text.get(parent, 0)
        if node_text and parent_text <= node_text * CLIMB_TEXT:
            node = parent
            continue
        node_prose, parent_prose = prose.get(node, 0), prose.get(parent, 0)
        if node_prose and parent_prose >= CLIMB_PROSE_GAIN * node_prose and \
                parent_prose >= CLIMB_PROSE_SHARE * parent_text:
            node = parent
            continue
        return node
    return node


_SENTENCE_END = (".", "!", "?", '"', "\u201d", "'")


SIBLING_MAX_LINKS = 0.35
"""A sibling with more of its text in links than this (a column of teasers) never joins."""
SIBLING_MIN_SCORE = 10.0
SIBLING_PLAIN_LINKS = 0.1
SIBLING_PLAIN_SHARE = 0.1
"""A sibling with hardly any links (at most SIBLING_PLAIN_LINKS of its text) joins from this
share of the winner's score (others: a fifth)."""
SIBLING_TEXT = 200
"""A sibling of the winner's tag and classes joins with this much text even if its paragraphs
are nested too deep to have scored."""
"""A sibling of the winner scoring this much (and a fifth of the winner's score) joins it."""


def _class_set(element) -> frozenset:
    return frozenset((element.get("class") or "").split())


def _similar_classes(first: frozenset, second: frozenset) -> bool:
    """Whether two class lists mostly agree ("body-text section" and "body-text wide section")."""
    common = len(first & second)
    return common > 0 and 2 * common >= len(first | second)


def _with_siblings(best, best_score: float, scores: dict, stats: Stats) -> list:
    parent = best.getparent()
    if parent is None:
        return [best]
    threshold = max(SIBLING_MIN_SCORE, best_score * 0.2)
    plain_threshold = max(SIBLING_MIN_SCORE, best_score * SIBLING_PLAIN_SHARE)
    best_class = _class_set(best)
    chosen = []
    for sibling in parent:
        if sibling is best:
            chosen.append(sibling)
            continue
        if not isinstance(sibling.tag, str) or sibling in stats.excluded or not stats.text.get(sibling):
            continue  # comments, chrome, empty and non-content elements
        density = stats.link_density(sibling)
        if scores.get(sibling, float("-inf")) >= (threshold if density > SIBLING_PLAIN_LINKS else plain_threshold) \
                and density <= SIBLING_MAX_LINKS:
            chosen.append(sibling)
            continue
        if best_class and sibling.tag == best.tag and _similar_classes(best_class, _class_set(sibling)) and \
                (sibling in scores or stats.text.get(sibling, 0) >= SIBLING_TEXT) and \
                stats.link_density(sibling) < 0.25:
            chosen.append(sibling)  # the story split into boxes of the same kind, one per paragraph
            continue
        if sibling.tag == "p":
            size = stats.text.get(sibling, 0)
            density = stats.link_density(sibling)
            if size > 80 and density < 0.25:
                chosen.append(sibling)
            elif size <= 80 and density == 0 and \
                    "".join(sibling.itertext()).rstrip().endswith(_SENTENCE_END):
                chosen.append(sibling)
    return chosen


_TOKEN = re.compile(r"\w+")


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


def _tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(text.lower()))


# -- step 5: rendering --------------------------------------------------------------------------

_LINK_LIST_TAGS = frozenset({"ul", "ol", "dl", "table", "div", "section", "p", "li", "td", "tr",
                             "span", "font", "center"})


def render(selection: Selection, headline: str = "") -> list[str]:
    """Paragraphs of the chosen elements, without chrome, link lists and furniture lines."""
    stats, pruned = selection.stats, selection.pruned
    text, links = stats.text, stats.links

    key = _norm(headline)

    def skip(element) -> bool:
        tag = element.tag
        if element in pruned:
            return True
        if tag == "h1":
            return not key or _norm(dom.inline_text(element)) != key  # the headline is a landmark
        size = text.get(element)
        if size and tag in _LINK_LIST_TAGS and links.get(element, 0) > 0.6 * size and size < 1500:
            return True
        if tag == "a" and _standalone(element):
            return True
        return False

    out: list[str] = []
    at_headline = None  # where the headline was met among the paragraphs
    for element in selection.elements:
        for paragraph in dom.paragraphs(element, skip=skip):
            lowered = paragraph.lower().rstrip(":").strip()
            if lowered in BOILERPLATE_LINES:
                continue
            if "<" in paragraph and len(_MARKUP_IN_TEXT.findall(paragraph)) >= 2:
                continue  # markup shown as text: a raw-text element the parser kept (ads, scripts)
            if key and _norm(paragraph) == key:
                if at_headline is None:
                    at_headline = len(out)
                continue  # the headline is not body text
            out.append(paragraph)
    if at_headline:
        before = sum(map(len, out[:at_headline]))
        if before <= ABOVE_HEADLINE_SHARE * sum(map(len, out[at_headline:])):
            out = out[at_headline:]  # what stands above the headline is the page's, not the story's
    return trim_edges(cut_comments(out))


ABOVE_HEADLINE_SHARE = 0.5
"""Text above the headline is dropped when it is at most this share of the text below it."""


_MARKUP_IN_TEXT = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
EDGE_PARAGRAPHS = 3
_BYLINE = re.compile(r"^(?:by|posted by|written by|from)\s+[\w.'’-]+(?:\s+[\w.'’-]+){0,5}\s*[,|]?", re.IGNORECASE)
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d\d\b|\d{1,2}[:/.]\d{2}",
    re.IGNORECASE,
)


_COPYRIGHT_START = re.compile(r"\(?\s*(?:\u00a9|\(c\)\s|copyright\b)", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^\(?\s*(?:\u00a9|\(c\)\s|copyright\b)|\ball rights reserved\b", re.IGNORECASE)
_BACK_TO = re.compile(r"^(?:back|return|go back)\s+to\s+(?:the\s+)?[\w\s'’-]{1,40}$", re.IGNORECASE)
FOOTER_LINE_CHARS = 200


def is_footer_line(paragraph: str) -> bool:
    """A page footer's line: a copyright notice ("© 2006 The Chronicle. All rights reserved."),
    a "Back to the front page" / "Return to top" link."""
    if len(paragraph) > FOOTER_LINE_CHARS:
        return False
    return bool(_COPYRIGHT.search(paragraph)) or bool(_BACK_TO.match(paragraph.rstrip(" .!>\u00bb")))


_POSTED_BY = re.compile(
    r"^(?:posted|submitted|written|commented)\s+by\b[^\n]{1,80}?(?:\bon\b|\bat\b|\||,)[^\n]{0,40}\d",
    re.IGNORECASE,
)
POSTED_BY_CHARS = 160
_STORY_END = re.compile(
    r"(?:like this (?:story|article|post)\b.*|share this (?:story|article|post)\b.*"
    r"|related (?:stories|articles|links|content|news|posts|coverage)|more (?:on|about) this (?:story|topic)"
    r"|see also|you (?:may|might) also (?:like|be interested in)\b.*|most (?:read|popular|viewed|emailed)\b.*"
    r"|recommended (?:for you|stories|articles)|read more|tell a friend|e-?mail this (?:story|article))[.:!]*$",
    re.IGNORECASE,
)
_COMMENTS_START = re.compile(
    r"^(?:(?:add|post|leave|write|submit) (?:a |your )?comments?|\d+ (?:reader )?comments?"
    r"|(?:reader )?comments? \(\d+\)"
    r"|read (?:all )?(?:\d+ )?(?:reader )?comments?\b.*|comments are (?:now )?closed\b.*|thanks for your comments\b.*"
    r"|(?:this )?(?:feedback|discussion) is (?:now )?closed\b.*)[.:!]?$",
    re.IGNORECASE,
)


def _posted_by(paragraph: str) -> bool:
    """A "Posted by NAME on DATE" line: a reader comment's header (or a blog post's byline)."""
    return len(paragraph) <= POSTED_BY_CHARS and bool(_POSTED_BY.match(paragraph))


def cut_comments(paragraphs: list[str]) -> list[str]:
    """The story without the reader comments under it: the text stops at a line that opens the
    comments ("Add your comment", "Comments (3)", "Comments are closed"), at a copyright line or
    a closing box's heading in its second half ("\u00a9 All rights reserved", "Related stories",
    "Like this story?"), or, when two or more
    "Posted by NAME on DATE" lines follow the story's opening, at the first of them; a lone one
    (a byline with its date) is dropped."""
    total = sum(map(len, paragraphs))
    before = sum(map(len, paragraphs[:COMMENTS_AFTER]))
    for i in range(COMMENTS_AFTER, len(paragraphs)):
        paragraph = paragraphs[i]
        if len(paragraph) <= 80 and _COMMENTS_START.match(paragraph):
            paragraphs = paragraphs[:i]  # "Add your comment", "Comments (3)", "Comments are closed"
            break
        if before >= total - before - len(paragraph) and len(paragraph) <= FOOTER_LINE_CHARS \
                and (_COPYRIGHT_START.match(paragraph) or _STORY_END.match(paragraph)):
            paragraphs = paragraphs[:i]  # the story's copyright line, "Related stories", "Share this"
            break
        before += len(paragraph)
    hits = [i for i, paragraph in enumerate(paragraphs) if _posted_by(paragraph)]
    if not hits:
        return paragraphs
    if len(hits) >= 2:
        first = next((i for i in hits if i >= COMMENTS_AFTER), None)
        if first is not None:
            paragraphs = paragraphs[:first]
    return [paragraph for paragraph in paragraphs if not _posted_by(paragraph)]


COMMENTS_AFTER = 2
"""Comments start this many paragraphs into the text at the earliest."""


def trim_edges(paragraphs: list[str]) -> list[str]:
    """Drop bylines and bare date lines among the first and last few paragraphs, and footer
    lines (copyright, "back to the front page") among the last few."""
    def furniture(paragraph: str) -> bool:
        if len(paragraph) > 80:
            return False
        if _BYLINE.match(paragraph) and len(paragraph.split()) <= 8:
            return True
        return _is_date_line(paragraph)

    start = 0
    while start < min(EDGE_PARAGRAPHS, len(paragraphs)) and furniture(paragraphs[start]):
        start += 1
    end = len(paragraphs)
    while end > start and len(paragraphs) - end < EDGE_PARAGRAPHS and \
            (furniture(paragraphs[end - 1]) or is_footer_line(paragraphs[end - 1])):
        end -= 1
    return paragraphs[start:end]


def _is_date_line(paragraph: str) -> bool:
    """A short line that is only a date/time ("Thursday, November 2, 2006", "Updated 10:42 GMT")."""
    if len(paragraph) > 60 or not _DATE_WORDS.search(paragraph):
        return False
    words = re.sub(r"^(?:updated|published|posted|last updated|first published)(?: on| at)?:?\s*", "",
                   paragraph.strip(), flags=re.IGNORECASE)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            date_parser.parse(words, fuzzy=False)
            return True
        except (ValueError, OverflowError, TypeError):
            return False


def _standalone(link) -> bool:
    """Whether a link stands alone on its line (between ``<br>``s or blocks): "More news"."""
    previous = link.getprevious()
    if previous is None:
        parent = link.getparent()
        if parent is None or (parent.text and parent.text.strip()) or parent.tag == "a":
            return False
        if parent.tag not in dom.BLOCK_TAGS:
            return False
    elif previous.tag != "br" and previous.tag not in dom.BLOCK_TAGS or (previous.tail and previous.tail.strip()):
        return False
    if link.tail and link.tail.strip():
        return False
    following = link.getnext()
    if following is None:
        return link.getparent().tag in dom.BLOCK_TAGS
    return following.tag == "br" or following.tag in dom.BLOCK_TAGS


def first_paragraph(selection: Selection):
    """The first block of the chosen elements with paragraph-sized own text, or None."""
    own, excluded, body = selection.stats.own, selection.stats.excluded, selection.body
    for element in selection.elements:
        for block in element.iter(etree.Element):
            if own.get(block, 0) >= MIN_PARAGRAPH_CHARS and block.tag not in _NOT_PARAGRAPHS \
                    and not _inside(block, excluded, body):
                return block
    return None


# -- where the article starts -------------------------------------------------------------------

LEAD_CHARS = 80
"""The article's lead paragraph has at least this much own text (and reads like prose)."""


def lead_paragraph(selection: Selection):
    """The article's first block of prose: enough own text, few links, sentence punctuation."""
    stats, body = selection.stats, selection.body
    own, own_links, excluded = stats.own, stats.own_links, stats.excluded
    for element in selection.elements:
        for block in element.iter(etree.Element):
            size = own.get(block, 0)
            if size < LEAD_CHARS or block.tag in _NOT_PARAGRAPHS or own_links.get(block, 0) > 0.3 * size:
                continue
            if _inside(block, excluded, body):
                continue
            text = dom.inline_text(block)
            if size >= 2 * LEAD_CHARS or ". " in text or text.endswith((".", "!", "?", '"', "\u201d")):
                return block
    return first_paragraph(selection)
