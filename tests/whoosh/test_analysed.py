"""Headline and body analysed in the extraction workers index exactly as the writer would have indexed them."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime

from whoosh import index as whoosh_index

from search.model import Article, IndexedArticle, SearchRequest
from search.whoosh.analysed import AnalysedText, analyse
from search.whoosh.engine import WhooshEngine
from search.whoosh.schema import SCHEMA
from search.whoosh.storage import update_index

ARTICLES = [
    Article(
        headline="Zürich floods: the river peaks",
        body="Rivers rose in Zurich.\n\nThe river peaked at noon, "
        "and the e-mail alerts went out to every flooded street.",
        source="a.txt",
        date=datetime(2009, 3, 1, tzinfo=UTC),
    ),
    Article(
        headline="Glaciers retreat",
        body="The glacier lost a tenth of its ice; glaciers everywhere retreat.",
        source="b.txt",
    ),
]


def _index(path, analysed: bool) -> WhooshEngine:
    with update_index(path, create=True) as writer:
        for article in ARTICLES:
            writer.add(
                IndexedArticle(article, analysed=pickle.loads(pickle.dumps(analyse(article))) if analysed else None)
            )
    return WhooshEngine(path)


def _postings(engine: WhooshEngine) -> list:
    with whoosh_index.open_dir(str(engine.path)).reader() as reader:
        return [
            (field, text, tuple(reader.postings(field, text).items_as("positions")))
            for field in ("headline", "body")
            for text in reader.lexicon(field)
        ]


def test_postings_scores_and_stored_text_are_those_of_the_writers_own_analysis(tmp_path):
    plain, analysed = _index(tmp_path / "plain", False), _index(tmp_path / "analysed", True)
    assert _postings(analysed) == _postings(plain)
    for q in ("zurich river", "glacier", '"river peaks"', "email"):
        expected = [(hit.source, hit.score, hit.snippet_html) for hit in plain.search(SearchRequest(q=q)).hits]
        assert [
            (hit.source, hit.score, hit.snippet_html) for hit in analysed.search(SearchRequest(q=q)).hits
        ] == expected, q
    assert analysed.article(plain.search(SearchRequest(q="glacier")).hits[0].id).article == ARTICLES[1]


def test_an_analysis_of_other_text_is_not_used(tmp_path):
    stale = analyse(ARTICLES[1])
    with update_index(tmp_path, create=True) as writer:
        writer.add(IndexedArticle(ARTICLES[0], analysed=stale))
    engine = WhooshEngine(tmp_path)
    assert [hit.source for hit in engine.search(SearchRequest(q="zurich")).hits] == ["a.txt"]
    assert engine.search(SearchRequest(q="glacier")).total == 0


def test_the_text_fields_take_plain_text_too():
    assert list(SCHEMA["body"].index("Rivers rose")) == list(
        SCHEMA["body"].index(AnalysedText("Rivers rose", tuple(SCHEMA["body"].index("Rivers rose"))))
    )
