"""The neutral model of newsearch: articles, requests, responses and facets.

Nothing here knows an engine. The indexer builds ``Article`` and ``IndexedArticle``, every
engine takes a ``SearchRequest`` and answers a ``SearchResponse``, and the web app and CLI
render those. Both sides import this package, and never each other.
"""

from search.model.article import (
    Article,
    IndexedArticle,
    StoredArticle,
    StoryCandidate,
    document_id,
    is_document_id,
    join_paragraphs,
    region_key,
)
from search.model.facets import FACETS, FacetSpec, MonthFacet, RegionFacet, YearFacet
from search.model.request import BadParameter, SearchRequest, Sort, deepest_page
from search.model.response import ArticleSummary, Facet, FacetBucket, Hit, SearchResponse

__all__ = [
    "FACETS",
    "Article",
    "ArticleSummary",
    "BadParameter",
    "Facet",
    "FacetBucket",
    "FacetSpec",
    "Hit",
    "IndexedArticle",
    "MonthFacet",
    "RegionFacet",
    "SearchRequest",
    "SearchResponse",
    "Sort",
    "StoredArticle",
    "StoryCandidate",
    "YearFacet",
    "deepest_page",
    "document_id",
    "is_document_id",
    "join_paragraphs",
    "region_key",
]
