"""CC105 presupposition.conflict: "re-established" in one source, "established" in another."""

from __future__ import annotations

import re

from crosscheck.detectors.base import Detector
from crosscheck.facts.syntax import lemmas_match, participants_of, same_participants
from crosscheck.model import Claim, Fact, FactKind, Finding, Pair, Severity


def _again(claim: Claim) -> list[Fact]:
    return [f for f in claim.facts_of(FactKind.PRESUPPOSITION) if f.value == "again"]


def _plain_mention(claim: Claim, bases: list[str]) -> str:
    """The base event word the claim uses without any "again" wording, or ""."""
    words = claim.lemmas | claim.predicates
    text = claim.text.lower()
    for base in bases:
        for w in sorted(words):
            # "re-established" lemmatises to "establish" too: count only bare uses
            stem = min(base, w, key=len)
            if lemmas_match(base, w) and re.search(rf"(?<!re-)\b{re.escape(stem)}", text):
                return w
    return ""


def _same_event(first: Claim, second: Claim, again: Fact, bases: list[str]) -> bool:
    """Whether the bare mention is of the event said to happen again: "re-established relations" is
    not answered by "established a committee".  Where either sentence gives the event no clause of
    its own ("the re-establishment of ties"), the words alone have to do."""
    ours = participants_of(first, bases)
    if not any(ours):
        # the parser may cut "re-established" into "re" and "-" and hang the participants on the pieces
        pieces = [f for f in first.facts_of(FactKind.PREDICATE) if again.start <= f.start < again.end]
        ours = [tuple(dict.fromkeys(x for f in pieces for x in f.scope))]
    theirs = participants_of(second, bases)
    ours, theirs = [s for s in ours if s], [s for s in theirs if s]
    return not ours or not theirs or any(same_participants(x, y) for x in ours for y in theirs)


class PresuppositionConflict(Detector):
    """Wording that changes the fact: one source says an event happened *again*, the other not.

    Conflict:  "The two countries re-established diplomatic relations in February."
               "The two countries established diplomatic relations in February."
               (the first says there were relations before; the second that there never were)
    Harmless:  "They reopened the embassy." / "They reopened the embassy last week." (both say it)
               "Seoul re-established relations with Havana." / "Seoul established a committee." (not
               the same event)

    In detail: "re-established"/"restored" in one source, "established" in another — of the same
    event: where both give the predicate its participants they must match ("re-established
    relations" is not answered by "established a committee").
    """

    id = "CC105"
    name = "presupposition.conflict"
    kind = "presupposition"
    severity = Severity.WARNING
    min_similarity = 0.6

    def check(self, pair: Pair) -> list[Finding]:
        for first, second, flip in ((pair.a, pair.b, False), (pair.b, pair.a, True)):
            for fact in _again(first):
                bases = fact.anchor.split("|")
                if _again(second) or _plain_mention(first, bases):
                    continue
                plain = _plain_mention(second, bases)
                if not plain or not _same_event(first, second, fact, bases):
                    continue
                summary = (
                    f'One source says "{fact.text}" (it happened before), the other "{plain}" '
                    "(a first time): the wording changes the fact."
                )
                values = {first.doc_id: f"again: {fact.text}", second.doc_id: f"first time: {plain}"}
                shown = (f"{fact.text} (again)", f"{plain} (first time)")
                return [
                    self.finding(
                        pair,
                        summary,
                        values,
                        shown,
                        flipped=flip,
                    )
                ]
        return []
