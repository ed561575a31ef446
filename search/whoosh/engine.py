"""The embedded engine: ``WhooshEngine``, the ``search.engine.Engine`` of a Whoosh index in a directory.

Readers are not thread-safe in Whoosh 2.7.4, so every thread keeps its own searcher and
refreshes it to see new commits. Filters (date ranges, regions) are turned into sets of
document numbers once per searcher generation and cached: rebuilding a date-range filter on
every query was measured as the largest share of query time.

Nothing a user types may stall a worker: every query carries a ``Deadline`` through the
loops below (terms, scoring, highlighting, related, completion), did-you-mean is bounded in
words, word length, edit distance and time, and completion expands a prefix to a bounded
number of words. An index directory that disappears under a running server (removed, or a
generation deleted by a rebuild) is reopened, or reported as ``IndexUnavailable``.

Writing (``update``, ``rebuild``, the reindex lock) is ``search.whoosh.storage``'s.
"""

from __future__ import annotations

import heapq
import os
import re
import threading
import time
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, suppress
from datetime import datetime
from datetime import time as time_of_day
from itertools import islice
from pathlib import Path
from typing import TypeVar

from whoosh import collectors
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.searching import Results, Searcher
from whoosh.support.charset import accent_map

from search import config
from search.config import CommitEvery
from search.deadline import Deadline
from search.engine import IndexNotFound, IndexUnavailable
from search.model import (
    FACETS,
    ArticleSummary,
    Hit,
    SearchRequest,
    SearchResponse,
    Sort,
    StoredArticle,
    is_document_id,
    region_key,
)
from search.query import MAX_TERMS, ParsedQuery, parse_query
from search.whoosh.doctable import DocTable
from search.whoosh.highlight import highlight_body, highlight_headline, highlight_terms, plain_snippet
from search.whoosh.schema import from_stored, stem_word
from search.whoosh.storage import IndexUpdate, index_exists, rebuild_index, reindex_lock, update_index
from search.whoosh.translate import text_queries

FILTER_CACHE_SIZE = 256
TERM_CACHE_SIZE = 1024
TIE_MARGIN = 20
SCORE_EACH_LIMIT = 3_000
RELATED_BODY_TERMS = 20
RELATED_HEADLINE_TERMS = 6
RELATED_TEXT_CHARS = 20_000
"""Key terms come from the first 20,000 characters of the article (a long article's opening
names its subject; analysing a page-sized body on every article view would not be bounded)."""
CHECK_EVERY = 256
"""Documents scored or collected between two looks at the deadline (a look costs a clock read)."""

SUGGEST_BELOW = 3
MAX_SUGGEST_CHARS = 500
MAX_SUGGEST_WORDS = 8
"""Did-you-mean corrects at most this many unknown words; the rest stay as typed."""
MAX_SUGGEST_WORD_CHARS = 24
"""Longer 'words' are not corrected: the corrector's automaton grows with the word (a 500-letter
word took 6.8 s), and no misspelling of a real word is that long."""
MAX_EDIT_DISTANCE = 2
"""Whoosh's corrector gets slow past 2 edits, and 3 edits on an 8-letter word is another word."""
SUGGEST_PREFIX = 1
"""Suggestions share the word's first letter: few misspellings change it, and the corrector
then reads only that letter's part of the vocabulary."""
SUGGEST_BUDGET_S = 0.3
"""Did-you-mean is optional: past this share of the query's budget it stops, and the words not
yet looked at stay as typed."""
SURFACE_DOCS = 3
SURFACE_WORDS = 2_000

MIN_PREFIX_CHARS = 2
"""A last word shorter than this is not completed: one letter matches a large part of the vocabulary."""
MAX_PREFIX_TERMS = 50
MAX_PREFIX_SCAN = 5_000
"""A typed prefix stands for its MAX_PREFIX_TERMS most frequent completions among the first
MAX_PREFIX_SCAN indexed words that start with it (in alphabetical order)."""

_OPERATORS = {"and", "or", "not", "to"}
_WORD = re.compile(r"\w+")
_SUGGESTABLE_WORD = re.compile(r'(?i:region|date):(?:"[^"]*"|\[[^\]]*\]|\S+)|(?<![\w-])\w+(?![\w:])')
_INDEX_READ_ERRORS = (OSError, EOFError, whoosh_index.IndexError)
"""What reading an index whose files were removed raises: the directory or a segment file is gone
(OSError), a file ends early (EOFError), or the table of contents is missing (EmptyIndexError)."""
_Result = TypeVar("_Result")
_Generation = tuple[str, int, int]
"""An index directory's real path, device and inode."""


