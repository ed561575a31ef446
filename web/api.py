"""The JSON API.

* ``/api/search``: the search page's search, as data (``SearchResponse.to_json()``).
* ``/api/article/<id>``: one stored article; ``/api/article/<id>/related``: the stories most like it.
* ``/api/suggest?q=``: headlines for search-as-you-type; ``format=opensearch`` gives the
  OpenSearch suggestions format that browsers read.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, jsonify, request, url_for
from flask.typing import ResponseReturnValue

from search.model import ArticleSummary, BadParameter, SearchRequest
from web.errors import API_PREFIX, json_error
from web.formatting import human_day
from web.index import get_engine
from web.links import external_url
from web.views import MAX_ECHO_CHARS

bp = Blueprint("api", __name__, url_prefix=API_PREFIX)

MAX_SUGGEST_CHARS = 200
SUGGESTIONS_TYPE = "application/x-suggestions+json"
SUGGEST_FORMATS = ("json", "opensearch")


@bp.get("/search")
def search() -> ResponseReturnValue:
    """``SearchResponse.to_json()``; 400 ``BadParameter.to_json()`` for a parameter that cannot be used."""
    search_request = SearchRequest.from_params(request.args)
    return jsonify(get_engine().search(search_request).to_json())


@bp.get("/article/<path:doc_id>/related")
def related(doc_id: str) -> ResponseReturnValue:
    """``{"id", "related": [summary...]}``: the stories most like this article; JSON 404 for an unknown id."""
    summaries = get_engine().related(doc_id)
    if summaries is None:
        return json_error(f"no article with id {doc_id[:MAX_ECHO_CHARS]!r}", 404, param="id")
    return jsonify({"id": doc_id, "related": [summary.to_json() for summary in summaries]})


@bp.get("/article/<path:doc_id>")
def article(doc_id: str) -> ResponseReturnValue:
    """One stored article: ``Article.to_json()`` plus its ``id``, ``story`` and other ``versions``; JSON 404 for
    an unknown id."""
    engine = get_engine()
    stored = engine.article(doc_id)
    if stored is None:
        return json_error(f"no article with id {doc_id[:MAX_ECHO_CHARS]!r}", 404, param="id")
    versions = [summary.to_json() for summary in engine.versions(stored.id) or []]
    return jsonify({"id": stored.id, "story": stored.story, **stored.article.to_json(), "versions": versions})


@bp.get("/suggest")
def suggest() -> ResponseReturnValue:
    """Headline completions of ``q`` (every word typed, the last one possibly unfinished).

    ``{"q", "suggestions": [{"id", "headline", "url", "date"}]}``, or with ``format=opensearch``
    ``[q, [headlines], [descriptions], [absolute urls]]`` as ``application/x-suggestions+json``.
    """
    q = request.args.get("q", "")[:MAX_SUGGEST_CHARS]
    output = request.args.get("format", "").strip().lower() or "json"
    if output not in SUGGEST_FORMATS:
        raise BadParameter("format", f"unknown format {output[:40]!r}; use one of: {', '.join(SUGGEST_FORMATS)}")
    summaries = get_engine().complete(q) if q.strip() else []
    if output == "opensearch":
        body = [
            q,
            [summary.headline for summary in summaries],
            [_description(summary) for summary in summaries],
            [external_url("pages.article", doc_id=summary.id) for summary in summaries],
        ]
        return Response(json.dumps(body, ensure_ascii=False), content_type=f"{SUGGESTIONS_TYPE}; charset=utf-8")
    return jsonify(
        {
            "q": q,
            "suggestions": [
                {
                    "id": summary.id,
                    "headline": summary.headline,
                    "url": url_for("pages.article", doc_id=summary.id),
                    "date": summary.date.isoformat() if summary.date else None,
                }
                for summary in summaries
            ],
        }
    )


def _description(summary: ArticleSummary) -> str:
    """``10 March 2009 · West Midlands``."""
    return " · ".join(part for part in (human_day(summary.date), summary.region) if part)


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter) -> ResponseReturnValue:
    return jsonify(error.to_json()), 400
