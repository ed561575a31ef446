"""Headline and body analysed in the extraction workers, so that the reindex's one writer only writes.

Whoosh analyses a text field inside ``SegmentWriter.add_document``: tokenizing, folding, dropping
stop words, stemming and encoding every word's positions, in pure Python, in the one process that
writes the index. Profiled on the benchmark's archive (bench/README.md), that was about a third of
the writer's time while the two extraction workers waited for it. ``analyse`` runs the very same
``field.index()`` of the schema's fields where the page was extracted; ``PreAnalysedText`` is a
TEXT field whose ``index()`` takes those postings as they are (``SegmentWriter.add_document``
stores the text given as ``_stored_<field>``), and analyses plain text as TEXT does.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from whoosh import fields

from search.model import Article

Posting = tuple[bytes, int, float, bytes]
"""One word of a field as ``FieldType.index`` gives it: the word's bytes, its frequency, its weight and
its encoded positions."""
ANALYSED_FIELDS = ("headline", "body")


@dataclass(frozen=True)
class AnalysedText:
    """A field's postings, made from ``text`` by the schema's own field."""

    text: str
    postings: tuple[Posting, ...]


class PreAnalysedText(fields.TEXT):
    """A TEXT field that also takes an ``AnalysedText``: its postings are indexed without analysing again."""

    def index(self, value: Any, **kwargs: Any) -> Iterator[Posting]:
        if isinstance(value, AnalysedText):
            return iter(value.postings)
        return super().index(value, **kwargs)


@dataclass(frozen=True)
class AnalysedArticle:
    """What ``analyse`` made of an article: the postings of its headline and body."""

    headline: AnalysedText
    body: AnalysedText

    def document_fields(self, article: Article) -> dict[str, Any]:
        """The fields to give ``add_document`` in place of the plain texts, or nothing when ``article``'s
        texts are not the ones analysed (the writer then analyses them itself)."""
        if (self.headline.text, self.body.text) != (article.headline, article.body):
            return {}
        return {
            "headline": self.headline,
            "_stored_headline": article.headline,
            "body": self.body,
            "_stored_body": article.body,
        }


def analyse(article: Article) -> AnalysedArticle:
    """The article's headline and body as the schema's fields index them (runs in an extraction worker)."""
    from search.whoosh.schema import SCHEMA  # the schema's fields are of this module's class

    def postings(name: str, text: str) -> AnalysedText:
        return AnalysedText(text, tuple(SCHEMA[name].index(text)))

    return AnalysedArticle(postings("headline", article.headline), postings("body", article.body))
