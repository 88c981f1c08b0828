"""Presupposition, polarity and modality: wording that changes the fact."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from crosscheck.detectors.extent import ExtentConflict
from crosscheck.detectors.judge import different_wording_same_fact
from crosscheck.detectors.modality import ModalityConflict
from crosscheck.detectors.polarity import PolarityConflict
from crosscheck.detectors.presupposition import PresuppositionConflict
from crosscheck.detectors.superlative import SuperlativeConflict
from crosscheck.model import Pair
from tests.conftest import PUB


def test_reestablished_versus_established(pair: Callable[..., Pair]) -> None:
    p = pair(
        "Chile and Bolivia re-established diplomatic relations in March.",
        "Chile and Bolivia established diplomatic relations in March.",
    )
    (f,) = PresuppositionConflict().check(p)
    assert f.values["a.txt"].startswith("again") and f.values["b.txt"].startswith("first time")


def test_restored_versus_established_either_order(pair: Callable[..., Pair]) -> None:
    p = pair("The two states established ties in 1990.", "The two states restored ties in 1990.")
    (f,) = PresuppositionConflict().check(p)
    assert f.values["b.txt"].startswith("again")


def test_both_say_again_is_fine(pair: Callable[..., Pair]) -> None:
    p = pair("The museum reopened its doors on Friday.", "The museum reopened on Friday after repairs.")
    assert PresuppositionConflict().check(p) == []


def test_negated_in_one_asserted_in_the_other(pair: Callable[..., Pair]) -> None:
    p = pair(
        "Norway is the only country in the group that did not sign the accord.",
        "Norway is the only country in the group that signed the accord.",
    )
    (f,) = PolarityConflict().check(p)
    assert f.severity.label == "error" and f.values["a.txt"] == "negated: sign"


def test_both_negative_is_fine(pair: Callable[..., Pair]) -> None:
    p = pair("The talks did not cover trade.", "Trade was not discussed at the talks.")
    assert PolarityConflict().check(p) == []


def test_two_negative_sentences_never_conflict(pair: Callable[..., Pair]) -> None:
    # "without ... having" and "does not have": the parser ties the negations to different
    # words, but both sentences are negative; that is no contradiction to report.
    p = pair(
        "In fact, six of Herrera's seven goals have been scored without him even having to glimpse at the net.",
        "Herrera has caught the eye in recent weeks but it appears he does not actually have a clear sight at goal.",
        0.63,
    )
    assert PolarityConflict().check(p) == []


def test_a_negated_be_is_about_its_complement(pair: Callable[..., Pair]) -> None:
    # Same complement: a conflict, whatever verb the other sentence uses.
    (f,) = PolarityConflict().check(pair("Russia is not a member of NATO.", "Russia is a member of NATO.", 0.9))
    assert f.values == {"a.txt": "negated: member", "b.txt": "asserted: member"}
    (f,) = PolarityConflict().check(
        pair("The minister was present at the vote.", "The minister was not present at the vote.", 0.9)
    )
    assert f.values["b.txt"] == "negated: present"
    # Different complements: "is not a fan" says nothing about what the film was.
    p = pair(
        "The documentary has caused a stir, but the actor is not a fan.",
        "The documentary was critical of the church, the actor said.",
        0.7,
    )
    assert PolarityConflict().check(p) == []


def test_focus_and_bounds_are_not_negations(pair: Callable[..., Pair]) -> None:
    p = pair(
        "When you vote on May 7 you are not just voting to end austerity.",
        "He urged voters to vote on May 7 to end austerity.",
        0.8,
    )
    assert PolarityConflict().check(p) == []
    p = pair(
        "No more than 44 per cent of her followers consist of real people.",
        "Only 44 per cent of her followers consist of real people.",
        0.9,
    )
    assert PolarityConflict().check(p) == []


def test_dissimilar_pairs_are_skipped(pair: Callable[..., Pair]) -> None:
    p = pair("The senator did not vote for the bill.", "The senator voted to fund the stadium.", 0.3)
    assert not PolarityConflict().applies(p)


def test_agreed_versus_only_a_possibility(pair: Callable[..., Pair]) -> None:
    p = pair(
        "The neighbours agreed to build a joint rail link.",
        "The neighbours discussed the possibility of building a joint rail link.",
    )
    (f,) = ModalityConflict().check(p)
    assert f.values["a.txt"].startswith("definite") and f.values["b.txt"].startswith("possible")


def test_plans_and_will_are_not_a_modality_conflict(pair: Callable[..., Pair]) -> None:
    p = pair("The city plans to open a new library.", "The city will open a new library.")
    assert ModalityConflict().check(p) == []


def test_will_against_might_only_for_near_identical_sentences(pair: Callable[..., Pair]) -> None:
    close = pair(
        "The minister will resign on Friday, aides said.", "The minister might resign on Friday, aides said.", 0.95
    )
    (f,) = ModalityConflict().check(close)
    assert "will" in f.evidence[0].value and "might" in f.evidence[1].value
    loose = pair("The ministry plans to open an office in Havana.", "The embassy could be open in July.", 0.6)
    assert ModalityConflict().check(loose) == []


def test_not_about_to_negates_the_verb(pair: Callable[..., Pair]) -> None:
    p = pair(
        "McCoy, who is about to gain his 20th title, will retire.",
        "McCoy, who is not about to gain his 20th title, will retire.",
        0.9,
    )
    (f,) = PolarityConflict().check(p)
    assert f.values["b.txt"] == "negated: gain"


def test_a_copula_with_a_function_word_complement_stays_a_negated_verb(pair: Callable[..., Pair]) -> None:
    p = pair("Twizzlers are one of his favourite snacks.", "Twizzlers are not one of his favourite snacks.", 0.9)
    (f,) = PolarityConflict().check(p)
    assert f.values["b.txt"] == "negated: be"


def test_not_since_is_when_it_last_happened(pair: Callable[..., Pair]) -> None:
    last = "Billy Thompson was last seen on Saturday at his brother's home in Georgia."
    for since in (
        "Billy Thompson has not been seen since Saturday, when he was at his brother's home in Georgia.",
        "Billy Thompson hasn't been seen since he left his brother's home in Georgia on Saturday.",
    ):
        assert PolarityConflict().check(pair(last, since, 0.85)) == [], since
    (f,) = PolarityConflict().check(pair(last, "Billy Thompson was not seen on Saturday at his brother's home.", 0.85))
    assert f.values["b.txt"] == "negated: see"
    # Both framed by "since": that is a denial.
    p = pair(
        "Since then, the services have become an important moment for visitors.",
        "Since then, the services have not become an important moment for visitors.",
        0.9,
    )
    assert len(PolarityConflict().check(p)) == 1


def test_a_negation_that_defines_a_group_denies_nothing(pair: Callable[..., Pair]) -> None:
    p = pair(
        "People who have never been divorced can expect a retirement income 13% higher.",
        "One in five divorcees who stop work this year will retire with debts.",
        0.7,
    )
    assert PolarityConflict().check(p) == []
    # Which group was fined is still in dispute: CC106 leaves it, and the judge is not muted.
    p = pair("Those who did not vote were fined by the council.", "Those who voted were fined by the council.", 0.9)
    assert PolarityConflict().check(p) == []
    assert not different_wording_same_fact(p.a, p.b)
    # A relative clause whose subject is someone else is a statement about them.
    # (The parser hangs this "where" clause on "males", a plural.)
    studio = "Videos showed the expert touching adolescent males at a Maryland karate studio where he was {}co-owner."
    p = pair(studio.format(""), studio.format("not "), 0.9)
    assert len(PolarityConflict().check(p)) == 1


def test_a_negated_condition_disputes_only_a_near_copy(pair: Callable[..., Pair]) -> None:
    p = pair(
        "Watford can be promoted if they win and Norwich fail to win.",
        "Preston will be promoted if they win and MK Dons lose.",
        0.75,
    )
    assert PolarityConflict().check(p) == []
    # In a near-copy, the condition is what changed: a conflict.
    p = pair(
        "If we can really get cells to do the production, they could help wean us off oil.",
        "If we can not really get cells to do the production, they could help wean us off oil.",
        0.95,
    )
    assert len(PolarityConflict().check(p)) == 1
    # The condition's own clause is the boundary: a negation in the main clause still counts.
    p = pair(
        "If the talks resume, the embassy will not close in May.",
        "If the talks resume, the embassy will close in May.",
        0.9,
    )
    assert len(PolarityConflict().check(p)) == 1


def test_a_denied_manner_is_not_a_denied_act(pair: Callable[..., Pair]) -> None:
    p = pair(
        "Married couples will now be allowed to file joint tax returns, the agency announced.",
        "Married couples will not be able to file tax returns as if either were single.",
        0.8,
    )
    assert PolarityConflict().check(p) == []


def test_re_wording_against_another_event_is_quiet(pair: Callable[..., Pair]) -> None:
    same = pair(
        "Seoul re-established diplomatic relations with Havana in February.",
        "Seoul established diplomatic relations with Havana in February.",
        0.9,
    )
    other = pair(
        "Seoul re-established diplomatic relations with Havana in February.",
        "Seoul established a trade committee with Havana in February.",
        0.9,
    )
    assert [f.detector for f in PresuppositionConflict().check(same)] == ["CC105"]
    assert PresuppositionConflict().check(other) == []


def test_do_with_an_object_is_a_predicate_not_a_pro_verb(pair: Callable[..., Pair]) -> None:
    p = pair(
        'The minister told the BBC "Syria is not doing its best".',
        'The minister told the BBC "Syria is doing its best".',
    )
    assert [f.detector for f in PolarityConflict().check(p)] == ["CC106"]
    pro = pair(
        "One of the members quickly indicated that, for him, Labrador would not do.",
        "House leaders understand that desire, as does Labrador.",
        0.7,
    )
    assert PolarityConflict().check(pro) == []


def test_a_subject_named_two_ways_is_still_the_same_event(pair: Callable[..., Pair]) -> None:
    p = pair(
        "In April, furniture retailer Ikea re-launched an app that placed users in a kitchen.",
        "In April, furniture retailer Ikea launched an app that placed users in a kitchen.",
        0.9,
    )
    assert [f.detector for f in PresuppositionConflict().check(p)] == ["CC105"]


def test_all_against_part_of_one_place(pair: Callable[..., Pair]) -> None:
    p = pair(
        "The outage cut all mobile services in the city of Varna.",
        "The outage partially blocked mobile services in Varna on Monday.",
    )
    (f,) = ExtentConflict().check(p)
    assert f.values["a.txt"].startswith("all (") and f.values["b.txt"].startswith("part (")
    assert "varna" in f.values["a.txt"]


def test_extent_quiet_when_both_agree_or_the_things_differ(pair: Callable[..., Pair]) -> None:
    both_part = pair("Rebels hold parts of Aleppo.", "Rebels control parts of Aleppo, officials say.")
    assert ExtentConflict().check(both_part) == []
    other_thing = pair("All schools in Varna were shut.", "Power was partly restored in Burgas.")
    assert ExtentConflict().check(other_thing) == []
    # positive control: the same shapes about one thing disagree
    assert ExtentConflict().check(pair("All schools in Varna were shut.", "Schools were partly shut in Varna."))


def test_superlative_filled_with_other_names(pair: Callable[..., Pair]) -> None:
    p = pair(
        "Officials said the hardest-hit towns were Lorca and Murcia.",
        "The towns of Totana and Alhama were worst hit, a witness said.",
        similarity=0.45,
    )
    (f,) = SuperlativeConflict().check(p)
    assert f.values == {"a.txt": "Lorca, Murcia", "b.txt": "Alhama, Totana"}


def test_superlative_quiet_on_a_shared_name_or_another_description(pair: Callable[..., Pair]) -> None:
    shared = pair("The hardest-hit towns were Lorca and Murcia.", "Lorca was the worst-hit town.", similarity=0.6)
    assert SuperlativeConflict().check(shared) == []
    narrowed = pair(
        "Lorca is the largest town in the valley.", "Murcia is the largest town in the region.", similarity=0.6
    )
    assert SuperlativeConflict().check(narrowed) == []
    two_stories = pair(
        "The hardest-hit towns were Lorca and Murcia.",
        "The towns of Totana and Alhama were worst hit.",
        similarity=0.6,
        pub_b=PUB + dt.timedelta(days=400),
    )
    assert SuperlativeConflict().check(two_stories) == []
