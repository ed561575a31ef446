"""What the web app answers when a search cannot be served: never a 500 (``web/errors.py``).

* a query past its time budget: 503 naming ``q``, with Retry-After (JSON under /api, a page elsewhere)
* an index that disappeared under the running app: 503 with Retry-After, then the new index
* limits: a too-long ``q`` and paging past 10,000 results are 400s naming the parameter
* malformed article ids: 404
* a bug (an unhandled error): logged with the request's id, which the 500 and every response carry
"""

from __future__ import annotations

import logging
import re
import shutil

import pytest

from search import EngineConfig, config
from search.model import Article, document_id
from tests.engines import write_index
from web import create_app, errors

FLOOD_ID = document_id("west-midlands/flood-defences.html")


@pytest.fixture()
def no_time(monkeypatch):
    monkeypatch.setattr(config, "QUERY_TIME_BUDGET_S", 0.0)


# --- the time budget ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/api/search?q=flood", "/api/suggest?q=flo", f"/api/article/{FLOOD_ID}/related"])
def test_a_query_past_its_budget_is_json_503_naming_q(client, no_time, path):
    response = client.get(path)
    assert response.status_code == 503 and response.mimetype == "application/json"
    assert response.headers["Retry-After"].isdigit()
    error = response.get_json()["error"]
    assert error["param"] == "q"
    assert "took too long" in error["message"]


@pytest.mark.parametrize("path", ["/?q=flood", "/search.atom?q=flood", f"/article/{FLOOD_ID}"])
def test_a_page_past_its_budget_is_a_503_page(client, no_time, path):
    response = client.get(path)
    assert response.status_code == 503
    assert response.headers["Retry-After"].isdigit()
    assert "took too long" in response.get_data(as_text=True)


def test_within_the_budget_the_same_requests_answer(client):
    assert client.get("/api/search?q=flood").status_code == 200
    assert client.get(f"/article/{FLOOD_ID}").status_code == 200


# --- an index that disappears ---------------------------------------------------------------------


