"""The baseline file: findings an editor has reviewed and accepted, so CI fails only on new ones.

Like detect-secrets' ``.secrets.baseline``, it is JSON meant to be read in a pull request:
versioned, sorted keys, one entry per accepted finding, each with its detector, the
documents, short quotes, the disagreeing values, a status and the reviewer's reason.
Nothing is added to it except by an explicit ``crosscheck baseline`` command; ``gate``
only reads it.  Any structural damage is an error, never an empty baseline: a silently
ignored baseline would let every finding through, or block every build.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from crosscheck import __version__
from crosscheck.compute import FORMATS
from crosscheck.errors import BaselineError
from crosscheck.identity import normalise_quote
from crosscheck.model import Finding

VERSION = 1
STATUSES = ("accepted", "false_positive")
QUOTE_CHARS = 200  # enough to recognise the sentence in review, short enough to read
EDIT_RATIO = 85.0  # rapidfuzz ratio above which two quotes differ "only by a light edit"
_FINGERPRINT = re.compile(r"^[0-9a-f]{20}$")


def short_quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= QUOTE_CHARS else text[: QUOTE_CHARS - 1].rstrip() + "…"


@dataclass(frozen=True)
class Entry:
    """One accepted finding."""

    fingerprint: str
    detector: str
    rule: str
    quotes: tuple[tuple[str, str], ...]  # (document id, short quote), sorted by document
    values: tuple[tuple[str, str], ...]  # (document id, normalised value), sorted
    status: str = "accepted"
    reason: str = ""

    @property
    def documents(self) -> tuple[str, ...]:
        return tuple(doc for doc, _ in self.quotes)

    @classmethod
    def from_finding(cls, finding: Finding, status: str = "accepted", reason: str = "") -> Entry:
        if status not in STATUSES:
            raise BaselineError(f"unknown status {status!r} (choose from {', '.join(STATUSES)})")
        quotes = tuple(sorted((e.doc_id, short_quote(e.text)) for e in finding.evidence))
        values = tuple(sorted((k, v) for k, v in finding.values.items() if not k.startswith("_")))
        return cls(finding.fingerprint, finding.detector, finding.name, quotes, values, status, reason)

    def as_dict(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "detector": self.detector,
            "rule": self.rule,
            "documents": list(self.documents),
            "quotes": [{"doc": d, "text": q} for d, q in self.quotes],
            "values": dict(self.values),
            "status": self.status,
            "reason": self.reason,
        }


@dataclass
class Baseline:
    entries: list[Entry] = field(default_factory=list)
    generator: str = f"crosscheck {__version__}"
    # The number format the models computed in when the findings were accepted ("bf16"/"fp32";
    # None: not recorded).  A finding near a threshold can come and go between the two.
    precision: str | None = None

    def fingerprints(self) -> set[str]:
        return {e.fingerprint for e in self.entries}

    def dumps(self) -> str:
        data: dict[str, Any] = {
            "version": VERSION,
            "generator": self.generator,
            "findings": [e.as_dict() for e in sorted(self.entries, key=lambda e: (e.detector, e.fingerprint))],
        }
        if self.precision is not None:
            data["precision"] = self.precision
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def _bad(path: Path, why: str) -> BaselineError:
    return BaselineError(f"baseline {path} is not valid: {why} (recreate it with `crosscheck baseline create`)")


def _str(obj: dict[str, Any], key: str, path: Path, where: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise _bad(path, f"{where}: {key!r} must be a string")
    return value


def _entry(raw: Any, path: Path, n: int) -> Entry:
    where = f"entry {n}"
    if not isinstance(raw, dict):
        raise _bad(path, f"{where} is not an object")
    fp = _str(raw, "fingerprint", path, where)
    if not _FINGERPRINT.match(fp):
        raise _bad(path, f"{where}: fingerprint {fp!r} is not 20 hex digits")
    status = _str(raw, "status", path, where)
    if status not in STATUSES:
        raise _bad(path, f"{where}: status {status!r} is not one of {', '.join(STATUSES)}")
    quotes_raw = raw.get("quotes")
    if not isinstance(quotes_raw, list) or not quotes_raw:
        raise _bad(path, f"{where}: 'quotes' must be a non-empty list")
    quotes = []
    for q in quotes_raw:
        if not isinstance(q, dict):
            raise _bad(path, f"{where}: each quote must be an object with 'doc' and 'text'")
        quotes.append((_str(q, "doc", path, where), _str(q, "text", path, where)))
    values_raw = raw.get("values", {})
    if not isinstance(values_raw, dict) or not all(isinstance(v, str) for v in values_raw.values()):
        raise _bad(path, f"{where}: 'values' must map documents to strings")
    documents = raw.get("documents")
    if documents is not None and documents != [d for d, _ in sorted(quotes)]:
        raise _bad(path, f"{where}: 'documents' does not match the documents of its quotes")
    return Entry(
        fingerprint=fp,
        detector=_str(raw, "detector", path, where),
        rule=_str(raw, "rule", path, where),
        quotes=tuple(sorted(quotes)),
        values=tuple(sorted(values_raw.items())),
        status=status,
        reason=_str(raw, "reason", path, where),
    )


def load(path: Path) -> Baseline:
    """Read and validate a baseline; every defect is a BaselineError naming the file."""
    if path.is_dir():
        raise _bad(path, "it is a folder")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise BaselineError(f"baseline not found: {path}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise _bad(path, f"cannot read it ({exc.__class__.__name__})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _bad(path, f"broken JSON at line {exc.lineno}, column {exc.colno}") from None
    if not isinstance(data, dict):
        raise _bad(path, "the top level must be an object")
    if data.get("version") != VERSION:
        raise _bad(path, f"unknown version {data.get('version')!r} (this crosscheck reads version {VERSION})")
    findings = data.get("findings")
    if not isinstance(findings, list):
        raise _bad(path, "'findings' must be a list")
    entries = [_entry(raw, path, n) for n, raw in enumerate(findings, 1)]
    seen: set[str] = set()
    for e in entries:
        if e.fingerprint in seen:
            raise _bad(path, f"fingerprint {e.fingerprint} appears twice")
        seen.add(e.fingerprint)
    precision = data.get("precision")
    if precision is not None and precision not in FORMATS:
        raise _bad(path, f"'precision' must be one of {', '.join(FORMATS)}, not {precision!r}")
    return Baseline(entries, str(data.get("generator", "")), precision)


def save(baseline: Baseline, path: Path) -> None:
    """Write atomically, so an interrupted write never leaves half a baseline behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    tmp.write_text(baseline.dumps(), encoding="utf-8")
    tmp.replace(path)


