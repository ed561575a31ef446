"""Reindex a corpus: walk it, extract what changed in a process pool, update the index.

Incremental by default: a file is re-extracted only when its size or modification time
changed, and documents whose files are gone are removed. A web archive (``indexer.archives``)
is such a file: unchanged, none of its records is read and all stay; changed, it is read again
(streamed through the same pool), its records re-added and those no longer in it removed.
``full=True`` rebuilds into a new index and switches over atomically (``Engine.rebuild``). Every article gets its
story here (``indexer.stories``) before the engine's writer takes it.

Both commit in batches (``search.config.COMMIT_EVERY``), so a killed reindex keeps what it
committed: the next incremental run finds those files unchanged, and the next full one
resumes the unfinished rebuild. Phases are logged on the "newsearch.reindex" logger.

The engine is the one ``search.open_engine`` gives for the ``EngineConfig``: the reindexer
knows it only through the ``Engine`` and ``IndexWriter`` protocols.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from indexer.archives import archive_of, is_archive, read_archive, records_by_archive
from indexer.errors import UNREADABLE
from indexer.extract import is_supported
from indexer.pool import Job, SkippedFile, extract_all
from indexer.stories import Sketch, StoryAssigner
from indexer.walk import CorpusFile, kept_sources, walk_corpus
from search import COMMIT_EVERY, CommitEvery, Engine, EngineConfig, IndexWriter, document_analyser, open_engine
from search.model import Article, document_id

log = logging.getLogger("newsearch.reindex")

UNSUPPORTED = "unsupported-type"


@dataclass
class ReindexReport:
    """What a reindex did; ``seen`` counts every page found, supported or not: a loose file, or a
    record of a web archive (read this time, or kept unchanged with its archive)."""

    seen: int = 0
    archives: int = 0
    """Web archive files found."""
    records: int = 0
    """Records read from the archives that changed, pages or not (the unchanged archives are not read)."""
    indexed: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[SkippedFile] = field(default_factory=list)
    elapsed_s: float = 0.0
    full: bool = False
    index: str = ""
    """Where the index is (``Engine.location``), for messages."""

    def skip(self, skipped: SkippedFile) -> None:
        """Record a file or record left out, and log it: the source and the reason, as the report gives them."""
        self.skipped.append(skipped)
        what = "folder" if skipped.folder else "skipped"
        log.info("%s %s: %s %s", what, skipped.source, skipped.reason, skipped.detail)

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
            "archives": self.archives,
            "records": self.records,
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
        with tempfile.NamedTemporaryFile(
            "w", encoding="utf-8", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
        ) as temporary:
            try:
                temporary.write(text)
                temporary.flush()
            except BaseException:
                os.unlink(temporary.name)
                raise
        os.replace(temporary.name, path)


def reindex(
    roots: list[Path],
    target: EngineConfig,
    *,
    full: bool = False,
    workers: int | None = None,
    follow_links: bool = False,
    progress: bool | None = None,
    wait: bool = False,
    commit_every: CommitEvery = COMMIT_EVERY,
) -> ReindexReport:
    """Bring the index that ``target`` names in line with the files under ``roots``.

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
    engine = open_engine(target)
    report.index = engine.location
    try:
        with engine.reindex_lock(wait=wait):
            rebuilding = full or not engine.exists()  # also the first build: the index appears complete
            writing = engine.rebuild if rebuilding else engine.update
            with writing(commit_every=commit_every) as writer:
                _reindex(
                    roots,
                    engine,
                    writer,
                    report,
                    target,
                    rebuilding=rebuilding,
                    workers=workers,
                    follow_links=follow_links,
                    progress=progress,
                )
    finally:
        engine.close()
    report.elapsed_s = time.perf_counter() - started
    log.info(
        "reindexed %s in %.1f s: %d seen, %d indexed, %d unchanged, %d removed, %d skipped (%.0f pages/s)",
        report.index,
        report.elapsed_s,
        report.seen,
        report.indexed,
        report.unchanged,
        report.removed,
        len(report.skipped),
        report.pages_per_s,
    )
    return report


def _reindex(
    roots: list[Path],
    engine: Engine,
    writer: IndexWriter,
    report: ReindexReport,
    target: EngineConfig,
    *,
    rebuilding: bool,
    workers: int | None,
    follow_links: bool,
    progress: bool | None,
) -> None:
    stories = StoryAssigner(writer)
    known = writer.fingerprints()
    archived = records_by_archive(known)
    walk_started = time.perf_counter()
    walked = _walk(roots, known, archived, report, follow_links=follow_links)
    pending, archives, present = walked.pending, walked.archives, walked.present
    log.info("walked the corpus in %.1f s: %d pages found", time.perf_counter() - walk_started, report.seen)
    if rebuilding and walked.skips and engine.exists():
        present.update(_carry_over(engine, writer, stories, walked.skips, known, report))
    log.info(
        "extracting %d files and the records of %d web archives (%d unchanged)",
        len(pending),
        len(archives),
        report.unchanged,
    )
    extraction_started = time.perf_counter()
    jobs = _with_archive_records(pending, archives, archived, present, report)
    prepare = partial(prepare_article, document_analyser(target))
    for job, outcome in extract_all(jobs, workers, progress, total=None if archives else len(pending), prepare=prepare):
        if isinstance(outcome, SkippedFile):
            report.skip(outcome)
            if rebuilding and outcome.source in known:
                report.removed += writer.remove(outcome.source)  # a resumed rebuild holds what the file used to say
        else:
            writer.add(
                stories.indexed(outcome.article, job.fingerprint, sketch=outcome.sketch, analysed=outcome.analysed)
            )
            report.indexed += 1
    log.info(
        "extracted and wrote %d articles in %.1f s (%d skipped)",
        report.indexed,
        time.perf_counter() - extraction_started,
        len(report.skipped),
    )
    gone = sorted(set(known) - present)
    log.info("removing the documents of %d files no longer there", len(gone))
    for source in gone:
        report.removed += writer.remove(source)


