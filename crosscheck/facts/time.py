"""Time expressions -> inclusive day intervals, resolved against the publication date.

dateparser handles the long tail of absolute dates, but it fills missing parts from
*today* and has no notion of "the first half of this year" or "early 2024".  So the
fuzzy periods news writes are parsed here, with the article's publication date as the
only reference; dateparser gets that date as RELATIVE_BASE and only for what is left.
Without a publication date, anything that needs one is returned *unresolved*.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from crosscheck.facts import frames
from crosscheck.facts.numbers import RELATIVE, duration
from crosscheck.facts.syntax import anchor_of, clause_of, norm_lemma, role_of, span_offsets, tense_of
from crosscheck.facts.time_rules import (
    MONTH_RE,
    VAGUE,
    WEEKDAYS,
    Tense,
    clean,
    month_of,
    rule_based,
    unresolved,
    year_of,
)
from crosscheck.model import RANGE_GRAINS, RANGE_PREFIX, Fact, FactKind, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Span


@lru_cache(maxsize=64)
def _dateparser(base: dt.datetime) -> Any:
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"RELATIVE_BASE": base, "PREFER_DAY_OF_MONTH": "first"})


def _with_dateparser(t: str, pub: dt.date | None) -> TimeValue | None:
    year = re.search(r"\b\d{4}\b", t)
    if pub is None and year is None:
        return None  # dateparser would fill the missing parts from today's date
    base = dt.datetime.combine(pub or dt.date(int(year[0]) if year else 2000, 1, 1), dt.time())
    try:
        data = _dateparser(base).get_date_data(t)
    except (ValueError, OverflowError):
        return None
    if data is None or data.date_obj is None:
        return None
    day = data.date_obj.date()
    period = data.period or "day"
    if period == "year":
        return year_of(day.year)
    if period == "month":
        return month_of(day.year, day.month)
    if period == "week":
        start = day - dt.timedelta(days=day.weekday())
        return TimeValue(start, start + dt.timedelta(days=6), "week")
    return TimeValue(day, day, "day")


def _grain(*precisions: str) -> str:
    """The coarser grain of a range's two ends: "1990 to 1999" is given in years."""

    def grain(p: str) -> str:
        if "year" in p or "decade" in p:
            return "year"
        return "month" if any(u in p for u in ("month", "quarter", "half")) else "day"

    return max((grain(p) for p in precisions), key=RANGE_GRAINS.index)


def _range_ends(left: str, right: str) -> tuple[str, str]:
    """Each end of a range written short, made whole from the other: "April 9 - 11" ends on
    April 11 (not in 2011), "9 - 11 April" starts on April 9, "2012-13" and "1990-99" end in
    2013 and 1999."""
    short_year = re.fullmatch(r"(\d{2})(?: [a-z]+)?", right)  # "13" or "13 season"
    if short_year and re.fullmatch(r"\d{4}", left) and int(left[2:]) < int(short_year[1]):
        return left, left[:2] + short_year[1]
    month = re.fullmatch(MONTH_RE + r" \d{1,2}(?:st|nd|rd|th)?(?P<y> \d{4})?", left)
    if month and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", right):
        return left, f"{month['month']} {right}{month['y'] or ''}"
    month = re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)? (?:of )?" + MONTH_RE + r"(?P<y> \d{4})?", right)
    if month and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", left):
        return f"{left} {month['month']}{month['y'] or ''}", right
    return left, right


# A bare count ("injuring 80", "said 14 were hurt") and an age in decades ("in his 30s") name no date;
# dateparser reads them as 1980, the 14th, or "30 seconds ago".
_NOT_A_DATE = re.compile(r"\d{1,3}(?:,\d{3})*|\d{2}s")


def resolve(text: str, published: dt.date | None, tense: Tense = None) -> TimeValue | None:
    """Normalise one time expression; None when it names no comparable time at all."""
    t = clean(text)
    if not t or VAGUE.search(t) or _NOT_A_DATE.fullmatch(t):
        return None
    # "last Wednesday to Saturday", "from May to July 2024": the union of both ends
    parts = re.split(r"\s+(?:to|until|till|through|and|-)\s+|(?<=\w)-(?=\w)", t, maxsplit=1)
    if len(parts) == 2 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", t):
        left, right = _range_ends(*(clean(p) for p in parts))
        rel = re.match(r"(this|last|next|previous|coming) ", left)
        if rel and not re.match(r"(this|last|next|previous|coming) ", right):
            right = f"{rel.group(1)} {right}" if right in WEEKDAYS else right
        year = re.search(r"\b(\d{4})$", right)
        if year and not re.search(r"\d{4}", left):
            left = f"{left} {year.group(1)}"
        lo = rule_based(left, published, tense)
        hi = rule_based(right, published, tense)
        if lo and hi and lo.resolved and hi.resolved:
            assert lo.start and hi.end and lo.end
            end = hi.end
            while end < lo.start:  # "Wednesday to Saturday" crossing into the next week
                end += dt.timedelta(days=7)
            return TimeValue(lo.start, max(end, lo.end), RANGE_PREFIX + _grain(lo.precision, hi.precision))
        if lo and hi:
            return unresolved("range")
    value = rule_based(t, published, tense)
    if value is not None:
        return value
    return _with_dateparser(t, published)


_DEICTIC = re.compile(
    r"\b(this|last|next|previous|coming|current|past|today|tonight|yesterday|tomorrow|ago|"
    + "|".join(WEEKDAYS)
    + r")\b"
)


def is_deictic(text: str) -> bool:
    """Expressions that point from the moment of writing ("this week", "last Wednesday")."""
    return _DEICTIC.search(text.lower()) is not None


