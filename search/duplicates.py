"""Near-duplicate detection: which documents are versions of the same story.

Re-captures, low-graphics and print versions, updates and syndicated copies share almost
all of their body text. Each body becomes a set of word 5-shingles; its *bottom-k sketch*
(the k smallest shingle hashes) estimates the Jaccard similarity of two bodies (Broder
1997). The few smallest hashes also serve as blocking keys, so candidates are found with a
term lookup in the index instead of a comparison with every document.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

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
    def of(cls, body: str) -> "Sketch":
        words = _WORD.findall(body.lower())
        shingles = {" ".join(words[i:i + SHINGLE_WORDS]) for i in range(max(1, len(words) - SHINGLE_WORDS + 1))}
        hashes = sorted({_hash64(s) for s in shingles if s})
        return cls(tuple(hashes[:SKETCH_SIZE])) if len(shingles) >= MIN_SHINGLES else cls(())

    @classmethod
    def parse(cls, text: str) -> "Sketch":
        return cls(tuple(int(part, 16) for part in text.split())) if text else cls(())

    def serialize(self) -> str:
        return " ".join(f"{h:016x}" for h in self.hashes)

    @property
    def usable(self) -> bool:
        """Too short a body says nothing about being the same story."""
        return bool(self.hashes)

    def blocking_keys(self) -> list[str]:
        return [f"{h:016x}" for h in self.hashes[:BLOCKING_KEYS]]

    def similarity(self, other: "Sketch") -> float:
        """Estimated Jaccard similarity: the share of the union's bottom-k found in both sketches."""
        if not self.usable or not other.usable:
            return 0.0
        mine, theirs = set(self.hashes), set(other.hashes)
        union_bottom = sorted(mine | theirs)[: min(SKETCH_SIZE, len(mine | theirs))]
        return sum(1 for h in union_bottom if h in mine and h in theirs) / len(union_bottom)

    def same_story(self, other: "Sketch") -> bool:
        return self.similarity(other) >= SAME_STORY_SIMILARITY


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")
