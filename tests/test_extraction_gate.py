"""Regression gate for extraction quality on the real pages, and tests of the benchmark's scoring.

The gate runs newsearch's extractor alone (no peers: no dev dependencies, about ten seconds) over
msv-big9, l3s-gn1 and scrapinghub-aeb with the scoring of bench/extraction.py, and fails when a
score falls more than TOLERANCE below its floor in tests/data/extraction_floors.json.  The floors
are the scores of the day, rounded down to 3 decimals; raise them when the extractor improves:

    python bench/extraction.py --peers none --write-floors tests/data/extraction_floors.json
"""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest

from bench.extraction import (
    BBC_GROUP,
    DATES_TSV,
    FLOOR_METRICS,
    FLOORS_JSON,
    Output,
    Page,
    decode_gold,
    floors_from,
    headline_matches,
    headline_miss_kind,
    html_fragment_text,
    load_dates,
    load_pages,
    newsearch_scores,
    normalize_headline,
    parse_bbc_date,
    read_l3s_annotation,
    score_page,
    shingle_accuracy,
    shingle_summary,
    shingle_tp_fp_fn,
    shingles,
    summarize,
)

TOLERANCE = 0.005
FLOORS: dict[str, dict[str, float]] = json.loads(FLOORS_JSON.read_text(encoding="utf-8"))


# --------------------------------------------------------------------------- the gate


@pytest.fixture(scope="module")
def scores(shared_data):
    return newsearch_scores(shared_data)


def test_floors_cover_every_gated_score():
    assert set(FLOORS) == set(FLOOR_METRICS)
    for group, metrics in FLOOR_METRICS.items():
        assert set(FLOORS[group]) == set(metrics), group
        assert all(0.0 < value <= 1.0 for value in FLOORS[group].values()), group


@pytest.mark.parametrize(
    "group,metric",
    [(group, metric) for group, metrics in FLOOR_METRICS.items() for metric in metrics],
)
def test_score_is_not_below_its_floor(scores, group, metric):
    floor = FLOORS[group][metric]
    score = scores[group][metric]
    assert score is not None, f"{group} {metric}: nothing scored"
    assert score >= floor - TOLERANCE, (
        f"{group} {metric} = {score:.4f}, floor {floor:.3f}: see the per-page scores of "
        f"`python bench/extraction.py --peers none` in bench/results/extraction.json"
    )


def test_every_page_and_label_is_scored(scores):
    assert scores["msv-big9"]["pages"] == 270
    assert scores[BBC_GROUP]["pages"] == 30
    assert scores["l3s-gn1"]["pages"] == 610
    assert scores["scrapinghub-aeb"]["pages"] == 181
    assert scores[BBC_GROUP]["date_labelled"] == 30 and scores[BBC_GROUP]["region_labelled"] == 30
    labelled = sum(scores[s]["date_labelled"] for s in ("msv-big9", "l3s-gn1", "scrapinghub-aeb"))
    assert labelled == 30 + len(load_dates())
    assert scores["l3s-gn1"]["headline_labelled"] >= 590  # 17 annotated pages label no headline


def test_floors_are_scores_rounded_down():
    summary = {group: {metric: 0.98765 for metric in metrics} for group, metrics in FLOOR_METRICS.items()}
    assert floors_from(summary)["msv-big9"]["body_f1"] == 0.987
    summary["bbc"]["region_exact"] = 1.0
    assert floors_from(summary)["bbc"]["region_exact"] == 1.0


# --------------------------------------------------------------------------- hand-labelled dates


def test_dates_tsv_is_well_formed():
    with DATES_TSV.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    assert rows and list(rows[0]) == ["path", "date", "where"]
    paths = [row["path"] for row in rows]
    assert len(paths) == len(set(paths)) >= 90
    for row in rows:
        day = date.fromisoformat(row["date"])
        assert date(1995, 1, 1) <= day <= date(2020, 12, 31), row
        assert row["where"].strip(), row
        assert row["path"].startswith(("msv-big9/", "l3s-gn1/", "scrapinghub-aeb/")), row


def test_dates_tsv_labels_real_non_bbc_pages_of_45_sites(shared_data):
    pages = {page.path: page for page in load_pages(shared_data)}
    labels = load_dates()
    assert set(labels) <= set(pages)
    assert not [path for path in labels if pages[path].bbc]
    assert len({(pages[path].set, pages[path].site) for path in labels}) >= 45


