"""Four fixes to Whoosh 2.7.4 (the version is pinned, so the patches are exact).

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

4. Memory. A compound segment file is memory-mapped, but ``BufferFile`` wraps each part of it in a
   ``BytesIO`` of the map, which copies it: every reader held a private copy of the index it
   opened (the postings, stored fields and columns of every segment). The engine keeps a reader
   per thread and per generation, so a server of 8 threads at 100,000 pages used 13 GB. The
   parts are now read from the map itself (``_MappedFile``); what a read returns is copied, as
   before, and nothing else is.

The rest of the query path shares no mutable Whoosh state between threads: the query
parser's plugins and the highlighter's fragmenters and formatter keep only settings, and
searchers, readers and correctors are per thread (see ``search.whoosh.engine``).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from whoosh import columns, reading
from whoosh.analysis import StemFilter
from whoosh.codec import whoosh3
from whoosh.filedb import structfile

if TYPE_CHECKING:
    from typing_extensions import Buffer

_MISSING = object()


def _cached_reader(self: Any, fieldname: str, column: Any) -> Any:
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def _multi_column_reader(
    self: Any, fieldname: str, column: Any = None, reverse: bool = False, translate: bool = True
) -> columns.MultiColumnReader:
    readers = [r.column_reader(fieldname, column=column, reverse=reverse, translate=translate) for r in self.readers]
    return columns.MultiColumnReader(readers, list(self.doc_offsets))


def _thread_safe_stem_cache(self: Any) -> None:
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


class _MappedFile(io.RawIOBase):
    """A read-only file over a buffer (a memoryview of a memory map), without copying the buffer."""

    def __init__(self, buffer: memoryview) -> None:
        super().__init__()
        self._buffer = buffer
        self._position = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: len(self._buffer)}[whence]
        self._position = max(0, base + offset)
        return self._position

    def tell(self) -> int:
        return self._position

    def _end(self, size: int | None) -> int:
        """Where a read of ``size`` bytes from here ends (never before here: past the end reads nothing)."""
        end = len(self._buffer) if size is None or size < 0 else min(len(self._buffer), self._position + size)
        return max(end, self._position)

    def readinto(self, target: Buffer) -> int:
        start = self._position
        into = memoryview(target).cast("B")
        end = self._end(len(into))
        into[: end - start] = self._buffer[start:end]
        self._position = end
        return end - start

    def read(self, size: int | None = -1) -> bytes:
        start, self._position = self._position, self._end(size)
        return bytes(self._buffer[start : self._position])

    def readline(self, size: int | None = -1) -> bytes:
        start, end = self._position, self._end(size)
        newline = bytes(self._buffer[start:end]).find(b"\n")
        return self.read(newline + 1 if newline >= 0 else end - start)


def _buffer_file_init(
    self: Any, buf: Any, name: str | None = None, onclose: Callable[[Any], object] | None = None
) -> None:
    self._buf = buf
    self._name = name
    self.file = _MappedFile(memoryview(buf))
    self.onclose = onclose
    self.is_real = False
    self.is_closed = False


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    reading.MultiReader.column_reader = _multi_column_reader
    StemFilter.clear = _thread_safe_stem_cache
    structfile.BufferFile.__init__ = _buffer_file_init
