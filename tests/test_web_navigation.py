"""Moving around the search and article pages: did-you-mean, the any-word fallback, a story's versions,
related stories, facets and the month timeline, and the state every link keeps in the URL."""

from __future__ import annotations

import html
import re
from datetime import UTC
from urllib.parse import parse_qs, urlsplit

import pytest

from search.model import document_id
from tests.web_pages import (
    BRIDGE,
    FERRY,
    ID,
    MARKET,
    PRINT,
    SYNDICATED,
    TOLLS,
    TOLLS_HEADLINE,
    UNDATED,
    Elements,
    get_page,
    hit_sources,
)

FLOOD = "west-midlands/flood-defences.html"  # 2009-03-10, West Midlands
TRAM = "west-midlands/tram-line.html"  # 2008-11-02, West Midlands
GLACIER = "science/glacier-retreat.html"  # 2009-05-04, Science & Environment
FISHING = "europe/fishing-quotas.html"  # 2005-12-20, Europe


def query(href: str) -> dict[str, str]:
    """The parameters of a link to the search page; ``href`` as the browser sees it (entities decoded)."""
    parts = urlsplit(href)
    assert parts.path == "/", href
    return {name: values[0] for name, values in parse_qs(parts.query).items()}


def links_with_text(page: str, text: str) -> list[str]:
    return [a["href"] for a, content in Elements(page).links if content == text]


def section(page: str, start_marker: str, end_marker: str = "</section>") -> str:
    start = page.index(start_marker)
    return page[start : page.index(end_marker, start)]


# --- did you mean ----------------------------------------------------------------------


def test_did_you_mean_links_to_the_corrected_query_keeping_filters(client):
    page = get_page(client, q="glaicer", region="Science & Environment", sort="newest", page_size="5")
    match = re.search(r'<p class="did-you-mean">Did you mean <a href="([^"]+)"><em>(.*?)</em></a>\?</p>', page)
    assert match, page
    assert match.group(2) == "glaciers"
    assert query(html.unescape(match.group(1))) == {
        "q": "glaciers",
        "region": "Science & Environment",
        "sort": "newest",
        "page_size": "5",
    }
    corrected = get_page(client, html.unescape(match.group(1)))
    assert re.search(r'<a href="/article/[0-9a-f]+">.*?Glacier', corrected)
    assert "Did you mean" not in corrected


def test_did_you_mean_starts_again_on_page_one(client):
    page = get_page(client, q="satelite images", page="3")
    [href] = re.findall(r'Did you mean <a href="([^"]+)"><em>satellite images</em></a>\?', page)
    assert query(html.unescape(href)) == {"q": "satellite images"}


def test_no_did_you_mean_when_the_words_are_known(client):
    page = get_page(client, q="river")
    assert "Did you mean" not in page
    assert client.get("/api/search?q=glaicer").get_json()["suggestion"] == "glaciers"


def test_did_you_mean_is_escaped(features_client):
    page = get_page(features_client, q='swing brige <b>"x"')
    assert "<b>" not in page


# --- fallback ----------------------------------------------------------------------------


FALLBACK_NOTICE = "No article has all of your words; showing articles with any of them."


def test_fallback_notice(client):
    page = get_page(client, q="river tram")
    assert f'<p class="notice">{FALLBACK_NOTICE}</p>' in page
    assert set(re.findall(r'<li class="hit">\s*<h2><a href="/article/([^"]+)"', page)) == {
        document_id(FLOOD),
        document_id(TRAM),
    }
    assert FALLBACK_NOTICE not in get_page(client, q="river severn")


# --- versions ------------------------------------------------------------------------------


