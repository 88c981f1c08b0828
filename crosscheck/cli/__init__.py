"""The ``crosscheck`` command: parses options and calls the library (``crosscheck.api``).

One module per group of commands (``review``: analyze, check, detectors, explain, init; ``ci``:
gate and baseline; ``measure``: eval), what they share in ``common``; importing this package
registers them all on ``app``.
"""

from __future__ import annotations

from crosscheck.cli import ci, index, measure, review
from crosscheck.cli.ci import GateFormat
from crosscheck.cli.common import app, write_output
from crosscheck.cli.main import main
from crosscheck.cli.measure import EvalFormat
from crosscheck.cli.review import CheckFormat, Format

__all__ = [
    "CheckFormat",
    "EvalFormat",
    "Format",
    "GateFormat",
    "app",
    "ci",
    "index",
    "main",
    "measure",
    "review",
    "write_output",
]
