"""Turning news page files into :class:`search.model.Article` objects.

Public API (safe to use from worker processes: plain top-level functions, picklable arguments)::

    SUPPORTED_SUFFIXES                 # suffixes of the files we read; each also with ".gz"
    is_supported(path) -> bool
    extract_file(path, root) -> Article   # raises only PageSkipped
    extract_html(html, source="") -> Article
    extract_capture(payload, source, target_uri, captured_at, charset) -> Article   # a web archive's record

How a page is read: :mod:`indexer.reading` (gzip, size cap, charset).  ``.txt`` files go through
:mod:`.plaintext`.  An HTML page (:func:`extract_fields`): :mod:`.wayback` cuts out the Wayback
toolbar, :mod:`.dom` parses the page with lxml, :mod:`.metadata` collects what its head says,
then a known template (:mod:`.bbc`) or the generic extractor (:mod:`.generic`) finds headline,
body, date, region and URL (an :class:`~.result.Extracted`).

The generic extractor, module by module:

* the body: :mod:`.content` selects it in steps, :mod:`.survey` (one pass over the elements),
  :mod:`.measure` (text and link lengths, chrome taken out) and :mod:`.scoring` (which elements
  hold the story); :mod:`.render` turns them into clean paragraphs;
* the headline: :mod:`.headline`, with :mod:`.titles` (the page title without the site's name);
* the date: :mod:`.page_dates` gathers candidates from :mod:`.date_markup` (JSON-LD, meta tags,
  ``<time>``) and :mod:`.date_written` (dates written near the article, found with
  :mod:`.date_anchors` and :mod:`.date_lines`), settles day-or-month order with
  :mod:`.date_order` and picks the best-supported day with :mod:`.date_choice`; :mod:`.dates`
  parses date strings and finds dates in text;
* shared by all: :mod:`.text` (text helpers), :mod:`.class_words` (what ``class`` and ``id``
  say), :mod:`.vocabulary` (the word lists) and :mod:`.tunables` (the numbers, each with its
  reason).
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path, PurePath

from lxml import etree

from indexer.errors import EMPTY, EXTRACT_ERROR, OUT_OF_MEMORY, UNSUPPORTED_TYPE, PageSkipped
from indexer.extract import bbc, generic, wayback
from indexer.extract.dom import parse_html
from indexer.extract.metadata import read_metadata
from indexer.extract.plaintext import article_from_text
from indexer.extract.result import Extracted
from indexer.extract.text import clean_text
from search.model import Article, join_paragraphs

__all__ = ["SUPPORTED_SUFFIXES", "PageSkipped", "extract_capture", "extract_file", "extract_html", "is_supported"]

SUPPORTED_SUFFIXES: tuple[str, ...] = (".html", ".htm", ".stm", ".shtml", ".txt")
"""File suffixes we extract (case-insensitive); each is also accepted followed by ``.gz``."""


def is_supported(path: Path | str) -> bool:
    """Whether ``path``'s name ends in a supported suffix, optionally followed by ``.gz``."""
    from indexer.reading import content_suffix

    return content_suffix(PurePath(path)) in SUPPORTED_SUFFIXES


def source_name(path: Path, root: Path) -> str:
    """``path`` relative to ``root``, posix style; the path itself when it is not under ``root``."""
    try:
        return PurePath(path).relative_to(root).as_posix()
    except ValueError:
        return PurePath(path).as_posix()


def extract_file(path: Path, root: Path) -> Article:
    """The article in the file ``path``; ``source`` is ``path`` relative to ``root``.

    Raises :class:`PageSkipped` and nothing else.
    """
    from indexer.errors import printable
    from indexer.limits import defuse_markup
    from indexer.reading import read_page

    try:
        path = Path(path)
        if not is_supported(path):
            raise PageSkipped(UNSUPPORTED_TYPE, printable(path.name))
        source = printable(source_name(path, Path(root)))
        page = read_page(path)
        if page.kind == "txt":
            return article_from_text(page.text, source=source, region=printable(_folder_region(path, Path(root))))
        return _extract_text(defuse_markup(page.text), source)
    except PageSkipped:
        raise
    except MemoryError:
        raise PageSkipped(OUT_OF_MEMORY, "over the worker's memory limit") from None
    except RecursionError as exc:
        raise PageSkipped(EXTRACT_ERROR, repr(exc)[:500]) from None
    except Exception as exc:  # noqa: BLE001 - the contract: nothing but PageSkipped escapes
        raise PageSkipped(EXTRACT_ERROR, repr(exc)[:500]) from None


