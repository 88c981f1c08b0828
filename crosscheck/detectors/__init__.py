"""Detector registry: a new detector is one new module plus one line in ``REGISTRY``."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from crosscheck.detectors.base import Context, Detector
from crosscheck.detectors.entity import EntityConflict
from crosscheck.detectors.extent import ExtentConflict
from crosscheck.detectors.judge import JudgeConflict
from crosscheck.detectors.modality import ModalityConflict
from crosscheck.detectors.numeric import NumericConflict
from crosscheck.detectors.polarity import PolarityConflict
from crosscheck.detectors.presupposition import PresuppositionConflict
from crosscheck.detectors.spelling import SpellingVariant
from crosscheck.detectors.superlative import SuperlativeConflict
from crosscheck.detectors.temporal import TemporalConflict
from crosscheck.detectors.title import TitleConflict
from crosscheck.errors import InputError
from crosscheck.model import Claim, Finding, Pair

REGISTRY: tuple[type[Detector], ...] = (
    TemporalConflict,
    NumericConflict,
    EntityConflict,
    TitleConflict,
    PresuppositionConflict,
    PolarityConflict,
    ModalityConflict,
    ExtentConflict,
    SuperlativeConflict,
    SpellingVariant,
    JudgeConflict,
)


@dataclass(frozen=True, slots=True)
class Description:
    """A detector as its docstring tells it: what ``crosscheck explain`` prints and SARIF's rule help."""

    id: str
    name: str
    severity: str
    summary: str  # the docstring's first paragraph, on one line
    conflict: tuple[str, ...]  # "Conflict:" and "Also:" examples
    harmless: tuple[str, ...]
    notes: str  # what the docstring says after its examples

    def text(self) -> str:
        out = [f"{self.id} {self.name} ({self.severity})", "", self.summary, ""]
        out += [f"  conflict:  {c}" for c in self.conflict] + [f"  harmless:  {h}" for h in self.harmless]
        return "\n".join([*out, *(["", self.notes] if self.notes else [])])

    def markdown(self) -> str:
        out = [f"**{self.id} `{self.name}`** ({self.severity}): {self.summary}", ""]
        out += [f"- conflict: {c}" for c in self.conflict] + [f"- harmless: {h}" for h in self.harmless]
        return "\n".join([*out, *(["", self.notes] if self.notes else [])])


_LABELS = {"Conflict:": "conflict", "Also:": "conflict", "Harmless:": "harmless"}


def describe(cls: type[Detector]) -> Description:
    """``cls``'s docstring read into its parts: summary, examples (each label's lines joined), notes."""
    lines = [line.strip() for line in (cls.__doc__ or cls.name).strip().splitlines()]
    summary: list[str] = []
    examples: dict[str, list[str]] = {"conflict": [], "harmless": []}
    notes: list[str] = []
    current: list[str] | None = None
    part = "summary"
    for line in lines:
        label = next((lab for lab in _LABELS if line.startswith(lab)), None)
        if label is not None:
            part = "examples"
            current = [line.removeprefix(label).strip()]
            target = _LABELS[label]
            examples[target].append(current[0])
            continue
        if not line:
            if part == "examples":
                part = "notes"
            elif summary:
                part = "notes" if part != "summary" else "after-summary"
            continue
        if part == "summary":
            summary.append(line)
        elif part == "examples" and current is not None:
            last = examples[target][-1]
            if line[0] in "\"'“" and " / " in last:
                examples[target].append(line)  # a quoted line after a whole pair starts the next example
            else:
                examples[target][-1] = last + (" / " if line[0] in "\"'“" else " ") + line
        elif part in ("notes", "after-summary"):
            notes.append(line)
    return Description(
        cls.id,
        cls.name,
        cls.severity.label,
        " ".join(summary),
        tuple(examples["conflict"]),
        tuple(examples["harmless"]),
        " ".join(notes),
    )


def lookup(name: str) -> type[Detector]:
    """The detector class named by id, dotted name or kind (case-insensitive)."""
    wanted = name.strip().lower()
    for cls in REGISTRY:
        if wanted in (cls.id.lower(), cls.name.lower(), cls.kind):
            return cls
    raise InputError(f"unknown detector: {name} (see `crosscheck detectors`)")


