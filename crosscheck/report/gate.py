"""The gate's own outputs: a Markdown CI job summary and JSON.

The Markdown is written to be pasted into ``$GITHUB_STEP_SUMMARY``: the verdict first,
then one table of everything found, then the details a reviewer needs for the new ones.
"""

from __future__ import annotations

import json
from typing import Any

from crosscheck import __version__
from crosscheck.gate import GateResult
from crosscheck.model import Finding, Suppression
from crosscheck.report.escape import cell, md
from crosscheck.report.markdown import finding_block


def _where(f: Finding) -> str:
    return ", ".join(f"`{e.doc_id}`:{e.line}" for e in f.evidence)


def _stale_line(s: Suppression) -> str:
    return f"`{s.doc_id}`:{s.line} ignores `{s.detector}`" + (f" ({s.reason})" if s.reason else "")


def rows(result: GateResult) -> list[tuple[str, Finding, str]]:
    """(state, finding, reason) for every finding, new ones first."""
    out: list[tuple[str, Finding, str]] = []
    for f in result.new:
        out.append(("new" if f.severity >= result.fail_on else "new (below threshold)", f, ""))
    for f, m in result.baselined:
        state = "baselined" if m.how == "exact" else f"baselined ({m.how})"
        reason = ("false positive: " if m.entry.status == "false_positive" else "") + m.entry.reason
        out.append((state, f, reason))
    for s in result.suppressed:
        out.append(("suppressed", s.finding, s.by.reason))
    return out


def render_markdown(result: GateResult) -> str:
    icon = "✅" if result.passed else "❌"
    out = [f"## {icon} {md(result.summary_line())}", ""]
    if result.baseline_path is not None:
        out += [f"_Baseline: `{result.baseline_path.name}` · fail on: {result.fail_on.label} and above._", ""]
    out += [f"> **Warning:** {md(w)}\n" for w in result.warnings]
    table = rows(result)
    if table:
        out += ["| state | severity | detector | sources | values | id |", "|---|---|---|---|---|---|"]
        for state, f, _reason in table:
            values = " vs ".join(cell(e.value, 40) for e in f.evidence if e.value)
            out.append(
                f"| **{state}** | {f.severity.label} | {f.detector} {f.kind} | {_where(f)} | {values} | "
                f"`{f.fingerprint}` |"
            )
        out.append("")
    else:
        out += ["No disagreement found between the sources.", ""]
    articles = {a.doc_id: a for a in result.analysis.articles}
    if result.new:
        out += ["### New findings", ""]
        for n, f in enumerate(result.new, 1):
            out += finding_block(n, f, articles, level="####")
        out += [
            'To accept one after review: `crosscheck baseline add PATH... --id ID --reason "..."`, '
            "or add `<!-- crosscheck: ignore DETECTOR -- reason -->` on or before the line.",
            "",
        ]
    accepted = [(state, f, reason) for state, f, reason in table if not state.startswith("new")]
    if accepted:
        out += ["<details><summary>Accepted findings (baseline and inline)</summary>", ""]
        out += [
            f"- {state}: {f.detector} {_where(f)} — {md(reason) or '_no reason given_'}"
            for state, f, reason in accepted
        ]
        out += ["", "</details>", ""]
    if result.resolved:
        out += ["### Resolved (in the baseline, no longer found)", ""]
        out += [
            f"- `{e.fingerprint}` {e.detector}: " + "; ".join(f'`{d}` "{md(q)}"' for d, q in e.quotes)
            for e in result.resolved
        ]
        out += ["", "Run `crosscheck baseline prune` to drop them.", ""]
    if result.stale:
        out += ["### Stale suppressions (excuse no finding)", ""]
        out += [f"- {md(_stale_line(s))}" for s in result.stale]
        out.append("")
    return "\n".join(out)


def gate_dict(result: GateResult) -> dict[str, Any]:
    findings = []
    for state, f, reason in rows(result):
        item = f.as_dict()
        item["state"] = state
        if reason:
            item["reason"] = reason
        findings.append(item)
    return {
        "generator": f"crosscheck {__version__}",
        "passed": result.passed,
        "fail_on": result.fail_on.label,
        "summary": result.counts(),
        "findings": findings,
        "resolved": [e.as_dict() for e in result.resolved],
        "stale_suppressions": [
            {"doc": s.doc_id, "line": s.line, "detector": s.detector, "reason": s.reason} for s in result.stale
        ],
        "warnings": result.warnings,
    }


def render_json(result: GateResult) -> str:
    return json.dumps(gate_dict(result), indent=2, ensure_ascii=False) + "\n"
