"""The search response, independent of the engine: what the API serialises and the page renders."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from search.request import SearchRequest


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
        }


@dataclass(frozen=True)
class FacetBucket:
    value: str
    count: int

    def to_json(self) -> dict[str, Any]:
        return {"value": self.value, "count": self.count}


@dataclass(frozen=True)
class Facet:
    """Counts of the matching documents by one field (``region`` or ``year``)."""

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
        }
