"""Would a calibrated combination of the judge's scores beat the fixed rule?  Grouped cross-validation.

Issue 17 asks for SummaC's lesson: sentence-level scores aggregated over the evidence windows
and calibrated, rather than one best pair.  ``check`` today decides with fixed, a-priori
thresholds (veto below 0.1 best entailment, CC200 yields at 0.5).  This script measures the
alternative without changing the product:

1. every row goes through the same ``Checker`` as ``crosscheck eval`` (fp32), and for each
   claim it keeps what the verdict had in hand — the rules' status, unsourced names, the
   closest similarity and the coverage — and the judge's scores over *all* its evidence
   windows (each of the top source sentences alone and with its neighbours), plus one more
   reading: the top three evidence sentences joined in document order, the claim against
   what a fused summary sentence draws on;
2. features per claim (best / mean entailment, highest contradiction, the joined reading) go
   into a logistic regression, class-balanced, fitted on training folds only — a row is
   consistent when its weakest claim is (multiple-instance: a consistent row's claims are
   positives, an inconsistent row's weakest claim a negative), and the decision threshold is
   fitted on the training folds too;
3. folds are grouped by source article: 5 on FRANK valid (149 articles), leave-one-article-out
   on SummEdits News (4 articles), and each set's model scored on the other set outright.

Rules only, today's fixed combination and the calibrated ones are printed from the same run.

    .venv/bin/python benchmarks/judge_combine.py            # ~6 min: features of both sets, then the fits
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from crosscheck import evaluation
from crosscheck.checking import Checker
from crosscheck.config import Settings
from crosscheck.intake import article_from_text
from crosscheck.judge import CONTRADICTION, ENTAILMENT
from crosscheck.progress import Progress
from crosscheck.results import Status

HERE = Path(__file__).resolve().parent
SETS = {"FRANK valid": ("frank_valid.jsonl", 5), "SummEdits News": ("summedits_news_eval.jsonl", 4)}
JOINED = 3  # evidence sentences joined, in document order, for the fused reading

# Per claim.  "rules ..." are what the verdict already uses; the rest are the judge's.
FEATURES = (
    "rules corroborate",
    "rules contradict",
    "unsourced",
    "similarity",
    "coverage",
    "best entailment",
    "mean entailment",
    "highest contradiction",
    "joined entailment",
    "joined contradiction",
)
RULES_ONLY = FEATURES[:5]
VARIANTS: dict[str, tuple[str, ...]] = {
    "rules' inputs, calibrated": RULES_ONLY,
    "+ best entailment": (*RULES_ONLY, "best entailment"),
    "+ entailment, contradiction": (*RULES_ONLY, "best entailment", "mean entailment", "highest contradiction"),
    "+ joined evidence": (*RULES_ONLY, "best entailment", "joined entailment", "joined contradiction"),
    "all": FEATURES,
}


class _Recording(Checker):
    """A Checker that also keeps, per claim, the judge's scores over every evidence window."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.seen: dict[tuple[str, str], list[float]] = {}

    def _verdict(self, claim, support, backing, found):  # type: ignore[no-untyped-def]
        verdict = super()._verdict(claim, support, backing, found)
        if self.judge is None or not support:
            self.seen[(claim.sentence.doc_id, claim.text)] = [0.0] * 5
            return verdict
        s = self.judge.scores_checked(self._evidence(claim, support))
        top = sorted(support[:JOINED], key=lambda p: p.b.sentence.index)
        joined = self.judge.scores_checked([(" ".join(p.b.text for p in top), claim.text)])[0]
        self.seen[(claim.sentence.doc_id, claim.text)] = [
            float(s[:, ENTAILMENT].max()),
            float(s[:, ENTAILMENT].mean()),
            float(s[:, CONTRADICTION].max()),
            float(joined[ENTAILMENT]),
            float(joined[CONTRADICTION]),
        ]
        return verdict


@dataclasses.dataclass
class Row:
    label: bool  # consistent
    article: str
    claims: NDArray[np.float64]  # claims x FEATURES
    rules: bool  # the rules alone call it consistent
    today: bool  # rules + judge as shipped


def features(path: Path, progress: Progress) -> list[Row]:
    rows = evaluation.read_rows(path)
    checker = _Recording(Settings(precision="fp32"))
    texts = [evaluation.detokenize(r.source) for r in rows]
    ids: dict[str, str] = {}
    sources = [
        article_from_text(t, ids.setdefault(t, f"source-{len(ids) + 1}"), r.published)
        for r, t in zip(rows, texts, strict=True)
    ]
    drafts = [
        article_from_text(
            evaluation.truecase(evaluation.without_unk(evaluation.detokenize(r.claim)), t),
            f"claim-{n}",
            r.published,
            strip_furniture=False,
        )
        for n, (r, t) in enumerate(zip(rows, texts, strict=True), 1)
    ]
    with checker:
        every = checker.verdicts_many([(d, [s]) for d, s in zip(drafts, sources, strict=True)], progress)
    out = []
    for row, verdicts in zip(rows, every, strict=True):
        claims = [
            [
                v.rules_status is Status.CORROBORATED,
                v.rules_status is Status.CONTRADICTED,
                bool(v.unsourced),
                v.support[0].similarity if v.support else 0.0,
                v.coverage,
                *checker.seen[(v.claim.sentence.doc_id, v.claim.text)],
            ]
            for v in verdicts
        ] or [[0.0] * len(FEATURES)]
        out.append(
            Row(
                row.label == "consistent",
                row.source,
                np.array(claims, dtype=np.float64),
                bool(verdicts) and all(v.rules_status is Status.CORROBORATED for v in verdicts),
                bool(verdicts) and all(v.status is Status.CORROBORATED for v in verdicts),
            )
        )
    return out


