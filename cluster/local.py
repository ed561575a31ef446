"""A real OpenSearch cluster on this machine: one JVM per node, free loopback ports, a fresh data folder.

Why one JVM per node: a test must be able to kill one node the way a machine dies (SIGKILL) and start
it again on its own data, which nodes sharing a JVM cannot do. The nodes are the Maven project beside
this file (`newsearch.cluster.Main`), built on first use. Every JVM is started with its heap set (the
JVM's default would be a quarter of the machine's memory each), in a session of its own, and asks the
kernel to kill it if this process dies; `stop()` also runs at exit, so no node outlives its test run.

Nothing else in newsearch needs Java: without Java or Maven, `ClusterUnavailable` says why, and the
callers (the OpenSearch tests) skip with that reason, except on CI, where it is a failure.
"""

from __future__ import annotations

import atexit
import json
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Self

CLUSTER_DIR = Path(__file__).resolve().parent
POM = CLUSTER_DIR / "pom.xml"
TARGET = CLUSTER_DIR / "target"
MAIN_CLASS = "newsearch.cluster.Main"
MAIN_SOURCE = CLUSTER_DIR / "src" / "main" / "java" / "newsearch" / "cluster" / "Main.java"
MAIN_CLASS_FILE = TARGET / "classes" / "newsearch" / "cluster" / "Main.class"
JAVA_MIN_VERSION = 17
DATA_NODE_HEAP_MB = 512
MANAGER_ONLY_HEAP_MB = 256
START_TIMEOUT_S = 240.0  # two cores shared with the rest of a test run: green takes 25-35 s when idle
STOP_GRACE_S = 20.0
BIND_FAILURE = re.compile(r"Bind(Http|Transport)Exception|Address already in use")
LOG_TAIL_LINES = 40


class ClusterError(RuntimeError):
    """The cluster did not come up or did not do what was asked (with the node's log tail)."""


class ClusterUnavailable(ClusterError):
    """Java or Maven is missing, or the jars could not be built: the reason the cluster cannot run here."""


def java_unavailable_reason() -> str | None:
    """Why a node cannot start here (no java, or one older than 17), or None when it can."""
    java = shutil.which("java")
    if java is None:
        return "Java not found (the OpenSearch cluster needs Java 17+ and Maven: apt-get install openjdk-17-jdk maven)"
    try:
        result = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"Java at {java} does not run: {error}"
    match = re.search(r'version "(\d+)(?:\.(\d+))?', result.stderr)
    if match is None:
        return f"cannot read the version of Java at {java}: {result.stderr.strip()[:200]}"
    major = int(match.group(2)) if match.group(1) == "1" and match.group(2) else int(match.group(1))
    if major < JAVA_MIN_VERSION:
        return f"Java {major} at {java} is too old (OpenSearch 2.19 needs Java {JAVA_MIN_VERSION}+)"
    return None


def is_built() -> bool:
    """The classes and jars are there and no newer than their sources (pom.xml, Main.java)."""
    lib = TARGET / "lib"
    if not MAIN_CLASS_FILE.is_file() or not lib.is_dir() or not any(lib.glob("opensearch-2.*.jar")):
        return False
    built = MAIN_CLASS_FILE.stat().st_mtime
    return all(source.stat().st_mtime <= built for source in (POM, MAIN_SOURCE))


def require_java() -> None:
    reason = java_unavailable_reason()
    if reason is not None:
        raise ClusterUnavailable(reason)


def build() -> None:
    """Builds target/classes and target/lib: offline first (a warm ~/.m2), else from Maven Central."""
    if is_built():
        return
    require_java()
    mvn = shutil.which("mvn")
    if mvn is None:
        raise ClusterUnavailable("Maven (mvn) not found: it builds the OpenSearch jars (apt-get install maven)")
    output = ""
    for offline in (["-o"], []):
        command = [mvn, "-B", "-q", *offline, "-f", str(POM), "compile"]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        output = result.stdout + result.stderr
        if result.returncode == 0 and is_built():
            return
    raise ClusterUnavailable(f"building the OpenSearch jars failed (mvn -f {POM} compile):\n{_tail(output)}")


def free_ports(count: int) -> list[int]:
    """Ports free on 127.0.0.1 now, all different (held open together until every one is picked)."""
    with ExitStack() as stack:
        sockets = [stack.enter_context(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) for _ in range(count)]
        for sock in sockets:
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in sockets]


