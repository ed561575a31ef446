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

Every request has an id: the client's ``X-Request-Id`` when it is a sane one, else a new one; every
response carries it in ``X-Request-Id``. An unhandled error is logged (on ``newsearch.web``) with that
id and its traceback, and the 500 it becomes quotes the id, so a user's report leads to the log line.
"""

from __future__ import annotations

import logging
import re
import uuid
from types import TracebackType
from typing import Any

from flask import Flask, Response, g, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import HTTPException, InternalServerError

from search import EngineNotAvailable, IndexNotFound, IndexUnavailable, SearchTimedOut

API_PREFIX = "/api"

NO_INDEX_MESSAGE = "There is no search index yet. Build it with `newsearch reindex`, then reload."
UNAVAILABLE_MESSAGE = "The search index is unavailable (it was removed or is being rebuilt). Try again in a moment."
TIMED_OUT_MESSAGE = (
    "The search took too long and was stopped. Try again, or use fewer or more specific words or a filter."
)
ENGINE_MESSAGE = "The search engine is not available: its configuration cannot be used. The log says why."
RETRY_AFTER_S = 5
INTERNAL_ERROR_MESSAGE = "The server met an error it could not handle. Its log has the details under request id {}."

REQUEST_ID_HEADER = "X-Request-Id"
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")
"""A client's id is kept only if it is this short and plain: it goes into the log and a response header."""

log = logging.getLogger("newsearch.web")

ExcInfo = tuple[type[BaseException], BaseException, TracebackType] | tuple[None, None, None]


def request_id() -> str:
    """This request's id (the client's X-Request-Id if sane, else a new random one), the same all request long."""
    if "request_id" not in g:
        given = request.headers.get(REQUEST_ID_HEADER, "")
        g.request_id = given if SANE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex
    return str(g.request_id)


def log_unhandled(exc_info: ExcInfo) -> None:
    """Flask's ``log_exception``: the unhandled error with the request's id and its traceback."""
    log.error("unhandled error in %s %s (request id %s)", request.method, request.path, request_id(), exc_info=exc_info)


def _with_request_id(response: Response) -> Response:
    response.headers[REQUEST_ID_HEADER] = request_id()
    return response


def is_api_request() -> bool:
    return request.path == API_PREFIX or request.path.startswith(API_PREFIX + "/")


def json_error(message: str, status: int, param: str | None = None, headers: Any = None) -> ResponseReturnValue:
    return jsonify({"error": {"param": param, "message": message}}), status, headers or {}


def _index_not_found(error: IndexNotFound) -> ResponseReturnValue:
    log.warning("no search index: %s", error)
    if is_api_request():
        return json_error(NO_INDEX_MESSAGE, 503)
    return render_template("error.html", status=503, title="No index yet", no_index=True), 503


def _index_unavailable(error: IndexUnavailable) -> ResponseReturnValue:
    log.warning("search index unavailable: %s", error)
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if is_api_request():
        return json_error(UNAVAILABLE_MESSAGE, 503, headers=headers)
    return (
        render_template("error.html", status=503, title="Index unavailable", message=UNAVAILABLE_MESSAGE),
        503,
        headers,
    )


def _search_timed_out(error: SearchTimedOut) -> ResponseReturnValue:
    log.warning("search stopped after %s s: %s %s", error.budget_s, request.path, request.query_string[:200])
    headers = {"Retry-After": str(RETRY_AFTER_S)}
    if is_api_request():
        return json_error(TIMED_OUT_MESSAGE, 503, param="q", headers=headers)
    return (
        render_template("error.html", status=503, title="Search took too long", message=TIMED_OUT_MESSAGE),
        503,
        headers,
    )


def _engine_not_available(error: EngineNotAvailable) -> ResponseReturnValue:
    log.error("search engine not available: %s", error)
    if is_api_request():
        return json_error(ENGINE_MESSAGE, 503)
    return render_template("error.html", status=503, title="Search engine not available", message=ENGINE_MESSAGE), 503


def _http_error(error: HTTPException) -> ResponseReturnValue:
    status = error.code or 500
    # Keep headers such as Allow (405) but not the exception's own text/html Content-Type.
    headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
    message = error.description or error.name
    if isinstance(error, InternalServerError):
        message = INTERNAL_ERROR_MESSAGE.format(request_id())
    if is_api_request():
        return json_error(message, status, headers=headers)
    return render_template("error.html", status=status, title=error.name, message=message), status, headers


def init_app(app: Flask) -> None:
    app.register_error_handler(IndexNotFound, _index_not_found)
    app.register_error_handler(IndexUnavailable, _index_unavailable)
    app.register_error_handler(SearchTimedOut, _search_timed_out)
    app.register_error_handler(EngineNotAvailable, _engine_not_available)
    app.register_error_handler(HTTPException, _http_error)
    app.after_request(_with_request_id)
