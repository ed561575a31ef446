"""The failover drill: searches run without pause while one node is killed like a dying machine.

Why a function that takes a search callable: the same drill proves the plain opensearch-py client now
and, later, the newsearch OpenSearch engine (`search=lambda: engine.search(request)...ids`). The caller
decides what one search is; the drill decides when the node dies, counts what failed, restarts the node
and times the recovery. It asserts nothing itself: the test asserts on the report.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cluster.local import ClusterError, LocalCluster, Node

DRILL_SECONDS = 30.0
KILL_AT_SECONDS = 5.0
RECOVERY_TIMEOUT_S = 240.0
MESSAGE_CHARS = 2000  # of one failed search: the error and what the server said (opensearch-py's `info`)

Search = Callable[[], Sequence[str]]


@dataclass
class FailoverReport:
    """What happened during one drill. `failures` holds one line per failed search (error or wrong ids)."""

    victim: str
    victim_was_manager: bool
    searches: int = 0
    failures: list[str] = field(default_factory=list)
    ids_before: list[str] = field(default_factory=list)
    ids_after: list[str] = field(default_factory=list)
    slowest_search_s: float = 0.0
    node_left_s: float | None = None  # from the kill until the cluster counted one node fewer
    recovery_s: float | None = None  # from the restart until the cluster was green with every node again

    def summary(self) -> str:
        def seconds(value: float | None) -> str:
            return "n/a" if value is None else f"{value:.1f} s"

        role = " (the elected cluster manager)" if self.victim_was_manager else ""
        return (
            f"killed {self.victim}{role}: {self.searches} searches, {len(self.failures)} failed, "
            f"slowest {self.slowest_search_s:.2f} s; node left after {seconds(self.node_left_s)}; "
            f"green again {seconds(self.recovery_s)} after the restart"
        )


def pick_victim(cluster: LocalCluster, kill_manager: bool = False) -> Node:
    """The elected cluster manager if asked, else a data node that is not the manager.

    Killing the elected manager is safe only when a quorum of manager-eligible nodes is left (with two
    nodes it is not: the survivor cannot elect itself), hence the third, manager-only node."""
    manager = cluster.elected_manager()
    if kill_manager:
        return manager
    return next(node for node in cluster.data_nodes if node is not manager)


def failover_drill(
    cluster: LocalCluster,
    search: Search,
    victim: Node | None = None,
    *,
    duration_s: float = DRILL_SECONDS,
    kill_at_s: float = KILL_AT_SECONDS,
    recovery_timeout_s: float = RECOVERY_TIMEOUT_S,
) -> FailoverReport:
    """Runs `search` in a loop for `duration_s`, SIGKILLs `victim` at `kill_at_s`, then restarts it.

    A search fails when it raises or returns other ids than the first search did. The drill waits for
    green after the restart (ClusterError if the cluster does not recover) and always restarts the node,
    so the cluster is whole again for the next test. Call it from the main thread: nodes die with the
    thread that started them.
    """
    victim = victim or pick_victim(cluster)
    report = FailoverReport(victim=victim.name, victim_was_manager=cluster.elected_manager() is victim)
    report.ids_before = list(search())
    started = time.monotonic()
    deadline = started + duration_s
    lock = threading.Lock()

    def search_until_deadline() -> None:
        while time.monotonic() < deadline:
            began = time.monotonic()
            try:
                ids = list(search())
                problem = None if ids == report.ids_before else f"ids {ids} != {report.ids_before}"
            except Exception as error:  # noqa: BLE001 - every error of the callable is a failed search
                problem = f"{type(error).__name__}: {error} {getattr(error, 'info', '')}"[:MESSAGE_CHARS]
            took = time.monotonic() - began
            with lock:
                report.searches += 1
                report.slowest_search_s = max(report.slowest_search_s, took)
                if problem is not None:
                    report.failures.append(f"at {began - started:.1f} s: {problem}")

    searcher = threading.Thread(target=search_until_deadline, name="failover-searches", daemon=True)
    searcher.start()
    killed = False
    try:
        time.sleep(max(0.0, started + kill_at_s - time.monotonic()))
        cluster.kill(victim)
        killed = True
        killed_at = time.monotonic()
        expected = sum(node.running for node in cluster.nodes)
        try:
            cluster.wait_for_status(None, nodes=expected, timeout=max(1.0, deadline - time.monotonic()))
            report.node_left_s = time.monotonic() - killed_at
        except ClusterError:
            pass  # the searches are what is judged; node_left_s stays None
        searcher.join(timeout=duration_s + 60.0)
        report.ids_after = list(search())
    finally:
        searcher.join(timeout=duration_s + 60.0)
        if killed:
            cluster.restart(victim)
            report.recovery_s = cluster.wait_for_status("green", timeout=recovery_timeout_s)
    return report
