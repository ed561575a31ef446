"""Why a file did not become an article: one exception, with a short reason code for reports.

Reason codes (stable short strings; the reindex summary counts by them):

``unsupported-type``
    The file name has no supported suffix (see ``indexer.extract.SUPPORTED_SUFFIXES``).
``unreadable``
    The file could not be opened or read (permission denied, gone between the walk and the
    read, a dangling symbolic link, a symbolic link loop, I/O error), or a folder could not
    be listed.  Its previous documents are kept: a passing fault must not empty the index.
``not-regular``
    Not a regular file (a FIFO, socket or device named like a page): reading one can block
    forever.
``outside-root``
    A symbolic link whose target lies outside the corpus root; followed only with
    ``newsearch reindex --follow-links``, so a link cannot publish ``/etc/passwd``.
``too-large``
    The file, or its decompressed content, is bigger than the reading cap
    (``indexer.limits.MAX_PAGE_BYTES``).
``bad-gzip``
    A ``.gz`` file that is not valid gzip data (bad magic, corrupt or truncated stream); in a
    ``.warc.gz``, one record whose gzip member is corrupt or truncated.
``too-many-gzip-members``
    A ``.gz`` file of more concatenated gzip members than ``indexer.limits.MAX_GZIP_MEMBERS``.
``not-text``
    The content is binary (NUL bytes, control characters, a known binary file signature).
``too-many-tags``
    More markup than ``indexer.limits.MAX_PAGE_TAGS``: parsing it would cost seconds and
    hundreds of megabytes, and no news page is like that.
``timeout``
    Extraction took longer than ``indexer.limits.PAGE_TIME_LIMIT_S``; its worker was replaced.
``out-of-memory``
    Extraction needed more memory than a worker may have (``indexer.limits.WORKER_MEMORY_LIMIT``).
``worker-died``
    The worker process extracting the page died (a crash in a C library, killed by the system).
``empty``
    The page yields neither a headline nor a body.
``extract-error``
    An unexpected error inside extraction; ``detail`` holds its ``repr``.

Reasons of web archives (``.warc``, ``.warc.gz``, ``.wacz``; see ``indexer.archives``), whose
records are skipped one by one (the source is ``ARCHIVE#OFFSET``) while the rest of the file is read:

``revisit``
    A ``revisit`` record: the capture was the same as an earlier one, whose record holds the page.
``not-response``
    A record that is not a capture of a page: ``request``, ``metadata``, ``warcinfo``, ``resource``,
    ``conversion`` or ``continuation`` (the detail names which), or a response without HTTP headers.
``not-html``
    A response whose HTTP ``Content-Type`` is not HTML (an image, a stylesheet, a PDF).
``http-status``
    A response whose HTTP status is not 200 (a redirect, a 404, a server error): not the page.
``corrupt-record``
    A record that cannot be parsed (bad WARC headers, a wrong ``Content-Length``) or is cut short;
    reading goes on at the next record found after it.
``bad-archive``
    A whole archive (or a WARC inside a ``.wacz``) that cannot be read as one: a ``.wacz`` that is
    not a zip, a file that holds no WARC record at all.
"""

from __future__ import annotations

from dataclasses import dataclass

UNSUPPORTED_TYPE = "unsupported-type"
UNREADABLE = "unreadable"
NOT_REGULAR = "not-regular"
OUTSIDE_ROOT = "outside-root"
TOO_LARGE = "too-large"
BAD_GZIP = "bad-gzip"
TOO_MANY_GZIP_MEMBERS = "too-many-gzip-members"
NOT_TEXT = "not-text"
TOO_MANY_TAGS = "too-many-tags"
TIMEOUT = "timeout"
OUT_OF_MEMORY = "out-of-memory"
WORKER_DIED = "worker-died"
EMPTY = "empty"
EXTRACT_ERROR = "extract-error"
REVISIT = "revisit"
NOT_RESPONSE = "not-response"
NOT_HTML = "not-html"
HTTP_STATUS = "http-status"
CORRUPT_RECORD = "corrupt-record"
BAD_ARCHIVE = "bad-archive"

REASONS = (
    UNSUPPORTED_TYPE,
    UNREADABLE,
    NOT_REGULAR,
    OUTSIDE_ROOT,
    TOO_LARGE,
    BAD_GZIP,
    TOO_MANY_GZIP_MEMBERS,
    NOT_TEXT,
    TOO_MANY_TAGS,
    TIMEOUT,
    OUT_OF_MEMORY,
    WORKER_DIED,
    EMPTY,
    EXTRACT_ERROR,
    REVISIT,
    NOT_RESPONSE,
    NOT_HTML,
    HTTP_STATUS,
    CORRUPT_RECORD,
    BAD_ARCHIVE,
)
NOT_PAGES = (REVISIT, NOT_RESPONSE, NOT_HTML, HTTP_STATUS)
"""Reasons for archive records that are not pages by nature (an archive is full of them): not faults."""


class PageSkipped(Exception):
    """Raised when a file cannot be turned into an article.

    ``reason`` is a short stable code (``unsupported-type``, ``empty``, ...; see the module
    docstring) that the reindex summary counts by; ``detail`` is for the human reading a report.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    def __reduce__(self) -> tuple[type[PageSkipped], tuple[str, str]]:
        """Keep (reason, detail) when pickled across worker processes."""
        return (type(self), (self.reason, self.detail))


def printable(text: str) -> str:
    """``text`` safe to encode as UTF-8: the undecodable bytes of a file name show as ``\\xNN``.

    Python hands out a name that is not valid UTF-8 with its bad bytes as lone surrogates,
    which no UTF-8 writer (the index, a JSON report, a terminal) accepts.  The escaped form is
    stable from run to run, so the file keeps the same source and document id.
    """
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return text.encode("utf-8", "backslashreplace").decode("utf-8")


@dataclass(frozen=True)
class SkippedFile:
    """A file (or, with ``folder``, a whole folder) left out of a reindex, and why."""

    source: str
    reason: str
    detail: str = ""
    folder: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "source", printable(self.source))
        object.__setattr__(self, "detail", printable(self.detail))

    def to_json(self) -> dict[str, object]:
        return {"source": self.source, "reason": self.reason, "detail": self.detail, "folder": self.folder}
