"""search.whoosh.storage: batches, generations and their atomic switch, resuming, the reindex lock, disk errors."""

import errno
import os
import re
import threading
import time
from collections.abc import Callable
from datetime import UTC
from pathlib import Path

import pytest
from whoosh.fields import ID, Schema
from whoosh.filedb.filestore import FileStorage
from whoosh.writing import SegmentWriter

from search import CommitEvery, IndexBusy, IndexWriteFailed
from search.model import Article, IndexedArticle, SearchRequest
from search.whoosh import storage
from search.whoosh.storage import (
    _generation_patterns,
    generations,
    rebuild_index,
    reindex_lock,
    update_index,
)
from tests.engines import engine_at


def _article(n: int, word: str = "harbour") -> IndexedArticle:
    return IndexedArticle(
        Article(headline=f"Story {n} about the {word}", body=f"Body of story {n} on the {word}.", source=f"s{n}.txt")
    )


def test_failed_update_is_cancelled_and_leaves_the_index_unlocked(tmp_path):
    with update_index(tmp_path) as update:
        update.add(_article(1))
    with pytest.raises(RuntimeError), update_index(tmp_path) as update:
        update.add(_article(2))
        raise RuntimeError("boom")
    with update_index(tmp_path) as update:  # would raise LockError if the writer had stayed locked
        update.add(_article(3))
    assert engine_at(tmp_path).doc_count() == 2


def test_full_rebuild_switches_atomically_and_open_searchers_follow(tmp_path):
    path = tmp_path / "index"
    with rebuild_index(path) as update:
        update.add(_article(1, "harbour"))
    index = engine_at(path)
    assert index.search(SearchRequest(q="harbour")).total == 1
    with rebuild_index(path) as update:
        update.add(_article(2, "lighthouse"))
        assert index.search(SearchRequest(q="harbour")).total == 1  # still the old one while building
    assert path.is_symlink()
    assert index.search(SearchRequest(q="harbour")).total == 0
    assert index.search(SearchRequest(q="lighthouse")).total == 1


def test_interrupted_rebuild_keeps_the_old_index(tmp_path):
    path = tmp_path / "index"
    with rebuild_index(path) as update:
        update.add(_article(1))
    before = os.readlink(path)
    with pytest.raises(KeyboardInterrupt), rebuild_index(path) as update:
        update.add(_article(2))
        raise KeyboardInterrupt
    assert os.readlink(path) == before
    assert engine_at(path).doc_count() == 1
    assert [g.partial for g in generations(path)] == [False, True]  # the partial one waits to be resumed


def test_rebuild_replaces_a_plain_directory_index(tmp_path):
    path = tmp_path / "index"
    with update_index(path) as update:
        update.add(_article(1))
    with rebuild_index(path) as update:
        update.add(_article(2))
        update.add(_article(3))
    assert engine_at(path).doc_count() == 2


def test_one_reindex_at_a_time(tmp_path):
    with reindex_lock(tmp_path / "index"), pytest.raises(IndexBusy), reindex_lock(tmp_path / "index"):
        pass
    with reindex_lock(tmp_path / "index"):
        pass


def test_searchers_are_per_thread(tmp_path):
    with update_index(tmp_path) as update:
        for n in range(20):
            update.add(_article(n))
    index = engine_at(tmp_path)
    totals: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            for _ in range(20):
                totals.append(index.search(SearchRequest(q="harbour", page_size=5)).total)
        except BaseException as error:  # noqa: BLE001 - collected so the assertion below reports it
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert totals == [20] * 80


