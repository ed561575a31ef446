"""The app's one SearchIndex, opened lazily and kept in ``app.extensions["newsearch"]``."""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

from search.whoosh.engine import SearchIndex
from search.whoosh.storage import IndexNotFound

EXTENSION_KEY = "newsearch"

_open_lock = threading.Lock()

__all__ = ["EXTENSION_KEY", "IndexNotFound", "get_index"]


def get_index(app: Flask | None = None) -> SearchIndex:
    """The app's SearchIndex, opening it on first use.

    Raises IndexNotFound (turned into a 503 by ``web.errors``) while there is no
    index; a failure is not cached, so the app picks the index up once it is built.
    Once open, the SearchIndex follows the index path itself: an index removed under
    the app gives IndexUnavailable (also a 503) until a new one is there, without a restart.
    """
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    index = app.extensions.get(EXTENSION_KEY)
    if index is None:
        with _open_lock:
            index = app.extensions.get(EXTENSION_KEY)
            if index is None:
                index = SearchIndex.open(Path(app.config["INDEX_DIR"]))
                app.extensions[EXTENSION_KEY] = index
    return index