@dataclass
class _Walked:
    """What the walk found: the files to extract, the changed archives to read, the sources still there
    (unchanged or to be read again), and what the walk itself could not take."""

    pending: list[CorpusFile] = field(default_factory=list)
    archives: list[CorpusFile] = field(default_factory=list)
    present: set[str] = field(default_factory=set)
    skips: list[SkippedFile] = field(default_factory=list)


def _walk(
    roots: list[Path],
    known: dict[str, str],
    archived: dict[str, set[str]],
    report: ReindexReport,
    *,
    follow_links: bool,
) -> _Walked:
    """Sort the corpus's files against the index's fingerprints (``known``), counting them in ``report``."""
    walked = _Walked()
    for corpus_file in walk_corpus(roots, follow_links=follow_links):
        if isinstance(corpus_file, SkippedFile):  # what the walk could not take (see indexer.walk)
            report.skip(corpus_file)
            report.seen += not corpus_file.folder
            walked.present.update(kept_sources(corpus_file, known))
            walked.skips.append(corpus_file)
        elif is_archive(corpus_file.path):
            report.archives += 1
            records = archived.get(corpus_file.source, set())
            if records and all(known[source] == corpus_file.fingerprint for source in records):
                walked.present.update(records)
                report.seen += len(records)
                report.unchanged += len(records)
            else:
                walked.archives.append(corpus_file)
        elif not is_supported(corpus_file.path):
            report.seen += 1
            report.skip(SkippedFile(corpus_file.source, UNSUPPORTED, corpus_file.path.suffix))
        else:
            report.seen += 1
            walked.present.add(corpus_file.source)
            if known.get(corpus_file.source) == corpus_file.fingerprint:
                report.unchanged += 1
            else:
                walked.pending.append(corpus_file)
    return walked


def _with_archive_records(
    pending: list[CorpusFile],
    archives: list[CorpusFile],
    archived: dict[str, set[str]],
    present: set[str],
    report: ReindexReport,
) -> Iterator[Job]:
    """The pending files, then the pages of the changed archives, streamed from each file as the pool
    takes them; the records that are no pages are counted and reported here, and never reach the pool."""
    yield from pending
    for archive in archives:
        log.info("reading the web archive %s", archive.source)
        for item in read_archive(archive.path, archive.source, archive.fingerprint):
            report.seen += 1
            report.records += archive_of(item.source) is not None  # not a skip of the whole archive or WARC
            if isinstance(item, SkippedFile):
                report.skip(item)
                if item.source == archive.source and item.reason == UNREADABLE:
                    present.update(archived.get(archive.source, ()))  # not readable now is not gone
                continue
            present.add(item.source)
            yield item


@dataclass(frozen=True)
class PreparedArticle:
    """An article with the indexing work that needs nothing else done in its extraction worker: its
    near-duplicate sketch, and the engine's analysis of its text (``search.document_analyser``), so
    that the one process that writes the index only assigns stories and writes."""

    article: Article
    sketch: Sketch
    analysed: object = None


def prepare_article(analyse: Callable[[Article], object] | None, article: Article) -> PreparedArticle:
    """Runs in an extraction worker."""
    return PreparedArticle(article, Sketch.of(article.body), analyse(article) if analyse else None)


def _carry_over(
    engine: Engine,
    writer: IndexWriter,
    stories: StoryAssigner,
    skips: list[SkippedFile],
    known: dict[str, str],
    report: ReindexReport,
) -> set[str]:
    """A rebuild keeps the documents of files and folders it cannot read now, from the index in use."""
    fingerprints = engine.fingerprints()
    carried: set[str] = set().union(*(kept_sources(skipped, fingerprints) for skipped in skips)) - set(known)
    for source in sorted(carried):
        stored = engine.article(document_id(source))
        if stored is not None:
            writer.add(stories.indexed(stored.article, fingerprints[source]))
            report.indexed += 1
    return carried


def index_articles(engine: Engine, articles: Iterable[Article]) -> None:
    """Add articles already extracted to the engine's index (an empty one is created when there is
    none), each with its story: what tests and benchmarks build their indexes with. One commit."""
    with engine.update(commit_every=None) as writer:
        stories = StoryAssigner(writer)
        for article in articles:
            writer.add(stories.indexed(article))
