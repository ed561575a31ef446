"""The search side of newsearch: one schema, one engine-independent request/response."""

from search import whoosh_fixes
from search.model import BadParameter, Facet, FacetBucket, Hit, SearchRequest, SearchResponse, Sort

whoosh_fixes.apply()

__all__ = ["BadParameter", "Facet", "FacetBucket", "Hit", "SearchRequest", "SearchResponse", "Sort"]
