"""Error handling: JSON under /api, an HTML page everywhere else, never a bare 500.

* IndexNotFound -> 503 ("no index yet, run ``newsearch reindex``")
* IndexUnavailable (the served index was removed or cannot be read) -> 503 with Retry-After;
  the engine reopens the index as soon as one is there again
* SearchTimedOut (a query past its time budget) -> 503 with Retry-After, naming ``q``
* EngineNotAvailable (the configured engine cannot be used here) -> 503; the reason is logged
* any HTTPException (404, 405, and the 500 Flask raises for an unhandled error
  outside debug/testing) -> the same status, as JSON or as the error page.
BadParameter is handled where it is raised: the API blueprint answers 400 JSON,
the search page re-renders its form with the message.
"""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException

from search import EngineNotAvailable, IndexNotFound, IndexUnavailable, SearchTimedOut

API_PREFIX = "/api"

NO_INDEX_MESSAGE = "There is no search index yet. Build it with `newsearch reindex`, then reload."
UNAVAILABLE_MESSAGE = "The search index is unavailable (it was removed or is being rebuilt). Try again in a moment."
TIMED_OUT_MESSAGE = (
    "The search took too long and was stopped. Try again, or use fewer or more specific words or a filter."
)
ENGINE_MESSAGE = "The search engine is not available: its configuration cannot be used. The log says why."
RETRY_AFTER_S = 5


def is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def json_error(message: str, status: int, param: str | None = None, headers: Any = None) -> ResponseReturnValue:
    return jsonify({"error": {"param": param, "message": message}}), status, headers or {}


def _index_not_found(error: IndexNotFound) -> ResponseReturnValue:
    current_app.logger.warning("no search index: %s", error)
    if is_api_request():
        return json_error(NO_INDEX_MESSAGE, 503)
    return render_template("error.html", status=503, title="No index yet", no_index=True), 503


def _index_unavailable(error: IndexUnavailable) -> ResponseReturnValue:
    current_app.logger.warning("search index unavailable: %s", error)
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if is_api_request():
        return json_error(UNAVAILABLE_MESSAGE, 503, headers=headers)
    return (
        render_template("error.html", status=503, title="Index unavailable", message=UNAVAILABLE_MESSAGE),
        503,
        headers,
    )


def _search_timed_out(error: SearchTimedOut) -> ResponseReturnValue:
    current_app.logger.warning(
        "search stopped after %s s: %s %s", error.budget_s, request.path, request.query_string[:200]
    )
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if is_api_request():
        return json_error(TIMED_OUT_MESSAGE, 503, param="q", headers=headers)
    return (
        render_template("error.html", status=503, title="Search took too long", message=TIMED_OUT_MESSAGE),
        503,
        headers,
    )


def _engine_not_available(error: EngineNotAvailable) -> ResponseReturnValue:
    current_app.logger.error("search engine not available: %s", error)
    if is_api_request():
        return json_error(ENGINE_MESSAGE, 503)
    return render_template("error.html", status=503, title="Search engine not available", message=ENGINE_MESSAGE), 503


def _http_error(error: HTTPException) -> ResponseReturnValue:
    status = error.code or 500
    # Keep headers such as Allow (405) but not the exception's own text/html Content-Type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    if is_api_request():
        return json_error(error.description or error.name, status, headers=headers)
    return render_template("error.html", status=status, title=error.name, message=error.description), status, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(IndexNotFound, _index_not_found)
    app.register_error_handler(IndexUnavailable, _index_unavailable)
    app.register_error_handler(SearchTimedOut, _search_timed_out)
    app.register_error_handler(EngineNotAvailable, _engine_not_available)
    app.register_error_handler(HTTPException, _http_error)
