"""The article: what extraction produces, what an engine stores and what it gives back.

``Article`` is the one shape of an article on both sides of the boundary: the indexer builds
it from a page, an engine stores it, and the web app shows it. ``IndexedArticle`` is what the
indexer hands an engine's writer (the article with its file's fingerprint and its story, found
by the indexer); ``StoredArticle`` is what an engine hands back. Ids and region keys are
derived here, so every engine computes them the same way.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

PARAGRAPH_SEPARATOR = "\n\n"


@dataclass(frozen=True)
class Article:
    """One news article, cleaned of page chrome.

    ``body`` keeps paragraphs (and intertitles) separated by a blank line, so the
    article view can show them and the index can still treat the body as one text.
    ``date`` is timezone-aware UTC, or None when the page states no date.
    ``capture_url`` is the Wayback Machine's address of the capture the article was read from
    (a web archive recorded from ``web.archive.org``), so a reader can see the page as it was;
    ``url`` is then the original address.
    """

    headline: str
    body: str
    source: str
    date: datetime | None = None
    region: str = ""
    url: str = ""
    capture_url: str = ""

    def __post_init__(self) -> None:
        if self.date is not None and self.date.tzinfo is None:
            raise ValueError("Article.date must be timezone-aware")
        if self.date is not None and self.date.utcoffset():
            object.__setattr__(self, "date", self.date.astimezone(UTC))

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
            "capture_url": self.capture_url,
            "body": self.body,
        }


def join_paragraphs(paragraphs: list[str]) -> str:
    """Join cleaned paragraphs into a body, dropping empty ones."""
    return PARAGRAPH_SEPARATOR.join(p.strip() for p in paragraphs if p and p.strip())


def document_id(source: str) -> str:
    """A short stable id derived from the source path, so links survive a full reindex."""
    return hashlib.sha1(source.encode("utf-8")).hexdigest()[:16]


_DOCUMENT_ID = re.compile(r"[0-9a-f]{16}")


def is_document_id(text: str) -> bool:
    """Whether ``text`` has the form of a ``document_id`` (16 lower-case hex digits): anything else,
    however odd, is answered as unknown without reaching the index."""
    return bool(_DOCUMENT_ID.fullmatch(text))


def region_key(region: str) -> str:
    """How regions compare: case and surrounding or repeated spaces do not matter."""
    return " ".join(region.split()).lower()


@dataclass(frozen=True)
class StoredArticle:
    """An article as the index holds it, with its document id."""

    id: str
    article: Article
    story: str = ""


@dataclass(frozen=True)
class IndexedArticle:
    """What the indexer gives an engine's writer: the article, the fingerprint of its file (size and
    modification time, so an incremental reindex can tell what changed), the story it belongs to
    (the id of a near-duplicate's story, or its own id), and the near-duplicate data that later
    documents are compared with: the bottom-k ``sketch`` of its body's shingles and the
    ``blocking_keys`` that find it as a candidate (see ``indexer.stories``). An engine stores
    these as they are and never interprets them. ``analysed`` is what the engine's own analyser
    (``search.document_analyser``) made of the article in an extraction worker, so that the one
    writer only writes; None when there is none, and the writer analyses the article itself."""

    article: Article
    fingerprint: str = ""
    story: str = ""
    sketch: tuple[int, ...] = ()
    blocking_keys: tuple[str, ...] = ()
    analysed: object = None

    @property
    def id(self) -> str:
        return document_id(self.article.source)

    @property
    def story_id(self) -> str:
        """The story, which is the document's own id when it has no near-duplicate."""
        return self.story or self.id


@dataclass(frozen=True)
class StoryCandidate:
    """A stored document that may be a version of a new document's story: what an engine's writer
    answers when the indexer looks up blocking keys."""

    id: str
    story: str
    sketch: tuple[int, ...]
