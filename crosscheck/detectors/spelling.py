"""CC108 name.spelling: one name spelt two ways by different sources."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from crosscheck.detectors.base import Detector, evidence_of, scaled
from crosscheck.model import Claim, Evidence, FactKind, Finding, Pair, Severity

KINDS = (FactKind.PERSON, FactKind.ORG, FactKind.NAME)
# Two spellings of one word: "Heydar" / "Heidar", "Masoud" / "Massoud", "Alishbandi" / "Alishvandi".
# Below this, two words are two names ("Jong Un" / "Jong Il"); a nickname ("Bill" / "William",
# "Steve" / "Steven") is not a spelling and is left alone.
WORD_RATIO = 80
SAME_STORY = 0.75  # two documents with a pair of sentences this alike report one story
MIN_WORD = 4  # shorter words differ by one letter too easily ("Lee" / "Lie") to call it a spelling


def _fold(text: str) -> str:
    """Lower case without accents: "Díaz-Canel" and "Diaz-Canel" are one spelling for a reader."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.lower().replace("-", " ").replace("’", "'").split())


def _variant(a: str, b: str) -> bool:
    """The same words in another order ("Smart Dynamic Cooling" / "Dynamic Smart Cooling"), or the same
    words but one or two spelt differently, each still close and of some length."""
    ta, tb = a.split(), b.split()
    if ta == tb:
        return False
    if len(ta) >= 2 and sorted(ta) == sorted(tb):
        return True
    if len(ta) != len(tb):
        return False
    differ = [(x, y) for x, y in zip(ta, tb, strict=True) if x != y]
    return (
        0 < len(differ) <= 2
        and len(differ) < len(ta) + (len(ta) == 1)
        and all(
            min(len(x), len(y)) >= MIN_WORD
            and x[0] == y[0]
            and not (x.startswith(y) or y.startswith(x))  # "Steve" / "Steven": a short form, not a spelling
            and fuzz.ratio(x, y) >= WORD_RATIO
            for x, y in differ
        )
    )


@dataclass(frozen=True, slots=True)
class _Mention:
    claim: Claim
    text: str  # as written


class SpellingVariant(Detector):
    """A name that one source spells one way and another source another way.

    Conflict:  "Governor Heydar Alishvandi" / "Heidar Alishvandi, the governor"; "Masoud Dalman" /
               "Massoud Dalman"; "HP Dynamic Smart Cooling" / "Smart Dynamic Cooling".
    Harmless:  "Díaz-Canel" / "Diaz-Canel" (accents), "Chung" / "Chung Byung-won" (a shorter form),
               "Kim Jong Un" / "Kim Jong Il" (another person), and a source that itself uses both
               spellings.  A note, not an error: an editor picks one spelling for the house.

    In detail: one name spelt two ways by different sources ("Masoud Dalman" / "Massoud Dalman",
    "Heydar" / "Heidar", "Dynamic Smart Cooling" / "Smart Dynamic Cooling"), compared across the
    whole story, not only in matching sentences; accents, short forms ("Steve" / "Steven"), longer
    forms and a source that uses both spellings are left alone.
    """

    id = "CC108"
    name = "name.spelling"
    kind = "spelling"
    severity = Severity.NOTE
    min_similarity = 0.0  # the two mentions need not be in matching sentences: a name is a name

    def check(self, pair: Pair) -> list[Finding]:
        return self.check_all([pair])

    def check_all(self, pairs: Sequence[Pair]) -> list[Finding]:
        claims = {(c.doc_id, c.sentence.index): c for p in pairs for c in (p.a, p.b)}
        # two mentions are of one name only in documents of one story, which always share a sentence
        # told almost alike: a folder of many stories has a "Michele Bachmann" in one story and a
        # "Michelle Bachmann" in another
        story = {frozenset((p.a.doc_id, p.b.doc_id)) for p in pairs if p.similarity >= SAME_STORY}
        mentions: dict[str, list[_Mention]] = {}  # folded spelling -> its mentions
        for claim in claims.values():
            for fact in claim.facts_of(*KINDS):
                text = str(fact.value)
                mentions.setdefault(_fold(text), []).append(_Mention(claim, text))
        spellings = sorted(mentions)
        by_doc = {s: {m.claim.doc_id for m in mentions[s]} for s in spellings}
        # a variant has as many words with the same first letters (reordered or respelt): only
        # spellings under one such key are compared, not every pair of a story's names
        blocks: dict[tuple[int, tuple[str, ...]], list[str]] = {}
        for s in spellings:
            words = s.split()
            blocks.setdefault((len(words), tuple(sorted(w[0] for w in words))), []).append(s)
        found: list[Finding] = []
        candidates = sorted((a, b) for block in blocks.values() for i, a in enumerate(block) for b in block[i + 1 :])
        for a, b in candidates:
            if not _variant(a, b):
                continue
            # a document that uses both spellings has no quarrel with itself, and two documents
            # that each use both disagree about nothing
            only_a, only_b = by_doc[a] - by_doc[b], by_doc[b] - by_doc[a]
            if not only_a or not only_b:
                continue
            if not any(frozenset((x, y)) in story for x in only_a for y in only_b):
                continue
            found.append(self._finding(mentions[a], mentions[b], only_a | only_b))
        return found

    def _finding(self, side_a: list[_Mention], side_b: list[_Mention], docs: set[str]) -> Finding:
        evidence: list[Evidence] = []
        for side in (side_a, side_b):
            for m in sorted(side, key=lambda m: (m.claim.doc_id, m.claim.sentence.index)):
                if m.claim.doc_id not in docs:
                    continue
                e = evidence_of(m.claim, m.text)
                if e not in evidence:
                    evidence.append(e)
        summary = (
            f'A name is spelt "{side_a[0].text}" in '
            f"{', '.join(sorted({m.claim.doc_id for m in side_a if m.claim.doc_id in docs}))} and "
            f'"{side_b[0].text}" in {", ".join(sorted({m.claim.doc_id for m in side_b if m.claim.doc_id in docs}))}: '
            "check which spelling is right."
        )
        return self.finding_of(evidence, summary, 0.0, confidence=scaled(0.9, 0.5))