# --------------------------------------------------------------------------- scoring helpers


def test_headline_normalisation_collapses_space_and_straightens_quotes_only():
    assert (
        normalize_headline("  \u2018Who\u2019  legend\u00a0Daltrey \u201cwon\u2019t\u201d\n")
        == "'Who' legend Daltrey \"won't\""
    )
    assert normalize_headline(None) == ""
    assert headline_matches("Storm hits  the coast ", ["Storm hits the coast"])
    assert not headline_matches("Storm Hits The Coast", ["Storm hits the coast"])  # no case folding
    assert not headline_matches("Storm hits the coast.", ["Storm hits the coast"])
    assert not headline_matches("", ["Storm"]) and not headline_matches("Storm", [])
    assert headline_matches("Deck", ["Storm hits", "Deck"])  # any accepted variant


def test_lossy_gold_question_mark_stands_for_one_unencodable_character():
    assert headline_matches("Kosovo\u2019s future", ["Kosovo?s future"], lossy=True)
    assert headline_matches("Kosovo's future", ["Kosovo?s future"], lossy=True)
    assert headline_matches("Deal \u2014 why?", ["Deal ? why?"], lossy=True)
    assert not headline_matches("Kosovo\u2019s future", ["Kosovo?s future"])
    assert not headline_matches("Kosovoxs future", ["Kosovo?s future"], lossy=True)
    assert not headline_matches("Kosovo\u2019\u2019s future", ["Kosovo?s future"], lossy=True)


def test_headline_misses_are_sorted_by_kind():
    gold = ["Storm hits the coast"]
    assert headline_miss_kind("", gold) == "none"
    assert headline_miss_kind("Storm Hits The Coast", gold) == "case"
    assert headline_miss_kind("Daily News : Storm hits the coast", gold) == "extra text"
    assert headline_miss_kind("Storm hits", gold) == "part"
    assert headline_miss_kind("The storm hits the east coast hard", gold) == "reworded"
    assert headline_miss_kind("Weather | Daily News", gold) == "other text"
    assert headline_miss_kind("Kosovo\u2019s future", ["Kosovo?s future!"]) == "part"


def test_shingles_are_case_kept_runs_of_four_word_tokens():
    assert shingles("The cat, the HAT sat!") == {("The", "cat", "the", "HAT"): 1, ("cat", "the", "HAT", "sat"): 1}
    assert shingles("two words") == {("two", "words"): 1}
    assert shingles("") == {} and shingles(None) == {}
    assert shingles("a b c d a b c d") == {
        ("a", "b", "c", "d"): 2,
        ("b", "c", "d", "a"): 1,
        ("c", "d", "a", "b"): 1,
        ("d", "a", "b", "c"): 1,
    }


def test_shingle_counts_are_normalised_per_page():
    # gold a..e has 2 shingles, the prediction a..d one of them: TP 1, FP 0, FN 1 -> halves
    assert shingle_tp_fp_fn("a b c d", "a b c d e") == (0.5, 0.0, 0.5)
    assert shingle_tp_fp_fn("a b c d e", "a b c d e") == (1.0, 0.0, 0.0)
    assert shingle_tp_fp_fn("x y z w", "a b c d") == (0.0, 0.5, 0.5)
    assert shingle_tp_fp_fn("", "") == (0.0, 0.0, 0.0)
    assert shingle_tp_fp_fn("The cat sat on", "the cat sat on") == (0.0, 0.5, 0.5)  # case-sensitive


def test_shingle_summary_is_the_benchmarks_aggregate():
    pages = [
        (0.5, 0.0, 0.5),  # half found: precision 1, recall 0.5
        (0.0, 0.0, 1.0),  # nothing predicted: no precision, recall 0
        (1.0, 0.0, 0.0),  # perfect
        (0.0, 0.0, 0.0),  # both empty: in neither mean
        (0.0, 1.0, 0.0),  # predicted where nothing was to find: precision 0, no recall
    ]
    summary = shingle_summary(pages)
    assert summary["precision"] == pytest.approx((1 + 1 + 0) / 3)
    assert summary["recall"] == pytest.approx((0.5 + 0 + 1) / 3)
    p, r = summary["precision"], summary["recall"]
    assert summary["f1"] == pytest.approx(2 * p * r / (p + r))
    assert shingle_accuracy("A b, c.", "A b c") and not shingle_accuracy("a b c", "A b c")


