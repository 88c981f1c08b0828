"""An archive of articles in one DuckDB file: each article's sentences, embeddings and typed facts.

``crosscheck index add`` puts articles in, incrementally by content hash: an unchanged file costs a
hash and nothing else, a changed one replaces its old rows in the transaction that writes its new
ones (a partition of articles per transaction), so a crash or Ctrl-C mid-add leaves every file in
the store as it was before or as it is now, never half of one.  The file records the schema and the
embedding model it was built with; a file of another schema, another model or not a DuckDB file
at all is a one-line error, never overwritten.

What is stored is what the pipeline computes for an article (``pipeline.segmented``, the
embeddings, ``facts.parse_claims``), so a later run reads it instead of computing it again.  The
embeddings are searched through a vector index kept beside the file (``vectors``).
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from crosscheck import vectors
from crosscheck.config import Settings
from crosscheck.errors import InputError
from crosscheck.facts import parse_claims
from crosscheck.model import Article, Claim, Sentence
from crosscheck.progress import NULL, Progress

SCHEMA = 3  # 3: sentence ids (``sid``) for the vector index, and a generation per write
DEFAULT_PATH = Path(".crosscheck") / "archive.duckdb"
PARTITION = 64  # articles computed and written together, in one transaction
READER_MEMORY = "2GB"

_TABLES = (
    "CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)",
    "CREATE TABLE articles (doc_id VARCHAR PRIMARY KEY, path VARCHAR, sha256 VARCHAR, published DATE,"
    " source VARCHAR, url VARCHAR, added TIMESTAMP, sentences INTEGER, text VARCHAR, reading BLOB)",
    # no primary key: an index over millions of rows costs memory on every open, and rows are
    # only ever looked up by document (zone maps serve that, rows being written article by article)
    "CREATE TABLE sentences (sid BIGINT, doc_id VARCHAR, idx INTEGER, start_char INTEGER, end_char INTEGER,"
    " line INTEGER, col INTEGER, end_line INTEGER, text VARCHAR, plain VARCHAR, embedding FLOAT[], facts BLOB)",
)
_ARTICLE_COLUMNS = ("doc_id", "path", "sha256", "published", "source", "url", "sentences", "text", "reading")
_SENTENCE_COLUMNS = (
    "doc_id", "idx", "start_char", "end_char", "line", "col", "end_line", "text", "plain", "embedding", "facts",
)  # fmt: skip


def content_hash(article: Article) -> str:
    """What decides an article's rows: its text and the metadata that dates it."""
    parts = (article.text, str(article.published), article.source or "", article.url or "")
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Stats:
    articles: int
    sentences: int
    bytes_on_disk: int  # the store and its vector index
    model: str


@dataclass(frozen=True, slots=True)
class Added:
    added: list[str]  # doc ids written (new or changed)
    unchanged: list[str]


@dataclass(frozen=True)
class Rows:
    """What the store keeps of some articles, as two tables: the unit every ingest path writes
    (in this process, from a worker's Parquet partition, or a benchmark's synthetic archive)."""

    articles: pd.DataFrame
    sentences: pd.DataFrame

    def to_parquet(self) -> tuple[bytes, bytes]:
        """Both tables as Parquet files' bytes (a worker's answer: it may not share the disk)."""
        import tempfile

        import duckdb

        out: list[bytes] = []
        with tempfile.TemporaryDirectory() as folder:
            db = duckdb.connect()
            for name, frame in (("articles", self.articles), ("sentences", self.sentences)):
                target = Path(folder) / f"{name}.parquet"
                db.from_df(frame).write_parquet(str(target))
                out.append(target.read_bytes())
            db.close()
        return out[0], out[1]


