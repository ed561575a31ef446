"""The HTML pages: the search page (``/``) and the article page (``/article/<id>``).

Everything works without JavaScript: the search form is a plain GET form, and
facets, pagination and "clear" links are ordinary links built from
``SearchRequest.to_params`` so they keep every other parameter.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Mapping

from flask import Blueprint, render_template, request, url_for

from search import config
from search.request import BadParameter, SearchRequest, Sort
from search.response import SearchResponse
from web.index import get_index

bp = Blueprint("pages", __name__)

HOME_LATEST = 5          # latest articles listed on the home page
PAGINATION_RADIUS = 2    # page links either side of the current page

# How the form names each request parameter, for error messages.
PARAM_LABELS = {
    "q": "Search", "from": "From", "to": "To", "region": "Region",
    "sort": "Sort", "page": "Page", "page_size": "Results per page",
}
FORM_PARAMS = ("q", "from", "to", "region", "sort", "page_size")
MAX_ECHO_CHARS = 100     # how much of a rejected non-query parameter the form echoes back


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    href: str
    active: bool


@dataclass(frozen=True)
class PageLink:
    number: int | None   # None: a gap ("…") between page numbers
    href: str = ""
    current: bool = False


@bp.get("/")
def search():
    """Search, browse by filters, or (no query, no filters) the home page."""
    try:
        search_request = SearchRequest.from_params(request.args)
    except BadParameter as error:
        return render_template(
            "search.html", form=_raw_form(request.args), error=error,
            error_label=PARAM_LABELS.get(error.param, error.param), sorts=list(Sort),
            region_options=[],
        ), 400

    index = get_index()
    form = _form(search_request)
    if not search_request.q and not search_request.has_filters:
        latest = index.search(SearchRequest(sort=Sort.NEWEST, page_size=HOME_LATEST))
        facets = _facet_links(search_request, latest)
        return render_template(
            "search.html", form=form, home=True, latest=latest, doc_count=index.doc_count(),
            facets=facets, sorts=list(Sort), region_options=_region_options(search_request, latest),
        )

    response = index.search(search_request)
    return render_template(
        "search.html", form=form, search_request=search_request, response=response,
        facets=_facet_links(search_request, response), pagination=_pagination(search_request, response),
        clear_filters=_search_url(search_request.to_params(date_from=None, date_to=None, region="", page=1)),
        sorts=list(Sort), region_options=_region_options(search_request, response),
    )


@bp.get("/article/<path:doc_id>")
def article(doc_id: str):
    """The cleaned article; the HTML 404 page for an unknown id."""
    stored = get_index().article(doc_id)
    if stored is None:
        return render_template(
            "error.html", status=404, title="Article not found",
            message=f"There is no article with id “{doc_id}”. It may have been removed by a reindex.",
        ), 404
    return render_template("article.html", doc_id=stored.id, article=stored.article)


# --- helpers -----------------------------------------------------------------


def _search_url(params: Mapping[str, str]) -> str:
    return url_for("pages.search", **params)


def _form(search_request: SearchRequest) -> dict[str, str]:
    """The form's field values for a valid request (normalised: dates ISO, sort lower-case)."""
    params = search_request.to_params()
    return {name: params.get(name, "") for name in FORM_PARAMS}


def _raw_form(args: Mapping[str, Any]) -> dict[str, str]:
    """The form's field values as typed, for re-showing a rejected request."""
    form = {}
    for name in FORM_PARAMS:
        value = str(args.get(name, ""))
        form[name] = value[: config.MAX_QUERY_CHARS if name == "q" else MAX_ECHO_CHARS]
    return form


def _region_options(search_request: SearchRequest, response: SearchResponse) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for the region select: the region facet, plus the current region."""
    current = search_request.region.casefold()
    options = []
    for facet in response.facets:
        if facet.name != "region":
            continue
        for bucket in facet.buckets:
            if bucket.value:
                options.append((bucket.value, f"{bucket.value} ({bucket.count:,})",
                                bucket.value.casefold() == current))
    if search_request.region and not any(selected for _, _, selected in options):
        options.insert(0, (search_request.region, search_request.region, True))
    return options


def _facet_links(search_request: SearchRequest, response: SearchResponse) -> dict[str, list[FacetLink]]:
    """Facet buckets as links that add the filter, or remove it when it is already on."""
    links: dict[str, list[FacetLink]] = {}
    for facet in response.facets:
        if facet.name == "region":
            links["region"] = [
                _region_link(search_request, bucket.value, bucket.count)
                for bucket in facet.buckets if bucket.value
            ]
        elif facet.name == "year":
            links["year"] = [
                link for bucket in facet.buckets
                if (link := _year_link(search_request, bucket.value, bucket.count)) is not None
            ]
    return links


def _region_link(search_request: SearchRequest, region: str, count: int) -> FacetLink:
    active = region.casefold() == search_request.region.casefold()
    params = search_request.to_params(region="" if active else region, page=1)
    return FacetLink(region, count, _search_url(params), active)


def _year_link(search_request: SearchRequest, value: str, count: int) -> FacetLink | None:
    try:
        year = int(value)
        first, last = date(year, 1, 1), date(year, 12, 31)
    except (TypeError, ValueError):
        return None
    active = search_request.date_from == first and search_request.date_to == last
    if active:
        params = search_request.to_params(date_from=None, date_to=None, page=1)
    else:
        params = search_request.to_params(date_from=first, date_to=last, page=1)
    return FacetLink(str(year), count, _search_url(params), active)


def _pagination(search_request: SearchRequest, response: SearchResponse) -> dict[str, Any] | None:
    """Previous/next and a window of page numbers (first and last always shown), or None for one page."""
    last = min(response.pages, config.MAX_PAGE)
    current = search_request.page
    if last == 0 or (last == 1 and current == 1):
        return None

    def href(number: int) -> str:
        return _search_url(search_request.to_params(page=number))

    numbers = sorted({1, last} | set(range(max(1, current - PAGINATION_RADIUS),
                                           min(last, current + PAGINATION_RADIUS) + 1)))
    pages: list[PageLink] = []
    for number in numbers:
        if pages and pages[-1].number is not None and number > pages[-1].number + 1:
            pages.append(PageLink(None))
        pages.append(PageLink(number, href(number), number == current))
    return {
        "prev": href(min(current - 1, last)) if current > 1 and last >= 1 else "",
        "next": href(current + 1) if current < last else "",
        "pages": pages,
    }
