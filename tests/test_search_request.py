from datetime import date

import pytest

from search import config
from search.model import BadParameter, SearchRequest, Sort, deepest_page


def test_defaults_when_nothing_is_given():
    request = SearchRequest.from_params({})
    assert request == SearchRequest()
    assert request.sort is Sort.RELEVANCE
    assert request.page_size == config.DEFAULT_PAGE_SIZE


def test_parses_every_parameter():
    request = SearchRequest.from_params(
        {
            "q": " flood ",
            "from": "2009-01-01",
            "to": "2009-03-31",
            "region": " Europe ",
            "sort": "NEWEST",
            "page": "3",
            "page_size": "25",
        }
    )
    assert request.date_from == date(2009, 1, 1)
    assert request.date_to == date(2009, 3, 31)
    assert request.region == "Europe"
    assert request.sort is Sort.NEWEST
    assert (request.page, request.page_size) == (3, 25)


@pytest.mark.parametrize(
    ("params", "bad"),
    [
        ({"from": "yesterday"}, "from"),
        ({"to": "2009-13-01"}, "to"),
        ({"from": "2009-05-01", "to": "2009-04-01"}, "from"),
        ({"page": "0"}, "page"),
        ({"page": "two"}, "page"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "101"}, "page_size"),
        ({"sort": "popular"}, "sort"),
        ({"q": "a" * (config.MAX_QUERY_CHARS + 1)}, "q"),
        ({"page": "1001", "page_size": "10"}, "page"),
        ({"page": "101", "page_size": "100"}, "page"),
        ({"page": str(config.MAX_RESULT_WINDOW + 1)}, "page"),
    ],
)
def test_bad_parameters_name_the_parameter(params, bad):
    with pytest.raises(BadParameter) as error:
        SearchRequest.from_params(params)
    assert error.value.param == bad
    assert error.value.to_json()["error"]["param"] == bad


def test_links_keep_the_state_and_drop_defaults():
    request = SearchRequest.from_params({"q": "tram", "region": "Wales", "sort": "oldest"})
    assert request.to_params(page=2) == {"q": "tram", "region": "Wales", "sort": "oldest", "page": "2"}
    assert SearchRequest().to_params() == {}


def test_a_query_up_to_the_limit_is_kept_whole():
    q = "flood " * (config.MAX_QUERY_CHARS // 6) + "x" * (config.MAX_QUERY_CHARS % 6)
    assert SearchRequest.from_params({"q": q}).q == q and len(q) == config.MAX_QUERY_CHARS


def test_a_longer_query_is_refused_not_cut():
    with pytest.raises(BadParameter) as error:
        SearchRequest.from_params({"q": "a" * (config.MAX_QUERY_CHARS + 1)})
    assert f"{config.MAX_QUERY_CHARS:,}" in error.value.message


@pytest.mark.parametrize(("page", "page_size"), [(1000, 10), (100, 100), (10_000, 1), (1, 100)])
def test_paging_reaches_the_result_window_exactly(page, page_size):
    request = SearchRequest.from_params({"page": str(page), "page_size": str(page_size)})
    assert (request.page, request.page_size) == (page, page_size)


def test_paging_past_the_result_window_names_the_last_page():
    with pytest.raises(BadParameter) as error:
        SearchRequest.from_params({"page": "1001", "page_size": "10"})
    assert error.value.param == "page"
    assert "1,000" in error.value.message and "10,000" in error.value.message
    assert deepest_page(10) == 1000 and deepest_page(config.MAX_PAGE_SIZE) == 100
