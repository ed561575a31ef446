"""Why a file did not become an article: one exception, with a short reason code for reports."""


class PageSkipped(Exception):
    """Raised when a file cannot be turned into an article.

    ``reason`` is a short stable code (``unsupported-type``, ``empty-body``, ...)
    that the reindex summary counts by; ``detail`` is for the human reading a report.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
