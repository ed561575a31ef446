"""The table of bench/perf.py: one row per figure, one column per corpus size, the issue's targets beside them.

A row is a label, the target as text, and a function from one size's results to the cell's
text and whether the target is met (None where the row has no target or the figure is
missing).  Cells read ``figure ✓`` (met) or ``figure ✗`` (not met).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

MB = 1024 * 1024

# The targets of issue 10 (this 2-core machine, 100k pages).
MIN_REINDEX_PAGES_PER_S = 250
MAX_INCREMENTAL_SHARE = 0.05
MAX_P50_MS = 30
MAX_P95_MS = 150
MAX_COLD_TIMES_P50 = 3
MIN_REQUESTS_PER_S = 50
MAX_SERVING_RSS = 1024 * MB
MAX_REINDEX_RSS = 2048 * MB

Cell = tuple[str, "bool | None"]
Results = dict[str, Any]


@dataclass(frozen=True)
class Row:
    label: str
    target: str
    cell: Callable[[Results], Cell]


def dig(results: Results, *keys: str) -> Any:
    """``results[k1][k2]...``, or None when any is missing (a phase left out or failed)."""
    value: Any = results
    for key in keys:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def figure(
    fmt: str, *keys: str, at_most: float | None = None, at_least: float | None = None, scale: float = 1.0
) -> Callable[[Results], Cell]:
    """A cell showing ``results[keys...] / scale`` and checking it against a bound."""

    def cell(results: Results) -> Cell:
        value = dig(results, *keys)
        if value is None:
            return "—", None
        value = value / scale
        met = None
        if at_most is not None:
            met = value <= at_most
        if at_least is not None:
            met = value >= at_least
        return format(value, fmt), met

    return cell


def pair(fmt: str, first: tuple[str, ...], second: tuple[str, ...], scale: float = 1) -> Callable[[Results], Cell]:
    """``a / b`` without a target (p50 / p95 of one kind of request)."""

    def cell(results: Results) -> Cell:
        a, b = dig(results, *first), dig(results, *second)
        if a is None or b is None:
            return "—", None
        return f"{a / scale:{fmt}} / {b / scale:{fmt}}", None

    return cell


def times_p50(*keys: str) -> Callable[[Results], Cell]:
    """A one-off latency as ms and as a multiple of the mix's p50 (target: at most 3x)."""

    def cell(results: Results) -> Cell:
        ms, p50 = dig(results, *keys), dig(results, "api", "p50_ms")
        if ms is None or not p50:
            return "—", None
        return f"{ms:.0f} ({ms / p50:.1f}x)", ms / p50 <= MAX_COLD_TIMES_P50

    return cell


def cpu_per_page(results: Results) -> Cell:
    """CPU time of the reindex's process tree per page: comparable across runs even on a busy machine."""
    cpu_s, pages = dig(results, "reindex_full", "cpu_s"), dig(results, "reindex_full", "seen")
    if cpu_s is None or not pages:
        return "—", None
    return f"{cpu_s * 1000 / pages:.1f}", None


def incremental_share(results: Results) -> Cell:
    changed, full = dig(results, "reindex_changed", "wall_s"), dig(results, "reindex_full", "wall_s")
    if changed is None or not full:
        return "—", None
    return f"{changed:.1f} s ({changed / full:.1%})", changed / full < MAX_INCREMENTAL_SHARE


def ratio(peer: str, stat: str) -> Callable[[Results], Cell]:
    def cell(results: Results) -> Cell:
        ours, theirs = dig(results, "api", stat), dig(results, "peers", peer, stat)
        if ours is None or not theirs:
            return "—", None
        return f"{ours / theirs:.0f}x", None

    return cell


def found_nothing(results: Results) -> Cell:
    """Requests that failed (must be none) and queries with no result (the mix is made to match)."""
    failed, empty = dig(results, "api", "errors"), dig(results, "api", "found_nothing")
    if failed is None:
        return "—", None
    return f"{failed}, {empty} of {dig(results, 'api', 'n')}", failed == 0


def ratios(peer: str) -> Callable[[Results], Cell]:
    """How many times slower newsearch is than the peer at the median and at p95."""

    def cell(results: Results) -> Cell:
        return f"{ratio(peer, 'p50_ms')(results)[0]}, {ratio(peer, 'p95_ms')(results)[0]}", None

    return cell


def errors(results: Results) -> Cell:
    count = dig(results, "throughput", "errors")
    if count is None:
        return "—", None
    detail = f" ({dig(results, 'throughput', 'non_2xx')} non-2xx)" if count else ""
    return f"{count}{detail}", count == 0


