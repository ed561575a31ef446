"""The search request, independent of the engine, and its validation.

Both the JSON API and the CLI build requests through ``SearchRequest.from_params``,
so a bad parameter gets the same error message everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from search import config


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    OLDEST = "oldest"


class BadParameter(ValueError):
    """A request parameter that cannot be used; ``param`` names it for the 400 response."""

    def __init__(self, param: str, message: str) -> None:
        super().__init__(f"{param}: {message}")
        self.param = param
        self.message = message

    def to_json(self) -> dict[str, Any]:
        return {"error": {"param": self.param, "message": self.message}}


@dataclass(frozen=True)
class SearchRequest:
    """What the user asked for. ``date_from``/``date_to`` are inclusive calendar days (UTC)."""

    q: str = ""
    date_from: date | None = None
    date_to: date | None = None
    region: str = ""
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    page_size: int = config.DEFAULT_PAGE_SIZE

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> SearchRequest:
        """Validate raw parameters (strings from a query string or CLI options).

        Raises BadParameter naming the first parameter that is wrong.
        """
        q = _text(params.get("q"))
        if len(q) > config.MAX_QUERY_CHARS:
            raise BadParameter(
                "q", f"the query has {len(q):,} characters; at most {config.MAX_QUERY_CHARS:,} are allowed"
            )
        date_from = _parse_day(params.get("from"), "from")
        date_to = _parse_day(params.get("to"), "to")
        if date_from and date_to and date_from > date_to:
            raise BadParameter("from", f"'from' ({date_from}) is after 'to' ({date_to})")
        region = _text(params.get("region")).strip()
        sort_value = _text(params.get("sort")).strip().lower() or Sort.RELEVANCE.value
        try:
            sort = Sort(sort_value)
        except ValueError:
            allowed = ", ".join(s.value for s in Sort)
            raise BadParameter("sort", f"unknown sort {sort_value!r}; use one of: {allowed}") from None
        page = _parse_int(params.get("page"), "page", default=1, low=1, high=config.MAX_PAGE)
        page_size = _parse_int(
            params.get("page_size"),
            "page_size",
            default=config.DEFAULT_PAGE_SIZE,
            low=1,
            high=config.MAX_PAGE_SIZE,
        )
        if page > deepest_page(page_size):
            raise BadParameter(
                "page",
                f"page {page} of {page_size} results goes past result "
                f"{config.MAX_RESULT_WINDOW:,}, the deepest one served; the last page is "
                f"{deepest_page(page_size):,} (narrow the search or sort by date)",
            )
        return cls(q=q, date_from=date_from, date_to=date_to, region=region, sort=sort, page=page, page_size=page_size)

    @property
    def has_filters(self) -> bool:
        return bool(self.date_from or self.date_to or self.region)

    def to_params(self, **changes: Any) -> dict[str, str]:
        """The request as query-string parameters (defaults left out), for links and echoes."""
        values = {**asdict(self), **changes}
        params = {
            "q": values["q"],
            "from": values["date_from"].isoformat() if values["date_from"] else "",
            "to": values["date_to"].isoformat() if values["date_to"] else "",
            "region": values["region"],
            "sort": Sort(values["sort"]).value if Sort(values["sort"]) != Sort.RELEVANCE else "",
            "page": str(values["page"]) if values["page"] != 1 else "",
            "page_size": str(values["page_size"]) if values["page_size"] != config.DEFAULT_PAGE_SIZE else "",
        }
        return {k: v for k, v in params.items() if v}

    def echo(self) -> dict[str, Any]:
        """The request as the JSON response repeats it back, every key present."""
        return {
            "q": self.q,
            "from": self.date_from.isoformat() if self.date_from else None,
            "to": self.date_to.isoformat() if self.date_to else None,
            "region": self.region or None,
            "sort": self.sort.value,
            "page": self.page,
            "page_size": self.page_size,
        }


def deepest_page(page_size: int) -> int:
    """The last page that can be asked for with this page size (``config.MAX_RESULT_WINDOW``)."""
    return config.MAX_RESULT_WINDOW // page_size


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _parse_day(value: Any, param: str) -> date | None:
    text = _text(value).strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadParameter(param, f"{text[:40]!r} is not a date; use YYYY-MM-DD") from None


def _parse_int(value: Any, param: str, *, default: int, low: int, high: int) -> int:
    text = _text(value).strip()
    if not text:
        return default
    try:
        number = int(text)
    except ValueError:
        raise BadParameter(param, f"{text[:40]!r} is not a whole number") from None
    if not low <= number <= high:
        raise BadParameter(param, f"must be between {low} and {high}, got {number}")
    return number
