"""The HTML pages: the search page (``/``), the article page (``/article/<id>``) and ``/help``.

Everything works without JavaScript: the search form is a plain GET form, and
facets, timeline bars, pagination, "did you mean" and "remove this filter" links are
ordinary links built from ``SearchRequest.to_params``, so every state of the page
(query, filters, sort, page) lives in its URL and can be shared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue

from search import config
from search.model import BadParameter, FacetBucket, MonthFacet, SearchRequest, SearchResponse, Sort, deepest_page
from web.formatting import MONTHS
from web.index import get_engine

bp = Blueprint("pages", __name__)

HOME_LATEST = 5  # latest articles listed on the home page
PAGINATION_RADIUS = 2  # page links either side of the current page
MONTH_LIST_MAX = 12  # the month facet is also listed as text when it has at most this many months
TIMELINE_MAX_SPAN = 480  # months; a longer span shows only the months with matches, without gaps
TIMELINE_MIN_HEIGHT = 3  # percent: a month with one story is still a visible bar

# How the form names each request parameter, for error messages.
PARAM_LABELS = {
    "q": "Search",
    "from": "From",
    "to": "To",
    "region": "Region",
    "sort": "Sort",
    "page": "Page",
    "page_size": "Results per page",
}
FORM_PARAMS = ("q", "from", "to", "region", "sort", "page_size")
REQUEST_PARAMS = (*FORM_PARAMS, "page")
FEED_PARAMS = ("q", "from", "to", "region")  # what a feed keeps of a search (it sorts newest first)
MAX_ECHO_CHARS = 100  # how much of a rejected non-query parameter or an unknown article id is echoed back


@dataclass(frozen=True)
class FacetLink:
    label: str
    count: int
    href: str
    active: bool


@dataclass(frozen=True)
class PageLink:
    number: int | None  # None: a gap ("…") between page numbers
    href: str = ""
    current: bool = False


@dataclass(frozen=True)
class TimelineBar:
    """One month of the timeline; a month without matches has no link."""

    label: str  # "March 2009: 12 stories"
    count: int
    height: int  # percent of the busiest month
    href: str = ""
    active: bool = False

    @property
    def height_classes(self) -> str:
        """``t3 u7`` for 37%: style.css adds a tens and a units class up to the bar's height, because the
        Content-Security-Policy allows no ``style=""`` attribute (see ``web.security``)."""
        tens, units = divmod(self.height, 10)
        return " ".join(([f"t{tens}"] if tens else []) + ([f"u{units}"] if units else []))


@dataclass(frozen=True)
class Timeline:
    bars: list[TimelineBar]
    first: str  # "May 1998"
    last: str  # "November 2019"
    busiest: int  # stories in the busiest month
    truncated: bool  # the engine returned only the most recent months


@bp.get("/")
def search() -> ResponseReturnValue:
    """Search, browse by filters, or (no query, no filters) the home page."""
    try:
        search_request = SearchRequest.from_params(request.args)
    except BadParameter as error:
        return render_template(
            "search.html",
            form=_raw_form(request.args),
            error=error,
            error_label=PARAM_LABELS.get(error.param, error.param),
            sorts=list(Sort),
            region_options=[],
            without_error=_without_param(request.args, error.param),
        ), 400

    engine = get_engine()
    form = _form(search_request)
    if not search_request.q and not search_request.has_filters:
        latest = engine.search(SearchRequest(sort=Sort.NEWEST, page_size=HOME_LATEST))
        facets = _facet_links(search_request, latest)
        return render_template(
            "search.html",
            form=form,
            home=True,
            latest=latest,
            doc_count=engine.doc_count(),
            facets=facets,
            sorts=list(Sort),
            region_options=_region_options(search_request, latest),
            feed_url=url_for("feeds.search_atom"),
            feed_title="newsearch: latest articles",
        )

    response = engine.search(search_request)
    feed_params = _feed_params(search_request)
    return render_template(
        "search.html",
        form=form,
        search_request=search_request,
        response=response,
        facets=_facet_links(search_request, response),
        pagination=_pagination(search_request, response),
        timeline=_timeline(search_request, response),
        clear_filters=_search_url(search_request.to_params(date_from=None, date_to=None, region="", page=1)),
        suggestion_href=(
            _search_url(search_request.to_params(q=response.suggestion, page=1)) if response.suggestion else ""
        ),
        remove_filters=_remove_filter_links(search_request),
        sorts=list(Sort),
        region_options=_region_options(search_request, response),
        feed_url=url_for("feeds.search_atom", **dict[str, Any](feed_params)),
        feed_title=feed_title(search_request),
    )


@bp.get("/article/<path:doc_id>")
def article(doc_id: str) -> ResponseReturnValue:
    """The cleaned article and its related stories; the HTML 404 page for an unknown id."""
    engine = get_engine()
    stored = engine.article(doc_id)
    if stored is None:
        return render_template(
            "error.html",
            status=404,
            title="Article not found",
            message=f"There is no article with id “{doc_id[:MAX_ECHO_CHARS]}”. It may have been removed by a reindex.",
        ), 404
    related = engine.related(stored.id) or []
    versions = engine.versions(stored.id) or []
    return render_template("article.html", doc_id=stored.id, article=stored.article, related=related, versions=versions)


@bp.get("/help", endpoint="help")
def help_page() -> ResponseReturnValue:
    """How to write a query: the syntax, filters, feeds and keyboard shortcuts."""
    return render_template("help.html")


# --- helpers -----------------------------------------------------------------


def _search_url(params: Mapping[str, str]) -> str:
    values: dict[str, Any] = dict(params)
    return url_for("pages.search", **values)


def _feed_params(search_request: SearchRequest) -> dict[str, str]:
    return {k: v for k, v in search_request.to_params().items() if k in FEED_PARAMS}


def feed_title(search_request: SearchRequest) -> str:
    """``newsearch: flood (West Midlands, 2009-01-01 to 2009-12-31)``; the feed and its link share it."""
    title = f"newsearch: {search_request.q.strip()[:80]}" if search_request.q.strip() else "newsearch: latest articles"
    details = []
    if search_request.region:
        details.append(search_request.region)
    if search_request.date_from and search_request.date_to:
        details.append(f"{search_request.date_from} to {search_request.date_to}")
    elif search_request.date_from:
        details.append(f"from {search_request.date_from}")
    elif search_request.date_to:
        details.append(f"until {search_request.date_to}")
    return f"{title} ({', '.join(details)})" if details else title


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


def _without_param(args: Mapping[str, Any], param: str) -> str:
    """The rejected search again without the parameter that was wrong (and from page 1)."""
    kept = {
        name: str(args.get(name, ""))[: config.MAX_QUERY_CHARS]
        for name in REQUEST_PARAMS
        if name not in (param, "page") and str(args.get(name, "")).strip()
    }
    return _search_url(kept)


def _region_options(search_request: SearchRequest, response: SearchResponse) -> list[tuple[str, str, bool]]:
    """(value, label, selected) for the region select: the region facet, plus the current region."""
    current = search_request.region.casefold()
    options = []
    for facet in response.facets:
        if facet.name != "region":
            continue
        for bucket in facet.buckets:
            if bucket.value:
                options.append((bucket.value, f"{bucket.value} ({bucket.count:,})", bucket.value.casefold() == current))
    if search_request.region and not any(selected for _, _, selected in options):
        options.insert(0, (search_request.region, search_request.region, True))
    return options


def _facet_links(search_request: SearchRequest, response: SearchResponse) -> dict[str, list[FacetLink]]:
    """Facet buckets as links that add the bucket's filter, or remove it when it is already on."""
    links: dict[str, list[FacetLink]] = {}
    for facet in response.facets:
        buckets = [bucket for bucket in facet.buckets if bucket.value and bucket.params]
        if facet.name == "month":
            if len(buckets) > MONTH_LIST_MAX:
                continue  # the timeline shows them; a list of hundreds of months helps nobody
            links["month"] = [_bucket_link(search_request, b, _month_label(b.value)) for b in buckets]
        else:
            links[facet.name] = [_bucket_link(search_request, b, b.value) for b in buckets]
    return links


