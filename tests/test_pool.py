"""The supervised extraction pool: order kept, and a page that stalls, crashes or eats memory
costs only itself (skipped with a reason), never the run."""

from __future__ import annotations

import ctypes
import faulthandler
import multiprocessing
import os
import signal
import time
from pathlib import Path

import pytest

from indexer import pool
from indexer.errors import SkippedFile
from indexer.pool import extract_all, supervised_map
from indexer.walk import CorpusFile, walk_corpus

pytestmark = pytest.mark.timeout(180)

STALL, KILL, SEGFAULT, HOG = 13, 21, 34, 42


def _work(n: int) -> tuple[int, str]:
    """A page's work in a worker: most are quick; some stall in C, die or want too much memory."""
    if n == STALL:
        ctypes.CDLL(None).sleep(3600)  # a stall in C: no Python signal handler runs
    elif n == KILL:
        os.kill(os.getpid(), signal.SIGKILL)
    elif n == SEGFAULT:
        faulthandler.disable()  # pytest's handler would print the crash in the test output
        ctypes.string_at(0)
    elif n == HOG:
        bytearray(3 * 1024**3)
    return n, "ok"


def _failed(n: int, reason: str, detail: str) -> tuple[int, str]:
    return n, reason


def _run(items, **options) -> list[tuple[int, str]]:
    settings = {"failed": _failed, "workers": 2, "chunk_size": 4, "time_limit": 2.0, "memory_limit": 1024**3} | options
    return list(supervised_map(_work, items, **settings))


def test_results_come_back_in_input_order():
    items = [n for n in range(100) if n not in (STALL, KILL, SEGFAULT, HOG)]
    assert _run(items) == [(n, "ok") for n in items]


def test_a_stalled_page_times_out_alone_and_its_worker_is_replaced():
    results = _run(list(range(40)))
    assert results[STALL] == (STALL, "timeout")
    assert results[KILL] == (KILL, "worker-died")
    assert results[SEGFAULT] == (SEGFAULT, "worker-died")
    assert all(result == (n, "ok") for n, result in enumerate(results) if n not in (STALL, KILL, SEGFAULT))


def test_a_page_over_the_memory_limit_is_out_of_memory():
    assert _run([1, HOG, 2]) == [(1, "ok"), (HOG, "out-of-memory"), (2, "ok")]


def test_a_consumer_that_stops_early_does_not_wait_for_stalled_pages():
    results = supervised_map(
        _work, [1, STALL, 2, 3], failed=_failed, workers=2, chunk_size=1, time_limit=3600.0, memory_limit=None
    )
    assert next(results) == (1, "ok")
    results.close()  # must return without waiting an hour for the stalled page


# -- extract_all: the pages of a corpus --------------------------------------------------------

PAGE = (
    "<html><head><title>Ferry {n} sails again</title></head><body><h1>Ferry {n} sails again</h1>"
    "<p>The island ferry number {n} sailed again on Monday after repairs to its engine.</p></body></html>"
)


@pytest.fixture()
def pages(tmp_path: Path) -> list[CorpusFile]:
    for n in range(30):
        (tmp_path / f"ferry-{n:02}.html").write_text(PAGE.format(n=n), encoding="utf-8")
    files = list(walk_corpus([tmp_path]))
    assert all(isinstance(f, CorpusFile) for f in files)
    return files  # type: ignore[return-value]


def test_extract_all_keeps_order_in_and_out_of_process(pages):
    in_process = [(job.source, article.headline) for job, article in extract_all(pages, 0, False)]
    pooled = [(job.source, article.headline) for job, article in extract_all(pages, 2, False)]
    assert pooled == in_process
    assert [source for source, _ in pooled] == [f"ferry-{n:02}.html" for n in range(30)]


def _headline_and_worker(article):
    return article.headline, os.getpid()


def test_extract_all_prepares_each_article_where_it_was_extracted(pages):
    in_process = list(extract_all(pages, 0, False, prepare=_headline_and_worker))
    pooled = list(extract_all(pages, 2, False, prepare=_headline_and_worker))
    assert [headline for _, (headline, _) in pooled] == [headline for _, (headline, _) in in_process]
    assert {pid for _, (_, pid) in in_process} == {os.getpid()}
    assert os.getpid() not in {pid for _, (_, pid) in pooled}


def _stall_on_page_7(path, root):
    if path.name == "ferry-07.html":
        ctypes.CDLL(None).sleep(3600)
    return _real_extract_file(path, root)


_real_extract_file = pool.extract_file


def test_extract_all_skips_a_stalled_page_as_timeout(pages, monkeypatch):
    assert multiprocessing.get_start_method() == "fork"  # workers inherit the patched function
    monkeypatch.setattr(pool, "extract_file", _stall_on_page_7)
    outcomes = list(extract_all(pages, 2, False, time_limit=2.0))
    skipped = [(job.source, outcome.reason) for job, outcome in outcomes if isinstance(outcome, SkippedFile)]
    assert skipped == [("ferry-07.html", "timeout")]
    assert len(outcomes) == 30


def _pid(n: int) -> tuple[int, int]:
    return n, os.getpid()


def _wait_until_dead(pid: int) -> None:
    while Path(f"/proc/{pid}/stat").read_text().split(") ")[-1][0] != "Z":  # a zombie until its parent joins it
        time.sleep(0.01)


def test_a_worker_killed_while_idle_is_replaced():
    results = supervised_map(
        _pid, [0, 1, 2], failed=_failed, workers=1, chunk_size=1, time_limit=60.0, memory_limit=None
    )
    first_item, first_worker = next(results)
    assert first_item == 0
    os.kill(first_worker, signal.SIGKILL)  # idle: its page is done, the next one not sent yet
    _wait_until_dead(first_worker)
    rest = list(results)
    assert [n for n, _ in rest] == [1, 2]
    assert all(pid != first_worker for _, pid in rest)


def test_the_input_is_taken_as_the_window_moves_not_all_at_once():
    taken: list[int] = []

    def items():
        for n in range(1000):
            taken.append(n)
            yield n

    results = supervised_map(_pid, items(), failed=_failed, workers=2, chunk_size=4, time_limit=60.0, memory_limit=None)
    assert next(results)[0] == 0
    assert len(taken) <= 2 * 4 * pool.CHUNKS_AHEAD_PER_WORKER + 4  # the window, and the chunk that filled it
    assert [n for n, _ in results] == list(range(1, 1000))