class _DeadlineCollector(collectors.WrappingCollector):
    """Checks the query's deadline while Whoosh collects matches (TimeLimitCollector ignores filter=)."""

    def __init__(self, child: collectors.Collector, deadline: Deadline) -> None:
        super().__init__(child)
        self.deadline = deadline

    def matches(self) -> Iterator[int]:
        for count, sub_docnum in enumerate(self.child.matches()):
            if count % CHECK_EVERY == 0:
                self.deadline.check()
            yield sub_docnum


def _top(searcher: Searcher, query: wq.Query, limit: int, allowed: set[int], deadline: Deadline) -> Results:
    """The ``limit`` best-scored ``allowed`` documents matching ``query``, within the deadline."""
    collector = collectors.FilterCollector(_DeadlineCollector(collectors.TopCollector(limit), deadline),
                                           allow=allowed)
    searcher.search_with_collector(query, collector)
    return collector.results()


class _ThreadSearcher:
    """One thread's searcher, the index generation it reads, its doc table and cached filters."""

    def __init__(self, searcher: Searcher, generation: _Generation) -> None:
        self.searcher = searcher
        self.generation = generation
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

    def matching(self, text_query: wq.Query | None, allowed: set[int], deadline: Deadline) -> set[int]:
        """The allowed documents that match the words (all allowed ones when browsing)."""
        if text_query is None:
            return allowed
        return allowed.intersection(self.docs(text_query, deadline))

    def docs(self, query: wq.Query, deadline: Deadline) -> frozenset[int] | set[int]:
        """The documents matching ``query``, combined with set operations from cached per-term sets.

        Walking Whoosh's union and intersection matchers in Python to list every match was
        the largest cost of a query on a large archive; a word's document set is reused
        by every later query that contains it.
        """
        deadline.check()
        if isinstance(query, wq.Term):
            return self.terms.get((query.fieldname, query.text),
                                  lambda: frozenset(self.searcher.docs_for_query(query)))
        if isinstance(query, wq.Or):
            return set().union(*(self.docs(part, deadline) for part in query.subqueries))
        if isinstance(query, wq.And):
            wanted = [self.docs(part, deadline) for part in query.subqueries if not isinstance(part, wq.Not)]
            unwanted = [self.docs(part.query, deadline) for part in query.subqueries if isinstance(part, wq.Not)]
            result = set(self.table.live) if not wanted else set(min(wanted, key=len))
            for docs in wanted:
                result.intersection_update(docs)
            for docs in unwanted:
                result.difference_update(docs)
            return result
        if isinstance(query, wq.Not):
            return set(self.table.live).difference(self.docs(query.query, deadline))
        if isinstance(query, wq.Every):
            return set(self.table.live)
        if query is wq.NullQuery:
            return set()
        return set(self.searcher.docs_for_query(query))

    def scores(self, query: wq.Query, docnums: Iterable[int], deadline: Deadline) -> dict[int, float]:
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
            for count, docnum in enumerate(docs):
                if count % CHECK_EVERY == 0:
                    deadline.check()
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


