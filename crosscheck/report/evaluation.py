"""How ``crosscheck eval`` reads: the metrics tables of labelled rows and of multi-source clusters,
and the per-row predictions as CSV."""

from __future__ import annotations

from typing import Any

from crosscheck import multisource
from crosscheck.evaluation import OVERLAP_THRESHOLD, Report
from crosscheck.model import Finding
from crosscheck.multisource import ClustersReport


def predictions_csv(report: Report) -> str:
    import io

    import pandas as pd

    frame = pd.DataFrame(
        [
            {
                "id": r.row.id,
                "label": r.row.label or "",
                "predicted": r.predicted,
                "correct": "" if r.row.label is None else r.predicted == r.row.label,
                "error_type": ",".join(r.row.error_types),
                "statuses": ",".join(r.statuses),
                "finding_kinds": ",".join(r.kinds),
                "weakest_support": round(r.best_similarity, 3),
                "word_overlap": round(r.overlap, 3),
                "overlap_predicted": r.overlap_predicted,
                "rules_predicted": r.rules_predicted,
                "judge_entailment": "" if r.entailment is None else round(r.entailment, 3),
                "claim": r.row.claim,
            }
            for r in report.results
        ]
    )
    buf = io.StringIO()
    frame.to_csv(buf, index=False)
    return buf.getvalue()


def render_rows(report: Report) -> str:
    lines = [f"crosscheck eval: {report.dataset} — {report.rows} rows, {report.seconds_per_row:.3f} s per row", ""]
    if report.crosscheck is None or report.overlap is None:
        return "\n".join([*lines, "No labelled rows: predictions only (see --out).", ""])
    if report.judge:
        lines[1:1] = [f"judge: {report.judge}"]
    lines.append(f"{'':<28}{'balanced acc':>13}{'precision':>11}{'recall':>8}{'F1':>7}   (of 'inconsistent')")
    systems = [("crosscheck (rules + judge)" if report.rules else "crosscheck", report.crosscheck)]
    if report.rules:
        systems.append(("rules only (same run)", report.rules))
    if report.judge_alone:
        systems.append(("judge alone (same run)", report.judge_alone))
    systems.append((f"word overlap ≥ {OVERLAP_THRESHOLD}", report.overlap))
    for name, s in systems:
        lines.append(
            f"{name:<28}{100 * s.balanced_accuracy:>13.1f}{100 * s.precision:>11.1f}{100 * s.recall:>8.1f}"
            f"{100 * s.f1:>7.1f}"
        )
    c = report.crosscheck.confusion
    lines += [
        "",
        "confusion (crosscheck)      predicted consistent  predicted inconsistent",
        f"  consistent               {c['consistent']['consistent']:>20}  {c['consistent']['inconsistent']:>22}",
        f"  inconsistent             {c['inconsistent']['consistent']:>20}  {c['inconsistent']['inconsistent']:>22}",
        "",
        f"{'error type':<34}{'rows':>6}{'crosscheck':>12}{'rules':>8}{'overlap':>9}   (share judged correctly)",
    ]
    for t, v in report.per_error_type.items():
        lines.append(
            f"{t[:33]:<34}{int(v['n']):>6}{100 * v['crosscheck']:>11.1f}%{100 * v['rules_only']:>7.1f}%"
            f"{100 * v['word_overlap']:>8.1f}%"
        )
    lines.append("")
    return "\n".join(lines)


def _where(f: Finding) -> str:
    return " | ".join(f"{multisource.doc_key(e.doc_id)}:{e.line}" for e in f.evidence)


Crossing = tuple[int, list[Finding]]  # articles analysed as one folder, findings linking two stories


def render_clusters(report: ClustersReport, show: bool = False, crossing: Crossing | None = None) -> str:
    lines: list[str] = []
    for c in report.clusters:
        if show:
            for p, hit in zip(c.positives, c.found, strict=True):
                if not hit:
                    lines.append(f"   missed   {p.id} ({p.kind}): {p.why[:150]}")
            for neg, bad in zip(c.negatives, c.violated, strict=True):
                if bad:
                    lines.append(f"   violated {neg.id}: {neg.why[:150]}")
            for f in c.unmatched:
                lines.append(f"   unmatched {f.kind} ({f.detector}): {_where(f)} — {f.summary[:120]}")
        lines.append(
            f"{c.name}: recall {sum(c.found)}/{len(c.positives)}, unmatched {len(c.unmatched)}, "
            f"negatives violated {sum(c.violated)}/{len(c.negatives)}"
        )
    kinds = ", ".join(f"{k} {f}/{n}" for k, (f, n) in report.by_kind().items())
    lines.append(f"by kind: {kinds}")
    for source, fig in report.by_source().items():
        lines.append(
            f"{source}: recall {fig['found']:.0f}/{fig['positives']:.0f}, unmatched {fig['unmatched']:.0f}, "
            f"violated {fig['violated']:.0f}, over {fig['clusters']:.0f} clusters"
        )
    n = len(report.clusters)
    lines.append(
        f"total: recall {report.found}/{report.positives} ({100 * report.found / max(1, report.positives):.0f}%), "
        f"unmatched serious findings {report.unmatched} ({report.unmatched / max(1, n):.1f} per cluster), "
        f"negatives violated {report.violated}, over {n} clusters"
    )
    if crossing is not None:
        n_articles, across = crossing
        lines.append(f"mixed: {n_articles} articles of {n} stories in one run, {len(across)} findings across stories")
        if show:
            for f in across:
                where = " | ".join(f"{e.doc_id}:{e.line}" for e in f.evidence)
                lines.append(f"   across {f.kind} ({f.detector}): {where} — {f.summary[:120]}")
    return "\n".join(lines) + "\n"


def clusters_metrics(report: ClustersReport, crossing: Crossing | None = None) -> dict[str, Any]:
    metrics = report.metrics()
    if crossing is not None:
        metrics["mixed"] = {"articles": crossing[0], "findings_across_stories": len(crossing[1])}
    return metrics
