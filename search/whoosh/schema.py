"""The one schema of the index, and the mapping between articles and stored documents."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Mapping

from whoosh import analysis, fields
from whoosh.support.charset import accent_map

from search.duplicates import Sketch
from search.model import Article, StoredArticle, document_id, region_key

TEXT_ANALYZER = (
    analysis.RegexTokenizer()
    | analysis.LowercaseFilter()
    | analysis.CharsetFilter(accent_map)
    | analysis.StopFilter()
    | analysis.StemFilter()
)
"""Lower-cased, accents folded (so "Zurich" finds "Zürich"), stop words dropped, stemmed."""
HEADLINE_BOOST = 3.0

SCHEMA = fields.Schema(
    id=fields.ID(stored=True, unique=True, sortable=True),
    source=fields.ID(stored=True, unique=True, sortable=True),
    headline=fields.TEXT(analyzer=TEXT_ANALYZER, stored=True, field_boost=HEADLINE_BOOST),
    body=fields.TEXT(analyzer=TEXT_ANALYZER, stored=True),
    date=fields.DATETIME(stored=True, sortable=True),
    region=fields.ID(stored=True, sortable=True),
    region_key=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
    year=fields.ID(sortable=True),
    month=fields.ID(sortable=True),
    url=fields.ID(stored=True),
    fingerprint=fields.ID(stored=True, sortable=True),
    story=fields.ID(stored=True, sortable=True),
    dup_keys=fields.KEYWORD(scorable=False),
    sketch=fields.STORED(),
)
"""headline and body are searched; region is kept as written for display and facets while
region_key (lower-cased) serves filters; year and month are columns for facets; fingerprint
records the file's size and mtime so an incremental reindex can tell what changed; story
groups the versions of one story, found through dup_keys and confirmed with the sketch
(see search.duplicates)."""

def stem_word(word: str) -> str:
    """A word as the text analyzer indexes it (its folded stem), or "" for a stop word."""
    return next((token.text for token in TEXT_ANALYZER(word)), "")


def to_document(article: Article, fingerprint: str = "", story: str = "", sketch: Sketch | None = None) -> dict[str, Any]:
    """The Whoosh document for an article; Whoosh stores naive datetimes, so dates go in as naive UTC."""
    doc_id = document_id(article.source)
    sketch = sketch or Sketch(())
    document: dict[str, Any] = {
        "id": doc_id,
        "story": story or doc_id,
        "sketch": sketch.serialize(),
        "dup_keys": " ".join(sketch.blocking_keys()),
        "source": article.source,
        "headline": article.headline,
        "body": article.body,
        "region": article.region,
        "url": article.url,
        "fingerprint": fingerprint,
    }
    if article.region:
        document["region_key"] = region_key(article.region)
    if article.date is not None:
        naive_utc = article.date.astimezone(timezone.utc).replace(tzinfo=None)
        document["date"] = naive_utc
        document["year"] = f"{naive_utc.year:04d}"
        document["month"] = f"{naive_utc.year:04d}-{naive_utc.month:02d}"
    return document


def from_stored(stored: Mapping[str, Any]) -> StoredArticle:
    """Rebuild the article from a document's stored fields."""
    stored_date: datetime | None = stored.get("date")
    article = Article(
        headline=stored.get("headline", ""),
        body=stored.get("body", ""),
        source=stored["source"],
        date=stored_date.replace(tzinfo=timezone.utc) if stored_date else None,
        region=stored.get("region", ""),
        url=stored.get("url", ""),
    )
    return StoredArticle(id=stored["id"], article=article, story=stored.get("story") or stored["id"])
