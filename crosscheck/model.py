"""The data model: plain frozen dataclasses that flow one way through the pipeline.

intake -> Article, segment -> Sentence, extract -> Claim (with Facts),
pair -> Pair, detectors -> Finding.  Nothing here knows about spaCy, torch or files.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(enum.IntEnum):
    """Ordered so that thresholds (``--fail-on warning``) compare with ``>=``."""

    NOTE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            choices = ", ".join(s.label for s in cls)
            raise ValueError(f"unknown severity {text!r} (choose from {choices})") from None


@dataclass(frozen=True, slots=True)
class Article:
    """One source document as read from disk, before segmentation."""

    doc_id: str  # path relative to the analysis root, with forward slashes
    path: str  # path as given / resolved, for messages
    text: str  # the full decoded text, unchanged, so offsets stay true
    source: str | None = None
    url: str | None = None
    published: dt.date | None = None
    published_from: str | None = None  # "metadata", "front matter", "dateline"
    content_lines: tuple[int, ...] = ()  # 1-based line numbers that carry claims
    furniture_lines: tuple[int, ...] = ()  # 1-based line numbers stripped as page furniture
    suppressions: tuple[Suppression, ...] = ()


@dataclass(frozen=True, slots=True)
class Suppression:
    """An inline ``<!-- crosscheck: ignore CC101 -- reason -->`` comment in a document."""

    doc_id: str
    line: int  # the line of the comment; it covers this line and the next content line
    detector: str  # detector id or name, or "all"
    reason: str


@dataclass(frozen=True, slots=True)
class Sentence:
    """A span of an Article, like spaCy's Span: offsets index ``Article.text``."""

    doc_id: str
    index: int  # 0-based position within its document
    start: int
    end: int
    line: int  # 1-based line of ``start``
    column: int  # 1-based column of ``start``
    end_line: int
    text: str  # exact quote, ``Article.text[start:end]``
    plain: str = ""  # the words without Markdown markup ("**12** people" -> "12 people"); "" when none


class FactKind(enum.StrEnum):
    TIME = "time"
    NUMBER = "number"
    PERSON = "person"
    TITLE = "title"
    ORG = "org"
    PLACE = "place"
    NAME = "name"  # a proper noun the entity recogniser left out ("UFO" in "UFO Media")
    CLOCK = "clock"  # a time of day: "2:53 p.m. local time", "1200 GMT"
    PREDICATE = "predicate"  # a clause's verb with its subject and object heads (in ``scope``)
    NEGATION = "negation"
    MODALITY = "modality"
    PRESUPPOSITION = "presupposition"
    SUPERLATIVE = "superlative"  # what a superlative picks out: "the hardest-hit villages were X and Y"
    EXTENT = "extent"  # all of a thing or part of it: "all telecommunications", "parts of Alexandria"


RANGE_GRAINS = ("day", "month", "year")  # how finely a range's ends are given, finest first
RANGE_PREFIX = "range:"


def _range_grain(precision: str) -> str | None:
    return precision.removeprefix(RANGE_PREFIX) if precision.startswith(RANGE_PREFIX) else None


def _trunc(day: dt.date, grain: int) -> tuple[int, ...]:
    return (day.year, day.month, day.day)[: 3 - grain]


@dataclass(frozen=True, slots=True)
class TimeValue:
    """A time expression normalised to an inclusive interval of days.

    ``precision`` says how much of the value the text really fixed (day, week, month,
    quarter, half, year, decade...): "Feb. 14" and "February" overlap and so never conflict.
    ``start``/``end`` are None when the expression is relative and no publication date
    was known: the value is then *unresolved* and is never compared.
    """

    start: dt.date | None
    end: dt.date | None
    precision: str

    @property
    def resolved(self) -> bool:
        return self.start is not None and self.end is not None

    def overlaps(self, other: TimeValue) -> bool:
        assert self.start and self.end and other.start and other.end
        return self.start <= other.end and other.start <= self.end

    def agrees(self, other: TimeValue) -> bool:
        """Whether both can be said of one event: the intervals overlap and, when both are
        explicit ranges ("from 1990 to 1999"), they start and end in the same period at the
        coarser grain of the two ("1990-1999" and "1992-1999" overlap but disagree;
        "May to July" and "May 3 to July 30" agree)."""
        if not self.overlaps(other):
            return False
        grains = _range_grain(self.precision), _range_grain(other.precision)
        if grains[0] is None or grains[1] is None:
            return True
        cut = max(RANGE_GRAINS.index(grains[0]), RANGE_GRAINS.index(grains[1]))
        assert self.start and self.end and other.start and other.end
        return _trunc(self.start, cut) == _trunc(other.start, cut) and _trunc(self.end, cut) == _trunc(other.end, cut)

    def gap_days(self, other: TimeValue) -> int:
        assert self.start and self.end and other.start and other.end
        if self.overlaps(other):
            return 0
        return max((other.start - self.end).days, (self.start - other.end).days)

    def __str__(self) -> str:
        if not self.resolved:
            return f"unresolved ({self.precision})"
        assert self.start and self.end
        if self.start == self.end:
            return self.start.isoformat()
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


