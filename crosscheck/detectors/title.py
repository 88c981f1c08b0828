"""CC104 title.conflict: one person, two ranks ("Foreign Minister" vs "Deputy Foreign Minister")."""

from __future__ import annotations

import re

from crosscheck.detectors.base import Detector
from crosscheck.facts.entities import TITLE_NOUNS
from crosscheck.model import FactKind, Finding, Pair, Severity
from crosscheck.names import same_name

# Words that make another post ("Deputy Foreign Minister" is not the minister).  "Former", "then",
# "acting", "interim" say when or how someone holds the same post, not which post: "Former President
# Obama" and "President Obama" are one man written at different times.
RANK_WORDS = frozenset({"deputy", "vice", "assistant", "under", "associate"})


def _words(title: str) -> set[str]:
    return {w for w in re.split(r"[\s\-]+", title.lower()) if w}


class TitleConflict(Detector):
    """The same person carries titles of different rank in two sources.

    Conflict:  "Foreign Minister O Jo-ryeol met ..." / "Deputy Foreign Minister O Jo-ryeol met ..."
    Harmless:  "Deputy Minister for Political Affairs Chung" / "Deputy Foreign Minister Chung"
               (same rank, worded differently)

    In detail: the same person with titles of different rank ("Minister" vs "Deputy Minister", "then
    an assistant district attorney" vs "then a district attorney", a title in apposition too);
    "former", "acting", "interim", "then" say when someone held a post, not which post, so "Former
    President X" / "President X" is quiet.
    """

    id = "CC104"
    name = "title.conflict"
    kind = "title"
    severity = Severity.WARNING
    min_similarity = 0.4

    def check(self, pair: Pair) -> list[Finding]:
        for ta in pair.a.facts_of(FactKind.TITLE):
            for tb in pair.b.facts_of(FactKind.TITLE):
                if not same_name(ta.value, tb.value):
                    continue
                wa, wb = _words(ta.text), _words(tb.text)
                if not (wa & wb & TITLE_NOUNS - {"deputy"}):
                    continue  # different offices named differently: too loose to call
                ra, rb = wa & RANK_WORDS, wb & RANK_WORDS
                if ra == rb:
                    continue
                summary = f'{ta.value} is "{ta.text}" in one source and "{tb.text}" in the other: the rank differs.'
                return [
                    self.finding(
                        pair,
                        summary,
                        {pair.a.doc_id: ta.text, pair.b.doc_id: tb.text},
                        shown=(ta.text, tb.text),
                    )
                ]
        return []
