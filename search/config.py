"""Every default and setting of newsearch, in one place."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ENGINE_ENV_VAR = "NEWSEARCH_ENGINE"
ENGINES = ("whoosh", "opensearch")
DEFAULT_ENGINE = "whoosh"
"""The embedded engine needs nothing but Python: ``make serve`` works without Java or a server."""
INDEX_ENV_VAR = "NEWSEARCH_INDEX"
DEFAULT_INDEX_DIR = Path("instance") / "index"
OPENSEARCH_URL_ENV_VAR = "NEWSEARCH_OPENSEARCH_URL"
DEFAULT_OPENSEARCH_URLS = ("http://127.0.0.1:9200",)
OPENSEARCH_INDEX_ENV_VAR = "NEWSEARCH_OPENSEARCH_INDEX"
DEFAULT_OPENSEARCH_INDEX = "newsearch"
"""The alias searches go through; a full rebuild writes a new index behind it and moves the alias."""
OPENSEARCH_SHARDS_ENV_VAR = "NEWSEARCH_OPENSEARCH_SHARDS"
OPENSEARCH_REPLICAS_ENV_VAR = "NEWSEARCH_OPENSEARCH_REPLICAS"
DEFAULT_OPENSEARCH_SHARDS = 1
DEFAULT_OPENSEARCH_REPLICAS = 1
DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
MAX_RESULT_WINDOW = 10_000
"""``page x page_size`` at most, as Elasticsearch's ``index.max_result_window``: a deeper page
costs a ranking of every match, and no reader pages that far (a narrower search or a date
sort finds it sooner). A request past it gets a 400 naming ``page``."""
MAX_PAGE = MAX_RESULT_WINDOW  # the deepest page of all (with page_size 1)
MAX_QUERY_CHARS = 10_000
"""A pasted passage of an article is a fair query (its first 64 distinct words count); a longer
``q`` is a mistake or abuse and gets a 400 naming ``q`` rather than being cut silently."""
QUERY_TIME_BUDGET_S = 2.0
"""CPU seconds a query (search, related, completion) may use before it is stopped with a 503 and
Retry-After. bench/search_speed.py measured 39 ms p95 and 85 ms max on 20,000 documents, and a
common word that matches most of them costs 0.2 s, so ordinary queries on an archive several
times larger stay inside it; a hostile one (64 common words cost 7 s on 20,000 documents) gets
2 s of the server's CPU instead of minutes. CPU time, not wall time: see ``search.deadline``."""

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080

SNIPPET_FRAGMENTS = 2
SNIPPET_MAX_CHARS = 300
FACET_LIMIT = 20
MAX_VERSIONS = 10
"""Other versions of a story listed with a result or an article."""
RELATED_COUNT = 5
COMPLETION_COUNT = 8
MAX_STORY_CANDIDATES = 50
"""Documents sharing a blocking key with a new one that are compared with it (see indexer.stories)."""


@dataclass(frozen=True)
class CommitEvery:
    """When a long update commits what it has so far: after ``documents`` changes or ``seconds``.

    A kill loses only the uncommitted batch, so these bound the work a killed reindex redoes:
    at most a minute, and 10,000 documents is 40 s of work at the 250 pages/s a full reindex
    reaches on two cores. Measured on Whoosh, where each commit writes a segment with its own
    term dictionary, so tiny batches are costly: 300 pages committed every 30 took twice the
    CPU of one commit (3.1 s against 1.6 s). Segments are merged later (see
    ``search.whoosh.storage.MERGE_FACTOR``), rewriting their documents: at 100,000 pages, batches
    of 1,000 made a rebuild write every document about twice, batches of 10,000 once.
    """

    documents: int = 10_000
    seconds: float = 60.0


COMMIT_EVERY = CommitEvery()


def index_dir(explicit: str | os.PathLike[str] | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The index directory: an explicit choice wins, then ``$NEWSEARCH_INDEX``, then ``instance/index``."""
    if explicit:
        return Path(explicit)
    from_env = (os.environ if environ is None else environ).get(INDEX_ENV_VAR)
    return Path(from_env) if from_env else DEFAULT_INDEX_DIR


@dataclass(frozen=True)
class EngineConfig:
    """Which engine serves the index, and where the index is: what ``search.factory.open_engine``
    opens. ``index_dir`` is the Whoosh index's directory; the ``opensearch_*`` settings name the
    cluster's hosts (any of them may answer), the index (an alias) and its shards and replicas."""

    kind: str = DEFAULT_ENGINE
    index_dir: Path = DEFAULT_INDEX_DIR
    opensearch_urls: tuple[str, ...] = DEFAULT_OPENSEARCH_URLS
    opensearch_index: str = DEFAULT_OPENSEARCH_INDEX
    opensearch_shards: int = DEFAULT_OPENSEARCH_SHARDS
    opensearch_replicas: int = DEFAULT_OPENSEARCH_REPLICAS
    refresh_in_background: bool = False
    """For a long-running server: a new commit or a switched index is read in the background while
    searches go on being answered from the index before, so that no query waits for it (new documents
    show a moment later). Off for the command line and tests, where a search right after a reindex
    must see it."""

    def __post_init__(self) -> None:
        if self.kind not in ENGINES:
            raise ValueError(f"unknown engine {self.kind!r}; use one of: {', '.join(ENGINES)}")
        object.__setattr__(self, "index_dir", Path(self.index_dir))

    @classmethod
    def from_env(
        cls,
        environ: Mapping[str, str] | None = None,
        *,
        kind: str | None = None,
        index: str | os.PathLike[str] | None = None,
    ) -> EngineConfig:
        """The configuration from the environment (``$NEWSEARCH_ENGINE``, ``$NEWSEARCH_INDEX``,
        ``$NEWSEARCH_OPENSEARCH_URL`` with hosts separated by commas, ``$NEWSEARCH_OPENSEARCH_INDEX``,
        ``$NEWSEARCH_OPENSEARCH_SHARDS``, ``$NEWSEARCH_OPENSEARCH_REPLICAS``); an explicit ``kind`` or
        ``index`` (command-line options) wins. Raises ValueError naming a setting that is wrong."""
        env = os.environ if environ is None else environ
        urls = tuple(url.strip() for url in env.get(OPENSEARCH_URL_ENV_VAR, "").split(",") if url.strip())
        return cls(
            kind=(kind or env.get(ENGINE_ENV_VAR) or DEFAULT_ENGINE).strip().lower(),
            index_dir=index_dir(index, env),
            opensearch_urls=urls or DEFAULT_OPENSEARCH_URLS,
            opensearch_index=env.get(OPENSEARCH_INDEX_ENV_VAR, "").strip() or DEFAULT_OPENSEARCH_INDEX,
            opensearch_shards=_count(env, OPENSEARCH_SHARDS_ENV_VAR, DEFAULT_OPENSEARCH_SHARDS, low=1),
            opensearch_replicas=_count(env, OPENSEARCH_REPLICAS_ENV_VAR, DEFAULT_OPENSEARCH_REPLICAS, low=0),
        )


def _count(env: Mapping[str, str], name: str, default: int, *, low: int) -> int:
    text = env.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < low:
        raise ValueError(f"${name} must be a whole number of at least {low}, not {text[:40]!r}")
    return int(text)
