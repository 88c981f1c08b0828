"""An archive of articles in one DuckDB file: each article's sentences, embeddings and typed facts.

``crosscheck index add`` puts articles in, incrementally by content hash: an unchanged file costs a
hash and nothing else, a changed one replaces its old rows in one transaction, so a crash or Ctrl-C
mid-add leaves the store as it was before that file.  The file records the schema and the
embedding model it was built with; a file of another schema, another model or not a DuckDB file
at all is a one-line error, never overwritten.

What is stored is what the pipeline computes for an article (``pipeline.segmented``, the
embeddings, ``facts.parse_claims``), so a later run reads it instead of computing it again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crosscheck.config import Settings
from crosscheck.errors import InputError
from crosscheck.facts import parse_claims
from crosscheck.model import Article, Claim, Sentence
from crosscheck.progress import NULL, Progress

SCHEMA = 2  # 2: the article's text, so a check reads its sources' words from the archive
DEFAULT_PATH = Path(".crosscheck") / "archive.duckdb"

_TABLES = (
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE articles (doc_id VARCHAR PRIMARY KEY, path VARCHAR, sha256 VARCHAR, published DATE,"
    " source VARCHAR, url VARCHAR, added TIMESTAMP, sentences INTEGER, text VARCHAR)",
    "CREATE TABLE sentences (doc_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER, line INTEGER,"
    " col INTEGER, end_line INTEGER, text VARCHAR, plain VARCHAR, embedding FLOAT[], facts BLOB,"
    " PRIMARY KEY (doc_id, idx))",
)


def content_hash(article: Article) -> str:
    """What decides an article's rows: its text and the metadata that dates it."""
    parts = (article.text, str(article.published), article.source or "", article.url or "")
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Stats:
    articles: int
    sentences: int
    bytes_on_disk: int
    model: str


@dataclass(frozen=True, slots=True)
class Added:
    added: list[str]  # doc ids written (new or changed)
    unchanged: list[str]


