"""Every default and setting of newsearch, in one place."""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV_VAR = "NEWSEARCH_INDEX"
DEFAULT_INDEX_DIR = Path("instance") / "index"
DEFAULT_CORPUS_DIR = Path(__file__).resolve().parent.parent / "corpus"

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 100
MAX_PAGE = 10_000
MAX_QUERY_CHARS = 10_000

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8080

SNIPPET_FRAGMENTS = 2
SNIPPET_MAX_CHARS = 300
FACET_LIMIT = 20


def index_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The index directory: an explicit choice wins, then ``$NEWSEARCH_INDEX``, then ``instance/index``."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(INDEX_ENV_VAR)
    return Path(from_env) if from_env else DEFAULT_INDEX_DIR
