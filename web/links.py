"""Absolute links (feeds, OpenSearch, suggestions) built on the configured base URL, never the request's Host.

A client chooses the ``Host`` header it sends; links built from it let anyone who can put a
forged request in front of a cache, or a feed reader, point readers at a host of their choosing.
So the scheme, host, port and path prefix that the public reaches are one setting:
``app.config["BASE_URL"]``, else ``$NEWSEARCH_BASE_URL``, else what ``newsearch serve`` binds
by default (``http://127.0.0.1:8080``). ``newsearch serve`` sets it to the address it listens on.

Werkzeug's own redirects (``/api//search`` to ``/api/search``) would name the request's host too,
so ``init_app`` also sets Flask's ``SERVER_NAME`` to the base URL's host and port: Flask then builds
them on it (since Flask 3.1 ``SERVER_NAME`` no longer turns away requests for other hosts).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app

from search import config

BASE_URL_ENV_VAR = "NEWSEARCH_BASE_URL"
CONFIG_KEY = "BASE_URL"


def listen_url(host: str, port: int) -> str:
    """``http://127.0.0.1:8080``, ``http://[::1]:8080``: where a server bound to host and port answers."""
    netloc_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{netloc_host}:{port}"


DEFAULT_BASE_URL = listen_url(config.DEFAULT_HOST, config.DEFAULT_PORT)


def base_url(explicit: str | None = None) -> str:
    """The base URL: an explicit setting wins, then ``$NEWSEARCH_BASE_URL``, then the default address.

    Raises ValueError for anything but an http(s) URL with a host and no query or fragment, so a
    typo stops the app at start-up instead of putting broken links in every feed.
    """
    value = (explicit or os.environ.get(BASE_URL_ENV_VAR) or DEFAULT_BASE_URL).strip()
    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number in range)
    except ValueError as error:
        raise ValueError(f"base URL {value!r} is not a URL: {error}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
        raise ValueError(f"base URL {value!r} must be http:// or https://, a host, and optionally a port and path")
    return value.rstrip("/")


def external_url(endpoint: str, **values: Any) -> str:
    """The absolute URL of an endpoint (``pages.article``, ``api.suggest``...) under the base URL."""
    base = urlsplit(current_app.config[CONFIG_KEY])
    adapter = current_app.url_map.bind(base.netloc, script_name=base.path or "/", url_scheme=base.scheme)
    return adapter.build(endpoint, values, force_external=True)


def init_app(app: Flask) -> None:
    """Resolve ``BASE_URL`` once (ValueError for a bad one) and let Flask's own URLs use its host."""
    app.config[CONFIG_KEY] = base_url(app.config.get(CONFIG_KEY))
    app.config["SERVER_NAME"] = app.config.get("SERVER_NAME") or urlsplit(app.config[CONFIG_KEY]).netloc
