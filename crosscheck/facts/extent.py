"""How much of a thing a statement covers: all of it ("the loss of all telecommunications in
Alexandria", "destroyed the entire village") or part of it ("in parts of Alexandria", "partially
blocked", "overturned a part of the Act").

Each marker becomes an EXTENT fact whose ``value`` is ``all`` or ``part`` and whose ``scope`` holds
the things it measures: the nouns and names it quantifies and those its phrase places it in ("in
Alexandria").  A phrase of a part inside a whole ("all services in Cairo and parts of the Delta")
gives its own things to the part only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crosscheck.facts.frames import PLACE_NOUNS
from crosscheck.facts.lexicon import LOCATIVE
from crosscheck.facts.syntax import norm_lemma, span_offsets
from crosscheck.model import Fact, FactKind

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

ALL = "all"
PART = "part"

WHOLE_ADJECTIVES = frozenset({"entire", "whole"})
WHOLE_ADVERBS = frozenset({"completely", "entirely", "totally", "fully", "wholly"})
PART_ADVERBS = frozenset({"partially", "partly"})
PART_NOUNS = frozenset({"part", "portion"})
# "the northern part of Egypt", "the old part of town" say where, not how much
WHERE_MODIFIERS = frozenset(
    {
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "north",
        "south",
        "east",
        "west",
        "northeastern",
        "northwestern",
        "southeastern",
        "southwestern",
        "upper",
        "lower",
        "inner",
        "outer",
        "old",
        "new",
        "other",
        "same",
        "first",
        "last",
        "final",
        "second",
        "third",
        "latter",
        "former",
        "rest",
    }
)
# "all the way to", "all the time", "at all": idioms, not a whole of anything
ALL_IDIOMS = frozenset({"way", "time", "along", "over", "year", "day", "week", "night"})
NOT_THINGS = frozenset({"DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL"})
_ADJECTIVE_DEPS = ("amod", "nummod", "det", "compound")


def _is_thing(tok: Token) -> bool:
    return tok.pos_ in ("NOUN", "PROPN") and tok.ent_type_ not in NOT_THINGS and len(tok.text) > 1


def _things(root: Token, skip: set[int]) -> list[str]:
    """What an extent is of: the noun (with its compounds and conjoined nouns) and the places its
    phrases put it in ("all telecommunications in the city of Alexandria": telecommunication, city,
    alexandria) — not what only describes it ("all sides of the question": side).  Tokens in
    ``skip`` (a part's own phrase inside a whole) are left to that part."""
    out: list[str] = []
    stack = [root]
    while stack:
        tok = stack.pop()
        if tok.i in skip:
            continue
        if _is_thing(tok):
            out.append(tok.lower_ if tok.pos_ == "PROPN" else norm_lemma(tok))
        for c in tok.children:
            if c.dep_ in ("compound", "conj") and _is_thing(c):
                stack.append(c)
            elif c.dep_ == "prep" and (c.lower_ in LOCATIVE or (c.lower_ == "of" and norm_lemma(tok) in PLACE_NOUNS)):
                stack.extend(g for g in c.children if g.dep_ == "pobj")
    return list(dict.fromkeys(out))


def _is_part_noun(tok: Token) -> bool:
    """ "parts of Alexandria", "a part of the Act" — not "the northern part of Egypt" (where), "part
    of the deal" (membership: "is part of", "as part of"), "in part" (a reason)."""
    if norm_lemma(tok) not in PART_NOUNS or tok.pos_ != "NOUN":
        return False
    if _of(tok) is None:
        return False
    if any(c.dep_ in _ADJECTIVE_DEPS and c.lower_ in WHERE_MODIFIERS for c in tok.children):
        return False
    if tok.dep_ in ("attr", "acomp") or (tok.dep_ == "pobj" and tok.head.lower_ == "as"):
        return False
    return not (tok.dep_ == "nsubj" and tok.head.lemma_ == "be")


def _of(tok: Token) -> Token | None:
    """The "of" of "parts of X"; in word order too, where the parser hung it on a neighbour
    ("the city of Alexandria and parts of the Delta": "of the Delta" on Alexandria)."""
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is None and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "of":
        of = tok.doc[tok.i + 1]
    return of


def _of_object(tok: Token) -> Token | None:
    of = _of(tok)
    return None if of is None else next((g for g in of.children if g.dep_ == "pobj"), None)


def _clause_things(verb: Token, skip: set[int]) -> list[str]:
    """What a verb's extent adverb measures: its objects (a passive's subject) and the places of its
    phrases, not its agent ("A cable cut partially blocked services in Alexandria": services, Alexandria)."""
    out: list[str] = []
    for c in verb.children:
        if c.dep_ in ("nsubj", "csubj", "agent", "aux", "auxpass", "punct", "cc", "advmod", "mark"):
            continue
        if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"):
            continue  # another clause
        if c.dep_ == "prep":
            if c.lower_ in LOCATIVE:
                out += [t for g in c.children if g.dep_ == "pobj" for t in _things(g, skip)]
            continue
        out += _things(c, skip)
    if verb.dep_ in ("nsubjpass", "nsubj") or verb.pos_ == "NOUN":
        out += _things(verb, skip)
    return list(dict.fromkeys(out))


def _verb_of(adverb: Token) -> Token:
    """The predicate an extent adverb measures; a participle the parser hung on a noun ("partially
    blocked internet" read as an adjective) measures that noun's verb."""
    head = adverb.head
    if head.dep_ == "amod" and head.head.dep_ in ("dobj", "nsubjpass", "pobj") and head.head.head is not head.head:
        return head.head.head
    return head


def extract(sent: Span) -> list[Fact]:
    """The extent markers of a sentence, parts first so that a whole does not claim a part's things."""
    start0 = sent.start_char
    parts: list[tuple[Token, Token, list[str]]] = []  # (marker, where its phrase starts, things)
    wholes: list[tuple[Token, Token | None, str]] = []  # (marker, the thing quantified / None: a verb, text)
    for tok in sent:
        low = tok.lower_
        if _is_part_noun(tok):
            obj = _of_object(tok)
            if obj is not None:
                parts.append((tok, tok, _things(obj, set())))
        elif low in PART_ADVERBS and tok.dep_ == "advmod":
            parts.append((tok, tok, _clause_things(_verb_of(tok), set())))
        elif low == "partial" and tok.dep_ == "amod":
            parts.append((tok, tok, _things(tok.head, {tok.i})))
        elif low == "all" and tok.dep_ in ("det", "predet") and tok.head.pos_ in ("NOUN", "PROPN"):
            if norm_lemma(tok.head) not in ALL_IDIOMS:
                wholes.append((tok, tok.head, "all"))
        elif low == "all" and tok.dep_ in ("nsubj", "dobj", "pobj", "nsubjpass"):
            obj = _of_object(tok)  # "all of Alexandria"
            if obj is not None and obj.pos_ in ("NOUN", "PROPN") and obj.ent_type_ not in NOT_THINGS:
                wholes.append((tok, obj, "all of"))
        elif low in WHOLE_ADJECTIVES and tok.dep_ == "amod":
            wholes.append((tok, tok.head, low))
        elif low == "whole" and tok.pos_ == "NOUN" and _of_object(tok) is not None:
            wholes.append((tok, _of_object(tok), "the whole of"))  # "the whole of Bangkok": Bangkok
        elif low in WHOLE_ADVERBS and tok.dep_ == "advmod" and tok.head.pos_ in ("VERB", "AUX"):
            wholes.append((tok, None, low))
    part_tokens: set[int] = set()
    facts: list[Fact] = []
    for marker, _, things in parts:
        phrase = _of_object(marker)
        if phrase is not None:
            part_tokens |= {t.i for t in phrase.subtree} | {marker.i}
        if things:
            facts.append(_fact(marker, marker.text if phrase is None else f"{marker.text} of", PART, things, start0))
    for marker, thing, text in wholes:
        if thing is None:
            things = _clause_things(marker.head, part_tokens)
        else:
            # "the loss of all telecommunications in Alexandria": the quantified noun and its places;
            # the event it is the object of ("loss") too, so that an outage meets an outage
            things = _things(thing, part_tokens | {marker.i})
            event = thing.head.head if thing.dep_ == "pobj" and thing.head.lower_ == "of" else None
            if event is not None and event.pos_ == "NOUN" and event.i != marker.i:
                things.append(norm_lemma(event))
            if thing.dep_ in ("dobj", "nsubj", "nsubjpass"):
                # "cut all services in the city of Varna": the verb's places bound the whole too
                for prep in (c for c in thing.head.children if c.dep_ == "prep" and c.lower_ in LOCATIVE):
                    things += [t for g in prep.children if g.dep_ == "pobj" for t in _things(g, part_tokens)]
        if things:
            facts.append(_fact(marker, text, ALL, things, start0))
    return facts


def _fact(marker: Token, text: str, value: str, things: list[str], start0: int) -> Fact:
    start, end = span_offsets(marker.doc[marker.i : marker.i + 1], start0)
    return Fact(
        FactKind.EXTENT,
        text,
        value,
        anchor=norm_lemma(marker.head),
        role=marker.dep_,
        start=start,
        end=end,
        scope=tuple(dict.fromkeys(things)),
    )
