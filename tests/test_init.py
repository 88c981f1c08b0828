"""`crosscheck init`: a settings block that loads, a pre-commit entry, and nothing of the user's lost."""

from __future__ import annotations

from pathlib import Path

import yaml

from crosscheck.config import load_settings
from crosscheck.init import PRE_COMMIT, init


def test_init_appends_a_block_that_loads_and_keeps_the_users_text(tmp_path: Path) -> None:
    (tmp_path / "wires").mkdir()
    (tmp_path / "wires" / "a.txt").write_text("The budget passed on Monday.\n")
    mine = '[project]\nname = "newsroom"\n\n[tool.ruff]\nline-length = 100\n'
    (tmp_path / "pyproject.toml").write_text(mine)
    done = init(tmp_path)
    text = (tmp_path / "pyproject.toml").read_text()
    assert text.startswith(mine) and [d.action for d in done] == ["appended to", "created"]
    settings = load_settings(tmp_path / "pyproject.toml")
    assert settings.paths == (tmp_path / "wires",)
    # every commented setting is a real one: uncommented, the block still loads
    uncommented = "\n".join(
        line[2:] if line.startswith("# ") and " = " in line.split("#")[1] else line for line in text.splitlines()
    )
    (tmp_path / "all.toml").write_text(uncommented)
    every = load_settings(tmp_path / "all.toml")
    assert every.use_judge is False and every.detectors == ("CC101", "numeric.conflict")
    hooks = yaml.safe_load((tmp_path / PRE_COMMIT).read_text())["repos"][0]["hooks"]
    assert hooks[0]["entry"] == "crosscheck gate"


def test_init_twice_changes_nothing_and_never_edits_a_foreign_pre_commit_file(tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("The budget passed on Monday.\n")
    theirs = "repos:\n  - repo: https://example.org/hooks\n    rev: v1\n    hooks: [{id: lint}]\nci:\n  skip: []\n"
    (tmp_path / PRE_COMMIT).write_text(theirs)
    first = init(tmp_path)
    assert first[0].action == "created" and 'paths = ["."]' in (tmp_path / "pyproject.toml").read_text()
    assert first[1].action == "left as it is" and "repo: local" in first[1].why
    assert (tmp_path / PRE_COMMIT).read_text() == theirs
    before = (tmp_path / "pyproject.toml").read_text()
    again = init(tmp_path)
    assert [d.action for d in again] == ["left as it is", "left as it is"]
    assert (tmp_path / "pyproject.toml").read_text() == before
