"""The library's front door: ``analyze(paths)`` and ``check(draft, sources)``, and their archive
forms ``analyze_archive(paths, archive)`` and ``check_archive(draft, archive)``.

The CLI is a thin layer over these; nothing here prints.  Each mode lives in its own module
(``analysis``, ``checking``; ``evaluation`` for ``crosscheck eval``), the steps they share in
``pipeline``, and what they return in ``results``.
"""

from __future__ import annotations

from crosscheck.analysis import analyze, analyze_archive, analyze_articles
from crosscheck.checking import Checker, check, check_archive
from crosscheck.pipeline import open_cache, open_fact_cache
from crosscheck.results import Analysis, CheckResult, Status, Verdict

__all__ = [
    "Analysis",
    "CheckResult",
    "Checker",
    "Status",
    "Verdict",
    "analyze",
    "analyze_archive",
    "analyze_articles",
    "check",
    "check_archive",
    "open_cache",
    "open_fact_cache",
]
