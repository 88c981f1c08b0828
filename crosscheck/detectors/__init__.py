"""Detector registry: a new detector is one new module plus one line in ``REGISTRY``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from crosscheck.detectors.base import Detector
from crosscheck.detectors.entity import EntityConflict
from crosscheck.detectors.extent import ExtentConflict
from crosscheck.detectors.judge import JudgeConflict
from crosscheck.detectors.modality import ModalityConflict
from crosscheck.detectors.numeric import NumericConflict
from crosscheck.detectors.polarity import PolarityConflict
from crosscheck.detectors.presupposition import PresuppositionConflict
from crosscheck.detectors.spelling import SpellingVariant
from crosscheck.detectors.superlative import SuperlativeConflict
from crosscheck.detectors.temporal import TemporalConflict
from crosscheck.detectors.title import TitleConflict
from crosscheck.errors import InputError
from crosscheck.model import Finding, Pair

REGISTRY: tuple[type[Detector], ...] = (
    TemporalConflict,
    NumericConflict,
    EntityConflict,
    TitleConflict,
    PresuppositionConflict,
    PolarityConflict,
    ModalityConflict,
    ExtentConflict,
    SuperlativeConflict,
    SpellingVariant,
    JudgeConflict,
)


def select(names: Iterable[str] | None = None) -> list[Detector]:
    """Instances of the detectors named by id or dotted name (all when ``names`` is None)."""
    if names is None:
        return [cls() for cls in REGISTRY]
    wanted = {n.strip().lower() for n in names if n.strip()}
    known = {c.id.lower() for c in REGISTRY} | {c.name.lower() for c in REGISTRY} | {c.kind for c in REGISTRY}
    unknown = wanted - known
    if unknown:
        raise InputError(f"unknown detector(s): {', '.join(sorted(unknown))} (see `crosscheck detectors`)")
    return [c() for c in REGISTRY if {c.id.lower(), c.name.lower(), c.kind} & wanted]


def run(detectors: Sequence[Detector], pairs: Iterable[Pair]) -> list[Finding]:
    """Every finding on ``pairs``: the rules, then fallbacks on the pairs no rule's finding explains
    (a finding explains a pair when it quotes both of its sentences)."""
    pairs = list(pairs)
    findings: list[Finding] = []
    for det in detectors:
        if not det.fallback:
            findings += det.check_all([p for p in pairs if det.applies(p)])
    quoted = [{(e.doc_id, e.line, e.column, e.text) for e in f.evidence} for f in findings]

    def explained(p: Pair) -> bool:
        a = (p.a.doc_id, p.a.sentence.line, p.a.sentence.column, p.a.sentence.text)
        b = (p.b.doc_id, p.b.sentence.line, p.b.sentence.column, p.b.sentence.text)
        return any(a in q and b in q for q in quoted)

    unexplained = [p for p in pairs if not explained(p)]
    for det in detectors:
        if det.fallback:
            findings += det.check_many(unexplained)
    return findings
