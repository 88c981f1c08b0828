"""Sentence embeddings and extracted facts kept on disk between runs, so a re-run only does the
work for sentences it has not seen.

An editor checks a draft again and again against the same sources, and a story folder grows
one article at a time: the models' work on unchanged text should be done once.

- Embeddings: a row is keyed by the SHA-256 of the model's weights, the number format it
  computes in, and the exact sentence text, and holds the float32 vector as the model gave it.
- Judgments: the judge's three probabilities for an (evidence, claim) pair, keyed by the
  SHA-256 of the judge's files (and its base weights) and the exact texts.
- Facts: a row is keyed by the SHA-256 of everything that decides a sentence's facts (the
  extractor's source code, the data model, the versions of spaCy, its English model,
  dateparser and pysbd), the publication date and the exact text, and holds what the parse produced.

Every way, a run from the cache reports what a fresh run reports.  Each store is one SQLite
file (safe with several crosscheck processes at once).  A cache that cannot be opened or
written never stops a run: crosscheck warns once and works as if there were none.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

import numpy as np

from crosscheck.compute import resolve

if TYPE_CHECKING:
    from numpy.typing import NDArray

CACHE_ENV = "CROSSCHECK_CACHE_DIR"
FILE_NAME = "embeddings-v1.sqlite3"
FACTS_FILE_NAME = "facts-v1.sqlite3"
JUDGMENTS_FILE_NAME = "judgments-v1.sqlite3"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_CHUNK = 500  # keys per SQL statement (SQLite's parameter limit is 999 on old builds)


def default_cache_dir() -> Path:
    """``$CROSSCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/crosscheck``, else ``~/.cache/crosscheck``."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "crosscheck"


def sha256_file(path: Path) -> str:
    """SHA-256 of a file, hashed once per process while its size and modification time stay the same
    (the judge checks its base weights, and the embedding and judgment caches key on the same 90 MB file)."""
    stat = path.stat()
    return _sha256(str(path.resolve()), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=16)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with Path(path).open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def model_identity(model_dir: Path) -> str:
    """SHA-256 of the model's weights (hashed once per process while the files are unchanged)."""
    digests = [sha256_file(model_dir / name) for name in WEIGHT_FILES if (model_dir / name).is_file()]
    if not digests:
        # No weights file we know: the folder itself names the model, so the cache never mixes two.
        return hashlib.sha256(str(model_dir.resolve()).encode()).hexdigest()
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("".join(digests).encode()).hexdigest()


