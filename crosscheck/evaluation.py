"""``crosscheck eval``: measure the check mode on labelled (source, claim) rows.

Every row goes through the same code as ``crosscheck check`` (``api.Checker``): the claim
text is the draft, the source text its only source; corroborated → consistent,
contradicted or unsupported → inconsistent.  Thresholds are the tool's settings, never
fitted on the rows being scored.  A word-overlap baseline is scored in the same run so
that every figure has its floor beside it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from crosscheck.checking import Checker
from crosscheck.compute import resolve
from crosscheck.config import Settings
from crosscheck.errors import InputError
from crosscheck.intake import article_from_text
from crosscheck.progress import NULL, Progress
from crosscheck.results import Status

LABELS = ("consistent", "inconsistent")
# The word-overlap floor: a claim is "consistent" when this share of its content words
# occurs in the source.  Fixed a priori (not fitted to any dataset).
OVERLAP_THRESHOLD = 0.8
_PTB = {"-lrb-": "(", "-rrb-": ")", "-lsb-": "[", "-rsb-": "]", "-lcb-": "{", "-rcb-": "}", "``": '"', "''": '"'}
_TOKENIZED = re.compile(r" [.,;:!?](?: |$)| 's\b| n't\b|-lrb-|-rrb-", re.I)
_WORD = re.compile(r"[^\W_]+", re.U)


@dataclass(frozen=True)
class Row:
    id: str
    source: str
    claim: str
    label: str | None
    error_types: tuple[str, ...] = ()
    published: dt.date | None = None  # the source's publication date, for "this year" and the like


@dataclass
class RowResult:
    row: Row
    predicted: str
    statuses: list[str]
    kinds: list[str]  # the finding kinds that fired
    best_similarity: float
    overlap: float
    overlap_predicted: str
    rules_predicted: str = ""  # the typed-fact rules alone (equal to ``predicted`` without a judge)
    entailment: float | None = None  # the judge's weakest entailment over the row's claims


@dataclass
class Scores:
    n: int
    balanced_accuracy: float
    precision: float  # of "inconsistent"
    recall: float
    f1: float
    confusion: dict[str, dict[str, int]]  # true label -> predicted label -> count


@dataclass
class Report:
    dataset: str
    rows: int
    seconds_per_row: float
    crosscheck: Scores | None
    overlap: Scores | None
    per_error_type: dict[str, dict[str, float]] = field(default_factory=dict)
    results: list[RowResult] = field(default_factory=list)
    judge: str | None = None  # the judge used, if any
    rules: Scores | None = None  # the same run's rules-only figures, when a judge was used
    judge_alone: Scores | None = None  # the same run's judge without the rules (JUDGE_ALONE)

    def metrics(self) -> dict[str, Any]:
        """The JSON object of ``--format json``: crosscheck's figures at the top level."""
        out: dict[str, Any] = {"dataset": self.dataset, "rows": self.rows, "seconds_per_row": self.seconds_per_row}
        if self.crosscheck is not None:
            out.update(_scores_dict(self.crosscheck))
        else:
            out["n"] = 0
        out["judge"] = self.judge
        out["rules_only"] = _scores_dict(self.rules) if self.rules else None
        out["judge_alone"] = _scores_dict(self.judge_alone) if self.judge_alone else None
        out["word_overlap_baseline"] = _scores_dict(self.overlap) if self.overlap else None
        out["word_overlap_threshold"] = OVERLAP_THRESHOLD
        out["per_error_type"] = self.per_error_type
        return out


def _scores_dict(s: Scores) -> dict[str, Any]:
    return {
        "n": s.n,
        "balanced_accuracy": round(s.balanced_accuracy, 4),
        "precision": round(s.precision, 4),
        "recall": round(s.recall, 4),
        "f1": round(s.f1, 4),
        "confusion": s.confusion,
    }


# --- reading -------------------------------------------------------------------------------------


def read_rows(path: Path) -> list[Row]:
    """JSONL rows with ``source_text``, ``claim_text`` and optional ``label``, ``error_type``, ``id``."""
    if not path.is_file():
        raise InputError(f"dataset not found or not a file: {path}")
    rows: list[Row] = []
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text") from None
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}: not a JSON object ({exc.msg})") from None
        if not isinstance(obj, dict):
            raise InputError(f"{path}:{n}: not a JSON object")
        source, claim = obj.get("source_text"), obj.get("claim_text")
        if not isinstance(source, str) or not isinstance(claim, str):
            raise InputError(f"{path}:{n}: 'source_text' and 'claim_text' must be strings")
        label = obj.get("label")
        if label in ("", None):
            label = None
        elif label not in LABELS:
            raise InputError(f"{path}:{n}: label {label!r} is not consistent or inconsistent")
        raw_types = obj.get("error_type") or ""
        types = tuple(t.strip() for t in str(raw_types).split(",") if t.strip())
        published = None
        if obj.get("published"):
            try:
                published = dt.date.fromisoformat(str(obj["published"]))
            except ValueError:
                raise InputError(f"{path}:{n}: published {obj['published']!r} is not a YYYY-MM-DD date") from None
        rows.append(Row(str(obj.get("id", n)), source, claim, label, types, published))
    if not rows:
        raise InputError(f"no rows in {path}")
    return rows


