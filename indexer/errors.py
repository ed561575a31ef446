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
    A ``.gz`` file that is not valid gzip data (bad magic, corrupt or truncated stream).
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

REASONS = (
    UNSUPPORTED_TYPE, UNREADABLE, NOT_REGULAR, OUTSIDE_ROOT, TOO_LARGE, BAD_GZIP, TOO_MANY_GZIP_MEMBERS,
    NOT_TEXT, TOO_MANY_TAGS, TIMEOUT, OUT_OF_MEMORY, WORKER_DIED, EMPTY, EXTRACT_ERROR,
)


class PageSkipped(Exception):
    """Raised when a file cannot be turned into an article.

    ``reason`` is a short stable code (``unsupported-type``, ``empty``, ...; see the module
    docstring) that the reindex summary counts by; ``detail`` is for the human reading a report.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail

    def __reduce__(self):  # keep (reason, detail) when pickled across worker processes
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
