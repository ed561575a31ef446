"""The ``newsearch`` command line: extract, reindex, search and serve.

Options shared by several commands are defined once, as decorators (as sqlite-utils does).
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import re
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import click

from indexer.archives import ArchiveRecord, is_archive, read_archive
from indexer.errors import NOT_PAGES, PageSkipped, SkippedFile, printable
from indexer.extract import extract_capture, extract_file, source_name
from indexer.reindex import ReindexReport, reindex
from search import (
    COMMIT_EVERY,
    CommitEvery,
    EngineConfig,
    EngineNotAvailable,
    IndexBusy,
    IndexNotFound,
    IndexWriteFailed,
    SearchEngine,
    SearchTimedOut,
    config,
    open_engine,
)
from search.model import BadParameter, SearchRequest, SearchResponse, Sort
from web import logs
from web.links import BASE_URL_ENV_VAR, listen_url

_MARK = re.compile(r"</?mark>")


def index_option(command: Callable) -> Callable:
    """--engine and --index: which engine serves the index, and (for the embedded one) where it is."""
    command = click.option(
        "--index",
        "index_dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help=f"Index directory of the whoosh engine [default: ${config.INDEX_ENV_VAR} or {config.DEFAULT_INDEX_DIR}].",
    )(command)
    return click.option(
        "--engine",
        type=click.Choice(config.ENGINES),
        default=None,
        help=f"The search engine [default: ${config.ENGINE_ENV_VAR} or {config.DEFAULT_ENGINE}]; opensearch reads "
        f"${config.OPENSEARCH_URL_ENV_VAR} (hosts, comma-separated) and ${config.OPENSEARCH_INDEX_ENV_VAR}.",
    )(command)


def engine_config(engine: str | None, index_dir: Path | None) -> EngineConfig:
    """The engine's configuration from the options and the environment; a bad setting is a usage error."""
    try:
        return EngineConfig.from_env(kind=engine, index=index_dir)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--engine") from None


def search_options(command: Callable) -> Callable:
    """The filters and paging of a search, named as in the JSON API."""
    options = [
        click.option("--from", "date_from", metavar="YYYY-MM-DD", help="Only articles on or after this day."),
        click.option("--to", "date_to", metavar="YYYY-MM-DD", help="Only articles on or before this day."),
        click.option("--region", help="Only articles of this region (case does not matter)."),
        click.option(
            "--sort", type=click.Choice([s.value for s in Sort]), default=Sort.RELEVANCE.value, show_default=True
        ),
        click.option("--page", default=1, show_default=True, type=int),
        click.option("--page-size", default=config.DEFAULT_PAGE_SIZE, show_default=True, type=int),
    ]
    for option in reversed(options):
        command = option(command)
    return command


@click.group()
@click.version_option(package_name="newsearch")
@click.option(
    "--verbose",
    "-v",
    count=True,
    help="Log more to stderr: -v a reindex's phases, timings and skipped files; -vv everything.",
)
@click.option("--quiet", "-q", is_flag=True, help="Log only errors to stderr.")
def cli(verbose: int, quiet: bool) -> None:
    """newsearch: full-text search for archives of news web pages."""
    logs.configure(logs.level_for(verbose, quiet))


@cli.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
def extract(files: tuple[Path, ...]) -> None:
    """Print the article extracted from each FILE as one JSON line.

    Shows why a page is indexed the way it is. A web archive (.warc, .warc.gz, .wacz) prints
    one line per page it holds, and its other records (requests, revisits, images, ...) are
    listed on standard error with the reason. A file or record that cannot be extracted is
    reported on standard error, and the exit status is 1.
    """
    failed = False
    for path in files:
        if is_archive(path):
            failed |= _extract_archive(path)
            continue
        try:
            article = extract_file(path, _extract_root(path))
        except PageSkipped as skipped:
            failed = True
            click.echo(f"{path}: skipped ({skipped.reason}) {skipped.detail}".rstrip(), err=True)
            continue
        click.echo(json.dumps(article.to_json(), ensure_ascii=False))
    if failed:
        sys.exit(1)


def _extract_archive(path: Path) -> bool:
    """Print the article of each page in the archive; whether a record failed (other than by not being a page)."""
    failed = False
    for item in read_archive(path, printable(source_name(path, _extract_root(path)))):
        if isinstance(item, ArchiveRecord):
            try:
                article = extract_capture(item.payload, item.source, item.target_uri, item.captured_at, item.charset)
            except PageSkipped as skipped:
                item = SkippedFile(item.source, skipped.reason, skipped.detail)
            else:
                click.echo(json.dumps(article.to_json(), ensure_ascii=False))
                continue
        failed |= item.reason not in NOT_PAGES
        click.echo(f"{item.source}: skipped ({item.reason}) {item.detail}".rstrip(), err=True)
    return failed