_RANGE_OPENERS = frozenset({"from", "between"})
_RANGE_JOINERS = frozenset({"to", "until", "till", "through", "and", "-", "–"})


# Words that open a new clause inside what the recogniser took for one date: "February 28, after
# months of talks" is the date "February 28" and a clause; "June 5, 2024" and "Monday, June 5" are dates.
_CLAUSE_OPENERS = frozenset({"after", "before", "when", "while", "following", "amid", "during", "as", "since", "until"})


def _trimmed(ent: Span) -> Span:
    for tok in ent[:-1]:
        if tok.text == "," and ent.doc[tok.i + 1].lower_ in _CLAUSE_OPENERS and tok.i > ent.start:
            return ent.doc[ent.start : tok.i]
    return ent


def _dates(sent: Span) -> list[Span]:
    """The sentence's date and time entities, with "from 1990 to 1999" made one range: the
    entity recogniser gives each end its own entity, which would compare as two dates; and a date
    the recogniser ran on into the next clause cut back to the date."""
    ents = [_trimmed(e) for e in sent.ents if e.label_ in ("DATE", "TIME")]
    out: list[Span] = []
    i = 0
    while i < len(ents):
        ent = ents[i]
        nxt = ents[i + 1] if i + 1 < len(ents) else None
        opener = sent.doc[ent.start - 1].lower_ if ent.start > sent.start else ""
        if (
            nxt is not None
            and opener in _RANGE_OPENERS
            and nxt.start == ent.end + 1
            and sent.doc[ent.end].lower_ in _RANGE_JOINERS
        ):
            out.append(sent.doc[ent.start : nxt.end])
            i += 2
            continue
        out.append(ent)
        i += 1
    return out


def extract(sent: Span, published: dt.date | None) -> list[Fact]:
    """Time facts of one parsed sentence, each anchored on the predicate it dates."""
    facts: list[Fact] = []
    for ent in _dates(sent):
        counted = duration(ent.text)
        if counted is not None and counted[2] not in RELATIVE:
            continue  # "35 years", "a 10-year plan", "27-year-old": counts (numbers.py), not dates
        anchor = anchor_of(ent.root)
        tense = tense_of(anchor)
        since = ent.root.head.lower_ == "since"
        if since or ent.root.head.lower_ == "ago" or ent.text.lower().endswith("ago"):
            tense = "past"
        value = resolve(ent.text, published, tense)
        if value is None:
            continue
        start, end = span_offsets(ent, sent.start_char)
        marks = ["deictic"] if is_deictic(ent.text) else []
        if since or frames.aspect(anchor):
            marks.append(START)  # "since June" and "began in July" both date when it started
        facts.append(
            Fact(
                kind=FactKind.TIME,
                text=ent.text,
                value=value,
                anchor=norm_lemma(anchor),
                qualifier=",".join(marks),
                role=role_of(ent.root),
                start=start,
                end=end,
                event=frames.event_name(anchor),
                scope=frames.scope_of([anchor]),
                clause=clause_of(ent.root),
            )
        )
    return facts + clock_times(sent)


START = "start"
ZONES = {"gmt": "GMT", "utc": "GMT", "z": "GMT", "local time": "local", "local": "local"}
_ZONE = r"(?:\s*(?P<zone>local time|gmt|utc|[ecmp][sd]t|bst|cet|cest|eat|cat|wat|ist|jst))?"
# "2:53 p. m.", "3 p.m.", "06:31GMT", "1200 GMT", "at 08:30": a time of day
_CLOCK = re.compile(
    r"(?<![\d:.,])(?:(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ap>[ap])\s?\.?\s?m\b\.?"
    r"|(?P<h24>\d{1,2}):(?P<m24>\d{2})(?!\d)|(?P<hhmm>[012]\d[0-5]\d)(?=\s*(?:gmt|utc)\b))" + _ZONE,
    re.I,
)
_CLOCK_CUE = re.compile(r"\b(?:at|from|until|till|by|around|about|approximately|before|after|since)\s*$", re.I)
_CLOCK_APPROX = re.compile(r"\b(?:around|about|approximately|roughly|shortly (?:after|before)|nearly)\s*$", re.I)


def clock_times(sent: Span) -> list[Fact]:
    """Times of day as (minutes after midnight, zone): "2:53 p.m. local time" is (893, "local").

    A 24-hour "08:30" counts only with a zone or after "at", "from", "until"... so a score ("3:20")
    is not read as a time.  Times given without a zone are local, as news writes them."""
    facts: list[Fact] = []
    text = sent.text
    for m in _CLOCK.finditer(text):
        before = text[: m.start()]
        zone = ZONES.get((m["zone"] or "").lower(), (m["zone"] or "").upper() or "local")
        if m["ap"]:
            hour, minute = int(m["h"]) % 12 + (12 if m["ap"].lower() == "p" else 0), int(m["m"] or 0)
            precise = m["m"] is not None
        elif m["h24"]:
            if not (m["zone"] or _CLOCK_CUE.search(before)):
                continue
            hour, minute, precise = int(m["h24"]), int(m["m24"]), True
        else:
            hour, minute, precise = int(m["hhmm"][:2]), int(m["hhmm"][2:]), True
        if hour > 23 or minute > 59:
            continue
        span = sent.char_span(m.start(), m.end(), alignment_mode="expand")
        anchor = anchor_of(span.root) if span is not None else sent.root
        approx = "approx" if _CLOCK_APPROX.search(before) or not precise else "exact"
        facts.append(
            Fact(
                kind=FactKind.CLOCK,
                text=m.group(0).strip(),
                value=(hour * 60 + minute, zone),
                anchor=norm_lemma(anchor),
                qualifier=approx,
                start=m.start(),
                end=m.end(),
                event=frames.event_name(anchor),
            )
        )
    return facts
