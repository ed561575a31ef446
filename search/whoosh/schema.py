"""The one schema of the index, and the mapping between articles and stored documents."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from whoosh import analysis, fields
from whoosh.support.charset import accent_map

from search.model import Article, IndexedArticle, StoredArticle, region_key
from search.whoosh.analysed import PreAnalysedText

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
    headline=PreAnalysedText(analyzer=TEXT_ANALYZER, stored=True, field_boost=HEADLINE_BOOST),
    body=PreAnalysedText(analyzer=TEXT_ANALYZER, stored=True),
    date=fields.DATETIME(stored=True, sortable=True),
    region=fields.ID(stored=True, sortable=True),
    region_key=fields.KEYWORD(lowercase=True, commas=True, scorable=False),
    year=fields.ID(sortable=True),
    month=fields.ID(sortable=True),
    url=fields.ID(stored=True),
    capture_url=fields.STORED(),
    fingerprint=fields.ID(stored=True, sortable=True),
    story=fields.ID(stored=True, sortable=True),
    dup_keys=fields.KEYWORD(scorable=False),
    sketch=fields.STORED(),
)
"""headline and body are searched (and may come analysed from the extraction workers, see
search.whoosh.analysed); region is kept as written for display and facets while
region_key (lower-cased) serves filters; year and month are columns for facets; fingerprint
records the file's size and mtime so an incremental reindex can tell what changed; story
groups the versions of one story: the indexer finds it (see indexer.stories) through
dup_keys, the blocking keys, and confirms it with the sketch; the index only stores them."""


def stem_word(word: str) -> str:
    """A word as the text analyzer indexes it (its folded stem), or "" for a stop word."""
    return next((token.text for token in TEXT_ANALYZER(word)), "")


def to_document(document: IndexedArticle) -> dict[str, Any]:
    """The Whoosh document of an article; Whoosh stores naive datetimes, so dates go in as naive UTC."""
    article = document.article
    fields_: dict[str, Any] = {
        "id": document.id,
        "story": document.story_id,
        "sketch": sketch_to_stored(document.sketch),
        "dup_keys": " ".join(document.blocking_keys),
        "source": article.source,
        "headline": article.headline,
        "body": article.body,
        "region": article.region,
        "url": article.url,
        "fingerprint": document.fingerprint,
    }
    if article.capture_url:  # only then: an index made before the field existed still takes other articles
        fields_["capture_url"] = article.capture_url
    if article.region:
        fields_["region_key"] = region_key(article.region)
    if article.date is not None:
        naive_utc = article.date.astimezone(UTC).replace(tzinfo=None)
        fields_["date"] = naive_utc
        fields_["year"] = f"{naive_utc.year:04d}"
        fields_["month"] = f"{naive_utc.year:04d}-{naive_utc.month:02d}"
    return fields_


def sketch_to_stored(hashes: tuple[int, ...]) -> str:
    """A sketch's hashes as the ``sketch`` field stores them (16 hex digits each, space-separated)."""
    return " ".join(f"{h:016x}" for h in hashes)


def sketch_from_stored(text: str) -> tuple[int, ...]:
    return tuple(int(part, 16) for part in text.split())


def from_stored(stored: Mapping[str, Any]) -> StoredArticle:
    """Rebuild the article from a document's stored fields."""
    stored_date: datetime | None = stored.get("date")
    article = Article(
        headline=stored.get("headline", ""),
        body=stored.get("body", ""),
        source=stored["source"],
        date=stored_date.replace(tzinfo=UTC) if stored_date else None,
        region=stored.get("region", ""),
        url=stored.get("url", ""),
        capture_url=stored.get("capture_url", ""),
    )
    return StoredArticle(id=stored["id"], article=article, story=stored.get("story") or stored["id"])
