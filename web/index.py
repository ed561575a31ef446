"""The app's one Engine, opened on first use by ``search.open_engine`` and kept in ``app.extensions["newsearch"]``."""

from __future__ import annotations

import threading

from flask import Flask, current_app

from search import Engine, EngineConfig, IndexNotFound, open_engine

EXTENSION_KEY = "newsearch"
CONFIG_KEY = "ENGINE_CONFIG"

_open_lock = threading.Lock()

__all__ = ["CONFIG_KEY", "EXTENSION_KEY", "IndexNotFound", "get_engine"]


def get_engine(app: Flask | None = None) -> Engine:
    """The app's engine (``app.config["ENGINE_CONFIG"]``), opened once per app on first use.

    Opening reads nothing: while there is no index, every search raises IndexNotFound (a 503,
    see ``web.errors``), and the engine finds the index once it is built. Once it has served one,
    an index removed under the app gives IndexUnavailable (also a 503) until a new one is there,
    without a restart.
    """
    app = app or current_app._get_current_object()  # type: ignore[attr-defined]
    engine = app.extensions.get(EXTENSION_KEY)
    if engine is None:
        with _open_lock:
            engine = app.extensions.get(EXTENSION_KEY)
            if engine is None:
                config: EngineConfig = app.config[CONFIG_KEY]
                engine = open_engine(config)
                app.extensions[EXTENSION_KEY] = engine
    return engine
