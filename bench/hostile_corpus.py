"""A corpus of hostile files beside good pages, and a reindex over it: time, peak memory, reasons.

    python bench/hostile_corpus.py            # builds it in a temporary folder, prints one table

Every file here once crashed, hung or bloated a reindex (issue 8), or is a classic of the kind:
truncated HTML, 100,000-deep nesting, a 100 MB page, binary behind an ``.html`` name, zero bytes,
a lying charset, NUL bytes, names that are not UTF-8 / hold a newline / are 250 bytes long,
symbolic link loops, a dangling link, a link to ``/etc/passwd``, a FIFO, a socket, a gzip bomb,
a gzip file of a million members, a tag of 100,000 attributes, a page of 6 million tags.
``tests/test_hostile_pages.py`` runs the same reindex and checks each outcome.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import socket
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
GOOD_PAGES = 20
INDEXED = "indexed"


def good_page(n: int) -> str:
    """A page of its own story (pages too alike would be grouped as one story)."""
    words = ["harbour", "ferry", "council", "bridge", "orchard", "quarry", "library", "market", "museum", "stadium"]
    topic = f"{words[n % 10]} {words[(n * 7 + 3) % 10]} {n}"
    paragraphs = "".join(
        f"<p>Witness {k} told the {topic} inquiry that works on case {n}-{k} had been delayed.</p>" for k in range(8)
    )
    return (
        f"<html><head><title>Inquiry into the {topic} works</title></head><body><h1>Inquiry into the {topic} "
        f"works</h1>{paragraphs}</body></html>"
    )


def gzip_bomb(size: int) -> bytes:
    """``size`` bytes of spaces, gzipped (about a thousandth of that), without holding them in memory."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b" " * (1 << 20)
    return b"".join(compressor.compress(block) for _ in range(size // len(block))) + compressor.flush()


def build_hostile_corpus(root: Path) -> dict[str, set[str]]:
    """Write the corpus under ``root``; returns each source's acceptable outcomes (a reason, or "indexed").

    Holds a live socket file only while its creator's socket is open, so the socket is bound and
    closed here: what remains is the socket file, which is what a crawler's folder would hold.
    """
    root.mkdir(parents=True)
    expected: dict[str, set[str]] = {}

    def page(name: str, data: bytes | str, *outcomes: str) -> None:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        expected[name] = set(outcomes)

    for n in range(GOOD_PAGES):
        page(f"good/story-{n:02}.html", good_page(n), INDEXED)

    story = good_page(100)
    page("nasty/truncated.html", story[: len(story) // 2], INDEXED)
    page(
        "nasty/deep.html",
        "<html><body><h1>Deep</h1>" + "<div>" * 100_000 + "text" + "</div>" * 100_000,
        INDEXED,
        "empty",
    )
    with open(root / "nasty" / "huge.html", "wb") as huge:  # 100 MB of markup
        block = ("<p>" + "filler words " * 80 + "</p>\n").encode()
        huge.writelines(block for _ in range(100 * 1024 * 1024 // len(block) + 1))
    expected["nasty/huge.html"] = {"too-large"}
    page("nasty/binary.html", b"\x89PNG\r\n\x1a\n" + os.urandom(4096), "not-text")
    page("nasty/zero.html", b"", "empty")
    page(
        "nasty/lying-charset.html",
        good_page(101)
        .replace("<head>", '<head><meta charset="shift_jis">')
        .replace("Witness 1", "T\xe9moin 1")
        .encode("cp1252"),
        INDEXED,
    )
    page("nasty/nul.html", good_page(102).replace("<body>", "<body>\x00\x00\x00"), "not-text")
    page("nasty/two\nlines.html", good_page(103), INDEXED)
    page("nasty/" + "long" * 61 + ".html", good_page(104), INDEXED)
    with open(os.fsencode(root / "nasty") + b"/caf\xe9-\xff.html", "wb") as odd:
        odd.write(good_page(105).encode())
    expected["nasty/caf\\xe9-\\xff.html"] = {INDEXED}
    (root / "nasty" / "loop-a.html").symlink_to("loop-b.html")
    (root / "nasty" / "loop-b.html").symlink_to("loop-a.html")
    expected["nasty/loop-a.html"] = expected["nasty/loop-b.html"] = {"unreadable"}
    (root / "nasty" / "dangling.html").symlink_to(root / "nasty" / "never-there.html")
    expected["nasty/dangling.html"] = {"unreadable"}
    (root / "nasty" / "passwd.html").symlink_to("/etc/passwd")
    expected["nasty/passwd.html"] = {"outside-root"}
    os.mkfifo(root / "nasty" / "fifo.html")
    expected["nasty/fifo.html"] = {"not-regular"}
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(root / "nasty" / "socket.html"))
    server.close()
    expected["nasty/socket.html"] = {"not-regular"}
    page("nasty/bomb.html.gz", gzip_bomb(1 << 30), "too-large")
    page(
        "nasty/members.html.gz",
        gzip.compress(b"<p>x</p>", mtime=0) + gzip.compress(b"", mtime=0) * 1_000_000,
        "too-many-gzip-members",
    )
    page(
        "nasty/attributes.html",
        good_page(106).replace("<body>", "<body><div " + " ".join(f'a{i}="v"' for i in range(100_000)) + ">"),
        INDEXED,
    )
    page("nasty/tags.html", "<html><body>" + "<p>" * (19 * 1024 * 1024 // 3) + "</body></html>", "too-many-tags")
    page("nasty/notes.pdf", b"%PDF-1.4 not a page", "unsupported-type")
    return expected


def run_reindex(
    corpus: Path, index: Path, report: Path, timeout: float
) -> tuple[float, int, subprocess.CompletedProcess]:
    """``newsearch reindex`` in a child process: ``(seconds, peak RSS of it and its workers in bytes, result)``.

    A wrapper process runs the reindex, so its children's peak RSS is this reindex's alone.
    """
    wrapper = (
        "import resource, subprocess, sys\n"
        "result = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "sys.stderr.write(result.stderr)\n"
        "print(result.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
        "print(result.stdout)\n"
    )
    command = [
        sys.executable,
        "-c",
        wrapper,
        sys.executable,
        "-c",
        "from web.cli import cli; cli()",
        "reindex",
        str(corpus),
        "--index",
        str(index),
        "--report",
        str(report),
    ]
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout, cwd=PROJECT, check=False)
    elapsed = time.perf_counter() - started
    first_line = result.stdout.split("\n", 1)[0].split()
    code, peak_kb = int(first_line[0]), int(first_line[1])
    result.returncode = code
    return elapsed, peak_kb * 1024, result


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        corpus = Path(folder) / "corpus"
        build_started = time.perf_counter()
        expected = build_hostile_corpus(corpus)
        print(f"built {len(expected)} files in {time.perf_counter() - build_started:.1f} s")
        report_path = Path(folder) / "report.json"
        elapsed, peak, result = run_reindex(corpus, Path(folder) / "index", report_path, timeout=1800)
        print(result.stdout.split("\n", 1)[1])
        report = json.loads(report_path.read_text(encoding="utf-8"))
        reasons = {entry["source"]: entry["reason"] for entry in report["skipped_files"]}
        print("| file | expected | got |\n|---|---|---|")
        for source, outcomes in sorted(expected.items()):
            if not source.startswith("good/"):
                print(f"| `{source!r}` | {' or '.join(sorted(outcomes))} | {reasons.get(source, INDEXED)} |")
        print(
            f"\nreindex: exit {result.returncode}, {elapsed:.1f} s, peak RSS {peak / 2**20:.0f} MB "
            f"(largest process: the reindex or one worker)"
        )
        print(f"self: peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
