"""Stable identity of a finding, for baselines and SARIF ``partialFingerprints``.

Built from the detector id, the documents' ids (paths relative to the analysis root),
the normalised quotes and the disagreeing values; never from line numbers or scores,
which move when unrelated text is edited (detect-secrets leaves line numbers out of a
secret's identity for the same reason).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping


def normalise_quote(text: str) -> str:
    """Case, spacing, quote marks and punctuation do not change what a sentence says."""
    t = unicodedata.normalize("NFKC", text).lower()
    t = re.sub(r"[^\w\s]", " ", t)
    return " ".join(t.split())


def fingerprint(detector: str, quotes: Iterable[tuple[str, str]], values: Mapping[str, str]) -> str:
    parts = [detector]
    parts += sorted(f"{doc}\x1f{normalise_quote(q)}" for doc, q in quotes)
    parts += sorted(f"{k}={normalise_quote(v)}" for k, v in values.items() if not k.startswith("_"))
    return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:20]
