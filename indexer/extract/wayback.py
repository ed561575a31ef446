"""Wayback Machine captures: the inserted toolbar, and the original URLs behind archive URLs."""

from __future__ import annotations

import html as html_lib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

_TOOLBAR_BEGIN = "<!-- BEGIN WAYBACK TOOLBAR INSERT -->"
_TOOLBAR_END = "<!-- END WAYBACK TOOLBAR INSERT -->"

# https://web.archive.org/web/20090310071118/http://..., /web/20090310071118im_/http://...,
# //web-beta.archive.org/web/2009*/..., web.archive.org/web/20090310071118id_/...
_ARCHIVE_URL = re.compile(
    r"^(?:(?:https?:)?//)?(?:[a-z0-9-]+\.)*archive\.org(?::\d+)?/web/\d{0,14}\*?(?:[a-z]{2}_)?/+(.+)$"
    r"|^/web/\d{4,14}\*?(?:[a-z]{2}_)?/+(.+)$",
    re.IGNORECASE | re.DOTALL,
)
_SCHEME = re.compile(r"^(https?):/*", re.IGNORECASE)

_TOOLBAR_URL = re.compile(r"""<input\b[^>]*\bid=["']wmtbURL["'][^>]*>""", re.IGNORECASE)
_VALUE = re.compile(r"""\bvalue=["']([^"']+)["']""", re.IGNORECASE)
_WM_INIT = re.compile(r"""__wm\.wombat\(\s*["']([^"']+)["']""")


def is_archive_url(url: str) -> bool:
    return bool(_ARCHIVE_URL.match(url.strip()))


def original_url(url: str) -> str:
    """The URL a Wayback archive URL stands for; other URLs come back unchanged (stripped).

    >>> original_url("https://web-beta.archive.org/web/20090310071118/http://news.bbc.co.uk:80/2/hi/a.stm")
    'http://news.bbc.co.uk/2/hi/a.stm'
    """
    url = url.strip()
    for _ in range(3):  # archive URLs of archive URLs
        match = _ARCHIVE_URL.match(url)
        if not match:
            break
        url = (match.group(1) or match.group(2)).strip()
        scheme = _SCHEME.match(url)
        if scheme:
            url = f"{scheme.group(1).lower()}://{url[scheme.end() :]}"
        elif not url.startswith("//"):
            url = "http://" + url
        else:
            url = "http:" + url
        url = drop_default_port(url)
    return url


def drop_default_port(url: str) -> str:
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    netloc = parts.netloc
    if (parts.scheme == "http" and netloc.endswith(":80")) or (parts.scheme == "https" and netloc.endswith(":443")):
        netloc = netloc.rsplit(":", 1)[0]
        return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return url


def split_toolbar(page: str) -> tuple[str, str]:
    """``(page without the Wayback toolbar insert, the captured URL the toolbar names or "")``."""
    begin = page.find(_TOOLBAR_BEGIN)
    if begin < 0:
        return page, _wombat_url(page)
    end = page.find(_TOOLBAR_END, begin)
    if end < 0:
        return page, _wombat_url(page)
    toolbar = page[begin:end]
    captured = ""
    match = _TOOLBAR_URL.search(toolbar)
    if match:
        value = _VALUE.search(match.group(0))
        if value:
            captured = html_lib.unescape(value.group(1)).strip()
    stripped = page[:begin] + page[end + len(_TOOLBAR_END) :]
    return stripped, captured or _wombat_url(page)


def _wombat_url(page: str) -> str:
    """Newer captures name the original in ``__wm.wombat("http://...", "2019...", ...)``."""
    if "__wm." not in page:
        return ""
    match = _WM_INIT.search(page, 0, 20000)
    return match.group(1) if match else ""


_CAPTURE_STAMP = re.compile(r"/web/((?:19|20)\d{12})")


def capture_time(page: str) -> datetime | None:
    """When a Wayback capture was made (the timestamp in its archive URLs), UTC; None if not a capture."""
    match = _CAPTURE_STAMP.search(page, 0, 400000)
    if not match:
        return None
    try:
        return datetime.strptime(match.group(1), "%Y%m%d%H%M%S").replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True)
class Capture:
    """Where and when a web archive captured a page: ``url`` is the page's own (original) address,
    ``archive_url`` the Wayback Machine's address of the capture when it came from there (else ""),
    ``time`` when it was captured."""

    url: str
    archive_url: str = ""
    time: datetime | None = None


def capture_of(target_uri: str, recorded_at: datetime | None) -> Capture:
    """The capture a WARC record holds, from its target URI and its WARC-Date.

    A record of ``web.archive.org/web/<timestamp>/<original>`` was recorded from the Wayback
    Machine: the page is the original's, and it was captured at the timestamp (the record's
    WARC-Date is only when the Wayback Machine was visited).
    """
    target_uri = target_uri.strip()
    if is_archive_url(target_uri) and not target_uri.startswith("/"):
        return Capture(original_url(target_uri), target_uri, capture_time(target_uri) or recorded_at)
    return Capture(target_uri, "", recorded_at)
