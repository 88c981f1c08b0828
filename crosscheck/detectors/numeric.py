"""CC102 numeric.conflict: sources give figures for one slot that cannot both be right."""

from __future__ import annotations

from crosscheck.detectors.base import ValueDetector
from crosscheck.model import FactKind, Severity


class NumericConflict(ValueDetector):
    """Figures for the same slot (same measure, same event, same scope) that cannot all be right.

    Conflict:  "Exports reached $14 million in 2022." / "Exports reached $41 million in 2022."
               "Ten people were killed and about 50 hurt." / "... killing 10 people and injuring 80."
               "The island has about 200,000 residents." / "The island, home to 120,000 people, ..."
    Harmless:  "Around 14,000 tourists came." / "About 13,500 tourists came." (within rounding)
               "more than 100,000" beside 120,000 (a bound and what it bounds)
               "killed 10 people" / "killed 612 people in February" (another quake: the sentences' dates differ)
               "30 of the 80 wounded" / "50 injured" (a part is not the whole)
    All sources' figures for one slot make one finding; a figure compatible with two rival figures
    takes neither side.
    """

    id = "CC102"
    name = "numeric.conflict"
    kind = "numeric"
    severity = Severity.ERROR
    kinds = (FactKind.NUMBER,)
    noun = "figures"