def _is_active(search_request: SearchRequest, bucket: FacetBucket) -> bool:
    """True when the request already filters to exactly this bucket."""
    current = search_request.to_params()
    return all(current.get(name, "").casefold() == value.casefold() for name, value in bucket.params.items())


def _with_params(search_request: SearchRequest, params: Mapping[str, str]) -> dict[str, str]:
    """The request's parameters with ``params`` merged in (an empty value drops one), from page 1."""
    merged = {**search_request.to_params(page=1), **params}
    try:
        return SearchRequest.from_params(merged).to_params()
    except BadParameter:  # e.g. a bucket's "from" after the current "to": link to the bucket alone
        return SearchRequest.from_params(
            {**search_request.to_params(date_from=None, date_to=None, page=1), **params}
        ).to_params()


def _bucket_link(search_request: SearchRequest, bucket: FacetBucket, label: str) -> FacetLink:
    active = _is_active(search_request, bucket)
    params = {name: "" for name in bucket.params} if active else bucket.params
    return FacetLink(label, bucket.count, _search_url(_with_params(search_request, params)), active)


def _month_label(value: str) -> str:
    """``2009-03`` → ``March 2009``."""
    year, month = (int(part) for part in value.split("-"))
    return f"{MONTHS[month - 1]} {year}"


