"""Extraction benchmark: newsearch's extractor against trafilatura, readability-lxml, jusText and
htmldate, side by side on the same real pages, scored against each data set's ground truth.

    python bench/extraction.py [--data DIR] [--sets msv-big9,l3s-gn1,scrapinghub-aeb]
                               [--peers trafilatura,readability,justext,htmldate] [--json OUT]
                               [--sites N] [--write-floors FILE]

Data (``--data``, else ``$NEWSEARCH_SHARED_DATA``, else ``../shared/data`` beside the project):

* ``msv-big9``: ``Extraction/<cluster>/html/<stem>.htm(l)``; ground truth ``gold/<stem>.txt``
  (UTF-8 when it is valid UTF-8, else windows-1252): line 1 is the headline, the rest the body.
  The site is MANIFEST.tsv's ``site`` column.  The 30 ``bbc.co.uk`` pages also form the row group
  ``bbc``; their date (``OriginalPublicationDate``, GMT, compared by day) and region (``Section``)
  are labelled by their meta tags, as listed in MANIFEST.tsv.
* ``l3s-gn1``: ``original/<uuid>.html``; ground truth ``annotated/<uuid>.html``
  (:func:`read_l3s_annotation`): the headline is the text under ``x-nc-sel1``, the body the text
  under ``x-nc-sel2``.  The site is the URL's host in ``url-mapping.txt``.
* ``scrapinghub-aeb``: ``html/<id>.html.gz``; ground truth ``ground-truth.json`` ``articleBody``
  (no headline).  The site is the host of its ``url``.
* Publication dates of other pages: ``tests/data/dates.tsv`` (hand-labelled; path, date, where).

Every extractor is given the same page.  newsearch gets the raw bytes (gunzipped), so that its own
charset detection is part of what is measured; the peers get text that this module decodes the
same way for all of them (:func:`decode_for_peers`).

Scores (see bench/README.md for the exact definitions):

* body precision / recall / F1: :func:`bench.scoring.token_prf` (bags of lower-cased ``\\w+``
  tokens) per page, then the plain mean over the pages of the group (a page without output
  scores 0);
* on scrapinghub-aeb also that benchmark's own metric (:func:`shingle_tp_fp_fn`,
  :func:`shingle_summary`): 4-token shingles, per-page normalised TP/FP/FN, mean precision and
  mean recall, F1 of the two means;
* headline: exact match after :func:`normalize_headline` (whitespace collapsed, curly quotes made
  straight, no case folding);
* date: the extracted publication day equals the labelled day (a page without a date is a miss);
  region: equals the BBC ``Section`` meta (BBC pages only);
* time: wall-clock ms per page of each extractor call (parsing included), one core, sequential,
  after one warm-up page; median and p95 (nearest rank).

Per-page scores of every extractor go to ``--json`` (default ``bench/results/extraction.json``,
git-ignored) so that a regression can be pinned to a page.  The peers are development-only
(``pip install -e '.[bench]'``) and imported lazily: this module, and its scoring functions used
by tests/test_extraction_gate.py, import without them.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script: make bench/ and indexer/ importable
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.scoring import token_prf
from bench.shared_data import DATA_ENV_VAR, shared_data_dir
from bench.timing import percentile

DEFAULT_JSON = PROJECT_ROOT / "bench" / "results" / "extraction.json"
DATES_TSV = PROJECT_ROOT / "tests" / "data" / "dates.tsv"
FLOORS_JSON = PROJECT_ROOT / "tests" / "data" / "extraction_floors.json"

SETS: tuple[str, ...] = ("msv-big9", "l3s-gn1", "scrapinghub-aeb")
BBC_GROUP = "bbc"
GROUPS: tuple[str, ...] = ("msv-big9", BBC_GROUP, "l3s-gn1", "scrapinghub-aeb", "all")
"""Row groups of the table: the three sets, the 30 BBC pages of msv-big9, and all pages."""

NEWSEARCH = "newsearch"
PEERS: tuple[str, ...] = ("trafilatura", "readability", "justext", "htmldate")
EXTRACTORS: tuple[str, ...] = (NEWSEARCH, *PEERS)
HEADLINE_EXTRACTORS = frozenset({NEWSEARCH, "trafilatura", "readability"})
BODY_EXTRACTORS = frozenset({NEWSEARCH, "trafilatura", "readability", "justext"})
DATE_EXTRACTORS = frozenset({NEWSEARCH, "trafilatura", "htmldate"})
REGION_EXTRACTORS = frozenset({NEWSEARCH})

MSV_DIR = "msv-big9"
L3S_GLOB = "l3s-gn1/*/original"
AEB_DIR = "scrapinghub-aeb"
BBC_SITE = "bbc.co.uk"
SHINGLE_N = 4


# --------------------------------------------------------------------------- pages and ground truth


@dataclass
class Page:
    """One page of a data set and what its ground truth says (None: not labelled)."""

    set: str
    path: str  # relative to the data directory, posix
    site: str
    gold_body: str
    gold_headlines: tuple[str, ...] = ()  # accepted headlines (empty: no headline ground truth)
    gold_date: date | None = None
    date_where: str = ""
    gold_region: str | None = None
    bbc: bool = False
    lossy_gold: bool = False  # the gold replaced characters it could not encode by "?"

    @property
    def groups(self) -> tuple[str, ...]:
        return (self.set, BBC_GROUP, "all") if self.bbc else (self.set, "all")


def data_dir_default() -> Path:
    """``$NEWSEARCH_SHARED_DATA``, else ``../shared/data`` beside the project."""
    return shared_data_dir()


def decode_gold(data: bytes) -> str:
    """Ground-truth text: UTF-8 when the bytes are valid UTF-8, else windows-1252."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", "replace")


