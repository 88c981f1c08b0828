"""Build the judge's training data: human-labelled NLI pairs plus controlled edits of real news sentences.

Two sources, written as one JSONL of ``{premise, hypothesis, label, kind, group}`` rows:

* ``benchmarks/data/nli/`` — the permissively licensed NLI sets (see its README; ``sick`` is
  non-commercial and RTE's terms are unverified, so neither is used).  ``not_entailment``
  rows (MED) keep that label: the trainer scores them as "entailment is wrong", without
  guessing neutral or contradiction.
* FactCC-style edits of sentences from the seeds and from FRANK's development articles:
  edits that change the fact (date, number, name, place, negation, antonym, modality,
  presupposition "re-") are contradictions; meaning-preserving edits (synonym, a date made
  less precise, a name shortened, a trailing clause dropped) are entailments — the hard
  negatives that keep the judge from crying wolf; a sentence with a clause the premise
  lacks, or a neighbouring sentence, is neutral.

FRANK articles are split into two folds by a hash of their text (``article_fold``);
``--fold K`` uses only fold K's articles, so a judge trained on fold 0 can be evaluated on
fold 1's rows and vice versa (grouped cross-validation).  SummEdits' articles are never
used: that set stays fully held out.  Deterministic (fixed seed).

    .venv/bin/python benchmarks/judge_data.py --fold 0   # -> benchmarks/out/judge/train_fold0.jsonl
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path

import yaml
from spacy.tokens import Span

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_stress as edits

from crosscheck.facts.nlp import load_nlp
from crosscheck.intake import article_from_text
from crosscheck.judge import ADAPTER_DIR
from crosscheck.segment import segment

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
NLI_SETS = ("mnli_subset_openie", "conjnli", "med", "cad_snli", "snli_subset_openie")
SNLI_CAP = 6000  # caption pairs teach little about news (issue 5's warning); keep a sample
LABELS = {"entailment": 0, "neutral": 1, "contradiction": 2, "not_entailment": 3}

# Antonyms and changed predicates common in news, both directions.  A swap flips the fact.
_PAIRS = [
    ("increased", "decreased"),
    ("increase", "decrease"),
    ("rose", "fell"),
    ("rise", "fall"),
    ("raised", "lowered"),
    ("higher", "lower"),
    ("more", "fewer"),
    ("won", "lost"),
    ("win", "lose"),
    ("before", "after"),
    ("approved", "rejected"),
    ("accepted", "refused"),
    ("allowed", "banned"),
    ("supported", "opposed"),
    ("support", "oppose"),
    ("agreed", "refused"),
    ("arrived", "left"),
    ("opened", "closed"),
    ("first", "last"),
    ("largest", "smallest"),
    ("biggest", "smallest"),
    ("guilty", "innocent"),
    ("convicted", "acquitted"),
    ("released", "detained"),
    ("victory", "defeat"),
    ("gained", "lost"),
    ("earlier", "later"),
    ("confirmed", "denied"),
    ("praised", "criticised"),
    ("joined", "quit"),
    ("hired", "fired"),
    ("began", "ended"),
    ("started", "stopped"),
    ("legal", "illegal"),
    ("north", "south"),
    ("east", "west"),
    ("men", "women"),
    ("husband", "wife"),
    ("son", "daughter"),
    ("father", "mother"),
    ("boy", "girl"),
    ("met", "snubbed"),
    ("visited", "avoided"),
    ("signed", "rejected"),
    ("killed", "injured"),
    ("arrested", "freed"),
    ("bought", "sold"),
    ("buy", "sell"),
    ("survived", "died"),
    ("success", "failure"),
    ("strong", "weak"),
    ("best", "worst"),
    ("inside", "outside"),
    ("above", "below"),
    ("maximum", "minimum"),
]
ANTONYMS = {a: b for a, b in _PAIRS} | {b: a for a, b in _PAIRS}


TWIN = HERE / "out" / "judge" / "fold1"  # the shipped judge's fold twin, trained on the other fold
# Each judge judge_cv.py measures: (the one scoring rows it never trained on, its fold twin).
# The all-mpnet-base-v2 judge is not shipped (docs/judge.md): both of its folds live here.
JUDGES = {
    "minilm": (ADAPTER_DIR, TWIN),
    "mpnet": (HERE / "out" / "judge" / "mpnet_fold0", HERE / "out" / "judge" / "mpnet_fold1"),
}


def shipped_fold(adapter: Path = ADAPTER_DIR) -> int:
    """The fold of FRANK articles a shipped judge trained on: their rows go to its twin."""
    spec = json.loads((adapter / "crosscheck-judge.json").read_text(encoding="utf-8"))
    return int(spec.get("fold", 0))


def article_fold(text: str) -> int:
    """0 or 1, stable across runs and machines: which cross-validation fold an article is in."""
    return hashlib.sha256(text.encode("utf-8")).digest()[0] % 2


def antonym(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
    for tok in sent:
        new = ANTONYMS.get(tok.lower_)
        if new:
            new = new.capitalize() if tok.text[0].isupper() else new
            s = tok.idx - sent.start_char
            return edits._replace(sent, s, s + len(tok.text), new)
    return None


def entity_in_article(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
    """Another name of the same kind from the same article: SummEdits' hardest entity edits."""
    others = sent.doc.user_data["article_ents"]
    for ent in sent.ents:
        choices = [o for o in others.get(ent.label_, []) if o != ent.text and o not in ent.text and ent.text not in o]
        if ent.label_ in ("PERSON", "ORG", "GPE", "NORP") and choices:
            start = ent.start_char - sent.start_char
            return edits._replace(sent, start, start + len(ent.text), rng.choice(choices))
    return None