def _folder_region(path: Path, root: Path) -> str:
    """A ``.txt`` article's region: the name of the folder it is in ("" at the top of ``root``)."""
    parent = path.parent
    try:
        if parent.resolve() == root.resolve():
            return ""
    except OSError:
        pass
    return parent.name


def extract_html(html: bytes | str, source: str = "") -> Article:
    """The article in one HTML page (bytes are decoded as :func:`indexer.reading.decode_html` does).

    Raises :class:`PageSkipped` (``not-text``, ``too-many-tags``, ``empty``, ``out-of-memory``,
    ``extract-error``).
    """
    from indexer.limits import defuse_markup

    try:
        if isinstance(html, (bytes, bytearray)):
            from indexer.reading import check_text, decode_html

            check_text(bytes(html))
            html, _ = decode_html(bytes(html))
        return _extract_text(defuse_markup(html), source)
    except PageSkipped:
        raise
    except MemoryError:
        raise PageSkipped(OUT_OF_MEMORY, "over the worker's memory limit") from None
    except Exception as exc:  # noqa: BLE001
        raise PageSkipped(EXTRACT_ERROR, repr(exc)[:500]) from None


def extract_capture(
    payload: bytes, source: str, target_uri: str = "", captured_at: datetime | None = None, charset: str = ""
) -> Article:
    """The article in a page a web archive captured (a WARC ``response`` record's payload).

    ``target_uri`` is the article's ``url`` (the original's, for a Wayback Machine capture, whose
    address becomes ``capture_url``); the capture time is the date only when the page gives none,
    and bounds the page's dates (a page cannot be written after it was captured); ``charset`` (the
    HTTP header's) decodes the page before its own declarations do. Raises :class:`PageSkipped`
    and nothing else.
    """
    from indexer.limits import defuse_markup
    from indexer.reading import check_text, decode_html

    try:
        check_text(payload)
        text, _ = decode_html(payload, charset)
        return _extract_text(defuse_markup(text), source, wayback.capture_of(target_uri, captured_at))
    except PageSkipped:
        raise
    except MemoryError:
        raise PageSkipped(OUT_OF_MEMORY, "over the worker's memory limit") from None
    except Exception as exc:  # noqa: BLE001 - the contract: nothing but PageSkipped escapes
        raise PageSkipped(EXTRACT_ERROR, repr(exc)[:500]) from None


def _extract_text(text: str, source: str, capture: wayback.Capture | None = None) -> Article:
    extracted = extract_fields(text, capture)
    headline = clean_text(extracted.headline)
    body = join_paragraphs(extracted.paragraphs)
    if not headline and not body:
        raise PageSkipped(EMPTY, "no headline and no body")
    if capture is None:
        return Article(
            headline=headline,
            body=body,
            source=source,
            date=extracted.date,
            region=clean_text(extracted.region),
            url=extracted.url,
        )
    return Article(
        headline=headline,
        body=body,
        source=source,
        date=extracted.date or capture.time,
        region=clean_text(extracted.region),
        url=capture.url or extracted.url,
        capture_url=capture.archive_url,
    )


def extract_fields(text: str, capture: wayback.Capture | None = None) -> Extracted:
    """Headline, paragraphs, date, region and URL of a decoded HTML page: a known template's
    (:mod:`.bbc`) when it finds the story, else the generic extractor's, with what the template
    found filling in. ``capture`` is the web archive's record of the page: its address resolves
    the page's links and its time bounds the page's dates, as a Wayback toolbar's would."""
    text, captured_url = wayback.split_toolbar(text)
    captured_at = wayback.capture_time(text) if captured_url or "/web/" in text else None
    if capture is not None:
        captured_url = captured_url or capture.url
        captured_at = captured_at or capture.time
    root = _parse(text)
    if root is None:
        return Extracted()
    meta = read_metadata(root, base_url=captured_url, captured_at=captured_at)
    template = bbc.detect(root, meta)
    if not template:
        return generic.extract(root, meta)
    found = bbc.extract(root, meta, template)
    if found.paragraphs:
        return found
    fallback = generic.extract(root, meta)
    fallback.headline = found.headline or fallback.headline
    fallback.date = found.date or fallback.date
    fallback.region = found.region or fallback.region
    fallback.url = found.url or fallback.url
    return fallback


def _parse(text: str) -> etree._Element | None:
    """The page's element tree; None for a page without a document (blank, or only comments)."""
    if not text.strip():
        return None
    try:
        return parse_html(text)
    except Exception as exc:  # lxml: "Document is empty" and friends
        if "empty" in str(exc).lower():
            return None
        raise