def site_of(url: str) -> str:
    """The host of ``url``, lower-cased, without a leading ``www.``."""
    host = (urlsplit(url.strip()).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


def parse_bbc_date(value: str) -> date | None:
    """The day of a BBC ``OriginalPublicationDate`` meta (``2009/03/10 02:18:37``, GMT)."""
    match = re.match(r"\s*(\d{4})/(\d{1,2})/(\d{1,2})", value or "")
    return date(int(match.group(1)), int(match.group(2)), int(match.group(3))) if match else None


def load_dates(path: Path = DATES_TSV) -> dict[str, tuple[date, str]]:
    """``tests/data/dates.tsv``: page path (relative to the data dir) -> (publication day, where)."""
    if not path.is_file():
        return {}
    labels: dict[str, tuple[date, str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            labels[row["path"]] = (date.fromisoformat(row["date"]), row.get("where", ""))
    return labels


def load_msv(data: Path) -> list[Page]:
    root = data / MSV_DIR
    pages = []
    with (root / "MANIFEST.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            html_rel = row["html_path(relative to Extraction/)"]
            gold = decode_gold((root / "Extraction" / row["gold_path"]).read_bytes())
            headline, _, body = gold.replace("\r\n", "\n").replace("\r", "\n").partition("\n")
            bbc = row["site"] == BBC_SITE
            pages.append(
                Page(
                    set="msv-big9",
                    path=f"{MSV_DIR}/Extraction/{html_rel}",
                    site=row["site"],
                    gold_body=body,
                    gold_headlines=(headline,) if headline.strip() else (),
                    gold_date=parse_bbc_date(row["bbc_meta_OriginalPublicationDate"]) if bbc else None,
                    date_where="meta OriginalPublicationDate" if bbc else "",
                    gold_region=row["bbc_meta_Section"].strip() if bbc else None,
                    bbc=bbc,
                    lossy_gold=True,
                )
            )
    return pages


_L3S_LABEL = re.compile(r"\bx-nc-sel(\d)\b")
_L3S_INVISIBLE = "x-nc-invisible"
_NOT_TEXT_TAGS = frozenset({"script", "style", "noscript", "title", "head"})
_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "br",
        "center",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "html",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
    }
)


@dataclass
class L3SGold:
    """What an L3S annotated page labels: the headline blocks (x-nc-sel1) and the body (x-nc-sel2)."""

    headline_blocks: list[str] = field(default_factory=list)
    body: str = ""

    @property
    def headline(self) -> str:
        """All headline text in document order (blocks joined by a space)."""
        return " ".join(self.headline_blocks)

    @property
    def accepted_headlines(self) -> tuple[str, ...]:
        """A headline matches when it is one of the blocks, or all of them joined."""
        if not self.headline_blocks:
            return ()
        accepted = list(dict.fromkeys(self.headline_blocks))
        if len(self.headline_blocks) > 1:
            accepted.append(self.headline)
        return tuple(accepted)


def read_l3s_annotation(markup: str) -> L3SGold:
    """The headline blocks and body text of an L3S-GN1 annotated page.

    Every text node counts for the label of its innermost ancestor ``span.x-nc-selN`` (the spans
    nest; text outside any labelled span counts for nothing).  Text under an element of class
    ``x-nc-invisible``, or in script/style/noscript/title/head, is ignored.  Text is collected in
    document order; a block-level element boundary is a line break.  A headline *block* is a run of
    x-nc-sel1 text within one block-level element, not interrupted by other (non-blank) text;
    blocks are whitespace-collapsed.
    """
    from lxml import html as lxml_html

    root = lxml_html.document_fromstring(markup)
    body_parts: list[str] = []
    blocks: list[str] = []
    current: list[str] = []  # the headline block being read

    def close_block() -> None:
        text = " ".join("".join(current).split())
        if text:
            blocks.append(text)
        current.clear()

    def visit(text: str | None, label: int | None) -> None:
        if not text:
            return
        if label == 1:
            current.append(text)
            return
        if label == 2:
            body_parts.append(text)
        if text.strip():
            close_block()

    def walk(element, label: int | None, hidden: bool) -> None:
        if not isinstance(element.tag, str):  # comments, processing instructions
            return
        classes = (element.get("class") or "").split()
        for name in classes:
            match = _L3S_LABEL.fullmatch(name)
            if match:
                label = int(match.group(1))
        hidden = hidden or _L3S_INVISIBLE in classes or element.tag in _NOT_TEXT_TAGS
        block = element.tag in _BLOCK_TAGS
        if block:
            body_parts.append("\n")
            close_block()
        if not hidden:
            visit(element.text, label)
        for child in element:
            walk(child, label, hidden)
            if not hidden:
                visit(child.tail, label)
        if block:
            body_parts.append("\n")
            close_block()

    walk(root, None, False)
    close_block()
    lines = (" ".join(line.split()) for line in "".join(body_parts).split("\n"))
    return L3SGold(headline_blocks=blocks, body="\n".join(line for line in lines if line))


def load_l3s(data: Path) -> list[Page]:
    pages = []
    for original_dir in sorted(data.glob(L3S_GLOB)):
        base = original_dir.parent
        urls = {}
        for line in (base / "url-mapping.txt").read_text(encoding="utf-8").splitlines():
            key, _, url = line.partition("\t")
            urls[key.strip().removeprefix("<urn:uuid:").removesuffix(">")] = url
        for path in sorted(original_dir.glob("*.html")):
            gold = read_l3s_annotation((base / "annotated" / path.name).read_text(encoding="utf-8"))
            pages.append(
                Page(
                    set="l3s-gn1",
                    path=path.relative_to(data).as_posix(),
                    site=site_of(urls.get(path.stem, "")),
                    gold_body=gold.body,
                    gold_headlines=gold.accepted_headlines,
                    lossy_gold=True,
                )
            )
    return pages


def load_aeb(data: Path) -> list[Page]:
    root = data / AEB_DIR
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        pages.append(
            Page(
                set="scrapinghub-aeb",
                path=f"{AEB_DIR}/html/{key}.html.gz",
                site=site_of(truth[key].get("url", "")),
                gold_body=truth[key].get("articleBody", "") or "",
            )
        )
    return pages


LOADERS: dict[str, Callable[[Path], list[Page]]] = {
    "msv-big9": load_msv,
    "l3s-gn1": load_l3s,
    "scrapinghub-aeb": load_aeb,
}


def load_pages(data: Path, sets: Sequence[str] = SETS, dates_tsv: Path = DATES_TSV) -> list[Page]:
    """Every page of ``sets`` with its ground truth; hand-labelled dates from ``dates_tsv``."""
    labels = load_dates(dates_tsv)
    pages: list[Page] = []
    for name in sets:
        pages.extend(LOADERS[name](data))
    for page in pages:
        if page.gold_date is None and page.path in labels:
            page.gold_date, page.date_where = labels[page.path]
    return pages


def page_bytes(data: Path, page: Page) -> bytes:
    """The page's bytes as on disk, gunzipped (``.gz``)."""
    raw = (data / page.path).read_bytes()
    return gzip.decompress(raw) if page.path.endswith(".gz") else raw


def decode_for_peers(set_name: str, raw: bytes) -> str:
    """The text every peer is given: UTF-8 for l3s-gn1 and scrapinghub-aeb (their SOURCE.md: all
    UTF-8, whatever a page declares); for msv-big9 strict UTF-8, else windows-1252 (the Wayback
    captures declare utf-8 before the page's own iso-8859-1)."""
    if set_name == "msv-big9":
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("cp1252", "replace")
    return raw.decode("utf-8", "replace")


# --------------------------------------------------------------------------- scoring helpers

_QUOTES = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
    }
)


