"""The slot a value fills: which event it belongs to, what it measures, and where it holds.

Two sources disagree about a figure only when they give it for the same slot: "10 people were
killed" and "injuring 80" are two slots of one quake; "killed more than 26,000 in Bam" is a slot
of another.  The parse says most of it:

- **event**: the predicate the value hangs on, with a light verb resolved to the event it marks
  ("fighting began in July" dates the fighting) and a verb of doing resolved to its object
  ("dropped four bombs" counts an attack), then mapped to its class in ``lexicon.EVENTS``
  ("hurt", "wounded", "injuring" are one class); a word in no class stands for itself;
- **unit**: what is measured, normalised (people, population, km, magnitude, a currency, or the
  counted noun: villages, bombs);
- **scope**: where or of what the value holds ("outside the camp", "in Bener district",
  "in total", the place a distance is measured from, the place a population lives in);
- **subset**: "30 of the 80 wounded" gives a part, not the whole.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crosscheck.facts.lexicon import (
    COMPASS,
    LENGTH,
    LIGHT,
    LOCATIVE,
    MAGNITUDE,
    PEOPLE,
    PERSON_EVENTS,
    POPULATION,
    QUAKE,
    REFERENCE,
    TOTAL,
    event_classes,
)
from crosscheck.facts.syntax import anchor_of, norm_lemma

if TYPE_CHECKING:
    from spacy.tokens import Token

# Verbs of doing whose object names the event: "dropped bombs", "carried out an attack".
DOING = frozenset({"drop", "carry", "launch", "conduct", "stage", "make", "hold", "cause", "suffer", "report"})
DIMENSIONS = frozenset({"wide", "long", "deep", "high", "tall", "thick", "across", "diameter"})
PLACE_NOUNS = frozenset(
    [
        "town",
        "city",
        "village",
        "island",
        "country",
        "district",
        "province",
        "region",
        "state",
        "county",
        "camp",
        "area",
        "capital",
    ]
)


def event_name(token: Token, counted: Token | None = None) -> str:
    """The event a predicate names: its classes joined by "|", or its own lemma when it is in none.
    ``counted``: the noun a count counts, which names what is counted, not the event ("dropped four
    bombs" counts drops of bombs; "dropped bombs at 3 p.m." dates an attack)."""
    lemma = norm_lemma(token)
    classes = set(event_classes(lemma))
    if lemma in LIGHT:
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "csubj")), None)
        if subject is None:  # "Since fighting ... began": the parser hangs the event on the preposition
            subject = next(
                (g for c in token.children if c.dep_ == "prep" for g in c.children if g.dep_ == "pcomp"), None
            )
        if subject is not None and subject.pos_ in ("NOUN", "VERB"):
            lemma = norm_lemma(subject)
            classes = set(event_classes(lemma)) or classes
    if lemma in DOING or not classes:
        for child in token.children:
            if child.dep_ in ("dobj", "attr") and child.pos_ == "NOUN" and (counted is None or child.i != counted.i):
                classes |= event_classes(norm_lemma(child))
    return "|".join(sorted(classes)) if classes else lemma


def aspect(token: Token) -> str:
    """ "start" when the predicate marks a beginning ("began in July"); the caller adds "since X"."""
    return "start" if norm_lemma(token) in ("begin", "start", "launch", "erupt", "break") else ""


def events_align(a: str, b: str) -> bool:
    """Two events are one when they share a class, or (neither in a class) one lemma up to derivation."""
    if not a or not b:
        return False
    sa, sb = set(a.split("|")), set(b.split("|"))
    if sa & sb:
        return True
    if len(sa) == 1 and len(sb) == 1 and not event_classes(a) and not event_classes(b):
        short, long_ = sorted((a, b), key=len)
        return len(short) >= 4 and long_.startswith(short)
    return False


def counted_token(root: Token) -> Token | None:
    """The noun a number counts: "14,000 South Koreans", "a population of 11 million", "1,150 kilometers"."""
    if root.pos_ == "NOUN":  # the recogniser's QUANTITY root is its unit: "1,150 kilometers"
        return root
    tok = root
    for _ in range(3):
        head = tok.head
        if tok.dep_ in ("nummod", "compound", "quantmod", "amod", "appos") and head.pos_ in ("NOUN", "PROPN"):
            return head
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            return head.head
        if head == tok or tok.dep_ not in ("compound", "quantmod", "nummod"):
            break
        tok = head
    return None