def _die_with_parent() -> list[str]:
    """A prefix that has the kernel SIGKILL the node when the thread that started it ends (util-linux's
    setpriv sets the death signal, then execs java: same PID). So start and restart nodes from the thread
    that lives longest, the main one. Without setpriv, stop() and atexit still clean up."""
    return ["setpriv", "--pdeathsig", "KILL"] if shutil.which("setpriv") else []


def _tail(text: str, lines: int = LOG_TAIL_LINES) -> str:
    return "\n".join(text.splitlines()[-lines:])


@dataclass
class Node:
    """One node: its ports, its heap, its role, its log, and its JVM while it runs."""

    number: int
    http_port: int
    transport_port: int
    manager_only: bool
    log_path: Path
    process: subprocess.Popen[bytes] | None = field(default=None, repr=False)
    stopped_on_purpose: bool = False  # killed or stopped by us, so its exit is no failure

    @property
    def name(self) -> str:
        return f"node-{self.number}"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"

    @property
    def heap_mb(self) -> int:
        return MANAGER_ONLY_HEAP_MB if self.manager_only else DATA_NODE_HEAP_MB

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def rss_mb(self) -> float:
        """Resident memory of the node's JVM (from /proc), 0.0 when it is not running."""
        if not self.running or self.process is None:
            return 0.0
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0.0
        match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.MULTILINE)
        return int(match.group(1)) / 1024 if match else 0.0

    def log_tail(self) -> str:
        try:
            return _tail(self.log_path.read_text(errors="replace"))
        except OSError:
            return "(no log)"


