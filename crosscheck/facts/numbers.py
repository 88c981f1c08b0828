"""Numbers and amounts: value, unit, and how exact the text claims to be."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from crosscheck.facts import frames
from crosscheck.facts.lexicon import PERSON_EVENTS
from crosscheck.facts.syntax import anchor_of, clause_of, norm_lemma, span_offsets
from crosscheck.model import Fact, FactKind

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
WORDS: dict[str, float] = {
    w: float(i)
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
WORDS.update({"thirty": 30.0, "forty": 40.0, "fifty": 50.0, "sixty": 60.0, "seventy": 70.0, "eighty": 80.0})
WORDS.update({"ninety": 90.0})
WORDS.update({"a dozen": 12, "dozen": 12, "hundred": 100, "a hundred": 100, "half": 0.5})
PERCENT = "%"  # the unit of a share: "44 per cent", "one in five"
DURATION_PREFIX = "duration:"  # units of counted time; compared only for the same predicate
MAX_DIGITS = 40  # longer runs of digits are noise (a hash, a garbled line), not a figure
QUALIFIERS = (
    ("as many as", "upper"),
    ("as few as", "lower"),
    ("more than", "lower"),
    ("over", "lower"),
    ("at least", "lower"),
    ("upwards of", "lower"),
    ("in excess of", "lower"),
    ("fewer than", "upper"),
    ("less than", "upper"),
    ("under", "upper"),
    ("up to", "upper"),
    ("at most", "upper"),
    ("around", "approx"),
    ("about", "approx"),
    ("some", "approx"),
    ("approximately", "approx"),
    ("roughly", "approx"),
    ("nearly", "approx"),
    ("almost", "approx"),
    ("an estimated", "approx"),
    ("estimated", "approx"),
    ("close to", "approx"),
    ("circa", "approx"),
)
CURRENCIES = {
    "$": "USD",
    "us$": "USD",
    "usd": "USD",
    "dollar": "USD",
    "dollars": "USD",
    "€": "EUR",
    "eur": "EUR",
    "euro": "EUR",
    "euros": "EUR",
    "£": "GBP",
    "gbp": "GBP",
    "pound": "GBP",
    "pounds": "GBP",
    "¥": "JPY",
    "yen": "JPY",
    "₩": "KRW",
    "won": "KRW",
    "yuan": "CNY",
    "rupees": "INR",
}
_NUM = re.compile(
    r"(?P<num>\d+(?:[,\s]\d{3})*(?:\.\d+)?|\d*\.\d+)\s*(?P<scale>thousand|million|billion|trillion|bn|mn|k|m)?\b"
)


@dataclass(frozen=True, slots=True)
class Amount:
    value: float
    unit: str
    qualifier: str  # exact / approx / lower / upper
    resolution: float  # the rounding the text implies: "14 million" is +-0.5 million


def _resolution(digits: str, scale: float) -> float:
    digits = digits.replace(",", "").replace(" ", "")
    if "." in digits:
        return float(scale) / 10.0 ** len(digits.split(".")[1])
    trailing = len(digits) - len(digits.rstrip("0"))
    if scale == 1 and len(digits) <= 2:
        trailing = 0  # "10 people", "40 villages": a small count is a count, not a round figure
    step: float = 10.0**trailing
    return step * scale if digits.strip("0") else scale


def parse_amount(text: str) -> Amount | None:
    """Parse "$14 million", "some 1,100", "11 million", "193rd", "six" into a value."""
    t = text.lower().replace("’", "'").strip()
    qualifier = "exact"
    # "just over 10 seconds", "well over 200": a hedge on the bound, which is still the bound
    t = re.sub(r"^(?:just|well|slightly|only|a little|a bit) (?=(?:over|under|more|less|fewer|above|below) )", "", t)
    for word, kind in QUALIFIERS:
        if t.startswith(word + " "):
            qualifier = kind
            t = t[len(word) :].strip()
            break
    unit = ""
    for sym, code in CURRENCIES.items():
        if t.startswith(sym) or re.search(rf"\b{re.escape(sym)}$", t) or (not sym.isalpha() and sym in t):
            unit = code
            t = t.replace(sym, " ").strip()
            break
    if re.search(r"%|\bper ?cent\b", t):
        unit = PERCENT
        t = re.sub(r"%|\bper ?cent\b", " ", t).strip()
    m = re.fullmatch(r"(\d+)(?:st|nd|rd|th)", t)
    if m:
        rank = float(m[1])
        return Amount(rank, "ordinal", qualifier, 0.0) if math.isfinite(rank) else None
    m = _NUM.search(t)
    if m:
        scale = SCALES.get(m["scale"] or "", 1.0)
        digits = m["num"]
        try:
            value = float(digits.replace(",", "").replace(" ", "")) * scale
        except ValueError:
            return None
        if not math.isfinite(value) or len(digits) > MAX_DIGITS:
            return None  # "$999…9 million" with hundreds of nines states no figure anyone can check
        return Amount(value, unit, qualifier, _resolution(digits, scale))
    words = t.split()
    if words and " ".join(words[:2]) in WORDS:
        base, rest = WORDS[" ".join(words[:2])], words[2:]
    elif words and words[0] in WORDS:
        base, rest = WORDS[words[0]], words[1:]
    else:
        return None
    scale = SCALES.get(rest[0], 1.0) if rest else 1.0
    return Amount(float(base) * scale, unit, qualifier, scale)


def _counted_noun(root: Token) -> str:
    """The noun a number counts: "14,000 South Koreans" -> korean; "population of 11 million"."""
    tok = root
    for _ in range(3):
        head = tok.head
        if tok.dep_ in ("nummod", "compound", "quantmod", "amod", "appos") and head.pos_ in ("NOUN", "PROPN"):
            return norm_lemma(head)
        if tok.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            return norm_lemma(head.head)
        if head is tok or tok.dep_ not in ("compound", "quantmod", "nummod"):
            break
        tok = head
    return ""


# "35 years", "a 10-year plan", "the 27-year-old", "30 years ago": a count of time units.
_DURATION = re.compile(
    r"(?P<num>.+?)[\s-](?P<unit>second|minute|hour|day|week|month|year|decade|centur(?:y|ie))s?"
    r"(?:[\s-](?P<rel>old|ago|earlier|later))?"
)
RELATIVE = ("ago", "earlier", "later")  # counted back or forth from a moment: a time, when that moment is known


def duration(text: str) -> tuple[Amount, str, str] | None:
    """(the count, its unit, "old"/"ago"/"earlier"/"later"/"") of a duration or age; None otherwise."""
    t = text.lower().replace("’", "'").strip(" .")
    t = re.sub(r"^the\s+", "", t)  # "the 27-year-old", "the two years"; "a"/"an" stay: they are a count
    m = _DURATION.fullmatch(t)
    if m is None:
        return None
    num = re.sub(r"^an?$", "one", m["num"].strip())
    amount = parse_amount(num)
    if amount is None or amount.unit:
        return None
    unit = "century" if m["unit"].startswith("centur") else m["unit"]
    return amount, unit, m["rel"] or ""


def _qualifier_before(ent: Span, sent: Span) -> tuple[str, str]:
    """(word, kind) of the qualifier written just before an amount the recogniser left it out of
    ("at least" 10 -> lower); ("", "exact") when there is none."""
    before = sent.doc[max(ent.start - 3, sent.start) : ent.start].text.lower()
    return next(((word, kind) for word, kind in QUALIFIERS if before.endswith(word)), ("", "exact"))


def _duration_facts(sent: Span, published: dt.date | None) -> list[Fact]:
    """Durations and ages as counts, so that "30 years" and "35 years" compare as numbers.

    A relative one ("30 years ago") is a time when the article's date places it, and the time
    extractor reads it; without a date it is compared as a count."""
    facts: list[Fact] = []
    for ent in sent.ents:
        if ent.label_ not in ("DATE", "TIME"):
            continue
        found = duration(ent.text)
        if found is None or (found[2] in RELATIVE and published is not None):
            continue
        amount, unit, rel = found
        if amount.qualifier == "exact":
            _, kind = _qualifier_before(ent, sent)
            amount = Amount(amount.value, amount.unit, kind, amount.resolution)
        facts.append(_number(ent, sent, amount, f"{DURATION_PREFIX}{unit} {rel}".strip()))
    return facts


def _number(ent: Span, sent: Span, amount: Amount, unit: str) -> Fact:
    start, end = span_offsets(ent, sent.start_char)
    unit, event, scope, factor, bearing = frames.count_frame(ent.root, unit)
    return Fact(
        kind=FactKind.NUMBER,
        text=ent.text,
        value=amount.value * factor,
        anchor=norm_lemma(anchor_of(ent.root)),
        unit=unit,
        qualifier=f"{amount.qualifier}:{amount.resolution * factor:g}",
        start=start,
        end=end,
        event=event,
        scope=scope,
        subset=frames.is_subset(ent.root),
        bearing=int(bearing) if bearing else None,
        clause=clause_of(ent.root),
    )


_RATIO_LINK = ("in", "out of")  # "one in five voters", "three out of four": a share, not two counts
_RATIO_WHOLE = re.compile(rf"(?P<part>.+?) (?:{'|'.join(_RATIO_LINK)}) (?P<whole>.+)")


def _ratio(part: Amount, whole: Amount | None) -> Amount | None:
    """ "one in five" as a percentage, approximate: the phrase itself is a rounding."""
    if whole is None or whole.value <= 0 or part.unit or whole.unit or part.value > whole.value:
        return None
    qualifier = part.qualifier if part.qualifier != "exact" else "approx"
    return Amount(100.0 * part.value / whole.value, PERCENT, qualifier, 1.0)


NUMBER_LABELS = ("CARDINAL", "MONEY", "QUANTITY", "PERCENT", "ORDINAL")
_BARE_COUNT = re.compile(r"\d{1,3}(?:,\d{3})*|\d+\.\d+")


def _is_year(text: str) -> bool:
    return bool(re.fullmatch(r"1[5-9]\d\d|20\d\d", text))


def _number_spans(sent: Span) -> list[Span]:
    """The sentence's amounts: the recogniser's number entities, and the counts it left out or
    took for dates ("injuring 80" came out as a DATE): a bare number that is no year."""
    spans = [e for e in sent.ents if e.label_ in NUMBER_LABELS]
    taken = {i for e in sent.ents for i in range(e.start, e.end)}
    for ent in sent.ents:
        if ent.label_ == "DATE" and _BARE_COUNT.fullmatch(ent.text) and not _is_year(ent.text):
            spans.append(ent)
    for tok in sent:
        if tok.i not in taken and tok.pos_ == "NUM" and _BARE_COUNT.fullmatch(tok.text) and not _is_year(tok.text):
            spans.append(sent.doc[tok.i : tok.i + 1])
    return sorted(spans, key=lambda s: s.start)


def _conversion(ent: Span, previous: Span | None) -> bool:
    """ "1,150 kilometers (700 miles)": the bracketed amount restates the one before it."""
    if previous is None or ent.start < 2:
        return False
    doc = ent.doc
    return doc[ent.start - 1].text == "(" and previous.end == ent.start - 1


# "in 2007.The Spaniard…": a scraper dropped the space after a full stop; the token is a year and the
# next sentence's first word, not a count of anything
_GLUED = re.compile(r"\d\.[A-Z][a-z]")


def extract(sent: Span, published: dt.date | None = None) -> list[Fact]:
    facts: list[Fact] = []
    ents = _number_spans(sent)
    skip: set[int] = set()
    for i, ent in enumerate(ents):
        if i in skip or _conversion(ent, ents[i - 1] if i else None) or _GLUED.search(ent.text):
            continue
        word, _ = _qualifier_before(ent, sent)
        text = f"{word} {ent.text}" if word else ent.text
        amount = parse_amount(text)
        if amount is None:
            continue
        prefix = text[: len(text) - len(ent.text)]  # the qualifier read from before the entity
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        whole = _RATIO_WHOLE.fullmatch(ent.text.lower()) if ent.label_ == "CARDINAL" else None
        ratio = None
        if whole is not None:  # the recogniser kept "one in five" as one entity
            part = parse_amount(prefix + whole["part"])
            ratio = _ratio(part, parse_amount(whole["whole"])) if part is not None else None
        elif (
            nxt is not None
            and ent.label_ == nxt.label_ == "CARDINAL"
            and sent.doc[ent.end : nxt.start].text.lower() in _RATIO_LINK
        ):
            ratio = _ratio(amount, parse_amount(nxt.text))
            if ratio is not None:
                skip.add(i + 1)
                ent = sent.doc[ent.start : nxt.end]
        if ratio is not None:
            facts.append(_number(ent, sent, ratio, PERCENT))
            continue
        unit = amount.unit
        if ent.label_ == "ORDINAL":
            counted = _counted_noun(ent.root)
            unit = f"ordinal:{counted}" if counted else "ordinal"
        facts.append(_number(ent, sent, amount, unit))
    return facts + _duration_facts(sent, published) + _zero_counts(sent)


_NOBODY = frozenset({"nobody", "none", "noone"})


def _zero_counts(sent: Span) -> list[Fact]:
    """Counts of people given as none: "no one was killed or injured", "there were no dead or
    wounded", "caused no casualties".  "did not see any casualties" reports what one person did not
    see, not a count, and is left alone."""
    facts: list[Fact] = []
    seen: set[int] = set()
    for tok in sent:
        targets: list[Token] = []
        if tok.lower_ == "no" and tok.dep_ == "det":
            if tok.head.lower_ == "one" and tok.head.dep_ in ("nsubj", "nsubjpass"):  # "no one was killed"
                targets = [tok.head.head]
            else:  # "no casualties", "no dead or wounded"
                targets = [tok.head]
        elif tok.lower_ in _NOBODY and tok.dep_ in ("nsubj", "nsubjpass"):
            targets = [tok.head]
        for target in targets:
            for t in (target, *(c for c in target.children if c.dep_ == "conj")):
                event = frames.event_name(t)
                if t.i in seen or not set(event.split("|")) & PERSON_EVENTS:
                    continue
                seen.add(t.i)
                span = sent.doc[min(tok.i, t.i) : max(tok.i, t.i) + 1]
                start, end = span_offsets(span, sent.start_char)
                facts.append(
                    Fact(
                        kind=FactKind.NUMBER,
                        text=span.text,
                        value=0.0,
                        anchor=norm_lemma(t),
                        unit="people",
                        qualifier="exact:0",
                        start=start,
                        end=end,
                        event=event,
                        scope=frames.scope_of([t]),
                        clause=clause_of(t),
                    )
                )
    return facts


APPROX_TOLERANCE = 0.15  # "around 14,000" is consistent with 13,000 but not with 10,000


def _qualifier(fact: Fact) -> tuple[str, float]:
    kind, _, res = fact.qualifier.partition(":")
    return kind or "exact", float(res or 0)


def consistent(a: Fact, b: Fact) -> bool:
    """Could both numbers be true, given rounding and "about" / "more than" qualifiers?"""
    va, vb = float(a.value), float(b.value)
    qa, ra = _qualifier(a)
    qb, rb = _qualifier(b)
    if qa == "lower" or qb == "lower":
        low, other = (va, (qb, vb)) if qa == "lower" else (vb, (qa, va))
        return other[0] in ("lower", "upper") or other[1] >= low * (1 - 0.01)
    if qa == "upper" or qb == "upper":
        high, other = (va, (qb, vb)) if qa == "upper" else (vb, (qa, va))
        return other[0] in ("lower", "upper") or other[1] <= high * (1 + 0.01)
    if qa == "approx" or qb == "approx":
        return abs(va - vb) <= APPROX_TOLERANCE * max(abs(va), abs(vb))
    # exact numbers agree when one could be the other rounded ("14 million" vs "13.8 million")
    return abs(va - vb) <= max(ra, rb) / 2 + 1e-9
