"""Gate outputs: SARIF validates against the 2.1.0 schema, JUnit parses, Markdown leads with the verdict."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from junitparser import Failure, JUnitXml, Skipped

from crosscheck import baseline as bl
from crosscheck.api import Analysis
from crosscheck.gate import GateResult, classify
from crosscheck.model import Evidence, Finding, Severity, Suppression
from crosscheck.report import gate as gate_report
from crosscheck.report import junit, sarif
from crosscheck.suppress import Suppressed
from tests.conftest import ROOT

SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


@pytest.fixture
def mixed(seed_analysis: Analysis) -> GateResult:
    """Every state at once: new, baselined (exact and edited), suppressed, resolved, stale."""
    f = seed_analysis.findings
    assert len(f) >= 4
    old = bl.Entry.from_finding(f[3], "false_positive", "two different events")
    gone = bl.Entry("f" * 20, "CC102", "numeric.conflict", (("x.txt", "Ten people."), ("y.txt", "Twelve people.")), ())
    doc = f[2].evidence[0].doc_id
    return GateResult(
        analysis=seed_analysis,
        new=[f[0]],
        baselined=[
            (f[1], bl.Match(bl.Entry.from_finding(f[1], reason="accepted"), "exact")),
            (f[3], bl.Match(old, "edited")),
        ],
        suppressed=[Suppressed(f[2], Suppression(doc, f[2].evidence[0].line, "CC105", "house style"))],
        resolved=[gone],
        stale=[Suppression(doc, 1, "CC102", "")],
        fail_on=Severity.ERROR,
        baseline_path=Path(".crosscheck-baseline.json"),
    )


def test_sarif_validates_and_carries_fingerprints_and_suppressions(mixed: GateResult) -> None:
    log = sarif.sarif_dict(mixed, base=ROOT)
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(log)
    run = log["runs"][0]
    results = run["results"]
    assert len(results) == 4
    by_state = {r["properties"]["state"]: r for r in results}
    new = by_state["new"]
    assert new["baselineState"] == "new" and "suppressions" not in new
    assert new["partialFingerprints"]["crosscheckFinding/v1"] == mixed.new[0].fingerprint
    region = new["locations"][0]["physicalLocation"]["region"]
    first = mixed.new[0].evidence[0]
    assert (region["startLine"], region["startColumn"]) == (first.line, first.column)
    assert new["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].startswith("seeds/")
    assert new["relatedLocations"][0]["physicalLocation"]["region"]["startLine"] == mixed.new[0].evidence[1].line
    assert by_state["baselined (edited)"]["baselineState"] == "updated"
    assert by_state["baselined (edited)"]["suppressions"][0]["justification"] == "false positive: two different events"
    assert by_state["suppressed"]["suppressions"] == [
        {"kind": "inSource", "status": "accepted", "justification": "house style"}
    ]
    rule_ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert all(rule_ids[r["ruleIndex"]] == r["ruleId"] for r in results)
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert any("stale suppression" in n["message"]["text"] for n in notes)


def test_sarif_of_a_clean_run_validates(seed_analysis: Analysis) -> None:
    clean = classify(seed_analysis, bl.Baseline([bl.Entry.from_finding(f) for f in seed_analysis.findings]))
    log = sarif.sarif_dict(clean, base=ROOT)
    jsonschema.validators.validator_for(SCHEMA)(SCHEMA).validate(log)
    results = log["runs"][0]["results"]
    assert len(results) == len(seed_analysis.findings) > 0
    assert clean.passed and all(r["baselineState"] == "unchanged" for r in results)


def test_junit_parses_with_one_case_per_finding(mixed: GateResult, tmp_path: Path) -> None:
    path = tmp_path / "junit.xml"
    path.write_text(junit.render(mixed), encoding="utf-8")
    xml = JUnitXml.fromfile(str(path))
    cases = [case for suite in xml for case in suite]
    assert len(cases) == 4
    failures = [c for c in cases if any(isinstance(r, Failure) for r in c.result)]
    skipped = [c for c in cases if any(isinstance(r, Skipped) for r in c.result)]
    assert len(failures) == 1 and mixed.new[0].fingerprint in failures[0].name
    assert len(skipped) == 3
    assert any("house style" in (r.message or "") for c in skipped for r in c.result)


def test_junit_of_a_clean_run_has_one_passing_case(seed_analysis: Analysis) -> None:
    empty = Analysis(seed_analysis.articles, [], [], [], [], [])
    root = ET.fromstring(junit.render(classify(empty, bl.Baseline())).split("\n", 2)[2])
    assert root.get("tests") == "1" and root.get("failures") == "0"


def test_markdown_status_line_first_then_table(mixed: GateResult) -> None:
    text = gate_report.render_markdown(mixed)
    first = text.splitlines()[0]
    assert first.startswith("## ❌ crosscheck gate FAILED: 1 new at or above error")
    assert "1 new, 2 baselined, 1 suppressed, 1 resolved, 1 stale suppressions" in first
    assert text.index("| state |") < text.index("### New findings") < text.index("### Resolved")
    assert "two different events" in text and "house style" in text


def test_sarif_lands_on_the_newest_source_with_rule_help_and_repository_paths(
    seed_analysis: Analysis, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    dated = {a.doc_id: a.published for a in seed_analysis.articles}

    def newest_of(f: Finding) -> Evidence:
        return max(f.evidence, key=lambda e: dated[e.doc_id] or dt.date.min)

    # a finding whose newest source is not quoted first: the order is not the answer
    finding = next(f for f in seed_analysis.findings if newest_of(f) is not f.evidence[0])
    newest = newest_of(finding)
    result = classify(seed_analysis, bl.Baseline())
    monkeypatch.chdir(tmp_path)  # run from elsewhere: paths stay relative to the repository root
    log = sarif.sarif_dict(result)
    run = log["runs"][0]
    got = next(r for r in run["results"] if r["partialFingerprints"]["crosscheckFinding/v1"] == finding.fingerprint)
    location = got["locations"][0]["physicalLocation"]
    assert location["region"]["startLine"] == newest.line
    assert location["artifactLocation"]["uri"] == f"seeds/{newest.doc_id}"
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == finding.detector)
    assert "conflict:" in rule["help"]["text"] and "harmless:" in rule["help"]["text"]
    assert rule["shortDescription"]["text"] and rule["help"]["markdown"].startswith(f"**{finding.detector}")
