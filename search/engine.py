"""The Whoosh engine behind the engine-independent ``SearchRequest``/``SearchResponse``.

Readers are not thread-safe in Whoosh 2.7.4, so every thread keeps its own searcher and
refreshes it to see new commits. Filters (date ranges, regions) are turned into sets of
document numbers once per searcher generation and cached: rebuilding a date-range filter on
every query was measured as the largest share of query time.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import OrderedDict
from datetime import datetime, timezone
from datetime import time as time_of_day
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh import sorting
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map

from search import config
from search.highlight import BODY_HIGHLIGHTER, HEADLINE_HIGHLIGHTER, focus, plain_snippet
from search.facets import FACETS, FacetSpec
from search.query import MAX_TERMS, ParsedQuery, parse_query, relax
from search.request import SearchRequest, Sort
from search.response import ArticleSummary, Facet, Hit, SearchResponse
from search.schema import StoredArticle, from_stored, region_key, stem_word
from search.storage import IndexNotFound, index_exists

FILTER_CACHE_SIZE = 256
SUGGEST_BELOW = 3
MAX_SUGGEST_CHARS = 500
MAX_VERSIONS = 10
RELATED_COUNT = 5
COMPLETION_COUNT = 8
RELATED_BODY_TERMS = 20
RELATED_HEADLINE_TERMS = 6

_OPERATORS = {"and", "or", "not", "to"}
_WORD = re.compile(r"\w+")
_SUGGESTABLE_WORD = re.compile(r'(?i:region|date):(?:"[^"]*"|\[[^\]]*\]|\S+)|(?<![\w-])\w+(?![\w:])')


class _ThreadSearcher:
    """One thread's searcher, the index generation directory it reads, and its cached filters."""

    def __init__(self, searcher: Searcher, directory: str) -> None:
        self.searcher = searcher
        self.directory = directory
        self.filters: OrderedDict[tuple, set[int]] = OrderedDict()
        self._story_leaders: frozenset[int] | None = None

    @property
    def story_leaders(self) -> frozenset[int]:
        """One document per story: a dated version if there is one, preferring the one whose id names the story.

        Searches run over these only, so every story is one result and facets count
        stories; the other versions are listed with it.
        """
        if self._story_leaders is None:
            reader = self.searcher.reader()
            stories, ids, years = (reader.column_reader(name) for name in ("story", "id", "year"))
            leaders: dict[str, tuple[tuple[bool, bool], int]] = {}
            for docnum in reader.all_doc_ids():
                story = stories[docnum] or ids[docnum]
                preference = (bool(years[docnum]), ids[docnum] == story)
                if story not in leaders or preference > leaders[story][0]:
                    leaders[story] = (preference, docnum)
            self._story_leaders = frozenset(docnum for _, docnum in leaders.values())
        return self._story_leaders

    def allowed(self, window: tuple[datetime | None, datetime | None] | None, regions: tuple[str, ...]) -> set[int]:
        """The story leaders within the date window and regions, cached per combination."""
        key = (window, regions)
        cached = self.filters.get(key)
        if cached is not None:
            self.filters.move_to_end(key)
            return cached
        queries: list[wq.Query] = [wq.DateRange("date", *window)] if window else []
        queries += [wq.Term("region_key", region) for region in regions]
        allowed = set(self.story_leaders)
        for query in queries:
            allowed.intersection_update(self.searcher.docs_for_query(query))
        self.filters[key] = allowed
        if len(self.filters) > FILTER_CACHE_SIZE:
            self.filters.popitem(last=False)
        return allowed


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
        """Run a search: one result per story, facets, and help when it finds little."""
        started = time.perf_counter()
        current = self._searcher()
        parsed = parse_query(request.q)
        window = _date_window(request, parsed)
        regions = tuple(dict.fromkeys(([region_key(request.region)] if request.region else []) + list(parsed.regions)))
        allowed = self._allowed(current, window, regions)
        text_query = wq.Every() if parsed.is_empty else parsed.text_query

        results = self._run(current.searcher, text_query, allowed, request, parsed.is_empty)
        fallback = None
        if results is not None and len(results) == 0 and (relaxed := relax(parsed.text_query)) is not None:
            results, fallback = self._run(current.searcher, relaxed, allowed, request, False), "any"
        total = len(results) if results is not None else 0
        facets = self._facets(current, results, text_query if fallback is None else relaxed, window, regions, request)
        hits = self._hits(current.searcher, results, request, parsed.is_empty) if results is not None else []
        suggestion = None
        if total < SUGGEST_BELOW and not parsed.is_empty:
            suggestion = self._suggest(current.searcher, request.q)
        return SearchResponse(
            request=request,
            total=total,
            hits=hits,
            facets=facets,
            took_ms=(time.perf_counter() - started) * 1000,
            suggestion=suggestion,
            fallback=fallback,
        )

    def _run(self, searcher: Searcher, text_query: wq.Query, allowed: set[int], request: SearchRequest,
             browsing: bool, *, grouped: tuple[FacetSpec, ...] = FACETS):
        """One sorted, grouped search, or None when the filters allow no document.

        (Whoosh 2.7.4 reads an empty filter set as no filter at all.)
        """
        if not allowed:
            return None
        return searcher.search(
            text_query,
            filter=allowed,
            limit=request.page * request.page_size,
            sortedby=_sort_facets(request.sort, browsing=browsing),
            groupedby={facet.name: sorting.FieldFacet(facet.field, maptype=sorting.Count) for facet in grouped},
            terms=not browsing,
        )

    def _facets(self, current: _ThreadSearcher, results, text_query: wq.Query, window, regions: tuple[str, ...],
                request: SearchRequest) -> list[Facet]:
        """Facet counts; the region facet ignores the region filter, so other regions stay choosable."""
        counts = {facet.name: results.groups(facet.name) if results is not None else {} for facet in FACETS}
        if regions:
            without_regions = self._allowed(current, window, ())
            region_run = self._run(current.searcher, text_query, without_regions,
                                   SearchRequest(page_size=1), browsing=True, grouped=(FACETS[0],))
            counts[FACETS[0].name] = region_run.groups(FACETS[0].name) if region_run is not None else {}
        return [facet.build(counts[facet.name]) for facet in FACETS]

    def _hits(self, searcher: Searcher, results, request: SearchRequest, browsing: bool) -> list[Hit]:
        first = (request.page - 1) * request.page_size
        ranked_by_score = request.sort is Sort.RELEVANCE and not browsing
        return [
            _to_hit(
                hit,
                highlight=not browsing,
                score=-hit.score[0] if ranked_by_score else 0.0,
                versions=self._versions(searcher, hit["story"], hit["id"]),
            )
            for hit in results[first:first + request.page_size]
        ]

    @staticmethod
    def _versions(searcher: Searcher, story: str, shown_id: str) -> list[ArticleSummary]:
        """The story's other documents, oldest first."""
        versions = [
            _summary(searcher.stored_fields(docnum))
            for docnum in searcher.docs_for_query(wq.Term("story", story))
        ]
        versions = [v for v in versions if v.id != shown_id]
        versions.sort(key=lambda v: (v.date is None, v.date or datetime.min.replace(tzinfo=timezone.utc), v.id))
        return versions[:MAX_VERSIONS]

    def related(self, doc_id: str, limit: int = RELATED_COUNT) -> list[ArticleSummary] | None:
        """The stories most like this article (more-like-this on body and headline); None for an unknown id."""
        current = self._searcher()
        searcher = current.searcher
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        weighted_terms = [
            wq.Term(field, text, boost=weight)
            for field, count in (("body", RELATED_BODY_TERMS), ("headline", RELATED_HEADLINE_TERMS))
            for text, weight in searcher.key_terms([docnum], field, numterms=count)
        ]
        if not weighted_terms:
            return []
        story = stored.get("story") or doc_id
        results = searcher.search(
            wq.Or(weighted_terms),
            limit=limit,
            filter=current.allowed(None, ()),
            mask=wq.Term("story", story),
            sortedby=_sort_facets(Sort.RELEVANCE, browsing=False),
        )
        return [_summary(hit.fields()) for hit in results]

    def complete(self, prefix: str, limit: int = COMPLETION_COUNT) -> list[ArticleSummary]:
        """Headlines for search-as-you-type: every typed word, the last one possibly unfinished."""
        words = _WORD.findall(prefix.lower())[:MAX_TERMS]
        if not words:
            return []
        finished = [stem_word(word) for word in words[:-1] if stem_word(word)]
        last = words[-1].translate(accent_map)
        last_matches: wq.Query = wq.Or([wq.Prefix("headline", last), wq.Term("headline", stem_word(last))])
        query = wq.And([*(wq.Term("headline", stem) for stem in finished), last_matches])
        current = self._searcher()
        results = current.searcher.search(query, limit=limit, filter=current.allowed(None, ()),
                                          sortedby=_sort_facets(Sort.RELEVANCE, browsing=False))
        return [_summary(hit.fields()) for hit in results]

    @staticmethod
    def _suggest(searcher: Searcher, q: str) -> str | None:
        """The query with each word unknown to the index replaced by the closest indexed word.

        Whoosh's corrector runs on the stemmed body lexicon (a separate unstemmed spelling
        field doubled indexing time); the suggested stem is shown as a word that an
        article containing it really uses.
        """
        reader = searcher.reader()
        corrector = searcher.corrector("body")
        changed = False

        def correct(match: re.Match[str]) -> str:
            nonlocal changed
            word = match.group(0)
            lowered = word.lower()
            if ":" in word or lowered in _OPERATORS or len(lowered) < 3 or not lowered.isalpha():
                return word
            stem = stem_word(lowered)
            if not stem or ("body", stem) in reader or ("headline", stem) in reader:
                return word
            suggestions = corrector.suggest(stem, limit=1, maxdist=_edit_distance_allowed(stem))
            surface = _surface_form(searcher, suggestions[0]) if suggestions else None
            if not surface or surface == lowered:
                return word
            changed = True
            return surface

        corrected = _SUGGESTABLE_WORD.sub(correct, q[:MAX_SUGGEST_CHARS])
        return corrected if changed else None

    @staticmethod
    def _allowed(current: _ThreadSearcher, window, regions: tuple[str, ...]) -> set[int]:
        """The story leaders that the filters allow (never mutate the cached set)."""
        return set() if window is _EMPTY_WINDOW else current.allowed(window, regions)

    def close(self) -> None:
        if self._ix is not None:
            self._ix.close()