class WhooshEngine:
    """A Whoosh index on disk, searched and written; safe to share between threads.

    ``path`` may be a symlink that a full reindex switches to a new directory; every
    search checks where it points (and that it is still the same directory) and moves to
    the new index when it changed. Nothing is read before the first search: without an
    index there it raises ``IndexNotFound``. When the index it reads disappears, a search
    reopens it once and otherwise raises ``IndexUnavailable``; it never fails in another way.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._generation: _Generation | None = None
        self._ix: whoosh_index.Index | None = None

    @property
    def location(self) -> str:
        return str(self.path)

    def exists(self) -> bool:
        return index_exists(self.path)

    def update(self, *, commit_every: CommitEvery | None = config.COMMIT_EVERY) -> AbstractContextManager[IndexUpdate]:
        return update_index(self.path, commit_every=commit_every)

    def rebuild(self, *, commit_every: CommitEvery | None = config.COMMIT_EVERY) -> AbstractContextManager[IndexUpdate]:
        return rebuild_index(self.path, commit_every=commit_every)

    def reindex_lock(self, *, wait: bool = False) -> AbstractContextManager[None]:
        return reindex_lock(self.path, wait=wait)

    def _current_ix(self) -> tuple[whoosh_index.Index, _Generation]:
        """The open index of the directory ``path`` leads to now, reopened when that changed.

        A generation is the directory's real path and its inode: a directory removed and
        built again under the same name is a new generation too.
        """
        directory = os.path.realpath(self.path)
        try:
            status = os.stat(directory)
        except OSError:
            raise self._missing() from None
        generation = (directory, status.st_dev, status.st_ino)
        with self._lock:
            if generation != self._generation or self._ix is None:
                if not index_exists(Path(directory)):
                    raise self._missing()
                self._ix = whoosh_index.open_dir(directory)
                self._generation = generation
            return self._ix, generation

    def _missing(self) -> IndexNotFound:
        if self._generation:
            return IndexUnavailable(f"the index at {self.path} is unavailable (removed, or being rebuilt)")
        return IndexNotFound(f"no index at {self.path}; run `newsearch reindex` first")

    def _searcher(self) -> _ThreadSearcher:
        ix, generation = self._current_ix()
        current: _ThreadSearcher | None = getattr(self._local, "current", None)
        if current is None or current.generation != generation:
            if current is not None:
                _close(current.searcher)
            current = _ThreadSearcher(ix.searcher(), generation)
        else:
            refreshed = current.searcher.refresh()
            if refreshed is not current.searcher:
                current = _ThreadSearcher(refreshed, generation)
        self._local.current = current
        return current

    def _read(self, work: Callable[[_ThreadSearcher], _Result]) -> _Result:
        """``work`` on this thread's searcher; when the index's files vanished under it, once more on a
        freshly opened index, and then IndexUnavailable."""
        for attempt in (1, 2):
            try:
                return work(self._searcher())
            except _INDEX_READ_ERRORS as error:
                self._forget()
                if attempt == 2:
                    raise IndexUnavailable(f"the index at {self.path} cannot be read: {error}") from error
        raise AssertionError("unreachable")

    def _forget(self) -> None:
        """Drop this thread's searcher and the open index, so the next read opens them again."""
        current: _ThreadSearcher | None = getattr(self._local, "current", None)
        self._local.current = None
        if current is not None:
            _close(current.searcher)
        with self._lock:
            self._ix = None

    def doc_count(self) -> int:
        return self._read(lambda current: current.searcher.doc_count())

    def article(self, doc_id: str) -> StoredArticle | None:
        """The stored article with this id, or None (also for a string that cannot be an id)."""
        if not is_document_id(doc_id):
            return None
        stored = self._read(lambda current: current.searcher.document(id=doc_id))
        return from_stored(stored) if stored else None

    def fingerprints(self) -> dict[str, str]:
        """source → fingerprint of every live document, read from columns (no stored bodies)."""
        def read(current: _ThreadSearcher) -> dict[str, str]:
            reader = current.searcher.reader()
            sources = reader.column_reader("source")
            prints = reader.column_reader("fingerprint")
            return {sources[n]: prints[n] for n in reader.all_doc_ids()}

        return self._read(read)

    def search(self, request: SearchRequest) -> SearchResponse:
        """Run a search: one result per story, facets, and help when it finds little.

        Raises SearchTimedOut when the required work takes longer than ``config.QUERY_TIME_BUDGET_S``.
        """
        started = time.perf_counter()
        parsed = parse_query(request.q)
        return self._read(lambda current: self._search(current, request, parsed, started))

    def _search(self, current: _ThreadSearcher, request: SearchRequest, parsed: ParsedQuery,
                started: float) -> SearchResponse:
        deadline = _deadline(current)
        window = _date_window(request, parsed)
        regions = tuple(dict.fromkeys(([region_key(request.region)] if request.region else []) + list(parsed.regions)))
        allowed = self._allowed(current, window, regions)
        queries = text_queries(parsed)
        text_query = queries.strict

        matched = current.matching(text_query, allowed, deadline)
        fallback = None
        if not matched and queries.relaxed is not None:
            relaxed_matches = current.matching(queries.relaxed, allowed, deadline)
            if relaxed_matches:
                text_query, matched, fallback = queries.relaxed, relaxed_matches, "any"

        region_scope = (current.matching(text_query, self._allowed(current, window, ()), deadline)
                        if regions else matched)
        facets = [facet.build(current.table.counts(facet.field, region_scope if facet is FACETS[0] else matched))
                  for facet in FACETS]
        hits = self._hits(current, text_query, matched, request, deadline)
        suggestion = None
        if len(matched) < SUGGEST_BELOW and not parsed.is_empty:
            suggestion = _suggest(current.searcher, request.q, deadline.within(SUGGEST_BUDGET_S))
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
              request: SearchRequest, deadline: Deadline) -> list[Hit]:
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
                scores = current.scores(text_query, matched, deadline)
            else:
                results = _top(current.searcher, text_query, wanted + TIE_MARGIN, matched, deadline)
                scores = {hit.docnum: hit.score for hit in (results[i] for i in range(results.scored_length()))}
            page = sorted(scores, key=lambda docnum: (-scores[docnum], table.newest_rank[docnum]))[first:wanted]
        else:
            rank = table.oldest_rank if request.sort is Sort.OLDEST else table.newest_rank
            page = table.first_by(rank, matched, wanted)[first:]
            scores = current.scores(text_query, page, deadline) if text_query is not None else {}
        terms = {field: highlight_terms(text_query, field) for field in ("headline", "body")} if text_query else None
        hits = []
        for docnum in page:
            deadline.check()
            hits.append(_to_hit(current.searcher.stored_fields(docnum), terms, score=scores.get(docnum, 0.0),
                                versions=self._versions(current.searcher, table, docnum)))
        return hits

    @staticmethod
    def _versions(searcher: Searcher, table: DocTable, docnum: int) -> list[ArticleSummary]:
        """The story's other documents, oldest first."""
        others = sorted(table.versions(docnum), key=table.oldest_rank.__getitem__)[:config.MAX_VERSIONS]
        return [_summary(searcher.stored_fields(other)) for other in others]

    def versions(self, doc_id: str) -> list[ArticleSummary] | None:
        """The other versions of this article's story, oldest first; None for an unknown or malformed id."""
        if not is_document_id(doc_id):
            return None

        def read(current: _ThreadSearcher) -> list[ArticleSummary] | None:
            docnum = current.searcher.document_number(id=doc_id)
            return None if docnum is None else self._versions(current.searcher, current.table, docnum)

        return self._read(read)

    def related(self, doc_id: str, limit: int = config.RELATED_COUNT) -> list[ArticleSummary] | None:
        """The stories most like this article (more-like-this on body and headline); None for an unknown
        or malformed id. Raises SearchTimedOut past the query budget."""
        if not is_document_id(doc_id):
            return None
        return self._read(lambda current: self._related(current, doc_id, limit))

    @staticmethod
    def _related(current: _ThreadSearcher, doc_id: str, limit: int) -> list[ArticleSummary] | None:
        deadline = _deadline(current)
        searcher = current.searcher
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        weighted_terms = [
            wq.Term(field, text, boost=weight)
            for field, count in (("body", RELATED_BODY_TERMS), ("headline", RELATED_HEADLINE_TERMS))
            for text, weight in searcher.key_terms_from_text(field, stored.get(field, "")[:RELATED_TEXT_CHARS],
                                                             numterms=count)
        ]
        if not weighted_terms:
            return []
        deadline.check()
        story = stored.get("story") or doc_id
        table = current.table
        candidates = current.allowed(None, ()) - set(table.story_members.get(story, ()))
        if not candidates:
            return []
        results = _top(searcher, wq.Or(weighted_terms), limit + TIE_MARGIN, candidates, deadline)
        return [_summary(hit.fields()) for hit in _tie_broken(results, table)[:limit]]

    def complete(self, prefix: str, limit: int = config.COMPLETION_COUNT) -> list[ArticleSummary]:
        """Headlines for search-as-you-type: every typed word, the last one possibly unfinished.

        The last word is completed from at most MAX_PREFIX_TERMS indexed words, and only from
        MIN_PREFIX_CHARS letters on (before that it is left out). Raises SearchTimedOut past the
        query budget.
        """
        words = _WORD.findall(prefix.lower())[:MAX_TERMS]
        if not words:
            return []
        return self._read(lambda current: self._complete(current, words, limit))

    @staticmethod
    def _complete(current: _ThreadSearcher, words: list[str], limit: int) -> list[ArticleSummary]:
        deadline = _deadline(current)
        required: list[wq.Query] = [wq.Term("headline", stem) for word in words[:-1] if (stem := stem_word(word))]
        last = words[-1].translate(accent_map)
        if len(last) >= MIN_PREFIX_CHARS:
            completions = _completions(current.searcher, "headline", last)
            required.append(wq.Or([wq.Term("headline", word) for word in completions | {stem_word(last)} if word]))
        if not required:
            return []
        results = _top(current.searcher, wq.And(required), limit + TIE_MARGIN, current.allowed(None, ()), deadline)
        return [_summary(hit.fields()) for hit in _tie_broken(results, current.table)[:limit]]

    @staticmethod
    def _allowed(current: _ThreadSearcher, window, regions: tuple[str, ...]) -> set[int]:
        """The story leaders that the filters allow (never mutate the cached set)."""
        return set() if window is _EMPTY_WINDOW else current.allowed(window, regions)

    def close(self) -> None:
        if self._ix is not None:
            self._ix.close()


