"""``crosscheck index``: put articles into an archive file, list them, count them, take them out."""

from __future__ import annotations

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

if TYPE_CHECKING:
    from crosscheck.archive import Archive

index_app = typer.Typer(no_args_is_help=True, help="An archive of articles: their sentences, embeddings and facts.")
app.add_typer(index_app, name="index")

ArchiveOpt = Annotated[Path, typer.Option("--archive", help="The archive file (DuckDB).", show_default=True)]
DEFAULT = Path(".crosscheck") / "archive.duckdb"


def _open(
    archive: Path, config: Path | None, model: Path | None, start: Path, create: bool = False
) -> tuple[Settings, Archive]:
    from crosscheck.archive import Archive
    from crosscheck.cache import model_identity
    from crosscheck.pairing import default_model_path

    settings = settings_for(config, start, model_path=model)
    return settings, Archive(archive, model_identity(settings.model_path or default_model_path()), create)


@index_app.command("add")
def index_add(
    paths: Annotated[list[Path], typer.Argument(help="Article files or folders.")],
    archive: ArchiveOpt = DEFAULT,
    config: ConfigOpt = None,
    max_bytes: MaxBytesOpt = None,
    model: ModelOpt = None,
) -> None:
    """Index articles: new and changed files are written, unchanged ones cost a hash."""

    def run() -> None:
        from crosscheck.intake import load_articles
        from crosscheck.model import Unread
        from crosscheck.progress import Progress

        settings, store = _open(archive, config, model, paths[0], create=True)
        with store:
            warnings: list[str] = []
            unread: list[Unread] = []
            articles = load_articles(
                paths, max_bytes or settings.max_bytes, warn=warnings.append, unread=unread, exclude=settings.exclude
            )
            echo_warnings(warnings)
            with Progress() as progress:
                done = store.add(articles, settings, progress)
        typer.echo(
            f"crosscheck: indexed {len(done.added)} article(s), {len(done.unchanged)} unchanged, in {archive}", err=True
        )

    guard(run)


@index_app.command("remove")
def index_remove(
    doc_ids: Annotated[list[str], typer.Argument(help="Document ids, as `index list` shows them.")],
    archive: ArchiveOpt = DEFAULT,
    config: ConfigOpt = None,
    model: ModelOpt = None,
) -> None:
    """Take articles out of the archive."""

    def run() -> None:
        _, store = _open(archive, config, model, Path.cwd())
        with store:
            gone = store.remove(doc_ids)
        typer.echo(f"crosscheck: removed {len(gone)} of {len(doc_ids)} from {archive}", err=True)

    guard(run)


@index_app.command("list")
def index_list(archive: ArchiveOpt = DEFAULT, config: ConfigOpt = None, model: ModelOpt = None) -> None:
    """The archive's articles: document id, publication date, sentences."""

    def run() -> None:
        _, store = _open(archive, config, model, Path.cwd())
        with store:
            for doc_id, published, n in store.listing():
                typer.echo(f"{doc_id}\t{published or '-'}\t{n}")

    guard(run)


@index_app.command("stats")
def index_stats(archive: ArchiveOpt = DEFAULT, config: ConfigOpt = None, model: ModelOpt = None) -> None:
    """How many articles and sentences the archive holds, and its size on disk."""

    def run() -> None:
        _, store = _open(archive, config, model, Path.cwd())
        with store:
            s = store.stats()
        typer.echo(f"{archive}: {s.articles} articles, {s.sentences} sentences, {s.bytes_on_disk / 1e6:.1f} MB")

    guard(run)