# --- text clean-up ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _moses() -> Any:
    from sacremoses import MosesDetokenizer

    return MosesDetokenizer(lang="en")


def detokenize(text: str) -> str:
    """Undo Penn-Treebank tokenization (" 's", " .", "-lrb-"), line by line; plain text is left alone.

    CNN/DailyMail summaries come tokenized; the sentence splitter, the parser and the
    embedding model all read "the man , 25 , said" worse than "the man, 25, said".
    """
    lines = text.split("\n")
    if sum(len(_TOKENIZED.findall(line)) for line in lines) < 2:
        return text
    out = []
    for line in lines:
        tokens = [_PTB.get(t.lower(), t) for t in line.split()]
        out.append(_moses().detokenize(tokens) if tokens else "")
    return "\n".join(out)


# The summariser's placeholder for a word outside its vocabulary ("alexander UNK has been
# charged"): a word nobody can read, so no claim about a name or number the source lacks.
_UNK = re.compile(r"\s*\[?\bUNK\b\]?")


def without_unk(text: str) -> str:
    """``text`` with the summariser's UNK placeholders dropped, as the word-overlap floor drops them."""
    return _UNK.sub("", text).strip()


_SENTENCE_START = re.compile(r"(^|[.!?][\"'”’)]?\s+)([a-z])")


def truecase(text: str, reference: str) -> str:
    """Restore capitals in an all-lower-case claim from the casing its source uses.

    Lower-cased summaries ("ander herrera scored for manchester united") hide names from
    the parser; the source usually spells each word the way it should be spelled.  Words
    are looked up by their most frequent form in the source outside sentence starts.
    """
    if any(c.isupper() for c in text) or not reference:
        return text
    forms: dict[str, dict[str, int]] = {}
    for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b([^\W\d_]+)", reference):
        word = m.group(1)
        forms.setdefault(word.lower(), {}).setdefault(word, 0)
        forms[word.lower()][word] += 1

    def cased(m: re.Match[str]) -> str:
        word = m.group(0)
        options = forms.get(word)
        return max(options.items(), key=lambda kv: kv[1])[0] if options else word

    text = re.sub(r"[^\W\d_]+", cased, text)
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


# --- predicting ------------------------------------------------------------------------------------


def _content_words(text: str) -> list[str]:
    from spacy.lang.en.stop_words import STOP_WORDS

    return [w for w in (m.group(0).lower() for m in _WORD.finditer(text)) if w not in STOP_WORDS and w != "unk"]


def word_overlap(source: str, claim: str) -> float:
    words = _content_words(claim)
    if not words:
        return 1.0
    vocab = set(_content_words(source))
    return sum(w in vocab for w in words) / len(words)


def predict(rows: Sequence[Row], settings: Settings | None = None, progress: Progress = NULL) -> list[RowResult]:
    checker = Checker(settings)
    source_texts = [detokenize(r.source) for r in rows]
    # Rows share sources: one id per distinct (text, date) lets the checker parse each once,
    # and keeps each article's own publication date (facts are dated per document id).
    ids: dict[tuple[str, dt.date | None], str] = {}
    sources = []
    for r, src in zip(rows, source_texts, strict=True):
        doc_id = ids.setdefault((src, r.published), f"source-{len(ids) + 1}")
        sources.append(article_from_text(src, doc_id, r.published))
    drafts = [
        article_from_text(
            truecase(without_unk(detokenize(r.claim)), src), f"claim-{n}", r.published, strip_furniture=False
        )
        for n, (r, src) in enumerate(zip(rows, source_texts, strict=True), 1)
    ]
    # One batch per model for everything: rows share sources, and the models are fastest on big batches.
    with checker:
        every = checker.verdicts_many([(d, [s]) for d, s in zip(drafts, sources, strict=True)], progress)
    results: list[RowResult] = []
    for row, draft, source, verdicts in zip(rows, drafts, sources, every, strict=True):
        statuses = [v.status.value for v in verdicts]
        consistent = bool(verdicts) and all(v.status is Status.CORROBORATED for v in verdicts)
        rules_consistent = bool(verdicts) and all(v.rules_status is Status.CORROBORATED for v in verdicts)
        entailments = [v.entailment for v in verdicts if v.entailment is not None]
        kinds = sorted({f.kind for v in verdicts for f in v.findings})
        best = min((v.support[0].similarity if v.support else 0.0) for v in verdicts) if verdicts else 0.0
        overlap = word_overlap(source.text, draft.text)
        results.append(
            RowResult(
                row,
                "consistent" if consistent else "inconsistent",
                statuses,
                kinds,
                best,
                overlap,
                "consistent" if overlap >= OVERLAP_THRESHOLD else "inconsistent",
                "consistent" if rules_consistent else "inconsistent",
                min(entailments) if entailments else None,
            )
        )
    return results


