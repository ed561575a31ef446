"""The search response, independent of the engine: what the API serialises and the page renders."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from search.model.article import Article
from search.model.request import SearchRequest


@dataclass(frozen=True)
class ArticleSummary:
    """Enough of an article to link to it: a version of a story, or a related story."""

    id: str
    url: str
    source: str
    headline: str
    date: datetime | None
    region: str

    @classmethod
    def of(cls, doc_id: str, article: Article) -> ArticleSummary:
        return cls(
            id=doc_id,
            url=article.url,
            source=article.source,
            headline=article.headline,
            date=article.date,
            region=article.region,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "headline": self.headline,
            "date": self.date.isoformat() if self.date else None,
            "region": self.region,
        }


@dataclass(frozen=True)
class Hit:
    """One result. ``snippet_html`` is safe HTML: page text escaped, matches wrapped in <mark>."""

    id: str
    url: str
    source: str
    headline: str
    date: datetime | None
    region: str
    score: float
    snippet_html: str
    headline_html: str = ""
    story: str = ""
    versions: list[ArticleSummary] = field(default_factory=list)
    """The other documents of the same story (re-captures, print versions, copies)."""

    @classmethod
    def of(
        cls,
        doc_id: str,
        article: Article,
        *,
        score: float,
        snippet_html: str,
        headline_html: str,
        story: str,
        versions: list[ArticleSummary],
    ) -> Hit:
        """The result for a stored article: its summary's fields (``ArticleSummary.of``) and the search's."""
        return cls(
            **vars(ArticleSummary.of(doc_id, article)),
            score=score,
            snippet_html=snippet_html,
            headline_html=headline_html,
            story=story,
            versions=versions,
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "url": self.url,
            "source": self.source,
            "headline": self.headline,
            "headline_html": self.headline_html,
            "date": self.date.isoformat() if self.date else None,
            "region": self.region,
            "score": round(self.score, 4),
            "snippet": self.snippet_html,
            "story": self.story,
            "versions": [v.to_json() for v in self.versions],
        }


@dataclass(frozen=True)
class FacetBucket:
    value: str
    count: int
    params: dict[str, str] = field(default_factory=dict)
    """The request parameters that filter a search to this bucket."""

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count, "params": self.params}


@dataclass(frozen=True)
class Facet:
    """Counts of the matching stories by one field (``region``, ``year`` or ``month``)."""

    name: str
    buckets: list[FacetBucket]

    def to_json(self) -> list[dict[str, Any]]:
        return [b.to_json() for b in self.buckets]


@dataclass(frozen=True)
class SearchResponse:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: list[Facet] = field(default_factory=list)
    took_ms: float = 0.0
    suggestion: str | None = None
    """A spelling correction of the query, offered when it found few or no results."""
    fallback: str | None = None
    """``"any"`` when no article had all the words and the results are those with any of them."""

    @property
    def pages(self) -> int:
        return math.ceil(self.total / self.request.page_size) if self.total else 0

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "page": self.request.page,
            "page_size": self.request.page_size,
            "pages": self.pages,
            "took_ms": round(self.took_ms, 2),
            "query": self.request.echo(),
            "results": [h.to_json() for h in self.hits],
            "facets": {f.name: f.to_json() for f in self.facets},
            "suggestion": self.suggestion,
            "fallback": self.fallback,
        }
