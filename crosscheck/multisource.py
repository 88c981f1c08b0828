"""``crosscheck eval CLUSTERS/``: measure ``analyze`` on labelled multi-source clusters.

A cluster is a folder of one story told by several outlets: the articles (``NNN_<outlet>.txt``),
``meta.json`` (each article's outlet, publication date and address) and ``gold.json``, the
discrepancies a person marked (positives) and the tempting pairs that are none (negatives).
Every cluster goes through ``analysis.analyze_articles``, the code behind ``crosscheck analyze``, with
the metadata given as a user's ``sources.yaml`` would give it.  The figures follow the scorer
shipped with the clusters, rule for rule:

- a finding *links* two lines when both are among its claims, in different documents, and the
  two claims do not carry one same value (a finding that lists every source's value for one fact
  is scored pair by pair);
- **recall**: positives linked by some finding (any severity);
- **unmatched**: serious findings (not a note) that link no positive: false alarms, or a real
  discrepancy nobody marked;
- **violated**: negatives linked by some finding.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from crosscheck import analysis
from crosscheck.config import Settings
from crosscheck.errors import InputError
from crosscheck.intake import build_article, read_text
from crosscheck.model import Article, Finding, Severity
from crosscheck.progress import NULL, Progress

GOLD = "gold.json"
META = "meta.json"

Line = tuple[str, int]  # (document key: the file name's prefix before "_", 1-based line)


@dataclass(frozen=True)
class Labelled:
    """One hand-marked positive (a discrepancy) or negative (a pair that must not be linked)."""

    id: str
    kind: str  # the positive's ``kind_hint``: date, number, name...; "" for a negative
    a: frozenset[Line]
    b: frozenset[Line]
    why: str


@dataclass
class ClusterScore:
    name: str
    positives: list[Labelled]
    negatives: list[Labelled]
    found: list[bool]  # per positive
    violated: list[bool]  # per negative
    unmatched: list[Finding]
    findings: list[Finding]
    seconds: float = 0.0


@dataclass
class ClustersReport:
    clusters: list[ClusterScore] = field(default_factory=list)

    @property
    def positives(self) -> int:
        return sum(len(c.positives) for c in self.clusters)

    @property
    def found(self) -> int:
        return sum(sum(c.found) for c in self.clusters)

    @property
    def unmatched(self) -> int:
        return sum(len(c.unmatched) for c in self.clusters)

    @property
    def violated(self) -> int:
        return sum(sum(c.violated) for c in self.clusters)

    def by_kind(self) -> dict[str, tuple[int, int]]:
        """kind_hint -> (found, positives)."""
        out: dict[str, list[int]] = {}
        for c in self.clusters:
            for p, hit in zip(c.positives, c.found, strict=True):
                tally = out.setdefault(p.kind or "other", [0, 0])
                tally[0] += hit
                tally[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(out.items())}

    def by_source(self) -> dict[str, dict[str, float]]:
        """Figures per corpus prefix of the cluster names ("basil", "ecbplus")."""
        groups: dict[str, list[ClusterScore]] = {}
        for c in self.clusters:
            groups.setdefault(c.name.split("-")[0], []).append(c)
        return {k: _figures(v) for k, v in sorted(groups.items())}

    def metrics(self) -> dict[str, Any]:
        return {
            **_figures(self.clusters),
            "by_kind": {k: {"found": f, "positives": n} for k, (f, n) in self.by_kind().items()},
            "by_source": self.by_source(),
            "clusters": [
                {
                    "cluster": c.name,
                    "found": sum(c.found),
                    "positives": len(c.positives),
                    "unmatched": len(c.unmatched),
                    "violated": sum(c.violated),
                    "negatives": len(c.negatives),
                    "findings": len(c.findings),
                }
                for c in self.clusters
            ],
        }


def _figures(clusters: Sequence[ClusterScore]) -> dict[str, float]:
    positives = sum(len(c.positives) for c in clusters)
    found = sum(sum(c.found) for c in clusters)
    unmatched = sum(len(c.unmatched) for c in clusters)
    return {
        "clusters": len(clusters),
        "positives": positives,
        "found": found,
        "recall": round(found / positives, 4) if positives else 0.0,
        "unmatched": unmatched,
        "unmatched_per_cluster": round(unmatched / len(clusters), 3) if clusters else 0.0,
        "violated": sum(sum(c.violated) for c in clusters),
        "negatives": sum(len(c.negatives) for c in clusters),
    }


def is_cluster(folder: Path) -> bool:
    return (folder / GOLD).is_file()


def cluster_folders(root: Path) -> list[Path]:
    """``root`` itself when it is one cluster, else its sub-folders that are (sorted)."""
    if not root.is_dir():
        raise InputError(f"not a folder of clusters: {root}")
    if is_cluster(root):
        return [root]
    found = sorted(p for p in root.iterdir() if p.is_dir() and is_cluster(p))
    if not found:
        raise InputError(f"no cluster (a folder with {GOLD}) in {root}")
    return found


def _json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read {path}: {str(exc).splitlines()[0]}") from None


def _lines(raw: Any, where: str) -> frozenset[Line]:
    try:
        return frozenset((str(d), int(n)) for d, n in raw)
    except (TypeError, ValueError):
        raise InputError(f"{where}: each side must list [document, line] pairs") from None


def read_gold(folder: Path) -> tuple[list[Labelled], list[Labelled]]:
    gold = _json(folder / GOLD)
    if not isinstance(gold, dict):
        raise InputError(f"{folder / GOLD}: not a JSON object")
    out: tuple[list[Labelled], list[Labelled]] = ([], [])
    for bucket, key in zip(out, ("positives", "negatives"), strict=True):
        for i, item in enumerate(gold.get(key, [])):
            where = f"{folder / GOLD}: {key}[{i}]"
            if not isinstance(item, dict):
                raise InputError(f"{where}: not an object")
            bucket.append(
                Labelled(
                    id=str(item.get("id", f"{key}-{i}")),
                    kind=str(item.get("kind_hint", "")) if key == "positives" else "",
                    a=_lines(item.get("a", []), where),
                    b=_lines(item.get("b", []), where),
                    why=str(item.get("why", "")),
                )
            )
    return out


def read_cluster(folder: Path, max_bytes: int) -> list[Article]:
    """The cluster's articles with their outlet, date and address from ``meta.json``."""
    meta = _json(folder / META) if (folder / META).is_file() else {}
    by_file = {a.get("file"): a for a in meta.get("articles", []) if isinstance(a, dict)}
    articles: list[Article] = []
    for path in sorted(folder.glob("*.txt")):
        info = by_file.get(path.name, {})
        article = build_article(
            read_text(path, max_bytes),
            doc_id=path.name,
            path=str(path),
            meta={"source": info.get("outlet"), "published": info.get("published"), "url": info.get("url")},
        )
        if article.content_lines:
            articles.append(article)
    if len(articles) < 2:
        raise InputError(f"{folder}: a cluster needs at least two articles")
    return articles


