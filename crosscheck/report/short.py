"""One line per finding, for editors and grep: ``path:line:col: CC101 error  summary``.

The path is the article's path as it was given (relative to the shell's folder when the user gave
a relative one), so an editor's "go to error" opens the file; the line and column are those of the
finding's first quote, and the summary carries the other sources' lines.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from pathlib import Path

from crosscheck.model import Article, Finding
from crosscheck.results import CheckResult


def _path(doc_id: str, articles: dict[str, Article]) -> str:
    article = articles.get(doc_id)
    if article is None:
        return doc_id
    path = Path(article.path)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def line(f: Finding, articles: dict[str, Article]) -> str:
    e = f.evidence[0]
    summary = " ".join(f.summary.split())
    others = [
        f"{_path(o.doc_id, articles)}:{o.line}"
        for o in f.evidence[1:]
        if f"{o.doc_id} line {o.line}" not in summary and (o.doc_id, o.line) != (e.doc_id, e.line)
    ]
    also = f" [vs {', '.join(dict.fromkeys(others))}]" if others else ""
    return f"{_path(e.doc_id, articles)}:{e.line}:{e.column}: {f.detector} {f.severity.label}  {summary}{also}"


def render(findings: Iterable[Finding], articles: Sequence[Article]) -> str:
    by_id = {a.doc_id: a for a in articles}
    lines = [line(f, by_id) for f in findings]
    return "".join(f"{x}\n" for x in lines)


def render_check(result: CheckResult) -> str:
    """A draft's contradicted claims, one line per finding, at the draft's own line (the sources'
    lines follow in the summary or after "vs")."""
    by_id = {a.doc_id: a for a in [result.draft, *result.sources]}
    out: list[str] = []
    for v in result.verdicts:
        for f in v.findings:
            mine = next((e for e in f.evidence if e.doc_id == result.draft.doc_id), None)
            ordered = (
                f
                if mine is None
                else dataclasses.replace(f, evidence=(mine, *(e for e in f.evidence if e is not mine)))
            )
            out.append(line(ordered, by_id))
    return "".join(f"{x}\n" for x in out)
