"""Reading web archives (indexer/archives.py): which records are pages, their sources, and damage skipped."""

from __future__ import annotations

import gzip
import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

import indexer.archives
from bench.warc_files import Capture, corpus_pages, page_captures, warcio_offsets, write_wacz, write_warc
from indexer.archives import ArchiveRecord, archive_of, is_archive, read_archive, records_by_archive
from indexer.errors import SkippedFile

PAGES = corpus_pages(count=5)
AROUND = [
    Capture("urn:warcinfo", kind="warcinfo"),
    Capture("http://www.dailyherald.example/", kind="request"),
    *page_captures(PAGES[:2]),
    Capture("http://www.dailyherald.example/again.html", kind="revisit"),
    Capture("http://www.dailyherald.example/crawl-log", b"crawl notes", kind="metadata"),
    Capture("http://www.dailyherald.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
    Capture("http://www.dailyherald.example/gone.html", b"<html><p>Not found</p></html>", status="404 Not Found"),
    Capture("http://www.dailyherald.example/moved.html", b"", status="301 Moved Permanently"),
    *page_captures(PAGES[2:3]),
]


def _outcomes(path: Path, source: str | None = None) -> list[tuple[str, str]]:
    """(source, "page" or the skip reason) of every record."""
    return [
        (item.source, "page" if isinstance(item, ArchiveRecord) else item.reason)
        for item in read_archive(path, source or path.name)
    ]


@pytest.mark.parametrize("gzipped", [False, True], ids=["warc", "warc.gz"])
def test_each_record_is_a_page_or_skipped_by_reason(tmp_path, gzipped):
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    offsets = write_warc(path, AROUND, gzip=gzipped)
    assert offsets == warcio_offsets(path)  # the offsets a CDX index of the file would give
    assert _outcomes(path) == [
        (f"{path.name}#{offset}", outcome)
        for offset, outcome in zip(
            offsets,
            [
                "not-response",
                "not-response",
                "page",
                "page",
                "revisit",
                "not-response",
                "not-html",
                "http-status",
                "http-status",
                "page",
            ],
            strict=True,
        )
    ]


def test_a_page_record_carries_payload_url_capture_time_and_charset(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    capture = Capture(
        "http://www.dailyherald.example/a.html",
        PAGES[0].read_bytes(),
        content_type='text/html; charset="ISO-8859-1"',
        date="2011-07-04T12:30:00Z",
    )
    write_warc(path, [capture], gzip=True)
    [record] = read_archive(path, "x/crawl.warc.gz", "123-456")
    assert record == ArchiveRecord(
        source="x/crawl.warc.gz#0",
        payload=PAGES[0].read_bytes(),
        target_uri="http://www.dailyherald.example/a.html",
        captured_at=datetime(2011, 7, 4, 12, 30, tzinfo=UTC),
        charset="ISO-8859-1",
        fingerprint="123-456",
    )


def test_sources_are_the_same_on_every_read(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, AROUND, gzip=True)
    assert _outcomes(path) == _outcomes(path)


def test_chunked_and_gzip_encoded_payloads_are_decoded(tmp_path):
    page = PAGES[0].read_bytes()
    chunked = b"".join(
        b"%x\r\n%s\r\n" % (len(page[i : i + 1000]), page[i : i + 1000]) for i in range(0, len(page), 1000)
    )
    path = tmp_path / "crawl.warc"
    write_warc(
        path,
        [
            Capture("http://a.example/chunked", chunked + b"0\r\n\r\n", extra_http=[("Transfer-Encoding", "chunked")]),
            Capture("http://a.example/gzip", gzip.compress(page), extra_http=[("Content-Encoding", "gzip")]),
        ],
        gzip=False,
    )
    assert [record.payload for record in read_archive(path, "crawl.warc")] == [page, page]


def test_without_content_type_a_page_is_sniffed(tmp_path):
    path = tmp_path / "crawl.warc"
    write_warc(
        path,
        [
            Capture("http://a.example/page", b"\n<!DOCTYPE html><html><p>A page</p></html>", content_type=None),
            Capture("http://a.example/data", b"GIF89a\x01\x00", content_type=None),
            Capture("http://a.example/xhtml", b"<html><p>XHTML</p></html>", content_type="application/xhtml+xml"),
        ],
        gzip=False,
    )
    assert [outcome for _, outcome in _outcomes(path)] == ["page", "not-html", "page"]


def test_a_page_over_the_size_cap_is_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(indexer.archives, "MAX_PAGE_BYTES", 1000)
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path, page_captures(PAGES[:2]) + [Capture("http://a.example/small", b"<html><p>small</p></html>")], gzip=True
    )
    assert [outcome for _, outcome in _outcomes(path)] == ["too-large", "too-large", "page"]


# -- damage ------------------------------------------------------------------------------------


def _pages_and_skips(path: Path) -> tuple[list[int], list[tuple[int, str]]]:
    pages, skips = [], []
    for item in read_archive(path, "a"):
        offset = int(item.source.rsplit("#", 1)[1])
        if isinstance(item, ArchiveRecord):
            pages.append(offset)
        else:
            skips.append((offset, item.reason))
    return pages, skips


@pytest.fixture()
def five(tmp_path) -> tuple[Path, list[int], Path, list[int]]:
    """The same five pages as a plain WARC and a gzip-per-record one, with their offsets."""
    plain, packed = tmp_path / "five.warc", tmp_path / "five.warc.gz"
    return (
        plain,
        write_warc(plain, page_captures(PAGES), gzip=False),
        packed,
        write_warc(packed, page_captures(PAGES), gzip=True),
    )


def test_a_truncated_warc_gz_gives_every_whole_record_and_a_bad_gzip_skip(five):
    _, _, packed, offsets = five
    packed.write_bytes(packed.read_bytes()[: offsets[4] + 700])
    assert _pages_and_skips(packed) == (offsets[:4], [(offsets[4], "bad-gzip")])


def test_a_truncated_plain_warc_ends_with_a_corrupt_record(five):
    plain, offsets, _, _ = five
    plain.write_bytes(plain.read_bytes()[: offsets[3] + 2000])
    assert _pages_and_skips(plain) == (offsets[:3], [(offsets[3], "corrupt-record")])


def test_a_corrupt_gzip_member_in_the_middle_costs_that_record_only(five):
    _, _, packed, offsets = five
    data = bytearray(packed.read_bytes())
    data[offsets[1] + 300 : offsets[1] + 340] = bytes(40)
    packed.write_bytes(bytes(data))
    assert _pages_and_skips(packed) == ([offsets[0], *offsets[2:]], [(offsets[1], "bad-gzip")])


def test_a_gzip_member_cut_short_in_the_middle_costs_that_record_only(five):
    _, _, packed, offsets = five
    data = packed.read_bytes()
    packed.write_bytes(data[: offsets[2] + 500] + data[offsets[3] :])
    moved = offsets[3] - (offsets[2] + 500)  # the records after the cut are that much nearer the start
    assert _pages_and_skips(packed) == (
        [*offsets[:2], offsets[3] - moved, offsets[4] - moved],
        [(offsets[2], "bad-gzip")],
    )


def test_a_record_with_bad_warc_headers_in_the_middle_is_corrupt_and_the_rest_is_read(five):
    plain, offsets, _, _ = five
    data = bytearray(plain.read_bytes())
    data[offsets[2] : offsets[2] + 8] = b"XARC/9.9"
    plain.write_bytes(bytes(data))
    assert _pages_and_skips(plain) == ([*offsets[:2], *offsets[3:]], [(offsets[2], "corrupt-record")])


@pytest.mark.parametrize("change", [+5000, -300], ids=["too-long", "too-short"])
def test_a_wrong_content_length_costs_that_record_and_the_next_is_found(five, change):
    plain, offsets, _, _ = five
    data = plain.read_bytes()
    head_end = data.index(b"\r\n\r\n", offsets[1])
    header = data[offsets[1] : head_end]
    length = int(header.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    patched = header.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % (length + change))
    plain.write_bytes(data[: offsets[1]] + patched + data[head_end:])
    shift = len(patched) - len(header)
    assert _pages_and_skips(plain) == (
        [offsets[0], *(offset + shift for offset in offsets[2:])],
        [(offsets[1], "corrupt-record")],
    )


def test_a_warc_gz_compressed_whole_is_read_as_the_warc_inside(five):
    plain, offsets, packed, _ = five
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    assert _pages_and_skips(packed) == (offsets, [])


def test_a_file_that_is_no_warc_is_a_bad_archive(tmp_path):
    path = tmp_path / "notes.warc"
    path.write_bytes(b"These are my notes about the crawl.\n" * 100)
    assert _outcomes(path) == [("notes.warc", "bad-archive")]


def test_an_archive_that_cannot_be_opened_is_unreadable(tmp_path):
    (tmp_path / "gone.warc").symlink_to(tmp_path / "nowhere.warc")
    assert _outcomes(tmp_path / "gone.warc") == [("gone.warc", "unreadable")]


def test_the_archive_is_streamed_not_loaded(tmp_path, monkeypatch):
    """A few records in, only about one read window of the file has been read, however big it is."""
    path = tmp_path / "big.warc.gz"
    write_warc(path, page_captures(corpus_pages("bbc")) * 20, gzip=True)  # 620 records, ~3 MB
    opened: list[_CountingReader] = []
    real_open = indexer.archives._open_regular
    monkeypatch.setattr(
        indexer.archives, "_open_regular", lambda p: opened.append(_CountingReader(real_open(p))) or opened[-1]
    )
    records = read_archive(path, "big.warc.gz")
    for _ in range(3):
        next(records)
    assert opened[0].bytes_read < 200_000 < path.stat().st_size / 10
    assert sum(1 for _ in records) == 620 - 3


class _CountingReader(io.RawIOBase):
    def __init__(self, inner) -> None:
        self._inner = inner
        self.bytes_read = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self._inner.read(size)
        self.bytes_read += len(data)
        return data

    def readinto(self, buffer) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)

    def seek(self, offset: int, whence: int = 0) -> int:
        return self._inner.seek(offset, whence)

    def tell(self) -> int:
        return self._inner.tell()

    def close(self) -> None:
        self._inner.close()
        super().close()


