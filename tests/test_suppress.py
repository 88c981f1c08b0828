"""Inline ``<!-- crosscheck: ignore ... -->`` comments: which findings they cover, which are stale."""

from __future__ import annotations

from crosscheck import suppress
from crosscheck.intake import build_article
from crosscheck.model import Evidence, Finding, Severity

DRAFT = """# Draft

The embassy could be open in July. <!-- crosscheck: ignore CC101 -- the ministry confirmed July on the phone -->

<!-- crosscheck: ignore polarity.conflict -- quoting the minister's own words -->
Cuba has no ties with the United States.

The office opened in 2024.

<!-- crosscheck: ignore numeric -- nothing here -->
Nothing numeric here.
"""


def _finding(line: int, detector: str = "CC101", name: str = "temporal.conflict", kind: str = "temporal") -> Finding:
    evidence = (Evidence("draft.md", line, 1, "quote", end_line=line), Evidence("src.txt", 4, 1, "other"))
    return Finding(detector, name, kind, Severity.ERROR, 0.9, "s", evidence, fingerprint=f"{detector}{line}")


def _article():  # type: ignore[no-untyped-def]
    return build_article(DRAFT, "draft.md", "draft.md", markdown=True)


def test_comment_on_the_same_line_covers_that_sentence() -> None:
    kept, suppressed, _ = suppress.apply([_finding(3)], [_article()])
    assert kept == [] and suppressed[0].by.reason == "the ministry confirmed July on the phone"


def test_comment_on_its_own_line_covers_the_next_line_only() -> None:
    polarity = _finding(6, "CC106", "polarity.conflict", "polarity")
    later = _finding(8, "CC106", "polarity.conflict", "polarity")
    kept, suppressed, _ = suppress.apply([polarity, later], [_article()])
    assert [s.finding for s in suppressed] == [polarity]
    assert kept == [later]


def test_detector_must_match() -> None:
    kept, suppressed, _ = suppress.apply([_finding(3, "CC102", "numeric.conflict", "numeric")], [_article()])
    assert len(kept) == 1 and not suppressed


def test_unused_comments_are_stale() -> None:
    _, _, stale = suppress.apply([_finding(3)], [_article()])
    assert sorted((s.line, s.detector) for s in stale) == [(5, "polarity.conflict"), (10, "numeric")]


def test_a_sentence_spanning_lines_is_covered_anywhere_in_its_span() -> None:
    text = "First line of a wrapped\nsentence ends here. <!-- crosscheck: ignore all -- accepted -->\n"
    article = build_article(text, "d.md", "d.md", markdown=True)
    f = Finding(
        "CC103",
        "entity.conflict",
        "entity",
        Severity.WARNING,
        0.9,
        "s",
        (Evidence("d.md", 1, 1, "q", end_line=2), Evidence("x.txt", 1, 1, "q")),
    )
    kept, suppressed, stale = suppress.apply([f], [article])
    assert not kept and len(suppressed) == 1 and not stale
