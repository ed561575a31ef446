"""BBC News story templates 2005-2013 on the real msv-big9 pages, against their meta tags and gold text.

Expected headline, date and region come from each page's own ``Headline``,
``OriginalPublicationDate`` and ``Section`` meta tags, read with a plain regular expression;
the body is scored with bag-of-words F1 against ``gold/<stem>.txt`` (windows-1252; line 1 is the
headline, the rest the body).
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.scoring import token_prf
from indexer.extract import extract_file, extract_html

MSV = "msv-big9"
ERAS = ("big5-05", "big5-09", "big5-13")
MIN_BODY_F1 = 0.97

# The BBC pages of msv-big9, by file name (the MANIFEST is read at test time for the site).
_META = re.compile(rb'<meta\s+name="(Headline|OriginalPublicationDate|Section)"\s+content="([^"]*)"', re.IGNORECASE)


def bbc_pages(data: Path) -> list[Path]:
    manifest = data / MSV / "MANIFEST.tsv"
    pages = []
    for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
        fields = line.split("\t")
        if fields[2] == "bbc.co.uk":
            pages.append(data / MSV / "Extraction" / fields[0])
    return pages


def page_meta(path: Path) -> dict[str, str]:
    found: dict[str, str] = {}
    for name, value in _META.findall(path.read_bytes()):
        # as the page gives it, entities decoded; surrounding whitespace is not part of a value
        found.setdefault(name.decode(), " ".join(html.unescape(value.decode("utf-8", "replace")).split()))
    return found


def gold_for(path: Path) -> tuple[str, str]:
    gold = path.parent.parent / "gold" / (path.stem + ".txt")
    text = gold.read_bytes().decode("cp1252", "replace").replace("\r\n", "\n")
    headline, _, body = text.partition("\n")
    return headline.strip(), body


def _page_ids() -> list[str]:
    """Page ids for parametrizing (era/name); resolved against the data at test time."""
    from tests.shared_data import shared_data_dir

    data = shared_data_dir()
    if not (data / MSV / "MANIFEST.tsv").is_file():
        return [f"{era}/missing" for era in ERAS]
    return [f"{p.parent.parent.name}/{p.name}" for p in bbc_pages(data)]


PAGE_IDS = _page_ids()


def _resolve(shared_data: Path, page_id: str) -> Path:
    era, name = page_id.split("/", 1)
    path = shared_data / MSV / "Extraction" / era / "html" / name
    if not path.is_file():
        pytest.fail(f"BBC page {page_id} not found in {shared_data / MSV}")
    return path


def test_all_three_eras_have_ten_bbc_pages(shared_data):
    pages = bbc_pages(shared_data)
    for era in ERAS:
        assert sum(1 for p in pages if p.parent.parent.name == era) == 10, era


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_bbc_page(shared_data, page_id):
    path = _resolve(shared_data, page_id)
    meta = page_meta(path)
    assert {"Headline", "OriginalPublicationDate", "Section"} <= meta.keys()
    article = extract_file(path, shared_data / MSV)

    if page_id.startswith("big5-13"):
        # The 2013 template shows the story's headline in h1.story-header (the gold's line 1);
        # its Headline meta tag holds the shorter index headline.
        assert article.headline == gold_for(path)[0]
    else:
        assert article.headline == meta["Headline"]  # 2005, 2009: the meta tag is the visible headline
    expected_date = datetime.strptime(meta["OriginalPublicationDate"], "%Y/%m/%d %H:%M:%S").replace(tzinfo=UTC)
    assert article.date == expected_date
    assert article.date.tzinfo is not None and article.date.utcoffset().total_seconds() == 0
    assert article.region == meta["Section"]
    assert article.source == path.relative_to(shared_data / MSV).as_posix()

    _, gold_body = gold_for(path)
    precision, recall, f1 = token_prf(article.body, gold_body)
    assert f1 >= MIN_BODY_F1, f"body F1 {f1:.3f} (P {precision:.3f}, R {recall:.3f})"

    # Page furniture that must never reach the body.
    for furniture in (
        "Page last updated",
        "Last Updated:",
        "Print Sponsor",
        "E-mail this to a friend",
        "Printable version",
        "not responsible for the content of external",
        "Wayback Machine",
        "Bookmark with",
        "Share this page",
        "Most Popular Now",
        "FROM OTHER NEWS SITES",
        "Related Stories",
        "Please turn on JavaScript",
    ):
        assert furniture.lower() not in article.body.lower(), furniture


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_bbc_original_url_from_the_capture(shared_data, page_id):
    path = _resolve(shared_data, page_id)
    article = extract_file(path, shared_data / MSV)
    assert "archive.org" not in article.url
    assert re.fullmatch(r"http://(news|www)\.bbc\.co\.uk/[\w/.-]+", article.url), article.url
    if page_id.startswith(("big5-05", "big5-09")):
        assert re.search(r"/hi/[\w/-]+/\d+\.stm$", article.url), article.url
    else:
        assert re.search(r"/news/[\w-]+-\d+$", article.url), article.url


_HEAD_META = re.compile(
    rb'<meta\s+(?:name|property)="(?:Headline|OriginalPublicationDate|Section|rnews:[a-zA-Z]+|og:title)"[^>]*>',
    re.IGNORECASE,
)


@pytest.mark.parametrize("page_id", PAGE_IDS)
def test_bbc_fallbacks_without_head_metadata(shared_data, page_id):
    """Without the meta tags, the visible page gives the same headline, date (to the minute) and region."""
    path = _resolve(shared_data, page_id)
    meta = page_meta(path)
    stripped = _HEAD_META.sub(b"", path.read_bytes())
    assert b'name="Headline"' not in stripped
    article = extract_html(stripped, source=page_id)

    gold_headline, gold_body = gold_for(path)
    if page_id.startswith("big5-13"):
        # The 2013 template's visible headline is the long one (the gold's line 1); the meta tag
        # holds the short index headline.
        assert article.headline == gold_headline.strip()
    else:
        assert article.headline == meta["Headline"]
    expected = datetime.strptime(meta["OriginalPublicationDate"], "%Y/%m/%d %H:%M:%S").replace(tzinfo=UTC)
    assert article.date is not None
    assert article.date == expected.replace(second=0), "the visible time has minutes only"
    assert article.region == meta["Section"]
    assert token_prf(article.body, gold_body)[2] >= MIN_BODY_F1


def test_intertitles_are_their_own_paragraphs(shared_data):
    path = shared_data / MSV / "Extraction" / "big5-09" / "html" / "climate (1).htm"
    if not path.is_file():
        pytest.fail(f"missing {path}")
    article = extract_file(path, shared_data / MSV)
    assert "Greater clarity" in article.paragraphs
    assert article.paragraphs[0].startswith("More bad news on climate change is expected")
    assert "Matt McGrath" not in article.body  # byline
    assert "Scientists will present the most recent data" not in article.body  # picture caption


def test_bbc_eras_summary(shared_data):
    """Per era, the mean body F1 is well above the per-page floor (guards against slow decay)."""
    by_era: dict[str, list[float]] = {}
    for path in bbc_pages(shared_data):
        article = extract_file(path, shared_data / MSV)
        by_era.setdefault(path.parent.parent.name, []).append(token_prf(article.body, gold_for(path)[1])[2])
    for era, scores in by_era.items():
        assert sum(scores) / len(scores) >= 0.985, (era, scores)