# --- scoring ---------------------------------------------------------------------------------------


def score(truth: Sequence[str], predicted: Sequence[str]) -> Scores:
    from sklearn.metrics import balanced_accuracy_score, confusion_matrix, precision_recall_fscore_support

    matrix = confusion_matrix(truth, predicted, labels=list(LABELS))
    p, r, f, _ = precision_recall_fscore_support(
        truth, predicted, labels=["inconsistent"], average="binary", pos_label="inconsistent", zero_division=0
    )
    both = len(set(truth)) == 2
    return Scores(
        n=len(truth),
        balanced_accuracy=float(balanced_accuracy_score(truth, predicted)) if both else float("nan"),
        precision=float(p),
        recall=float(r),
        f1=float(f),
        confusion={t: {q: int(matrix[i][j]) for j, q in enumerate(LABELS)} for i, t in enumerate(LABELS)},
    )


def _per_error_type(results: Sequence[RowResult]) -> dict[str, dict[str, float]]:
    """For each error type: how many rows carry it and the share caught, by crosscheck and by the floor."""
    groups: dict[str, list[RowResult]] = {}
    for r in results:
        if r.row.label == "inconsistent":
            for t in r.row.error_types or ("(none given)",):
                groups.setdefault(t, []).append(r)
        elif r.row.label == "consistent":
            groups.setdefault("(consistent rows)", []).append(r)
            for t in r.row.error_types:  # harmless edits of a stress set: the share not flagged
                groups.setdefault(f"{t} (consistent)", []).append(r)
    out: dict[str, dict[str, float]] = {}
    for t, rs in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        want = "consistent" if t.endswith("(consistent)") or t == "(consistent rows)" else "inconsistent"
        out[t] = {
            "n": len(rs),
            "crosscheck": round(sum(r.predicted == want for r in rs) / len(rs), 4),
            "rules_only": round(sum(r.rules_predicted == want for r in rs) / len(rs), 4),
            "word_overlap": round(sum(r.overlap_predicted == want for r in rs) / len(rs), 4),
        }
    return out


def evaluate(
    path: Path,
    settings: Settings | None = None,
    progress: Progress = NULL,
    limit: int | None = None,
    clock: Callable[[], float] = time.perf_counter,
) -> Report:
    settings = settings or Settings()
    rows = read_rows(path)[:limit] if limit else read_rows(path)
    started = clock()
    results = predict(rows, settings, progress)
    seconds = (clock() - started) / len(rows)
    return report_of(path.name, results, seconds, judge_name(settings))


def judge_name(settings: Settings) -> str | None:
    if not settings.use_judge:
        return None
    name = str(settings.judge) if settings.judge else "crosscheck judge (shipped)"
    return f"{name}, {resolve(settings.precision)}"  # bf16 and fp32 differ in the third decimal


# The judge alone calls a row inconsistent when some claim's best entailment is below this: "more
# likely than not entailed", chosen a priori (as the combination's 0.5), never fitted to a dataset.
JUDGE_ALONE = 0.5


def judge_alone(result: RowResult) -> str:
    """The judge's verdict without the rules (a row none of whose claims it was asked about is consistent)."""
    return "inconsistent" if result.entailment is not None and result.entailment < JUDGE_ALONE else "consistent"


def report_of(dataset: str, results: Sequence[RowResult], seconds: float, judge: str | None) -> Report:
    """Scores of predicted rows; also how cross-validation folds, predicted apart, are pooled."""
    labelled = [r for r in results if r.row.label is not None]
    truth = [r.row.label or "" for r in labelled]
    ours = score(truth, [r.predicted for r in labelled]) if labelled else None
    floor = score(truth, [r.overlap_predicted for r in labelled]) if labelled else None
    rules = score(truth, [r.rules_predicted for r in labelled]) if labelled and judge else None
    alone = score(truth, [judge_alone(r) for r in labelled]) if labelled and judge else None
    per_type = _per_error_type(labelled)
    return Report(dataset, len(results), seconds, ours, floor, per_type, list(results), judge, rules, alone)


# --- rendering -------------------------------------------------------------------------------------