_CLAUSE = re.compile(r",\s+(?:and |but |while |which |who |after |as |adding |saying |according )[^,]{12,}[.!?\"”]*$")


def clause_dropped(sent: Span) -> str | None:
    """The sentence without its trailing clause: entailed by the sentence (and not the reverse)."""
    m = _CLAUSE.search(sent.text)
    if not m or m.start() < 25:
        return None
    return sent.text[: m.start()].rstrip() + "."


CONTRADICTING = {
    **edits.CHANGING,
    "antonym": antonym,
    "entity_in_article": entity_in_article,
}
PRESERVING = {k.removeprefix("harmless_"): v for k, v in edits.HARMLESS.items()}


def _nli_rows(rng: random.Random, heldout: bool) -> list[dict[str, object]]:
    """NLI rows; 1 premise in 10 (by hash) is held out for the judge's own 3-way accuracy."""
    rows: list[dict[str, object]] = []
    for name in NLI_SETS:
        lines = (HERE / "data" / "nli" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
        picked = []
        for line in lines:
            r = json.loads(line)
            held = hashlib.sha256(r["premise"].encode("utf-8")).digest()[0] % 10 == 0
            if held == heldout:
                picked.append(r)
        if name == "snli_subset_openie" and not heldout:
            rng.shuffle(picked)
            picked = picked[:SNLI_CAP]
        rows += [
            {"premise": r["premise"], "hypothesis": r["hypothesis"], "label": LABELS[r["label"]], "kind": name}
            for r in picked
        ]
    return rows


def _articles(fold: int) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    meta = yaml.safe_load((ROOT / "seeds" / "sources.yaml").read_text(encoding="utf-8"))
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        if path.name in meta:
            out.append((f"seed-{path.stem[:3]}", path.read_text(encoding="utf-8")))
    seen: set[str] = set()
    for line in (HERE / "data" / "frank_valid.jsonl").read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["source_text"]
        if text not in seen and article_fold(text) == fold:
            seen.add(text)
            out.append((f"frank-{len(seen)}", text))
    return out


def _news_rows(fold: int, rng: random.Random) -> list[dict[str, object]]:
    from crosscheck.evaluation import detokenize

    nlp = load_nlp()
    pool: dict[str, set[str]] = {"person": set(), "place": set()}
    parsed: list[tuple[str, list[Span]]] = []
    for art_id, text in _articles(fold):
        text = detokenize(text)
        sentences = [s.text.replace("\n", " ") for s in segment(article_from_text(text, art_id))]
        docs = list(nlp.pipe(sentences))
        article_ents: dict[str, list[str]] = {}
        for d in docs:
            for e in d.ents:
                if e.text not in article_ents.setdefault(e.label_, []):
                    article_ents[e.label_].append(e.text)
        for d in docs:
            d.user_data["source"] = text
            d.user_data["article_ents"] = article_ents
            pool["person"] |= {e.text for e in d.ents if e.label_ == "PERSON" and len(e.text.split()) >= 2}
            pool["place"] |= {e.text for e in d.ents if e.label_ == "GPE"}
        parsed.append((art_id, [d[:] for d in docs]))
    pools = {k: sorted(v) for k, v in pool.items()}
    rows: list[dict[str, object]] = []

    def add(premise: str, hypothesis: str, label: int, kind: str, group: str) -> None:
        rows.append({"premise": premise, "hypothesis": hypothesis, "label": label, "kind": kind, "group": group})

    for art_id, sents in parsed:
        for i, sent in enumerate(sents):
            if not 6 <= len(sent) <= 60:
                continue
            # The judge sees evidence as a sentence or as a window of neighbouring sentences:
            # train on both.  Per premise, as many meaning-keeping rows as fact-changing ones:
            # a judge trained mostly on edits learns "news pair -> contradiction" and stops
            # recognising a plain restatement.
            window = " ".join(s.text for s in sents[max(0, i - 1) : i + 2])
            short = clause_dropped(sent)
            for premise in (sent.text, window):
                add(premise, sent.text, 0, "copy", art_id)
                kept = 1
                for kind, edit in PRESERVING.items():
                    edited = edit(sent, rng, pools)
                    if edited and edited.strip() != sent.text.strip():
                        add(premise, edited, 0, kind, art_id)
                        kept += 1
                if short:
                    add(premise, short, 0, "clause_dropped", art_id)
                    kept += 1
                kinds = sorted(CONTRADICTING)
                rng.shuffle(kinds)
                made = 0
                for kind in kinds:
                    edited = CONTRADICTING[kind](sent, rng, pools)
                    if edited and edited.strip() != sent.text.strip():
                        add(premise, edited, 2, kind, art_id)
                        made += 1
                    if made >= max(2, kept):
                        break
            if i + 1 < len(sents) and 6 <= len(sents[i + 1]) <= 60:
                # two sentences fused into one claim, as summaries do
                wide = " ".join(s.text for s in sents[max(0, i - 1) : i + 3])
                add(wide, f"{sent.text} {sents[i + 1].text}", 0, "fused", art_id)
            if short:
                add(short, sent.text, 1, "clause_added", art_id)
            far = [s for j, s in enumerate(sents) if abs(j - i) > 2 and 6 <= len(s) <= 60]
            if far:
                add(window, rng.choice(far).text, 1, "other_sentence", art_id)
    return rows


SHARED_TRAIN = ROOT.parent / "shared" / "train"  # ../shared/train: read at training time, never shipped
_WORD = re.compile(r"[a-z0-9]+")
_SPLIT = re.compile(r"(?<=[.!?])\s+")
# all-mpnet-base-v2 caches its lower layers at ~12 pairs/s on 2 cores: the mpnet profile keeps
# the rows that read most like news and every kind of edit, at a size that trains in an hour.
MPNET_CAPS = {"med": 1000, "news": 3500, "summedits": 300, "docnli_mnli": 1000, "docnli_fever": 1000}


def _words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def aligned(sentences: list[str], claim: str, most: int = 3, budget: int = 90) -> str:
    """The ``most`` sentences sharing most words with ``claim``, in document order, within ``budget`` words.

    SummaC's lesson: a summary is judged against the few document sentences it draws on, not the
    whole document (which would be truncated at the model's input length)."""
    want = _words(claim)
    scored = sorted(range(len(sentences)), key=lambda i: -len(_words(sentences[i]) & want))
    picked: list[int] = []
    words = 0
    for i in scored[:most]:
        n = len(sentences[i].split())
        if picked and words + n > budget:
            break
        picked.append(i)
        words += n
    return " ".join(sentences[i] for i in sorted(picked))


def _extra_rows(shared: Path, held_premises: set[str]) -> list[dict[str, object]]:
    """Real labelled pairs: SummEdits' seven non-news domains, WiCE's claims, DocNLI's MNLI and FEVER rows."""
    rng = random.Random(11)  # its own generator: the same rows whichever fold is built
    rows: list[dict[str, object]] = []
    for path in sorted((shared / "summedits_other").glob("summedits_*.json")):
        domain = path.stem.removeprefix("summedits_")
        picked = json.loads(path.read_text(encoding="utf-8"))
        rng.shuffle(picked)
        for r in picked[: MPNET_CAPS["summedits"]]:
            sentences = [x.strip() for x in _SPLIT.split(str(r["doc"]).replace(" . ", ". ")) if x.strip()]
            label = 0 if str(r["label"]) == "1" else LABELS["not_entailment"]
            rows.append(
                {
                    "premise": aligned(sentences, r["summary"]),
                    "hypothesis": r["summary"],
                    "label": label,
                    "kind": f"summedits_{domain}",
                    "group": domain,
                }
            )
    for split in ("dev", "test"):
        for line in (shared / "wice" / f"claim_{split}.jsonl").read_text(encoding="utf-8").splitlines():
            r = json.loads(line)
            evidence = [str(e) for e in r["evidence"]]
            support = r.get("supporting_sentences") or []
            if support and r["label"] != "not_supported":
                premise = " ".join(evidence[i] for i in sorted(support[0]) if i < len(evidence))
            else:
                premise = aligned(evidence, r["claim"])
            label = 0 if r["label"] == "supported" else LABELS["not_entailment"]
            rows.append({"premise": premise, "hypothesis": r["claim"], "label": label, "kind": "wice", "group": "wice"})
    for name, cap, longest in (
        ("MNLI", MPNET_CAPS["docnli_mnli"], 400),
        ("FEVER-NLI", MPNET_CAPS["docnli_fever"], 600),
    ):
        lines = (shared / "docnli" / f"binary-{name}_dev.txt").read_text(encoding="utf-8").splitlines()
        parts = [line.split("\t") for line in lines]
        usable = [p for p in parts if len(p) == 3 and len(p[1]) <= longest and p[1] not in held_premises]
        rng.shuffle(usable)
        kind = "docnli_" + name.split("-")[0].lower()
        rows += [
            {"premise": p[1], "hypothesis": p[2], "label": LABELS[p[0]], "kind": kind, "group": kind}
            for p in usable[:cap]
        ]
    return rows


def mpnet_profile(
    nli: list[dict[str, object]], news: list[dict[str, object]], held: list[dict[str, object]], shared: Path
) -> list[dict[str, object]]:
    """The mpnet judge's rows: news-like NLI (no image captions), real pairs, a sample of the news edits."""
    rng = random.Random(7)
    kept = [r for r in nli if r["kind"] in ("mnli_subset_openie", "conjnli")]
    med = [r for r in nli if r["kind"] == "med"]
    rng.shuffle(med)
    sample = list(news)
    random.Random(13).shuffle(sample)
    held_premises = {str(r["premise"]) for r in held}
    return kept + med[: MPNET_CAPS["med"]] + _extra_rows(shared, held_premises) + sample[: MPNET_CAPS["news"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fold", type=int, choices=(0, 1), default=0)
    parser.add_argument("--seed", type=int, default=5)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "judge")
    parser.add_argument(
        "--profile",
        choices=("minilm", "mpnet", "plus-real"),
        default="minilm",
        help="mpnet: the stronger judge's rows; plus-real: the shipped judge's rows and the mpnet profile's real pairs",
    )
    parser.add_argument("--shared", type=Path, default=SHARED_TRAIN, help="the extra labelled data (mpnet profile)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    nli, news = _nli_rows(rng, heldout=False), _news_rows(args.fold, rng)
    held = _nli_rows(rng, heldout=True)
    if args.profile == "mpnet":
        train = mpnet_profile(nli, news, held, args.shared)
        stem = f"train_mpnet_fold{args.fold}"
    elif args.profile == "plus-real":
        train = nli + news + _extra_rows(args.shared, {str(r["premise"]) for r in held})
        stem = f"train_plus_real_fold{args.fold}"
    else:
        train = nli + news
        stem = f"train_fold{args.fold}"
    rng.shuffle(train)
    for name, rows in ((stem, train), ("nli_heldout", held)):
        path = args.out / f"{name}.jsonl"
        path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
        print(f"{path}: {len(rows)} rows", file=sys.stderr)
    counts = Counter(str(r["kind"]) for r in train)
    print(", ".join(f"{k} {v}" for k, v in sorted(counts.items())), file=sys.stderr)


if __name__ == "__main__":
    main()
