"""``OpenSearchEngine``: the ``search.engine.Engine`` of an alias on an OpenSearch cluster.

Every feature of the embedded engine, with the same answers where the two can agree:

- one result per story: ``collapse`` on ``story``; the story's other versions (all of them, not
  only those that match, as on the embedded engine) come from a second request for the page's
  stories, a ``terms`` aggregation with each story's ``top_hits``, oldest first;
- totals of stories: a ``cardinality`` aggregation of ``story`` at its highest precision (40,000:
  exact below it, up to hash collisions; within 0.5% above it, far past the deepest page served).
  ``total`` and the facets count stories, as the embedded engine's do (the month and region facets
  exactly up to 3,000 stories a bucket, see ``BUCKET_PRECISION``);
- facets by aggregations: ``terms`` on ``region`` (with the region filter as a ``post_filter``,
  so the region facet ignores it and other regions stay one click away), on ``year`` and ``month``
  (the newest, exact: ordered by key); each bucket counts its stories;
- the same sorts with the same tie-breaks (score, then the newest date, undated last, then id);
  paging within the 10,000-result window;
- highlights (``search.opensearch.highlight``), the any-word fallback, did-you-mean from the
  phrase suggester over the unstemmed ``spell`` field, bounded as the embedded engine's (words of
  3 to 24 letters unknown to the index, at most 8 corrected, within 2 edits keeping the first
  letter), related stories by ``more_like_this`` outside the story's own versions, completion of
  the last typed word by a bounded ``prefix`` query on headlines;
- the time budget (``config.QUERY_TIME_BUDGET_S``) as each search's server-side ``timeout``.

Opening reads nothing: the first search of a missing alias raises ``IndexNotFound``. Writing is
``BulkWriter``'s (``update``, ``rebuild``), the generations' (the alias switch) and the lock's.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from datetime import date, timedelta
from typing import Any

from search import config
from search.config import CommitEvery, EngineConfig
from search.engine import EngineNotAvailable, IndexWriteFailed
from search.model import (
    FACETS,
    ArticleSummary,
    Facet,
    FacetSpec,
    Hit,
    RegionFacet,
    SearchRequest,
    SearchResponse,
    Sort,
    StoredArticle,
    YearFacet,
    is_document_id,
    region_key,
)
from search.opensearch import highlight
from search.opensearch.analysis import Analyser
from search.opensearch.client import READ_TIMEOUT_S, Reader, connect, shown_urls, writing
from search.opensearch.generations import Generations
from search.opensearch.lock import ClusterLock
from search.opensearch.mapping import (
    ARTICLE_FIELDS,
    FOLD_ANALYZER,
    SUMMARY_FIELDS,
    TEXT_ANALYZER,
    from_source,
    index_body,
    summary_from_source,
)
from search.opensearch.translate import Query, text_queries
from search.opensearch.writer import BulkWriter, scan_fingerprints
from search.query import MAX_TERMS, ParsedQuery, parse_query

STORY_PRECISION = 40_000
"""``cardinality``'s highest precision threshold: story counts below it are exact (up to hash collisions); used for
the total and the few buckets of the year facet."""
BUCKET_PRECISION = 3_000
"""The precision of the story counts of the month and region facets: exact up to 3,000 stories a bucket, estimated
(within about 2%) beyond. Their many buckets each hold a counter sized by it: at 40,000 the facets of a search of
10,000 documents took 0.9 s instead of 40 ms."""
COUNTED_FACET_BUCKETS = 200
"""Buckets read of a facet ordered by count (regions), so that the top ones are right across shards."""
SUGGEST_BELOW = 3
MAX_SUGGEST_CHARS = 500
MAX_SUGGEST_WORDS = 8
MAX_SUGGEST_LOOKUPS = 16
"""Words of a query looked at for did-you-mean; at most MAX_SUGGEST_WORDS of them are corrected."""
MIN_SUGGEST_WORD_CHARS = 3
MAX_SUGGEST_WORD_CHARS = 24
MAX_EDIT_DISTANCE = 2
SUGGEST_PREFIX = 1
SUGGEST_CANDIDATES = 5
MIN_PREFIX_CHARS = 2
MAX_PREFIX_TERMS = 50
RELATED_TERMS = 26
"""As the embedded engine: its 20 key terms of the body and 6 of the headline."""
RELATED_MIN_DOC_FREQ = 2
"""A word only this article has finds nothing related."""
RELATED_MIN_MATCH = 1
"""A related story needs one of the key terms, weighted by their importance, as on the embedded engine
(more_like_this would want 30% of them: the story's own versions share the rarest ones, and nothing else
would be left)."""

NEWEST_FIRST: list[Any] = [{"date": {"order": "desc", "missing": "_last"}}, {"id": "asc"}]
OLDEST_FIRST: list[Any] = [{"date": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]
BY_RELEVANCE: list[Any] = [{"_score": "desc"}, *NEWEST_FIRST]
INDEX_NAME_FORBIDDEN = re.compile(r'[\\/*?"<>| ,#:A-Z]')
MAX_ALIAS_BYTES = 200
"""OpenSearch allows 255 bytes; a generation's name adds ``-gen-`` and 19 digits."""