def _extract_root(path: Path) -> Path:
    """Sources are shown relative to the current directory, or absolute for files outside it."""
    resolved = path.resolve()
    return Path.cwd() if resolved.is_relative_to(Path.cwd()) else Path(resolved.anchor)


@cli.command("reindex")
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
@index_option
@click.option("--full", is_flag=True, help="Rebuild from scratch into a new directory, then switch over atomically.")
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every skipped file and its reason to this JSON file.",
)
@click.option(
    "--workers", type=click.IntRange(min=0), default=None, help="Extraction processes [default: one per core]."
)
@click.option(
    "--follow-links",
    is_flag=True,
    help="Follow symbolic links that lead out of PATH (files and folders); by default they are skipped.",
)
@click.option(
    "--wait", is_flag=True, help="When another reindex of this index is running, wait for it instead of failing."
)
@click.option(
    "--commit-every",
    type=click.IntRange(min=1),
    default=COMMIT_EVERY.documents,
    show_default=True,
    help="Commit every N documents: a killed reindex redoes at most that much.",
)
@click.option(
    "--verbose",
    "-v",
    is_flag=True,
    help="As newsearch -v reindex: log each phase (extracting, committing batch N, switching), its timing and "
    "each skipped file to stderr.",
)
def reindex_command(
    paths: tuple[Path, ...],
    engine: str | None,
    index_dir: Path | None,
    full: bool,
    report_path: Path | None,
    workers: int | None,
    follow_links: bool,
    wait: bool,
    commit_every: int,
    verbose: bool,
) -> None:
    """Index the news pages under PATH (default: the sample corpus/).

    Incremental unless --full: new and changed files are indexed, deleted ones removed.
    Work is committed in batches, so after an interruption the next run goes on from there.
    """
    roots = list(paths) or [config.DEFAULT_CORPUS_DIR]
    target = engine_config(engine, index_dir)
    if report_path is not None:
        _check_report_folder(report_path)
    policy = CommitEvery(documents=commit_every, seconds=COMMIT_EVERY.seconds)
    if verbose:
        logs.configure(min(logs.configure().getEffectiveLevel(), logs.VERBOSE))
    try:
        report = reindex(
            roots, target, full=full, workers=workers, follow_links=follow_links, wait=wait, commit_every=policy
        )
    except IndexWriteFailed as error:
        raise click.ClickException(f"{error}. The index in use is unchanged.") from None
    except (IndexBusy, IndexNotFound, FileNotFoundError, EngineNotAvailable) as error:
        raise click.ClickException(str(error)) from None
    _print_report(report)
    if report_path:
        try:
            report.write_json(report_path)
        except OSError as error:
            raise click.ClickException(f"cannot write the report {report_path}: {error.strerror or error}") from None
        click.echo(f"Report of skipped files: {report_path}")


def _check_report_folder(report_path: Path) -> None:
    """Fail before the reindex, not after an hour of it, when the report could not be written."""
    folder = report_path.parent
    if not folder.is_dir():
        raise click.BadParameter(f"the folder {folder} does not exist", param_hint="--report")
    if not os.access(folder, os.W_OK):
        raise click.BadParameter(f"the folder {folder} is not writable", param_hint="--report")


def _print_report(report: ReindexReport) -> None:
    summary = report.summary()
    click.echo(f"Index: {report.index} ({summary['mode']})")
    for key in ("seen", "indexed", "unchanged", "removed", "skipped"):
        click.echo(f"  {key:<10} {summary[key]:>8}")
        if key == "seen" and report.archives:
            click.echo(f"    in {report.archives} web archives, {report.records} records read")
    for reason, count in report.skipped_by_reason.items():
        click.echo(f"    {reason:<22} {count:>6}")
    click.echo(f"  elapsed    {report.elapsed_s:>8.1f} s  ({report.pages_per_s:.0f} pages/s)")


