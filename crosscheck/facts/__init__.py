"""Extract typed facts from sentences: one spaCy pass, then one extractor per fact family."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence

from crosscheck.facts import entities, numbers, polarity, presupposition, time
from crosscheck.facts.nlp import load_nlp
from crosscheck.facts.syntax import norm_lemma
from crosscheck.model import Claim, Fact, Sentence

CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
CLAUSE_DEPS = frozenset({"ROOT", "relcl", "ccomp", "conj", "advcl", "xcomp"})


def extract_claims(
    sentences: Sequence[Sentence],
    published: dict[str, dt.date | None],
    batch_size: int = 256,
    on_batch: Callable[[int], None] | None = None,
) -> list[Claim]:
    """Parse every sentence once (batched) and build its Claim; order is kept."""
    bare = [Claim(s, published=published.get(s.doc_id), parsed=False) for s in sentences]
    return parse_claims(bare, batch_size, on_batch)


def parse_claims(
    claims: Sequence[Claim], batch_size: int = 256, on_batch: Callable[[int], None] | None = None
) -> list[Claim]:
    """The claims with their facts extracted (one batched spaCy pass), dated by each claim's own
    publication date; order is kept and claims already parsed are returned as they are."""
    todo = [c for c in claims if not c.parsed]
    done = dict(zip(map(id, todo), _parse(todo, batch_size, on_batch), strict=True))
    return [done.get(id(c), c) for c in claims]


def _parse(claims: Sequence[Claim], batch_size: int, on_batch: Callable[[int], None] | None) -> list[Claim]:
    if not claims:
        return []
    nlp = load_nlp()
    out: list[Claim] = []
    texts = (c.text.replace("\n", " ") for c in claims)
    for claim, doc in zip(claims, nlp.pipe(texts, batch_size=batch_size), strict=True):
        pub = claim.published
        facts: list[Fact] = []
        lemmas: set[str] = set()
        predicates: set[str] = set()
        for sent in doc.sents if len(doc) else ():
            facts += time.extract(sent, pub)
            facts += numbers.extract(sent)
            facts += entities.extract(sent)
            facts += polarity.extract(sent)
            facts += presupposition.extract(sent)
        for tok in doc:
            lemma = norm_lemma(tok)
            content = not (tok.is_stop or tok.is_punct)
            if content and tok.pos_ in CONTENT_POS:
                lemmas.add(lemma)
            # "has" is a stop word but carries the claim in "has relations with": clause verbs count
            if (content and tok.pos_ == "VERB") or (tok.pos_ in ("VERB", "AUX") and tok.dep_ in CLAUSE_DEPS):
                predicates.add(lemma)
        out.append(
            Claim(
                sentence=claim.sentence,
                facts=tuple(facts),
                lemmas=frozenset(lemmas),
                predicates=frozenset(predicates),
                published=pub,
            )
        )
        if on_batch is not None:
            on_batch(1)
    return out
