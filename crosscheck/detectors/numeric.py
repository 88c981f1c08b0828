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

    In detail: the same counted thing with numbers that cannot both be true, allowing for rounding
    and "about"/"more than"; counts of time ("35 years" / "20 years") and percentages only for the
    same predicate, or in two close paraphrases (similarity ≥ 0.85) that each give one figure of
    that unit (the parser may hang "the death 35 years ago" on different words in each; "13% higher
    income" and "one in five divorcees" are shares of different things); "one in five" is a share
    (20%, approximate), not a count of five; a figure the other sentence also gives is agreed on, so
    a stats line with several ("22 goals … 17 goals") does not dispute "17 goals".
    """

    id = "CC102"
    name = "numeric.conflict"
    kind = "numeric"
    severity = Severity.ERROR
    kinds = (FactKind.NUMBER,)
    noun = "figures"