# --- matching ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    entry: Entry
    how: str  # "exact", "edited" (light edit of the quotes) or "moved" (documents renamed)


def _quote_score(a: Sequence[tuple[str, str]], b: Sequence[tuple[str, str]]) -> float:
    """Worst per-quote similarity under the better of the two alignments of two quote lists."""
    if len(a) != len(b):
        return 0.0
    qa = [normalise_quote(q) for _, q in a]
    qb = [normalise_quote(q) for _, q in b]
    straight = min(fuzz.ratio(x, y) for x, y in zip(qa, qb, strict=True))
    crossed = min(fuzz.ratio(x, y) for x, y in zip(qa, reversed(qb), strict=True)) if len(qa) == 2 else 0.0
    return max(straight, crossed)


def _value_set(values: Iterable[tuple[str, str]]) -> list[str]:
    return sorted(normalise_quote(v) for _, v in values)


def match(findings: Sequence[Finding], baseline: Baseline) -> dict[int, Match]:
    """Which baseline entry, if any, each finding (by index) is.

    An exact fingerprint first.  Otherwise the same detector and the same disagreeing
    values, with every quote at least ``EDIT_RATIO`` alike (a word or two changed in a
    sentence): "edited" when the documents are the same, "moved" when they were renamed.
    The values must be equal because a light edit that changes them ("July" → "August")
    is exactly the new contradiction CI is for.
    Each entry matches at most one finding.
    """
    by_fp = {e.fingerprint: e for e in baseline.entries}
    used: set[str] = set()
    out: dict[int, Match] = {}
    for i, f in enumerate(findings):
        entry = by_fp.get(f.fingerprint)
        if entry is not None and entry.fingerprint not in used:
            out[i] = Match(entry, "exact")
            used.add(entry.fingerprint)
    candidates: list[tuple[float, int, Entry, str]] = []
    for i, f in enumerate(findings):
        if i in out:
            continue
        current = Entry.from_finding(f)
        values = _value_set(current.values)
        for entry in baseline.entries:
            if entry.fingerprint in used or entry.detector != f.detector or _value_set(entry.values) != values:
                continue
            score = _quote_score(current.quotes, entry.quotes)
            if score >= EDIT_RATIO:
                how = "edited" if entry.documents == current.documents else "moved"
                candidates.append((score, i, entry, how))
    for _score, i, entry, how in sorted(candidates, key=lambda c: -c[0]):
        if i in out or entry.fingerprint in used:
            continue
        out[i] = Match(entry, how)
        used.add(entry.fingerprint)
    return out
