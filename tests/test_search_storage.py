import os
import threading

import pytest

from indexer.article import Article
from search.engine import SearchIndex
from search.request import SearchRequest
from search.storage import IndexBusy, rebuild_index, reindex_lock, update_index


def _article(n: int, word: str = "harbour") -> Article:
    return Article(headline=f"Story {n} about the {word}", body=f"Body of story {n} on the {word}.", source=f"s{n}.txt")


def test_failed_update_is_cancelled_and_leaves_the_index_unlocked(tmp_path):
    with update_index(tmp_path) as update:
        update.add(_article(1))
    with pytest.raises(RuntimeError):
        with update_index(tmp_path) as update:
            update.add(_article(2))
            raise RuntimeError("boom")
    with update_index(tmp_path) as update:  # would raise LockError if the writer had stayed locked
        update.add(_article(3))
    assert SearchIndex.open(tmp_path).doc_count() == 2


def test_full_rebuild_switches_atomically_and_open_searchers_follow(tmp_path):
    path = tmp_path / "index"
    with rebuild_index(path) as update:
        update.add(_article(1, "harbour"))
    index = SearchIndex.open(path)
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
    with pytest.raises(KeyboardInterrupt):
        with rebuild_index(path) as update:
            update.add(_article(2))
            raise KeyboardInterrupt
    assert os.readlink(path) == before
    assert SearchIndex.open(path).doc_count() == 1
    assert len([p for p in tmp_path.iterdir() if p.name.startswith(".index-")]) == 1


def test_rebuild_replaces_a_plain_directory_index(tmp_path):
    path = tmp_path / "index"
    with update_index(path) as update:
        update.add(_article(1))
    with rebuild_index(path) as update:
        update.add(_article(2))
        update.add(_article(3))
    assert SearchIndex.open(path).doc_count() == 2


def test_one_reindex_at_a_time(tmp_path):
    with reindex_lock(tmp_path / "index"):
        with pytest.raises(IndexBusy):
            with reindex_lock(tmp_path / "index"):
                pass
    with reindex_lock(tmp_path / "index"):
        pass


def test_searchers_are_per_thread(tmp_path):
    with update_index(tmp_path) as update:
        for n in range(20):
            update.add(_article(n))
    index = SearchIndex.open(tmp_path)
    totals: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            for _ in range(20):
                totals.append(index.search(SearchRequest(q="harbour", page_size=5)).total)
        except BaseException as error:  # collected so the assertion below reports it
            errors.append(error)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert totals == [20] * 80


def test_a_segment_of_undated_articles_does_not_break_sorting_or_facets(tmp_path):
    from datetime import datetime, timezone

    dated = Article(headline="Dated harbour story", body="The harbour reopened.", source="dated.html",
                    date=datetime(2012, 1, 1, tzinfo=timezone.utc), region="Wales")
    with update_index(tmp_path) as update:
        update.add(dated)
    with update_index(tmp_path) as update:  # a second segment in which no document has a date or region
        update.add(_article(7))
    index = SearchIndex.open(tmp_path)
    for sort in ("newest", "oldest", "relevance"):
        response = index.search(SearchRequest.from_params({"q": "harbour", "sort": sort}))
        assert {hit.source for hit in response.hits} == {"dated.html", "s7.txt"}
    newest = index.search(SearchRequest.from_params({"q": "harbour", "sort": "newest"}))
    assert [hit.source for hit in newest.hits] == ["dated.html", "s7.txt"]
    years = next(f for f in newest.facets if f.name == "year")
    assert [(b.value, b.count) for b in years.buckets] == [("2012", 1)]
