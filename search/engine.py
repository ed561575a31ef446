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
from bisect import bisect_left
from collections import OrderedDict
from datetime import datetime, timezone
from datetime import time as time_of_day
from pathlib import Path
from typing import Iterable

from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Searcher
from whoosh.support.charset import accent_map

from search.highlight import highlight_body, highlight_headline, highlight_terms, plain_snippet
from search.doctable import DocTable
from search.facets import FACETS
from search.query import MAX_TERMS, ParsedQuery, parse_query, relax
from search.request import SearchRequest, Sort
from search.response import ArticleSummary, Hit, SearchResponse
from search.schema import StoredArticle, from_stored, region_key, stem_word
from search.storage import IndexNotFound, index_exists

FILTER_CACHE_SIZE = 256
TERM_CACHE_SIZE = 1024
SUGGEST_BELOW = 3
MAX_SUGGEST_CHARS = 500
MAX_VERSIONS = 10
RELATED_COUNT = 5
COMPLETION_COUNT = 8
TIE_MARGIN = 20
SCORE_EACH_LIMIT = 3_000
RELATED_BODY_TERMS = 20
RELATED_HEADLINE_TERMS = 6

_OPERATORS = {"and", "or", "not", "to"}
_WORD = re.compile(r"\w+")
_SUGGESTABLE_WORD = re.compile(r'(?i:region|date):(?:"[^"]*"|\[[^\]]*\]|\S+)|(?<![\w-])\w+(?![\w:])')


class _ThreadSearcher:
    """One thread's searcher, the index generation directory it reads, its doc table and cached filters."""

    def __init__(self, searcher: Searcher, directory: str) -> None:
        self.searcher = searcher
        self.directory = directory
        self.filters = _LruCache(FILTER_CACHE_SIZE)
        self.terms = _LruCache(TERM_CACHE_SIZE)
        self._table: DocTable | None = None

    @property
    def table(self) -> DocTable:
        if self._table is None:
            self._table = DocTable(self.searcher.reader())
        return self._table

    def allowed(self, window: tuple[datetime | None, datetime | None] | None, regions: tuple[str, ...]) -> set[int]:
        """The story leaders within the date window and regions, cached per combination (never mutate it)."""

        def compute() -> set[int]:
            queries: list[wq.Query] = [wq.DateRange("date", *window)] if window else []
            queries += [wq.Term("region_key", region) for region in regions]
            allowed = set(self.table.leaders)
            for query in queries:
                allowed.intersection_update(self.searcher.docs_for_query(query))
            return allowed

        return self.filters.get((window, regions), compute)

    def matching(self, text_query: wq.Query | None, allowed: set[int]) -> set[int]:
        """The allowed documents that match the words (all allowed ones when browsing)."""
        if text_query is None:
            return allowed
        return allowed.intersection(self.docs(text_query))

    def docs(self, query: wq.Query) -> frozenset[int] | set[int]:
        """The documents matching ``query``, combined with set operations from cached per-term sets.

        Walking Whoosh's union and intersection matchers in Python to list every match was
        the largest cost of a query on a large archive; a word's document set is reused
        by every later query that contains it.
        """
        if isinstance(query, wq.Term):
            return self.terms.get((query.fieldname, query.text),
                                  lambda: frozenset(self.searcher.docs_for_query(query)))
        if isinstance(query, wq.Or):
            return set().union(*(self.docs(part) for part in query.subqueries))
        if isinstance(query, wq.And):
            wanted = [self.docs(part) for part in query.subqueries if not isinstance(part, wq.Not)]
            unwanted = [self.docs(part.query) for part in query.subqueries if isinstance(part, wq.Not)]
            result = set(self.table.live) if not wanted else set(min(wanted, key=len))
            for docs in wanted:
                result.intersection_update(docs)
            for docs in unwanted:
                result.difference_update(docs)
            return result
        if isinstance(query, wq.Not):
            return set(self.table.live).difference(self.docs(query.query))
        if isinstance(query, wq.Every):
            return set(self.table.live)
        if query is wq.NullQuery:
            return set()
        return set(self.searcher.docs_for_query(query))

    def scores(self, query: wq.Query, docnums: Iterable[int]) -> dict[int, float]:
        """The relevance score of each of ``docnums`` that matches ``query``, as Whoosh's collector computes it."""
        wanted = sorted(docnums)
        context = self.searcher.context()
        scores: dict[int, float] = {}
        for leaf, offset in self.searcher.leaf_searchers():
            end = offset + leaf.doc_count_all()
            docs = wanted[bisect_left(wanted, offset):bisect_left(wanted, end)]
            if not docs:
                continue
            matcher = query.matcher(leaf, context)
            for docnum in docs:
                local = docnum - offset
                if not matcher.is_active():
                    break
                if matcher.id() < local:
                    matcher.skip_to(local)
                if matcher.is_active() and matcher.id() == local:
                    scores[docnum] = matcher.score()
        return scores


