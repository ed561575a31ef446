"""Searches from many threads over a large vocabulary (issue 8, defect 1).

Whoosh's stemming cache holds 50,000 words and was not thread-safe: once full, concurrent
searches corrupted it and every text search failed until a restart. A small vocabulary hid
the defect, so these documents use 120,000 distinct made-up words, and eight threads search
them all (query words and highlighted snippets both go through the stemmer).
"""

from __future__ import annotations

import random
import string
import sys
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from search import Engine, config
from search.model import Article, SearchRequest
from tests.engines import engine_at, write_index

THREADS = 8
DOCUMENTS = 1_200
WORDS_PER_DOCUMENT = 100
WORDS_PER_QUERY = 50  # one word from each of 50 documents: 50 snippets of 100 words each per search


def _vocabulary(size: int, rng: random.Random) -> list[str]:
    words: dict[str, None] = {}
    while len(words) < size:
        words["".join(rng.choices(string.ascii_lowercase, k=rng.randint(6, 9)))] = None
    return list(words)


@pytest.fixture(scope="module")
def large_vocabulary(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[str]]]:
    """An index of documents that share no word: 120,000 distinct words in all."""
    rng = random.Random(8)
    vocabulary = _vocabulary(DOCUMENTS * WORDS_PER_DOCUMENT, rng)
    documents = [vocabulary[n * WORDS_PER_DOCUMENT : (n + 1) * WORDS_PER_DOCUMENT] for n in range(DOCUMENTS)]
    path = tmp_path_factory.mktemp("large-vocabulary")
    write_index(
        path,
        [
            Article(headline=f"{words[0]} {words[1]}", body=" ".join(words), source=f"vocabulary/{n:05d}.txt")
            for n, words in enumerate(documents)
        ],
    )
    return path, documents


@pytest.fixture()
def frequent_thread_switches(monkeypatch):
    """Threads take turns every 10 µs instead of every 5 ms, so unsafe shared state shows at once.

    Switching that often costs every thread CPU time; this test is about shared state, not a
    query's time budget, so the budget is lifted.
    """
    monkeypatch.setattr(config, "QUERY_TIME_BUDGET_S", 3600.0)
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)
    yield
    sys.setswitchinterval(interval)


def _queries(documents: list[list[str]]) -> list[str]:
    """Queries that together name a word of every document, so every snippet is highlighted once."""
    queries = []
    for start in range(0, len(documents), WORDS_PER_QUERY):
        group = documents[start : start + WORDS_PER_QUERY]
        queries.append(" OR ".join(words[(start // WORDS_PER_QUERY) % WORDS_PER_DOCUMENT] for words in group))
    return queries


def test_threads_searching_a_large_vocabulary_never_fail(large_vocabulary, frequent_thread_switches):
    path, documents = large_vocabulary
    index = engine_at(path)
    probes = {documents[n][-1]: [f"vocabulary/{n:05d}.txt"] for n in range(0, DOCUMENTS, 60)}
    assert {word: _sources(index, word) for word in probes} == probes
    queries = _queries(documents) * 2  # past 120,000 distinct words, the cache evicts a dozen times a round
    start = threading.Barrier(THREADS)

    def run(batch: list[str]) -> list[int]:
        start.wait()
        return [len(index.search(SearchRequest(q=q, page_size=WORDS_PER_QUERY)).hits) for q in batch]

    batches = [queries[n::THREADS] for n in range(THREADS)]
    with ThreadPoolExecutor(THREADS) as pool:
        hit_counts = [count for counts in pool.map(run, batches) for count in counts]  # re-raises any error

    assert hit_counts == [WORDS_PER_QUERY] * len(queries)
    assert {word: _sources(index, word) for word in probes} == probes  # and every search works afterwards


def _sources(index: Engine, q: str) -> list[str]:
    return [hit.source for hit in index.search(SearchRequest(q=q)).hits]
