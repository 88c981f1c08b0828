"""The steps ``analyze`` and ``check`` share: caches, sentences, embeddings, facts, detectors, judge."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from crosscheck import detectors as registry
from crosscheck.cache import EmbeddingCache, FactCache, JudgmentCache, default_cache_dir
from crosscheck.config import Settings
from crosscheck.detectors.base import Context, Detector
from crosscheck.detectors.judge import contradiction
from crosscheck.facts import parse_claims
from crosscheck.facts.identity import extractor_identity
from crosscheck.judge import Judge, load_judge
from crosscheck.model import Article, Claim, Finding, Pair
from crosscheck.pairing import default_model_path, encode, may_hold_values
from crosscheck.parallel import Ahead
from crosscheck.progress import Progress
from crosscheck.segment import segment_all


def cache_folder(settings: Settings) -> Path:
    return settings.cache_dir or default_cache_dir()


def open_cache(settings: Settings) -> EmbeddingCache | None:
    """The on-disk embedding cache the settings ask for (None: ``cache`` is off)."""
    if not settings.cache:
        return None
    return EmbeddingCache(cache_folder(settings), settings.model_path or default_model_path(), settings.precision)


def open_fact_cache(settings: Settings) -> FactCache | None:
    """The on-disk cache of extracted facts the settings ask for (None: ``cache`` is off)."""
    return FactCache(cache_folder(settings), extractor_identity()) if settings.cache else None


def closed(*caches: EmbeddingCache | FactCache | JudgmentCache | None) -> list[str]:
    """Close the caches; what went wrong with any of them, for the user."""
    errors: list[str] = []
    for cache in caches:
        if cache is not None:
            cache.close()
            errors += [cache.error] if cache.error else []
    return errors


def segmented(articles: Sequence[Article], progress: Progress) -> tuple[list[Claim], list[int]]:
    """Every sentence of ``articles`` as an unparsed claim, in order, and how many each article has.
    Facts come later, for the claims that reach a pair (``parse_claims``)."""
    progress.stage("Splitting sentences", len(articles))
    per_article = segment_all(articles, on_batch=progress.advance)
    published = {a.doc_id: a.published for a in articles}
    claims = [Claim(s, published=published.get(s.doc_id), parsed=False) for group in per_article for s in group]
    return claims, [len(g) for g in per_article]


def embedded(
    claims: Sequence[Claim], settings: Settings, progress: Progress, cache: EmbeddingCache | None = None
) -> NDArray[np.float32]:
    """The claims' embeddings, one row each."""
    progress.stage("Embedding sentences", len(claims))
    texts = [c.text for c in claims]
    return encode(
        texts, settings.model_path, settings.batch_size, progress.advance, cache=cache, precision=settings.precision
    )


PARSE_AHEAD_MAX = 500  # distinct sentences a forked process can parse while this one imports torch (~5 s)


def model_imports_pending() -> bool:
    """Whether this process has yet to import torch (a first run in a fresh process)."""
    return "torch" not in sys.modules


def parse_here(claims: Sequence[Claim]) -> list[Claim]:
    """Parse in a worker forked before torch was imported.  spaCy's thinc imports torch when it
    can (1.5-2.5 s of CPU, competing with the parent's own import of it) but runs the English
    pipeline without it: the worker blocks that import, the documented way (a None module)."""
    if "torch" not in sys.modules:
        sys.modules["torch"] = None  # type: ignore[assignment]
    return parse_claims(claims, n_process=1)


def parse_ahead(claims: Sequence[Claim], cache: FactCache | None) -> Ahead[Sequence[Claim], list[Claim]] | None:
    """Every sentence not in the facts cache, parsed in a forked process from now on, or None.

    Only the paired sentences need facts, but pairing waits for the embeddings, and those wait
    for torch and sentence-transformers to import: about 5 s on one core, while a 2-core
    machine's other core idles.  A small story (the seeds: 97 sentences) is parsed whole in
    that time, so its facts are ready when the pairs are; a large one would keep the worker
    busy into the encode, competing with it, and is parsed after pairing as before.  Nothing
    is forked when the models are already imported (a long-running process) or every
    sentence is cached."""
    if not model_imports_pending():
        return None
    todo = list({(c.text, c.published): c for c in claims}.values())
    if cache is not None:
        todo = [c for c, hit in zip(todo, cache.get([(c.text, c.published) for c in todo]), strict=True) if hit is None]
    if not todo or len(todo) > PARSE_AHEAD_MAX:
        return None
    return Ahead(parse_here, todo)


