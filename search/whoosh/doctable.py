"""Per-document facts of one index generation, held as plain lists for fast set work.

Whoosh reads columns one value at a time through Python objects; counting facets or
sorting by date that way over every match was the largest share of query time. A
``DocTable`` reads each column once per searcher generation (after every commit) and then
answers facet counts, date order and story membership with C-speed list and set ops.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable

from whoosh.reading import IndexReader


class DocTable:
    def __init__(self, reader: IndexReader) -> None:
        self.live = list(reader.all_doc_ids())
        self.ids = _column(reader, "id")
        self.years = _column(reader, "year")
        self.columns = {name: _column(reader, name) for name in ("region", "year", "month")}
        stories = _column(reader, "story")
        dates = list(reader.column_reader("date", translate=False))

        newest_first = sorted(self.live, key=lambda n: (not self.years[n], -dates[n], self.ids[n]))
        oldest_first = sorted(self.live, key=lambda n: (not self.years[n], dates[n], self.ids[n]))
        size = len(self.ids)
        self.newest_rank = _ranks(newest_first, size)
        """Position of each document when newest first (undated last, then by id): also the relevance tie-break."""
        self.oldest_rank = _ranks(oldest_first, size)

        self.stories = [story or doc_id for story, doc_id in zip(stories, self.ids)]
        self.story_members: dict[str, list[int]] = defaultdict(list)
        for docnum in self.live:
            self.story_members[self.stories[docnum]].append(docnum)
        self.leaders = frozenset(self._leader(story, members) for story, members in self.story_members.items())
        """One document per story: a dated version if there is one, preferring the one whose id names the story.
        Searches run over these only, so every story is one result and facets count stories."""

    def _leader(self, story: str, members: list[int]) -> int:
        return max(members, key=lambda n: (bool(self.years[n]), self.ids[n] == story, -n))

    def versions(self, docnum: int) -> list[int]:
        """The other live documents of this document's story."""
        return [other for other in self.story_members.get(self.stories[docnum], ()) if other != docnum]

    def counts(self, name: str, docnums: Iterable[int]) -> dict[str, int]:
        return dict(Counter(map(self.columns[name].__getitem__, docnums)))

    def first_by(self, rank: list[int], docnums: Iterable[int], count: int) -> list[int]:
        """The ``count`` documents that come first in a precomputed order."""
        return heapq.nsmallest(count, docnums, key=rank.__getitem__)


def _column(reader: IndexReader, name: str) -> list:
    return list(reader.column_reader(name))


def _ranks(order: list[int], size: int) -> list[int]:
    ranks = [size] * size
    for position, docnum in enumerate(order):
        ranks[docnum] = position
    return ranks
