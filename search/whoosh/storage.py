"""The index on disk: creating it, updating it in batches, and rebuilding it with an atomic switch.

A full rebuild writes a new *generation* directory beside the index path and then swaps the
path (a symlink) to it with one ``rename``: a search running meanwhile sees either the old
index or the new one. Generations are named so that no other index's can be mistaken for
them (``.NAME.gen-<ns>``), and a generation being built says so (``.NAME.gen-<ns>.partial``):

- a rebuild commits in batches, so a killed one leaves a partial generation holding its
  committed work; the next rebuild resumes it when it opens cleanly with the same schema;
- a partial generation is renamed complete just before the switch, so cleanup can never
  mistake one for the other;
- cleanup keeps what the index path points to and the generation it pointed to before the
  switch (a searcher may still be reading it), and removes everything else of this index.

Every write to disk that fails (a full disk, a read-only folder) becomes ``IndexWriteFailed``
after the Whoosh writer is cancelled: Whoosh 2.7.4 leaves the index locked after a failed
commit otherwise. The index path keeps pointing to the old, untouched index.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import struct
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whoosh import columns as whoosh_columns
from whoosh import index as whoosh_index
from whoosh import query as wq
from whoosh.codec.whoosh3 import W3Codec
from whoosh.fields import Schema
from whoosh.index import LockError
from whoosh.reading import SegmentReader
from whoosh.writing import SegmentWriter

from search.config import MAX_STORY_CANDIDATES, CommitEvery
from search.engine import IndexBusy, IndexWriteFailed
from search.model import IndexedArticle, StoryCandidate, document_id
from search.whoosh.analysed import ANALYSED_FIELDS, AnalysedArticle, PreAnalysedText
from search.whoosh.schema import SCHEMA, sketch_from_stored, to_document

log = logging.getLogger("newsearch.reindex.storage")

WRITER_MEMORY_MB = 1024
"""Whoosh's estimate of the postings a writer holds before it sorts a run out to a temporary file: a
batch of 10,000 news pages (``search.config.COMMIT_EVERY``) is about 500 MB of it, so a batch is
sorted in memory once (the writer process then peaks at about 1.2 GB)."""
CODEC = W3Codec(compression=0)
"""Whoosh's codec with its posting blocks not compressed: profiled at 100,000 pages, decompressing blocks
(zlib) was 34% of the serving processes' time and compressing them 10% of the writer's; a block says
whether it is compressed, so the segments of earlier releases read as before."""
MERGE_FACTOR = 16
"""Segments of about the same size (the same power of 16 documents) are merged once there are this
many: each document is rewritten about log16(documents / batch) times, and an index of 100,000
documents written in batches of 10,000 keeps its ten segments. Whoosh's own policy (MERGE_SMALL)
merged every segment of an index once there were about 20, rewriting the whole index within one
commit of an incremental reindex."""


def index_exists(path: Path) -> bool:
    return Path(path).is_dir() and whoosh_index.exists_in(str(path))


def create_index(path: Path) -> whoosh_index.Index:
    """A new empty index at ``path`` (the directory is created if needed)."""
    path.mkdir(parents=True, exist_ok=True)
    return whoosh_index.create_in(str(path), SCHEMA)


@contextmanager
def _writing_to(path: Path) -> Iterator[None]:
    """Disk errors of the index's own files become IndexWriteFailed, naming the index."""
    try:
        yield
    except OSError as error:
        raise IndexWriteFailed(path, error.strerror or str(error)) from error


