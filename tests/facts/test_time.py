from __future__ import annotations

import datetime as dt

import pytest

from crosscheck.facts.time import is_deictic, resolve

JUNE = dt.date(2024, 6, 12)  # a Wednesday


def d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


@pytest.mark.parametrize(
    ("text", "start", "end", "precision"),
    [
        ("the first half of this year", "2024-01-01", "2024-06-30", "half"),
        ("the second half of last year", "2023-07-01", "2023-12-31", "half"),
        ("in July", "2024-07-01", "2024-07-31", "month"),
        ("last month", "2024-05-01", "2024-05-31", "month"),
        ("this week", "2024-06-10", "2024-06-16", "week"),
        ("on the 14th", "2024-06-14", "2024-06-14", "day"),
        ("Feb. 14", "2024-02-14", "2024-02-14", "day"),
        ("February 14, 2023", "2023-02-14", "2023-02-14", "day"),
        ("the third quarter of 2022", "2022-07-01", "2022-09-30", "quarter"),
        ("2018", "2018-01-01", "2018-12-31", "year"),
        ("the 1920s", "1920-01-01", "1929-12-31", "decade"),
        ("on Monday", "2024-06-10", "2024-06-10", "day"),
        ("yesterday", "2024-06-11", "2024-06-11", "day"),
        ("May last year", "2023-05-01", "2023-05-31", "month"),
    ],
)
def test_resolve_against_publication_date(text: str, start: str, end: str, precision: str) -> None:
    value = resolve(text, JUNE)
    assert value is not None
    assert (value.start, value.end, value.precision) == (d(start), d(end), precision)


def test_early_year_is_a_part_of_that_year() -> None:
    value = resolve("early 2024", JUNE)
    assert value is not None and value.start == d("2024-01-01")
    assert d("2024-02-14") <= value.end < d("2024-07-01")


def test_range_of_weekdays_is_one_interval() -> None:
    value = resolve("last Wednesday to Saturday", dt.date(2024, 4, 28))  # a Sunday
    assert value is not None and (value.start, value.end) == (d("2024-04-24"), d("2024-04-27"))


@pytest.mark.parametrize(
    "text", ["this year", "last month", "this week", "July", "Feb. 14", "the first half of the year"]
)
def test_relative_expressions_stay_unresolved_without_a_publication_date(text: str) -> None:
    value = resolve(text, None)
    assert value is not None and not value.resolved


def test_absolute_dates_need_no_publication_date() -> None:
    value = resolve("July 20, 2015", None)
    assert value is not None and value.start == value.end == d("2015-07-20")


def test_tense_moves_a_bare_month_into_the_right_year() -> None:
    past = resolve("December", dt.date(2024, 2, 14), tense="past")
    future = resolve("March", dt.date(2024, 6, 12), tense="future")
    assert past is not None and past.start == d("2023-12-01")
    assert future is not None and future.start == d("2025-03-01")


@pytest.mark.parametrize("text", ["recent years", "a year", "six decades", "at the time"])
def test_vague_spans_and_durations_are_not_points_in_time(text: str) -> None:
    assert resolve(text, JUNE) is None


def test_precision_difference_overlaps() -> None:
    day, month, early = resolve("Feb. 14", JUNE), resolve("February", JUNE), resolve("early 2024", JUNE)
    assert day and month and early
    assert day.overlaps(month) and month.overlaps(early) and day.overlaps(early)


def test_deictic_expressions() -> None:
    assert is_deictic("last Wednesday") and is_deictic("this week")
    assert not is_deictic("July 2024") and not is_deictic("Feb. 14")


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("the full year of 2023", "2023-01-01", "2023-12-31"),
        ("the 2012 season", "2012-01-01", "2012-12-31"),
        ("1990-1999", "1990-01-01", "1999-12-31"),
        ("1990-99", "1990-01-01", "1999-12-31"),
        ("the 2012-13 season", "2012-01-01", "2013-12-31"),
        ("between 2010 and 2050", "2010-01-01", "2050-12-31"),
        ("April 9 - 11", "2024-04-09", "2024-04-11"),  # dateparser had read "11" as the year 2011
        ("9-11 April 2015", "2015-04-09", "2015-04-11"),
        ("last April", "2024-04-01", "2024-04-30"),  # the latest April before a June article
        ("last September", "2023-09-01", "2023-09-30"),
        ("next March", "2025-03-01", "2025-03-31"),
        ("on April 2 this year", "2024-04-02", "2024-04-02"),
        ("2 April last year", "2023-04-02", "2023-04-02"),
    ],
)
def test_ranges_written_short_year_labels_and_months_with_last_or_next(text: str, start: str, end: str) -> None:
    value = resolve(text, JUNE)
    assert value is not None and (value.start, value.end) == (d(start), d(end))


def test_a_clock_time_is_not_a_year() -> None:
    value = resolve("1500 hours", JUNE)
    assert value is None or value.start != d("1500-01-01")


@pytest.mark.parametrize("text", ["last April", "next March"])
def test_a_month_from_last_or_next_stays_unresolved_without_a_publication_date(text: str) -> None:
    value = resolve(text, None)
    assert value is not None and not value.resolved and value.precision == "month"


def test_two_ranges_agree_only_when_they_start_and_end_alike_at_the_coarser_grain() -> None:
    nineties, later = resolve("1990-1999", JUNE), resolve("from 1992 to 1999", JUNE)
    months, days = resolve("from May to July 2023", JUNE), resolve("May 3 to July 30, 2023", JUNE)
    year = resolve("1995", JUNE)
    assert nineties and later and months and days and year
    assert nineties.overlaps(later) and not nineties.agrees(later)
    assert months.agrees(days) and days.agrees(months)
    assert year.agrees(nineties) and nineties.agrees(year)  # a range against a single period: overlap decides


def test_a_date_the_recogniser_runs_into_the_next_clause_is_cut_back() -> None:
    from crosscheck.model import FactKind
    from tests.conftest import make_claim

    c = make_claim(
        "On February 28, after months of quiet talks in New York, the two countries established relations.",
        published=dt.date(2024, 3, 1),
    )
    (f,) = c.facts_of(FactKind.TIME)
    assert f.text == "February 28" and str(f.value) == "2024-02-28"
