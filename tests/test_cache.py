"""The on-disk caches: same vectors as the model and same facts as the parser, no model or parser
call for what they hold."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from crosscheck import facts, pairing
from crosscheck.api import check
from crosscheck.cache import (
    FACTS_FILE_NAME,
    FILE_NAME,
    JUDGMENTS_FILE_NAME,
    EmbeddingCache,
    FactCache,
    JudgmentCache,
    model_identity,
)
from crosscheck.config import Settings
from crosscheck.facts.identity import extractor_identity
from crosscheck.intake import article_from_text
from crosscheck.model import Claim, FactKind
from crosscheck.pairing import default_model_path, encode
from crosscheck.segment import segment
from tests.conftest import spy_on

TEXTS = [
    "The embassy in Havana could open in July.",
    "Seoul and Havana established diplomatic relations in February.",
    "The ministry plans to open an office in the first half of this year.",
]


def _counting(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """Record every batch of texts that reaches the model."""
    return spy_on(monkeypatch, pairing, "_encode", list)


def test_cached_vectors_equal_fresh_ones_and_skip_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    fresh = encode(TEXTS)
    cache = EmbeddingCache(tmp_path, default_model_path())
    first = encode(TEXTS, cache=cache)
    again = encode(TEXTS, cache=cache)
    assert np.array_equal(first, fresh) and np.array_equal(again, first)
    assert calls == [TEXTS, TEXTS]  # the third call never reached the model

    mixed = encode([TEXTS[1], "A sentence the cache has never seen.", TEXTS[0]], cache=cache)
    assert calls[-1] == ["A sentence the cache has never seen."]
    assert np.array_equal(mixed[0], first[1]) and np.array_equal(mixed[2], first[0])
    assert (tmp_path / FILE_NAME).is_file()


def test_other_weights_never_see_old_vectors(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "model.safetensors").write_bytes(b"weights one")
    before = model_identity(model)
    EmbeddingCache(tmp_path / "cache", model).put(["x"], np.ones((1, 4), dtype=np.float32))
    assert EmbeddingCache(tmp_path / "cache", model).get(["x"])[0] is not None

    (model / "model.safetensors").write_bytes(b"weights two, longer")
    assert model_identity(model) != before
    assert EmbeddingCache(tmp_path / "cache", model).get(["x"]) == [None]


def test_vectors_of_one_number_format_are_never_served_for_the_other(tmp_path: Path) -> None:
    EmbeddingCache(tmp_path, default_model_path(), "fp32").put(["x"], np.ones((1, 4), dtype=np.float32))
    assert EmbeddingCache(tmp_path, default_model_path(), "fp32").get(["x"])[0] is not None
    assert EmbeddingCache(tmp_path, default_model_path(), "bf16").get(["x"]) == [None]


def test_an_unusable_cache_is_a_warning_not_a_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    cache = EmbeddingCache(blocked, default_model_path())
    assert np.array_equal(encode(TEXTS[:1], cache=cache), encode(TEXTS[:1]))
    assert cache.error and str(blocked) in cache.error

    (tmp_path / "draft.txt").write_text(TEXTS[0] + "\n", encoding="utf-8")
    (tmp_path / "source.txt").write_text(TEXTS[2] + "\n", encoding="utf-8")
    result = check(tmp_path / "draft.txt", [tmp_path / "source.txt"], Settings(use_judge=False, cache_dir=blocked))
    assert len(result.verdicts) == 1
    assert any("embedding cache" in w for w in result.warnings)


def test_no_cache_writes_nothing(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from crosscheck.cli import app

    (tmp_path / "draft.txt").write_text(TEXTS[0] + "\n", encoding="utf-8")
    (tmp_path / "source.txt").write_text(TEXTS[2] + "\n", encoding="utf-8")
    folder = tmp_path / "cache"
    args = ["check", str(tmp_path / "draft.txt"), "-a", str(tmp_path / "source.txt"), "--no-judge", "-f", "json"]
    env = {"CROSSCHECK_CACHE_DIR": str(folder)}
    off = CliRunner().invoke(app, ["--no-cache", *args], env=env)
    assert off.exit_code == 0, off.stderr
    assert not folder.exists()
    on = CliRunner().invoke(app, args, env=env)
    assert on.exit_code == 0, on.stderr
    assert (folder / FILE_NAME).is_file() and on.stdout == off.stdout


def test_equal_texts_get_one_vector_fresh_or_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = _counting(monkeypatch)
    # Padded in different batches, the two copies would differ in their last bits; which of two
    # equal sentences wins a tie would then depend on batching, and differ from a cached run.
    texts = [TEXTS[0], *(f"Filler sentence number {i} about the budget." for i in range(5)), TEXTS[0]]
    fresh = encode(texts, batch_size=2)
    assert np.array_equal(fresh[0], fresh[-1]) and len(calls[-1]) == 6
    cache = EmbeddingCache(tmp_path, default_model_path())
    encode(texts, batch_size=2, cache=cache)
    assert np.array_equal(encode(texts, batch_size=3, cache=cache), fresh)


def _bare(text: str, doc: str, published: dt.date | None) -> list[Claim]:
    article = article_from_text(text, doc_id=doc, published=published)
    return [Claim(s, published=published, parsed=False) for s in segment(article)]


def _parse_batches(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many sentences reach the parser in each call."""
    return spy_on(monkeypatch, facts, "_parse", len)