# "three other bombs", "two more victims", "another 2,000": a count beside another count, not the total
BESIDES = frozenset({"other", "more", "further", "additional", "another", "remaining", "extra"})


def is_subset(root: Token) -> bool:
    """A count of a part: "30 of the 80 wounded", "three other bombs", "another 2,000", "one member,
    Senator X"."""
    if any(
        child.dep_ == "prep" and child.lower_ == "of" and any(g.like_num for g in child.children if g.dep_ == "pobj")
        for child in root.children
    ):
        return True
    counted = counted_token(root)
    if counted is not None and any(c.dep_ == "appos" and c.pos_ == "PROPN" for c in counted.children):
        return True  # "one member, Senator Johnny Isakson, is recuperating": who, not how many
    marks = [c for t in (root, counted) if t is not None for c in t.children if c.dep_ in ("amod", "det")]
    doc = root.doc
    # "more than 200" is a bound, "two more victims" a part
    return any(c.lower_ in BESIDES and not (c.i + 1 < len(doc) and doc[c.i + 1].lower_ == "than") for c in marks)


def _modifier_event(tokens: list[Token]) -> Token | None:
    """A participle or adjective that says what happened to the counted ("80 wounded", "12 worst-hit villages")."""
    for tok in tokens:
        for child in tok.children:
            if child.dep_ in ("acl", "amod", "relcl") and event_classes(norm_lemma(child)):
                return child
    return None


