from __future__ import annotations

from collections.abc import Callable

import pytest

from crosscheck.facts.numbers import duration, parse_amount
from crosscheck.model import Claim, FactKind


@pytest.mark.parametrize(
    ("text", "value", "unit", "qualifier"),
    [
        ("$14 million", 14e6, "USD", "exact"),
        ("some $7 million", 7e6, "USD", "approx"),
        ("around 14,000", 14000, "", "approx"),
        ("more than 300", 300, "", "lower"),
        ("11 million", 11e6, "", "exact"),
        ("193rd", 193, "ordinal", "exact"),
        ("six", 6, "", "exact"),
        ("2.5 billion euros", 2.5e9, "EUR", "exact"),
        ("12%", 12, "%", "exact"),
        ("40 percent", 40, "%", "exact"),
    ],
)
def test_parse_amount(text: str, value: float, unit: str, qualifier: str) -> None:
    amount = parse_amount(text)
    assert amount is not None
    assert amount.value == pytest.approx(value)
    assert (amount.unit, amount.qualifier) == (unit, qualifier)


def test_resolution_follows_written_precision() -> None:
    a, b = parse_amount("14 million"), parse_amount("13.8 million")
    assert a is not None and b is not None
    assert a.resolution == 1e6 and b.resolution == pytest.approx(1e5)


def test_not_a_number() -> None:
    assert parse_amount("several") is None


@pytest.mark.parametrize(
    ("text", "count", "unit", "rel"),
    [
        ("35 years", 35, "year", ""),
        ("a 10-year", 10, "year", ""),
        ("the 27-year-old", 27, "year", "old"),
        ("30 years ago", 30, "year", "ago"),
        ("about 20 years", 20, "year", ""),
        ("two years earlier", 2, "year", "earlier"),
        ("a decade", 1, "decade", ""),
        ("an hour", 1, "hour", ""),
    ],
)
def test_durations_and_ages_are_counts(text: str, count: float, unit: str, rel: str) -> None:
    found = duration(text)
    assert found is not None and (found[0].value, found[1], found[2]) == (count, unit, rel)


@pytest.mark.parametrize("text", ["Thursday", "1988", "March 2024", "last year", "this week"])
def test_dates_are_not_durations(text: str) -> None:
    assert duration(text) is None


def test_a_small_count_is_exact_a_large_round_one_is_rounded() -> None:
    ten, forty, six_hundred = parse_amount("10"), parse_amount("40"), parse_amount("600")
    assert ten is not None and ten.resolution == 1  # "10 killed" disputes "12 killed"
    assert forty is not None and forty.resolution == 1
    assert six_hundred is not None and six_hundred.resolution == 100  # "600" agrees with 612


def test_a_year_glued_to_the_next_sentence_is_no_count(claim: Callable[..., Claim]) -> None:
    c = claim("The two men had worked together in 2007.The driver won three races that year.")
    values = [f.value for f in c.facts_of(FactKind.NUMBER)]
    assert 2007 not in values and 3 in values
