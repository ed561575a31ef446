"""Web archives written with warcio's WARCWriter, for the tests and bench/warc_speed.py: pages of the
sample corpus as captures, and the records around them that an archive also holds (requests,
revisits, metadata, images, 404s)."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

CORPUS = Path(__file__).resolve().parent.parent / "corpus"


@dataclass(frozen=True)
class Capture:
    """One record to write: ``kind`` is the WARC-Type; ``status`` and ``content_type`` make its HTTP head."""

    url: str
    payload: bytes = b""
    kind: str = "response"
    status: str = "200 OK"
    content_type: str | None = "text/html; charset=utf-8"
    date: str = "2020-01-15T09:00:00Z"
    extra_http: Sequence[tuple[str, str]] = field(default_factory=tuple)


def corpus_pages(folder: str = "dailyherald", count: int | None = None) -> list[Path]:
    """Pages of the sample corpus (decompressed ones only), in a stable order."""
    pages = sorted(path for path in (CORPUS / folder).rglob("*") if path.is_file() and not path.name.endswith(".gz"))
    return pages[:count] if count is not None else pages


def page_captures(pages: Iterable[Path], host: str = "http://www.dailyherald.example") -> list[Capture]:
    """A response record for each page, at a URL made of its path in the corpus."""
    return [Capture(f"{host}/{page.relative_to(CORPUS).as_posix()}", page.read_bytes()) for page in pages]


def write_warc(path: Path, captures: Iterable[Capture], *, gzip: bool) -> list[int]:
    """Write the captures to ``path`` (one gzip member per record when ``gzip``); returns each record's offset."""
    with path.open("wb") as out:
        writer = WARCWriter(out, gzip=gzip)
        offsets = []
        for capture in captures:
            offsets.append(out.tell())
            writer.write_record(_record(writer, capture))
    return offsets


def _record(writer: WARCWriter, capture: Capture):
    headers = {"WARC-Date": capture.date}
    if capture.kind in ("warcinfo",):
        return writer.create_warcinfo_record(capture.url, {"software": "tests"})
    if capture.kind in ("metadata", "resource"):
        return writer.create_warc_record(
            capture.url,
            capture.kind,
            payload=io.BytesIO(capture.payload),
            warc_content_type="text/plain",
            warc_headers_dict=headers,
        )
    if capture.kind == "request":
        http = StatusAndHeaders(
            f"GET {capture.url} HTTP/1.1", [("Host", "www.dailyherald.example")], is_http_request=True
        )
        return writer.create_warc_record(
            capture.url, "request", payload=io.BytesIO(b""), http_headers=http, warc_headers_dict=headers
        )
    http_headers = [("Content-Type", capture.content_type)] if capture.content_type is not None else []
    http = StatusAndHeaders(capture.status, http_headers + list(capture.extra_http), protocol="HTTP/1.1")
    if capture.kind == "revisit":
        return writer.create_revisit_record(
            capture.url,
            digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            refers_to_uri=capture.url,
            refers_to_date="2009-03-01T00:00:00Z",
            http_headers=http,
        )
    return writer.create_warc_record(
        capture.url, "response", payload=io.BytesIO(capture.payload), http_headers=http, warc_headers_dict=headers
    )


def write_wacz(path: Path, warcs: dict[str, bytes]) -> None:
    """A WACZ: a zip of the WARCs under ``archive/`` and a ``datapackage.json`` listing them (stored, as
    recorders write them: the WARCs are compressed already)."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as package:
        for name, data in warcs.items():
            package.writestr(f"archive/{name}", data)
        resources = [{"name": name, "path": f"archive/{name}", "bytes": len(data)} for name, data in warcs.items()]
        package.writestr("datapackage.json", json.dumps({"profile": "data-package", "resources": resources}))
        package.writestr("pages/pages.jsonl", '{"format": "json-pages-1.0"}\n')


def warcio_offsets(path: Path) -> list[int]:
    """The record offsets warcio itself reports (what a CDX index of the file would say)."""
    with path.open("rb") as stream:
        records = ArchiveIterator(stream)
        offsets = []
        for _ in records:
            offsets.append(records.get_record_offset())
    return offsets
