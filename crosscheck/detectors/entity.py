"""CC103 entity.conflict: the same slot of the same statement is filled by another name."""

from __future__ import annotations

from crosscheck import places
from crosscheck.detectors.base import Detector
from crosscheck.identity import normalise_quote
from crosscheck.model import Fact, FactKind, Finding, Pair, Severity
from crosscheck.names import same_name

KINDS = (FactKind.PERSON, FactKind.ORG, FactKind.PLACE)


def _by_role(facts: list[Fact]) -> dict[tuple[FactKind, str], list[Fact]]:
    out: dict[tuple[FactKind, str], list[Fact]] = {}
    for f in facts:
        if f.role:
            out.setdefault((f.kind, f.role), []).append(f)
    return out


class EntityConflict(Detector):
    """Two near-identical statements naming different people, organisations or places in one role.

    Conflict:  "The ministers met in Seoul on Monday." / "The ministers met in Havana on Monday."
    Harmless:  "Pereira met Chung." / "Carlos Miguel Pereira Hernández met Chung." (a longer name)
               "Activists met in London." / "Activists met in Britain." (a place and the country it is in)
               Statements that also name the other entity somewhere are not flagged.

    In detail: a near-identical statement with another person/organisation/place in the same
    syntactic slot; a place and the country or region it lies in ("London" / "Britain"), or one
    place under two names, is not a swap.
    """

    id = "CC103"
    name = "entity.conflict"
    kind = "entity"
    severity = Severity.WARNING
    min_similarity = 0.72

    def check(self, pair: Pair) -> list[Finding]:
        roles_b = _by_role(pair.b.facts_of(*KINDS))
        text_a, text_b = normalise_quote(pair.a.text), normalise_quote(pair.b.text)
        for key, facts_a in _by_role(pair.a.facts_of(*KINDS)).items():
            facts_b = roles_b.get(key)
            if not facts_b:
                continue
            if any(same_name(fa.value, fb.value) for fa in facts_a for fb in facts_b):
                continue
            # "in London" / "in Britain": a place named less precisely, or by another name, is the same place
            if key[0] is FactKind.PLACE and any(places.related(fa.value, fb.value) for fa in facts_a for fb in facts_b):
                continue
            # a name mentioned anywhere in the other sentence is not a substitution
            if any(normalise_quote(fa.value) in text_b for fa in facts_a) or any(
                normalise_quote(fb.value) in text_a for fb in facts_b
            ):
                continue
            fa, fb = facts_a[0], facts_b[0]
            summary = (
                f'The same {fa.kind.value} slot ({key[1]}) holds "{fa.text}" in one source '
                f'and "{fb.text}" in the other.'
            )
            return [
                self.finding(
                    pair,
                    summary,
                    {pair.a.doc_id: fa.value, pair.b.doc_id: fb.value},
                    shown=(fa.text, fb.text),
                )
            ]
        return []
