"""What every command shares: the app, the options declared once, settings, safe output, errors as one line."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer
from typer.core import TyperGroup

from crosscheck.config import Settings, find_pyproject, load_settings
from crosscheck.errors import CrosscheckError, InputError
from crosscheck.model import Severity
from crosscheck.report import MARKER

if TYPE_CHECKING:
    from crosscheck.baseline import Baseline
    from crosscheck.gate import GateResult


# The order a newcomer meets the commands in: the daily ones first, whatever module declares them.
ORDER = ("analyze", "check", "gate", "baseline", "index", "eval", "detectors", "explain", "init")


class _Ordered(TyperGroup):
    def list_commands(self, ctx: typer.Context) -> list[str]:  # type: ignore[override]  # typer vendors click
        return sorted(super().list_commands(ctx), key=lambda n: ORDER.index(n) if n in ORDER else len(ORDER))


app = typer.Typer(
    cls=_Ordered,
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


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"crosscheck: error: {message}", err=True)
    return typer.Exit(code)


def guard(fn: Callable[[], T]) -> T:
    """Run ``fn``; a user-facing error becomes one line on stderr and exit code 2."""
    try:
        return fn()
    except CrosscheckError as exc:
        raise _fail(str(exc)) from None
    except MemoryError:
        raise _fail("out of memory: try fewer or smaller files") from None
    except KeyboardInterrupt:
        raise _fail("interrupted", 130) from None


GLOBAL: dict[str, object] = {}  # options given before the command name (``crosscheck --no-cache check``)


def settings_for(config: Path | None, start: Path, **overrides: object) -> Settings:
    if config is not None and not config.is_file():
        raise InputError(f"config file not found: {config}")
    base = load_settings(config or find_pyproject(start))
    return base.replace(**GLOBAL, **overrides)


def run_settings(
    config: Path | None,
    start: Path,
    detectors: str | None,
    max_bytes: int | None,
    model: Path | None,
    judge: Path | None,
    no_judge: bool,
    **overrides: object,
) -> Settings:
    """The settings of a run from the options every analysing command takes (and its own ``overrides``)."""
    return settings_for(
        config,
        start,
        detectors=detector_names(detectors),
        max_bytes=max_bytes,
        model_path=model,
        **judging(judge, no_judge),
        **overrides,
    )


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
    typer.Option(
        "--judge", help="Judge folder: a crosscheck adapter or a local NLI model (default: minilm, the shipped one)."
    ),
]


NoJudgeOpt = Annotated[bool, typer.Option("--no-judge", help="Rules only: do not load the contradiction judge.")]


ExitZeroOpt = Annotated[
    bool,
    typer.Option(
        "--exit-zero", help="Advisory run: exit 0 even when it finds contradictions (2 still means bad input)."
    ),
]


def advisory(code: int, exit_zero: bool) -> int:
    return 0 if exit_zero and code == 1 else code


def judging(judge: Path | None, no_judge: bool) -> dict[str, object]:
    if judge is not None and no_judge:
        raise InputError("--judge and --no-judge exclude each other")
    return {"judge": judge, "use_judge": False if no_judge else None}


def detector_names(value: str | None) -> tuple[str, ...] | None:
    return tuple(d for d in value.split(",") if d.strip()) if value else None


def echo_warnings(warnings: list[str]) -> None:
    for w in warnings:
        typer.echo(f"crosscheck: warning: {w}", err=True)


BaselineOpt = Annotated[
    Path | None,
    typer.Option("--baseline", "-b", help="Baseline file (default: .crosscheck-baseline.json beside pyproject.toml)."),
]


PathsArg = Annotated[
    list[Path] | None,
    typer.Argument(help="Article files or folders (default: `paths` in [tool.crosscheck])."),
]


def severity(value: str | None) -> Severity | None:
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


def gate_setup(
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
    settings = run_settings(config, start, detectors, max_bytes, model, judge, no_judge, baseline=baseline, **overrides)
    return settings, _targets(paths, settings)


def run_gate(settings: Settings, targets: list[Path], accepted: Baseline) -> GateResult:
    from crosscheck import gate as gating
    from crosscheck.progress import Progress

    with Progress() as progress:
        return gating.gate(targets, accepted, settings, progress, settings.baseline)


def gate_run(settings: Settings, targets: list[Path]) -> Callable[[Baseline], GateResult]:
    return lambda accepted: run_gate(settings, targets, accepted)
