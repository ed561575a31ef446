"""The publication date of a page: candidate dates with their evidence, scored, the best day wins.

Candidates come from (each source a module of its own):

* the page's structured data (:mod:`.date_markup`): JSON-LD ``datePublished``/``dateCreated``,
  ``article:published_time`` and the other meta names sites use (``date``, ``pubdate``,
  ``DC.date.issued``, ``sailthru.date``, ``parsely-pub-date``, ``OriginalPublicationDate``...);
* ``<time datetime>``, ``itemprop="datePublished"`` and hAtom ``<abbr class="published">``
  elements near the article (anywhere in the page only when nothing else is found;
  :mod:`.date_markup`);
* dates written in the text near the article (:mod:`.date_written`): in the lines (text between
  block boundaries) around the headline, from before the body's first paragraph to its third,
  and just after its last one ("Posted on Fri, Jan. 18, 2008", "Published: 16 January 2008",
  "Release: 01/10/2008", "By X | January 18, 2008", "기사입력 2018-08-25", a dateline, a date
  closing the story);
* the date in the URL path (:func:`.dates.date_from_url`).

A written date scores by its context: a "Posted"/"Published" word or a byline before it, a date
class on its element, a place between the headline and the story, closeness to the headline or
the body raise it; an "Updated" word, the page's header, navigation or other chrome, a list of
dates of other days, a sentence around it, a "since"/"until"/"©" before it lower it.  Dates far
from the article are not candidates: a masthead shows the day the page was served, not the
story's; nor are dates in reader comments.

Candidates are grouped by the day they name (:mod:`.date_choice`); independent kinds of evidence for one day add up;
modified dates and meta tags of that kind count only when nothing else is there; nothing later
than a Wayback capture counts.  The winning day's most precise moment is returned, in UTC.

Numeric dates that read both ways (``01/10/2008``) are settled (:mod:`.date_order`) by a named weekday, by agreement
with another candidate, by not being later than every other date of the page, then by the page's
language or country (``en-GB``, ``.co.uk``, ``.au``, ``.in``, ``de``... day first; ``en-US``,
``.us`` month first), then by how the page writes its other dates, else month first.
"""

from __future__ import annotations

from datetime import datetime

from lxml import etree

from indexer.extract import wayback
from indexer.extract.content import Selection
from indexer.extract.date_choice import Candidate, best_candidate
from indexer.extract.date_markup import MARKED_XPATH, add_marked, add_structured
from indexer.extract.date_order import day_first_hint, settle_ambiguous
from indexer.extract.date_written import written_candidates
from indexer.extract.dates import date_from_url
from indexer.extract.metadata import PageMetadata
from indexer.extract.survey import Survey
from indexer.extract.tunables import (
    MAX_MARKED,
    SCORE_URL,
)

# -- entry point --------------------------------------------------------------------------------


def choose_date(
    root: etree._Element,
    meta: PageMetadata,
    url: str,
    found: Survey | None = None,
    selection: Selection | None = None,
    headline: str = "",
) -> datetime | None:
    """The publication date of a page (UTC), or None; never later than a Wayback capture."""
    best = best_candidate(date_candidates(root, meta, url, found, selection, headline), capture_time(root, meta))
    return best.value if best is not None else None


def capture_time(root: etree._Element, meta: PageMetadata) -> datetime | None:
    """When the page was captured by the Wayback Machine, or None when it is not a capture.

    A page that merely links to an archived page (``web.archive.org/web/2019.../...`` in its
    text) is not a capture: a capture has the toolbar's URL, or its own resources rewritten.
    """
    if meta.captured_at is None:
        return None
    if meta.base_url:
        return meta.captured_at
    for value in root.xpath("(//link/@href | //script/@src | //img/@src)[position() <= 20]"):
        if "/web/" in value and wayback.is_archive_url(value):
            return meta.captured_at
    return None


# -- candidates ---------------------------------------------------------------------------------


def date_candidates(
    root: etree._Element,
    meta: PageMetadata,
    url: str,
    found: Survey | None = None,
    selection: Selection | None = None,
    headline: str = "",
) -> list[Candidate]:
    """Every candidate publication date of the page with its score (see the module docstring)."""
    out: list[Candidate] = []
    add_structured(meta, out)
    value = date_from_url(url)
    if value is not None:
        out.append(Candidate(value, value.date(), SCORE_URL, "url"))
    marked: list = []
    if found is not None and found.elements:
        day_first, sure = day_first_hint(root, meta, url)
        out.extend(written_candidates(found, selection, headline, day_first, marked))
        if any(candidate.alternatives for candidate in out):
            settle_ambiguous(out, found, day_first, sure)
    add_marked(marked[:MAX_MARKED], out)
    if not out:  # nothing near the article: a <time> or itemprop date anywhere
        add_marked(root.xpath(MARKED_XPATH)[:MAX_MARKED], out)
    return out
