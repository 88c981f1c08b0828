"""The one interface every detector implements (the way sqlfluff rules do)."""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from crosscheck import align, slots
from crosscheck.identity import fingerprint
from crosscheck.model import Claim, Evidence, FactKind, Finding, Pair, Severity

if TYPE_CHECKING:
    from crosscheck.judge import Judge


@dataclass(frozen=True, slots=True)
class Context:
    """What a run hands every detector at construction: the judge (None: rules only) and the
    confidence a learned detector needs.  A detector takes what it uses and ignores the rest."""

    judge: Judge | None = None
    judge_contradiction: float = 0.9


class Detector(ABC):
    """Compares one Pair of claims and returns the disagreements it can explain.

    Subclasses set ``id`` (stable, e.g. ``CC101``), ``name`` (dotted, e.g.
    ``temporal.conflict``), ``kind``, ``severity`` and ``min_similarity`` (pairs less
    alike than this are not looked at), and document a conflicting and a harmless
    example in their docstring.
    """

    id: ClassVar[str]
    name: ClassVar[str]
    kind: ClassVar[str]
    severity: ClassVar[Severity]
    min_similarity: ClassVar[float] = 0.5
    # A fallback detector runs after the others, in one batch, on the pairs none of them
    # explained (a learned judge: slow per pair, fast per batch, and second to a precise rule).
    fallback: ClassVar[bool] = False
    # A learned detector's findings are the judge's, not the rules': a rules-only verdict leaves
    # them out, and the judge's own view of a claim may set them aside.
    learned: ClassVar[bool] = False

    @classmethod
    def from_context(cls, context: Context) -> Detector | None:
        """This detector for a run, or None when the run lacks what it needs."""
        return cls()

    @abstractmethod
    def check(self, pair: Pair) -> list[Finding]:
        """Findings for this pair; an empty list when the claims agree or are unrelated."""

    def check_many(self, pairs: Sequence[Pair]) -> list[Finding]:
        return [f for p in pairs if self.applies(p) for f in self.check(p)]

    def check_all(self, pairs: Sequence[Pair]) -> list[Finding]:
        """Findings over every pair of a run; a detector that compares more than two sentences at a
        time (one fact told by several sources) overrides this."""
        return self.check_many(pairs)

    def applies(self, pair: Pair) -> bool:
        return pair.similarity >= self.min_similarity

    def finding(
        self,
        pair: Pair,
        summary: str,
        values: dict[str, str],
        shown: tuple[str, str] = ("", ""),
        *,
        flipped: bool = False,
        confidence: float | None = None,
    ) -> Finding:
        """A Finding quoting both claims of ``pair``.

        ``shown`` are the two values as displayed, the first for the claim the detector
        looked at first: ``flipped`` says that was ``pair.b``.  Confidence defaults to
        the pair's similarity scaled from this detector's threshold.
        """
        if flipped:
            shown = (shown[1], shown[0])
        evidence = tuple(evidence_of(c, v) for c, v in ((pair.a, shown[0]), (pair.b, shown[1])))
        return self.finding_of(evidence, summary, pair.similarity, values=values, confidence=confidence)

    def finding_of(
        self,
        evidence: Sequence[Evidence],
        summary: str,
        similarity: float,
        *,
        values: dict[str, str] | None = None,
        confidence: float | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A Finding of this detector quoting ``evidence`` (any number of sources): ``values`` default
        to each document's quoted values, confidence to ``similarity`` scaled from this detector's
        threshold, its fingerprint from the quotes and values."""
        values = values_by_document(evidence) if values is None else values
        if confidence is None:
            confidence = scaled(similarity, self.min_similarity)
        return Finding(
            detector=self.id,
            name=self.name,
            kind=self.kind,
            severity=self.severity if severity is None else severity,
            confidence=max(0.0, min(1.0, confidence)),
            summary=summary,
            evidence=tuple(evidence),
            values=values,
            similarity=similarity,
            fingerprint=fingerprint(self.id, [(e.doc_id, e.text) for e in evidence], values),
        )


def evidence_of(claim: Claim, value: str) -> Evidence:
    """The quote of ``claim`` as a finding cites it, with the value it gives."""
    s = claim.sentence
    return Evidence(doc_id=s.doc_id, line=s.line, column=s.column, text=s.text, value=value, end_line=s.end_line)


def scaled(similarity: float, low: float, high: float = 0.95) -> float:
    """Map a similarity in [low, high] onto a confidence in [0.5, 0.95]."""
    if high <= low:
        return 0.95
    frac = (similarity - low) / (high - low)
    return 0.5 + 0.45 * max(0.0, min(1.0, frac))


class ValueDetector(Detector):
    """Compares typed values (figures, dates) slot by slot across every source at once (``align``).

    One finding per disputed fact, every source's value side by side; on a single pair (``check``)
    it is the same comparison with two sentences.
    """

    kinds: ClassVar[tuple[FactKind, ...]]
    noun: ClassVar[str] = "values"  # "figures", "dates": how the summary names what differs
    min_similarity = align.MIN_SIMILARITY

    def check(self, pair: Pair) -> list[Finding]:
        return self.check_all([pair])

    def check_all(self, pairs: Sequence[Pair]) -> list[Finding]:
        claims = {(c.doc_id, c.sentence.index): c for p in pairs for c in (p.a, p.b)}

        def before(claim: Claim) -> Claim | None:
            return claims.get((claim.doc_id, claim.sentence.index - 1))

        return [self.slot_finding(s) for s in slots.slots(pairs, self.kinds, before)]

    def why(self, slot: slots.Slot) -> str:
        """What makes the values incompatible, when the values alone do not show it."""
        return ""

    def slot_finding(self, slot: slots.Slot) -> Finding:
        sides = [sorted(side, key=lambda v: v.key) for side in slot.sides]
        evidence = tuple(evidence_of(v.claim, slots.shown(v.fact)) for side in sides for v in side)
        parts = []
        for side in sides:
            where = ", ".join(dict.fromkeys(f"{v.doc_id} line {v.claim.sentence.line}" for v in side))
            parts.append(f'{slots.shown(side[0].fact)} ("{side[0].fact.text}"; {where})')
        if slot.gap:
            summary = (
                f"The sources' {self.noun} for {slots.label(slot)} are {slot.gap:.0f} times apart: "
                + " · ".join(parts)
                + "; bounds reconcile them, but an early and a late tally may be told as one."
            )
        else:
            why = self.why(slot)
            summary = f"The sources give different {self.noun} for {slots.label(slot)}: " + " · ".join(parts)
            summary += f"; {why}." if why else "."
        revised = _revision(sides)
        if revised:
            summary += f" {revised}"
        severity = Severity.NOTE if slot.gap else None
        return self.finding_of(evidence, summary, slot.similarity, severity=severity)


def values_by_document(evidence: Sequence[Evidence]) -> dict[str, str]:
    """Each document's values, in order, "; "-joined and each once: a finding's ``values``."""
    out: dict[str, list[str]] = {}
    for e in evidence:
        given = out.setdefault(e.doc_id, [])
        if e.value not in given:
            given.append(e.value)
    return {doc: "; ".join(v) for doc, v in out.items()}


def _revision(sides: Sequence[Sequence[align.Value]]) -> str:
    """ "The later reports (2005-11-28) give 12.": when one side is published after all the others,
    it may be an update; an editor still has to choose."""
    dates: list[set[dt.date]] = []
    for side in sides:
        published = {v.claim.published for v in side}
        if None in published:
            return ""
        dates.append({d for d in published if d is not None})
    for i, side_dates in enumerate(dates):
        others = [d for j, ds in enumerate(dates) if j != i for d in ds]
        if others and min(side_dates) > max(others):
            when = ", ".join(sorted(str(d) for d in side_dates))
            return f"The later report ({when}) gives {slots.shown(sides[i][0].fact)}: it may be an update."
    return ""
