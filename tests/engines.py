"""Engines for the tests, opened as the app, the CLI and the reindexer open them (``search.open_engine``)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from indexer.reindex import index_articles
from search import Engine, EngineConfig, open_engine
from search.model import Article


def engine_at(path: Path | str) -> Engine:
    """The embedded engine of the index at ``path`` (nothing is read before the first search)."""
    return open_engine(EngineConfig(kind="whoosh", index_dir=Path(path)))


def config_at(path: Path | str) -> EngineConfig:
    """The configuration of the embedded engine with its index at ``path``: what ``reindex`` takes."""
    return EngineConfig(kind="whoosh", index_dir=Path(path))


def write_index(path: Path | str, articles: Iterable[Article]) -> None:
    """An index of ``articles`` at ``path`` (created when missing), each with its story, as ``reindex``
    would give them."""
    engine = engine_at(path)
    try:
        index_articles(engine, articles)
    finally:
        engine.close()
