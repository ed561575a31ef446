"""Dates found in pages, as timezone-aware UTC datetimes: date strings (meta tags, JSON-LD,
``<time datetime>``: :func:`parse_date`), dates in URL paths (:func:`date_from_url`), dates
written in running text (:func:`find_text_dates`), and lines that are only a date
(:func:`is_date_line`).

A date without an offset is taken as UTC (pages rarely say, and the index needs one rule);
an offset or a zone abbreviation the page gives is honoured.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any, TypeAlias

from dateutil import parser as date_parser
from dateutil.tz import gettz

from indexer.extract.tunables import DATE_LINE_CHARS

MIN_YEAR = 1990
MAX_YEAR = 2100

_HOUR = 3600

Zone: TypeAlias = tzinfo | int
"""A time zone: a tzinfo, or a fixed offset in seconds east of UTC (as dateutil's ``tzinfos`` takes them)."""

# Zone abbreviations news pages use; ambiguous ones (IST, CST in Asia...) take the common
# English-language reading.
TZINFOS: dict[str, Zone] = {
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "UT": 0,
    "WET": 0,
    "BST": _HOUR,
    "IST": 19800,
    "CET": _HOUR,
    "CEST": 2 * _HOUR,
    "MET": _HOUR,
    "MEST": 2 * _HOUR,
    "EET": 2 * _HOUR,
    "EEST": 3 * _HOUR,
    "MSK": 3 * _HOUR,
    "EST": -5 * _HOUR,
    "EDT": -4 * _HOUR,
    "ET": -5 * _HOUR,
    "CST": -6 * _HOUR,
    "CDT": -5 * _HOUR,
    "CT": -6 * _HOUR,
    "MST": -7 * _HOUR,
    "MDT": -6 * _HOUR,
    "MT": -7 * _HOUR,
    "PST": -8 * _HOUR,
    "PDT": -7 * _HOUR,
    "PT": -8 * _HOUR,
    "AKST": -9 * _HOUR,
    "AKDT": -8 * _HOUR,
    "HST": -10 * _HOUR,
    "AEST": 10 * _HOUR,
    "AEDT": 11 * _HOUR,
    "ACST": 34200,
    "ACDT": 37800,
    "AWST": 8 * _HOUR,
    "NZST": 12 * _HOUR,
    "NZDT": 13 * _HOUR,
    "JST": 9 * _HOUR,
    "KST": 9 * _HOUR,
    "HKT": 8 * _HOUR,
    "SGT": 8 * _HOUR,
    "UK": 0,
}


def _zone(name: str, hours: int) -> Zone:
    """A named zone (with its daylight saving rules) when the system has it, else a fixed offset."""
    zone = gettz(name)
    return zone if zone is not None else hours * _HOUR


# US "ET", "CT"... follow daylight saving time: 19:10 ET is EDT in October, EST in January.
TZINFOS.update(
    {
        "ET": _zone("America/New_York", -5),
        "CT": _zone("America/Chicago", -6),
        "MT": _zone("America/Denver", -7),
        "PT": _zone("America/Los_Angeles", -8),
    }
)

_ISO_DATE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2}|[+-]\d{2})?)?\s*$"
)
_SLASH_DATE = re.compile(r"^\s*(\d{4})/(\d{2})/(\d{2})(?:\s+(\d{2}):(\d{2})(?::(\d{2}))?)?\s*$")
_DEFAULT = datetime(2000, 1, 1)


