"""The commands a reviewer and a desk editor run: analyze, check, detectors, explain, init."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from crosscheck.errors import InputError

if TYPE_CHECKING:
    pass
from crosscheck.cli.common import (
    ConfigOpt,
    DetectorsOpt,
    ExitZeroOpt,
    ForceOpt,
    JudgeOpt,
    MaxBytesOpt,
    ModelOpt,
    NoJudgeOpt,
    OutOpt,
    advisory,
    app,
    echo_warnings,
    guard,
    run_settings,
    write_output,
)


class Format(enum.StrEnum):
    markdown = "markdown"
    json = "json"
    csv = "csv"
    short = "short"  # path:line:col: CC101 error  summary
    html = "html"  # one self-contained file, sources side by side


class CheckFormat(enum.StrEnum):
    """A check's verdicts per claim nest their evidence: no flat CSV of them."""

    markdown = "markdown"
    json = "json"
    short = "short"  # path:line:col: CC101 error  summary, at the draft's line


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="Article files (.txt, .md) or folders of them.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Report format.")] = Format.markdown,
    out: OutOpt = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    detectors: DetectorsOpt = None,
    max_bytes: MaxBytesOpt = None,
    model: ModelOpt = None,
    judge: JudgeOpt = None,
    no_judge: NoJudgeOpt = False,
    title: Annotated[str, typer.Option(help="Title of the Markdown report.")] = "crosscheck report",
    archive: Annotated[
        Path | None,
        typer.Option(
            "--archive",
            help="Cross-check these articles against an archive (`crosscheck index add`): report what concerns them.",
        ),
    ] = None,
) -> None:
    """Cross-check a set of articles and report where they disagree."""

    def run() -> None:
        from crosscheck import api
        from crosscheck.progress import Progress
        from crosscheck.report import formats, markdown

        settings = run_settings(config, paths[0], detectors, max_bytes, model, judge, no_judge)
        with Progress() as progress:
            if archive is not None:
                result = api.analyze_archive(paths, archive, settings, progress)
            else:
                result = api.analyze(paths, settings, progress)
        echo_warnings(result.warnings)
        text = formats.ANALYSIS[fmt.value](result, title)
        write_output(text, out, paths, force)
        if out is not None:
            typer.echo(f"crosscheck: {out}: {markdown.analysis_status(result)}", err=True)

    guard(run)


@app.command()
def check(
    draft: Annotated[Path, typer.Argument(help="The draft to check (.txt or .md).")],
    more: Annotated[
        list[Path] | None,
        typer.Argument(
            help="More sources: a shell glob after --against (`--against src/*.md`) lands here.", show_default=False
        ),
    ] = None,
    against: Annotated[
        list[Path] | None, typer.Option("--against", "-a", help="Source articles or folders (repeatable).")
    ] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Report format.")] = CheckFormat.markdown,
    out: OutOpt = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    detectors: DetectorsOpt = None,
    max_bytes: MaxBytesOpt = None,
    model: ModelOpt = None,
    judge: JudgeOpt = None,
    no_judge: NoJudgeOpt = False,
    exit_zero: ExitZeroOpt = False,
    archive: Annotated[
        Path | None,
        typer.Option("--archive", help="Check against every article of this archive (`crosscheck index add`)."),
    ] = None,
) -> None:
    """Check every claim of a draft against its sources; exit 1 if any claim is contradicted."""

    def run() -> int:
        from crosscheck import api
        from crosscheck.progress import Progress
        from crosscheck.report import formats, markdown

        sources = [*(against or []), *(more or [])]
        if sources and archive is not None:
            raise InputError("check against --against sources or an --archive, not both")
        if not sources and archive is None:
            raise InputError("no sources to check against: pass --against FILE_OR_FOLDER (several are fine)")
        settings = run_settings(config, draft, detectors, max_bytes, model, judge, no_judge)
        with Progress() as progress:
            if archive is not None:
                result = api.check_archive(draft, archive, settings, progress)
            else:
                result = api.check(draft, sources, settings, progress)
        echo_warnings(result.warnings)
        text = formats.CHECK[fmt.value](result)
        write_output(text, out, [draft, *sources], force)
        if out is not None:  # a run that exits 1 says why, even when the report went to a file
            typer.echo(f"crosscheck: {out}: {markdown.check_status(result)}", err=True)
        return 1 if result.contradicted else 0

    raise typer.Exit(advisory(guard(run), exit_zero))


@app.command("detectors")
def list_detectors(
    as_markdown: Annotated[
        bool, typer.Option("--markdown", help="The catalogue with every example, as docs/detectors.md holds it.")
    ] = False,
) -> None:
    """List the registered detectors."""
    from crosscheck.detectors import REGISTRY, catalogue

    if as_markdown:
        typer.echo(catalogue(), nl=False)
        return
    for cls in REGISTRY:
        doc = (cls.__doc__ or "").strip().splitlines()[0]
        typer.echo(f"{cls.id}  {cls.name:<26} {cls.severity.label:<8} {doc}")


@app.command("init")
def init_cmd(
    folder: Annotated[Path, typer.Argument(help="The project folder (default: here).")] = Path("."),
    paths: Annotated[
        list[str] | None, typer.Option("--paths", help="Article folders for `paths` (default: those found here).")
    ] = None,
    no_pre_commit: Annotated[bool, typer.Option("--no-pre-commit", help="Do not write a pre-commit entry.")] = False,
) -> None:
    """Write a commented [tool.crosscheck] block to pyproject.toml and a pre-commit entry (only ever adds)."""

    def run() -> None:
        from crosscheck.init import init

        for done in init(folder, paths, pre_commit=not no_pre_commit):
            typer.echo(f"crosscheck: {done.action} {done.path}" + (f": {done.why}" if done.why else ""), err=True)

    guard(run)


@app.command("explain")
def explain(
    detector: Annotated[str, typer.Argument(help="A detector id, dotted name or kind (CC101, temporal.conflict).")],
) -> None:
    """What a detector flags, with a conflicting and a harmless example."""

    def run() -> None:
        from crosscheck.detectors import describe, lookup

        typer.echo(describe(lookup(detector)).text())

    guard(run)
