"""Every --format the CLI offers has a writer in the table, and no writer is unreachable."""

from __future__ import annotations

from crosscheck import cli
from crosscheck.report import formats


def test_each_modes_formats_match_its_writers() -> None:
    assert {f.value for f in cli.Format} == set(formats.ANALYSIS)
    assert {f.value for f in cli.CheckFormat} == set(formats.CHECK)
    assert {f.value for f in cli.GateFormat} == set(formats.GATE)


def test_a_report_file_carries_the_overwrite_marker() -> None:
    assert formats.stamp("# report\n").startswith(f"<!-- {formats.MARKER} ")