def test_a_segment_of_undated_articles_does_not_break_sorting_or_facets(tmp_path):
    from datetime import datetime

    dated = Article(
        headline="Dated harbour story",
        body="The harbour reopened.",
        source="dated.html",
        date=datetime(2012, 1, 1, tzinfo=UTC),
        region="Wales",
    )
    with update_index(tmp_path) as update:
        update.add(IndexedArticle(dated))
    with update_index(tmp_path) as update:  # a second segment in which no document has a date or region
        update.add(_article(7))
    index = engine_at(tmp_path)
    for sort in ("newest", "oldest", "relevance"):
        response = index.search(SearchRequest.from_params({"q": "harbour", "sort": sort}))
        assert {hit.source for hit in response.hits} == {"dated.html", "s7.txt"}
    newest = index.search(SearchRequest.from_params({"q": "harbour", "sort": "newest"}))
    assert [hit.source for hit in newest.hits] == ["dated.html", "s7.txt"]
    years = next(f for f in newest.facets if f.name == "year")
    assert [(b.value, b.count) for b in years.buckets] == [("2012", 1)]


# Generations, batches, resuming, disk errors -------------------------------------------------


def _rebuild(path, *numbers: int) -> None:
    with rebuild_index(path) as update:
        for n in numbers:
            update.add(_article(n))


def _interrupted_rebuild(path, *numbers: int, commit_every: CommitEvery | None = None) -> None:
    """A rebuild stopped part way, as a kill would stop it (its batches are committed)."""
    with pytest.raises(KeyboardInterrupt), rebuild_index(path, commit_every=commit_every) as update:
        for n in numbers:
            update.add(_article(n))
        raise KeyboardInterrupt


def test_a_full_rebuild_leaves_a_neighbouring_index_alone(tmp_path):
    """``news`` and ``news-old`` side by side: cleaning up ``news`` never touches ``news-old``'s generations."""
    news, news_old = tmp_path / "news", tmp_path / "news-old"
    _rebuild(news_old, 1)
    _rebuild(news_old, 2)  # news-old now has a previous generation that nothing links to
    legacy_neighbour = tmp_path / ".news-old-1700000000000000000"  # the layout of earlier releases
    legacy_neighbour.mkdir()
    neighbours_before = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".news-old"))
    for n in range(3):
        _rebuild(news, 10 + n)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".news-old")) == neighbours_before
    assert len(generations(news_old)) == 3 and len(generations(news)) == 2
    assert engine_at(news_old).search(SearchRequest(q="harbour")).total == 1


def test_generation_names_are_matched_exactly():
    path = Path("/srv/news")
    current, legacy = (re.compile(p.pattern) for p in _generation_patterns(path))
    assert current.fullmatch(".news.gen-17") and current.fullmatch(".news.gen-17.partial")
    assert legacy.fullmatch(".news-17") and legacy.fullmatch(".news-17-replaced")
    for other in (
        ".news-old.gen-17",
        ".news-old-17",
        ".news.gen-17.partial.x",
        ".news-1.gen-17",
        ".news-1-17",
        ".news.lock",
        ".news.switching",
        ".newsx-17",
    ):
        assert not current.fullmatch(other) and not legacy.fullmatch(other), other


def test_killed_rebuilds_never_cost_the_previous_good_index(tmp_path):
    """Defect 8: partial generations of killed rebuilds are never kept in place of a complete one."""
    path = tmp_path / "index"
    _rebuild(path, 1)
    good = Path(os.path.realpath(path))
    _interrupted_rebuild(path, 2)
    _interrupted_rebuild(path, 3)
    assert [g.partial for g in generations(path)] == [False, True]  # the second resumed the first's partial
    _rebuild(path, 4)
    after = generations(path)
    assert [g.partial for g in after] == [False, False]
    assert after[0].path == good  # the previous complete generation, kept for searchers still reading it
    assert Path(os.path.realpath(path)) == after[1].path
    assert engine_at(good).doc_count() == 1


