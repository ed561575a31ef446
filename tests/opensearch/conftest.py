"""Fixtures of the OpenSearch tests: one real cluster for this folder, a client that survives a dead node,
and a 2-shard, 1-replica index.

The cluster is 2 data nodes and 1 small cluster-manager-only node (cluster/local.py), one JVM each, on
free loopback ports in a fresh data folder, stopped by PID after the folder's last test (and at exit, and
by the kernel if the test process dies). Without Java or Maven the tests skip with the reason, except on
CI (CI=true), where the missing piece fails them: there they must run. `pytest -m "not opensearch"`
leaves them out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import pytest
from opensearchpy import OpenSearch, helpers

from cluster.local import ClusterUnavailable, LocalCluster

DATA_NODES = 2
MANAGER_ONLY_NODES = 1
CLIENT_TIMEOUT_S = 10
# Retried on the next node: 502-504 from a node shutting down or without a manager, and 500, which a search
# gets when every shard copy it was fetching from died under it (idempotent reads, so a retry is safe).
RETRY_ON_STATUS = (500, 502, 503, 504)
SAMPLE_INDEX = "newsearch-cluster-test"
REGIONS = ("Europe", "England", "Science")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "opensearch: runs against a real OpenSearch cluster (tests/opensearch/)")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.opensearch)


def unavailable(reason: str) -> NoReturn:
    """Skip, or on CI fail: there the OpenSearch tests must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the OpenSearch tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="package")
def opensearch_cluster() -> Iterator[LocalCluster]:
    """The cluster, green with every node when a test gets it (each test leaves it so)."""
    cluster = LocalCluster(DATA_NODES, MANAGER_ONLY_NODES)
    try:
        cluster.start()
    except ClusterUnavailable as error:
        cluster.stop()
        unavailable(str(error))
    except BaseException:
        cluster.stop()
        raise
    yield cluster
    cluster.stop()


def failover_client(urls: list[str]) -> OpenSearch:
    """A client that rides over a dead node: every node's URL, each request retried on the next node after
    a refused connection, a reset or a 5xx, and no sniffing (it would learn addresses, not URLs)."""
    return OpenSearch(
        hosts=urls,
        timeout=CLIENT_TIMEOUT_S,
        max_retries=len(urls),
        retry_on_timeout=True,
        retry_on_status=RETRY_ON_STATUS,
        sniff_on_start=False,
        sniff_on_connection_fail=False,
        sniffer_timeout=None,
    )


@pytest.fixture(scope="package")
def opensearch_client(opensearch_cluster: LocalCluster) -> Iterator[OpenSearch]:
    client = failover_client([node.url for node in opensearch_cluster.nodes])
    yield client
    client.close()


@dataclass(frozen=True)
class SampleIndex:
    """A 2-shard, 1-replica index of `documents` (id -> source), green, with every shard copy started."""

    name: str
    documents: dict[str, dict[str, str]]


def sample_documents(count: int = 200) -> dict[str, dict[str, str]]:
    """Made-up stories: every third is about a flood, so a search has a known answer."""
    documents = {}
    for number in range(count):
        topic = "flood defences" if number % 3 == 0 else "council budget"
        documents[f"story-{number:04d}"] = {
            "story_id": f"story-{number:04d}",
            "headline": f"Story {number}: {topic}",
            "body": f"Report number {number} on the {topic} of {REGIONS[number % len(REGIONS)]}.",
            "region": REGIONS[number % len(REGIONS)],
        }
    return documents


@pytest.fixture(scope="package")
def sample_index(opensearch_cluster: LocalCluster, opensearch_client: OpenSearch) -> Iterator[SampleIndex]:
    documents = sample_documents()
    opensearch_client.indices.create(index=SAMPLE_INDEX, body={
        "settings": {"number_of_shards": 2, "number_of_replicas": 1},
        "mappings": {"properties": {
            "story_id": {"type": "keyword"},
            "headline": {"type": "text"},
            "body": {"type": "text"},
            "region": {"type": "keyword"},
        }},
    })
    actions = ({"_index": SAMPLE_INDEX, "_id": doc_id, "_source": source} for doc_id, source in documents.items())
    helpers.bulk(opensearch_client, actions, refresh=True)
    opensearch_cluster.wait_for_status("green")  # every shard copy started
    yield SampleIndex(SAMPLE_INDEX, documents)
    opensearch_client.indices.delete(index=SAMPLE_INDEX, ignore_unavailable=True)
