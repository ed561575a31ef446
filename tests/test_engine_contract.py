"""The engine contract: every search feature, proved with the same assertions on both engines.

Each test runs once per engine: ``whoosh`` (the embedded index in a directory) and ``opensearch``
(an alias on the real cluster of tests/opensearch_cluster.py, 2 shards so that grouping, totals and
facets are proved across shards; skipped without Java except on CI). Both engines get the same
articles through ``indexer.reindex.index_articles``, as the reindexer gives them, and are asked
through the ``search.Engine`` protocol only, or through the web app with ``NEWSEARCH_ENGINE`` set.
Where scoring differs between the engines the assertions say what must hold (the right documents,
one result per story, the counts, the orders that are defined), not the scores.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from itertools import pairwise
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from indexer.reindex import index_articles
from search import Engine, EngineConfig, IndexNotFound, open_engine
from search.model import Article, SearchRequest, SearchResponse
from tests.conftest import SAMPLE_ARTICLES
from tests.opensearch_cluster import drop_indexes, opensearch_config
from web import create_app


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


BRIDGE_BODY = (
    "Engineers reopened the Carrow swing bridge on Saturday after eight months of repairs to its rusted "
    "turning gear. The bridge carries twelve thousand vehicles a day across the river and its closure "
    "forced long detours through the city centre. The council said the final bill was four million pounds."
)
BRIDGE_STORY = {"news/bridge.html", "print/bridge.html", "syndicated/bridge.html"}
MARKET_REPORTS = 25
"""Short, dated, one-region articles for paging and sorting (too short to be near-duplicates of each other)."""

ARTICLES = [
    *SAMPLE_ARTICLES,
    Article(
        headline="Swing bridge reopens after repairs",
        body=BRIDGE_BODY,
        source="news/bridge.html",
        date=_utc(2009, 3, 10),
        region="England",
    ),
    Article(
        headline="Swing bridge reopens (print version)",
        body=BRIDGE_BODY + " Print Sponsor.",
        source="print/bridge.html",
        date=_utc(2009, 3, 10, 1),
        region="England",
    ),
    Article(
        headline="Bridge reopens, says council",
        body=BRIDGE_BODY.replace("Saturday", "Sunday"),
        source="syndicated/bridge.html",
        date=_utc(2009, 3, 11),
        region="England",
    ),
    Article(
        headline="Bridge tolls to rise in spring",
        body="Drivers using the Carrow swing bridge will pay higher tolls from April, the council said. "
        "The bridge reopened after repairs to its turning gear, and the tolls will help pay the bill. "
        "Campaigners said the rise would push traffic back into the city centre.",
        source="news/tolls.html",
        date=_utc(2009, 2, 1),
        region="England",
    ),
    Article(
        headline="Harbour ferry service cut",
        body="The harbour ferry will run only at weekends from next month because passenger numbers have fallen. "
        "The operator blamed the new road bridge for taking its commuters, and said staff would be "
        "redeployed.",
        source="news/ferry.html",
        date=_utc(2008, 6, 5),
        region="Wales",
    ),
    Article(
        headline="Harbour news",
        body="The lighthouse was repainted. " * 3,
        source="coast/harbour-news.txt",
        date=_utc(2007, 7, 7),
        region="Wales",
    ),
    Article(
        headline="Lighthouse reopens",
        body="Visitors returned to the harbour.",
        source="coast/lighthouse.txt",
        date=_utc(2007, 7, 8),
        region="Wales",
    ),
    Article(
        headline="Researchers in Zürich",
        body="A café study of mountain air.",
        source="science/zurich.txt",
        date=_utc(2006, 1, 1),
        region="Science & Environment",
    ),
    Article(
        headline="Pier planks replaced",
        body="The Victorian pier has new oak planks after a two-year restoration.",
        source="captures/pier.warc.gz#4096",
        url="http://news.example.org/pier.html",
        capture_url="https://web.archive.org/web/20050312000000/http://news.example.org/pier.html",
        date=_utc(2005, 3, 12),
        region="Science & Environment",
    ),
    *[
        Article(
            headline=f"Market report {n}",
            body=f"Shares in company {n} moved on trading day {n}.",
            source=f"business/market-{n:02d}.txt",
            date=_utc(2010, 1, 1) + timedelta(days=n),
            region="Business",
        )
        for n in range(MARKET_REPORTS)
    ],
]
STORIES = len(ARTICLES) - 2
"""Every article is its own story except the bridge's three versions."""