def test_cached_facts_equal_a_fresh_parse_and_skip_the_parser(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _parse_batches(monkeypatch)
    june = dt.date(2024, 6, 12)
    bare = _bare(" ".join(TEXTS), "a.txt", june)
    fresh = facts.parse_claims(bare)
    cache = FactCache(tmp_path, extractor_identity())
    assert facts.parse_claims(bare, cache=cache) == fresh
    assert (
        facts.parse_claims(bare, cache=FactCache(tmp_path, extractor_identity())) == fresh
    )  # a later run, read from disk
    assert seen == [3, 3, 0]
    assert (tmp_path / FACTS_FILE_NAME).is_file()
    # "this year" resolves against the publication date, so another date is another entry
    other = facts.parse_claims(_bare(TEXTS[2], "b.txt", dt.date(2023, 1, 5)), cache=cache)
    assert seen[-1] == 1
    years = {f.value.start.year for c in (fresh[2], other[0]) for f in c.facts_of(FactKind.TIME)}  # type: ignore[union-attr]
    assert years == {2023, 2024}


def test_a_changed_extractor_never_sees_old_facts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _parse_batches(monkeypatch)
    bare = _bare(TEXTS[0], "a.txt", None)
    facts.parse_claims(bare, cache=FactCache(tmp_path, extractor_identity()))
    facts.parse_claims(bare, cache=FactCache(tmp_path, "an edited extractor"))
    assert seen == [1, 1]


def test_a_damaged_or_unusable_fact_cache_is_never_a_failure(tmp_path: Path) -> None:
    bare = _bare(TEXTS[1], "a.txt", None)
    fresh = facts.parse_claims(bare)
    cache = FactCache(tmp_path, extractor_identity())
    facts.parse_claims(bare, cache=cache)
    db = sqlite3.connect(tmp_path / FACTS_FILE_NAME)
    with db:
        db.execute("UPDATE facts SET parse = ?", (b"not a pickle",))
    db.close()
    assert facts.parse_claims(bare, cache=FactCache(tmp_path, extractor_identity())) == fresh

    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", encoding="utf-8")
    unusable = FactCache(blocked, extractor_identity())
    assert facts.parse_claims(bare, cache=unusable) == fresh
    assert unusable.error and "facts cache" in unusable.error


def test_judgments_are_kept_by_judge_and_texts(tmp_path: Path) -> None:
    from tests.detectors.test_judge import FakeJudge

    pairs = [(TEXTS[0], TEXTS[1]), (TEXTS[1], TEXTS[2])]
    first = FakeJudge({pairs[0]: 0.9, pairs[1]: 0.2})
    first.disk = JudgmentCache(tmp_path, "judge one")
    fresh = first.scores(pairs)
    assert first.batches == [2]

    again = FakeJudge({})  # a later run: knows nothing itself, so every score must come from disk
    again.disk = JudgmentCache(tmp_path, "judge one")
    assert np.array_equal(again.scores(pairs), fresh) and again.batches == []
    assert (tmp_path / JUDGMENTS_FILE_NAME).is_file()

    other = FakeJudge({pairs[0]: 0.1})  # another judge never sees the first one's scores
    other.disk = JudgmentCache(tmp_path, "judge two")
    assert other.scores(pairs[:1])[0, 2] == pytest.approx(0.1) and other.batches == [1]


def test_a_cached_check_gives_the_judge_scores_of_a_fresh_one(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from crosscheck.judge import Judge

    (tmp_path / "draft.txt").write_text(TEXTS[0] + " " + TEXTS[1] + "\n", encoding="utf-8")
    (tmp_path / "source.txt").write_text(
        "The embassy in Havana could open in March.\n" + TEXTS[1] + "\n", encoding="utf-8"
    )
    settings = Settings(cache_dir=tmp_path / "cache")
    fresh = check(tmp_path / "draft.txt", [tmp_path / "source.txt"], settings)
    assert all(v.entailment is not None for v in fresh.verdicts)  # the judge read every claim
    runs = spy_on(monkeypatch, Judge, "_run", lambda judge: judge)
    cached = check(tmp_path / "draft.txt", [tmp_path / "source.txt"], settings)
    assert runs == []  # every score came from the judgments cache
    assert [(v.status, v.entailment) for v in cached.verdicts] == [(v.status, v.entailment) for v in fresh.verdicts]
    assert [f.judge for v in cached.verdicts for f in v.findings] == [
        f.judge for v in fresh.verdicts for f in v.findings
    ]
    assert (tmp_path / "cache" / JUDGMENTS_FILE_NAME).is_file()


RECHECK = """
import json, sys
from pathlib import Path
from crosscheck.api import check
from crosscheck.config import Settings
folder = Path(sys.argv[1])
result = check(folder / "draft.txt", [folder / "source.txt"], Settings(cache_dir=folder / "cache"))
heavy = sorted(m for m in ("torch", "transformers", "sentence_transformers", "spacy") if m in sys.modules)
print(json.dumps({"heavy": heavy, "verdicts": [[v.status.value, v.entailment] for v in result.verdicts]}))
"""


def test_an_unchanged_recheck_loads_no_model_at_all(tmp_path: Path) -> None:
    # Every vector, fact and judgment on disk: the second run must not even import torch (which,
    # with transformers, sentence-transformers and spaCy, costs about 5 s of a fresh process).
    import json
    import subprocess
    import sys

    (tmp_path / "draft.txt").write_text(TEXTS[0] + " " + TEXTS[1] + "\n", encoding="utf-8")
    (tmp_path / "source.txt").write_text("The embassy in Havana could open in March.\n" + TEXTS[1] + "\n")
    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", RECHECK, str(tmp_path)], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(2)
    ]
    # the first run loads the models (spaCy in a forked worker that parses ahead, where fork exists)
    assert {"sentence_transformers", "torch", "transformers"} <= set(runs[0]["heavy"])
    assert runs[1]["heavy"] == []
    assert runs[1]["verdicts"] == runs[0]["verdicts"]


REANALYZE = """
import json, sys
from pathlib import Path
from crosscheck.api import analyze
from crosscheck.config import Settings
result = analyze([Path(sys.argv[1])], Settings(cache_dir=Path(sys.argv[2])))
heavy = sorted(m for m in ("torch", "transformers", "sentence_transformers", "spacy") if m in sys.modules)
print(json.dumps({"heavy": heavy, "findings": [f.fingerprint for f in result.findings]}))
"""


def test_an_unchanged_reanalysis_of_the_seeds_loads_no_model_at_all(tmp_path: Path) -> None:
    # The seeds name different places in the same slot ("Seoul" / "Havana"), so CC103 asks the
    # gazetteer whether one holds the other: that must not pull in spaCy or torch either.
    import json
    import subprocess
    import sys

    from tests.conftest import SEEDS

    runs = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", REANALYZE, str(SEEDS), str(tmp_path / "cache")],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(2)
    ]
    # the first run loads the models (spaCy in the worker that parses a small story ahead: not here)
    assert "torch" in runs[0]["heavy"]
    assert runs[1]["heavy"] == []
    assert runs[1]["findings"] == runs[0]["findings"] and runs[0]["findings"]
