"""One table per mode from format name to renderer: the CLI's ``--format`` looks its writer up here."""

from __future__ import annotations

from collections.abc import Callable

from crosscheck import __version__
from crosscheck.gate import GateResult
from crosscheck.report import MARKER, html, junit, machine, markdown, sarif, short
from crosscheck.report import gate as gate_report
from crosscheck.results import Analysis, CheckResult


def stamp(text: str, note: str = "") -> str:
    """``text`` under the comment that marks a file crosscheck wrote (and may overwrite)."""
    return f"<!-- {MARKER} {__version__}{note} -->\n" + text


def _gate_html(result: GateResult) -> str:
    states = {f.fingerprint: state for state, f, _ in gate_report.rows(result)}
    return html.render(result.analysis, "crosscheck gate", states)


# (result, title) -> text
ANALYSIS: dict[str, Callable[[Analysis, str], str]] = {
    "markdown": lambda r, title: stamp(markdown.render_analysis(r, title), "; regenerate rather than edit"),
    "json": lambda r, _: machine.render_json(r),
    "csv": lambda r, _: machine.render_csv(r),
    "short": lambda r, _: short.render(r.findings, r.articles),
    "html": lambda r, title: html.render(r, title),
}
CHECK: dict[str, Callable[[CheckResult], str]] = {
    "markdown": lambda r: stamp(markdown.render_check(r)),
    "json": machine.render_check_json,
    "short": short.render_check,
}
# (result, written to a file) -> text; a job summary on stdout carries no marker comment
GATE: dict[str, Callable[[GateResult, bool], str]] = {
    "markdown": lambda r, to_file: stamp(gate_report.render_markdown(r)) if to_file else gate_report.render_markdown(r),
    "json": lambda r, _: gate_report.render_json(r),
    "sarif": lambda r, _: sarif.render(r),
    "junit": lambda r, _: junit.render(r),
    "short": lambda r, _: short.render(r.new, r.analysis.articles),
    "html": lambda r, _: _gate_html(r),
}
