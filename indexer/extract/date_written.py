"""Publication date candidates from dates written in the text near the article.

The lines (text between block boundaries) around the headline, from before the body's first
paragraph to its third, and just after its last one are searched ("Posted on Fri, Jan. 18, 2008",
"Published: 16 January 2008", "Release: 01/10/2008", "By X | January 18, 2008", "기사입력
2018-08-25", a dateline, a date closing the story).  A written date scores by its context: a
"Posted"/"Published" word or a byline before it, a date class on its element, a place between
the headline and the story, closeness to the headline or the body raise it; an "Updated" word,
the page's header, navigation or other chrome, a list of dates of other days, a sentence around
it, a "since"/"until"/"©" before it lower it.  Dates far from the article are not candidates: a
masthead shows the day the page was served, not the story's; nor are dates in reader comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from lxml import etree

from indexer.extract.class_words import class_words
from indexer.extract.content import Selection
from indexer.extract.date_anchors import Anchors, find_anchors, segments
from indexer.extract.date_choice import Candidate
from indexer.extract.date_lines import Line, text_lines
from indexer.extract.dates import TextDate, find_text_dates, has_date_anchor
from indexer.extract.survey import Survey
from indexer.extract.tunables import (
    BONUS_BYLINE,
    BONUS_DATE_CLASS,
    BONUS_NEAR,
    BONUS_PUBLISHED_WORD,
    BONUS_UNDER_HEADLINE,
    BONUS_WEEKDAY,
    CONTEXT_CHARS,
    DATE_CLASS_DEPTH,
    DATELINE_CHARS,
    DATELINE_DATE_CHARS,
    FAR_CHARS,
    LABEL_LINE_CHARS,
    LINKED_LIST_DAYS,
    LIST_LINES,
    LIST_OTHER_DAYS,
    MAX_LINE_CHARS,
    MIN_SCORE,
    NEAR_CHARS,
    PENALTY_AFTER_STORY,
    PENALTY_CHROME,
    PENALTY_IN_SENTENCE,
    PENALTY_LIST,
    PENALTY_NOT_PUBLISHED,
    PENALTY_PER_FAR_CHARS,
    PENALTY_UPDATED_WORD,
    SCORE_TEXT,
    SENTENCE_WORDS,
    SURROUNDINGS_DEPTH,
)
from indexer.extract.vocabulary import (
    ARTICLE_CLASS_WORDS,
    DATE_CHROME_TAGS,
    DATE_CHROME_WORD_PARTS,
    DATE_CHROME_WORDS,
    DATE_CLASS_WORDS,
    DATE_COMMENT_WORDS,
    NOT_PROSE_WORDS,
    OWN_HEADER_PREFIXES,
    PUBLISHED_WORDS,
    UPDATED_WORDS,
)

# The last "published" or "updated" word in the text before a date (on its line), which tells
# what the date is: "Last updated: 3:51 pm March 25, 2009 Posted: 3:47 pm March 25, 2009".
_DATE_WORD = re.compile(
    rf"\b(?:(?P<pub>{PUBLISHED_WORDS})|(?P<upd>{UPDATED_WORDS}))(?!.*\b(?:{PUBLISHED_WORDS}|"
    rf"{UPDATED_WORDS}))",
    re.IGNORECASE,
)
_BYLINE_BEFORE = re.compile(r"(?:^|\W)(?:by|von|par|por|di)\s+\S.{0,50}$", re.IGNORECASE)
# Words that make a date something else than the story's: "Since 1st March, 1999", "© 2008".
_NOT_PUBLISHED_BEFORE = re.compile(
    r"\b(?:since|until|till|established|founded|est\.?|copyright|born|died|expires?|valid|from|between|"
    r"deadline|due|ends?|starts?|opens?|closes?|season|term|next|last seen|archive[sd]?)\W{0,6}$|[©]\W*$",
    re.IGNORECASE,
)


def written_candidates(
    found: Survey, selection: Selection | None, headline: str, day_first: bool | None, marked: list
) -> list[Candidate]:
    """Dates written near the article (see :func:`segments`), scored by :func:`_score_written`."""
    anchors = find_anchors(found, selection, headline)
    kinds = [
        (kind, at)
        for kind, at in (("head", anchors.head), ("start", anchors.start), ("end", anchors.end))
        if at is not None
    ]
    if not kinds:
        return []
    out: list[Candidate] = []
    for lo, hi in segments(anchors, len(found.elements)):
        lines = text_lines(found, lo, hi, marked)
        spans = _anchor_spans(lines, kinds, anchors, lo, hi) if lines else []
        if spans:
            out += _segment_candidates(lines, spans, anchors, day_first)
    return out


def _anchor_spans(
    lines: list[Line], kinds: list[tuple[str, int]], anchors: Anchors, lo: int, hi: int
) -> list[tuple[str, int, int]]:
    """Where the anchors in elements lo..hi-1 are in the lines' visible text: (kind, start, end)
    of the first line at or after each; the end anchor spans the whole last paragraph."""
    spans = []
    for kind, at in kinds:
        if not lo <= at < hi:
            continue
        line = next((line for line in lines if line.position >= at), None)
        if line is None:
            continue
        finish = line.offset + len(line.text)
        if kind == "end":  # the whole last paragraph: a date closes the story after it
            last = anchors.end_inside or at
            for later in lines:
                if line.position <= later.position <= last:
                    finish = later.offset + len(later.text)
        spans.append((kind, line.offset, finish))
    return spans


def _segment_candidates(
    lines: list[Line], spans: list[tuple[str, int, int]], anchors: Anchors, day_first: bool | None
) -> list[Candidate]:
    """The dates written in one segment's lines that are near enough an anchor, scored."""
    dated = _dates_in(lines, day_first)
    distinct_days = {d.days[0] for _, d in dated}
    out = []
    for index, found_date in dated:
        line = lines[index]
        kind, gap, after = _nearest_anchor(spans, line, found_date)
        if gap > FAR_CHARS:
            continue
        between = (
            anchors.head is not None
            and anchors.lead_end is not None
            and anchors.head < line.position <= anchors.lead_end
        )
        candidate = _score_written(
            lines, index, found_date, kind, gap, after, dated, distinct_days, anchors.around, between
        )
        if candidate is not None:
            out.append(candidate)
    return out


