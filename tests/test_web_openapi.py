"""``/api/openapi.json`` (``web.openapi``): it describes every /api route with the limits the server enforces,
and schemathesis, run against the live server, finds no 500 and no response outside it."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections import Counter
from pathlib import Path

import pytest
import schemathesis

from search import config
from search.model import Sort
from tests.engines import config_at
from web import create_app
from web.api import MAX_SUGGEST_CHARS, SUGGEST_FORMATS

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SCHEMATHESIS_CLI = [sys.executable, "-m", "schemathesis.cli"]  # its documented command line, in this venv
MAX_EXAMPLES = 50  # per operation and phase: about 9,000 checks in about 10 s
SEED = 20_260_801  # a fixed seed, so a failure on CI is the one you get here


def document(client) -> dict:
    response = client.get("/api/openapi.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    return response.get_json()


def test_every_api_route_is_described(app, client):
    """Each /api route of the app, with Flask's <path:doc_id> spelled {id}, is a path of the description."""
    routes = {
        re.sub(r"<(?:\w+:)?\w+>", "{id}", rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
    }
    paths = document(client)["paths"]
    assert set(paths) == routes
    assert {path: list(item) for path, item in paths.items()} == {path: ["get"] for path in routes}


def test_the_description_is_valid_openapi_3_1(client):
    doc = document(client)
    assert doc["openapi"].startswith("3.1.")
    schema = schemathesis.openapi.from_dict(doc)  # raises on a description that is not valid OpenAPI
    operations = {(op.method.upper(), op.path) for op in (result.ok() for result in schema.get_all_operations())}
    assert ("GET", "/api/search") in operations and ("GET", "/api/article/{id}/related") in operations


def test_limits_come_from_the_code(client):
    doc = document(client)
    search = {p["name"]: p["schema"] for p in doc["paths"]["/api/search"]["get"]["parameters"]}
    assert search["page_size"] == {
        "type": "integer",
        "minimum": 1,
        "maximum": config.MAX_PAGE_SIZE,
        "default": config.DEFAULT_PAGE_SIZE,
    }
    assert search["page"]["maximum"] == config.MAX_PAGE
    assert search["q"]["maxLength"] == config.MAX_QUERY_CHARS
    assert search["sort"]["enum"] == [sort.value for sort in Sort]
    suggest = {p["name"]: p["schema"] for p in doc["paths"]["/api/suggest"]["get"]["parameters"]}
    assert suggest["format"]["enum"] == list(SUGGEST_FORMATS)
    assert doc["components"]["schemas"]["Suggestions"]["properties"]["q"]["maxLength"] == MAX_SUGGEST_CHARS


def test_errors_share_the_envelope(client):
    doc = document(client)
    error_ref = {"$ref": "#/components/schemas/Error"}
    for path, item in doc["paths"].items():
        for status, response in item["get"]["responses"].items():
            if status != "200":
                assert response["content"]["application/json"]["schema"] == error_ref, (path, status)
    envelope = doc["components"]["schemas"]["Error"]
    assert envelope["required"] == ["error"]
    assert envelope["properties"]["error"]["required"] == ["param", "message"]
    # A real error of each kind has that shape.
    for url, status in (("/api/search?page=0", 400), ("/api/article/nope", 404), ("/api/suggest?format=x", 400)):
        response = client.get(url)
        assert response.status_code == status
        assert set(response.get_json()) == {"error"} and set(response.get_json()["error"]) == {"param", "message"}


def test_servers_name_the_base_url(sample_index_dir: Path):
    client = create_app(
        {"TESTING": True, "INDEX_DIR": str(sample_index_dir), "BASE_URL": "https://news.example.org/archive"}
    ).test_client()
    doc = client.get("/api/openapi.json", headers={"Host": "forged.example"}).get_json()
    assert doc["servers"] == [{"url": "https://news.example.org/archive"}]


# --- schemathesis against the live server ----------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def live_server(tmp_path_factory: pytest.TempPathFactory):
    """The app under waitress on a free port, over an index of the project's corpus/."""
    from waitress import create_server

    from indexer.reindex import reindex

    index = tmp_path_factory.mktemp("openapi") / "index"
    report = reindex([config.DEFAULT_CORPUS_DIR], config_at(index), workers=0, progress=False)
    assert report.indexed > 0
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    server = create_server(
        create_app({"INDEX_DIR": str(index), "BASE_URL": base_url}), host="127.0.0.1", port=port, threads=4
    )
    thread = threading.Thread(target=server.run, name="waitress-openapi", daemon=True)
    thread.start()
    yield base_url
    server.close()
    thread.join(timeout=5)


def test_schemathesis_finds_no_error_and_no_response_outside_the_description(live_server: str, tmp_path: Path):
    """Every phase (coverage, fuzzing, stateful through the links) in positive and negative mode, with every
    default check; the hooks of tests/openapi_hooks.py drop only the 400s that a cross-parameter rule explains."""
    events_path = tmp_path / "events.ndjson"
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT), "SCHEMATHESIS_HOOKS": "tests.openapi_hooks"}
    run = subprocess.run(
        [
            *SCHEMATHESIS_CLI,
            "run",
            f"{live_server}/api/openapi.json",
            "--checks",
            "all",
            "--max-examples",
            str(MAX_EXAMPLES),
            "--seed",
            str(SEED),
            "--generation-database",
            "none",
            "--no-color",
            "--report",
            "ndjson",
            "--report-ndjson-path",
            str(events_path),
        ],
        cwd=tmp_path,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    checks: Counter[str] = Counter()
    for line in events_path.read_text().splitlines():
        event = json.loads(line)
        if "ScenarioFinished" in event:
            for results in event["ScenarioFinished"]["recorder"].get("checks", {}).values():
                checks.update(result["status"] for result in results)
    dropped = re.search(r"Filtered: (\d+)", run.stdout)
    print(
        f"schemathesis: {sum(checks.values()):,} checks: {dict(checks)}; "
        f"{dropped.group(1) if dropped else 0} cross-parameter 400s dropped by tests/openapi_hooks.py"
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert set(checks) == {"success"}, (checks, run.stdout[-6000:])
    assert sum(checks.values()) > 1_000  # the run really tested something


@pytest.mark.parametrize(
    "query, param, explained",
    [
        ({"page": "9999", "page_size": "10"}, "page", True),
        ({"page": str(config.MAX_RESULT_WINDOW // 10 + 1)}, "page", True),  # the default page size
        ({"page": str(config.MAX_RESULT_WINDOW // 10)}, "page", False),
        ({"page": "0"}, "page", False),  # out of the schema's range: not a cross-parameter rule
        ({"from": "2009-02-01", "to": "2009-01-31"}, "from", True),
        ({"from": "2009-01-01", "to": "2009-01-01"}, "from", False),
        ({"from": "2009-02-01"}, "from", False),
        ({"page": "9999", "page_size": "10"}, "q", False),  # a 400 naming another parameter stays a failure
    ],
)
def test_the_hook_drops_only_what_a_cross_parameter_rule_explains(query: dict, param: str, explained: bool):
    from tests.openapi_hooks import breaks_a_rule

    assert breaks_a_rule(query, param) is explained
