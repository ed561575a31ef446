"""Template filters: human-readable dates and numbers, safe outbound links; no control characters in a page."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from flask import Flask
from markupsafe import Markup

# Spelled out rather than strftime("%B") so the output does not depend on the process locale.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def human_date(value: datetime | None) -> str:
    """``10 March 2009, 02:18 UTC``; empty for no date."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}, {value:%H:%M} UTC"


def human_day(value: datetime | None) -> str:
    """``10 March 2009`` (the UTC day); empty for no date."""
    if value is None:
        return ""
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return f"{value.day} {MONTHS[value.month - 1]} {value.year}"


def iso_date(value: datetime | None) -> str:
    """ISO 8601, for ``<time datetime=...>``."""
    return value.isoformat() if value else ""


# Characters that neither XML 1.0 nor HTML may carry, even escaped: C0 controls other than tab, newline and
# carriage return, lone surrogates, and the noncharacters U+FFFE and U+FFFF.
NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def printable(value: str) -> str:
    """The text without the characters of ``NOT_TEXT``, so a page or feed stays well-formed."""
    return NOT_TEXT.sub("", value)


def finalize(value: Any) -> Any:
    """Jinja's last step for every ``{{ value }}``, before escaping: page text (a NUL, an escape character)
    never reaches the HTML. Removing characters from escaped markup cannot make a tag, so safe stays safe."""
    if isinstance(value, Markup):
        return Markup(printable(value))
    return printable(value) if isinstance(value, str) else value


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
    app.jinja_env.finalize = finalize
    app.add_template_filter(human_date)
    app.add_template_filter(human_day)
    app.add_template_filter(iso_date)
    app.add_template_filter(thousands)
    app.add_template_filter(web_url)
