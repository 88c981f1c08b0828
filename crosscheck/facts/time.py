"""Time expressions -> inclusive day intervals, resolved against the publication date.

dateparser handles the long tail of absolute dates, but it fills missing parts from
*today* and has no notion of "the first half of this year" or "early 2024".  So the
fuzzy periods news writes are parsed here, with the article's publication date as the
only reference; dateparser gets that date as RELATIVE_BASE and only for what is left.
Without a publication date, anything that needs one is returned *unresolved*.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from crosscheck.facts import frames
from crosscheck.facts.numbers import RELATIVE, duration
from crosscheck.facts.syntax import anchor_of, clause_of, norm_lemma, role_of, span_offsets, tense_of
from crosscheck.model import RANGE_GRAINS, RANGE_PREFIX, Fact, FactKind, TimeValue

if TYPE_CHECKING:
    from spacy.tokens import Span

MONTHS = {name: i for i in range(1, 13) for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
_MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = r"(?P<wd>" + "|".join(WEEKDAYS) + r")"
_REL = r"(?P<rel>this|last|next|previous|coming|current|the|past)"
# Vague spans ("in recent years", "for decades") name no comparable time.
_VAGUE = re.compile(
    r"\b(recent|several|many|some|few|coming|past|those|these)\s+(years|months|weeks|days|decades)\b|"
    r"^(decades|years|months|weeks|days|ages)$|\bat the time\b|\bthese days\b|\bnowadays\b|\bthe (future|past)\b|"
    # a bare duration ("a year after the revolution") is no point in time
    r"^(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|\d+|several|few|a few|many)\s+"
    r"(?:more\s+)?(?:days?|weeks?|months?|years?|decades?|centuries|century)(?:\s+(?:long|later|earlier|after|before))?$",
)

Tense = str | None  # "past", "future" or None


def _day(y: int, m: int, d: int) -> TimeValue | None:
    try:
        day = dt.date(y, m, d)
    except ValueError:
        return None
    return TimeValue(day, day, "day")


def _month(y: int, m: int, precision: str = "month") -> TimeValue:
    return TimeValue(dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), precision)


def _months(y: int, first: int, last: int, precision: str) -> TimeValue:
    return TimeValue(dt.date(y, first, 1), dt.date(y, last, calendar.monthrange(y, last)[1]), precision)


def _year(y: int) -> TimeValue:
    return TimeValue(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def _unresolved(precision: str) -> TimeValue:
    return TimeValue(None, None, precision)


def _rel_year(rel: str | None, pub: dt.date) -> int:
    if rel in ("last", "previous", "past"):
        return pub.year - 1
    if rel in ("next", "coming"):
        return pub.year + 1
    return pub.year


def _year_of_month(month: int, pub: dt.date, tense: Tense) -> int:
    """A month named without a year: the publication year, unless the tense says otherwise.

    "opened in December" in a February article is last December; "will open in March"
    in a June article is next March.
    """
    if tense == "past" and month > pub.month:
        return pub.year - 1
    if tense == "future" and month < pub.month:
        return pub.year + 1
    return pub.year


def _part_of(value: TimeValue, part: str) -> TimeValue:
    """early / mid / late part of a month or a year (thirds), keeping it as one precision."""
    assert value.start and value.end
    total = (value.end - value.start).days + 1
    third = total // 3
    if part in ("early", "beginning of", "start of", "the beginning of", "the start of"):
        return TimeValue(value.start, value.start + dt.timedelta(days=third), f"early {value.precision}")
    if part in ("late", "end of", "the end of"):
        return TimeValue(value.end - dt.timedelta(days=third), value.end, f"late {value.precision}")
    return TimeValue(
        value.start + dt.timedelta(days=third), value.end - dt.timedelta(days=third), f"mid {value.precision}"
    )


def _weekday(wd: int, rel: str | None, pub: dt.date, tense: Tense) -> TimeValue:
    monday = pub - dt.timedelta(days=pub.weekday())
    if rel == "this":
        day = monday + dt.timedelta(days=wd)
    elif rel in ("last", "previous", "past"):
        delta = (pub.weekday() - wd) % 7 or 7
        day = pub - dt.timedelta(days=delta)
    elif rel in ("next", "coming") or tense == "future":
        delta = (wd - pub.weekday()) % 7 or (7 if rel else 0)
        day = pub + dt.timedelta(days=delta)
    else:  # news reports the past: "announced Sunday" is the latest Sunday
        day = pub - dt.timedelta(days=(pub.weekday() - wd) % 7)
    return TimeValue(day, day, "day")


_PREFIX = re.compile(
    r"^(?:(?:in|on|at|during|by|since|from|between|until|till|before|after|around|about|of|the|as of)\s+)+"
)


def _clean(text: str) -> str:
    text = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    text = re.sub(r"[,]", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    return _PREFIX.sub("", text)


def _rule_based(t: str, pub: dt.date | None, tense: Tense) -> TimeValue | None:
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:[ t][\d:]+)?", t)
    if m:
        return _day(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{4})s|(\d{2})s|(?:the )?'(\d{2})s", t)
    if m and m[1]:
        y = int(m[1])
        return TimeValue(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade")
    if m and m[3]:
        # "the '80s": the latest such decade that has begun by the article's date
        if pub is None:
            return _unresolved("decade")
        y = (pub.year // 100) * 100 + int(m[3])
        y -= 100 if y > pub.year else 0
        return TimeValue(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade")
    # "2018", "the full year of 2023", "the 2012 season", "the 2016 election": a year
    m = re.fullmatch(
        r"(?:year |(?:full|calendar|whole|entire) year (?:of )?)?(\d{4})"
        r"(?: (?!(?:hours?|hrs|minutes?|mins|seconds?|secs|gmt|utc|bst|[ap]m)$)[a-z]+)?",
        t,
    )
    if m:
        return _year(int(m[1]))
    # halves and quarters: "the first half of this year", "H1 2024", "the third quarter"
    m = re.fullmatch(
        r"(?P<ord>first|second|1st|2nd) half(?: of)?(?: (?:(?:" + _REL + r") year|(?P<y>\d{4})))?", t
    ) or re.fullmatch(r"h(?P<ordn>[12])(?: (?P<y>\d{4}))?", t)
    if m:
        half = int(m.groupdict().get("ordn") or _ORD[m["ord"]])
        if m["y"]:
            year = int(m["y"])
        elif pub is None:
            return _unresolved("half")
        else:
            year = _rel_year(m.groupdict().get("rel"), pub)
        return _months(year, 1 if half == 1 else 7, 6 if half == 1 else 12, "half")
    m = re.fullmatch(
        r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?(?: (?:(?:"
        + _REL
        + r") year|(?P<y>\d{4})))?",
        t,
    ) or re.fullmatch(r"q(?P<ordn>[1-4])(?: (?P<y>\d{4}))?", t)
    if m:
        q = int(m.groupdict().get("ordn") or _ORD[m["ord"]])
        if m["y"]:
            year = int(m["y"])
        elif pub is None:
            return _unresolved("quarter")
        else:
            year = _rel_year(m.groupdict().get("rel"), pub)
        return _months(year, 3 * q - 2, 3 * q, "quarter")
    # early / mid / late + a year or a month: "early 2024", "late last year", "mid-July"
    m = re.fullmatch(r"(?P<part>early|mid|late|(?:the )?(?:end|beginning|start) of)[- ]?(?P<rest>.+)", t)
    if m:
        inner = _rule_based(_clean(m["rest"]), pub, tense)
        if inner is not None and inner.precision in ("year", "month", "half", "quarter"):
            return _part_of(inner, m["part"]) if inner.resolved else _unresolved(f"part of {inner.precision}")
    m = re.fullmatch(_REL + r" (?P<unit>year|month|week|quarter)", t)
    if m:
        if pub is None:
            return _unresolved(m["unit"])
        rel = m["rel"]
        if m["unit"] == "year":
            return _year(_rel_year(rel, pub))
        if m["unit"] == "month":
            y, mo = pub.year, pub.month
            if rel in ("last", "previous", "past"):
                y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
            elif rel in ("next", "coming"):
                y, mo = (y, mo + 1) if mo < 12 else (y + 1, 1)
            return _month(y, mo)
        if m["unit"] == "quarter":
            q = (pub.month - 1) // 3 + 1
            return _months(pub.year, 3 * q - 2, 3 * q, "quarter")
        monday = pub - dt.timedelta(days=pub.weekday())
        shift = {"last": -7, "previous": -7, "past": -7, "next": 7, "coming": 7}.get(rel, 0)
        start = monday + dt.timedelta(days=shift)
        return TimeValue(start, start + dt.timedelta(days=6), "week")
    if t in ("today", "tonight", "this morning", "this afternoon", "this evening", "yesterday", "tomorrow"):
        if pub is None:
            return _unresolved("day")
        shift = {"yesterday": -1, "tomorrow": 1}.get(t, 0)
        day = pub + dt.timedelta(days=shift)
        return TimeValue(day, day, "day")
    m = re.fullmatch(r"(?:" + _REL + r" )?" + _WEEKDAY_RE + r"(?: (?:morning|afternoon|evening|night))?", t)
    if m:
        if pub is None:
            return _unresolved("day")
        return _weekday(WEEKDAYS[m["wd"]], m["rel"], pub, tense)
    # "Feb. 14", "February 14, 2024", "14 February 2024", "July", "July 2015"
    m = re.fullmatch(_MONTH_RE + r"(?: (?P<d>\d{1,2})(?:st|nd|rd|th)?)?(?: (?:of )?(?P<y>\d{4}))?", t) or re.fullmatch(
        r"(?P<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH_RE + r"(?: (?P<y>\d{4}))?", t
    )
    if m:
        month = MONTHS[m["month"]]
        if m["y"]:
            year = int(m["y"])
        elif pub is None:
            return _unresolved("day" if m["d"] else "month")
        else:
            year = _year_of_month(month, pub, tense)
        return _day(year, month, int(m["d"])) if m["d"] else _month(year, month)
    # "last April": the latest April before the article, "next April" the first after it
    m = re.fullmatch(r"(?P<rel>this|last|next|previous|coming) " + _MONTH_RE, t)
    if m:
        if pub is None:
            return _unresolved("month")
        month = MONTHS[m["month"]]
        if m["rel"] in ("last", "previous"):
            return _month(pub.year if month < pub.month else pub.year - 1, month)
        if m["rel"] in ("next", "coming"):
            return _month(pub.year if month > pub.month else pub.year + 1, month)
        return _month(pub.year, month)
    # "May last year", "April 2 this year", "2 April next year"
    m = re.fullmatch(
        _MONTH_RE + r"(?: (?P<d>\d{1,2})(?:st|nd|rd|th)?)? (?P<rel>this|last|next) year", t
    ) or re.fullmatch(r"(?P<d>\d{1,2})(?:st|nd|rd|th)? (?:of )?" + _MONTH_RE + r" (?P<rel>this|last|next) year", t)
    if m:
        if pub is None:
            return _unresolved("day" if m["d"] else "month")
        year = _rel_year(m["rel"], pub)
        return _day(year, MONTHS[m["month"]], int(m["d"])) if m["d"] else _month(year, MONTHS[m["month"]])
    m = re.fullmatch(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)(?: of (?:this|the) month)?", t)
    if m:
        if pub is None:
            return _unresolved("day")
        return _day(pub.year, pub.month, int(m[1]))
    return None


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
        return _year(day.year)
    if period == "month":
        return _month(day.year, day.month)
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
    month = re.fullmatch(_MONTH_RE + r" \d{1,2}(?:st|nd|rd|th)?(?P<y> \d{4})?", left)
    if month and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", right):
        return left, f"{month['month']} {right}{month['y'] or ''}"
    month = re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)? (?:of )?" + _MONTH_RE + r"(?P<y> \d{4})?", right)
    if month and re.fullmatch(r"\d{1,2}(?:st|nd|rd|th)?", left):
        return f"{left} {month['month']}{month['y'] or ''}", right
    return left, right


# A bare count ("injuring 80", "said 14 were hurt") and an age in decades ("in his 30s") name no date;
# dateparser reads them as 1980, the 14th, or "30 seconds ago".
_NOT_A_DATE = re.compile(r"\d{1,3}(?:,\d{3})*|\d{2}s")


def resolve(text: str, published: dt.date | None, tense: Tense = None) -> TimeValue | None:
    """Normalise one time expression; None when it names no comparable time at all."""
    t = _clean(text)
    if not t or _VAGUE.search(t) or _NOT_A_DATE.fullmatch(t):
        return None
    # "last Wednesday to Saturday", "from May to July 2024": the union of both ends
    parts = re.split(r"\s+(?:to|until|till|through|and|-)\s+|(?<=\w)-(?=\w)", t, maxsplit=1)
    if len(parts) == 2 and not re.fullmatch(r"\d{4}-\d{2}-\d{2}.*", t):
        left, right = _range_ends(*(_clean(p) for p in parts))
        rel = re.match(r"(this|last|next|previous|coming) ", left)
        if rel and not re.match(r"(this|last|next|previous|coming) ", right):
            right = f"{rel.group(1)} {right}" if right in WEEKDAYS else right
        year = re.search(r"\b(\d{4})$", right)
        if year and not re.search(r"\d{4}", left):
            left = f"{left} {year.group(1)}"
        lo = _rule_based(left, published, tense)
        hi = _rule_based(right, published, tense)
        if lo and hi and lo.resolved and hi.resolved:
            assert lo.start and hi.end and lo.end
            end = hi.end
            while end < lo.start:  # "Wednesday to Saturday" crossing into the next week
                end += dt.timedelta(days=7)
            return TimeValue(lo.start, max(end, lo.end), RANGE_PREFIX + _grain(lo.precision, hi.precision))
        if lo and hi:
            return _unresolved("range")
    value = _rule_based(t, published, tense)
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
