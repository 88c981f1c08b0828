"""The Markdown report a reviewer reads: status line, table, findings with quotes, corroboration."""

from __future__ import annotations

from collections.abc import Iterable

from crosscheck.model import Article, Claim, Evidence, Finding, Severity, Unread
from crosscheck.report.escape import cell, md
from crosscheck.results import Analysis, CheckResult, Status


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def _source(doc_id: str, articles: dict[str, Article]) -> str:
    a = articles.get(doc_id)
    label = f"`{doc_id}`"
    if a is not None and a.source:
        label += f" ({md(a.source)})"
    return label


def _quote(e: Evidence, articles: dict[str, Article]) -> str:
    value = f" — **{md(e.value)}**" if e.value else ""
    return f'> "{md(e.text)}"\n> — {_source(e.doc_id, articles)}, line {e.line}{value}\n'


def _judge(f: Finding) -> str:
    return "" if f.judge is None else f" · judge: contradiction {f.judge:.2f}"


def finding_block(n: int, f: Finding, articles: dict[str, Article], level: str = "###") -> list[str]:
    lines = [
        f"{level} {n}. {f.kind.capitalize()} — {f.severity.label} ({f.detector} `{f.name}`)",
        "",
        f"{md(f.summary)}",
        "",
        f"Confidence {f.confidence:.2f}{_judge(f)} · sentence similarity {f.similarity:.2f} · id `{f.fingerprint}`",
        "",
    ]
    for e in f.evidence:
        lines += [_quote(e, articles)]
    if f.values:
        lines += ["| source | value |", "|---|---|"]
        lines += [f"| `{doc}` | {md(v)} |" for doc, v in f.values.items()]
        lines.append("")
    return lines


def _warnings(warnings: list[str]) -> list[str]:
    return [line for w in warnings for line in (f"> **Warning:** {md(w)}", "")]


def _documents_table(articles: Iterable[Article], unread: Iterable[Unread] = ()) -> list[str]:
    lines = ["| document | source | published | furniture lines stripped |", "|---|---|---|---|"]
    for a in articles:
        pub = a.published.isoformat() if a.published else "unknown (relative dates unresolved)"
        if a.published and a.published_from and a.published_from != "metadata":
            pub += f" (from {a.published_from})"
        lines.append(f"| `{a.doc_id}` | {md(a.source or '—')} | {pub} | {len(a.furniture_lines)} |")
    lines += [f"| `{u.doc_id}` | — | — | **not read:** {md(u.reason)} |" for u in unread]
    return lines


def _claim_line(c: Claim, articles: dict[str, Article]) -> str:
    return f'- "{md(c.sentence.text)}" — {_source(c.doc_id, articles)}, line {c.sentence.line}'


def analysis_status(result: Analysis) -> str:
    """The report's headline, in words: also what the CLI prints when the report goes to a file."""
    counts = result.counts()
    corroborated = sum(len(g) for g in result.corroborated)
    return (
        f"{_plural(counts['error'], 'contradiction')} · {_plural(counts['warning'], 'warning')} · "
        f"{_plural(counts['note'], 'note')} · {_plural(corroborated, 'claim')} corroborated across sources · "
        f"{_plural(len(result.single_source), 'single-source claim')}"
    )


def check_status(result: CheckResult) -> str:
    by = {s: sum(v.status is s for v in result.verdicts) for s in Status}
    return (
        f"{by[Status.CONTRADICTED]} contradicted · {by[Status.CORROBORATED]} corroborated · "
        f"{by[Status.UNSUPPORTED]} unsupported"
    )