_OPERATORS = {"and", "or", "not", "to"}
_WORD = re.compile(r"\w+")
_SUGGESTABLE_WORD = re.compile(r'(?i:region|date):(?:"[^"]*"|\[[^\]]*\]|\S+)|(?<![\w-])\w+(?![\w:])')


def check_alias(name: str) -> None:
    """An index name OpenSearch accepts, with room for the generations' suffix; EngineNotAvailable names the
    setting otherwise."""
    if (
        not name
        or INDEX_NAME_FORBIDDEN.search(name)
        or name[0] in "-_+."
        or name in (".", "..")
        or len(name.encode()) > MAX_ALIAS_BYTES
    ):
        raise EngineNotAvailable(
            f"${config.OPENSEARCH_INDEX_ENV_VAR}={name[:60]!r} is not a usable index name: lower case, no spaces or "
            f'any of \\ / * ? " < > | , # :, not starting with - _ + or ., at most {MAX_ALIAS_BYTES} bytes'
        )


class OpenSearchEngine:
    """The index behind ``config.opensearch_index`` (an alias) on the cluster of ``config.opensearch_urls``;
    safe to share between threads."""

    def __init__(self, engine_config: EngineConfig) -> None:
        check_alias(engine_config.opensearch_index)
        self.config = engine_config
        self.alias = engine_config.opensearch_index
        self._where = f"{self.alias} on {shown_urls(engine_config.opensearch_urls)}"
        self.client = connect(engine_config.opensearch_urls)
        self._reader = Reader(self.client, self.alias, self._where, config.QUERY_TIME_BUDGET_S)
        self._words = Analyser(self._analyze, TEXT_ANALYZER)
        self._folded = Analyser(self._analyze, FOLD_ANALYZER)
        self._generations = Generations(self.client, self.alias, self._where)

    @property
    def location(self) -> str:
        return self._where

    def _analyze(self, analyzer: str, text: str) -> dict[str, Any]:
        return self._reader.call(
            lambda: self.client.indices.analyze(
                index=self.alias, body={"analyzer": analyzer, "text": text}, request_timeout=READ_TIMEOUT_S
            )
        )

    # Reading -----------------------------------------------------------------------------------

    def exists(self) -> bool:
        return bool(
            self._reader.call(lambda: self.client.indices.exists_alias(name=self.alias, request_timeout=READ_TIMEOUT_S))
        )

    def doc_count(self) -> int:
        return int(
            self._reader.call(lambda: self.client.count(index=self.alias, request_timeout=READ_TIMEOUT_S))["count"]
        )

    def fingerprints(self) -> dict[str, str]:
        """source -> fingerprint of every document behind the alias (one scroll, without the text)."""
        return self._reader.call(lambda: scan_fingerprints(self.client, self.alias))

    def _get(self, doc_id: str) -> dict[str, Any] | None:
        """The stored document with this id (what the last checkpoint made searchable), or None. An unknown id is
        an answer, not an error (nor a warning in the client's log)."""
        if not is_document_id(doc_id):
            return None
        found: dict[str, Any] = self._reader.call(
            lambda: self.client.get(
                index=self.alias,
                id=doc_id,
                realtime=False,
                _source_includes=list(ARTICLE_FIELDS),
                ignore=404,
                request_timeout=READ_TIMEOUT_S,
            )
        )
        if found.get("found"):
            return found
        error = found.get("error")
        if isinstance(error, dict) and error.get("type") == "index_not_found_exception":
            raise self._reader.missing()
        return None

    def article(self, doc_id: str) -> StoredArticle | None:
        found = self._get(doc_id)
        return from_source(found["_source"]) if found else None

    def versions(self, doc_id: str) -> list[ArticleSummary] | None:
        found = self._get(doc_id)
        if found is None:
            return None
        story = found["_source"].get("story") or doc_id
        others = {"bool": {"filter": [{"term": {"story": story}}], "must_not": [{"ids": {"values": [doc_id]}}]}}
        body = {"query": others, "sort": OLDEST_FIRST, "size": config.MAX_VERSIONS, "_source": list(SUMMARY_FIELDS)}
        return [summary_from_source(hit["_source"]) for hit in self._reader.search(body)["hits"]["hits"]]

    def search(self, request: SearchRequest) -> SearchResponse:
        """One result per story, facets, snippets, and help when it finds little (see the module's docstring)."""
        started = time.perf_counter()
        parsed = parse_query(request.q)
        queries = text_queries(parsed, self._words.tokens)
        scope = _Scope.of(request, parsed)
        text_query = queries.strict
        response = self._reader.search(_search_body(text_query, request, scope))
        fallback = None
        if not _stories(response) and queries.relaxed is not None:
            relaxed = self._reader.search(_search_body(queries.relaxed, request, scope))
            if _stories(relaxed):
                text_query, response, fallback = queries.relaxed, relaxed, "any"
        total = _stories(response)
        suggestion = None
        if total < SUGGEST_BELOW and not parsed.is_empty:
            suggestion = self._suggest(request.q)
        return SearchResponse(
            request=request,
            total=total,
            hits=self._hits(response, highlighted=text_query is not None),
            facets=[_facet(spec, response) for spec in FACETS],
            took_ms=(time.perf_counter() - started) * 1000,
            suggestion=suggestion,
            fallback=fallback,
        )

    def _hits(self, response: dict[str, Any], *, highlighted: bool) -> list[Hit]:
        found = response["hits"]["hits"]
        versions = self._story_versions([hit["_source"].get("story") or hit["_id"] for hit in found])
        hits = []
        for hit in found:
            source = hit["_source"]
            article = from_source(source).article
            marked = hit.get("highlight", {}) if highlighted else {}
            story = source.get("story") or hit["_id"]
            hits.append(
                Hit.of(
                    hit["_id"],
                    article,
                    score=float(hit.get("_score") or 0.0),
                    snippet_html=highlight.snippet(marked.get("body"), article.body),
                    headline_html=highlight.headline_html(marked.get("headline"), article.headline),
                    story=story,
                    versions=[version for version in versions.get(story, []) if version.id != hit["_id"]][
                        : config.MAX_VERSIONS
                    ],
                )
            )
        return hits

    def _story_versions(self, stories: list[str]) -> dict[str, list[ArticleSummary]]:
        """Every version of each story, oldest first (one more than shown, as the result itself is one): a ``terms``
        aggregation of the page's stories with their ``top_hits`` (five times cheaper than collapsing them again
        with ``inner_hits``, which runs a search per story: 9 ms against 43 ms for a page of 10,000 documents)."""
        if not stories:
            return {}
        body = {
            "size": 0,
            "query": {"bool": {"filter": [{"terms": {"story": stories}}]}},
            "aggs": {
                "stories": {
                    "terms": {"field": "story", "size": len(stories)},
                    "aggs": {
                        "versions": {
                            "top_hits": {
                                "size": config.MAX_VERSIONS + 1,
                                "sort": OLDEST_FIRST,
                                "_source": list(SUMMARY_FIELDS),
                            }
                        }
                    },
                }
            },
        }
        buckets = self._reader.search(body)["aggregations"]["stories"]["buckets"]
        return {
            bucket["key"]: [summary_from_source(hit["_source"]) for hit in bucket["versions"]["hits"]["hits"]]
            for bucket in buckets
        }

    def _suggest(self, q: str) -> str | None:
        """The query with each word unknown to the index replaced by the likeliest indexed word (the phrase
        suggester), or None. Optional work: a suggester that runs out of time gives no suggestion."""
        candidates = self._suggestion_candidates(q)
        if not candidates:
            return None
        try:
            response = self._reader.search(_suggestion_body(candidates), optional=True)
        except Exception:  # noqa: BLE001 - did-you-mean is optional: no suggestion rather than no results
            return None
        replacements = _replacements(candidates, response)
        if not replacements:
            return None
        text = q[:MAX_SUGGEST_CHARS]
        for start in sorted(replacements, reverse=True):
            end, correction = replacements[start]
            text = text[:start] + correction + text[end:]
        return text

    def _suggestion_candidates(self, q: str) -> list[_Candidate]:
        """The words of ``q`` that may be corrected, each with its folded form and its one stem."""
        spans = [match for match in _SUGGESTABLE_WORD.finditer(q[:MAX_SUGGEST_CHARS]) if _suggestable(match.group(0))][
            :MAX_SUGGEST_LOOKUPS
        ]
        lowered = [match.group(0).lower() for match in spans]
        stems = self._words.tokens(lowered)
        folded = self._folded.tokens(lowered)
        return [
            (match, folded[word][0], stems[word][0])
            for match, word in zip(spans, lowered, strict=True)
            if len(stems[word]) == 1 and len(folded[word]) == 1
        ]

    def related(self, doc_id: str, limit: int = config.RELATED_COUNT) -> list[ArticleSummary] | None:
        found = self._get(doc_id)
        if found is None:
            return None
        story = found["_source"].get("story") or doc_id
        like = {
            "more_like_this": {
                "fields": ["headline", "body"],
                "like": [{"_index": found["_index"], "_id": doc_id}],
                "min_term_freq": 1,
                "min_doc_freq": RELATED_MIN_DOC_FREQ,
                "max_query_terms": RELATED_TERMS,
                "boost_terms": 1,
                "minimum_should_match": RELATED_MIN_MATCH,
            }
        }
        body = {
            "query": {"bool": {"must": [like], "must_not": [{"term": {"story": story}}]}},
            "collapse": {"field": "story"},
            "sort": BY_RELEVANCE,
            "size": limit,
            "_source": list(SUMMARY_FIELDS),
        }
        return [summary_from_source(hit["_source"]) for hit in self._reader.search(body)["hits"]["hits"]]

    def complete(self, prefix: str, limit: int = config.COMPLETION_COUNT) -> list[ArticleSummary]:
        """Headlines with every typed word; the last one, from MIN_PREFIX_CHARS letters on, also as the start of
        at most MAX_PREFIX_TERMS indexed words (a ``prefix`` query rewritten to its top terms)."""
        words = _WORD.findall(prefix.lower())[:MAX_TERMS]
        if not words:
            return []
        stems = {word: next(iter(tokens), "") for word, tokens in self._words.tokens(words).items()}
        required: list[Query] = [{"term": {"headline": stems[word]}} for word in words[:-1] if stems[word]]
        last = words[-1]
        folded = "".join(self._folded.tokens([last])[last])
        if len(folded) >= MIN_PREFIX_CHARS:
            alternatives: list[Query] = [
                {"prefix": {"headline": {"value": folded, "rewrite": f"top_terms_{MAX_PREFIX_TERMS}"}}}
            ]
            if stems[last]:
                alternatives.append({"term": {"headline": stems[last]}})
            required.append({"bool": {"should": alternatives}})
        if not required:
            return []
        body = {
            "query": {"bool": {"must": required}},
            "collapse": {"field": "story"},
            "sort": BY_RELEVANCE,
            "size": limit,
            "_source": list(SUMMARY_FIELDS),
        }
        return [summary_from_source(hit["_source"]) for hit in self._reader.search(body)["hits"]["hits"]]

    def close(self) -> None:
        self.client.close()

    # Writing -----------------------------------------------------------------------------------

    def _body(self) -> dict[str, Any]:
        return index_body(self.config.opensearch_shards, self.config.opensearch_replicas, config.MAX_RESULT_WINDOW)

    def reindex_lock(self, *, wait: bool = False) -> AbstractContextManager[None]:
        return ClusterLock(self.client, self.alias, self._where).held(wait=wait)

    def update(self, *, commit_every: CommitEvery | None = config.COMMIT_EVERY) -> AbstractContextManager[BulkWriter]:
        return self._update(commit_every)

    @contextmanager
    def _update(self, commit_every: CommitEvery | None) -> Iterator[BulkWriter]:
        """A writer into the index the alias names; without one, an empty generation is made and named first."""
        with writing(self._where):
            self._generations.check_alias_name()
            live = self._generations.live()
            if len(live) > 1:
                raise IndexWriteFailed(
                    self._where,
                    f"the alias names {len(live)} indexes ({', '.join(live)}); "
                    "a full reindex (--full) puts it back on one",
                )
            if not live:
                target = self._generations.create(self._body())
                self._generations.switch(target)
                live = [target]
            writer = BulkWriter(self.client, live[0], self._where, commit_every)
        try:
            yield writer
        except BaseException:
            writer.drop()
            raise
        writer.finish()

    def rebuild(self, *, commit_every: CommitEvery | None = config.COMMIT_EVERY) -> AbstractContextManager[BulkWriter]:
        return self._rebuild(commit_every)

    @contextmanager
    def _rebuild(self, commit_every: CommitEvery | None) -> Iterator[BulkWriter]:
        """A writer into a new generation (or the unfinished one it resumes), which the alias is moved to in one
        step when the block succeeds; a write error deletes the unfinished generation."""
        with writing(self._where):
            self._generations.check_alias_name()
            target = self._generations.resumable() or self._generations.create(self._body())
        try:
            writer = BulkWriter(self.client, target, self._where, commit_every)
            try:
                yield writer
            except BaseException:
                writer.drop()
                raise
            writer.finish()
        except IndexWriteFailed:
            with writing(self._where):
                self._generations.delete(target)
            raise
        with writing(self._where):
            previous = self._generations.switch(target)
            self._generations.remove_old(keep={target, *previous[-1:]})


