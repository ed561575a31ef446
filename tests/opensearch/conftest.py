"""Fixtures of the cluster's own tests: a plain client that survives a dead node, and a 2-shard, 1-replica index.

The cluster itself (``opensearch_cluster``, one per session, skipped without Java except on CI) is the
plugin ``tests/opensearch_cluster.py``, shared with the engine-contract tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from opensearchpy import OpenSearch, helpers

from cluster.local import LocalCluster

CLIENT_TIMEOUT_S = 10
# Retried on the next node: 502-504 from a node shutting down or without a manager, and 500, which a search
# gets when every shard copy it was fetching from died under it (idempotent reads, so a retry is safe).
RETRY_ON_STATUS = (500, 502, 503, 504)
SAMPLE_INDEX = "newsearch-cluster-test"
REGIONS = ("Europe", "England", "Science")


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
    opensearch_client.indices.create(
        index=SAMPLE_INDEX,
        body={
            "settings": {"number_of_shards": 2, "number_of_replicas": 1},
            "mappings": {
                "properties": {
                    "story_id": {"type": "keyword"},
                    "headline": {"type": "text"},
                    "body": {"type": "text"},
                    "region": {"type": "keyword"},
                }
            },
        },
    )
    actions = ({"_index": SAMPLE_INDEX, "_id": doc_id, "_source": source} for doc_id, source in documents.items())
    helpers.bulk(opensearch_client, actions, refresh=True)
    opensearch_cluster.wait_for_status("green")  # every shard copy started
    yield SampleIndex(SAMPLE_INDEX, documents)
    opensearch_client.indices.delete(index=SAMPLE_INDEX, ignore_unavailable=True)