def with_facts(
    claims: Sequence[Claim],
    pairs: Sequence[Pair],
    progress: Progress,
    cache: FactCache | None = None,
    ahead: Ahead[Sequence[Claim], list[Claim]] | None = None,
) -> tuple[list[Claim], list[Pair]]:
    """``claims`` and ``pairs`` with every paired claim parsed (one batch); unpaired claims stay as they are."""
    paired = list({id(c): c for p in pairs for c in (p.a, p.b)}.values())
    # Sentences of related documents that may hold a figure or a date are parsed too, unpaired:
    # their values are compared slot by slot however differently they are worded (pairing.value_pairs).
    related = {d for p in pairs for d in (p.a.doc_id, p.b.doc_id)}
    taken = {id(c) for c in paired}
    paired += [c for c in claims if id(c) not in taken and c.doc_id in related and may_hold_values(c.text)]
    progress.stage("Extracting facts", len(paired))
    ready = (ahead.result() if ahead is not None else None) or []
    parsed = dict(
        zip(map(id, paired), parse_claims(paired, on_batch=progress.advance, cache=cache, ready=ready), strict=True)
    )
    return (
        [parsed.get(id(c), c) for c in claims],
        [dataclasses.replace(p, a=parsed[id(p.a)], b=parsed[id(p.b)]) for p in pairs],
    )


def dedupe(findings: Sequence[Finding], min_confidence: float) -> list[Finding]:
    """One finding per claim, detector and other document: the closest match speaks for it.

    A sentence that contradicts an article usually resembles several of its sentences;
    reporting each of them would bury the reviewer in copies of one disagreement.
    """
    ranked = sorted(
        (f for f in findings if f.confidence >= min_confidence),
        key=lambda f: (-f.severity, -f.confidence, f.detector, [(e.doc_id, e.line, e.column) for e in f.evidence]),
    )
    taken: set[tuple[str, str, int, int, str]] = set()
    kept: list[Finding] = []
    for f in ranked:
        a, b = f.evidence[0], f.evidence[-1]
        keys = {(f.detector, a.doc_id, a.line, a.column, b.doc_id), (f.detector, b.doc_id, b.line, b.column, a.doc_id)}
        if keys & taken:
            continue
        taken |= keys
        kept.append(f)
    return kept


def detectors_for(settings: Settings) -> tuple[list[Detector], Judge | None]:
    """The selected detectors, the judge wired in (or dropped with ``use_judge`` off)."""
    judge = None
    if settings.use_judge:
        judge = load_judge(settings.judge, precision=settings.precision)
        if settings.cache and judge.identity:
            # A copy per run: the loaded model is shared, the remembered scores and the store are this run's.
            store = JudgmentCache(cache_folder(settings), judge.identity)
            judge = dataclasses.replace(judge, disk=store, _memo={})
    context = Context(judge=judge, judge_contradiction=settings.judge_contradiction)
    return registry.select(settings.detectors, context), judge


def by_rules(findings: Sequence[Finding]) -> list[Finding]:
    """The findings the typed-fact rules made, without the judge's."""
    return registry.by_rules(findings)


def judged(findings: Sequence[Finding], judge: Judge | None) -> list[Finding]:
    """Findings with the judge's view of their two sentences beside them, for the reviewer."""
    if judge is None or not findings:
        return list(findings)
    scores = contradiction(judge, [(f.evidence[0].text, f.evidence[-1].text) for f in findings])
    return [dataclasses.replace(f, judge=s) for f, s in zip(findings, scores, strict=True)]
