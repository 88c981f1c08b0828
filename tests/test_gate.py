"""The CI gate end to end, in a real temporary git repository, through the CLI.

The story of a newsroom repository: accept today's findings, then make the edits that
must and must not fail the build, commit each, and run the gate as CI would.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck import baseline as bl
from crosscheck.api import analyze
from crosscheck.config import Settings
from tests.conftest import SEEDS

runner = CliRunner()


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def _commit(repo: Path, message: str) -> None:
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "--allow-empty", "-m", message)


def _cli(repo: Path, monkeypatch: pytest.MonkeyPatch, *args: str) -> tuple[int, str, str]:
    monkeypatch.chdir(repo)
    r = runner.invoke(app_(), list(args))
    return r.exit_code, r.stdout, r.stderr


def app_():  # type: ignore[no-untyped-def]
    from crosscheck.cli import app

    return app


def _edit(folder: Path, prefix: str, old: str, new: str) -> None:
    (path,) = folder.glob(prefix + "*")
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def _gate_json(repo: Path, monkeypatch: pytest.MonkeyPatch, *extra: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    code, out, err = _cli(repo, monkeypatch, "gate", "--format", "json", *extra)
    assert "Traceback" not in err
    return code, json.loads(out)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    repo = tmp_path / "newsroom"
    shutil.copytree(SEEDS, repo / "sources")
    (repo / "pyproject.toml").write_text('[tool.crosscheck]\npaths = ["sources"]\nfail-on = "error"\n')
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "desk@example.org")
    _git(repo, "config", "user.name", "Desk")
    _commit(repo, "sources")
    _git(repo, "tag", "original")
    return repo


def test_newsroom_story(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sources = repo / "sources"
    baseline_file = repo / ".crosscheck-baseline.json"

    # Without a baseline every finding is new: the seeds' two contradictions fail the build.
    code, report = _gate_json(repo, monkeypatch)
    assert code == 1 and report["summary"]["failing"] == 2

    code, _, err = _cli(repo, monkeypatch, "baseline", "create", "--reason", "reviewed by the desk")
    assert code == 0, err
    accepted = bl.load(baseline_file)
    assert len(accepted.entries) == 4 and {e.reason for e in accepted.entries} == {"reviewed by the desk"}
    _commit(repo, "accept current findings")
    frozen = baseline_file.read_bytes()

    code, report = _gate_json(repo, monkeypatch)
    assert code == 0 and report["summary"] == {
        "new": 0,
        "failing": 0,
        "baselined": 4,
        "suppressed": 0,
        "resolved": 0,
        "stale_suppressions": 0,
    }

    # Harmless edits: an unrelated sentence added, paragraphs reversed and re-wrapped at 70 columns.
    _edit(
        sources,
        "003",
        "Seoul’s Foreign Ministry said at the time.",
        "Seoul’s Foreign Ministry said at the time. The weather in Seoul was mild.",
    )
    for path in sorted(sources.glob("*.txt")):
        paragraphs = [p for p in path.read_text(encoding="utf-8").splitlines() if p.strip()]
        path.write_text("\n\n".join(textwrap.fill(p, 70) for p in reversed(paragraphs)) + "\n", encoding="utf-8")
    _commit(repo, "re-wrap and reorder")
    code, report = _gate_json(repo, monkeypatch)
    assert code == 0, report["findings"]
    assert report["summary"]["baselined"] == 4
    _git(repo, "checkout", "original", "--", "sources")

    # A moved date: exactly one new finding, naming the edited line; the accepted
    # presupposition finding on the same sentence is recognised as edited, not new.
    _edit(
        sources,
        "002",
        "established diplomatic relations in February this year",
        "established diplomatic relations in October this year",
    )
    _commit(repo, "misdate the relations")
    code, report = _gate_json(repo, monkeypatch)
    assert code == 1
    new = [f for f in report["findings"] if f["state"] == "new"]
    assert [f["detector"] for f in new] == ["CC101"]
    quotes = {c["doc"][:3]: c for c in new[0]["claims"]}
    assert "October this year" in quotes["002"]["text"] and "2024-10" in quotes["002"]["value"]
    assert any(f["state"] == "baselined (edited)" for f in report["findings"])
    assert baseline_file.read_bytes() == frozen  # the gate never writes the baseline

    # Markdown for the CI job summary names the new finding first.
    code, out, _ = _cli(repo, monkeypatch, "gate")
    assert code == 1 and out.startswith("## ❌ crosscheck gate FAILED: 1 new")
    assert new[0]["id"] in out

    # Accept it inline in the article: the gate passes and reports it as suppressed.
    _edit(
        sources,
        "002",
        "The meeting marked the first time",
        "\n<!-- crosscheck: ignore CC101 -- the embassy confirmed October -->\nThe meeting marked the first time",
    )
    code, report = _gate_json(repo, monkeypatch)
    assert code == 0 and report["summary"]["suppressed"] == 1

    # A new article with a negated sentence fails again.
    (sources / "005_rebuttal.txt").write_text(
        "South Korea and Cuba did not establish diplomatic relations in February 2024.\n", encoding="utf-8"
    )
    code, report = _gate_json(repo, monkeypatch)
    assert code == 1
    assert {f["detector"] for f in report["findings"] if f["state"] == "new"} == {"CC106"}
    assert all(
        any(c["doc"] == "005_rebuttal.txt" for c in f["claims"]) for f in report["findings"] if f["state"] == "new"
    )

    # Remove the contradictions: back to green; the accepted July conflict, fixed at the
    # source, is resolved, and prune shrinks the baseline.
    (sources / "005_rebuttal.txt").unlink()
    _git(repo, "checkout", "original", "--", "sources")
    _edit(sources, "001", "could be open in July", "could be open in June")
    code, report = _gate_json(repo, monkeypatch)
    assert code == 0 and report["summary"]["resolved"] == 1
    size = len(bl.load(baseline_file).entries)
    code, _, err = _cli(repo, monkeypatch, "baseline", "prune")
    assert code == 0 and "pruned 1 of 4" in err
    assert len(bl.load(baseline_file).entries) == size - 1
    code, report = _gate_json(repo, monkeypatch)
    assert code == 0 and report["summary"]["resolved"] == 0

    # A new article that moves the date, in a long clause the entity recogniser runs on into.
    (sources / "006_wire.txt").write_text(
        "On February 28, 2024, after months of quiet talks at the United Nations in New York, South Korea "
        "and Cuba established diplomatic relations, the foreign ministry said.\n",
        encoding="utf-8",
    )
    code, report = _gate_json(repo, monkeypatch)
    new = [f for f in report["findings"] if f["state"] == "new"]
    assert code == 1 and [f["detector"] for f in new] == ["CC101"]
    moved = next(c for c in new[0]["claims"] if c["doc"] == "006_wire.txt")
    assert moved["value"] == "2024-02-28"
    (sources / "006_wire.txt").unlink()


def test_moved_folder_and_reordered_files_keep_every_fingerprint(tmp_path: Path) -> None:
    before = {f.fingerprint for f in analyze([SEEDS]).findings}
    assert len(before) >= 2  # otherwise the comparisons below would hold vacuously
    moved = tmp_path / "archive" / "2024" / "korea-cuba"
    shutil.copytree(SEEDS, moved)
    files = sorted(moved.glob("*.txt"), reverse=True)
    assert {f.fingerprint for f in analyze(files).findings} == before
    assert {f.fingerprint for f in analyze([SEEDS], Settings(batch_size=3)).findings} == before


def test_fail_on_warning_and_cli_flags_override_config(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Accept only the errors, by id: the two warnings then fail with --fail-on warning.
    _, report = _gate_json(repo, monkeypatch)
    errors = [f["id"] for f in report["findings"] if f["severity"] == "error"]
    args = ["baseline", "add", "--reason", "checked"]
    for fid in errors:
        args += ["--id", fid]
    code, _, err = _cli(repo, monkeypatch, *args)
    assert code == 0, err
    code, report = _gate_json(repo, monkeypatch)
    assert code == 0 and report["summary"]["new"] == 2
    code, report = _gate_json(repo, monkeypatch, "--fail-on", "warning")
    assert code == 1 and report["summary"]["failing"] == 2


def test_a_baseline_from_the_other_number_format_is_a_warning(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Accepted on a laptop in fp32, gated in CI in bf16 (or the reverse): say so, since a
    # finding near a threshold may come and go; the gate itself still decides by fingerprint.
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'precision = "fp32"\n')
    code, _, _ = _cli(repo, monkeypatch, "baseline", "create")
    assert code == 0 and bl.load(repo / ".crosscheck-baseline.json").precision == "fp32"
    code, report = _gate_json(repo, monkeypatch)
    assert code == 0 and not [w for w in report["warnings"] if "precision" in w]
    pyproject.write_text(pyproject.read_text().replace('precision = "fp32"', 'precision = "bf16"'))
    code, report = _gate_json(repo, monkeypatch)
    (warning,) = [w for w in report["warnings"] if "precision" in w]
    assert "accepted with the models computing in fp32, this run computes in bf16" in warning
    assert 'precision = "fp32"' in warning


def test_unknown_id_and_bad_baseline_are_errors_not_passes(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, _, err = _cli(repo, monkeypatch, "baseline", "add", "--id", "0" * 20, "--reason", "x")
    assert code == 2 and "no new finding" in err
    (repo / ".crosscheck-baseline.json").write_text('{"version": 1, "findings": [{"fingerprint": "zz"}]}')
    code, out, err = _cli(repo, monkeypatch, "gate")
    assert code == 2 and out == ""
    assert err.strip().startswith("crosscheck: error: baseline") and "Traceback" not in err
    code, _, err = _cli(repo, monkeypatch, "gate", "--baseline", "missing.json")
    assert code == 2 and "not found" in err
    code, _, err = _cli(repo, monkeypatch, "baseline", "create")
    assert code == 2 and "exists" in err  # never replaced without --force
    code, _, err = _cli(repo, monkeypatch, "gate", "--fail-on", "fatal")
    assert code == 2 and "unknown severity" in err


def test_reports_written_with_out_can_be_regenerated(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for fmt, name in (("sarif", "gate.sarif"), ("junit", "junit.xml"), ("markdown", "summary.md")):
        code, _, err = _cli(repo, monkeypatch, "gate", "--format", fmt, "--out", name)
        assert code == 1 and "crosscheck gate FAILED" in err  # the verdict still reaches the CI log
        code, _, _ = _cli(repo, monkeypatch, "gate", "--format", fmt, "--out", name)
        assert code == 1  # overwriting its own output is allowed
    assert json.loads((repo / "gate.sarif").read_text())["version"] == "2.1.0"
    (repo / "notes.xml").write_text("<notes>mine</notes>")
    code, _, err = _cli(repo, monkeypatch, "gate", "--format", "junit", "--out", "notes.xml")
    assert code == 2 and (repo / "notes.xml").read_text() == "<notes>mine</notes>"
    code, _, err = _cli(repo, monkeypatch, "gate", "--format", "json", "--out", ".crosscheck-baseline.json")
    assert code == 2 and "baseline" in err and not (repo / ".crosscheck-baseline.json").exists()


def test_an_unreadable_file_never_turns_the_gate_green(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (repo / "sources" / "009_scan.txt").write_bytes(bytes(range(256)) * 16)
    code, _, err = _cli(repo, monkeypatch, "baseline", "create", "--reason", "reviewed")
    assert "Traceback" not in err
    code, out, err = _cli(repo, monkeypatch, "gate", "--format", "json")
    assert code == 2 and "could not read 1 input file(s): 009_scan.txt" in err
    assert json.loads(out)["summary"]["new"] == 0  # the report itself is still written
    # listed in exclude, the scan is not input at all: the gate decides on the articles again
    pyproject = repo / "pyproject.toml"
    pyproject.write_text(pyproject.read_text() + 'exclude = ["*_scan.txt"]\n')
    code, _, err = _cli(repo, monkeypatch, "gate", "--format", "json")
    assert code == 0 and "could not read" not in err
