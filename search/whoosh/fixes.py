"""Three fixes to Whoosh 2.7.4 (the version is pinned, so the patches are exact).

1. Speed. When a segment is flushed, Whoosh asks for every posting's field length. For a
   field that has no length column (unscored keywords) ``W3PerDocReader._cached_reader``
   does not remember the miss and checks the file system again for every posting. Segments
   never change once written, so the miss is cached like a hit.
2. Correctness. ``MultiReader.column_reader`` leaves out the segments that have no column
   file for a field (a segment whose documents all lack it, such as a batch of undated
   articles), so every later document number maps to the wrong segment and sorting or
   reading that column fails. Each segment reader already stands in an empty column with
   the field's default value; the fix uses every segment's reader.
3. Thread safety. ``StemFilter`` caches stems in Whoosh's ``lfu_cache`` (50,000 words), a
   dict and a Counter changed without a lock: once full, concurrent searches evict from it
   while others insert, raising ``RuntimeError`` and ``KeyError`` and leaving it broken for
   good (every text search failed until a restart). ``StemFilter.clear()``, which every
   StemFilter calls when it is created or unpickled from an index's table of contents, now
   wraps the stem function in ``functools.lru_cache`` (C, thread-safe, same bound).

The rest of the query path shares no mutable Whoosh state between threads: the query
parser's plugins and the highlighter's fragmenters and formatter keep only settings, and
searchers, readers and correctors are per thread (see ``search.whoosh.engine``).
"""

from __future__ import annotations

import functools

from whoosh import columns, reading
from whoosh.analysis import StemFilter
from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def _multi_column_reader(self, fieldname, column=None, reverse=False, translate=True):
    readers = [r.column_reader(fieldname, column=column, reverse=reverse, translate=translate) for r in self.readers]
    return columns.MultiColumnReader(readers, list(self.doc_offsets))


def _thread_safe_stem_cache(self) -> None:
    """As ``StemFilter.clear``: ``cachesize`` -1 caches every word, None or 0 none, N the N most recent."""
    if self.lang:
        from whoosh.lang import stemmer_for_language

        stemfn = stemmer_for_language(self.lang)
    else:
        stemfn = self.stemfn
    if isinstance(self.cachesize, int) and self.cachesize != 0:
        self._stem = functools.lru_cache(maxsize=None if self.cachesize < 0 else self.cachesize)(stemfn)
    else:
        self._stem = stemfn


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    reading.MultiReader.column_reader = _multi_column_reader
    StemFilter.clear = _thread_safe_stem_cache
