"""A measured fix for a Whoosh 2.7.4 slowdown (the version is pinned, so the patch is exact).

When a segment is flushed, Whoosh asks for every posting's field length. For a field that
has no length column (spelling fields, unscored keywords) ``W3PerDocReader._cached_reader``
does not remember the miss and checks the file system again for every posting: half of
the indexing time on real pages. Segments never change once written, so the miss can be
cached like a hit.
"""

from __future__ import annotations

from whoosh.codec import whoosh3

_MISSING = object()


def _cached_reader(self, fieldname, column):
    reader = self._readers.get(fieldname, _MISSING)
    if reader is _MISSING:
        reader = self.column_reader(fieldname, column) if self.has_column(fieldname) else None
        self._readers[fieldname] = reader
    return reader


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
