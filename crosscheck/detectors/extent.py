"""CC109 extent.conflict: one source says all of a thing, another only part of it."""

from __future__ import annotations

from collections.abc import Sequence

from crosscheck import align
from crosscheck.detectors.base import Detector, evidence_of
from crosscheck.facts.extent import ALL, PART
from crosscheck.model import Claim, Fact, FactKind, Finding, Pair, Severity

# Nouns too general to say two extents are of one thing ("all areas" / "parts of the region").
GENERAL = frozenset({"area", "region", "part", "place", "country", "city", "thing", "people", "way", "number"})


def _extents(claim: Claim, value: str) -> list[Fact]:
    return [f for f in claim.facts_of(FactKind.EXTENT) if f.value == value]


def _shared(a: Fact, b: Fact) -> list[str]:
    return [t for t in a.scope if t in b.scope and t not in GENERAL]


def conflicts(whole: Claim, part: Claim) -> list[tuple[Fact, Fact, list[str]]]:
    """(the whole's marker, the part's marker, what both measure) for each whole/part clash."""
    # a sentence that also gives the other extent of the same thing disputes nothing
    other_sides = [*_extents(whole, PART), *_extents(part, ALL)]
    out: list[tuple[Fact, Fact, list[str]]] = []
    for w in _extents(whole, ALL):
        for p in _extents(part, PART):
            things = _shared(w, p)
            if things and not any(set(things) & set(f.scope) for f in other_sides):
                out.append((w, p, things))
    return out


class ExtentConflict(Detector):
    """One source says a whole was affected, another only a part of it.

    Conflict:  "The outage cut all telecommunications in Alexandria."
               "The outage partially blocked internet services in Alexandria."
    Also:      "The fire destroyed the entire village." / "The fire destroyed part of the village."
    Harmless:  "The cable runs in the northern part of Egypt." / "All traffic to Egypt was lost."
               (where, not how much) — and "The deal is part of the plan" (membership).

    All sources that give only a part of what one source gives whole come back as one finding.

    In detail: one source gives the whole of a thing ("the loss of all telecommunications in
    Alexandria", "the entire village", "completely"), another only a part of the same thing ("in
    parts of Alexandria", "partially blocked", "a part of the Act"); where a part lies ("the
    northern part of Egypt"), membership ("is part of the plan", "as part of"), idioms ("all the way
    to") and what "all" does not quantify ("all sides *of the question*") are not extents; the
    sources' parts of one whole come back as one finding.
    """

    id = "CC109"
    name = "extent.conflict"
    kind = "extent"
    severity = Severity.WARNING
    min_similarity = 0.6

    def check(self, pair: Pair) -> list[Finding]:
        return self.check_all([pair])

    def check_all(self, pairs: Sequence[Pair]) -> list[Finding]:
        # the whole's claim and marker -> the parts that dispute it, by document
        found: dict[tuple[str, int, int], tuple[Claim, Fact, list[str], dict[str, tuple[Claim, Fact, float]]]] = {}
        for pair in pairs:
            if not self.applies(pair) or not align.sentences_fit(pair.a, pair.b, pair.similarity):
                continue
            for whole, part in ((pair.a, pair.b), (pair.b, pair.a)):
                for w, p, things in conflicts(whole, part):
                    key = (whole.doc_id, whole.sentence.index, w.start)
                    entry = found.setdefault(key, (whole, w, things, {}))
                    best = entry[3].get(part.doc_id)
                    if best is None or pair.similarity > best[2]:
                        entry[3][part.doc_id] = (part, p, pair.similarity)
        return [self._finding(*entry) for entry in found.values()]

    def _finding(
        self, whole: Claim, w: Fact, things: list[str], parts: dict[str, tuple[Claim, Fact, float]]
    ) -> Finding:
        what = ", ".join(things)
        rivals = sorted(parts.values(), key=lambda x: (x[0].doc_id, x[0].sentence.index))
        evidence = (
            evidence_of(whole, f'all ({what}): "{w.text}"'),
            *(evidence_of(c, f'part ({what}): "{p.text}"') for c, p, _ in rivals),
        )
        where = "; ".join(f'"{p.text}" ({c.doc_id} line {c.sentence.line})' for c, p, _ in rivals)
        summary = (
            f'{whole.doc_id} line {whole.sentence.line} gives the whole of {what} ("{w.text}"), '
            f"other sources only a part: {where}."
        )
        return self.finding_of(evidence, summary, max(s for _, _, s in rivals))
