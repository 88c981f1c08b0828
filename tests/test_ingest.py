from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from crosscheck.errors import InputError
from crosscheck.intake import build_article, collect_paths, furniture_reason, load_articles, read_text
from crosscheck.model import Unread

SCRAPED = """City council approves new tram line
Home > News > Local
By Jane Roe Published : March 3, 2023 - 10:00
The city council approved the new tram line on Tuesday by 31 votes to 12.
Photo: the council chamber © City Press
The line will open in 2026, the mayor said.
What do you think?
COMMENT
Write to us: news@example.org +1 555 0100 200
#tram #city #council #vote
The city council approved the new tram line on Tuesday by 31 votes to 12.
"""


def test_furniture_is_marked_and_claims_kept() -> None:
    a = build_article(SCRAPED, "x.txt", "x.txt")
    assert a.content_lines == (1, 4, 6)
    assert set(a.furniture_lines) == {2, 3, 5, 7, 8, 9, 10, 11}


def test_dateline_gives_publication_date_when_no_metadata() -> None:
    a = build_article(SCRAPED, "x.txt", "x.txt")
    assert a.published == dt.date(2023, 3, 3) and a.published_from == "dateline"


def test_metadata_wins_over_dateline() -> None:
    a = build_article(SCRAPED, "x.txt", "x.txt", meta={"published": "2023-03-04", "source": "City Press"})
    assert a.published == dt.date(2023, 3, 4) and a.source == "City Press"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Log in to Facebook to comment", "site interface"),
        ("Views: 0", "site interface"),
        ("Home » World » Asia", "breadcrumb"),
        ("Reporter Kim Lee [email protected]", "contact line"),
        ("Filed under:", "site interface"),
        ("More on this story from our correspondents:", "label"),
        ("Do you have a story for us? Tell the newsroom", "reader prompt"),
    ],
)
def test_furniture_reasons(line: str, reason: str) -> None:
    assert furniture_reason(line, set()) == reason


def test_real_sentences_are_not_furniture() -> None:
    assert furniture_reason("Officials said the talks in Vienna ended without a deal.", set()) is None
    assert furniture_reason("Storm floods northern towns", set()) is None  # a headline
    # two " / " in a paragraph are not a breadcrumb trail
    long_line = (
        "The ministry said the north / south rail link and the east / west highway would both open "
        "next year, after delays that pushed costs up by a third."
    )
    assert furniture_reason(long_line, set()) is None
    assert furniture_reason("News / World / Asia Pacific", set()) == "breadcrumb"


def test_front_matter_metadata_and_lines(tmp_path: Path) -> None:
    f = tmp_path / "draft.md"
    f.write_text("---\nsource: Wire\npublished: 2024-05-01\n---\n# Title of the story here\n\nBody text of it.\n")
    (a,) = load_articles([f])
    assert a.source == "Wire" and a.published == dt.date(2024, 5, 1)
    assert 1 not in a.content_lines and 5 in a.content_lines


