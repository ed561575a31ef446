"""The JSON API (/api/search, /api/article/<id>) over the sample index of tests/conftest.py."""

from __future__ import annotations

import re

import pytest

from search.model import document_id
from tests.engines import write_index
from web import create_app

FLOOD = "west-midlands/flood-defences.html"  # 2009-03-10 08:30, West Midlands
TRAM = "west-midlands/tram-line.html"  # 2008-11-02 14:00, West Midlands
GLACIER = "science/glacier-retreat.html"  # 2009-05-04 22:47, Science & Environment
FISHING = "europe/fishing-quotas.html"  # 2005-12-20 09:15, Europe
SCHOOL = "england/school-award.txt"  # undated, England, no url, "<national>" & "<b>"
ALL = {FLOOD, TRAM, GLACIER, FISHING, SCHOOL}
DATED = [GLACIER, FLOOD, TRAM, FISHING]  # newest first

MALFORMED_QUERIES = [
    "x" * 10_000,
    "flood " * 1_600,
    "😀 flood 🌊",
    '"unbalanced quote',
    "unbalanced ) paren (",
    "AND",
    ")(*",
    "OR OR NOT",
    "headline:(",
    "region:",
    "[a TO b]",
    "*",
    "^3 ~2",
    "nul\x00byte",
    "\u202e",
]

BAD_PARAMETERS = [
    ({"from": "2009-13-01"}, "from"),
    ({"from": "yesterday"}, "from"),
    ({"to": "2009-02-30"}, "to"),
    ({"from": "2009-06-01", "to": "2009-01-01"}, "from"),
    ({"page": "0"}, "page"),
    ({"page": "-3"}, "page"),
    ({"page": "two"}, "page"),
    ({"page": "1.5"}, "page"),
    ({"page_size": "0"}, "page_size"),
    ({"page_size": "101"}, "page_size"),
    ({"page_size": "ten"}, "page_size"),
    ({"sort": "random"}, "sort"),
]


def search(client, **params):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return response.get_json()


def sources(data) -> list[str]:
    return [result["source"] for result in data["results"]]


def test_search_response_shape(client):
    data = search(client, q="tram")
    assert list(data) == [
        "total",
        "page",
        "page_size",
        "pages",
        "took_ms",
        "query",
        "results",
        "facets",
        "suggestion",
        "fallback",
    ]
    assert data["total"] == 1 and data["suggestion"] is None and data["fallback"] is None
    assert data["page"] == 1 and data["page_size"] == 10 and data["pages"] == 1
    assert isinstance(data["took_ms"], float) and data["took_ms"] >= 0
    assert data["query"] == {
        "q": "tram",
        "from": None,
        "to": None,
        "region": None,
        "sort": "relevance",
        "page": 1,
        "page_size": 10,
    }
    [result] = data["results"]
    assert result["id"] == document_id(TRAM)
    assert result["source"] == TRAM
    assert result["url"] == "http://news.example.org/west-midlands/tram-line"
    assert result["headline"] == "Council approves new tram line for the city"
    assert result["headline_html"] == "Council approves new <mark>tram</mark> line for the city"
    assert result["region"] == "West Midlands"
    assert result["date"] == "2008-11-02T14:00:00+00:00"  # ISO 8601, UTC
    assert result["score"] > 0
    assert "<mark>tram</mark>" in result["snippet"]
    assert data["facets"] == {
        "region": [{"value": "West Midlands", "count": 1, "params": {"region": "West Midlands"}}],
        "year": [{"value": "2008", "count": 1, "params": {"from": "2008-01-01", "to": "2008-12-31"}}],
        "month": [{"value": "2008-11", "count": 1, "params": {"from": "2008-11-01", "to": "2008-11-30"}}],
    }


def test_query_echo_is_normalised(client):
    data = search(
        client,
        q="river",
        **{"from": "2009-01-01", "to": "2009-12-31"},
        region=" west midlands ",
        sort="NEWEST",
        page="1",
        page_size="5",
    )
    assert data["query"] == {
        "q": "river",
        "from": "2009-01-01",
        "to": "2009-12-31",
        "region": "west midlands",
        "sort": "newest",
        "page": 1,
        "page_size": 5,
    }
    assert sources(data) == [FLOOD]


def test_words_are_all_required(client):
    assert sources(search(client, q="river severn")) == [FLOOD]
    strict = search(client, q="river severn worcester")
    assert sources(strict) == [FLOOD] and strict["fallback"] is None


