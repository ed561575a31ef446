"""What hostile queries cost on a large vocabulary: did-you-mean and search-as-you-type, one table.

    python bench/query_bounds.py [--docs 20000] [--index DIR] [--data DIR]

Synthetic archive: the bbc-fulltext paragraphs of ``bench/search_speed.py`` recombined into N
documents, each also given 30 words (3 in the headline) drawn from 60,000 random letter strings,
so the index's vocabulary is large (as a real archive's is, with its names, typos and foreign words).
``--index DIR`` keeps the index in DIR and reuses it on the next run (building 20,000
documents takes a few minutes).

Each case is one call of the engine on one thread after a warm-up query; the table gives its
CPU seconds (process time) and wall seconds, and what it returned. The cases are the ones of
issue 8: 55 random 8-letter words (did-you-mean corrects every unknown word), one 500-letter
word, the 64 most common words (every document matches and is scored: the query time budget
stops it), and completions of a 1- and a 2-letter prefix (a prefix expands to every indexed word
that starts with it).
"""

from __future__ import annotations

import argparse
import heapq
import random
import string
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from bench.search_speed import DEFAULT_DATA, synthetic_archive
from indexer.reindex import index_articles
from search import EngineConfig, open_engine
from search.model import SearchRequest

RANDOM_VOCABULARY = 60_000
RANDOM_WORDS_PER_DOC = 30
RANDOM_HEADLINE_WORDS = 3


def random_word(rng: random.Random, low: int, high: int) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(low, high)))


def build(path: Path, data: Path, count: int, rng: random.Random) -> None:
    articles, _ = synthetic_archive(data, count, rng)
    vocabulary = list({random_word(rng, 5, 10) for _ in range(RANDOM_VOCABULARY)})
    articles = [
        replace(
            article,
            headline=f"{article.headline} {' '.join(rng.sample(vocabulary, RANDOM_HEADLINE_WORDS))}",
            body=f"{article.body}\n\n{' '.join(rng.sample(vocabulary, RANDOM_WORDS_PER_DOC))}",
        )
        for article in articles
    ]
    started = time.perf_counter()
    index_articles(open_engine(EngineConfig(kind="whoosh", index_dir=path)), articles)
    print(f"indexed {count} documents in {time.perf_counter() - started:.0f} s", file=sys.stderr)


def measure(label: str, run) -> tuple[str, float, float, str]:
    cpu, wall = time.process_time(), time.perf_counter()
    outcome = run()
    return label, time.process_time() - cpu, time.perf_counter() - wall, outcome


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=int, default=20_000)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = args.index or Path(folder) / "index"
        index = open_engine(EngineConfig(kind="whoosh", index_dir=path))
        if not index.exists():
            build(path, args.data, args.docs, rng)
        index.search(SearchRequest(q="government"))

        def search(q: str):
            def run() -> str:
                try:
                    response = index.search(SearchRequest(q=q))
                except Exception as error:  # noqa: BLE001 - the bench reports what the engine did, whatever it was
                    return f"{type(error).__name__}"
                corrected = sum(a != b for a, b in zip(q.split(), (response.suggestion or q).split(), strict=False))
                return f"total {response.total}, {corrected} words corrected"

            return run

        def complete(prefix: str):
            def run() -> str:
                try:
                    return f"{len(index.complete(prefix))} headlines"
                except Exception as error:  # noqa: BLE001 - as above
                    return f"{type(error).__name__}"

            return run

        reader = index._searcher().searcher.reader()
        common = [
            text.decode()
            for _, text in heapq.nlargest(
                64, ((info.doc_frequency(), text) for text, info in reader.iter_field("body"))
            )
        ]
        query_rng = random.Random(args.seed + 1)  # the same queries whether the index was built or reused
        words = " ".join(random_word(query_rng, 8, 8) for _ in range(55))
        long_word = random_word(query_rng, 500, 500)
        rows = [
            measure("ordinary query 'government'", search("government")),
            measure("one misspelt word 'govenment'", search("govenment")),
            measure(f"55 random 8-letter words ({len(words)} chars)", search(words)),
            measure("one 500-letter word", search(long_word)),
            measure("the 64 most common words", search(" ".join(common))),
            measure("complete 'g'", complete("g")),
            measure("complete 'go'", complete("go")),
            measure("complete 'gov'", complete("gov")),
            measure("complete 'prime minister b'", complete("prime minister b")),
        ]
        vocabulary = {field: sum(1 for _ in reader.lexicon(field)) for field in ("headline", "body")}
    print(
        f"\n{args.docs} documents, vocabulary: headline {vocabulary['headline']}, body {vocabulary['body']} words"
        " (one thread)\n"
    )
    print(f"{'case':<42} {'cpu s':>8} {'wall s':>8}  result")
    for label, cpu, wall, outcome in rows:
        print(f"{label:<42} {cpu:>8.3f} {wall:>8.3f}  {outcome}")


if __name__ == "__main__":
    main()
