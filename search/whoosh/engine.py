"""The embedded engine: ``WhooshEngine``, the ``search.engine.Engine`` of a Whoosh index in a directory.

An open index generation (``_Generation``: one directory at one commit) is shared by all the
threads of a process: its ``DocTable`` (numpy columns for filters, facets, date order and
stories) is read once, when the generation is opened, and the document sets of words and
filters are cached once for all threads, within a byte budget. Only Whoosh's readers, which
are not thread-safe in Whoosh 2.7.4, are per thread, all reading the generation's commit.

Matching runs over every live document; the matches are then collapsed to one per story
(``DocTable.representatives``; by relevance the best-scoring version stands for its story), so
a word found only in one version of a story finds the story, and totals and facets count stories.

A generation is opened when it is first needed: by the first search, or, with
``refresh_in_background``, by a thread that reads a new commit or a switched index while the
searches go on being answered from the generation before (a server never makes a query wait
for that), and by ``warm()`` before a server starts listening.

Nothing a user types may stall a worker: every query carries a ``Deadline`` through the
loops below (terms, scoring, highlighting, related, completion), did-you-mean is bounded in
words, word length, edit distance and time, and completion expands a prefix to a bounded
number of words. An index directory that disappears under a running server (removed, or a
generation deleted by a rebuild) is reopened, or reported as ``IndexUnavailable``.

Writing (``update``, ``rebuild``, the reindex lock) is ``search.whoosh.storage``'s.
"""

from __future__ import annotations

import heapq
import logging
import os
import re
import threading
import time
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, suppress
from dataclasses import dataclass
from datetime import datetime
from datetime import time as time_of_day
from enum import Enum
from itertools import islice
from pathlib import Path
from typing import Any, Final, TypeVar

import numpy as np
from whoosh import collectors
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.idsets import DocIdSet
from whoosh.reading import IndexReader
from whoosh.searching import Hit as WhooshHit
from whoosh.searching import Results, Searcher
from whoosh.support.charset import accent_map
from whoosh.util.times import datetime_to_long

from search import config
from search.config import CommitEvery
from search.deadline import Deadline
from search.engine import IndexNotFound, IndexUnavailable, SearchTimedOut
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
from search.whoosh.doctable import Docs, DocTable
from search.whoosh.highlight import highlight_body, highlight_headline, highlight_terms, plain_snippet
from search.whoosh.schema import from_stored, stem_word
from search.whoosh.storage import IndexUpdate, index_exists, rebuild_index, reindex_lock, update_index
from search.whoosh.translate import text_queries

log = logging.getLogger("newsearch.search")

CACHE_BYTES = 64 * 1024 * 1024
"""The document sets of words, phrases and filters one generation keeps for every later query
(a word's set is stored as its document numbers, 4 bytes each; a filter's as one byte per
document), least recently used first out."""
WARM_KEYS = 500
WARM_BUDGET_S = 3.0
"""A new generation read in the background first computes the document sets of the words and filters
that the searches before it used most recently (at most WARM_KEYS, within WARM_BUDGET_S of CPU), so
the first searches after a reindex do not compute them."""
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
_Place = tuple[str, int, int]
"""An index directory's real path, device and inode: a directory removed and built again under the
same name is another place."""


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


class _Allowed(DocIdSet):
    """A document set (``Docs``) as Whoosh's FilterCollector asks it: ``docnum in allowed``."""

    def __init__(self, docs: Docs) -> None:
        self._docs = docs

    def __contains__(self, docnum: int) -> bool:
        return bool(self._docs[docnum])

    def __bool__(self) -> bool:
        return True  # FilterCollector allows everything for a false filter: never give it one

    def __len__(self) -> int:
        return int(np.count_nonzero(self._docs))


def _top(searcher: Searcher, query: wq.Query, limit: int, allowed: Docs, deadline: Deadline) -> Results:
    """The ``limit`` best-scored ``allowed`` documents matching ``query``, within the deadline
    (with Whoosh's block-quality skipping); ``allowed`` has at least one document."""
    collector = collectors.FilterCollector(
        _DeadlineCollector(collectors.TopCollector(limit), deadline), allow=_Allowed(allowed)
    )
    searcher.search_with_collector(query, collector)
    return collector.results()


