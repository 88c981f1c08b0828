from __future__ import annotations

import pytest

from crosscheck import segment as segment_module
from crosscheck.intake import article_from_text
from crosscheck.segment import segment, segment_all


def test_abbreviations_do_not_split() -> None:
    text = "Talks in S. Korea began on Feb. 14 at 10 a.m. and ended at noon. A second sentence follows here."
    sents = segment(article_from_text(text))
    assert [s.text for s in sents] == [
        "Talks in S. Korea began on Feb. 14 at 10 a.m. and ended at noon.",
        "A second sentence follows here.",
    ]


def test_offsets_lines_and_columns_are_those_of_the_file() -> None:
    text = (
        "Headline without a full stop here\n\nFirst sentence of the body. Second one is here.\nThird sits on line four."
    )
    article = article_from_text(text)
    sents = segment(article)
    assert [(s.line, s.column) for s in sents] == [(1, 1), (3, 1), (3, 29), (4, 1)]
    for s in sents:
        assert article.text[s.start : s.end] == s.text


def test_hard_wrapped_sentences_cross_lines_but_not_paragraphs() -> None:
    text = (
        "The minister said on Monday that the\nembassy would open in July, not in\n"
        "June as first reported. Staff in Seoul\nwere surprised.\n\nA new paragraph begins here and\nit ends here."
    )
    sents = segment(article_from_text(text))
    assert [(s.line, s.end_line) for s in sents] == [(1, 3), (3, 4), (6, 7)]


def test_one_paragraph_per_line_keeps_headlines_apart() -> None:
    text = (
        "Rail strike ends after two weeks\n"
        "Unions and the operator signed an agreement late on Sunday evening "
        "after talks that lasted through the whole weekend.\n"
    )
    sents = segment(article_from_text(text))
    assert [s.line for s in sents] == [1, 2]


def test_a_large_corpus_is_segmented_in_worker_processes_with_the_same_result(monkeypatch: pytest.MonkeyPatch) -> None:
    articles = [
        article_from_text(
            f"Officials met on Feb. {d} in Havana. The U.S. delegation left at 5 p.m. on day {d}.\n\nA new paragraph.",
            doc_id=f"a{d}.txt",
        )
        for d in range(1, 30)
    ]
    serial = [segment(a) for a in articles]
    monkeypatch.setattr(segment_module, "PARALLEL_FROM_CHARS", 1)
    monkeypatch.setattr(segment_module, "workers_for", lambda items, threshold: 2)
    assert segment_all(articles) == serial
    assert [s.text for s in serial[0]][:2] == [
        "Officials met on Feb. 1 in Havana.",
        "The U.S. delegation left at 5 p.m. on day 1.",
    ]
