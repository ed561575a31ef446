"""search/opensearch/analysis.py: every text of a query analysed in one request, each token back to its text by its
offset (counted in UTF-16, as the cluster counts), and remembered."""

from __future__ import annotations

import re
from typing import Any

from search.opensearch.analysis import SEPARATOR, Analyser


class Cluster:
    """The ``_analyze`` API of a lower-casing word tokenizer, with Java's offsets; counts its requests."""

    def __init__(self) -> None:
        self.requests: list[str] = []

    def analyze(self, analyzer: str, text: str) -> dict[str, Any]:
        self.requests.append(text)
        tokens = []
        for position, match in enumerate(re.finditer(r"\w+", text)):
            start = len(text[: match.start()].encode("utf-16-le")) // 2
            end = start + len(match.group(0).encode("utf-16-le")) // 2
            tokens.append(
                {"token": match.group(0).lower(), "start_offset": start, "end_offset": end, "position": position}
            )
        return {"tokens": tokens}


def test_each_token_goes_back_to_its_text_even_after_characters_outside_the_bmp() -> None:
    cluster = Cluster()
    tokens = Analyser(cluster.analyze, "text").tokens(["\U0001f600 Flood", "e-mail", "--", "𝔘𝔫𝔦 Zürich", "river"])
    assert tokens == {
        "\U0001f600 Flood": ("flood",),
        "e-mail": ("e", "mail"),
        "--": (),
        "𝔘𝔫𝔦 Zürich": ("𝔘𝔫𝔦", "zürich"),
        "river": ("river",),
    }
    assert cluster.requests == [SEPARATOR.join(["\U0001f600 Flood", "e-mail", "--", "𝔘𝔫𝔦 Zürich", "river"])]


def test_known_texts_are_not_asked_again_and_the_memory_is_bounded() -> None:
    cluster = Cluster()
    analyser = Analyser(cluster.analyze, "text", size=3)
    analyser.tokens(["flood", "river"])
    assert analyser.tokens(["river", "flood", "ferry"]) == {
        "river": ("river",),
        "flood": ("flood",),
        "ferry": ("ferry",),
    }
    assert cluster.requests == [f"flood{SEPARATOR}river", "ferry"]
    analyser.tokens(["tram"])  # pushes out the least recently used ("river")
    analyser.tokens(["flood", "river"])
    assert cluster.requests[-1] == "river" and analyser.tokens([]) == {}