def rows_of(articles: Sequence[Article], claims: Sequence[Claim], vectors: NDArray[np.float32]) -> Rows:
    """The rows of ``articles`` given their claims (parsed, in article order) and embeddings."""
    counts: dict[str, int] = {}
    for c in claims:
        counts[c.doc_id] = counts.get(c.doc_id, 0) + 1
    arts = pd.DataFrame(
        [
            (
                a.doc_id,
                a.path,
                content_hash(a),
                a.published,
                a.source,
                a.url,
                counts.get(a.doc_id, 0),
                a.text,
                # how the file was read: where its date came from, its furniture and inline suppressions
                pickle.dumps((a.published_from, a.content_lines, a.furniture_lines, a.suppressions)),
            )
            for a in articles
        ],
        columns=list(_ARTICLE_COLUMNS),
    )
    sents = pd.DataFrame(
        [
            (
                c.doc_id,
                c.sentence.index,
                c.sentence.start,
                c.sentence.end,
                c.sentence.line,
                c.sentence.column,
                c.sentence.end_line,
                c.sentence.text,
                c.sentence.plain,
                v,
                pickle.dumps((c.facts, c.lemmas, c.predicates)),
            )
            for c, v in zip(claims, vectors, strict=True)
        ],
        columns=list(_SENTENCE_COLUMNS),
    )
    return Rows(arts, sents)


def computed(articles: Sequence[Article], settings: Settings, progress: Progress = NULL, caches: bool = True) -> Rows:
    """Segment, embed and parse ``articles``: the rows to store.  ``caches``: read and fill the run
    caches (what an earlier analyze or check computed is read, not redone); a worker of a cluster
    computes without them."""
    from crosscheck.pipeline import closed, embedded, open_cache, open_fact_cache, segmented

    bare, _ = segmented(articles, progress)
    cache, fact_cache = (open_cache(settings), open_fact_cache(settings)) if caches else (None, None)
    try:
        vectors = embedded(bare, settings, progress, cache)
        progress.stage("Extracting facts", len(bare))
        claims = parse_claims(bare, on_batch=progress.advance, cache=fact_cache)
    finally:
        closed(cache, fact_cache)
    return rows_of(articles, claims, vectors)


