"""The archive (DuckDB): incremental by content hash, whole files or nothing, foreign files refused;
its vector index kept in step; check and analyze against it as against the files."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from crosscheck import api, vectors
from crosscheck.analysis import about
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
        generation = archive.generation
        again = archive.add(load_articles([seeds]), settings)
        assert again.added == [] and len(again.unchanged) == 5
        assert archive.generation == generation  # nothing written, not even the index
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


def _model() -> str:
    from crosscheck.cache import model_identity
    from crosscheck.pairing import default_model_path

    return model_identity(default_model_path())


def _state(path: Path) -> dict[str, int]:
    data: dict[str, int] = json.loads(path.with_name(path.name + ".usearch.json").read_text(encoding="utf-8"))
    return data


def test_the_vector_index_follows_every_write_and_is_rebuilt_when_stale(tmp_path: Path) -> None:
    import numpy as np

    path = tmp_path / "a.duckdb"
    settings = Settings(use_judge=False)
    with Archive(path, MODEL, create=True) as archive:
        archive.add(load_articles([SEEDS]), settings)
        assert _state(path) == {"generation": archive.generation, "vectors": archive.stats().sentences}
        archive.remove(["004_90b89dafc0ad33b2.txt"])
        assert _state(path) == {"generation": archive.generation, "vectors": archive.stats().sentences}
        claims, embeddings = archive.claims()
        # every stored sentence finds itself (or a word-for-word twin) first, and only stored ids come back
        found = archive.vector_index().search(embeddings, 3)
        keys = {int(k) for (k,) in archive._db.execute("SELECT sid FROM sentences").fetchall()}
        assert all(f[0][1] > 0.999 for f in found), [f[0] for f in found if f[0][1] <= 0.999]
        assert {k for f in found for k, _ in f} <= keys and len(keys) == len(claims)
        # with the index open, embeddings are read from it: the very floats the store holds
        again, from_index = archive.claims()
        assert archive._index is not None and again == claims and np.array_equal(from_index, embeddings)
        # an index of another generation (a crash between the two writes) is rebuilt, not trusted
        vectors.sidecar(path).write_bytes(b"torn")
        state = path.with_name(path.name + ".usearch.json")
        state.write_text(json.dumps({"generation": 1, "vectors": 3}))
        archive._index = None  # as a new process finds it
        assert len(archive.vector_index()) == len(claims)
        assert _state(path)["generation"] == archive.generation


def test_the_index_recalls_what_exact_search_finds(tmp_path: Path) -> None:
    """Recall@10 against exact cosine search on real sentence embeddings, made many (the seeds'
    sentences with small perturbations, so near neighbours crowd each other as in an archive)."""
    import numpy as np

    with Archive(tmp_path / "a.duckdb", _model(), create=True) as archive:
        archive.add(load_articles([SEEDS]), Settings(use_judge=False))
        _, real = archive.claims()
    rng = np.random.default_rng(7)
    base = np.repeat(real, 60, axis=0) + rng.normal(0, 0.03, (len(real) * 60, real.shape[1])).astype(np.float32)
    base /= np.linalg.norm(base, axis=1, keepdims=True)
    keys = np.arange(len(base), dtype=np.uint64)
    index = vectors.VectorIndex(vectors._build(base.shape[1], keys, base), base.shape[1])
    queries = base[rng.choice(len(base), 200, replace=False)]
    exact = np.argsort(-(queries @ base.T), axis=1)[:, :10]
    found = index.search(queries, 10)
    recall = np.mean([len({k for k, _ in f} & set(e.tolist())) / 10 for f, e in zip(found, exact, strict=True)])
    assert recall >= 0.98


def _seed_copies(tmp_path: Path, new: str) -> tuple[Path, Path, Path]:
    """The seeds, the seeds but ``new``, and ``new`` alone, each with the seeds' metadata."""
    everything, old, fresh = tmp_path / "all", tmp_path / "old", tmp_path / "new"
    shutil.copytree(SEEDS, everything)
    for folder in (old, fresh):
        folder.mkdir()
        shutil.copy(SEEDS / "sources.yaml", folder)
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, fresh if f.name == new else old)
    return everything, old, fresh


