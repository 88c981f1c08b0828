from __future__ import annotations

import pytest

from crosscheck.detectors import REGISTRY, select
from crosscheck.errors import InputError


def test_ids_and_names_are_unique_and_documented() -> None:
    assert len({c.id for c in REGISTRY}) == len({c.name for c in REGISTRY}) == len(REGISTRY)
    for cls in REGISTRY:
        assert cls.__doc__ and "Conflict:" in cls.__doc__ and "Harmless:" in cls.__doc__


def test_select_by_id_name_or_kind() -> None:
    assert [d.id for d in select(["CC101", "polarity.conflict", "numeric"])] == ["CC101", "CC102", "CC106"]
    with pytest.raises(InputError, match="unknown detector"):
        select(["CC999"])


def test_a_line_both_sides_answer_elsewhere_is_no_finding() -> None:
    from crosscheck.detectors import run
    from crosscheck.model import Pair
    from tests.conftest import make_claim

    approved = make_claim("The council approved the bridge plan on Monday.", "a.txt")
    also_approved = make_claim("The council approved the bridge plan on Monday, officials said.", "b.txt")
    rejected = make_claim("The council did not approve the bridge plan, a member said.", "b.txt")
    detectors = select(["CC106"])
    pairs = [Pair(approved, also_approved, 0.95, 0.9), Pair(approved, rejected, 0.75, 0.8)]
    # b's denial is closest to a's line from its own side: a's only sentence disputes it
    (finding,) = run(detectors, pairs, agree=0.7)
    assert {e.text for e in finding.evidence} == {approved.text, rejected.text}
    # once a also has a line saying what b's denial says, each side's closest line agrees
    also_rejected = make_claim("The council did not approve the bridge plan, a member told reporters.", "a.txt")
    assert run(detectors, [*pairs, Pair(also_rejected, rejected, 0.97, 0.95)], agree=0.7) == []
    # without ``agree`` every pair is decided on its own
    assert len(run(detectors, pairs)) == 1


def test_docs_detectors_md_is_generated_from_the_docstrings() -> None:
    from crosscheck.detectors import catalogue
    from tests.conftest import ROOT

    committed = (ROOT / "docs" / "detectors.md").read_text(encoding="utf-8")
    assert committed == catalogue(), "docs/detectors.md is stale: crosscheck detectors --markdown > docs/detectors.md"
    for cls in REGISTRY:
        assert f"## {cls.id} `{cls.name}`" in committed