def test_an_index_removed_under_the_app_is_503_then_the_new_one_is_served(tmp_path, sample_articles):
    index_dir = tmp_path / "index"
    write_index(index_dir, sample_articles)
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    assert client.get("/api/search?q=flood").get_json()["total"] == 1
    shutil.rmtree(index_dir)

    for path in ("/api/search?q=flood", "/api/search", f"/api/article/{FLOOD_ID}", "/api/suggest?q=flo"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert response.mimetype == "application/json"
        assert response.headers["Retry-After"].isdigit()
        assert "unavailable" in response.get_json()["error"]["message"]
    for path in ("/?q=flood", "/", f"/article/{FLOOD_ID}", "/search.atom?q=flood"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert "unavailable" in response.get_data(as_text=True)

    write_index(index_dir, [Article(headline="Tram line reopens", body="The tram runs again.", source="tram.txt")])
    data = client.get("/api/search?q=tram").get_json()
    assert [hit["source"] for hit in data["results"]] == ["tram.txt"]
    assert client.get("/api/search?q=flood").get_json()["total"] == 0


# --- limits ---------------------------------------------------------------------------------------


def test_a_query_longer_than_the_limit_is_400_naming_q(client):
    too_long = "flood " * (config.MAX_QUERY_CHARS // 6 + 1)
    response = client.get("/api/search", query_string={"q": too_long})
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["param"] == "q" and f"{config.MAX_QUERY_CHARS:,}" in error["message"]
    assert client.get("/", query_string={"q": too_long}).status_code == 400
    at_limit = ("flood " * (config.MAX_QUERY_CHARS // 6))[: config.MAX_QUERY_CHARS]
    assert client.get("/api/search", query_string={"q": at_limit}).get_json()["total"] == 1


@pytest.mark.parametrize(
    ("page", "page_size", "status"),
    [
        (1000, 10, 200),
        (1001, 10, 400),
        (100, 100, 200),
        (101, 100, 400),
        (10_000, 1, 200),
        (10_001, 1, 400),
    ],
)
def test_paging_stops_at_ten_thousand_results(client, page, page_size, status):
    response = client.get("/api/search", query_string={"q": "flood", "page": page, "page_size": page_size})
    assert response.status_code == status
    if status == 400:
        assert response.get_json()["error"]["param"] == "page"
    else:
        assert response.get_json()["results"] == []


# --- malformed article ids ------------------------------------------------------------------------

ODD_IDS = [
    "x" * 5_000,
    "%00",
    FLOOD_ID + "%00",
    "%C3%A9" * 16,
    "%ED%A0%80" * 16,  # a lone surrogate, UTF-8 encoded
    "%F0%9F%98%80",
    FLOOD_ID.upper(),
    "a/b",
    f"{FLOOD_ID}/{FLOOD_ID}",
    "..%2F..%2Fetc%2Fpasswd",
    "%FF%FE",
]


@pytest.mark.parametrize("doc_id", ODD_IDS)
def test_malformed_article_ids_are_404(client, doc_id):
    for path in (f"/api/article/{doc_id}", f"/api/article/{doc_id}/related"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.mimetype == "application/json"
    assert client.get(f"/article/{doc_id}").status_code == 404


def test_the_article_and_its_related_stories_still_answer(client):
    assert client.get(f"/api/article/{FLOOD_ID}").status_code == 200
    assert client.get(f"/api/article/{FLOOD_ID}/related").status_code == 200


def test_an_engine_this_installation_cannot_run_is_a_503_not_a_500():
    unusable = EngineConfig(kind="opensearch", opensearch_index="News Archive")  # not a name OpenSearch accepts
    client = create_app({"ENGINE_CONFIG": unusable}).test_client()
    response = client.get("/api/search?q=flood")
    assert response.status_code == 503
    assert response.get_json()["error"] == {"param": None, "message": errors.ENGINE_MESSAGE}
    page = client.get("/?q=flood")
    assert page.status_code == 503 and errors.ENGINE_MESSAGE in page.get_data(as_text=True)


def test_the_app_takes_its_engine_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(config.ENGINE_ENV_VAR, "opensearch")
    assert create_app({"TESTING": True}).config["ENGINE_CONFIG"].kind == "opensearch"
    assert create_app({"TESTING": True, "ENGINE": "whoosh", "INDEX_DIR": str(tmp_path)}).config[
        "ENGINE_CONFIG"
    ] == EngineConfig(kind="whoosh", index_dir=tmp_path)


# --- request ids and unhandled errors -------------------------------------------------------------


class _BrokenEngine:
    def search(self, request):
        raise RuntimeError("a bug in the engine")


@pytest.fixture()
def buggy_client(sample_index_dir, monkeypatch):
    """The app as served (errors are answered, not raised into the test), over an engine whose search has a bug."""
    import web.api
    import web.views

    monkeypatch.setattr(web.api, "get_engine", _BrokenEngine)
    monkeypatch.setattr(web.views, "get_engine", _BrokenEngine)
    app = create_app({"TESTING": True, "PROPAGATE_EXCEPTIONS": False, "INDEX_DIR": str(sample_index_dir)})
    return app.test_client()


def _unhandled(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name == "newsearch.web" and r.levelno == logging.ERROR]


@pytest.mark.parametrize("path", ["/api/search?q=flood", "/?q=flood"])
def test_an_unhandled_error_is_logged_with_the_request_id_the_500_gives(buggy_client, caplog, logging_enabled, path):
    response = buggy_client.get(path)
    assert response.status_code == 500
    request_id = response.headers["X-Request-Id"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert f"request id {request_id}" in response.get_data(as_text=True)
    if path.startswith("/api/"):
        assert response.get_json()["error"] == {
            "param": None,
            "message": errors.INTERNAL_ERROR_MESSAGE.format(request_id),
        }
    (record,) = _unhandled(caplog)
    assert request_id in record.getMessage() and path.split("?")[0] in record.getMessage()
    assert record.exc_info is not None and record.exc_info[0] is RuntimeError  # with its traceback


def test_a_sane_client_request_id_is_kept(buggy_client, caplog, logging_enabled):
    response = buggy_client.get("/api/search?q=flood", headers={"X-Request-Id": "edge-7f3a.42"})
    assert response.headers["X-Request-Id"] == "edge-7f3a.42"
    assert "request id edge-7f3a.42" in _unhandled(caplog)[0].getMessage()


@pytest.mark.parametrize("given", ["", "has spaces", "x" * 129, "semi;colon", "caf\u00e9", "<script>"])
def test_an_odd_client_request_id_is_replaced(client, given):
    response = client.get("/api/search?q=flood", headers={"X-Request-Id": given})
    assert response.status_code == 200
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-Id"])


def test_every_response_carries_its_own_request_id(client):
    ids = {client.get(path).headers["X-Request-Id"] for path in ("/", "/?q=flood", "/api/search?q=flood", "/nowhere")}
    assert len(ids) == 4
