"""bench/make_corpus.py: the synthetic archive is deterministic, the size asked for, spread over
20 years and ~40 regions, has ~3% near-duplicates, and newsearch extracts every page back."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bench import make_corpus as mc
from bench.corpus_text import TextModel
from bench.relevance import extract_paths

PAGES = 300


@pytest.fixture(scope="module")
def model(shared_data: Path) -> TextModel:
    return TextModel.load(shared_data)


@pytest.fixture(scope="module")
def corpus(model: TextModel, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("corpus")
    mc.make_corpus(PAGES, out, seed=5, model=model, workers=2)
    return out


@pytest.fixture(scope="module")
def extracted(corpus: Path) -> dict:
    """source -> Article, as the reindex would extract each page."""
    articles, skipped = extract_paths(page_files(corpus), corpus, workers=2)
    assert skipped == {}
    return {article.source: article for article in articles}


def page_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.name.startswith("."))


def file_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in page_files(root)}


def shingles(text: str) -> set[str]:
    words = re.findall(r"\w+", text.lower())
    return {" ".join(words[i : i + 5]) for i in range(len(words) - 4)}


def test_writes_the_pages_asked_for_a_thousand_per_folder_at_most(corpus: Path) -> None:
    files = page_files(corpus)
    assert len(files) == PAGES
    assert max(Counter(p.parent for p in files).values()) <= mc.PAGES_PER_FOLDER
    manifest = mc.read_manifest(corpus)
    assert manifest is not None and manifest["pages"] == PAGES and manifest["seed"] == 5
    assert mc.is_complete(corpus, PAGES, 5)
    assert not mc.is_complete(corpus, PAGES, 6)
    assert set(manifest["templates"]) == set(mc.FOLDERS)


def test_the_same_seed_writes_the_same_bytes_and_another_seed_other_pages(model: TextModel, tmp_path: Path) -> None:
    mc.make_corpus(40, tmp_path / "a", seed=9, model=model, workers=0)
    mc.make_corpus(40, tmp_path / "b", seed=9, model=model, workers=2)
    mc.make_corpus(40, tmp_path / "c", seed=10, model=model, workers=0)
    assert file_bytes(tmp_path / "a") == file_bytes(tmp_path / "b")
    assert file_bytes(tmp_path / "a") != file_bytes(tmp_path / "c")


def test_newsearch_extracts_headline_date_region_and_text_of_every_page(
    model: TextModel, corpus: Path, extracted: dict
) -> None:
    assert len(extracted) == PAGES
    for index in range(PAGES):
        page = mc.plan_page(model, 5, index)
        article = extracted[page.path]
        assert article.headline == page.fields["headline"], page.path
        assert article.region == ("" if page.template == "plain" else page.fields["region"]), page.path
        if page.template == "text":
            assert article.date is None
        else:
            assert article.date.date().isoformat() == page.fields["published_utc"][:10], page.path
        body = " ".join(article.body.split())
        for paragraph in page.fields["paragraphs"]:
            if len(paragraph.split()) >= 8:
                assert " ".join(paragraph.split()) in body, (page.path, paragraph[:60])


def test_dates_spread_over_twenty_years_and_about_forty_regions(extracted: dict) -> None:
    years = {a.date.year for a in extracted.values() if a.date}
    assert years == set(range(2000, 2020))
    regions = {a.region for a in extracted.values() if a.region}
    assert regions <= set(mc.REGION_NAMES)
    assert len(regions) >= 30
    assert len(mc.REGION_NAMES) == 40


def test_about_three_percent_are_near_duplicates_newsearch_would_group(model: TextModel) -> None:
    pages = [mc.plan_page(model, 1, i) for i in range(2000)]
    duplicates = [p for p in pages if p.duplicate_of is not None]
    assert 0.02 <= len(duplicates) / len(pages) <= 0.045
    assert {p.variant for p in duplicates} == {"low-graphics", "re-capture", "update", "print"}
    for page in duplicates:
        original = pages[page.duplicate_of]
        assert original.duplicate_of is None
        assert page.fields["headline"] == original.fields["headline"]
        mine, theirs = shingles(" ".join(page.fields["paragraphs"])), shingles(" ".join(original.fields["paragraphs"]))
        assert len(mine & theirs) / len(mine | theirs) >= 0.6, page.path


def test_near_duplicates_extract_to_the_same_story(corpus: Path, extracted: dict) -> None:
    manifest = mc.read_manifest(corpus)
    assert manifest and manifest["near_duplicates"]
    for pair in manifest["near_duplicates"]:
        copy, original = extracted[pair["path"]], extracted[pair["of"]]
        assert copy.headline == original.headline
        mine, theirs = shingles(copy.body), shingles(original.body)
        assert len(mine & theirs) / len(mine | theirs) >= 0.6, pair


def test_touching_pages_changes_them_and_revision_zero_restores_them(model: TextModel, tmp_path: Path) -> None:
    mc.make_corpus(200, tmp_path, seed=2, model=model, workers=0)
    before = file_bytes(tmp_path)
    touched = mc.touch_pages(tmp_path, 0.01, seed=3, revision=1, model=model, workers=0)
    after = file_bytes(tmp_path)
    assert len(touched) == 2
    assert {path for path in before if before[path] != after[path]} == set(touched)
    assert mc.touch_pages(tmp_path, 0.01, seed=3, revision=0, model=model, workers=0) == touched
    assert file_bytes(tmp_path) == before


def test_refuses_a_folder_it_did_not_write_and_replaces_its_own(model: TextModel, tmp_path: Path) -> None:
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(FileExistsError):
        mc.make_corpus(5, tmp_path, model=model, workers=0)
    assert (tmp_path / "mine.txt").read_text() == "keep me"
    mc.make_corpus(20, tmp_path / "corpus", model=model, workers=0)
    mc.make_corpus(10, tmp_path / "corpus", model=model, workers=0)
    assert len(page_files(tmp_path / "corpus")) == 10


def test_low_graphics_url_of_either_edition() -> None:
    assert (
        mc.low_graphics_url("http://news.bbc.co.uk/1/hi/england/london/1000001.stm")
        == "http://news.bbc.co.uk/2/low/uk_news/england/london/1000001.stm"
    )
    assert (
        mc.low_graphics_url("http://news.bbc.co.uk/2/hi/europe/1000002.stm")
        == "http://news.bbc.co.uk/2/low/europe/1000002.stm"
    )


def test_command_line(shared_data: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert mc.main(["25", str(tmp_path / "out"), "--seed", "4", "--data", str(shared_data), "--workers", "0"]) == 0
    assert "wrote 25 pages" in capsys.readouterr().out
    assert len(page_files(tmp_path / "out")) == 25
    with pytest.raises(SystemExit):
        mc.main(["0", str(tmp_path / "none")])
