"""Extraction in a pool of worker processes: each corpus file or web archive record becomes an article or a skip.

One page can stall a worker in C (lxml), where no signal reaches it, crash it, or eat memory;
none of that may cost more than the page.  So the workers are supervised here:

- each worker has a pipe of its own and gets pages in chunks of ``EXTRACT_CHUNK`` (extraction
  takes ~5 ms a page, so a message per page each way would be felt), and sends back each page's
  result as soon as it has it, so the supervisor always knows which page a worker is on and
  since when;
- a page past the time limit is skipped as ``timeout``: its worker is killed (SIGKILL, the only
  thing that stops a stall in C) and replaced, and the rest of its chunk goes to another worker;
- a worker that dies (a segfault, the kernel's OOM killer) costs the page it was on
  (``worker-died``), the same way;
- each worker has an address-space limit, so a page that wants too much memory gets a
  ``MemoryError`` in its worker and is skipped as ``out-of-memory``.

Results come back in input order, and only a bounded window of pages is out at a time, so a
slow index writer does not pile results up.  The input is taken lazily, as the window moves:
the records of a web archive stream from its file into the workers, never all in memory.
pebble's ``ProcessPool`` was tried first: a worker killed at the wrong moment broke the whole
pool ("All workers expired"), and its issue tracker reports deadlocks when a worker dies
holding the shared channel's lock; a pipe per worker has no shared lock to lose.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from typing import Any, Generic, TypeVar

from tqdm import tqdm

from indexer.archives import ArchiveRecord
from indexer.errors import EXTRACT_ERROR, OUT_OF_MEMORY, TIMEOUT, WORKER_DIED, PageSkipped, SkippedFile
from indexer.extract import extract_capture, extract_file
from indexer.limits import PAGE_TIME_LIMIT_S, WORKER_MEMORY_LIMIT
from indexer.walk import CorpusFile
from search.model import Article

__all__ = ["EXTRACT_CHUNK", "SkippedFile", "extract_all", "supervised_map"]

EXTRACT_CHUNK = 8
CHUNKS_AHEAD_PER_WORKER = 4
"""How far ahead of the consumer the workers may run, in chunks per worker."""

Item = TypeVar("Item")
Result = TypeVar("Result")


Job = CorpusFile | ArchiveRecord
"""What a worker extracts: a loose file (read in the worker), or a web archive record's payload
(read from its archive by the main process, which streams the archive)."""


def _extract_job(job: Job, prepare: Callable[[Article], Any] | None = None) -> Any:
    """Runs in a worker process; returns the article (or what ``prepare`` makes of it) or why the page
    was skipped (never the job itself: the record's payload would travel back for nothing)."""
    try:
        if isinstance(job, ArchiveRecord):
            article = extract_capture(job.payload, job.source, job.target_uri, job.captured_at, job.charset)
        else:
            article = extract_file(job.path, job.root)
        return article if prepare is None else prepare(article)
    except PageSkipped as skipped:
        return SkippedFile(job.source, skipped.reason, skipped.detail)
    except MemoryError:
        return SkippedFile(job.source, OUT_OF_MEMORY, "over the worker's memory limit")


def _job_failed(job: Job, reason: str, detail: str) -> SkippedFile:
    return SkippedFile(job.source, reason, detail)


def extract_all(
    pending: Iterable[Job],
    workers: int | None,
    progress: bool | None,
    *,
    total: int | None = None,
    time_limit: float = PAGE_TIME_LIMIT_S,
    memory_limit: int | None = WORKER_MEMORY_LIMIT,
    prepare: Callable[[Article], Any] | None = None,
) -> Iterator[tuple[Job, Any]]:
    """Extract every pending job, in order, with a progress bar (on a terminal by default).

    ``pending`` is taken lazily (a bounded window ahead of the results); ``total`` sizes the
    progress bar when ``pending`` has no length. ``workers=0`` extracts in this process, without
    time or memory limits (for debugging). ``prepare`` (picklable) turns each article into what is
    yielded in its place, in the worker: indexing work that needs only the article then runs on
    every core, not in the one consumer.
    """
    if total is None and isinstance(pending, Sequence):
        total = len(pending)
    bar = tqdm(total=total, unit="page", disable=None if progress is None else not progress)
    given: deque[Job] = deque()  # the jobs out, oldest first: results come back in the same order

    def taken() -> Iterator[Job]:
        for job in pending:
            given.append(job)
            yield job

    try:
        job = _extract_job if prepare is None else partial(_extract_job, prepare=prepare)
        outcomes: Iterator[Any]
        if workers == 0:
            outcomes = map(job, taken())
        else:
            outcomes = supervised_map(
                job,
                taken(),
                failed=_job_failed,
                workers=workers or os.cpu_count() or 1,
                chunk_size=EXTRACT_CHUNK,
                time_limit=time_limit,
                memory_limit=memory_limit,
            )
        for outcome in outcomes:
            bar.update()
            yield given.popleft(), outcome
    finally:
        bar.close()


# -- the supervised pool --------------------------------------------------------------------------

_OK, _FAILED = "ok", "failed"


@dataclass
class _Chunk(Generic[Item]):
    start: int  # index of its first item in the input
    items: Sequence[Item]


@dataclass
class _Worker(Generic[Item]):
    process: BaseProcess
    connection: Connection
    chunk: _Chunk[Item] | None = None
    done: int = 0  # results received for the current chunk
    page_started: float = field(default_factory=time.monotonic)


def supervised_map(
    function: Callable[[Item], Result],
    items: Iterable[Item],
    *,
    failed: Callable[[Item, str, str], Result],
    workers: int,
    chunk_size: int,
    time_limit: float,
    memory_limit: int | None,
) -> Iterator[Result]:
    """``function`` of every item, in input order, in supervised worker processes.

    ``failed(item, reason, detail)`` stands in for an item whose run took over ``time_limit``
    seconds (``timeout``), killed its worker (``worker-died``), ran out of the ``memory_limit``
    bytes of address space (``out-of-memory``) or raised (``extract-error``).  ``function``
    and the items must be picklable.  ``items`` is read as the window moves: at most
    ``workers * chunk_size * CHUNKS_AHEAD_PER_WORKER`` items (plus a chunk) are taken and not
    yet given back.
    """
    supervisor = _Supervisor(function, failed, workers, time_limit, memory_limit)
    remaining = iter(items)
    queue: deque[_Chunk[Item]] = deque()
    window = workers * chunk_size * CHUNKS_AHEAD_PER_WORKER
    results: dict[int, Result] = {}
    next_out = 0
    taken = 0  # items read from the input so far
    exhausted = False
    try:
        while True:
            while next_out in results:
                yield results.pop(next_out)
                next_out += 1
            while not exhausted and taken < next_out + window:
                chunk = list(islice(remaining, chunk_size))
                exhausted = len(chunk) < chunk_size
                if chunk:
                    queue.append(_Chunk(taken, chunk))
                    taken += len(chunk)
            if exhausted and next_out == taken:
                break
            while queue and queue[0].start < next_out + window and supervisor.has_room():
                supervisor.send(queue.popleft())
            for position, result, rest in supervisor.collect():
                results[position] = result
                if rest is not None:
                    queue.appendleft(rest)
    finally:
        supervisor.shut_down()


class _Supervisor(Generic[Item, Result]):
    """The worker processes: starts, feeds, watches, kills and replaces them."""

    def __init__(
        self,
        function: Callable[[Item], Result],
        failed: Callable[[Item, str, str], Result],
        workers: int,
        time_limit: float,
        memory_limit: int | None,
    ) -> None:
        self._function = function
        self._failed = failed
        self._size = workers
        self._time_limit = time_limit
        self._memory_limit = memory_limit
        self._context = multiprocessing.get_context()
        self._workers: list[_Worker[Item]] = []

    def has_room(self) -> bool:
        return len(self._workers) < self._size or any(worker.chunk is None for worker in self._workers)

    def send(self, chunk: _Chunk[Item]) -> None:
        while True:
            worker = next((w for w in self._workers if w.chunk is None), None) or self._start_worker()
            try:
                if not worker.process.is_alive():
                    raise BrokenPipeError("the worker died while idle")
                worker.connection.send(list(chunk.items))
            except OSError:  # it died while idle (the kernel's OOM killer): replace it
                self._stop(worker)
                self._workers.remove(worker)
                continue
            worker.chunk, worker.done, worker.page_started = chunk, 0, time.monotonic()
            return

    def collect(self) -> Iterator[tuple[int, Result, _Chunk[Item] | None]]:
        """Wait for results; yields ``(input position, result, rest of a chunk to send again or None)``."""
        busy = [worker for worker in self._workers if worker.chunk is not None]
        if not busy:
            raise RuntimeError("no page is out, yet results are missing")
        first_deadline = min(worker.page_started for worker in busy) + self._time_limit
        ready = set(
            wait(
                [w.connection for w in busy] + [w.process.sentinel for w in busy],
                timeout=max(0.0, first_deadline - time.monotonic()),
            )
        )
        for worker in busy:
            yield from self._drain(worker)
            if worker.chunk is None:
                continue
            if worker.process.sentinel in ready or not worker.process.is_alive():
                yield from self._drain(worker)  # what it sent before it died
                if worker.chunk is None:
                    self._stop(worker)
                    self._workers.remove(worker)
                else:
                    yield self._lost(worker, WORKER_DIED, _death(worker.process))
            elif time.monotonic() - worker.page_started > self._time_limit:
                yield self._lost(
                    worker, TIMEOUT, f"over the time limit of {self._time_limit:g} s; the worker was replaced"
                )

    def _drain(self, worker: _Worker[Item]) -> Iterator[tuple[int, Result, None]]:
        """The results waiting in the worker's pipe."""
        while worker.chunk is not None and worker.connection.poll():
            try:
                message = worker.connection.recv()
            except (EOFError, OSError):
                return
            yield self._received(worker, message)

    def _received(self, worker: _Worker[Item], message: tuple) -> tuple[int, Result, None]:
        chunk = worker.chunk
        assert chunk is not None
        item = chunk.items[worker.done]
        position = chunk.start + worker.done
        result = message[1] if message[0] == _OK else self._failed(item, message[1], message[2])
        worker.done += 1
        worker.page_started = time.monotonic()
        if worker.done == len(chunk.items):
            worker.chunk = None
        return position, result, None

    def _lost(self, worker: _Worker[Item], reason: str, detail: str) -> tuple[int, Result, _Chunk[Item] | None]:
        """The worker's current page failed with it: kill it, and hand back the rest of its chunk."""
        chunk = worker.chunk
        assert chunk is not None
        self._stop(worker)
        self._workers.remove(worker)
        failed_at = worker.done
        rest = (
            _Chunk(chunk.start + failed_at + 1, chunk.items[failed_at + 1 :])
            if failed_at + 1 < len(chunk.items)
            else None
        )
        return chunk.start + failed_at, self._failed(chunk.items[failed_at], reason, detail), rest

    def _start_worker(self) -> _Worker[Item]:
        ours, theirs = self._context.Pipe()
        process = self._context.Process(
            target=_work, args=(theirs, self._function, self._memory_limit), daemon=True, name="newsearch-extract"
        )
        process.start()
        theirs.close()
        worker: _Worker[Item] = _Worker(process, ours)
        self._workers.append(worker)
        return worker

    @staticmethod
    def _stop(worker: _Worker) -> None:
        if worker.process.is_alive():
            worker.process.kill()
        worker.process.join()
        worker.connection.close()

    def shut_down(self) -> None:
        """Idle workers are told to finish; busy ones (the consumer stopped early) are killed."""
        for worker in self._workers:
            if worker.chunk is None:
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
        for worker in self._workers:
            if worker.chunk is None:
                worker.process.join(timeout=5)
            self._stop(worker)
        self._workers.clear()


def _work(connection: Connection, function: Callable, memory_limit: int | None) -> None:
    """A worker process: runs ``function`` on each item of each chunk it is sent, one message per item."""
    _limit_memory(memory_limit)
    while True:
        try:
            chunk = connection.recv()
        except (EOFError, OSError):
            return
        if chunk is None:
            return
        for item in chunk:
            try:
                message: tuple = (_OK, function(item))
            except MemoryError:
                message = (_FAILED, OUT_OF_MEMORY, "over the worker's memory limit")
            except Exception as exc:  # noqa: BLE001 - one item's error is that item's
                message = (_FAILED, EXTRACT_ERROR, repr(exc)[:500])
            try:
                connection.send(message)
            except MemoryError:
                connection.send((_FAILED, OUT_OF_MEMORY, "over the worker's memory limit"))
            except Exception as exc:  # noqa: BLE001 - an unpicklable result
                connection.send((_FAILED, EXTRACT_ERROR, repr(exc)[:500]))


def _death(process: BaseProcess) -> str:
    process.join(timeout=1)
    code = process.exitcode
    if code is not None and code < 0:
        return f"the worker process was killed by signal {-code}"
    return f"the worker process exited with status {code}"


def _limit_memory(limit: int | None) -> None:
    """Cap the worker's address space, so a page's runaway allocation is a MemoryError, not the machine's."""
    if limit is None:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