def test_results_list_the_other_versions_of_a_story(features_client):
    page = get_page(features_client, q="swing bridge repairs")
    assert hit_sources(page) == [BRIDGE, TOLLS]  # one result for the three versions
    hit = section(page, f'<a href="/article/{ID[BRIDGE]}">', '<li class="hit">')
    details = section(hit, '<details class="versions">', "</details>")
    assert "<summary>2 other versions</summary>" in details
    links = {a["href"]: text for a, text in Elements(details).links}
    assert links == {
        f"/article/{ID[PRINT]}": "Swing bridge reopens (print version)",
        f"/article/{ID[SYNDICATED]}": "Bridge reopens, says council",
    }
    assert f"<code>{PRINT}</code>" in details
    assert '<time datetime="2009-03-11T00:00:00+00:00">11 March 2009, 00:00 UTC</time>' in details
    # A story in one version has no versions list.
    tolls = section(page, f'<a href="/article/{ID[TOLLS]}">', "</ol>")
    assert "versions" not in tolls
    # The version links open the version's article page.
    assert "<h1>Swing bridge reopens (print version)</h1>" in get_page(features_client, f"/article/{ID[PRINT]}")


def test_one_other_version_is_singular(tmp_path):
    from tests.engines import write_index
    from tests.web_pages import FEATURE_ARTICLES
    from web import create_app

    write_index(tmp_path, FEATURE_ARTICLES[:2])
    page = get_page(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client(), q="swing")
    assert "<summary>1 other version</summary>" in page


def test_versions_in_json(features_client):
    data = features_client.get("/api/search?q=swing+bridge+repairs").get_json()
    [bridge] = [r for r in data["results"] if r["source"] == BRIDGE]
    assert bridge["story"] == ID[BRIDGE]
    assert [v["source"] for v in bridge["versions"]] == [PRINT, SYNDICATED]  # oldest first


# --- related stories --------------------------------------------------------------------


def test_article_page_lists_related_stories(features_client):
    page = get_page(features_client, f"/article/{ID[BRIDGE]}")
    related = section(page, '<section class="related"')
    assert '<h2 id="related-title">Related stories</h2>' in related
    links = [(a["href"], text) for a, text in Elements(related).links]
    assert links[0] == (f"/article/{ID[TOLLS]}", TOLLS_HEADLINE)
    assert "&lt;cheaper&gt; for locals" in related and "<cheaper>" not in page
    assert 1 <= len(links) <= 5
    # The story's own versions are not "related".
    assert not {f"/article/{ID[s]}" for s in (BRIDGE, PRINT, SYNDICATED)} & {href for href, _ in links}
    assert '<time datetime="2009-02-01T12:00:00+00:00">1 February 2009</time>' in related


def test_article_without_related_stories_has_no_related_section(client):
    page = get_page(client, f"/article/{document_id(FISHING)}")
    assert ("Related stories" in page) == bool(
        client.get(f"/api/article/{document_id(FISHING)}/related").get_json()["related"]
    )


def test_related_api(features_client):
    response = features_client.get(f"/api/article/{ID[BRIDGE]}/related")
    assert response.status_code == 200 and response.mimetype == "application/json"
    data = response.get_json()
    assert list(data) == ["id", "related"]
    assert data["id"] == ID[BRIDGE]
    assert data["related"][0] == {
        "id": ID[TOLLS],
        "url": "",
        "source": TOLLS,
        "headline": TOLLS_HEADLINE,
        "date": "2009-02-01T12:00:00+00:00",
        "region": "England",
    }
    assert {r["source"] for r in data["related"]} <= {TOLLS, MARKET, FERRY, UNDATED}
    assert len(data["related"]) <= 5


@pytest.mark.parametrize("doc_id", ["0123456789abcdef", "nope", "a/b"])
def test_related_api_unknown_id_is_json_404(features_client, doc_id):
    response = features_client.get(f"/api/article/{doc_id}/related")
    assert response.status_code == 404 and response.mimetype == "application/json"
    assert response.get_json()["error"]["param"] == "id"


def test_article_api_includes_the_story(features_client):
    data = features_client.get(f"/api/article/{ID[PRINT]}").get_json()
    assert data["id"] == ID[PRINT] and data["story"] == ID[BRIDGE]
    assert data["headline"] == "Swing bridge reopens (print version)"