def select(names: Iterable[str] | None = None, context: Context | None = None) -> list[Detector]:
    """Instances of the detectors named by id or dotted name (all when ``names`` is None).  With a
    run's ``context``, each is built from it, and one the run cannot serve (the judge's, without a
    judge) is left out."""
    chosen: Sequence[type[Detector]] = REGISTRY
    if names is not None:
        wanted = {n.strip().lower() for n in names if n.strip()}
        known = {c.id.lower() for c in REGISTRY} | {c.name.lower() for c in REGISTRY} | {c.kind for c in REGISTRY}
        unknown = wanted - known
        if unknown:
            raise InputError(f"unknown detector(s): {', '.join(sorted(unknown))} (see `crosscheck detectors`)")
        chosen = [c for c in REGISTRY if {c.id.lower(), c.name.lower(), c.kind} & wanted]
    if context is None:
        return [c() for c in chosen]
    built = (c.from_context(context) for c in chosen)
    return [d for d in built if d is not None]


_LEARNED = frozenset(c.id for c in REGISTRY if c.learned)


def by_rules(findings: Iterable[Finding]) -> list[Finding]:
    """The findings the typed-fact rules made, without a learned detector's."""
    return [f for f in findings if f.detector not in _LEARNED]


def learned(detectors: Iterable[Detector]) -> list[Detector]:
    return [d for d in detectors if d.learned]


_Quote = tuple[str, int, int, str]


def _quote(c: Claim) -> _Quote:
    return (c.doc_id, c.sentence.line, c.sentence.column, c.sentence.text)


def _spoken_for(pairs: Sequence[Pair], explained: Callable[[Pair], bool], agree: float) -> set[tuple[_Quote, _Quote]]:
    """(claim, other sentence) pairs another sentence of that document already answers.

    A document's closest sentence speaks for it: when it says the same as a claim (at least
    ``agree`` alike, no rule objecting), the document's less similar sentences are about
    something else, and their "contradictions" of that claim are not the document's.
    """
    closest: dict[tuple[_Quote, str], Pair] = {}
    for p in pairs:
        for mine, theirs in ((p.a, p.b), (p.b, p.a)):
            key = (_quote(mine), theirs.doc_id)
            if key not in closest or p.similarity > closest[key].similarity:
                closest[key] = p

    def answered(mine: Claim, theirs: Claim, p: Pair) -> bool:
        best = closest[(_quote(mine), theirs.doc_id)]
        return best is not p and best.similarity >= agree and not explained(best)

    out: set[tuple[_Quote, _Quote]] = set()
    for p in pairs:
        # both ways: a line another sentence of this document answers may still be the closest,
        # unanswered, counterpart of the other line ("did not have ties" / "has relations")
        if answered(p.a, p.b, p) and answered(p.b, p.a, p):
            out |= {(_quote(p.a), _quote(p.b)), (_quote(p.b), _quote(p.a))}
    return out


def run(detectors: Sequence[Detector], pairs: Iterable[Pair], agree: float | None = None) -> list[Finding]:
    """Every finding on ``pairs``: the rules, then fallbacks on the pairs no rule's finding explains
    (a finding explains a pair when it quotes both of its sentences).  With ``agree`` (the
    similarity at which two sentences say the same), a finding between a claim and a sentence
    of a document whose closer sentence agrees with the claim is left out (``_spoken_for``):
    ``analyze`` and ``check`` decide every pair this one way."""
    pairs = list(pairs)
    findings: list[Finding] = []
    for det in detectors:
        if not det.fallback:
            findings += det.check_all([p for p in pairs if det.applies(p)])
    quoted = [{(e.doc_id, e.line, e.column, e.text) for e in f.evidence} for f in findings]

    def explained(p: Pair) -> bool:
        a, b = _quote(p.a), _quote(p.b)
        return any(a in q and b in q for q in quoted)

    answered = _spoken_for(pairs, explained, agree) if agree is not None else set()
    if answered:
        findings = [
            f
            for f in findings
            if len(f.evidence) != 2
            or (
                (f.evidence[0].doc_id, f.evidence[0].line, f.evidence[0].column, f.evidence[0].text),
                (f.evidence[1].doc_id, f.evidence[1].line, f.evidence[1].column, f.evidence[1].text),
            )
            not in answered
        ]
    unexplained = [p for p in pairs if not explained(p) and (_quote(p.a), _quote(p.b)) not in answered]
    for det in detectors:
        if det.fallback:
            findings += det.check_many(unexplained)
    return findings