def normalize_headline(text: str | None) -> str:
    """Whitespace collapsed (any Unicode space, NBSP included) and stripped; curly quotes made
    straight.  Nothing else: case, dashes and punctuation must match."""
    return " ".join((text or "").translate(_QUOTES).split())


def headline_matches(predicted: str | None, accepted: Iterable[str], lossy: bool = False) -> bool:
    """Whether ``predicted`` equals one of the ``accepted`` headlines after normalisation.

    ``lossy``: the ground truth replaced characters its tools could not encode by ``?`` (L3S-GN1
    annotations: "Kosovo?s" where the page says "Kosovo’s"; msv-big9 gold files: "King?s" where the
    page has byte 0x92), so a gold ``?`` also matches one non-ASCII character, or a straight quote
    (a normalised curly one).
    """
    guess = normalize_headline(predicted)
    if not guess:
        return False
    for gold in accepted:
        gold = normalize_headline(gold)
        if guess == gold:
            return True
        if lossy and "?" in gold:
            pattern = "".join("(?:[^\\x00-\\x7f]|[?'\"])" if c == "?" else re.escape(c) for c in gold)
            if re.fullmatch(pattern, guess):
                return True
    return False


HEADLINE_MISS_KINDS: tuple[str, ...] = ("none", "case", "extra text", "part", "reworded", "other text")
"""How a headline misses (:func:`headline_miss_kind`), in the order the report lists them."""


