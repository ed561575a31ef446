"""The patches of ``search.whoosh.fixes``: a thread-safe stemming cache."""

from __future__ import annotations

import pickle
import random
import string
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from whoosh import analysis
from whoosh.lang.porter import stem

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
