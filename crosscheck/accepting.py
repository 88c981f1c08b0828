"""Accepting findings into the baseline: the rules ``crosscheck baseline create / add / prune`` follow.

Each takes the gate's run over the articles (``gate.GateResult`` against the current baseline)
and the baseline file; it decides what the new baseline holds and writes it, and says what it did.
Nothing here prints: the CLI reports the returned sentence.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from crosscheck import baseline as bl
from crosscheck import gate as gating
from crosscheck.compute import resolve
from crosscheck.errors import InputError

Run = Callable[[bl.Baseline], gating.GateResult]  # the gate over the articles, against a baseline


def _status(false_positive: bool) -> str:
    return "false_positive" if false_positive else "accepted"


def create(
    path: Path, run: Run, precision: str, reason: str = "", false_positive: bool = False, force: bool = False
) -> str:
    """Accept every current finding. An existing baseline is replaced only with ``force``, and the
    findings it already accepted keep their reviewer's status and reason."""
    previous = bl.Baseline()
    if path.exists():
        if not force:
            raise InputError(
                f"{path} exists; use `crosscheck baseline add` to accept more findings, or --force to replace it"
            )
        previous = bl.load(path)
    result = run(previous)
    entries = [bl.Entry.from_finding(f, _status(false_positive), reason) for f in result.new]
    entries += [bl.Entry.from_finding(f, m.entry.status, m.entry.reason) for f, m in result.baselined]
    bl.save(bl.Baseline(entries, precision=resolve(precision)), path)
    return f"wrote {len(entries)} accepted findings to {path}"


def add(path: Path, run: Run, precision: str, ids: Sequence[str], reason: str, false_positive: bool = False) -> str:
    """Accept the findings named by fingerprint, after review: a reason is required, and every id must
    be a finding of this run."""
    if not ids:
        raise InputError("give the finding(s) to accept with --id")
    if not reason.strip():
        raise InputError("give the reason for accepting with --reason")
    current = bl.load(path) if path.exists() else bl.Baseline()
    result = run(current)
    found = {f.fingerprint: f for f in result.new}
    known = {f.fingerprint for f, _ in result.baselined}
    missing = [i for i in ids if i not in found and i not in known]
    if missing:
        raise InputError(f"no new finding with id {', '.join(missing)} (ids are in the gate report)")
    added = [
        bl.Entry.from_finding(found[i], _status(false_positive), reason.strip())
        for i in dict.fromkeys(ids)
        if i in found
    ]
    bl.save(bl.Baseline([*current.entries, *added], precision=current.precision or resolve(precision)), path)
    return f"accepted {len(added)} finding(s) in {path}"


def prune(path: Path, run: Run) -> str:
    """Drop the entries whose finding no longer occurs; never adds any (the file is left untouched
    when nothing goes)."""
    current = bl.load(path)
    pruned = gating.prune(current, run(current))
    if len(pruned.entries) != len(current.entries):
        bl.save(pruned, path)
    return f"pruned {len(current.entries) - len(pruned.entries)} of {len(current.entries)} entries from {path}"