class Archive:
    """One archive file, opened for reading and writing; use as ``with Archive(path, model) as a``."""

    def __init__(self, path: Path, model: str, create: bool = False) -> None:
        """Open the archive at ``path``; with ``create``, a missing file is made (``index add``)."""
        import duckdb

        self.path = path
        self.model = model
        fresh = not path.exists()
        if fresh and not create:
            raise InputError(f"no archive at {path} (`crosscheck index add PATH` creates it)")
        if fresh:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db: Any = None
        try:
            self._db = duckdb.connect(str(path))
        except duckdb.Error as exc:
            raise InputError(f"{path} is not a crosscheck archive (DuckDB could not open it: {exc})") from None
        if fresh:
            with self._transaction():
                for statement in _TABLES:
                    self._db.execute(statement)
                self._db.execute("INSERT INTO meta VALUES ('schema', ?), ('model', ?)", [str(SCHEMA), model])
            return
        meta = self._meta()
        if meta.get("schema") != str(SCHEMA):
            self.close()
            raise InputError(f"{path} is not a crosscheck archive of schema {SCHEMA} (found {meta.get('schema')})")
        if meta.get("model") != model:
            self.close()
            raise InputError(f"{path} was built with another embedding model; index into a new archive file")

    def _meta(self) -> dict[str, str]:
        import duckdb

        try:
            rows = self._db.execute("SELECT key, value FROM meta").fetchall()
        except duckdb.Error:
            self.close()
            raise InputError(f"{self.path} is not a crosscheck archive (no meta table)") from None
        return {str(k): str(v) for k, v in rows}

    def _transaction(self) -> Any:
        return _Transaction(self._db)

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- writing -------------------------------------------------------------------------------

    def known(self) -> dict[str, str]:
        """doc id -> content hash of every article in the archive."""
        return {str(d): str(h) for d, h in self._db.execute("SELECT doc_id, sha256 FROM articles").fetchall()}

    def add(self, articles: Sequence[Article], settings: Settings, progress: Progress = NULL) -> Added:
        """Index ``articles``: new and changed ones are written, each in its own transaction."""
        from crosscheck.pipeline import closed, embedded, open_cache, open_fact_cache, segmented

        known = self.known()
        same = [known.get(a.doc_id) == content_hash(a) for a in articles]
        todo = [a for a, kept in zip(articles, same, strict=True) if not kept]
        unchanged = [a.doc_id for a, kept in zip(articles, same, strict=True) if kept]
        if not todo:
            return Added([], unchanged)
        bare, counts = segmented(todo, progress)
        # what an earlier analyze or check already computed for these sentences is read, not redone
        cache, fact_cache = open_cache(settings), open_fact_cache(settings)
        try:
            vectors = embedded(bare, settings, progress, cache)
            progress.stage("Extracting facts", len(bare))
            claims = parse_claims(bare, on_batch=progress.advance, cache=fact_cache)
        finally:
            closed(cache, fact_cache)
        start = 0
        for article, n in zip(todo, counts, strict=True):
            self._write(article, claims[start : start + n], vectors[start : start + n])
            start += n
        return Added([a.doc_id for a in todo], unchanged)

    def _write(self, article: Article, claims: Sequence[Claim], vectors: NDArray[np.float32]) -> None:
        rows = [
            (
                article.doc_id,
                c.sentence.index,
                c.sentence.start,
                c.sentence.end,
                c.sentence.line,
                c.sentence.column,
                c.sentence.end_line,
                c.sentence.text,
                c.sentence.plain,
                [float(x) for x in v],
                pickle.dumps((c.facts, c.lemmas, c.predicates)),
            )
            for c, v in zip(claims, vectors, strict=True)
        ]
        with self._transaction():
            self._db.execute("DELETE FROM sentences WHERE doc_id = ?", [article.doc_id])
            self._db.execute("DELETE FROM articles WHERE doc_id = ?", [article.doc_id])
            self._db.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    article.doc_id,
                    article.path,
                    content_hash(article),
                    article.published,
                    article.source,
                    article.url,
                    dt.datetime.now(dt.UTC).replace(tzinfo=None),
                    len(rows),
                    article.text,
                ],
            )
            if rows:
                self._db.executemany("INSERT INTO sentences VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)

    def remove(self, doc_ids: Sequence[str]) -> list[str]:
        """Drop these articles; the ids that were there."""
        there = [d for d in doc_ids if d in self.known()]
        with self._transaction():
            for d in there:
                self._db.execute("DELETE FROM sentences WHERE doc_id = ?", [d])
                self._db.execute("DELETE FROM articles WHERE doc_id = ?", [d])
        return there

    # --- reading -------------------------------------------------------------------------------

    def listing(self) -> list[tuple[str, str, int]]:
        """(doc id, publication date or "", sentences) of every article, by doc id."""
        rows = self._db.execute("SELECT doc_id, published, sentences FROM articles ORDER BY doc_id").fetchall()
        return [(str(d), p.isoformat() if p else "", int(n)) for d, p, n in rows]

    def stats(self) -> Stats:
        (articles,) = self._db.execute("SELECT count(*) FROM articles").fetchone() or (0,)
        (sentences,) = self._db.execute("SELECT count(*) FROM sentences").fetchone() or (0,)
        return Stats(int(articles), int(sentences), self.path.stat().st_size, self.model)

    def sources(self, leave_out: Sequence[str] = ()) -> list[tuple[Article, list[Claim], NDArray[np.float32]]]:
        """Every archived article (but ``leave_out``) with its parsed claims and their embeddings, as a
        check reads its sources: nothing is segmented, embedded or parsed again."""
        claims, vectors = self.claims()
        rows_of: dict[str, list[int]] = {}
        for i, c in enumerate(claims):
            rows_of.setdefault(c.doc_id, []).append(i)
        rows = self._db.execute(
            "SELECT doc_id, path, text, source, url, published FROM articles ORDER BY doc_id"
        ).fetchall()
        out: list[tuple[Article, list[Claim], NDArray[np.float32]]] = []
        for doc_id, path, text, source, url, published in rows:
            if doc_id in leave_out:
                continue
            article = Article(str(doc_id), str(path), str(text), source, url, published, "archive")
            mine = rows_of.get(str(doc_id), [])
            out.append((article, [claims[i] for i in mine], vectors[mine]))
        return out

    def claims(self) -> tuple[list[Claim], NDArray[np.float32]]:
        """Every stored sentence as a parsed claim (facts read, not re-parsed), with its embedding."""
        published = {str(d): p for d, p in self._db.execute("SELECT doc_id, published FROM articles").fetchall()}
        rows = self._db.execute(
            "SELECT doc_id, idx, start_char, end_char, line, col, end_line, text, plain, embedding, facts"
            " FROM sentences ORDER BY doc_id, idx"
        ).fetchall()
        claims: list[Claim] = []
        vectors: list[list[float]] = []
        for doc_id, idx, start, end, line, col, end_line, text, plain, embedding, facts in rows:
            sentence = Sentence(
                str(doc_id),
                int(idx),
                int(start),
                int(end),
                int(line),
                int(col),
                int(end_line),
                str(text),
                str(plain or ""),
            )
            found, lemmas, predicates = pickle.loads(facts)  # written by this code: the schema says so
            claims.append(Claim(sentence, found, lemmas, predicates, published.get(str(doc_id))))
            vectors.append(embedding)
        width = len(vectors[0]) if vectors else 0
        return claims, np.asarray(vectors, dtype=np.float32).reshape(len(vectors), width)


class _Transaction:
    """BEGIN … COMMIT, or ROLLBACK on any error (Ctrl-C included): a file is in the archive whole or not."""

    def __init__(self, db: Any) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN TRANSACTION")

    def __exit__(self, kind: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if kind is not None else "COMMIT")
