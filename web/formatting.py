"""Template filters: human-readable dates and numbers, safe outbound links."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

from flask import Flask

# Spelled out rather than strftime("%B") so the output does not depend on the process locale.
MONTHS = ("January", "February", "March", "April", "May", "June", "July",
          "August", "September", "October", "November", "December")


def human_date(value: datetime | None) -> str:
    """``10 March 2009, 02:18 UTC``; empty for no date."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}, {value:%H:%M} UTC"


def human_day(value: datetime | None) -> str:
    """``10 March 2009`` (the UTC day); empty for no date."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def iso_date(value: datetime | None) -> str:
    """ISO 8601, for ``<time datetime=...>``."""
    return value.isoformat() if value else ""


def thousands(value: int) -> str:
    return f"{value:,}"


def web_url(value: str | None) -> str:
    """The URL if it is an http(s) link, else empty: crawled URLs never become ``javascript:`` links."""
    if not value:
        return ""
    try:
        scheme = urlsplit(value.strip()).scheme.lower()
    except ValueError:
        return ""
    return value.strip() if scheme in ("http", "https") else ""


def init_app(app: Flask) -> None:
    app.add_template_filter(human_date)
    app.add_template_filter(human_day)
    app.add_template_filter(iso_date)
    app.add_template_filter(thousands)
    app.add_template_filter(web_url)
