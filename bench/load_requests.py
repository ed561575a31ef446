"""The requests of the load test (bench/load.py): tens of thousands of distinct words in every kind of request.

Why so many words: issue 8's first defect (Whoosh's stemming cache, shared by the server's
threads, broke once 50,000 distinct words had gone through it) stayed hidden behind query mixes
of a few hundred queries.  So the words are dealt like cards, without replacement, from two
decks: the content words of the corpus's pages (queries of them match) and as many odd words
(one-letter misspellings of corpus words, which did-you-mean corrects, and made-up words, which
find nothing and take the any-word fallback).  Consecutive requests send new words until a deck
is spent.  Pages are regenerated from their seed (``make_corpus.plan_page``), so nothing is read
back from the corpus and the same seeds give the same requests.

Each request knows the status a correct server answers: 200, or 400/404 for the bad parameters
and unknown articles that are part of the mix (expected answers, not errors).
"""

from __future__ import annotations

import calendar
import random
import re
import string
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote_plus, urlencode

from bench.corpus_text import TextModel, content_words
from bench.make_corpus import plan_page
from bench.perf_queries import body, phrases_in

REAL_WORD_SHARE = 0.6
PHRASES_PER_PAGE = 3
MAX_QUERY_CHARS = 10_000  # the server's limit (README): one character more is a 400 naming q
RESULT_WINDOW = 10_000  # page x page_size at most (README)
MISSPELT_MIN_LETTERS = 5
MADE_UP_LETTERS = (5, 10)
TRIES_PER_WORD = 50
_LETTERS = re.compile(r"[a-z]+")
_OPERATORS = {"or", "not", "and"}
_VOWELS = "aeiou"
_CONSONANTS = "".join(c for c in string.ascii_lowercase if c not in _VOWELS)


@dataclass(frozen=True)
class PageFacts:
    """What requests need of one page: words that find it, phrases of its lead, its region and day."""

    index: int
    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    region: str  # "" where the page shows none (the bare local-paper pages)
    day: date | None  # None for the plain-text articles, which carry no date


@dataclass(frozen=True)
class Vocabulary:
    """The words requests are made of: the corpus's own, and odd ones that no page contains."""

    corpus: tuple[str, ...]
    misspelt: tuple[str, ...]
    made_up: tuple[str, ...]

    @property
    def odd(self) -> tuple[str, ...]:
        return self.misspelt + self.made_up

    def __len__(self) -> int:
        return len(self.corpus) + len(self.misspelt) + len(self.made_up)


@dataclass(frozen=True)
class LoadRequest:
    """One line of the request list: its kind, the path sent, the status a correct server answers."""

    kind: str
    path: str
    expect: int = 200

    @property
    def words(self) -> frozenset[str]:
        """The distinct words of its query (``q``), operators left out: what reaches the analyzer."""
        query = re.search(r"[?&]q=([^&]*)", self.path)
        if not query:
            return frozenset()
        return frozenset(w for w in _LETTERS.findall(unquote_plus(query.group(1)).lower()) if w not in _OPERATORS)


def survey_pages(model: TextModel, seed: int, pages: int) -> tuple[list[PageFacts], set[str]]:
    """Every page's facts, and the content words of all the pages (the corpus half of the vocabulary)."""
    facts, vocabulary = [], set()
    for index in range(pages):
        page = plan_page(model, seed, index)
        fields = page.fields
        vocabulary.update(content_words(fields["headline"]))
        vocabulary.update(content_words(body(page)))
        lead = list(dict.fromkeys(content_words(fields["headline"]) + content_words(fields["paragraphs"][0])))
        phrases = phrases_in(fields["paragraphs"][0])
        region = "" if page.template == "plain" else fields["region"]
        day = None if page.template == "text" else date.fromisoformat(fields["published_utc"][:10])
        facts.append(PageFacts(index, tuple(lead), tuple(phrases[:PHRASES_PER_PAGE]), region, day))
    return facts, vocabulary


