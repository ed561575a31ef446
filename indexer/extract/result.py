"""What an extractor hands back before it becomes an :class:`search.model.Article`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Extracted:
    """Fields found on a page; ``paragraphs`` are cleaned, in reading order."""

    headline: str = ""
    paragraphs: list[str] = field(default_factory=list)
    date: datetime | None = None
    region: str = ""
    url: str = ""
