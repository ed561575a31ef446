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
from dataclasses import dataclass, field

from lxml import etree

from indexer.extract import dom
from indexer.extract.class_words import chrome_by_words, class_words, headline_like
from indexer.extract.dates import is_date_line
from indexer.extract.text import BYLINE, LINK_HOST, norm
from indexer.extract.tunables import (
    ABOVE_HEADLINE_SHARE, BONUS_FULL_AT, BREAK_PARAGRAPH_CHARS, BREAK_SPLIT_MAX_LINKS, BYLINE_MAX_WORDS,
    CHARS_PER_POINT, CLASS_WEIGHT, CLIMB_MAX_LINKS, CLIMB_PROSE_GAIN, CLIMB_PROSE_SHARE, CLIMB_TEXT,
    COMMENTS_AFTER, COMMENTS_HEADING_CHARS, DESCEND_KEEP_PROSE, DESCEND_KEEP_PROSE_SHARE, DESCEND_MIN_PARAGRAPHS,
    DESCEND_NAMED_POINTS, DESCEND_POINTS, DESCEND_TEXT, EDGE_PARAGRAPHS, FOOTER_LINE_CHARS, FORM_PROSE_CHARS,
    FORM_PROSE_MAX_LINKS, FURNITURE_LINE_CHARS, KEEP_SHARE, LEAD_CHARS, LEAD_MAX_LINKS, LINK_LIST_MAX_CHARS,
    LINK_LIST_SHARE, MARKUP_AS_TEXT_TAGS, MAX_HEADLINE_CANDIDATES, MAX_LENGTH_POINTS, MIN_BODY_CHARS,
    MIN_PARAGRAPH_CHARS, PARAGRAPH_MAX_LINKS, POSTED_BY_CHARS, QUOTE_WRAPPER_SHARE, SCORE_LEVELS,
    SIBLING_MAX_LINKS, SIBLING_MIN_SCORE, SIBLING_PARAGRAPH_CHARS, SIBLING_PLAIN_LINKS, SIBLING_PLAIN_SHARE,
    SIBLING_PROSE_MAX_LINKS, SIBLING_SHARE, SIBLING_TEXT, TAG_BONUS,
)
from indexer.extract.vocabulary import (
    BOILERPLATE_LINES, CHROME_ROLES, CHROME_TAGS, COMMENT_WORDS, LINK_LIST_TAGS, NEGATIVE_WORDS,
    NOT_PARAGRAPH_TAGS, PAGE_ROOT_TAGS, POSITIVE_WORDS, SELF_CANDIDATE_TAGS, SENTENCE_ENDS,
    STRONG_NEGATIVE_WORDS, WAYBACK_FURNITURE_IDS, WEAK_WORDS_IGNORED_TAGS,
)

_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)


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
    return quoted >= QUOTE_WRAPPER_SHARE * size


def _holds_prose(element, stats: "Stats") -> bool:
    own, own_links = stats.own, stats.own_links
    for block in element.iter(etree.Element):
        size = own.get(block, 0)
        if size >= FORM_PROSE_CHARS and own_links.get(block, 0) < FORM_PROSE_MAX_LINKS * size and \
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


# -- step 4: scoring ----------------------------------------------------------------------------

def _class_weight(element) -> int:
    words = class_words(element)
    if not words:
        return 0
    weight = 0
    if not words.isdisjoint(POSITIVE_WORDS):
        weight += CLASS_WEIGHT
    if not words.isdisjoint(NEGATIVE_WORDS):
        weight -= CLASS_WEIGHT
    return weight


_NOT_PARAGRAPHS = NOT_PARAGRAPH_TAGS | PAGE_ROOT_TAGS