class IndexUpdate:
    """The ``search.engine.IndexWriter`` of a Whoosh index: adds and removes documents; used through
    ``update_index`` or ``rebuild_index``.

    With a ``CommitEvery`` it commits a batch whenever one is due, so a killed update keeps
    the work of every batch before the last. Story candidates are looked up in the index as
    it was when the update started (the indexer remembers what it added since), so a
    rebuild's later batches do not search its own earlier ones.
    """

    def __init__(self, ix: whoosh_index.Index, path: Path, commit_every: CommitEvery | None) -> None:
        self._ix = ix
        self._path = path  # as the caller named it, for messages
        self._commit_every = commit_every
        self._at_start = ix.searcher()
        self._takes_analysed = all(isinstance(ix.schema[name], PreAnalysedText) for name in ANALYSED_FIELDS)
        """An index made before the fields took analysed text gets plain text, analysed by the writer."""
        self._writer: SegmentWriter | None = None
        self._committed: Any = None
        self._begin_batch()
        self.batches = 0

    def _begin_batch(self) -> None:
        """A new writer, and a searcher of exactly the segments it starts from (to find what it replaces)."""
        self._writer = self._new_writer()
        if self._committed is not None:
            self._committed.close()
        self._committed = self._ix.searcher()
        self._changes = 0
        self._batch_started = time.monotonic()

    def _new_writer(self) -> SegmentWriter:
        """A writer holding the index's write lock, which is released when creating the writer fails.

        Whoosh's writer takes the lock first and then creates its files; on a full disk it
        would raise with the lock held, so the lock is taken here and handed to the writer.
        """
        lock = self._ix.lock("WRITELOCK")
        if not lock.acquire():
            raise LockError(f"the index at {self._path} is locked by another writer")
        try:
            with _writing_to(self._path):
                writer = SegmentWriter(self._ix, _lk=False, limitmb=WRITER_MEMORY_MB, codec=CODEC)
        except BaseException:
            lock.release()
            raise
        writer.writelock = lock
        return writer

    def add(self, document: IndexedArticle) -> None:
        """Add or replace the document of ``document.article.source``.

        The committed document is deleted through this batch's searcher: Whoosh's own
        ``update_document`` opens a reader of every segment for each document, which costs
        more than the rest of indexing once an index has segments.
        """
        assert self._writer is not None
        fields = to_document(document)
        if self._takes_analysed and isinstance(document.analysed, AnalysedArticle):
            fields.update(document.analysed.document_fields(document.article))
        with _writing_to(self._path):
            self._writer.delete_by_term("id", document.id, searcher=self._committed)
            self._writer.add_document(**fields)
        self._changed()

    def remove(self, source: str) -> bool:
        assert self._writer is not None
        with _writing_to(self._path):
            removed = self._writer.delete_by_term("id", document_id(source), searcher=self._committed)
        if removed:
            self._changed()
        return bool(removed)

    def story_candidates(self, keys: Sequence[str]) -> list[StoryCandidate]:
        """The documents committed before this update started that have any of the blocking keys."""
        if not keys or not self._at_start.doc_count():
            return []
        query = wq.Or([wq.Term("dup_keys", key) for key in keys])
        return [
            StoryCandidate(hit["id"], hit.get("story") or hit["id"], sketch_from_stored(hit.get("sketch", "")))
            for hit in self._at_start.search(query, limit=MAX_STORY_CANDIDATES, scored=False)
        ]

    def fingerprints(self) -> dict[str, str]:
        """source → fingerprint of every document committed before this update started."""
        reader = self._at_start.reader()
        if not reader.doc_count():
            return {}
        sources = reader.column_reader("source")
        prints = reader.column_reader("fingerprint")
        return {sources[n]: prints[n] for n in reader.all_doc_ids()}

    def _changed(self) -> None:
        self._changes += 1
        policy = self._commit_every
        if policy and (self._changes >= policy.documents or time.monotonic() - self._batch_started >= policy.seconds):
            self.commit()

    def commit(self) -> None:
        """Make everything so far permanent and go on in a new writer (one batch)."""
        self._commit_writer()
        self._begin_batch()

    def _commit_writer(self) -> None:
        writer, self._writer = self._writer, None
        assert writer is not None
        self.batches += 1
        log.info("committing batch %d (%d changes)", self.batches, self._changes)
        try:
            with _writing_to(self._path):
                writer.commit(mergetype=merge_similar_sizes)
        except BaseException:
            _abandon(writer)
            raise
        log.info("committed batch %d (%d changes)", self.batches, self._changes)

    def _finish(self) -> None:
        """Commit the last batch; without changes there is nothing to commit, and searchers keep their caches."""
        if self._changes:
            self._commit_writer()
        else:
            self._cancel()

    def _cancel(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            _abandon(writer)

    def _close(self) -> None:
        self._committed.close()
        self._at_start.close()
        self._ix.close()


def merge_similar_sizes(writer: SegmentWriter, segments: list[Any]) -> list[Any]:
    """A Whoosh merge policy: the segments to keep as they are, after handing ``writer`` the readers of
    each group of MERGE_FACTOR or more segments of about the same size, the one being written included
    (segments with no live document are dropped)."""
    tiers: dict[int, list[Any]] = {}
    for segment in segments:
        if segment.doc_count():
            tiers.setdefault(_tier(segment.doc_count()), []).append(segment)
    writing = _tier(writer.doc_count()) if writer.doc_count() else None
    merged = {
        id(segment)
        for tier, members in tiers.items()
        if len(members) + (tier == writing) >= MERGE_FACTOR
        for segment in members
    }
    for segment in segments:
        if id(segment) in merged:
            reader = SegmentReader(writer.storage, writer.schema, segment)
            try:
                writer.add_reader(reader)
            finally:
                reader.close()
    return [segment for segment in segments if segment.doc_count() and id(segment) not in merged]


def _tier(documents: int) -> int:
    """Which power of MERGE_FACTOR a segment's number of live documents is."""
    tier = 0
    while documents >= MERGE_FACTOR:
        documents //= MERGE_FACTOR
        tier += 1
    return tier


def _abandon(writer: SegmentWriter) -> None:
    """Cancel a writer, and at least release its lock when cancelling fails too (a full disk)."""
    if writer.is_closed:
        return
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 - the lock must go whatever broke the cancel
        if writer.writelock is not None:
            writer.writelock.release()
        writer.is_closed = True


@contextmanager
def update_index(path: Path, *, create: bool = False, commit_every: CommitEvery | None = None) -> Iterator[IndexUpdate]:
    """A writer that commits when the block succeeds and is cancelled when it raises.

    Whoosh 2.7.4 leaves the index locked after a failed commit unless the writer is
    cancelled, so every exit path releases the lock. ``commit_every`` commits in batches.
    """
    shown, path = Path(path), Path(os.path.realpath(path))
    with _writing_to(shown):
        ix = create_index(path) if create or not index_exists(path) else whoosh_index.open_dir(str(path))
    update = IndexUpdate(ix, shown, commit_every)
    try:
        yield update
        update._finish()
    except BaseException:
        update._cancel()
        raise
    finally:
        update._close()


@contextmanager
def reindex_lock(path: Path, *, wait: bool = False) -> Iterator[None]:
    """One reindex at a time per index path: a second one fails at once with IndexBusy, or waits.

    ``flock`` is released by the kernel when its process dies, so a killed reindex never
    leaves the index locked.
    """
    path = Path(path)
    lock_path = path.parent / f".{path.name}.lock"
    with _writing_to(path):
        path.parent.mkdir(parents=True, exist_ok=True)
        lock_file = lock_path.open("a+")
    with lock_file:
        try:
            fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            lock_file.seek(0)
            holder = lock_file.read().strip()
            running = f"another reindex of {path} is running" + (f" (process {holder})" if holder.isdigit() else "")
            if not wait:
                raise IndexBusy(f"{running}; try again when it has finished, or use --wait") from None
            log.info("waiting: %s", running)
            fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            lock_file.truncate(0)
            lock_file.write(str(os.getpid()))
            lock_file.flush()
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


# Generations ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Generation:
    """One directory of a full rebuild, beside the index path."""

    path: Path
    stamp: int
    partial: bool
    legacy: bool = False

    @property
    def complete_path(self) -> Path:
        return self.path.with_name(self.path.name.removesuffix(_PARTIAL))

    @property
    def partial_path(self) -> Path:
        return self.path if self.partial else self.path.with_name(self.path.name + _PARTIAL)


_PARTIAL = ".partial"


def _generation_patterns(path: Path) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """This index's generation names, and those of earlier releases (``.NAME-<ns>[-replaced]``)."""
    name = re.escape(path.name)
    return (
        re.compile(rf"\.{name}\.gen-(?P<stamp>\d+)(?P<partial>{re.escape(_PARTIAL)})?"),
        re.compile(rf"\.{name}-(?P<stamp>\d+)(?:-replaced)?"),
    )


def generations(path: Path) -> list[Generation]:
    """The generation directories of the index at ``path``, oldest first (matched by full name)."""
    current, legacy = _generation_patterns(path)
    folder = _folder(path)
    found = []
    for entry in folder.iterdir() if folder.is_dir() else ():
        if entry.is_symlink() or not entry.is_dir():
            continue
        if match := current.fullmatch(entry.name):
            found.append(Generation(entry, int(match["stamp"]), bool(match["partial"])))
        elif match := legacy.fullmatch(entry.name):
            found.append(Generation(entry, int(match["stamp"]), partial=False, legacy=True))
    return sorted(found, key=lambda g: (g.stamp, g.path.name))


def _folder(path: Path) -> Path:
    """Where the index path and its generations live, resolved, so paths compare reliably."""
    return Path(path).parent.resolve()


def _target(path: Path) -> Path | None:
    """The directory the index path points to (itself when it is a plain directory), resolved."""
    return Path(os.path.realpath(path)) if Path(path).is_dir() else None


def _linked(path: Path) -> set[Path]:
    """Every directory a symlink beside the index points to: some index is using it."""
    folder = _folder(path)
    return {entry.resolve() for entry in folder.iterdir() if entry.is_symlink()} if folder.is_dir() else set()


def _same_schema(schema: Schema) -> bool:
    """Whoosh fields compare their column objects by identity; compare what they describe."""

    def plain(value: Any) -> Any:
        if isinstance(value, struct.Struct):
            return value.format
        if isinstance(value, whoosh_columns.Column):
            return type(value).__name__, {k: plain(v) for k, v in vars(value).items()}
        return value

    def signature(of: Schema) -> dict[str, Any]:
        return {
            name: (type(field).__name__, {k: plain(v) for k, v in vars(field).items()}) for name, field in of.items()
        }

    return signature(schema) == signature(SCHEMA)


def _opens_cleanly(directory: Path) -> bool:
    """A partial generation worth resuming: its last commit reads back with today's schema."""
    try:
        ix = whoosh_index.open_dir(str(directory))
        try:
            if not _same_schema(ix.schema):
                log.info("not resuming %s: its schema is not the current one", directory.name)
                return False
            with ix.reader() as reader:
                reader.doc_count()
            return True
        finally:
            ix.close()
    except Exception as error:  # noqa: BLE001 - any way a damaged index fails to open means "start afresh"
        log.info("not resuming %s: %s", directory.name, error)
        return False


def _resumable(path: Path) -> Generation | None:
    """The newest unfinished generation that opens cleanly; the other unfinished ones are removed.

    Unfinished: named partial, or complete but newer than what the index path points to
    (a rebuild killed between finishing and switching).
    """
    switching = _switching_link(path)
    if switching.is_symlink():
        switching.unlink()  # left by a rebuild killed at its switch
    target, linked = _target(path), _linked(path)
    live_stamp = max((g.stamp for g in generations(path) if g.path == target), default=-1)
    unfinished = [
        g for g in generations(path) if not g.legacy and g.path not in linked and (g.partial or g.stamp > live_stamp)
    ]
    chosen = None
    for generation in reversed(unfinished):
        if chosen is None and _opens_cleanly(generation.path):
            chosen = generation
        else:
            log.info("removing unfinished generation %s", generation.path.name)
            shutil.rmtree(generation.path, ignore_errors=True)
    if chosen is not None and not chosen.partial:
        chosen.path.rename(chosen.partial_path)
        chosen = Generation(chosen.partial_path, chosen.stamp, partial=True)
    return chosen


def _switching_link(path: Path) -> Path:
    return _folder(path) / f".{Path(path).name}.switching"


@contextmanager
def rebuild_index(path: Path, *, commit_every: CommitEvery | None = None) -> Iterator[IndexUpdate]:
    """Write a complete new generation (resuming an unfinished one), then switch ``path`` to it.

    ``path`` becomes a symlink to a generation directory beside it. When the block raises or
    the process is killed, ``path`` is untouched and the partial generation keeps what was
    committed for the next rebuild to resume; a disk error removes it instead, to give the
    space back.
    """
    path = Path(path)
    with _writing_to(path):
        path.parent.mkdir(parents=True, exist_ok=True)
    generation = _resumable(path)
    if generation is None:
        stamp = time.time_ns()
        generation = Generation(_folder(path) / f".{path.name}.gen-{stamp}{_PARTIAL}", stamp, partial=True)
        log.info("building new generation %s", generation.path.name)
    else:
        log.info("resuming partial generation %s", generation.path.name)
    try:
        with update_index(
            generation.path, create=not index_exists(generation.path), commit_every=commit_every
        ) as update:
            yield update
        log.info("switching index %s to %s", path, generation.complete_path.name)
        with _writing_to(path):
            generation.path.rename(generation.complete_path)
            previous = _switch(path, generation.complete_path)
    except IndexWriteFailed as error:
        for directory in (generation.path, generation.complete_path):
            shutil.rmtree(directory, ignore_errors=True)
        raise IndexWriteFailed(path, error.reason) from error.__cause__
    _remove_old_generations(path, keep={generation.complete_path, previous})


def _switch(path: Path, complete: Path) -> Path | None:
    """Point ``path`` at ``complete`` in one rename; returns what it pointed to before."""
    previous = _target(path)
    if previous is not None and not path.is_symlink():  # a plain directory, from before generations
        previous = _folder(path) / f".{path.name}.gen-{time.time_ns()}"
        path.rename(previous)
    temporary_link = _switching_link(path)
    if temporary_link.is_symlink():
        temporary_link.unlink()
    temporary_link.symlink_to(complete.name)
    os.replace(temporary_link, path)
    return previous


def _remove_old_generations(path: Path, keep: set[Path | None]) -> None:
    """Delete this index's other generations; never one that an index path in the folder points to."""
    linked = _linked(path)
    for generation in generations(path):
        if generation.path in keep or generation.path in linked:
            continue
        log.info("removing old generation %s", generation.path.name)
        shutil.rmtree(generation.path, ignore_errors=True)
