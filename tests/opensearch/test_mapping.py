"""search/opensearch/mapping.py: the index's analyzer is the embedded engine's, rebuilt from OpenSearch's parts, and
articles go in and come back whole."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone

import pytest
from whoosh.analysis import STOP_WORDS, StopFilter

from cluster.local import LocalCluster
from indexer.walk import CorpusFile, walk_corpus
from search import config, open_engine
from search.model import Article, IndexedArticle
from search.opensearch import mapping
from search.opensearch.analysis import Analyser
from search.opensearch.engine import OpenSearchEngine
from search.whoosh.schema import HEADLINE_BOOST, TEXT_ANALYZER
from tests.opensearch_cluster import drop_indexes, opensearch_config

AGREEING_SHARE = 0.98
"""Whoosh's Porter stemmer differs from Lucene's on doubled consonants and a few endings (``planned``: ``plann``
against ``plan``): 1.2% of the sample corpus's words."""


def test_the_word_lists_and_weights_are_the_embedded_engines() -> None:
    assert set(mapping.STOP_WORDS) == set(STOP_WORDS)
    assert StopFilter().min == mapping.MIN_TOKEN_CHARS
    assert mapping.HEADLINE_BOOST == HEADLINE_BOOST


def test_an_article_goes_in_and_comes_back_whole() -> None:
    article = Article(
        headline="Flood <b>defences</b>",
        body="The river.\n\nPeaked.",
        source="a/b.html",
        date=datetime(2009, 3, 10, 23, 30, tzinfo=timezone(timedelta(hours=-2))),
        region=" West  Midlands",
        url="http://example.org/b",
    )
    indexed = IndexedArticle(article, fingerprint="12:34", story="abc", sketch=(1, 2**63), blocking_keys=("k",))
    source = mapping.to_source(indexed)
    assert (source["date"], source["year"], source["month"]) == ("2009-03-11T01:30:00+00:00", "2009", "2009-03")
    assert source["region_key"] == "west midlands" and source["dup_keys"] == ["k"] and source["story"] == "abc"
    assert mapping.sketch_from_source(source) == (1, 2**63)
    stored = mapping.from_source(source)
    assert stored.article == article and stored.story == "abc"
    assert stored.article.date is not None and stored.article.date.tzinfo is UTC
    undated = mapping.to_source(IndexedArticle(Article(headline="x", body="y", source="c")))
    assert "date" not in undated and "year" not in undated and mapping.from_source(undated).story == undated["id"]


@pytest.fixture(scope="module")
def engine(opensearch_cluster: LocalCluster) -> Iterator[OpenSearchEngine]:
    settings = opensearch_config(opensearch_cluster, "mapping")
    opened = open_engine(settings)
    assert isinstance(opened, OpenSearchEngine)
    with opened.rebuild():
        pass  # an empty index, for its analyzers
    yield opened
    opened.close()
    drop_indexes(opensearch_cluster, settings.opensearch_index)


def test_the_index_analyses_words_as_the_embedded_engine(engine: OpenSearchEngine) -> None:
    pages = [
        corpus_file.path
        for corpus_file in walk_corpus([config.DEFAULT_CORPUS_DIR])
        if isinstance(corpus_file, CorpusFile)
    ]
    texts = [page.read_bytes().decode("utf-8", "replace") for page in pages]
    words = sorted({word for text in texts for word in re.findall(r"\w+", text)})
    tokens = Analyser(engine._analyze, mapping.TEXT_ANALYZER).tokens(words)
    agreeing = [word for word in words if list(tokens[word]) == [t.text for t in TEXT_ANALYZER(word)]]
    assert len(words) > 2000 and len(agreeing) >= AGREEING_SHARE * len(words)
    examples = Analyser(engine._analyze, mapping.TEXT_ANALYZER).tokens(
        ["Zürich", "U.S.", "e-mail", "The", "glaciers", "3.14", "x"]
    )
    assert examples == {
        "Zürich": ("zurich",),
        "U.S.": ("u.",),
        "e-mail": ("mail",),
        "The": (),
        "glaciers": ("glacier",),
        "3.14": ("3.14",),
        "x": (),
    }
