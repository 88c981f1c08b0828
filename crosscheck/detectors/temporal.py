"""CC101 temporal.conflict: sources date one event to times that cannot both be true."""

from __future__ import annotations

from crosscheck import slots
from crosscheck.detectors.base import ValueDetector
from crosscheck.model import FactKind, Severity, TimeValue


class TemporalConflict(ValueDetector):
    """Same event (same event class, same scope), dates or times of day that cannot both be true.

    Conflict:  "The embassy will open in the first half of this year." (published 2024-06-12)
               "The embassy could be open in July."  -> 2024-01..06 vs 2024-07
               "He played the part from 1990 to 1999." / "... from 1992 to 1999." (two ranges' ends)
               "Fighting began in July." / "... have been fighting since June." (both date the start)
               "The camp was attacked at 2:53 p.m." / "Planes dropped bombs at 3:20 p.m."
    Harmless:  "Relations were established on Feb. 14." / "... established in February."
               (the day lies inside the month: a difference of precision, not of fact)
               "Schumer said on Tuesday ..." / "Schumer said on Thursday ..." (two remarks, unless
               the sentences are near copies); "12:00 GMT" / "3 p.m." (other time zones)
    Dates written from different publication days ("Tuesday" / "Monday"), and periods more than a
    year apart with one in the past, name one event only in close paraphrases.

    In detail: the same predicate ("open") dated to periods that do not overlap ("first half of this
    year" vs "July"), or to two explicit ranges that start or end apart ("1990-1999" vs "1992-1999",
    compared at the coarser grain of their ends).
    """

    id = "CC101"
    name = "temporal.conflict"
    kind = "temporal"
    severity = Severity.ERROR
    kinds = (FactKind.TIME, FactKind.CLOCK)
    noun = "dates"

    def why(self, slot: slots.Slot) -> str:
        a, b = (v.fact.value for v in slot.disputes[0])
        if isinstance(a, TimeValue) and isinstance(b, TimeValue) and a.resolved and b.resolved:
            return "the ranges start or end apart" if a.overlaps(b) else "the periods do not overlap"
        return ""