def make_vocabulary(corpus_words: Iterable[str], odd_words: int, rng: random.Random) -> Vocabulary:
    """The corpus words, plus ``odd_words`` words in no page: half misspellings, half made up."""
    corpus = tuple(sorted(set(corpus_words)))
    taken = set(corpus)
    long_words = [w for w in corpus if len(w) >= MISSPELT_MIN_LETTERS and w.isalpha()] or list(corpus)
    misspelt = new_words(lambda: misspell(rng.choice(long_words), rng), odd_words // 2, taken)
    made_up = new_words(lambda: invent(rng), odd_words - odd_words // 2, taken)
    return Vocabulary(corpus, misspelt, made_up)


def new_words(make: Callable[[], str], count: int, taken: set[str]) -> tuple[str, ...]:
    """``count`` words from ``make`` that are not in ``taken`` (which they join)."""
    words: list[str] = []
    for _ in range(count * TRIES_PER_WORD):
        if len(words) == count:
            break
        word = make()
        if word not in taken:
            taken.add(word)
            words.append(word)
    if len(words) < count:
        raise ValueError(f"could make only {len(words)} new words of the {count} asked for")
    return tuple(words)


def misspell(word: str, rng: random.Random) -> str:
    """One edit (drop, add, change or swap letters) after the first letter, as did-you-mean can undo."""
    at = rng.randrange(1, len(word))
    letter = rng.choice(string.ascii_lowercase)
    edit = rng.randrange(4)
    if edit == 0:
        return word[:at] + word[at + 1 :]
    if edit == 1:
        return word[:at] + letter + word[at:]
    if edit == 2 or at == len(word) - 1:
        return word[:at] + letter + word[at + 1 :]
    return word[:at] + word[at + 1] + word[at] + word[at + 2 :]


def invent(rng: random.Random) -> str:
    """A pronounceable word of alternating consonants and vowels that no dictionary holds (mostly)."""
    length = rng.randint(*MADE_UP_LETTERS)
    start = rng.randrange(2)
    return "".join(rng.choice(_CONSONANTS if (start + i) % 2 == 0 else _VOWELS) for i in range(length))


class Deck:
    """Words dealt without replacement, reshuffled once all are dealt: consecutive requests send new words."""

    def __init__(self, words: Sequence[str], rng: random.Random) -> None:
        if not words:
            raise ValueError("a deck needs words")
        self.words = list(words)
        self.rng = rng
        self.position = len(self.words)

    def deal(self) -> str:
        if self.position == len(self.words):
            self.rng.shuffle(self.words)
            self.position = 0
        self.position += 1
        return self.words[self.position - 1]


class RequestMaker:
    """Makes the request list: every kind of ``KINDS``, in proportion to its weight."""

    def __init__(
        self,
        facts: Sequence[PageFacts],
        vocabulary: Vocabulary,
        frequent_words: Sequence[str],
        article_ids: Sequence[str],
        seed: int,
    ) -> None:
        if not article_ids:
            raise ValueError("the article requests need the id of at least one indexed article")
        self.rng = random.Random(f"load-requests/{seed}")
        self.facts = list(facts)
        self.dated = [f for f in facts if f.day] or self.facts
        self.regional = [f for f in facts if f.region] or self.facts
        self.with_phrases = [f for f in facts if f.phrases] or self.facts
        self.real = Deck(vocabulary.corpus, self.rng)
        self.odd = Deck(vocabulary.odd or vocabulary.corpus, self.rng)
        self.frequent_words = list(frequent_words)
        self.article_ids = list(article_ids)

    def requests(self, count: int) -> list[LoadRequest]:
        names = list(KINDS)
        weights = [KINDS[name][0] for name in names]
        return [self.make(kind) for kind in self.rng.choices(names, weights, k=count)]

    def make(self, kind: str) -> LoadRequest:
        return KINDS[kind][1](self, kind)

    # Words and pages.
    def word(self) -> str:
        return self.real.deal() if self.rng.random() < REAL_WORD_SHARE else self.odd.deal()

    def words(self, low: int, high: int) -> list[str]:
        return [self.word() for _ in range(self.rng.randint(low, high))]

    def page_words(self, facts: PageFacts, low: int, high: int) -> list[str]:
        count = min(len(facts.words), self.rng.randint(low, high))
        return [facts.words[i] for i in sorted(self.rng.sample(range(len(facts.words)), count))]

    def search(
        self, kind: str, params: dict[str, str], endpoint: str = "/api/search", expect: int = 200
    ) -> LoadRequest:
        return LoadRequest(kind, f"{endpoint}?{urlencode(params)}", expect)

    def date_range(self, day: date) -> dict[str, str]:
        """The page's year or month, sometimes open on one side."""
        if self.rng.random() < 0.5:
            low, high = date(day.year, 1, 1), date(day.year, 12, 31)
        else:
            low = date(day.year, day.month, 1)
            high = date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
        side = self.rng.random()
        if side < 0.15:
            return {"from": low.isoformat()}
        if side < 0.3:
            return {"to": high.isoformat()}
        return {"from": low.isoformat(), "to": high.isoformat()}

    def region_as_typed(self, region: str) -> str:
        return self.rng.choice((region, region.lower(), region.upper()))

    # The kinds of request.
    def one_word(self, kind: str) -> LoadRequest:
        return self.search(kind, {"q": self.word()})

    def page_query(self, kind: str) -> LoadRequest:
        return self.search(kind, {"q": " ".join(self.page_words(self.rng.choice(self.facts), 2, 3))})

    def dealt_words(self, kind: str) -> LoadRequest:
        return self.search(kind, {"q": " ".join(self.words(2, 4))})

    def passage(self, kind: str) -> LoadRequest:
        """A long query (a pasted passage): many words, so did-you-mean and the any-word fallback have work."""
        return self.search(kind, {"q": " ".join(self.words(6, 12))})

    def phrase(self, kind: str) -> LoadRequest:
        facts = self.rng.choice(self.with_phrases)
        words = list(self.rng.choice(facts.phrases)) if facts.phrases and self.rng.random() < 0.7 else self.words(2, 3)
        return self.search(kind, {"q": '"' + " ".join(words) + '"'})

    def any_word(self, kind: str) -> LoadRequest:
        return self.search(kind, {"q": " OR ".join(self.words(2, 5))})

    def exclude(self, kind: str) -> LoadRequest:
        kept = self.page_words(self.rng.choice(self.facts), 1, 2)
        operator = self.rng.choice(("-", "NOT "))
        return self.search(kind, {"q": " ".join(kept) + f" {operator}{self.word()}"})

    def date_filter(self, kind: str) -> LoadRequest:
        facts = self.rng.choice(self.dated)
        params = {"q": " ".join(self.page_words(facts, 1, 2))}
        if facts.day:
            params.update(self.date_range(facts.day))
        return self.search(kind, params)

    def region_filter(self, kind: str) -> LoadRequest:
        facts = self.rng.choice(self.regional)
        return self.search(
            kind, {"q": " ".join(self.page_words(facts, 1, 1)), "region": self.region_as_typed(facts.region)}
        )

    def sorted_by_date(self, kind: str) -> LoadRequest:
        return self.search(
            kind,
            {
                "q": " ".join(self.words(1, 2)),
                "sort": self.rng.choice(("newest", "oldest")),
                "page_size": str(self.rng.choice((10, 20, 50))),
            },
        )

    def deep_page(self, kind: str) -> LoadRequest:
        page_size = self.rng.choice((10, 20, 50))
        page = self.rng.randint(5, min(50, RESULT_WINDOW // page_size))
        return self.search(
            kind, {"q": self.rng.choice(self.frequent_words), "page": str(page), "page_size": str(page_size)}
        )

    def browse(self, kind: str) -> LoadRequest:
        facts = self.rng.choice(self.dated)
        params = {"q": "", "sort": self.rng.choice(("newest", "oldest"))}
        if facts.day and self.rng.random() < 0.5:
            params.update(self.date_range(facts.day))
        elif facts.region:
            params["region"] = self.region_as_typed(facts.region)
        return self.search(kind, params)

    def html_page(self, kind: str) -> LoadRequest:
        facts = self.rng.choice(self.facts)
        params = {"q": " ".join(self.page_words(facts, 1, 2) + self.words(0, 1))}
        if facts.region and self.rng.random() < 0.3:
            params["region"] = facts.region
        if self.rng.random() < 0.2:
            params["page"] = "2"
        return self.search(kind, params, endpoint="/")

    def atom(self, kind: str) -> LoadRequest:
        return self.search(kind, {"q": " ".join(self.words(1, 3))}, endpoint="/search.atom")

    def suggest(self, kind: str) -> LoadRequest:
        """What a reader has typed when the suggestions show: whole words, then the start of the next."""
        words = self.page_words(self.rng.choice(self.facts), 0, 1) + [self.word()]
        typed = " ".join(words[:-1] + [words[-1][: self.rng.randint(2, len(words[-1]))]])
        params = {"q": typed}
        if self.rng.random() < 0.3:
            params["format"] = "opensearch"
        return self.search(kind, params, endpoint="/api/suggest")

    def article(self, kind: str) -> LoadRequest:
        path = f"/api/article/{self.rng.choice(self.article_ids)}"
        return LoadRequest(kind, path + ("/related" if self.rng.random() < 0.3 else ""))

    def bad_parameter(self, kind: str) -> LoadRequest:
        """A parameter the server must refuse with a 400 (a 404 for an unknown article), never a 500."""
        word, rng = self.word(), self.rng
        bad: list[tuple[str, dict[str, str], int]] = [
            ("/api/search", {"q": word, "page": rng.choice(("0", "-3", "abc", "1.5"))}, 400),
            ("/api/search", {"q": word, "page_size": rng.choice(("0", "101", "5000", "ten"))}, 400),
            ("/api/search", {"q": word, "sort": invent(rng)}, 400),
            ("/api/search", {"q": word, "from": rng.choice(("2009-13-45", "yesterday", "2009-02-30"))}, 400),
            ("/api/search", {"q": word, "from": "2012-01-01", "to": "2009-01-01"}, 400),
            ("/api/search", {"q": word, "page": str(RESULT_WINDOW // 10 + rng.randint(1, 500))}, 400),
            ("/api/search", {"q": (word + " ") * (MAX_QUERY_CHARS // (len(word) + 1) + 1)}, 400),
            ("/", {"q": word, "sort": invent(rng)}, 400),
            ("/search.atom", {"q": word, "to": "not-a-date"}, 400),
            (f"/api/article/{rng.getrandbits(64):016x}", {}, 404),
            (f"/api/article/{invent(rng)}", {}, 404),
        ]
        endpoint, params, expect = rng.choice(bad)
        if not params:
            return LoadRequest(kind, endpoint, expect)
        return self.search(kind, params, endpoint=endpoint, expect=expect)


# kind: (weight in 100, how it is made)
KINDS: dict[str, tuple[int, Callable[[RequestMaker, str], LoadRequest]]] = {
    "1 word": (10, RequestMaker.one_word),
    "words of a page": (8, RequestMaker.page_query),
    "2-4 dealt words": (8, RequestMaker.dealt_words),
    "long query": (4, RequestMaker.passage),
    "phrase": (6, RequestMaker.phrase),
    "OR": (6, RequestMaker.any_word),
    "-word": (6, RequestMaker.exclude),
    "date filter": (6, RequestMaker.date_filter),
    "region filter": (6, RequestMaker.region_filter),
    "sort by date": (5, RequestMaker.sorted_by_date),
    "deep page": (5, RequestMaker.deep_page),
    "browse": (3, RequestMaker.browse),
    "HTML results page": (8, RequestMaker.html_page),
    "Atom feed": (5, RequestMaker.atom),
    "suggest": (6, RequestMaker.suggest),
    "article": (5, RequestMaker.article),
    "bad parameter": (3, RequestMaker.bad_parameter),
}


def write_request_file(requests: Sequence[LoadRequest], path: Path) -> None:
    """One path a line, as the Lua script reads it (paths are URL-encoded: no spaces, no newlines)."""
    path.write_text("".join(r.path + "\n" for r in requests), encoding="ascii")


def lines_sent(total: int, spans: Iterable[tuple[int, int]]) -> list[int]:
    """The line numbers a run sent: each wrk thread walked ``sent`` lines from ``first``, wrapping around."""
    return [(first + step) % total for first, sent in spans for step in range(sent)]


def distinct_words(requests: Sequence[LoadRequest], lines: Iterable[int]) -> set[str]:
    words: set[str] = set()
    for line in lines:
        words |= requests[line].words
    return words
