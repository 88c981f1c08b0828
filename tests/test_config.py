"""``[tool.crosscheck]`` in pyproject.toml: values, paths resolved beside the file, clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from crosscheck.config import Settings, find_pyproject, load_settings
from crosscheck.errors import InputError
from crosscheck.judge import SHIPPED
from crosscheck.model import Severity
from tests.conftest import ROOT


def _pyproject(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text("[tool.crosscheck]\n" + body, encoding="utf-8")
    return path


def test_gate_settings_resolve_beside_the_pyproject(tmp_path: Path) -> None:
    path = _pyproject(
        tmp_path,
        'paths = ["sources", "drafts"]\nbaseline = "ci/accepted.json"\nfail-on = "warning"\n'
        'detectors = ["CC101"]\npair-threshold = 0.5\n',
    )
    s = load_settings(path)
    assert s.paths == (tmp_path / "sources", tmp_path / "drafts")
    assert s.baseline == tmp_path / "ci" / "accepted.json"
    assert s.fail_on is Severity.WARNING
    assert s.detectors == ("CC101",) and s.pair_threshold == 0.5


def test_default_baseline_sits_at_the_project_root(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    path = tmp_path / "pyproject.toml"
    path.write_text('[project]\nname = "newsroom"\n')
    assert find_pyproject(tmp_path / "sub") == path
    assert load_settings(path).baseline == tmp_path / ".crosscheck-baseline.json"
    assert load_settings(None).baseline == Path(".crosscheck-baseline.json")


def test_flags_override_the_file(tmp_path: Path) -> None:
    s = load_settings(_pyproject(tmp_path, 'fail-on = "note"\n')).replace(fail_on=Severity.ERROR, top_k=None)
    assert s.fail_on is Severity.ERROR and s.top_k == Settings().top_k


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("colour = 1\n", "unknown setting"),
        ('fail-on = "fatal"\n', "unknown severity"),
        ('paths = "sources"\n', "list"),
        ('top-k = "many"\n', "bad value"),
        ("fail-on = [\n", "cannot read"),
        ("judge = 3\n", "judge"),
        ('use-judge = "yes"\n', "use-judge"),
        ('cache = "off"\n', "cache"),
    ],
)
def test_bad_settings_are_clear_errors(tmp_path: Path, body: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        load_settings(_pyproject(tmp_path, body))


def test_pre_commit_hooks_declare_the_gate() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    by_id = {h["id"]: h for h in hooks}
    assert by_id["crosscheck-gate"]["entry"].split()[:2] == ["crosscheck", "gate"]
    assert all(h["pass_filenames"] is False for h in hooks)  # the gate reads `paths` from the config
    assert {h["language"] for h in hooks} == {"python", "system"}


def test_judge_settings(tmp_path: Path) -> None:
    assert load_settings(_pyproject(tmp_path, "judge = false\n")).use_judge is False
    s = load_settings(_pyproject(tmp_path, 'judge = "models/nli"\njudge-contradiction = 0.95\n'))
    assert s.use_judge and s.judge == (tmp_path / "models" / "nli").resolve() and s.judge_contradiction == 0.95
    # A shipped judge by name, whatever the case; a folder path otherwise.
    assert load_settings(_pyproject(tmp_path, 'judge = "MiniLM"\n')).judge == SHIPPED["minilm"]


def test_a_judge_folder_beside_the_config_wins_over_a_shipped_name(tmp_path: Path) -> None:
    (tmp_path / "minilm").mkdir()
    assert load_settings(_pyproject(tmp_path, 'judge = "minilm"\n')).judge == (tmp_path / "minilm").resolve()


def test_cache_settings(tmp_path: Path) -> None:
    assert Settings().cache is True
    s = load_settings(_pyproject(tmp_path, 'cache = false\ncache-dir = "build/cache"\n'))
    assert s.cache is False and s.cache_dir == (tmp_path / "build" / "cache").resolve()


def test_archive_settings_resolve_beside_the_pyproject(tmp_path: Path) -> None:
    s = load_settings(_pyproject(tmp_path, 'archive = "store/news.duckdb"\nretrieve-above = 50\n'))
    assert s.archive == tmp_path / "store" / "news.duckdb" and s.retrieve_above == 50
    assert load_settings(_pyproject(tmp_path, "")).archive == tmp_path / ".crosscheck" / "archive.duckdb"
    with pytest.raises(InputError, match="bad value"):
        load_settings(_pyproject(tmp_path, 'retrieve-above = "many"\n'))