@dataclass(frozen=True)
class EngineUnderTest:
    kind: str
    engine: Engine
    environment: dict[str, str]
    """What points the app and the CLI at this index (``NEWSEARCH_ENGINE`` and the engine's settings)."""


def _whoosh(path: Path) -> tuple[EngineConfig, dict[str, str]]:
    return EngineConfig(kind="whoosh", index_dir=path), {"NEWSEARCH_ENGINE": "whoosh", "NEWSEARCH_INDEX": str(path)}


def _opensearch(request: pytest.FixtureRequest, prefix: str) -> tuple[EngineConfig, dict[str, str]]:
    cluster = request.getfixturevalue("opensearch_cluster")
    config = opensearch_config(cluster, prefix, shards=2)
    request.addfinalizer(lambda: drop_indexes(cluster, config.opensearch_index))
    return config, {
        "NEWSEARCH_ENGINE": "opensearch",
        "NEWSEARCH_OPENSEARCH_URL": ",".join(config.opensearch_urls),
        "NEWSEARCH_OPENSEARCH_INDEX": config.opensearch_index,
    }


ENGINES = ["whoosh", pytest.param("opensearch", marks=pytest.mark.opensearch)]


@pytest.fixture(scope="module", params=ENGINES)
def under_test(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EngineUnderTest]:
    """An index of ARTICLES on the engine of this parameter, written once per module, only read by the tests."""
    if request.param == "whoosh":
        config, environment = _whoosh(tmp_path_factory.mktemp("contract"))
    else:
        config, environment = _opensearch(request, "contract")
    engine = open_engine(config)
    index_articles(engine, ARTICLES)
    yield EngineUnderTest(request.param, engine, environment)
    engine.close()


@pytest.fixture()
def engine(under_test: EngineUnderTest) -> Engine:
    return under_test.engine


def search(engine: Engine, **params: str) -> SearchResponse:
    return engine.search(SearchRequest.from_params(params))


def sources(response: SearchResponse) -> list[str]:
    return [hit.source for hit in response.hits]


def stories(response: SearchResponse) -> set[str]:
    """The stories found, each named by its source (the bridge's versions by "bridge"): which version of a
    story stands for it may differ between the engines."""
    return {"bridge" if hit.source in BRIDGE_STORY else hit.source for hit in response.hits}


def facet(response: SearchResponse, name: str) -> dict[str, int]:
    return {bucket.value: bucket.count for bucket in next(f for f in response.facets if f.name == name).buckets}


# Finding -------------------------------------------------------------------------------------


def test_every_word_is_required(engine: Engine) -> None:
    response = search(engine, q="flood barriers")
    assert response.total == 1 and sources(response) == ["west-midlands/flood-defences.html"]
    assert response.hits[0].score > 0 and response.fallback is None


def test_words_are_stemmed_and_accents_folded(engine: Engine) -> None:
    assert sources(search(engine, q="retreating glaciers")) == ["science/glacier-retreat.html"]
    assert sources(search(engine, q="zurich cafe")) == ["science/zurich.txt"]
    assert sources(search(engine, q="Zürich")) == ["science/zurich.txt"]


def test_stop_words_drop_out_and_a_query_of_only_stop_words_finds_nothing(engine: Engine) -> None:
    assert sources(search(engine, q="the glacier")) == sources(search(engine, q="glacier"))
    response = search(engine, q="the of and")
    assert response.total == 0 and response.hits == []


def test_a_headline_match_ranks_above_a_body_match(engine: Engine) -> None:
    assert sources(search(engine, q="lighthouse")) == ["coast/lighthouse.txt", "coast/harbour-news.txt"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("tram OR glacier", {"west-midlands/tram-line.html", "science/glacier-retreat.html"}),
        ("flood -worcester", set()),
        ("flood NOT worcester", set()),
        ("region:europe cod", {"europe/fishing-quotas.html"}),
        ('region:"west midlands" river', {"west-midlands/flood-defences.html"}),
        ("headline:lighthouse", {"coast/lighthouse.txt"}),
        ("body:lighthouse", {"coast/harbour-news.txt"}),
        ('"river severn"', {"west-midlands/flood-defences.html"}),
        ('"severn river"', set()),
        ("(tolls OR ferry) harbour", {"news/ferry.html"}),
        ("shares date:[2010-01-05 TO 2010-01-09]", {f"business/market-{n:02d}.txt" for n in range(4, 9)}),
        ("bridge date:2009-02", {"news/tolls.html"}),
    ],
)
def test_query_syntax(engine: Engine, q: str, expected: set[str]) -> None:
    response = search(engine, q=q, page_size="100")
    assert set(sources(response)) == expected and response.total == len(expected)


