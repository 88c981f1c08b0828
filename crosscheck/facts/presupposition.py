"""Wording that presupposes history: re-established, restored, resumed, again, first, only."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from crosscheck.facts.syntax import norm_lemma
from crosscheck.model import Fact, FactKind

if TYPE_CHECKING:
    from spacy.tokens import Span

# Words that say an event happened before; each maps to the plain events it repeats.
AGAIN_WORDS = {
    "restore": ("establish", "create", "build", "set", "open"),
    "restoration": ("establish", "create", "build", "set", "open"),
    "resume": ("begin", "start", "launch", "open"),
    "resumption": ("begin", "start", "launch", "open"),
    "reinstate": ("state", "appoint", "install"),
    "revive": ("establish", "start", "create"),
    "renew": ("sign", "agree", "establish"),
    "renewal": ("sign", "agree", "establish"),
}
# re- verbs written without a hyphen; the hyphenated "re-X" form is read generally.
RE_VERBS = frozenset(
    [
        "reestablish",
        "reestablishment",
        "reopen",
        "reopening",
        "reelect",
        "reelection",
        "reappoint",
        "reappointment",
        "reunite",
        "reunification",
        "rejoin",
        "restart",
        "relaunch",
        "reconvene",
        "reintroduce",
        "reimpose",
        "rebuild",
        "reconnect",
        "reengage",
        "reaffirm",
        "resubmit",
        "reissue",
        "reinstall",
    ]
)
_RE_HYPHEN = re.compile(r"^re-([a-z]{3,})$")


def _base(word: str) -> str:
    return word[2:]


def extract(sent: Span) -> list[Fact]:
    facts: list[Fact] = []
    start0 = sent.start_char
    toks = list(sent)
    for i, tok in enumerate(toks):
        low = tok.lower_.replace("’", "'")
        lemma = norm_lemma(tok)
        span = (tok.idx - start0, tok.idx - start0 + len(tok.text))
        bases: tuple[str, ...] = ()
        # spaCy splits "re-established" into "re", "-", "established"
        if low == "re" and i + 2 < len(toks) and toks[i + 1].text == "-":
            bases = (norm_lemma(toks[i + 2]),)
            span = (span[0], toks[i + 2].idx - start0 + len(toks[i + 2].text))
        elif _RE_HYPHEN.match(low):
            bases = (_RE_HYPHEN.match(low)[1],)  # type: ignore[index]
        elif lemma in RE_VERBS or low in RE_VERBS:
            bases = (_base(lemma if lemma in RE_VERBS else low),)
        elif lemma in AGAIN_WORDS:
            bases = AGAIN_WORDS[lemma]
        elif low in ("again", "anew") and tok.head is not tok:
            bases = (norm_lemma(tok.head),)
        if bases:
            facts.append(
                Fact(
                    FactKind.PRESUPPOSITION,
                    sent.text[span[0] : span[1]],
                    "again",
                    anchor="|".join(bases),
                    start=span[0],
                    end=span[1],
                )
            )
            continue
        if (
            low == "first"
            and tok.dep_ in ("amod", "advmod")
            and tok.head is not tok
            and tok.ent_type_ not in ("DATE", "TIME")
        ):
            facts.append(
                Fact(
                    FactKind.PRESUPPOSITION, tok.text, "first", anchor=norm_lemma(tok.head), start=span[0], end=span[1]
                )
            )
    return facts
