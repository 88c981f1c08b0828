"""The entry point: global options, the version, and every command registered on ``app``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from crosscheck import __version__
from crosscheck.compute import resolve

if TYPE_CHECKING:
    pass
from crosscheck.cli.common import GLOBAL, app, guard


def _version(value: bool) -> None:
    if value:
        typer.echo(f"crosscheck {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Neither read nor write the caches of embeddings, facts and judge scores (see $CROSSCHECK_CACHE_DIR).",
        ),
    ] = False,
    precision: Annotated[
        str | None,
        typer.Option(
            "--precision",
            help="The models' number format: auto (bf16 where the CPU computes it natively, else fp32), bf16 or fp32.",
        ),
    ] = None,
) -> None:
    """crosscheck: cross-check news sources."""
    GLOBAL["cache"] = False if no_cache else None
    GLOBAL["precision"] = precision
    if precision is not None:
        guard(lambda: resolve(precision))  # a bad value is one line before any work starts


def main() -> None:
    app()


__all__ = ["app", "main"]
