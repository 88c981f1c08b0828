"""The README's commands run as written (in a copy of the files they name), and its library example
works: a README whose commands fail is the first thing a newcomer meets."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", README, re.S)


def _commands() -> list[str]:
    lines = [line.split("  #")[0].strip() for block in _blocks("bash") for line in block.splitlines()]
    return [line for line in lines if line.startswith("crosscheck ")]


def test_the_readme_shows_each_command() -> None:
    named = {c.split()[1] for c in _commands()}
    assert {"analyze", "check", "gate", "baseline", "detectors", "explain", "init", "eval"} <= named


@pytest.mark.slow
def test_every_readme_command_runs_as_written(tmp_path: Path) -> None:
    for folder in ("seeds", "benchmarks/data/multisource"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / "reports").mkdir()
    exe = Path(sys.executable).with_name("crosscheck")
    env = {**os.environ, "CI": "true"}
    for command in _commands():
        argv = shlex.split(command)
        args = []  # the shell expands globs before crosscheck sees them
        for a in argv[1:]:
            hits = sorted(tmp_path.glob(a)) if any(ch in a for ch in "*?[") else []
            args += [str(p.relative_to(tmp_path)) for p in hits] or [a]
        done = subprocess.run([str(exe), *args], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode in (0, 1), f"{command}: exit {done.returncode}\n{done.stderr[-2000:]}"
        assert "Traceback" not in done.stderr, command


def test_the_library_example_runs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (example,) = _blocks("python")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "draft.md").write_text((ROOT / "seeds" / "003_c5b686a9497d3da5.txt").read_text(encoding="utf-8"))
    (tmp_path / "sources").mkdir()
    for name in ("000_3485eaa854017856.txt", "004_90b89dafc0ad33b2.txt"):
        shutil.copy(ROOT / "seeds" / name, tmp_path / "sources" / name)
    monkeypatch.chdir(tmp_path)
    exec(compile(example, "README.md", "exec"), {})