def test_a_query_of_nothing_searchable_is_not_an_error(engine: Engine) -> None:
    for q in ['"', "NOT", "((", "-", "headline:", "region:", "\u2603 \U0001f600", "a" * 5000]:
        assert search(engine, q=q).total >= 0


# One result per story, totals, facets --------------------------------------------------------


def test_versions_of_one_story_are_one_result_listing_the_others(engine: Engine) -> None:
    response = search(engine, q="swing bridge repairs")
    story = [hit for hit in response.hits if hit.source in BRIDGE_STORY]
    assert len(story) == 1 and response.total == 2  # the story and the tolls article
    assert {hit.source for hit in story[0].versions} | {story[0].source} == BRIDGE_STORY
    assert story[0].story and {hit.id for hit in story[0].versions}.isdisjoint({story[0].id})


def test_versions_of_an_article_are_the_others_of_its_story_oldest_first(engine: Engine) -> None:
    hit = next(hit for hit in search(engine, q="swing bridge repairs").hits if hit.source in BRIDGE_STORY)
    for version in [hit, *hit.versions]:
        others = engine.versions(version.id)
        assert others is not None and {v.source for v in others} == BRIDGE_STORY - {version.source}
        dates = [v.date for v in others]
        assert dates == sorted(dates)  # type: ignore[type-var]
    assert engine.versions("0123456789abcdef") is None and engine.versions("../etc") is None


def test_totals_count_stories_exactly(engine: Engine) -> None:
    assert search(engine).total == STORIES
    assert search(engine, q="bridge").total == 3  # the story (3 versions), the tolls, the ferry
    assert search(engine, q="shares").total == MARKET_REPORTS
    assert search(engine, region="business", page="3").total == MARKET_REPORTS


def test_facets_count_stories_by_region_year_and_month(engine: Engine) -> None:
    response = search(engine)
    assert facet(response, "region") == {
        "Business": MARKET_REPORTS,
        "West Midlands": 2,
        "England": 3,
        "Wales": 3,
        "Europe": 1,
        "Science & Environment": 3,
    }
    assert facet(response, "year") == {"2010": MARKET_REPORTS, "2009": 4, "2008": 2, "2007": 2, "2006": 1, "2005": 2}
    months = next(f for f in response.facets if f.name == "month").buckets
    assert [b.value for b in months] == sorted((b.value for b in months), reverse=True)
    march = next(b for b in months if b.value == "2009-03")
    assert (march.count, march.params) == (2, {"from": "2009-03-01", "to": "2009-03-31"})  # the flood, the bridge


def test_region_facet_ignores_the_region_filter_and_the_others_do_not(engine: Engine) -> None:
    response = search(engine, q="bridge", region="wales")
    assert sources(response) == ["news/ferry.html"] and response.total == 1
    assert facet(response, "region") == {"England": 2, "Wales": 1}
    assert facet(response, "year") == {"2008": 1}


def test_region_filter_ignores_case_and_spaces(engine: Engine) -> None:
    response = search(engine, region="  west   MIDLANDS ")
    assert response.total == 2 and {hit.region for hit in response.hits} == {"West Midlands"}


def test_date_filter_includes_both_days_and_narrows_query_dates(engine: Engine) -> None:
    response = search(engine, **{"from": "2008-11-02", "to": "2009-03-10"})
    assert stories(response) == {
        "west-midlands/tram-line.html",
        "west-midlands/flood-defences.html",
        "news/tolls.html",
        "bridge",
    }
    assert search(engine, q="date:2008", **{"from": "2009-01-01"}).total == 0


# Order and paging ----------------------------------------------------------------------------


def test_browsing_is_newest_first_with_undated_articles_last(engine: Engine) -> None:
    hits = search(engine, page_size="100").hits
    dated = [hit.date for hit in hits if hit.date]
    assert dated == sorted(dated, reverse=True)  # type: ignore[type-var]
    assert hits[-1].source == "england/school-award.txt" and len(hits) == STORIES


def test_newest_and_oldest_are_reverse_orders_and_ties_go_by_id(engine: Engine) -> None:
    newest = sources(search(engine, q="shares", sort="newest", page_size="100"))
    oldest = sources(search(engine, q="shares", sort="oldest", page_size="100"))
    assert oldest == sorted(oldest) and newest == list(reversed(oldest))