class Archive:
    """One archive file; use as ``with Archive(path, model) as a``.

    Opened for writing it is held by this process alone (DuckDB locks the file); ``read_only``,
    any number of checks may read it at once, though not while an ``index add`` writes it.
    """

    def __init__(self, path: Path, model: str, create: bool = False, read_only: bool = False) -> None:
        """Open the archive at ``path``; with ``create``, a missing file is made (``index add``)."""
        import duckdb

        self.path = path
        self.model = model
        fresh = not path.exists()
        if fresh and not create:
            raise InputError(f"no archive at {path} (`crosscheck index add PATH` creates it)")
        if path.is_dir():
            raise InputError(f"{path} is a folder, not a crosscheck archive file")
        if fresh:
            path.parent.mkdir(parents=True, exist_ok=True)
        self._db: Any = None
        self._index: vectors.VectorIndex | None = None  # opened by the first search; writes close it
        try:
            # A reader's buffer pool capped: left at DuckDB's default (80% of RAM), a check against
            # 100,000 archived articles peaked at 23 GB resident, caching rows it read once.
            config: dict[str, str | bool | int | float | list[str]] = (
                {"memory_limit": READER_MEMORY} if read_only and not fresh else {}
            )
            self._db = duckdb.connect(str(path), read_only=read_only and not fresh, config=config)
        except duckdb.IOException as exc:
            if "lock" in str(exc).lower():
                raise InputError(
                    f"{path} is in use by another process (an `index add`?); try again when it ends"
                ) from None
            raise InputError(f"{path} is not a crosscheck archive (DuckDB could not open it: {exc})") from None
        except duckdb.Error as exc:
            raise InputError(f"{path} is not a crosscheck archive (DuckDB could not open it: {exc})") from None
        if fresh:
            with self._transaction():
                for statement in _TABLES:
                    self._db.execute(statement)
                self._db.execute(
                    "INSERT INTO meta VALUES ('schema', ?), ('model', ?), ('generation', '0'), ('next_sid', '0')",
                    [str(SCHEMA), model],
                )
            return
        meta = self._meta()
        if meta.get("schema") != str(SCHEMA):
            self.close()
            raise InputError(
                f"{path} is a crosscheck archive of schema {meta.get('schema')}, this version reads schema {SCHEMA}:"
                " index the articles into a new archive file"
            )
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

    def _counter(self, key: str) -> int:
        (value,) = self._db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return int(value)

    @property
    def generation(self) -> int:
        """Bumped by every write: the vector index beside the file says which one it is of."""
        return self._counter("generation")

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

    def pending(self, articles: Sequence[Article]) -> tuple[list[Article], list[str]]:
        """The articles new or changed since they were indexed, and the ids of the unchanged rest."""
        known = self.known()
        same = [known.get(a.doc_id) == content_hash(a) for a in articles]
        todo = [a for a, kept in zip(articles, same, strict=True) if not kept]
        return todo, [a.doc_id for a, kept in zip(articles, same, strict=True) if kept]

    def add(self, articles: Sequence[Article], settings: Settings, progress: Progress = NULL) -> Added:
        """Index ``articles``: new and changed ones are written, a partition of them per transaction."""
        todo, unchanged = self.pending(articles)
        parts = [todo[start : start + PARTITION] for start in range(0, len(todo), PARTITION)]
        if len(parts) > 1:
            progress.stage("Indexing articles", len(todo))
        with self.writing() as write:
            for part in parts:
                # one partition: its own stages; more: one bar over all of them
                write(computed(part, settings, progress if len(parts) == 1 else NULL))
                if len(parts) > 1:
                    progress.advance(len(part))
        return Added([a.doc_id for a in todo], unchanged)

    def writing(self) -> _Writing:
        """``with archive.writing() as write: write(rows)``: each ``rows`` in one transaction, the
        vector index brought up to date once at the end (or rebuilt on the next read if that fails)."""
        return _Writing(self)

    def ingest(self, rows: Rows) -> tuple[NDArray[np.uint64], tuple[NDArray[np.uint64], NDArray[np.float32]]]:
        """Write ``rows`` in one transaction, replacing their articles' old rows; the sentence ids
        that went and the (ids, embeddings) that came."""
        views = ("new_articles", "new_sentences")
        self._db.from_df(rows.articles).create_view(views[0], replace=True)
        self._db.from_df(rows.sentences).create_view(views[1], replace=True)
        try:
            return self._ingest_views()
        finally:
            for v in views:
                self._db.execute(f"DROP VIEW IF EXISTS {v}")

    def ingest_parquet(
        self, articles: Path, sentences: Path
    ) -> tuple[NDArray[np.uint64], tuple[NDArray[np.uint64], NDArray[np.float32]]]:
        """``ingest`` of a partition a worker wrote as Parquet."""
        self._db.read_parquet(str(articles)).create_view("new_articles", replace=True)
        self._db.read_parquet(str(sentences)).create_view("new_sentences", replace=True)
        try:
            return self._ingest_views()
        finally:
            for v in ("new_articles", "new_sentences"):
                self._db.execute(f"DROP VIEW IF EXISTS {v}")

    def _ingest_views(self) -> tuple[NDArray[np.uint64], tuple[NDArray[np.uint64], NDArray[np.float32]]]:
        db = self._db
        gone = "doc_id IN (SELECT doc_id FROM new_articles)"
        with self._transaction():
            removed = db.execute(f"SELECT sid FROM sentences WHERE {gone}").fetchnumpy()["sid"]
            db.execute(f"DELETE FROM sentences WHERE {gone}")
            db.execute(f"DELETE FROM articles WHERE {gone}")
            db.execute(
                "INSERT INTO articles SELECT doc_id, path, sha256, published::DATE, source, url,"
                " current_localtimestamp(), sentences, text, reading FROM new_articles"
            )
            first = self._counter("next_sid")
            db.execute(
                "INSERT INTO sentences SELECT ? + row_number() OVER (ORDER BY doc_id, idx) - 1, doc_id, idx,"
                " start_char, end_char, line, col, end_line, text, plain, embedding::FLOAT[], facts"
                " FROM new_sentences",
                [first],
            )
            (n,) = db.execute("SELECT count(*) FROM new_sentences").fetchone()
            db.execute("UPDATE meta SET value = ? WHERE key = 'next_sid'", [str(first + int(n))])
            db.execute("UPDATE meta SET value = ? WHERE key = 'generation'", [str(self.generation + 1)])
            added = self._vectors(f"sid >= {first}")
        return removed.astype(np.uint64), added

    def remove(self, doc_ids: Sequence[str]) -> list[str]:
        """Drop these articles; the ids that were there."""
        known = self.known()
        there = [d for d in doc_ids if d in known]
        if not there:
            return []
        with self.writing() as write:
            write.removing(there)
        return there

    def _remove(self, doc_ids: Sequence[str]) -> NDArray[np.uint64]:
        db = self._db
        with self._transaction():
            found = db.execute("SELECT sid FROM sentences WHERE list_contains(?, doc_id)", [list(doc_ids)]).fetchnumpy()
            db.execute("DELETE FROM sentences WHERE list_contains(?, doc_id)", [list(doc_ids)])
            db.execute("DELETE FROM articles WHERE list_contains(?, doc_id)", [list(doc_ids)])
            db.execute("UPDATE meta SET value = ? WHERE key = 'generation'", [str(self.generation + 1)])
        return np.asarray(found["sid"], dtype=np.uint64)

    # --- reading -------------------------------------------------------------------------------

    def listing(self) -> list[tuple[str, str, int]]:
        """(doc id, publication date or "", sentences) of every article, by doc id."""
        rows = self._db.execute("SELECT doc_id, published, sentences FROM articles ORDER BY doc_id").fetchall()
        return [(str(d), p.isoformat() if p else "", int(n)) for d, p, n in rows]

    def stats(self) -> Stats:
        (articles,) = self._db.execute("SELECT count(*) FROM articles").fetchone() or (0,)
        (sentences,) = self._db.execute("SELECT count(*) FROM sentences").fetchone() or (0,)
        index = vectors.sidecar(self.path)
        size = self.path.stat().st_size + (index.stat().st_size if index.is_file() else 0)
        return Stats(int(articles), int(sentences), size, self.model)

    def _vectors(self, where: str = "true") -> tuple[NDArray[np.uint64], NDArray[np.float32]]:
        found = self._db.execute(f"SELECT sid, embedding FROM sentences WHERE {where} ORDER BY sid").fetchnumpy()
        keys = np.asarray(found["sid"], dtype=np.uint64)
        if not len(keys):
            return keys, np.zeros((0, 0), dtype=np.float32)
        return keys, np.stack(list(found["embedding"])).astype(np.float32, copy=False)

    def _width(self) -> int:
        row = self._db.execute("SELECT len(embedding) FROM sentences LIMIT 1").fetchone()
        return int(row[0]) if row else 0

    def vector_index(self) -> vectors.VectorIndex:
        """The nearest-neighbour index of every stored sentence (rebuilt here if it is stale)."""
        if self._index is None:
            self._index = vectors.open_index(self.path, self.generation, self._width(), self._vectors)
        return self._index

    def neighbours(self, queries: NDArray[np.float32], k: int, threshold: float) -> list[str]:
        """Documents holding any of each query's ``k`` nearest sentences at least ``threshold`` alike,
        most alike first."""
        best: dict[int, float] = {}
        for found in self.vector_index().search(queries, k):
            for sid, similarity in found:
                if similarity >= threshold:
                    best[sid] = max(similarity, best.get(sid, -1.0))
        if not best:
            return []
        rows = self._db.execute(
            "SELECT sid, doc_id FROM sentences WHERE list_contains(?, sid)", [list(best)]
        ).fetchall()
        score: dict[str, float] = {}
        for sid, doc_id in rows:
            score[str(doc_id)] = max(best[int(sid)], score.get(str(doc_id), -1.0))
        return sorted(score, key=lambda d: (-score[d], d))

    def __len__(self) -> int:
        (n,) = self._db.execute("SELECT count(*) FROM articles").fetchone() or (0,)
        return int(n)

    def sources(
        self, leave_out: Sequence[str] = (), only: Sequence[str] | None = None
    ) -> list[tuple[Article, list[Claim], NDArray[np.float32]]]:
        """Archived articles (every one, or ``only`` these; never ``leave_out``) with their parsed claims
        and their embeddings, as a check reads its sources: nothing is segmented, embedded or parsed again."""
        where = "true" if only is None else "list_contains($ids, doc_id)"
        params = {} if only is None else {"ids": list(only)}
        claims, vectors_ = self.claims(where, params)
        rows_of_doc: dict[str, list[int]] = {}
        for i, c in enumerate(claims):
            rows_of_doc.setdefault(c.doc_id, []).append(i)
        rows = self._db.execute(
            f"SELECT doc_id, path, text, source, url, published, reading FROM articles WHERE {where} ORDER BY doc_id",
            params,
        ).fetchall()
        out: list[tuple[Article, list[Claim], NDArray[np.float32]]] = []
        for doc_id, path, text, source, url, published, reading in rows:
            if doc_id in leave_out:
                continue
            published_from, content_lines, furniture_lines, suppressions = pickle.loads(reading)
            article = Article(
                str(doc_id),
                str(path),
                str(text),
                source,
                url,
                published,
                published_from,
                content_lines,
                furniture_lines,
                suppressions,
            )
            mine = rows_of_doc.get(str(doc_id), [])
            out.append((article, [claims[i] for i in mine], vectors_[mine]))
        return out

    def claims(
        self, where: str = "true", params: dict[str, Any] | None = None
    ) -> tuple[list[Claim], NDArray[np.float32]]:
        """Stored sentences as parsed claims (facts read, not re-parsed), with their embeddings: from
        the vector index when it is open (a few rows of a large archive: reading 1,250 embeddings
        through DuckDB took 90-130 ms, the rest of the rows 11 ms), else from the store."""
        params = params or {}
        published = {
            str(d): p
            for d, p in self._db.execute(f"SELECT doc_id, published FROM articles WHERE {where}", params).fetchall()
        }
        rows = self._db.execute(
            "SELECT sid, doc_id, idx, start_char, end_char, line, col, end_line, text, plain, facts"
            f" FROM sentences WHERE {where} ORDER BY doc_id, idx",
            params,
        ).fetchall()
        claims: list[Claim] = []
        for _, doc_id, idx, start, end, line, col, end_line, text, plain, facts in rows:
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
        sids = np.asarray([r[0] for r in rows], dtype=np.uint64)
        embeddings = self._index.get(sids) if self._index is not None else None
        if embeddings is None:
            found_rows = self._db.execute(
                f"SELECT embedding FROM sentences WHERE {where} ORDER BY doc_id, idx", params
            ).fetchnumpy()["embedding"]
            width = len(found_rows[0]) if len(found_rows) else 0
            embeddings = (
                np.stack(list(found_rows)).astype(np.float32, copy=False)
                if len(found_rows)
                else np.zeros((0, width), dtype=np.float32)
            )
        return claims, embeddings


