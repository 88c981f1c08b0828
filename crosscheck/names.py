"""Name matching shared by the entity and title detectors and the value alignment."""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import fuzz

from crosscheck.identity import normalise_quote


@lru_cache(maxsize=1 << 16)
def same_name(a: str, b: str) -> bool:
    """ "Carlos Miguel Pereira" is "Carlos Miguel Pereira Hernández"; "Chung" is "Chung Byung-won"."""
    na, nb = normalise_quote(a), normalise_quote(b)
    if not na or not nb:
        return False
    if na == nb:
        return True
    ta, tb = set(na.split()), set(nb.split())
    if ta <= tb or tb <= ta:
        return True
    acronym = "".join(w[0] for w in na.split() if w not in ("of", "the", "and"))
    if acronym == nb.replace(" ", "") or "".join(
        w[0] for w in nb.split() if w not in ("of", "the", "and")
    ) == na.replace(" ", ""):
        return True
    return fuzz.token_sort_ratio(na, nb) >= 88
