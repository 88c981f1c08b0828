"""Values aligned into slots across sources (align.py, slots.py), through the detectors that use them."""

from __future__ import annotations

import datetime as dt
import itertools

from crosscheck.detectors.numeric import NumericConflict
from crosscheck.detectors.temporal import TemporalConflict
from crosscheck.model import Claim, Pair
from tests.conftest import make_claim

DAY = dt.date(2005, 11, 28)


def _story(*texts: str, published: tuple[dt.date, ...] = (), similarity: float = 0.7) -> list[Pair]:
    """Every cross-document pair of one-sentence articles a.txt, b.txt, c.txt ..."""
    claims: list[Claim] = [
        make_claim(t, f"{chr(97 + i)}.txt", published[i] if published else DAY) for i, t in enumerate(texts)
    ]
    return [Pair(x, y, similarity, 0.0) for x, y in itertools.combinations(claims, 2)]


def test_four_tolls_are_one_finding_with_every_source_value() -> None:
    pairs = _story(
        "The earthquake killed 5 people on the island, officials said.",
        "The earthquake killed 3 people on the island, officials said.",
        "The earthquake killed 24 people on the island, officials said.",
        "The earthquake killed 1 person on the island, officials said.",
    )
    (f,) = NumericConflict().check_all(pairs)
    assert {e.doc_id: e.value for e in f.evidence} == {"a.txt": "5", "b.txt": "3", "c.txt": "24", "d.txt": "1"}
    assert f.summary.count(" · ") == 3 and "people killed" in f.summary


def test_the_same_toll_in_other_words_is_compared() -> None:
    pairs = _story("About 50 people were hurt in the blast.", "The blast injured 80 people, police said.")
    (f,) = NumericConflict().check_all(pairs)
    assert set(f.values.values()) == {"about 50", "80"}


def test_injured_are_not_the_dead_and_a_part_is_not_the_total() -> None:
    assert NumericConflict().check_all(_story("The blast killed 12 people.", "The blast injured 40 people.")) == []
    assert len(NumericConflict().check_all(_story("The blast killed 12 people.", "The blast killed 40 people."))) == 1
    part = _story("Thirty of the 80 wounded remained in hospital.", "The blast wounded 80 people.")
    assert NumericConflict().check_all(part) == []
    whole = _story("The blast wounded 30 people.", "The blast wounded 80 people.")
    assert len(NumericConflict().check_all(whole)) == 1


def test_an_earlier_event_is_not_todays() -> None:
    pairs = _story(
        "The quake on Sunday killed 10 people on the island.",
        "A quake in the city of Bam killed more than 26,000 people in December 2003.",
    )
    assert NumericConflict().check_all(pairs) == []
    today = _story(
        "The quake on Sunday killed 10 people on the island.",
        "The quake on Sunday killed more than 26,000 people on the island.",
    )
    assert len(NumericConflict().check_all(today)) == 1


def test_a_later_report_is_named_as_a_possible_update() -> None:
    pairs = _story(
        "The earthquake killed 11 people on the island, officials said.",
        "The earthquake killed 14 people on the island, officials said.",
        published=(DAY, DAY + dt.timedelta(days=1)),
    )
    (f,) = NumericConflict().check_all(pairs)
    assert "The later report (2005-11-29) gives 14: it may be an update." in f.summary


def test_two_visits_by_different_people_are_two_dates() -> None:
    pairs = _story(
        "In 2018, President Miguel Santos visited Norway and met its prime minister.",
        "In 2016, Foreign Minister Anna Berg visited Chile during a regional tour.",
        similarity=0.5,
    )
    assert TemporalConflict().check_all(pairs) == []
    same = _story(
        "In 2018, President Miguel Santos visited Norway and met its prime minister.",
        "In 2016, President Miguel Santos visited Norway and met its prime minister.",
        similarity=0.9,
    )
    (f,) = TemporalConflict().check_all(same)
    assert set(f.values.values()) == {"2018-01-01..2018-12-31", "2016-01-01..2016-12-31"}


def test_tallies_far_apart_are_a_note_even_when_bounds_reconcile_them() -> None:
    from crosscheck.model import Severity

    pairs = _story(
        "The earthquake killed at least 5 people on the island, officials said.",
        "The earthquake killed 200 people on the island, officials said.",
    )
    (f,) = NumericConflict().check_all(pairs)
    assert f.severity is Severity.NOTE and "40 times apart" in f.summary
    close = _story(
        "The earthquake killed at least 150 people on the island, officials said.",
        "The earthquake killed 200 people on the island, officials said.",
    )
    assert NumericConflict().check_all(close) == []
