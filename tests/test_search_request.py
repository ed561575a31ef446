from datetime import date

import pytest

from search import config
from search.request import BadParameter, SearchRequest, Sort


def test_defaults_when_nothing_is_given():
    request = SearchRequest.from_params({})
    assert request == SearchRequest()
    assert request.sort is Sort.RELEVANCE
    assert request.page_size == config.DEFAULT_PAGE_SIZE


def test_parses_every_parameter():
    request = SearchRequest.from_params(
        {"q": " flood ", "from": "2009-01-01", "to": "2009-03-31", "region": " Europe ", "sort": "NEWEST",
         "page": "3", "page_size": "25"}
    )
    assert request.date_from == date(2009, 1, 1)
    assert request.date_to == date(2009, 3, 31)
    assert request.region == "Europe"
    assert request.sort is Sort.NEWEST
    assert (request.page, request.page_size) == (3, 25)


def test_to_day_includes_the_whole_day():
    request = SearchRequest.from_params({"to": "2009-03-10"})
    assert request.end_datetime.hour == 23 and request.end_datetime.minute == 59


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


def test_very_long_queries_are_cut():
    request = SearchRequest.from_params({"q": "a" * (config.MAX_QUERY_CHARS + 50)})
    assert len(request.q) == config.MAX_QUERY_CHARS
