"""The ``crosscheck`` command: parses options and calls the library (crosscheck.api)."""

from __future__ import annotations

import contextlib
import enum
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from crosscheck import __version__
from crosscheck.compute import resolve
from crosscheck.config import Settings, find_pyproject, load_settings
from crosscheck.errors import CrosscheckError, InputError
from crosscheck.model import Severity
from crosscheck.report import MARKER

if TYPE_CHECKING:
    from crosscheck.baseline import Baseline
    from crosscheck.gate import GateResult

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="Cross-check news sources: flag where articles disagree on dates, numbers, names and facts.",
    pretty_exceptions_enable=False,
    # Help text is plain: rich markup would read "[tool.crosscheck]" as a style tag and drop it.
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)

CSV_HEADERS = ("finding,detector,", "id,label,predicted,")  # the first columns of crosscheck's CSV files
T = TypeVar("T")


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


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"crosscheck: error: {message}", err=True)
    return typer.Exit(code)


def _guard(fn: Callable[[], T]) -> T:
    """Run ``fn``; a user-facing error becomes one line on stderr and exit code 2."""
    try:
        return fn()
    except CrosscheckError as exc:
        raise _fail(str(exc)) from None
    except MemoryError:
        raise _fail("out of memory: try fewer or smaller files") from None
    except KeyboardInterrupt:
        raise _fail("interrupted", 130) from None


_GLOBAL: dict[str, object] = {}  # options given before the command name (``crosscheck --no-cache check``)


def _settings(config: Path | None, start: Path, **overrides: object) -> Settings:
    if config is not None and not config.is_file():
        raise InputError(f"config file not found: {config}")
    base = load_settings(config or find_pyproject(start))
    return base.replace(**_GLOBAL, **overrides)


def write_output(text: str, out: Path | None, inputs: list[Path], force: bool = False) -> None:
    """Print, or write ``out`` atomically; never clobber a file crosscheck did not write."""
    if out is None:
        sys.stdout.write(text)
        return
    resolved = out.resolve()
    if any(resolved == p.resolve() for p in inputs if p.is_file()) or any(
        p.is_dir() and p.resolve() in resolved.parents and resolved.suffix in (".txt", ".md") for p in inputs
    ):
        raise InputError(f"refusing to write the report over an input article: {out}")
    if out.is_dir():
        raise InputError(f"--out is a folder: {out}")
    if out.exists() and not force:
        head = out.read_bytes()[:600].decode("utf-8", "replace")
        ours = MARKER in head or '"generator": "crosscheck' in head or head.startswith(CSV_HEADERS)
        if head.strip() and not ours:
            raise InputError(f"{out} exists and was not written by crosscheck; use --force to overwrite it")
    tmp = out.with_name(f".{out.name}.tmp{os.getpid()}")
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(out)
    except OSError as exc:  # a full disk, a read-only folder, a file where a folder should be
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {out}: {exc.strerror or exc}") from None


ConfigOpt = Annotated[Path | None, typer.Option("--config", help="pyproject.toml with [tool.crosscheck] settings.")]
OutOpt = Annotated[Path | None, typer.Option("--out", "-o", help="Write the report here instead of stdout.")]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite --out even if crosscheck did not write it.")]
DetectorsOpt = Annotated[
    str | None, typer.Option("--detectors", help="Comma-separated detector ids or names (default: all).")
]
MaxBytesOpt = Annotated[int | None, typer.Option("--max-bytes", help="Refuse input files larger than this.")]
ModelOpt = Annotated[Path | None, typer.Option("--model", help="Local sentence-transformers model folder.")]
JudgeOpt = Annotated[
    Path | None,
    typer.Option("--judge", help="Judge folder: a crosscheck adapter or a local NLI model (default: the shipped one)."),
]
NoJudgeOpt = Annotated[bool, typer.Option("--no-judge", help="Rules only: do not load the contradiction judge.")]
ExitZeroOpt = Annotated[
    bool,
    typer.Option(
        "--exit-zero", help="Advisory run: exit 0 even when it finds contradictions (2 still means bad input)."
    ),
]


def _advisory(code: int, exit_zero: bool) -> int:
    return 0 if exit_zero and code == 1 else code


def _judging(judge: Path | None, no_judge: bool) -> dict[str, object]:
    if judge is not None and no_judge:
        raise InputError("--judge and --no-judge exclude each other")
    return {"judge": judge, "use_judge": False if no_judge else None}


def _detectors(value: str | None) -> tuple[str, ...] | None:
    return tuple(d for d in value.split(",") if d.strip()) if value else None


def _echo_warnings(warnings: list[str]) -> None:
    for w in warnings:
        typer.echo(f"crosscheck: warning: {w}", err=True)


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
) -> None:
    """Cross-check a set of articles and report where they disagree."""

    def run() -> None:
        from crosscheck import api
        from crosscheck.progress import Progress
        from crosscheck.report import formats, markdown

        settings = _settings(
            config,
            paths[0],
            detectors=_detectors(detectors),
            max_bytes=max_bytes,
            model_path=model,
            **_judging(judge, no_judge),
        )
        with Progress() as progress:
            result = api.analyze(paths, settings, progress)
        _echo_warnings(result.warnings)
        text = formats.ANALYSIS[fmt.value](result, title)
        write_output(text, out, paths, force)
        if out is not None:
            typer.echo(f"crosscheck: {out}: {markdown.analysis_status(result)}", err=True)

    _guard(run)


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
) -> None:
    """Check every claim of a draft against its sources; exit 1 if any claim is contradicted."""

    def run() -> int:
        from crosscheck import api
        from crosscheck.progress import Progress
        from crosscheck.report import formats, markdown

        sources = [*(against or []), *(more or [])]
        if not sources:
            raise InputError("no sources to check against: pass --against FILE_OR_FOLDER (several are fine)")
        settings = _settings(
            config,
            draft,
            detectors=_detectors(detectors),
            max_bytes=max_bytes,
            model_path=model,
            **_judging(judge, no_judge),
        )
        with Progress() as progress:
            result = api.check(draft, sources, settings, progress)
        _echo_warnings(result.warnings)
        text = formats.CHECK[fmt.value](result)
        write_output(text, out, [draft, *sources], force)
        if out is not None:  # a run that exits 1 says why, even when the report went to a file
            typer.echo(f"crosscheck: {out}: {markdown.check_status(result)}", err=True)
        return 1 if result.contradicted else 0

    raise typer.Exit(_advisory(_guard(run), exit_zero))