class _Scope:
    """The filters of a search: the date window of the request and the query's ``date:`` terms together (None
    when the two exclude each other), and the regions (``region`` and ``region:`` terms, all required)."""

    def __init__(self, window: tuple[date | None, date | None] | None, regions: tuple[str, ...]) -> None:
        self.window = window
        self.regions = regions

    @classmethod
    def of(cls, request: SearchRequest, parsed: ParsedQuery) -> _Scope:
        starts = [d for d in (request.date_from, parsed.date_from) if d]
        ends = [d for d in (request.date_to, parsed.date_to) if d]
        first_day = max(starts) if starts else None
        last_day = min(ends) if ends else None
        window = None if first_day and last_day and first_day > last_day else (first_day, last_day)
        regions = tuple(dict.fromkeys(([region_key(request.region)] if request.region else []) + list(parsed.regions)))
        return cls(window, regions)

    def dates(self) -> list[Query]:
        if self.window is None:
            return [{"match_none": {}}]
        first_day, last_day = self.window
        bounds = {}
        if first_day:
            bounds["gte"] = first_day.isoformat()
        if last_day:
            bounds["lt"] = (last_day + timedelta(days=1)).isoformat()
        return [{"range": {"date": bounds}}] if bounds else []

    def region_filter(self) -> Query:
        return {"bool": {"filter": [{"term": {"region_key": region}} for region in self.regions]}}


