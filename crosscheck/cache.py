"""Sentence embeddings kept on disk between runs, so a re-run encodes only sentences it has not seen.

An editor checks a draft again and again against the same sources, and a story folder grows
one article at a time: the model's work on unchanged text should be done once.  A row is keyed
by the SHA-256 of the model's weights and the exact sentence text, and holds the float32 vector
as the model gave it, so a run from the cache reports what a fresh run reports.

The store is one SQLite file (safe with several crosscheck processes at once).  A cache that
cannot be opened or written never stops a run: crosscheck warns once and encodes as if there
were none.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

CACHE_ENV = "CROSSCHECK_CACHE_DIR"
FILE_NAME = "embeddings-v1.sqlite3"
WEIGHT_FILES = ("model.safetensors", "pytorch_model.bin")
_CHUNK = 500  # keys per SQL statement (SQLite's parameter limit is 999 on old builds)


def default_cache_dir() -> Path:
    """``$CROSSCHECK_CACHE_DIR``, else ``$XDG_CACHE_HOME/crosscheck``, else ``~/.cache/crosscheck``."""
    override = os.environ.get(CACHE_ENV)
    if override:
        return Path(override)
    base = os.environ.get("XDG_CACHE_HOME")
    return (Path(base) if base else Path.home() / ".cache") / "crosscheck"


def model_identity(model_dir: Path) -> str:
    """SHA-256 of the model's weights (hashed once per process while the files are unchanged)."""
    from crosscheck.judge import sha256_file

    digests = [sha256_file(model_dir / name) for name in WEIGHT_FILES if (model_dir / name).is_file()]
    if not digests:
        # No weights file we know: the folder itself names the model, so the cache never mixes two.
        return hashlib.sha256(str(model_dir.resolve()).encode()).hexdigest()
    if len(digests) == 1:
        return digests[0]
    return hashlib.sha256("".join(digests).encode()).hexdigest()


class EmbeddingCache:
    """Vectors by (model, text).  ``error`` holds why the cache was given up on, if it was."""

    def __init__(self, folder: Path, model_dir: Path) -> None:
        self.path = folder / FILE_NAME
        self.model_dir = model_dir
        self.error: str | None = None
        self._db: sqlite3.Connection | None = None
        self._model: str | None = None

    def _connect(self) -> sqlite3.Connection | None:
        if self._db is None and self.error is None:
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.path, timeout=30)
                db.execute("CREATE TABLE IF NOT EXISTS embedding (key BLOB PRIMARY KEY, vector BLOB NOT NULL)")
                self._db = db
            except (OSError, sqlite3.Error) as exc:
                self._fail(exc)
        return self._db

    def _fail(self, exc: Exception) -> None:
        self.error = f"embedding cache {self.path} not used ({exc}); set {CACHE_ENV} or run with --no-cache"
        if self._db is not None:
            self._db.close()
        self._db = None

    def _keys(self, texts: Sequence[str]) -> list[bytes]:
        if self._model is None:
            self._model = model_identity(self.model_dir)
        prefix = self._model.encode() + b"\0"
        return [hashlib.sha256(prefix + t.encode("utf-8", "surrogatepass")).digest() for t in texts]

    def get(self, texts: Sequence[str]) -> list[NDArray[np.float32] | None]:
        """The stored vector of each text, or None where there is none."""
        out: list[NDArray[np.float32] | None] = [None] * len(texts)
        db = self._connect()
        if db is None or not texts:
            return out
        keys = self._keys(texts)
        found: dict[bytes, bytes] = {}
        try:
            for start in range(0, len(keys), _CHUNK):
                chunk = keys[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(db.execute(f"SELECT key, vector FROM embedding WHERE key IN ({marks})", chunk))
        except sqlite3.Error as exc:
            self._fail(exc)
            return out
        for i, key in enumerate(keys):
            blob = found.get(key)
            if blob is not None:
                out[i] = np.frombuffer(blob, dtype=np.float32)
        return out

    def put(self, texts: Sequence[str], vectors: NDArray[np.float32]) -> None:
        db = self._connect()
        if db is None or not texts:
            return
        blobs = [np.ascontiguousarray(v, dtype=np.float32).tobytes() for v in vectors]
        rows = list(zip(self._keys(texts), blobs, strict=True))
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO embedding (key, vector) VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            self._fail(exc)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
