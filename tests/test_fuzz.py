"""Hostile documents through the whole pipeline: ingest, segment, facts, detectors, every report.

A seeded generator (the same documents every run) writes the kinds of input editors drop into a
folder by accident or that a hostile source could send; a CI-sized run lives here, a large one in
``benchmarks/bench_fuzz.py``.
"""

from __future__ import annotations

import json
import random
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from crosscheck import baseline as bl
from crosscheck.api import analyze
from crosscheck.config import Settings
from crosscheck.gate import classify
from crosscheck.report import gate as gate_report
from crosscheck.report import junit, machine, sarif
from crosscheck.report.markdown import render_analysis

SEEDS = Path(__file__).resolve().parents[1] / "seeds"

_WORDS = [
    "the",
    "minister",
    "said",
    "talks",
    "port",
    "deal",
    "signed",
    "opened",
    "killed",
    "people",
    "village",
    "on",
    "Monday",
    "in",
    "May",
]
_PIECES = [
    lambda r: "".join(chr(r.randrange(0x20, 0x2FFF)) for _ in range(r.randrange(1, 200))),
    lambda r: "".join(chr(r.choice([0x0B, 0x0C, 0x1B, 0x7F, 0x85, 0x200B, 0x202E, 0x2066, 0xFEFF])) for _ in range(9)),
    lambda r: f"The deal was worth ${'9' * r.randrange(20, 400)} million.",
    lambda r: r.choice(["It opened on Feb. 30.", "It ends in the year 99999.", "Dated 31/02/2024.", "On 0/0/0000."]),
    lambda r: "---\npublished: [not, a, date\nsource: {\n---\n",
    lambda r: "<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) **b** | `c`",
    lambda r: "- " * r.randrange(50, 400) + "nested item",
    lambda r: " ".join(r.choice(_WORDS) for _ in range(r.randrange(3, 40))).capitalize() + ".",
    lambda r: "\u201cquoted \u2018 unbalanced \" quotes ' everywhere\u201d",
    lambda r: "",
    lambda r: " \t \n\n  ",
]


def _document(r: random.Random) -> str:
    return "\n".join(r.choice(_PIECES)(r) for _ in range(r.randrange(1, 8)))


def write_hostile(folder: Path, n: int, seed: int = 7) -> None:
    """``n`` generated documents in ``folder``, each a mix of the hostile pieces above."""
    r = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        text = _document(r)
        if i % 17 == 5:
            text += "\n" + "a long line of words " * 20_000  # one line of about 400 kB
        (folder / f"fuzz_{i:04d}.txt").write_text(text, encoding="utf-8", errors="surrogatepass")


@pytest.mark.slow
def test_hostile_documents_beside_the_seeds(tmp_path: Path) -> None:
    folder = tmp_path / "story"
    shutil.copytree(SEEDS, folder)
    write_hostile(folder, 40)
    (folder / "blob.txt").write_bytes(bytes(range(256)) * 4)
    windows = "The ministry said the new ferry route to Havana would open in August 2024."
    (folder / "windows.txt").write_bytes(windows.encode("utf-16"))  # what Windows editors save
    result = analyze([folder], Settings(use_judge=False, cache=False))

    # the seed findings survive the noise beside them
    kinds = {(f.detector, frozenset(e.doc_id[:3] for e in f.evidence)) for f in result.findings}
    assert any(d == "CC101" and {"000", "001"} <= docs for d, docs in kinds)
    assert any(d == "CC106" and {"003", "004"} <= docs for d, docs in kinds)
    assert any(d == "CC105" for d, _ in kinds)
    assert "blob.txt" in {u.doc_id for u in result.unread}  # and the files whose front matter is broken
    assert any(c.text == windows for c in result.claims)
    # every file is accounted for: read, not read (with its reason), or skipped as empty
    read = {a.doc_id for a in result.articles} | {u.doc_id for u in result.unread}
    skipped = {w.rsplit("/", 1)[-1] for w in result.warnings if w.startswith("skipping empty article")}
    assert {p.name for p in folder.glob("*.txt")} == read | skipped

    text = render_analysis(result)
    assert "<script>" not in text and "<img" not in text and "\u202e" not in text
    json.loads(machine.render_json(result))
    machine.render_csv(result)
    gate = classify(result, bl.Baseline())
    json.loads(gate_report.render_json(gate))
    gate_report.render_markdown(gate)
    json.loads(sarif.render(gate, folder))
    ET.fromstring(junit.render(gate))
