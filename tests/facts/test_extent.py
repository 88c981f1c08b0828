"""Extent markers (all of a thing / part of it) on sentences written for the test."""

from __future__ import annotations

from collections.abc import Callable

from crosscheck.facts.extent import ALL, PART
from crosscheck.model import Claim, FactKind


def _extents(c: Claim) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in c.facts_of(FactKind.EXTENT):
        out.setdefault(f.value, set()).update(f.scope)
    return out


def test_all_of_a_thing_and_the_places_it_is_in(claim: Callable[..., Claim]) -> None:
    c = claim("The storm caused the loss of all power in the port city of Varna.")
    got = _extents(c)
    assert {"power", "varna", "loss"} <= got[ALL] and PART not in got


def test_a_part_inside_a_whole_keeps_its_own_things(claim: Callable[..., Claim]) -> None:
    c = claim("Floods cut all roads in the town of Ruse and parts of the Danube plain.")
    got = _extents(c)
    assert "ruse" in got[ALL] and "danube" not in got[ALL]
    assert "danube" in got[PART]


def test_part_adverbs_measure_the_object_or_a_passive_subject(claim: Callable[..., Claim]) -> None:
    assert "bridge" in _extents(claim("The blast partially destroyed the old bridge in Mostar."))[PART]
    assert "water" in _extents(claim("Water was partly restored in the capital on Friday."))[PART]


def test_where_and_membership_are_not_extents(claim: Callable[..., Claim]) -> None:
    assert _extents(claim("The pipeline runs through the northern part of Chad.")) == {}
    assert _extents(claim("The new terminal is part of a larger plan.")) == {}
    assert _extents(claim("The road goes all the way to the coast.")) == {}
    # what "all" quantifies is the sides, not the question they are of
    assert "pension" not in _extents(claim("People on all sides of the pension question welcomed it."))[ALL]
