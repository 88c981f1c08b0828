"""What the pipeline hands to reports: an analysis of a story, a draft's verdicts.

Plain data, so that a report renderer imports neither the pipeline, the detectors nor the judge.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from crosscheck.model import Article, Claim, Finding, Pair, Severity, Unread


@dataclass
class Analysis:
    """Everything a report needs, computed once."""

    articles: list[Article]
    claims: list[Claim]
    pairs: list[Pair]
    findings: list[Finding]
    corroborated: list[list[Claim]]  # groups of matching claims from two or more documents
    single_source: list[Claim]
    warnings: list[str] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)  # files of a folder that could not be read

    def counts(self) -> dict[str, int]:
        by = {s.label: 0 for s in Severity}
        for f in self.findings:
            by[f.severity.label] += 1
        return by


class Status(enum.StrEnum):
    CORROBORATED = "corroborated"
    CONTRADICTED = "contradicted"
    UNSUPPORTED = "unsupported"


@dataclass
class Verdict:
    claim: Claim
    status: Status
    support: list[Pair]  # the closest source claims, best first
    findings: list[Finding]
    unsourced: list[str] = field(default_factory=list)  # names, numbers and dates no source mentions
    coverage: float = 0.0  # share of the claim's content words found in its matching source sentences
    entailment: float | None = None  # the judge's best entailment score over the evidence (None: no judge)
    rules_status: Status | None = None  # what the typed-fact rules alone decide (for measuring the judge)


@dataclass
class CheckResult:
    draft: Article
    sources: list[Article]
    verdicts: list[Verdict]
    warnings: list[str] = field(default_factory=list)
    unread: list[Unread] = field(default_factory=list)  # source files of a folder that could not be read

    @property
    def contradicted(self) -> int:
        return sum(v.status is Status.CONTRADICTED for v in self.verdicts)