@dataclass(frozen=True, slots=True)
class Fact:
    """A typed value found in a claim.

    ``anchor`` is the lemma of the predicate the fact hangs from in the dependency
    parse (the verb a date modifies, the noun a number counts): detectors compare
    facts about the same predicate, not any two facts that share a sentence.
    """

    kind: FactKind
    text: str  # surface text as quoted in the sentence
    value: Any  # normalised value: TimeValue, float, str, frozenset...
    anchor: str = ""
    unit: str = ""
    qualifier: str = ""  # about / more than / at least / exact...
    role: str = ""  # dependency role of the fact (nsubj, dobj, pobj:in...)
    start: int = 0  # character offset within the sentence text
    end: int = 0
    # The slot a value fills (facts/frames.py): two values are compared only when their slots align.
    event: str = ""  # the event class(es) it belongs to, "|"-joined ("injured"), or the predicate's lemma
    scope: tuple[str, ...] = ()  # where / of what it holds: "outside camp", "of tehran", "total"
    subset: bool = False  # "30 of the 80 wounded": a part of a count given beside it
    bearing: int | None = None  # a distance's compass direction in degrees ("55 km west of X": 270)
    clause: int = 0  # which clause it sits in: 0 the main clause, else 1 + its head's offset in the sentence


Quote = tuple[str, int, int, str]  # document, line, column, sentence as written


@dataclass(frozen=True, slots=True)
class Claim:
    """A sentence with the facts extracted from it.

    ``parsed`` False: the sentence alone, its facts never extracted.  Parsing is most of the
    cost after embedding, so the pipeline parses only sentences that reach a pair; a claim no
    other document matches is never compared and stays unparsed.
    """

    sentence: Sentence
    facts: tuple[Fact, ...] = ()
    lemmas: frozenset[str] = frozenset()  # content lemmas, lower-cased
    predicates: frozenset[str] = frozenset()  # verb lemmas (and eventive nouns)
    published: dt.date | None = None
    parsed: bool = True

    @property
    def doc_id(self) -> str:
        return self.sentence.doc_id

    @property
    def text(self) -> str:
        """What the sentence says, as the models read it (markup left out); quotes use ``sentence.text``."""
        return self.sentence.plain or self.sentence.text

    @property
    def quote(self) -> Quote:
        """Where it stands and what it says as written: the key a finding's evidence quotes it by."""
        s = self.sentence
        return (s.doc_id, s.line, s.column, s.text)

    def facts_of(self, *kinds: FactKind) -> list[Fact]:
        return [f for f in self.facts if f.kind in kinds]


@dataclass(frozen=True, slots=True)
class Pair:
    """Two claims from different documents that look like statements of the same thing."""

    a: Claim
    b: Claim
    similarity: float  # cosine of the sentence embeddings
    lexical: float  # rapidfuzz token-set ratio, 0..1


@dataclass(frozen=True, slots=True)
class Evidence:
    """One quoted line that a finding rests on."""

    doc_id: str
    line: int
    column: int
    text: str
    value: str = ""  # the normalised value this claim states, as shown to a reviewer
    end_line: int = 0  # last line of the sentence (0: same as ``line``); inline suppressions need the span

    @property
    def quote(self) -> Quote:
        """The quoted sentence's key, as ``Claim.quote`` gives it for the claim it quotes."""
        return (self.doc_id, self.line, self.column, self.text)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"doc": self.doc_id, "line": self.line, "column": self.column, "text": self.text}
        if self.value:
            out["value"] = self.value
        return out


@dataclass(frozen=True, slots=True)
class Finding:
    """A disagreement between sources, with everything a reviewer needs to verify it."""

    detector: str  # stable id, e.g. "CC101"
    name: str  # dotted rule name, e.g. "temporal.conflict"
    kind: str  # temporal / numeric / entity / title / presupposition / polarity / modality
    severity: Severity
    confidence: float
    summary: str  # one sentence
    evidence: tuple[Evidence, ...]
    values: dict[str, str] = field(default_factory=dict)
    similarity: float = 0.0
    fingerprint: str = ""
    judge: float | None = None  # the judge's probability that the two sentences contradict (None: no judge)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.fingerprint,
            "detector": self.detector,
            "rule": self.name,
            "kind": self.kind,
            "severity": self.severity.label,
            "confidence": round(self.confidence, 3),
            "summary": self.summary,
            "claims": [e.as_dict() for e in self.evidence],
            "values": dict(self.values),
            "similarity": round(self.similarity, 3),
            **({} if self.judge is None else {"judge_contradiction": round(self.judge, 3)}),
        }


@dataclass(frozen=True, slots=True)
class Unread:
    """A file of a folder that could not be read: the run goes on without it, and says so."""

    doc_id: str
    reason: str
