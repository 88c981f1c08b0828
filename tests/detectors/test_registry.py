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