def _search_body(text_query: Query | None, request: SearchRequest, scope: _Scope) -> dict[str, Any]:
    """The request of one page of results with its facets: the region filter is a ``post_filter``, so the
    region facet does not see it, and the other facets and the total are counted inside it."""
    query: Query = {"bool": {"must": [text_query] if text_query else [], "filter": scope.dates()}}
    matched_aggs: dict[str, Any] = {"stories": _stories_counter(STORY_PRECISION)}
    aggs: dict[str, Any] = {"matched": {"filter": scope.region_filter(), "aggs": matched_aggs}}
    for spec in FACETS:
        order: Any = {"_key": "desc"} if spec.newest_first else [{"stories": "desc"}, {"_key": "asc"}]
        size = spec.limit if spec.newest_first else COUNTED_FACET_BUCKETS
        precision = STORY_PRECISION if isinstance(spec, YearFacet) else BUCKET_PRECISION
        facet = {
            "terms": {"field": spec.field, "size": size, "order": order},
            "aggs": {"stories": _stories_counter(precision)},
        }
        (aggs if isinstance(spec, RegionFacet) else matched_aggs)[spec.name] = facet
    if text_query is None:
        sort = OLDEST_FIRST if request.sort is Sort.OLDEST else NEWEST_FIRST
    else:
        sort = {Sort.RELEVANCE: BY_RELEVANCE, Sort.NEWEST: NEWEST_FIRST, Sort.OLDEST: OLDEST_FIRST}[request.sort]
    body: dict[str, Any] = {
        "query": query,
        "collapse": {"field": "story"},
        "sort": sort,
        "from": (request.page - 1) * request.page_size,
        "size": request.page_size,
        "track_total_hits": False,
        "_source": list(ARTICLE_FIELDS),
        "aggs": aggs,
    }
    if scope.regions:
        body["post_filter"] = scope.region_filter()
    if text_query is not None:
        body["track_scores"] = True
        body["highlight"] = highlight.highlight_request()
    return body


