"""The commands CI runs: gate, and baseline create / add / prune."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING, Annotated

import typer

from crosscheck.errors import InputError

if TYPE_CHECKING:
    pass
from crosscheck.cli.common import (
    BaselineOpt,
    ConfigOpt,
    DetectorsOpt,
    ExitZeroOpt,
    ForceOpt,
    JudgeOpt,
    MaxBytesOpt,
    ModelOpt,
    NoJudgeOpt,
    OutOpt,
    PathsArg,
    advisory,
    app,
    echo_warnings,
    gate_run,
    gate_setup,
    guard,
    run_gate,
    severity,
    write_output,
)


class GateFormat(enum.StrEnum):
    markdown = "markdown"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    short = "short"  # the new findings, one line each
    html = "html"  # every finding, labelled new / baselined / suppressed


@app.command()
def gate(
    paths: PathsArg = None,
    baseline: BaselineOpt = None,
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="Lowest severity that fails: error, warning or note.")
    ] = None,
    fmt: Annotated[GateFormat, typer.Option("--format", "-f", help="Output format.")] = GateFormat.markdown,
    out: OutOpt = None,
    force: ForceOpt = False,
    config: ConfigOpt = None,
    detectors: DetectorsOpt = None,
    max_bytes: MaxBytesOpt = None,
    model: ModelOpt = None,
    judge: JudgeOpt = None,
    no_judge: NoJudgeOpt = False,
    exit_zero: ExitZeroOpt = False,
) -> None:
    """CI gate: exit 1 on findings that are neither in the baseline nor ignored inline."""

    def run() -> int:
        from crosscheck import baseline as bl
        from crosscheck.report import formats

        settings, targets = gate_setup(
            paths, config, baseline, detectors, max_bytes, model, judge, no_judge, fail_on=severity(fail_on)
        )
        if out is not None and out.resolve() == settings.baseline.resolve():
            raise InputError(f"--out is the baseline file: {out}")
        if settings.baseline.exists() or baseline is not None:
            accepted = bl.load(settings.baseline)
        else:
            accepted = bl.Baseline()
            typer.echo(f"crosscheck: note: no baseline at {settings.baseline}: every finding counts as new", err=True)
        result = run_gate(settings, targets, accepted)
        echo_warnings(result.warnings)
        for s in result.stale:
            typer.echo(f"crosscheck: warning: stale suppression {s.doc_id}:{s.line} ({s.detector})", err=True)
        text = formats.GATE[fmt.value](result, out is not None)
        write_output(text, out, [*targets, settings.baseline], force)
        if out is not None or fmt is not GateFormat.markdown:
            typer.echo(result.summary_line(), err=True)
        unread = result.analysis.unread
        if unread:
            # a file the gate could not read may hold the contradiction: never a green build over it
            names = ", ".join(u.doc_id for u in unread)
            typer.echo(f"crosscheck: error: the gate could not read {len(unread)} input file(s): {names}", err=True)
            return 2
        return 0 if result.passed else 1

    raise typer.Exit(advisory(guard(run), exit_zero))


baseline_app = typer.Typer(
    no_args_is_help=True,
    help="Create, extend and prune the baseline of accepted findings (the only commands that write it).",
)


@baseline_app.command("create")
def baseline_create(
    paths: PathsArg = None,
    baseline: BaselineOpt = None,
    reason: Annotated[str, typer.Option("--reason", help="Why these findings are accepted.")] = "",
    false_positive: Annotated[bool, typer.Option("--false-positive", help="Mark them false positives.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing baseline (keeps its reasons).")] = False,
    config: ConfigOpt = None,
    detectors: DetectorsOpt = None,
    max_bytes: MaxBytesOpt = None,
    model: ModelOpt = None,
    judge: JudgeOpt = None,
    no_judge: NoJudgeOpt = False,
) -> None:
    """Accept every current finding: write them to the baseline file."""

    def run() -> None:
        from crosscheck import accepting

        settings, targets = gate_setup(paths, config, baseline, detectors, max_bytes, model, judge, no_judge)
        told = accepting.create(
            settings.baseline, gate_run(settings, targets), settings.precision, reason, false_positive, force
        )
        typer.echo(f"crosscheck: {told}", err=True)

    guard(run)


@baseline_app.command("add")
def baseline_add(
    paths: PathsArg = None,
    ids: Annotated[list[str], typer.Option("--id", help="Fingerprint of a finding to accept (repeatable).")] = [],  # noqa: B006
    reason: Annotated[str, typer.Option("--reason", help="Why it is accepted (required).")] = "",
    false_positive: Annotated[bool, typer.Option("--false-positive", help="Mark it a false positive.")] = False,
    baseline: BaselineOpt = None,
    config: ConfigOpt = None,
    detectors: DetectorsOpt = None,
    max_bytes: MaxBytesOpt = None,
    model: ModelOpt = None,
    judge: JudgeOpt = None,
    no_judge: NoJudgeOpt = False,
) -> None:
    """Accept specific findings (by the id shown in a report) after review."""

    def run() -> None:
        from crosscheck import accepting

        settings, targets = gate_setup(paths, config, baseline, detectors, max_bytes, model, judge, no_judge)
        told = accepting.add(
            settings.baseline, gate_run(settings, targets), settings.precision, ids, reason, false_positive
        )
        typer.echo(f"crosscheck: {told}", err=True)

    guard(run)


@baseline_app.command("prune")
def baseline_prune(
    paths: PathsArg = None,
    baseline: BaselineOpt = None,
    config: ConfigOpt = None,
    detectors: DetectorsOpt = None,
    max_bytes: MaxBytesOpt = None,
    model: ModelOpt = None,
    judge: JudgeOpt = None,
    no_judge: NoJudgeOpt = False,
) -> None:
    """Drop baseline entries whose finding no longer occurs; never adds any."""

    def run() -> None:
        from crosscheck import accepting

        settings, targets = gate_setup(paths, config, baseline, detectors, max_bytes, model, judge, no_judge)
        typer.echo(f"crosscheck: {accepting.prune(settings.baseline, gate_run(settings, targets))}", err=True)

    guard(run)


app.add_typer(baseline_app, name="baseline")
