"""The bounds that keep one hostile page from costing a reindex its time or the machine its memory.

Each number is checked against the real pages in ``/work/shared/data`` (4,170 pages of four
archives) so that no real page comes near it; the figures are in the comments.  The checks
here run on the whole page text before parsing, so they are linear and cheap (C-level
``str.count`` and ``str.split``).
"""

from __future__ import annotations

import re

from indexer.errors import TOO_MANY_TAGS, PageSkipped

MAX_PAGE_BYTES = 20 * 1024 * 1024
"""Cap on a page's size, after decompression (the biggest real page is 1.5 MB)."""

MAX_GZIP_MEMBERS = 1_000
"""Cap on the gzip members of one ``.gz`` file.  ``cat a.gz b.gz`` is legal gzip, but every real
page is one member; a file of a million empty members is an attack on the decompressor."""

MAX_PAGE_TAGS = 250_000
"""Cap on a page's ``<`` characters (its tags, and any ``<`` in scripts and text).  The most in a
real page is 16,344; lxml holds a quarter of a million elements in about 60 MB.  A 19 MB page
of ``<p>`` tags took 62 s and 2.7 GB before this cap."""

MAX_TAG_ATTRIBUTES = 1_000
"""A start tag with more attributes than this is cut down to its name before parsing: libxml2
appends each attribute by walking the list of the ones before (``xmlNewNsProp``), so one tag of
100,000 attributes costs minutes.  The most on one tag in a real page is 78."""

PAGE_TIME_LIMIT_S = 30.0
"""Wall-clock limit for extracting one page in a worker.  The slowest real page takes 0.25 s
alone; 30 s leaves a wide margin for a loaded machine while a stalled page (a C-level loop that
no signal interrupts) costs the run at most this long before its worker is replaced."""

WORKER_MEMORY_LIMIT = 2 * 1024**3
"""Address-space limit (``RLIMIT_AS``) of each extraction worker: a page that needs more gets a
``MemoryError`` and is skipped as ``out-of-memory`` instead of taking the machine's memory.  A
worker's address space peaks at 368 MB (60 MB resident) over the whole real corpus, and the
worst page the other caps let through (250,000 tags) needs about 120 MB more."""

_ABSURD_TAG_CHARS = 2 * MAX_TAG_ATTRIBUTES  # each attribute takes at least a space and a letter
_QUOTED_VALUE = re.compile(r'"[^"]*"|\'[^\']*\'')
_TAG_NAME = re.compile(r"<[A-Za-z][A-Za-z0-9:_-]*(?=[\s/])")


def check_tag_count(text: str) -> None:
    """Raise ``too-many-tags`` for a page with more markup than any news page has."""
    tags = text.count("<")
    if tags > MAX_PAGE_TAGS:
        raise PageSkipped(TOO_MANY_TAGS, f"{tags} '<' characters, more than {MAX_PAGE_TAGS}")


def cut_absurd_tags(text: str) -> str:
    """``text`` with every start tag of over ``MAX_TAG_ATTRIBUTES`` attributes cut down to its name.

    A start tag here is ``<``, a tag name and a space or ``/``, then no ``<`` or ``>`` up to its
    ``>`` (libxml2 reads such text as a tag even in running text).  Linear: the page is
    split once at ``>`` and only the pieces long enough to hold such a tag are looked at.
    """
    if len(text) < _ABSURD_TAG_CHARS:
        return text
    pieces = text.split(">")
    if max(map(len, pieces)) < _ABSURD_TAG_CHARS:
        return text
    changed = False
    for number in range(len(pieces) - 1):  # the last piece is closed by no ">"
        piece = pieces[number]
        if len(piece) < _ABSURD_TAG_CHARS:
            continue
        start = piece.rfind("<")
        if start < 0 or len(piece) - start < _ABSURD_TAG_CHARS:
            continue
        name = _TAG_NAME.match(piece, start)
        if name is None:
            continue
        if len(_QUOTED_VALUE.sub(" ", piece[name.end() :]).split()) > MAX_TAG_ATTRIBUTES:
            pieces[number] = piece[:start] + name.group()
            changed = True
    return ">".join(pieces) if changed else text


def defuse_markup(text: str) -> str:
    """The page text made safe to parse: too many tags is a skip, absurd tags are cut."""
    check_tag_count(text)
    return cut_absurd_tags(text)
