"""The JSON API: ``/api/search`` (the search page's search, as data) and ``/api/article/<id>``."""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from search.request import BadParameter, SearchRequest
from web.errors import API_PREFIX, json_error
from web.index import get_index

bp = Blueprint("api", __name__, url_prefix=API_PREFIX)


@bp.get("/search")
def search():
    """``SearchResponse.to_json()``; 400 ``BadParameter.to_json()`` for a parameter that cannot be used."""
    search_request = SearchRequest.from_params(request.args)
    return jsonify(get_index().search(search_request).to_json())


@bp.get("/article/<path:doc_id>")
def article(doc_id: str):
    """One stored article: ``Article.to_json()`` plus its ``id``; JSON 404 for an unknown id."""
    stored = get_index().article(doc_id)
    if stored is None:
        return json_error(f"no article with id {doc_id!r}", 404, param="id")
    return jsonify({"id": stored.id, **stored.article.to_json()})


@bp.errorhandler(BadParameter)
def bad_parameter(error: BadParameter):
    return jsonify(error.to_json()), 400
