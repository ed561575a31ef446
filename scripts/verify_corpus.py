"""Check the written corpus/: file counts per template, encodings, gzip, and that lxml parses every page.

python scripts/verify_corpus.py     # prints a summary; exit 1 on any failure
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import Counter
from pathlib import Path

import lxml.html

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
C1 = re.compile(rb"[\x80-\x9f]")


def main() -> int:
    problems: list[str] = []
    counts: Counter[str] = Counter()
    notes: dict[str, list[str]] = {k: [] for k in ("cp1252", "wayback", "gzip", "no-charset")}
    for path in sorted(p for p in CORPUS.rglob("*") if p.is_file()):
        rel = path.relative_to(CORPUS).as_posix()
        data = path.read_bytes()
        counts[rel.split("/")[0]] += 1
        if rel.endswith(".gz"):
            try:
                data = gzip.decompress(data)
            except OSError as exc:
                problems.append(f"{rel}: gzip: {exc}")
                continue
            notes["gzip"].append(rel)
        if rel.endswith(".txt"):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError:
                problems.append(f"{rel}: text is not UTF-8")
            continue
        head = data[:6000].lower()
        declared = re.findall(rb"<meta[^>]*charset\s*=\s*[\"']?([a-z0-9_-]+)", head)
        if b"begin wayback toolbar insert" in data.lower():
            notes["wayback"].append(rel)
            if declared[:2] != [b"utf-8", b"iso-8859-1"]:
                problems.append(f"{rel}: Wayback page should declare utf-8 before iso-8859-1, got {declared}")
            if b"<!-- END WAYBACK TOOLBAR INSERT -->" not in data:
                problems.append(f"{rel}: toolbar insert not closed")
        try:
            data.decode("utf-8")
            utf8 = True
        except UnicodeDecodeError:
            utf8 = False
        if not utf8 and C1.search(data):
            notes["cp1252"].append(rel)
            text = data.decode("cp1252")
            if not re.search("[\u2018\u2019\u201c\u201d\u2013]", text):
                problems.append(f"{rel}: no curly quote or en dash after decoding as windows-1252")
        if not declared:
            notes["no-charset"].append(rel)
        if declared and declared[0] == b"utf-8" and not utf8:
            problems.append(f"{rel}: declares utf-8 first but is not UTF-8")
        if not declared and not utf8 and not C1.search(data):
            problems.append(f"{rel}: undeclared page that is neither UTF-8 nor windows-1252")
        try:
            root = lxml.html.document_fromstring(data)
        except Exception as exc:  # noqa: BLE001 - report and go on
            problems.append(f"{rel}: lxml: {exc}")
            continue
        if not root.findtext(".//title"):
            problems.append(f"{rel}: no <title>")
    print("files per top folder:", dict(sorted(counts.items())))
    for key, paths in notes.items():
        print(f"{key} ({len(paths)}):")
        for p in paths:
            print("   ", p)
    for problem in problems:
        print("PROBLEM", problem)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
