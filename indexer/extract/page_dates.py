"""The publication date of a page: candidate dates with their evidence, scored, the best day wins.

Candidates come from:

* the page's structured data: JSON-LD ``datePublished``/``dateCreated``, ``article:published_time``
  and the other meta names sites use (``date``, ``pubdate``, ``DC.date.issued``, ``sailthru.date``,
  ``parsely-pub-date``, ``OriginalPublicationDate``...);
* ``<time datetime>``, ``itemprop="datePublished"`` and hAtom ``<abbr class="published">``
  elements near the article (anywhere in the page only when nothing else is found);
* dates written in the text near the article: in the lines (text between block boundaries)
  around the headline, from before the body's first paragraph to its third, and just after its
  last one ("Posted on Fri, Jan. 18, 2008", "Published: 16 January 2008", "Release: 01/10/2008",
  "By X | January 18, 2008", "기사입력 2018-08-25", a dateline, a date closing the story);
* the date in the URL path.

A written date scores by its context: a "Posted"/"Published" word or a byline before it, a date
class on its element, a place between the headline and the story, closeness to the headline or
the body raise it; an "Updated" word, the page's header, navigation or other chrome, a list of
dates of other days, a sentence around it, a "since"/"until"/"©" before it lower it.  Dates far
from the article are not candidates: a masthead shows the day the page was served, not the
story's; nor are dates in reader comments.

Candidates are grouped by the day they name; independent kinds of evidence for one day add up;
modified dates and meta tags of that kind count only when nothing else is there; nothing later
than a Wayback capture counts.  The winning day's most precise moment is returned, in UTC.

Numeric dates that read both ways (``01/10/2008``) are settled by a named weekday, by agreement
with another candidate, by not being later than every other date of the page, then by the page's
language or country (``en-GB``, ``.co.uk``, ``.au``, ``.in``, ``de``... day first; ``en-US``,
``.us`` month first), then by how the page writes its other dates, else month first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from indexer.extract import dom, wayback
from indexer.extract.class_words import class_words
from indexer.extract.dates import TZINFOS, date_from_url, find_text_dates, has_date_anchor, parse_date
from indexer.extract.text import norm
from indexer.extract.tunables import (
    AGREEMENT_SHARE, BONUS_BYLINE, BONUS_DATE_CLASS, BONUS_NEAR, BONUS_PUBLISHED_WORD, BONUS_UNDER_HEADLINE,
    BONUS_WEEKDAY, CONTEXT_CHARS, DATE_CLASS_DEPTH, DATELINE_CHARS, DATELINE_DATE_CHARS, FAR_CHARS,
    LABEL_LINE_CHARS, LEAD_WINDOW_MARGIN, LINKED_LIST_DAYS, LIST_LINES, LIST_OTHER_DAYS, MAX_LEAD_WINDOW,
    MAX_LINE_CHARS, MAX_MARKED, MAX_ZONE_HOURS, MIN_PARAGRAPH_CHARS, MIN_SCORE, NEAR_CHARS, PARAGRAPH_MAX_LINKS,
    PENALTY_AFTER_STORY, PENALTY_CHROME, PENALTY_IN_SENTENCE, PENALTY_LATER_TIME, PENALTY_LIST,
    PENALTY_NOT_PUBLISHED, PENALTY_PER_FAR_CHARS, PENALTY_UPDATED_WORD, SCORE_ITEMPROP, SCORE_JSONLD,
    SCORE_MARKED_PUBLISHED, SCORE_META_OTHER, SCORE_META_PUBLISHED, SCORE_MODIFIED, SCORE_TEXT, SCORE_TIME,
    SCORE_URL, SENTENCE_WORDS, SURROUNDINGS_DEPTH, WINDOW_AFTER_END, WINDOW_AFTER_HEADLINE, WINDOW_AFTER_START,
    WINDOW_BEFORE_END, WINDOW_BEFORE_HEADLINE, WINDOW_BEFORE_START,
)
from indexer.extract.vocabulary import (
    ARTICLE_CLASS_WORDS, DATE_CHROME_TAGS, DATE_CHROME_WORD_PARTS, DATE_CHROME_WORDS, DATE_CLASS_WORDS,
    DATE_COMMENT_WORDS, MODIFIED_META, MONTH_FIRST_LANGS, NOT_PARAGRAPH_TAGS, NOT_PROSE_WORDS,
    OWN_HEADER_PREFIXES, PUBLISHED_META, PUBLISHED_WORDS, STRONG_PUBLISHED_META, UPDATED_WORDS,
)

_MODIFIED_WORDS = re.compile(r"modif|updat|revis|last|change|expir|valid|end|start|event|birth|copyright|"
                             r"review|crawl|index|retriev|access", re.IGNORECASE)
_DATE_NAME = re.compile(r"date|pub|creat|time", re.IGNORECASE)
# The last "published" or "updated" word in the text before a date (on its line), which tells
# what the date is: "Last updated: 3:51 pm March 25, 2009 Posted: 3:47 pm March 25, 2009".
_DATE_WORD = re.compile(rf"\b(?:(?P<pub>{PUBLISHED_WORDS})|(?P<upd>{UPDATED_WORDS}))(?!.*\b(?:{PUBLISHED_WORDS}|"
                        rf"{UPDATED_WORDS}))", re.IGNORECASE)
_BYLINE_BEFORE = re.compile(r"(?:^|\W)(?:by|von|par|por|di)\s+\S.{0,50}$", re.IGNORECASE)
# Words that make a date something else than the story's: "Since 1st March, 1999", "© 2008".
_NOT_PUBLISHED_BEFORE = re.compile(
    r"\b(?:since|until|till|established|founded|est\.?|copyright|born|died|expires?|valid|from|between|"
    r"deadline|due|ends?|starts?|opens?|closes?|season|term|next|last seen|archive[sd]?)\W{0,6}$|[©]\W*$",
    re.IGNORECASE,
)

_SKIP_TEXT_TAGS = dom.NON_CONTENT_TAGS - {"img", "input", "button", "label", "picture"}

# Page language / country: day-first numeric dates.
_DAY_FIRST_TLDS = re.compile(
    r"\.(?:uk|au|nz|ie|in|za|pk|sg|my|ng|ke|gh|hk|de|fr|it|es|pt|br|nl|be|ch|at|se|no|dk|fi|pl|ru|ua|"
    r"cz|sk|hu|ro|gr|tr|ar|cl|mx|pe|ve|id|vn|il|eg|ma|ae|sa|lk|bd)(?::\d+)?$", re.IGNORECASE)
_DAY_FIRST_LANG = re.compile(r"^(?:en[-_](?:gb|uk|au|nz|ie|in|za|sg|pk|ng|ke|hk|my)|(?!en|zh|ja|ko)[a-z]{2})\b",
                             re.IGNORECASE)


@dataclass
class Candidate:
    """One piece of evidence for the publication date."""

    value: datetime                 # the moment, UTC
    day: date                       # the day as written (before any zone conversion)
    score: float
    source: str                     # "jsonld", "meta:<name>", "itemprop", "time", "text", "url", "modified"
    alternatives: tuple = ()        # other days an ambiguous numeric date can be (text only)
    text_date: object = None        # the TextDate of a written date
    notes: list = field(default_factory=list)
    timed: bool = False             # gives a time of day
    zoned: bool = False             # gives a time zone or offset

    @property
    def kind(self) -> str:
        return "meta" if self.source.startswith("meta:") else self.source

    def __repr__(self) -> str:  # for debugging and test failure messages
        return f"<{self.source} {self.day} {self.score:.2f} {' '.join(self.notes)}>"


# -- entry point --------------------------------------------------------------------------------

def choose_date(root, meta, url: str, found=None, selection=None, headline: str = "") -> datetime | None:
    """The publication date of a page (UTC), or None; never later than a Wayback capture."""
    best = best_candidate(date_candidates(root, meta, url, found, selection, headline), capture_time(root, meta))
    return best.value if best is not None else None


def capture_time(root, meta) -> datetime | None:
    """When the page was captured by the Wayback Machine, or None when it is not a capture.

    A page that merely links to an archived page (``web.archive.org/web/2019.../...`` in its
    text) is not a capture: a capture has the toolbar's URL, or its own resources rewritten.
    """
    if meta.captured_at is None:
        return None
    if meta.base_url:
        return meta.captured_at
    for value in root.xpath("(//link/@href | //script/@src | //img/@src)[position() <= 20]"):
        if "/web/" in value and wayback.is_archive_url(value):
            return meta.captured_at
    return None


def best_candidate(candidates: list[Candidate], captured_at: datetime | None = None) -> Candidate | None:
    """The best candidate of the best-supported day.

    Candidates are grouped by the day they name.  A day's support is its best score plus
    AGREEMENT_SHARE of the best score of each other kind of source naming it (JSON-LD, meta
    tags, ``itemprop``, ``<time>``, the text, the URL): independent evidence adds up, many
    dates of one kind do not.  Modified dates only count when nothing else does.
    """
    latest = captured_at + timedelta(days=1) if captured_at else None
    usable = [c for c in candidates if latest is None or c.value <= latest]
    published = [c for c in usable if c.source != "modified"]
    pool = published or usable
    if not pool:
        return None
    kinds: dict[date, dict[str, float]] = {}
    best_of: dict[date, Candidate] = {}
    for candidate in pool:
        scores = kinds.setdefault(candidate.day, {})
        kind = candidate.kind
        scores[kind] = max(scores.get(kind, candidate.score), candidate.score)
        if candidate.day not in best_of or candidate.score > best_of[candidate.day].score:
            best_of[candidate.day] = candidate

    def support(day: date) -> float:
        scores = sorted(kinds[day].values(), reverse=True)
        return scores[0] + AGREEMENT_SHARE * sum(max(0.0, score) for score in scores[1:])

    day = max(kinds, key=lambda d: (support(d), best_of[d].score))
    if support(day) <= 0:
        return None
    return _most_precise(best_of[day], [c for c in pool if c.day == day], usable)


def _most_precise(winner: Candidate, group: list[Candidate], usable: list[Candidate]) -> Candidate:
    """The candidate that gives the winning day's moment best: one with a time zone, else one
    with a time.  A sitemap-style naive time ("2013-11-04 20:57:25", the site's local time)
    is the same instant as a zoned one a whole number of hours away ("2013-11-05T01:57:25Z")."""
    if winner.zoned:
        return winner
    for naive in sorted((c for c in group if c.timed and not c.zoned), key=lambda c: -c.score):
        for zoned in sorted((c for c in usable if c.zoned), key=lambda c: -c.score):
            delta = abs((zoned.value - naive.value).total_seconds())
            if delta <= MAX_ZONE_HOURS * 3600 and delta % 1800 == 0:  # whole half-hours
                return zoned
    for wanted in ("zoned", "timed"):
        found = [c for c in group if getattr(c, wanted)]
        if found:
            return max(found, key=lambda c: c.score)
    return winner


# -- candidates ---------------------------------------------------------------------------------

def date_candidates(root, meta, url: str, found=None, selection=None, headline: str = "") -> list[Candidate]:
    """Every candidate publication date of the page with its score (see the module docstring)."""
    out: list[Candidate] = []
    _structured(root, meta, out)
    value = date_from_url(url)
    if value is not None:
        out.append(Candidate(value, value.date(), SCORE_URL, "url"))
    marked: list = []
    if found is not None and found.elements:
        day_first, sure = _day_first(root, meta, url)
        out.extend(_written(found, selection, headline, day_first, marked))
        if any(candidate.alternatives for candidate in out):
            _settle_ambiguous(out, found, day_first, sure)
    _marked(marked[:MAX_MARKED], out)
    if not out:  # nothing near the article: a <time> or itemprop date anywhere
        _marked(root.xpath(_XP_MARKED)[:MAX_MARKED], out)
    return out


_TIMED = re.compile(r"\d:\d\d")
_ZONED = re.compile(r"\d(?:Z|\s*[+-]\d\d:?\d\d|\s*\(?(?:%s)\)?)\s*$" % "|".join(sorted(TZINFOS, key=len, reverse=True)),
                    re.IGNORECASE)


def _add(out: list, value: datetime | None, score: float, source: str, text: str) -> None:
    if value is not None:
        timed = bool(_TIMED.search(text))
        out.append(Candidate(value, _written_day(text, value), score, source,
                             timed=timed, zoned=timed and bool(_ZONED.search(text.strip()))))


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


def _structured(root, meta, out: list) -> None:
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


def _marked(elements, out: list) -> None:
    """Candidates from ``itemprop="datePublished"`` / ``dateCreated``, ``<time>`` and hAtom
    ``<abbr class="published" title="...">`` elements."""
    itemprops = times = 0
    for element in elements:
        if element.tag == "abbr":  # hAtom: <abbr class="published" title="2013-06-30T15:58:23Z">1 hr ago</abbr>
            classes = (element.get("class") or "").lower()
            text = element.get("title") or ""
            if "published" in classes or "dtstart" in classes:
                score, source = SCORE_TIME + SCORE_MARKED_PUBLISHED, "time"
            elif "updated" in classes or "modified" in classes:
                score, source = SCORE_MODIFIED, "modified"
            elif "date" in classes or "time" in classes:
                score, source = SCORE_TIME, "time"
            else:
                continue
        elif element.tag == "time":
            text = element.get("datetime") or dom.inline_text(element)
            classes = (element.get("class") or "").lower()
            if element.get("itemprop") in ("datePublished", "dateCreated") or element.get("pubdate") is not None \
                    or "publish" in classes:
                score, source = SCORE_TIME + SCORE_MARKED_PUBLISHED, "time"
            elif element.get("itemprop") == "dateModified" or "updat" in classes or "modif" in classes:
                score, source = SCORE_MODIFIED, "modified"
            else:
                score, source = SCORE_TIME, "time"
        else:
            text = element.get("content") or element.get("datetime") or dom.inline_text(element)
            # the first is the page's own; later ones often belong to a list of other stories
            score, source = (SCORE_ITEMPROP if itemprops == 0 else SCORE_META_OTHER), "itemprop"
            itemprops += 1
        if source == "time":  # the first is the story's; more are often a list of other stories
            score -= PENALTY_LATER_TIME * min(times, 1)
            times += 1
        _add(out, parse_date(text), score, source, text)


_XP_MARKED = "//time[@datetime or @pubdate] | //*[@itemprop='datePublished' or @itemprop='dateCreated']"


def _day_first(root, meta, url: str) -> tuple[bool | None, bool]:
    """Whether numeric dates on this page put the day first (True, False, None: no hint), and
    whether the page says so (its language, its country's domain) rather than a guess."""
    lang = (root.get("lang") or root.get("xml:lang") or meta.first("og:locale", "content-language",
                                                                    "language", "dc.language") or "").strip()
    if lang:
        if lang.lower().startswith(MONTH_FIRST_LANGS):
            return False, True
        if _DAY_FIRST_LANG.match(lang):
            return True, True
    host = re.match(r"^[a-z]+://([^/?#]+)", url or "", re.IGNORECASE)
    if host:
        name = host.group(1).rsplit("@", 1)[-1]
        if _DAY_FIRST_TLDS.search(name):
            return True, True
        if name.lower().endswith((".us", ".gov", ".edu")):
            return False, True
    return None, False


# -- dates written near the article -------------------------------------------------------------

@dataclass
class _Anchors:
    """Where the article is, as positions in document order (None: not found)."""

    around: set = field(default_factory=set)  # the elements that hold the headline or the body
    head: int | None = None        # the headline
    start: int | None = None       # the body's first paragraph
    end: int | None = None         # its last paragraph
    lead_end: int | None = None    # its third paragraph: dates before it open the story
    end_inside: int | None = None  # the last element inside its last paragraph


def _anchors(found, selection, headline: str) -> _Anchors:
    anchors = _Anchors()
    element = _headline_element(found, headline)
    if element is not None:
        anchors.head = found.order[element]
    if selection is not None:
        order = found.order
        blocks, anchors.end_inside = _body_blocks(selection, order, anchors.head)
        if blocks:
            anchors.start = blocks[0]
            anchors.lead_end = blocks[min(2, len(blocks) - 1)]
            anchors.end = blocks[-1]
    for at in (anchors.head, anchors.start):
        if at is not None:
            anchors.around.update(found.elements[at].iterancestors())
    return anchors


def _headline_element(found, headline: str):
    """The element that shows the headline: a heading whose text is the headline, else the
    longest heading that is most of it (the headline may come from a title with the site's name)."""
    key = norm(headline)
    if not key:
        return None
    partial, partial_size = None, 0
    for _, element in found.headlines:
        if element in found.hidden:
            continue
        text = norm(dom.inline_text(element))
        if text == key:
            return element
        if text and len(text) > partial_size and len(text.split()) >= 3 and len(text) >= 0.5 * len(key) \
                and (text in key or key in text) and len(text) <= 2 * len(key):
            partial, partial_size = element, len(text)
    if partial is not None:
        return partial
    # A headline in a plain element (a <td>, a <span class="title">...): its first words.
    prefix = key[:24]
    for element in found.elements:
        text = element.text
        if text and len(text) >= 8 and len(text) < 2 * len(headline) + 20 and \
                norm(text).startswith(prefix) and element not in found.hidden:
            return element
    return None


def _body_blocks(selection, order: dict, after: int | None = None) -> tuple[list[int], int | None]:
    """Positions of the first three and the last blocks of the selected body with paragraph-sized
    own text, outside pruned chrome, and the position of the last element inside the last block.
    With the headline's position ``after``, the story starts after its headline: blocks before it
    (chrome the selection took in) are left out."""
    own, links, excluded, body = selection.stats.own, selection.stats.own_links, selection.stats.excluded, \
        selection.body
    blocks = []
    for element in selection.elements:
        for block in element.iter():
            size = own.get(block, 0)
            if size >= MIN_PARAGRAPH_CHARS and block.tag not in NOT_PARAGRAPH_TAGS and block in order \
                    and links.get(block, 0) <= PARAGRAPH_MAX_LINKS * size:
                blocks.append(block)
    if after is not None:
        following = [block for block in blocks if order[block] > after and not dom.inside(block, excluded, body)]
        # unless the heading found is not the story's own (most of the story is before it)
        if following and sum(own[block] for block in following) >= 0.5 * sum(own[block] for block in blocks):
            blocks = following
    kept = []
    for block in blocks:
        if len(kept) == 3:
            break
        if not dom.inside(block, excluded, body):
            kept.append(block)
    last = None
    for block in reversed(blocks):
        if not dom.inside(block, excluded, body):
            if not kept or block is not kept[-1]:
                kept.append(block)
            last = block
            break
    last_inside = order[last] + sum(1 for _ in last.iterdescendants()) if last is not None else None
    return [order[block] for block in kept], last_inside


def _segments(anchors: _Anchors, size: int) -> list[tuple[int, int]]:
    """Element ranges [lo, hi) to look in for written dates: around the headline, from before the
    body's first paragraph to its third, and just after its last paragraph; merged."""
    ranges = []
    if anchors.head is not None:
        ranges.append((anchors.head - WINDOW_BEFORE_HEADLINE, anchors.head + WINDOW_AFTER_HEADLINE))
    if anchors.start is not None:
        lead_end = max(anchors.start + WINDOW_AFTER_START,
                       min((anchors.lead_end or 0) + LEAD_WINDOW_MARGIN, anchors.start + MAX_LEAD_WINDOW))
        ranges.append((anchors.start - WINDOW_BEFORE_START, lead_end))
    if anchors.end is not None:
        ranges.append((anchors.end - WINDOW_BEFORE_END, anchors.end + WINDOW_AFTER_END))
    ranges = sorted((max(0, lo), min(size, hi + 1)) for lo, hi in ranges)
    merged: list[list[int]] = []
    for lo, hi in ranges:
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    return [(lo, hi) for lo, hi in merged if lo < hi]


@dataclass
class _Line:
    """Text between two block boundaries: its pieces are (offset in the line, element, is a tail)."""

    position: int
    offset: int   # visible characters before the line in its segment
    text: str
    pieces: list

    def element_at(self, index: int):
        chosen = self.pieces[0]
        for piece in self.pieces:
            if piece[0] > index:
                break
            chosen = piece
        _, element, is_tail = chosen
        return element.getparent() if is_tail else element


_BREAK_TAGS = dom.BLOCK_TAGS | {"br"}
_DATE_ITEMPROPS = ("datePublished", "dateCreated")


def _lines(found, lo: int, hi: int, marked: list | None = None) -> list[_Line]:
    """The text of elements lo..hi-1 as lines (split at block elements and ``<br>``), in
    document order; each line knows its first element's position and its visible offset.
    ``<time>`` and ``itemprop="datePublished"`` elements met on the way go to ``marked``."""
    elements, hidden = found.elements, found.hidden
    breaks, skip_tags = _BREAK_TAGS, _SKIP_TEXT_TAGS
    lines: list[_Line] = []
    texts: list[str] = []
    pieces: list = []
    size = 0            # characters of the current line so far
    start = lo          # position of the current line's first text
    offset = 0          # characters of the lines before it
    skipping = 0
    stack: list = []    # (element, is a break, is skipped)
    position = lo

    def flush() -> None:
        nonlocal size, offset
        if texts:
            line = _Line(start, offset, " ".join(texts), list(pieces))
            lines.append(line)
            offset += size + 1
            texts.clear()
            pieces.clear()
            size = 0

    def add(text: str, element, is_tail: bool) -> None:
        nonlocal size, start
        text = " ".join(text.split())
        if not texts:
            start = position
        else:
            size += 1
        pieces.append((size, element, is_tail))
        texts.append(text)
        size += len(text)

    for position in range(lo, hi + 1):
        element = elements[position] if position < hi else None
        parent = element.getparent() if element is not None else None
        while stack and stack[-1][0] is not parent:
            closed, is_break, skipped = stack.pop()
            if skipped:
                skipping -= 1
            if skipping:
                continue
            if is_break and texts:
                flush()
            tail = closed.tail
            if tail and not tail.isspace():
                add(tail, closed, True)
        if element is None:
            break
        tag = element.tag
        if marked is not None and (tag == "time" or element.get("itemprop") in _DATE_ITEMPROPS
                                   or tag == "abbr" and element.get("title")) and element not in marked:
            marked.append(element)
        skipped = tag in skip_tags or element in hidden
        is_break = tag in breaks
        stack.append((element, is_break, skipped))
        if skipped:
            skipping += 1
            continue
        if skipping:
            continue
        if is_break and texts:
            flush()
        text = element.text
        if text and not text.isspace():
            add(text, element, False)
        elif text is None or text.isspace():
            if len(element) and not isinstance(element[0].tag, str):
                for child in element:  # "<span><!-- old -->1/17/2008</span>": a comment's tail is text
                    if isinstance(child.tag, str):
                        break
                    if child.tail and not child.tail.isspace():
                        add(child.tail, element, False)
    flush()
    return lines


def _written(found, selection, headline: str, day_first: bool | None, marked: list) -> list[Candidate]:
    """Dates written near the article (see :func:`_segments`), scored by :func:`_score_written`."""
    anchors = _anchors(found, selection, headline)
    kinds = [(kind, at) for kind, at in (("head", anchors.head), ("start", anchors.start), ("end", anchors.end))
             if at is not None]
    if not kinds:
        return []
    out: list[Candidate] = []
    for lo, hi in _segments(anchors, len(found.elements)):
        lines = _lines(found, lo, hi, marked)
        if not lines:
            continue
        # offsets of the anchors in this segment: the start of the first line at or after them
        marks = []
        for kind, at in kinds:
            if lo <= at < hi:
                line = next((line for line in lines if line.position >= at), None)
                if line is not None:
                    finish = line.offset + len(line.text)
                    if kind == "end":  # the whole last paragraph: a date closes the story after it
                        for later in lines:
                            if line.position <= later.position <= (anchors.end_inside or at):
                                finish = later.offset + len(later.text)
                    marks.append((kind, line.offset, finish))
        if not marks:
            continue
        dated = []
        for index, line in enumerate(lines):
            text = line.text
            if not has_date_anchor(text):
                continue
            if len(text) <= MAX_LINE_CHARS:
                matches = find_text_dates(text, day_first)
            else:  # a dateline opening a paragraph, a date closing it
                matches = find_text_dates(text[:DATELINE_CHARS + DATELINE_DATE_CHARS], day_first)
            for found_date in matches:
                dated.append((index, found_date))
        distinct_days = {d.days[0] for _, d in dated}
        for index, found_date in dated:
            line = lines[index]
            at = line.offset + found_date.start
            # the nearest anchor, and the visible characters between it and the date
            best = None
            for kind, begin, finish in marks:
                if begin <= at < finish:
                    gap, after = 0, True
                elif at >= finish:
                    gap, after = at - finish, True
                else:
                    gap, after = begin - (line.offset + found_date.end), False
                if best is None or gap < best[1]:
                    best = (kind, gap, after)
            kind, gap, after = best
            if gap > FAR_CHARS:
                continue
            between = anchors.head is not None and anchors.lead_end is not None and \
                anchors.head < line.position <= anchors.lead_end
            candidate = _score_written(lines, index, found_date, kind, gap, after, dated, distinct_days,
                                       anchors.around, between)
            if candidate is not None:
                out.append(candidate)
    return out


def _context_before(lines: list[_Line], index: int, start: int, size: int = CONTEXT_CHARS) -> str:
    text = lines[index].text[:start]
    if len(text) < 3 and index > 0 and len(lines[index - 1].text) <= LABEL_LINE_CHARS:
        text = lines[index - 1].text + " " + text  # "Posted:" on the line before
    return text[-size:]


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿ]{3,}(?![\w'’-])")
_NOT_PROSE_WORDS = frozenset({"posted", "published", "updated", "last", "first", "originally", "the", "and",
                              "date", "dated", "release", "released", "launched", "created", "filed",
                              "print", "story", "article", "page", "written", "with", "from", "for",
                              "staff", "writer", "reporter", "correspondent", "editor", "news", "wire",
                              "press", "agencies", "agency", "report", "email", "mail", "comments",
                              "comment", "issue", "edition", "time", "modified", "revised"})


def _prose_words(text: str, enough: int) -> int:
    count = 0
    for word in _LOWER_WORD.findall(text):
        if word not in NOT_PROSE_WORDS:
            count += 1
            if count >= enough:
                break
    return count


def _in_sentence(before: str, after: str, labelled: bool = False) -> bool:
    """Whether a date on its line is part of a sentence: three lower-case words before it that
    are not a byline's or a date label's, or one before it and three after it ("the crash on
    Dec. 15, 2003, was tragic"); not a dateline ("BEVERLY HILLS, Calif., Jan. 8, 2008 (AP) - The")."""
    if len(before) < 8:
        return False
    before_count = _prose_words(before, SENTENCE_WORDS)
    if before_count >= SENTENCE_WORDS:
        return True
    return before_count >= 1 and not labelled and _prose_words(after, SENTENCE_WORDS) >= SENTENCE_WORDS


_CAPTION_WORDS = re.compile(r"\b(?:photo|photograph|file|image|picture|caption|foto)\b", re.IGNORECASE)


def _score_written(lines, index, found_date, anchor: str, gap: int, after: bool, dated, distinct_days,
                   around: set, between: bool = False):
    line = lines[index]
    text = line.text
    value = found_date.value()
    if value is None:
        return None
    notes = [f"{anchor}{'+' if after else '-'}{gap}"]
    score = SCORE_TEXT
    before = _context_before(lines, index, found_date.start)
    word = _DATE_WORD.search(before)
    updated = word is not None and not word.group("pub")
    if word is not None and word.group("pub"):
        score += BONUS_PUBLISHED_WORD
        notes.append("pubword")
    elif updated:
        notes.append("updword")
    elif _BYLINE_BEFORE.search(before):
        score += BONUS_BYLINE
        notes.append("byline")
    elif _NOT_PUBLISHED_BEFORE.search(before):
        score -= PENALTY_NOT_PUBLISHED
        notes.append("other")
    if between:
        score += BONUS_UNDER_HEADLINE
        notes.append("under")
    # a date inside running text ("the law was passed 45 days after Sept. 11, 2001") is an
    # event, not the story's; a dateline ("WASHINGTON, Jan. 8, 2008 (AP) -") opens a paragraph
    if _in_sentence(line.text[:found_date.start], line.text[found_date.end:found_date.end + 80], word is not None):
        score -= PENALTY_IN_SENTENCE
        notes.append("sentence")
    if _CAPTION_WORDS.search(text):
        score -= PENALTY_IN_SENTENCE
        notes.append("caption")
    element = line.element_at(found_date.start)
    dateish, chrome, comment, link = _surroundings(element, around)
    if comment:
        return None
    if dateish:
        score += BONUS_DATE_CLASS
        notes.append("dateclass")
    if chrome:
        score -= PENALTY_CHROME
        notes.append("chrome")
    # other dates of other days around it: an archive, a list of stories, comments
    neighbours = {d.days[0] for i, d in dated if i != index and abs(i - index) <= LIST_LINES}
    neighbours.discard(found_date.days[0])
    if len(neighbours) >= LIST_OTHER_DAYS or (link and len(distinct_days) >= LINKED_LIST_DAYS):
        score -= PENALTY_LIST
        notes.append("list")
    if gap <= NEAR_CHARS:
        if anchor != "end":  # after the story: a closing byline, or the first of what follows
            score += BONUS_NEAR
            notes.append("near")
    else:
        score -= PENALTY_PER_FAR_CHARS * (gap - NEAR_CHARS) + (PENALTY_AFTER_STORY if anchor == "end" else 0.0)
    if found_date.weekday is not None:
        score += BONUS_WEEKDAY
    if score < MIN_SCORE:
        return None
    if updated:  # the only date of many stories: kept, below a published one
        score -= PENALTY_UPDATED_WORD
    return Candidate(value, found_date.days[0], score, "text", tuple(found_date.days[1:]), found_date, notes,
                     timed=found_date.time is not None, zoned=found_date.tz is not None)


def _chrome_word(word: str) -> bool:
    """Compound class words of page chrome: topnav, navlinks, mainmenu, siteheader, footerlinks."""
    if word.startswith(DATE_CHROME_WORD_PARTS) or word.endswith(DATE_CHROME_WORD_PARTS):
        return True
    return word.endswith("header") and not word.startswith(OWN_HEADER_PREFIXES)


def _surroundings(element, around: set, depth: int = SURROUNDINGS_DEPTH):
    """(date-like class, page chrome, comments, inside a link) from an element and its ancestors
    below the containers of the article (``around``): those hold the story, whatever their class."""
    dateish = chrome = comment = link = False
    level = 0
    node = element
    while node is not None and level < depth:
        tag = node.tag
        if tag in ("body", "html") or node in around:
            break
        if tag == "a":
            link = True
        if tag in DATE_CHROME_TAGS:
            chrome = True
        words = class_words(node)
        if words:
            if level <= DATE_CLASS_DEPTH and not words.isdisjoint(DATE_CLASS_WORDS):
                dateish = True
            if not words.isdisjoint(DATE_COMMENT_WORDS):
                comment = True
            if words.isdisjoint(ARTICLE_CLASS_WORDS) and (not words.isdisjoint(DATE_CHROME_WORDS)
                                                          or any(_chrome_word(word) for word in words)):
                chrome = True
        node = node.getparent()
        level += 1
    return dateish, chrome, comment, link


def _page_dates(found, day_first: bool | None) -> tuple[dict, date | None]:
    """How the dates of the whole page are written (votes for day first), and the latest of them
    (a masthead shows the day the page was served, which no story is later than)."""
    votes = {True: 0, False: 0}
    latest = None
    for line in _lines(found, 0, len(found.elements)):
        text = line.text
        if len(text) > MAX_LINE_CHARS or not has_date_anchor(text):
            continue
        for found_date in find_text_dates(text, day_first):
            if found_date.day_first is not None:
                votes[found_date.day_first] += 1
            if not found_date.ambiguous and (latest is None or found_date.days[0] > latest):
                latest = found_date.days[0]
    return votes, latest


def _settle_ambiguous(candidates: list[Candidate], found, day_first: bool | None, sure: bool) -> None:
    """Choose the reading of each ambiguous numeric date (``01/10/2008``) in place.

    A reading another candidate agrees with wins; else the only reading that is not later than
    every unambiguous date the page shows; else the page's order: its language or country
    (``sure``), else how it writes its other dates ("18 January", 18/01 against "January 18",
    01/18), else month first.
    """
    ambiguous = [c for c in candidates if c.alternatives]
    firm = [c for c in candidates if not c.alternatives]
    firm_days = {c.day for c in firm}
    page_votes, latest = _page_dates(found, day_first)
    if not sure:
        ahead = page_votes[True] - page_votes[False]
        if ahead:
            day_first = ahead > 0
    latest = max([day for day in (latest, *firm_days) if day is not None], default=None)
    for candidate in ambiguous:
        readings = (candidate.day, *candidate.alternatives)
        agreeing = [day for day in readings if day in firm_days]
        not_later = [day for day in readings if latest is not None and day <= latest + timedelta(days=1)]
        if agreeing:
            chosen = agreeing[0]
        elif len(not_later) == 1:
            chosen = not_later[0]
        else:
            month_first, day_first_reading = candidate.text_date.readings
            chosen = day_first_reading if day_first else month_first
        if chosen != candidate.day:
            candidate.notes.append("reread")
            candidate.value = candidate.text_date.value(chosen)
            candidate.day = chosen
        candidate.alternatives = ()

