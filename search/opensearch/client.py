"""The connection to the cluster: every node, retries that lose no search, and errors in newsearch's terms.

A search must survive a node that dies under it (``tests/opensearch/test_engine_failover.py``):

- the client knows every node's URL and sends a request to the next one after a refused or reset
  connection, a timeout, or a 5xx from a node that is shutting down or has lost its shards
  (opensearch-py's transport: ``max_retries``, ``retry_on_status``); no sniffing, which would
  swap the configured URLs (with their credentials and TLS) for the addresses nodes publish;
- a search whose answer is partial (``_shards.failed > 0``) is asked once more: OpenSearch runs a
  search's fetch phase on the shard copy that ran its query phase and does not move it to another
  copy when that node dies (measured in ``cluster/README.md``: ``node_disconnected_exception ...
  [phase/fetch/id]``); the second answer comes from the surviving copies.

Everything the cluster says is turned into ``search.engine``'s errors: no index behind the alias is
``IndexNotFound`` (``IndexUnavailable`` once one has been served), a cluster that cannot answer is
``IndexUnavailable`` (a 503 with Retry-After), a search past its server-side time budget is
``SearchTimedOut``. opensearch-py takes a ``timeout=`` argument as its own request timeout, so the
server's budget goes in the request body and the client's in ``request_timeout``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar
from urllib.parse import urlsplit, urlunsplit

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConnectionError as ClusterConnectionError
from opensearchpy.exceptions import NotFoundError, OpenSearchException, TransportError

from search.engine import IndexNotFound, IndexUnavailable, IndexWriteFailed, SearchTimedOut

log = logging.getLogger("newsearch.opensearch")

RETRY_ON_STATUS = (500, 502, 503, 504)
"""Sent again to the next node: 502-504 from a node shutting down or without a cluster manager, and 500,
which a search gets when every shard copy it was reading died under it (reads are idempotent, and so are
bulk requests with our own document ids)."""
READ_TIMEOUT_S = 10.0
"""How long the client waits for one answer of one node before it asks the next: a search's own budget
(``config.QUERY_TIME_BUDGET_S``) is enforced by the cluster, well within it."""
WRITE_TIMEOUT_S = 120.0
"""A bulk request or a refresh of a large batch on a busy cluster."""
CONNECTIONS_PER_NODE = 16
"""waitress serves with 8 threads; each may hold a connection to a node while another retries."""

_Result = TypeVar("_Result")


class ClusterUnavailable(IndexUnavailable):
    """The cluster did not answer, or answered with a server error, after the client's retries."""


def connect(urls: tuple[str, ...]) -> OpenSearch:
    """A client of every node in ``urls`` (credentials and TLS as each URL says: ``https://user:pass@host``)."""
    return OpenSearch(
        hosts=list(urls),
        timeout=READ_TIMEOUT_S,
        max_retries=len(urls),
        retry_on_timeout=True,
        retry_on_status=RETRY_ON_STATUS,
        sniff_on_start=False,
        sniff_on_connection_fail=False,
        sniffer_timeout=None,
        pool_maxsize=CONNECTIONS_PER_NODE,
    )


def shown_urls(urls: tuple[str, ...]) -> str:
    """The cluster's URLs for messages and logs: never with their credentials."""

    def without_credentials(url: str) -> str:
        parts = urlsplit(url if "://" in url else f"//{url}")
        host = parts.hostname or ""
        netloc = f"{host}:{parts.port}" if parts.port else host
        return urlunsplit((parts.scheme, netloc, parts.path, "", "")).removeprefix("//")

    return ",".join(without_credentials(url) for url in urls)


def is_index_missing(error: TransportError) -> bool:
    return isinstance(error, NotFoundError) and error.error == "index_not_found_exception"


def is_partial(response: dict[str, Any]) -> bool:
    """Whether some shard did not answer (it failed, or its node died during the fetch phase)."""
    shards = response.get("_shards") or {}
    return bool(shards.get("failed")) or shards.get("successful") != shards.get("total")


def reason(error: Exception) -> str:
    """What went wrong, in one line: the cluster's error type and reason when it gave them."""
    if isinstance(error, TransportError):
        info = error.info if isinstance(error.info, dict) else {}
        cause = info.get("error")
        detail = (cause.get("reason") if isinstance(cause, dict) else None) or error.error
        return f"{error.status_code} {detail}"[:300]
    return f"{type(error).__name__}: {error}"[:300]


@contextmanager
def writing(where: str) -> Iterator[None]:
    """Any failure of the cluster while writing (or locking, or deciding what to write) becomes
    IndexWriteFailed naming the index: the reindex stops with one line, and the alias is unchanged."""
    try:
        yield
    except OpenSearchException as error:
        raise IndexWriteFailed(where, reason(error)) from error


class Reader:
    """Reads of one alias, retried and translated: what the engine's searches go through.

    ``served`` turns a missing index into IndexUnavailable once this process has read one (the alias
    was removed under a running server), as the embedded engine does for a removed directory.
    """

    def __init__(self, client: OpenSearch, alias: str, location: str, budget_s: float) -> None:
        self.client = client
        self.alias = alias
        self.location = location
        self.budget_s = budget_s
        self.served = False

    def missing(self) -> IndexNotFound:
        if self.served:
            return IndexUnavailable(f"the index {self.location} is unavailable (removed, or being replaced)")
        return IndexNotFound(f"no index {self.location}; run `newsearch reindex --engine opensearch` first")

    def call(self, request: Callable[[], _Result]) -> _Result:
        """One request: a missing index or a cluster that cannot answer become the engine's errors."""
        try:
            result = request()
        except TransportError as error:
            if is_index_missing(error):
                raise self.missing() from None
            if (
                isinstance(error, ClusterConnectionError)
                or not isinstance(error.status_code, int)
                or error.status_code >= 429
            ):
                log.warning("the cluster could not answer a read of %s: %s", self.location, reason(error))
                raise ClusterUnavailable(f"the cluster of {self.location} cannot answer: {reason(error)}") from error
            raise
        self.served = True
        return result

    def search(self, body: dict[str, Any], *, optional: bool = False) -> dict[str, Any]:
        """A search of the alias within the time budget; asked a second time when the first answer was
        partial or the cluster failed it (after the client's own retries on other nodes).

        Raises SearchTimedOut past the budget, IndexUnavailable when the second try fails too.
        """
        timed = {**body, "timeout": f"{int(self.budget_s * 1000)}ms"}
        for attempt in (1, 2):
            try:
                response = self.call(
                    lambda: self.client.search(index=self.alias, body=timed, request_timeout=READ_TIMEOUT_S)
                )
            except ClusterUnavailable:
                if attempt == 2:
                    raise
                continue
            if response.get("timed_out"):
                raise SearchTimedOut(self.budget_s)
            if not is_partial(response):
                return response
            log.info("partial answer from %s (%s); asking again", self.location, response.get("_shards"))
        if optional:
            return response
        raise ClusterUnavailable(f"the cluster of {self.location} answered only in part: {response.get('_shards')}")
