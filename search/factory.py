"""``open_engine``: the one way the web app, the CLI and the reindexer get an engine.

The engine's package is imported only when it is chosen, so the embedded default never loads a
cluster client, and nothing else in newsearch imports an engine's package.
"""

from __future__ import annotations

from collections.abc import Callable

from search.config import EngineConfig
from search.engine import Engine, EngineNotAvailable
from search.model import Article


def open_engine(config: EngineConfig | None = None) -> Engine:
    """The engine ``config`` names (default: from the environment, see ``EngineConfig.from_env``).

    Opening reads nothing yet: an index that does not exist is reported by the first search
    (IndexNotFound), and the reindexer builds it through the same engine.
    """
    config = config or EngineConfig.from_env()
    if config.kind == "whoosh":
        from search.whoosh.engine import WhooshEngine

        return WhooshEngine(config.index_dir, refresh_in_background=config.refresh_in_background)
    if config.kind == "opensearch":
        from search.opensearch.engine import OpenSearchEngine

        return OpenSearchEngine(config)
    raise EngineNotAvailable(f"unknown engine {config.kind!r}")


def document_analyser(config: EngineConfig | None = None) -> Callable[[Article], object] | None:
    """What prepares an article for the engine's writer in an extraction worker, or None when the engine
    analyses on its own (a cluster does). A picklable function; its result goes into
    ``IndexedArticle.analysed``, so the reindex's one writing process only writes."""
    config = config or EngineConfig.from_env()
    if config.kind == "whoosh":
        from search.whoosh.analysed import analyse

        return analyse
    return None