def doc_key(doc_id: str) -> str:
    """The key gold.json names a document by: its file name up to the first "_" ("003_nyt.txt" -> "003")."""
    name = doc_id.rsplit("/", 1)[-1]
    return name.split("_", 1)[0] if "_" in name else name.rsplit(".", 1)[0]


def _claims(f: Finding) -> list[tuple[str, int, str | None]]:
    return [(doc_key(e.doc_id), e.line, e.value or None) for e in f.evidence]


def links(f: Finding, a: frozenset[Line], b: frozenset[Line]) -> bool:
    """Whether ``f`` links a line of ``a`` with a line of ``b`` (see the module's docstring)."""
    claims = _claims(f)
    for da, la, va in claims:
        if (da, la) not in a:
            continue
        for db, lb, vb in claims:
            if (db, lb) in b and (db, lb) not in a and da != db and (va is None or vb is None or va != vb):
                return True
    return False


def score(name: str, findings: Sequence[Finding], positives: list[Labelled], negatives: list[Labelled]) -> ClusterScore:
    used: set[int] = set()
    found: list[bool] = []
    for p in positives:
        hit = [i for i, f in enumerate(findings) if links(f, p.a, p.b) or links(f, p.b, p.a)]
        used.update(hit)
        found.append(bool(hit))
    violated = [any(links(f, n.a, n.b) or links(f, n.b, n.a) for f in findings) for n in negatives]
    unmatched = [f for i, f in enumerate(findings) if i not in used and f.severity > Severity.NOTE]
    return ClusterScore(name, positives, negatives, found, violated, unmatched, list(findings))


def evaluate(root: Path, settings: Settings | None = None, progress: Progress = NULL) -> ClustersReport:
    """Analyse every cluster under ``root`` and score it against its gold.json."""
    import time

    settings = settings or Settings()
    report = ClustersReport()
    for folder in cluster_folders(root):
        positives, negatives = read_gold(folder)
        articles = read_cluster(folder, settings.max_bytes)
        started = time.perf_counter()
        result = analysis.analyze_articles(articles, settings, progress)
        cluster = score(folder.name, result.findings, positives, negatives)
        cluster.seconds = time.perf_counter() - started
        report.clusters.append(cluster)
    return report


def mixed(root: Path, settings: Settings | None = None, progress: Progress = NULL) -> tuple[int, list[Finding]]:
    """Every cluster's articles analysed as one folder: (articles, findings that link two clusters).

    Unrelated stories side by side must never be compared: any such finding is a false alarm."""
    settings = settings or Settings()
    articles: list[Article] = []
    for folder in cluster_folders(root):
        for a in read_cluster(folder, settings.max_bytes):
            articles.append(_renamed(a, f"{folder.name}/{a.doc_id}"))
    result = analysis.analyze_articles(articles, settings, progress)
    crossing = [f for f in result.findings if len({e.doc_id.split("/", 1)[0] for e in f.evidence}) > 1]
    return len(articles), crossing


def _renamed(article: Article, doc_id: str) -> Article:
    import dataclasses

    return dataclasses.replace(article, doc_id=doc_id)