def _dates_in(lines: list[Line], day_first: bool | None) -> list[tuple[int, TextDate]]:
    """(line index, date) of every date written in the lines; a long line only near its start
    (a dateline opening a paragraph)."""
    dated = []
    for index, line in enumerate(lines):
        text = line.text
        if not has_date_anchor(text):
            continue
        if len(text) > MAX_LINE_CHARS:
            text = text[: DATELINE_CHARS + DATELINE_DATE_CHARS]
        dated += [(index, found_date) for found_date in find_text_dates(text, day_first)]
    return dated


def _nearest_anchor(spans: list[tuple[str, int, int]], line: Line, found_date: TextDate) -> tuple[str, int, bool]:
    """The anchor nearest a date: (its kind, the visible characters between them, whether the
    date is after the anchor's start); the first of the nearest."""
    start, end = line.offset + found_date.start, line.offset + found_date.end
    return min(
        (_from_anchor(kind, begin, finish, start, end) for kind, begin, finish in spans), key=lambda nearest: nearest[1]
    )


def _from_anchor(kind: str, begin: int, finish: int, start: int, end: int) -> tuple[str, int, bool]:
    if begin <= start < finish:
        return kind, 0, True
    if start >= finish:
        return kind, start - finish, True
    return kind, begin - end, False


