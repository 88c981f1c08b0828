"""The baseline file: round trip, validation of hand-mangled files, and matching of edited findings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosscheck import baseline as bl
from crosscheck.errors import BaselineError
from crosscheck.identity import fingerprint
from crosscheck.model import Evidence, Finding, Severity


def make_finding(
    quote_a: str = "The embassy could be open in July.",
    quote_b: str = "The embassy will open in the first half of this year.",
    docs: tuple[str, str] = ("a.txt", "b.txt"),
    values: tuple[str, str] = ("2024-07-01..2024-07-31", "2024-01-01..2024-06-30"),
    detector: str = "CC101",
) -> Finding:
    evidence = (Evidence(docs[0], 3, 1, quote_a), Evidence(docs[1], 9, 5, quote_b))
    vals = dict(zip(docs, values, strict=True))
    return Finding(
        detector=detector,
        name="temporal.conflict",
        kind="temporal",
        severity=Severity.ERROR,
        confidence=0.8,
        summary="dates differ",
        evidence=evidence,
        values=vals,
        similarity=0.8,
        fingerprint=fingerprint(detector, [(e.doc_id, e.text) for e in evidence], vals),
    )


def test_round_trip_is_sorted_and_stable(tmp_path: Path) -> None:
    f1, f2 = make_finding(), make_finding(quote_a="Another sentence about July.", detector="CC102")
    path = tmp_path / "b.json"
    bl.save(bl.Baseline([bl.Entry.from_finding(f2, reason="ok"), bl.Entry.from_finding(f1)]), path)
    text = path.read_text()
    data = json.loads(text)
    assert data["version"] == bl.VERSION
    assert [e["detector"] for e in data["findings"]] == ["CC101", "CC102"]
    assert list(data["findings"][0]) == sorted(data["findings"][0])  # sorted keys: small diffs in review
    loaded = bl.load(path)
    assert loaded.fingerprints() == {f1.fingerprint, f2.fingerprint}
    bl.save(loaded, path)
    assert path.read_text() == text  # writing what was read changes nothing


def test_the_number_format_is_recorded_and_optional(tmp_path: Path) -> None:
    path = tmp_path / "b.json"
    bl.save(bl.Baseline([bl.Entry.from_finding(make_finding())], precision="bf16"), path)
    assert json.loads(path.read_text())["precision"] == "bf16"
    assert bl.load(path).precision == "bf16"
    bl.save(bl.Baseline([bl.Entry.from_finding(make_finding())]), path)  # as baselines were before
    assert "precision" not in json.loads(path.read_text()) and bl.load(path).precision is None


def test_long_quotes_are_shortened() -> None:
    entry = bl.Entry.from_finding(make_finding(quote_a="word " * 100))
    assert max(len(q) for _, q in entry.quotes) <= bl.QUOTE_CHARS


def _write(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data) if not isinstance(data, str) else data)
    return path


def _valid() -> dict[str, object]:
    return json.loads(bl.Baseline([bl.Entry.from_finding(make_finding())]).dumps())


@pytest.mark.parametrize(
    ("mangle", "message"),
    [
        (lambda d: "{ not json", "broken JSON"),
        (lambda d: [], "top level"),
        (lambda d: {**d, "version": 99}, "unknown version"),
        (lambda d: {k: v for k, v in d.items() if k != "findings"}, "'findings'"),
        (lambda d: {**d, "findings": [*d["findings"], *d["findings"]]}, "appears twice"),
        (lambda d: {**d, "findings": [{**d["findings"][0], "fingerprint": "xyz"}]}, "20 hex digits"),
        (lambda d: {**d, "findings": [{**d["findings"][0], "status": "maybe"}]}, "status"),
        (lambda d: {**d, "findings": [{**d["findings"][0], "quotes": []}]}, "quotes"),
        (lambda d: {**d, "findings": [{**d["findings"][0], "documents": ["z.txt"]}]}, "documents"),
        (lambda d: {**d, "findings": [{**d["findings"][0], "reason": 5}]}, "reason"),
        (lambda d: {**d, "findings": ["CC101"]}, "not an object"),
        (lambda d: {**d, "precision": "half"}, "precision"),
    ],
)
def test_mangled_baseline_is_a_clear_error(tmp_path: Path, mangle: object, message: str) -> None:
    path = _write(tmp_path / "b.json", mangle(_valid()))  # type: ignore[operator]
    with pytest.raises(BaselineError, match=message) as info:
        bl.load(path)
    assert str(path) in str(info.value)


def test_missing_and_non_utf8_baselines(tmp_path: Path) -> None:
    with pytest.raises(BaselineError, match="not found"):
        bl.load(tmp_path / "nope.json")
    (tmp_path / "bin.json").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(BaselineError, match="cannot read"):
        bl.load(tmp_path / "bin.json")
    with pytest.raises(BaselineError, match="folder"):
        bl.load(tmp_path)


def test_hand_edited_reason_and_status_are_kept(tmp_path: Path) -> None:
    data = _valid()
    data["findings"][0]["reason"] = "the ministry confirmed July"  # type: ignore[index]
    data["findings"][0]["status"] = "false_positive"  # type: ignore[index]
    entry = bl.load(_write(tmp_path / "b.json", data)).entries[0]
    assert (entry.status, entry.reason) == ("false_positive", "the ministry confirmed July")


def test_exact_match() -> None:
    f = make_finding()
    m = bl.match([f], bl.Baseline([bl.Entry.from_finding(f)]))
    assert m[0].how == "exact"


def test_whitespace_and_case_do_not_change_the_fingerprint() -> None:
    a = make_finding()
    b = make_finding(quote_a="The  embassy could be\nopen in JULY.")
    assert a.fingerprint == b.fingerprint


def test_light_edit_matches_as_edited() -> None:
    old = make_finding()
    new = make_finding(quote_b="The embassy will open in the first half of this year, officials said.")
    assert new.fingerprint != old.fingerprint
    m = bl.match([new], bl.Baseline([bl.Entry.from_finding(old)]))
    assert m[0].how == "edited"


def test_renamed_documents_match_as_moved() -> None:
    old = make_finding()
    new = make_finding(docs=("2024/a.txt", "2024/b.txt"))
    assert bl.match([new], bl.Baseline([bl.Entry.from_finding(old)]))[0].how == "moved"


def test_changed_value_is_new_even_when_the_quote_barely_changes() -> None:
    old = make_finding()
    new = make_finding(
        quote_a="The embassy could be open in June.", values=("2024-06-01..2024-06-30", old.values["b.txt"])
    )
    assert bl.match([new], bl.Baseline([bl.Entry.from_finding(old)])) == {}


def test_rewritten_quote_or_other_detector_is_new() -> None:
    old = make_finding()
    rewritten = make_finding(quote_b="Officials have said that an office is planned before the summer break.")
    other = make_finding(detector="CC102")
    assert bl.match([rewritten, other], bl.Baseline([bl.Entry.from_finding(old)])) == {}


def test_each_entry_matches_one_finding() -> None:
    old = make_finding()
    twins = [make_finding(quote_b=old.evidence[1].text + " Really."), make_finding(quote_b=old.evidence[1].text + "!!")]
    m = bl.match(twins, bl.Baseline([bl.Entry.from_finding(old)]))
    assert len(m) == 1
