"""Golden-file test of the Markdown report, and escaping of hostile quotes.

Regenerate the golden file after an intended change with
``CROSSCHECK_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/report``.
"""

from __future__ import annotations

import os
from pathlib import Path

from crosscheck.api import analyze
from crosscheck.config import Settings
from crosscheck.report.escape import md
from crosscheck.report.markdown import render_analysis

DATA = Path(__file__).resolve().parents[1] / "data" / "golden"


def test_report_matches_golden_file() -> None:
    # Rules only and float32: the judge's probabilities, and bf16 arithmetic (which "auto" picks
    # only on CPUs that have it), move the last digits from machine to machine; the judge's
    # column is checked separately below.
    settings = Settings(use_judge=False, precision="fp32")
    text = render_analysis(analyze([DATA / "corpus"], settings), title="Golden corpus")
    golden = DATA / "report.md"
    if os.environ.get("CROSSCHECK_UPDATE_GOLDEN"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_golden_report_shows_the_disagreements() -> None:
    text = (DATA / "report.md").read_text(encoding="utf-8")
    assert text.splitlines()[2].startswith("**2 contradictions")
    # each quote carries the normalised value it gives, the summary the words it was read from
    assert '2023-01-01..2023-06-30 ("the first half of this year"; wire.txt line 3)' in text
    assert "line 9 — **2023-09-01..2023-09-30**" in text
    assert "Harbour &lt;b&gt;Weekly&lt;/b&gt;" in text  # source name escaped, not rendered


def test_markdown_and_html_in_quotes_cannot_inject() -> None:
    hostile = "<script>alert(1)</script> [click](http://x) **bold** | cell `code`"
    out = md(hostile)
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert "\\[click\\]" in out and "\\*\\*bold\\*\\*" in out and "\\|" in out and "\\`code\\`" in out


def test_report_shows_the_judge_beside_each_finding() -> None:
    result = analyze([DATA / "corpus"])
    assert result.findings and all(f.judge is not None and 0.0 <= f.judge <= 1.0 for f in result.findings)
    text = render_analysis(result, title="Golden corpus")
    assert "| judge: contradiction |" in text
    assert text.count("· judge: contradiction ") == len(result.findings)
