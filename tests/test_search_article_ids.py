"""Article ids are 16 lower-case hex digits; anything else is an unknown article, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from search import Engine
from search.model import document_id, is_document_id
from tests.engines import engine_at

FLOOD_ID = document_id("west-midlands/flood-defences.html")

ODD_IDS = [
    "",
    "x" * 10_000,
    FLOOD_ID * 2,
    FLOOD_ID[:-1],
    FLOOD_ID.upper(),
    FLOOD_ID + "\n",
    "\x00" * 16,
    "é" * 16,
    "\ud800" * 16,  # lone surrogates, as a badly decoded URL can carry
    "\udcff" + FLOOD_ID[1:],
    "a/b/c/d/e/f/g/h/",
    "../../etc/passwd",
    "😀" * 16,
    "0123456789abcdeg",
]


@pytest.fixture()
def index(sample_index_dir: Path) -> Engine:
    return engine_at(sample_index_dir)


def test_document_ids_have_the_documented_form():
    assert is_document_id(FLOOD_ID) and len(FLOOD_ID) == 16
    assert all(is_document_id(document_id(source)) for source in ("a.html", "région/Zürich ü.htm", "x" * 500))


@pytest.mark.parametrize("doc_id", ODD_IDS)
def test_odd_ids_are_not_ids(doc_id):
    assert not is_document_id(doc_id)


@pytest.mark.parametrize("doc_id", ODD_IDS)
def test_odd_ids_are_unknown_articles(index, doc_id):
    assert index.article(doc_id) is None
    assert index.versions(doc_id) is None
    assert index.related(doc_id) is None


def test_a_real_id_is_found(index):
    assert index.article(FLOOD_ID).article.source == "west-midlands/flood-defences.html"
    assert index.versions(FLOOD_ID) == []
    assert index.related(FLOOD_ID) is not None
