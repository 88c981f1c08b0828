"""``crosscheck init``: a commented ``[tool.crosscheck]`` block and a pre-commit entry.

It only ever adds: a pyproject.toml that already has the table, or a pre-commit config that
already names crosscheck, is left as it is, and an existing file is appended to, never rewritten,
so nothing the user wrote is lost.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crosscheck.errors import InputError
from crosscheck.intake import SUFFIXES

PRE_COMMIT = ".pre-commit-config.yaml"

_BLOCK = """
[tool.crosscheck]
# What `crosscheck gate` and `crosscheck baseline` read when no path is given (folders or files).
paths = {paths}
# Findings accepted so far; `crosscheck baseline create` writes it, `gate` fails only on new ones.
# baseline = ".crosscheck-baseline.json"
# The lowest severity that fails the gate: error | warning | note.
# fail-on = "error"
# Files never read, as globs on the file name or its path in the folder.
# exclude = ["*.html", "drafts/old/*"]
# Only these detectors (ids or names; `crosscheck detectors` lists them). Default: all.
# detectors = ["CC101", "numeric.conflict"]
# Rules only, without the contradiction judge (faster; see docs/judge.md in crosscheck).
# judge = false
# Two sentences at least this alike are compared; this alike, they say the same thing.
# pair-threshold = 0.4
# corroborate-threshold = 0.7
"""

_HOOK = """  - repo: local
    hooks:
      - id: crosscheck-gate
        name: crosscheck gate (new contradictions between sources)
        entry: crosscheck gate
        language: system
        pass_filenames: false
        require_serial: true
        files: \\.(md|markdown|txt|ya?ml|toml)$|^\\.crosscheck-baseline\\.json$
"""


@dataclass(frozen=True, slots=True)
class Done:
    path: Path
    action: str  # "created", "appended to", "left as it is"
    why: str = ""


def article_folders(root: Path) -> list[str]:
    """Folders under ``root`` (one level) that hold articles; "." when the articles lie in ``root``."""
    found = [
        p.name
        for p in sorted(root.iterdir())
        if p.is_dir()
        and not p.name.startswith((".", "_"))
        and p.name not in ("node_modules", "venv", "env", "build", "dist")
        and any(f.suffix.lower() in SUFFIXES for f in p.rglob("*") if f.is_file())
    ]
    return found or ["."]


def _toml_list(items: Sequence[str]) -> str:
    return "[" + ", ".join('"' + i.replace("\\", "/").replace('"', '\\"') + '"' for i in items) + "]"


def _append(path: Path, text: str) -> None:
    """Add ``text`` at the end of ``path`` through a temporary copy, so a failed write loses nothing."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    glue = "" if not old or old.endswith("\n") else "\n"
    tmp = path.with_name(f".{path.name}.tmp{os.getpid()}")
    try:
        tmp.write_text(old + glue + text, encoding="utf-8")
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write {path}: {exc.strerror or exc}") from None


def init(root: Path, paths: Sequence[str] | None = None, pre_commit: bool = True) -> list[Done]:
    """Write the settings block (and a pre-commit hook) for the project in ``root``."""
    if not root.is_dir():
        raise InputError(f"not a folder: {root}")
    done: list[Done] = []
    pyproject = root / "pyproject.toml"
    existing: dict[str, object] = {}
    if pyproject.exists():
        try:
            existing = tomllib.loads(pyproject.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"cannot read {pyproject}: {exc}") from None
    tool = existing.get("tool")
    if isinstance(tool, dict) and "crosscheck" in tool:
        done.append(Done(pyproject, "left as it is", "it already has [tool.crosscheck]"))
    else:
        block = _BLOCK.format(paths=_toml_list(paths or article_folders(root)))
        action = "appended to" if pyproject.exists() else "created"
        _append(pyproject, block if pyproject.exists() else block.lstrip("\n"))
        done.append(Done(pyproject, action))
    if pre_commit:
        config = root / PRE_COMMIT
        if not config.exists():
            _append(config, "repos:\n" + _HOOK)
            done.append(Done(config, "created"))
        elif "crosscheck" in config.read_text(encoding="utf-8", errors="replace"):
            done.append(Done(config, "left as it is", "it already names crosscheck"))
        else:
            # appending to its `repos:` list is only safe where that list ends the file
            done.append(Done(config, "left as it is", "add this entry under `repos:` yourself:\n" + _HOOK))
    return done
