"""``analyze``: where the articles of one story disagree, and what several of them corroborate."""

from __future__ import annotations

import itertools
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from crosscheck import align
from crosscheck import detectors as registry
from crosscheck.config import Settings
from crosscheck.intake import load_articles
from crosscheck.model import Article, Claim, Finding, Pair, Unread
from crosscheck.pairing import pair_claims, value_pairs
from crosscheck.pipeline import (
    closed,
    dedupe,
    detectors_for,
    embedded,
    judged,
    open_cache,
    open_fact_cache,
    parse_ahead,
    segmented,
    with_facts,
)
from crosscheck.progress import NULL, Progress
from crosscheck.results import Analysis


def _conflicting(claims: Sequence[Claim], findings: Sequence[Finding]) -> set[tuple[int, int]]:
    """Index pairs of claims that a finding sets against each other (quoted with different values)."""
    where = {c.quote: i for i, c in enumerate(claims)}
    out: set[tuple[int, int]] = set()
    for f in findings:
        quoted = [(where.get(e.quote), e.value) for e in f.evidence]
        for (i, vi), (j, vj) in itertools.combinations(quoted, 2):
            if i is not None and j is not None and i != j and vi != vj:
                out |= {(i, j), (j, i)}
    return out


def _groups(
    claims: Sequence[Claim], pairs: Sequence[Pair], threshold: float, findings: Sequence[Finding] = ()
) -> list[list[Claim]]:
    """Connected groups of claims that match closely across documents (union-find, closest pairs
    first).  Two claims a finding sets against each other never end up in one group, not even
    through a third that resembles both: a claim is not corroborated by the claim it conflicts with."""
    index = {id(c): i for i, c in enumerate(claims)}
    parent = list(range(len(claims)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(claims))}
    # each group's enemies: the claims any of its members is set against (checked in one set lookup)
    enemies: dict[int, set[int]] = {}
    for x, y in _conflicting(claims, findings):
        enemies.setdefault(x, set()).add(y)

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for p in sorted(pairs, key=lambda p: -p.similarity):
        if p.similarity < threshold:
            break
        ra, rb = find(index[id(p.a)]), find(index[id(p.b)])
        if ra == rb or not enemies.get(ra, set()).isdisjoint(members[rb]):
            continue
        keep, gone = min(ra, rb), max(ra, rb)
        parent[gone] = keep
        members[keep] += members.pop(gone)
        if gone in enemies or keep in enemies:
            enemies[keep] = enemies.get(keep, set()) | enemies.pop(gone, set())
    groups = [[claims[i] for i in sorted(m)] for m in members.values()]
    return [g for g in groups if len({c.doc_id for c in g}) >= 2]


def analyze(paths: Sequence[Path], settings: Settings | None = None, progress: Progress = NULL) -> Analysis:
    """Read every article under ``paths`` and report where the sources disagree."""
    settings = settings or Settings()
    warnings: list[str] = []
    unread: list[Unread] = []
    articles = load_articles(paths, settings.max_bytes, warn=warnings.append, unread=unread, exclude=settings.exclude)
    result = analyze_articles(articles, settings, progress, warnings)
    result.unread = unread
    return result


def analyze_articles(
    articles: Sequence[Article],
    settings: Settings | None = None,
    progress: Progress = NULL,
    warnings: Sequence[str] = (),
    preloaded: Mapping[str, tuple[Sequence[Claim], NDArray[np.float32]]] | None = None,
) -> Analysis:
    """Report where ``articles`` (already read, with their metadata) disagree.  ``preloaded``: doc id
    -> claims and embeddings computed elsewhere (an archive), used instead of computing them."""
    settings = settings or Settings()
    articles = list(articles)
    warnings = list(warnings)
    preloaded = preloaded or {}
    detectors, judge = detectors_for(settings)
    if len(articles) < 2:
        warnings.append("only one article: nothing to cross-check it against")
    cache, fact_cache = open_cache(settings), open_fact_cache(settings)
    fresh = [a for a in articles if a.doc_id not in preloaded]
    bare_fresh, counts = segmented(fresh, progress)
    ahead = parse_ahead(bare_fresh, fact_cache)
    try:
        emb_fresh = embedded(bare_fresh, settings, progress, cache)
        bare, emb = _in_order(articles, {**preloaded, **_by_doc(fresh, bare_fresh, counts, emb_fresh)})
        pairs = pair_claims(bare, emb, k=settings.top_k, threshold=settings.pair_threshold)
        claims, pairs = with_facts(bare, pairs, progress, fact_cache, ahead)
        pairs += value_pairs(claims, emb, pairs, align.keys, align.MIN_SIMILARITY)
    finally:
        if ahead is not None:
            ahead.close()
    warnings += closed(cache, fact_cache)
    progress.stage("Comparing", 1)
    findings = judged(
        dedupe(registry.run(detectors, pairs, settings.corroborate_threshold), settings.min_confidence), judge
    )
    warnings += closed(judge.disk if judge is not None else None)
    groups = _groups(claims, pairs, settings.corroborate_threshold, findings)
    grouped = {id(c) for g in groups for c in g}
    # a claim a finding quotes is stated elsewhere, only not alike: it is in the findings, not alone
    quoted = {e.quote for f in findings for e in f.evidence}
    single = [c for c in claims if id(c) not in grouped and c.quote not in quoted]
    progress.advance()
    return Analysis(articles, claims, pairs, findings, groups, single, warnings)


