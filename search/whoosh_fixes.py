"""Two fixes to Whoosh 2.7.4 (the version is pinned, so the patches are exact).

1. Speed. When a segment is flushed, Whoosh asks for every posting's field length. For a
   field that has no length column (unscored keywords) ``W3PerDocReader._cached_reader``
   does not remember the miss and checks the file system again for every posting. Segments
   never change once written, so the miss is cached like a hit.
2. Correctness. ``MultiReader.column_reader`` leaves out the segments that have no column
   file for a field (a segment whose documents all lack it, such as a batch of undated
   articles), so every later document number maps to the wrong segment and sorting or
   reading that column fails. Each segment reader already stands in an empty column with
   the field's default value; the fix uses every segment's reader.
"""

from __future__ import annotations

from whoosh import columns, reading
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


def apply() -> None:
    whoosh3.W3PerDocReader._cached_reader = _cached_reader
    reading.MultiReader.column_reader = _multi_column_reader