def test_relevance_ties_are_broken_by_date_then_id(engine: Engine) -> None:
    hits = search(engine, q="shares", page_size="100").hits
    for earlier, later in pairwise(hits):
        assert earlier.date and later.date
        assert (-earlier.score, -earlier.date.timestamp()) <= (-later.score, -later.date.timestamp())
    assert [hit.id for hit in hits] == [hit.id for hit in search(engine, q="shares", page_size="100").hits]


def test_pages_split_the_results_without_overlap_or_gap(engine: Engine) -> None:
    everything = sources(search(engine, q="shares", sort="oldest", page_size="100"))
    pages = [search(engine, q="shares", sort="oldest", page_size="10", page=str(n)) for n in (1, 2, 3, 4)]
    assert [len(page.hits) for page in pages] == [10, 10, 5, 0]
    assert [source for page in pages for source in sources(page)] == everything
    assert {page.total for page in pages} == {MARKET_REPORTS} and pages[0].pages == 3


def test_the_deepest_page_of_the_result_window_is_served_and_empty(engine: Engine) -> None:
    response = search(engine, page_size="100", page="100")  # results 9,901-10,000
    assert response.hits == [] and response.total == STORIES


# Snippets, suggestions, fallback, related, completion ------------------------------------------


def test_snippets_mark_matches_and_escape_the_page_text(engine: Engine) -> None:
    hit = search(engine, q="kitchen").hits[0]
    assert "<mark>kitchen</mark>" in hit.snippet_html
    assert "&lt;b&gt;" in hit.snippet_html and "<b>" not in hit.snippet_html
    assert hit.headline_html == "Village school wins &lt;national&gt; award &amp; prize"
    headline_hit = search(engine, q="national").hits[0]
    assert headline_hit.headline_html == "Village school wins &lt;<mark>national</mark>&gt; award &amp; prize"


def test_only_the_fields_a_word_was_searched_in_are_marked(engine: Engine) -> None:
    hit = search(engine, q="headline:lighthouse").hits[0]
    assert hit.headline_html == "<mark>Lighthouse</mark> reopens" and "<mark>" not in hit.snippet_html
    excluded = search(engine, q="harbour -headline:lighthouse -ferry").hits
    assert [hit.source for hit in excluded] == ["coast/harbour-news.txt"]
    assert excluded[0].headline_html == "<mark>Harbour</mark> news" and "<mark>" not in excluded[0].snippet_html


def test_a_body_without_a_match_gives_its_opening_as_the_snippet(engine: Engine) -> None:
    hit = search(engine, q="headline:zurich").hits[0]
    assert hit.snippet_html == "A café study of mountain air."
    browsed = search(engine, region="england", sort="oldest").hits[-1]
    assert browsed.snippet_html.startswith("A village school with forty pupils")
    assert "<mark>" not in browsed.snippet_html


def test_no_article_with_every_word_falls_back_to_any_word(engine: Engine) -> None:
    response = search(engine, q="ferry tolls")
    assert response.fallback == "any" and set(sources(response)) == {"news/ferry.html", "news/tolls.html"}
    assert search(engine, q="ferry harbour").fallback is None
    assert search(engine, q="ferry -harbour tolls").fallback == "any"


def test_misspelt_words_get_a_suggestion_from_the_index(engine: Engine) -> None:
    response = search(engine, q="harbuor fery")
    assert response.total == 0 and response.suggestion == "harbour ferry"
    assert search(engine, q="harbour ferry").suggestion is None
    assert search(engine, q="headline:harbuor region:wales").suggestion == "headline:harbour region:wales"
    assert search(engine, q="xqzvvvwk").suggestion is None


def test_related_stories_leave_out_the_story_itself(engine: Engine) -> None:
    bridge = next(hit for hit in search(engine, q="swing bridge repairs").hits if hit.source in BRIDGE_STORY)
    related = engine.related(bridge.id)
    assert related is not None and related[0].source == "news/tolls.html"
    assert not BRIDGE_STORY & {summary.source for summary in related} and len(related) <= 5
    assert engine.related("0123456789abcdef") is None and engine.related("unknown") is None


def test_completion_takes_every_word_and_the_start_of_the_last(engine: Engine) -> None:
    assert [a.headline for a in engine.complete("harbour fe")] == ["Harbour ferry service cut"]
    bridge = engine.complete("swing bri")
    assert len(bridge) == 1 and bridge[0].source in BRIDGE_STORY  # one per story
    assert [a.headline for a in engine.complete("zür")] == ["Researchers in Zürich"]
    assert engine.complete("") == [] and engine.complete("zzz") == [] and engine.complete("harbour f") != []


# Articles ------------------------------------------------------------------------------------