def score(body, stats: Stats) -> list:
    """The elements holding the article: the best-scoring candidate and its related siblings.

    Each paragraph (a block with enough own text, not mostly links) earns ``1 + commas +
    min(chars / CHARS_PER_POINT, MAX_LENGTH_POINTS)`` points; its parent gets them all, its
    grandparent half, further ancestors a third per level, up to SCORE_LEVELS levels.  A candidate's score is its points plus a
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
        if own_links.get(block, 0) > PARAGRAPH_MAX_LINKS * size or dom.inside(block, excluded, body):
            continue
        # Paragraphs run together with <br>s in one block count as several.
        pieces = 1
        if block in breaks and own_links.get(block, 0) <= BREAK_SPLIT_MAX_LINKS * size:
            pieces = min(breaks[block] + 1, max(1, size // BREAK_PARAGRAPH_CHARS))
        points = pieces + commas.get(block, 0) + min(size // CHARS_PER_POINT, MAX_LENGTH_POINTS * pieces)
        # A plain text container (td, div with text and <br>s) is a candidate itself.
        if block.tag in SELF_CANDIDATE_TAGS:
            points_of[block] = points_of.get(block, 0) + points
            count_of[block] = count_of.get(block, 0) + pieces
        prose[block] = prose.get(block, 0) + size
        level = 0
        for ancestor in block.iterancestors():
            prose[ancestor] = prose.get(ancestor, 0) + size
            if level < SCORE_LEVELS:
                share = 1 if level == 0 else (2 if level == 1 else level * 3)
                points_of[ancestor] = points_of.get(ancestor, 0) + points / share
                count_of[ancestor] = count_of.get(ancestor, 0) + pieces
            level += 1
            if ancestor is body:
                break
    if not points_of:
        return [body]
    scores: dict = {}
    best, best_score = None, float("-inf")
    for element, points in points_of.items():
        bonus = (TAG_BONUS.get(element.tag, 0) + _class_weight(element)) * \
            min(1.0, stats.text.get(element, 0) / BONUS_FULL_AT)
        final = (points + bonus) * (1 - stats.link_density(element))
        scores[element] = final
        if final > best_score:
            best, best_score = element, final
    best = _descend(best, points_of, count_of, stats, prose)
    best = _climb(best, body, stats, prose)
    return _with_siblings(best, scores.get(best, best_score), scores, stats)


def _descend(best, points_of: dict, count_of: dict, stats: Stats, prose: dict | None = None):
    """Move down to a child that carries most of the winner's points and text.

    The story's own container often sits inside a wrapper that also holds captions, tickers
    and promos; the wrapper collects the story's points and wins.  Only containers of several
    paragraphs qualify (not one paragraph among its siblings).
    """
    node = best
    while True:
        children = [child for child in node if child in points_of and count_of.get(child, 0) >= DESCEND_MIN_PARAGRAPHS]
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
                if left >= DESCEND_KEEP_PROSE and left >= DESCEND_KEEP_PROSE_SHARE * prose.get(node, 0):
                    return node
            node = top
            continue
        return node


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
        if parent is None or parent is body or parent.tag in PAGE_ROOT_TAGS:
            return node
        if stats.link_density(parent) >= CLIMB_MAX_LINKS:
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
    threshold = max(SIBLING_MIN_SCORE, best_score * SIBLING_SHARE)
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
                stats.link_density(sibling) < SIBLING_PROSE_MAX_LINKS:
            chosen.append(sibling)  # the story split into boxes of the same kind, one per paragraph
            continue
        if sibling.tag == "p":
            size = stats.text.get(sibling, 0)
            density = stats.link_density(sibling)
            if size > SIBLING_PARAGRAPH_CHARS and density < SIBLING_PROSE_MAX_LINKS:
                chosen.append(sibling)
            elif size <= SIBLING_PARAGRAPH_CHARS and density == 0 and \
                    "".join(sibling.itertext()).rstrip().endswith(_SENTENCE_OR_QUOTE_ENDS):
                chosen.append(sibling)
    return chosen


_SENTENCE_OR_QUOTE_ENDS = (*SENTENCE_ENDS, "'")
"""How a short paragraph of the story ends: a sentence, or a quotation in either kind of quotes."""


# -- step 5: rendering --------------------------------------------------------------------------

def render(selection: Selection, headline: str = "") -> list[str]:
    """Paragraphs of the chosen elements, without chrome, link lists and furniture lines."""
    stats, pruned = selection.stats, selection.pruned
    text, links = stats.text, stats.links

    key = norm(headline)

    def skip(element) -> bool:
        tag = element.tag
        if element in pruned:
            return True
        if tag == "h1":
            return not key or norm(dom.inline_text(element)) != key  # the headline is a landmark
        size = text.get(element)
        if size and tag in LINK_LIST_TAGS and links.get(element, 0) > LINK_LIST_SHARE * size and size < LINK_LIST_MAX_CHARS:
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
            if "<" in paragraph and len(_MARKUP_IN_TEXT.findall(paragraph)) >= MARKUP_AS_TEXT_TAGS:
                continue  # markup shown as text: a raw-text element the parser kept (ads, scripts)
            if key and norm(paragraph) == key:
                if at_headline is None:
                    at_headline = len(out)
                continue  # the headline is not body text
            out.append(paragraph)
    if at_headline:
        before = sum(map(len, out[:at_headline]))
        if before <= ABOVE_HEADLINE_SHARE * sum(map(len, out[at_headline:])):
            out = out[at_headline:]  # what stands above the headline is the page's, not the story's
    return trim_edges(cut_comments(out))


_MARKUP_IN_TEXT = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_COPYRIGHT_START = re.compile(r"\(?\s*(?:\u00a9|\(c\)\s|copyright\b)", re.IGNORECASE)
_COPYRIGHT = re.compile(r"^\(?\s*(?:\u00a9|\(c\)\s|copyright\b)|\ball rights reserved\b", re.IGNORECASE)
_BACK_TO = re.compile(r"^(?:back|return|go back)\s+to\s+(?:the\s+)?[\w\s'’-]{1,40}$", re.IGNORECASE)
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
        if len(paragraph) <= COMMENTS_HEADING_CHARS and _COMMENTS_START.match(paragraph):
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


def trim_edges(paragraphs: list[str]) -> list[str]:
    """Drop bylines and bare date lines among the first and last few paragraphs, and footer
    lines (copyright, "back to the front page") among the last few."""
    def furniture(paragraph: str) -> bool:
        if len(paragraph) > FURNITURE_LINE_CHARS:
            return False
        if BYLINE.match(paragraph) and len(paragraph.split()) <= BYLINE_MAX_WORDS:
            return True
        return is_date_line(paragraph)

    start = 0
    while start < min(EDGE_PARAGRAPHS, len(paragraphs)) and furniture(paragraphs[start]):
        start += 1
    end = len(paragraphs)
    while end > start and len(paragraphs) - end < EDGE_PARAGRAPHS and \
            (furniture(paragraphs[end - 1]) or is_footer_line(paragraphs[end - 1])):
        end -= 1
    return paragraphs[start:end]


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
                    and not dom.inside(block, excluded, body):
                return block
    return None


# -- where the article starts -------------------------------------------------------------------

def lead_paragraph(selection: Selection):
    """The article's first block of prose: enough own text, few links, sentence punctuation."""
    stats, body = selection.stats, selection.body
    own, own_links, excluded = stats.own, stats.own_links, stats.excluded
    for element in selection.elements:
        for block in element.iter(etree.Element):
            size = own.get(block, 0)
            if size < LEAD_CHARS or block.tag in _NOT_PARAGRAPHS or own_links.get(block, 0) > LEAD_MAX_LINKS * size:
                continue
            if dom.inside(block, excluded, body):
                continue
            text = dom.inline_text(block)
            if size >= 2 * LEAD_CHARS or ". " in text or text.endswith(SENTENCE_ENDS):
                return block
    return first_paragraph(selection)
