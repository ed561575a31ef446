"""Bag-of-words scoring of extracted text against ground truth.

``tokens(text)`` lower-cases ``text`` and takes every match of the regular expression ``\\w+``
(Unicode word characters: letters, digits, underscore; punctuation and whitespace separate
tokens) into a multiset (``collections.Counter``): the order of words does not matter, how often
each occurs does.

``token_prf(predicted, gold)`` compares the two multisets ``P = tokens(predicted)`` and
``G = tokens(gold)``.  The overlap is their multiset intersection ``P & G`` (for each token the
smaller of its two counts), and with ``|X|`` the total count of a multiset::

    precision = |P & G| / |P|
    recall    = |P & G| / |G|
    f1        = 2 * precision * recall / (precision + recall)   (0.0 when both are 0)

Edge cases: both texts without tokens -> (1.0, 1.0, 1.0); only one of them without tokens ->
(0.0, 0.0, 0.0) (nothing predicted, or nothing to find: neither is a match).
"""

from __future__ import annotations

import re
from collections import Counter

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> Counter:
    """The lower-cased ``\\w+`` tokens of ``text`` as a bag (multiset)."""
    return Counter(_TOKEN.findall(text.lower())) if text else Counter()


def token_prf(predicted: str, gold: str) -> tuple[float, float, float]:
    """(precision, recall, f1) of ``predicted`` against ``gold`` by bag-of-words overlap (see module doc)."""
    p_tokens = tokens(predicted)
    g_tokens = tokens(gold)
    p_total = sum(p_tokens.values())
    g_total = sum(g_tokens.values())
    if p_total == 0 and g_total == 0:
        return 1.0, 1.0, 1.0
    if p_total == 0 or g_total == 0:
        return 0.0, 0.0, 0.0
    overlap = sum((p_tokens & g_tokens).values())
    precision = overlap / p_total
    recall = overlap / g_total
    if precision + recall == 0:
        return precision, recall, 0.0
    return precision, recall, 2 * precision * recall / (precision + recall)
