"""The article: what extraction produces and what the index stores, one shape for both."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Article:
    """One news article, cleaned of page chrome.

    ``body`` keeps paragraphs (and intertitles) separated by a blank line, so the
    article view can show them and the index can still treat the body as one text.
    ``date`` is timezone-aware UTC, or None when the page states no date.
    """

    headline: str
    body: str
    source: str
    date: datetime | None = None
    region: str = ""
    url: str = ""

    def __post_init__(self) -> None:
        if self.date is not None and self.date.tzinfo is None:
            raise ValueError("Article.date must be timezone-aware")
        if self.date is not None and self.date.utcoffset():
            object.__setattr__(self, "date", self.date.astimezone(timezone.utc))

    @property
    def paragraphs(self) -> list[str]:
        """The body split into its paragraphs."""
        return [p for p in self.body.split(PARAGRAPH_SEPARATOR) if p.strip()]

    def to_json(self) -> dict[str, Any]:
        """The JSON form printed by ``newsearch extract``: ISO 8601 date, all keys present."""
        return {
            "headline": self.headline,
            "date": self.date.isoformat() if self.date else None,
            "region": self.region,
            "url": self.url,
            "source": self.source,
            "body": self.body,
        }


def join_paragraphs(paragraphs: list[str]) -> str:
    """Join cleaned paragraphs into a body, dropping empty ones."""
    return PARAGRAPH_SEPARATOR.join(p.strip() for p in paragraphs if p and p.strip())
