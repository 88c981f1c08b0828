"""``analyze``: where the articles of one story disagree, and what several of them corroborate."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

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
) -> Analysis:
    """Report where ``articles`` (already read, with their metadata) disagree."""
    settings = settings or Settings()
    articles = list(articles)
    warnings = list(warnings)
    detectors, judge = detectors_for(settings)
    if len(articles) < 2:
        warnings.append("only one article: nothing to cross-check it against")
    cache, fact_cache = open_cache(settings), open_fact_cache(settings)
    bare, _ = segmented(articles, progress)
    ahead = parse_ahead(bare, fact_cache)
    try:
        emb = embedded(bare, settings, progress, cache)
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
