"""The index on disk: creating it, updating it safely, and rebuilding it with an atomic switch.

A full rebuild writes a new generation directory beside the live one and then swaps the
index path (a symlink) to it with one ``rename``: a search running meanwhile sees either
the old index or the new one, and an interrupted rebuild leaves the old one serving.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

from whoosh import index as whoosh_index

from indexer.article import Article
from search.schema import SCHEMA, document_id, to_document

WRITER_MEMORY_MB = 256
GENERATIONS_KEPT = 2


class IndexNotFound(Exception):
    """There is no index at the given path yet: run ``newsearch reindex``."""


class IndexBusy(Exception):
    """Another reindex holds the index's lock."""


def index_exists(path: Path) -> bool:
    return Path(path).is_dir() and whoosh_index.exists_in(str(path))


def create_index(path: Path) -> whoosh_index.Index:
    """A new empty index at ``path`` (the directory is created if needed)."""
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), SCHEMA)


class IndexUpdate:
    """Adds and removes documents in one Whoosh writer; used through ``update_index``."""

    def __init__(self, writer) -> None:
        self._writer = writer
        self.added = 0
        self.removed = 0

    def add(self, article: Article, fingerprint: str = "") -> None:
        """Add or replace the document of ``article.source``."""
        self._writer.update_document(**to_document(article, fingerprint))
        self.added += 1

    def remove(self, source: str) -> None:
        self.removed += self._writer.delete_by_term("id", document_id(source))


@contextmanager
def update_index(path: Path, *, create: bool = False) -> Iterator[IndexUpdate]:
    """A writer that commits when the block succeeds and is cancelled when it raises.

    Whoosh 2.7.4 leaves the index locked after a failed commit unless the writer is
    cancelled, so every exit path releases the lock.
    """
    path = Path(os.path.realpath(path))
    ix = create_index(path) if create or not index_exists(path) else whoosh_index.open_dir(str(path))
    writer = ix.writer(limitmb=WRITER_MEMORY_MB)
    update = IndexUpdate(writer)
    try:
        yield update
        writer.commit(optimize=False)
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()


def write_index(path: Path, articles: Iterable[Article]) -> None:
    """Build a fresh index of ``articles`` at ``path``."""
    with update_index(path, create=True) as update:
        for article in articles:
            update.add(article)


@contextmanager
def reindex_lock(path: Path) -> Iterator[None]:
    """One reindex at a time per index path; a second one fails at once with IndexBusy."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = path.parent / f".{path.name}.lock"
    with open(lock_path, "w") as lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise IndexBusy(f"another reindex of {path} is running") from None
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


@contextmanager
def rebuild_index(path: Path) -> Iterator[IndexUpdate]:
    """Write a complete new index, then switch ``path`` to it atomically.

    ``path`` becomes a symlink to a generation directory beside it. When the block raises
    (or is interrupted) the new generation is deleted and ``path`` is untouched.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    generation = path.parent / f".{path.name}-{time.time_ns()}"
    try:
        with update_index(generation, create=True) as update:
            yield update
    except BaseException:
        shutil.rmtree(generation, ignore_errors=True)
        raise
    _switch(path, generation)
    _remove_old_generations(path, keep=generation)


def _switch(path: Path, generation: Path) -> None:
    if path.exists() and not path.is_symlink():
        path.rename(path.parent / f".{path.name}-{time.time_ns()}-replaced")
    temporary_link = path.parent / f".{path.name}.switching"
    if temporary_link.is_symlink():
        temporary_link.unlink()
    temporary_link.symlink_to(generation.name)
    os.replace(temporary_link, path)


def _remove_old_generations(path: Path, keep: Path) -> None:
    """Delete all but the newest generations; the one before the newest may still be read by a searcher."""
    generations = sorted(
        (p for p in path.parent.glob(f".{path.name}-*") if p.is_dir() and p != keep),
        key=lambda p: p.stat().st_mtime_ns,
    )
    for old in generations[: max(0, len(generations) - (GENERATIONS_KEPT - 1))]:
        shutil.rmtree(old, ignore_errors=True)