# -- WACZ -----------------------------------------------------------------------------------------


def test_a_wacz_gives_the_records_of_the_warcs_under_archive(tmp_path):
    first, second = tmp_path / "first.warc.gz", tmp_path / "second.warc"
    first_offsets = write_warc(first, AROUND[:4], gzip=True)
    second_offsets = write_warc(second, page_captures(PAGES[3:5]), gzip=False)
    path = tmp_path / "crawl.wacz"
    write_wacz(path, {"data-1.warc.gz": first.read_bytes(), "data-2.warc": second.read_bytes()})
    assert _outcomes(path, "archives/crawl.wacz") == [
        *(
            (f"archives/crawl.wacz#archive/data-1.warc.gz#{offset}", outcome)
            for offset, outcome in zip(first_offsets, ["not-response", "not-response", "page", "page"], strict=True)
        ),
        *((f"archives/crawl.wacz#archive/data-2.warc#{offset}", "page") for offset in second_offsets),
    ]


def test_a_wacz_that_is_not_a_zip_or_holds_no_warc_is_a_bad_archive(tmp_path):
    (tmp_path / "broken.wacz").write_bytes(b"PK\x03\x04 not really a zip")
    with zipfile.ZipFile(tmp_path / "empty.wacz", "w") as package:
        package.writestr("datapackage.json", "{}")
    assert _outcomes(tmp_path / "broken.wacz") == [("broken.wacz", "bad-archive")]
    assert _outcomes(tmp_path / "empty.wacz") == [("empty.wacz", "bad-archive")]


