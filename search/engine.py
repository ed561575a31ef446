"""The Whoosh engine behind the engine-independent ``SearchRequest``/``SearchResponse``.

Readers are not thread-safe in Whoosh 2.7.4, so every thread keeps its own searcher and
refreshes it to see new commits. Filters (date ranges, regions) are turned into sets of
document numbers once per searcher generation and cached: rebuilding a date-range filter on
every query was measured as the largest share of query time.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterable, Iterator

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.searching import Searcher

from indexer.article import Article
from search import config
from search.highlight import BODY_HIGHLIGHTER, HEADLINE_HIGHLIGHTER, plain_snippet
from search.query import parse_query
from search.request import SearchRequest, Sort
from search.response import Facet, FacetBucket, Hit, SearchResponse
from search.schema import SCHEMA, StoredArticle, document_id, from_stored, region_key, to_document

FACET_FIELDS = ("region", "year")
FILTER_CACHE_SIZE = 256
WRITER_MEMORY_MB = 256


class IndexNotFound(Exception):
    """There is no index at the given path yet: run ``newsearch reindex``."""


def index_exists(path: Path) -> bool:
    return path.is_dir() and whoosh_index.exists_in(str(path))


def create_index(path: Path) -> whoosh_index.Index:
    """A new empty index at ``path`` (the directory is created if needed)."""
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), SCHEMA)


class IndexUpdate:
    """Adds and removes documents in one Whoosh writer; used through ``update_index``."""

    def __init__(self, writer) -> None:
        self._writer = writer
        self.added = 0
        self.removed = 0

    def add(self, article: Article, fingerprint: str = "") -> None:
        """Add or replace the document of ``article.source``."""
        self._writer.update_document(**to_document(article, fingerprint))
        self.added += 1

    def remove(self, source: str) -> None:
        self.removed += self._writer.delete_by_term("id", document_id(source))


@contextmanager
def update_index(path: Path, *, create: bool = False) -> Iterator[IndexUpdate]:
    """A writer that commits when the block succeeds and is cancelled when it raises.

    Whoosh 2.7.4 leaves the index locked after a failed commit unless the writer is
    cancelled, so every exit path releases the lock.
    """
    ix = create_index(path) if create or not index_exists(path) else whoosh_index.open_dir(str(path))
    writer = ix.writer(limitmb=WRITER_MEMORY_MB)
    update = IndexUpdate(writer)
    try:
        yield update
        writer.commit(optimize=False)
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()


def write_index(path: Path, articles: Iterable[Article]) -> None:
    """Build a fresh index of ``articles`` at ``path``."""
    with update_index(path, create=True) as update:
        for article in articles:
            update.add(article)


class _ThreadSearcher:
    """One thread's searcher and the filters computed against it."""

    def __init__(self, searcher: Searcher) -> None:
        self.searcher = searcher
        self.filters: OrderedDict[tuple, frozenset[int]] = OrderedDict()

    def filter_docs(self, key: tuple, make_query) -> frozenset[int]:
        cached = self.filters.get(key)
        if cached is None:
            cached = frozenset(self.searcher.docs_for_query(make_query()))
            self.filters[key] = cached
            if len(self.filters) > FILTER_CACHE_SIZE:
                self.filters.popitem(last=False)
        else:
            self.filters.move_to_end(key)
        return cached


