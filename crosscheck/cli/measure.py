"""``crosscheck eval``: labelled rows through the check path, or labelled clusters through analyze."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from crosscheck.config import Settings

if TYPE_CHECKING:
    pass
from crosscheck.cli.common import (
    ConfigOpt,
    DetectorsOpt,
    ForceOpt,
    JudgeOpt,
    ModelOpt,
    NoJudgeOpt,
    app,
    guard,
    run_settings,
    write_output,
)


class EvalFormat(enum.StrEnum):
    text = "text"
    json = "json"


@app.command("eval")
def evaluate(
    dataset: Annotated[
        Path,
        typer.Argument(
            help="JSONL rows (source_text, claim_text, label, error_type) to score `check`, or a folder of "
            "multi-source clusters (articles, meta.json, gold.json) to score `analyze`."
        ),
    ],
    fmt: Annotated[EvalFormat, typer.Option("--format", "-f", help="text or json (the metrics).")] = EvalFormat.text,
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write per-row predictions here (CSV).")] = None,
    force: ForceOpt = False,
    limit: Annotated[int | None, typer.Option("--limit", help="Only the first N rows.", min=1)] = None,
    config: ConfigOpt = None,
    detectors: DetectorsOpt = None,
    model: ModelOpt = None,
    judge: JudgeOpt = None,
    no_judge: NoJudgeOpt = False,
    show: Annotated[
        bool, typer.Option("--show", help="Clusters: list each missed positive, violated negative and false alarm.")
    ] = False,
    mixed: Annotated[
        bool,
        typer.Option(
            "--mixed", help="Clusters: also analyse all of them as one folder and count findings across stories."
        ),
    ] = False,
) -> None:
    """Score `check` on labelled rows against a word-overlap baseline, or `analyze` on labelled clusters."""

    def run() -> None:
        import json

        from crosscheck import evaluation
        from crosscheck.progress import Progress
        from crosscheck.report import evaluation as shown

        settings = run_settings(config, dataset, detectors, None, model, judge, no_judge)
        if dataset.is_dir():
            _evaluate_clusters(dataset, settings, fmt, show, mixed)
            return
        with Progress() as progress:
            report = evaluation.evaluate(dataset, settings, progress, limit=limit)
        if out is not None:
            write_output(shown.predictions_csv(report), out, [dataset], force)
        if fmt is EvalFormat.json:
            typer.echo(json.dumps(report.metrics(), indent=2))
        else:
            typer.echo(shown.render_rows(report), nl=False)

    guard(run)


def _evaluate_clusters(root: Path, settings: Settings, fmt: EvalFormat, show: bool, mixed: bool) -> None:
    import json

    from crosscheck import multisource
    from crosscheck.progress import Progress
    from crosscheck.report import evaluation as shown

    with Progress() as progress:
        report = multisource.evaluate(root, settings, progress)
        crossing = multisource.mixed(root, settings, progress) if mixed else None
    if fmt is EvalFormat.json:
        typer.echo(json.dumps(shown.clusters_metrics(report, crossing), indent=2))
    else:
        typer.echo(shown.render_clusters(report, show, crossing), nl=False)
