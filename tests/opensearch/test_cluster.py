"""The real cluster itself: green with the nodes and roles asked for, and a replicated index that answers."""

from __future__ import annotations

from opensearchpy import OpenSearch

from cluster.local import LocalCluster
from tests.opensearch.conftest import SampleIndex

OPENSEARCH_VERSION = "2.19.6"  # the version cluster/pom.xml pins every org.opensearch* artifact to


def test_cluster_is_green_with_two_data_nodes_and_a_manager_only_node(
    opensearch_cluster: LocalCluster, opensearch_client: OpenSearch
) -> None:
    health = opensearch_client.cluster.health()
    assert health["status"] == "green"
    assert (health["number_of_nodes"], health["number_of_data_nodes"]) == (3, 2)
    roles = {row["name"]: row["node.role"] for row in opensearch_client.cat.nodes(format="json", h="name,node.role")}
    assert roles == {"node-1": "dim", "node-2": "dim", "node-3": "m"}
    assert opensearch_client.info()["version"]["number"] == OPENSEARCH_VERSION


def test_every_node_runs_in_its_own_jvm_with_its_heap_set(
    opensearch_cluster: LocalCluster, opensearch_client: OpenSearch
) -> None:
    pids = {node.name: node.process.pid for node in opensearch_cluster.nodes if node.process is not None}
    info = opensearch_client.nodes.info(metric="jvm,process")["nodes"].values()
    reported_pids = {node["name"]: node["process"]["id"] for node in info}
    heaps_mb = {node["name"]: node["jvm"]["mem"]["heap_max_in_bytes"] // 2**20 for node in info}
    assert reported_pids == pids and len(set(pids.values())) == 3
    assert heaps_mb == {"node-1": 512, "node-2": 512, "node-3": 256}


def test_two_shard_one_replica_index_finds_what_was_indexed(
    opensearch_client: OpenSearch, sample_index: SampleIndex
) -> None:
    shards = opensearch_client.cat.shards(index=sample_index.name, format="json", h="shard,prirep,state,node")
    assert sorted((row["shard"], row["prirep"]) for row in shards) == [("0", "p"), ("0", "r"), ("1", "p"), ("1", "r")]
    assert {row["state"] for row in shards} == {"STARTED"}
    copies_per_node = {
        node: sorted(row["shard"] for row in shards if row["node"] == node) for node in {row["node"] for row in shards}
    }
    assert copies_per_node == {"node-1": ["0", "1"], "node-2": ["0", "1"]}  # losing either node loses no shard

    response = opensearch_client.search(
        index=sample_index.name, body={"query": {"match": {"body": "flood"}}, "size": 1000, "track_total_hits": True}
    )
    expected = {doc_id for doc_id, source in sample_index.documents.items() if "flood" in source["body"]}
    assert response["_shards"]["failed"] == 0
    assert response["hits"]["total"] == {"value": len(expected), "relation": "eq"}
    assert {hit["_id"] for hit in response["hits"]["hits"]} == expected
    assert opensearch_client.count(index=sample_index.name)["count"] == len(sample_index.documents)
