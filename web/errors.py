"""Error handling: JSON under /api, an HTML page everywhere else, never a bare 500.

* IndexNotFound -> 503 ("no index yet, run ``newsearch reindex``")
* any HTTPException (404, 405, and the 500 Flask raises for an unhandled error
  outside debug/testing) -> the same status, as JSON or as the error page.
BadParameter is handled where it is raised: the API blueprint answers 400 JSON,
the search page re-renders its form with the message.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from web.index import IndexNotFound

API_PREFIX = "/api"

NO_INDEX_MESSAGE = "There is no search index yet. Build it with `newsearch reindex`, then reload."


def is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def json_error(message: str, status: int, param: str | None = None, headers: Any = None):
    return jsonify({"error": {"param": param, "message": message}}), status, headers or {}


def _index_not_found(error: IndexNotFound):
    current_app.logger.warning("no search index at %s: %s", current_app.config["INDEX_DIR"], error)
    if is_api_request():
        return json_error(NO_INDEX_MESSAGE, 503)
    return render_template("error.html", status=503, title="No index yet", no_index=True), 503


def _http_error(error: HTTPException):
    status = error.code or 500
    # Keep headers such as Allow (405) but not the exception's own text/html Content-Type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if is_api_request():
        return json_error(error.description or error.name, status, headers=headers)
    return render_template("error.html", status=status, title=error.name,
                           message=error.description), status, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(IndexNotFound, _index_not_found)
    app.register_error_handler(HTTPException, _http_error)