def rows(peers: list[str], kinds: list[str]) -> list[Row]:
    table = [
        Row(
            "reindex --full: pages/s",
            f">= {MIN_REINDEX_PAGES_PER_S}",
            figure(".0f", "reindex_full", "pages_per_s", at_least=MIN_REINDEX_PAGES_PER_S),
        ),
        Row("reindex --full: wall s", "", figure(".1f", "reindex_full", "wall_s")),
        Row("reindex --full: CPU cores busy", "both", figure(".2f", "reindex_full", "cores_used")),
        Row("reindex --full: CPU ms per page", "", cpu_per_page),
        Row(
            "reindex --full: peak RSS MB",
            f"<= {MAX_REINDEX_RSS // MB}",
            figure(".0f", "reindex_full", "peak_rss", at_most=MAX_REINDEX_RSS / MB, scale=MB),
        ),
        Row("index size on disk MB", "", figure(".0f", "reindex_full", "index_bytes", scale=MB)),
        Row("reindex, nothing changed: s", "", figure(".1f", "reindex_unchanged", "wall_s")),
        Row("reindex, 1% changed: s (of full)", f"< {MAX_INCREMENTAL_SHARE:.0%}", incremental_share),
        Row("/api/search mix p50 ms", f"<= {MAX_P50_MS}", figure(".1f", "api", "p50_ms", at_most=MAX_P50_MS)),
        Row("/api/search mix p95 ms", f"<= {MAX_P95_MS}", figure(".1f", "api", "p95_ms", at_most=MAX_P95_MS)),
        Row("/api/search mix p99 ms", "", figure(".1f", "api", "p99_ms")),
        Row("/api/search mix: errors, found nothing", "0", found_nothing),
        Row("first query after start ms", f"<= {MAX_COLD_TIMES_P50}x p50", times_p50("cold", "after_start_ms")),
        Row("first query after reindex ms", f"<= {MAX_COLD_TIMES_P50}x p50", times_p50("cold", "after_reindex_ms")),
        Row("HTML results page p50 / p95 ms", "", pair(".1f", ("html", "p50_ms"), ("html", "p95_ms"))),
        Row("/api/suggest p50 / p95 ms", "", pair(".1f", ("suggest", "p50_ms"), ("suggest", "p95_ms"))),
        Row("HTTP floor p50 ms (empty suggest)", "", figure(".1f", "http_floor", "p50_ms")),
        Row(
            "8 clients: requests/s",
            f">= {MIN_REQUESTS_PER_S}",
            figure(".0f", "throughput", "requests_per_s", at_least=MIN_REQUESTS_PER_S),
        ),
        Row("8 clients: errors", "0", errors),
        Row("8 clients: p50 / p99 ms", "", pair(".0f", ("throughput", "p50_ms"), ("throughput", "p99_ms"))),
        Row(
            "serving RSS MB (after queries)",
            f"<= {MAX_SERVING_RSS // MB}",
            figure(".0f", "serving_rss", "after_queries", at_most=MAX_SERVING_RSS / MB, scale=MB),
        ),
        Row(
            "serving RSS MB (after 8 clients)",
            f"<= {MAX_SERVING_RSS // MB}",
            figure(".0f", "serving_rss", "after_throughput", at_most=MAX_SERVING_RSS / MB, scale=MB),
        ),
        Row(
            "serving PSS MB (after queries / 8 clients)",
            "",
            pair(".0f", ("serving_rss", "after_queries_pss"), ("serving_rss", "after_throughput_pss"), scale=MB),
        ),
    ]
    for peer in peers:
        table += [
            Row(f"{peer} p50 / p95 ms", "", pair(".2f", ("peers", peer, "p50_ms"), ("peers", peer, "p95_ms"))),
            Row(f"newsearch / {peer}: p50, p95", "", ratios(peer)),
        ]
    for kind in kinds:
        table.append(
            Row(
                f"  mix '{kind}' p50 / p95 ms",
                "",
                pair(".1f", ("api", "kinds", kind, "p50_ms"), ("api", "kinds", kind, "p95_ms")),
            )
        )
    return table


def format_table(sizes: dict[str, Results], peers: list[str], kinds: list[str]) -> str:
    """The table as text: a header with the page counts, then one line per row."""
    return format_columns(sizes, rows(peers, kinds), lambda column: f"{int(column):,} pages")


def format_columns(columns: dict[str, Results], table_rows: list[Row], heading: Callable[[str], str]) -> str:
    """``table_rows`` as text, one column per entry of ``columns`` headed ``heading(key)``, targets marked."""
    lines_data = []
    for row in table_rows:
        cells = []
        for results in columns.values():
            text, met = row.cell(results)
            cells.append(text + ("" if met is None else " ✓" if met else " ✗"))
        lines_data.append((row.label, row.target, cells))
    label_width = max(len(label) for label, _, _ in lines_data)
    target_width = max(6, *(len(target) for _, target, _ in lines_data))
    headings = [heading(column) for column in columns]
    widths = [max(len(headings[i]), *(len(cells[i]) for _, _, cells in lines_data)) for i in range(len(headings))]
    header = f"{'':<{label_width}}  {'target':<{target_width}}" + "".join(
        f"  {text:>{w}}" for text, w in zip(headings, widths, strict=True)
    )
    out = [header, "-" * len(header)]
    for label, target, cells in lines_data:
        out.append(
            f"{label:<{label_width}}  {target:<{target_width}}"
            + "".join(f"  {cell:>{w}}" for cell, w in zip(cells, widths, strict=True))
        )
    return "\n".join(out) + "\n"
