"""The Whoosh engine behind the engine-independent ``SearchRequest``/``SearchResponse``.

Readers are not thread-safe in Whoosh 2.7.4, so every thread keeps its own searcher and
refreshes it to see new commits. Filters (date ranges, regions) are turned into sets of
document numbers once per searcher generation and cached: rebuilding a date-range filter on
every query was measured as the largest share of query time.
"""

from __future__ import annotations

import os
import threading
import time
from collections import OrderedDict
from datetime import datetime, timezone
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.searching import Searcher

from search import config
from search.highlight import BODY_HIGHLIGHTER, HEADLINE_HIGHLIGHTER, plain_snippet
from search.query import parse_query
from search.request import SearchRequest, Sort
from search.response import Facet, FacetBucket, Hit, SearchResponse
from search.schema import StoredArticle, from_stored, region_key
from search.storage import IndexNotFound, index_exists

FACET_FIELDS = ("region", "year")
FILTER_CACHE_SIZE = 256


class _ThreadSearcher:
    """One thread's searcher, the index generation directory it reads, and its cached filters."""

    def __init__(self, searcher: Searcher, directory: str) -> None:
        self.searcher = searcher
        self.directory = directory
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
    """A searchable index on disk; safe to share between threads.

    ``path`` may be a symlink that a full reindex switches to a new directory; every
    search checks where it points and moves to the new index when it changed.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._directory = ""
        self._ix: whoosh_index.Index | None = None
        self._current_ix()

    @classmethod
    def open(cls, path: Path) -> "SearchIndex":
        """Open the index at ``path``; raises IndexNotFound when there is none."""
        return cls(Path(path))

    def _current_ix(self) -> tuple[whoosh_index.Index, str]:
        directory = os.path.realpath(self.path)
        with self._lock:
            if directory != self._directory or self._ix is None:
                if not index_exists(Path(directory)):
                    raise IndexNotFound(f"no index at {self.path}; run `newsearch reindex` first")
                self._ix = whoosh_index.open_dir(directory)
                self._directory = directory
            return self._ix, self._directory

    def _searcher(self) -> _ThreadSearcher:
        ix, directory = self._current_ix()
        current: _ThreadSearcher | None = getattr(self._local, "current", None)
        if current is None or current.directory != directory:
            current = _ThreadSearcher(ix.searcher(), directory)
        else:
            refreshed = current.searcher.refresh()
            if refreshed is not current.searcher:
                current = _ThreadSearcher(refreshed, directory)
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
        if allowed is not None and not allowed:
            # Whoosh treats an empty filter set as no filter at all.
            return SearchResponse(request=request, total=0, hits=[], facets=[Facet(n, []) for n in FACET_FIELDS],
                                  took_ms=(time.perf_counter() - started) * 1000)

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
        if self._ix is not None:
            self._ix.close()


def _naive_utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment else None


def _sort_facets(sort: Sort, *, browsing: bool) -> sorting.MultiFacet:
    """Relevance, newest or oldest; ties always broken by date (newest first), then id."""
    by_id = sorting.FieldFacet("id")
    if sort is Sort.OLDEST:
        return sorting.MultiFacet([sorting.FieldFacet("date"), by_id])
    # The date column sorts a missing date as the latest; the year column ("" when undated)
    # puts undated articles after every dated one.
    newest = [sorting.FieldFacet("year", reverse=True), sorting.FieldFacet("date", reverse=True)]
    if sort is Sort.NEWEST or browsing:
        return sorting.MultiFacet([*newest, by_id])
    return sorting.MultiFacet([sorting.ScoreFacet(), *newest, by_id])


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