# --- timeline ------------------------------------------------------------------------------


def timeline_bars(page: str) -> list[tuple[dict[str, str] | None]]:
    """The bars of the timeline in order: the link's attributes, or None for a month without matches."""
    bars = section(page, '<div class="bars', "</div>")
    return [None if tag == "i" else attrs for tag, attrs in Elements(bars).tags if tag in ("a", "i")]


def test_timeline_has_a_bar_per_month_linking_to_the_month(client):
    page = get_page(client, q="river OR tram OR glacier OR quotas OR school", sort="oldest")
    assert '<h2 id="timeline-title" class="section-title">Matches by month</h2>' in page
    bars = timeline_bars(page)
    # December 2005 to May 2009, months without matches kept as empty bars.
    assert len(bars) == 42
    linked = [bar for bar in bars if bar is not None]
    assert [bar["aria-label"] for bar in linked] == [
        "December 2005: 1 story",
        "November 2008: 1 story",
        "March 2009: 1 story",
        "May 2009: 1 story",
    ]
    assert all(bar["title"] == bar["aria-label"] for bar in linked)
    assert bars[0] is linked[0] and bars[-1] is linked[-1]
    march = linked[2]
    assert query(march["href"]) == {
        "q": "river OR tram OR glacier OR quotas OR school",
        "sort": "oldest",
        "from": "2009-03-01",
        "to": "2009-03-31",
    }
    assert march["class"] == "t10" and "style" not in march  # 100%: the CSP allows no style attribute
    assert '<p class="axis"><span>December 2005</span><span>May 2009</span></p>' in page


def test_timeline_bar_heights_and_filtering(features_client):
    page = get_page(features_client, q="bridge")
    bars = [bar for bar in timeline_bars(page) if bar]
    labels = {bar["aria-label"]: bar for bar in bars}
    assert set(labels) == {"June 2008: 1 story", "February 2009: 1 story", "March 2009: 2 stories"}
    assert labels["March 2009: 2 stories"]["class"] == "t10"  # 100% (the tens and units classes of style.css)
    assert labels["February 2009: 1 story"]["class"] == "t5"  # 50%
    assert len(timeline_bars(page)) == 10  # June 2008 .. March 2009

    february = labels["February 2009: 1 story"]["href"]
    assert query(february) == {"q": "bridge", "from": "2009-02-01", "to": "2009-02-28"}
    filtered = get_page(features_client, february)
    assert hit_sources(filtered) == [TOLLS]
    [bar] = [bar for bar in timeline_bars(filtered) if bar]
    assert bar["aria-current"] == "true" and bar["class"] == "t10 active"


def test_timeline_leap_february(tmp_path):
    from datetime import datetime

    from search.model import Article
    from tests.engines import write_index
    from web import create_app

    write_index(
        tmp_path,
        [
            Article(
                headline="Leap day",
                body="A leap day story.",
                source="leap.html",
                date=datetime(2008, 2, 29, tzinfo=UTC),
            )
        ],
    )
    page = get_page(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client(), q="leap")
    [bar] = timeline_bars(page)
    assert bar["aria-label"] == "February 2008: 1 story"
    assert query(bar["href"]) == {"q": "leap", "from": "2008-02-01", "to": "2008-02-29"}


def test_no_timeline_without_dated_matches(client):
    assert "Matches by month" not in get_page(client, q="school")  # undated only
    assert "Matches by month" not in get_page(client, q="zeppelin")  # nothing
    assert "Matches by month" not in get_page(client)  # home page


# --- facets ----------------------------------------------------------------------------------


def facet(page: str, title: str) -> dict[str, tuple[str, str, bool]]:
    """label → (href, count, active) of one facet list."""
    body = section(page, f"<h2>{title}</h2>")
    return {
        html.unescape(label): (html.unescape(href), count, "aria-current" in attrs)
        for href, attrs, label, count in re.findall(
            r'<a href="([^"]*)"([^>]*)>(.*?)</a> <span class="count">([\d,]+)</span>', body
        )
    }


