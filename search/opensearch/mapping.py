"""The index: its analyzers, its fields, and articles to and from its documents.

The text analyzer is the embedded engine's (``search.whoosh.schema.TEXT_ANALYZER``) rebuilt from
OpenSearch's parts, so the two engines find the same documents for the same words: Whoosh's word
pattern (``\\w+(\\.?\\w+)*``, Unicode word characters), lower case, accents folded, Whoosh's stop
words and its minimum token length of 2, then the Porter stemmer. (Lucene's Porter stemmer
implements the algorithm more exactly than Whoosh's: ``planned`` is ``plan`` here and ``plann``
there; 36 of 3,016 words of the sample corpus stem differently, which only changes which
variants of a word meet.) ``tests/opensearch/test_mapping.py`` checks the word lists against Whoosh's.

Fields: ``headline`` and ``body`` are searched (the headline weighs ``HEADLINE_BOOST`` times a body
match, as the embedded engine's field boost does) and stored in ``_source`` with the article;
both are also copied, unstemmed, into ``spell``, the vocabulary of did-you-mean. Keywords serve
filters, facets and grouping: ``region`` as written (facets, display), ``region_key`` (filters),
``year`` and ``month`` (facets), ``story`` (one result per story), ``dup_keys`` (near-duplicate
candidates), ``source``, ``id`` and ``fingerprint``; ``date`` is a date. The mapping is strict: a
field not listed here is an error, not a guess.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from search.model import Article, ArticleSummary, IndexedArticle, StoredArticle, region_key

TEXT_ANALYZER = "newsearch_text"
"""Words as searched: folded, stop words dropped, stemmed."""
FOLD_ANALYZER = "newsearch_fold"
"""Words as written, lower-cased and folded: the spelling vocabulary and the completion of a typed prefix."""
HEADLINE_BOOST = 3.0
"""As the embedded engine's headline field boost (``search.whoosh.schema.HEADLINE_BOOST``)."""
FIELD_BOOSTS = {"headline": HEADLINE_BOOST, "body": 1.0}
WORD_PATTERN = r"\w+(\.?\w+)*"
"""Whoosh's RegexTokenizer pattern: ``U.S.`` and ``3.14`` stay one word, ``e-mail`` is two."""
STOP_WORDS = (
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "by",
    "can",
    "for",
    "from",
    "have",
    "if",
    "in",
    "is",
    "it",
    "may",
    "not",
    "of",
    "on",
    "or",
    "tbd",
    "that",
    "the",
    "this",
    "to",
    "us",
    "we",
    "when",
    "will",
    "with",
    "yet",
    "you",
    "your",
)
"""Whoosh 2.7.4's ``STOP_WORDS``, so a query of the same words drops the same ones on both engines."""
MIN_TOKEN_CHARS = 2
"""Whoosh's StopFilter also drops one-letter tokens."""
KEYWORD_MAX_CHARS = 1024
"""A keyword taken from a page (a region) longer than this is stored but not indexed: Lucene refuses a
term of over 32,766 bytes, and no real region is that long."""

SUMMARY_FIELDS = ("id", "url", "source", "headline", "date", "region")
"""What a version, a related story or a completion needs of a document (no body)."""
ARTICLE_FIELDS = (*SUMMARY_FIELDS, "capture_url", "body", "story")
"""What a result or an article page needs: the sketch and blocking keys stay in the index."""

ANALYSIS: dict[str, Any] = {
    "tokenizer": {
        "newsearch_words": {"type": "pattern", "pattern": WORD_PATTERN, "group": 0, "flags": "UNICODE_CHARACTER_CLASS"},
    },
    "filter": {
        "newsearch_stop": {"type": "stop", "stopwords": list(STOP_WORDS)},
        "newsearch_min_length": {"type": "length", "min": MIN_TOKEN_CHARS},
    },
    "analyzer": {
        TEXT_ANALYZER: {
            "type": "custom",
            "tokenizer": "newsearch_words",
            "filter": ["lowercase", "asciifolding", "newsearch_stop", "newsearch_min_length", "porter_stem"],
        },
        FOLD_ANALYZER: {"type": "custom", "tokenizer": "newsearch_words", "filter": ["lowercase", "asciifolding"]},
    },
}

