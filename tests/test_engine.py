"""Indexing on a Dask cluster: a local two-worker cluster on loopback gives the single process's rows."""

from __future__ import annotations

import pickle
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from crosscheck.archive import Archive
from crosscheck.config import Settings
from crosscheck.engine import index_on_dask
from crosscheck.errors import InputError
from crosscheck.intake import load_articles
from tests.conftest import SEEDS

MODEL = "test-model-identity"


def _rows(path: Path) -> tuple[list[Any], list[Any], np.ndarray[Any, Any]]:
    with Archive(path, MODEL) as archive:
        db = archive._db
        articles = db.execute(
            "SELECT doc_id, path, sha256, published, source, url, sentences, text, reading"
            " FROM articles ORDER BY doc_id"
        ).fetchall()
        sentences = db.execute(
            "SELECT doc_id, idx, start_char, end_char, line, col, end_line, text, plain, facts"
            " FROM sentences ORDER BY doc_id, idx"
        ).fetchall()
        found = db.execute("SELECT embedding FROM sentences ORDER BY doc_id, idx").fetchnumpy()["embedding"]
    # facts hold frozensets, whose pickled order differs between processes: compare them unpickled
    sentences = [(*row[:-1], pickle.loads(row[-1])) for row in sentences]
    articles = [(*row[:-1], pickle.loads(row[-1])) for row in articles]
    return articles, sentences, np.stack(list(found))


def test_two_local_workers_write_the_rows_one_process_writes(tmp_path: Path) -> None:
    settings = Settings(use_judge=False)
    articles = load_articles([SEEDS])
    with Archive(tmp_path / "one.duckdb", MODEL, create=True) as archive:
        archive.add(articles, settings)
    with Archive(tmp_path / "two.duckdb", MODEL, create=True) as archive:
        # partitions of two articles, so both workers get some and they come back in any order
        done = index_on_dask(archive, articles, settings, workers=2, partition=2)
        assert len(done.added) == 5
        again = index_on_dask(archive, articles, settings, workers=2)
        assert again.added == [] and len(again.unchanged) == 5  # unchanged: no cluster even started
        assert len(archive.vector_index()) == archive.stats().sentences
    one, two = _rows(tmp_path / "one.duckdb"), _rows(tmp_path / "two.duckdb")
    assert one[0] == two[0] and one[1] == two[1]
    assert np.allclose(one[2], two[2], atol=1e-5)
    assert not list(tmp_path.glob(".parts-*"))  # the staging folder is gone


def test_an_unreachable_scheduler_is_a_one_line_error(tmp_path: Path) -> None:
    with Archive(tmp_path / "a.duckdb", MODEL, create=True) as archive, pytest.raises(InputError) as caught:
        index_on_dask(
            archive,
            load_articles([SEEDS / "003_c5b686a9497d3da5.txt"]),
            Settings(),
            scheduler="tcp://127.0.0.1:9",
            timeout=2,
        )
    assert "cannot reach the Dask scheduler at tcp://127.0.0.1:9" in str(caught.value)
