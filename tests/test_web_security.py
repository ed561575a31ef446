"""Security headers on every response, pages that need no inline script or style, and links that never
take their host from the request's ``Host`` header (``web.security``, ``web.links``)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

import pytest

from search.model import document_id
from web import create_app
from web.links import BASE_URL_ENV_VAR, DEFAULT_BASE_URL, base_url
from web.views import TimelineBar

FLOOD_ID = document_id("west-midlands/flood-defences.html")

# (method, path, status): every kind of response the app gives.
RESPONSES = [
    ("GET", "/", 200),
    ("GET", "/?q=flood", 200),
    ("GET", "/?q=river+OR+tram+OR+glacier&sort=oldest", 200),  # with a timeline
    ("GET", "/?page=0", 400),
    ("GET", "/help", 200),
    ("GET", f"/article/{FLOOD_ID}", 200),
    ("GET", "/article/no-such-id", 404),
    ("GET", "/no/such/page", 404),
    ("POST", "/", 405),
    ("GET", "/search.atom?q=flood", 200),
    ("GET", "/search.atom?from=yesterday", 400),
    ("GET", "/opensearch.xml", 200),
    ("GET", "/static/style.css", 200),
    ("GET", "/static/app.js", 200),
    ("GET", "/static/no-such-file.js", 404),
    ("GET", "/api/search?q=flood", 200),
    ("GET", "/api/search?page_size=0", 400),
    ("POST", "/api/search", 405),
    ("GET", f"/api/article/{FLOOD_ID}", 200),
    ("GET", f"/api/article/{FLOOD_ID}/related", 200),
    ("GET", "/api/article/no-such-id", 404),
    ("GET", "/api/suggest?q=fl", 200),
    ("GET", "/api/suggest?q=fl&format=opensearch", 200),
    ("GET", "/api/suggest?format=xml", 400),
    ("GET", "/api/openapi.json", 200),
    ("GET", "/api/no-such-route", 404),
]


def assert_security_headers(response) -> None:
    headers = response.headers
    csp = {directive.split()[0]: directive.split()[1:] for directive in headers["Content-Security-Policy"].split("; ")}
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'none'"]
    assert csp["form-action"] == ["'self'"] and csp["frame-ancestors"] == ["'none'"]
    assert not any(source.startswith("'unsafe") for sources in csp.values() for source in sources), csp
    assert set(csp) <= {"default-src", "object-src", "base-uri", "form-action", "frame-ancestors"}, csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("method, path, status", RESPONSES)
def test_every_response_has_the_security_headers(client, method: str, path: str, status: int):
    response = client.open(path, method=method)
    assert response.status_code == status
    assert_security_headers(response)


def test_no_index_503_has_the_security_headers(tmp_path: Path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path / "none")}).test_client()
    for path in ("/?q=flood", "/api/search?q=flood", "/search.atom"):
        response = client.get(path)
        assert response.status_code == 503, path
        assert_security_headers(response)


@pytest.mark.parametrize("path", ["/boom", "/api/boom"])
def test_a_500_has_the_security_headers(sample_index_dir: Path, path: str):
    app = create_app({"INDEX_DIR": str(sample_index_dir)})  # not TESTING: errors are handled, not raised

    def boom():
        raise RuntimeError("a bug")

    app.add_url_rule(path, view_func=boom)
    response = app.test_client().get(path)
    assert response.status_code == 500
    assert_security_headers(response)


# --- the pages need no 'unsafe-inline' --------------------------------------------------------------


class InlineCode(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block: inline scripts, handlers and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.blocked: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        names = {name for name, _ in attrs}
        if tag == "script":
            self._in_script = True
            if not dict(attrs).get("src", "").startswith("/static/"):
                self.blocked.append(f"<script> without a /static/ src: {attrs}")
        if tag == "style":
            self.blocked.append("<style> element")
        self.blocked += [f"<{tag} {name}=...>" for name in names if name == "style" or name.startswith("on")]
        if any((value or "").strip().lower().startswith("javascript:") for _, value in attrs):
            self.blocked.append(f"<{tag}> with a javascript: URL")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.blocked.append(f"inline script: {data[:60]!r}")


@pytest.mark.parametrize(
    "method, path, status",
    [
        r
        for r in RESPONSES
        if not r[1].startswith(("/api", "/static")) and r[1] not in ("/search.atom?q=flood", "/opensearch.xml")
    ],
)
def test_pages_have_no_inline_script_style_or_handler(client, method: str, path: str, status: int):
    response = client.open(path, method=method)
    if response.mimetype != "text/html":
        return  # the plain-text 400 of the feed
    parser = InlineCode()
    parser.feed(response.get_data(as_text=True))
    assert parser.blocked == []


def test_the_timeline_page_really_has_bars(client):
    """The page above with a timeline is checked with its bars (their heights are classes, not styles)."""
    assert 'class="bars' in client.get("/?q=river+OR+tram+OR+glacier&sort=oldest").get_data(as_text=True)


@pytest.mark.parametrize("height, classes", [(100, "t10"), (37, "t3 u7"), (3, "u3"), (50, "t5"), (0, "")])
def test_timeline_bar_height_classes(height: int, classes: str):
    assert TimelineBar("March 2009: 1 story", 1, height).height_classes == classes


def test_the_stylesheet_defines_every_height_class(client):
    css = client.get("/static/style.css").get_data(as_text=True)
    for tens in range(1, 11):
        assert f".bars .t{tens} {{ --tens: {tens * 10}%; }}" in css
    for units in range(1, 10):
        assert f".bars .u{units} {{ --units: {units}%; }}" in css


# --- the base URL, never the Host header ------------------------------------------------------------

FORGED_HOST = "forged.example"
HOST_PROBES = [path for method, path, _ in RESPONSES if method == "GET"] + [
    "/search.atom",
    "/search.atom?q=bridge&region=England",
    "/api/suggest?q=village+sch&format=opensearch",
    "/api//search?q=flood",
    "/static//style.css",
    f"/article//{FLOOD_ID}",  # Werkzeug's redirects
]


@pytest.mark.parametrize("path", HOST_PROBES)
def test_a_forged_host_header_appears_nowhere(client, path: str):
    response = client.get(path, headers={"Host": FORGED_HOST, "X-Forwarded-Host": FORGED_HOST})
    assert response.status_code == client.get(path).status_code  # served all the same (SERVER_NAME does not filter)
    assert FORGED_HOST not in response.get_data(as_text=True)
    assert not [(k, v) for k, v in response.headers.items() if FORGED_HOST in v]


def test_absolute_links_use_the_base_url(client):
    base = client.application.config["BASE_URL"]
    atom = client.get("/search.atom?q=flood", headers={"Host": FORGED_HOST}).get_data(as_text=True)
    assert f'href="{base}/article/{FLOOD_ID}"' in atom
    suggestions = client.get("/api/suggest?q=fl&format=opensearch", headers={"Host": FORGED_HOST}).json
    assert suggestions[3] == [f"{base}/article/{FLOOD_ID}"]
    assert client.get("/api//search").headers["Location"] == f"{base}/api/search"


def test_base_url_setting(monkeypatch):
    monkeypatch.delenv(BASE_URL_ENV_VAR, raising=False)
    assert base_url() == DEFAULT_BASE_URL == "http://127.0.0.1:8080"
    monkeypatch.setenv(BASE_URL_ENV_VAR, "https://news.example.org/")
    assert base_url() == "https://news.example.org"
    assert base_url("http://[::1]:8000/archive/") == "http://[::1]:8000/archive"  # explicit beats the environment


@pytest.mark.parametrize(
    "bad",
    ["news.example.org", "javascript:alert(1)", "https://", "http://h:port", "http://h/#top", "file:///etc/passwd"],
)
def test_a_bad_base_url_stops_the_app(sample_index_dir: Path, bad: str):
    with pytest.raises(ValueError, match="base URL"):
        create_app({"TESTING": True, "INDEX_DIR": str(sample_index_dir), "BASE_URL": bad})
