"""Web archives against loose files: what the test archives give, pages/s, and the reader's memory (issue 12).

    python bench/warc_speed.py [--pages 5000] [--workdir DIR] [--workers N] [--big-mb 300] [--json PATH]

Three tables:

1. **The test archives** (made with ``bench/warc_files.py`` as ``tests/test_archives.py`` makes
   them): records read, pages indexed and records skipped by reason, reindexed in this process.
2. **Speed**: the same HTML pages as loose files and as one ``.warc.gz`` (a request and a response
   record per page, as a crawler writes them), each indexed from scratch by ``newsearch reindex
   --full`` in a subprocess: wall time, pages/s (over the reindex's own elapsed time, and over the
   whole command), CPU and the peak RSS of the process tree (workers included). The sample corpus,
   and ``--pages`` synthetic pages of ``bench/make_corpus.py`` (which needs the shared data; 0
   leaves them out).
3. **Memory**: the archive reader alone over a ``.warc.gz`` of ``--big-mb`` MB (the sample pages'
   records repeated), in a subprocess: its peak RSS, against the same reader's over one copy of
   the records (0.2 MB). The file is streamed, so the peak does not grow with it.

Everything is written under ``--workdir`` (a temporary folder by default, never the repository);
the figures go to ``bench/results/warc_speed.json``.
"""

from __future__ import annotations

import argparse
import gzip
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:  # run as a script
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.perf_process import load_average, newsearch_command, run_measured
from bench.runs import find_shared_data, run_record, workdir_outside_repository, write_results
from bench.warc_files import CORPUS, Capture, corpus_pages, page_captures, write_wacz, write_warc

HTML_SUFFIXES = (".html", ".htm", ".stm", ".shtml")
RESULTS = PROJECT_ROOT / "bench" / "results" / "warc_speed.json"
MB = 1024 * 1024


# -- 1. the test archives ------------------------------------------------------------------------


