"""``crosscheck eval``: reading rows, cleaning tokenized text, scoring, and the CLI end to end."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from crosscheck import evaluation as ev
from crosscheck.cli import app
from crosscheck.errors import InputError
from crosscheck.report import evaluation as shown

SOURCE = (
    "Share this article\n\n"
    "The city council of Westbrook voted on Tuesday to close the Elm Street library in March 2025. "
    "The library, which opened in 1962, serves about 40,000 residents. "
    "Mayor Linda Ortiz said the building needs repairs that would cost $3 million.\n\n"
    "Residents protested outside the town hall after the vote."
)


def _rows(tmp_path: Path, rows: list[dict[str, object]]) -> Path:
    path = tmp_path / "rows.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_bad_rows_name_their_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"source_text": "a", "claim_text": "b"}\n{oops\n')
    with pytest.raises(InputError, match=r"bad.jsonl:2"):
        ev.read_rows(path)
    path.write_text('{"source_text": "a", "claim_text": "b", "label": "maybe"}\n')
    with pytest.raises(InputError, match="label"):
        ev.read_rows(path)
    path.write_text('{"source_text": "a"}\n')
    with pytest.raises(InputError, match="claim_text"):
        ev.read_rows(path)
    with pytest.raises(InputError, match="not found"):
        ev.read_rows(tmp_path / "none.jsonl")


def test_rows_without_label_are_kept_unscored(tmp_path: Path) -> None:
    path = _rows(tmp_path, [{"source_text": "a", "claim_text": "b", "error_type": "EntE,OutE"}])
    (row,) = ev.read_rows(path)
    assert row.label is None and row.error_types == ("EntE", "OutE") and row.id == "1"


def test_detokenize_undoes_ptb_tokens_and_leaves_plain_text_alone() -> None:
    assert (
        ev.detokenize("the man , 25 , said it 's -lrb- mostly -rrb- fine .") == "the man, 25, said it's (mostly) fine."
    )
    plain = "The man, 25, said it's fine . Really"
    assert ev.detokenize(plain) == plain


def test_truecase_restores_names_from_the_source() -> None:
    source = "Police in Leeds said. The suspect, Ahmed Khan, was held in Leeds on Friday."
    assert ev.truecase("ahmed khan was held in leeds. he was freed.", source) == (
        "Ahmed Khan was held in Leeds. He was freed."
    )
    assert ev.truecase("Already Cased text.", source) == "Already Cased text."


def test_scores() -> None:
    truth = ["consistent", "consistent", "inconsistent", "inconsistent"]
    s = ev.score(truth, ["consistent", "inconsistent", "inconsistent", "inconsistent"])
    assert s.balanced_accuracy == pytest.approx(0.75)
    assert (s.precision, s.recall) == (pytest.approx(2 / 3), 1.0)
    assert s.confusion["consistent"] == {"consistent": 1, "inconsistent": 1}


def test_word_overlap() -> None:
    assert ev.word_overlap("The council closed the library.", "The library was closed by the council.") == 1.0
    assert ev.word_overlap("The council closed the library.", "The mayor opened a school.") == 0.0


def test_eval_cli_end_to_end(tmp_path: Path) -> None:
    rows = [
        {
            "id": "same",
            "source_text": SOURCE,
            "claim_text": "Westbrook's council voted to close the Elm Street library in March 2025.",
            "label": "consistent",
        },
        {
            "id": "date",
            "source_text": SOURCE,
            "claim_text": "Westbrook's council voted to close the Elm Street library in October 2026.",
            "label": "inconsistent",
            "error_type": "CircE",
        },
        {
            "id": "name",
            "source_text": SOURCE,
            "claim_text": "Mayor Robert Chen said the library building needs $3 million of repairs.",
            "label": "inconsistent",
            "error_type": "EntE",
        },
        {
            "id": "tokenized",
            "source_text": SOURCE,
            "claim_text": "the library , which opened in 1962 , serves about 40,000 UNK residents .",
        },
    ]
    path = _rows(tmp_path, rows)
    out = tmp_path / "pred.csv"
    r = CliRunner().invoke(app, ["eval", str(path), "--format", "json", "--out", str(out)])
    assert r.exit_code == 0, r.stderr
    metrics = json.loads(r.stdout)
    assert metrics["n"] == 3 and metrics["rows"] == 4
    assert {"balanced_accuracy", "precision", "recall", "f1", "seconds_per_row"} <= set(metrics)
    assert metrics["word_overlap_baseline"]["n"] == 3
    frame = pd.read_csv(out)
    assert list(frame["id"]) == ["same", "date", "name", "tokenized"]
    predicted = dict(zip(frame["id"], frame["predicted"], strict=True))
    assert predicted["same"] == "consistent"
    assert predicted["date"] == "inconsistent"
    assert predicted["name"] == "inconsistent"  # a mayor no source names is unsupported
    assert "temporal" in frame.set_index("id").loc["date", "finding_kinds"]
    text = CliRunner().invoke(app, ["eval", str(path)]).stdout
    assert "balanced acc" in text and "word overlap" in text and "CircE" in text
    # With the judge, the same run also scores the rules alone and the judge alone.
    assert metrics["rules_only"]["n"] == 3 and metrics["judge_alone"]["n"] == 3
    assert "judge alone (same run)" in text


def test_the_judge_alone_calls_a_row_inconsistent_below_even_odds() -> None:
    row = ev.Row("r", SOURCE, "claim", "consistent")

    def result(entailment: float | None) -> ev.RowResult:
        return ev.RowResult(row, "consistent", [], [], 0.9, 1.0, "consistent", "consistent", entailment)

    assert ev.judge_alone(result(0.49)) == "inconsistent"
    assert ev.judge_alone(result(0.5)) == "consistent"
    assert ev.judge_alone(result(None)) == "consistent"  # no claim was put to the judge
    report = ev.report_of("set", [result(0.2), result(0.9)], 0.1, judge="a judge")
    assert report.judge_alone is not None and report.judge_alone.confusion["consistent"]["inconsistent"] == 1
    assert ev.report_of("set", [result(0.2)], 0.1, judge=None).judge_alone is None  # rules-only run


def test_predictions_csv_has_one_row_per_input(tmp_path: Path) -> None:
    path = _rows(tmp_path, [{"source_text": SOURCE, "claim_text": "The library opened in 1962."}] * 3)
    report = ev.evaluate(path)
    frame = pd.read_csv(io.StringIO(shown.predictions_csv(report)))
    assert len(frame) == 3 and set(frame.columns) >= {"id", "predicted"}
    assert report.crosscheck is None  # nothing labelled: predicted, not scored


def test_the_number_format_is_chosen_before_the_command_and_named_in_the_report(tmp_path: Path) -> None:
    path = _rows(
        tmp_path, [{"source_text": SOURCE, "claim_text": "The library opened in 1962.", "label": "consistent"}]
    )
    for precision in ("fp32", "bf16"):
        r = CliRunner().invoke(app, ["--precision", precision, "eval", str(path)])
        assert r.exit_code == 0, r.stderr
        assert f"judge: crosscheck judge (shipped), {precision}" in r.stdout
    r = CliRunner().invoke(app, ["--precision", "half", "eval", str(path)])
    assert r.exit_code == 2 and r.stdout == ""
    assert r.stderr.strip() == "crosscheck: error: precision must be one of auto, bf16, fp32, not 'half'"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("alexander UNK has been charged .", "alexander has been charged ."),
        ("UNK UNK wed 10 men", "wed 10 men"),
        ("items worth up to # [UNK] were sold", "items worth up to # were sold"),
        ("Unknown UNKNOWN words stay", "Unknown UNKNOWN words stay"),
    ],
)
def test_without_unk_drops_only_the_placeholder(text: str, expected: str) -> None:
    assert ev.without_unk(text) == expected


def test_an_unk_placeholder_is_not_a_name_the_source_lacks() -> None:
    # The summariser wrote UNK for a word outside its vocabulary; read as a proper noun, it
    # made every such claim "unsupported" while the word-overlap floor ignored it.
    row = ev.Row("unk", SOURCE, "the library , which opened in 1962 , serves about 40,000 UNK residents .", None)
    (result,) = ev.predict([row], ev.Settings(use_judge=False))
    assert result.statuses == ["corroborated"]