def _naive_utc(moment: datetime | None) -> datetime | None:
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment else None


_EMPTY_WINDOW = object()


def _date_window(request: SearchRequest, parsed: ParsedQuery):
    """The date range of the request's from/to and the query's ``date:`` terms together.

    None when neither limits the date; ``_EMPTY_WINDOW`` when they exclude each other.
    """
    starts = [d for d in (request.date_from, parsed.date_from) if d]
    ends = [d for d in (request.date_to, parsed.date_to) if d]
    if not starts and not ends:
        return None
    first_day = max(starts) if starts else None
    last_day = min(ends) if ends else None
    if first_day and last_day and first_day > last_day:
        return _EMPTY_WINDOW
    start = datetime.combine(first_day, time_of_day.min) if first_day else None
    end = datetime.combine(last_day, time_of_day.max) if last_day else None
    return start, end


def _edit_distance_allowed(word: str) -> int:
    """Longer words can carry more typos before another word is a likelier meaning."""
    return 1 if len(word) < 5 else 2 if len(word) < 8 else 3


def _surface_form(searcher: Searcher, stem: str) -> str | None:
    """A word, as an article writes it, whose stem is ``stem``."""
    for hit in searcher.search(wq.Term("body", stem), limit=1, scored=False):
        for word in _WORD.findall(hit.get("body", "").lower()):
            if stem_word(word) == stem:
                return word
    return None


def _summary(stored: dict) -> ArticleSummary:
    article = from_stored(stored).article
    return ArticleSummary(id=stored["id"], url=article.url, source=article.source, headline=article.headline,
                          date=article.date, region=article.region)


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


def _to_hit(hit, *, highlight: bool, score: float, versions: list[ArticleSummary]) -> Hit:
    """A result; ``score`` comes from the sort key, whose first part is the negated relevance score."""
    stored = from_stored(hit.fields())
    article = stored.article
    snippet = ""
    headline_html = ""
    if highlight:
        snippet = BODY_HIGHLIGHTER.highlight_hit(hit, "body", text=focus(article.body, hit.results.q),
                                                 top=config.SNIPPET_FRAGMENTS)
        headline_html = HEADLINE_HIGHLIGHTER.highlight_hit(hit, "headline")
    return Hit(
        id=stored.id,
        url=article.url,
        source=article.source,
        headline=article.headline,
        date=article.date,
        region=article.region,
        score=float(score),
        story=stored.story,
        versions=versions,
        snippet_html=snippet or plain_snippet(article.body),
        headline_html=headline_html or plain_snippet(article.headline, limit=len(article.headline)),
    )