class LocalCluster:
    """`data_nodes` data nodes plus `manager_only_nodes` small cluster-manager-only nodes, on loopback.

    With 2 data nodes and 1 manager-only node, killing any one node leaves two cluster-manager-eligible
    nodes, a quorum: the cluster keeps (or elects) a manager and every shard keeps a copy.
    """

    def __init__(
        self, data_nodes: int = 2, manager_only_nodes: int = 1, root: Path | None = None, name: str = "newsearch-test"
    ) -> None:
        if data_nodes < 1 or manager_only_nodes < 0:
            raise ValueError("a cluster needs at least one data node")
        self.name = name
        self._own_root = root is None
        self.root = Path(tempfile.mkdtemp(prefix="newsearch-cluster-")) if root is None else root
        count = data_nodes + manager_only_nodes
        self.nodes = [
            Node(
                number=n,
                http_port=0,
                transport_port=0,
                manager_only=n > data_nodes,
                log_path=self.root / f"node-{n}.log",
            )
            for n in range(1, count + 1)
        ]
        self._assign_ports()
        self._stopped = False

    def _assign_ports(self) -> None:
        ports = free_ports(2 * len(self.nodes))
        for node, http, transport in zip(self.nodes, ports[::2], ports[1::2], strict=True):
            node.http_port, node.transport_port = http, transport

    @property
    def urls(self) -> list[str]:
        """The HTTP URLs of the nodes that run now (all of them after `start`)."""
        return [node.url for node in self.nodes if node.running]

    @property
    def data_nodes(self) -> list[Node]:
        return [node for node in self.nodes if not node.manager_only]

    def node(self, name: str) -> Node:
        return next(node for node in self.nodes if node.name == name)

    def command(self, node: Node) -> list[str]:
        """The java command line of one node (heap always set)."""
        classpath = f"{TARGET / 'classes'}:{TARGET / 'lib'}/*"
        manager_only = ",".join(str(n.number) for n in self.nodes if n.manager_only)
        return [
            *_die_with_parent(),
            "java",
            f"-Xms{node.heap_mb}m",
            f"-Xmx{node.heap_mb}m",
            "-cp",
            classpath,
            MAIN_CLASS,
            str(node.number),
            str(len(self.nodes)),
            str(self.root),
            "http=" + ",".join(str(n.http_port) for n in self.nodes),
            "transport=" + ",".join(str(n.transport_port) for n in self.nodes),
            f"cluster={self.name}",
            f"manager-only={manager_only}",
        ]

    def start(self, timeout: float = START_TIMEOUT_S) -> list[str]:
        """Builds if needed, starts every node, waits for green with every node in; returns the URLs.

        A port taken by someone else between picking and binding gets one more try on fresh ports.
        """
        require_java()
        build()
        self.root.mkdir(parents=True, exist_ok=True)
        atexit.register(self.stop)
        for attempt in (1, 2):
            for node in self.nodes:
                self._launch(node)
            try:
                self.wait_for_status("green", timeout=timeout)
                return self.urls
            except ClusterError:
                clash = any(BIND_FAILURE.search(node.log_tail()) for node in self.nodes)
                self._stop_processes()
                if attempt == 2 or not clash:
                    raise
                self._assign_ports()
        raise AssertionError("unreachable")

    def _launch(self, node: Node) -> None:
        if node.running:
            raise ClusterError(f"{node.name} is already running")
        node.stopped_on_purpose = False
        with node.log_path.open("ab") as log:
            node.process = subprocess.Popen(
                self.command(node),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=self.root,
                start_new_session=True,
            )

    def request(self, path: str, url: str | None = None, method: str = "GET", timeout: float = 10.0) -> Any:
        """One JSON request to a node (the first running one unless `url` names one)."""
        base = url or (self.urls or [self.nodes[0].url])[0]
        request = urllib.request.Request(base + path, method=method, headers={"Accept": "application/json"})
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)

    def health(self, url: str | None = None) -> dict[str, Any]:
        """`_cluster/health`; a node that sees no cluster manager answers 503 within 2 s (an HTTPError)."""
        health: dict[str, Any] = self.request("/_cluster/health?cluster_manager_timeout=2s", url=url, timeout=5.0)
        return health

    def wait_for_status(
        self, status: str | None = "green", nodes: int | None = None, timeout: float = START_TIMEOUT_S
    ) -> float:
        """Polls `_cluster/health` on every running node until one reports `status` (None: any) with `nodes`
        nodes (default: every running node). Returns the seconds waited; ClusterError with the logs if not."""
        expected = nodes if nodes is not None else sum(node.running for node in self.nodes)
        started = time.monotonic()
        last = "no answer"
        while time.monotonic() - started < timeout:
            crashed = [
                node
                for node in self.nodes
                if node.process is not None and not node.running and not node.stopped_on_purpose
            ]
            if crashed:
                raise ClusterError(f"{crashed[0].name} exited by itself:\n{crashed[0].log_tail()}")
            for url in self.urls:
                try:
                    health = self.health(url)
                except (OSError, ValueError) as error:
                    last = f"{url}: {error}"
                    continue
                last = f"{url}: {health.get('status')} with {health.get('number_of_nodes')} nodes"
                if status in (None, health.get("status")) and health.get("number_of_nodes") == expected:
                    return time.monotonic() - started
            time.sleep(0.5)
        logs = "\n".join(f"--- {node.name}\n{node.log_tail()}" for node in self.nodes)
        wanted = f"{status or 'up'} with {expected} nodes"
        raise ClusterError(f"cluster not {wanted} after {timeout:.0f} s ({last})\n{logs}")

    def elected_manager(self) -> Node:
        """The node that is the elected cluster manager now."""
        rows = self.request("/_cat/cluster_manager?format=json")
        return self.node(rows[0]["node"])

    def kill(self, node: Node, sig: signal.Signals = signal.SIGKILL) -> None:
        """Kills one node's JVM (by default as a machine dies: SIGKILL) and waits until it is gone."""
        if node.process is None or not node.running:
            raise ClusterError(f"{node.name} is not running")
        node.stopped_on_purpose = True
        node.process.send_signal(sig)
        node.process.wait(timeout=STOP_GRACE_S)

    def restart(self, node: Node) -> None:
        """Starts a stopped node again on its ports and data; `wait_for_status` tells when it is back."""
        self._launch(node)

    def _stop_processes(self) -> None:
        running = [node for node in self.nodes if node.running]
        for node in running:
            assert node.process is not None
            node.stopped_on_purpose = True
            node.process.terminate()
        deadline = time.monotonic() + STOP_GRACE_S
        for node in running:
            assert node.process is not None
            try:
                node.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                node.process.kill()
                node.process.wait()

    def stop(self) -> None:
        """Stops every node (SIGTERM, SIGKILL after 20 s) and removes a data folder it made itself."""
        if self._stopped:
            return
        self._stopped = True
        atexit.unregister(self.stop)
        self._stop_processes()
        if self._own_root:
            shutil.rmtree(self.root, ignore_errors=True)

    def __enter__(self) -> Self:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()