def _phrase(tok: Token) -> str:
    """A scope object: a proper name whole ("Bandar Abbas"), a place noun by the name it is given
    ("the city of Bam" -> bam, so that it is not "the city of Zarand"), another noun by its lemma."""
    if tok.pos_ != "PROPN" and norm_lemma(tok) in PLACE_NOUNS:
        for of in (c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"):
            name = next((g for g in of.children if g.dep_ == "pobj" and g.pos_ == "PROPN"), None)
            if name is not None:
                return _phrase(name)
    if tok.pos_ == "PROPN":
        parts = [c for c in tok.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        return " ".join([*(c.lower_ for c in parts), tok.lower_])
    return norm_lemma(tok)


def _scope_object(obj: Token, own: set[int]) -> bool:
    """A place or thing a value holds in, not the value itself, a date or a clock time ("p. m.")."""
    return (
        obj.i not in own
        and obj.ent_type_ not in ("DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT", "ORDINAL")
        and obj.pos_ in ("NOUN", "PROPN")
        and len(obj.text.strip(".")) > 1
    )


def scope_of(tokens: list[Token], preps: frozenset[str] = LOCATIVE, own: set[int] | None = None) -> tuple[str, ...]:
    """Where the value holds: the objects of locative prepositions on the counted noun or its predicate,
    and "total" for "in total" / "overall".  ``own``: token indices of the value and what it counts."""
    own = own if own is not None else {t.i for t in tokens}
    out: list[str] = []
    for tok in tokens:
        for child in tok.children:
            if child.lower_ in TOTAL and child.dep_ in ("advmod", "amod", "npadvmod"):
                out.append("total")
            if child.dep_ != "prep" or child.lower_ not in preps:
                continue
            for obj in child.children:
                if obj.dep_ == "pobj" and obj.lower_ in TOTAL:
                    out.append("total")
                elif obj.dep_ == "pobj" and _scope_object(obj, own):
                    out.append(f"{child.lower_} {_phrase(obj)}")
    return tuple(dict.fromkeys(out))


def _reference_after(bearing: Token) -> tuple[str, ...]:
    """ "southeast of Tehran" read in word order, where a parenthesis ("1,150 km (700 miles)
    southeast of Tehran") has left the parser's tree without it."""
    doc = bearing.doc
    i = bearing.i + 1
    if i + 1 < len(doc) and doc[i].lower_ in REFERENCE and doc[i + 1].pos_ in ("PROPN", "NOUN"):
        return (f"{doc[i].lower_} {_phrase(doc[i + 1])}",)
    return ()


def _near(root: Token, words: frozenset[str], span: int = 3) -> bool:
    doc = root.doc
    lo, hi = max(root.i - span, root.sent.start), min(root.i + span + 1, root.sent.end)
    return any(doc[i].lower_ in words or norm_lemma(doc[i]) in words for i in range(lo, hi))


def _place(tok: Token) -> bool:
    return tok.pos_ == "PROPN" or norm_lemma(tok) in PLACE_NOUNS


def _owner(tok: Token) -> tuple[str, ...]:
    """Whose population: the subject of the clause, the noun a relative clause or apposition hangs on."""
    out: list[str] = []
    cur = tok
    for _ in range(6):
        head = cur.head
        if cur.dep_ in ("relcl", "appos", "acl") and _place(head):
            out.append(_phrase(head))
        if cur.pos_ in ("VERB", "AUX"):
            for child in cur.children:
                if child.dep_ in ("nsubj", "nsubjpass", "attr") and _place(child):
                    out.append(_phrase(child))
                    out += [_phrase(a) for a in child.children if a.dep_ == "appos" and _place(a)]
        if head == cur:
            break
        cur = head
    return tuple(f"of {o}" for o in dict.fromkeys(out))


def count_frame(root: Token, unit: str) -> tuple[str, str, tuple[str, ...], float, str]:
    """(unit, event, scope, factor, direction) of the number whose head token is ``root``.

    ``unit`` is what the amount parser read (a currency, a percentage, "ordinal", or "");
    ``factor`` converts the value to the unit returned (miles to km); ``direction`` is a
    compass bearing for a distance ("55 km west of X"), "" otherwise."""
    counted = counted_token(root)
    lemma = norm_lemma(counted) if counted is not None else ""
    modifier = _modifier_event([t for t in (root, counted) if t is not None])
    if counted is not None and event_classes(lemma) & PERSON_EVENTS:
        event_tok = counted  # "about 50 hurt", "12 dead"
    elif modifier is not None:
        event_tok = modifier
    else:
        event_tok = anchor_of(counted) if counted is not None and counted.i != root.i else anchor_of(root)
    if counted is not None and counted.i != root.i and counted.dep_ == "compound" and counted.head.pos_ == "NOUN":
        # "a 200-student schoolhouse": how big the thing is, as "a school of 200 students" says; the
        # verb of the clause is what happened to the school, not to the students
        event = ""
    else:
        event = event_name(event_tok, counted)
    around = [t for t in (counted, event_tok) if t is not None]
    own = {t.i for t in root.subtree} | ({counted.i} if counted is not None else set())
    factor, direction = 1.0, ""
    scope = scope_of(around, own=own)
    if unit:
        return unit, event, scope, factor, direction
    if lemma in LENGTH or root.lower_ in LENGTH:
        end = (counted or root).i + 1
        if end < len(root.doc) and root.doc[end].lower_ in DIMENSIONS:
            # "a crater two metres wide": the size of a thing, not how far one place is from another
            return "size", event, scope, LENGTH.get(lemma, LENGTH.get(root.lower_, 1.0)), direction
        square = _near(root, frozenset({"square", "sq"}), 2)
        factor = LENGTH.get(lemma, LENGTH.get(root.lower_, 1.0))
        bearing = next((c for c in (counted or root).children if c.lower_ in COMPASS), None)
        if bearing is None:
            bearing = next((t for t in root.sent if t.lower_ in COMPASS and abs(t.i - root.i) <= 4), None)
        if bearing is not None:
            direction = str(COMPASS[bearing.lower_])
            scope = scope_of([bearing], REFERENCE, own) or _reference_after(bearing)
        else:
            scope = scope_of(around, REFERENCE | LOCATIVE, own)
        return ("sq km" if square else "km"), event, scope, (factor * factor if square else factor), direction
    if lemma in MAGNITUDE or (
        lemma == "degree" and _near(root, QUAKE, 4) and not _near(root, frozenset({"celsius", "fahrenheit"}), 3)
    ):
        return "magnitude", "", (), factor, direction
    if _near(root, MAGNITUDE, 3) and any(norm_lemma(t) in QUAKE for t in root.sent):
        return "magnitude", "", (), factor, direction
    if lemma in POPULATION:
        return "population", "", _owner(counted or root), factor, direction
    if counted is not None and lemma in PEOPLE:
        head = counted.head
        if (head.lower_ == "to" and head.head.lower_ == "home") or (
            head.lower_ == "of" and norm_lemma(head.head) in PLACE_NOUNS
        ):
            # "home to 120,000 people", "a town of 15,000 people": how many live there
            owner = (f"of {norm_lemma(head.head)}",) if head.lower_ == "of" else _owner(head.head)
            return "population", "", owner, factor, direction
        return "people", event, scope, factor, direction
    if set(event.split("|")) & PERSON_EVENTS and (
        counted is None or counted.i == root.i or lemma in PEOPLE or event_classes(lemma) & PERSON_EVENTS
    ):
        return "people", event, scope, factor, direction  # "50 were injured", "about 50 hurt"
    return lemma, event, scope, factor, direction