def _stories_counter(precision: int) -> dict[str, Any]:
    return {"cardinality": {"field": "story", "precision_threshold": precision}}


def _stories(response: dict[str, Any]) -> int:
    return int(response["aggregations"]["matched"]["stories"]["value"])


def _facet(spec: FacetSpec, response: dict[str, Any]) -> Facet:
    aggregations = response["aggregations"]
    found = aggregations[spec.name] if isinstance(spec, RegionFacet) else aggregations["matched"][spec.name]
    return spec.build({bucket["key"]: int(bucket["stories"]["value"]) for bucket in found["buckets"]})


_Candidate = tuple[re.Match[str], str, str]
"""A word of the query that may be corrected: where it is, its folded form (what the suggester sees), its stem."""


def _suggestion_body(candidates: list[_Candidate]) -> dict[str, Any]:
    """One request for both questions: the phrase suggester's correction of the candidates, and, per candidate,
    whether its stem is in any headline or body (a known word is never corrected)."""
    return {
        "size": 0,
        "query": {"match_all": {}},
        "aggs": {
            f"{field}{n}": {"filter": {"term": {field: stem}}}
            for n, (_, _, stem) in enumerate(candidates)
            for field in ("headline", "body")
        },
        "suggest": {
            "text": " ".join(word for _, word, _ in candidates),
            "spelling": {
                "phrase": {
                    "field": "spell",
                    "size": 1,
                    "gram_size": 1,
                    "max_errors": min(MAX_SUGGEST_WORDS, len(candidates)),
                    "direct_generator": [
                        {
                            "field": "spell",
                            "suggest_mode": "missing",
                            "max_edits": MAX_EDIT_DISTANCE,
                            "prefix_length": SUGGEST_PREFIX,
                            "min_word_length": MIN_SUGGEST_WORD_CHARS,
                            "size": SUGGEST_CANDIDATES,
                        }
                    ],
                }
            },
        },
    }


