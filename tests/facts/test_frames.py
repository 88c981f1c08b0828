"""The slot a value fills (facts/frames.py), read from real parses."""

from __future__ import annotations

from crosscheck.model import Fact, FactKind
from tests.conftest import make_claim


def _number(text: str, surface: str) -> Fact:
    facts = [f for f in make_claim(text).facts_of(FactKind.NUMBER) if surface in f.text]
    assert facts, f"no number {surface!r} in {text!r}"
    return facts[0]


def test_a_count_inside_a_compound_is_a_size_not_an_event() -> None:
    f = _number("One bomb hit a 200-student schoolhouse but did not explode.", "200")
    assert f.unit == "student" and f.event == ""


def test_a_width_is_not_a_distance() -> None:
    f = _number("The correspondent saw a crater about two metres wide near the school.", "two metres")
    assert f.unit == "size"
    g = _number("The camp lies about 15 kilometres south of the border.", "15 kilometres")
    assert g.unit == "km" and g.bearing == 180


def test_a_place_noun_is_scoped_by_its_name() -> None:
    a = _number("A quake killed more than 26,000 people in the ancient city of Bam.", "26,000")
    b = _number("An earlier quake killed 600 people in the city of Zarand.", "600")
    assert "in bam" in a.scope and "in zarand" in b.scope


def test_one_named_member_is_a_part_not_a_count() -> None:
    f = _number("The party has 51 votes because one member, Senator John Isakson, is recovering.", "one")
    assert f.subset


def test_reference_place_after_a_parenthesis() -> None:
    f = _number("Qeshm, located 1,150 kilometers (700 miles) southeast of Tehran, has a busy port.", "1,150")
    assert f.unit == "km" and f.bearing == 135 and f.scope == ("of tehran",)
