"""Day first or month first: how to read a numeric date that reads both ways (``01/10/2008``).

A reading another candidate agrees with wins; else the only reading that is not later than
every unambiguous date the page shows; else the page's language or country (``en-GB``,
``.co.uk``, ``.au``, ``.in``, ``de``... day first; ``en-US``, ``.us`` month first); else how the
page writes its other dates ("18 January", 18/01 against "January 18", 01/18); else month first.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from lxml import etree

from indexer.extract.date_choice import Candidate
from indexer.extract.date_lines import text_lines
from indexer.extract.dates import TextDate, find_text_dates, has_date_anchor
from indexer.extract.metadata import PageMetadata
from indexer.extract.survey import Survey
from indexer.extract.tunables import (
    MAX_LINE_CHARS,
)
from indexer.extract.vocabulary import (
    MONTH_FIRST_LANGS,
)

# Page language / country: day-first numeric dates.
_DAY_FIRST_TLDS = re.compile(
    r"\.(?:uk|au|nz|ie|in|za|pk|sg|my|ng|ke|gh|hk|de|fr|it|es|pt|br|nl|be|ch|at|se|no|dk|fi|pl|ru|ua|"
    r"cz|sk|hu|ro|gr|tr|ar|cl|mx|pe|ve|id|vn|il|eg|ma|ae|sa|lk|bd)(?::\d+)?$",
    re.IGNORECASE,
)
_DAY_FIRST_LANG = re.compile(
    r"^(?:en[-_](?:gb|uk|au|nz|ie|in|za|sg|pk|ng|ke|hk|my)|(?!en|zh|ja|ko)[a-z]{2})\b", re.IGNORECASE
)


def day_first_hint(root: etree._Element, meta: PageMetadata, url: str) -> tuple[bool | None, bool]:
    """Whether numeric dates on this page put the day first (True, False, None: no hint), and
    whether the page says so (its language, its country's domain) rather than a guess."""
    lang = (
        root.get("lang")
        or root.get("xml:lang")
        or meta.first("og:locale", "content-language", "language", "dc.language")
        or ""
    ).strip()
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


def _page_dates(found: Survey, day_first: bool | None) -> tuple[dict[bool, int], date | None]:
    """How the dates of the whole page are written (votes for day first), and the latest of them
    (a masthead shows the day the page was served, which no story is later than)."""
    votes = {True: 0, False: 0}
    latest = None
    for line in text_lines(found, 0, len(found.elements)):
        text = line.text
        if len(text) > MAX_LINE_CHARS or not has_date_anchor(text):
            continue
        for found_date in find_text_dates(text, day_first):
            if found_date.day_first is not None:
                votes[found_date.day_first] += 1
            if not found_date.ambiguous and (latest is None or found_date.days[0] > latest):
                latest = found_date.days[0]
    return votes, latest


def settle_ambiguous(candidates: list[Candidate], found: Survey, day_first: bool | None, sure: bool) -> None:
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
        written = candidate.text_date
        assert written is not None  # only a written date reads two ways
        chosen = _reading(candidate, written, firm_days, latest, day_first)
        if chosen != candidate.day:
            candidate.notes.append("reread")
            moment = written.value(chosen)
            assert moment is not None  # a reading is a day between MIN_YEAR and MAX_YEAR
            candidate.value = moment
            candidate.day = chosen
        candidate.alternatives = ()


def _reading(
    candidate: Candidate, written: TextDate, firm_days: set[date], latest: date | None, day_first: bool | None
) -> date:
    """The day an ambiguous date is: the reading another candidate agrees with, else the only
    one not later than the page's latest date, else the one the page's order gives."""
    readings = (candidate.day, *candidate.alternatives)
    agreeing = [day for day in readings if day in firm_days]
    if agreeing:
        return agreeing[0]
    not_later = [day for day in readings if latest is not None and day <= latest + timedelta(days=1)]
    if len(not_later) == 1:
        return not_later[0]
    month_first, day_first_reading = written.readings
    return day_first_reading if day_first else month_first