def _plausible(value: datetime | None) -> datetime | None:
    if value is None or not (MIN_YEAR <= value.year <= MAX_YEAR):
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _offset(text: str | None) -> timezone:
    if not text or text == "Z":
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = int(digits[:2]), int(digits[2:4] or 0)
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def parse_date(text: str | None) -> datetime | None:
    """A UTC datetime from a date string (ISO 8601, ``2009/03/10 02:18:37``, free text); None if none.

    >>> parse_date("2009/03/10 02:18:37")
    datetime.datetime(2009, 3, 10, 2, 18, 37, tzinfo=datetime.timezone.utc)
    """
    if not text:
        return None
    text = text.strip()
    if not text or len(text) > 200:
        return None
    try:
        match = _ISO_DATE.match(text) or _SLASH_DATE.match(text)
        if match:
            groups = match.groups()
            year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
            hour, minute = int(groups[3] or 0), int(groups[4] or 0)
            second = int(groups[5] or 0)
            tz = _offset(groups[6]) if len(groups) > 6 else UTC
            return _plausible(datetime(year, month, day, hour, minute, second, tzinfo=tz))
        return _free_text(text)
    except (ValueError, OverflowError, TypeError):
        return None


def _free_text(text: str) -> datetime | None:
    if not any(ch.isdigit() for ch in text):
        return None
    if text.isdigit():
        return _epoch(text)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = date_parser.parse(text, default=_DEFAULT, fuzzy=True, tzinfos=TZINFOS)
        except (ValueError, OverflowError, TypeError, date_parser.ParserError):
            return None
    # "fuzzy" happily makes a date of any number; demand a year in the text.
    if str(value.year) not in text:
        return None
    return _plausible(value)


def _epoch(text: str) -> datetime | None:
    """Unix timestamps in seconds or milliseconds; ``20080115`` (a day, as some metas give it)."""
    if len(text) == 8 and text[:2] in ("19", "20"):
        try:
            return _plausible(datetime(int(text[:4]), int(text[4:6]), int(text[6:]), tzinfo=UTC))
        except ValueError:
            return None
    number = int(text)
    if len(text) == 13:
        number //= 1000
    elif len(text) != 10:
        return None
    return _plausible(datetime.fromtimestamp(number, tz=UTC))


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})(?:/[A-Za-z][\w-]{0,30})?[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_.]|$)"
    r"|[-_]((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:/|[-_.]|$)"
    r"|/((?:19|20)\d{2})/([A-Za-z]{3,9})/(0?[1-9]|[12]\d|3[01])(?:/|[-_.]|$)"
)


def date_from_url(url: str) -> datetime | None:
    """The date many sites put in their article paths, midnight UTC.

    ``/2019/05/12/``, ``/20190512/``, ``/2019-05-12-``, ``-20191115/``, ``/2008/January/10/``, and
    with a section between year and month (``/2005/WEATHER/08/28/``).
    """
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    groups = [group for group in match.groups() if group is not None]
    month = MONTH_NAMES.get(groups[1].lower()) if groups[1].isalpha() else int(groups[1])
    if not month:
        return None
    try:
        return _plausible(datetime(int(groups[0]), month, int(groups[2]), tzinfo=UTC))
    except ValueError:
        return None


_DATE_HINT = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:19|20)\d\d\b|\d{1,2}[:/.]\d{2}",
    re.IGNORECASE,
)
_DATE_LABEL = re.compile(r"^(?:updated|published|posted|last updated|first published)(?: on| at)?:?\s*", re.IGNORECASE)


def is_date_line(paragraph: str) -> bool:
    """A short line that is only a date/time ("Thursday, November 2, 2006", "Updated 10:42 GMT")."""
    if len(paragraph) > DATE_LINE_CHARS or not _DATE_HINT.search(paragraph):
        return False
    words = _DATE_LABEL.sub("", paragraph.strip())
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            date_parser.parse(words, fuzzy=False)
            return True
        except (ValueError, OverflowError, TypeError):
            return False


# -- dates written in a page's text -------------------------------------------------------------

# Month names: English (with the usual abbreviations) and the common Western European and
# Indonesian spellings, lower-case, accents kept.
MONTH_NAMES: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "january jan januar janvier enero gennaio janeiro januari",
        "february feb febr februar février fevrier febrero febbraio fevereiro februari",
        "march mar märz maerz mars marzo março marco maart maret",
        "april apr avril abril aprile",
        "may mai mayo maggio maio mei",
        "june jun juni juin junio giugno junho",
        "july jul juli juillet julio luglio julho",
        "august aug août aout agosto augustus agustus",
        "september sep sept septembre septiembre settembre setembro",
        "october oct oktober octobre octubre ottobre outubro",
        "november nov novembre noviembre novembro",
        "december dec dezember décembre decembre diciembre dicembre dezembro desember",
    ),
    start=1,
):
    for _name in _names.split():
        MONTH_NAMES[_name] = _number
