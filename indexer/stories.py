"""Story grouping: which documents are versions of the same story, found while indexing.

Re-captures, low-graphics and print versions, updates and syndicated copies share almost
all of their body text. Each body becomes a set of word 5-shingles; its *bottom-k sketch*
(the k smallest shingle hashes) estimates the Jaccard similarity of two bodies (Broder
1997). The few smallest hashes also serve as blocking keys, so candidates are found with a
term lookup in the index (``IndexWriter.story_candidates``) instead of a comparison with
every document. The indexer gives each document its story before the engine sees it; an
engine only stores the story, the sketch and the keys, and groups results by story.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import chain

from search import IndexWriter
from search.config import MAX_STORY_CANDIDATES
from search.model import Article, IndexedArticle, StoryCandidate, document_id

SHINGLE_WORDS = 5
SKETCH_SIZE = 64
BLOCKING_KEYS = 8
MIN_SHINGLES = 8
SAME_STORY_SIMILARITY = 0.6

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Sketch:
    """The bottom-k hashes of a body's shingles, ascending."""

    hashes: tuple[int, ...]

    @classmethod
    def of(cls, body: str) -> Sketch:
        words = _WORD.findall(body.lower())
        shingles = {" ".join(words[i : i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
        hashes = sorted({_hash64(s) for s in shingles if s})
        return cls(tuple(hashes[:SKETCH_SIZE])) if len(shingles) >= MIN_SHINGLES else cls(())

    @property
    def usable(self) -> bool:
        """Too short a body says nothing about being the same story."""
        return bool(self.hashes)

    def blocking_keys(self) -> list[str]:
        return [f"{h:016x}" for h in self.hashes[:BLOCKING_KEYS]]

    def similarity(self, other: Sketch) -> float:
        """Estimated Jaccard similarity: the share of the union's bottom-k found in both sketches."""
        if not self.usable or not other.usable:
            return 0.0
        mine, theirs = set(self.hashes), set(other.hashes)
        union_bottom = sorted(mine | theirs)[: min(SKETCH_SIZE, len(mine | theirs))]
        return sum(1 for h in union_bottom if h in mine and h in theirs) / len(union_bottom)


class StoryAssigner:
    """Gives each new document the story id of a near-duplicate, or its own id.

    Candidates come from the index being written (by blocking key, through the writer) and
    from the documents given a story earlier by this assigner, which the index may not show
    yet (they are not committed, or a rebuild's writer looks only at what it started from).
    Each key remembers at most MAX_STORY_CANDIDATES of those documents, as the writer's lookup
    answers at most that many: a key shared by thousands of pages (a stock sentence) would
    otherwise make every new page a comparison with all of them (at 100,000 pages of the
    benchmark's archive that was a fifth of a rebuild's time), and a version of a story shares
    its other keys with it too. A candidate found through several keys is compared once, and
    one that shares too few hashes to reach the threshold is not compared at all.
    """

    def __init__(self, writer: IndexWriter) -> None:
        self._writer = writer
        self._pending: dict[str, list[StoryCandidate]] = {}

    def indexed(
        self, article: Article, fingerprint: str = "", *, sketch: Sketch | None = None, analysed: object = None
    ) -> IndexedArticle:
        """The article as a writer takes it: with its fingerprint, its story and its sketch (computed here
        unless the extraction worker did), and what the engine's analyser made of it, if anything."""
        sketch = Sketch.of(article.body) if sketch is None else sketch
        story = self.story_for(document_id(article.source), sketch)
        return IndexedArticle(article, fingerprint, story, sketch.hashes, tuple(sketch.blocking_keys()), analysed)

    def story_for(self, doc_id: str, sketch: Sketch) -> str:
        if not sketch.usable:
            return doc_id
        best_story, best_similarity = doc_id, 0.0
        mine = frozenset(sketch.hashes)
        for candidate in self._candidates(sketch):
            if candidate.id == doc_id:
                continue
            shared = len(mine.intersection(candidate.sketch))
            if shared < SAME_STORY_SIMILARITY * min(SKETCH_SIZE, len(mine) + len(candidate.sketch) - shared):
                continue  # the similarity counts hashes of both sketches only: it cannot reach the threshold
            similarity = sketch.similarity(Sketch(candidate.sketch))
            if similarity >= SAME_STORY_SIMILARITY and similarity > best_similarity:
                best_story, best_similarity = candidate.story, similarity
        remembered = StoryCandidate(doc_id, best_story, sketch.hashes)
        for key in sketch.blocking_keys():
            known = self._pending.setdefault(key, [])
            if len(known) < MAX_STORY_CANDIDATES:
                known.append(remembered)
        return best_story

    def _candidates(self, sketch: Sketch) -> Iterator[StoryCandidate]:
        keys = sketch.blocking_keys()
        seen: set[str] = set()
        for candidate in chain(
            chain.from_iterable(self._pending.get(key, ()) for key in keys), self._writer.story_candidates(keys)
        ):
            if candidate.id not in seen:
                seen.add(candidate.id)
                yield candidate


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")
