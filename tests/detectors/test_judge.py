"""CC200 judge.contradiction: a fallback that speaks only where no rule did, in one batch."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from crosscheck import detectors as registry
from crosscheck.detectors.judge import JudgeConflict, contradiction
from crosscheck.detectors.numeric import NumericConflict
from crosscheck.judge import CONTRADICTION, ENTAILMENT, Judge
from crosscheck.model import Pair


def _no_network() -> tuple[object, object]:
    raise AssertionError("a fake judge never loads a model")


class FakeJudge(Judge):
    """Contradiction probability chosen per (evidence, claim) text pair; records each batch it is asked."""

    def __init__(self, table: dict[tuple[str, str], float]) -> None:
        super().__init__(network=_no_network, columns=[0, 1, 2], name="fake")
        self.table = table
        self.batches: list[int] = []

    def _run(self, batch: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        self.batches.append(len(batch))
        out = np.zeros((len(batch), 3), dtype=np.float32)
        for i, p in enumerate(batch):
            c = self.table.get(p, 0.0)
            out[i, CONTRADICTION], out[i, ENTAILMENT] = c, 1.0 - c
        return out


A = "The museum will reopen its east wing to visitors next spring."
B = "The museum will keep its east wing closed to visitors next spring."
C = "The port handled 12 million containers last year."
D = "The port handled 15 million containers last year."


def test_confident_in_both_directions_fires(pair: Callable[..., Pair]) -> None:
    p = pair(A, B, similarity=0.8)
    det = JudgeConflict(FakeJudge({(B, A): 0.97, (A, B): 0.95}), threshold=0.9)
    (f,) = det.check(p)
    assert f.detector == "CC200" and f.confidence == pytest.approx(0.95) and f.judge == pytest.approx(0.95)
    # the values show the words that differ, so a reviewer sees what to compare
    assert "reopen" in f.values["a.txt"] and "closed" in f.values["b.txt"]
    assert [e.text for e in f.evidence] == [A, B]


def test_one_direction_only_is_not_enough(pair: Callable[..., Pair]) -> None:
    p = pair(A, B, similarity=0.8)
    assert JudgeConflict(FakeJudge({(B, A): 0.97, (A, B): 0.4})).check(p) == []
    assert contradiction(FakeJudge({(B, A): 0.97, (A, B): 0.4}), [(A, B)]) == [pytest.approx(0.4)]


def test_without_a_judge_or_below_its_similarity_it_never_applies(pair: Callable[..., Pair]) -> None:
    assert JudgeConflict(None).check(pair(A, B, similarity=0.9)) == []
    far = pair(A, B, similarity=0.5)
    assert JudgeConflict(FakeJudge({(B, A): 1.0, (A, B): 1.0})).check(far) == []


def test_runs_after_the_rules_on_unexplained_pairs_in_one_batch(pair: Callable[..., Pair]) -> None:
    judge = FakeJudge({(B, A): 0.99, (A, B): 0.99, (D, C): 0.99, (C, D): 0.99})
    det = JudgeConflict(judge)
    pairs = [pair(A, B, similarity=0.8), pair(C, D, similarity=0.9)]
    found = registry.run([det, NumericConflict()], pairs)
    # the number rule explains C/D precisely; the judge adds only the pair no rule explains
    assert sorted(f.detector for f in found) == ["CC102", "CC200"]
    (judged,) = [f for f in found if f.detector == "CC200"]
    assert judged.evidence[0].text == A
    assert judge.batches == [1, 1]  # the one unexplained pair, read one way and then the other


def test_the_second_reading_is_asked_only_where_the_first_is_a_contradiction(pair: Callable[..., Pair]) -> None:
    judge = FakeJudge({(B, A): 0.97, (A, B): 0.95, (D, C): 0.3, (C, D): 0.99})
    found = JudgeConflict(judge, threshold=0.9).check_many([pair(A, B, similarity=0.8), pair(C, D, similarity=0.8)])
    assert [f.evidence[0].text for f in found] == [A]
    assert judge.batches == [2, 1]  # C/D is not read the other way: its first reading rules it out
    # without a threshold both readings are asked and the weaker one is the score
    assert contradiction(FakeJudge({(D, C): 0.3, (C, D): 0.2}), [(C, D)]) == [pytest.approx(0.2)]


def test_registered_as_a_fallback() -> None:
    assert JudgeConflict in registry.REGISTRY and JudgeConflict.fallback
    assert [d.id for d in registry.select(["judge"])] == ["CC200"]


def test_a_sentence_never_contradicts_its_own_words() -> None:
    # a small judge can misread a long sentence against itself; quoting it verbatim is agreement
    judge = FakeJudge({(A, A): 0.99, (f"Earlier that day. {A}", A): 0.99})
    assert contradiction(judge, [(A, "  " + A.upper())]) == [0.0]
    assert judge.scores_checked([(f"Earlier that day. {A}", A)])[0, ENTAILMENT] == 1.0
    assert judge.batches == []  # the answer is fixed: the model is never asked
    mixed = judge.scores_checked([(A, A), (B, A)])
    assert mixed[0, ENTAILMENT] == 1.0 and judge.batches == [1]


def test_headlines_are_not_judged(pair: Callable[..., Pair]) -> None:
    from crosscheck.detectors.judge import is_headline

    head = "Museum Reopens East Wing to Visitors After Two-Year Renovation"
    line = "The museum is likely to keep its east wing closed for another year."
    assert is_headline(head) and not is_headline(line) and not is_headline("Museum reopens east wing.")
    assert not is_headline("the museum reopened its east wing on monday after repairs")  # lower case, unpunctuated
    judge = FakeJudge({(head, line): 0.99, (line, head): 0.99, (A, B): 0.99, (B, A): 0.99})
    assert JudgeConflict(judge).check(pair(head, line, similarity=0.8)) == []
    assert len(JudgeConflict(judge).check(pair(A, B, similarity=0.8))) == 1  # the same scores on sentences fire


@pytest.mark.parametrize(
    ("a", "b"),
    [
        # one sentence only says more than the other
        (
            "Barry Beavis, 48, launched a legal bid to overturn his fine.",
            "Barry Beavis launched a legal bid to overturn his fine.",
        ),
        ("He launched a legal bid to overturn the fine.", "Barry Beavis launched a legal bid to overturn the fine."),
        # one names what the other describes
        (
            "The flanker returned to Wasps for the 2012 season.",
            "James Haskell returned to Wasps for the 2012 season.",
        ),
        (
            "The country is due to repay a loan to the IMF on Thursday.",
            "Greece is due to repay a loan to the IMF on Thursday.",
        ),
        # a description with a name in it is still a description; an age both give is no name
        (
            "The Darwin woman moved to the Philippines in 2012 to find work.",
            "Natalia Moon moved to the Philippines in 2012 to find work.",
        ),
        ("Al-Douri, 72, headed the insurgent group.", "The 72-year-old headed the insurgent group."),
    ],
)
def test_more_detail_or_a_name_for_a_description_is_no_contradiction(pair: Callable[..., Pair], a: str, b: str) -> None:
    # The judge learned that a changed name is a contradiction and says so here; CC200 does not.
    det = JudgeConflict(FakeJudge({(b, a): 0.97, (a, b): 0.97}), threshold=0.9)
    assert det.check(pair(a, b, similarity=0.85)) == []


def test_a_changed_name_or_an_added_negation_still_fires(pair: Callable[..., Pair]) -> None:
    for a, b in [
        ("James Haskell returned to Wasps for the 2012 season.", "Tom Wood returned to Wasps for the 2012 season."),
        ("The club will appeal the ban.", "The club will not appeal the ban."),
        ("Ministers agreed to a new deal.", "Ministers might agree to a new deal."),
    ]:
        det = JudgeConflict(FakeJudge({(b, a): 0.97, (a, b): 0.97}), threshold=0.9)
        assert len(det.check(pair(a, b, similarity=0.85))) == 1, (a, b)
