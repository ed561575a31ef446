"""The query's words as the index analyses them, asked of the cluster (``_analyze``) and remembered.

The translation of a query needs to know what each typed word becomes before it builds the
query: a stop word drops out of its group (``the flood`` is ``flood``), a word of several tokens
requires them all (``e-mail``), a query of nothing but stop words is searched as plain words, and
the any-word fallback must see the words that are searched. The index's own analyzer decides, so
no Python copy of it can drift from what was indexed. All the words of a query go in one request,
and each text's tokens are remembered (a bounded cache), so a repeated word costs nothing.
"""

from __future__ import annotations

import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from typing import Any

CACHE_SIZE = 20_000
"""Texts remembered per analyzer (a word and its tokens: a few hundred bytes each)."""
SEPARATOR = "\n\n"
"""Between two texts sent in one request; no analyzer token spans it (the tokenizer's pattern is ``\\w+...``)."""

Analyze = Callable[[str, str], dict[str, Any]]
"""(analyzer, text) -> the ``_analyze`` API's answer."""


class Analyser:
    """Tokens of texts by one of the index's analyzers; thread-safe."""

    def __init__(self, analyze: Analyze, analyzer: str, size: int = CACHE_SIZE) -> None:
        self._analyze = analyze
        self._analyzer = analyzer
        self._size = size
        self._cache: OrderedDict[str, tuple[str, ...]] = OrderedDict()
        self._lock = threading.Lock()

    def tokens(self, texts: Iterable[str]) -> dict[str, tuple[str, ...]]:
        """Each text's tokens, in order (empty for a stop word or punctuation)."""
        wanted = list(dict.fromkeys(texts))
        found: dict[str, tuple[str, ...]] = {}
        with self._lock:
            for text in wanted:
                if text in self._cache:
                    self._cache.move_to_end(text)
                    found[text] = self._cache[text]
        missing = [text for text in wanted if text not in found]
        if missing:
            fresh = self._ask(missing)
            found.update(fresh)
            with self._lock:
                self._cache.update(fresh)
                while len(self._cache) > self._size:
                    self._cache.popitem(last=False)
        return found

    def _ask(self, texts: list[str]) -> dict[str, tuple[str, ...]]:
        """One ``_analyze`` request for every text: each token goes back to the text its offset falls in."""
        starts: list[int] = []
        position = 0
        for text in texts:
            starts.append(position)
            position += _java_length(text) + len(SEPARATOR)
        answer = self._analyze(self._analyzer, SEPARATOR.join(texts))
        tokens: dict[str, list[str]] = {text: [] for text in texts}
        for token in sorted(answer.get("tokens", ()), key=lambda t: (t["start_offset"], t.get("position", 0))):
            owner = bisect_right(starts, token["start_offset"]) - 1
            tokens[texts[owner]].append(token["token"])
        return {text: tuple(found) for text, found in tokens.items()}


def _java_length(text: str) -> int:
    """The length of ``text`` as the cluster counts offsets: in UTF-16 code units (an emoji is two)."""
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
