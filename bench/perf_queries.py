"""The query mix of bench/perf.py: what readers type, drawn from pages of the benchmark corpus.

Each query is made from one page of the corpus (regenerated from its seed with
``make_corpus.plan_page``, so nothing needs to be read back), so every query matches at least
that page.  The mix cycles through ``KINDS``; the same seeds give the same queries.  A query is
kept structured (words, phrase or any-word, filters, sort, page) so the peers can run the same
request in their own syntax; ``params()`` is what newsearch gets over HTTP.
"""

from __future__ import annotations

import calendar
import random
import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from bench.corpus_text import TextModel, content_words, names_in
from bench.make_corpus import Page, plan_page

KINDS = (
    "1 word",
    "2 words",
    "3 words",
    "name",
    "phrase",
    "OR",
    "date filter",
    "region filter",
    "browse newest",
    "page 10",
)
FREQUENT_WORDS = 40
MAX_TRIES = 50

_PHRASE_WORD = re.compile(r"[a-z]{3,}")


@dataclass(frozen=True)
class BenchQuery:
    """One request of the mix. ``mode``: ``all`` words, a ``phrase``, ``any`` word (OR)."""

    kind: str
    words: tuple[str, ...] = ()
    mode: str = "all"
    date_from: date | None = None
    date_to: date | None = None
    region: str = ""
    sort: str = "relevance"
    page: int = 1

    @property
    def q(self) -> str:
        """The query string as a reader types it in newsearch's syntax."""
        if self.mode == "phrase":
            return '"' + " ".join(self.words) + '"'
        return (" OR " if self.mode == "any" else " ").join(self.words)

    def params(self) -> dict[str, str]:
        """The ``/api/search`` (and ``/``) parameters."""
        params = {"q": self.q}
        if self.date_from:
            params["from"] = self.date_from.isoformat()
        if self.date_to:
            params["to"] = self.date_to.isoformat()
        if self.region:
            params["region"] = self.region
        if self.sort != "relevance":
            params["sort"] = self.sort
        if self.page != 1:
            params["page"] = str(self.page)
        return params

    def path(self, endpoint: str = "/api/search") -> str:
        return f"{endpoint}?{urlencode(self.params())}"


class QueryMaker:
    """Makes the queries of one corpus (its text model, seed and size) with its own random source."""

    def __init__(self, model: TextModel, corpus_seed: int, pages: int, seed: int) -> None:
        self.model = model
        self.corpus_seed = corpus_seed
        self.pages = pages
        self.rng = random.Random(f"perf-queries/{seed}")
        self._frequent: list[str] | None = None

    def mix(self, count: int) -> list[BenchQuery]:
        """``count`` queries, cycling through ``KINDS``."""
        return [self.make(KINDS[n % len(KINDS)]) for n in range(count)]

    def make(self, kind: str) -> BenchQuery:
        rng = self.rng
        if kind == "browse newest":
            return BenchQuery(kind, sort="newest")
        if kind == "page 10":
            return BenchQuery(kind, (rng.choice(self.frequent_words()),), page=10)
        if kind == "OR":
            return BenchQuery(kind, (self.headline_words(1)[0], self.headline_words(1)[0]), mode="any")
        if kind == "name":
            return BenchQuery(kind, tuple(self.find(lambda page: names_in(body(page))).split()))
        if kind == "phrase":
            return BenchQuery(kind, self.find(lambda page: phrases_in(body(page))), mode="phrase")
        if kind == "date filter":
            page = self.find(lambda page: [page] if page.template != "text" else [])
            day = date.fromisoformat(page.fields["published_utc"][:10])
            if rng.random() < 0.5:
                low, high = date(day.year, 1, 1), date(day.year, 12, 31)
            else:
                low = date(day.year, day.month, 1)
                high = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
            return BenchQuery(kind, tuple(self.words_of(page, rng.randint(1, 2))), date_from=low, date_to=high)
        if kind == "region filter":
            page = self.find(lambda page: [page] if page.template != "plain" else [])
            return BenchQuery(kind, tuple(self.words_of(page, 1)), region=page.fields["region"])
        count = {"1 word": 1, "2 words": 2, "3 words": 3}[kind]
        return BenchQuery(kind, tuple(self.headline_words(count)))

    def page(self) -> Page:
        return plan_page(self.model, self.corpus_seed, self.rng.randrange(self.pages))

    def find(self, candidates):
        """A random choice among ``candidates(page)`` of the first random page that has any."""
        for _ in range(MAX_TRIES):
            found = candidates(self.page())
            if found:
                return self.rng.choice(found)
        raise ValueError(f"no page among {MAX_TRIES} tries has what the query needs")

    def headline_words(self, count: int) -> list[str]:
        return self.words_of(self.page(), count)

    def words_of(self, page: Page, count: int) -> list[str]:
        """``count`` words of the page's headline in their order (the lead paragraph's when the headline is short)."""
        words = list(dict.fromkeys(content_words(page.fields["headline"])))
        if len(words) < count:
            words += [w for w in dict.fromkeys(content_words(page.fields["paragraphs"][0])) if w not in words]
        chosen = sorted(self.rng.sample(range(len(words)), min(count, len(words))))
        return [words[i] for i in chosen]

    def frequent_words(self) -> list[str]:
        if self._frequent is None:
            self._frequent = self.model.frequent_words(FREQUENT_WORDS)
        return self._frequent

    def suggest_prefixes(self, count: int) -> list[str]:
        """What a reader has typed when the suggestions show: a headline's first word and the start of the next."""
        prefixes = []
        for _ in range(count):
            words = self.page().fields["headline"].lower().split()
            prefixes.append(f"{words[0]} {words[1][:3]}" if len(words) > 1 else words[0][:3])
        return prefixes


def body(page: Page) -> str:
    return " ".join(page.fields["paragraphs"])


def phrases_in(text: str) -> list[tuple[str, ...]]:
    """Runs of two or three content words, in the text's order (what a reader quotes)."""
    runs = []
    for sentence in re.split(r"[.,;:!?\"()]", text.lower()):
        words = sentence.split()
        for size in (2, 3):
            for start in range(len(words) - size + 1):
                window = words[start : start + size]
                if all(_PHRASE_WORD.fullmatch(w) for w in window) and window == content_words(" ".join(window)):
                    runs.append(tuple(window))
    return runs
