"""Extraction in a pool of worker processes: each corpus file becomes an article or a skip."""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Iterable, Iterator

from tqdm import tqdm

from indexer.article import Article
from indexer.errors import PageSkipped
from indexer.extract import extract_file
from indexer.walk import CorpusFile

EXTRACT_CHUNK = 8


@dataclass(frozen=True)
class SkippedFile:
    source: str
    reason: str
    detail: str = ""

    def to_json(self) -> dict[str, str]:
        return {"source": self.source, "reason": self.reason, "detail": self.detail}


def _extract_job(job: CorpusFile) -> tuple[CorpusFile, Article | SkippedFile]:
    """Runs in a worker process; returns the article or why the file was skipped."""
    try:
        return job, extract_file(job.path, job.root)
    except PageSkipped as skipped:
        return job, SkippedFile(job.source, skipped.reason, skipped.detail)


def extract_all(
    pending: list[CorpusFile], workers: int | None, progress: bool | None
) -> Iterator[tuple[CorpusFile, Article | SkippedFile]]:
    """Extract every pending file, in order, with a progress bar (on a terminal by default)."""
    bar = tqdm(total=len(pending), unit="page", disable=None if progress is None else not progress)
    try:
        if workers == 0 or len(pending) < 2 * EXTRACT_CHUNK:
            outcomes: Iterable = map(_extract_job, pending)
            for outcome in outcomes:
                bar.update()
                yield outcome
            return
        with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
            for outcome in pool.map(_extract_job, pending, chunksize=EXTRACT_CHUNK):
                bar.update()
                yield outcome
    finally:
        bar.close()
