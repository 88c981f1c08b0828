from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from crosscheck.detectors.temporal import TemporalConflict
from crosscheck.model import Pair

DET = TemporalConflict()


def test_non_overlapping_dates_of_the_same_event(pair: Callable[..., Pair]) -> None:
    p = pair(
        "The new consulate in Lyon will open in the first half of this year, officials said.",
        "The consulate in Lyon could open in September.",
        similarity=0.6,
    )
    (f,) = DET.check(p)
    assert f.detector == "CC101" and f.severity.label == "error"
    assert f.values == {"a.txt": "2024-01-01..2024-06-30", "b.txt": "2024-09-01..2024-09-30"}
    assert [e.line for e in f.evidence] == [1, 1]


def test_precision_difference_is_not_a_conflict(pair: Callable[..., Pair]) -> None:
    assert DET.check(pair("The treaty was signed on March 3.", "The treaty was signed in early 2024.", 0.9)) == []
    assert DET.check(pair("The treaty was signed on March 3.", "The treaty was signed in March.", 0.9)) == []


def test_dates_of_different_predicates_are_not_compared(pair: Callable[..., Pair]) -> None:
    p = pair("Inspectors arrived in the city in May.", "The plant will close in August.", 0.7)
    assert DET.check(p) == []


def test_far_apart_years_need_a_near_identical_statement(pair: Callable[..., Pair]) -> None:
    a, b = (
        "The president visited the northern province in 1998.",
        "The president visited the northern province in 2015.",
    )
    assert DET.check(pair(a, b, 0.6)) == []
    assert len(DET.check(pair(a, b, 0.9))) == 1


def test_deictic_dates_from_different_publication_days_are_different_moments(pair: Callable[..., Pair]) -> None:
    p = pair(
        "A delegation will visit the capital this week.",
        "A delegation visited the capital last Tuesday.",
        0.8,
        pub_a=dt.date(2024, 6, 12),
        pub_b=dt.date(2024, 4, 28),
    )
    assert DET.check(p) == []


def test_unresolved_dates_are_never_compared(pair: Callable[..., Pair]) -> None:
    p = pair("The bridge reopens this month.", "The bridge reopens in December.", 0.9, pub_a=None, pub_b=None)
    assert DET.check(p) == []


def test_a_plan_and_a_past_occurrence_years_apart_are_two_events(pair: Callable[..., Pair]) -> None:
    p = pair(
        "A trade delegation will visit the capital this week.", "In 2016 a trade delegation visited the capital.", 0.65
    )
    assert DET.check(p) == []


def test_two_plans_years_apart_conflict(pair: Callable[..., Pair]) -> None:
    p = pair(
        "The tram line will open in 2026, the mayor said.", "The tram line will open in 2029, the mayor said.", 0.65
    )
    assert len(DET.check(p)) == 1


def test_ranges_that_overlap_but_start_apart_conflict(pair: Callable[..., Pair]) -> None:
    p = pair("Kemp played Grant from 1990-1999 on the show.", "Kemp played Grant from 1992-1999 on the show.", 0.95)
    (f,) = TemporalConflict().check(p)
    assert "start or end apart" in f.summary
    same = pair("Kemp played Grant from 1990-1999 on the show.", "Kemp played Grant in 1990-99 on the show.", 0.95)
    assert TemporalConflict().check(same) == []


def test_a_range_the_entity_recogniser_splits_in_two_is_one_range(pair: Callable[..., Pair]) -> None:
    # spaCy gives "1990" and "1999" an entity each; "from ... to ..." makes them one range again.
    p = pair(
        "Kemp played Grant from 1990 to 1999 on the show.", "Kemp played Grant from 1992 to 1999 on the show.", 0.95
    )
    (f,) = DET.check(p)
    assert f.values == {"a.txt": "1990-01-01..1999-12-31", "b.txt": "1992-01-01..1999-12-31"}
    assert (
        DET.check(pair("He lived there in 1990 and moved in 1999.", "He lived there in 1990 and moved in 1999.")) == []
    )
