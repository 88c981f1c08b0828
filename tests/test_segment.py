from __future__ import annotations

from crosscheck.ingest import article_from_text
from crosscheck.segment import segment


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
