"""The search side of newsearch: the neutral model and the engines behind it."""

from search.model import BadParameter, Facet, FacetBucket, Hit, SearchRequest, SearchResponse, Sort

__all__ = ["BadParameter", "Facet", "FacetBucket", "Hit", "SearchRequest", "SearchResponse", "Sort"]
