from pathlib import Path

import pytest

from search import Engine, IndexNotFound
from search.model import SearchRequest
from tests.engines import engine_at


@pytest.fixture()
def index(sample_index_dir: Path) -> Engine:
    return engine_at(sample_index_dir)


def _search(index: Engine, **params):
    return index.search(SearchRequest.from_params(params))


def _headlines(response):
    return [hit.headline for hit in response.hits]


def test_ranked_search_finds_the_matching_article(index):
    response = _search(index, q="flood barriers")
    assert response.total == 1
    assert response.hits[0].headline.startswith("Flood defences hold")
    assert response.hits[0].score > 0


def test_stemming_matches_other_forms(index):
    assert _search(index, q="retreating glaciers").total == 1


def test_headline_matches_rank_above_body_matches(sample_articles, tmp_path):
    from search.model import Article
    from tests.engines import write_index

    write_index(
        tmp_path,
        [
            Article(headline="Harbour news", body="The lighthouse was repainted. " * 3, source="a.txt"),
            Article(headline="Lighthouse reopens", body="Visitors returned to the harbour.", source="b.txt"),
        ],
    )
    response = engine_at(tmp_path).search(SearchRequest(q="lighthouse"))
    assert _headlines(response)[0] == "Lighthouse reopens"


def test_snippets_highlight_matches_and_escape_page_text(index):
    hit = _search(index, q="kitchen").hits[0]
    assert "<mark>kitchen</mark>" in hit.snippet_html
    assert "&lt;b&gt;" in hit.snippet_html and "<b>" not in hit.snippet_html
    headline_hit = _search(index, q="national").hits[0]
    assert headline_hit.headline_html == "Village school wins &lt;<mark>national</mark>&gt; award &amp; prize"


def test_region_filter_ignores_case(index):
    response = _search(index, region="west MIDLANDS")
    assert response.total == 2
    assert {hit.region for hit in response.hits} == {"West Midlands"}


def test_date_filter_includes_both_days(index):
    response = _search(index, **{"from": "2008-11-02", "to": "2009-03-10"})
    assert sorted(_headlines(response)) == [
        "Council approves new tram line for the city",
        "Flood defences hold as river peaks in Worcester",
    ]


def test_empty_query_with_filter_browses_newest_first(index):
    response = _search(index, **{"from": "2005-01-01"})
    dates = [hit.date for hit in response.hits]
    assert dates == sorted(dates, reverse=True) and len(dates) == 4


def test_sort_oldest_and_newest(index):
    oldest = _search(index, q="", sort="oldest", region="west midlands")
    newest = _search(index, q="", sort="newest", region="west midlands")
    assert _headlines(oldest) == list(reversed(_headlines(newest)))
    assert oldest.hits[0].date.year == 2008


def test_paging_splits_results_without_overlap(index):
    first = _search(index, page_size=2, page=1, sort="oldest", **{"from": "2000-01-01"})
    second = _search(index, page_size=2, page=2, sort="oldest", **{"from": "2000-01-01"})
    assert first.total == second.total == 4 and first.pages == 2
    assert not set(_headlines(first)) & set(_headlines(second))


def test_facets_count_regions_and_years(index):
    response = _search(index, q="")
    facets = {facet.name: {b.value: b.count for b in facet.buckets} for facet in response.facets}
    assert facets["region"]["West Midlands"] == 2
    assert facets["year"] == {"2009": 2, "2008": 1, "2005": 1}


def test_query_syntax_or_not_and_region_prefix(index):
    assert _search(index, q="tram OR glacier").total == 2
    assert _search(index, q="river -worcester").total == 0
    assert _headlines(_search(index, q="region:europe cod")) == ["Ministers meet to discuss fishing quotas"]


def test_article_by_id_round_trips(index, sample_articles):
    hit = _search(index, q="tram").hits[0]
    stored = index.article(hit.id)
    assert stored.article == next(a for a in sample_articles if a.source == hit.source)
    assert index.article("no-such-id") is None


def test_missing_index_is_reported(tmp_path):
    """Opening reads nothing (the reindexer opens an engine to build the index); the first search tells."""
    engine = engine_at(tmp_path / "nothing-here")
    assert not engine.exists()
    with pytest.raises(IndexNotFound):
        engine.search(SearchRequest(q="flood"))


def test_accents_are_folded(tmp_path):
    from search.model import Article
    from tests.engines import write_index

    write_index(tmp_path, [Article(headline="Researchers in Zürich", body="A café study.", source="z.txt")])
    index = engine_at(tmp_path)
    assert index.search(SearchRequest(q="zurich cafe")).total == 1
    assert index.search(SearchRequest(q="Zürich")).total == 1
    assert [a.headline for a in index.complete("zür")] == ["Researchers in Zürich"]
