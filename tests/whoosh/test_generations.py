"""The engine's open generations: shared by threads, read in the background for a server, warmed before serving."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from search import IndexNotFound
from search.model import Article, SearchRequest
from search.whoosh.engine import WhooshEngine
from tests.engines import write_index

FLOOD = Article(
    headline="Flood defences hold", body="The river peaked overnight below the new walls.", source="news/flood.txt"
)
STORM = Article(
    headline="Storm closes the river crossing", body="High winds shut the bridge to lorries.", source="news/storm.txt"
)


def _sources(engine: WhooshEngine, q: str = "river") -> set[str]:
    return {hit.source for hit in engine.search(SearchRequest(q=q)).hits}


def test_threads_share_one_generation_and_its_table(tmp_path):
    write_index(tmp_path, [FLOOD, STORM])
    engine = WhooshEngine(tmp_path)
    with ThreadPoolExecutor(4) as pool:
        tables = set(pool.map(lambda _: engine._read(lambda generation: id(generation.table)), range(8)))
    assert len(tables) == 1


def test_without_background_refresh_a_search_sees_the_latest_commit_at_once(tmp_path):
    write_index(tmp_path, [FLOOD])
    engine = WhooshEngine(tmp_path)
    assert _sources(engine) == {"news/flood.txt"}
    write_index(tmp_path, [STORM])
    assert _sources(engine) == {"news/flood.txt", "news/storm.txt"}


def test_with_background_refresh_searches_are_answered_from_the_old_commit_until_the_new_one_is_read(tmp_path):
    write_index(tmp_path, [FLOOD])
    engine = WhooshEngine(tmp_path, refresh_in_background=True)
    assert _sources(engine) == {"news/flood.txt"}  # the first generation is read at once: nothing to answer from
    write_index(tmp_path, [STORM])
    assert _sources(engine) == {"news/flood.txt"}  # this search starts reading the new commit
    deadline = time.monotonic() + 30
    while _sources(engine) != {"news/flood.txt", "news/storm.txt"}:
        assert time.monotonic() < deadline, "the new commit was never read"
        time.sleep(0.05)


def test_warm_reads_the_index_before_any_search_and_reports_a_missing_one(tmp_path):
    with pytest.raises(IndexNotFound):
        WhooshEngine(tmp_path / "none").warm()
    write_index(tmp_path, [FLOOD])
    engine = WhooshEngine(tmp_path)
    engine.warm()
    assert engine._current is not None and engine._current.table.size == 1


def test_a_generation_read_in_the_background_first_computes_the_sets_the_searches_used(tmp_path):
    write_index(tmp_path, [FLOOD])
    engine = WhooshEngine(tmp_path, refresh_in_background=True)
    engine.search(SearchRequest(q="river", region="Wales"))
    before = engine._current
    write_index(tmp_path, [STORM])
    engine.search(SearchRequest(q="storm"))  # answered from the old generation; starts reading the new one
    deadline = time.monotonic() + 30
    while engine._current is before:
        assert time.monotonic() < deadline, "the new commit was never read"
        time.sleep(0.05)
    assert set(engine._current.cache.recent_keys(100)) >= set(before.cache.recent_keys(100))
