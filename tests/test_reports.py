"""The committed seed reports are what the code writes today: regenerated the way scripts/run.sh
writes them, byte for byte (a report a reviewer reads must never be stale)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck.cli import app
from tests.conftest import ROOT, SEEDS

TITLE = "Seed corpus: South Korea–Cuba relations (2024)"


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "args"),
    [("seeds.md", ["--title", TITLE]), ("seeds.json", ["--format", "json"]), ("seeds.csv", ["--format", "csv"])],
)
def test_committed_seed_reports_are_current(tmp_path: Path, name: str, args: list[str]) -> None:
    out = tmp_path / name
    result = CliRunner().invoke(app, ["--precision", "fp32", "analyze", str(SEEDS), *args, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    committed = (ROOT / "reports" / name).read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == committed, f"reports/{name} is stale: run bash scripts/run.sh"
