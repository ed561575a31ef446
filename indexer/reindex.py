"""Reindex a corpus: walk it, extract what changed in a process pool, update the index.

Incremental by default: a file is re-extracted only when its size or modification time
changed, and documents whose files are gone are removed. ``full=True`` rebuilds into a new
directory and switches over atomically (see ``search.whoosh.storage.rebuild_index``).

Both commit in batches (``search.whoosh.storage.COMMIT_EVERY``), so a killed reindex keeps what it
committed: the next incremental run finds those files unchanged, and the next full one
resumes the partial generation. Phases are logged on the "newsearch.reindex" logger.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections import Counter
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from indexer.extract import is_supported
from indexer.pool import SkippedFile, extract_all
from indexer.walk import CorpusFile, kept_sources, walk_corpus
from search.model import document_id
from search.whoosh.engine import SearchIndex
from search.whoosh.storage import (
    COMMIT_EVERY,
    CommitEvery,
    IndexUpdate,
    index_exists,
    rebuild_index,
    reindex_lock,
    update_index,
)

log = logging.getLogger("newsearch.reindex")

UNSUPPORTED = "unsupported-type"


@dataclass
class ReindexReport:
    """What a reindex did; ``seen`` counts every file found, supported or not."""

    seen: int = 0
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    elapsed_s: float = 0.0
    full: bool = False

    @property
    def skipped_by_reason(self) -> dict[str, int]:
        return dict(Counter(s.reason for s in self.skipped).most_common())

    @property
    def pages_per_s(self) -> float:
        return self.seen / self.elapsed_s if self.elapsed_s else 0.0

    def summary(self) -> dict[str, object]:
        return {
            "mode": "full" if self.full else "incremental",
            "seen": self.seen,
            "indexed": self.indexed,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "skipped": len(self.skipped),
            "skipped_by_reason": self.skipped_by_reason,
            "elapsed_s": round(self.elapsed_s, 2),
            "pages_per_s": round(self.pages_per_s, 1),
        }

    def write_json(self, path: Path) -> None:
        """The summary plus every skipped file with its reason, written atomically.

        Written to a temporary file beside it and renamed: a full disk or an interruption
        leaves the previous report whole, never half of a new one.
        """
        payload = {**self.summary(), "skipped_files": [s.to_json() for s in self.skipped]}
        text = json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent,
                                         prefix=f".{path.name}.", suffix=".tmp", delete=False) as temporary:
            try:
                temporary.write(text)
                temporary.flush()
            except BaseException:
                os.unlink(temporary.name)
                raise
        os.replace(temporary.name, path)


def reindex(
    roots: list[Path],
    index_path: Path,
    *,
    full: bool = False,
    workers: int | None = None,
    follow_links: bool = False,
    progress: bool | None = None,
    wait: bool = False,
    commit_every: CommitEvery = COMMIT_EVERY,
) -> ReindexReport:
    """Bring the index at ``index_path`` in line with the files under ``roots``.

    ``progress=None`` shows a progress bar only on a terminal. ``workers=0`` extracts in
    this process (useful for debugging); the default uses one worker per core. ``wait``
    waits for another reindex of the same index instead of raising IndexBusy. Without an
    index yet, an incremental run builds one as a full run does, so the index path only
    appears when it is complete.
    """
    started = time.perf_counter()
    roots = [Path(r) for r in roots]
    for root in roots:
        if not root.exists():
            raise FileNotFoundError(f"no such file or folder: {root}")
    report = ReindexReport(full=full)
    with reindex_lock(index_path, wait=wait), _writing(index_path, full, commit_every) as update:
        known = update.committed_fingerprints()
        pending: list[CorpusFile] = []
        present: set[str] = set()
        walk_skips: list[SkippedFile] = []
        for corpus_file in walk_corpus(roots, follow_links=follow_links):
            if isinstance(corpus_file, SkippedFile):  # what the walk could not take (see indexer.walk)
                report.skipped.append(corpus_file)
                report.seen += not corpus_file.folder
                present.update(kept_sources(corpus_file, known))
                walk_skips.append(corpus_file)
                continue
            report.seen += 1
            if not is_supported(corpus_file.path):
                report.skipped.append(SkippedFile(corpus_file.source, UNSUPPORTED, corpus_file.path.suffix))
                continue
            present.add(corpus_file.source)
            if known.get(corpus_file.source) == corpus_file.fingerprint:
                report.unchanged += 1
            else:
                pending.append(corpus_file)

        if update.rebuilding and walk_skips and index_exists(index_path):
            present.update(_carry_over(index_path, update, walk_skips, known))
        log.info("extracting %d files (%d unchanged)", len(pending), report.unchanged)
        for corpus_file, outcome in extract_all(pending, workers, progress):
            if isinstance(outcome, SkippedFile):
                report.skipped.append(outcome)
                if update.rebuilding and outcome.source in known:
                    update.remove(outcome.source)  # a resumed rebuild holds what the file used to say
            else:
                update.add(outcome, corpus_file.fingerprint)
        gone = sorted(set(known) - present)
        log.info("removing the documents of %d files no longer there", len(gone))
        for source in gone:
            update.remove(source)
        report.indexed = update.added
        report.removed = update.removed
    report.elapsed_s = time.perf_counter() - started
    return report


def _carry_over(index_path: Path, update: IndexUpdate, skips: list[SkippedFile], known: dict[str, str]) -> set[str]:
    """A rebuild keeps the documents of files and folders it cannot read now, from the index in use."""
    in_use = SearchIndex.open(index_path)
    try:
        fingerprints = in_use.fingerprints()
        carried = set().union(*(kept_sources(skipped, fingerprints) for skipped in skips)) - set(known)
        for source in sorted(carried):
            stored = in_use.article(document_id(source))
            if stored is not None:
                update.add(stored.article, fingerprints[source])
        return carried
    finally:
        in_use.close()


def _writing(index_path: Path, full: bool, commit_every: CommitEvery) -> AbstractContextManager[IndexUpdate]:
    """A full rebuild (also the first build: the index appears complete) or an update in place."""
    if full or not index_exists(index_path):
        return rebuild_index(index_path, commit_every=commit_every)
    return update_index(index_path, commit_every=commit_every)
