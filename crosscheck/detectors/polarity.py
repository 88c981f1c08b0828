"""CC106 polarity.conflict: one source says a thing is so, the other that it is not."""

from __future__ import annotations

import re

from crosscheck.detectors.base import Detector
from crosscheck.facts.polarity import COMPLEMENT, CONDITION, SINCE
from crosscheck.facts.syntax import lemmas_match, participants_of, same_participants
from crosscheck.model import Claim, FactKind, Finding, Pair, Severity

# Words that make a sentence say "not": when both sentences have one, a difference in
# what the parser attached them to is the parser's doubt, not the sources' disagreement.
_NEGATION_WORD = re.compile(
    r"\b(?:not|never|no|nor|neither|none|nobody|nothing|without|cannot)\b|n[’']t\b|\b(?:fail|refus|den(?:y|ie)|reject)",
    re.I,
)


# Verbs that stand in for another ("Labrador would not do", "as does Labrador"): what they deny or
# assert is their antecedent's, which the sentence does not say.  With an object ("is not doing its
# best") the verb is itself the predicate.
PRO_VERBS = frozenset({"do"})

_AS_IF = re.compile(r"\bas (?:if|though)\b", re.I)
_SINCE_WORD = re.compile(r"\bsince\b", re.I)


# (what is negated, the negation word, its qualifiers, its participants) per negation of a sentence
Negations = list[tuple[str, str, set[str], tuple[str, ...]]]


def _negated(claim: Claim) -> Negations:
    """(what is negated, the negation word, its qualifiers, its participants)."""
    return [(f.anchor, f.text, set(f.qualifier.split(",")), f.scope) for f in claim.facts_of(FactKind.NEGATION)]


def _same_proposition(anchor: str, participants: tuple[str, ...], other: Claim) -> bool:
    """Whether ``other`` asserts the negated predicate of the same participants: "did not have ties"
    is not disputed by "is expected to have a significant impact", nor "was not conservative enough"
    by "offering himself as the more conservative candidate".  The other sentence must give the
    predicate a clause of its own, with a participant in a role the negated one also fills, filled
    alike: a bare mention of the word ("named as moderator", "the right to run") asserts nothing
    of anyone."""
    return any(same_participants(participants, scope) for scope in participants_of(other, [anchor]))


def _cancelled(word: str, anchor: str, negs: Negations) -> bool:
    """A negating verb that is itself negated: "does not deny that AARP is open" asserts it is open."""
    stem = word.lower()[:4]
    return any(other != anchor and other[:4] == stem for other, _, _, _ in negs)


def _also_asserts(claim: Claim, anchor: str, word: str, negs: Negations) -> bool:
    """The negating sentence also asserts the predicate in a clause of its own: "make sure we get the
    strongest deal; if we don't get it, no deal" says both, and disputes neither."""
    negated = sum(lemmas_match(anchor, a) for a, _, _, _ in negs)
    clauses = sum(lemmas_match(anchor, f.anchor) for f in claim.facts_of(FactKind.PREDICATE))
    # a noun negated by "no" is asserted by its other mentions: "the strongest deal ... no deal"
    nominal = word.lower() == "no" and len(anchor) >= 3
    mentions = len(re.findall(rf"\b{re.escape(anchor)}\w*", claim.text, re.I)) if nominal else 0
    return max(clauses, mentions) > negated


def says_not(claim: Claim) -> bool:
    """Whether the sentence has a negation word anywhere, whatever the parser attached it to."""
    return bool(_NEGATION_WORD.search(claim.text))


