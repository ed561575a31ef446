"""Facets as small classes: which column they count, how buckets sort, and how a bucket filters.

A bucket's ``params`` are the request parameters that narrow a search to it, so the page
and API clients can turn any count into a filter link.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from typing import ClassVar

from search import config
from search.model.response import Facet, FacetBucket


@dataclass(frozen=True)
class FacetSpec:
    name: ClassVar[str]
    field: ClassVar[str]
    newest_first: ClassVar[bool] = False
    limit: ClassVar[int] = config.FACET_LIMIT

    def params(self, value: str) -> dict[str, str]:
        raise NotImplementedError

    def build(self, counts: dict[str, int]) -> Facet:
        buckets = [FacetBucket(value, count, self.params(value)) for value, count in counts.items() if value]
        if self.newest_first:
            buckets.sort(key=lambda b: b.value, reverse=True)
        else:
            buckets.sort(key=lambda b: (-b.count, b.value.lower()))
        return Facet(self.name, buckets[: self.limit])


class RegionFacet(FacetSpec):
    name = "region"
    field = "region"

    def params(self, value: str) -> dict[str, str]:
        return {"region": value}


class YearFacet(FacetSpec):
    name = "year"
    field = "year"
    newest_first = True

    def params(self, value: str) -> dict[str, str]:
        return {"from": f"{value}-01-01", "to": f"{value}-12-31"}


class MonthFacet(FacetSpec):
    name = "month"
    field = "month"
    newest_first = True
    limit = 240

    def params(self, value: str) -> dict[str, str]:
        year, month = (int(part) for part in value.split("-"))
        last_day = calendar.monthrange(year, month)[1]
        return {"from": f"{value}-01", "to": f"{value}-{last_day:02d}"}


FACETS: tuple[FacetSpec, ...] = (RegionFacet(), YearFacet(), MonthFacet())
