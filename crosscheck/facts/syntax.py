"""Small dependency-parse helpers shared by the extractors."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from crosscheck.facts.lexicon import event_classes
from crosscheck.model import FactKind

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

    from crosscheck.model import Claim

# Verbs whose infinitive complement is about the future: "plans to open".
FUTURE_GOVERNORS = frozenset({"plan", "expect", "aim", "intend", "hope", "set", "schedule", "want", "promise"})
FUTURE_AUX = frozenset({"will", "shall", "'ll", "wo", "would", "could", "might", "may"})


def norm_lemma(token: Token) -> str:
    lemma = token.lemma_.lower().replace("-", "")
    return lemma or token.lower_


EVENT_NOUNS = frozenset(
    [
        "visit",
        "trip",
        "meeting",
        "talk",
        "summit",
        "election",
        "vote",
        "deal",
        "war",
        "attack",
        "launch",
        "start",
        "end",
        "opening",
        "ceremony",
        "conference",
        "forum",
        "crisis",
        "revolution",
        "protest",
        "strike",
        "arrival",
        "departure",
        "agreement",
        "announcement",
    ]
)
_EVENT_SUFFIX = ("ment", "tion", "sion", "ance", "ence", "ing", "ure")


def is_event_noun(token: Token) -> bool:
    """Nouns that name an event ("the establishment of ties in February" dates the establishment)."""
    if token.pos_ != "NOUN":
        return False
    lemma = token.lemma_.lower()
    return lemma in EVENT_NOUNS or (len(lemma) > 6 and lemma.endswith(_EVENT_SUFFIX))


def anchor_of(token: Token) -> Token:
    """The predicate a fact hangs from: the verb a date modifies, the noun a number counts.

    "could be open in July" anchors on "open", not on "be"; "the 1986 visit" on "visit";
    "since the establishment of ties in February" on "establishment", not the main verb.
    """
    if token.dep_ in ("nummod", "compound", "amod", "poss", "quantmod") and token.head.pos_ in ("NOUN", "PROPN"):
        return token.head
    cur = token.head
    for _ in range(8):
        if cur.pos_ == "VERB" or is_event_noun(cur):
            return cur
        if cur.pos_ == "AUX":
            for child in cur.children:
                if child.dep_ in ("acomp", "attr") and child.pos_ in ("ADJ", "VERB"):
                    return child
            return cur
        if cur.head is cur:
            return cur
        cur = cur.head
    return cur


# Dependencies that open a clause of its own; adverbial and coordinated verbs share their head's
# setting ("hit Zarand in February, killing 612 people": the deaths are February's).
_OWN_CLAUSE = frozenset({"relcl", "ccomp", "acl", "csubj", "parataxis"})


def clause_of(token: Token) -> int:
    """0 for a token of the main clause, else 1 + the offset of its clause's head in the sentence."""
    cur = token
    for _ in range(30):
        if cur.dep_ == "ROOT" or cur.head == cur:
            return 0
        if cur.dep_ in _OWN_CLAUSE or (cur.dep_ == "advcl" and any(c.lower_ == "when" for c in cur.children)):
            return 1 + cur.i - cur.sent.start
        cur = cur.head
    return 0


def tense_of(token: Token) -> str | None:
    """past / future / None for the clause of ``token`` (used to place "in July" in a year)."""
    aux = {c.lower_ for c in token.children if c.dep_ in ("aux", "auxpass")}
    if aux & FUTURE_AUX:
        return "future"
    # "plans to open" looks ahead; "aimed to deliver" was already past when written
    if token.tag_ == "VB" and "to" in aux and token.head is not token:
        gov = token.head
        if gov.lemma_.lower() in FUTURE_GOVERNORS and gov.tag_ != "VBD":
            return "future"
    if token.tag_ == "VBD" or (token.tag_ == "VBN" and aux & {"had", "has", "have", "was", "were"}):
        return "past"
    return None


def role_of(token: Token) -> str:
    """The syntactic slot a name fills, such as ``pobj:in:hold`` or ``nsubj:visit``."""
    dep = token.dep_
    head = token.head
    if dep == "conj":
        return role_of(head)
    if dep == "pobj":
        return f"pobj:{head.lower_}:{norm_lemma(anchor_of(head))}"
    return f"{dep}:{norm_lemma(head)}"


def span_offsets(span: Span, sent_start: int) -> tuple[int, int]:
    return span.start_char - sent_start, span.end_char - sent_start


