"""The cluster engine: an OpenSearch index behind an alias, through opensearch-py (``NEWSEARCH_ENGINE=opensearch``).

Only this package imports ``opensearchpy``; ``search.factory.open_engine`` imports it only when
the configuration names this engine, so the embedded default never loads a cluster client.

- ``engine.py``: ``OpenSearchEngine``, the ``search.engine.Engine`` of an alias on a cluster:
  searching with one result per story (collapse), facets (aggregations), snippets, did-you-mean
  (phrase suggester), related stories (more_like_this), completion, articles and versions;
- ``translate.py``: the neutral query tree as query DSL (never the user's text as a query string);
- ``analysis.py``: the query's words analysed by the index's own analyzer (``_analyze``, cached);
- ``mapping.py``: the index's settings, analyzers and fields, and documents to and from them;
- ``highlight.py``: OpenSearch's highlights made safe HTML (page text escaped, matches in ``<mark>``);
- ``client.py``: the connection to every node, the retry of a partial answer, the errors mapped to
  ``search.engine``'s;
- ``writer.py``: ``BulkWriter``, the ``IndexWriter`` (bulk requests, a refresh per checkpoint);
- ``generations.py``: the concrete indexes behind the alias, the atomic switch, resuming and cleanup;
- ``lock.py``: the reindex lock, a document in the cluster, so it holds across machines.
"""
