"""SIGKILL `newsearch reindex` at chosen moments: the index in use keeps answering, nothing is lost.

Each round starts the real command on a generated corpus, waits for a phase line of its
--verbose log (extracting, committing batch N, switching index, removing old generations),
waits a random moment more and kills the process with its workers. Then:

- an engine opened before all the kills (as the server holds it) answers with no error;
- the next reindex succeeds, redoes only what had not been committed, and the index then
  matches the corpus exactly: one document per file, each from the file's current version.

The seed is printed so a failing run can be repeated (NEWSEARCH_CRASH_SEED).
"""

from __future__ import annotations

import os
import random
import re
import threading
from collections import Counter
from pathlib import Path

import pytest

from indexer.reindex import reindex
from search import CommitEvery, Engine
from search.model import SearchRequest
from search.whoosh.storage import generations
from tests.corpus_pages import (
    COMMON_WORD,
    assert_index_matches,
    page_path,
    token,
    write_corpus,
    write_page,
)
from tests.engines import config_at, engine_at
from tests.reindex_process import kill_after, start_reindex

PAGES = 240
BATCH = 40
BATCHES = PAGES // BATCH
FULL_KILLS = 22
INCREMENTAL_KILLS = 6


@pytest.fixture()
def rng() -> random.Random:
    seed = int(os.environ.get("NEWSEARCH_CRASH_SEED", random.randrange(10**6)))
    print(f"NEWSEARCH_CRASH_SEED={seed}")
    return random.Random(seed)


def _full_phase(round_number: int, rng: random.Random) -> tuple[str, re.Pattern[str], float]:
    """Cycles through the phases; the delays reach into the phase (a commit takes ~0.1-1 s)."""
    kind = ("extracting", "commit", "switch", "cleanup")[round_number % 4]
    if kind == "extracting":
        return kind, re.compile(r"extracting \d+ files"), rng.uniform(0, 1.5)
    if kind == "commit":
        return kind, re.compile(rf"committing batch {rng.randint(1, BATCHES)} "), rng.uniform(0, 0.3)
    if kind == "switch":
        return kind, re.compile(r"switching index"), rng.uniform(0, 0.003)
    return kind, re.compile(r"removing old generation"), rng.uniform(0, 0.003)


def _answers_everything(server: Engine) -> None:
    assert server.search(SearchRequest(q=COMMON_WORD, page_size=5)).total == PAGES


@pytest.mark.timeout(600)
def test_a_full_reindex_killed_at_any_moment_loses_nothing(tmp_path, rng):
    root, index_path = tmp_path / "corpus", tmp_path / "index"
    revisions = write_corpus(root, PAGES)
    reindex([root], config_at(index_path))
    server = engine_at(index_path)
    _answers_everything(server)
    kills: Counter[str] = Counter()
    for round_number in range(FULL_KILLS * 2):
        if sum(kills.values()) >= FULL_KILLS:
            break
        kind, phase, delay = _full_phase(round_number, rng)
        live = os.path.realpath(index_path)
        stopped = kill_after(start_reindex(root, index_path, "--full", "--commit-every", str(BATCH)), phase, delay)
        if not stopped.killed:
            continue  # it finished first; the next round tries again
        kills[kind] += 1
        _answers_everything(server)
        assert not os.path.realpath(index_path).endswith(".partial")

        if os.path.realpath(index_path) != live:  # killed after its switch: the new index is complete
            assert any("switching index" in line for line in stopped.lines), stopped.lines
            report = reindex([root], config_at(index_path))
            assert report.unchanged == PAGES
        else:  # the next --full resumes the killed one's partial generation
            report = reindex([root], config_at(index_path), full=True, commit_every=CommitEvery(documents=BATCH))
            assert report.unchanged >= stopped.committed_changes, stopped.lines
            assert report.indexed + report.unchanged == PAGES
        assert_index_matches(index_path, root, revisions)
        _answers_everything(server)
        assert sum(g.partial for g in generations(index_path)) == 0
    print(f"full reindex killed {dict(kills)}")
    assert sum(kills.values()) >= FULL_KILLS
    assert set(kills) == {"extracting", "commit", "switch", "cleanup"}


