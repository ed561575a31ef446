"""The newsearch web app: HTML search pages and a JSON API over one search index.

An application factory in the style of Flask's tutorial::

    app = create_app()                                   # the engine and index from the environment
    app = create_app({"INDEX_DIR": "/srv/news/index"})   # or explicit (tests)
    app = create_app({"ENGINE_CONFIG": EngineConfig(...)})      # any engine (search.config.EngineConfig)
    app = create_app({"BASE_URL": "https://news.example.org"})  # the address in feeds (see web.links)

``ENGINE`` (``whoosh`` or ``opensearch``) and ``INDEX_DIR`` default to ``$NEWSEARCH_ENGINE`` and
``$NEWSEARCH_INDEX``; ``ENGINE_CONFIG`` is what they make, with the rest of the engine's settings
from the environment. The engine is opened once per app, on the first request that needs it
(see ``web.index``), so the app starts even before ``newsearch reindex`` has run.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider

from search import EngineConfig
from web import errors, index, links, logs


class _DocumentedKeyOrder(DefaultJSONProvider):
    """JSON in the key order SearchResponse.to_json() documents, not sorted."""

    sort_keys = False


class _App(Flask):
    """Flask, logging an unhandled error on the newsearch logger with the request's id (web/errors.py)."""

    def log_exception(self, exc_info: errors.ExcInfo) -> None:
        errors.log_unhandled(exc_info)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    logs.configure()  # the CLI configured it already, at its -v/-q level; a bare WSGI server gets the default
    app = _App(__name__, instance_relative_config=True)
    app.config.from_mapping(ENGINE=None, INDEX_DIR=None, BASE_URL=None)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    engine_config = app.config.get(index.CONFIG_KEY)
    if not isinstance(engine_config, EngineConfig):
        engine_config = EngineConfig.from_env(kind=app.config["ENGINE"], index=app.config["INDEX_DIR"])
    app.config[index.CONFIG_KEY] = engine_config
    app.config["INDEX_DIR"] = str(engine_config.index_dir)
    links.init_app(app)
    app.json = _DocumentedKeyOrder(app)

    from web import api, feeds, formatting, openapi, security, views

    security.init_app(app)
    formatting.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(openapi.bp)
    return app
