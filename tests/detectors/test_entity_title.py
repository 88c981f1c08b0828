from __future__ import annotations

from collections.abc import Callable

from crosscheck.detectors.entity import EntityConflict
from crosscheck.detectors.title import TitleConflict
from crosscheck.model import Pair
from crosscheck.names import same_name


def test_same_name_tolerates_longer_and_shorter_forms() -> None:
    assert same_name("Carlos Miguel Pereira", "Carlos Miguel Pereira Hernández")
    assert same_name("Chung", "Chung Byung-won")
    assert same_name("United Nations", "UN")
    assert not same_name("Seoul", "Havana")


def test_place_swapped_in_the_same_slot(pair: Callable[..., Pair]) -> None:
    p = pair(
        "The foreign ministers met in Geneva on Monday to discuss the ceasefire.",
        "The foreign ministers met in Vienna on Monday to discuss the ceasefire.",
        0.9,
    )
    (f,) = EntityConflict().check(p)
    assert set(f.values.values()) == {"Geneva", "Vienna"}


def test_longer_name_is_not_a_swap(pair: Callable[..., Pair]) -> None:
    p = pair("Maria Lopez met the union leaders in Madrid.", "Maria Lopez Garcia met the union leaders in Madrid.", 0.9)
    assert EntityConflict().check(p) == []


def test_rank_differs_for_the_same_person(pair: Callable[..., Pair]) -> None:
    p = pair(
        "Foreign Minister Anna Berg arrived in Oslo on Friday.",
        "Deputy Foreign Minister Anna Berg arrived in Oslo on Friday.",
    )
    (f,) = TitleConflict().check(p)
    assert f.kind == "title"


def test_same_rank_worded_differently_is_fine(pair: Callable[..., Pair]) -> None:
    p = pair("Deputy Minister for Trade Anna Berg arrived in Oslo.", "Deputy Trade Minister Anna Berg arrived in Oslo.")
    assert TitleConflict().check(p) == []


def test_a_place_named_less_precisely_is_not_a_swap(pair: Callable[..., Pair]) -> None:
    less = pair(
        "Activists poured paint on the road in London on Thursday.",
        "Activists poured paint on the road in Britain on Thursday.",
        0.9,
    )
    assert EntityConflict().check(less) == []
    other = pair(
        "Activists poured paint on the road in London on Thursday.",
        "Activists poured paint on the road in France on Thursday.",
        0.9,
    )
    (f,) = EntityConflict().check(other)
    assert set(f.values.values()) == {"London", "France"}


def test_a_nationality_swapped_in_the_same_slot(pair: Callable[..., Pair]) -> None:
    (f,) = EntityConflict().check(
        pair(
            "Protesters gathered outside the Russian embassy on Friday.",
            "Protesters gathered outside the Mexican embassy on Friday.",
            0.85,
        )
    )
    assert set(f.values.values()) == {"Russia", "Mexico"}
    assert "Russian" in f.summary and "Mexican" in f.summary
    same = pair("The Chinese delegation arrived on Monday.", "The Chinese delegation arrived in Seoul on Monday.", 0.85)
    assert EntityConflict().check(same) == []


def test_former_or_acting_is_when_not_which_post(pair: Callable[..., Pair]) -> None:
    p = pair(
        "Former President Lena Holm praised the court's decision on Tuesday.",
        "President Lena Holm praised the court's decision on Tuesday.",
        0.9,
    )
    assert TitleConflict().check(p) == []
    vice = pair(
        "Vice President Lena Holm praised the court's decision on Tuesday.",
        "President Lena Holm praised the court's decision on Tuesday.",
        0.9,
    )
    assert len(TitleConflict().check(vice)) == 1  # another post: the rule itself still reads these titles


def test_a_title_in_apposition_is_compared(pair: Callable[..., Pair]) -> None:
    p = pair(
        "Peter Lund, then an assistant district attorney, met the witness in 1981.",
        "Peter Lund, then a district attorney, met the witness in 1981.",
        0.9,
    )
    (f,) = TitleConflict().check(p)
    assert "assistant" in f.summary