def test_stale_partials_are_removed_and_only_the_newest_clean_one_is_resumed(tmp_path):
    path = tmp_path / "index"
    _rebuild(path, 1)
    _interrupted_rebuild(path, 2, commit_every=CommitEvery(documents=1))
    resumable = generations(path)[-1].path
    older = tmp_path / ".index.gen-5.partial"
    older.mkdir()
    damaged = tmp_path / f".index.gen-{time.time_ns()}.partial"  # newest, but no index in it
    damaged.mkdir()
    (damaged / "_MAIN_1.toc").write_bytes(b"not a table of contents")
    with rebuild_index(path) as update:
        assert set(update.fingerprints()) == {"s2.txt"}
        assert not older.exists() and not damaged.exists()
    assert Path(os.path.realpath(path)).name == resumable.name.removesuffix(".partial")


def test_a_partial_generation_of_another_schema_is_not_resumed(tmp_path, monkeypatch):
    path = tmp_path / "index"
    _interrupted_rebuild(path, 1)
    stale = generations(path)[0].path
    monkeypatch.setattr(storage, "SCHEMA", Schema(id=ID(stored=True, unique=True)))
    assert storage._resumable(path) is None
    assert not stale.exists()


def test_a_rebuild_killed_between_finishing_and_switching_is_resumed_not_redone(tmp_path):
    path = tmp_path / "index"
    _rebuild(path, 1)
    finished = tmp_path / f".index.gen-{time.time_ns()}"
    with update_index(finished, create=True) as update:
        update.add(_article(2))
    (tmp_path / ".index.switching").symlink_to(finished.name)  # the kill came before the link replaced the path
    with rebuild_index(path) as update:
        assert set(update.fingerprints()) == {"s2.txt"}
    assert Path(os.path.realpath(path)) == finished
    assert not (tmp_path / ".index.switching").is_symlink()


def test_an_existing_install_of_the_earlier_layout_is_cleaned_up(tmp_path):
    path = tmp_path / "index"
    live = tmp_path / ".index-1700000000000000002"
    with update_index(live, create=True) as update:
        update.add(_article(1))
    path.symlink_to(live.name)
    older = [tmp_path / ".index-1700000000000000001", tmp_path / ".index-1700000000000000000-replaced"]
    for directory in older:
        directory.mkdir()
    _rebuild(path, 2)
    assert not any(directory.exists() for directory in older)
    assert live.exists()  # the previous generation stays for searchers still reading it
    assert [g.legacy for g in generations(path)] == [True, False]


def test_updates_commit_in_batches_so_an_interruption_keeps_the_committed_ones(tmp_path):
    with pytest.raises(KeyboardInterrupt), update_index(tmp_path, commit_every=CommitEvery(documents=2)) as update:
        for n in range(5):
            update.add(_article(n))
        assert update.batches == 2
        raise KeyboardInterrupt
    assert engine_at(tmp_path).doc_count() == 4


def test_updates_commit_when_a_batch_has_taken_its_time(tmp_path):
    with (
        pytest.raises(KeyboardInterrupt),
        update_index(tmp_path, commit_every=CommitEvery(documents=10**9, seconds=0)) as update,
    ):
        update.add(_article(1))
        update.add(_article(2))
        raise KeyboardInterrupt
    assert engine_at(tmp_path).doc_count() == 2


def test_an_interrupted_rebuild_is_resumed_from_its_last_batch(tmp_path):
    path = tmp_path / "index"
    _interrupted_rebuild(path, *range(7), commit_every=CommitEvery(documents=3))
    with rebuild_index(path) as update:
        assert set(update.fingerprints()) == {f"s{n}.txt" for n in range(6)}
        update.add(_article(6))
    assert engine_at(path).doc_count() == 7


def test_one_reindex_waits_for_another_when_asked(tmp_path):
    path = tmp_path / "index"
    acquired = threading.Event()

    def second() -> None:
        with reindex_lock(path, wait=True):
            acquired.set()

    with reindex_lock(path):
        with pytest.raises(IndexBusy, match=f"process {os.getpid()}.*--wait"), reindex_lock(path):
            pass
        waiter = threading.Thread(target=second)
        waiter.start()
        assert not acquired.wait(0.5)  # still held by the first
    waiter.join()
    assert acquired.is_set()