def lemmas_match(a: str, b: str) -> bool:
    """Same predicate up to derivation: open ~ opening, establish ~ establishment."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.startswith(short)


_WORD = re.compile(r"[^\W_]+")
_LONG_WORD = re.compile(r"[^\W\d_]{4,}")


def words(text: str) -> set[str]:
    """The text's words, lower-cased, split where the parser's lemmas split them ("al-douri" -> al, douri)."""
    return {w.lower() for w in _WORD.findall(text)}


def is_headline(text: str) -> bool:
    """A headline rather than a sentence: no closing punctuation and most longer words capitalised.

    The judge learnt from sentences; a headline drops the articles, auxiliaries and hedges it
    reads meaning from ("Korea Establishes Relations with Cuba: A Turning Point" set against
    "the establishment … is likely to be seen as part of this strategy" read as a contradiction).
    """
    stripped = text.strip()
    if not stripped or stripped[-1] in ".!?;\"'”’)":
        return False
    words = _LONG_WORD.findall(stripped)
    return bool(words) and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


PRONOUNS = frozenset(
    [
        "i",
        "we",
        "you",
        "he",
        "she",
        "it",
        "they",
        "this",
        "that",
        "these",
        "those",
        "which",
        "who",
        "whom",
        "what",
        "there",
        "one",
    ]
)
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_OBJECT_DEPS = frozenset({"dobj", "attr", "oprd"})


_RELATIVES = frozenset({"that", "which", "who", "whom"})


def _relative_heads(noun: Token) -> list[Token]:
    heads = [noun]
    prep = noun.head
    if noun.dep_ == "pobj" and prep.dep_ == "prep" and prep.head.pos_ in ("NOUN", "PROPN"):
        heads.append(prep.head)
    return heads


def arguments(verb: Token) -> tuple[str, ...]:
    """Who does what to what: "subj <head>" and "obj <head>" of a predicate, pronouns left out (they
    say nothing without their antecedent).  "Trump ruled out a run" -> ("subj trump", "obj run")."""
    out: list[str] = []
    for child in verb.children:
        role = "subj" if child.dep_ in _SUBJECT_DEPS else "obj" if child.dep_ in _OBJECT_DEPS else ""
        if role and child.lower_ in _RELATIVES and verb.dep_ == "relcl" and verb.head.pos_ in ("NOUN", "PROPN"):
            # "a clifftop that was known as ...": the relative pronoun is the clifftop; in "the only
            # country in the group that signed", parsers hang it on either noun, so both stand
            for noun in _relative_heads(verb.head):
                out.append(f"{role} {noun.lower_ if noun.pos_ == 'PROPN' else norm_lemma(noun)}")
            continue
        if not role or child.pos_ == "PRON" or child.lower_ in PRONOUNS:
            continue
        out.append(f"{role} {child.lower_ if child.pos_ == 'PROPN' else norm_lemma(child)}")
    return tuple(dict.fromkeys(out))


def _same_head(a: str, b: str) -> bool:
    """One participant: a lemma up to derivation, one name within the other, or two words of one
    lexicon class ("ties" / "relations")."""
    return lemmas_match(a, b) or a in b or b in a or bool(event_classes(a) & event_classes(b))


def _heads(args: tuple[str, ...], role: str) -> list[str]:
    return [x.split(" ", 1)[1] for x in args if x.startswith(role + " ")]


def arguments_align(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Same participants, as far as both say: a role both fill must be filled alike (a lemma up to
    derivation, or one name within the other); a role only one fills is no difference."""
    for role in ("subj", "obj"):
        heads_a, heads_b = _heads(a, role), _heads(b, role)
        if heads_a and heads_b and not any(_same_head(x, y) for x in heads_a for y in heads_b):
            return False
    return True


def same_participants(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Two clauses about the same participants: a role both fill, filled alike, and the objects, where
    both give one, alike ("re-established relations" is not "established a committee").  A subject
    may differ in how it is named ("furniture retailer Ikea" parsed on "retailer" or on "Ikea")."""
    shared = [
        role for role in ("subj", "obj") if any(_same_head(x, y) for x in _heads(a, role) for y in _heads(b, role))
    ]
    objects_a, objects_b = _heads(a, "obj"), _heads(b, "obj")
    objects_fit = not objects_a or not objects_b or "obj" in shared
    return bool(shared) and objects_fit


def participants_of(claim: Claim, predicates: Iterable[str]) -> list[tuple[str, ...]]:
    """The participants of each clause of ``claim`` whose predicate is one of ``predicates`` (up to
    derivation), as ``arguments`` gives them."""
    wanted = [p for p in predicates if p]
    return [f.scope for f in claim.facts_of(FactKind.PREDICATE) if any(lemmas_match(p, f.anchor) for p in wanted)]
