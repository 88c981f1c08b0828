"""The archive (DuckDB): incremental by content hash, whole files or nothing, foreign files refused."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from crosscheck.archive import Archive
from crosscheck.config import Settings
from crosscheck.errors import InputError
from crosscheck.facts import parse_claims
from crosscheck.intake import load_articles
from crosscheck.pipeline import segmented
from crosscheck.progress import NULL
from tests.conftest import SEEDS

MODEL = "test-model-identity"


def test_add_is_incremental_and_stores_what_the_pipeline_computes(tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS, seeds)
    path = tmp_path / "a.duckdb"
    settings = Settings(use_judge=False)
    with Archive(path, MODEL, create=True) as archive:
        first = archive.add(load_articles([seeds]), settings)
        assert len(first.added) == 5 and first.unchanged == []
        again = archive.add(load_articles([seeds]), settings)
        assert again.added == [] and len(again.unchanged) == 5
        edited = seeds / "000_3485eaa854017856.txt"
        edited.write_text(edited.read_text(encoding="utf-8") + "\nA new closing line was added today.\n")
        changed = archive.add(load_articles([seeds]), settings)
        assert changed.added == ["000_3485eaa854017856.txt"]
        claims, vectors = archive.claims()
        assert archive.stats().articles == 5 and archive.stats().sentences == len(claims) == len(vectors)
        assert vectors.shape[1] == 384
    # the stored facts are the parser's, read back without parsing
    bare, _ = segmented(load_articles([seeds]), NULL)
    fresh = {(c.doc_id, c.sentence.index): c for c in parse_claims(bare)}
    for c in claims:
        twin = fresh[(c.doc_id, c.sentence.index)]
        assert c.sentence == twin.sentence and c.facts == twin.facts and c.published == twin.published
    with Archive(path, MODEL) as archive:
        assert archive.remove(["004_90b89dafc0ad33b2.txt", "missing.txt"]) == ["004_90b89dafc0ad33b2.txt"]
        assert [d for d, _, _ in archive.listing()][-1] == "003_c5b686a9497d3da5.txt"


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    path = tmp_path / "a.duckdb"
    with Archive(path, MODEL, create=True) as archive:
        archive.add(load_articles([SEEDS / "003_c5b686a9497d3da5.txt"]), Settings(use_judge=False))
        before = archive.stats()
        with pytest.raises(KeyboardInterrupt), archive._transaction():
            archive._db.execute("DELETE FROM sentences")
            raise KeyboardInterrupt
        assert archive.stats() == before


def test_foreign_missing_and_other_model_files_are_one_line_errors(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.duckdb"
    garbage.write_bytes(b"not a database at all" * 100)
    with pytest.raises(InputError, match="not a crosscheck archive"):
        Archive(garbage, MODEL)
    assert garbage.read_bytes().startswith(b"not a database")  # never overwritten
    foreign = tmp_path / "foreign.duckdb"
    db = duckdb.connect(str(foreign))
    db.execute("CREATE TABLE sales (id INTEGER)")
    db.close()
    with pytest.raises(InputError, match="no meta table"):
        Archive(foreign, MODEL)
    with pytest.raises(InputError, match="no archive at"):
        Archive(tmp_path / "absent.duckdb", MODEL)
    Archive(tmp_path / "mine.duckdb", MODEL, create=True).close()
    with pytest.raises(InputError, match="another embedding model"):
        Archive(tmp_path / "mine.duckdb", "another model")


def test_check_against_the_archive_gives_what_checking_the_files_gives(tmp_path: Path) -> None:
    from crosscheck import api
    from crosscheck.cache import model_identity
    from crosscheck.pairing import default_model_path
    from crosscheck.report import markdown

    sources = tmp_path / "sources"
    shutil.copytree(SEEDS, sources)
    settings = Settings(use_judge=False)
    with Archive(tmp_path / "a.duckdb", model_identity(default_model_path()), create=True) as archive:
        archive.add(load_articles([sources]), settings)
    draft = sources / "003_c5b686a9497d3da5.txt"
    from_files = api.check(draft, [sources], settings)
    from_archive = api.check_archive(draft, tmp_path / "a.duckdb", settings)
    assert any(v.findings for v in from_files.verdicts)  # the seeds' CC106 line, at least
    assert markdown.render_check(from_archive) == markdown.render_check(from_files)


def test_a_draft_named_like_an_archived_article_is_told_apart(tmp_path: Path) -> None:
    from crosscheck import api
    from crosscheck.cache import model_identity
    from crosscheck.pairing import default_model_path

    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "story.txt").write_text("The council voted on Monday to close the library in March 2025.\n")
    (tmp_path / "new").mkdir()
    draft = tmp_path / "new" / "story.txt"
    draft.write_text("The council voted on Monday to close the library in July 2025.\n")
    settings = Settings(use_judge=False)
    with Archive(tmp_path / "a.duckdb", model_identity(default_model_path()), create=True) as archive:
        archive.add(load_articles([tmp_path / "old"]), settings)
    result = api.check_archive(draft, tmp_path / "a.duckdb", settings)
    assert result.draft.doc_id == "draft/story.txt" and result.contradicted == 1
    (finding,) = [f for v in result.verdicts for f in v.findings]
    assert {e.doc_id for e in finding.evidence} == {"draft/story.txt", "story.txt"}
