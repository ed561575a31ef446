"""The concrete indexes behind the alias: created, resumed, switched to in one step, and cleaned up.

Searches go through the alias (``NEWSEARCH_OPENSEARCH_INDEX``). A full rebuild writes a new
concrete index, a *generation* named ``<alias>-gen-<nanoseconds>``, and then moves the alias to it
with one ``_aliases`` request (remove from the old index and add to the new one, atomically), so a
search sees either the old index or the new one. The same rules as the embedded engine's
generations (``search.whoosh.storage``):

- a generation newer than the one the alias names (or any, while there is none), and not named
  by the alias, is *unfinished*: a rebuild killed or stopped by an error. The next rebuild resumes
  the newest one whose mapping is today's (``mapping.SCHEMA_VERSION`` in its ``_meta``) and
  deletes the other unfinished ones; the alias stays where it was until a rebuild completes;
- after a switch, the generation the alias named before is kept (searches may still be reading
  it) and every other generation of this alias is deleted; never one the alias names.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from typing import Any

from opensearchpy import OpenSearch

from search.engine import IndexWriteFailed
from search.opensearch.client import WRITE_TIMEOUT_S
from search.opensearch.mapping import META_KEY, SCHEMA_VERSION

log = logging.getLogger("newsearch.reindex.opensearch")

READY_TIMEOUT = "120s"
"""How long a finished generation may take to have every primary shard started before the switch."""


@dataclass(frozen=True)
class Generation:
    name: str
    stamp: int
    schema: str | None


class Generations:
    """The generations of one alias on one cluster."""

    def __init__(self, client: OpenSearch, alias: str, where: str) -> None:
        self._client = client
        self.alias = alias
        self._where = where
        self._pattern = re.compile(rf"{re.escape(alias)}-gen-(?P<stamp>\d+)")

    def live(self) -> list[str]:
        """The concrete indexes the alias names now (one, unless someone changed it by hand)."""
        found = self._client.indices.get_alias(name=self.alias, ignore=404, request_timeout=WRITE_TIMEOUT_S)
        return sorted(name for name, entry in found.items() if isinstance(entry, dict) and "aliases" in entry)

    def check_alias_name(self) -> None:
        """Refuse, before any work, an alias name that a concrete index already has (made by hand, or by
        another program): an alias cannot be given that name, and that index is not ours to replace."""
        if not self.live() and self._client.indices.exists(index=self.alias, request_timeout=WRITE_TIMEOUT_S):
            raise IndexWriteFailed(
                self._where,
                f"an index named {self.alias!r} exists, so it cannot be the alias "
                "newsearch searches through; choose another name or remove that index",
            )

    def all(self) -> list[Generation]:
        """This alias's generations, oldest first (matched by their whole name)."""
        found = self._client.indices.get_mapping(
            index=f"{self.alias}-gen-*", allow_no_indices=True, request_timeout=WRITE_TIMEOUT_S
        )
        generations = []
        for name, description in found.items():
            if match := self._pattern.fullmatch(name):
                meta = (description.get("mappings") or {}).get("_meta") or {}
                generations.append(Generation(name, int(match["stamp"]), meta.get(META_KEY)))
        return sorted(generations, key=lambda g: (g.stamp, g.name))

    def create(self, body: dict[str, Any]) -> str:
        name = f"{self.alias}-gen-{time.time_ns()}"
        log.info("building new generation %s", name)
        self._client.indices.create(index=name, body=body, request_timeout=WRITE_TIMEOUT_S)
        return name

    def resumable(self) -> str | None:
        """The newest unfinished generation of today's schema, refreshed so that what it holds is
        searchable; the other unfinished ones are deleted."""
        live = set(self.live())
        generations = self.all()
        live_stamp = max((g.stamp for g in generations if g.name in live), default=-1)
        unfinished = [g for g in generations if g.name not in live and g.stamp > live_stamp]
        chosen = None
        for generation in reversed(unfinished):
            if chosen is None and generation.schema == SCHEMA_VERSION:
                chosen = generation.name
            else:
                log.info("removing unfinished generation %s", generation.name)
                self.delete(generation.name)
        if chosen is not None:
            log.info("resuming partial generation %s", chosen)
            self._client.indices.refresh(index=chosen, request_timeout=WRITE_TIMEOUT_S)
        return chosen

    def switch(self, target: str) -> list[str]:
        """Move the alias to ``target`` in one ``_aliases`` request, once its primaries are started;
        returns the indexes it named before."""
        self._client.cluster.health(
            index=target, wait_for_status="yellow", timeout=READY_TIMEOUT, request_timeout=WRITE_TIMEOUT_S + 60
        )
        previous = [name for name in self.live() if name != target]
        actions = [{"remove": {"index": name, "alias": self.alias}} for name in previous]
        actions.append({"add": {"index": target, "alias": self.alias}})
        log.info("switching alias %s to %s", self.alias, target)
        self._client.indices.update_aliases(body={"actions": actions}, request_timeout=WRITE_TIMEOUT_S)
        return previous

    def remove_old(self, keep: set[str]) -> None:
        """Delete this alias's other generations; never one the alias names."""
        live = set(self.live())
        for generation in self.all():
            if generation.name not in keep and generation.name not in live:
                log.info("removing old generation %s", generation.name)
                self.delete(generation.name)

    def delete(self, name: str) -> None:
        self._client.indices.delete(index=name, ignore_unavailable=True, request_timeout=WRITE_TIMEOUT_S)
