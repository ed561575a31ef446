"""Every default and setting of newsearch, in one place."""

from __future__ import annotations

import os
from pathlib import Path

INDEX_ENV_VAR = "NEWSEARCH_INDEX"
DEFAULT_INDEX_DIR = Path("instance") / "index"
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


def index_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The index directory: an explicit choice wins, then ``$NEWSEARCH_INDEX``, then ``instance/index``."""
    if explicit:
        return Path(explicit)
    from_env = os.environ.get(INDEX_ENV_VAR)
    return Path(from_env) if from_env else DEFAULT_INDEX_DIR
