"""The merge policy: segments of about the same size are merged once there are MERGE_FACTOR of them."""

from __future__ import annotations

from whoosh import index as whoosh_index

from search.model import Article, IndexedArticle, SearchRequest
from search.whoosh.engine import WhooshEngine
from search.whoosh.storage import MERGE_FACTOR, _tier, update_index


def _article(n: int) -> Article:
    return Article(headline=f"Ferry {n} sails", body=f"The ferry number {n} sailed again on Monday.", source=f"{n}.txt")


def _segment_sizes(path) -> list[int]:
    return [segment.doc_count() for segment in whoosh_index.open_dir(str(path))._segments()]


def _commit(path, numbers, removed=()) -> None:
    with update_index(path) as writer:
        for n in numbers:
            writer.add(IndexedArticle(_article(n)))
        for n in removed:
            writer.remove(f"{n}.txt")


def test_segments_of_a_size_are_merged_once_there_are_merge_factor_of_them(tmp_path):
    for batch in range(MERGE_FACTOR - 1):
        _commit(tmp_path, [2 * batch, 2 * batch + 1])
    assert _segment_sizes(tmp_path) == [2] * (MERGE_FACTOR - 1)
    _commit(tmp_path, [100, 101])
    assert _segment_sizes(tmp_path) == [2 * MERGE_FACTOR]
    assert WhooshEngine(tmp_path).search(SearchRequest(q="ferry")).total == 2 * MERGE_FACTOR


def test_a_segment_left_without_live_documents_is_dropped(tmp_path):
    _commit(tmp_path, range(40))
    _commit(tmp_path, [50])
    _commit(tmp_path, [], removed=[50])
    assert _segment_sizes(tmp_path) == [40]


def test_tiers_are_powers_of_the_merge_factor():
    assert [_tier(n) for n in (1, MERGE_FACTOR - 1, MERGE_FACTOR, MERGE_FACTOR**2 - 1, MERGE_FACTOR**2)] == [
        0,
        0,
        1,
        1,
        2,
    ]