@cli.command("search")
@click.argument("query", required=False, default="")
@search_options
@index_option
@click.option("--json", "as_json", is_flag=True, help="Print the same JSON as /api/search.")
def search_command(
    query: str,
    date_from: str | None,
    date_to: str | None,
    region: str | None,
    sort: str,
    page: int,
    page_size: int,
    engine: str | None,
    index_dir: Path | None,
    as_json: bool,
) -> None:
    """Search the index from the terminal."""
    params = {
        "q": query,
        "from": date_from,
        "to": date_to,
        "region": region,
        "sort": sort,
        "page": page,
        "page_size": page_size,
    }
    try:
        request = SearchRequest.from_params(params)
    except BadParameter as error:
        hint = "QUERY" if error.param == "q" else f"--{error.param.replace('_', '-')}"
        raise click.BadParameter(error.message, param_hint=hint) from None
    target = engine_config(engine, index_dir)
    try:
        searcher = open_engine(target)
        try:
            response = searcher.search(request)
        finally:
            searcher.close()
    except (IndexNotFound, SearchTimedOut, EngineNotAvailable) as error:
        raise click.ClickException(str(error)) from None
    if as_json:
        click.echo(json.dumps(response.to_json(), ensure_ascii=False, indent=2))
    else:
        _print_results(response)


def _terminal_text(safe_html: str) -> str:
    """Our snippet HTML for a terminal: matches in bold, entities decoded."""
    parts = re.split(r"(<mark>.*?</mark>)", safe_html)
    return "".join(
        click.style(html.unescape(_MARK.sub("", part)), bold=True) if part.startswith("<mark>") else html.unescape(part)
        for part in parts
    )


def _print_results(response: SearchResponse) -> None:
    pages = max(response.pages, 1)
    click.echo(f"{response.total} results ({response.took_ms:.1f} ms), page {response.request.page} of {pages}")
    first = (response.request.page - 1) * response.request.page_size
    for number, hit in enumerate(response.hits, start=first + 1):
        when = hit.date.strftime("%d %b %Y") if hit.date else "undated"
        click.echo()
        click.echo(f"{number}. {_terminal_text(hit.headline_html)}")
        click.echo(f"   {when} | {hit.region or 'no region'} | {hit.source}")
        click.echo(f"   {_terminal_text(hit.snippet_html)}")


@cli.command()
@click.option("--host", default=config.DEFAULT_HOST, show_default=True)
@click.option("--port", default=config.DEFAULT_PORT, show_default=True, type=click.IntRange(1, 65535))
@index_option
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    default=None,
    help="Serving processes, sharing the port [default: one per core].",
)
@click.option("--threads", default=4, show_default=True, type=click.IntRange(min=1), help="Threads per process.")
@click.option(
    "--base-url",
    envvar=BASE_URL_ENV_VAR,
    show_envvar=True,
    metavar="URL",
    help="The address the public reaches, for the absolute links of feeds, OpenSearch and suggestions "
    "[default: http://HOST:PORT].",
)
def serve(
    host: str,
    port: int,
    engine: str | None,
    index_dir: Path | None,
    processes: int | None,
    threads: int,
    base_url: str | None,
) -> None:
    """Serve the search page and the JSON API with waitress, a production WSGI server.

    The index is read before the port is opened, so the first search does not wait for it; a
    reindex's new index is read in the background while searches are answered from the one before.
    """
    from web import create_app, serving
    from web.index import get_engine

    target = replace(engine_config(engine, index_dir), refresh_in_background=True)
    try:
        probe = open_engine(target)  # an engine this installation cannot run is refused now, not on every request
    except EngineNotAvailable as error:
        raise click.ClickException(str(error)) from None
    location = probe.location
    probe.close()
    address = listen_url(host, port)
    try:
        app = create_app({"ENGINE_CONFIG": target, "BASE_URL": base_url or address})
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--base-url") from None
    _warm(get_engine(app))
    try:
        sock = serving.listening_socket(host, port)
    except OSError as error:  # the port is taken, a port below 1024 without root, a host that is not this machine
        raise click.ClickException(f"cannot serve on {address}: {error.strerror or error}") from None
    processes = processes or os.cpu_count() or 1
    click.echo(
        f"Serving {location} on {address}/ (links name {app.config['BASE_URL']}/), "
        f"{processes} process{'es' if processes > 1 else ''} of {threads} threads"
    )
    with sock:
        serving.serve_app(app, sock, processes=processes, threads=threads)


def _warm(engine: SearchEngine) -> None:
    """Read the index before serving (one search opens it): the first reader must not wait for that."""
    with contextlib.suppress(IndexNotFound, SearchTimedOut):  # no index yet (searches get a 503 until one is built)
        engine.search(SearchRequest())


def main(argv: list[str] | None = None) -> Any:
    return cli.main(args=argv)