def test_facets_count_and_filter(features_client):
    page = get_page(features_client, q="bridge", sort="newest")
    assert facet(page, "Region") == {
        "Wales": ("/?q=bridge&region=Wales&sort=newest", "3", False),
        "England": ("/?q=bridge&region=England&sort=newest", "2", False),
    }
    assert facet(page, "Year") == {
        "2009": ("/?q=bridge&from=2009-01-01&to=2009-12-31&sort=newest", "3", False),
        "2008": ("/?q=bridge&from=2008-01-01&to=2008-12-31&sort=newest", "1", False),
    }
    assert facet(page, "Month") == {
        "March 2009": ("/?q=bridge&from=2009-03-01&to=2009-03-31&sort=newest", "2", False),
        "February 2009": ("/?q=bridge&from=2009-02-01&to=2009-02-28&sort=newest", "1", False),
        "June 2008": ("/?q=bridge&from=2008-06-01&to=2008-06-30&sort=newest", "1", False),
    }


def test_facet_links_reset_the_page(features_client):
    page = get_page(features_client, q="bridge", page_size="1", page="2")
    for title in ("Region", "Year", "Month"):
        for href, _, _ in facet(page, title).values():
            assert "page" not in query(href) and query(href)["page_size"] == "1"


def test_active_facets_toggle_off_and_other_regions_stay_choosable(features_client):
    page = get_page(features_client, q="bridge", region="wales")
    regions = facet(page, "Region")
    assert regions["Wales"] == ("/?q=bridge", "3", True)
    assert regions["England"] == ("/?q=bridge&region=England", "2", False)
    assert set(hit_sources(page)) == {MARKET, FERRY, UNDATED}

    month = get_page(features_client, facet(page, "Month")["March 2009"][0])
    assert hit_sources(month) == [MARKET]
    months = facet(month, "Month")
    assert months["March 2009"] == ("/?q=bridge&region=wales", "1", True)
    years = facet(month, "Year")
    assert years["2009"] == ("/?q=bridge&from=2009-01-01&to=2009-12-31&region=wales", "1", False)