class PolarityConflict(Detector):
    """A predicate negated in one claim and asserted in its close match.

    Conflict:  "Cuba is the only country in the region that we did not have ties with."
               "Cuba is the only country in the region that has diplomatic relations with the US."
    Harmless:  "The talks did not cover North Korea." / "North Korea was not discussed."
               (both negative), or claims too different to be the same statement.
    Both sentences containing a negation word is never a conflict: "people who have never
    been divorced" parsed two ways is still one statement.  A negated "be" is about its
    complement: "Travolta is not a fan" conflicts with "Travolta is a fan", not with
    "the documentary was critical".

    In detail: a predicate negated in one claim and asserted in its close match; a negated copula is
    about its complement ("is not a fan" conflicts with "is a fan", not with an unrelated "was
    critical"); "not just", "no more than" negate nothing, "has not been seen since Saturday" does
    not deny "was last seen on Saturday", and "people who have never been divorced" names a group,
    it does not deny that divorces happen; a negation inside an if/unless clause ("promoted if they
    win and Norwich fail to win") disputes only a near-copy of its sentence (similarity ≥ 0.85).
    Below that similarity the asserting sentence must give the predicate a clause of its own with a
    participant in a role the negated one also fills, filled alike ("did not have ties with" / "has
    diplomatic relations with": "ties" and "relations" are one lexicon class; a relative pronoun
    stands for its noun); a bare mention ("named as moderator", "the right to run") asserts nothing.
    Not a conflict either: "does not deny that X" (a negated denial), "would not do" (a pro-verb), a
    sentence that also asserts what it negates ("get the best deal … if we don't get it, no deal"),
    a denied manner ("not able to file as if single").
    """

    id = "CC106"
    name = "polarity.conflict"
    kind = "polarity"
    severity = Severity.ERROR
    min_similarity = 0.6
    condition_similarity = 0.85  # as CC102's same-event threshold: the two sentences are one statement
    # Near copies of one statement: a flipped polarity there is the garbled line, whatever the parse
    # says of its participants ("did not have ties with" / "has diplomatic relations with").
    copy_similarity = 0.85

    def check(self, pair: Pair) -> list[Finding]:
        neg_a, neg_b = _negated(pair.a), _negated(pair.b)
        if len(neg_a) == len(neg_b) or (says_not(pair.a) and says_not(pair.b)):
            return []
        for first, second, negs, other_negs, flip in (
            (pair.a, pair.b, neg_a, neg_b, False),
            (pair.b, pair.a, neg_b, neg_a, True),
        ):
            for anchor, word, qualifiers, participants in negs:
                if any(lemmas_match(anchor, o) for o, _, _, _ in other_negs):
                    continue
                pro_verb = anchor in PRO_VERBS and not any(x.startswith("obj ") for x in participants)
                if pro_verb or _cancelled(word, anchor, negs) or _also_asserts(first, anchor, word, negs):
                    continue
                if _AS_IF.search(first.text) and not _AS_IF.search(second.text):
                    # "will not be able to file returns as if either were single" denies a way of
                    # filing, not the filing that "will be allowed to file joint returns" asserts
                    continue
                if CONDITION in qualifiers and pair.similarity < self.condition_similarity:
                    # a negated condition ("if they win and Norwich fail to win") disputes only a
                    # near-copy of its sentence, where the condition is the one thing changed
                    continue
                if SINCE in qualifiers and not _SINCE_WORD.search(second.text):
                    # "has not been seen since Saturday" is when it last happened: it agrees with
                    # "was last seen on Saturday", and only disputes "has been seen since"
                    continue
                # "is not a fan" is asserted by a sentence that calls someone a fan, whatever its verb
                said = second.lemmas if COMPLEMENT in qualifiers else second.predicates
                asserted = next((p for p in sorted(said) if lemmas_match(anchor, p)), "")
                if not asserted:
                    continue
                if pair.similarity < self.copy_similarity and not _same_proposition(anchor, participants, second):
                    continue
                summary = (
                    f'One source negates "{anchor}" ("{word}"), the other asserts it: '
                    "the two statements say opposite things."
                )
                shown = (f"not {anchor}", f"{asserted}")
                return [
                    self.finding(
                        pair,
                        summary,
                        {first.doc_id: f"negated: {anchor}", second.doc_id: f"asserted: {asserted}"},
                        shown,
                        flipped=flip,
                    )
                ]
        return []
