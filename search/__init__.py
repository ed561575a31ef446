"""The search side of newsearch: the neutral model, and the engines behind one interface.

Everything outside ``search`` uses this surface and never an engine's package::

    from search import EngineConfig, SearchRequest, open_engine

    engine = open_engine(EngineConfig.from_env())      # NEWSEARCH_ENGINE=whoosh (default) | opensearch
    response = engine.search(SearchRequest(q="flood defences"))
    with engine.reindex_lock(), engine.update() as writer:
        writer.add(indexed_article)

- ``open_engine`` (``search.factory``) and ``EngineConfig`` (``search.config``, every setting);
  ``document_analyser``, the engine's analysis that the reindexer runs in its extraction workers;
- the protocols ``SearchEngine``, ``IndexWriter`` and ``Engine`` and the errors an engine raises
  (``search.engine``);
- the model (``search.model``): articles, requests, responses, facets;
- ``search.query``: the search box parsed into an engine-neutral tree, which each engine
  translates.
"""

from search.config import COMMIT_EVERY, CommitEvery, EngineConfig
from search.engine import (
    Engine,
    EngineNotAvailable,
    IndexBusy,
    IndexNotFound,
    IndexUnavailable,
    IndexWriteFailed,
    IndexWriter,
    SearchEngine,
    SearchTimedOut,
)
from search.factory import document_analyser, open_engine
from search.model import BadParameter, Facet, FacetBucket, Hit, SearchRequest, SearchResponse, Sort

__all__ = [
    "COMMIT_EVERY",
    "BadParameter",
    "CommitEvery",
    "Engine",
    "EngineConfig",
    "EngineNotAvailable",
    "Facet",
    "FacetBucket",
    "Hit",
    "IndexBusy",
    "IndexNotFound",
    "IndexUnavailable",
    "IndexWriteFailed",
    "IndexWriter",
    "SearchEngine",
    "SearchRequest",
    "SearchResponse",
    "SearchTimedOut",
    "Sort",
    "document_analyser",
    "open_engine",
]