def _loose(text: str | None) -> str:
    """Normalised, case-folded, every non-ASCII character and quote as ``?`` (lossy-gold safe)."""
    return re.sub(r"[^\x00-\x7f'\"]", "?", normalize_headline(text).casefold()).replace("'", "?").replace('"', "?")


def headline_miss_kind(predicted: str | None, accepted: Sequence[str]) -> str:
    """Why ``predicted`` is not one of the ``accepted`` headlines:

    ``none``        no headline at all;
    ``case``        right words, wrong case (e.g. a title-cased <title> for a sentence-case h1);
    ``extra text``  the headline plus more: a site name, section or date around it;
    ``part``        only part of the labelled headline (a headline+deck label, a cut title);
    ``reworded``    shares most words with the headline (another version: og:title, a short h1);
    ``other text``  something else: a site or section name, a date line, another story.
    """
    from bench.scoring import tokens

    guess = _loose(predicted)
    if not guess:
        return "none"
    golds = [_loose(g) for g in accepted if _loose(g)]
    if any(guess == g for g in golds):
        return "case"
    if any(g in guess for g in golds):
        return "extra text"
    if any(guess in g for g in golds):
        return "part"
    mine = tokens(predicted or "")
    for gold in accepted:
        theirs = tokens(gold)
        overlap = sum((mine & theirs).values())
        if overlap and overlap >= 0.5 * max(sum(mine.values()), sum(theirs.values())):
            return "reworded"
    return "other text"


_SHINGLE_TOKEN = re.compile(r"\w+")


def shingles(text: str | None, n: int = SHINGLE_N) -> dict[tuple[str, ...], int]:
    """The article-extraction-benchmark's shingles: every run of ``n`` consecutive ``\\w+`` tokens
    (case kept), counted; a text of fewer than ``n`` tokens is one shingle of all of them."""
    words = _SHINGLE_TOKEN.findall(text or "")
    counts: dict[tuple[str, ...], int] = {}
    for start in range(max(1, len(words) - n + 1)):
        gram = tuple(words[start : start + n])
        if gram:
            counts[gram] = counts.get(gram, 0) + 1
    return counts


def shingle_tp_fp_fn(predicted: str | None, gold: str | None, n: int = SHINGLE_N) -> tuple[float, float, float]:
    """Per-page TP, FP, FN over shingles (multiset), divided by their sum (so that every page
    weighs the same); (0, 0, 0) when both texts have no shingle."""
    pred, true = shingles(predicted, n), shingles(gold, n)
    tp = fp = fn = 0
    for gram in pred.keys() | true.keys():
        p, t = pred.get(gram, 0), true.get(gram, 0)
        tp += min(p, t)
        fp += max(0, p - t)
        fn += max(0, t - p)
    total = tp + fp + fn
    return (tp / total, fp / total, fn / total) if total else (0.0, 0.0, 0.0)


def shingle_summary(counts: Sequence[tuple[float, float, float]]) -> dict[str, float]:
    """The benchmark's aggregate: precision averaged over the pages with a prediction (TP+FP > 0),
    recall over the pages with ground truth (TP+FN > 0), F1 the harmonic mean of the two means
    (a page with FP = FN = 0 scores 1)."""

    def ratio(hit: float, miss: float, other_miss: float) -> float:
        if miss == other_miss == 0:
            return 1.0
        return hit / (hit + miss) if hit + miss else 0.0

    precisions = [ratio(tp, fp, fn) for tp, fp, fn in counts if tp + fp > 0]
    recalls = [ratio(tp, fn, fp) for tp, fp, fn in counts if tp + fn > 0]
    precision = statistics.fmean(precisions) if precisions else 0.0
    recall = statistics.fmean(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1}


def shingle_accuracy(predicted: str | None, gold: str | None) -> bool:
    """The benchmark's "accuracy": the two token sequences are identical."""
    return _SHINGLE_TOKEN.findall(predicted or "") == _SHINGLE_TOKEN.findall(gold or "")


# --------------------------------------------------------------------------- extractors


@dataclass
class Output:
    """What one extractor made of one page (None: the extractor does not give that field)."""

    body: str | None = None
    headline: str | None = None
    day: date | None = None
    region: str | None = None
    skipped: str = ""  # newsearch's PageSkipped reason, or a peer's exception


def run_newsearch(raw: bytes, source: str = "") -> Output:
    """newsearch on the page's raw bytes: its charset handling included.  PageSkipped -> empty."""
    from indexer.errors import PageSkipped
    from indexer.extract import extract_html

    try:
        article = extract_html(raw, source)
    except PageSkipped as skipped:
        return Output(body="", headline="", day=None, region="", skipped=skipped.reason)
    day = article.date.astimezone(UTC).date() if article.date else None
    return Output(body=article.body, headline=article.headline, day=day, region=article.region)


_BLOCK_BREAK_TAGS = _BLOCK_TAGS


