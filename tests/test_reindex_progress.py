"""Progress survives an interruption: a reindex commits in batches, and the next run redoes only the rest.

The interruption here is a KeyboardInterrupt raised by the extraction after 90% of the
pages (tests/test_reindex_crash.py does the same with SIGKILL on the real command).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from indexer import reindex as reindex_module
from indexer.reindex import reindex
from search import CommitEvery
from search.whoosh.storage import generations
from tests.corpus_pages import (
    assert_index_matches,
    page_path,
    stored_documents,
    write_corpus,
    write_page,
)
from tests.engines import config_at

PAGES = 40
BATCH = CommitEvery(documents=5)


def _interrupt_extraction_after(monkeypatch: pytest.MonkeyPatch, pages: int) -> None:
    extract_all = reindex_module.extract_all

    def interrupted(*args, **kwargs):
        for done, outcome in enumerate(extract_all(*args, **kwargs)):
            if done == pages:
                raise KeyboardInterrupt
            yield outcome

    monkeypatch.setattr(reindex_module, "extract_all", interrupted)


@pytest.fixture()
def corpus(tmp_path: Path) -> tuple[Path, dict[int, int]]:
    root = tmp_path / "corpus"
    return root, write_corpus(root, PAGES)


def test_an_interrupted_first_run_leaves_no_index_and_the_next_goes_on_from_its_last_batch(
    corpus, tmp_path, monkeypatch
):
    root, revisions = corpus
    index_path = tmp_path / "index"
    _interrupt_extraction_after(monkeypatch, 37)
    with pytest.raises(KeyboardInterrupt):
        reindex([root], config_at(index_path), workers=0, commit_every=BATCH)
    assert not index_path.exists()  # the index only appears complete
    monkeypatch.undo()
    report = reindex([root], config_at(index_path), workers=0, commit_every=BATCH)
    assert (report.indexed, report.unchanged) == (PAGES - 35, 35)  # 7 batches of 5 were committed
    assert_index_matches(index_path, root, revisions)


def test_an_interrupted_full_rebuild_is_resumed_by_the_next_one(corpus, tmp_path, monkeypatch):
    root, revisions = corpus
    index_path = tmp_path / "index"
    reindex([root], config_at(index_path), workers=0)
    live = os.path.realpath(index_path)
    _interrupt_extraction_after(monkeypatch, 37)
    with pytest.raises(KeyboardInterrupt):
        reindex([root], config_at(index_path), full=True, workers=0, commit_every=BATCH)
    assert os.path.realpath(index_path) == live
    monkeypatch.undo()
    report = reindex([root], config_at(index_path), full=True, workers=0, commit_every=BATCH)
    assert (report.indexed, report.unchanged) == (PAGES - 35, 35)
    assert os.path.realpath(index_path) != live
    assert [g.partial for g in generations(index_path)] == [False, False]  # the new one and the previous one
    assert_index_matches(index_path, root, revisions)


def test_a_resumed_rebuild_takes_the_current_version_of_files_changed_meanwhile(corpus, tmp_path, monkeypatch):
    root, revisions = corpus
    index_path = tmp_path / "index"
    _interrupt_extraction_after(monkeypatch, 20)
    with pytest.raises(KeyboardInterrupt):
        reindex([root], config_at(index_path), full=True, workers=0, commit_every=BATCH)
    monkeypatch.undo()
    committed = {d["source"] for d in stored_documents(generations(index_path)[-1].path)}
    assert len(committed) == 20
    done = [n for n in revisions if page_path(root, n).relative_to(root).as_posix() in committed]
    not_done = [n for n in revisions if n not in done]
    for number in (done[0], done[1], not_done[0]):
        write_page(root, number, revision=1)
        revisions[number] = 1
    emptied = page_path(root, done[2])
    emptied.write_bytes(b"")  # committed before, now empty: a fresh rebuild would not have it
    del revisions[done[2]]
    report = reindex([root], config_at(index_path), full=True, workers=0, commit_every=BATCH)
    assert report.unchanged == 20 - 3
    assert report.skipped_by_reason == {"empty": 1}
    emptied.unlink()
    assert_index_matches(index_path, root, revisions)


def test_an_interrupted_incremental_run_redoes_only_what_it_had_not_committed(corpus, tmp_path, monkeypatch):
    root, revisions = corpus
    index_path = tmp_path / "index"
    reindex([root], config_at(index_path), workers=0)
    for number in range(PAGES):
        write_page(root, number, revision=1)
        revisions[number] = 1
    _interrupt_extraction_after(monkeypatch, 37)
    with pytest.raises(KeyboardInterrupt):
        reindex([root], config_at(index_path), workers=0, commit_every=BATCH)
    monkeypatch.undo()
    report = reindex([root], config_at(index_path), workers=0, commit_every=BATCH)
    assert (report.indexed, report.unchanged) == (PAGES - 35, 35)
    assert_index_matches(index_path, root, revisions)