def _disk_full(monkeypatch, when: Callable[[str], bool]) -> None:
    """Every index file whose name ``when`` picks fails as on a full disk."""
    create_file = FileStorage.create_file

    def failing_create_file(self, name, *args, **kwargs):
        if when(name):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), name)
        return create_file(self, name, *args, **kwargs)

    monkeypatch.setattr(FileStorage, "create_file", failing_create_file)


@pytest.mark.parametrize("failing", ["toc", "segment"])
def test_a_full_disk_during_a_commit_releases_the_writer_and_keeps_the_index(tmp_path, monkeypatch, failing):
    with update_index(tmp_path) as update:
        update.add(_article(1))
    serving = engine_at(tmp_path)
    _disk_full(monkeypatch, lambda name: ".toc" in name if failing == "toc" else ".toc" not in name)
    with pytest.raises(IndexWriteFailed, match="No space left on device"), update_index(tmp_path) as update:
        update.add(_article(2))
    monkeypatch.undo()
    assert serving.search(SearchRequest(q="harbour")).total == 1
    with update_index(tmp_path) as update:  # a LockError here would mean the failed writer kept the lock
        update.add(_article(3))
    assert serving.search(SearchRequest(q="harbour")).total == 2


def test_cancel_failing_too_still_releases_the_lock(tmp_path, monkeypatch):
    with update_index(tmp_path) as update:
        update.add(_article(1))
    _disk_full(monkeypatch, lambda name: ".toc" in name)

    def failing_cancel(self):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(SegmentWriter, "cancel", failing_cancel)
    with pytest.raises(IndexWriteFailed), update_index(tmp_path, commit_every=CommitEvery(documents=1)) as update:
        update.add(_article(2))
    monkeypatch.undo()
    with update_index(tmp_path) as update:
        update.add(_article(3))
    assert engine_at(tmp_path).doc_count() == 2


@pytest.mark.parametrize("failure", ["full-disk", "read-only-switch"])
def test_a_rebuild_failing_on_disk_keeps_the_old_index_and_gives_the_space_back(tmp_path, monkeypatch, failure):
    path = tmp_path / "index"
    _rebuild(path, 1)
    live = os.readlink(path)
    serving = engine_at(path)
    if failure == "full-disk":
        _disk_full(monkeypatch, lambda name: True)
    else:

        def read_only(self, target, *args, **kwargs):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

        monkeypatch.setattr(Path, "symlink_to", read_only)
    with pytest.raises(IndexWriteFailed, match="cannot write the index at"):
        _rebuild(path, 2, 3)
    monkeypatch.undo()
    assert os.readlink(path) == live
    assert [g.path.name for g in generations(path)] == [live]
    assert serving.search(SearchRequest(q="harbour")).total == 1
    _rebuild(path, 2, 3)
    assert serving.search(SearchRequest(q="harbour")).total == 2


def test_story_candidates_are_the_committed_documents_sharing_a_blocking_key_with_their_sketch(tmp_path):
    from search.model import StoryCandidate, document_id

    sketch = tuple(range(2**63, 2**63 + 64))  # 64-bit hashes, stored as 16 hex digits each
    keys = tuple(f"{h:016x}" for h in sketch[:8])
    story = IndexedArticle(
        Article(headline="Bridge", body="The bridge reopened.", source="a.html"),
        story="the-story",
        sketch=sketch,
        blocking_keys=keys,
    )
    with update_index(tmp_path) as update:
        assert update.story_candidates(keys) == []  # an empty index
        update.add(story)
    with update_index(tmp_path) as update:
        found = update.story_candidates([keys[3], "ffff"])
        assert found == [StoryCandidate(document_id("a.html"), "the-story", sketch)]
        assert update.story_candidates(["ffff"]) == []
        update.add(
            IndexedArticle(Article(headline="Copy", body="Copy.", source="b.html"), sketch=sketch, blocking_keys=keys)
        )
        update.commit()
        assert [c.id for c in update.story_candidates(keys)] == [document_id("a.html")]  # as the update started