WEEKDAYS: dict[str, int] = {}
for _number, _names in enumerate(
    (
        "monday mon",
        "tuesday tue tues",
        "wednesday wed",
        "thursday thu thur thurs",
        "friday fri",
        "saturday sat",
        "sunday sun",
    )
):
    for _name in _names.split():
        WEEKDAYS[_name] = _number

_MONTH_RE = "|".join(sorted(map(re.escape, MONTH_NAMES), key=len, reverse=True))
_WEEKDAY_RE = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_YEAR = r"(?:19|20)\d\d"
_DAY = r"(?:0?[1-9]|[12]\d|3[01])"
_ORDINAL = r"(?:st|nd|rd|th)?"
_TEXT_DATE = re.compile(
    rf"(?:\b(?P<wd>{_WEEKDAY_RE})\.?,?(?:\s*[|/-])?\s+)?(?:"
    # January 18, 2008 / Jan. 18 2008 / Nov 20 2019
    rf"\b(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>{_DAY}){_ORDINAL},?\s+(?P<y1>{_YEAR})(?!\d)"
    # 18 January 2008 / 1st January, 2008 / 18. November 2019 / 18 de novembro de 2019
    rf"|\b(?P<d2>{_DAY}){_ORDINAL}(?:\.?,?\s*(?:de\s+)?|-)(?P<m2>{_MONTH_RE})(?:\.?,?\s*(?:de\s+)?|-)(?P<y2>{_YEAR})(?!\d)"
    # Sat, 29 Dec 15:58:00 2007 / Sat Dec 29 15:58:00 2007 (the time between: see _TIME_INSIDE)
    rf"|\b(?P<d7>{_DAY})\s+(?P<m7>{_MONTH_RE})\.?\s+(?P<t7>\d\d?:\d\d(?::\d\d)?)\s+(?P<y7>{_YEAR})(?!\d)"
    rf"|\b(?P<m8>{_MONTH_RE})\.?\s+(?P<d8>{_DAY})\s+(?P<t8>\d\d?:\d\d(?::\d\d)?)\s+(?P<y8>{_YEAR})(?!\d)"
    # 2008-01-18 / 2008/01/18 / 2008.01.18 / 2018. 8. 25
    rf"|(?<![\d/.-])(?P<y3>{_YEAR})(?P<s3>[-/.])\s?(?P<m3>0?[1-9]|1[0-2])(?P=s3)\s?(?P<d3>{_DAY})(?![\d/-])"
    # 2019년 4월 2일 / 2019年4月2日
    rf"|(?P<y4>{_YEAR})\s*[년年]\s*(?P<m4>1[0-2]|0?[1-9])\s*[월月]\s*(?P<d4>{_DAY})\s*[일日]"
    # 01/10/2008, 1.10.2008, 01-10-2008, 01/13/08: month and day order decided by the caller
    rf"|(?<![\d/.:-])(?P<a5>\d{{1,2}})(?P<s5>[/.-])(?P<b5>\d{{1,2}})(?P=s5)(?P<y5>{_YEAR})(?![\d/.-]\d)"
    rf"|(?<![\d/.:-])(?P<a6>\d{{1,2}})/(?P<b6>\d{{1,2}})/(?P<y6>\d\d)(?![\d/])"
    r")",
    re.IGNORECASE,
)
_TIME_AFTER = re.compile(
    r"(?:\s*(?:,|;|-|–|\||@|\bat\b|\(|T)?\s*){0,2}"
    r"(?P<h>[01]?\d|2[0-3])[:.h](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?(?!\d)"
    r"\s*(?P<ap>[ap]\.?\s?m\b\.?)?\s*(?P<tz>\(?[A-Z]{2,5}\b\)?|Z\b|[+-][01]\d:?[0-5]\d\b)?",
    re.IGNORECASE,
)
_TIME_BEFORE = re.compile(
    r"(?<!\d)(?P<h>[01]?\d|2[0-3])[:.](?P<mi>[0-5]\d)(?::(?P<s>[0-5]\d))?"
    r"\s*(?P<ap>[ap]\.?\s?m\b\.?)?\s*(?P<tz>[A-Z]{2,5}\b)?\s*[,|-]?\s*$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class TextDate:
    """A date written in a text: where it is, the day(s) it can be, and the time it gives.

    ``days`` holds one day, or two when the text is ambiguous (``01/10/2008``: month first, then
    day first).  ``value(day)`` is the moment in UTC (midnight UTC when no time is given).
    """

    start: int
    end: int
    days: tuple[date, ...]
    time: tuple[int, int, int] | None = None
    tz: Zone | None = None
    weekday: int | None = None  # the weekday the text names, if any
    day_first: bool | None = None  # the order the text shows: "18 January", 18/01 (True), "January 18", 01/18 (False)
    readings: tuple = ()  # an ambiguous numeric date: (month-first day, day-first day)

    @property
    def ambiguous(self) -> bool:
        return len(self.days) > 1

    def value(self, day: date | None = None) -> datetime | None:
        day = day or self.days[0]
        hour, minute, second = self.time or (0, 0, 0)
        moment = datetime(day.year, day.month, day.day, hour, minute, second)
        tz = self.tz
        if tz is None:
            return _plausible(moment)
        if isinstance(tz, int):
            tz = timezone(timedelta(seconds=tz))
        return _plausible(moment.replace(tzinfo=tz))


def _day(year: int, month: int, day: int) -> date | None:
    try:
        value = date(year, month, day)
    except ValueError:
        return None
    return value if MIN_YEAR <= year <= MAX_YEAR else None


def find_text_dates(text: str, day_first: bool | None = None) -> list[TextDate]:
    """The dates written in ``text`` ("Fri, Jan. 18, 2008", "18 January 2008", "2008-01-18",
    "01/10/2008", "2019년 4월 2일"...), in order, with a time that follows or precedes them.

    Numeric day/month dates whose two numbers could be either are ambiguous: both readings are
    kept, the preferred one first (``day_first``: True day first, False month first, None month
    first, the US order, when the page gives no hint).  A named weekday that fits only one
    reading settles it; one that fits no reading drops the date.
    """
    found = []
    for match in _text_date_matches(text):
        groups = match.groupdict()
        days, shows_day_first = _days_written(groups, day_first)
        if not days:
            continue
        readings = (tuple(days) if not day_first else tuple(reversed(days))) if len(days) == 2 else ()
        weekday = None
        if groups["wd"]:
            weekday = WEEKDAYS[groups["wd"].lower()]
            days = [day for day in days if day.weekday() == weekday]
            if not days:
                continue
            if len(days) == 1:
                readings = ()
        clock, tz = _time_of(text, match)
        found.append(TextDate(match.start(), match.end(), tuple(days), clock, tz, weekday, shows_day_first, readings))
    return found


def _days_written(groups: dict[str, Any], day_first: bool | None) -> tuple[list[date], bool | None]:
    """The day(s) a matched date can be (two for an ambiguous numeric one, the preferred first),
    and the order it shows: True day first ("18 January", 18/01), False month first, None either."""
    if groups["y1"]:  # January 18, 2008
        return _named_day(groups["y1"], groups["m1"], groups["d1"]), False
    if groups["y2"]:  # 18 January 2008
        return _named_day(groups["y2"], groups["m2"], groups["d2"]), True
    if groups["y7"]:  # Sat, 29 Dec 15:58:00 2007
        return _named_day(groups["y7"], groups["m7"], groups["d7"]), True
    if groups["y8"]:  # Sat Dec 29 15:58:00 2007
        return _named_day(groups["y8"], groups["m8"], groups["d8"]), False
    if groups["y3"]:  # 2008-01-18
        return _existing(_day(int(groups["y3"]), int(groups["m3"]), int(groups["d3"]))), None
    if groups["y4"]:  # 2019년 4월 2일
        return _existing(_day(int(groups["y4"]), int(groups["m4"]), int(groups["d4"]))), None
    return _numeric_days(groups, day_first)


def _named_day(year: str, month: str, day: str) -> list[date]:
    return _existing(_day(int(year), MONTH_NAMES[month.lower()], int(day)))


def _existing(day: date | None) -> list[date]:
    return [day] if day is not None else []


def _numeric_days(groups: dict[str, Any], day_first: bool | None) -> tuple[list[date], bool | None]:
    """01/10/2008, 1.10.2008, 01/13/08: both readings that are real days, the preferred first."""
    first, second, year = (
        (groups["a5"], groups["b5"], groups["y5"]) if groups["a5"] else (groups["a6"], groups["b6"], groups["y6"])
    )
    year_n = int(year)
    if len(year) == 2:
        year_n += 2000 if year_n < 70 else 1900
    month_first = _day(year_n, int(first), int(second))
    day_first_reading = _day(year_n, int(second), int(first))
    readings = [month_first, day_first_reading]
    if day_first:
        readings.reverse()
    days = [day for day in readings if day is not None]
    if len(days) == 2 and days[0] == days[1]:
        return days[:1], None
    if month_first is None and day_first_reading is not None:
        return days, True  # 13/01/2008 can only be day first
    if day_first_reading is None and month_first is not None:
        return days, False
    return days, None


def _time_of(text: str, match: re.Match[str]) -> tuple[tuple[int, int, int] | None, Zone | None]:
    """The time a matched date gives (between its parts, or next to it) and its zone."""
    inside = match.group("t7") or match.group("t8")
    if inside:
        parts = [int(n) for n in inside.split(":")] + [0]
        return ((parts[0], parts[1], parts[2]) if parts[0] < 24 else None), None
    return _time_near(text, match.start(), match.end())


# Where a date can be: a year, or a numeric date with a two-digit year.  The full pattern only
# runs around these (it is slow on long texts).
_DATE_ANCHOR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)|\d/\d\d?/\d\d(?!\d)")
_BEFORE_ANCHOR = 50
_AFTER_ANCHOR = 12


