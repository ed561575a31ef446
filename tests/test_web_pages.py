"""The HTML pages (/, /article/<id>) over the sample index of tests/conftest.py."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from search.model import document_id
from tests.engines import write_index
from web import create_app
from web.formatting import human_date, web_url

FLOOD = "west-midlands/flood-defences.html"  # 2009-03-10 08:30, West Midlands
TRAM = "west-midlands/tram-line.html"  # 2008-11-02 14:00, West Midlands
GLACIER = "science/glacier-retreat.html"  # 2009-05-04 22:47, Science & Environment
FISHING = "europe/fishing-quotas.html"  # 2005-12-20 09:15, Europe
SCHOOL = "england/school-award.txt"  # undated, England, no url, "<national>" & "<b>"
SOURCE_OF = {document_id(s): s for s in (FLOOD, TRAM, GLACIER, FISHING, SCHOOL)}
DATED = [GLACIER, FLOOD, TRAM, FISHING]  # newest first

HIT = re.compile(
    r'<li class="hit">\s*<h2><a href="/article/([^"]+)">(.*?)</a></h2>\s*'
    r'<p class="meta">(.*?)</p>\s*(?:<p class="snippet">(.*?)</p>)?',
    re.S,
)


def get(client, path="/", status=200, **params):
    response = client.get(path, query_string=params or None)  # None keeps a query string in `path`
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


def hits(page: str) -> list[str]:
    """The sources of the results listed on a page, in order."""
    return [SOURCE_OF[match.group(1)] for match in HIT.finditer(page)]


def summary_links(page: str) -> dict[str, str]:
    """text → href of the links in the result summary line."""
    match = re.search(r'<p class="summary">(.*?)</p>', page, re.S)
    assert match, "no result summary on the page"
    return {text: html.unescape(href) for href, text in re.findall(r'<a href="([^"]*)">(.*?)</a>', match.group(1))}


def facet_links(page: str, title: str) -> dict[str, str]:
    """label → href of one facet list, found by its heading."""
    start = page.index(f"<h2>{title}</h2>")
    section = page[start : page.index("</section>", start)]
    return {
        html.unescape(label): html.unescape(href)
        for href, label in re.findall(r'<a href="([^"]*)"[^>]*>(.*?)</a>', section)
    }


def pagination(page: str) -> dict[str, str]:
    """label → href of the pagination links ('‹ Previous', '2', 'Next ›', ...)."""
    match = re.search(r'<nav class="pagination".*?</nav>', page, re.S)
    if not match:
        return {}
    return {
        html.unescape(label).strip(): html.unescape(href)
        for href, label in re.findall(r'<a (?:rel="\w+" )?href="([^"]*)">(.*?)</a>', match.group(0))
    }


def summary(page: str) -> str:
    match = re.search(r'<p class="summary">(.*?)</p>', page, re.S)
    assert match, "no result summary on the page"
    return " ".join(re.sub(r"<[^>]+>", "", match.group(1)).split())


# --- the home page ------------------------------------------------------------


def test_home_page(client):
    page = get(client)
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert 'href="/static/style.css"' in page
    assert re.search(r'<form class="search" method="get" action="/"', page)
    assert re.search(r'<input type="search" id="q" name="q" value=""', page)
    assert 'type="date" name="from"' in page and 'type="date" name="to"' in page
    assert "Search 5 archived articles." in page
    assert "Latest articles" in page
    assert hits(page) == DATED + [SCHOOL]  # newest first, undated last
    assert facet_links(page, "Browse by region") == {
        "West Midlands": "/?region=West+Midlands",
        "Science & Environment": "/?region=Science+%26+Environment",
        "Europe": "/?region=Europe",
        "England": "/?region=England",
    }
    assert facet_links(page, "Browse by year") == {
        "2009": "/?from=2009-01-01&to=2009-12-31",
        "2008": "/?from=2008-01-01&to=2008-12-31",
        "2005": "/?from=2005-01-01&to=2005-12-31",
    }
    assert "result" not in summary(page)  # no "N results in" on the home state


def test_stylesheet(client):
    response = client.get("/static/style.css")
    assert response.status_code == 200
    css = response.get_data(as_text=True)
    assert "prefers-color-scheme: dark" in css
    assert re.search(r"\bmark\s*\{", css)
    assert "@media (max-width" in css
    assert len(css) < 10_000


# --- searching ------------------------------------------------------------------


def test_search_results(client):
    page = get(client, q="river")
    assert summary(page).startswith("1 result in ")
    assert re.search(r"1 result in \d+\.\d ms", summary(page))
    [match] = HIT.finditer(page)
    doc_id, headline, meta, snippet = match.groups()
    assert doc_id == document_id(FLOOD)
    assert headline == "Flood defences hold as <mark>river</mark> peaks in Worcester"
    assert '<time datetime="2009-03-10T08:30:00+00:00">10 March 2009, 08:30 UTC</time>' in meta
    assert "West Midlands" in meta
    assert "<mark>river</mark> Severn" in snippet
    assert re.search(r'<input type="search" id="q" name="q" value="river"', page)
    assert "<title>river – newsearch</title>" in page


def test_result_count_is_plural(client):
    page = get(client, q="tram OR river")
    assert re.fullmatch(r"2 results in \d+\.\d ms", summary(page))
    assert set(hits(page)) == {FLOOD, TRAM}


def test_no_results(client):
    page = get(client, q="zeppelin")
    assert summary(page).startswith("0 results in")
    assert hits(page) == []
    assert "No articles match “zeppelin”." in page


def test_results_agree_with_the_api(client):
    for params in ({"q": "the"}, {"q": "river OR tram OR school"}, {"region": "west midlands", "sort": "oldest"}):
        page = get(client, **params)
        api = client.get("/api/search", query_string=params).get_json()
        assert hits(page) == [r["source"] for r in api["results"]]
        assert summary(page).startswith(f"{api['total']} result")


def test_escaping_in_results(client):
    page = get(client, q="school")
    [match] = HIT.finditer(page)
    doc_id, headline, meta, snippet = match.groups()
    assert doc_id == document_id(SCHOOL)
    assert headline == "Village <mark>school</mark> wins &lt;national&gt; award &amp; prize"
    assert "<national>" not in page
    assert "&lt;b&gt;all year" in snippet
    assert "<b>" not in page
    for fragment in (headline, snippet):
        assert re.sub(r"</?mark>", "", fragment).count("<") == 0, fragment
    assert "Undated" in meta


def test_query_is_escaped_in_the_form(client):
    page = get(client, q='"><script>alert(1)</script>')
    assert "<script>alert(1)" not in page
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in page


def test_region_is_escaped_in_the_form(client):
    page = get(client, region='<img src=x onerror="alert(1)">', q="flood")
    assert "<img" not in page
    assert "&lt;img src=x" in page


@pytest.mark.parametrize("region", ["west midlands", "West Midlands", "WEST MIDLANDS"])
def test_region_filter_is_case_insensitive(client, region):
    page = get(client, region=region)
    assert summary(page).startswith("2 results in")
    assert hits(page) == [FLOOD, TRAM]  # no query: browsing, newest first
    assert '<option value="West Midlands" selected>West Midlands (2)</option>' in page


def test_date_filters(client):
    assert set(hits(get(client, **{"from": "2009-01-01"}))) == {FLOOD, GLACIER}
    assert set(hits(get(client, to="2008-12-31"))) == {TRAM, FISHING}
    page = get(client, **{"from": "2009-03-10", "to": "2009-03-10"})
    assert hits(page) == [FLOOD]
    assert 'type="date" name="from" value="2009-03-10"' in page
    assert 'type="date" name="to" value="2009-03-10"' in page


def test_filters_combine_with_the_query(client):
    assert hits(get(client, q="river OR tram", region="west midlands", **{"from": "2009-01-01"})) == [FLOOD]
    assert hits(get(client, q="tram", region="west midlands", to="2008-12-31")) == [TRAM]


@pytest.mark.parametrize("sort, expected", [("newest", DATED), ("oldest", DATED[::-1])])
def test_sort(client, sort, expected):
    page = get(client, sort=sort, **{"from": "2000-01-01"})
    assert hits(page) == expected
    assert f'<option value="{sort}" selected>' in page


def test_clear_filters_link_keeps_the_query(client):
    page = get(client, q="river", region="west midlands", sort="newest", **{"from": "2009-01-01"})
    assert summary_links(page) == {"clear filters": "/?q=river&sort=newest"}
    assert summary_links(get(client, q="river")) == {}


def test_region_facet_link_filters(client):
    page = get(client, q="river OR tram OR glacier", sort="newest")
    regions = facet_links(page, "Region")
    assert regions["West Midlands"] == "/?q=river+OR+tram+OR+glacier&region=West+Midlands&sort=newest"
    filtered = get(client, regions["West Midlands"])
    assert hits(filtered) == [FLOOD, TRAM]
    # The active facet links back to the unfiltered search.
    assert facet_links(filtered, "Region")["West Midlands"] == "/?q=river+OR+tram+OR+glacier&sort=newest"
    assert 'class="active"' in filtered


def test_year_facet_link_filters(client):
    page = get(client, region="west midlands")
    years = facet_links(page, "Year")
    assert set(years) == {"2009", "2008"}
    filtered = get(client, years["2009"])
    assert hits(filtered) == [FLOOD]
    assert facet_links(filtered, "Year")["2009"] == "/?region=west+midlands"


def test_pagination(client):
    first = get(client, page_size=2, **{"from": "2000-01-01"})
    assert summary(first).startswith("4 results in")
    assert hits(first) == DATED[:2]
    assert '<span class="current" aria-current="page">1</span>' in first
    nav = pagination(first)
    assert "‹ Previous" not in nav
    assert nav == {"2": "/?from=2000-01-01&page=2&page_size=2", "Next ›": "/?from=2000-01-01&page=2&page_size=2"}
    # The form keeps the page size but not the page: a new search starts on page 1.
    assert '<input type="hidden" name="page_size" value="2">' in first
    assert 'name="page"' not in first

    second = get(client, nav["Next ›"])
    assert hits(second) == DATED[2:]
    assert '<ol class="hits" start="3">' in second
    nav = pagination(second)
    assert nav == {"‹ Previous": "/?from=2000-01-01&page_size=2", "1": "/?from=2000-01-01&page_size=2"}
    assert hits(get(client, nav["‹ Previous"])) == DATED[:2]


def test_pagination_keeps_every_parameter(client):
    page = get(client, q="river OR tram OR glacier OR quotas", region="", sort="oldest", page_size=1, page=2)
    nav = pagination(page)
    assert nav["Next ›"] == "/?q=river+OR+tram+OR+glacier+OR+quotas&sort=oldest&page=3&page_size=1"
    assert nav["‹ Previous"] == "/?q=river+OR+tram+OR+glacier+OR+quotas&sort=oldest&page_size=1"
    assert set(nav) == {"‹ Previous", "1", "3", "4", "Next ›"}
    assert hits(page) == [TRAM]  # oldest first: quotas 2005, tram 2008, river 2009-03, glacier 2009-05


def test_pagination_window_has_gaps(client):
    everything = "river OR tram OR glacier OR quotas OR school"
    page = get(client, q=everything, page_size=1, page=5)
    assert len(hits(page)) == 1
    assert set(pagination(page)) == {"‹ Previous", "1", "3", "4"}
    assert re.search(r'>1</a>\s*<span class="gap">…</span>\s*<a href="[^"]*">3</a>', page)
    page = get(client, q=everything, page_size=1, page=1)
    assert set(pagination(page)) == {"2", "3", "5", "Next ›"}
    assert page.count('<span class="gap">…</span>') == 1


def test_home_state_ignores_paging(client):
    page = get(client, page_size=1, page=5)  # no query, no filters: the home page
    assert "Latest articles" in page
    assert 'class="pagination"' not in page


def test_page_past_the_end(client):
    page = get(client, q="river", page=5)
    assert hits(page) == []
    assert "There is no page 5; the results end on page 1." in page
    assert pagination(page)["‹ Previous"] == "/?q=river"


def test_no_pagination_for_one_page(client):
    assert 'class="pagination"' not in get(client, q="tram OR river")


def test_empty_query_with_filters_browses_by_date(client):
    page = get(client, **{"from": "2000-01-01"})
    assert hits(page) == DATED
    assert "Latest articles" not in page
    assert summary(page).startswith("4 results in")


@pytest.mark.parametrize(
    "params, param, label",
    [
        ({"from": "2009-13-01"}, "from", "From"),
        ({"to": "not-a-date"}, "to", "To"),
        ({"from": "2009-06-01", "to": "2009-01-01"}, "from", "From"),
        ({"page": "0"}, "page", "Page"),
        ({"page": "two"}, "page", "Page"),
        ({"page_size": "0"}, "page_size", "Results per page"),
        ({"page_size": "101"}, "page_size", "Results per page"),
        ({"sort": "random"}, "sort", "Sort"),
    ],
)
def test_bad_parameters_show_the_error_in_the_form(client, params, param, label):
    page = get(client, status=400, q="river", **params)
    match = re.search(r'<p class="error" role="alert"><strong>(.*?):</strong> (.*?)</p>', page)
    assert match, page
    assert match.group(1) == label
    assert match.group(2)
    # The form is still there, with what was typed.
    assert re.search(r'<input type="search" id="q" name="q" value="river"', page)
    assert hits(page) == []
    if param in ("from", "to", "sort"):
        assert re.search(rf'name="{param}"[^>]*aria-invalid="true"', page)


def test_bad_parameter_message_is_escaped(client):
    page = get(client, status=400, **{"from": "<script>x</script>"})
    assert "<script>" not in page
    assert "is not a date" in page


@pytest.mark.parametrize(
    "q",
    [
        "x" * 10_000,
        "😀 flood 🌊",
        '"unbalanced quote',
        "AND",
        ")(*",
        "OR OR NOT",
        "headline:(",
        "region:",
        "[a TO b]",
        "*",
        "nul\x00byte",
        "-",
    ],
)
def test_malformed_queries_are_not_errors(client, q):
    page = get(client, q=q)
    assert re.search(r"\d+ results? in", summary(page))


# --- the article page -------------------------------------------------------------


def test_article_page(client):
    page = get(client, f"/article/{document_id(FLOOD)}")
    assert "<h1>Flood defences hold as river peaks in Worcester</h1>" in page
    assert '<time datetime="2009-03-10T08:30:00+00:00">10 March 2009, 08:30 UTC</time>' in page
    assert '<a class="region" href="/?region=West+Midlands">West Midlands</a>' in page
    body = re.search(r'<div class="body">(.*?)</div>', page, re.S).group(1)
    assert re.findall(r"<p>(.*?)</p>", body) == [
        "Temporary flood barriers kept the river Severn out of Worcester city centre overnight.",
        "The Environment Agency said the river peaked at 5.2 metres shortly after midnight.",
        "Residents along the quay had been told to move cars to higher ground.",
    ]
    assert (
        '<a href="http://news.example.org/west-midlands/flood-defences" '
        'rel="noopener noreferrer nofollow">Original page</a>'
    ) in page
    assert f"<code>{FLOOD}</code>" in page
    assert "<title>Flood defences hold as river peaks in Worcester – newsearch</title>" in page


def test_article_page_escapes_and_handles_missing_fields(client):
    page = get(client, f"/article/{document_id(SCHOOL)}")
    assert "<h1>Village school wins &lt;national&gt; award &amp; prize</h1>" in page
    assert "<p>Pupils grew vegetables for the school kitchen &lt;b&gt;all year&lt;/b&gt;.</p>" in page
    assert "<b>" not in page and "<national>" not in page
    assert "Undated" in page
    assert "Original page" not in page  # no url
    assert f"<code>{SCHOOL}</code>" in page


def test_results_link_to_article_pages(client):
    page = get(client, q="glacier")
    [match] = HIT.finditer(page)
    article = get(client, f"/article/{match.group(1)}")
    assert "<h1>Glacier retreat measured by satellite</h1>" in article
    assert "4 May 2009, 22:47 UTC" in article


@pytest.mark.parametrize("doc_id", ["0123456789abcdef", "nope", "a/b/c", "%00", "x" * 2000])
def test_unknown_article_is_404_page(client, doc_id):
    page = get(client, f"/article/{doc_id}", status=404)
    assert "<h1>Article not found</h1>" in page
    assert 'href="/">Back to search</a>' in page


def test_unknown_page_is_html_404(client):
    page = get(client, "/no/such/page", status=404)
    assert "<h1>Not Found</h1>" in page


def test_wrong_method_is_html_405(client):
    response = client.post("/")
    assert response.status_code == 405
    assert response.mimetype == "text/html"
    assert "GET" in response.headers["Allow"]


# --- no index ---------------------------------------------------------------------


def test_no_index_is_a_friendly_503(tmp_path):
    client = create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client()
    for path in ("/", "/?q=flood", f"/article/{document_id(FLOOD)}"):
        page = get(client, path, status=503)
        assert "<h1>No index yet</h1>" in page
        assert "<code>newsearch reindex</code>" in page
        assert str(tmp_path) not in page
    # A bad parameter is still a 400, not a 503.
    get(client, status=400, page="0")


def test_index_built_after_start_is_picked_up(tmp_path, sample_articles):
    index_dir = tmp_path / "index"
    client = create_app({"TESTING": True, "INDEX_DIR": str(index_dir)}).test_client()
    get(client, status=503)
    write_index(index_dir, sample_articles)
    assert "Search 5 archived articles." in get(client)


def test_index_dir_defaults_from_search_config(monkeypatch, tmp_path):
    monkeypatch.setenv("NEWSEARCH_INDEX", str(tmp_path / "from-env"))
    assert create_app({"TESTING": True}).config["INDEX_DIR"] == str(tmp_path / "from-env")


# --- formatting helpers -----------------------------------------------------------------


def test_human_date():
    assert human_date(datetime(2009, 3, 10, 2, 18, tzinfo=UTC)) == "10 March 2009, 02:18 UTC"
    plus_two = timezone(timedelta(hours=2))
    assert human_date(datetime(2009, 1, 1, 1, 5, tzinfo=plus_two)) == "31 December 2008, 23:05 UTC"
    assert human_date(None) == ""


@pytest.mark.parametrize(
    "url, expected",
    [
        ("http://news.example.org/a", "http://news.example.org/a"),
        ("https://news.example.org/a", "https://news.example.org/a"),
        ("javascript:alert(1)", ""),
        (" JavaScript:alert(1)", ""),
        ("data:text/html,<b>x</b>", ""),
        ("news/relative.html", ""),
        ("", ""),
        ("http://[::1", ""),
    ],
)
def test_only_http_urls_become_links(url, expected):
    assert web_url(url) == expected


def test_unexpected_error_is_html_500_outside_testing(sample_index_dir, monkeypatch):
    from web.index import get_engine

    def broken(request):
        raise RuntimeError("engine exploded")

    app = create_app({"INDEX_DIR": str(sample_index_dir)})
    monkeypatch.setattr(get_engine(app), "search", broken)
    client = app.test_client()
    page = get(client, q="flood", status=500)
    assert "<h1>Internal Server Error</h1>" in page
    assert "exploded" not in page and "Traceback" not in page


def test_pagination_stops_at_the_deepest_page_the_result_window_serves(app):
    """With 50,000 matches and 10 a page, page 1,001 would be past result 10,000 and get a 400."""
    from search.model import SearchRequest, SearchResponse, deepest_page
    from web.views import _pagination

    request = SearchRequest(q="flood", page=999, page_size=10)
    with app.test_request_context("/"):
        links = _pagination(request, SearchResponse(request=request, total=50_000, hits=[]))
    numbers = [link.number for link in links["pages"] if link.number is not None]
    assert max(numbers) == deepest_page(10) == 1_000
    assert "page=1001" not in links["next"]