def _stories(count: int) -> str:
    return f"{count:,} stor{'y' if count == 1 else 'ies'}"


def _timeline(search_request: SearchRequest, response: SearchResponse) -> Timeline | None:
    """The month facet as a chronological bar chart; months without matches between two that have them are
    empty bars, so the chart keeps the scale of time (unless the span is very long)."""
    month_facet = next((facet for facet in response.facets if facet.name == "month"), None)
    if month_facet is None:
        return None
    buckets: dict[tuple[int, int], FacetBucket] = {}
    for bucket in month_facet.buckets:
        try:
            year, month = (int(part) for part in bucket.value.split("-"))
        except ValueError:
            continue
        if bucket.count > 0 and 1 <= month <= 12:
            buckets[(year, month)] = bucket
    if not buckets:
        return None
    months = sorted(buckets)
    (first_year, first_month), (last_year, last_month) = months[0], months[-1]
    span = (last_year - first_year) * 12 + last_month - first_month + 1
    if span <= TIMELINE_MAX_SPAN:
        months = [divmod(first_year * 12 + first_month - 1 + i, 12) for i in range(span)]
        months = [(year, month + 1) for year, month in months]
    busiest = max(bucket.count for bucket in buckets.values())
    bars = []
    for year, month in months:
        name = f"{MONTHS[month - 1]} {year}"
        month_bucket = buckets.get((year, month))
        if month_bucket is None:
            bars.append(TimelineBar(f"{name}: no stories", 0, 0))
            continue
        height = max(TIMELINE_MIN_HEIGHT, round(100 * month_bucket.count / busiest))
        bars.append(
            TimelineBar(
                f"{name}: {_stories(month_bucket.count)}",
                month_bucket.count,
                height,
                _search_url(_with_params(search_request, month_bucket.params)),
                _is_active(search_request, month_bucket),
            )
        )
    return Timeline(
        bars,
        f"{MONTHS[first_month - 1]} {first_year}",
        f"{MONTHS[last_month - 1]} {last_year}",
        busiest,
        truncated=len(month_facet.buckets) >= MonthFacet.limit,
    )


def _remove_filter_links(search_request: SearchRequest) -> list[tuple[str, str]]:
    """(label, href) for each active filter: the same search without that one filter."""
    links = []
    if search_request.region:
        links.append((f"region “{search_request.region}”", _search_url(search_request.to_params(region="", page=1))))
    if search_request.date_from:
        links.append(
            (
                f"from {search_request.date_from.isoformat()}",
                _search_url(search_request.to_params(date_from=None, page=1)),
            )
        )
    if search_request.date_to:
        links.append(
            (f"to {search_request.date_to.isoformat()}", _search_url(search_request.to_params(date_to=None, page=1)))
        )
    return links


def _pagination(search_request: SearchRequest, response: SearchResponse) -> dict[str, Any] | None:
    """Previous/next and a window of page numbers (first and last always shown), or None for one page."""
    last = min(response.pages, deepest_page(search_request.page_size))
    current = search_request.page
    if last == 0 or (last == 1 and current == 1):
        return None

    def href(number: int) -> str:
        return _search_url(search_request.to_params(page=number))

    numbers = sorted(
        {1, last} | set(range(max(1, current - PAGINATION_RADIUS), min(last, current + PAGINATION_RADIUS) + 1))
    )
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
