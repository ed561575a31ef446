"""Candidates for a page's publication date, and the choice among them: the best-supported day wins.

Candidates are grouped by the day they name; independent kinds of evidence for one day add up;
modified dates count only when nothing else is there; nothing later than a Wayback capture
counts.  The winning day's most precise moment is returned, in UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from indexer.extract.dates import TextDate
from indexer.extract.tunables import (
    AGREEMENT_SHARE,
    MAX_ZONE_HOURS,
)


@dataclass
class Candidate:
    """One piece of evidence for the publication date."""

    value: datetime  # the moment, UTC
    day: date  # the day as written (before any zone conversion)
    score: float
    source: str  # "jsonld", "meta:<name>", "itemprop", "time", "text", "url", "modified"
    alternatives: tuple[date, ...] = ()  # other days an ambiguous numeric date can be (text only)
    text_date: TextDate | None = None  # the date as written in the text
    notes: list[str] = field(default_factory=list)
    timed: bool = False  # gives a time of day
    zoned: bool = False  # gives a time zone or offset

    @property
    def kind(self) -> str:
        return "meta" if self.source.startswith("meta:") else self.source

    def __repr__(self) -> str:  # for debugging and test failure messages
        return f"<{self.source} {self.day} {self.score:.2f} {' '.join(self.notes)}>"


def best_candidate(candidates: list[Candidate], captured_at: datetime | None = None) -> Candidate | None:
    """The best candidate of the best-supported day.

    Candidates are grouped by the day they name.  A day's support is its best score plus
    AGREEMENT_SHARE of the best score of each other kind of source naming it (JSON-LD, meta
    tags, ``itemprop``, ``<time>``, the text, the URL): independent evidence adds up, many
    dates of one kind do not.  Modified dates only count when nothing else does.
    """
    latest = captured_at + timedelta(days=1) if captured_at else None
    usable = [c for c in candidates if latest is None or c.value <= latest]
    published = [c for c in usable if c.source != "modified"]
    pool = published or usable
    if not pool:
        return None
    kinds: dict[date, dict[str, float]] = {}
    best_of: dict[date, Candidate] = {}
    for candidate in pool:
        scores = kinds.setdefault(candidate.day, {})
        kind = candidate.kind
        scores[kind] = max(scores.get(kind, candidate.score), candidate.score)
        if candidate.day not in best_of or candidate.score > best_of[candidate.day].score:
            best_of[candidate.day] = candidate

    def support(day: date) -> float:
        scores = sorted(kinds[day].values(), reverse=True)
        return scores[0] + AGREEMENT_SHARE * sum(max(0.0, score) for score in scores[1:])

    day = max(kinds, key=lambda d: (support(d), best_of[d].score))
    if support(day) <= 0:
        return None
    return _most_precise(best_of[day], [c for c in pool if c.day == day], usable)


def _most_precise(winner: Candidate, group: list[Candidate], usable: list[Candidate]) -> Candidate:
    """The candidate that gives the winning day's moment best: one with a time zone, else one
    with a time.  A sitemap-style naive time ("2013-11-04 20:57:25", the site's local time)
    is the same instant as a zoned one a whole number of hours away ("2013-11-05T01:57:25Z")."""
    if winner.zoned:
        return winner
    for naive in sorted((c for c in group if c.timed and not c.zoned), key=lambda c: -c.score):
        for zoned in sorted((c for c in usable if c.zoned), key=lambda c: -c.score):
            delta = abs((zoned.value - naive.value).total_seconds())
            if delta <= MAX_ZONE_HOURS * 3600 and delta % 1800 == 0:  # whole half-hours
                return zoned
    for wanted in ("zoned", "timed"):
        found = [c for c in group if getattr(c, wanted)]
        if found:
            return max(found, key=lambda c: c.score)
    return winner
