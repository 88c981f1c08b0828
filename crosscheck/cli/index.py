"""``crosscheck index``: put articles into an archive file, list them, count them, take them out."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from crosscheck.cli.common import (
    ConfigOpt,
    MaxBytesOpt,
    ModelOpt,
    app,
    echo_warnings,
    guard,
    settings_for,
)
from crosscheck.config import Settings
from crosscheck.errors import InputError

if TYPE_CHECKING:
    from crosscheck.archive import Archive

index_app = typer.Typer(no_args_is_help=True, help="An archive of articles: their sentences, embeddings and facts.")
app.add_typer(index_app, name="index")

ArchiveOpt = Annotated[
    Path | None,
    typer.Option(
        "--archive",
        help="The archive file (DuckDB). Default: `archive` in [tool.crosscheck], else .crosscheck/archive.duckdb.",
        show_default=False,
    ),
]


class Engine(enum.StrEnum):
    local = "local"  # this process
    dask = "dask"  # a Dask cluster: a local one on loopback, or --scheduler ADDRESS


def _open(
    archive: Path | None,
    config: Path | None,
    model: Path | None,
    start: Path,
    create: bool = False,
    read_only: bool = False,
) -> tuple[Settings, Archive]:
    from crosscheck.archive import Archive
    from crosscheck.cache import model_identity
    from crosscheck.pairing import default_model_path

    settings = settings_for(config, start, model_path=model)
    path = archive if archive is not None else settings.archive
    return settings, Archive(path, model_identity(settings.model_path or default_model_path()), create, read_only)


@index_app.command("add")
def index_add(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    archive: ArchiveOpt = None,
    config: ConfigOpt = None,
    max_bytes: MaxBytesOpt = None,
    model: ModelOpt = None,
    engine: Annotated[
        Engine, typer.Option(help="Where the articles are segmented, parsed and embedded.")
    ] = Engine.local,
    scheduler: Annotated[
        str | None,
        typer.Option(help="With --engine dask: an existing cluster's scheduler (tcp://host:8786); none starts one."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="With --engine dask and no --scheduler: local workers.")] = 2,
) -> None:
    """Index articles: new and changed files are written, unchanged ones cost a hash."""

    def run() -> None:
        from crosscheck.intake import load_articles
        from crosscheck.model import Unread
        from crosscheck.progress import Progress

        if scheduler is not None and engine is not Engine.dask:
            raise InputError("--scheduler needs --engine dask")
        settings, store = _open(archive, config, model, paths[0], create=True)
        with store:
            warnings: list[str] = []
            unread: list[Unread] = []
            articles = load_articles(
                paths, max_bytes or settings.max_bytes, warn=warnings.append, unread=unread, exclude=settings.exclude
            )
            echo_warnings(warnings)
            with Progress() as progress:
                if engine is Engine.dask:
                    from crosscheck.engine import index_on_dask

                    done = index_on_dask(store, articles, settings, progress, scheduler, workers)
                else:
                    done = store.add(articles, settings, progress)
        typer.echo(
            f"crosscheck: indexed {len(done.added)} article(s), {len(done.unchanged)} unchanged, in {store.path}",
            err=True,
        )

    guard(run)


@index_app.command("remove")
def index_remove(
    doc_ids: Annotated[list[str], typer.Argument(help="Document ids, as `index list` shows them.")],
    archive: ArchiveOpt = None,
    config: ConfigOpt = None,
    model: ModelOpt = None,
) -> None:
    """Take articles out of the archive."""

    def run() -> None:
        _, store = _open(archive, config, model, Path.cwd())
        with store:
            gone = store.remove(doc_ids)
        typer.echo(f"crosscheck: removed {len(gone)} of {len(doc_ids)} from {store.path}", err=True)

    guard(run)


@index_app.command("list")
def index_list(archive: ArchiveOpt = None, config: ConfigOpt = None, model: ModelOpt = None) -> None:
    """The archive's articles: document id, publication date, sentences."""

    def run() -> None:
        _, store = _open(archive, config, model, Path.cwd(), read_only=True)
        with store:
            for doc_id, published, n in store.listing():
                typer.echo(f"{doc_id}\t{published or '-'}\t{n}")

    guard(run)


@index_app.command("stats")
def index_stats(archive: ArchiveOpt = None, config: ConfigOpt = None, model: ModelOpt = None) -> None:
    """How many articles and sentences the archive holds, and its size on disk."""

    def run() -> None:
        _, store = _open(archive, config, model, Path.cwd(), read_only=True)
        with store:
            s = store.stats()
        typer.echo(f"{store.path}: {s.articles} articles, {s.sentences} sentences, {s.bytes_on_disk / 1e6:.1f} MB")

    guard(run)
