"""The patches of ``search.whoosh.fixes``: a thread-safe stemming cache."""

from __future__ import annotations

import io
import pickle
import random
import string
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given
from hypothesis import strategies as st
from whoosh import analysis
from whoosh import query as wq
from whoosh.lang.porter import stem

from search.whoosh.fixes import _MappedFile
from search.whoosh.schema import SCHEMA, TEXT_ANALYZER

THREADS = 8
WORDS_PER_THREAD = 10_000  # 80,000 distinct words: past the 50,000-word cache


@pytest.fixture()
def frequent_thread_switches():
    """Threads take turns every 10 µs instead of every 5 ms, so unsafe shared state shows at once."""
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


def _distinct_words(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    words: dict[str, None] = {}
    while len(words) < count:
        words["".join(rng.choices(string.ascii_lowercase, k=rng.randint(6, 10)))] = None
    return list(words)


def _stem_from_threads(analyzer: analysis.Analyzer, seed: int) -> None:
    """Eight threads stem 80,000 distinct words at once; each must get exactly Porter's stems."""
    words = _distinct_words(THREADS * WORDS_PER_THREAD, seed)
    start = threading.Barrier(THREADS)

    def run(batch: list[str]) -> list[str]:
        start.wait()
        return [token.text for word in batch for token in analyzer(word)]

    batches = [words[n::THREADS] for n in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        stems = list(pool.map(run, batches))  # re-raises the first error of any thread
    assert stems == [[stem(word) for word in batch] for batch in batches]


def _stem_filter(analyzer: analysis.Analyzer) -> analysis.StemFilter:
    return next(item for item in analyzer.items if isinstance(item, analysis.StemFilter))


def test_the_shared_analyzer_stems_from_many_threads_past_its_cache_size(frequent_thread_switches):
    _stem_from_threads(TEXT_ANALYZER, seed=1)
    _stem_from_threads(TEXT_ANALYZER, seed=2)  # and the full cache still works
    cached = _stem_filter(TEXT_ANALYZER).cache_info()
    assert cached.currsize <= cached.maxsize == 50_000


def test_an_analyzer_read_from_an_index_is_safe_too(frequent_thread_switches):
    """An index's writer and key terms use the schema unpickled from the index, not SCHEMA."""
    from_index = pickle.loads(pickle.dumps(SCHEMA))["body"].analyzer
    assert _stem_filter(from_index) is not _stem_filter(TEXT_ANALYZER)
    _stem_from_threads(from_index, seed=3)


@pytest.mark.parametrize(("cachesize", "bounded"), [(-1, False), (100, True)])
def test_cache_sizes_keep_their_meaning(cachesize, bounded):
    stem_filter = analysis.StemFilter(cachesize=cachesize)
    assert [t.text for t in stem_filter(analysis.RegexTokenizer()("floods flooded"))] == ["flood", "flood"]
    assert (stem_filter._stem.cache_info().maxsize is not None) == bounded


def test_no_cache_stems_directly():
    stem_filter = analysis.StemFilter(cachesize=None)
    assert stem_filter._stem is stem
    assert [t.text for t in stem_filter(analysis.RegexTokenizer()("flooded"))] == ["flood"]


def test_the_parts_of_a_compound_segment_are_read_from_its_memory_map_not_copied(tmp_path):
    from whoosh import index as whoosh_index

    from search.model import Article, IndexedArticle
    from search.whoosh.storage import update_index

    with update_index(tmp_path, create=True) as writer:
        for n in range(20):
            writer.add(IndexedArticle(Article(headline=f"Ferry {n}", body=f"The ferry {n} sails.", source=f"{n}.txt")))
    with whoosh_index.open_dir(str(tmp_path)).searcher() as searcher:
        [segment_reader] = [reader for reader, _ in searcher.reader().leaf_readers()]
        storage = segment_reader._storage.a  # the compound file (an overlay puts the segment's loose files over it)
        part = storage.open_file(next(iter(storage.list())))
        assert isinstance(part.file, _MappedFile) and part.file._buffer.obj is storage._source
        assert searcher.search(wq.Term("body", "ferri")).scored_length() == 10


@given(
    st.binary(max_size=300),
    st.lists(
        st.tuples(
            st.sampled_from(["read", "readline", "readinto", "seek"]), st.integers(-5, 320), st.sampled_from([0, 1, 2])
        ),
        max_size=30,
    ),
)
def test_a_mapped_file_reads_as_a_bytes_file_does(data: bytes, operations: list) -> None:
    mapped, expected = _MappedFile(memoryview(data)), io.BytesIO(data)
    for operation, number, whence in operations:
        if operation == "seek":
            if [number, expected.tell() + number, len(data) + number][whence] < 0:
                continue  # before the start: BytesIO refuses or clamps, and no reader asks for it
            assert mapped.seek(number, whence) == expected.seek(number, whence)
        elif operation == "readinto":
            mine, theirs = bytearray(abs(number)), bytearray(abs(number))
            assert (mapped.readinto(mine), mine) == (expected.readinto(theirs), theirs)
        else:
            assert getattr(mapped, operation)(number) == getattr(expected, operation)(number)
        assert mapped.tell() == expected.tell()