class SearchIndex:
    """A searchable index on disk; safe to share between threads."""

    def __init__(self, ix: whoosh_index.Index, path: Path) -> None:
        self._ix = ix
        self.path = path
        self._local = threading.local()

    @classmethod
    def open(cls, path: Path) -> "SearchIndex":
        """Open the index at ``path``; raises IndexNotFound when there is none."""
        path = Path(path)
        if not index_exists(path):
            raise IndexNotFound(f"no index at {path}; run `newsearch reindex` first")
        return cls(whoosh_index.open_dir(str(path)), path)

    def _searcher(self) -> _ThreadSearcher:
        current: _ThreadSearcher | None = getattr(self._local, "current", None)
        if current is None:
            current = _ThreadSearcher(self._ix.searcher())
        else:
            refreshed = current.searcher.refresh()
            if refreshed is not current.searcher:
                current = _ThreadSearcher(refreshed)
        self._local.current = current
        return current

    def doc_count(self) -> int:
        return self._searcher().searcher.doc_count()

    def article(self, doc_id: str) -> StoredArticle | None:
        """The stored article with this id, or None."""
        stored = self._searcher().searcher.document(id=doc_id)
        return from_stored(stored) if stored else None

    def fingerprints(self) -> dict[str, str]:
        """source → fingerprint of every live document, read from columns (no stored bodies)."""
        reader = self._searcher().searcher.reader()
        sources = reader.column_reader("source")
        prints = reader.column_reader("fingerprint")
        return {sources[n]: prints[n] for n in reader.all_doc_ids()}

    def search(self, request: SearchRequest) -> SearchResponse:
        started = time.perf_counter()
        current = self._searcher()
        searcher = current.searcher
        parsed = parse_query(request.q)
        text_query = parsed.text_query if not parsed.is_empty else wq.Every()
        allowed = self._filter(current, request, parsed.regions)

        results = searcher.search(
            text_query,
            filter=allowed,
            limit=request.page * request.page_size,
            sortedby=_sort_facets(request.sort, browsing=parsed.is_empty),
            groupedby={name: sorting.FieldFacet(name, maptype=sorting.Count) for name in FACET_FIELDS},
            terms=not parsed.is_empty,
        )
        first = (request.page - 1) * request.page_size
        ranked_by_score = request.sort is Sort.RELEVANCE and not parsed.is_empty
        hits = [
            _to_hit(hit, highlight=not parsed.is_empty, score=-hit.score[0] if ranked_by_score else 0.0)
            for hit in results[first:first + request.page_size]
        ]
        facets = [_facet(results, name) for name in FACET_FIELDS]
        return SearchResponse(
            request=request,
            total=len(results),
            hits=hits,
            facets=facets,
            took_ms=(time.perf_counter() - started) * 1000,
        )

    def _filter(self, current: _ThreadSearcher, request: SearchRequest, query_regions: tuple[str, ...]) -> set[int] | None:
        """The documents the filters allow, or None when nothing is filtered."""
        sets: list[frozenset[int]] = []
        if request.date_from or request.date_to:
            start = _naive_utc(request.start_datetime)
            end = _naive_utc(request.end_datetime)
            sets.append(current.filter_docs(("date", start, end), lambda: wq.DateRange("date", start, end)))
        regions = ([region_key(request.region)] if request.region else []) + list(query_regions)
        for key in dict.fromkeys(regions):
            sets.append(current.filter_docs(("region", key), lambda key=key: wq.Term("region_key", key)))
        if not sets:
            return None
        smallest, *others = sorted(sets, key=len)
        return set(smallest).intersection(*others)

    def close(self) -> None:
        self._ix.close()


def _naive_utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment else None


def _sort_facets(sort: Sort, *, browsing: bool) -> sorting.MultiFacet:
    """Relevance, newest or oldest; ties always broken by date (newest first), then id."""
    by_id = sorting.FieldFacet("id")
    if sort is Sort.OLDEST:
        return sorting.MultiFacet([sorting.FieldFacet("date"), by_id])
    newest = sorting.FieldFacet("date", reverse=True)
    if sort is Sort.NEWEST or browsing:
        return sorting.MultiFacet([newest, by_id])
    return sorting.MultiFacet([sorting.ScoreFacet(), newest, by_id])


def _to_hit(hit, *, highlight: bool, score: float) -> Hit:
    """A result; ``score`` comes from the sort key, whose first part is the negated relevance score."""
    stored = from_stored(hit.fields())
    article = stored.article
    snippet = ""
    headline_html = ""
    if highlight:
        snippet = BODY_HIGHLIGHTER.highlight_hit(hit, "body", top=config.SNIPPET_FRAGMENTS)
        headline_html = HEADLINE_HIGHLIGHTER.highlight_hit(hit, "headline")
    return Hit(
        id=stored.id,
        url=article.url,
        source=article.source,
        headline=article.headline,
        date=article.date,
        region=article.region,
        score=float(score),
        snippet_html=snippet or plain_snippet(article.body),
        headline_html=headline_html or plain_snippet(article.headline, limit=len(article.headline)),
    )


def _facet(results, name: str) -> Facet:
    counts = results.groups(name)
    buckets = [FacetBucket(value, count) for value, count in counts.items() if value]
    if name == "year":
        buckets.sort(key=lambda b: b.value, reverse=True)
    else:
        buckets.sort(key=lambda b: (-b.count, b.value.lower()))
    return Facet(name, buckets[: config.FACET_LIMIT])
