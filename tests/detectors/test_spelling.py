from __future__ import annotations

from crosscheck.detectors.spelling import SpellingVariant, _fold, _variant
from crosscheck.model import Pair, Severity
from tests.conftest import make_claim


def _pair(a: str, b: str, similarity: float = 0.8) -> Pair:
    return Pair(make_claim(a, "a.txt"), make_claim(b, "b.txt"), similarity, 0.0)


def test_variant_words_and_order() -> None:
    assert _variant(_fold("Heydar Alishvandi"), _fold("Heidar Alishvandi"))
    assert _variant(_fold("Masoud Dalman"), _fold("Massoud Dalman"))
    assert _variant(_fold("Dynamic Smart Cooling"), _fold("Smart Dynamic Cooling"))
    assert not _variant(_fold("Díaz-Canel"), _fold("Diaz-Canel"))  # accents only
    assert not _variant(_fold("Kim Jong Un"), _fold("Kim Jong Il"))  # another person
    assert not _variant(_fold("Steve Einhorn"), _fold("Steven Einhorn"))  # a short form
    assert not _variant(_fold("Maria Lopez"), _fold("Maria Lopez Garcia"))  # a longer form


def test_a_name_spelt_two_ways_is_one_note_citing_both_lines() -> None:
    p = _pair(
        "Provincial governor Masoud Dalman said rescue teams had reached every village.",
        "Food and tents were on the way, said Massoud Dalman, who heads the disaster service.",
    )
    (f,) = SpellingVariant().check_all([p])
    assert f.detector == "CC108" and f.severity is Severity.NOTE
    assert {e.doc_id: e.value for e in f.evidence} == {"a.txt": "Masoud Dalman", "b.txt": "Massoud Dalman"}
    assert "Masoud Dalman" in f.summary and "Massoud Dalman" in f.summary


def test_different_people_and_one_spelling_are_quiet() -> None:
    same = _pair("Masoud Dalman visited the island on Monday.", "Masoud Dalman said the island was calm.")
    others = _pair("Anna Berg spoke in Oslo.", "Anne Borg spoke in Oslo.")
    assert SpellingVariant().check_all([same]) == []
    assert SpellingVariant().check_all([others]) == []