def test_no_article_with_all_words_falls_back_to_any_word(client):
    data = search(client, q="river tram")
    assert data["fallback"] == "any"
    assert set(sources(data)) == {FLOOD, TRAM}


def test_empty_query_browses_everything(client):
    data = search(client)
    assert data["total"] == 5
    assert set(sources(data)) == ALL
    assert {r["score"] for r in data["results"]} == {0.0}


def test_facets_count_matching_documents(client):
    facets = search(client)["facets"]
    assert {b["value"]: b["count"] for b in facets["region"]} == {
        "West Midlands": 2,
        "Science & Environment": 1,
        "Europe": 1,
        "England": 1,
    }
    assert facets["region"][0] == {"value": "West Midlands", "count": 2, "params": {"region": "West Midlands"}}
    # The undated article has no year; years newest first.
    assert [(b["value"], b["count"]) for b in facets["year"]] == [("2009", 2), ("2008", 1), ("2005", 1)]


@pytest.mark.parametrize("region", ["West Midlands", "west midlands", "WEST   MIDLANDS"])
def test_region_filter_is_case_insensitive(client, region):
    data = search(client, region=region)
    assert data["total"] == 2
    assert set(sources(data)) == {FLOOD, TRAM}


def test_region_filter_with_query(client):
    assert sources(search(client, q="river", region="west midlands")) == [FLOOD]
    assert search(client, q="river", region="Europe")["total"] == 0


def test_unknown_region_matches_nothing(client):
    assert search(client, region="Atlantis")["total"] == 0


def test_date_range_without_articles_matches_nothing(client):
    assert search(client, **{"from": "2009-03-11", "to": "2009-05-03"})["total"] == 0


def test_region_and_dates_that_exclude_each_other_match_nothing(client):
    assert search(client, region="Europe", **{"from": "2009-01-01"})["total"] == 0


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"from": "2009-01-01"}, {FLOOD, GLACIER}),
        ({"to": "2008-12-31"}, {TRAM, FISHING}),
        ({"from": "2008-01-01", "to": "2009-04-01"}, {TRAM, FLOOD}),
        ({"from": "2009-03-10", "to": "2009-03-10"}, {FLOOD}),  # 'to' includes its whole day
        ({"from": "2009-05-04", "to": "2009-05-04"}, {GLACIER}),  # 22:47 UTC is still that day
    ],
)
def test_date_filters(client, params, expected):
    data = search(client, **params)
    assert set(sources(data)) == expected
    assert data["total"] == len(expected)


def test_date_filter_with_query_and_region(client):
    data = search(client, q="tram OR river", region="west midlands", **{"from": "2009-01-01"})
    assert sources(data) == [FLOOD]


@pytest.mark.parametrize("sort, expected", [("newest", DATED), ("oldest", DATED[::-1])])
def test_sort_by_date(client, sort, expected):
    assert sources(search(client, sort=sort, **{"from": "2000-01-01"})) == expected


def test_sort_by_date_with_query(client):
    q = "river OR tram OR glacier"
    assert sources(search(client, q=q, sort="newest")) == [GLACIER, FLOOD, TRAM]
    assert sources(search(client, q=q, sort="oldest")) == [TRAM, FLOOD, GLACIER]


def test_undated_articles_come_last_when_newest_first(client):
    assert sources(search(client, sort="newest")) == DATED + [SCHOOL]


def test_relevance_scores_descend(client):
    data = search(client, q="tram OR glacier OR quotas")
    assert set(sources(data)) == {TRAM, GLACIER, FISHING}
    scores = [r["score"] for r in data["results"]]
    assert scores == sorted(scores, reverse=True)


def test_pagination(client):
    pages = [search(client, page_size=2, page=page) for page in (1, 2, 3)]
    assert [d["total"] for d in pages] == [5, 5, 5]
    assert [d["pages"] for d in pages] == [3, 3, 3]
    assert [len(d["results"]) for d in pages] == [2, 2, 1]
    seen = [s for d in pages for s in sources(d)]
    assert len(seen) == len(set(seen)) == 5
    assert set(seen) == ALL
    assert seen == sources(search(client, page_size=5))


def test_page_past_the_end_is_empty_not_an_error(client):
    data = search(client, page=4, page_size=2)
    assert data["total"] == 5 and data["results"] == [] and data["page"] == 4


