"""Negation and modality: whether a claim says a thing happened, did not, or only might."""

from __future__ import annotations

from typing import TYPE_CHECKING

from crosscheck.facts.syntax import arguments, norm_lemma
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
# "not just voting to end X, also voting on Y": focus, not negation
FOCUS = frozenset({"just", "only", "merely", "simply", "solely"})
# "no more than 44 per cent", "not later than May": a bound on a value, not a negation
COMPARATIVES = frozenset({"more", "less", "fewer", "later", "earlier", "greater", "longer", "higher", "lower"})
# A copula says little alone: "is not a fan" negates the complement, and does not contradict an
# unrelated "... was a documentary".  "have" stays a predicate: "the only country we did not
# have ties with" against "... that has diplomatic relations with" is the conflict to catch,
# and its objects are synonyms no lexicon here knows.
LIGHT_VERBS = frozenset({"be"})
COMPLEMENT_DEPS = frozenset({"attr", "acomp", "oprd"})
# Qualifiers of a negation (comma-separated): its anchor is the copula's complement; it says
# since when something has not happened ("has not been seen since Saturday").
COMPLEMENT = "complement"
SINCE = "since"
CONDITION = "condition"  # inside an if/unless/whether clause


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


def _bound_or_focus(tok: Token) -> bool:
    """ "not just", "no more than": a negation word that negates nothing."""
    doc = tok.doc
    nxt = doc[tok.i + 1].lower_ if tok.i + 1 < len(doc) else ""
    after = doc[tok.i + 2].lower_ if tok.i + 2 < len(doc) else ""
    return nxt in FOCUS or (nxt in COMPARATIVES and after == "than")


_GROUP_PRONOUNS = frozenset({"those", "anyone", "anybody", "everyone", "everybody", "someone", "somebody"})


def _defines_a_group(verb: Token) -> bool:
    """ "People who have never been divorced", "those who did not vote": a negation in a
    relative clause on a plural or a pronoun names a group of people; it does not deny
    that divorces or votes happened.  ("The only country that we did not have ties with"
    is about one country, and stays a negation.)"""
    head = verb.head
    # the people themselves are the clause's subject: "people who ...", not "a studio where he ..."
    who = any(c.dep_ in ("nsubj", "nsubjpass") and c.lower_ in ("who", "that") for c in verb.children)
    return verb.dep_ == "relcl" and who and (head.tag_ == "NNS" or head.lower_ in _GROUP_PRONOUNS)


CONDITIONS = frozenset({"if", "unless", "whether"})
_SINCE = frozenset({"since"})
_CLAUSE_HEADS = frozenset({"ROOT", "advcl", "relcl", "ccomp", "acl", "csubj", "parataxis"})


def _marked(tok: Token, markers: frozenset[str]) -> bool:
    """The clause headed by ``tok`` opens with one of ``markers`` ("if they win", "since she left")."""
    return any(c.dep_ == "mark" and c.lower_ in markers for c in tok.children)


def _hypothetical(verb: Token) -> bool:
    """ "promoted if they win and Norwich fail to win": a condition, not a statement that
    Norwich failed."""
    for tok in (verb, *verb.ancestors):
        if _marked(tok, CONDITIONS):
            return True
        if tok.dep_ in _CLAUSE_HEADS:
            return False
    return False


def _since(verb: Token) -> bool:
    """ "has not been seen since April 11": when it last happened."""
    return any(
        (c.dep_ == "prep" and c.lower_ == "since") or (c.dep_ == "advcl" and _marked(c, _SINCE)) for c in verb.children
    )


def _complement(verb: Token) -> Token | None:
    """What a negated copula is about: its complement when that is a content word ("is not a
    fan", "was not present"); None when it is a function word ("is not one of", "was not
    either in"), and the verb it introduces stays the anchor."""
    for child in verb.children:
        if child.dep_ in COMPLEMENT_DEPS:
            return None if child.is_stop or child.pos_ not in ("NOUN", "PROPN", "ADJ") else child
    return None


def _copula_target(verb: Token) -> Token:
    """ "is not about to gain", "is not able to attend": the verb the complement introduces."""
    for child in verb.children:
        if child.dep_ in COMPLEMENT_DEPS:
            target = _content_target(child)
            if target is not child:
                return target
    return verb


def extract(sent: Span) -> list[Fact]:
    facts: list[Fact] = []
    start0 = sent.start_char
    for tok in sent:
        low = tok.lower_
        lemma = norm_lemma(tok)
        target: Token | None = None
        if (tok.dep_ == "neg" or (low == "no" and tok.dep_ == "det")) and not _bound_or_focus(tok):
            head = tok.head
            if head.pos_ in ("NOUN", "PROPN") and head.head is not head:
                head = head.head
            target = head
        elif lemma in NEGATING_VERBS and tok.pos_ == "VERB":
            target = _content_target(tok)
            if target is tok:
                target = None
        if target is not None and _defines_a_group(target):
            continue
        if target is not None:
            if norm_lemma(target) in LIGHT_VERBS:
                target = _copula_target(target)
            since, condition = _since(target), _hypothetical(target)
            verb, negated = _predicate(target)
            facts.append(
                Fact(
                    FactKind.NEGATION,
                    tok.text,
                    verb,
                    anchor=negated,
                    qualifier=",".join(
                        q for q, on in ((COMPLEMENT, negated != verb), (SINCE, since), (CONDITION, condition)) if on
                    ),
                    start=tok.idx - start0,
                    end=tok.idx - start0 + len(tok.text),
                    scope=arguments(target),
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


def _predicate(verb: Token) -> tuple[str, str]:
    """(the verb's lemma, what it predicates): a light verb's complement ("is a fan" -> fan)."""
    lemma = norm_lemma(verb)
    complement = _complement(verb) if lemma in LIGHT_VERBS else None
    return lemma, norm_lemma(complement) if complement is not None else lemma


PREDICATE_DEPS = frozenset({"ROOT", "relcl", "ccomp", "conj", "advcl", "xcomp", "acl", "pcomp"})


def predicates(sent: Span) -> list[Fact]:
    """Every clause's predicate with its participants, so that a negation is set against the same
    proposition only: "did not have ties with" against "has diplomatic relations with", not against
    "is expected to have a significant impact"."""
    facts: list[Fact] = []
    start0 = sent.start_char
    for tok in sent:
        if not (tok.pos_ == "VERB" or (tok.pos_ == "AUX" and tok.dep_ in PREDICATE_DEPS)):
            continue
        lemma, anchor = _predicate(tok)
        facts.append(
            Fact(
                FactKind.PREDICATE,
                tok.text,
                lemma,
                anchor=anchor,
                start=tok.idx - start0,
                end=tok.idx - start0 + len(tok.text),
                scope=arguments(tok),
            )
        )
    return facts
