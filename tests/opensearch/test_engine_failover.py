"""The failover drill through the newsearch engine: `OpenSearchEngine.search` runs without pause for 30 s on a
2-shard, 1-replica index while a data node is SIGKILLed at 5 s (cluster/failover.py).

No search may fail and every search must give the same result ids as before the kill; the node is then
restarted and the cluster must be green again. What lets the engine lose no search is its client: every data
node's URL, the next node after a refused connection or a 5xx, and one more try of a search whose answer came
back partial (search/opensearch/client.py). The figures of each run are appended to
test-output/opensearch/failover.jsonl (searches, failures, node left after, green again after).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from cluster.failover import failover_drill, pick_victim
from cluster.local import LocalCluster
from indexer.reindex import index_articles
from search import Engine, EngineConfig, open_engine
from search.model import Article, SearchRequest
from tests.opensearch_cluster import drop_indexes, opensearch_config

FIGURES = Path(__file__).resolve().parents[2] / "test-output" / "opensearch" / "failover.jsonl"
DOCUMENTS = 200
REGIONS = ("Europe", "England", "Science")


def articles() -> list[Article]:
    """Made-up stories, each its own (too short to be near-duplicates): every third is about flood defences, so a
    search has a known answer of many stories."""
    made = []
    for number in range(DOCUMENTS):
        topic = "flood defences" if number % 3 == 0 else "council budget"
        made.append(
            Article(
                headline=f"Story {number}: {topic}",
                body=f"Report {number} on the {topic} of {REGIONS[number % 3]}.",
                source=f"drill/story-{number:04d}.txt",
                region=REGIONS[number % 3],
                date=datetime(2009, 1, 1, tzinfo=UTC) + timedelta(days=number),
            )
        )
    return made


@pytest.fixture()
def replicated(opensearch_cluster: LocalCluster) -> Iterator[Engine]:
    settings: EngineConfig = opensearch_config(opensearch_cluster, "failover", shards=2, replicas=1)
    engine = open_engine(settings)
    index_articles(engine, articles())
    opensearch_cluster.wait_for_status("green")  # every shard copy started
    yield engine
    engine.close()
    drop_indexes(opensearch_cluster, settings.opensearch_index)


def test_engine_searches_survive_a_data_node_killed_mid_run(
    opensearch_cluster: LocalCluster, replicated: Engine, request: pytest.FixtureRequest
) -> None:
    query = SearchRequest(q="flood defences", page_size=20)

    def search() -> list[str]:
        response = replicated.search(query)
        assert response.total == len(range(0, DOCUMENTS, 3))  # a short answer would be a failed search
        return [hit.id for hit in response.hits]

    victim = pick_victim(opensearch_cluster)
    report = failover_drill(opensearch_cluster, search, victim)
    FIGURES.parent.mkdir(parents=True, exist_ok=True)
    with FIGURES.open("a") as out:
        out.write(json.dumps({"test": request.node.name, **asdict(report)}) + "\n")
    print(report.summary())

    assert not victim.manager_only and report.searches > 0 and report.failures == []
    assert len(report.ids_before) == query.page_size and report.ids_after == report.ids_before
    health = opensearch_cluster.health()
    assert (health["status"], health["number_of_nodes"]) == ("green", 3)
