"""An index that disappears under a running engine gives IndexUnavailable, then the new index.

A full rebuild may delete the generation a server reads (issue 8, defect 2), or someone removes
the index folder: searches must report the index as unavailable (503), never fail otherwise, and
pick up the next index without a restart.
"""

from __future__ import annotations

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from search import Engine, IndexNotFound, IndexUnavailable
from search.model import Article, IndexedArticle, SearchRequest, document_id
from search.whoosh.storage import rebuild_index
from tests.engines import engine_at, write_index

OLD = [
    Article(headline="Old flood story", body="The river rose over the old bridge.", source="old/flood.txt"),
    Article(headline="Old tram story", body="The tram line opened in the old town.", source="old/tram.txt"),
]
NEW = [Article(headline="New flood story", body="The river rose over the new bridge.", source="new/flood.txt")]


def _sources(index: Engine, q: str = "river") -> list[str]:
    return [hit.source for hit in index.search(SearchRequest(q=q)).hits]


def _every_read(index: Engine) -> list:
    doc_id = document_id("old/flood.txt")
    return [
        lambda: index.search(SearchRequest(q="river")),
        lambda: index.search(SearchRequest()),
        lambda: index.article(doc_id),
        lambda: index.versions(doc_id),
        lambda: index.related(doc_id),
        lambda: index.complete("riv"),
        index.doc_count,
    ]


def _rebuild(path: Path, articles: list[Article]) -> None:
    with rebuild_index(path) as update:
        for article in articles:
            update.add(IndexedArticle(article))


def test_a_removed_index_folder_is_unavailable_until_one_is_built_again(tmp_path):
    path = tmp_path / "index"
    write_index(path, OLD)
    index = engine_at(path)
    assert _sources(index) == ["old/flood.txt"]
    index.article(document_id("old/flood.txt"))
    shutil.rmtree(path)
    for read in _every_read(index):
        with pytest.raises(IndexUnavailable):
            read()
    path.mkdir()
    with pytest.raises(IndexNotFound):  # a folder without an index yet
        index.search(SearchRequest(q="river"))
    write_index(path, NEW)
    assert _sources(index) == ["new/flood.txt"]


def test_a_deleted_generation_is_unavailable_until_the_next_rebuild(tmp_path):
    path = tmp_path / "news"
    _rebuild(path, OLD)
    index = engine_at(path)
    assert _sources(index) == ["old/flood.txt"]
    shutil.rmtree(os.path.realpath(path))  # the live generation, as defect 2 deleted a neighbour's
    for read in _every_read(index):
        with pytest.raises(IndexUnavailable):
            read()
    _rebuild(path, NEW)
    assert _sources(index) == ["new/flood.txt"]


def test_an_index_whose_files_vanished_is_unavailable(tmp_path):
    path = tmp_path / "index"
    write_index(path, OLD)
    index = engine_at(path)
    assert _sources(index) == ["old/flood.txt"]
    for name in os.listdir(path):
        os.remove(path / name)
    for read in _every_read(index):
        with pytest.raises(IndexUnavailable):
            read()


def test_every_thread_notices(tmp_path):
    """Each thread keeps its own searcher: one opened before the removal must notice it too."""
    path = tmp_path / "index"
    write_index(path, OLD)
    index = engine_at(path)
    with ThreadPoolExecutor(1) as other_thread:
        assert other_thread.submit(_sources, index).result() == ["old/flood.txt"]
        assert _sources(index) == ["old/flood.txt"]
        shutil.rmtree(path)
        with pytest.raises(IndexUnavailable):
            other_thread.submit(_sources, index).result()
        write_index(path, NEW)
        assert other_thread.submit(_sources, index).result() == ["new/flood.txt"]
        assert _sources(index) == ["new/flood.txt"]


def test_a_folder_rebuilt_under_the_same_name_is_read_afresh(tmp_path):
    """Same path, same commit count, other documents: the new folder is a new generation."""
    path = tmp_path / "index"
    write_index(path, OLD)
    index = engine_at(path)
    assert _sources(index) == ["old/flood.txt"]
    shutil.rmtree(path)
    write_index(path, NEW)
    assert _sources(index) == ["new/flood.txt"]
    assert index.doc_count() == 1
