"""The failover drill on the plain client: searches run for 30 s while one node is SIGKILLed at 5 s.

No search may fail and the results must not change; the node is then restarted and the cluster must be
green again. A search in flight at the kill can lose its fetch phase: OpenSearch fetches from the shard
copy that ran the query and does not move to another copy when that node dies, so the answer comes back
partial (`_shards.failed`) or, if every shard was lost, as a 500. The client retries such a search once,
as the engine must; the figures count those retries. The drill (cluster/failover.py) is the one the
engine-contract tests run through the newsearch OpenSearch engine; the figures of each run are written to
test-output/opensearch/failover.jsonl.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from opensearchpy import OpenSearch

from cluster.failover import failover_drill, pick_victim
from cluster.local import LocalCluster
from tests.opensearch.conftest import SampleIndex

FIGURES = Path(__file__).resolve().parents[2] / "test-output" / "opensearch" / "failover.jsonl"
QUERY = {
    "query": {"match": {"body": "flood"}},
    "sort": [{"_score": "desc"}, {"story_id": "asc"}],  # a total order, the same on any shard copy
    "size": 20,
}


def partial(response: dict[str, Any]) -> bool:
    shards = response["_shards"]
    return bool(shards["failed"]) or shards["successful"] != shards["total"]


def record(name: str, figures: dict[str, object]) -> None:
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a") as out:
        out.write(json.dumps({"test": name, **figures}) + "\n")


@pytest.mark.parametrize("kill_manager", [False, True], ids=["data-node", "elected-manager"])
def test_searches_survive_a_node_killed_mid_run(
    opensearch_cluster: LocalCluster,
    opensearch_client: OpenSearch,
    sample_index: SampleIndex,
    kill_manager: bool,
    request: pytest.FixtureRequest,
) -> None:
    retried: list[dict[str, object]] = []

    def search() -> list[str]:
        response = opensearch_client.search(index=sample_index.name, body=QUERY)
        if partial(response):
            retried.append(response["_shards"])
            response = opensearch_client.search(index=sample_index.name, body=QUERY)
            if partial(response):
                raise RuntimeError(f"partial results twice: {response['_shards']}")
        return [hit["_id"] for hit in response["hits"]["hits"]]

    victim = pick_victim(opensearch_cluster, kill_manager=kill_manager)
    report = failover_drill(opensearch_cluster, search, victim)
    record(request.node.name, {**asdict(report), "retried_partial": len(retried), "retry_reasons": retried})
    print(report.summary())

    assert kill_manager or not victim.manager_only
    assert report.victim_was_manager is kill_manager
    assert report.searches > 0 and report.failures == []
    assert len(report.ids_before) == QUERY["size"] and report.ids_after == report.ids_before
    health = opensearch_client.cluster.health()
    assert (health["status"], health["number_of_nodes"]) == ("green", 3)