@pytest.mark.parametrize("retrieve_above", [200, 0])
def test_check_and_analyze_against_the_archive_give_what_the_files_give(tmp_path: Path, retrieve_above: int) -> None:
    """Whether the archive is read whole (small) or searched through its index (forced here)."""
    from crosscheck.report import markdown

    new = "004_90b89dafc0ad33b2.txt"
    everything, old, fresh = _seed_copies(tmp_path, new)
    settings = Settings(use_judge=False, retrieve_above=retrieve_above)
    with Archive(tmp_path / "all.duckdb", _model(), create=True) as archive:
        archive.add(load_articles([everything]), settings)
    with Archive(tmp_path / "old.duckdb", _model(), create=True) as archive:
        archive.add(load_articles([old]), settings)
    draft = everything / "003_c5b686a9497d3da5.txt"
    assert markdown.render_check(api.check_archive(draft, tmp_path / "all.duckdb", settings)) == markdown.render_check(
        api.check(draft, [everything], settings)
    )
    full = api.analyze([everything], settings)
    assert full.findings  # the seeds' contradictions, to compare
    archived = api.analyze_archive([everything], tmp_path / "all.duckdb", settings)
    assert markdown.render_analysis(archived) == markdown.render_analysis(full)
    # one new article against the other four archived: what the full analysis says about it
    partial = api.analyze_archive([fresh], tmp_path / "old.duckdb", settings)
    assert all("sources.yaml describes" in w for w in partial.warnings)  # the four archived ones
    partial.warnings = full.warnings
    assert partial.findings and all(any(e.doc_id == new for e in f.evidence) for f in partial.findings)
    assert markdown.render_analysis(partial) == markdown.render_analysis(about(full, {new}))


def test_an_archive_of_an_older_schema_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    Archive(path, MODEL, create=True).close()
    db = duckdb.connect(str(path))
    db.execute("UPDATE meta SET value = '2' WHERE key = 'schema'")
    db.close()
    with pytest.raises(InputError, match="schema 2, this version reads schema 3") as caught:
        Archive(path, MODEL)
    assert "\n" not in str(caught.value)


def test_a_retrieval_that_finds_nothing_leaves_every_claim_unsupported(tmp_path: Path) -> None:
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "weather.txt").write_text("Heavy rain is expected across the region on Friday.\n")
    draft = tmp_path / "draft.txt"
    draft.write_text("The central bank raised its main interest rate to 4.5 percent.\n")
    settings = Settings(use_judge=False, retrieve_above=0)
    with Archive(tmp_path / "a.duckdb", _model(), create=True) as archive:
        archive.add(load_articles([tmp_path / "old"]), settings)
    result = api.check_archive(draft, tmp_path / "a.duckdb", settings)
    assert result.sources == [] and [v.status.value for v in result.verdicts] == ["unsupported"]


def _holding(path: Path, read_only: bool) -> subprocess.Popen[str]:
    """Another process with the archive open, until killed."""
    code = (
        "import duckdb, sys, time; db = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == '1');"
        " print('ready', flush=True); time.sleep(120)"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(path), "1" if read_only else "0"], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
    return holder


def test_readers_share_the_archive_and_a_writer_in_progress_is_a_one_line_error(tmp_path: Path) -> None:
    path = tmp_path / "a.duckdb"
    with Archive(path, MODEL, create=True) as archive:
        archive.add(load_articles([SEEDS / "003_c5b686a9497d3da5.txt"]), Settings(use_judge=False))
    reader = _holding(path, read_only=True)
    try:
        with Archive(path, MODEL, read_only=True) as archive:  # two checks at once
            assert len(archive) == 1
    finally:
        reader.kill()
        reader.wait()
    writer = _holding(path, read_only=False)
    try:
        with pytest.raises(InputError, match="in use by another process") as caught:
            Archive(path, MODEL, read_only=True)
        assert "\n" not in str(caught.value)
    finally:
        writer.kill()
        writer.wait()
