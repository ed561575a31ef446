"""``BulkWriter``: the ``IndexWriter`` of one concrete index, in bulk requests with refreshes as checkpoints.

Documents are buffered and sent in bulk requests of ``BULK_DOCUMENTS`` (opensearch-py's
``helpers.bulk``); a checkpoint (``commit()``, every ``CommitEvery``, and the end of a successful
block) sends what is buffered and refreshes the index, which makes it searchable. The index
refreshes at nothing else (``refresh_interval: -1``, see ``mapping.index_body``), so searches see
a reindex's work batch by batch, as on the embedded engine. What a bulk request has sent is kept
by the cluster even when the reindex is killed before its checkpoint (the cluster's translog), and
becomes visible at the next refresh: a killed reindex loses only what it had not sent yet. The
document id is ``document_id(source)``, so adding a source again replaces its document.

Every failure to write (a cluster that refuses writes, a full disk's read-only block, a cluster
that does not answer) is ``IndexWriteFailed``, naming the index.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from typing import Any

from opensearchpy import OpenSearch, helpers

from search.config import MAX_STORY_CANDIDATES, CommitEvery
from search.engine import IndexWriteFailed
from search.model import IndexedArticle, StoryCandidate, document_id
from search.opensearch.client import READ_TIMEOUT_S, WRITE_TIMEOUT_S, writing
from search.opensearch.mapping import sketch_from_source, to_source

log = logging.getLogger("newsearch.reindex.opensearch")

BULK_DOCUMENTS = 500
BULK_BYTES = 10 * 2**20
"""A bulk request carries at most this many documents or about this many bytes of text (OpenSearch's
advice: requests of 5-15 MB); larger requests gain nothing and hold more in memory on both sides."""
BULK_RETRIES = 3
"""A bulk item refused with 429 (the node's write queue is full) is sent again, with a growing pause."""
SCAN_PAGE = 5_000


def scan_fingerprints(client: OpenSearch, index: str) -> dict[str, str]:
    """source -> fingerprint of every searchable document of ``index`` (one scroll, without the text)."""
    hits = helpers.scan(
        client,
        index=index,
        query={"_source": ["source", "fingerprint"]},
        size=SCAN_PAGE,
        request_timeout=WRITE_TIMEOUT_S,
    )
    return {hit["_source"]["source"]: hit["_source"].get("fingerprint", "") for hit in hits}


class BulkWriter:
    """Adds and removes documents of one concrete index; from ``OpenSearchEngine.update`` or ``rebuild``."""

    def __init__(self, client: OpenSearch, index: str, where: str, commit_every: CommitEvery | None) -> None:
        self._client = client
        self.index = index
        self._where = where
        self._commit_every = commit_every
        self._pending: list[dict[str, Any]] = []
        self._pending_bytes = 0
        self._changes = 0
        self._batch_started = time.monotonic()
        self.batches = 0
        with writing(where):
            self._count_at_start = int(client.count(index=index, request_timeout=READ_TIMEOUT_S)["count"])
            self._at_start = scan_fingerprints(client, index) if self._count_at_start else {}

    def fingerprints(self) -> dict[str, str]:
        """source -> fingerprint of every document the index held when the writer started (read then, in one
        scroll: the reindexer needs them before it writes anything)."""
        return dict(self._at_start)

    def story_candidates(self, keys: Sequence[str]) -> list[StoryCandidate]:
        """Searchable documents with any of the blocking keys (a terms query on ``dup_keys``); none when the
        index was empty at the start (a new rebuild: the indexer remembers what it gave a story since)."""
        if not keys or not self._count_at_start:
            return []
        body = {
            "query": {"bool": {"filter": [{"terms": {"dup_keys": list(keys)}}]}},
            "size": MAX_STORY_CANDIDATES,
            "_source": ["id", "story", "sketch"],
        }
        with writing(self._where):
            response = self._client.search(index=self.index, body=body, request_timeout=READ_TIMEOUT_S)
        return [
            StoryCandidate(
                hit["_source"]["id"],
                hit["_source"].get("story") or hit["_source"]["id"],
                sketch_from_source(hit["_source"]),
            )
            for hit in response["hits"]["hits"]
        ]

    def add(self, document: IndexedArticle) -> None:
        """Add the document, replacing the one of the same source (same id)."""
        source = to_source(document)
        self._pending.append({"_op_type": "index", "_index": self.index, "_id": document.id, "_source": source})
        self._pending_bytes += len(document.article.body) + len(document.article.headline) + 512
        if len(self._pending) >= BULK_DOCUMENTS or self._pending_bytes >= BULK_BYTES:
            self._send()
        self._changed()

    def remove(self, source: str) -> bool:
        """Remove the document of this source (what is buffered is sent first, so an earlier add cannot
        bring it back); whether there was one."""
        self._send()
        with writing(self._where):
            result: dict[str, Any] = self._client.delete(
                index=self.index, id=document_id(source), ignore=404, request_timeout=WRITE_TIMEOUT_S
            )
        removed = result.get("result") == "deleted"
        if removed:
            self._changed()
        return removed

    def commit(self) -> None:
        """A checkpoint: everything so far sent, refreshed and searchable."""
        self.batches += 1
        log.info("committing batch %d (%d changes)", self.batches, self._changes)
        self._send()
        with writing(self._where):
            self._client.indices.refresh(index=self.index, request_timeout=WRITE_TIMEOUT_S)
        log.info("committed batch %d (%d changes)", self.batches, self._changes)
        self._changes = 0
        self._batch_started = time.monotonic()

    def finish(self) -> None:
        """The last checkpoint of a successful block; without changes there is nothing to refresh."""
        if self._changes or self._pending:
            self.commit()

    def drop(self) -> None:
        """Forget what was not sent (a block that raised): the checkpoints made so far stay."""
        self._pending.clear()
        self._pending_bytes = 0

    def _changed(self) -> None:
        self._changes += 1
        policy = self._commit_every
        if policy and (self._changes >= policy.documents or time.monotonic() - self._batch_started >= policy.seconds):
            self.commit()

    def _send(self) -> None:
        if not self._pending:
            return
        actions, self._pending, self._pending_bytes = self._pending, [], 0
        with writing(self._where):
            _, errors = helpers.bulk(
                self._client,
                actions,
                chunk_size=BULK_DOCUMENTS,
                max_chunk_bytes=2 * BULK_BYTES,
                raise_on_error=False,
                max_retries=BULK_RETRIES,
                initial_backoff=1,
                request_timeout=WRITE_TIMEOUT_S,
            )
        if errors:
            raise IndexWriteFailed(self._where, f"{len(errors)} documents refused: {_bulk_error(errors[0])}"[:300])


def _bulk_error(item: dict[str, Any]) -> str:
    """The reason of one refused bulk item (``{"index": {"error": {"type", "reason"}, ...}}``)."""
    result: Any = next(iter(item.values()), {})
    error = result.get("error", "") if isinstance(result, dict) else result
    return str(error.get("reason", error) if isinstance(error, dict) else error)
