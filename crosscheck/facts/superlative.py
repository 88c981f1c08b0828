"""Who or what a superlative picks out: "the hardest-hit villages were Tonban and Gavarzin", "the
villages of Karavan and Kousheh were worst hit", "Bam, the worst-hit city", "the largest
shareholder is Vanguard".

A superlative description names one thing (or one set) in any story: two sources that fill it with
different names disagree about a fact, however else their sentences differ.  Each such description
becomes a SUPERLATIVE fact: ``unit`` the description ("worst damaged", "largest"), ``anchor`` the
noun it describes ("village"), ``value`` the names that fill it, as written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from crosscheck.facts.lexicon import event_classes
from crosscheck.facts.syntax import norm_lemma, span_offsets
from crosscheck.model import Fact, FactKind

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

# Degree words that all say "affected more than any other": "worst hit", "hardest-hit", "most
# badly damaged" are one description.
WORST = frozenset({"worst", "hardest", "badly", "severely", "heavily", "seriously"})
_COPULA = "be"


def _names(tok: Token) -> list[str]:
    """The proper names of ``tok`` and of the names conjoined with it, compounds joined
    ("Tonban, Gavarzin and Gourian"; "the villages of Karavan and Kousheh")."""
    out: list[str] = []
    stack = [tok]
    while stack:
        t = stack.pop()
        if t.pos_ == "PROPN":
            parts = [c.text for c in t.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
            out.append(" ".join([*parts, t.text]))
        elif t.pos_ == "NOUN":
            of = next((c for c in t.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            stack += [g for g in (of.children if of is not None else ()) if g.dep_ == "pobj" and g.pos_ == "PROPN"]
        stack += [c for c in t.children if c.dep_ == "conj"]
    return sorted(set(out))


def _filler(noun: Token) -> list[str]:
    """The names a described noun is said to be: "the worst-hit villages were X and Y", "X was the
    worst-hit town", "X, the worst-hit city"."""
    head = noun.head
    if noun.dep_ == "nsubj" and head.lemma_ == _COPULA:
        return [n for c in head.children if c.dep_ == "attr" for n in _names(c)]
    if noun.dep_ == "attr" and head.lemma_ == _COPULA:
        return [n for c in head.children if c.dep_ == "nsubj" for n in _names(c)]
    if noun.dep_ == "appos":
        return _names(head)
    return []


def _restrictions(noun: Token | None) -> tuple[str, ...]:
    """What narrows the described set: "the youngest player *to score for England*", "the largest
    city *in Egypt*".  Two descriptions narrowed differently pick out different things."""
    if noun is None:
        return ()
    out: list[str] = []
    for c in noun.children:
        if c.dep_ in ("acl", "relcl"):
            out.append(norm_lemma(c))
        elif c.dep_ == "prep":
            for g in c.children:
                if g.dep_ == "pobj" and not (c.lower_ == "of" and g.pos_ == "PROPN"):
                    out.append(f"{c.lower_} {g.lower_ if g.pos_ == 'PROPN' else norm_lemma(g)}")
    return tuple(out)


def _description(degree: Token, predicate: Token | None) -> str:
    """ "worst damaged|struck" for "hardest-hit", "most badly affected"; "second largest" for that."""
    if predicate is not None:
        word = "worst" if degree.lower_ in WORST or degree.lower_ == "most" else degree.lower_
        event = "|".join(sorted(event_classes(norm_lemma(predicate)))) or norm_lemma(predicate)
        return f"{word} {event}"
    ordinal = [c.lower_ for c in degree.children if c.dep_ == "advmod" and c.tag_ in ("JJ", "RB")]
    return " ".join([*ordinal, degree.lower_])


def extract(sent: Span) -> list[Fact]:
    facts: list[Fact] = []
    for tok in sent:
        if tok.tag_ not in ("JJS", "RBS") and not (tok.lower_ == "most" and tok.dep_ == "advmod"):
            continue
        degree = tok
        if degree.lower_ == "most":  # "most badly hit": the degree is "badly" under it, or "most" itself
            degree = next((c for c in tok.children if c.lower_ in WORST), tok)
        target = tok.head
        noun: Token | None = None
        names: list[str] = []
        if tok.dep_ == "advmod" and target.tag_ in ("VBN", "JJ") and target.dep_ == "amod":
            noun = target.head  # "the hardest-hit villages"
            names = _filler(noun)
            description = _description(degree, target)
        elif tok.dep_ == "advmod" and target.tag_ == "VBN":
            # "the villages of Karavan and Kousheh were worst hit"
            subject = next((c for c in target.children if c.dep_ in ("nsubjpass", "nsubj")), None)
            if subject is None:
                continue
            noun = subject if subject.pos_ == "NOUN" else None
            names = _names(subject)
            description = _description(degree, target)
        elif tok.dep_ == "amod" and tok.tag_ == "JJS" and target.pos_ == "NOUN":
            noun = target  # "the largest shareholder is Vanguard"
            names = _filler(noun)
            description = _description(degree, None)
        else:
            continue
        if not names:
            continue
        start, end = span_offsets(sent.doc[tok.i : tok.i + 1], sent.start_char)
        facts.append(
            Fact(
                FactKind.SUPERLATIVE,
                tok.text if degree is tok else f"{tok.text} {degree.text}",
                frozenset(names),
                anchor=norm_lemma(noun) if noun is not None else "",
                unit=description,
                role=tok.dep_,
                scope=_restrictions(noun),
                start=start,
                end=end,
            )
        )
    return facts
