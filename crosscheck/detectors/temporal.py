"""CC101 temporal.conflict: two sources date the same event to periods that do not overlap."""

from __future__ import annotations

from crosscheck.detectors.base import Detector, scaled
from crosscheck.facts.syntax import lemmas_match
from crosscheck.model import Fact, FactKind, Finding, Pair, Severity, TimeValue


def _any_past(pair: Pair, va: TimeValue, vb: TimeValue) -> bool:
    """Past events recur (visits, meetings); one planned event has one date.

    So periods years apart are read as two occurrences when either lies in the past of
    its article (or the article's date is unknown), and as a conflict when both are plans.
    """
    past_a = pair.a.published is None or (va.end is not None and va.end < pair.a.published)
    past_b = pair.b.published is None or (vb.end is not None and vb.end < pair.b.published)
    return past_a or past_b


class TemporalConflict(Detector):
    """Same event, same predicate, time intervals that cannot both be true.

    Conflict:  "The embassy will open in the first half of this year." (published 2024-06-12)
               "The embassy could be open in July."  -> 2024-01..06 vs 2024-07
               "He played the part from 1990 to 1999." / "... from 1992 to 1999." (two ranges' ends)
    Harmless:  "Relations were established on Feb. 14." / "... established in February."
               (the day lies inside the month: a difference of precision, not of fact)
    Two expressions that each point from their own, different, publication date are not
    compared.  Dates of *different* predicates ("arrive this week" vs "open in July") are not compared,
    and periods more than a year apart, one of them past, need a much closer match of the two sentences:
    two visits decades apart are two visits, not one misdated.  Planned dates years apart
    ("will open in 2026" / "in 2029") are a conflict.
    """

    id = "CC101"
    name = "temporal.conflict"
    kind = "temporal"
    severity = Severity.ERROR
    min_similarity = 0.45
    far_apart_days = 366
    far_apart_similarity = 0.75

    def check(self, pair: Pair) -> list[Finding]:
        best: tuple[float, Fact, Fact] | None = None
        for fa in pair.a.facts_of(FactKind.TIME):
            for fb in pair.b.facts_of(FactKind.TIME):
                va, vb = fa.value, fb.value
                assert isinstance(va, TimeValue) and isinstance(vb, TimeValue)
                if not (va.resolved and vb.resolved) or not lemmas_match(fa.anchor, fb.anchor):
                    continue
                if fa.qualifier == fb.qualifier == "deictic" and pair.a.published != pair.b.published:
                    # "this week" written in June and "last Wednesday" written in April point
                    # at two moments: more likely two visits than one visit misdated.
                    continue
                if va.agrees(vb):
                    return []  # the sources agree on this event's time
                far = va.gap_days(vb) > self.far_apart_days
                need = self.far_apart_similarity if far and _any_past(pair, va, vb) else self.min_similarity
                if pair.similarity < need:
                    continue
                conf = scaled(pair.similarity, need)
                if best is None or conf > best[0]:
                    best = (conf, fa, fb)
        if best is None:
            return []
        conf, fa, fb = best
        va, vb = str(fa.value), str(fb.value)
        why = "the ranges start or end apart" if fa.value.overlaps(fb.value) else "the periods do not overlap"
        summary = f'The sources date "{fa.anchor}" differently: "{fa.text}" ({va}) against "{fb.text}" ({vb}); {why}.'
        return [
            self.finding(
                pair,
                summary,
                {pair.a.doc_id: va, pair.b.doc_id: vb},
                shown=(f"{fa.text} → {va}", f"{fb.text} → {vb}"),
                confidence=conf,
            )
        ]