def _context_before(lines: list[Line], index: int, start: int, size: int = CONTEXT_CHARS) -> str:
    text = lines[index].text[:start]
    if len(text) < 3 and index > 0 and len(lines[index - 1].text) <= LABEL_LINE_CHARS:
        text = lines[index - 1].text + " " + text  # "Posted:" on the line before
    return text[-size:]


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-zà-ÿ]{3,}(?![\w'’-])")


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


@dataclass
class _Tally:
    """A written date's score as its evidence is weighed, with notes of what counted (for debugging)."""

    score: float
    notes: list[str]

    def add(self, points: float, note: str) -> None:
        self.score += points
        self.notes.append(note)


def _score_written(
    lines: list[Line],
    index: int,
    found_date: TextDate,
    anchor: str,
    gap: int,
    after: bool,
    dated: list[tuple[int, TextDate]],
    distinct_days: set[date],
    around: set,
    between: bool = False,
) -> Candidate | None:
    """The candidate a written date makes, or None when its evidence is too weak or it is a
    reader comment's."""
    line = lines[index]
    value = found_date.value()
    if value is None:
        return None
    tally = _Tally(SCORE_TEXT, [f"{anchor}{'+' if after else '-'}{gap}"])
    before = _context_before(lines, index, found_date.start)
    word = _DATE_WORD.search(before)
    updated = word is not None and not word.group("pub")
    _weigh_label(tally, before, word)
    if between:
        tally.add(BONUS_UNDER_HEADLINE, "under")
    _weigh_prose(tally, line.text, found_date, labelled=word is not None)
    dateish, chrome, comment, link = _surroundings(line.element_at(found_date.start), around)
    if comment:
        return None
    if dateish:
        tally.add(BONUS_DATE_CLASS, "dateclass")
    if chrome:
        tally.add(-PENALTY_CHROME, "chrome")
    if _in_list(index, found_date, dated, distinct_days, link):
        tally.add(-PENALTY_LIST, "list")
    _weigh_distance(tally, anchor, gap)
    if found_date.weekday is not None:
        tally.score += BONUS_WEEKDAY
    if tally.score < MIN_SCORE:
        return None
    if updated:  # the only date of many stories: kept, below a published one
        tally.score -= PENALTY_UPDATED_WORD
    return Candidate(
        value,
        found_date.days[0],
        tally.score,
        "text",
        tuple(found_date.days[1:]),
        found_date,
        tally.notes,
        timed=found_date.time is not None,
        zoned=found_date.tz is not None,
    )


def _weigh_label(tally: _Tally, before: str, word: re.Match[str] | None) -> None:
    """What the text before a date says it is: published, updated, a byline's, something else's."""
    if word is not None and word.group("pub"):
        tally.add(BONUS_PUBLISHED_WORD, "pubword")
    elif word is not None:
        tally.notes.append("updword")
    elif _BYLINE_BEFORE.search(before):
        tally.add(BONUS_BYLINE, "byline")
    elif _NOT_PUBLISHED_BEFORE.search(before):
        tally.add(-PENALTY_NOT_PUBLISHED, "other")


def _weigh_prose(tally: _Tally, text: str, found_date: TextDate, labelled: bool) -> None:
    """A date inside running text ("the law was passed 45 days after Sept. 11, 2001") or a
    caption is an event's, not the story's; a dateline ("WASHINGTON, Jan. 8, 2008 (AP) -")
    opens a paragraph."""
    if _in_sentence(text[: found_date.start], text[found_date.end : found_date.end + CONTEXT_CHARS], labelled):
        tally.add(-PENALTY_IN_SENTENCE, "sentence")
    if _CAPTION_WORDS.search(text):
        tally.add(-PENALTY_IN_SENTENCE, "caption")


def _in_list(
    index: int, found_date: TextDate, dated: list[tuple[int, TextDate]], distinct_days: set[date], link: bool
) -> bool:
    """Other dates of other days around it: an archive, a list of stories, comments."""
    neighbours = {d.days[0] for i, d in dated if i != index and abs(i - index) <= LIST_LINES}
    neighbours.discard(found_date.days[0])
    return len(neighbours) >= LIST_OTHER_DAYS or (link and len(distinct_days) >= LINKED_LIST_DAYS)


def _weigh_distance(tally: _Tally, anchor: str, gap: int) -> None:
    """Next to the headline or the body's start counts for a date; far from them against it."""
    if gap <= NEAR_CHARS:
        if anchor != "end":  # after the story: a closing byline, or the first of what follows
            tally.add(BONUS_NEAR, "near")
    else:
        tally.score -= PENALTY_PER_FAR_CHARS * (gap - NEAR_CHARS) + (PENALTY_AFTER_STORY if anchor == "end" else 0.0)


def _chrome_word(word: str) -> bool:
    """Compound class words of page chrome: topnav, navlinks, mainmenu, siteheader, footerlinks."""
    if word.startswith(DATE_CHROME_WORD_PARTS) or word.endswith(DATE_CHROME_WORD_PARTS):
        return True
    return word.endswith("header") and not word.startswith(OWN_HEADER_PREFIXES)


def _surroundings(
    element: etree._Element, around: set, depth: int = SURROUNDINGS_DEPTH
) -> tuple[bool, bool, bool, bool]:
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
            if words.isdisjoint(ARTICLE_CLASS_WORDS) and (
                not words.isdisjoint(DATE_CHROME_WORDS) or any(_chrome_word(word) for word in words)
            ):
                chrome = True
        node = node.getparent()
        level += 1
    return dateish, chrome, comment, link
