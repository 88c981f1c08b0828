"""CC107 modality.conflict: agreed in one source, only a possibility in another."""

from __future__ import annotations

from crosscheck.detectors.base import Detector
from crosscheck.facts.syntax import lemmas_match
from crosscheck.model import Claim, Fact, FactKind, Finding, Pair, Severity


def _modes(claim: Claim, mode: str) -> list[Fact]:
    return [f for f in claim.facts_of(FactKind.MODALITY) if f.value == mode]


class ModalityConflict(Detector):
    """A decision reported as settled by one source and as only a possibility by another.

    Conflict:  "The two sides agreed to set up permanent missions."
               "The ministers discussed the possibility of setting up permanent missions."
    Also:      "The minister will resign." / "The minister might resign." (near-identical sentences)
    Harmless:  "They plan to open an office." / "They will open an office." (both intentions)

    In detail: "agreed to X" in one source, "the possibility of X" in another.
    """

    id = "CC107"
    name = "modality.conflict"
    kind = "modality"
    severity = Severity.WARNING
    min_similarity = 0.55

    # "will resign" against "might resign" is the same contrast, softer; only a near-identical
    # sentence pins it on one event ("plans to open an office" / "could open in July" are two facts).
    planned_similarity = 0.85

    def check(self, pair: Pair) -> list[Finding]:
        settled = ("definite", "planned") if pair.similarity >= self.planned_similarity else ("definite",)
        for first, second, flip in ((pair.a, pair.b, False), (pair.b, pair.a, True)):
            for sure in (f for mode in settled for f in _modes(first, mode)):
                for maybe in _modes(second, "possible"):
                    if not lemmas_match(sure.anchor, maybe.anchor):
                        continue
                    if any(lemmas_match(d.anchor, maybe.anchor) for m in settled for d in _modes(second, m)):
                        continue
                    summary = (
                        f'One source reports "{sure.text} … {sure.anchor}" as settled, the other only as '
                        f'"{maybe.text}": agreed versus a possibility.'
                    )
                    shown = (f"{sure.text} (settled)", f"{maybe.text} (possible)")
                    return [
                        self.finding(
                            pair,
                            summary,
                            {first.doc_id: f"definite: {sure.text}", second.doc_id: f"possible: {maybe.text}"},
                            shown,
                            flipped=flip,
                        )
                    ]
        return []
