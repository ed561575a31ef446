"""Per-generation facts of one index, as numpy columns shared by every thread that searches it.

Whoosh reads columns one value at a time through Python objects; counting facets, sorting by
date or grouping stories that way over every match was the largest share of query time, and
keeping those facts per thread (lists, sets) multiplied the server's memory by its threads
(2 GB at 10,000 pages with 8 threads). A ``DocTable`` reads each column once per index
generation (after every commit) into compact arrays that never change afterwards, so all
threads share one, and it answers filters, facet counts, date order and story grouping with
vectorised array operations. Document sets are boolean masks over the generation's document
numbers (``Docs``).

Stories: every live document belongs to one story. A search matches documents, then collapses
them to one per story, as OpenSearch's collapse does: a word found in only one version of a
story finds the story. ``representatives`` picks, of the matched documents, one per story:
the story's *leader* when it matched (a dated version, preferably the one whose id names the
story), else the matched version that would have been the leader among them.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import numpy.typing as npt
from whoosh.reading import IndexReader

Docs = npt.NDArray[np.bool_]
"""A set of documents of one generation: ``docs[n]`` tells whether document number n is in it."""
DocNums = npt.NDArray[np.int64]


class DocTable:
    def __init__(self, reader: IndexReader) -> None:
        size = reader.doc_count_all()
        self.size = size
        self.live: Docs = np.zeros(size, dtype=bool)
        self.live[np.fromiter(reader.all_doc_ids(), dtype=np.int64)] = True
        """Not deleted."""
        self.ids: list[str] = _column(reader, "id")
        years = _column(reader, "year")
        self.dated: Docs = np.array([bool(year) for year in years], dtype=bool)
        stored_dates = (
            np.fromiter(reader.column_reader("date", translate=False), dtype=np.uint64, count=size)
            if size
            else np.zeros(0, dtype=np.uint64)
        )
        self.dates = np.where(self.dated, stored_dates, 0).astype(np.int64)
        """Whoosh's long of each date (``whoosh.util.times.datetime_to_long``); 0 where not dated."""
        self.values: dict[str, npt.NDArray[np.str_]] = {}
        self.codes: dict[str, npt.NDArray[np.int32]] = {}
        for name, column in (
            ("region", _column(reader, "region")),
            ("year", years),
            ("month", _column(reader, "month")),
        ):
            self.values[name], self.codes[name] = _encoded(column)

        id_order = np.argsort(np.array(self.ids, dtype=str), kind="stable")
        id_rank = np.empty(size, dtype=np.int64)
        id_rank[id_order] = np.arange(size)
        undated = ~self.dated
        dates = self.dates
        newest_first = np.lexsort((id_rank, -dates, undated))
        oldest_first = np.lexsort((id_rank, dates, undated))
        self.newest_rank = _ranks(newest_first)
        """Position of each document when newest first (undated last, then by id): also the relevance tie-break."""
        self.oldest_rank = _ranks(oldest_first)

        stories = [story or doc_id for story, doc_id in zip(_column(reader, "story"), self.ids, strict=True)]
        self.story_names, story_codes = _encoded(stories)
        self.story: npt.NDArray[np.int32] = story_codes
        names_story = np.array([doc_id == story for doc_id, story in zip(self.ids, stories, strict=True)], dtype=bool)
        self.preference = _ranks(np.lexsort((np.arange(size), ~names_story, undated)))
        """Which version of a story leads it: a dated one, then the one whose id names the story, then
        the first indexed (lower is preferred)."""
        self.leaders: Docs = self._preferred(np.flatnonzero(self.live))
        """One document per story, the one shown when the story is found without a text query."""
        live_nums = np.flatnonzero(self.live)
        members_order = live_nums[np.argsort(self.story[live_nums], kind="stable")]
        self._members_order = members_order
        self._members_story = self.story[members_order]

    def docs(self, docnums: Iterable[int]) -> Docs:
        """The set of these document numbers."""
        docs = np.zeros(self.size, dtype=bool)
        docs[np.fromiter(docnums, dtype=np.int64)] = True
        return docs

    def date_window(self, start: int | None, end: int | None) -> Docs:
        """The dated live documents whose date (a Whoosh long) is within [start, end] (None: open)."""
        docs = self.dated & self.live
        if start is not None:
            docs &= self.dates >= start
        if end is not None:
            docs &= self.dates <= end
        return docs

    def representatives(self, matched: Docs) -> Docs:
        """One matched document per story that has any: the preferred one (see ``preference``).

        The story's leader when it matched; only the few other matched versions (about 3% of an
        archive's pages are versions) need grouping.
        """
        chosen = matched & self.leaders
        others = np.flatnonzero(matched & ~self.leaders)
        if len(others):
            covered = np.zeros(len(self.story_names), dtype=bool)
            covered[self.story[chosen]] = True
            others = others[~covered[self.story[others]]]
            chosen |= self._preferred(others)
        return chosen

    def _preferred(self, docnums: DocNums) -> Docs:
        """Of these documents, the preferred one of each story."""
        chosen = np.zeros(self.size, dtype=bool)
        if len(docnums):
            by_preference = docnums[np.argsort(self.preference[docnums], kind="stable")]
            _, first = np.unique(self.story[by_preference], return_index=True)
            chosen[by_preference[first]] = True
        return chosen

    def members(self, docnum: int) -> DocNums:
        """The live documents of this document's story (itself included)."""
        story = self.story[docnum]
        start, end = np.searchsorted(self._members_story, [story, story + 1])
        return self._members_order[start:end]

    def versions(self, docnum: int) -> list[int]:
        """The other live documents of this document's story."""
        return [int(other) for other in self.members(docnum) if other != docnum]

    def story_of(self, docnums: DocNums) -> npt.NDArray[np.int32]:
        return self.story[docnums]

    def counts(self, name: str, docs: Docs) -> dict[str, int]:
        """How many of ``docs`` have each value of the column ``name``."""
        values = self.values[name]
        counted = np.bincount(self.codes[name][docs], minlength=len(values))
        return {str(values[code]): int(counted[code]) for code in np.flatnonzero(counted)}

    def first_by(self, rank: npt.NDArray[np.int64], docs: Docs, count: int) -> list[int]:
        """The ``count`` documents of ``docs`` that come first in a precomputed order."""
        docnums = np.flatnonzero(docs)
        if len(docnums) > count:
            docnums = docnums[np.argpartition(rank[docnums], count)[:count]]
        return [int(n) for n in docnums[np.argsort(rank[docnums])]]


def _column(reader: IndexReader, name: str) -> list:
    if not reader.doc_count_all():  # an index with no segment yet: its EmptyReader has no columns
        return []
    return list(reader.column_reader(name))


def _encoded(column: list[str]) -> tuple[npt.NDArray[np.str_], npt.NDArray[np.int32]]:
    """The distinct values of a column and each document's index among them."""
    values, codes = np.unique(np.array(column, dtype=str), return_inverse=True)
    return values, codes.astype(np.int32)


def _ranks(order: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
    ranks = np.empty(len(order), dtype=np.int64)
    ranks[order] = np.arange(len(order))
    return ranks
