"""Why a file did not become an article: one exception, with a short reason code for reports.

Reason codes (stable short strings; the reindex summary counts by them):

``unsupported-type``
    The file name has no supported suffix (see ``indexer.extract.SUPPORTED_SUFFIXES``).
``unreadable``
    The file could not be opened or read (missing, permission denied, a directory, I/O error).
``too-large``
    The file, or its decompressed content, is bigger than the reading cap
    (``indexer.reading.MAX_PAGE_BYTES``).
``bad-gzip``
    A ``.gz`` file that is not valid gzip data (bad magic, corrupt or truncated stream).
``not-text``
    The content is binary (NUL bytes, control characters, a known binary file signature).
``empty``
    The page yields neither a headline nor a body.
``extract-error``
    An unexpected error inside extraction; ``detail`` holds its ``repr``.
"""

UNSUPPORTED_TYPE = "unsupported-type"
UNREADABLE = "unreadable"
TOO_LARGE = "too-large"
BAD_GZIP = "bad-gzip"
NOT_TEXT = "not-text"
EMPTY = "empty"
EXTRACT_ERROR = "extract-error"

REASONS = (UNSUPPORTED_TYPE, UNREADABLE, TOO_LARGE, BAD_GZIP, NOT_TEXT, EMPTY, EXTRACT_ERROR)


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
