"""The CLI through typer's runner: exit codes and one-line errors, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from crosscheck.cli import app

runner = CliRunner()


def _run(*args: str) -> tuple[int, str, str]:
    r = runner.invoke(app, list(args))
    return r.exit_code, r.stdout, r.stderr


def _one_line_error(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("crosscheck: error:"), err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "case", ["missing", "empty_folder", "binary", "empty_article", "huge", "bad_model", "bad_judge", "judge_twice"]
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, case: str) -> None:
    args: list[str] = ["analyze"]
    if case == "missing":
        args.append(str(tmp_path / "nope"))
    elif case == "empty_folder":
        args.append(str(tmp_path))
    elif case == "binary":
        (tmp_path / "a.txt").write_bytes(b"\x00\x01\x02binary\x00" * 10)
        args.append(str(tmp_path / "a.txt"))
    elif case == "empty_article":
        (tmp_path / "a.txt").write_text("\n   \n")
        args.append(str(tmp_path / "a.txt"))
    elif case == "huge":
        (tmp_path / "a.txt").write_bytes(b"word " * (4 * 1024 * 1024))  # 20 MB
        args.append(str(tmp_path / "a.txt"))
    elif case == "bad_model":
        (tmp_path / "a.txt").write_text("The river rose by two metres overnight in the valley.\n")
        (tmp_path / "model").mkdir()
        args += [str(tmp_path / "a.txt"), "--model", str(tmp_path / "model")]
    elif case in ("bad_judge", "judge_twice"):
        (tmp_path / "a.txt").write_text("The river rose by two metres overnight in the valley.\n")
        (tmp_path / "judge").mkdir()
        (tmp_path / "judge" / "config.json").write_text("{not json")
        args += [str(tmp_path / "a.txt"), "--judge", str(tmp_path / "judge")]
        if case == "judge_twice":
            args.append("--no-judge")
    code, _, err = _run(*args)
    assert code == 2
    _one_line_error(err)


def test_damaged_judge_weights_found_at_first_use_are_one_line_and_exit_2(tmp_path: Path) -> None:
    # The judge's network loads lazily, mid-run, at the first pair it must read: a damaged weights
    # file must still end the run with one line, not a traceback under the progress bars.
    import shutil

    from crosscheck.judge import ADAPTER_DIR, ADAPTER_WEIGHTS

    judge = tmp_path / "judge"
    shutil.copytree(ADAPTER_DIR, judge)
    (judge / ADAPTER_WEIGHTS).write_bytes(b"not safetensors at all")
    (tmp_path / "draft.txt").write_text("The council approved the budget on Tuesday.\n")
    (tmp_path / "source.txt").write_text("The council rejected the budget on Tuesday after a long debate.\n")
    code, out, err = _run(
        "--no-cache", "check", str(tmp_path / "draft.txt"), "-a", str(tmp_path / "source.txt"), "--judge", str(judge)
    )
    assert code == 2 and out == ""
    _one_line_error(err)
    assert "cannot read judge adapter weights" in err


def test_analyze_json_shape(seed_copy: Path) -> None:
    code, out, _ = _run("analyze", str(seed_copy), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["findings"] and {d["doc"] for d in data["documents"]} == {p.name for p in seed_copy.glob("*.txt")}
    f = data["findings"][0]
    assert {"id", "kind", "severity", "confidence", "summary", "claims", "values"} <= set(f)
    assert {"doc", "line", "text"} <= set(f["claims"][0])


def test_out_never_overwrites_a_file_crosscheck_did_not_write(seed_copy: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("my own notes\n")
    code, _, err = _run("analyze", str(seed_copy), "--out", str(notes))
    assert code == 2 and "was not written by crosscheck" in err
    assert notes.read_text() == "my own notes\n"
    report = tmp_path / "report.md"
    assert _run("analyze", str(seed_copy), "--out", str(report))[0] == 0
    assert _run("analyze", str(seed_copy), "--out", str(report))[0] == 0  # its own report: fine


def test_check_exit_codes(tmp_path: Path) -> None:
    (tmp_path / "src.txt").write_text("The factory will close in March 2025, the company said on Monday.\n")
    good = tmp_path / "good.txt"
    good.write_text("The company said the factory will close in March 2025.\n")
    bad = tmp_path / "bad.txt"
    bad.write_text("The company said the factory will close in October 2026.\n")
    assert _run("check", str(good), "--against", str(tmp_path / "src.txt"))[0] == 0
    code, out, _ = _run("check", str(bad), "--against", str(tmp_path / "src.txt"), "--format", "json")
    assert code == 1
    assert json.loads(out)["claims"][0]["status"] == "contradicted"
    assert _run("check", str(bad))[0] == 2  # usage error: --against missing
    # A check has no CSV form: its help lists only what it writes, and csv is a usage error.
    code, _, err = _run("check", str(good), "--against", str(tmp_path / "src.txt"), "--format", "csv")
    assert code == 2 and "csv" in err and "Traceback" not in err
    assert "csv" not in _run("check", "--help")[1].split("--format")[1].split("--out")[0]


def test_detectors_lists_the_registry() -> None:
    code, out, _ = _run("detectors")
    assert code == 0 and "CC101" in out and "polarity.conflict" in out


def test_an_unwritable_out_is_one_line_and_leaves_nothing(seed_copy: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    code, _, err = _run("analyze", str(seed_copy), "--no-judge", "--out", str(blocker / "report.md"))
    assert code == 2 and err.startswith("crosscheck: error: cannot write") and "Traceback" not in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_short_help_flag_and_bracketed_text_survive() -> None:
    code, out, _ = _run("analyze", "-h")
    assert code == 0 and "[tool.crosscheck]" in out
    code, out, _ = _run("baseline", "create", "-h")
    assert code == 0 and "Usage" in out


def test_check_takes_a_glob_after_against_and_says_what_it_wrote(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "a.txt").write_text("The council voted on Monday to close the Elm Street library in March 2025.\n")
    (src / "b.txt").write_text("Councillors agreed to shut the Elm Street library, a spokesman said.\n")
    draft = tmp_path / "draft.txt"
    draft.write_text("The council voted on Monday to close the Elm Street library in July 2025.\n")
    out = tmp_path / "report.md"
    # what a shell gives for `--against src/*.txt`: one flag, several paths
    code, stdout, stderr = _run(
        "check", str(draft), "--against", str(src / "a.txt"), str(src / "b.txt"), "-o", str(out)
    )
    assert code == 1 and out.is_file() and stdout == ""
    assert f"crosscheck: {out}: 1 contradicted" in stderr
    assert "against 2 sources" in out.read_text()
    code, _, stderr = _run("check", str(draft))
    assert code == 2 and "no sources to check against" in stderr


def test_analyze_to_a_file_prints_its_status_line(tmp_path: Path) -> None:
    for name, when in (("a.txt", "March"), ("b.txt", "July")):
        (tmp_path / name).write_text(f"The council voted on Monday to close the Elm Street library in {when} 2025.\n")
    out = tmp_path / "out" / "report.md"
    code, stdout, stderr = _run("analyze", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "-o", str(out))
    assert code == 0 and stdout == "" and f"crosscheck: {out}: 1 contradiction" in stderr


def test_explain_prints_a_detector_with_both_examples() -> None:
    code, out, _ = _run("explain", "temporal.conflict")
    assert code == 0 and out.startswith("CC101 temporal.conflict (error)")
    assert "conflict:" in out and "harmless:" in out and "first half of this year" in out
    code, _, err = _run("explain", "CC999")
    assert code == 2 and "unknown detector" in err


def test_short_format_is_one_grep_line_per_finding_and_exit_zero_is_advisory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, when in (("a.txt", "March"), ("b.txt", "July")):
        (tmp_path / name).write_text(f"The council voted on Monday to close the Elm Street library in {when} 2025.\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("analyze", "a.txt", "b.txt", "--format", "short")
    assert code == 0
    (line,) = out.splitlines()
    assert line.startswith("a.txt:1:1: CC101 error  ") and "b.txt" in line
    code, out, _ = _run("gate", "a.txt", "b.txt", "--format", "short")
    assert code == 1 and out.startswith("a.txt:1:1: CC101 error")
    code, _, _ = _run("gate", "a.txt", "b.txt", "--format", "short", "--exit-zero")
    assert code == 0
    code, _, _ = _run("gate", "missing.txt", "--exit-zero")
    assert code == 2  # bad input is never advisory


def test_check_short_format_points_at_the_drafts_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "source.txt").write_text("The council voted on Monday to close the Elm Street library in March 2025.\n")
    draft = "The council voted on Monday to close the Elm Street library in July 2025.\n"
    (tmp_path / "draft.txt").write_text("Readers wrote in about the budget.\n\n" + draft)
    monkeypatch.chdir(tmp_path)
    code, out, _ = _run("check", "draft.txt", "--against", "source.txt", "--format", "short")
    assert code == 1
    (line,) = out.splitlines()
    assert line.startswith("draft.txt:3:1: CC101 error  ") and "source.txt" in line


def test_index_commands_add_list_stats_remove_and_refuse_a_foreign_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tests.conftest import SEEDS

    shutil.copytree(SEEDS, tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    code, _, err = _run("index", "list")
    assert code == 2 and "no archive at" in err
    code, _, err = _run("index", "add", "seeds")
    assert code == 0 and "indexed 5 article(s), 0 unchanged" in err
    code, _, err = _run("index", "add", "seeds")
    assert code == 0 and "indexed 0 article(s), 5 unchanged" in err
    code, out, _ = _run("index", "list")
    assert code == 0 and out.splitlines()[0].startswith("000_3485eaa854017856.txt\t2024-06-12\t")
    code, out, _ = _run("index", "stats")
    assert code == 0 and "5 articles" in out
    code, out, _ = _run(
        "check", "seeds/003_c5b686a9497d3da5.txt", "--archive", ".crosscheck/archive.duckdb", "-f", "short"
    )
    assert code == 1 and "CC106" in out  # the archived copy of the draft itself is left out
    code, _, err = _run(
        "check", "seeds/003_c5b686a9497d3da5.txt", "-a", "seeds", "--archive", ".crosscheck/archive.duckdb"
    )
    assert code == 2 and "not both" in err
    code, out, err = _run("analyze", "seeds/003_c5b686a9497d3da5.txt", "--archive", ".crosscheck/archive.duckdb")
    assert code == 0 and "CC106" in out and "003_c5b686a9497d3da5.txt" in out
    code, _, err = _run("index", "add", "seeds", "--scheduler", "tcp://127.0.0.1:9")
    assert code == 2 and "--scheduler needs --engine dask" in err
    code, _, err = _run("index", "remove", "002_d1333627a6b9a447.txt")
    assert code == 0 and "removed 1 of 1" in err
    # the store's path from [tool.crosscheck], relative to that pyproject.toml
    (tmp_path / "pyproject.toml").write_text('[tool.crosscheck]\narchive = "store/news.duckdb"\n')
    code, _, err = _run("index", "add", "seeds/004_90b89dafc0ad33b2.txt")
    assert code == 0 and (tmp_path / "store" / "news.duckdb").is_file()
    (tmp_path / "notes.duckdb").write_text("my notes, not a database\n")
    code, _, err = _run("index", "stats", "--archive", "notes.duckdb")
    _one_line_error(err)
    assert code == 2 and (tmp_path / "notes.duckdb").read_text() == "my notes, not a database\n"