class _Writing:
    """Writes to an archive, then one update of its vector index from the generation it started at."""

    def __init__(self, archive: Archive) -> None:
        self._archive = archive
        self._removed: list[NDArray[np.uint64]] = []
        self._keys: list[NDArray[np.uint64]] = []
        self._vectors: list[NDArray[np.float32]] = []
        self._before = archive.generation
        archive._index = None  # a write makes it stale; the next search opens the new one

    def __call__(self, rows: Rows) -> None:
        self._collect(*self._archive.ingest(rows))

    def parquet(self, articles: Path, sentences: Path) -> None:
        self._collect(*self._archive.ingest_parquet(articles, sentences))

    def removing(self, doc_ids: Sequence[str]) -> None:
        self._removed.append(self._archive._remove(doc_ids))

    def _collect(self, removed: NDArray[np.uint64], added: tuple[NDArray[np.uint64], NDArray[np.float32]]) -> None:
        self._removed.append(removed)
        if len(added[0]):
            self._keys.append(added[0])
            self._vectors.append(added[1])

    def __enter__(self) -> _Writing:
        return self

    def __exit__(self, *exc: object) -> None:
        a = self._archive
        after = a.generation
        if after == self._before:
            return
        # on an error or Ctrl-C too: what was committed is in the store, and the index follows it
        keys = np.concatenate(self._keys) if self._keys else np.zeros(0, dtype=np.uint64)
        width = self._vectors[0].shape[1] if self._vectors else a._width()
        found = np.concatenate(self._vectors) if self._vectors else np.zeros((0, width), dtype=np.float32)
        removed = np.concatenate(self._removed) if self._removed else np.zeros(0, dtype=np.uint64)
        vectors.update(a.path, self._before, after, width or a._width(), removed, (keys, found), a._vectors)


class _Transaction:
    """BEGIN … COMMIT, or ROLLBACK on any error (Ctrl-C included): a file is in the archive whole or not."""

    def __init__(self, db: Any) -> None:
        self._db = db

    def __enter__(self) -> None:
        self._db.execute("BEGIN TRANSACTION")

    def __exit__(self, kind: object, *rest: object) -> None:
        self._db.execute("ROLLBACK" if kind is not None else "COMMIT")
