"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

Each finding is one result located at its first quoted sentence, with the other quotes
as related locations; ``partialFingerprints`` carries the stable fingerprint so a viewer
tracks a finding across commits the way crosscheck's own baseline does.  Baselined and
inline-excused findings are reported with a ``suppressions`` entry and its justification,
not dropped, so the record of what was accepted, and why, travels with the results.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from crosscheck import __version__
from crosscheck.detectors import REGISTRY, describe
from crosscheck.gate import GateResult
from crosscheck.model import Article, Evidence, Finding
from crosscheck.report.gate import rows

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "crosscheckFinding/v1"
INFO_URI = "https://github.com/crosscheck/crosscheck"


def _uri(article: Article | None, doc_id: str, base: Path) -> str:
    """A path relative to ``base`` (the repository root in CI) where possible, else a file URI."""
    if article is None:
        return doc_id
    path = Path(article.path).resolve()
    try:
        return path.relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_uri()


def _location(e: Evidence, articles: dict[str, Article], base: Path, n: int | None = None) -> dict[str, Any]:
    loc: dict[str, Any] = {
        "physicalLocation": {
            "artifactLocation": {"uri": _uri(articles.get(e.doc_id), e.doc_id, base)},
            "region": {
                "startLine": e.line,
                "startColumn": e.column,
                "endLine": max(e.line, e.end_line),
                "snippet": {"text": e.text},
            },
        }
    }
    if n is not None:
        loc["id"] = n
        loc["message"] = {"text": f"{e.doc_id} line {e.line}" + (f": {e.value}" if e.value else "")}
    return loc


def _rules() -> list[dict[str, Any]]:
    """Each detector's rule, described from its docstring: what it flags, and an example of each side
    in ``help`` (a pull request shows it beside the alert)."""
    rules = []
    for cls in REGISTRY:
        told = describe(cls)
        rules.append(
            {
                "id": cls.id,
                "name": cls.name.replace(".", "_"),
                "shortDescription": {"text": told.summary},
                "fullDescription": {"text": " ".join([told.summary, told.notes]).strip()},
                "help": {"text": told.text(), "markdown": told.markdown()},
                "defaultConfiguration": {"level": cls.severity.label},
                "properties": {"kind": cls.kind, "tags": ["crosscheck", cls.kind]},
            }
        )
    return rules


def repository_root(start: Path) -> Path | None:
    """The folder holding ``.git`` at or above ``start``: SARIF paths are relative to it, wherever the
    command was run from (a viewer resolves them against the repository, not the shell's folder)."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def _newest(f: Finding, articles: dict[str, Article]) -> int:
    """Which quote a reviewer should land on: the one of the newest document by publication date (the
    report a change most likely added), the first of the newest on a tie."""
    dates = [(a.published or dt.date.min) if (a := articles.get(e.doc_id)) else dt.date.min for e in f.evidence]
    return max(range(len(dates)), key=lambda i: (dates[i], -i))


def _result(
    f: Finding, state: str, reason: str, articles: dict[str, Article], base: Path, index: dict[str, int]
) -> dict[str, Any]:
    values = "; ".join(f"{doc}: {v}" for doc, v in f.values.items() if not doc.startswith("_"))
    primary = _newest(f, articles)
    result: dict[str, Any] = {
        "ruleId": f.detector,
        "ruleIndex": index[f.detector],
        "level": f.severity.label,
        "message": {"text": f.summary + (f" Values: {values}." if values else "")},
        "locations": [_location(f.evidence[primary], articles, base)],
        "relatedLocations": [
            _location(e, articles, base, n)
            for n, e in enumerate((e for i, e in enumerate(f.evidence) if i != primary), 1)
        ],
        "partialFingerprints": {FINGERPRINT_KEY: f.fingerprint},
        "properties": {
            "confidence": round(f.confidence, 3),
            "similarity": round(f.similarity, 3),
            "state": state,
            **({} if f.judge is None else {"judgeContradiction": round(f.judge, 3)}),
        },
    }
    if state.startswith("new"):
        result["baselineState"] = "new"
    elif state.startswith("baselined"):
        result["baselineState"] = "unchanged" if state == "baselined" else "updated"
        result["suppressions"] = [{"kind": "external", "status": "accepted", "justification": reason or "baselined"}]
    else:
        result["suppressions"] = [{"kind": "inSource", "status": "accepted", "justification": reason or "ignored"}]
    return result


def sarif_dict(result: GateResult, base: Path | None = None) -> dict[str, Any]:
    articles = {a.doc_id: a for a in result.analysis.articles}
    if base is None:
        first = next(iter(articles.values()), None)
        base = (repository_root(Path(first.path).parent) if first is not None else None) or Path.cwd()
    rules = _rules()
    index = {r["id"]: i for i, r in enumerate(rules)}
    notifications = [
        {
            "level": "warning",
            "message": {"text": f"stale suppression: ignores {s.detector} but no finding is there"},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": _uri(articles.get(s.doc_id), s.doc_id, base)},
                        "region": {"startLine": s.line},
                    }
                }
            ],
        }
        for s in result.stale
    ] + [{"level": "warning", "message": {"text": w}} for w in result.warnings]
    return {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "properties": {"generator": f"crosscheck {__version__}"},
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "crosscheck",
                        "version": __version__,
                        "semanticVersion": __version__,
                        "informationUri": INFO_URI,
                        "rules": rules,
                    }
                },
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "results": [_result(f, state, reason, articles, base, index) for state, f, reason in rows(result)],
                "properties": {"summary": result.counts(), "failOn": result.fail_on.label},
            }
        ],
    }


def render(result: GateResult, base: Path | None = None) -> str:
    return json.dumps(sarif_dict(result, base), indent=2, ensure_ascii=False) + "\n"