def html_fragment_text(markup: str) -> str:
    """The text of an HTML fragment, a line break at every block-level element (readability's
    summary is HTML)."""
    from lxml import html as lxml_html

    if not markup or not markup.strip():
        return ""
    root = lxml_html.fromstring(markup)
    parts: list[str] = []

    def walk(element) -> None:
        if not isinstance(element.tag, str) or element.tag in _NOT_TEXT_TAGS:
            return  # a comment, or text nobody sees (the caller adds the tail)
        block = element.tag in _BLOCK_BREAK_TAGS
        if block:
            parts.append("\n")
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        if block:
            parts.append("\n")

    walk(root)
    lines = (" ".join(line.split()) for line in "".join(parts).split("\n"))
    return "\n".join(line for line in lines if line)


def _parse_day(value) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def peer_runners(names: Sequence[str]) -> dict[str, Callable[[str], Output]]:
    """The peers' adapters, importing each library only here (they are dev-only dependencies)."""
    import logging

    for noisy in ("trafilatura", "htmldate", "readability", "justext"):
        logging.getLogger(noisy).setLevel(logging.ERROR)  # they log every page they discard
    runners: dict[str, Callable[[str], Output]] = {}
    for name in names:
        if name == "trafilatura":
            import trafilatura

            def run_trafilatura(html: str) -> Output:
                # One call gives body, title and date; its .text is what
                # trafilatura.extract(html, include_comments=False) returns.
                doc = trafilatura.bare_extraction(html, include_comments=False, with_metadata=True)
                if doc is None:
                    return Output(body="", headline="", day=None)
                return Output(body=doc.text or "", headline=doc.title or "", day=_parse_day(doc.date))

            runners[name] = run_trafilatura
        elif name == "readability":
            from readability import Document

            def run_readability(html: str) -> Output:
                doc = Document(html)
                headline = doc.short_title()
                return Output(body=html_fragment_text(doc.summary(html_partial=True)), headline=headline)

            runners[name] = run_readability
        elif name == "justext":
            import justext

            stoplist = justext.get_stoplist("English")

            def run_justext(html: str, stoplist: frozenset[str] = stoplist) -> Output:
                paragraphs = justext.justext(html, stoplist)
                return Output(body="\n\n".join(p.text for p in paragraphs if not p.is_boilerplate))

            runners[name] = run_justext
        elif name == "htmldate":
            from htmldate import find_date

            def run_htmldate(html: str) -> Output:
                return Output(day=_parse_day(find_date(html, original_date=True)))

            runners[name] = run_htmldate
        else:
            raise ValueError(f"unknown peer {name!r} (known: {', '.join(PEERS)})")
    return runners


def safe_run(runner: Callable[[str], Output], html: str) -> Output:
    try:
        return runner(html)
    except Exception as exc:  # noqa: BLE001 - a peer failing on a page is an empty output
        return Output(body="", headline="", day=None, skipped=f"{type(exc).__name__}: {exc}"[:200])


# --------------------------------------------------------------------------- per-page scores


def score_page(page: Page, output: Output, extractor: str) -> dict:
    """One extractor's scores on one page (None where the page or the extractor has no label)."""
    scores: dict = {"skipped": output.skipped}
    if extractor in BODY_EXTRACTORS:
        p, r, f = token_prf(output.body or "", page.gold_body)
        scores.update(body_p=p, body_r=r, body_f1=f, body_empty=not (output.body or "").strip())
        if page.set == "scrapinghub-aeb":
            scores["shingle"] = list(shingle_tp_fp_fn(output.body, page.gold_body))
            scores["shingle_accuracy"] = shingle_accuracy(output.body, page.gold_body)
    if extractor in HEADLINE_EXTRACTORS:
        scores["headline"] = output.headline or ""
        scores["headline_exact"] = (
            headline_matches(output.headline, page.gold_headlines, page.lossy_gold) if page.gold_headlines else None
        )
        if scores["headline_exact"] is False:
            scores["headline_miss"] = headline_miss_kind(output.headline, page.gold_headlines)
    if extractor in DATE_EXTRACTORS:
        scores["date"] = output.day.isoformat() if output.day else None
        scores["date_exact"] = (output.day == page.gold_date) if page.gold_date else None
    if extractor in REGION_EXTRACTORS:
        scores["region"] = output.region or ""
        scores["region_exact"] = (
            " ".join((output.region or "").split()) == page.gold_region if page.gold_region is not None else None
        )
    return scores


def _mean(values: Sequence[float]) -> float | None:
    return statistics.fmean(values) if values else None