ANNOTATED = """<html><head><title>Site: Storm</title></head><body>
<div><span class="x-nc-sel0">Home | News</span></div>
<h1><span class="x-nc-sel1">Storm  hits <a href="#">coast</a></span></h1>
<div class="x-nc-invisible"><span class="x-nc-sel2">hidden text</span></div>
<p><span class="x-nc-sel2">First <span class="x-nc-sel2"><b>para</b></span>graph.</span></p>
<p><span class="x-nc-sel2">Second <span class="x-nc-sel0">advert</span> para<a href="#">graph</a>.</span></p>
<p><span class="x-nc-sel3">A caption</span></p>
<script>var s = "<span class='x-nc-sel2'>not text</span>";</script>
<div><span class="x-nc-sel1">Deck line</span></div>
<div><span class="x-nc-sel5">A comment</span><!-- <span class="x-nc-sel2">commented out</span> --></div>
<table><tr><td><span class="x-nc-sel2">Cell one</span></td><td><span class="x-nc-sel2">cell two</span></td></tr></table>
</body></html>"""


def test_l3s_annotation_reading():
    gold = read_l3s_annotation(ANNOTATED)
    assert gold.headline_blocks == ["Storm hits coast", "Deck line"]
    assert gold.body == "First paragraph.\nSecond paragraph.\nCell one\ncell two"
    assert gold.accepted_headlines == ("Storm hits coast", "Deck line", "Storm hits coast Deck line")


def test_l3s_headline_blocks_end_at_block_elements():
    gold = read_l3s_annotation(
        '<html><body><h1><span class="x-nc-sel1">Head</span></h1><h2><span class="x-nc-sel1">Deck</span></h2>'
        '<p><span class="x-nc-sel1">One <i>line</i></span><span class="x-nc-sel1"> only</span></p></body></html>'
    )
    assert gold.headline_blocks == ["Head", "Deck", "One line only"]


def test_l3s_annotation_without_headline_labels_none():
    gold = read_l3s_annotation('<html><body><p><span class="x-nc-sel2">Only body</span></p></body></html>')
    assert gold.headline_blocks == [] and gold.accepted_headlines == () and gold.body == "Only body"


def test_ground_truth_decoding_and_bbc_dates():
    assert decode_gold(b"caf\xe9 \x96 x") == "caf\u00e9 \u2013 x"  # windows-1252
    assert decode_gold("caf\u00e9".encode("utf-8")) == "caf\u00e9"
    assert parse_bbc_date("2009/03/10 02:18:37") == date(2009, 3, 10)
    assert parse_bbc_date("") is None


def test_readability_summary_text_keeps_block_boundaries():
    assert html_fragment_text("<div><p>One<b>two</b></p><p>Three</p><script>x</script></div>") == "Onetwo\nThree"
    assert html_fragment_text("") == ""


def test_page_scores_and_their_averages():
    page = Page(
        set="msv-big9",
        path="p",
        site="s",
        gold_body="a b c d",
        gold_headlines=("Head",),
        gold_date=date(2009, 3, 10),
        gold_region="Europe",
        bbc=True,
    )
    good = score_page(
        page, Output(body="a b c d", headline="Head", day=date(2009, 3, 10), region="Europe"), "newsearch"
    )
    bad = score_page(page, Output(body="", headline="", day=None, region="", skipped="empty"), "newsearch")
    assert good["body_f1"] == 1.0 and good["headline_exact"] and good["date_exact"] and good["region_exact"]
    assert bad["body_f1"] == 0.0 and bad["body_empty"] and not bad["headline_exact"] and bad["date_exact"] is False
    summary = summarize([good, bad], [1.0, 3.0])
    assert summary["body_f1"] == 0.5 and summary["headline_exact"] == 0.5 and summary["date_exact"] == 0.5
    assert summary["date_labelled"] == 2 and summary["ms_median"] == 2.0 and summary["body_empty"] == 1
    # a peer without the field is not scored on it; a page without the label is not counted
    justext = score_page(page, Output(body="a b"), "justext")
    assert "headline_exact" not in justext and "date_exact" not in justext
    unlabelled = Page(set="l3s-gn1", path="q", site="t", gold_body="x")
    assert score_page(unlabelled, Output(body="x", headline="H", day=None), "newsearch")["date_exact"] is None