class GateFormat(enum.StrEnum):
    markdown = "markdown"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    short = "short"  # the new findings, one line each
    html = "html"  # every finding, labelled new / baselined / suppressed


BaselineOpt = Annotated[
    Path | None,
    typer.Option("--baseline", "-b", help="Baseline file (default: .crosscheck-baseline.json beside pyproject.toml)."),
]
PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Article files or folders (default: `paths` in [tool.crosscheck])."),
]


def _severity(value: str | None) -> Severity | None:
    try:
        return Severity.parse(value) if value else None
    except ValueError as exc:
        raise InputError(str(exc)) from None


def _targets(paths: list[Path] | None, settings: Settings) -> list[Path]:
    if paths:
        return paths
    if settings.paths:
        return list(settings.paths)
    raise InputError("no articles given: pass files or folders, or set `paths` in [tool.crosscheck]")


def _gate_setup(
    paths: list[Path] | None,
    config: Path | None,
    baseline: Path | None,
    detectors: str | None,
    max_bytes: int | None,
    model: Path | None,
    judge: Path | None,
    no_judge: bool,
    **overrides: object,
) -> tuple[Settings, list[Path]]:
    start = paths[0] if paths else Path.cwd()
    settings = _settings(
        config,
        start,
        baseline=baseline,
        detectors=_detectors(detectors),
        max_bytes=max_bytes,
        model_path=model,
        **_judging(judge, no_judge),
        **overrides,
    )
    return settings, _targets(paths, settings)


def _run_gate(settings: Settings, targets: list[Path], accepted: Baseline) -> GateResult:
    from crosscheck import gate as gating
    from crosscheck.progress import Progress

    with Progress() as progress:
        return gating.gate(targets, accepted, settings, progress, settings.baseline)


def _gate_run(settings: Settings, targets: list[Path]) -> Callable[[Baseline], GateResult]:
    return lambda accepted: _run_gate(settings, targets, accepted)


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

        settings, targets = _gate_setup(
            paths, config, baseline, detectors, max_bytes, model, judge, no_judge, fail_on=_severity(fail_on)
        )
        if out is not None and out.resolve() == settings.baseline.resolve():
            raise InputError(f"--out is the baseline file: {out}")
        if settings.baseline.exists() or baseline is not None:
            accepted = bl.load(settings.baseline)
        else:
            accepted = bl.Baseline()
            typer.echo(f"crosscheck: note: no baseline at {settings.baseline}: every finding counts as new", err=True)
        result = _run_gate(settings, targets, accepted)
        _echo_warnings(result.warnings)
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

    raise typer.Exit(_advisory(_guard(run), exit_zero))


baseline_app = typer.Typer(
    no_args_is_help=True,
    help="Create, extend and prune the baseline of accepted findings (the only commands that write it).",
)
app.add_typer(baseline_app, name="baseline")


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

        settings, targets = _gate_setup(paths, config, baseline, detectors, max_bytes, model, judge, no_judge)
        told = accepting.create(
            settings.baseline, _gate_run(settings, targets), settings.precision, reason, false_positive, force
        )
        typer.echo(f"crosscheck: {told}", err=True)

    _guard(run)


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

        settings, targets = _gate_setup(paths, config, baseline, detectors, max_bytes, model, judge, no_judge)
        told = accepting.add(
            settings.baseline, _gate_run(settings, targets), settings.precision, ids, reason, false_positive
        )
        typer.echo(f"crosscheck: {told}", err=True)

    _guard(run)


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

        settings, targets = _gate_setup(paths, config, baseline, detectors, max_bytes, model, judge, no_judge)
        typer.echo(f"crosscheck: {accepting.prune(settings.baseline, _gate_run(settings, targets))}", err=True)

    _guard(run)


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

        settings = _settings(
            config, dataset, detectors=_detectors(detectors), model_path=model, **_judging(judge, no_judge)
        )
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

    _guard(run)


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


@app.command("detectors")
def list_detectors() -> None:
    """List the registered detectors."""
    from crosscheck.detectors import REGISTRY

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

    _guard(run)


@app.command("explain")
def explain(
    detector: Annotated[str, typer.Argument(help="A detector id, dotted name or kind (CC101, temporal.conflict).")],
) -> None:
    """What a detector flags, with a conflicting and a harmless example."""

    def run() -> None:
        from crosscheck.detectors import describe, lookup

        typer.echo(describe(lookup(detector)).text())

    _guard(run)


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
    _GLOBAL["cache"] = False if no_cache else None
    _GLOBAL["precision"] = precision
    if precision is not None:
        _guard(lambda: resolve(precision))  # a bad value is one line before any work starts


def main() -> None:
    app()


__all__ = ["app", "main"]
