from __future__ import annotations

from collections.abc import Callable

from crosscheck.detectors.numeric import NumericConflict
from crosscheck.model import FactKind, Pair

DET = NumericConflict()


def test_different_amounts_for_the_same_quantity(pair: Callable[..., Pair]) -> None:
    (f,) = DET.check(
        pair(
            "The country exported $14 million in goods last year.",
            "The country exported $41 million in goods last year.",
        )
    )
    assert f.values == {"a.txt": "USD 14,000,000", "b.txt": "USD 41,000,000"}


def test_counts_of_the_same_noun(pair: Callable[..., Pair]) -> None:
    assert (
        len(
            DET.check(
                pair(
                    "Police arrested 12 protesters near the embassy.", "Police arrested 30 protesters near the embassy."
                )
            )
        )
        == 1
    )


def test_rounding_and_approximation_are_not_conflicts(pair: Callable[..., Pair]) -> None:
    assert DET.check(pair("Exports reached $14 million.", "Exports reached $13.8 million.")) == []
    assert (
        DET.check(pair("Around 14,000 tourists visited the island.", "About 13,000 tourists visited the island.")) == []
    )


def test_lower_bound_is_consistent_with_a_larger_number(pair: Callable[..., Pair]) -> None:
    assert DET.check(pair("More than 300 people were evacuated.", "Some 450 people were evacuated.")) == []
    assert len(DET.check(pair("More than 300 people were evacuated.", "Exactly 120 people were evacuated."))) == 1


def test_different_units_are_not_compared(pair: Callable[..., Pair]) -> None:
    assert DET.check(pair("The firm hired 40 engineers in March.", "The firm hired 12 lawyers in March.")) == []


def test_counts_of_time_for_the_same_event(pair: Callable[..., Pair]) -> None:
    # Without publication dates "20 years ago" cannot be placed in time, but it is still a count.
    undated = {"pub_a": None, "pub_b": None}
    (f,) = DET.check(pair("He died 35 years ago in Sydney.", "He died 20 years ago in Sydney.", **undated))
    assert f.values == {"a.txt": "35 years ago", "b.txt": "20 years ago"}
    assert DET.check(pair("The senator served 12 years in office.", "The senator served 8 years in office.", **undated))
    # Ages and durations are different units, and counts for different events are not compared.
    assert DET.check(pair("The 27-year-old died 35 years ago.", "He died 35 years ago.", **undated)) == []
    assert DET.check(pair("He died 35 years ago.", "He moved there 20 years ago.", **undated)) == []
    # With dates, "ago" is a time (the temporal detector's business), not also a number.
    assert DET.check(pair("He died 35 years ago in Sydney.", "He died 20 years ago in Sydney.")) == []


def test_close_paraphrases_with_one_count_of_time_each_compare_it_whatever_the_parse_hangs_it_on(
    pair: Callable[..., Pair],
) -> None:
    undated = {"pub_a": None, "pub_b": None}
    source = "An Australian pleaded guilty on Thursday to manslaughter in the death 35 years ago of an American."
    moved = "An Australian has pleaded guilty to manslaughter in the death 20 years ago of an American."
    # The parser hangs "35 years ago" on "manslaughter" here and "20 years ago" on "pleaded" there.
    (f,) = DET.check(pair(moved, source, 0.93, **undated))
    assert f.values == {"a.txt": "20 years ago", "b.txt": "35 years ago"}
    # Less alike, the two counts may be of two events.
    assert DET.check(pair(moved, source, 0.7, **undated)) == []
    # Two counts of one unit in a sentence: which one the other sentence gives is not known.
    both = "An Australian was charged 3 years ago with manslaughter in the death 20 years ago of an American."
    assert DET.check(pair(both, source, 0.9, **undated)) == []


def test_a_figure_the_other_sentence_also_gives_is_not_disputed(pair: Callable[..., Pair]) -> None:
    # A line with several figures for one unit against a sentence that repeats one of them: the
    # second says less, not something else, whichever side is read first.
    many = "He scored 22 goals for Madrid, 13 goals for Valladolid and 17 goals for Rayo this season."
    one = "He has scored 17 goals for Rayo this season."
    assert DET.check(pair(many, one)) == []
    assert DET.check(pair(one, many)) == []
    assert DET.check(pair("Exports reached $14 million and imports $10 million.", "Exports reached $14 million.")) == []
    # When none of the figures matches, the sentences still disagree.
    (f,) = DET.check(pair(many, "He has scored 19 goals for Rayo this season."))
    assert f.values["b.txt"] == "19"


def test_one_in_five_is_a_share_not_a_count_of_five(pair: Callable[..., Pair]) -> None:
    # Read as "five divorcees", it disputed "7,687 people were surveyed" in the article.
    one_in_five = "One in five divorcees who stop work this year will retire with debts."
    (f,) = pair(one_in_five, "Some 7,687 people were surveyed.").a.facts_of(FactKind.NUMBER)
    assert (f.text, f.unit, round(f.value)) == ("One in five", "%", 20)
    assert (
        DET.check(pair(one_in_five, "About 20 per cent of divorcees who stop work this year retire with debts.")) == []
    )
    assert (
        DET.check(pair(one_in_five, "Nearly one in five divorcees who stop work this year will retire with debts."))
        == []
    )
    (f,) = DET.check(pair(one_in_five, "Three in four divorcees who stop work this year will retire with debts."))
    assert f.values == {"a.txt": "about 20%", "b.txt": "about 75%"}


def test_shares_of_different_things_are_not_compared(pair: Callable[..., Pair]) -> None:
    p = pair(
        "By 2060 immigrants could account for 82 per cent of all population growth.",
        "That number could rise to one in five residents by 2060.",
        0.7,
    )
    assert DET.check(p) == []
    # The same share, changed: the predicate is the same.
    (f,) = DET.check(pair("Unemployment rose to 5 per cent in May.", "Unemployment rose to 7 per cent in May.", 0.9))
    assert f.values == {"a.txt": "5%", "b.txt": "7%"}
