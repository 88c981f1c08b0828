"""The grammar of the time expressions news writes, as a table of rules, and the calendar they use.

Every value is resolved against the article's publication date (never today's); without one, what
needs it comes back *unresolved*.  ``time.resolve`` tries these rules first and dateparser for the
long tail.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable

from crosscheck.model import TimeValue

MONTHS = {name: i for i in range(1, 13) for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())}
MONTHS["sept"] = 9
WEEKDAYS = {calendar.day_name[i].lower(): i for i in range(7)}
_ORD = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
MONTH_RE = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY_RE = r"(?P<wd>" + "|".join(WEEKDAYS) + r")"
_REL = r"(?P<rel>this|last|next|previous|coming|current|the|past)"
# Vague spans ("in recent years", "for decades") name no comparable time.
VAGUE = re.compile(
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


def month_of(y: int, m: int, precision: str = "month") -> TimeValue:
    return TimeValue(dt.date(y, m, 1), dt.date(y, m, calendar.monthrange(y, m)[1]), precision)


def _months(y: int, first: int, last: int, precision: str) -> TimeValue:
    return TimeValue(dt.date(y, first, 1), dt.date(y, last, calendar.monthrange(y, last)[1]), precision)


def year_of(y: int) -> TimeValue:
    return TimeValue(dt.date(y, 1, 1), dt.date(y, 12, 31), "year")


def unresolved(precision: str) -> TimeValue:
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


def clean(text: str) -> str:
    text = text.lower().replace("’", "'").replace("–", "-").replace("—", "-")
    text = re.sub(r"[,]", " ", text)
    text = re.sub(r"\s+", " ", text).strip(" .")
    return _PREFIX.sub("", text)


# --- the grammar: one rule per shape of expression, tried in order ----------------------------------
# Each rule is the patterns it reads (the first that matches the whole cleaned text wins) and what it
# makes of the match; a rule that returns None lets the later ones try ("early" + something that is
# no period).  The article's publication date is the only "now".


def _iso(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    return _day(int(m[1]), int(m[2]), int(m[3]))


def _decade(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    if m[1]:
        y = int(m[1])
        return TimeValue(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade")
    if m[3]:
        # "the '80s": the latest such decade that has begun by the article's date
        if pub is None:
            return unresolved("decade")
        y = (pub.year // 100) * 100 + int(m[3])
        y -= 100 if y > pub.year else 0
        return TimeValue(dt.date(y, 1, 1), dt.date(y + 9, 12, 31), "decade")
    return None  # "90s" alone: an age or a count, not a decade


def _a_year(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    return year_of(int(m[1]))


def _ordinal_year(m: re.Match[str], pub: dt.date | None) -> int | None:
    """The year of "the first half of this year" / "H1 2024" / "the third quarter"; None: no date to say."""
    if m["y"]:
        return int(m["y"])
    return None if pub is None else _rel_year(m.groupdict().get("rel"), pub)


def _half(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    half = int(m.groupdict().get("ordn") or _ORD[m["ord"]])
    year = _ordinal_year(m, pub)
    return unresolved("half") if year is None else _months(year, 1 if half == 1 else 7, 6 if half == 1 else 12, "half")


def _quarter(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    q = int(m.groupdict().get("ordn") or _ORD[m["ord"]])
    year = _ordinal_year(m, pub)
    return unresolved("quarter") if year is None else _months(year, 3 * q - 2, 3 * q, "quarter")


def _part(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    inner = rule_based(clean(m["rest"]), pub, tense)
    if inner is not None and inner.precision in ("year", "month", "half", "quarter"):
        return _part_of(inner, m["part"]) if inner.resolved else unresolved(f"part of {inner.precision}")
    return None


def _relative_unit(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    if pub is None:
        return unresolved(m["unit"])
    rel = m["rel"]
    if m["unit"] == "year":
        return year_of(_rel_year(rel, pub))
    if m["unit"] == "month":
        y, mo = pub.year, pub.month
        if rel in ("last", "previous", "past"):
            y, mo = (y, mo - 1) if mo > 1 else (y - 1, 12)
        elif rel in ("next", "coming"):
            y, mo = (y, mo + 1) if mo < 12 else (y + 1, 1)
        return month_of(y, mo)
    if m["unit"] == "quarter":
        q = (pub.month - 1) // 3 + 1
        return _months(pub.year, 3 * q - 2, 3 * q, "quarter")
    monday = pub - dt.timedelta(days=pub.weekday())
    shift = {"last": -7, "previous": -7, "past": -7, "next": 7, "coming": 7}.get(rel, 0)
    start = monday + dt.timedelta(days=shift)
    return TimeValue(start, start + dt.timedelta(days=6), "week")


def _deictic_day(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    if pub is None:
        return unresolved("day")
    day = pub + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get(m[0], 0))
    return TimeValue(day, day, "day")


def _named_weekday(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    return unresolved("day") if pub is None else _weekday(WEEKDAYS[m["wd"]], m["rel"], pub, tense)


def _month_day_year(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    month = MONTHS[m["month"]]
    if m["y"]:
        year = int(m["y"])
    elif pub is None:
        return unresolved("day" if m["d"] else "month")
    else:
        year = _year_of_month(month, pub, tense)
    return _day(year, month, int(m["d"])) if m["d"] else month_of(year, month)


def _relative_month(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    """ "last April": the latest April before the article, "next April" the first after it."""
    if pub is None:
        return unresolved("month")
    month = MONTHS[m["month"]]
    if m["rel"] in ("last", "previous"):
        return month_of(pub.year if month < pub.month else pub.year - 1, month)
    if m["rel"] in ("next", "coming"):
        return month_of(pub.year if month > pub.month else pub.year + 1, month)
    return month_of(pub.year, month)


def _month_of_relative_year(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    if pub is None:
        return unresolved("day" if m["d"] else "month")
    year = _rel_year(m["rel"], pub)
    return _day(year, MONTHS[m["month"]], int(m["d"])) if m["d"] else month_of(year, MONTHS[m["month"]])


def _day_of_this_month(m: re.Match[str], pub: dt.date | None, tense: Tense) -> TimeValue | None:
    return unresolved("day") if pub is None else _day(pub.year, pub.month, int(m[1]))


Rule = tuple[tuple[re.Pattern[str], ...], Callable[[re.Match[str], dt.date | None, Tense], TimeValue | None]]
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th)?"
RULES: tuple[Rule, ...] = (
    ((re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ t][\d:]+)?"),), _iso),
    ((re.compile(r"(\d{4})s|(\d{2})s|(?:the )?'(\d{2})s"),), _decade),
    # "2018", "the full year of 2023", "the 2012 season", "the 2016 election": a year
    (
        (
            re.compile(
                r"(?:year |(?:full|calendar|whole|entire) year (?:of )?)?(\d{4})"
                r"(?: (?!(?:hours?|hrs|minutes?|mins|seconds?|secs|gmt|utc|bst|[ap]m)$)[a-z]+)?"
            ),
        ),
        _a_year,
    ),
    # halves and quarters: "the first half of this year", "H1 2024", "the third quarter"
    (
        (
            re.compile(r"(?P<ord>first|second|1st|2nd) half(?: of)?(?: (?:(?:" + _REL + r") year|(?P<y>\d{4})))?"),
            re.compile(r"h(?P<ordn>[12])(?: (?P<y>\d{4}))?"),
        ),
        _half,
    ),
    (
        (
            re.compile(
                r"(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?(?: (?:(?:"
                + _REL
                + r") year|(?P<y>\d{4})))?"
            ),
            re.compile(r"q(?P<ordn>[1-4])(?: (?P<y>\d{4}))?"),
        ),
        _quarter,
    ),
    # early / mid / late + a year or a month: "early 2024", "late last year", "mid-July"
    ((re.compile(r"(?P<part>early|mid|late|(?:the )?(?:end|beginning|start) of)[- ]?(?P<rest>.+)"),), _part),
    ((re.compile(_REL + r" (?P<unit>year|month|week|quarter)"),), _relative_unit),
    ((re.compile(r"today|tonight|this morning|this afternoon|this evening|yesterday|tomorrow"),), _deictic_day),
    (
        (re.compile(r"(?:" + _REL + r" )?" + _WEEKDAY_RE + r"(?: (?:morning|afternoon|evening|night))?"),),
        _named_weekday,
    ),
    # "Feb. 14", "February 14, 2024", "14 February 2024", "July", "July 2015"
    (
        (
            re.compile(MONTH_RE + r"(?: " + _DAY + r")?(?: (?:of )?(?P<y>\d{4}))?"),
            re.compile(_DAY + r" (?:of )?" + MONTH_RE + r"(?: (?P<y>\d{4}))?"),
        ),
        _month_day_year,
    ),
    ((re.compile(r"(?P<rel>this|last|next|previous|coming) " + MONTH_RE),), _relative_month),
    # "May last year", "April 2 this year", "2 April next year"
    (
        (
            re.compile(MONTH_RE + r"(?: " + _DAY + r")? (?P<rel>this|last|next) year"),
            re.compile(_DAY + r" (?:of )?" + MONTH_RE + r" (?P<rel>this|last|next) year"),
        ),
        _month_of_relative_year,
    ),
    ((re.compile(r"(?:the )?(\d{1,2})(?:st|nd|rd|th)(?: of (?:this|the) month)?"),), _day_of_this_month),
)


def rule_based(t: str, pub: dt.date | None, tense: Tense) -> TimeValue | None:
    """The first rule that reads the whole of ``t`` (cleaned) and makes a value of it; None if none does."""
    for patterns, make in RULES:
        m = next((found for p in patterns if (found := p.fullmatch(t)) is not None), None)
        if m is not None:
            value = make(m, pub, tense)
            if value is not None:
                return value
    return None
