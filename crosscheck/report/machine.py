"""JSON and CSV outputs (CSV through pandas: one row per finding and claim)."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from typing import Any

from crosscheck import __version__
from crosscheck.model import Article, Unread
from crosscheck.results import Analysis, CheckResult


def _document(a: Article) -> dict[str, Any]:
    return {
        "doc": a.doc_id,
        "source": a.source,
        "url": a.url,
        "published": a.published.isoformat() if a.published else None,
        "published_from": a.published_from,
        "furniture_lines": list(a.furniture_lines),
    }


def analysis_dict(result: Analysis) -> dict[str, Any]:
    return {
        "generator": f"crosscheck {__version__}",
        "summary": {
            **result.counts(),
            "claims": len(result.claims),
            "pairs": len(result.pairs),
            "corroborated_groups": len(result.corroborated),
            "single_source": len(result.single_source),
        },
        "findings": [f.as_dict() for f in result.findings],
        "corroborated": [
            [{"doc": c.doc_id, "line": c.sentence.line, "text": c.sentence.text} for c in g]
            for g in result.corroborated
        ],
        "documents": [_document(a) for a in result.articles],
        "not_read": _not_read(result.unread),
        "warnings": result.warnings,
    }


def _not_read(unread: Sequence[Unread]) -> list[dict[str, str]]:
    return [{"doc": u.doc_id, "reason": u.reason} for u in unread]


def render_json(result: Analysis) -> str:
    return json.dumps(analysis_dict(result), indent=2, ensure_ascii=False) + "\n"


def check_dict(result: CheckResult) -> dict[str, Any]:
    return {
        "generator": f"crosscheck {__version__}",
        "draft": result.draft.doc_id,
        "summary": {
            s: sum(v.status.value == s for v in result.verdicts)
            for s in ("corroborated", "contradicted", "unsupported")
        },
        "claims": [
            {
                "line": v.claim.sentence.line,
                "text": v.claim.sentence.text,
                "status": v.status.value,
                "support": [
                    {
                        "doc": p.b.doc_id,
                        "line": p.b.sentence.line,
                        "text": p.b.sentence.text,
                        "similarity": round(p.similarity, 3),
                    }
                    for p in v.support
                ],
                "findings": [f.as_dict() for f in v.findings],
                "unsourced": v.unsourced,
                "coverage": round(v.coverage, 3),
                "judge_entailment": None if v.entailment is None else round(v.entailment, 3),
                "rules_status": v.rules_status.value if v.rules_status else None,
            }
            for v in result.verdicts
        ],
        "documents": [_document(a) for a in [result.draft, *result.sources]],
        "not_read": _not_read(result.unread),
        "warnings": result.warnings,
    }


def render_check_json(result: CheckResult) -> str:
    return json.dumps(check_dict(result), indent=2, ensure_ascii=False) + "\n"


def render_csv(result: Analysis) -> str:
    import pandas as pd

    rows = [
        {
            "finding": f.fingerprint,
            "detector": f.detector,
            "kind": f.kind,
            "severity": f.severity.label,
            "confidence": round(f.confidence, 3),
            "judge_contradiction": "" if f.judge is None else round(f.judge, 3),
            "doc": e.doc_id,
            "line": e.line,
            "column": e.column,
            "value": e.value,
            "quote": e.text,
            "summary": f.summary,
        }
        for f in result.findings
        for e in f.evidence
    ]
    columns = [
        "finding",
        "detector",
        "kind",
        "severity",
        "confidence",
        "judge_contradiction",
        "doc",
        "line",
        "column",
        "value",
        "quote",
        "summary",
    ]
    buf = io.StringIO()
    pd.DataFrame(rows, columns=columns).to_csv(buf, index=False)
    return buf.getvalue()
