"""Shared fixtures: claims built from sentences written for the test, models loaded once."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

from crosscheck.api import Analysis, analyze
from crosscheck.cache import CACHE_ENV
from crosscheck.facts import extract_claims
from crosscheck.intake import article_from_text
from crosscheck.model import Claim, Pair
from crosscheck.pairing import lexical_similarity
from crosscheck.segment import segment

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
PUB = dt.date(2024, 6, 12)


def spy_on(monkeypatch: pytest.MonkeyPatch, owner: object, name: str, record: Callable[[Any], T]) -> list[T]:
    """Keep ``record`` of the first argument of every call to ``owner.name``; the real function still runs."""
    seen: list[T] = []
    real = getattr(owner, name)

    def spy(first: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(record(first))
        return real(first, *args, **kwargs)

    monkeypatch.setattr(owner, name, spy)
    return seen


def make_claim(text: str, doc: str = "a.txt", published: dt.date | None = PUB) -> Claim:
    article = article_from_text(text, doc_id=doc, published=published)
    sentences = segment(article)
    assert len(sentences) == 1, f"test sentence split in {len(sentences)}: {text!r}"
    return extract_claims(sentences, {doc: published})[0]


def make_pair(
    a: str, b: str, similarity: float = 0.8, pub_a: dt.date | None = PUB, pub_b: dt.date | None = PUB
) -> Pair:
    ca, cb = make_claim(a, "a.txt", pub_a), make_claim(b, "b.txt", pub_b)
    return Pair(ca, cb, similarity, lexical_similarity(a, b))


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests keep their embedding cache to themselves, never in the user's ~/.cache."""
    os.environ[CACHE_ENV] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture
def claim() -> Callable[..., Claim]:
    return make_claim


@pytest.fixture
def pair() -> Callable[..., Pair]:
    return make_pair


@pytest.fixture(scope="session")
def seed_analysis() -> Analysis:
    return analyze([SEEDS])


@pytest.fixture
def seed_copy(tmp_path: Path) -> Path:
    dest = tmp_path / "seeds"
    shutil.copytree(SEEDS, dest)
    return dest
