"""Negation and modality: whether a claim says a thing happened, did not, or only might."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crosscheck.facts.syntax import norm_lemma
from crosscheck.model import Fact, FactKind

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Verbs that negate their complement: "failed to agree" does not agree.
NEGATING_VERBS = frozenset({"fail", "refuse", "decline", "deny", "reject"})
POSSIBLE = frozenset(
    {
        "could",
        "might",
        "may",
        "possibly",
        "possibility",
        "possible",
        "potential",
        "potentially",
        "perhaps",
        "consider",
        "explore",
        "mull",
        "likely",
        "unlikely",
        "probably",
        "chance",
        "option",
        "prospect",
    }
)
PLANNED = frozenset({"plan", "will", "intend", "aim", "expect", "hope", "schedule", "seek", "propose", "want", "shall"})
DEFINITE = frozenset({"agree", "decide", "sign", "confirm", "approve", "conclude", "complete", "finalize", "finalise"})
DISCUSS = frozenset({"discuss", "talk", "consider", "explore", "debate"})


def _content_target(tok: Token) -> Token:
    """The verb a modal or a negation is about: "agreed to set up" -> set."""
    for child in tok.children:
        if child.dep_ in ("xcomp", "ccomp") and child.pos_ in ("VERB", "AUX"):
            return child
        if child.dep_ == "prep" and child.lower_ == "of":
            for grand in child.children:
                if grand.dep_ == "pcomp" and grand.pos_ == "VERB":
                    return grand
    return tok


def extract(sent: Span) -> list[Fact]:
    facts: list[Fact] = []
    start0 = sent.start_char
    for tok in sent:
        low = tok.lower_
        lemma = norm_lemma(tok)
        target: Token | None = None
        if tok.dep_ == "neg" or (low == "no" and tok.dep_ == "det"):
            head = tok.head
            if head.pos_ in ("NOUN", "PROPN") and head.head is not head:
                head = head.head
            target = head
        elif lemma in NEGATING_VERBS and tok.pos_ == "VERB":
            target = _content_target(tok)
            if target is tok:
                target = None
        if target is not None:
            facts.append(
                Fact(
                    FactKind.NEGATION,
                    tok.text,
                    norm_lemma(target),
                    anchor=norm_lemma(target),
                    start=tok.idx - start0,
                    end=tok.idx - start0 + len(tok.text),
                )
            )
            continue
        mode = ""
        if low == "may" and tok.tag_ != "MD":
            continue  # the month
        if low == "possible" and tok.head.lower_ == "as":
            continue  # "as soon as possible" is haste, not doubt
        if lemma in POSSIBLE or low in POSSIBLE:
            mode = "possible"
        elif lemma in PLANNED and (tok.pos_ in ("VERB", "AUX") or tok.dep_ == "aux"):
            mode = "planned"
        elif lemma in DEFINITE and tok.pos_ == "VERB":
            mode = "definite"
        if not mode:
            continue
        anchor = _content_target(tok) if tok.pos_ in ("VERB", "NOUN") else tok.head
        if mode == "possible" and tok.pos_ == "NOUN" and tok.head.lemma_.lower() in DISCUSS:
            anchor = _content_target(tok)
        facts.append(
            Fact(
                FactKind.MODALITY,
                tok.text,
                mode,
                anchor=norm_lemma(anchor),
                start=tok.idx - start0,
                end=tok.idx - start0 + len(tok.text),
            )
        )
    return facts