def balanced(truth: Sequence[bool], predicted: Sequence[bool]) -> float:
    from sklearn.metrics import balanced_accuracy_score

    return float(balanced_accuracy_score(truth, predicted)) * 100


Model = Callable[[Sequence[Row], float], NDArray[np.bool_]]


def fit(rows: Sequence[Row], cols: Sequence[int], rounds: int = 3) -> Model:
    """A claim-level logistic regression from row labels, and its threshold, fitted on ``rows`` only."""
    from sklearn.linear_model import LogisticRegression

    model: Any = None
    for _ in range(rounds):
        xs: list[NDArray[np.float64]] = []
        ys: list[int] = []
        for r in rows:
            x = r.claims[:, cols]
            if r.label:
                xs += list(x)
                ys += [1] * len(x)
            elif model is not None or len(x) == 1:
                weakest = 0 if model is None else int(model.predict_proba(x)[:, 1].argmin())
                xs.append(x[weakest])
                ys.append(0)
        model = LogisticRegression(class_weight="balanced", max_iter=2000).fit(np.array(xs), np.array(ys))

    def weakest(rs: Sequence[Row]) -> NDArray[np.float64]:
        return np.array([model.predict_proba(r.claims[:, cols])[:, 1].min() for r in rs])

    train = weakest(rows)
    truth = [r.label for r in rows]
    threshold = max(np.linspace(0.05, 0.95, 91), key=lambda t: balanced(truth, list(train >= t)))

    def predict(rs: Sequence[Row], _: float = 0.0) -> NDArray[np.bool_]:
        return weakest(rs) >= threshold

    return predict


def grouped(rows: Sequence[Row], folds: int, cols: Sequence[int]) -> float:
    from sklearn.model_selection import GroupKFold

    predicted = np.zeros(len(rows), dtype=bool)
    labels = np.array([r.label for r in rows])
    for train, test in GroupKFold(n_splits=folds).split(labels, labels, [r.article for r in rows]):
        model = fit([rows[i] for i in train], cols)
        predicted[test] = model([rows[i] for i in test])
    return balanced(labels, predicted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--features", type=Path, default=HERE / "out" / "combine.json", help="cache of the features")
    args = parser.parse_args()
    if args.features.is_file():
        cached = json.loads(args.features.read_text(encoding="utf-8"))
        data = {k: [Row(r[0], r[1], np.array(r[2]), r[3], r[4]) for r in v] for k, v in cached.items()}
    else:
        with Progress() as progress:
            data = {name: features(HERE / "data" / file, progress) for name, (file, _) in SETS.items()}
        args.features.parent.mkdir(parents=True, exist_ok=True)
        rows = {k: [[r.label, r.article, r.claims.tolist(), r.rules, r.today] for r in v] for k, v in data.items()}
        args.features.write_text(json.dumps(rows), encoding="utf-8")
    names = list(SETS)
    print(f"{'balanced accuracy':<44}" + "".join(f"{n:>18}" for n in names) + "   trained on the other set")
    for label, pick in (("rules only", lambda r: r.rules), ("rules + judge, as shipped", lambda r: r.today)):
        cells = "".join(f"{balanced([r.label for r in data[n]], [pick(r) for r in data[n]]):>18.1f}" for n in names)
        print(f"{label:<44}{cells}")
    for label, chosen in VARIANTS.items():
        cols = [FEATURES.index(f) for f in chosen]
        cells = "".join(f"{grouped(data[n], SETS[n][1], cols):>18.1f}" for n in names)
        across = []
        for a, b in (names, names[::-1]):
            across.append(f"{b} {balanced([r.label for r in data[b]], list(fit(data[a], cols)(data[b]))):.1f}")
        print(f"{'calibrated: ' + label:<44}{cells}   " + ", ".join(across))
    print(separation(data))


def separation(data: dict[str, list[Row]]) -> str:
    """How well the judge's scores tell consistent from inconsistent rows where it can change a verdict:
    the rows the rules corroborate (AUC of the weakest claim's score; 0.5 is chance)."""
    from sklearn.metrics import roc_auc_score

    lines = ["", "AUC among the rows the rules corroborate (weakest claim)"]
    for name, rows in data.items():
        kept = [r for r in rows if r.rules]
        truth = [r.label for r in kept]
        cells = []
        for feature in ("best entailment", "joined entailment"):
            j = FEATURES.index(feature)
            cells.append(f"{feature} {roc_auc_score(truth, [r.claims[:, j].min() for r in kept]):.2f}")
        lines.append(f"  {name} ({len(kept)} rows): " + ", ".join(cells))
    return "\n".join(lines)


if __name__ == "__main__":
    main()
