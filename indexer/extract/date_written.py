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

from indexer.extract.class_words import class_words
from indexer.extract.date_anchors import find_anchors, segments
from indexer.extract.date_choice import Candidate
from indexer.extract.date_lines import Line, text_lines
from indexer.extract.dates import find_text_dates, has_date_anchor
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
_DATE_WORD = re.compile(rf"\b(?:(?P<pub>{PUBLISHED_WORDS})|(?P<upd>{UPDATED_WORDS}))(?!.*\b(?:{PUBLISHED_WORDS}|"
                        rf"{UPDATED_WORDS}))", re.IGNORECASE)
_BYLINE_BEFORE = re.compile(r"(?:^|\W)(?:by|von|par|por|di)\s+\S.{0,50}$", re.IGNORECASE)
# Words that make a date something else than the story's: "Since 1st March, 1999", "© 2008".
_NOT_PUBLISHED_BEFORE = re.compile(
    r"\b(?:since|until|till|established|founded|est\.?|copyright|born|died|expires?|valid|from|between|"
    r"deadline|due|ends?|starts?|opens?|closes?|season|term|next|last seen|archive[sd]?)\W{0,6}$|[©]\W*$",
    re.IGNORECASE,
)


def written_candidates(found, selection, headline: str, day_first: bool | None, marked: list) -> list[Candidate]:
    """Dates written near the article (see :func:`segments`), scored by :func:`_score_written`."""
    anchors = find_anchors(found, selection, headline)
    kinds = [(kind, at) for kind, at in (("head", anchors.head), ("start", anchors.start), ("end", anchors.end))
             if at is not None]
    if not kinds:
        return []
    out: list[Candidate] = []
    for lo, hi in segments(anchors, len(found.elements)):
        lines = text_lines(found, lo, hi, marked)
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