def _deadline(current: _ThreadSearcher) -> Deadline:
    """The query's deadline, counted once the generation's doc table is read: reading it after each
    commit is the index's cost, proportional to its size, not the query's."""
    current.table  # noqa: B018 - builds the table when this generation has none yet
    return Deadline(config.QUERY_TIME_BUDGET_S)


def _close(searcher: Searcher) -> None:
    """Close a searcher that is no longer used; one whose files are gone may fail to, which is fine."""
    with suppress(*_INDEX_READ_ERRORS):
        searcher.close()


def _completions(searcher: Searcher, field: str, prefix: str) -> set[str]:
    """The most frequent indexed words of ``field`` that start with ``prefix`` (a bounded number)."""
    reader = searcher.reader()
    from_bytes = reader.schema[field].from_bytes
    found = islice(reader.iter_prefix(field, prefix), MAX_PREFIX_SCAN)
    most_frequent = heapq.nlargest(MAX_PREFIX_TERMS, found, key=lambda item: item[1].doc_frequency())
    return {from_bytes(text) for text, _ in most_frequent}


def _suggest(searcher: Searcher, q: str, budget: Deadline) -> str | None:
    """The query with each word unknown to the index replaced by the closest indexed word.

    Whoosh's corrector runs on the stemmed body lexicon (a separate unstemmed spelling
    field doubled indexing time); the suggested stem is shown as a word that an
    article containing it really uses. Bounded: MAX_SUGGEST_WORDS words of at most
    MAX_SUGGEST_WORD_CHARS letters are corrected, within MAX_EDIT_DISTANCE edits and
    sharing the first SUGGEST_PREFIX letters, until ``budget`` runs out.
    """
    reader = searcher.reader()
    corrector = searcher.corrector("body")
    changed = False
    looked_up = 0

    def correct(match: re.Match[str]) -> str:
        nonlocal changed, looked_up
        word = match.group(0)
        lowered = word.lower()
        if (":" in word or lowered in _OPERATORS or not 3 <= len(lowered) <= MAX_SUGGEST_WORD_CHARS
                or not lowered.isalpha()):
            return word
        stem = stem_word(lowered)
        if not stem or ("body", stem) in reader or ("headline", stem) in reader:
            return word
        if looked_up == MAX_SUGGEST_WORDS or budget.expired():
            return word
        looked_up += 1
        suggestions = corrector.suggest(stem, limit=1, maxdist=_edit_distance_allowed(stem), prefix=SUGGEST_PREFIX)
        surface = _surface_form(searcher, suggestions[0], budget) if suggestions else None
        if not surface or surface == lowered:
            return word
        changed = True
        return surface

    corrected = _SUGGESTABLE_WORD.sub(correct, q[:MAX_SUGGEST_CHARS])
    return corrected if changed else None


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
    return 1 if len(word) < 5 else MAX_EDIT_DISTANCE


def _surface_form(searcher: Searcher, stem: str, budget: Deadline) -> str | None:
    """A word, as an article writes it, whose stem is ``stem``: looked for among the first
    SURFACE_WORDS words of a few articles that contain it, while ``budget`` lasts."""
    start = stem[:2]
    for hit in searcher.search(wq.Term("body", stem), limit=SURFACE_DOCS, scored=False):
        for match in islice(_WORD.finditer(hit.get("body", "")), SURFACE_WORDS):
            word = match.group(0).lower()
            if word.translate(accent_map).startswith(start) and stem_word(word) == stem:
                return word
        if budget.expired():
            break
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

