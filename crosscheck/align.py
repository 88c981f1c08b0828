"""Facts aligned across sources: which values speak of one slot, and whether they disagree.

Pairing finds sentences that look alike; that is not enough to compare their figures.  A
background toll ("killed more than 26,000 in Bam in 2003") is not today's toll, an injury count
is not a death toll, a count of a part ("30 of the 80 wounded") is not the total, and the same
toll told with other words ("50 hurt" / "injuring 80") must still meet.  So two values are
compared only when their *slots* align (facts/frames.py): the same kind of measure, the same
event class, compatible scopes, and sentences that are not anchored to different occasions.
``slots`` joins the aligned values of a whole story into one slot per fact and finds the disputed ones.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from crosscheck import places
from crosscheck.facts.frames import events_align
from crosscheck.facts.lexicon import COVERS, SPEECH
from crosscheck.facts.numbers import DURATION_PREFIX, consistent
from crosscheck.facts.syntax import arguments_align, participants_of
from crosscheck.facts.time import START
from crosscheck.model import Claim, Fact, FactKind, TimeValue
from crosscheck.names import same_name

# Sentences less alike than this are about different things whatever their values' slots say.
MIN_SIMILARITY = 0.35
# A date of a statement ("said on Monday"), dates written from different days ("Tuesday" in a
# paper of the 13th, "Monday" in one of the 12th) and dates years apart, one of them past, name
# one occasion only in close paraphrases: remarks on different days are different remarks.
SAME_STATEMENT = 0.75
FAR_APART_DAYS = 366
SAME_EVENT = 0.85  # two sentences this alike state one event, whatever predicate a figure hangs on
OCCASION_WINDOW = 7  # days: two dates of a sentence's setting this close are one occasion
APART_DAYS = 180  # articles written further apart than this tell different occasions' values
STORY_DAYS = 90  # undated figures of articles written further apart than this are of different occasions
BACKGROUND_DAYS = 45  # a sentence dated this long before its article speaks of an earlier event
CLOCK_TOLERANCE = (15, 30)  # minutes: both to the minute / either rounded ("3 p.m.", "about 12:00")
MEASURES = frozenset({"population", "magnitude", "km", "sq km"})  # a slot of their own, whatever the verb
# Predicates that only attach a count to its owner ("a camp of 20,000 refugees", "has 350
# employees", "is home to"): they neither name another event nor disagree with one.
STATIVE = frozenset({"", "be", "have", "consist", "include", "number", "total", "contain", "comprise", "house"})
SUBJECT_PRONOUNS = ("it ", "this ", "the quake ", "the attack ")


@dataclass(frozen=True, slots=True)
class Value:
    """One typed value of one claim."""

    claim: Claim
    fact: Fact

    @property
    def doc_id(self) -> str:
        return self.claim.doc_id

    @property
    def key(self) -> tuple[str, int, int, int]:
        s = self.claim.sentence
        return (s.doc_id, s.index, self.fact.start, self.fact.end)


# --- agreement -----------------------------------------------------------------------------------


def _clock_agrees(a: Fact, b: Fact) -> bool:
    (ma, _), (mb, _) = a.value, b.value
    tolerance = CLOCK_TOLERANCE[0] if a.qualifier == b.qualifier == "exact" else CLOCK_TOLERANCE[1]
    return bool(abs(ma - mb) <= tolerance)


def _bearing_agrees(a: Fact, b: Fact) -> bool:
    """ "55 km west of X" and "55 km south of X" place it differently; south and south-east do not."""
    if a.bearing is None or b.bearing is None:
        return True
    gap = abs(a.bearing - b.bearing) % 360
    return min(gap, 360 - gap) < 90


def agree(a: Fact, b: Fact) -> bool:
    """Could both values be true of one slot?"""
    if a.kind is FactKind.NUMBER:
        return consistent(a, b) and _bearing_agrees(a, b)
    if a.kind is FactKind.CLOCK:
        return _clock_agrees(a, b)
    va, vb = a.value, b.value
    assert isinstance(va, TimeValue) and isinstance(vb, TimeValue)
    return va.agrees(vb)


# --- alignment -----------------------------------------------------------------------------------


def _scopes_fit(a: Fact, b: Fact) -> bool:
    """Scopes fit unless both are given and share nothing ("in Bener district" vs "in total")."""
    if not a.scope or not b.scope:
        return True
    words_a = {w for s in a.scope for w in s.split()[1:] or [s]}
    words_b = {w for s in b.scope for w in s.split()[1:] or [s]}
    return bool(words_a & words_b)


def covering(a: Fact, b: Fact) -> bool:
    """ "no casualties" is no dead and no injured: a zero of a whole speaks to each of its parts (while
    "10 casualties" says neither how many died nor how many were hurt)."""
    for x, y in ((a, b), (b, a)):
        for whole, parts in COVERS.items():
            if whole in x.event.split("|") and x.value == 0 and set(y.event.split("|")) & parts:
                return True
    return False


def _people_events(a: Fact, b: Fact) -> bool:
    return events_align(a.event, b.event) or covering(a, b)


def _only_one(value: Value) -> bool:
    return sum(f.unit == value.fact.unit for f in value.claim.facts_of(FactKind.NUMBER)) == 1


def _numbers_align(a: Value, b: Value, similarity: float) -> bool:
    fa, fb = a.fact, b.fact
    if fa.subset or fb.subset or not fa.unit or fa.unit != fb.unit:
        return False
    unit = fa.unit
    if unit in ("km", "sq km") and not (fa.scope and fb.scope) and similarity < SAME_EVENT:
        # a distance says nothing without the place it is measured from ("five km south of Taludi",
        # "10 miles from the border"): two bare distances meet only in near copies of one sentence
        return False
    if unit in MEASURES:
        events = True
    elif unit == "people":
        events = _people_events(fa, fb)
    elif unit.startswith(DURATION_PREFIX) or not unit.isalpha() or unit.startswith("ordinal") or unit.isupper():
        # shares, sums of money, durations, ranks: of one predicate; or the one such figure of two near
        # copies, wherever the parser hung it ("the death 35 years ago" on "manslaughter" or "pleaded")
        events = events_align(fa.event, fb.event) or (
            similarity >= SAME_EVENT and _only_one(a) and _only_one(b) and not unit.startswith("ordinal")
        )
    else:  # a counted noun: "12 worst-hit villages", "a camp of 20,000 refugees"
        events = events_align(fa.event, fb.event) or fa.event in STATIVE or fb.event in STATIVE
    return events and _scopes_fit(fa, fb)


def _far_past(va: TimeValue, ca: Claim, vb: TimeValue, cb: Claim) -> bool:
    if va.gap_days(vb) <= FAR_APART_DAYS:
        return False
    past_a = ca.published is None or (va.end is not None and va.end < ca.published)
    past_b = cb.published is None or (vb.end is not None and vb.end < cb.published)
    return past_a or past_b


def _background(value: TimeValue, published: dt.date | None) -> bool:
    return published is not None and value.end is not None and (published - value.end).days > BACKGROUND_DAYS


def _news_and_background(a: Value, b: Value) -> bool:
    """One date is the news (near its article's date), the other long before its own: an earlier event
    ("hit Iran on Sunday" / "hit Zarand in February"), not today's event misdated by months."""
    va, vb = a.fact.value, b.fact.value
    assert isinstance(va, TimeValue) and isinstance(vb, TimeValue)
    if va.gap_days(vb) <= BACKGROUND_DAYS:
        return False
    return _background(va, a.claim.published) != _background(vb, b.claim.published)


def _times_align(a: Value, b: Value, similarity: float) -> bool:
    fa, fb = a.fact, b.fact
    va, vb = fa.value, fb.value
    assert isinstance(va, TimeValue) and isinstance(vb, TimeValue)
    if not (va.resolved and vb.resolved) or not events_align(fa.event, fb.event):
        return False
    if (START in fa.qualifier.split(",")) != (START in fb.qualifier.split(",")):
        return False  # "since June" dates a beginning, "in June" may date anything after it
    deictic = "deictic" in fa.qualifier and "deictic" in fb.qualifier and a.claim.published != b.claim.published
    if deictic and va.gap_days(vb) > OCCASION_WINDOW:
        # "this week" written in June and "last Tuesday" written in April: two visits, not one misdated
        return False
    speech = SPEECH in fa.event.split("|") or SPEECH in fb.event.split("|")
    if (deictic or speech or _far_past(va, a.claim, vb, b.claim) or _news_and_background(a, b)) and (
        similarity < SAME_STATEMENT
    ):
        return False
    return _scopes_fit(fa, fb) and _participants_fit(a, b)


def _participants_fit(a: Value, b: Value) -> bool:
    """ "Díaz-Canel visited North Korea in 2018" and "Yoon visited Cuba in 2016" date two visits: a
    date is of one event only when the predicate's participants, where both name them, are alike.
    A predicate the parse gives no clause for says nothing against it."""
    pa, pb = participants_of(a.claim, [a.fact.anchor]), participants_of(b.claim, [b.fact.anchor])
    return not pa or not pb or any(arguments_align(x, y) for x in pa for y in pb)


def _setting(value: Value, context: Callable[[Claim], Claim | None]) -> list[TimeValue]:
    """The dates that place a sentence's other values: its own dates in the value's clause or the main
    one, but the one compared and those of statements ("said Monday"); a sentence opening on "It" or
    "This" has its predecessor's."""
    out = [
        f.value
        for f in value.claim.facts_of(FactKind.TIME)
        if f is not value.fact
        and isinstance(f.value, TimeValue)
        and f.value.resolved
        and SPEECH not in f.event.split("|")
        and f.clause in (0, value.fact.clause)  # "a camp of 20,000 refugees ... fighting since June"
    ]
    # "killed more than 31,000 in Bam in 2003, and 600 in Zarand in February": a date told with the
    # value's own predicate and scope sets that value, not the sentence's other clause
    own = [
        f.value
        for f in value.claim.facts_of(FactKind.TIME)
        if f is not value.fact and value.fact.scope and f.scope == value.fact.scope and f.event == value.fact.event
    ]
    if own and len(own) < len(out):
        out = [t for t in own if isinstance(t, TimeValue) and t in out] or out
    if not out and value.claim.text.lower().startswith(SUBJECT_PRONOUNS):
        before = context(value.claim)
        if before is not None:
            return _setting(Value(before, Fact(FactKind.TIME, "", None)), lambda _: None)
    return out


def _window(published: dt.date) -> TimeValue:
    return TimeValue(published - dt.timedelta(days=BACKGROUND_DAYS), published, "window")


def same_occasion(a: Value, b: Value, context: Callable[[Claim], Claim | None] = lambda _: None) -> bool:
    """Whether the two sentences' settings can be one occasion: "in December 2003" and "on Sunday"
    (2005) cannot; an undated sentence is set at its article's date, give or take BACKGROUND_DAYS."""
    ta, tb = _setting(a, context), _setting(b, context)
    if not ta and not tb:
        # two undated figures are of one occasion only when their articles were written near each other
        pa, pb = a.claim.published, b.claim.published
        return pa is None or pb is None or abs((pa - pb).days) <= STORY_DAYS
    if ta and tb:
        return any(x.gap_days(y) <= OCCASION_WINDOW for x in ta for y in tb)
    dated, undated = (ta, b.claim) if ta else (tb, a.claim)
    if undated.published is None:
        return True
    window = _window(undated.published)
    return any(t.gap_days(window) <= OCCASION_WINDOW for t in dated)


_NAMED = (FactKind.PERSON, FactKind.ORG, FactKind.PLACE)


def _names_fit(a: Claim, b: Claim) -> bool:
    """Sentences that both name people, bodies or places name at least one of them alike: "Moore
    ... elected Dec. 12" and "Labrador ... the June 19 vote" are two stories' events, however alike
    the sentences' shapes.  A sentence naming no one is no evidence either way."""
    na, nb = [str(f.value) for f in a.facts_of(*_NAMED)], [str(f.value) for f in b.facts_of(*_NAMED)]
    if not na or not nb:
        return True
    return any(same_name(x, y) or places.related(x, y) for x in na for y in nb)


def written_apart(a: Claim, b: Claim) -> bool:
    """Articles written half a year apart report one story's figures and dates only where they repeat a
    sentence: otherwise "re-election next year" (2017) and "the 2020 election" (2019) are two votes."""
    return a.published is not None and b.published is not None and abs((a.published - b.published).days) > APART_DAYS


def sentences_fit(a: Claim, b: Claim, similarity: float) -> bool:
    """Whether two sentences of different documents can give values for one slot at all."""
    if a.doc_id == b.doc_id or similarity < MIN_SIMILARITY:
        return False
    return similarity >= SAME_STATEMENT or (_names_fit(a, b) and not written_apart(a, b))


def aligned(a: Value, b: Value, similarity: float, context: Callable[[Claim], Claim | None] = lambda _: None) -> bool:
    """Whether two values of different documents fill one slot."""
    return sentences_fit(a.claim, b.claim, similarity) and values_align(a, b, similarity, context)


def values_align(a: Value, b: Value, similarity: float, context: Callable[[Claim], Claim | None]) -> bool:
    """``aligned`` once the two sentences fit: the values' own slots."""
    fa, fb = a.fact, b.fact
    if fa.kind is not fb.kind:
        return False
    if fa.kind is FactKind.NUMBER:
        ok = _numbers_align(a, b, similarity)
    elif fa.kind is FactKind.CLOCK:
        ok = fa.value[1] == fb.value[1] and events_align(fa.event, fb.event)
    else:
        return _times_align(a, b, similarity)
    return ok and same_occasion(a, b, context)


def keys(claim: Claim) -> set[tuple[str, str]]:
    """Coarse slot keys of a claim's values: two claims sharing none have no value to compare."""
    out: set[tuple[str, str]] = set()
    for f in claim.facts_of(FactKind.NUMBER, FactKind.TIME, FactKind.CLOCK):
        if f.kind is FactKind.NUMBER:
            out.add((f.kind.value, f.unit))
        else:
            out |= {(f.kind.value, e) for e in f.event.split("|")}
    return out
