"""Dates found in pages, as timezone-aware UTC datetimes.

A date without an offset is taken as UTC (pages rarely say, and the index needs one rule);
an offset or a zone abbreviation the page gives is honoured.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta, timezone

from dateutil import parser as date_parser
from dateutil.tz import gettz

MIN_YEAR = 1990
MAX_YEAR = 2100

_HOUR = 3600
# Zone abbreviations news pages use; ambiguous ones (IST, CST in Asia...) take the common
# English-language reading.
TZINFOS = {
    "UTC": 0, "GMT": 0, "Z": 0, "UT": 0, "WET": 0,
    "BST": _HOUR, "IST": 19800, "CET": _HOUR, "CEST": 2 * _HOUR, "MET": _HOUR, "MEST": 2 * _HOUR,
    "EET": 2 * _HOUR, "EEST": 3 * _HOUR, "MSK": 3 * _HOUR,
    "EST": -5 * _HOUR, "EDT": -4 * _HOUR, "ET": -5 * _HOUR,
    "CST": -6 * _HOUR, "CDT": -5 * _HOUR, "CT": -6 * _HOUR,
    "MST": -7 * _HOUR, "MDT": -6 * _HOUR, "MT": -7 * _HOUR,
    "PST": -8 * _HOUR, "PDT": -7 * _HOUR, "PT": -8 * _HOUR,
    "AKST": -9 * _HOUR, "AKDT": -8 * _HOUR, "HST": -10 * _HOUR,
    "AEST": 10 * _HOUR, "AEDT": 11 * _HOUR, "ACST": 34200, "ACDT": 37800, "AWST": 8 * _HOUR,
    "NZST": 12 * _HOUR, "NZDT": 13 * _HOUR, "JST": 9 * _HOUR, "KST": 9 * _HOUR, "HKT": 8 * _HOUR,
    "SGT": 8 * _HOUR, "UK": 0,
}

def _zone(name: str, hours: int):
    """A named zone (with its daylight saving rules) when the system has it, else a fixed offset."""
    zone = gettz(name)
    return zone if zone is not None else hours * _HOUR


# US "ET", "CT"... follow daylight saving time: 19:10 ET is EDT in October, EST in January.
TZINFOS.update({
    "ET": _zone("America/New_York", -5), "CT": _zone("America/Chicago", -6),
    "MT": _zone("America/Denver", -7), "PT": _zone("America/Los_Angeles", -8),
})

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
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc)


def _offset(text: str | None) -> timezone:
    if not text or text == "Z":
        return timezone.utc
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
            tz = _offset(groups[6]) if len(groups) > 6 else timezone.utc
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
    """Unix timestamps in seconds or milliseconds."""
    number = int(text)
    if len(text) == 13:
        number //= 1000
    elif len(text) != 10:
        return None
    return _plausible(datetime.fromtimestamp(number, tz=timezone.utc))


_URL_DATE = re.compile(
    r"/((?:19|20)\d{2})(?:/[A-Za-z][\w-]{0,30})?[/-]?(0[1-9]|1[0-2])[/-]?(0[1-9]|[12]\d|3[01])(?:/|[-_.]|$)"
)


def date_from_url(url: str) -> datetime | None:
    """The date many sites put in their article paths, midnight UTC.

    ``/2019/05/12/``, ``/20190512/``, ``/2019-05-12-``, and with a section between year and month
    (``/2005/WEATHER/08/28/``).
    """
    match = _URL_DATE.search(url or "")
    if not match:
        return None
    try:
        return _plausible(datetime(int(match.group(1)), int(match.group(2)), int(match.group(3)),
                                   tzinfo=timezone.utc))
    except ValueError:
        return None
