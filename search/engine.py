"""What the web app, the CLI and the reindexer may ask of a search engine: two protocols and their errors.

``SearchEngine`` answers the web app's and the CLI's questions; ``IndexWriter`` takes the
reindexer's changes; ``Engine`` is both sides of one index, as ``search.factory.open_engine``
hands it out. Everything crosses the boundary as the neutral model (``search.model``), so
nothing outside an engine's own package knows which engine runs: the embedded Whoosh index
(``search.whoosh``) or a cluster.

The writer side is shaped for a distributed engine as much as for a local one: ``add`` may
buffer (bulk requests), ``commit`` is a checkpoint (for a cluster, flush and refresh), the
fingerprints of the index are read in one sweep (a scroll), near-duplicate candidates come
from a lookup of blocking keys (a terms query), ``rebuild`` writes a new index and switches to
it in one step (an alias), resuming an unfinished rebuild, and one reindex at a time holds the
engine's lock.

An engine never raises anything but these errors (and ``BadParameter`` from building a
request) for what a user or an operator did: the web app turns them into 503s and the CLI
into one-line messages.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from search import config
from search.config import CommitEvery
from search.model import ArticleSummary, IndexedArticle, SearchRequest, SearchResponse, StoredArticle, StoryCandidate


class IndexNotFound(Exception):
    """There is no index yet: run ``newsearch reindex``."""


class IndexUnavailable(IndexNotFound):
    """The index that was being served is gone or cannot be read now (removed, being rebuilt, a
    cluster that does not answer); it is worth trying again shortly."""


class IndexBusy(Exception):
    """Another reindex holds the index's lock."""


class IndexWriteFailed(Exception):
    """Writing the index failed (a full or read-only disk, a cluster refusing writes); the index in
    use is unchanged."""

    def __init__(self, where: object, reason: str) -> None:
        super().__init__(f"cannot write the index at {where}: {reason}")
        self.where = where
        self.reason = reason


class SearchTimedOut(Exception):
    """The required work of a query ran past its time budget (``config.QUERY_TIME_BUDGET_S``)."""

    def __init__(self, budget_s: float) -> None:
        super().__init__(
            f"the search took longer than its {budget_s:g} s budget; use fewer or more specific words, or a filter"
        )
        self.budget_s = budget_s


class EngineNotAvailable(Exception):
    """The configured engine cannot be used in this installation (unknown, or not built yet)."""


@runtime_checkable
class SearchEngine(Protocol):
    """The questions the web app and the CLI ask. Safe to call from several threads at once.

    A missing index raises IndexNotFound, one that went away under a running server
    IndexUnavailable, a query past its time budget SearchTimedOut. An id that is unknown or not
    of the form of ``search.model.document_id`` is answered as unknown (None), never an error.
    """

    def search(self, request: SearchRequest) -> SearchResponse:
        """One result per story, with facets, snippets, a spelling suggestion when it finds little,
        and the any-word fallback when no article has all the words."""
        ...

    def article(self, doc_id: str) -> StoredArticle | None:
        """The stored article with this id, or None."""
        ...

    def versions(self, doc_id: str) -> list[ArticleSummary] | None:
        """The other versions of this article's story (at most ``config.MAX_VERSIONS``), oldest
        first; None for an unknown id."""
        ...

    def related(self, doc_id: str, limit: int = config.RELATED_COUNT) -> list[ArticleSummary] | None:
        """The stories most like this article (more-like-this on body and headline), one article
        each and not its own story; None for an unknown id."""
        ...

    def complete(self, prefix: str, limit: int = config.COMPLETION_COUNT) -> list[ArticleSummary]:
        """Headlines for search-as-you-type: every typed word, the last one possibly unfinished."""
        ...

    def doc_count(self) -> int:
        """How many articles the index holds."""
        ...

    def close(self) -> None:
        """Release what the engine holds open; it is not used afterwards."""
        ...


@runtime_checkable
class IndexWriter(Protocol):
    """Changes to one index, from ``Engine.update`` or ``Engine.rebuild``.

    Nothing is visible to searches before a checkpoint: the writer makes one on its own every
    ``CommitEvery`` (so a killed reindex redoes at most one batch), on ``commit()``, and when
    the ``with`` block ends without an error. A block that raises keeps the checkpoints made so
    far and drops the rest. Disk or cluster errors raise IndexWriteFailed.
    """

    def fingerprints(self) -> dict[str, str]:
        """source -> fingerprint of every document the index being written held when the writer
        started: the index in use for an update, the committed part of a resumed rebuild."""
        ...

    def story_candidates(self, keys: Sequence[str]) -> list[StoryCandidate]:
        """Stored documents that have any of these blocking keys (at most
        ``config.MAX_STORY_CANDIDATES``), at least among those committed before the writer
        started; the documents added since may be missing, so the caller remembers those."""
        ...

    def add(self, document: IndexedArticle) -> None:
        """Add the document, replacing the one with the same source."""
        ...

    def remove(self, source: str) -> bool:
        """Remove the document of this source; whether there was one."""
        ...

    def commit(self) -> None:
        """A checkpoint: what was added and removed so far survives a crash and is searchable."""
        ...


@runtime_checkable
class Engine(SearchEngine, Protocol):
    """One index, searched and written: what ``search.factory.open_engine`` returns."""

    @property
    def location(self) -> str:
        """Where the index is, for messages (a directory, or a cluster and an index name)."""
        ...

    def exists(self) -> bool:
        """Whether there is a complete index to search and to update."""
        ...

    def fingerprints(self) -> dict[str, str]:
        """source -> fingerprint of every document of the index in use (read in one sweep, without
        the articles' text)."""
        ...

    def update(self, *, commit_every: CommitEvery | None = config.COMMIT_EVERY) -> AbstractContextManager[IndexWriter]:
        """A writer that changes the index in use (creating an empty one when there is none)."""
        ...

    def rebuild(self, *, commit_every: CommitEvery | None = config.COMMIT_EVERY) -> AbstractContextManager[IndexWriter]:
        """A writer into a new index, which replaces the one in use in one atomic step when the
        block ends without an error; searches see the old index until then. An unfinished
        rebuild (killed, or stopped by an error) is resumed by the next one: its writer's
        ``fingerprints()`` tell what it holds. A write error removes the unfinished index."""
        ...

    def reindex_lock(self, *, wait: bool = False) -> AbstractContextManager[None]:
        """Held by the one reindex of this index at a time: another one raises IndexBusy at once,
        or waits with ``wait``. A killed holder never leaves it held."""
        ...
