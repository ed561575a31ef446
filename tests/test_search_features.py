"""Stories, versions, related articles, suggestions, the any-word fallback and date syntax."""

from datetime import UTC, datetime

import pytest

from search import Engine
from search.model import Article, SearchRequest
from tests.engines import engine_at, write_index

BODY = (
    "Engineers reopened the Carrow swing bridge on Saturday after eight months of repairs to its rusted "
    "turning gear. The bridge carries twelve thousand vehicles a day across the river and its closure "
    "forced long detours through the city centre. The council said the final bill was four million pounds."
)


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


ARTICLES = [
    Article(
        headline="Swing bridge reopens after repairs",
        body=BODY,
        source="news/bridge.html",
        date=_utc(2009, 3, 10),
        region="England",
    ),
    Article(
        headline="Swing bridge reopens (print version)",
        body=BODY + " Print Sponsor.",
        source="print/bridge.html",
        date=_utc(2009, 3, 10, 1),
        region="England",
    ),
    Article(
        headline="Bridge reopens, says council",
        body=BODY.replace("Saturday", "Sunday"),
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
        "The operator blamed the new road bridge for taking its commuters, and said staff would be redeployed.",
        source="news/ferry.html",
        date=_utc(2008, 6, 5),
        region="Wales",
    ),
]


@pytest.fixture(scope="module")
def index(tmp_path_factory) -> Engine:
    path = tmp_path_factory.mktemp("features")
    write_index(path, ARTICLES)
    return engine_at(path)


def _search(index: Engine, **params):
    return index.search(SearchRequest.from_params(params))


def test_versions_of_one_story_give_one_result_with_its_versions(index):
    response = _search(index, q="swing bridge repairs")
    stories = [hit for hit in response.hits if hit.source.endswith("bridge.html")]
    assert len(stories) == 1
    versions = {v.source for v in stories[0].versions}
    assert versions | {stories[0].source} == {"news/bridge.html", "print/bridge.html", "syndicated/bridge.html"}
    assert response.total == 2  # the story and the tolls article
    assert stories[0].to_json()["versions"][0]["id"]


def test_a_word_found_only_in_another_version_finds_the_story_shown_by_that_version(index):
    for q, version in (("sponsor", "print/bridge.html"), ("sunday", "syndicated/bridge.html")):
        response = _search(index, q=q)
        assert response.total == 1 and response.fallback is None
        [hit] = response.hits
        assert hit.source == version
        assert {v.source for v in hit.versions} == {
            "news/bridge.html",
            "print/bridge.html",
            "syndicated/bridge.html",
        } - {version}


def test_the_best_scoring_version_stands_for_its_story(index):
    [hit] = _search(index, q="says council reopens").hits  # every version matches; one has the words in its headline
    assert hit.source == "syndicated/bridge.html"


def test_facets_and_totals_count_stories_whichever_versions_matched(index):
    response = _search(index, q="swing bridge repairs")
    assert response.total == 2
    assert {b.value: b.count for b in response.facets[0].buckets} == {"England": 2}
    assert {b.value: b.count for b in response.facets[2].buckets} == {"2009-03": 1, "2009-02": 1}
    newest = _search(index, q="carrow", sort="newest")
    assert [hit.source for hit in newest.hits] == ["news/bridge.html", "news/tolls.html"]


def test_same_topic_articles_are_not_merged(index):
    stories = {hit.story for hit in _search(index, q="bridge").hits}
    assert len(stories) == 3


def test_story_ids_are_found_across_incremental_updates(tmp_path):
    write_index(tmp_path, ARTICLES[:1])
    write_index(tmp_path, [ARTICLES[2]])  # a second update: the first story is found in the index
    index = engine_at(tmp_path)
    hits = index.search(SearchRequest(q="carrow")).hits
    assert len(hits) == 1 and len(hits[0].versions) == 1


def test_related_stories_exclude_the_story_itself(index):
    bridge = _search(index, q="swing bridge repairs").hits[0]
    related = index.related(bridge.id)
    sources = [summary.source for summary in related]
    assert sources[0] == "news/tolls.html"
    assert not {"news/bridge.html", "print/bridge.html", "syndicated/bridge.html"} & set(sources)
    assert index.related("unknown") is None


def test_no_result_with_all_words_falls_back_to_any_word(index):
    response = _search(index, q="ferry tolls")
    assert response.fallback == "any"
    assert {hit.source for hit in response.hits} == {"news/ferry.html", "news/tolls.html"}
    assert _search(index, q="ferry harbour").fallback is None


def test_misspelt_words_get_a_suggestion_from_the_index(index):
    response = _search(index, q="harbuor fery")
    assert response.total == 0
    assert response.suggestion == "harbour ferry"
    assert _search(index, q="harbour ferry").suggestion is None


def test_suggestion_keeps_syntax_and_filters(index):
    assert _search(index, q="headline:harbuor region:wales").suggestion == "headline:harbour region:wales"


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("bridge date:2009", {"news/tolls.html", "news/bridge.html"}),
        ("bridge date:2009-02", {"news/tolls.html"}),
        ("bridge date:[2008-01-01 TO 2009-02-28]", {"news/tolls.html", "news/ferry.html"}),
        ("date:2008", {"news/ferry.html"}),
    ],
)
def test_dates_in_the_query(index, q, expected):
    assert {hit.source for hit in _search(index, q=q).hits} <= expected | {
        "print/bridge.html",
        "syndicated/bridge.html",
    }
    assert len(_search(index, q=q).hits) == len(expected)


def test_query_dates_and_the_date_filter_narrow_each_other(index):
    assert _search(index, q="date:2008", **{"from": "2009-01-01"}).total == 0


def test_month_facet_and_its_filter_params(index):
    months = {b.value: b for b in next(f for f in _search(index, q="bridge").facets if f.name == "month").buckets}
    assert months["2009-02"].count == 1
    assert months["2009-02"].params == {"from": "2009-02-01", "to": "2009-02-28"}


def test_region_facet_ignores_the_region_filter(index):
    response = _search(index, region="wales")
    regions = {b.value: b.count for b in next(f for f in response.facets if f.name == "region").buckets}
    assert response.total == 1
    assert regions == {"England": 2, "Wales": 1}


def test_ties_are_broken_by_date_then_id(index):
    first = [hit.id for hit in _search(index, q="bridge", sort="relevance").hits]
    again = [hit.id for hit in _search(index, q="bridge", sort="relevance").hits]
    assert first == again


def test_completion_matches_finished_words_and_the_unfinished_last_one(index):
    assert [a.headline for a in index.complete("harbour fe")] == ["Harbour ferry service cut"]
    headlines = {a.headline for a in index.complete("swing bri")}
    assert headlines == {"Swing bridge reopens after repairs"}  # one per story
    assert index.complete("") == [] and index.complete("zzz") == []
