"""Small helpers shared by the corpus templates: escaping, dates, slugs (stdlib only)."""

from __future__ import annotations

import html
import re
from datetime import date, datetime, timedelta, timezone

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def esc(text: str) -> str:
    """Text content: escape &, < and > (quotes stay as typed, as on the real pages)."""
    return html.escape(text, quote=False)


def attr(text: str) -> str:
    """An attribute value (double-quoted)."""
    return html.escape(text, quote=True).replace("&#x27;", "'")


def parse_iso(value: str) -> datetime:
    """An ISO 8601 timestamp with an offset, or a bare date (taken as midnight UTC)."""
    if len(value) == 10:
        return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        raise ValueError(f"timestamp without an offset: {value!r}")
    return parsed


def utc(value: str) -> datetime:
    return parse_iso(value).astimezone(timezone.utc)


def _last_sunday(year: int, month: int) -> date:
    day = date(year, month + 1, 1) - timedelta(days=1) if month < 12 else date(year, 12, 31)
    return day - timedelta(days=(day.weekday() - 6) % 7)


def uk_offset(moment: datetime) -> timedelta:
    """UK summer time: +1h from 01:00 GMT on the last Sunday of March to the last Sunday of October."""
    moment = moment.astimezone(timezone.utc)
    start = datetime.combine(_last_sunday(moment.year, 3), datetime.min.time(), timezone.utc) + timedelta(hours=1)
    end = datetime.combine(_last_sunday(moment.year, 10), datetime.min.time(), timezone.utc) + timedelta(hours=1)
    return timedelta(hours=1) if start <= moment < end else timedelta(0)


def long_date(moment: datetime | date) -> str:
    """'12 June 2007'."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year}"


def weekday(moment: datetime | date) -> str:
    return DAYS[moment.weekday()]


def short_date(moment: datetime | date) -> str:
    """'24 Feb 09' as in the BBC related-stories lists."""
    return f"{moment.day:02d} {MONTHS[moment.month - 1][:3]} {moment.year % 100:02d}"


def slug(text: str, sep: str = "-") -> str:
    """'Science & Environment' -> 'science-environment'; 'Asia-Pacific' -> 'asia-pacific'."""
    words = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)*", text.lower())
    return sep.join(words)


def word_count(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)