def _by_doc(
    articles: Sequence[Article], claims: Sequence[Claim], counts: Sequence[int], embeddings: NDArray[np.float32]
) -> dict[str, tuple[Sequence[Claim], NDArray[np.float32]]]:
    """Each article's share of claims and embeddings computed for all of them in one batch."""
    out: dict[str, tuple[Sequence[Claim], NDArray[np.float32]]] = {}
    start = 0
    for a, n in zip(articles, counts, strict=True):
        out[a.doc_id] = (claims[start : start + n], embeddings[start : start + n])
        start += n
    return out


def _in_order(
    articles: Sequence[Article], parts: Mapping[str, tuple[Sequence[Claim], NDArray[np.float32]]]
) -> tuple[list[Claim], NDArray[np.float32]]:
    """Every article's claims and embeddings, in article order."""
    mine = [parts[a.doc_id] for a in articles]
    vectors = [e for _, e in mine if len(e)]
    width = vectors[0].shape[1] if vectors else 0
    return [c for cs, _ in mine for c in cs], (
        np.concatenate(vectors) if vectors else np.zeros((0, width), dtype=np.float32)
    )


def about(result: Analysis, doc_ids: Collection[str]) -> Analysis:
    """What ``result`` says about these documents: the findings that quote them, the groups they are
    in, their own single-source claims, and the articles those cite (an archive's analysis of new
    articles reports what concerns them, not every old disagreement among the archived)."""
    wanted = set(doc_ids)
    findings = [f for f in result.findings if any(e.doc_id in wanted for e in f.evidence)]
    groups = [g for g in result.corroborated if any(c.doc_id in wanted for c in g)]
    cited = wanted | {e.doc_id for f in findings for e in f.evidence} | {c.doc_id for g in groups for c in g}
    return Analysis(
        [a for a in result.articles if a.doc_id in cited],
        [c for c in result.claims if c.doc_id in cited],
        [p for p in result.pairs if p.a.doc_id in wanted or p.b.doc_id in wanted],
        findings,
        groups,
        [c for c in result.single_source if c.doc_id in wanted],
        result.warnings,
        result.unread,
    )


def analyze_archive(
    paths: Sequence[Path], archive: Path, settings: Settings | None = None, progress: Progress = NULL
) -> Analysis:
    """Cross-check the articles under ``paths`` against an archive (``crosscheck index``): the archived
    articles holding their sentences' nearest neighbours (every one, in an archive of at most
    ``settings.retrieve_above``), read from the store, and report what concerns the new ones."""
    from crosscheck.archive import Archive
    from crosscheck.cache import model_identity
    from crosscheck.pairing import default_model_path

    settings = settings or Settings()
    warnings: list[str] = []
    unread: list[Unread] = []
    articles = load_articles(paths, settings.max_bytes, warn=warnings.append, unread=unread, exclude=settings.exclude)
    with Archive(archive, model_identity(settings.model_path or default_model_path()), read_only=True) as store:
        preloaded: dict[str, tuple[Sequence[Claim], NDArray[np.float32]]] = {}
        if len(store) > settings.retrieve_above:
            cache = open_cache(settings)
            try:
                bare, counts = segmented(articles, progress)
                emb = embedded(bare, settings, progress, cache)
            finally:
                warnings += closed(cache)
            preloaded = _by_doc(articles, bare, counts, emb)
            known = store.sources(only=store.neighbours(emb, 2 * settings.top_k, settings.pair_threshold))
        else:
            known = store.sources()
    new_ids, new_texts = {a.doc_id for a in articles}, {a.text for a in articles}
    # an archived copy of a new article, or its earlier version under the same name, is the new one
    old = [(a, c, e) for a, c, e in known if a.doc_id not in new_ids and a.text not in new_texts]
    preloaded.update((a.doc_id, (c, e)) for a, c, e in old)
    # in doc-id order, as the files of one folder are read: the same articles give the same report
    everything = sorted([*articles, *(a for a, _, _ in old)], key=lambda a: a.doc_id)
    result = analyze_articles(everything, settings, progress, warnings, preloaded)
    result = about(result, new_ids)
    result.unread = unread
    return result