_TEXT = {"type": "text", "analyzer": TEXT_ANALYZER, "index_options": "offsets", "copy_to": "spell"}
_KEYWORD = {"type": "keyword"}
_STORED_ONLY = {"type": "keyword", "index": False, "doc_values": False}
PROPERTIES: dict[str, Any] = {
    "id": _KEYWORD,
    "source": _KEYWORD,
    "headline": _TEXT,
    "body": _TEXT,
    "spell": {"type": "text", "analyzer": FOLD_ANALYZER, "index_options": "freqs", "norms": False},
    "date": {"type": "date"},
    "region": {"type": "keyword", "ignore_above": KEYWORD_MAX_CHARS},
    "region_key": {"type": "keyword", "ignore_above": KEYWORD_MAX_CHARS},
    "year": _KEYWORD,
    "month": _KEYWORD,
    "url": _STORED_ONLY,
    "capture_url": _STORED_ONLY,
    "fingerprint": _KEYWORD,
    "story": _KEYWORD,
    "dup_keys": _KEYWORD,
    "sketch": _STORED_ONLY,
}
"""``index_options: offsets`` lets the highlighter find matches without analysing the whole body again."""

SCHEMA_VERSION = hashlib.sha1(json.dumps([ANALYSIS, PROPERTIES], sort_keys=True).encode()).hexdigest()[:12]
"""Written into every index's ``_meta``: an unfinished rebuild is resumed only into an index of today's schema."""
META_KEY = "newsearch_schema"


def index_body(shards: int, replicas: int, max_result_window: int) -> dict[str, Any]:
    """The settings and mappings of a new concrete index.

    Refreshes happen only at the writer's checkpoints (``refresh_interval: -1``): as on the
    embedded engine, nothing a reindex writes is searchable before its checkpoint.
    """
    return {
        "settings": {
            "index": {
                "number_of_shards": shards,
                "number_of_replicas": replicas,
                "refresh_interval": "-1",
                "max_result_window": max_result_window,
                "analysis": ANALYSIS,
            }
        },
        "mappings": {"dynamic": "strict", "_meta": {META_KEY: SCHEMA_VERSION}, "properties": PROPERTIES},
    }


def to_source(document: IndexedArticle) -> dict[str, Any]:
    """The indexed document of an article: its fields, and its story and near-duplicate data as the indexer
    found them."""
    article = document.article
    source: dict[str, Any] = {
        "id": document.id,
        "source": article.source,
        "headline": article.headline,
        "body": article.body,
        "region": article.region,
        "url": article.url,
        "fingerprint": document.fingerprint,
        "story": document.story_id,
        "dup_keys": list(document.blocking_keys),
        "sketch": " ".join(f"{h:016x}" for h in document.sketch),
    }
    if article.capture_url:
        source["capture_url"] = article.capture_url
    if article.region:
        source["region_key"] = region_key(article.region)
    if article.date is not None:
        day = article.date.astimezone(UTC)
        source["date"] = day.isoformat()
        source["year"] = f"{day.year:04d}"
        source["month"] = f"{day.year:04d}-{day.month:02d}"
    return source


def sketch_from_source(source: Mapping[str, Any]) -> tuple[int, ...]:
    return tuple(int(part, 16) for part in str(source.get("sketch") or "").split())


def _date(source: Mapping[str, Any]) -> datetime | None:
    text = source.get("date")
    return datetime.fromisoformat(text).astimezone(UTC) if text else None


def from_source(source: Mapping[str, Any]) -> StoredArticle:
    """The stored article of an indexed document."""
    article = Article(
        headline=source.get("headline", ""),
        body=source.get("body", ""),
        source=source["source"],
        date=_date(source),
        region=source.get("region", ""),
        url=source.get("url", ""),
        capture_url=source.get("capture_url", ""),
    )
    return StoredArticle(id=source["id"], article=article, story=source.get("story") or source["id"])


def summary_from_source(source: Mapping[str, Any]) -> ArticleSummary:
    return ArticleSummary(
        id=source["id"],
        url=source.get("url", ""),
        source=source["source"],
        headline=source.get("headline", ""),
        date=_date(source),
        region=source.get("region", ""),
    )
