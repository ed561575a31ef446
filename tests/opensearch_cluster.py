"""The real OpenSearch cluster of the tests, as a pytest plugin (``pytest_plugins`` in tests/conftest.py).

One cluster per test session, started by the first test that needs it (the engine-contract tests
of ``tests/test_engine_contract.py``, ``tests/opensearch/``): 2 data nodes and 1 small
cluster-manager-only node (cluster/local.py), one JVM each, on free loopback ports in a fresh data
folder, stopped by PID at the end of the session (and at exit, and by the kernel if the test
process dies). Without Java or Maven the tests that need it skip with the reason, except on CI
(CI=true), where the missing piece fails them: there they must run. Every test that uses the
cluster is marked ``opensearch``, so ``pytest -m "not opensearch"`` leaves them all out.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest

from cluster.local import ClusterUnavailable, LocalCluster
from search import EngineConfig

DATA_NODES = 2
MANAGER_ONLY_NODES = 1
CLUSTER_FIXTURE = "opensearch_cluster"
OPENSEARCH_TESTS = Path(__file__).resolve().parent / "opensearch"


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "opensearch: runs against a real OpenSearch cluster (tests/opensearch_cluster.py)"
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests of tests/opensearch/ and whatever else needs the cluster are ``opensearch`` tests (the
    engine-contract tests mark their opensearch parameter themselves: their engine fixture asks for the
    cluster only for that parameter)."""
    for item in items:
        if OPENSEARCH_TESTS in Path(str(item.fspath)).parents or CLUSTER_FIXTURE in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.opensearch)


def unavailable(reason: str) -> NoReturn:
    """Skip, or on CI fail: there the OpenSearch tests must run."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: the OpenSearch tests must run)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
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


def opensearch_config(cluster: LocalCluster, prefix: str, *, shards: int = 1, replicas: int = 0) -> EngineConfig:
    """The configuration of an OpenSearch engine on the test cluster, under an alias of its own (``prefix-<random>``),
    knowing the data nodes' URLs (the failover drill kills one of them)."""
    return EngineConfig(
        kind="opensearch",
        opensearch_urls=tuple(node.url for node in cluster.data_nodes),
        opensearch_index=f"{prefix}-{uuid.uuid4().hex[:8]}",
        opensearch_shards=shards,
        opensearch_replicas=replicas,
    )


def drop_indexes(cluster: LocalCluster, alias: str) -> None:
    """Delete every index of an alias (its generations, its lock): tests share the cluster."""
    cluster.request(f"/{alias}-*?expand_wildcards=all&ignore_unavailable=true", method="DELETE")