class _SharedCache:
    """Computed values of one generation for every thread, least recently used out past ``max_bytes``.

    Two threads may compute the same value at once; both get an equal one (the work is pure).
    """

    def __init__(self, max_bytes: int) -> None:
        self._max_bytes = max_bytes
        self._bytes = 0
        self._items: OrderedDict[Any, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def recent_keys(self, count: int) -> list[Any]:
        """The keys of the ``count`` values used most recently, most recent first."""
        with self._lock:
            return list(islice(reversed(self._items), count))

    def get(self, key: Any, compute: Callable[[], np.ndarray]) -> np.ndarray:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        value = compute()
        value.flags.writeable = False  # shared: no caller may change it
        with self._lock:
            if key not in self._items:
                self._items[key] = value
                self._bytes += value.nbytes
                while self._bytes > self._max_bytes and len(self._items) > 1:
                    _, dropped = self._items.popitem(last=False)
                    self._bytes -= dropped.nbytes
        return value


@dataclass(frozen=True)
class _Key:
    """One generation: a place and the number of its commit."""

    place: _Place
    commit: int


class _Generation:
    """One commit of one index directory, opened for searching: what every thread shares.

    Each thread reads it through its own Whoosh searcher of exactly this commit (``searcher()``).
    """

    def __init__(self, key: _Key, ix: whoosh_index.FileIndex) -> None:
        self.key = key
        self.ix = ix
        self._toc = ix._read_toc()
        if self._toc.generation != key.commit:  # committed again meanwhile: this commit is what is read
            self.key = _Key(key.place, self._toc.generation)
        reader = self._reader()
        try:
            self.table = DocTable(reader)
        finally:
            reader.close()
        self.cache = _SharedCache(CACHE_BYTES)
        self._local = threading.local()

    def _reader(self) -> IndexReader:
        toc = self._toc
        return whoosh_index.FileIndex._reader(self.ix.storage, toc.schema, toc.segments, toc.generation)

    def searcher(self) -> Searcher:
        """This thread's searcher of the generation's commit."""
        searcher: Searcher | None = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = Searcher(self._reader(), fromindex=self.ix)
        return searcher

    def close_searcher(self) -> None:
        """Close this thread's searcher, if it has one (it moves on to another generation)."""
        searcher: Searcher | None = getattr(self._local, "searcher", None)
        self._local.searcher = None
        if searcher is not None:
            _close(searcher)

    def warm_like(self, before: _Generation) -> None:
        """Compute the document sets that ``before`` used most recently (within WARM_BUDGET_S), so that
        the searches that move to this generation find them, as they found them in ``before``."""
        deadline = Deadline(WARM_BUDGET_S)
        try:
            for key in before.cache.recent_keys(WARM_KEYS):
                if key[0] == "docs":
                    self.docs(key[1], deadline)
                elif key[0] == "filter":
                    self.allowed(*key[1:])
                deadline.check()
        except SearchTimedOut:
            pass  # what is left is computed by the searches that need it
        finally:
            self.close_searcher()

    # Document sets -----------------------------------------------------------------------------

    def allowed(self, window: tuple[datetime | None, datetime | None] | None, regions: tuple[str, ...]) -> Docs:
        """The live documents within the date window and regions, cached per combination (never change it)."""

        def compute() -> Docs:
            table = self.table
            allowed = table.live.copy() if window is None else table.date_window(*map(_long, window))
            for region in regions:
                allowed &= self.docs(wq.Term("region_key", region), Deadline(config.QUERY_TIME_BUDGET_S))
            return allowed

        return self.cache.get(("filter", window, regions), compute)

    def docs(self, query: wq.Query, deadline: Deadline) -> Docs:
        """The documents matching ``query``, combined from cached per-word (and per-phrase) sets.

        Walking Whoosh's union and intersection matchers in Python to list every match was
        the largest cost of a query on a large archive; a word's document set is reused by
        every later query that contains it, in every thread.
        """
        deadline.check()
        table = self.table
        if isinstance(query, wq.Or):
            result = np.zeros(table.size, dtype=bool)
            for part in query.subqueries:
                result |= self.docs(part, deadline)
            return result
        if isinstance(query, wq.And):
            return self._all_of(query, deadline)
        if isinstance(query, wq.Not):
            return table.live & ~self.docs(query.query, deadline)
        if isinstance(query, wq.Every):
            return table.live.copy()
        if query is wq.NullQuery:
            return np.zeros(table.size, dtype=bool)

        def compute() -> np.ndarray:
            return np.fromiter(self.searcher().docs_for_query(query), dtype=np.int32)

        try:
            docnums = self.cache.get(("docs", query), compute)
        except TypeError:  # a query Whoosh cannot hash (none that text_queries makes)
            docnums = compute()
        result = np.zeros(table.size, dtype=bool)
        result[docnums] = True
        return result

    def _all_of(self, query: wq.And, deadline: Deadline) -> Docs:
        """The live documents every part matches (a NOT part: does not match)."""
        result = self.table.live.copy()
        for part in query.subqueries:
            if isinstance(part, wq.Not):
                result &= ~self.docs(part.query, deadline)
            else:
                result &= self.docs(part, deadline)
        return result

    def scores(self, query: wq.Query, docnums: Iterable[int], deadline: Deadline) -> dict[int, float]:
        """The relevance score of each of ``docnums`` that matches ``query``, as Whoosh's collector computes it."""
        wanted = sorted(int(n) for n in docnums)
        searcher = self.searcher()
        context = searcher.context()
        scores: dict[int, float] = {}
        for leaf, offset in searcher.leaf_searchers():
            end = offset + leaf.doc_count_all()
            docs = wanted[bisect_left(wanted, offset) : bisect_left(wanted, end)]
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


def _long(moment: datetime | None) -> int | None:
    return None if moment is None else datetime_to_long(moment)


class WhooshEngine:
    """A Whoosh index on disk, searched and written; safe to share between threads.

    ``path`` may be a symlink that a full reindex switches to a new directory; every
    search checks where it points (and that it is still the same directory) and which
    commit is the latest, and moves to the new generation when either changed: at once, or,
    with ``refresh_in_background``, once a background thread has read it (the searches
    meanwhile are answered from the generation before). Nothing is read before the first
    search or ``warm()``: without an index there it raises ``IndexNotFound``. When the index
    it reads disappears, a search reopens it once and otherwise raises ``IndexUnavailable``;
    it never fails in another way.
    """

    def __init__(self, path: Path, *, refresh_in_background: bool = False) -> None:
        self.path = Path(path)
        self.refresh_in_background = refresh_in_background
        self._lock = threading.Lock()
        self._current: _Generation | None = None
        self._place: _Place | None = None
        """Where the last generation was opened, also after it was forgotten (so a missing index is
        'unavailable', not 'not found')."""
        self._indexes: dict[_Place, whoosh_index.FileIndex] = {}
        self._refreshing: _Key | None = None
        self._local = threading.local()

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

    def warm(self) -> None:
        """Open the index and read its generation now, so that the first search does not pay for it
        (a server calls it before it listens); raises IndexNotFound when there is no index."""
        self._read(lambda generation: generation.table.size)

    # Generations ---------------------------------------------------------------------------------

    def _latest(self) -> tuple[_Key, whoosh_index.FileIndex]:
        """The generation ``path`` leads to now: its place and the number of its latest commit."""
        directory = os.path.realpath(self.path)
        try:
            status = os.stat(directory)
        except OSError:
            raise self._missing() from None
        place = (directory, status.st_dev, status.st_ino)
        ix = self._indexes.get(place)
        if ix is None:
            if not index_exists(Path(directory)):
                raise self._missing()
            ix = whoosh_index.open_dir(directory)
            self._indexes = {place: ix}  # one place at a time: the one before is not reopened
        try:
            commit = ix.latest_generation()
        except OSError:
            raise self._missing() from None
        if commit < 0:
            raise self._missing()
        return _Key(place, commit), ix

    def _generation(self) -> _Generation:
        """The generation to answer from: the latest one, or, with ``refresh_in_background``, the one
        open while a newer one is being read."""
        key, ix = self._latest()
        current = self._current
        if current is not None and current.key == key:
            return current
        if self.refresh_in_background and current is not None:
            self._refresh_later(key, ix)
            return current
        with self._lock:
            current = self._current
            if current is None or current.key != key:
                current = self._open(key, ix)
            return current

    def _open(self, key: _Key, ix: whoosh_index.FileIndex) -> _Generation:
        generation = _Generation(key, ix)
        self._current, self._place = generation, key.place
        return generation

    def _refresh_later(self, key: _Key, ix: whoosh_index.FileIndex) -> None:
        """Read the generation ``key`` in a background thread, then answer from it."""
        with self._lock:
            if self._refreshing == key:
                return
            self._refreshing = key

        def refresh() -> None:
            started = time.perf_counter()
            try:
                generation = _Generation(key, ix)
                before = self._current
                if before is not None:
                    generation.warm_like(before)
            except Exception as error:  # noqa: BLE001 - the next search tries again, or reports it
                log.warning("could not read the index at %s: %s", self.path, error)
            else:
                with self._lock:
                    self._current, self._place = generation, key.place
                log.info(
                    "now searching %s (commit %d, %d documents; read in %.2f s)",
                    key.place[0],
                    generation.key.commit,
                    generation.table.size,
                    time.perf_counter() - started,
                )
            finally:
                with self._lock:
                    self._refreshing = None

        threading.Thread(target=refresh, name="newsearch-refresh", daemon=True).start()

    def _missing(self) -> IndexNotFound:
        if self._place:
            return IndexUnavailable(f"the index at {self.path} is unavailable (removed, or being rebuilt)")
        return IndexNotFound(f"no index at {self.path}; run `newsearch reindex` first")

    def _read(self, work: Callable[[_Generation], _Result]) -> _Result:
        """``work`` on the generation to answer from, through this thread's searcher of it; when the
        index's files vanished under it, once more on a freshly opened index, then IndexUnavailable."""
        for attempt in (1, 2):
            try:
                generation = self._generation()
                self._moved_to(generation)
                return work(generation)
            except _INDEX_READ_ERRORS as error:
                self._forget()
                if attempt == 2:
                    raise IndexUnavailable(f"the index at {self.path} cannot be read: {error}") from error
        raise AssertionError("unreachable")

    def _moved_to(self, generation: _Generation) -> None:
        """This thread closes its searcher of the generation it read before."""
        before: _Generation | None = getattr(self._local, "generation", None)
        if before is not generation:
            if before is not None:
                before.close_searcher()
            self._local.generation = generation

    def _forget(self) -> None:
        """Drop the open generation and index, so the next read opens them again."""
        before: _Generation | None = getattr(self._local, "generation", None)
        self._local.generation = None
        if before is not None:
            before.close_searcher()
        with self._lock:
            self._current = None
            self._indexes = {}

    # Reading ---------------------------------------------------------------------------------------

    def doc_count(self) -> int:
        return self._read(lambda generation: generation.searcher().doc_count())

    def article(self, doc_id: str) -> StoredArticle | None:
        """The stored article with this id, or None (also for a string that cannot be an id)."""
        if not is_document_id(doc_id):
            return None
        stored = self._read(lambda generation: generation.searcher().document(id=doc_id))
        return from_stored(stored) if stored else None

    def fingerprints(self) -> dict[str, str]:
        """source → fingerprint of every live document, read from columns (no stored bodies)."""

        def read(generation: _Generation) -> dict[str, str]:
            reader = generation.searcher().reader()
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
        return self._read(lambda generation: self._search(generation, request, parsed, started))

    def _search(
        self, generation: _Generation, request: SearchRequest, parsed: ParsedQuery, started: float
    ) -> SearchResponse:
        deadline = Deadline(config.QUERY_TIME_BUDGET_S)
        table = generation.table
        window = _date_window(request, parsed)
        regions = tuple(dict.fromkeys(([region_key(request.region)] if request.region else []) + list(parsed.regions)))
        allowed = self._allowed(generation, window, regions)
        queries = text_queries(parsed)
        text_query = queries.strict

        matched = _matching(generation, text_query, allowed, deadline)
        fallback = None
        if not matched.any() and queries.relaxed is not None:
            relaxed_matches = _matching(generation, queries.relaxed, allowed, deadline)
            if relaxed_matches.any():
                text_query, matched, fallback = queries.relaxed, relaxed_matches, "any"

        stories = table.representatives(matched)
        region_scope = (
            table.representatives(_matching(generation, text_query, self._allowed(generation, window, ()), deadline))
            if regions
            else stories
        )
        facets = [
            facet.build(table.counts(facet.field, region_scope if facet is FACETS[0] else stories)) for facet in FACETS
        ]
        total = int(np.count_nonzero(stories))
        hits = self._hits(generation, text_query, matched, stories, request, deadline)
        suggestion = None
        if total < SUGGEST_BELOW and not parsed.is_empty:
            suggestion = _suggest(generation.searcher(), request.q, deadline.within(SUGGEST_BUDGET_S))
        return SearchResponse(
            request=request,
            total=total,
            hits=hits,
            facets=facets,
            took_ms=(time.perf_counter() - started) * 1000,
            suggestion=suggestion,
            fallback=fallback,
        )

    def _hits(
        self,
        generation: _Generation,
        text_query: wq.Query | None,
        matched: Docs,
        stories: Docs,
        request: SearchRequest,
        deadline: Deadline,
    ) -> list[Hit]:
        """The requested page of the matched stories, in the requested order, with snippets and versions.

        Relevance: each story is shown by its best-scoring matched version; a small match set is
        scored document by document, a large one goes through Whoosh's top-N collector (with
        block-quality skipping). Ties in score are broken by date, then id. Newest and oldest (and
        browsing) order the stories' representatives by the doc table's order.
        """
        if not stories.any():
            return []
        table = generation.table
        first = (request.page - 1) * request.page_size
        wanted = request.page * request.page_size
        if text_query is not None and request.sort is Sort.RELEVANCE:
            ranked = _best_per_story(generation, text_query, matched, wanted, deadline)
            page = [docnum for docnum, _ in ranked[first:wanted]]
            scores = dict(ranked[first:wanted])
        else:
            rank = table.oldest_rank if request.sort is Sort.OLDEST else table.newest_rank
            page = table.first_by(rank, stories, wanted)[first:]
            scores = generation.scores(text_query, page, deadline) if text_query is not None else {}
        terms = {field: highlight_terms(text_query, field) for field in ("headline", "body")} if text_query else None
        searcher = generation.searcher()
        hits = []
        for docnum in page:
            deadline.check()
            hits.append(
                _to_hit(
                    searcher.stored_fields(docnum),
                    terms,
                    score=scores.get(docnum, 0.0),
                    versions=self._versions(searcher, table, docnum),
                )
            )
        return hits

    @staticmethod
    def _versions(searcher: Searcher, table: DocTable, docnum: int) -> list[ArticleSummary]:
        """The story's other documents, oldest first."""
        others = sorted(table.versions(docnum), key=table.oldest_rank.__getitem__)[: config.MAX_VERSIONS]
        return [_summary(searcher.stored_fields(other)) for other in others]

    def versions(self, doc_id: str) -> list[ArticleSummary] | None:
        """The other versions of this article's story, oldest first; None for an unknown or malformed id."""
        if not is_document_id(doc_id):
            return None

        def read(generation: _Generation) -> list[ArticleSummary] | None:
            searcher = generation.searcher()
            docnum = searcher.document_number(id=doc_id)
            return None if docnum is None else self._versions(searcher, generation.table, docnum)

        return self._read(read)

    def related(self, doc_id: str, limit: int = config.RELATED_COUNT) -> list[ArticleSummary] | None:
        """The stories most like this article (more-like-this on body and headline); None for an unknown
        or malformed id. Raises SearchTimedOut past the query budget."""
        if not is_document_id(doc_id):
            return None
        return self._read(lambda generation: self._related(generation, doc_id, limit))

    @staticmethod
    def _related(generation: _Generation, doc_id: str, limit: int) -> list[ArticleSummary] | None:
        deadline = Deadline(config.QUERY_TIME_BUDGET_S)
        searcher = generation.searcher()
        docnum = searcher.document_number(id=doc_id)
        if docnum is None:
            return None
        stored = searcher.stored_fields(docnum)
        weighted_terms = [
            wq.Term(field, text, boost=weight)
            for field, count in (("body", RELATED_BODY_TERMS), ("headline", RELATED_HEADLINE_TERMS))
            for text, weight in searcher.key_terms_from_text(
                field, stored.get(field, "")[:RELATED_TEXT_CHARS], numterms=count
            )
        ]
        if not weighted_terms:
            return []
        deadline.check()
        table = generation.table
        candidates = table.leaders & (table.story != table.story[docnum])
        if not candidates.any():
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
        return self._read(lambda generation: self._complete(generation, words, limit))

    @staticmethod
    def _complete(generation: _Generation, words: list[str], limit: int) -> list[ArticleSummary]:
        deadline = Deadline(config.QUERY_TIME_BUDGET_S)
        searcher = generation.searcher()
        required: list[wq.Query] = [wq.Term("headline", stem) for word in words[:-1] if (stem := stem_word(word))]
        last = words[-1].translate(accent_map)
        if len(last) >= MIN_PREFIX_CHARS:
            completions = _completions(searcher, "headline", last)
            required.append(wq.Or([wq.Term("headline", word) for word in completions | {stem_word(last)} if word]))
        if not required or not generation.table.leaders.any():
            return []
        results = _top(searcher, wq.And(required), limit + TIE_MARGIN, generation.table.leaders, deadline)
        return [_summary(hit.fields()) for hit in _tie_broken(results, generation.table)[:limit]]

    @staticmethod
    def _allowed(generation: _Generation, window: DateWindow | None | _Empty, regions: tuple[str, ...]) -> Docs:
        """The live documents that the filters allow (never change the cached set)."""
        if window is _EMPTY_WINDOW:
            return np.zeros(generation.table.size, dtype=bool)
        return generation.allowed(window, regions)

    def close(self) -> None:
        self._forget()


def _matching(generation: _Generation, text_query: wq.Query | None, allowed: Docs, deadline: Deadline) -> Docs:
    """The allowed documents that match the words (all allowed ones when browsing)."""
    if text_query is None:
        return allowed
    return allowed & generation.docs(text_query, deadline)


def _best_per_story(
    generation: _Generation, query: wq.Query, matched: Docs, wanted: int, deadline: Deadline
) -> list[tuple[int, float]]:
    """At least the ``wanted`` best stories among ``matched`` (all of them when there are fewer), each as its
    best-scoring version and that score, best first; ties by date (newest first), then id.

    A small match set is scored document by document. A large one goes through Whoosh's top-N
    collector, asked for more documents until the best of them hold ``wanted`` stories (and a
    margin, so that ties at the end of the page are ordered by date, not by chance).
    """
    table = generation.table
    matched_count = int(np.count_nonzero(matched))
    if matched_count <= SCORE_EACH_LIMIT:
        scored = generation.scores(query, np.flatnonzero(matched), deadline)
        return _collapsed(table, scored.items())
    limit = wanted + TIE_MARGIN
    while True:
        results = _top(generation.searcher(), query, limit, matched, deadline)
        ranked = _collapsed(
            table, ((hit.docnum, hit.score) for hit in (results[i] for i in range(results.scored_length())))
        )
        if len(ranked) >= wanted + TIE_MARGIN or results.scored_length() < limit or limit >= matched_count:
            return ranked
        limit *= 2


def _collapsed(table: DocTable, scored: Iterable[tuple[int, float]]) -> list[tuple[int, float]]:
    """Scored documents, best first (ties: newest first, then id), keeping the first of each story."""
    ranked = sorted(scored, key=lambda item: (-item[1], table.newest_rank[item[0]]))
    seen: set[int] = set()
    kept = []
    for docnum, score in ranked:
        story = int(table.story[docnum])
        if story not in seen:
            seen.add(story)
            kept.append((int(docnum), score))
    return kept


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
        if (
            ":" in word
            or lowered in _OPERATORS
            or not 3 <= len(lowered) <= MAX_SUGGEST_WORD_CHARS
            or not lowered.isalpha()
        ):
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


DateWindow = tuple[datetime | None, datetime | None]


class _Empty(Enum):
    WINDOW = "a date window that no date is in"


_EMPTY_WINDOW: Final = _Empty.WINDOW


def _date_window(request: SearchRequest, parsed: ParsedQuery) -> DateWindow | None | _Empty:
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
    return ArticleSummary.of(stored["id"], from_stored(stored).article)


def _tie_broken(results: Results, table: DocTable) -> list[WhooshHit]:
    """Scored hits with equal scores ordered by date (newest first), then id.

    (Iterating Whoosh results directly would count every match again.)
    """
    hits = [results[i] for i in range(results.scored_length())]
    return sorted(hits, key=lambda hit: (-hit.score, table.newest_rank[hit.docnum]))


def _to_hit(
    stored: dict, terms: dict[str, frozenset[str]] | None, *, score: float, versions: list[ArticleSummary]
) -> Hit:
    """A result; with the query's ``terms`` per field, the snippet and headline are highlighted."""
    article = from_stored(stored).article
    snippet = headline_html = ""
    if terms:
        snippet = highlight_body(article.body, terms["body"])
        headline_html = highlight_headline(article.headline, terms["headline"])
    return Hit.of(
        stored["id"],
        article,
        score=float(score),
        snippet_html=snippet or plain_snippet(article.body),
        headline_html=headline_html or plain_snippet(article.headline, limit=len(article.headline)),
        story=stored.get("story") or stored["id"],
        versions=versions,
    )
