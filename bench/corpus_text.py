"""Text with the vocabulary and term statistics of a real news archive, for synthetic corpora.

The model is trained at run time from ``bbc-fulltext`` in the shared data (2,225 BBC articles
of 2004-2005 in five categories) and never stored: nothing of that text enters the repository.
A new article keeps the paragraph and sentence shape of one real article (its *topic*) and
replaces most of its sentences by sentences of other articles of the same category, so the
lengths, the word frequencies and the co-occurrences stay those of real news, while every
generated body is new.  Headlines join the first half of one real headline to the second
half of another of the category.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from whoosh.analysis import STOP_WORDS

SOURCE_SET = "bbc-fulltext"
KEEP_TOPIC_SENTENCE = 0.35
KEEP_TOPIC_HEADLINE = 0.25

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"']))\s+(?=[\"'A-Z0-9£$])")
_NAME = re.compile(r"(?<=[a-z,] )([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]")


@dataclass(frozen=True)
class SourceArticle:
    """One real article as the model uses it: category, headline, sentences per paragraph."""

    category: str
    headline: str
    paragraphs: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class GeneratedText:
    """A new article's text; ``category`` is the topic's (business, politics, sport, ...)."""

    category: str
    headline: str
    paragraphs: tuple[str, ...]


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """A paragraph's sentences (a full stop, ! or ? followed by a capital or a number starts one)."""
    return tuple(s.strip() for s in _SENTENCE_END.split(paragraph.strip()) if s.strip())


def read_source_articles(data_dir: Path) -> list[SourceArticle]:
    """Every article of ``bbc-fulltext`` under ``data_dir``, sorted by path (so runs are deterministic)."""
    folder = data_dir / SOURCE_SET / "bbc"
    paths = sorted(folder.glob("*/*.txt"))
    if not paths:
        raise FileNotFoundError(f"no {SOURCE_SET} articles under {folder}")
    articles = []
    for path in paths:
        text = path.read_bytes().decode("utf-8", errors="replace").replace("\r\n", "\n")
        headline, _, body = text.partition("\n")
        paragraphs = tuple(split_sentences(p) for p in body.split("\n\n") if p.strip())
        if headline.strip() and paragraphs:
            articles.append(SourceArticle(path.parent.name, headline.strip(), paragraphs))
    return articles


class TextModel:
    """Sentences and headlines by category, and the generator of new article texts."""

    def __init__(self, articles: list[SourceArticle]) -> None:
        if not articles:
            raise ValueError("a text model needs at least one article")
        self.articles = articles
        self.categories = sorted({a.category for a in articles})
        self.sentences: dict[str, list[str]] = {c: [] for c in self.categories}
        self.headlines: dict[str, list[str]] = {c: [] for c in self.categories}
        for article in articles:
            self.headlines[article.category].append(article.headline)
            for paragraph in article.paragraphs:
                self.sentences[article.category].extend(paragraph)

    @classmethod
    def load(cls, data_dir: Path) -> TextModel:
        return cls(read_source_articles(data_dir))

    def generate(self, rng: random.Random) -> GeneratedText:
        """A new article: a real article's shape, most sentences and half the headline from others of its category."""
        topic = rng.choice(self.articles)
        pool = self.sentences[topic.category]
        paragraphs = tuple(
            " ".join(s if rng.random() < KEEP_TOPIC_SENTENCE else rng.choice(pool) for s in paragraph)
            for paragraph in topic.paragraphs
        )
        return GeneratedText(topic.category, self.headline(topic, rng), paragraphs)

    def headline(self, topic: SourceArticle, rng: random.Random) -> str:
        if rng.random() < KEEP_TOPIC_HEADLINE:
            return topic.headline
        first = topic.headline.split()
        second = rng.choice(self.headlines[topic.category]).split()
        return " ".join(first[: max(1, len(first) // 2)] + second[len(second) // 2 :])

    def sentence(self, category: str, rng: random.Random) -> str:
        return rng.choice(self.sentences[category])

    def frequent_words(self, count: int) -> list[str]:
        """The ``count`` content words found in the most articles (for queries with many matches)."""
        document_frequency: Counter[str] = Counter()
        for article in self.articles:
            document_frequency.update({w for w in content_words(" ".join(s for p in article.paragraphs for s in p))})
        return [word for word, _ in document_frequency.most_common(count)]


def content_words(text: str) -> list[str]:
    """Lower-cased words of three letters or more that are not stop words, in order."""
    words = (w.lower() for w in _WORD.findall(text))
    return [w for w in words if len(w) >= 3 and w not in STOP_WORDS and "'" not in w]


def names_in(text: str) -> list[str]:
    """Two capitalised words inside a sentence ("Gordon Brown", "Premier League"): how readers search a name."""
    return [f"{first} {last}" for first, last in _NAME.findall(text)]
