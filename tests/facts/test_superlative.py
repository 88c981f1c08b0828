"""Superlative descriptions and the names that fill them, on sentences written for the test."""

from __future__ import annotations

from collections.abc import Callable

from crosscheck.model import Claim, FactKind


def _filled(c: Claim) -> list[tuple[str, str, set[str]]]:
    return [(f.unit, f.anchor, {n.lower() for n in f.value}) for f in c.facts_of(FactKind.SUPERLATIVE)]


def test_hyphenated_and_predicative_degree_are_one_description(claim: Callable[..., Claim]) -> None:
    (a,) = _filled(claim("Officials said the hardest-hit towns were Lorca and Murcia."))
    (b,) = _filled(claim("The towns of Totana and Alhama were worst hit, officials said."))
    assert a[:2] == b[:2] and a[1] == "town"
    assert a[2] == {"lorca", "murcia"} and b[2] == {"totana", "alhama"}


def test_apposition_and_copula_fill_an_adjective_superlative(claim: Callable[..., Claim]) -> None:
    ((unit, noun, names),) = _filled(claim("The largest shareholder is Norges Bank, the filing shows."))
    assert (unit, noun) == ("largest", "shareholder") and names == {"norges bank"}
    ((_, _, names),) = _filled(claim("Lorca, the worst-hit town, lost its church tower."))
    assert names == {"lorca"}


def test_a_superlative_without_a_name_gives_nothing(claim: Callable[..., Claim]) -> None:
    assert _filled(claim("It was the strongest storm to reach the coast in decades.")) == []
