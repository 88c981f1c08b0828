"""CC200 judge.contradiction: the learned judge is confident two sentences contradict, and no rule explains why."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from typing import ClassVar

from crosscheck.detectors.base import Context, Detector
from crosscheck.detectors.polarity import says_not
from crosscheck.facts.syntax import is_headline, words
from crosscheck.judge import CONTRADICTION, Judge
from crosscheck.model import Claim, FactKind, Finding, Pair, Severity

_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
_SHOWN_WORDS = 6


def _only_in(a: str, b: str) -> str:
    """The words of ``a`` that ``b`` lacks, in order: what a reviewer should compare."""
    theirs = {w.lower() for w in _WORD.findall(b)}
    seen: list[str] = []
    for w in _WORD.findall(a):
        if w.lower() not in theirs and w not in seen:
            seen.append(w)
    return " ".join(seen[:_SHOWN_WORDS]) + (" …" if len(seen) > _SHOWN_WORDS else "")


_NAMED = (FactKind.PERSON, FactKind.ORG, FactKind.PLACE, FactKind.NAME, FactKind.NUMBER, FactKind.TIME)
_STANCE = (FactKind.NEGATION, FactKind.MODALITY)


_MODIFIER = ("compound:", "poss:")


def _naming_words(claim: Claim, other: Claim) -> set[str]:
    """Words of ``claim`` that name what it is about, rather than describe it.

    A name that only modifies a common noun ("the Darwin woman", "the Premier League
    champions") describes; so does a figure the other sentence gives too ("Al-Douri, 72" /
    "the 72-year-old")."""
    out: set[str] = set()
    for f in claim.facts_of(*_NAMED):
        if f.role.startswith(_MODIFIER):
            continue
        if f.kind is FactKind.NUMBER and isinstance(f.value, float) and f"{f.value:g}" in other.lemmas:
            continue
        out |= words(f.text)
    return out


def _stance(claim: Claim) -> set[tuple[str, object]]:
    return {(f.anchor, f.value) for f in claim.facts_of(*_STANCE)}


def different_wording_same_fact(a: Claim, b: Claim) -> bool:
    """Two sentences that differ only in ways a sentence-pair judge misreads as contradiction.

    The judge learned that a changed name is a contradiction, so it also fires where one
    source only says more ("Barry Beavis, 48, launched" / "Barry Beavis launched"; "He
    launched" against a name) or names what the other describes ("the flanker returned to
    Wasps" / "Haskell returned to Wasps"; "the country" / "Greece"; "the Darwin woman" /
    "Natalia Moon").  Neither can be a
    contradiction: the shorter sentence is true if the longer is, and which flanker is meant
    is coreference, not a fact in dispute.  Added or dropped negation or modality is never
    excused here.
    """
    if not (a.parsed and b.parsed) or _stance(a) != _stance(b) or says_not(a) != says_not(b):
        return False
    only_a, only_b = a.lemmas - b.lemmas, b.lemmas - a.lemmas
    if not only_a or not only_b:
        return True
    named_a, named_b = only_a & _naming_words(a, b), only_b & _naming_words(b, a)
    return (not named_a and bool(named_b)) or (not named_b and bool(named_a))


def contradiction(judge: Judge, pairs: Sequence[tuple[str, str]], at_least: float = 0.0) -> list[float]:
    """How sure the judge is that each pair of sentences contradicts: the weaker of the two reading directions.

    NLI is directional; a contradiction holds both ways, so asking both and keeping the
    lower score drops the cases where one sentence merely says more than the other.  A pair
    whose first reading is already below ``at_least`` is not read the other way (its score
    is that first reading, an upper bound of the weaker one): most paired sentences do not
    contradict, so a caller with a threshold halves the model's work.
    """
    first = judge.scores_checked([(b, a) for a, b in pairs])[:, CONTRADICTION]
    again = [i for i, p in enumerate(first) if p >= at_least]
    second = judge.scores_checked([pairs[i] for i in again])[:, CONTRADICTION]
    scores = [float(p) for p in first]
    for i, p in zip(again, second, strict=True):
        scores[i] = min(scores[i], float(p))
    return scores


class JudgeConflict(Detector):
    """Two close sentences the judge reads as contradicting, where no typed-fact rule fired.

    Conflict:  "Russia's invasion of Crimea in 2014 …" / "Russia's annexation of Crimea in 2014 …"
               (an antonym swap no rule models)
    Harmless:  "The minister met his counterpart." / "The two ministers held talks." (paraphrase)

    It runs after the rules, on the pairs none of them explained, in one batch; without a
    judge (``--no-judge``) it never applies.

    In detail: the learned judge reads two close sentences as contradicting both ways, and no rule
    above explains it (a fallback: runs last, batched, on unexplained pairs only); not reported
    where one sentence only adds to the other ("Barry Beavis, 48, launched" / "Barry Beavis
    launched") or names what the other describes ("the flanker" / "Haskell", "the country" /
    "Greece"), unless negation or modality differ — the judge learned that a changed name is a
    contradiction, and these are not.
    """

    id = "CC200"
    name = "judge.contradiction"
    kind = "judge"
    severity = Severity.WARNING
    # A sentence-pair judge reads two sentences about different facets of a story as contradicting.
    # Measured over all 16 development clusters at 0.6, it found none of the 41 labelled
    # discrepancies and gave 3 false ones (one linking two stories); at 0.75 none, while FRANK
    # moved 76.6 → 76.5 and SummEdits stayed 73.6.
    min_similarity = 0.75
    fallback: ClassVar[bool] = True

    learned = True

    def __init__(self, judge: Judge | None = None, threshold: float = 0.9) -> None:
        self.judge = judge
        self.threshold = threshold

    @classmethod
    def from_context(cls, context: Context) -> JudgeConflict | None:
        return None if context.judge is None else cls(context.judge, context.judge_contradiction)

    def applies(self, pair: Pair) -> bool:
        return (
            self.judge is not None
            and super().applies(pair)
            and not (is_headline(pair.a.text) or is_headline(pair.b.text))
        )

    def check(self, pair: Pair) -> list[Finding]:
        return self.check_many([pair])

    def check_many(self, pairs: Sequence[Pair]) -> list[Finding]:
        pairs = [p for p in pairs if self.applies(p)]
        if self.judge is None or not pairs:
            return []
        findings: list[Finding] = []
        for pair, score in zip(
            pairs, contradiction(self.judge, [(p.a.text, p.b.text) for p in pairs], self.threshold), strict=True
        ):
            if score < self.threshold or different_wording_same_fact(pair.a, pair.b):
                continue
            only_a, only_b = _only_in(pair.a.text, pair.b.text), _only_in(pair.b.text, pair.a.text)
            summary = (
                f"The judge reads these sentences as contradicting (p={score:.2f}); no rule names the "
                f'difference — compare "{only_a or "…"}" with "{only_b or "…"}".'
            )
            values = {pair.a.doc_id: only_a, pair.b.doc_id: only_b}
            if pair.a.doc_id == pair.b.doc_id:
                values = {"first": only_a, "second": only_b}
            finding = self.finding(pair, summary, values, (only_a, only_b), confidence=score)
            findings.append(dataclasses.replace(finding, judge=score))
        return findings
