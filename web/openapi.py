"""``/api/openapi.json``: an OpenAPI 3.1 description of the JSON API, built from the code's own constants.

Every limit (page size, page, query length, sorts, suggestion formats) is read from ``search.config``,
``search.model.request`` and ``web.api``, so the description cannot drift from what the server enforces; the
live-server test (``tests/test_web_openapi.py``) runs schemathesis against it to prove that.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any

from flask import Blueprint, current_app, jsonify
from flask.typing import ResponseReturnValue

from search import config
from search.model import Sort
from web.api import MAX_SUGGEST_CHARS, SUGGEST_FORMATS, SUGGESTIONS_TYPE
from web.errors import API_PREFIX

bp = Blueprint("openapi", __name__, url_prefix=API_PREFIX)

OPENAPI_VERSION = "3.1.0"
JSON = "application/json"

Schema = dict[str, Any]


def _ref(name: str) -> Schema:
    return {"$ref": f"#/components/schemas/{name}"}


def _nullable(schema: Schema) -> Schema:
    return {"anyOf": [schema, {"type": "null"}]}


def _object(properties: dict[str, Schema]) -> Schema:
    """An object with exactly these keys, all present (the API always sends every key)."""
    return {"type": "object", "properties": properties, "required": list(properties), "additionalProperties": False}


STRING: Schema = {"type": "string"}
COUNT: Schema = {"type": "integer", "minimum": 0}
DATE_TIME_OR_NULL = _nullable({"type": "string", "format": "date-time"})

SCHEMAS: dict[str, Schema] = {
    "Error": _object(
        {
            "error": _object(
                {
                    "param": {**_nullable(STRING), "description": "The request parameter that was wrong, if one was."},
                    "message": STRING,
                }
            ),
        }
    ),
    "ArticleSummary": _object(
        {
            "id": STRING,
            "url": STRING,
            "source": STRING,
            "headline": STRING,
            "date": DATE_TIME_OR_NULL,
            "region": STRING,
        }
    ),
    "Hit": _object(
        {
            "id": STRING,
            "url": STRING,
            "source": STRING,
            "headline": STRING,
            "headline_html": {
                "type": "string",
                "description": "The headline as HTML: text escaped, matches in <mark>.",
            },
            "date": DATE_TIME_OR_NULL,
            "region": STRING,
            "score": {"type": "number"},
            "snippet": {"type": "string", "description": "HTML: page text escaped, matches in <mark>."},
            "story": STRING,
            "versions": {"type": "array", "items": _ref("ArticleSummary")},
        }
    ),
    "FacetBucket": _object(
        {
            "value": STRING,
            "count": COUNT,
            "params": {
                "type": "object",
                "additionalProperties": STRING,
                "description": "The request parameters that filter a search to this bucket.",
            },
        }
    ),
    "SearchResponse": _object(
        {
            "total": {**COUNT, "description": "Matching stories (versions of one story count once)."},
            "page": {"type": "integer", "minimum": 1},
            "page_size": {"type": "integer", "minimum": 1, "maximum": config.MAX_PAGE_SIZE},
            "pages": COUNT,
            "took_ms": {"type": "number", "minimum": 0},
            "query": _object(
                {
                    "q": STRING,
                    "from": _nullable({"type": "string", "format": "date"}),
                    "to": _nullable({"type": "string", "format": "date"}),
                    "region": _nullable(STRING),
                    "sort": {"enum": [sort.value for sort in Sort]},
                    "page": {"type": "integer", "minimum": 1},
                    "page_size": {"type": "integer", "minimum": 1, "maximum": config.MAX_PAGE_SIZE},
                }
            ),
            "results": {"type": "array", "items": _ref("Hit"), "maxItems": config.MAX_PAGE_SIZE},
            "facets": {
                "type": "object",
                "additionalProperties": {"type": "array", "items": _ref("FacetBucket")},
                "description": "Counts by region, year and month.",
            },
            "suggestion": {
                **_nullable(STRING),
                "description": "A spelling correction, offered when few stories match.",
            },
            "fallback": {
                "enum": ["any", None],
                "description": '"any" when no article had every word and the results have any of them.',
            },
        }
    ),
    "Article": _object(
        {
            "id": STRING,
            "story": STRING,
            "headline": STRING,
            "date": DATE_TIME_OR_NULL,
            "region": STRING,
            "url": STRING,
            "source": STRING,
            "capture_url": {
                "type": "string",
                "description": 'The Wayback Machine capture the article was read from, or "".',
            },
            "body": {"type": "string", "description": "Plain text; paragraphs separated by a blank line."},
            "versions": {"type": "array", "items": _ref("ArticleSummary")},
        }
    ),
    "Related": _object({"id": STRING, "related": {"type": "array", "items": _ref("ArticleSummary")}}),
    "Suggestions": _object(
        {
            "q": {"type": "string", "maxLength": MAX_SUGGEST_CHARS},
            "suggestions": {
                "type": "array",
                "items": _object(
                    {
                        "id": STRING,
                        "headline": STRING,
                        "url": STRING,
                        "date": DATE_TIME_OR_NULL,
                    }
                ),
            },
        }
    ),
    # A tuple, spelled without prefixItems: schemathesis 4.32 turns prefixItems of a response into a Draft 4
    # "items" list, then rejects it as an invalid 2020-12 schema (schemathesis issues 3842 and 4099).
    "OpenSearchSuggestions": {
        "type": "array",
        "minItems": 4,
        "maxItems": 4,
        "description": "[query, [headlines], [descriptions], [absolute article URLs]] (OpenSearch suggestions 1.1)",
        "items": {"anyOf": [{"type": "string", "maxLength": MAX_SUGGEST_CHARS}, {"type": "array", "items": STRING}]},
    },
}


def _query(name: str, schema: Schema, description: str) -> Schema:
    """An optional query parameter; an empty value counts as absent (as an HTML form sends it)."""
    return {
        "name": name,
        "in": "query",
        "required": False,
        "allowEmptyValue": True,
        "schema": schema,
        "description": description,
    }


ID_PARAMETER: Schema = {
    "name": "id",
    "in": "path",
    "required": True,
    "schema": STRING,
    "description": "An article id, as /api/search returns it.",
}

SEARCH_PARAMETERS = [
    _query("q", {"type": "string", "maxLength": config.MAX_QUERY_CHARS}, "The query (see /help)."),
    _query("from", {"type": "string", "format": "date"}, "Only articles on or after this day (YYYY-MM-DD)."),
    _query(
        "to",
        {"type": "string", "format": "date"},
        "Only articles on or before this day (YYYY-MM-DD); not before 'from'.",
    ),
    _query("region", STRING, "Only articles of this region (case does not matter)."),
    _query("sort", {"enum": [sort.value for sort in Sort], "default": Sort.RELEVANCE.value}, "The order."),
    _query(
        "page",
        {"type": "integer", "minimum": 1, "maximum": config.MAX_PAGE, "default": 1},
        f"From 1. page × page_size may not pass {config.MAX_RESULT_WINDOW:,} (a 400 naming page): no reader "
        "pages that deep, and a narrower search or a date sort finds the article sooner.",
    ),
    _query(
        "page_size",
        {"type": "integer", "minimum": 1, "maximum": config.MAX_PAGE_SIZE, "default": config.DEFAULT_PAGE_SIZE},
        "Results per page.",
    ),
]


def _json(schema_name: str, description: str) -> Schema:
    return {"description": description, "content": {JSON: {"schema": _ref(schema_name)}}}


BAD_PARAMETER = {"400": _json("Error", "A parameter cannot be used; error.param names it.")}
NOT_FOUND = {"404": _json("Error", "No article has this id.")}
UNAVAILABLE = {
    "503": {
        **_json(
            "Error",
            f"No index yet (run `newsearch reindex`), or the search took longer than "
            f"{config.QUERY_TIME_BUDGET_S:g} s and was stopped (error.param is then q).",
        ),
        "headers": {
            "Retry-After": {
                "description": "Seconds to wait before trying again.",
                "schema": {"type": "integer", "minimum": 0},
            }
        },
    }
}


def _operation(
    operation_id: str, summary: str, responses: dict[str, Schema], parameters: list[Schema] | None = None
) -> Schema:
    return {
        "get": {"operationId": operation_id, "summary": summary, "parameters": parameters or [], "responses": responses}
    }


# From a search's first result to the article and its related stories (also followed by schemathesis).
RESULT_LINKS = {
    "article": {"operationId": "article", "parameters": {"id": "$response.body#/results/0/id"}},
    "related": {"operationId": "related", "parameters": {"id": "$response.body#/results/0/id"}},
}


def openapi_document(base_url: str) -> Schema:
    """The description of the API served under ``base_url``."""
    suggest_parameters = [
        _query("q", STRING, f"What was typed so far; only the first {MAX_SUGGEST_CHARS} characters count."),
        _query(
            "format",
            {"enum": list(SUGGEST_FORMATS), "default": SUGGEST_FORMATS[0]},
            "json, or opensearch for the OpenSearch suggestions format browsers read.",
        ),
    ]
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": "newsearch",
            "version": version("newsearch"),
            "description": "Full-text search of an archive of news articles. A bad parameter gets 400 with "
            '{"error": {"param", "message"}}.',
        },
        "servers": [{"url": base_url}],
        "paths": {
            f"{API_PREFIX}/search": _operation(
                "search",
                "Search: ranked stories with snippets, facets and a spelling suggestion",
                {
                    "200": {**_json("SearchResponse", "One page of results."), "links": RESULT_LINKS},
                    **BAD_PARAMETER,
                    **UNAVAILABLE,
                },
                SEARCH_PARAMETERS,
            ),
            f"{API_PREFIX}/article/{{id}}": _operation(
                "article",
                "One stored article and the other versions of its story",
                {"200": _json("Article", "The article."), **NOT_FOUND, **UNAVAILABLE},
                [ID_PARAMETER],
            ),
            f"{API_PREFIX}/article/{{id}}/related": _operation(
                "related",
                "The stories most like an article",
                {"200": _json("Related", "Related stories, best first."), **NOT_FOUND, **UNAVAILABLE},
                [ID_PARAMETER],
            ),
            f"{API_PREFIX}/suggest": _operation(
                "suggest",
                "Headlines for search as you type",
                {
                    "200": {
                        "description": "Matching headlines.",
                        "content": {
                            JSON: {"schema": _ref("Suggestions")},
                            SUGGESTIONS_TYPE: {"schema": _ref("OpenSearchSuggestions")},
                        },
                    },
                    **BAD_PARAMETER,
                    **UNAVAILABLE,
                },
                suggest_parameters,
            ),
            f"{API_PREFIX}/openapi.json": _operation(
                "openapi",
                "This description",
                {
                    "200": {
                        "description": "OpenAPI 3.1",
                        "content": {JSON: {"schema": {"type": "object", "required": ["openapi", "info", "paths"]}}},
                    }
                },
            ),
        },
        "components": {"schemas": SCHEMAS},
    }


@bp.get("/openapi.json")
def openapi_json() -> ResponseReturnValue:
    return jsonify(openapi_document(current_app.config["BASE_URL"]))