def _replacements(candidates: list[_Candidate], response: dict[str, Any]) -> dict[int, tuple[int, str]]:
    """Where each accepted correction goes (start -> (end, word)): a candidate unknown to the index, corrected
    within the edits its length allows; none when the suggester's answer does not line up with the words."""
    options = (response.get("suggest", {}).get("spelling") or [{}])[0].get("options") or []
    corrected = options[0]["text"].split() if options else []
    if len(corrected) != len(candidates):
        return {}
    aggregations = response.get("aggregations", {})
    replacements: dict[int, tuple[int, str]] = {}
    for n, ((match, word, stem), correction) in enumerate(zip(candidates, corrected, strict=True)):
        known = any(aggregations.get(f"{field}{n}", {}).get("doc_count") for field in ("headline", "body"))
        allowed = 1 if len(stem) < 5 else MAX_EDIT_DISTANCE
        if correction != word and not known and edit_distance(word, correction) <= allowed:
            replacements[match.start()] = (match.end(), correction)
    return replacements


def _suggestable(word: str) -> bool:
    lowered = word.lower()
    return (
        ":" not in word
        and lowered not in _OPERATORS
        and lowered.isalpha()
        and MIN_SUGGEST_WORD_CHARS <= len(lowered) <= MAX_SUGGEST_WORD_CHARS
    )


def edit_distance(first: str, second: str) -> int:
    """Edits (insert, delete, replace, swap two neighbours) from one word to the other, as the suggester counts."""
    previous_row: list[int] = []
    row = list(range(len(second) + 1))
    for i, a in enumerate(first, start=1):
        before, previous_row, row = previous_row, row, [i] + [0] * len(second)
        for j, b in enumerate(second, start=1):
            row[j] = min(previous_row[j] + 1, row[j - 1] + 1, previous_row[j - 1] + (a != b))
            if i > 1 and j > 1 and a == second[j - 2] and first[i - 2] == b:
                row[j] = min(row[j], before[j - 2] + 1)
    return row[-1]
