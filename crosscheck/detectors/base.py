"""The one interface every detector implements (the way sqlfluff rules do)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import ClassVar

from crosscheck.identity import fingerprint
from crosscheck.model import Claim, Evidence, Finding, Pair, Severity


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

    @abstractmethod
    def check(self, pair: Pair) -> list[Finding]:
        """Findings for this pair; an empty list when the claims agree or are unrelated."""

    def check_many(self, pairs: Sequence[Pair]) -> list[Finding]:
        return [f for p in pairs if self.applies(p) for f in self.check(p)]

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
        if confidence is None:
            confidence = scaled(pair.similarity, self.min_similarity)
        evidence = tuple(_evidence(c, v) for c, v in ((pair.a, shown[0]), (pair.b, shown[1])))
        return Finding(
            detector=self.id,
            name=self.name,
            kind=self.kind,
            severity=self.severity,
            confidence=max(0.0, min(1.0, confidence)),
            summary=summary,
            evidence=evidence,
            values=values,
            similarity=pair.similarity,
            fingerprint=fingerprint(self.id, [(e.doc_id, e.text) for e in evidence], values),
        )


def _evidence(claim: Claim, value: str) -> Evidence:
    s = claim.sentence
    return Evidence(doc_id=s.doc_id, line=s.line, column=s.column, text=s.text, value=value, end_line=s.end_line)


def scaled(similarity: float, low: float, high: float = 0.95) -> float:
    """Map a similarity in [low, high] onto a confidence in [0.5, 0.95]."""
    if high <= low:
        return 0.95
    frac = (similarity - low) / (high - low)
    return 0.5 + 0.45 * max(0.0, min(1.0, frac))
