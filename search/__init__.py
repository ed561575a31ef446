"""The search side of newsearch: one schema, one engine-independent request/response."""

from search import whoosh_fixes
from search.request import BadParameter, SearchRequest, Sort
from search.response import Facet, FacetBucket, Hit, SearchResponse

whoosh_fixes.apply()

__all__ = ["BadParameter", "Facet", "FacetBucket", "Hit", "SearchRequest", "SearchResponse", "Sort"]