class _Store:
    """Blobs by SHA-256 key in one SQLite table; ``error`` holds why the store was given up on, if it was."""

    file_name: ClassVar[str]
    table: ClassVar[str]  # (key BLOB, <column> BLOB)
    column: ClassVar[str]
    what: ClassVar[str]

    def __init__(self, folder: Path) -> None:
        self.path = folder / self.file_name
        self.error: str | None = None
        self._db: sqlite3.Connection | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and self.error is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30)
                db.execute(
                    f"CREATE TABLE IF NOT EXISTS {self.table} (key BLOB PRIMARY KEY, {self.column} BLOB NOT NULL)"
                )
                self._db = db
            except (OSError, sqlite3.Error) as exc:
                self._fail(exc)
        return self._db

    def _fail(self, exc: Exception) -> None:
        self.error = f"{self.what} cache {self.path} not used ({exc}); set {CACHE_ENV} or run with --no-cache"
        if self._db is not None:
            self._db.close()
        self._db = None

    def _get(self, keys: Sequence[bytes]) -> dict[bytes, bytes]:
        found: dict[bytes, bytes] = {}
        db = self._connect()
        if db is None:
            return found
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(db.execute(f"SELECT key, {self.column} FROM {self.table} WHERE key IN ({marks})", chunk))
        except sqlite3.Error as exc:
            self._fail(exc)
        return found

    def _put(self, rows: Sequence[tuple[bytes, bytes]]) -> None:
        db = self._connect()
        if db is None or not rows:
            return
        try:
            with db:
                db.executemany(f"INSERT OR REPLACE INTO {self.table} (key, {self.column}) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            self._fail(exc)

    def _get_vectors(self, keys: Sequence[bytes]) -> list[NDArray[np.float32] | None]:
        found = self._get(keys) if keys else {}
        return [np.frombuffer(found[k], dtype=np.float32) if k in found else None for k in keys]

    def _put_vectors(self, keys: Sequence[bytes], rows: Sequence[NDArray[np.float32]]) -> None:
        blobs = [np.ascontiguousarray(r, dtype=np.float32).tobytes() for r in rows]
        self._put(list(zip(keys, blobs, strict=True)))

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _digest(prefix: str, *parts: str) -> bytes:
    """The SHA-256 key of ``parts`` under ``prefix`` (NUL-separated; texts may hold lone surrogates)."""
    return hashlib.sha256(b"\0".join(x.encode("utf-8", "surrogatepass") for x in (prefix, *parts))).digest()


class EmbeddingCache(_Store):
    """Vectors by (model, number format, text)."""

    file_name, table, column = FILE_NAME, "embedding", "vector"
    what = "embedding"

    def __init__(self, folder: Path, model_dir: Path, precision: str = "auto") -> None:
        super().__init__(folder)
        self.model_dir = model_dir
        self.precision = resolve(precision)  # bf16 vectors differ from fp32 ones in the third decimal
        self._model: str | None = None

    def _keys(self, texts: Sequence[str]) -> list[bytes]:
        if self._model is None:
            self._model = model_identity(self.model_dir)
        return [_digest(self._model, self.precision, t) for t in texts]

    def get(self, texts: Sequence[str]) -> list[NDArray[np.float32] | None]:
        """The stored vector of each text, or None where there is none."""
        return self._get_vectors(self._keys(texts))

    def put(self, texts: Sequence[str], vectors: NDArray[np.float32]) -> None:
        self._put_vectors(self._keys(texts), list(vectors))


Parse = tuple[object, ...]  # what the fact extractor made of one sentence; its shape is facts' business


class FactCache(_Store):
    """What the fact extractor made of a sentence, by (extractor, publication date, text)."""

    file_name, table, column = FACTS_FILE_NAME, "facts", "parse"
    what = "facts"

    def __init__(self, folder: Path, identity: str) -> None:
        """``identity``: what decides a sentence's facts (``facts.extractor_identity()``); a parse stored
        under another identity is never read."""
        super().__init__(folder)
        self.identity = identity

    def _keys(self, items: Sequence[tuple[str, dt.date | None]]) -> list[bytes]:
        return [_digest(self.identity, d.isoformat() if d else "-", t) for t, d in items]

    def get(self, items: Sequence[tuple[str, dt.date | None]]) -> list[Parse | None]:
        """The stored parse of each (text, publication date), or None where there is none (or it is unreadable)."""
        if not items:
            return []
        keys = self._keys(items)
        found = self._get(keys)
        out: list[Parse | None] = []
        for k in keys:
            try:
                # our own cache folder, written by this code version (the key says so)
                out.append(pickle.loads(found[k]) if k in found else None)
            except Exception:  # a damaged row is a miss, never a failed run
                out.append(None)
        return out

    def put(self, items: Sequence[tuple[str, dt.date | None]], parses: Sequence[Parse]) -> None:
        blobs = [pickle.dumps(p, protocol=pickle.HIGHEST_PROTOCOL) for p in parses]
        self._put(list(zip(self._keys(items), blobs, strict=True)))


class JudgmentCache(_Store):
    """The judge's probabilities by (judge, evidence, claim)."""

    file_name, table, column = JUDGMENTS_FILE_NAME, "judgment", "probabilities"
    what = "judgments"

    def __init__(self, folder: Path, identity: str) -> None:
        super().__init__(folder)
        self.identity = identity

    def _keys(self, pairs: Sequence[tuple[str, str]]) -> list[bytes]:
        return [_digest(self.identity, e, c) for e, c in pairs]

    def get(self, pairs: Sequence[tuple[str, str]]) -> list[NDArray[np.float32] | None]:
        """The stored probabilities of each (evidence, claim), or None where there are none."""
        return self._get_vectors(self._keys(pairs))

    def put(self, pairs: Sequence[tuple[str, str]], rows: Sequence[NDArray[np.float32]]) -> None:
        self._put_vectors(self._keys(pairs), rows)