def render_analysis(result: Analysis, title: str = "crosscheck report") -> str:
    articles = {a.doc_id: a for a in result.articles}
    out = [f"# {md(title)}", "", f"**{analysis_status(result)}**", ""]
    out += [
        f"_{_plural(len(result.articles), 'document')}, {_plural(len(result.claims), 'claim')}, "
        f"{_plural(len(result.pairs), 'cross-document pair')} compared._",
        "",
    ]
    out += _warnings(result.warnings)
    out += ["## Summary", ""]
    if result.findings:
        out += [
            "| # | severity | kind | sources | values | confidence | judge: contradiction |",
            "|---|---|---|---|---|---|---|",
        ]
        for n, f in enumerate(result.findings, 1):
            where = ", ".join(f"`{e.doc_id}`:{e.line}" for e in f.evidence)
            values = " vs ".join(cell(e.value, 40) for e in f.evidence if e.value)
            judged = "—" if f.judge is None else f"{f.judge:.2f}"
            out.append(f"| {n} | {f.severity.label} | {f.kind} | {where} | {values} | {f.confidence:.2f} | {judged} |")
    else:
        out.append("No disagreement found between the sources.")
    out.append("")
    n = 0
    for severity in sorted(Severity, reverse=True):
        group = [f for f in result.findings if f.severity is severity]
        if not group:
            continue
        heading = {Severity.ERROR: "Contradictions", Severity.WARNING: "Warnings", Severity.NOTE: "Notes"}[severity]
        out += [f"## {heading}", ""]
        if severity is Severity.NOTE:
            out += ["<details><summary>Low-severity notes</summary>", ""]
        for f in group:
            n += 1
            out += finding_block(n, f, articles)
        if severity is Severity.NOTE:
            out += ["</details>", ""]
    out += ["## Corroborated by several sources", ""]
    if result.corroborated:
        for g in sorted(
            result.corroborated, key=lambda g: (-len({c.doc_id for c in g}), g[0].doc_id, g[0].sentence.line)
        ):
            docs = len({c.doc_id for c in g})
            out.append(f"- **{docs} sources:**")
            out += ["  " + _claim_line(c, articles) for c in g]
    else:
        out.append("No claim is stated closely enough by two sources.")
    out += [
        "",
        "## Single-source claims",
        "",
        f"<details><summary>{_plural(len(result.single_source), 'claim')} no other source states</summary>",
        "",
    ]
    out += [_claim_line(c, articles) for c in result.single_source]
    out += ["", "</details>", "", "## Documents", ""]
    out += _documents_table(result.articles, result.unread)
    out.append("")
    return "\n".join(out)


_STATUS_ICON = {Status.CORROBORATED: "✅", Status.CONTRADICTED: "❌", Status.UNSUPPORTED: "❔"}


def render_check(result: CheckResult) -> str:
    articles = {a.doc_id: a for a in [result.draft, *result.sources]}
    out = [
        f"# crosscheck: draft `{result.draft.doc_id}` against {_plural(len(result.sources), 'source')}",
        "",
        f"**{check_status(result)}** (of {_plural(len(result.verdicts), 'claim')})",
        "",
    ]
    out += _warnings(result.warnings)
    out += ["| line | status | claim | best source | judge: entailed |", "|---|---|---|---|---|"]
    for v in result.verdicts:
        best = (
            f"`{v.support[0].b.doc_id}`:{v.support[0].b.sentence.line} ({v.support[0].similarity:.2f})"
            if v.support
            else "—"
        )
        judged = "—" if v.entailment is None else f"{v.entailment:.2f}"
        out.append(
            f"| {v.claim.sentence.line} | {_STATUS_ICON[v.status]} {v.status.value} "
            f"| {cell(v.claim.sentence.text)} | {best} | {judged} |"
        )
    out.append("")
    for v in result.verdicts:
        out += [f"### Line {v.claim.sentence.line}: {v.status.value}", "", f'> "{md(v.claim.sentence.text)}"', ""]
        if v.findings:
            for f in v.findings:
                out += [f"- **{f.kind} ({f.severity.label}, {f.detector}{_judge(f)})**: {md(f.summary)}"]
                out += [
                    f'  - {_source(e.doc_id, articles)}, line {e.line}: "{md(e.text)}"'
                    + (f" — **{md(e.value)}**" if e.value else "")
                    for e in f.evidence[1:]
                ]
        elif v.unsourced:
            out.append("No source mentions: " + ", ".join(f"**{md(u)}**" for u in v.unsourced) + ".")
        elif v.support:
            if v.status is Status.CORROBORATED:
                label = "Supported by"
            elif v.rules_status is Status.CORROBORATED and v.entailment is not None:
                label = (
                    f"Worded closely, but the judge finds no source line that entails it "
                    f"(best entailment {v.entailment:.2f}); closest source lines"
                )
            else:
                label = "Closest source lines (not close enough to corroborate)"
            out.append(f"{label}:")
            out += [
                f"- {_source(p.b.doc_id, articles)}, line {p.b.sentence.line} ({p.similarity:.2f}): "
                f'"{md(p.b.sentence.text)}"'
                for p in v.support
            ]
        else:
            out.append("No source says anything close to this.")
        out.append("")
    return "\n".join(out)
