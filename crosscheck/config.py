"""Settings: defaults, overridden by ``[tool.crosscheck]`` in pyproject.toml, overridden by CLI flags."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crosscheck.compute import resolve
from crosscheck.errors import InputError
from crosscheck.intake import DEFAULT_MAX_BYTES
from crosscheck.model import Severity


@dataclass(frozen=True)
class Settings:
    pair_threshold: float = 0.4  # pairs less alike than this are never compared
    top_k: int = 8  # neighbours per claim in other documents
    corroborate_threshold: float = 0.7  # a match this close counts as saying the same thing
    coverage_threshold: float = 0.8  # or: this share of a claim's words is in its matching source sentences
    detectors: tuple[str, ...] | None = None  # None: all registered detectors
    min_confidence: float = 0.0
    max_bytes: int = DEFAULT_MAX_BYTES
    batch_size: int = 64
    model_path: Path | None = None
    fail_on: Severity = Severity.ERROR
    baseline: Path = Path(".crosscheck-baseline.json")  # relative to the pyproject.toml that sets it
    paths: tuple[Path, ...] = ()  # what ``gate`` checks when no path is given
    # glob patterns of files never read (matched against the file name and its path below the input
    # folder): a scan or an export kept beside the articles that the gate must not wait on
    exclude: tuple[str, ...] = ()
    use_judge: bool = True  # the learned contradiction judge (``--no-judge``: rules only)
    judge: Path | None = None  # a judge directory (adapter or NLI model); None: the one crosscheck ships
    # The judge vetoes a corroboration when its best entailment is below this: it is 90% sure no
    # evidence supports the claim (the same confidence CC200 needs to call a contradiction).
    judge_entailment: float = 0.1
    judge_contradiction: float = 0.9  # CC200 fires when the judge is this sure two sentences contradict
    cache: bool = True  # keep embeddings, facts and judge scores on disk between runs (``--no-cache``: never)
    cache_dir: Path | None = None  # None: $CROSSCHECK_CACHE_DIR, else ~/.cache/crosscheck
    # The models' number format: "auto" (bf16 where the CPU computes it natively, else fp32), "bf16"
    # or "fp32".  Scores differ in the third decimal between the two; set one for identical reports
    # across machines.
    precision: str = "auto"
    archive: Path = Path(".crosscheck") / "archive.duckdb"  # ``crosscheck index``'s store, relative to pyproject.toml
    # An archive of more articles than this is searched through its vector index for the articles
    # that hold a new claim's nearest sentences; up to it, every archived article is read, so a small
    # archive gives exactly what passing its files would.
    retrieve_above: int = 200

    def replace(self, **changes: Any) -> Settings:
        clean = {k: v for k, v in changes.items() if v is not None}
        return dataclasses.replace(self, **clean)


_FIELDS = {f.name for f in dataclasses.fields(Settings)}


def find_pyproject(start: Path) -> Path | None:
    start = start.resolve()
    for folder in (start, *start.parents) if start.is_dir() else (start.parent, *start.parent.parents):
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(pyproject: Path | None) -> Settings:
    """Settings from a pyproject.toml's ``[tool.crosscheck]`` table (defaults when absent)."""
    if pyproject is None:
        return Settings()
    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"cannot read {pyproject}: {exc}") from None
    table = data.get("tool", {}).get("crosscheck", {})
    if not isinstance(table, dict):
        raise InputError(f"[tool.crosscheck] in {pyproject} must be a table")
    values: dict[str, Any] = {}
    for key, value in table.items():
        name = key.replace("-", "_")
        if name not in _FIELDS:
            raise InputError(f"unknown setting {key!r} in [tool.crosscheck] of {pyproject}")
        values[name] = value
    try:
        if "fail_on" in values:
            values["fail_on"] = Severity.parse(str(values["fail_on"]))
        if "detectors" in values:
            values["detectors"] = tuple(str(d) for d in values["detectors"])
        if "judge" in values:
            from crosscheck.judge import SHIPPED

            # judge = false turns it off; a string names a shipped judge or a judge directory
            if values["judge"] is False:
                values["use_judge"] = False
                del values["judge"]
            elif isinstance(values["judge"], str):
                folder = (pyproject.parent / values["judge"]).resolve()
                # a shipped judge by name, unless a folder of that name sits beside the config
                named = values["judge"].lower() in SHIPPED and not folder.is_dir()
                values["judge"] = SHIPPED[values["judge"].lower()] if named else folder
            else:
                raise TypeError("'judge' must be false, minilm (the shipped judge) or a judge directory")
        if "use_judge" in values and not isinstance(values["use_judge"], bool):
            raise TypeError("'use-judge' must be true or false")
        if "cache" in values and not isinstance(values["cache"], bool):
            raise TypeError("'cache' must be true or false")
        if "precision" in values:
            resolve(str(values["precision"]))  # a clear error now, not at the first model load
            values["precision"] = str(values["precision"])
        if "cache_dir" in values:
            values["cache_dir"] = (pyproject.parent / str(values["cache_dir"])).resolve()
        if "model_path" in values:
            values["model_path"] = (pyproject.parent / str(values["model_path"])).resolve()
        values["baseline"] = pyproject.parent / str(values.get("baseline", Settings.baseline))
        values["archive"] = pyproject.parent / str(values.get("archive", Settings.archive))
        if "exclude" in values:
            if not isinstance(values["exclude"], list):
                raise TypeError("'exclude' must be a list of glob patterns")
            values["exclude"] = tuple(str(p) for p in values["exclude"])
        if "paths" in values:
            if not isinstance(values["paths"], list):
                raise TypeError("'paths' must be a list of folders or files")
            values["paths"] = tuple(pyproject.parent / str(p) for p in values["paths"])
        for name in (
            "pair_threshold",
            "corroborate_threshold",
            "coverage_threshold",
            "min_confidence",
            "judge_entailment",
            "judge_contradiction",
        ):
            if name in values:
                values[name] = float(values[name])
        for name in ("top_k", "max_bytes", "batch_size", "retrieve_above"):
            if name in values:
                values[name] = int(values[name])
    except (TypeError, ValueError) as exc:
        raise InputError(f"bad value in [tool.crosscheck] of {pyproject}: {exc}") from None
    return Settings(**values)