def _change_corpus(root: Path, revisions: dict[int, int], rng: random.Random, next_number: int) -> int:
    """Rewrite some pages, delete a few and add a few; returns how many files changed or are new."""
    numbers = sorted(revisions)
    for number in rng.sample(numbers, 60):
        revisions[number] += 1
        write_page(root, number, revisions[number])
    for number in rng.sample(sorted(set(numbers) - {n for n in numbers if revisions[n] > 0}), 4):
        page_path(root, number).unlink()
        del revisions[number]
    for number in range(next_number, next_number + 4):
        write_page(root, number)
        revisions[number] = 0
    return 64


@pytest.mark.timeout(300)
def test_an_incremental_reindex_killed_while_files_change_ends_up_exact(tmp_path, rng):
    root, index_path = tmp_path / "corpus", tmp_path / "index"
    revisions = write_corpus(root, PAGES)
    reindex([root], config_at(index_path))
    server = engine_at(index_path)
    batch = 10
    kills: Counter[str] = Counter()
    next_number = PAGES
    for round_number in range(INCREMENTAL_KILLS * 2):
        if sum(kills.values()) >= INCREMENTAL_KILLS:
            break
        before = dict(revisions)
        changed = _change_corpus(root, revisions, rng, next_number)
        next_number += 4
        kind = ("extracting", "commit", "removing")[round_number % 3]
        phase = {
            "extracting": re.compile(r"extracting \d+ files"),
            "commit": re.compile(rf"committing batch {rng.randint(1, changed // batch)} "),
            "removing": re.compile(r"removing the documents"),
        }[kind]
        stopped = kill_after(
            start_reindex(root, index_path, "--commit-every", str(batch)),
            phase,
            rng.uniform(0, 0.5 if kind == "extracting" else 0.05),
        )
        if stopped.killed:
            kills[kind] += 1
        total = server.search(SearchRequest(q=COMMON_WORD, page_size=5)).total  # answers, part updated
        assert min(len(before), len(revisions)) <= total <= len(before | revisions)
        report = reindex([root], config_at(index_path), commit_every=CommitEvery(documents=batch))
        assert report.indexed <= max(0, changed - stopped.committed_changes), stopped.lines  # removals come last
        assert_index_matches(index_path, root, revisions)
        newest = next(n for n in sorted(revisions, reverse=True))
        assert server.search(SearchRequest(q=token(newest, revisions[newest]))).total == 1
    print(f"incremental reindex killed {dict(kills)}")
    assert sum(kills.values()) >= INCREMENTAL_KILLS


@pytest.mark.timeout(300)
def test_searches_during_full_reindexes_and_their_switches_never_fail(tmp_path):
    root, index_path = tmp_path / "corpus", tmp_path / "index"
    write_corpus(root, PAGES)
    reindex([root], config_at(index_path))
    server = engine_at(index_path)
    stop = threading.Event()
    errors: list[BaseException] = []
    totals: Counter[int] = Counter()

    def searching() -> None:
        while not stop.is_set():
            try:
                totals[server.search(SearchRequest(q=COMMON_WORD, page_size=5)).total] += 1
            except Exception as error:  # noqa: BLE001 - collected for the assertion below
                errors.append(error)

    threads = [threading.Thread(target=searching) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for extra in range(3):  # three switches: the third deletes the generation the first replaced
            write_page(root, PAGES + extra)
            before = sum(totals.values())
            process = start_reindex(root, index_path, "--full", "--commit-every", str(BATCH))
            _, err = process.communicate(timeout=240)
            assert process.returncode == 0, err
            assert sum(totals.values()) > before  # searches ran during this reindex
            assert server.search(SearchRequest(q=token(PAGES + extra, 0))).total == 1  # no restart needed
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert errors == []
    assert set(totals) <= {PAGES, PAGES + 1, PAGES + 2, PAGES + 3}