def summarize(rows: Sequence[dict], times_ms: Sequence[float] = ()) -> dict:
    """Aggregate per-page scores of one extractor over a group of pages (None: nothing to score)."""
    summary: dict = {"pages": len(rows)}
    if rows and "body_f1" in rows[0]:
        summary["body_p"] = _mean([r["body_p"] for r in rows])
        summary["body_r"] = _mean([r["body_r"] for r in rows])
        summary["body_f1"] = _mean([r["body_f1"] for r in rows])
        summary["body_empty"] = sum(1 for r in rows if r["body_empty"])
        shingled = [tuple(r["shingle"]) for r in rows if "shingle" in r]
        if shingled:
            summary.update({f"shingle_{k}": v for k, v in shingle_summary(shingled).items()})
            summary["shingle_accuracy"] = _mean([float(r["shingle_accuracy"]) for r in rows if "shingle" in r])
    misses = [r["headline_miss"] for r in rows if r.get("headline_miss")]
    if misses:
        summary["headline_misses"] = {kind: misses.count(kind) for kind in HEADLINE_MISS_KINDS if kind in misses}
    for key in ("headline_exact", "date_exact", "region_exact"):
        labelled = [r[key] for r in rows if r.get(key) is not None]
        summary[key] = _mean([float(v) for v in labelled])
        summary[key.replace("_exact", "_labelled")] = len(labelled)
    if times_ms:
        summary["ms_median"] = statistics.median(times_ms)
        summary["ms_p95"] = percentile(times_ms, 95)
    return summary


# --------------------------------------------------------------------------- running


@dataclass
class PageResult:
    page: Page
    scores: dict[str, dict] = field(default_factory=dict)  # extractor -> per-page scores
    ms: dict[str, float] = field(default_factory=dict)


def pin_to_one_core() -> str:
    """Run on one CPU (Linux); returns a note for the report."""
    try:
        cpu = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {cpu})
        return f"pinned to CPU {cpu}"
    except (AttributeError, OSError, ValueError):
        return "not pinned (no sched_setaffinity)"


def evaluate(
    data: Path,
    pages: Sequence[Page],
    peers: Sequence[str] = (),
    progress: Callable[[int, int], None] | None = None,
) -> list[PageResult]:
    """Run newsearch and the ``peers`` on every page, sequentially, timing each call."""
    runners = peer_runners(peers)
    results: list[PageResult] = []
    clock = time.perf_counter
    for index, page in enumerate(pages):
        raw = page_bytes(data, page)
        html = decode_for_peers(page.set, raw) if runners else ""
        if index == 0:  # warm up: imports, caches, first-call costs
            run_newsearch(raw, page.path)
            for runner in runners.values():
                safe_run(runner, html)
        result = PageResult(page)
        started = clock()
        output = run_newsearch(raw, page.path)
        result.ms[NEWSEARCH] = 1000 * (clock() - started)
        result.scores[NEWSEARCH] = score_page(page, output, NEWSEARCH)
        for name, runner in runners.items():
            started = clock()
            output = safe_run(runner, html)
            result.ms[name] = 1000 * (clock() - started)
            result.scores[name] = score_page(page, output, name)
        results.append(result)
        if progress:
            progress(index + 1, len(pages))
    return results


def summarize_groups(results: Sequence[PageResult], extractors: Sequence[str]) -> dict[str, dict[str, dict]]:
    """group -> extractor -> summary, for the groups of GROUPS that have pages."""
    out: dict[str, dict[str, dict]] = {}
    for group in GROUPS:
        members = [r for r in results if group in r.page.groups]
        if not members:
            continue
        out[group] = {
            name: summarize([r.scores[name] for r in members], [r.ms[name] for r in members]) for name in extractors
        }
    return out


def summarize_sites(results: Sequence[PageResult], extractors: Sequence[str]) -> dict[str, dict[str, dict]]:
    """ "set site" -> extractor -> summary."""
    by_site: dict[str, list[PageResult]] = {}
    for r in results:
        by_site.setdefault(f"{r.page.set} {r.page.site}", []).append(r)
    return {
        key: {name: summarize([r.scores[name] for r in members]) for name in extractors}
        for key, members in sorted(by_site.items())
    }


def newsearch_scores(data: Path, sets: Sequence[str] = SETS) -> dict[str, dict]:
    """newsearch's summary per group (no peers, no timing needed): what the regression gate checks."""
    results = evaluate(data, load_pages(data, sets))
    return {group: by_name[NEWSEARCH] for group, by_name in summarize_groups(results, [NEWSEARCH]).items()}


FLOOR_METRICS: dict[str, tuple[str, ...]] = {
    "msv-big9": ("body_f1", "headline_exact", "date_exact"),
    BBC_GROUP: ("body_f1", "headline_exact", "date_exact", "region_exact"),
    "l3s-gn1": ("body_f1", "headline_exact", "date_exact"),
    "scrapinghub-aeb": ("body_f1", "shingle_f1", "date_exact"),
}
"""The scores of newsearch that tests/test_extraction_gate.py holds to their floors."""


def floors_from(summary: dict[str, dict]) -> dict[str, dict[str, float]]:
    """Current scores rounded down to 3 decimals: the floors to pin."""
    return {
        group: {
            metric: math.floor(summary[group][metric] * 1000) / 1000
            for metric in metrics
            if summary.get(group, {}).get(metric) is not None
        }
        for group, metrics in FLOOR_METRICS.items()
        if group in summary
    }


