"""search/opensearch/client.py: one more try of a partial or failed search, the time budget sent to the server, and
the cluster's answers as the engine's errors (a stand-in client; the real cluster's failover is
test_engine_failover.py)."""

from __future__ import annotations

from typing import Any

import pytest
from opensearchpy.exceptions import ConnectionError as ClusterConnectionError
from opensearchpy.exceptions import NotFoundError, RequestError, TransportError

from search import IndexNotFound, IndexUnavailable, SearchTimedOut
from search.opensearch.client import RETRY_ON_STATUS, Reader, connect, shown_urls

WHOLE = {"_shards": {"total": 2, "successful": 2, "failed": 0}, "hits": {"hits": []}}
PARTIAL = {"_shards": {"total": 2, "successful": 1, "failed": 1}, "hits": {"hits": []}}
MISSING = NotFoundError(404, "index_not_found_exception", {"error": {"type": "index_not_found_exception"}})


class Client:
    """Answers each search with the next of ``answers`` (an exception is raised), recording the requests."""

    def __init__(self, *answers: Any) -> None:
        self.answers = list(answers)
        self.requests: list[dict[str, Any]] = []

    def search(self, **request: Any) -> dict[str, Any]:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def reader(client: Client) -> Reader:
    return Reader(client, "news", "news on http://a:9200", budget_s=2.0)  # type: ignore[arg-type]


def test_a_search_carries_its_budget_to_the_server_and_a_longer_client_timeout() -> None:
    client = Client(WHOLE)
    assert reader(client).search({"query": {"match_all": {}}}) == WHOLE
    (request,) = client.requests
    assert request["body"]["timeout"] == "2000ms" and request["request_timeout"] > 2.0 and request["index"] == "news"


def test_a_partial_answer_is_asked_for_once_more() -> None:
    client = Client(PARTIAL, WHOLE)
    assert reader(client).search({}) == WHOLE and len(client.requests) == 2
    with pytest.raises(IndexUnavailable, match="answered only in part"):
        reader(Client(PARTIAL, PARTIAL)).search({})
    assert reader(Client(PARTIAL, PARTIAL)).search({}, optional=True) == PARTIAL


@pytest.mark.parametrize(
    "failure",
    [
        ClusterConnectionError("N/A", "refused", None),
        TransportError(500, "search_phase_execution_exception", {}),
        TransportError(503, "unavailable", {}),
        TransportError(429, "rejected", {}),
    ],
)
def test_a_cluster_that_fails_a_search_is_asked_once_more_then_unavailable(failure: Exception) -> None:
    assert reader(Client(failure, WHOLE)).search({}) == WHOLE
    with pytest.raises(IndexUnavailable, match="the cluster of news on http://a:9200 cannot answer"):
        reader(Client(failure, failure)).search({})


def test_a_search_past_its_budget_is_stopped() -> None:
    with pytest.raises(SearchTimedOut):
        reader(Client({**WHOLE, "timed_out": True})).search({})


def test_a_missing_index_is_not_found_until_one_was_served_then_unavailable() -> None:
    fresh = reader(Client(MISSING))
    with pytest.raises(IndexNotFound, match="run `newsearch reindex --engine opensearch`") as raised:
        fresh.search({})
    assert not isinstance(raised.value, IndexUnavailable)
    served = reader(Client(WHOLE, MISSING))
    served.search({})
    with pytest.raises(IndexUnavailable, match="removed, or being replaced"):
        served.search({})


def test_a_malformed_request_is_our_bug_and_not_retried() -> None:
    client = Client(RequestError(400, "parsing_exception", {}), WHOLE)
    with pytest.raises(RequestError):
        reader(client).search({})
    assert len(client.requests) == 1


def test_urls_are_shown_without_their_credentials() -> None:
    assert shown_urls(("https://admin:s3cret@search.example.org:9200/prefix", "http://10.0.0.2:9200", "host3")) == (
        "https://search.example.org:9200/prefix,http://10.0.0.2:9200,host3"
    )


def test_the_client_knows_every_node_retries_on_the_next_and_never_sniffs() -> None:
    client = connect(("http://a:9200", "https://user:pw@b:9243"))
    transport = client.transport
    # in a random order (opensearch-py's randomize_hosts), so that many servers spread over the nodes
    assert sorted(c.host for c in transport.connection_pool.connections) == ["http://a:9200", "https://b:9243"]
    assert transport.max_retries == 2 and transport.retry_on_timeout and transport.retry_on_status == RETRY_ON_STATUS
    assert not transport.sniff_on_start and not transport.sniff_on_connection_fail
    assert 500 in RETRY_ON_STATUS and 502 in RETRY_ON_STATUS
