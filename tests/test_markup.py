"""Markdown markup left out of what the models read, quotes and offsets kept as written."""

from __future__ import annotations

from pathlib import Path

from crosscheck import api
from crosscheck.intake import build_article
from crosscheck.segment import segment

FORMATTED = """# Floods hit **Varna** city

Floods killed **12 people** in [Varna](https://example.org/a?x=1,2) on _Monday_, officials said.
A \\*rescue\\* team &amp; ![a photo](flood.png) volunteers searched <b>three</b> villages.

> The mayor said *all* schools would [close][r1] until Friday.

[r1]: https://example.org/schools
"""


def test_plain_text_leaves_markup_out_and_quotes_stay_as_written() -> None:
    article = build_article(FORMATTED, "a.md", "a.md", markdown=True)
    by_line = {s.line: s for s in segment(article)}
    s = by_line[3]
    assert s.plain == "Floods killed 12 people in Varna on Monday, officials said."
    assert s.text.startswith("Floods killed **12 people** in [Varna](")
    assert article.text.splitlines()[s.line - 1][s.column - 1 :].startswith(s.text)
    assert by_line[4].plain.startswith("A *rescue* team &amp;") and "three villages" in by_line[4].plain
    assert "flood.png" not in by_line[4].plain
    assert by_line[6].plain == "The mayor said all schools would close until Friday."
    assert by_line[1].plain == "Floods hit Varna city"


def test_a_plain_text_file_is_read_as_written() -> None:
    text = "Floods killed **12 people** in Varna on Monday, officials said."
    (s,) = segment(build_article(text, "a.txt", "a.txt"))
    assert s.plain == "" and s.text == text


def test_markdown_and_plain_copies_of_a_story_give_the_same_findings(tmp_path: Path) -> None:
    plain = {
        "a": "Floods in the Varna region killed 12 people on Monday 3 June 2024, officials said.\n\n"
        "The regional governor said all schools in Varna would stay closed.\n",
        "b": "Floods in the Varna region killed 14 people on Tuesday 4 June 2024, officials said.\n\n"
        "The regional governor said schools in parts of Varna would stay closed.\n",
    }
    formatted = {
        "a": "## Floods\n\nFloods in the **Varna region** killed *12 people* on Monday 3 June 2024, "
        "[officials](https://example.org) said.\n\n"
        "The regional governor said **all** schools in _Varna_ would stay closed.\n",
        "b": "Floods in the Varna region killed __14__ people on Tuesday 4 June 2024, officials said.\n\n"
        "The regional governor said schools in *parts of* [Varna](https://example.org/v) would stay closed.\n",
    }
    results = []
    for suffix, texts in ((".txt", plain), (".md", formatted)):
        folder = tmp_path / suffix.strip(".")
        folder.mkdir()
        for name, text in texts.items():
            (folder / f"{name}{suffix}").write_text(text)
        result = api.analyze([folder])
        results.append(sorted((f.detector, tuple(sorted(f.values.values()))) for f in result.findings))
    assert results[0] and results[0] == results[1]


def test_an_inline_suppression_in_a_formatted_paragraph_still_counts() -> None:
    text = "Floods killed **12 people** in Varna. <!-- crosscheck: ignore CC102 -- early toll -->\n"
    article = build_article(text, "a.md", "a.md", markdown=True)
    assert [(s.detector, s.reason) for s in article.suppressions] == [("CC102", "early toll")]
    (s,) = segment(article)
    assert s.plain == "Floods killed 12 people in Varna."


def test_line_offsets_follow_markdowns_own_line_breaks() -> None:
    # a form feed (or U+2028) splits a line for str.splitlines, not for Markdown
    text = "A scraped line\x0cwith a form feed in it.\n\nFloods killed **12 people** in Varna, officials said.\n"
    (floods,) = [s for s in segment(build_article(text, "a.md", "a.md", markdown=True)) if "Floods" in s.text]
    assert floods.plain == "Floods killed 12 people in Varna, officials said."
