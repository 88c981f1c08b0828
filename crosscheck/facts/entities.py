"""People (with their titles), organisations and places named in a claim."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from crosscheck import places
from crosscheck.facts.syntax import is_headline, role_of, span_offsets
from crosscheck.model import Fact, FactKind

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

LABELS = {
    "PERSON": FactKind.PERSON,
    "ORG": FactKind.ORG,
    "GPE": FactKind.PLACE,
    "LOC": FactKind.PLACE,
    "FAC": FactKind.PLACE,
}
# Head nouns of official titles; a title is only read where one of these is present.
TITLE_NOUNS = frozenset(
    [
        "minister",
        "president",
        "premier",
        "chancellor",
        "secretary",
        "director",
        "ambassador",
        "envoy",
        "chief",
        "head",
        "leader",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "governor",
        "mayor",
        "chairman",
        "chairwoman",
        "chair",
        "ceo",
        "commissioner",
        "king",
        "queen",
        "prince",
        "princess",
        "senator",
        "representative",
        "judge",
        "general",
        "officer",
        "official",
        "deputy",
        "counsellor",
        "counselor",
        "consul",
        "attache",
        "coordinator",
        "administrator",
        "manager",
        "editor",
        "professor",
        "attorney",
        "prosecutor",
        "justice",
        "commander",
    ]
)


# Proper nouns that are forms of address, not names: a summary may add "Mr." the source omits.
HONORIFICS = frozenset({"mr", "mrs", "ms", "miss", "dr", "sir", "madam", "dame", "lord", "lady", "st"})


def normalise_name(text: str) -> str:
    t = text.replace("’", "'")
    t = re.sub(r"^(the|a|an)\s+", "", t, flags=re.I)
    t = re.sub(r"'s?$", "", t)
    return " ".join(t.split())


def _title_of(ent: Span) -> str:
    """The title printed beside a person's name, from an apposition or a compound chain."""
    root = ent.root
    parts: list[Token] = []
    if root.dep_ == "appos" and root.head.i < ent.start and root.head.lower_ in TITLE_NOUNS | {"general"}:
        head = root.head
        parts = [t for t in head.subtree if t.i < ent.start and t.dep_ not in ("punct", "det", "poss", "case")]
        parts = [t for t in parts if t.ent_type_ not in ("GPE", "NORP") or t.head.i >= head.i]
    for child in root.children:
        if child.dep_ == "appos" and child.i >= ent.end and child.lower_ in TITLE_NOUNS | {"general"}:
            parts = [t for t in child.subtree if t.dep_ not in ("punct", "det")]
    if not parts:
        i = ent.start - 1
        while (
            i >= ent.sent.start
            and ent.doc[i].dep_ in ("compound", "amod")
            and ent.doc[i].pos_ in ("PROPN", "NOUN", "ADJ")
        ):
            parts.insert(0, ent.doc[i])
            i -= 1
    words = [t.lower_ for t in parts]
    if not any(w.strip("-") in TITLE_NOUNS or w.split("-")[0] in TITLE_NOUNS for w in words):
        return ""
    return " ".join(t.text for t in parts)


def extract(sent: Span) -> list[Fact]:
    facts: list[Fact] = []
    for ent in sent.ents:
        kind = LABELS.get(ent.label_)
        name = normalise_name(ent.text)
        if ent.label_ == "NORP":
            # a nationality names its country: "the Mexican embassy" is not "the Russian embassy",
            # and a source naming Russia, or Moscow, backs "Russian officials"
            country = places.country_of_people(ent.text)
            kind, name = (FactKind.PLACE, country) if country is not None else (None, name)
        if kind is None:
            continue
        start, end = span_offsets(ent, sent.start_char)
        role = role_of(ent.root)
        facts.append(Fact(kind=kind, text=ent.text, value=name, role=role, start=start, end=end))
        if kind is FactKind.PERSON:
            title = _title_of(ent)
            if title:
                facts.append(Fact(kind=FactKind.TITLE, text=title, value=name, role=role, start=start, end=end))
    return facts + _names_left_out(sent)


def _names_left_out(sent: Span) -> list[Fact]:
    """Proper nouns outside every entity: the tagger saw a name that the entity recogniser
    missed or cut short ("UFO Media" came out as the organisation "Media").  A headline is
    skipped: its Title Case makes common words proper nouns."""
    if is_headline(sent.text):
        return []
    facts: list[Fact] = []
    for tok in sent:
        if tok.pos_ == "PROPN" and not tok.ent_type_ and tok.is_alpha and len(tok) > 1 and tok.lower_ not in HONORIFICS:
            start = tok.idx - sent.start_char
            end = start + len(tok)
            name = Fact(kind=FactKind.NAME, text=tok.text, value=tok.text, role=role_of(tok), start=start, end=end)
            facts.append(name)
    return facts