def test_month_list_is_left_to_the_timeline_when_long(tmp_path):
    from datetime import datetime

    from search.model import Article
    from tests.engines import write_index
    from web import create_app

    write_index(
        tmp_path,
        [
            Article(
                headline=f"Monthly report {n}",
                body=f"Report number {n} on the weather.",
                source=f"r{n}.html",
                date=datetime(2000 + n // 12, n % 12 + 1, 5, tzinfo=UTC),
            )
            for n in range(15)
        ],
    )
    page = get_page(create_app({"TESTING": True, "INDEX_DIR": str(tmp_path)}).test_client(), q="report")
    assert "<h2>Month</h2>" not in page
    assert len([bar for bar in timeline_bars(page) if bar]) == 15


# --- state in the URL -----------------------------------------------------------------------


def test_every_link_keeps_the_state(features_client):
    state = {"q": "bridge", "region": "Wales", "sort": "oldest", "page_size": "1", "page": "2"}
    page = get_page(features_client, **state)
    search_links = [
        a["href"] for a, _ in Elements(page).links if urlsplit(a["href"]).path == "/" and urlsplit(a["href"]).query
    ]
    assert len(search_links) > 8
    for href in search_links:
        params = query(href)
        assert params["q"] == "bridge" and params["sort"] == "oldest" and params["page_size"] == "1", href
    pages = {text: query(a["href"]) for a, text in Elements(section(page, '<nav class="pagination"', "</nav>")).links}
    assert pages["Next ›"] == {**state, "page": "3"}
    # The same URL gives the same page.
    again = get_page(features_client, **state)
    assert hit_sources(again) == hit_sources(page) and len(hit_sources(page)) == 1


def test_the_form_is_a_get_form_whose_fields_are_the_url_parameters(features_client):
    page = get_page(features_client, q="bridge", region="Wales", sort="newest", page_size="3")
    elements = Elements(page)
    [form] = elements.find("form", role="search")
    assert form["method"] == "get" and form["action"] == "/"
    names = {a["name"] for t, a in elements.tags if t in ("input", "select") and a.get("name")}
    assert names == {"q", "from", "to", "region", "sort", "page_size"}
    assert elements.find("input", name="q")[0]["value"] == "bridge"
    assert elements.find("input", name="page_size")[0]["value"] == "3"
    assert '<option value="newest" selected>' in page


# --- empty, no-results and error states ---------------------------------------------------------


def test_no_results_offers_to_remove_each_filter(client):
    page = get_page(client, q="glacier", region="Europe", sort="newest", **{"from": "2009-01-01", "to": "2009-12-31"})
    assert "No articles match “glacier” with these filters." in page
    box = section(page, '<div class="help-box">', "</div>")
    removes = {text: query(a["href"]) for a, text in Elements(box).links if a["href"] != "/help"}
    base = {"q": "glacier", "sort": "newest"}
    assert removes["remove region “Europe”"] == {**base, "from": "2009-01-01", "to": "2009-12-31"}
    assert removes["remove from 2009-01-01"] == {**base, "region": "Europe", "to": "2009-12-31"}
    assert removes["remove to 2009-12-31"] == {**base, "region": "Europe", "from": "2009-01-01"}
    assert removes["remove all filters"] == base
    assert "Check the spelling" in box and "fewer words" in box
    assert links_with_text(box, "search tips") == ["/help"]
    # Removing the region finds the glacier article.
    [without_region] = links_with_text(box, "remove region “Europe”")
    assert get_page(client, without_region).count('<li class="hit">') == 1


def test_no_results_with_a_misspelling_suggests_the_spelling(client):
    page = get_page(client, q="glaicer")
    box = section(page, '<div class="help-box">', "</div>")
    assert query(links_with_text(box, "glaciers")[0]) == {"q": "glaciers"}
    assert "Remove a filter" not in box


def test_home_page_explains_what_to_try(client):
    page = get_page(client)
    assert "<code>region:europe</code>" in page and "<code>date:2009-03</code>" in page
    assert links_with_text(page, "more tips") == ["/help"]


def test_bad_parameter_page_offers_the_search_without_it(client):
    page = get_page(client, status=400, q="river", region="Europe", page="2", **{"from": "2009-02-30"})
    assert "You searched for “river”, but the from is not usable." in page
    [href] = links_with_text(page, "search without it")
    assert query(href) == {"q": "river", "region": "Europe"}
    assert "<title>river – Error – newsearch</title>" in page


def test_help_page(client):
    page = get_page(client, "/help")
    assert "<h1>Search tips</h1>" in page
    for syntax in (
        '"river peaks"',
        "flood OR storm",
        "flood -worcester",
        "headline:glacier",
        "region:europe",
        "date:2009-03",
        "date:[2009-01-01 TO 2009-03-31]",
    ):
        assert f"<code>{syntax}</code>" in page, syntax
    assert '<th scope="col">' in page


def test_article_page_and_json_list_the_other_versions(features_client):
    page = get_page(features_client, f"/article/{ID[PRINT]}")
    assert "Other versions of this story" in page
    linked = set(
        re.findall(r'href="/article/([0-9a-f]+)"', page.split("Other versions of this story")[1].split("</section>")[0])
    )
    assert linked == {ID[BRIDGE], ID[SYNDICATED]}
    data = features_client.get(f"/api/article/{ID[PRINT]}").get_json()
    assert {v["source"] for v in data["versions"]} == {BRIDGE, SYNDICATED}
    assert features_client.get(f"/api/article/{ID[TOLLS]}").get_json()["versions"] == []