# --------------------------------------------------------------------------- report


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def format_table(summary: dict[str, dict[str, dict]], extractors: Sequence[str]) -> str:
    header = (
        f"{'group':<16}{'pages':>6}  {'extractor':<12}{'P':>7}{'R':>7}{'F1':>7}{'empty':>6}"
        f"{'shF1':>7}{'headline':>10}{'date':>7}{'(n)':>5}{'region':>8}{'ms med':>8}{'p95':>8}"
    )
    lines = [header, "-" * len(header)]
    for group, by_name in summary.items():
        for i, name in enumerate(extractors):
            s = by_name[name]
            lines.append(
                f"{group if i == 0 else '':<16}{s['pages'] if i == 0 else '':>6}  {name:<12}"
                f"{_fmt(s.get('body_p')):>7}{_fmt(s.get('body_r')):>7}{_fmt(s.get('body_f1')):>7}"
                f"{s.get('body_empty', '-'):>6}{_fmt(s.get('shingle_f1')):>7}"
                f"{_fmt(s.get('headline_exact')):>10}{_fmt(s.get('date_exact')):>7}"
                f"{(s.get('date_labelled') or '-') if s.get('date_exact') is not None else '-':>5}"
                f"{_fmt(s.get('region_exact')):>8}"
                f"{_fmt(s.get('ms_median'), 1):>8}{_fmt(s.get('ms_p95'), 1):>8}"
            )
        lines.append("")
    return "\n".join(lines)


def format_aeb(summary: dict[str, dict[str, dict]], extractors: Sequence[str]) -> str:
    group = summary.get("scrapinghub-aeb")
    if not group:
        return ""
    lines = [
        "scrapinghub-aeb, the benchmark's own metric (4-token shingles; published: trafilatura 2.0.0 F1 0.958)",
        f"{'extractor':<12}{'precision':>10}{'recall':>8}{'F1':>7}{'accuracy':>10}",
    ]
    for name in extractors:
        s = group[name]
        if s.get("shingle_f1") is None:
            continue
        lines.append(
            f"{name:<12}{_fmt(s['shingle_precision']):>10}{_fmt(s['shingle_recall']):>8}"
            f"{_fmt(s['shingle_f1']):>7}{_fmt(s['shingle_accuracy']):>10}"
        )
    return "\n".join(lines)


def format_headline_misses(summary: dict[str, dict[str, dict]], extractors: Sequence[str]) -> str:
    """Headline misses by kind (:func:`headline_miss_kind`), per group and extractor."""
    names = [e for e in extractors if e in HEADLINE_EXTRACTORS]
    lines = [
        "headline misses by kind (see headline_miss_kind)",
        f"{'group':<16}{'extractor':<12}{'labelled':>9}" + "".join(f"{k:>12}" for k in HEADLINE_MISS_KINDS),
    ]
    for group, by_name in summary.items():
        if group == "all" or not by_name[NEWSEARCH].get("headline_labelled"):
            continue
        for name in names:
            s = by_name[name]
            kinds = s.get("headline_misses", {})
            lines.append(
                f"{group:<16}{name:<12}{s['headline_labelled']:>9}"
                + "".join(f"{kinds.get(k, 0):>12}" for k in HEADLINE_MISS_KINDS)
            )
    return "\n".join(lines)


def format_weak_sites(
    sites: dict[str, dict[str, dict]], extractors: Sequence[str], count: int, min_pages: int = 2
) -> str:
    """The ``count`` sites (of at least ``min_pages`` pages) where newsearch's body F1 is lowest,
    with the peers' F1 beside it."""
    ranked = sorted(
        ((key, by_name) for key, by_name in sites.items() if by_name[NEWSEARCH]["pages"] >= min_pages),
        key=lambda item: (item[1][NEWSEARCH]["body_f1"], item[0]),
    )[:count]
    names = [e for e in extractors if e in BODY_EXTRACTORS]
    lines = [
        f"newsearch's {count} weakest sites by body F1 (sites with {min_pages}+ pages)",
        f"{'set site':<44}{'pages':>6}" + "".join(f"{n[:11]:>12}" for n in names) + f"{'headline':>10}",
    ]
    for key, by_name in ranked:
        s = by_name[NEWSEARCH]
        lines.append(
            f"{key[:43]:<44}{s['pages']:>6}"
            + "".join(f"{_fmt(by_name[n]['body_f1']):>12}" for n in names)
            + f"{_fmt(s.get('headline_exact')):>10}"
        )
    return "\n".join(lines)


def format_gaps(results: Sequence[PageResult], extractors: Sequence[str], count: int) -> str:
    """The ``count`` pages where newsearch's body F1 trails the best peer's the most."""
    peers = [e for e in extractors if e in BODY_EXTRACTORS and e != NEWSEARCH]
    if not peers:
        return ""
    gaps = []
    for r in results:
        best = max(peers, key=lambda n: r.scores[n]["body_f1"])
        gap = r.scores[best]["body_f1"] - r.scores[NEWSEARCH]["body_f1"]
        if gap > 0:
            gaps.append((gap, r, best))
    gaps.sort(key=lambda item: (-item[0], item[1].page.path))
    lines = [
        f"pages where newsearch trails the best peer most (body F1; {len(gaps)} pages trail at all)",
        f"{'page':<58}{'newsearch':>10}{'best peer':>22}",
    ]
    for _gap, r, best in gaps[:count]:
        path = r.page.path.split("/", 1)[0] + " " + (r.page.site or "?") + " " + r.page.path.rsplit("/", 1)[-1][:14]
        lines.append(
            f"{path[:57]:<58}{r.scores[NEWSEARCH]['body_f1']:>10.3f}{best:>14} {r.scores[best]['body_f1']:.3f}"
        )
    return "\n".join(lines)