def test_archives(folder: Path) -> dict[str, Path]:
    """The kinds of archive the tests read, each in a folder of its own."""
    pages = corpus_pages()
    around = [
        Capture("urn:warcinfo", kind="warcinfo"),
        Capture("http://www.dailyherald.example/", kind="request"),
        *page_captures(pages),
        Capture("http://www.dailyherald.example/again.html", kind="revisit"),
        Capture("http://www.dailyherald.example/crawl-log", b"crawl notes", kind="metadata"),
        Capture("http://www.dailyherald.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        Capture("http://www.dailyherald.example/gone.html", b"<html><p>Not found</p></html>", status="404 Not Found"),
    ]
    made: dict[str, Path] = {}

    def place(name: str, file_name: str) -> Path:
        (folder / name).mkdir(parents=True)
        made[name] = folder / name
        return folder / name / file_name

    write_warc(place("plain .warc", "crawl.warc"), around, gzip=False)
    write_warc(place("gzip per record", "crawl.warc.gz"), around, gzip=True)
    truncated = place("truncated .warc.gz", "crawl.warc.gz")
    offsets = write_warc(truncated, around, gzip=True)
    truncated.write_bytes(truncated.read_bytes()[: offsets[len(around) // 2] + 700])
    corrupt = place("corrupt record in the middle", "crawl.warc.gz")
    offsets = write_warc(corrupt, around, gzip=True)
    damaged = bytearray(corrupt.read_bytes())
    damaged[offsets[4] + 300 : offsets[4] + 340] = bytes(40)
    corrupt.write_bytes(bytes(damaged))
    wrong_length = place("wrong Content-Length", "crawl.warc")
    offsets = write_warc(wrong_length, around, gzip=False)
    data = wrong_length.read_bytes()
    head_end = data.index(b"\r\n\r\n", offsets[5])
    head = data[offsets[5] : head_end]
    length = int(head.split(b"Content-Length: ")[1].split(b"\r\n")[0])
    wrong_length.write_bytes(
        data[: offsets[5]]
        + head.replace(b"Content-Length: %d" % length, b"Content-Length: %d" % (length + 5000))
        + data[head_end:]
    )
    packed = folder / "data.warc.gz"
    write_warc(packed, around, gzip=True)
    write_wacz(place("WACZ", "crawl.wacz"), {"data.warc.gz": packed.read_bytes()})
    whole = place("whole-file gzip", "crawl.warc.gz")
    plain = folder / "whole.warc"
    write_warc(plain, around, gzip=False)
    whole.write_bytes(gzip.compress(plain.read_bytes()))
    return made


def read_test_archives(workdir: Path) -> dict[str, dict[str, Any]]:
    from indexer.reindex import reindex
    from search import EngineConfig

    rows = {}
    for name, folder in test_archives(workdir / "test-archives").items():
        report = reindex(
            [folder],
            EngineConfig(kind="whoosh", index_dir=workdir / "test-indexes" / folder.name),
            workers=0,
            progress=False,
        )
        rows[name] = {"records": report.records, "indexed": report.indexed, "skipped": report.skipped_by_reason}
    return rows


def test_archives_table(rows: dict[str, dict[str, Any]]) -> str:
    width = max(len(name) for name in rows)
    lines = [f"{'archive':<{width}}  records  indexed  skipped by reason", "-" * (width + 60)]
    for name, row in rows.items():
        reasons = ", ".join(f"{reason} {count}" for reason, count in row["skipped"].items())
        lines.append(f"{name:<{width}}  {row['records']:>7}  {row['indexed']:>7}  {reasons}")
    return "\n".join(lines) + "\n"


# -- 2. speed ------------------------------------------------------------------------------------


def html_pages(root: Path) -> list[Path]:
    """The HTML pages under ``root`` (gzipped or not), in a stable order; hidden files left out."""
    return sorted(
        path
        for path in root.rglob("*")
        if path.is_file()
        and not any(part.startswith(".") for part in path.relative_to(root).parts)
        and path.name.lower().removesuffix(".gz").endswith(HTML_SUFFIXES)
    )


def as_loose_and_warc(root: Path, out: Path) -> tuple[Path, Path, int]:
    """``out/loose`` (the pages copied) and ``out/warc/crawl.warc.gz`` (the same pages); and how many."""
    pages = html_pages(root)
    loose, warc = out / "loose", out / "warc"
    for page in pages:
        target = loose / page.relative_to(root)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(page, target)
    warc.mkdir(parents=True)
    write_warc(warc / "crawl.warc.gz", _crawl(root, pages), gzip=True)
    return loose, warc, len(pages)


def _crawl(root: Path, pages: list[Path]) -> Iterator[Capture]:
    """A request and a response record per page, read one page at a time."""
    for page in pages:
        url = f"http://archive.example/{page.relative_to(root).as_posix().removesuffix('.gz')}"
        payload = gzip.decompress(page.read_bytes()) if page.name.endswith(".gz") else page.read_bytes()
        yield Capture(url, kind="request")
        yield Capture(url, payload, content_type="text/html")


def reindex_measured(folder: Path, index: Path, report: Path, workers: int | None) -> dict[str, Any]:
    command = [*newsearch_command(), "reindex", str(folder), "--index", str(index), "--full", "--report", str(report)]
    if workers is not None:
        command += ["--workers", str(workers)]
    measured = run_measured(command)
    summary = json.loads(report.read_text(encoding="utf-8"))
    return {
        "indexed": summary["indexed"],
        "records": summary["records"],
        "skipped": summary["skipped_by_reason"],
        "elapsed_s": summary["elapsed_s"],
        "wall_s": round(measured.wall_s, 2),
        "cpu_s": round(measured.cpu_s, 2),
        "peak_rss_mb": round(measured.peak_rss / MB, 1),
        "pages_per_s": round(summary["indexed"] / summary["elapsed_s"], 1) if summary["elapsed_s"] else 0.0,
        "pages_per_wall_s": round(summary["indexed"] / measured.wall_s, 1),
    }


def compare(name: str, root: Path, workdir: Path, workers: int | None) -> dict[str, Any]:
    out = workdir / name
    loose, warc, pages = as_loose_and_warc(root, out)
    result: dict[str, Any] = {"pages": pages, "warc_mb": round((warc / "crawl.warc.gz").stat().st_size / MB, 2)}
    for kind, folder in (("loose", loose), ("warc", warc)):
        result[kind] = reindex_measured(folder, out / f"index-{kind}", out / f"report-{kind}.json", workers)
    return result


def speed_table(runs: dict[str, dict[str, Any]]) -> str:
    header = (
        f"{'corpus':<18} {'input':<16} {'pages':>6} {'indexed':>7} {'reindex s':>9} {'pages/s':>8} "
        f"{'wall s':>7} {'pages/wall s':>12} {'CPU s':>6} {'peak RSS MB':>11}"
    )
    lines = [header, "-" * len(header)]
    for name, run in runs.items():
        for kind in ("loose", "warc"):
            row = run[kind]
            label = f"{kind} ({run['warc_mb']} MB)" if kind == "warc" else kind
            lines.append(
                f"{name:<18} {label:<16} {run['pages']:>6} {row['indexed']:>7} {row['elapsed_s']:>9.2f} "
                f"{row['pages_per_s']:>8.1f} {row['wall_s']:>7.2f} {row['pages_per_wall_s']:>12.1f} "
                f"{row['cpu_s']:>6.1f} {row['peak_rss_mb']:>11.1f}"
            )
    return "\n".join(lines) + "\n"


# -- 3. the reader's memory ----------------------------------------------------------------------

READER = """
import resource, sys, time
from pathlib import Path
from indexer.archives import ArchiveRecord, read_archive
started = time.perf_counter()
pages = others = 0
for item in read_archive(Path(sys.argv[1]), "big.warc.gz"):
    if isinstance(item, ArchiveRecord):
        pages += 1
    else:
        others += 1
print(pages, others, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""
"""Reads an archive and prints its pages, other records, seconds and peak RSS (KB: the kernel's own high-water
mark, which a sampler of a short run would miss)."""


def big_warc(path: Path, megabytes: int) -> int:
    """A .warc.gz of about ``megabytes`` MB: the sample corpus's pages, a request and a response each,
    written once and repeated (the offsets differ, which is all the reader cares about)."""
    block_file = path.with_name("block.warc.gz")
    write_warc(block_file, _crawl(CORPUS, html_pages(CORPUS)), gzip=True)
    block = block_file.read_bytes()
    repeats = max(1, megabytes * MB // len(block))
    with path.open("wb") as out:
        for _ in range(repeats):
            out.write(block)
    return repeats


def reader_memory(workdir: Path, megabytes: int) -> dict[str, Any]:
    path = workdir / "big" / "big.warc.gz"
    path.parent.mkdir(parents=True)
    big_warc(path, megabytes)
    small = run_measured([sys.executable, "-c", READER, str(path.with_name("block.warc.gz"))], cwd=PROJECT_ROOT)
    measured = run_measured([sys.executable, "-c", READER, str(path)], cwd=PROJECT_ROOT)
    pages, others, seconds, peak_kb = measured.output.split()
    small_peak_kb = small.output.split()[3]
    size_mb = path.stat().st_size / MB
    return {
        "file_mb": round(size_mb, 1),
        "pages": int(pages),
        "other_records": int(others),
        "read_s": round(float(seconds), 1),
        "mb_per_s": round(size_mb / float(seconds), 1),
        "peak_rss_mb": round(int(peak_kb) / 1024, 1),
        "small_file_mb": round(path.with_name("block.warc.gz").stat().st_size / MB, 2),
        "small_file_peak_rss_mb": round(int(small_peak_kb) / 1024, 1),
    }


def memory_table(row: dict[str, Any]) -> str:
    small = f"peak RSS MB reading {row['small_file_mb']} MB"
    header = (
        f"{'file MB':>8} {'pages':>8} {'other records':>13} {'read s':>7} {'MB/s':>6} {'peak RSS MB':>11} "
        f"{small:>{len(small)}}"
    )
    return (
        header + "\n" + "-" * len(header) + "\n"
        f"{row['file_mb']:>8} {row['pages']:>8} {row['other_records']:>13} {row['read_s']:>7} {row['mb_per_s']:>6} "
        f"{row['peak_rss_mb']:>11} {row['small_file_peak_rss_mb']:>{len(small)}}\n"
    )


# -- main ----------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=5000, help="synthetic pages (default %(default)s; 0: none)")
    parser.add_argument("--workdir", type=Path, default=None, help="where corpora and indexes go (default: a temp dir)")
    parser.add_argument("--workers", type=int, default=None, help="extraction processes (default: one per core)")
    parser.add_argument("--big-mb", type=int, default=300, help="size of the WARC the reader alone reads (0: skip)")
    parser.add_argument("--data", type=Path, default=None, help="the shared data dir (for the synthetic pages)")
    parser.add_argument("--json", type=Path, default=RESULTS, help="results file (default %(default)s)")
    args = parser.parse_args(argv)
    started, load_before = datetime.now(), load_average()
    temporary = None
    if args.workdir is None:
        temporary = tempfile.TemporaryDirectory(prefix="warc-speed-")
        workdir = Path(temporary.name)
    else:
        workdir = workdir_outside_repository(parser, args.workdir)
        if workdir.exists():
            shutil.rmtree(workdir)
        workdir.mkdir(parents=True)
    try:
        results: dict[str, Any] = {}
        results["test_archives"] = read_test_archives(workdir)
        print("The test archives\n\n" + test_archives_table(results["test_archives"]))
        runs = {"sample corpus": compare("sample", CORPUS, workdir, args.workers)}
        if args.pages:
            data = find_shared_data(args.data, "warc_speed")
            if data is not None:
                subprocess.run(
                    [
                        sys.executable,
                        str(PROJECT_ROOT / "bench" / "make_corpus.py"),
                        str(args.pages),
                        str(workdir / "synthetic-pages"),
                        "--data",
                        str(data),
                    ],
                    check=True,
                )
                runs[f"synthetic {args.pages:,}"] = compare(
                    "synthetic", workdir / "synthetic-pages", workdir, args.workers
                )
        results["speed"] = runs
        print("The same pages as loose files and as one .warc.gz, reindexed with --full\n\n" + speed_table(runs))
        if args.big_mb:
            results["reader_memory"] = reader_memory(workdir, args.big_mb)
            print("The reader alone over a big .warc.gz\n\n" + memory_table(results["reader_memory"]))
        write_results(args.json, {"run": run_record(started, load_before, args), **results})
    finally:
        if temporary is not None:
            temporary.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