def test_folder_metadata_file(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("The river rose by two metres overnight in the valley.\n")
    (tmp_path / "sources.yaml").write_text("one.txt:\n  source: Valley News\n  published: 2022-01-05\n")
    (a,) = load_articles([tmp_path])
    assert (a.doc_id, a.source, a.published) == ("one.txt", "Valley News", dt.date(2022, 1, 5))


def test_bad_metadata_date_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text("The river rose by two metres overnight in the valley.\n")
    (tmp_path / "sources.yaml").write_text("one.txt:\n  published: next tuesday\n")
    with pytest.raises(InputError, match="bad published date"):
        load_articles([tmp_path])


def test_legacy_encoding_is_decoded(tmp_path: Path) -> None:
    f = tmp_path / "latin.txt"
    f.write_bytes("Le ministre a déclaré que la réunion aura lieu à Genève en été.\n".encode("cp1252"))
    assert "déclaré" in read_text(f)


def test_binary_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "photo.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(InputError, match="binary"):
        read_text(f)


def test_huge_file_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "huge.txt"
    f.write_bytes(b"a" * 2048)
    with pytest.raises(InputError, match="too large"):
        read_text(f, max_bytes=1024)


def test_empty_article_is_skipped_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("  \n\n")
    (tmp_path / "full.txt").write_text("The river rose by two metres overnight in the valley.\n")
    warnings: list[str] = []
    arts = load_articles([tmp_path], warn=warnings.append)
    assert [a.doc_id for a in arts] == ["full.txt"]
    assert warnings and "empty.txt" in warnings[0]


def test_missing_path_and_empty_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        collect_paths([tmp_path / "nope"])
    with pytest.raises(InputError, match=r"no \.txt or \.md"):
        collect_paths([tmp_path])


def test_doc_ids_are_relative_to_the_common_folder(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("The river rose by two metres overnight in the valley.\n")
    (tmp_path / "y.md").write_text("The dam held through the night, engineers said.\n")
    assert sorted(a.doc_id for a in load_articles([tmp_path])) == ["a/x.txt", "y.md"]


def test_inline_suppression_is_read_and_not_a_claim(tmp_path: Path) -> None:
    f = tmp_path / "d.md"
    f.write_text("<!-- crosscheck: ignore CC101 -- checked with the ministry -->\nThe office opens in July.\n")
    (a,) = load_articles([f])
    (s,) = a.suppressions
    assert (s.line, s.detector, s.reason) == (1, "CC101", "checked with the ministry")
    assert a.content_lines == (2,)


def test_long_paragraphs_mentioning_photos_or_hashtags_are_content() -> None:
    para = (
        "The museum reopened on Friday after a two-year renovation, and visitors shared pictures "
        "tagged #museum #reopening #art while the director posed for a file photo at the entrance; "
        "staff said the new wing, funded by a regional grant, would host its first exhibition in May "
        "and that tickets © the museum foundation would go on sale next week online."
    )
    assert furniture_reason(para, set()) is None


def test_marked_utf16_and_utf32_stray_nuls_and_invisible_characters(tmp_path: Path) -> None:
    line = "Officials said the ferry route would open in August."
    for i, encoding in enumerate(("utf-16", "utf-16-be", "utf-32")):
        f = tmp_path / f"{i}.txt"
        data = line.encode(encoding)
        if encoding == "utf-16-be":
            data = b"\xfe\xff" + data
        f.write_bytes(data)
        assert read_text(f) == line
    nul = tmp_path / "nul.txt"
    nul.write_bytes(line.encode() + b"\x00\n")
    warned: list[str] = []
    assert read_text(nul, warn=warned.append) == line + "\n" and "removed 1 NUL byte" in warned[0]
    hidden = tmp_path / "hidden.txt"
    hidden.write_text("The\u200b ministry said the \u202etalks\u202c ended.", encoding="utf-8")
    assert read_text(hidden) == "The ministry said the talks ended."


def test_an_unreadable_file_in_a_folder_is_skipped_and_listed(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The port will open in May, the authority said.\n", encoding="utf-8")
    blob = tmp_path / "b.txt"
    blob.write_bytes(bytes(range(256)) * 8)
    warned: list[str] = []
    unread: list[Unread] = []
    articles = load_articles([tmp_path], warn=warned.append, unread=unread)
    assert [a.doc_id for a in articles] == ["a.txt"]
    assert [u.doc_id for u in unread] == ["b.txt"] and "binary" in unread[0].reason
    assert any(w.startswith("not read: binary file") for w in warned)
    with pytest.raises(InputError, match="binary"):  # named on its own, it is an error
        load_articles([blob], unread=[])


def test_a_huge_figure_is_not_a_phone_number() -> None:
    assert furniture_reason("The deal was worth $" + "9" * 40 + " million.", set()) is None
    assert furniture_reason("Call the desk on +44 20 7946 0958 today", set()) == "contact line"


def test_misspelt_metadata_keys_are_warned_with_file_and_key(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("---\npublised: 2024-06-12\ntitle: Budget day\n---\nThe budget passed on Monday.\n")
    (tmp_path / "b.txt").write_text("The budget passed on Tuesday.\n")
    (tmp_path / "sources.yaml").write_text("b.txt:\n  sorce: Wire\nc.txt:\n  published: 2024-06-01\n")
    seen: list[str] = []
    articles = load_articles([tmp_path], warn=seen.append)
    assert len(articles) == 2
    assert any("a.md" in w and "'publised'" in w and "'published'" in w for w in seen)
    assert any("sources.yaml, b.txt" in w and "'sorce'" in w for w in seen)
    assert any("'c.txt'" in w and "not in" in w for w in seen)
    assert not any("title" in w for w in seen)  # a key crosscheck does not read is someone else's


def test_documents_it_does_not_read_are_listed_or_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("The budget passed on Monday.\n")
    (tmp_path / "page.html").write_text("<html><body><p>The budget passed on Tuesday.</p></body></html>")
    (tmp_path / "release.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")  # not a document: not worth a word
    seen: list[str] = []
    unread: list[Unread] = []
    load_articles([tmp_path], warn=seen.append, unread=unread)
    assert [u.doc_id for u in unread] == ["page.html", "release.pdf"]
    assert any("skipped 2 file(s)" in w and "HTML, PDF" in w for w in seen)
    unread.clear()
    load_articles([tmp_path], unread=unread, exclude=["*.html"])
    assert [u.doc_id for u in unread] == ["release.pdf"]
    with pytest.raises(InputError, match="does not read PDF files"):
        load_articles([tmp_path / "release.pdf", tmp_path / "a.txt"])
    (tmp_path / "a.txt").unlink()
    with pytest.raises(InputError, match=r"no \.txt or \.md articles.*does not read"):
        load_articles([tmp_path])