class _LruCache:
    """A small least-recently-used cache of computed document sets."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._items: OrderedDict = OrderedDict()

    def get(self, key, compute):
        if key in self._items:
            self._items.move_to_end(key)
            return self._items[key]
        value = self._items[key] = compute()
        if len(self._items) > self._size:
            self._items.popitem(last=False)
        return value


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
        text_query = parsed.text_query

        matched = current.matching(text_query, allowed)
        fallback = None
        if not matched and (relaxed := relax(text_query)) is not None:
            relaxed_matches = current.matching(relaxed, allowed)
            if relaxed_matches:
                text_query, matched, fallback = relaxed, relaxed_matches, "any"

        region_scope = current.matching(text_query, self._allowed(current, window, ())) if regions else matched
        facets = [facet.build(current.table.counts(facet.field, region_scope if facet is FACETS[0] else matched))
                  for facet in FACETS]
        hits = self._hits(current, text_query, matched, request)
        suggestion = None
        if len(matched) < SUGGEST_BELOW and not parsed.is_empty:
            suggestion = self._suggest(current.searcher, request.q)
        return SearchResponse(
            request=request,
            total=len(matched),
            hits=hits,
            facets=facets,
            took_ms=(time.perf_counter() - started) * 1000,
            suggestion=suggestion,
            fallback=fallback,
        )

    def _hits(self, current: _ThreadSearcher, text_query: wq.Query | None, matched: set[int],
              request: SearchRequest) -> list[Hit]:
        """The requested page of ``matched``, in the requested order, with snippets and versions.

        Relevance: a small match set is scored document by document; a large one goes
        through Whoosh's top-N collector (with block-quality skipping). Ties in score are
        broken by date, then id. Newest and oldest (and browsing) use the doc table's order.
        """
        if not matched:
            return []
        table = current.table
        first = (request.page - 1) * request.page_size
        wanted = request.page * request.page_size
        if text_query is not None and request.sort is Sort.RELEVANCE:
            if len(matched) <= SCORE_EACH_LIMIT:
                scores = current.scores(text_query, matched)
            else:
                results = current.searcher.search(text_query, filter=matched, limit=wanted + TIE_MARGIN)
                scores = {hit.docnum: hit.score for hit in (results[i] for i in range(results.scored_length()))}
            page = sorted(scores, key=lambda docnum: (-scores[docnum], table.newest_rank[docnum]))[first:wanted]
        else:
            rank = table.oldest_rank if request.sort is Sort.OLDEST else table.newest_rank
            page = table.first_by(rank, matched, wanted)[first:]
            scores = current.scores(text_query, page) if text_query is not None else {}
        terms = {field: highlight_terms(text_query, field) for field in ("headline", "body")} if text_query else None
        return [
            _to_hit(current.searcher.stored_fields(docnum), terms, score=scores.get(docnum, 0.0),
                    versions=self._versions(current.searcher, table, docnum))
            for docnum in page
        ]

    @staticmethod
    def _versions(searcher: Searcher, table: DocTable, docnum: int) -> list[ArticleSummary]:
        """The story's other documents, oldest first."""
        others = sorted(table.versions(docnum), key=table.oldest_rank.__getitem__)[:MAX_VERSIONS]
        return [_summary(searcher.stored_fields(other)) for other in others]

    def versions(self, doc_id: str) -> list[ArticleSummary] | None:
        """The other versions of this article's story, oldest first; None for an unknown id."""
        current = self._searcher()
        docnum = current.searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        return self._versions(current.searcher, current.table, docnum)

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
        table = current.table
        candidates = current.allowed(None, ()) - set(table.story_members.get(story, ()))
        if not candidates:
            return []
        results = searcher.search(wq.Or(weighted_terms), limit=limit + TIE_MARGIN, filter=candidates)
        return [_summary(hit.fields()) for hit in _tie_broken(results, table)[:limit]]

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
        results = current.searcher.search(query, limit=limit + TIE_MARGIN, filter=current.allowed(None, ()))
        return [_summary(hit.fields()) for hit in _tie_broken(results, current.table)[:limit]]

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


def _tie_broken(results, table: DocTable) -> list:
    """Scored hits with equal scores ordered by date (newest first), then id.

    (Iterating Whoosh results directly would count every match again.)
    """
    hits = [results[i] for i in range(results.scored_length())]
    return sorted(hits, key=lambda hit: (-hit.score, table.newest_rank[hit.docnum]))


def _to_hit(stored: dict, terms: dict[str, frozenset[str]] | None, *, score: float,
            versions: list[ArticleSummary]) -> Hit:
    """A result; with the query's ``terms`` per field, the snippet and headline are highlighted."""
    article = from_stored(stored).article
    snippet = headline_html = ""
    if terms:
        snippet = highlight_body(article.body, terms["body"])
        headline_html = highlight_headline(article.headline, terms["headline"])
    return Hit(
        id=stored["id"],
        url=article.url,
        source=article.source,
        headline=article.headline,
        date=article.date,
        region=article.region,
        score=float(score),
        snippet_html=snippet or plain_snippet(article.body),
        headline_html=headline_html or plain_snippet(article.headline, limit=len(article.headline)),
        story=stored.get("story") or stored["id"],
        versions=versions,
    )

