"""CC102 numeric.conflict: two sources give different numbers for the same quantity."""

from __future__ import annotations

from crosscheck.detectors.base import Detector
from crosscheck.facts.numbers import DURATION_PREFIX, PERCENT
from crosscheck.facts.syntax import lemmas_match
from crosscheck.model import Fact, FactKind, Finding, Pair, Severity

# A share (PERCENT) says nothing without what it is a share of: "13%" higher income and "one
# in five" divorcees are different quantities, so percentages are compared only for the same
# predicate, like counts with no unit (or in close paraphrases, like counts of time).
APPROX_TOLERANCE = 0.15  # "around 14,000" is consistent with 13,000 but not with 10,000
# Two close paraphrases that each give one count of the same time unit give it for the same
# event, whatever predicate the parser hung it on ("in the death 35 years ago" hangs on
# "manslaughter" in one parse, on "pleaded" in its paraphrase's).
SAME_EVENT_SIMILARITY = 0.85


def timed(fact: Fact) -> bool:
    """A count of time ("35 years", "30 years ago"): one sentence can hold several, for different
    events, so only counts for the same predicate are compared."""
    return fact.unit.startswith(DURATION_PREFIX)


def _qualifier(fact: Fact) -> tuple[str, float]:
    kind, _, res = fact.qualifier.partition(":")
    return kind or "exact", float(res or 0)


def consistent(a: Fact, b: Fact) -> bool:
    """Could both numbers be true, given rounding and "about" / "more than" qualifiers?"""
    va, vb = float(a.value), float(b.value)
    qa, ra = _qualifier(a)
    qb, rb = _qualifier(b)
    if qa == "lower" or qb == "lower":
        low, other = (va, (qb, vb)) if qa == "lower" else (vb, (qa, va))
        return other[0] in ("lower", "upper") or other[1] >= low * (1 - 0.01)
    if qa == "upper" or qb == "upper":
        high, other = (va, (qb, vb)) if qa == "upper" else (vb, (qa, va))
        return other[0] in ("lower", "upper") or other[1] <= high * (1 + 0.01)
    if qa == "approx" or qb == "approx":
        return abs(va - vb) <= APPROX_TOLERANCE * max(abs(va), abs(vb))
    # exact numbers agree when one could be the other rounded ("14 million" vs "13.8 million")
    return abs(va - vb) <= max(ra, rb) / 2 + 1e-9


def _only(fact: Fact, *sentences: list[Fact]) -> bool:
    """``fact``'s unit occurs exactly once in each sentence's numbers."""
    return all(sum(f.unit == fact.unit for f in facts) == 1 for facts in sentences)


class NumericConflict(Detector):
    """Same counted thing (same unit, same predicate), numbers that cannot both be right.

    Conflict:  "Exports reached $14 million in 2022." / "Exports reached $41 million in 2022."
               "He died 35 years ago, police said." / "Police said he died 20 years ago."
    Harmless:  "Around 14,000 tourists came." / "About 13,500 tourists came." (within rounding)
               "14 million" / "13.8 million" (one is the other rounded)
    """

    id = "CC102"
    name = "numeric.conflict"
    kind = "numeric"
    severity = Severity.ERROR
    min_similarity = 0.55

    def check(self, pair: Pair) -> list[Finding]:
        findings: list[Finding] = []
        a_numbers = pair.a.facts_of(FactKind.NUMBER)
        b_numbers = pair.b.facts_of(FactKind.NUMBER)

        def comparable(fa: Fact, fb: Fact) -> bool:
            return (
                bool(fa.unit)
                and fb.unit == fa.unit
                and (
                    lemmas_match(fa.anchor, fb.anchor)
                    or (fa.unit not in ("ordinal", PERCENT) and not timed(fa))
                    or (
                        (timed(fa) or fa.unit == PERCENT)
                        and pair.similarity >= SAME_EVENT_SIMILARITY
                        and _only(fa, a_numbers, b_numbers)
                    )
                )
            )

        for fa in a_numbers:
            same = [fb for fb in b_numbers if comparable(fa, fb)]
            if not same or any(consistent(fa, fb) for fb in same):
                continue
            # A sentence that gives several figures for one unit (a stats line: "97 apps, 22 goals
            # ... 17 goals") says more than one with a single figure, not something else: a figure
            # of b's that a also gives elsewhere is agreed on, and a's extra figure is not disputed.
            rivals = [
                fb for fb in same if not any(consistent(other, fb) for other in a_numbers if comparable(other, fb))
            ]
            if not rivals:
                continue
            fb = rivals[0]
            summary = (
                f'The sources give different figures for "{fa.unit}": "{fa.text}" ({fa.value:g}) against '
                f'"{fb.text}" ({fb.value:g}).'
            )
            findings.append(
                self.finding(
                    pair,
                    summary,
                    {pair.a.doc_id: f"{fa.value:g} {fa.unit}", pair.b.doc_id: f"{fb.value:g} {fb.unit}"},
                    shown=(f"{fa.text} → {fa.value:g}", f"{fb.text} → {fb.value:g}"),
                )
            )
            break
        return findings