def _git_describe() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=10
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--", "indexer"],
            cwd=PROJECT_ROOT,
            capture_output=True,
            text=True,
            timeout=10,
        ).stdout.strip()
        return head + ("+indexer-changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def _versions(peers: Sequence[str]) -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    dist = {
        "trafilatura": "trafilatura",
        "readability": "readability-lxml",
        "justext": "jusText",
        "htmldate": "htmldate",
    }
    out = {"python": platform.python_version()}
    for name in ("lxml", *(dist[p] for p in peers)):
        try:
            out[name] = version(name)
        except PackageNotFoundError:
            out[name] = "?"
    return out


def _progress(done: int, total: int) -> None:
    if sys.stderr.isatty() and (done % 20 == 0 or done == total):
        print(f"\r{done}/{total} pages", end="\n" if done == total else "", file=sys.stderr, flush=True)


def _split(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip() and v.strip().lower() != "none"]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--data", type=Path, default=None, help=f"the shared data dir (default: ${DATA_ENV_VAR} or ../shared/data)"
    )
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated data sets")
    parser.add_argument("--peers", default=",".join(PEERS), help="comma-separated peers, or 'none'")
    parser.add_argument("--json", type=Path, default=DEFAULT_JSON, help="per-page results (default %(default)s)")
    parser.add_argument("--sites", type=int, default=12, help="how many of newsearch's weakest sites and pages to list")
    parser.add_argument(
        "--write-floors",
        type=Path,
        default=None,
        help="also write newsearch's scores, rounded down to 3 decimals, as gate floors",
    )
    parser.add_argument("--no-pin", action="store_true", help="do not pin the process to one CPU")
    args = parser.parse_args(argv)

    data = args.data or data_dir_default()
    sets = _split(args.sets)
    peers = _split(args.peers)
    for name in sets:
        if name not in LOADERS:
            parser.error(f"unknown set {name!r} (known: {', '.join(SETS)})")
    if args.write_floors and set(sets) != set(SETS):
        parser.error("--write-floors needs every set (the gate checks them all)")
    if not data.is_dir():
        parser.error(f"data not found at {data} (use --data or ${DATA_ENV_VAR})")
    pinned = "not pinned" if args.no_pin else pin_to_one_core()

    try:
        peer_runners(peers)  # fail early, before the long run, when a peer is not installed
    except ImportError as exc:
        parser.error(f"{exc}: install the peers with `pip install -e '.[bench]'`, or run with --peers none")
    pages = load_pages(data, sets)
    started = time.perf_counter()
    results = evaluate(data, pages, peers, progress=_progress)
    elapsed = time.perf_counter() - started
    extractors = [NEWSEARCH, *peers]
    summary = summarize_groups(results, extractors)
    sites = summarize_sites(results, extractors)

    print(f"{len(pages)} pages of {', '.join(sets)} from {data}; {pinned}; {elapsed:.0f} s in all\n")
    print(format_table(summary, extractors))
    aeb = format_aeb(summary, extractors)
    if aeb:
        print(aeb + "\n")
    print(format_headline_misses(summary, extractors) + "\n")
    print(format_weak_sites(sites, extractors, args.sites))
    gaps = format_gaps(results, extractors, args.sites)
    if gaps:
        print("\n" + gaps)

    report = {
        "generated": datetime.now(UTC).isoformat(timespec="seconds"),
        "code": _git_describe(),
        "versions": _versions(peers),
        "data": str(data),
        "cpu": pinned,
        "sets": sets,
        "extractors": extractors,
        "summary": summary,
        "sites": sites,
        "pages": [
            {
                "path": r.page.path,
                "set": r.page.set,
                "site": r.page.site,
                "bbc": r.page.bbc,
                "gold": {
                    "headlines": list(r.page.gold_headlines),
                    "date": r.page.gold_date.isoformat() if r.page.gold_date else None,
                    "date_where": r.page.date_where,
                    "region": r.page.gold_region,
                },
                "results": {name: {**r.scores[name], "ms": round(r.ms[name], 3)} for name in extractors},
            }
            for r in results
        ],
    }
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nper-page results: {args.json}")
    if args.write_floors:
        own = {group: by_name[NEWSEARCH] for group, by_name in summary.items()}
        args.write_floors.write_text(json.dumps(floors_from(own), indent=2, sort_keys=True) + "\n", encoding="utf-8")
        print(f"floors written: {args.write_floors}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
