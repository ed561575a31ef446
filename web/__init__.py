"""The newsearch web app: HTML search pages and a JSON API over one search index.

An application factory in the style of Flask's tutorial::

    app = create_app()                                   # INDEX_DIR from search.config
    app = create_app({"INDEX_DIR": "/srv/news/index"})   # or explicit (tests)
    app = create_app({"BASE_URL": "https://news.example.org"})  # the address in feeds (see web.links)

The index is opened lazily, once per app, on the first request that needs it
(see ``web.index``), so the app starts even before ``newsearch reindex`` has run.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from search import config
from web import links


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(INDEX_DIR=None, BASE_URL=None)
    if test_config is None:
        app.config.from_pyfile("config.py", silent=True)
    else:
        app.config.from_mapping(test_config)
    app.config["INDEX_DIR"] = str(config.index_dir(app.config.get("INDEX_DIR")))
    links.init_app(app)
    app.json.sort_keys = False  # keep the documented key order of SearchResponse.to_json()

    from web import api, errors, feeds, formatting, openapi, security, views

    security.init_app(app)
    formatting.init_app(app)
    errors.init_app(app)
    app.register_blueprint(views.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(feeds.bp)
    app.register_blueprint(openapi.bp)
    return app
