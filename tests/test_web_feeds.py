"""The machine-readable parts of the site: /api/suggest, /opensearch.xml, /search.atom (validated with feedparser)."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import feedparser
import pytest

from search.model import document_id
from tests.web_pages import (
    BRIDGE,
    FERRY,
    ID,
    MARKET,
    TOLLS,
    TOLLS_HEADLINE,
    Elements,
    get_page,
)
from web import create_app

FLOOD = "west-midlands/flood-defences.html"
TRAM = "west-midlands/tram-line.html"
OPENSEARCH_NS = "{http://a9.com/-/spec/opensearch/1.1/}"


def base_url(client) -> str:
    """Where the app says it is reached (``BASE_URL``; ``http://127.0.0.1:8080`` unless configured)."""
    return client.application.config["BASE_URL"]


# --- /api/suggest -------------------------------------------------------------------------


def test_suggest_json(client):
    response = client.get("/api/suggest?q=fl")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert response.get_json() == {
        "q": "fl",
        "suggestions": [
            {
                "id": document_id(FLOOD),
                "headline": "Flood defences hold as river peaks in Worcester",
                "url": f"/article/{document_id(FLOOD)}",
                "date": "2009-03-10T08:30:00+00:00",
            }
        ],
    }


def test_suggest_uses_every_word(client):
    data = client.get("/api/suggest", query_string={"q": "council tr"}).get_json()
    assert [s["id"] for s in data["suggestions"]] == [document_id(TRAM)]
    assert client.get("/api/suggest?q=council+fl").get_json()["suggestions"] == []


@pytest.mark.parametrize("q", ["", "   ", "*", "😀", '"', "x" * 5000, "nul\x00"])
def test_suggest_odd_input(client, q):
    response = client.get("/api/suggest", query_string={"q": q})
    assert response.status_code == 200
    data = response.get_json()
    assert isinstance(data["suggestions"], list) and len(data["q"]) <= 200
    if not q.strip():
        assert data["suggestions"] == []


def test_suggest_undated_headline_and_links_resolve(client):
    [suggestion] = client.get("/api/suggest?q=village+sch").get_json()["suggestions"]
    assert suggestion["date"] is None
    assert suggestion["headline"] == "Village school wins <national> award & prize"
    assert client.get(suggestion["url"]).status_code == 200


def test_suggest_opensearch_format(client):
    response = client.get("/api/suggest?q=fl&format=opensearch")
    assert response.status_code == 200
    assert response.mimetype == "application/x-suggestions+json"
    assert response.json == [
        "fl",
        ["Flood defences hold as river peaks in Worcester"],
        ["10 March 2009 · West Midlands"],
        [f"{base_url(client)}/article/{document_id(FLOOD)}"],
    ]
    assert client.get("/api/suggest?q=&format=opensearch").json == ["", [], [], []]


def test_suggest_unknown_format_is_400(client):
    response = client.get("/api/suggest?q=fl&format=xml")
    assert response.status_code == 400 and response.mimetype == "application/json"
    assert response.get_json()["error"]["param"] == "format"


def test_suggest_without_index_is_503(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    response = client.get("/api/suggest?q=fl")
    assert response.status_code == 503 and response.mimetype == "application/json"


# --- /opensearch.xml ------------------------------------------------------------------------


def test_opensearch_description(client):
    response = client.get("/opensearch.xml")
    assert response.status_code == 200
    assert response.mimetype == "application/opensearchdescription+xml"
    root = ET.fromstring(response.data)
    assert root.tag == f"{OPENSEARCH_NS}OpenSearchDescription"
    assert root.findtext(f"{OPENSEARCH_NS}ShortName") == "newsearch"
    assert len(root.findtext(f"{OPENSEARCH_NS}ShortName")) <= 16
    assert root.findtext(f"{OPENSEARCH_NS}Description")
    assert root.findtext(f"{OPENSEARCH_NS}InputEncoding") == "UTF-8"
    urls = {url.get("type"): url.get("template") for url in root.findall(f"{OPENSEARCH_NS}Url")}
    base = base_url(client)
    assert urls["text/html"] == f"{base}/?q={{searchTerms}}"
    assert urls["application/x-suggestions+json"] == f"{base}/api/suggest?q={{searchTerms}}&format=opensearch"
    assert urls["application/atom+xml"] == f"{base}/search.atom?q={{searchTerms}}"
    assert b"&amp;format=opensearch" in response.data  # the & is escaped in the XML


def test_opensearch_templates_work(sample_index_dir):
    """The templates are on the configured base URL (whatever Host the request named), and they work."""
    client = create_app(
        {"TESTING": True, "INDEX_DIR": str(sample_index_dir), "BASE_URL": "https://news.example.org/archive"}
    ).test_client()
    root = ET.fromstring(client.get("/opensearch.xml", base_url="http://other.example").data)
    urls = {url.get("type"): url.get("template") for url in root.findall(f"{OPENSEARCH_NS}Url")}
    assert all(template.startswith("https://news.example.org/archive/") for template in urls.values()), urls
    for kind, template in urls.items():
        path = template.removeprefix("https://news.example.org/archive")
        response = client.get(path.replace("{searchTerms}", "flood"))
        assert response.status_code == 200, kind
        assert response.mimetype == kind


@pytest.mark.parametrize(
    "path, status",
    [
        ("/", 200),
        ("/?q=river", 200),
        ("/?region=Europe", 200),
        ("/help", 200),
        ("/?q=zeppelin", 200),
        (f"/article/{document_id(FLOOD)}", 200),
        ("/?page=0", 400),
        ("/article/nope", 404),
        ("/no/such/page", 404),
    ],
)
def test_every_page_links_the_opensearch_description(client, path, status):
    page = get_page(client, path, status=status)
    assert (
        '<link rel="search" type="application/opensearchdescription+xml" title="newsearch" href="/opensearch.xml">'
    ) in page


def test_the_no_index_page_links_the_opensearch_description(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    assert 'rel="search"' in get_page(client, "/?q=flood", status=503)


# --- /search.atom ----------------------------------------------------------------------------


def feed(client, **params):
    response = client.get("/search.atom", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/atom+xml"
    assert response.mimetype_params.get("charset") == "utf-8"
    parsed = feedparser.parse(response.data)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed, response.data


def test_atom_feed_is_valid_and_newest_first(features_client):
    parsed, raw = feed(features_client, q="bridge")
    base = base_url(features_client)
    assert parsed.feed.title == "newsearch: bridge"
    assert parsed.feed.id == f"{base}/search.atom?q=bridge"
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"self": f"{base}/search.atom?q=bridge", "alternate": f"{base}/?q=bridge"}
    entries = parsed.entries
    # Newest first; the undated article has no place in a feed.
    assert [e.link for e in entries] == [f"{base}/article/{ID[s]}" for s in (MARKET, BRIDGE, TOLLS, FERRY)]
    assert [e.id for e in entries] == [e.link for e in entries]
    dates = [datetime(*e.updated_parsed[:6], tzinfo=UTC) for e in entries]
    assert dates == sorted(dates, reverse=True)
    assert entries[0].updated == "2009-03-20T09:00:00Z"
    assert parsed.feed.updated == "2009-03-20T09:00:00Z"  # the newest entry
    assert entries[1].title == "Swing bridge reopens after repairs"
    assert entries[1].tags[0].term == "England"
    assert {link.rel: link.href for link in entries[1].links}["related"] == "http://news.example.org/bridge"
    # The summary is the plain-text snippet, no markup.
    assert entries[1].summary_detail.type == "text/plain"
    assert "bridge" in entries[1].summary.lower() and "<mark>" not in entries[1].summary
    assert b"<mark>" not in raw and b"&lt;mark&gt;" not in raw


def test_atom_feed_escapes_titles_and_summaries(features_client):
    parsed, raw = feed(features_client, q="tolls")
    [entry] = parsed.entries
    assert entry.title == TOLLS_HEADLINE  # "Bridge tolls & taxes: <cheaper> for locals"
    assert entry.title_detail.type == "text/plain"
    assert b"Bridge tolls &amp; taxes: &lt;cheaper&gt; for locals" in raw
    assert "will pay higher tolls & <fees> from April" in entry.summary
    assert b"tolls &amp; &lt;fees&gt; from April" in raw


def test_atom_feed_applies_the_filters(features_client):
    parsed, _ = feed(features_client, q="bridge", region="england")
    assert [e.link.rsplit("/", 1)[1] for e in parsed.entries] == [ID[BRIDGE], ID[TOLLS]]
    assert parsed.feed.title == "newsearch: bridge (england)"
    parsed, _ = feed(features_client, q="bridge", **{"from": "2009-02-01", "to": "2009-02-28"})
    assert [e.link.rsplit("/", 1)[1] for e in parsed.entries] == [ID[TOLLS]]
    assert parsed.feed.title == "newsearch: bridge (2009-02-01 to 2009-02-28)"
    parsed, _ = feed(features_client, **{"from": "2009-03-01"})
    assert [e.link.rsplit("/", 1)[1] for e in parsed.entries] == [ID[MARKET], ID[BRIDGE]]


def test_atom_feed_is_always_newest_first_and_one_page(features_client):
    parsed, _ = feed(features_client, q="bridge", sort="oldest", page="2", page_size="1")
    assert [e.link.rsplit("/", 1)[1] for e in parsed.entries] == [ID[s] for s in (MARKET, BRIDGE, TOLLS, FERRY)]
    assert parsed.feed.id == f"{base_url(features_client)}/search.atom?q=bridge"


def test_atom_feed_without_query_has_the_latest_articles(features_client):
    parsed, _ = feed(features_client)
    assert parsed.feed.title == "newsearch: latest articles"
    assert parsed.entries[0].link.endswith(ID[MARKET])
    assert len(parsed.entries) == 4  # seven documents: five stories (one in three versions), one undated


def test_empty_atom_feed_is_valid(features_client):
    parsed, _ = feed(features_client, q="zeppelin")
    assert parsed.entries == []
    assert parsed.feed.updated


@pytest.mark.parametrize("q", ["nul\x00byte \x0b bridge", "😀 bridge", "]]> bridge <x>", "x" * 5000])
def test_atom_feed_survives_odd_queries(features_client, q):
    parsed, _ = feed(features_client, q=q)
    assert "\x00" not in parsed.feed.title


def test_atom_feed_survives_undecodable_bytes(features_client):
    response = features_client.get("/search.atom?q=%ED%A0%80%FF+bridge")
    assert response.status_code == 200
    assert feedparser.parse(response.data).bozo == 0


@pytest.mark.parametrize(
    "params, param",
    [
        ({"from": "yesterday"}, "from"),
        ({"to": "2009-02-30"}, "to"),
        ({"from": "2009-06-01", "to": "2009-01-01"}, "from"),
    ],
)
def test_atom_feed_bad_parameter_is_400(features_client, params, param):
    response = features_client.get("/search.atom", query_string=params)
    assert response.status_code == 400
    assert response.mimetype == "text/plain"
    assert f"'{param}'" in response.get_data(as_text=True)


def test_results_page_links_its_feed(features_client):
    page = get_page(features_client, q="bridge", region="England", sort="oldest", page="1")
    [alternate] = Elements(page).find("link", rel="alternate")
    assert alternate["type"] == "application/atom+xml"
    assert alternate["href"] == "/search.atom?q=bridge&region=England"
    assert alternate["title"] == "newsearch: bridge (England)"
    [visible] = [a for a, text in Elements(page).links if text == "Subscribe to this search (Atom feed)"]
    assert visible["href"] == alternate["href"]
    parsed, _ = feed(features_client, q="bridge", region="England")
    assert [e.link.rsplit("/", 1)[1] for e in parsed.entries] == [ID[BRIDGE], ID[TOLLS]]


def test_home_page_links_the_latest_articles_feed(features_client):
    page = get_page(features_client)
    [alternate] = Elements(page).find("link", rel="alternate")
    assert alternate["href"] == "/search.atom"
    assert re.search(r'<a href="/search.atom"[^>]*>Subscribe to the latest articles', page)