def test_an_article_round_trips_and_unknown_ids_are_none(engine: Engine) -> None:
    hit = search(engine, q="tram").hits[0]
    stored = engine.article(hit.id)
    assert stored is not None and stored.article == next(a for a in ARTICLES if a.source == hit.source)
    assert stored.id == hit.id and stored.story == hit.story
    assert engine.article("0123456789abcdef") is None and engine.article("no-such-id") is None
    assert engine.doc_count() == len(ARTICLES)


def test_the_urls_of_a_capture_round_trip(engine: Engine) -> None:
    [hit] = search(engine, q="pier planks").hits
    stored = engine.article(hit.id)
    assert stored is not None and stored.article.url == "http://news.example.org/pier.html"
    assert stored.article.capture_url.startswith("https://web.archive.org/web/20050312000000/")


def test_fingerprints_list_every_source(engine: Engine) -> None:
    assert set(engine.fingerprints()) == {article.source for article in ARTICLES}


def test_the_json_envelope_is_the_same(engine: Engine) -> None:
    body = search(engine, q="flood", page_size="5").to_json()
    assert list(body) == [
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
    assert list(body["results"][0]) == [
        "id",
        "url",
        "source",
        "headline",
        "headline_html",
        "date",
        "region",
        "score",
        "snippet",
        "story",
        "versions",
    ]
    assert list(body["facets"]) == ["region", "year", "month"]


@pytest.mark.parametrize("kind", ENGINES)
def test_a_missing_index_is_reported_by_the_first_search(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    config, _ = _whoosh(tmp_path / "none") if kind == "whoosh" else _opensearch(request, "missing")
    engine = open_engine(config)
    assert not engine.exists()
    with pytest.raises(IndexNotFound):
        engine.search(SearchRequest(q="flood"))
    engine.close()


# Through the web app -------------------------------------------------------------------------


@pytest.fixture()
def client(under_test: EngineUnderTest, monkeypatch: pytest.MonkeyPatch) -> FlaskClient:
    """The app as `newsearch serve` runs it, with the engine chosen by the environment."""
    for name in ("NEWSEARCH_ENGINE", "NEWSEARCH_INDEX", "NEWSEARCH_OPENSEARCH_URL", "NEWSEARCH_OPENSEARCH_INDEX"):
        monkeypatch.delenv(name, raising=False)
    for name, value in under_test.environment.items():
        monkeypatch.setenv(name, value)
    app = create_app({"TESTING": True})
    assert app.config["ENGINE_CONFIG"].kind == under_test.kind
    return app.test_client()


def test_the_api_searches_and_shows_articles(client: FlaskClient) -> None:
    found = client.get("/api/search?q=swing+bridge&region=england")
    assert found.status_code == 200 and found.json["total"] == 2
    story = next(result for result in found.json["results"] if result["source"] in BRIDGE_STORY)
    article = client.get(f"/api/article/{story['id']}")
    assert article.status_code == 200 and len(article.json["versions"]) == 2
    related = client.get(f"/api/article/{story['id']}/related")
    assert related.status_code == 200 and related.json["related"][0]["source"] == "news/tolls.html"
    assert client.get("/api/suggest?q=harbour+fe").json["suggestions"][0]["headline"] == "Harbour ferry service cut"
    page = client.get(f"/article/{story['id']}")
    assert page.status_code == 200 and (b"Swing bridge" in page.data or b"Bridge reopens" in page.data)


@pytest.mark.parametrize(
    ("query", "param"),
    [
        ("page=101&page_size=100", "page"),
        ("page_size=0", "page_size"),
        ("sort=random", "sort"),
        ("from=2009-13-01", "from"),
        ("from=2010-01-01&to=2009-01-01", "from"),
        ("q=" + "a" * 10_001, "q"),
    ],
)
def test_bad_parameters_are_400s_naming_them(client: FlaskClient, query: str, param: str) -> None:
    response = client.get(f"/api/search?{query}")
    assert response.status_code == 400 and response.json["error"]["param"] == param


@pytest.mark.parametrize(
    "path",
    [
        "/api/article/0123456789abcdef",
        "/api/article/not-an-id",
        "/api/article/0123456789abcdef/related",
        "/article/0123456789abcdef",
    ],
)
def test_unknown_articles_are_404s(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


def test_the_search_page_renders_highlights_safely(client: FlaskClient) -> None:
    page = client.get("/?q=national")
    assert page.status_code == 200
    assert b"&lt;<mark>national</mark>&gt;" in page.data and b"<national>" not in page.data
