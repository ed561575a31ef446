"""cluster/local.py: the node command lines, free ports, Java detection, skip-or-fail, and a clean stop."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from cluster import local
from cluster.local import ClusterUnavailable, LocalCluster
from tests.opensearch_cluster import unavailable


@pytest.fixture()
def layout() -> Iterator[LocalCluster]:
    """A cluster laid out (ports, folder) but never started."""
    cluster = LocalCluster(data_nodes=2, manager_only_nodes=1)
    yield cluster
    cluster.stop()


def option(command: list[str], name: str) -> str:
    return next(arg.split("=", 1)[1] for arg in command if arg.startswith(name + "="))


def test_every_node_gets_its_heap_its_ports_and_the_whole_cluster(layout: LocalCluster) -> None:
    commands = [layout.command(node) for node in layout.nodes]
    heaps = [[arg for arg in command if arg.startswith("-Xm")] for command in commands]
    assert heaps == [["-Xms512m", "-Xmx512m"], ["-Xms512m", "-Xmx512m"], ["-Xms256m", "-Xmx256m"]]
    for number, command in enumerate(commands, start=1):
        assert command[command.index(local.MAIN_CLASS) + 1 :][:3] == [str(number), "3", str(layout.root)]
        assert option(command, "manager-only") == "3"
        assert option(command, "http") == ",".join(str(node.http_port) for node in layout.nodes)
        assert option(command, "transport") == ",".join(str(node.transport_port) for node in layout.nodes)
    ports = [port for node in layout.nodes for port in (node.http_port, node.transport_port)]
    assert len(set(ports)) == 6
    assert [node.manager_only for node in layout.nodes] == [False, False, True]


def test_free_ports_are_distinct_and_free() -> None:
    ports = local.free_ports(4)
    assert len(set(ports)) == 4
    for port in ports:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_missing_java_is_a_reason_to_skip(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    assert "Java not found" in (local.java_unavailable_reason() or "")
    cluster = LocalCluster(data_nodes=1, manager_only_nodes=0)
    with pytest.raises(ClusterUnavailable, match="Java not found"):
        cluster.start()  # even with the jars built
    cluster.stop()
    monkeypatch.setattr(local, "is_built", lambda: False)
    with pytest.raises(ClusterUnavailable, match="Java not found"):
        local.build()


def test_missing_java_skips_but_fails_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="no java"):
        unavailable("no java")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="no java"):
        unavailable("no java")


def test_a_port_taken_meanwhile_is_retried_and_stop_leaves_nothing_behind() -> None:
    cluster = LocalCluster(data_nodes=1, manager_only_nodes=0)
    (node,) = cluster.nodes
    taken_port = node.http_port
    with socket.socket() as squatter:
        squatter.bind(("127.0.0.1", taken_port))
        squatter.listen()
        try:
            cluster.start()
        except ClusterUnavailable as error:
            cluster.stop()
            unavailable(str(error))
        except BaseException:
            cluster.stop()
            raise
    assert "BindHttpException" in node.log_path.read_text() and node.http_port != taken_port
    assert cluster.health(node.url)["status"] == "green" and node.rss_mb() > 0
    cluster.stop()
    assert node.process is not None and node.process.poll() is not None
    assert not node.running and not cluster.root.exists()
    with pytest.raises(OSError):
        cluster.health(node.url)
