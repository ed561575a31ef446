"""Extraction in a pool of worker processes: each corpus file becomes an article or a skip.

One page can stall a worker in C (lxml) where no signal reaches it, crash it, or eat memory,
so the workers are supervised (pebble's ``ProcessPool``): pages go out in chunks of
``EXTRACT_CHUNK`` (extraction takes ~5 ms a page, so one task per page would spend much of its
time on messages), a chunk that outlives the page time limit is killed with its worker, which
is replaced, and its pages are run again one by one, each with the time limit, to find the
culprit.  A worker that dies does the same.  Each worker has an address-space limit, so a page
that wants too much memory gets a ``MemoryError``, which is a skip.  Results come back in input
order; a bounded number of chunks is in flight, so a slow index writer does not pile results up.
"""

from __future__ import annotations

import os
import resource
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from typing import TypeVar

from pebble import ProcessExpired, ProcessFuture, ProcessPool
from tqdm import tqdm

from indexer.article import Article
from indexer.errors import EXTRACT_ERROR, OUT_OF_MEMORY, TIMEOUT, WORKER_DIED, PageSkipped, SkippedFile
from indexer.extract import extract_file
from indexer.limits import PAGE_TIME_LIMIT_S, WORKER_MEMORY_LIMIT
from indexer.walk import CorpusFile

__all__ = ["EXTRACT_CHUNK", "SkippedFile", "extract_all", "supervised_map"]

EXTRACT_CHUNK = 8
CHUNKS_IN_FLIGHT_PER_WORKER = 4

Item = TypeVar("Item")
Result = TypeVar("Result")


def _extract_job(job: CorpusFile) -> tuple[CorpusFile, Article | SkippedFile]:
    """Runs in a worker process; returns the article or why the file was skipped."""
    try:
        return job, extract_file(job.path, job.root)
    except PageSkipped as skipped:
        return job, SkippedFile(job.source, skipped.reason, skipped.detail)
    except MemoryError:
        return job, SkippedFile(job.source, OUT_OF_MEMORY, "over the worker's memory limit")


def _job_failed(job: CorpusFile, reason: str, detail: str) -> tuple[CorpusFile, SkippedFile]:
    return job, SkippedFile(job.source, reason, detail)


def extract_all(
    pending: list[CorpusFile], workers: int | None, progress: bool | None, *,
    time_limit: float = PAGE_TIME_LIMIT_S, memory_limit: int | None = WORKER_MEMORY_LIMIT,
) -> Iterator[tuple[CorpusFile, Article | SkippedFile]]:
    """Extract every pending file, in order, with a progress bar (on a terminal by default).

    ``workers=0`` extracts in this process, without time or memory limits (for debugging).
    """
    bar = tqdm(total=len(pending), unit="page", disable=None if progress is None else not progress)
    try:
        if workers == 0 or not pending:
            outcomes: Iterator[tuple[CorpusFile, Article | SkippedFile]] = map(_extract_job, pending)
        else:
            outcomes = supervised_map(
                _extract_job, pending, failed=_job_failed, workers=workers or os.cpu_count() or 1,
                chunk_size=EXTRACT_CHUNK, time_limit=time_limit, memory_limit=memory_limit,
            )
        for outcome in outcomes:
            bar.update()
            yield outcome
    finally:
        bar.close()


def supervised_map(
    function: Callable[[Item], Result], items: Sequence[Item], *,
    failed: Callable[[Item, str, str], Result], workers: int, chunk_size: int,
    time_limit: float, memory_limit: int | None,
) -> Iterator[Result]:
    """``function`` of every item, in order, in worker processes; ``failed(item, reason, detail)``
    stands in for an item whose run timed out (``timeout``), killed its worker (``worker-died``)
    or raised (``extract-error``).

    ``function`` must be picklable (a module-level function) and should catch its own errors:
    an exception here costs a rerun of its whole chunk.
    """
    chunks = iter([items[start:start + chunk_size] for start in range(0, len(items), chunk_size)])
    pool = ProcessPool(max_workers=workers, initializer=_limit_memory, initargs=(memory_limit,))
    in_flight: deque[tuple[Sequence[Item], ProcessFuture]] = deque()

    def send_next_chunk() -> None:
        chunk = next(chunks, None)
        if chunk is not None:
            in_flight.append((chunk, pool.schedule(_run_chunk, args=(function, chunk), timeout=time_limit)))

    finished = False
    try:
        for _ in range(workers * CHUNKS_IN_FLIGHT_PER_WORKER):
            send_next_chunk()
        while in_flight:
            chunk, future = in_flight.popleft()
            send_next_chunk()
            try:
                results = future.result()
            except Exception:  # noqa: BLE001 - timeout, dead worker or error: find the page(s) one by one
                results = _one_by_one(pool, function, chunk, failed, time_limit)
            yield from results
        finished = True
    finally:
        if finished:
            pool.close()
        else:  # the consumer stopped early or raised: do not wait for the pages in flight
            pool.stop()
        pool.join()


def _run_chunk(function: Callable[[Item], Result], chunk: Sequence[Item]) -> list[Result]:
    return [function(item) for item in chunk]


def _one_by_one(
    pool: ProcessPool, function: Callable[[Item], Result], chunk: Sequence[Item],
    failed: Callable[[Item, str, str], Result], time_limit: float,
) -> list[Result]:
    futures = [pool.schedule(function, args=(item,), timeout=time_limit) for item in chunk]
    results = []
    for item, future in zip(chunk, futures):
        try:
            results.append(future.result())
        except FutureTimeout:
            results.append(failed(item, TIMEOUT, f"over the time limit of {time_limit:g} s; the worker was replaced"))
        except ProcessExpired as died:
            results.append(failed(item, WORKER_DIED, _death(died)))
        except MemoryError:
            results.append(failed(item, OUT_OF_MEMORY, "over the worker's memory limit"))
        except Exception as exc:  # noqa: BLE001 - one page's error never costs the run
            results.append(failed(item, EXTRACT_ERROR, repr(exc)[:500]))
    return results


def _death(died: ProcessExpired) -> str:
    code = died.exitcode
    if code is not None and code < 0:
        return f"the worker process was killed by signal {-code}"
    return f"the worker process exited with status {code}"


def _limit_memory(limit: int | None) -> None:
    """Worker initializer: cap the address space, so a page's runaway allocation is a MemoryError."""
    if limit is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
