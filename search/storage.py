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
from whoosh import query as wq

from indexer.article import Article
from search.duplicates import SAME_STORY_SIMILARITY, Sketch
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


class StoryAssigner:
    """Gives each new document the story id of a near-duplicate, or its own id.

    Candidates come from the committed index (through the blocking keys) and from the
    documents added earlier in the same writer session, which the index cannot show yet.
    """

    MAX_CANDIDATES = 50

    def __init__(self, searcher) -> None:
        self._searcher = searcher if searcher.doc_count() else None
        self._pending: dict[str, list[tuple[str, str, Sketch]]] = {}

    def story_for(self, doc_id: str, sketch: Sketch) -> str:
        if not sketch.usable:
            return doc_id
        best_story, best_similarity = doc_id, 0.0
        for candidate_id, story, candidate in self._candidates(sketch):
            if candidate_id == doc_id:
                continue
            similarity = sketch.similarity(candidate)
            if similarity >= SAME_STORY_SIMILARITY and similarity > best_similarity:
                best_story, best_similarity = story, similarity
        for key in sketch.blocking_keys():
            self._pending.setdefault(key, []).append((doc_id, best_story, sketch))
        return best_story

    def _candidates(self, sketch: Sketch) -> Iterator[tuple[str, str, Sketch]]:
        keys = sketch.blocking_keys()
        for key in keys:
            yield from self._pending.get(key, ())
        if self._searcher is not None:
            query = wq.Or([wq.Term("dup_keys", key) for key in keys])
            for hit in self._searcher.search(query, limit=self.MAX_CANDIDATES, scored=False):
                yield hit["id"], hit.get("story") or hit["id"], Sketch.parse(hit.get("sketch", ""))


class IndexUpdate:
    """Adds and removes documents in one Whoosh writer; used through ``update_index``."""

    def __init__(self, writer, stories: StoryAssigner) -> None:
        self._writer = writer
        self._stories = stories
        self.added = 0
        self.removed = 0

    def add(self, article: Article, fingerprint: str = "") -> None:
        """Add or replace the document of ``article.source``, grouped with its near-duplicates."""
        sketch = Sketch.of(article.body)
        story = self._stories.story_for(document_id(article.source), sketch)
        self._writer.update_document(**to_document(article, fingerprint, story=story, sketch=sketch))
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
    searcher = ix.searcher()
    writer = ix.writer(limitmb=WRITER_MEMORY_MB)
    update = IndexUpdate(writer, StoryAssigner(searcher))
    try:
        yield update
        writer.commit(optimize=False)
    except BaseException:
        writer.cancel()
        raise
    finally:
        searcher.close()
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
