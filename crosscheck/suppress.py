"""Inline acceptance: ``<!-- crosscheck: ignore CC101 -- reason -->`` in a document.

A comment covers the sentence it sits in (on the same line) or, alone on its line, the
next line with content: "on or before the line", as ``# noqa`` and
``// eslint-disable-next-line`` do.  A suppression that covers no finding is stale and
reported, so comments do not outlive the contradiction they excused.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass

from crosscheck.model import Article, Finding, Suppression

# The inline syntax: <!-- crosscheck: ignore CC101[, CC102] [-- reason] -->
SUPPRESSION = re.compile(r"<!--\s*crosscheck:\s*ignore\s+(?P<det>[\w.,\- ]+?)\s*(?:--\s*(?P<reason>.*?))?\s*-->", re.I)

ALL = ("all", "*")


@dataclass(frozen=True)
class Suppressed:
    finding: Finding
    by: Suppression


def _covered_lines(article: Article, s: Suppression) -> tuple[int, int]:
    """The comment's line if it has content of its own, else the next content line after it."""
    content = article.content_lines
    if s.line in content:
        return s.line, s.line
    i = bisect.bisect_right(content, s.line)
    nxt = content[i] if i < len(content) else s.line
    return s.line, nxt


def _names(finding: Finding) -> set[str]:
    return {finding.detector.lower(), finding.name.lower(), finding.kind.lower(), *ALL}


def apply(
    findings: Sequence[Finding], articles: Sequence[Article]
) -> tuple[list[Finding], list[Suppressed], list[Suppression]]:
    """Split findings into (kept, suppressed) and list the stale suppressions."""
    covers: dict[str, list[tuple[Suppression, tuple[int, int]]]] = {}
    for a in articles:
        for s in a.suppressions:
            covers.setdefault(a.doc_id, []).append((s, _covered_lines(a, s)))
    kept: list[Finding] = []
    suppressed: list[Suppressed] = []
    used: set[Suppression] = set()
    for f in findings:
        hit: Suppression | None = None
        names = _names(f)
        for e in f.evidence:
            first, last = e.line, max(e.line, e.end_line)
            for s, lines in covers.get(e.doc_id, []):
                if s.detector.lower() in names and any(first <= n <= last for n in lines):
                    hit = s
                    break
            if hit:
                break
        if hit is None:
            kept.append(f)
        else:
            suppressed.append(Suppressed(f, hit))
            used.add(hit)
    stale = [s for a in articles for s in a.suppressions if s not in used]
    return kept, suppressed, stale
