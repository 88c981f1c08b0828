"""CC110 superlative.conflict: two sources name different things as the one a superlative picks out."""

from __future__ import annotations

from crosscheck import align
from crosscheck.detectors.base import Detector
from crosscheck.model import Claim, Fact, FactKind, Finding, Pair, Severity


def _same_description(a: Fact, b: Fact) -> bool:
    """ "the hardest-hit villages" and "the villages ... were worst hit" are one description; "the
    largest city in Egypt" and "the largest city in Iran" are two, "the largest city" fits either."""
    if a.unit != b.unit or (a.anchor and b.anchor and a.anchor != b.anchor):
        return False
    return not a.scope or not b.scope or set(a.scope) == set(b.scope)


def _names(claim: Claim, like: Fact) -> set[str]:
    """Every name ``claim`` gives for the description of ``like`` (a sentence may give two)."""
    return {n.lower() for f in claim.facts_of(FactKind.SUPERLATIVE) if _same_description(f, like) for n in f.value}


class SuperlativeConflict(Detector):
    """A superlative description ("the worst-hit village", "the largest shareholder") filled with
    different names by two sources: they disagree about which one it is.

    Conflict:  "The villages of Karavan and Kousheh were worst hit."
               "The four hardest-hit villages were Tonban, Gavarzin, Khaledin and Gourian."
    Harmless:  "Bam was the worst-hit city." / "The worst-hit city, Bam, lost half its people."
               (the same name) — and "the largest city in Egypt" / "the largest city in Iran".

    The sentences need not look alike (outlets word such a line very differently) but must be of
    one story: paired, and written within ``align.APART_DAYS`` of each other.

    In detail: a superlative description filled with different names ("the hardest-hit villages were
    Tonban, Gavarzin…" / "the villages of Karavan and Kousheh were worst hit"; "the largest
    shareholder is X" / "… Y"); "worst", "hardest", "most badly" are one degree, the predicate is
    read through the event lexicon; descriptions narrowed differently ("the largest town in the
    valley" / "… in the region") and sources sharing a name are quiet; the sentences need not look
    alike (similarity ≥ 0.35) but must be written within 180 days of each other.
    """

    id = "CC110"
    name = "superlative.conflict"
    kind = "superlative"
    severity = Severity.WARNING
    min_similarity = align.MIN_SIMILARITY

    def check(self, pair: Pair) -> list[Finding]:
        a, b = pair.a, pair.b
        if a.doc_id == b.doc_id or (align.written_apart(a, b) and pair.similarity < align.SAME_STATEMENT):
            return []
        for fa in a.facts_of(FactKind.SUPERLATIVE):
            for fb in b.facts_of(FactKind.SUPERLATIVE):
                if not _same_description(fa, fb) or _names(a, fa) & _names(b, fb):
                    continue
                shown_a, shown_b = ", ".join(sorted(fa.value)), ", ".join(sorted(fb.value))
                what = f"{fa.text} … {fa.anchor}" if fa.anchor else fa.text
                summary = (
                    f'The sources name different things as the "{what}": {shown_a} ({a.doc_id} line '
                    f"{a.sentence.line}) · {shown_b} ({b.doc_id} line {b.sentence.line})."
                )
                return [self.finding(pair, summary, {a.doc_id: shown_a, b.doc_id: shown_b}, (shown_a, shown_b))]
        return []