def _text_date_matches(text: str) -> Iterator[re.Match[str]]:
    windows: list[list[int]] = []
    for anchor in _DATE_ANCHOR.finditer(text):
        lo, hi = max(0, anchor.start() - _BEFORE_ANCHOR), min(len(text), anchor.end() + _AFTER_ANCHOR)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = hi
        else:
            windows.append([lo, hi])
    for lo, hi in windows:
        yield from _TEXT_DATE.finditer(text, lo, hi)


def has_date_anchor(text: str) -> bool:
    """Whether ``text`` may hold a date :func:`find_text_dates` finds (a year, or 01/13/08)."""
    return _DATE_ANCHOR.search(text) is not None


def _time_near(text: str, start: int, end: int) -> tuple[tuple[int, int, int] | None, Zone | None]:
    """The time written right after (or else right before) a date, with its zone if named."""
    match = _TIME_AFTER.match(text, end, min(len(text), end + 40))
    if match is None:
        match = _TIME_BEFORE.search(text, max(0, start - 30), start)
    if match is None:
        return None, None
    hour, minute, second = int(match.group("h")), int(match.group("mi")), int(match.group("s") or 0)
    ampm = (match.group("ap") or "").lower()
    if ampm:
        if hour > 12 or hour == 0:
            return None, None
        if ampm.startswith("p") and hour != 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
    tz: Zone | None = None
    name = (match.group("tz") or "").strip("()").upper()
    if name and name[0] in "+-":
        tz = _offset(name)
    elif name and name in TZINFOS:
        tz = TZINFOS[name]
    return (hour, minute, second), tz
