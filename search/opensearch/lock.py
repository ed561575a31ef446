"""The reindex lock of an alias: a document in the cluster, so that it holds across machines.

Two reindexes of one alias would interleave their writes and switches, wherever they run: a
local file lock would not see a reindex on another machine. The lock is a document
(``<alias>-reindex-lock/_doc/reindex``) created with ``op_type=create``, which the cluster lets
exactly one creator win. It names its holder (host, process, since when) and carries a heartbeat
that the holder renews every ``HEARTBEAT_S`` (each write conditional on the document being still
the one it wrote: ``if_seq_no``/``if_primary_term``). A lock is *stale*, and taken over, when its
holder's process is gone from this very host, or when its heartbeat is older than ``STALE_S``
(a holder killed on another machine, or cut off from the cluster): so a killed reindex never
leaves the alias locked for long, and a live one is never taken over while it can reach the
cluster. The heartbeat is compared with this machine's clock: hosts must agree on the time within
a fraction of ``STALE_S`` (NTP does much better).
"""

from __future__ import annotations

import contextlib
import logging
import os
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.exceptions import ConflictError, NotFoundError, OpenSearchException, RequestError

from search.engine import IndexBusy
from search.opensearch.client import READ_TIMEOUT_S, reason, writing

log = logging.getLogger("newsearch.reindex.opensearch")

LOCK_INDEX_SUFFIX = "-reindex-lock"
LOCK_ID = "reindex"
HEARTBEAT_S = 15.0
STALE_S = 120.0
"""Eight missed heartbeats: longer than any pause of a live holder (a long bulk request, a garbage collection)."""
WAIT_POLL_S = 1.0


def _process_gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except PermissionError:  # another user's process: alive
        return False
    return False


class ClusterLock:
    """One reindex of ``alias`` at a time, on any machine."""

    def __init__(self, client: OpenSearch, alias: str, where: str) -> None:
        self._client = client
        self.index = f"{alias}{LOCK_INDEX_SUFFIX}"
        self._where = where
        self._since = ""

    @contextmanager
    def held(self, *, wait: bool = False) -> Iterator[None]:
        """Raises IndexBusy when another live reindex holds it (or waits for it with ``wait``)."""
        with writing(self._where):
            self._create_index()
            self._since = datetime.now(UTC).isoformat(timespec="seconds")
            version = self._acquire(wait)
        heartbeat = _Heartbeat(self, version)
        heartbeat.start()
        try:
            yield
        finally:
            heartbeat.stop()
            self._release(heartbeat.version)

    def _create_index(self) -> None:
        body = {
            "settings": {"index": {"number_of_shards": 1, "auto_expand_replicas": "0-1", "hidden": True}},
            "mappings": {"dynamic": False},
        }
        try:
            self._client.indices.create(index=self.index, body=body, request_timeout=READ_TIMEOUT_S)
        except RequestError as error:
            if error.error != "resource_already_exists_exception":
                raise

    def holder(self) -> dict[str, Any]:
        """Who holds the lock, since when, and the heartbeat (this machine's clock, in seconds)."""
        return {"host": socket.gethostname(), "pid": os.getpid(), "since": self._since, "heartbeat": time.time()}

    def _acquire(self, wait: bool) -> tuple[int, int]:
        told = False
        while True:
            try:
                created = self._client.create(
                    index=self.index, id=LOCK_ID, body=self.holder(), request_timeout=READ_TIMEOUT_S
                )
                return created["_seq_no"], created["_primary_term"]
            except ConflictError:
                pass
            current = self._current()
            if current is None:
                continue  # released meanwhile
            holder, version = current
            if self._stale(holder):
                log.info("taking over the stale reindex lock of %s (%s)", self._where, _describe(holder))
                self._delete(version)
                continue
            running = f"another reindex of {self._where} is running ({_describe(holder)})"
            if not wait:
                raise IndexBusy(f"{running}; try again when it has finished, or use --wait")
            if not told:
                log.info("waiting: %s", running)
                told = True
            time.sleep(WAIT_POLL_S)

    def _current(self) -> tuple[dict[str, Any], tuple[int, int]] | None:
        found = self._client.get(index=self.index, id=LOCK_ID, ignore=404, request_timeout=READ_TIMEOUT_S)
        if not found.get("found"):
            return None
        return found["_source"], (found["_seq_no"], found["_primary_term"])

    @staticmethod
    def _stale(holder: dict[str, Any]) -> bool:
        if (
            holder.get("host") == socket.gethostname()
            and isinstance(holder.get("pid"), int)
            and _process_gone(holder["pid"])
        ):
            return True
        return time.time() - float(holder.get("heartbeat") or 0) > STALE_S

    def _delete(self, version: tuple[int, int]) -> None:
        with contextlib.suppress(ConflictError, NotFoundError):  # someone else took it over or released it first
            self._client.delete(
                index=self.index,
                id=LOCK_ID,
                if_seq_no=version[0],
                if_primary_term=version[1],
                request_timeout=READ_TIMEOUT_S,
            )

    def renew(self, version: tuple[int, int]) -> tuple[int, int]:
        """The heartbeat: the same holder with the time now, only if the lock is still the one we wrote."""
        written = self._client.index(
            index=self.index,
            id=LOCK_ID,
            body=self.holder(),
            if_seq_no=version[0],
            if_primary_term=version[1],
            request_timeout=READ_TIMEOUT_S,
        )
        return written["_seq_no"], written["_primary_term"]

    def _release(self, version: tuple[int, int]) -> None:
        try:
            self._delete(version)
        except OpenSearchException as error:
            log.warning(
                "could not release the reindex lock of %s (%s); it goes stale in %.0f s",
                self._where,
                reason(error),
                STALE_S,
            )


class _Heartbeat(threading.Thread):
    def __init__(self, lock: ClusterLock, version: tuple[int, int]) -> None:
        super().__init__(name="reindex-lock-heartbeat", daemon=True)
        self._lock = lock
        self.version = version
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.wait(HEARTBEAT_S):
            try:
                self.version = self._lock.renew(self.version)
            except (ConflictError, NotFoundError):
                log.error(
                    "the reindex lock was taken over by another reindex (this one was silent for %.0f s)", STALE_S
                )
                return
            except OpenSearchException as error:
                log.warning("could not renew the reindex lock: %s", reason(error))

    def stop(self) -> None:
        self._stopped.set()
        self.join(timeout=READ_TIMEOUT_S + 5)


def _describe(holder: dict[str, Any]) -> str:
    return f"host {holder.get('host')}, process {holder.get('pid')}, since {holder.get('since')}"
