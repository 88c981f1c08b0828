"""The extractors on sentences written for the test (not from the seeds)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest

from crosscheck.model import Claim, FactKind, TimeValue
from tests.conftest import spy_on


def test_time_fact_is_anchored_on_its_predicate(claim: Callable[..., Claim]) -> None:
    c = claim("The ministry said the consulate will open in March, after staff arrive next week.")
    times = {f.anchor: f.value for f in c.facts_of(FactKind.TIME)}
    assert set(times) == {"open", "arrive"}
    march = times["open"]
    assert isinstance(march, TimeValue) and march.start == dt.date(2025, 3, 1)  # future tense, June article


def test_date_in_a_noun_phrase_dates_the_event_noun(claim: Callable[..., Claim]) -> None:
    c = claim("The two leaders met in Paris ten years after the signing of the treaty in 2003.")
    anchors = {f.text: f.anchor for f in c.facts_of(FactKind.TIME)}
    assert anchors["2003"] == "signing"


def test_numbers_carry_the_counted_noun(claim: Callable[..., Claim]) -> None:
    c = claim("About 2,300 nurses joined the strike on Tuesday.")
    (num,) = c.facts_of(FactKind.NUMBER)
    assert num.value == 2300 and num.unit == "nurse" and num.qualifier.startswith("approx")


def test_negation_names_the_negated_predicate(claim: Callable[..., Claim]) -> None:
    c = claim("The mayor did not sign the budget passed by the council.")
    assert [f.anchor for f in c.facts_of(FactKind.NEGATION)] == ["sign"]


def test_failed_to_negates_its_complement(claim: Callable[..., Claim]) -> None:
    c = claim("Negotiators failed to reach an agreement on the border.")
    assert [f.anchor for f in c.facts_of(FactKind.NEGATION)] == ["reach"]


def test_modality_agreed_versus_possibility(claim: Callable[..., Claim]) -> None:
    sure = claim("The unions agreed to end the strike.")
    maybe = claim("The unions discussed the possibility of ending the strike.")
    assert [(f.value, f.anchor) for f in sure.facts_of(FactKind.MODALITY)] == [("definite", "end")]
    assert ("possible", "end") in [(f.value, f.anchor) for f in maybe.facts_of(FactKind.MODALITY)]


def test_as_soon_as_possible_is_not_doubt(claim: Callable[..., Claim]) -> None:
    c = claim("The bridge will reopen as soon as possible.")
    assert "possible" not in [f.value for f in c.facts_of(FactKind.MODALITY)]


def test_presupposition_re_words(claim: Callable[..., Claim]) -> None:
    hyphen = claim("Spain re-established trade links with the island in 1990.")
    plain = claim("The museum reopened its north wing on Friday.")
    restore = claim("The rebels restored order in the capital.")
    assert [f.anchor for f in hyphen.facts_of(FactKind.PRESUPPOSITION)] == ["establish"]
    assert [f.anchor for f in plain.facts_of(FactKind.PRESUPPOSITION)] == ["open"]
    assert "establish" in restore.facts_of(FactKind.PRESUPPOSITION)[0].anchor.split("|")


def test_person_title_from_compound_and_apposition(claim: Callable[..., Claim]) -> None:
    c = claim("Finance Minister Maria Lopez met Jean Dupont, Deputy Director of the central bank.")
    titles = {f.value: f.text for f in c.facts_of(FactKind.TITLE)}
    assert "Minister" in titles["Maria Lopez"]
    assert titles["Jean Dupont"].startswith("Deputy Director")


def test_parallel_parsing_gives_the_same_claims() -> None:
    from crosscheck.facts import parse_claims
    from crosscheck.intake import article_from_text
    from crosscheck.segment import segment

    text = " ".join(
        f"On March {day}, 2024, the ministry said {day * 3} people had not been told about the plan in Havana."
        for day in range(1, 13)
    )
    article = article_from_text(text, doc_id="p.txt", published=dt.date(2024, 6, 12))
    bare = [Claim(s, published=article.published, parsed=False) for s in segment(article)]
    assert len(bare) == 12
    serial = parse_claims(bare, batch_size=4, n_process=1)
    parallel = parse_claims(bare, batch_size=4, n_process=2)
    assert parallel == serial and all(c.parsed and c.facts for c in parallel)


def test_a_reprinted_sentence_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from crosscheck import facts
    from crosscheck.intake import article_from_text
    from crosscheck.segment import segment

    line = "The ministry said 40 staff would arrive in Havana on March 3."
    pub = dt.date(2024, 6, 12)
    bare = [
        Claim(s, published=pub, parsed=False)
        for doc in ("wire.txt", "reprint.txt")
        for s in segment(article_from_text(line, doc_id=doc, published=pub))
    ]
    seen = spy_on(monkeypatch, facts, "_parse", len)
    wire, reprint = facts.parse_claims(bare)
    assert seen == [1]
    assert (wire.doc_id, reprint.doc_id) == ("wire.txt", "reprint.txt")
    assert wire.facts and wire.facts == reprint.facts and wire.lemmas == reprint.lemmas


def test_spacy_runs_on_numpy_matrix_products_not_blis() -> None:
    # The same parses 20-30% faster on this project's CPUs; a pipeline built outside
    # load_nlp's ops would silently lose that.
    from crosscheck.facts.nlp import load_nlp

    ops = load_nlp().get_pipe("tok2vec").model.ops
    assert type(ops).__name__ == "NumpyOps" and ops.use_blis is False


def test_proper_nouns_the_entity_recogniser_left_out_are_names(claim: Callable[..., Claim]) -> None:
    # en_core_web_sm reads "UFO Media" as the organisation "Media": "UFO" must not vanish.
    c = claim("The founder of the troubled digital start-up UFO Media has been arrested on fraud charges.")
    assert "UFO" in [f.text for f in c.facts_of(FactKind.NAME)]
    inside = {w for f in c.facts_of(FactKind.PERSON, FactKind.ORG, FactKind.PLACE) for w in f.text.split()}
    assert not inside & {f.text for f in c.facts_of(FactKind.NAME)}  # never a second fact for an entity's words
    polite = claim("Mr. Watson was arrested at a hotel in Manhattan on Thursday.")
    assert "Mr" not in [f.text for f in polite.facts_of(FactKind.NAME)]


def test_a_headlines_title_case_makes_no_names(claim: Callable[..., Claim]) -> None:
    c = claim("Troubled Start-Up Founder Arrested In Fraud Scheme Probe")
    assert c.facts_of(FactKind.NAME) == []


def test_a_duration_is_a_count_not_a_date(claim: Callable[..., Claim]) -> None:
    # dateparser read "10-year" as October of the publication year; it is ten years.
    c = claim("The government unveiled a 10-year plan to rebuild the port.")
    assert c.facts_of(FactKind.TIME) == []
    (n,) = c.facts_of(FactKind.NUMBER)
    assert (n.value, n.unit) == (10, "duration:year")


def test_a_nationality_is_a_place_fact_naming_its_country(claim: Callable[..., Claim]) -> None:
    c = claim("Russian officials and Democrats in Congress discussed the deal on Monday.")
    assert [(f.text, f.value) for f in c.facts_of(FactKind.PLACE)] == [("Russian", "Russia")]