def test_escaping_in_json(client):
    [result] = search(client, q="school")["results"]
    # Plain fields carry the text as it is; the *_html fields are escaped with only <mark> markup.
    assert result["headline"] == "Village school wins <national> award & prize"
    assert result["headline_html"] == "Village <mark>school</mark> wins &lt;national&gt; award &amp; prize"
    assert "&lt;b&gt;" in result["snippet"]
    for html_field in (result["headline_html"], result["snippet"]):
        assert re.sub(r"</?mark>", "", html_field).count("<") == 0
    assert result["date"] is None
    assert result["url"] == ""


@pytest.mark.parametrize("params, param", BAD_PARAMETERS)
def test_bad_parameters_are_400_naming_the_parameter(client, params, param):
    response = client.get("/api/search", query_string=params)
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["param"] == param
    assert isinstance(error["message"], str) and error["message"]


def test_bad_parameter_message_is_useful(client):
    error = client.get("/api/search?sort=random").get_json()["error"]
    assert "relevance" in error["message"] and "newest" in error["message"]
    error = client.get("/api/search?from=2009-06-01&to=2009-01-01").get_json()["error"]
    assert "2009-06-01" in error["message"] and "2009-01-01" in error["message"]


@pytest.mark.parametrize("q", MALFORMED_QUERIES)
def test_malformed_queries_are_not_errors(client, q):
    data = search(client, q=q)
    assert data["total"] >= 0
    assert len(data["query"]["q"]) <= 10_000


def test_long_query_is_still_searched(client):
    assert sources(search(client, q="flood " * 1_500)) == [FLOOD]


def test_query_syntax(client):
    assert sources(search(client, q='"river severn"')) == [FLOOD]
    assert set(sources(search(client, q="river OR tram"))) == {FLOOD, TRAM}
    assert set(sources(search(client, q="council OR river -tram"))) == {FLOOD}


def test_article(client):
    response = client.get(f"/api/article/{document_id(SCHOOL)}")
    assert response.status_code == 200
    data = response.get_json()
    assert data["id"] == document_id(SCHOOL)
    assert data["headline"] == "Village school wins <national> award & prize"
    assert data["source"] == SCHOOL and data["date"] is None and data["region"] == "England"
    assert "<b>all year</b>" in data["body"]
    data = client.get(f"/api/article/{document_id(FLOOD)}").get_json()
    assert data["date"] == "2009-03-10T08:30:00+00:00"


def test_unknown_article_is_json_404(client):
    response = client.get("/api/article/0123456789abcdef")
    assert response.status_code == 404
    assert response.get_json()["error"]["param"] == "id"


@pytest.mark.parametrize("path", ["/api", "/api/", "/api/nope", "/api/search/extra", "/api/article/"])
def test_unknown_api_routes_are_json_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    assert response.get_json()["error"]["param"] is None


def test_wrong_method_is_json_405(client):
    response = client.post("/api/search", data={"q": "flood"})
    assert response.status_code == 405
    assert response.mimetype == "application/json"
    assert "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["param"] is None


def test_no_index_is_json_503(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    for path in ("/api/search?q=flood", "/api/article/0123456789abcdef"):
        response = client.get(path)
        assert response.status_code == 503
        assert response.mimetype == "application/json"
        error = response.get_json()["error"]
        assert error["param"] is None
        assert "newsearch reindex" in error["message"]
    # Bad parameters are still reported as such before the index is needed.
    assert client.get("/api/search?page=0").status_code == 400


def test_index_built_after_start_is_picked_up(tmp_path, sample_articles):
    index_dir = tmp_path / "index"
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    assert client.get("/api/search?q=flood").status_code == 503
    write_index(index_dir, sample_articles)
    assert sources(search(client, q="flood")) == [FLOOD]


def test_index_is_opened_once_per_app(app):
    client = app.test_client()
    assert "newsearch" not in app.extensions
    search(client, q="flood")
    index = app.extensions["newsearch"]
    search(client, q="tram")
    client.get("/")
    assert app.extensions["newsearch"] is index
    assert index.doc_count() == 5


def test_unexpected_error_is_json_500_outside_testing(sample_index_dir, monkeypatch):
    from web.index import get_engine

    def broken(request):
        raise RuntimeError("engine exploded")

    app = create_app({"INDEX_DIR": str(sample_index_dir)})
    monkeypatch.setattr(get_engine(app), "search", broken)
    client = app.test_client()
    response = client.get("/api/search?q=flood")
    assert response.status_code == 500
    assert response.mimetype == "application/json"
    error = response.get_json()["error"]
    assert error["param"] is None
    assert "exploded" not in error["message"]
