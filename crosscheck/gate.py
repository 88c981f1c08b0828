"""The CI gate: which findings are new, which were accepted before, which are excused inline.

``classify`` is pure (an Analysis and a Baseline in, a GateResult out), so the CLI, the
tests and any other front end share one definition of "new".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crosscheck import baseline as bl
from crosscheck import suppress
from crosscheck.analysis import analyze
from crosscheck.compute import resolve
from crosscheck.config import Settings
from crosscheck.model import Finding, Severity, Suppression
from crosscheck.progress import NULL, Progress
from crosscheck.results import Analysis


@dataclass
class GateResult:
    analysis: Analysis
    new: list[Finding]
    baselined: list[tuple[Finding, bl.Match]]
    suppressed: list[suppress.Suppressed]
    resolved: list[bl.Entry]  # accepted findings that no longer occur
    stale: list[Suppression]  # inline comments that excuse nothing
    fail_on: Severity = Severity.ERROR
    baseline_path: Path | None = None

    @property
    def warnings(self) -> list[str]:
        return self.analysis.warnings

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.new if f.severity >= self.fail_on]

    @property
    def passed(self) -> bool:
        return not self.failing

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.new),
            "failing": len(self.failing),
            "baselined": len(self.baselined),
            "suppressed": len(self.suppressed),
            "resolved": len(self.resolved),
            "stale_suppressions": len(self.stale),
        }

    def summary_line(self) -> str:
        c = self.counts()
        verdict = "passed" if self.passed else "FAILED"
        head = f"crosscheck gate {verdict}: {c['failing']} new at or above {self.fail_on.label}"
        tail = f"{c['new']} new, {c['baselined']} baselined, {c['suppressed']} suppressed, {c['resolved']} resolved" + (
            f", {c['stale_suppressions']} stale suppressions" if c["stale_suppressions"] else ""
        )
        return f"{head} ({tail})"


def classify(
    analysis: Analysis, baseline: bl.Baseline, fail_on: Severity = Severity.ERROR, baseline_path: Path | None = None
) -> GateResult:
    findings = analysis.findings
    kept, suppressed, stale = suppress.apply(findings, analysis.articles)
    # Matched against every finding, suppressed ones included: an accepted finding that is
    # now also excused inline still occurs, so its entry is not "resolved".
    matches = bl.match(findings, baseline)
    kept_ids = {id(f) for f in kept}
    new: list[Finding] = []
    baselined: list[tuple[Finding, bl.Match]] = []
    for i, f in enumerate(findings):
        if id(f) not in kept_ids:
            continue
        if i in matches:
            baselined.append((f, matches[i]))
        else:
            new.append(f)
    used = {m.entry.fingerprint for m in matches.values()}
    resolved = [e for e in baseline.entries if e.fingerprint not in used]
    return GateResult(analysis, new, baselined, suppressed, resolved, stale, fail_on, baseline_path)


def gate(
    paths: Sequence[Path],
    baseline: bl.Baseline,
    settings: Settings | None = None,
    progress: Progress = NULL,
    baseline_path: Path | None = None,
) -> GateResult:
    settings = settings or Settings()
    analysis = analyze(paths, settings, progress)
    here = resolve(settings.precision)
    if baseline.precision is not None and baseline.precision != here:
        analysis.warnings.append(
            f"the baseline was accepted with the models computing in {baseline.precision}, this run computes "
            f"in {here}: a finding near a threshold may appear or vanish; set precision = "
            f'"{baseline.precision}" in [tool.crosscheck] so both runs compute alike'
        )
    return classify(analysis, baseline, settings.fail_on, baseline_path)


def prune(baseline: bl.Baseline, result: GateResult) -> bl.Baseline:
    """The baseline without the entries that no longer occur; nothing is added."""
    gone = {e.fingerprint for e in result.resolved}
    return bl.Baseline([e for e in baseline.entries if e.fingerprint not in gone], precision=baseline.precision)