def test_damage_inside_a_wacz_costs_the_damaged_record(tmp_path):
    warc = tmp_path / "data.warc.gz"
    offsets = write_warc(warc, page_captures(PAGES[:3]), gzip=True)
    data = bytearray(warc.read_bytes())
    data[offsets[1] + 300 : offsets[1] + 340] = bytes(40)
    write_wacz(tmp_path / "crawl.wacz", {"data.warc.gz": bytes(data)})
    assert [outcome for _, outcome in _outcomes(tmp_path / "crawl.wacz")] == ["page", "bad-gzip", "page"]


# -- names -------------------------------------------------------------------------------------


def test_archive_names_and_record_sources():
    assert [is_archive(name) for name in ("a.warc", "A.WARC.GZ", "b.wacz", "c.html", "d.warc.txt", "e.gz")] == [
        True,
        True,
        True,
        False,
        False,
        False,
    ]
    assert archive_of("news/crawl.warc.gz#1234") == "news/crawl.warc.gz"
    assert archive_of("crawl.wacz#archive/data.warc.gz#0") == "crawl.wacz"
    assert archive_of("news/story#1.html") is None
    assert archive_of("news/crawl.warc.gz") is None
    assert records_by_archive(["a.warc#0", "a.warc#99", "b.wacz#archive/x.warc#5", "c.html"]) == {
        "a.warc": {"a.warc#0", "a.warc#99"},
        "b.wacz": {"b.wacz#archive/x.warc#5"},
    }


def test_every_outcome_is_a_record_or_a_skip(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, AROUND, gzip=True)
    assert all(isinstance(item, (ArchiveRecord, SkippedFile)) for item in read_archive(path, "crawl.warc.gz"))


def test_a_gzip_member_holding_several_records_loses_those_after_its_first_only(tmp_path):
    proper, plain = tmp_path / "proper.warc.gz", tmp_path / "plain.warc"
    write_warc(proper, page_captures(PAGES[:2]), gzip=True)
    write_warc(plain, page_captures(PAGES[2:5]), gzip=False)
    tail = tmp_path / "tail.warc.gz"
    write_warc(tail, page_captures(PAGES[:1]), gzip=True)
    mixed = tmp_path / "mixed.warc.gz"
    mixed.write_bytes(proper.read_bytes() + gzip.compress(plain.read_bytes()) + tail.read_bytes())
    outcomes = _outcomes(mixed)
    assert [outcome for _, outcome in outcomes] == ["page", "page", "page", "bad-gzip", "page"]
    assert outcomes[3][0] == "mixed.warc.gz"
    assert outcomes[4][0] == f"mixed.warc.gz#{mixed.stat().st_size - tail.stat().st_size}"
