"""The judge: label order from config, bring-your-own models, the shipped adapter and its base check."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
import torch

from crosscheck.errors import ModelError
from crosscheck.judge import (
    ADAPTER_CONFIG,
    ADAPTER_DIR,
    CONTRADICTION,
    ENTAILMENT,
    MPNET,
    NEUTRAL,
    base_classifier,
    label_columns,
    load_judge,
    mpnet_model_path,
    save_adapter,
)
from crosscheck.pairing import default_model_path

TOKENIZER_FILES = ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


def test_label_order_is_read_from_names() -> None:
    assert label_columns({0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"}) == [2, 1, 0]
    assert label_columns({0: "entailment", 1: "neutral", 2: "contradiction"}) == [0, 1, 2]
    # Two-way models have no neutral column: it stays empty rather than borrowed.
    assert label_columns({0: "entailment", 1: "contradiction"}) == [0, None, 1]


def test_unnamed_labels_are_refused() -> None:
    with pytest.raises(ModelError, match="label order"):
        label_columns({0: "LABEL_0", 1: "LABEL_1", 2: "LABEL_2"})


def _tiny_model(folder: Path, id2label: dict[int, str]) -> Path:
    """A randomly initialised 1-layer BERT classifier saved like any local NLI model."""
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(1)
    config = BertConfig(
        vocab_size=30522,
        hidden_size=16,
        num_hidden_layers=1,
        num_attention_heads=2,
        intermediate_size=32,
        num_labels=len(id2label),
        id2label=id2label,
        label2id={v: k for k, v in id2label.items()},
    )
    BertForSequenceClassification(config).save_pretrained(folder)
    for name in TOKENIZER_FILES:
        shutil.copy(default_model_path() / name, folder / name)
    return folder


def test_bring_your_own_model_maps_its_label_order(tmp_path: Path) -> None:
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    folder = _tiny_model(tmp_path / "nli", {0: "CONTRADICTION", 1: "NEUTRAL", 2: "ENTAILMENT"})
    judge = load_judge(folder, quantize=False, precision="fp32")  # compared with fp32 below
    pairs = [("The mayor resigned on Monday.", "The mayor stayed in office."), ("Rain fell.", "It rained.")]
    got = judge.scores(pairs)
    model = AutoModelForSequenceClassification.from_pretrained(folder).eval()
    enc = AutoTokenizer.from_pretrained(folder)(
        [p[0] for p in pairs], [p[1] for p in pairs], padding=True, return_tensors="pt"
    )
    with torch.inference_mode():
        want = torch.softmax(model(**enc).logits, dim=-1).numpy()
    assert np.allclose(got[:, ENTAILMENT], want[:, 2], atol=1e-5)
    assert np.allclose(got[:, CONTRADICTION], want[:, 0], atol=1e-5)
    assert np.allclose(got.sum(axis=1), 1.0, atol=1e-5)


def test_a_two_label_model_leaves_neutral_empty(tmp_path: Path) -> None:
    # Some NLI heads know only entailment and contradiction; their scores still come back in
    # LABELS order, with nothing in the neutral column.
    folder = _tiny_model(tmp_path / "nli", {0: "contradiction", 1: "entailment"})
    got = load_judge(folder, quantize=False, precision="fp32").scores([("Rain fell.", "It rained."), ("A", "B c")])
    assert got.shape == (2, 3)
    assert np.all(got[:, NEUTRAL] == 0.0) and np.allclose(got[:, ENTAILMENT] + got[:, CONTRADICTION], 1.0)


def test_a_model_without_named_labels_fails_loudly(tmp_path: Path) -> None:
    folder = _tiny_model(tmp_path / "nli", {0: "LABEL_0", 1: "LABEL_1"})
    with pytest.raises(ModelError, match="label order"):
        load_judge(folder, quantize=False)


def test_a_local_folder_named_like_the_shipped_judge_is_that_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_judge(Path("minilm")).name == "crosscheck judge"  # no such folder: the shipped judge, by name
    _tiny_model(tmp_path / "minilm", {0: "contradiction", 1: "neutral", 2: "entailment"})
    judge = load_judge(Path("minilm"), precision="fp32")
    assert judge.name == "minilm"
    assert judge.scores([("Rain fell.", "It rained.")]).shape == (1, 3)


def test_not_a_judge_folder(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="not a directory"):
        load_judge(tmp_path / "missing")
    with pytest.raises(ModelError, match="no judge at"):
        load_judge(tmp_path)


def test_adapter_round_trip_and_base_identity(tmp_path: Path) -> None:
    base = default_model_path()
    model, _ = base_classifier(base)
    torch.manual_seed(3)
    torch.nn.init.normal_(model.classifier.weight, std=0.5)
    out = save_adapter(model, tmp_path / "adapter", ["classifier."], base, {"max_length": 64})
    judge = load_judge(out, quantize=False)
    probs = judge.scores([("Prices rose in May.", "Prices fell in May.")])
    assert probs.shape == (1, 3) and abs(float(probs.sum()) - 1.0) < 1e-5
    # Its identity (the judgments cache's key) follows the weights, not the documentation.
    (out / "MODEL_CARD.md").write_text("# edited card\n", encoding="utf-8")
    load_judge.cache_clear()
    assert load_judge(out, quantize=False).identity == judge.identity
    save_adapter(model, out, ["classifier.bias"], base, {"max_length": 64})
    load_judge.cache_clear()
    assert load_judge(out, quantize=False).identity != judge.identity
    # A different base model must not silently receive the adapter.
    spec = json.loads((out / ADAPTER_CONFIG).read_text(encoding="utf-8"))
    spec["base_sha256"] = "0" * 64
    (out / ADAPTER_CONFIG).write_text(json.dumps(spec), encoding="utf-8")
    load_judge.cache_clear()
    with pytest.raises(ModelError, match="trained on base weights"):
        load_judge(out, quantize=False)


def test_scores_are_remembered(monkeypatch: pytest.MonkeyPatch) -> None:
    judge = load_judge()
    calls: list[int] = []
    run = judge._run
    monkeypatch.setattr(judge, "_run", lambda batch: calls.append(len(batch)) or run(batch))
    pair = ("The bridge opened in 1998 after four years of work.", "The bridge opened in 1998.")
    first = judge.scores([pair, pair])
    assert calls == [1]
    assert np.array_equal(judge.scores([pair]), first[:1]) and calls == [1]


def test_shipped_adapter_is_small_and_documented() -> None:
    weights = sum(p.stat().st_size for p in ADAPTER_DIR.glob("*.safetensors"))
    assert 0 < weights < 10_000_000
    assert (ADAPTER_DIR / "MODEL_CARD.md").is_file()


# Real sentences written for the test: the shipped judge should read the plain cases right.
@pytest.mark.parametrize(
    ("evidence", "claim", "label"),
    [
        (
            "The city council approved the new budget on Tuesday by a vote of seven to two.",
            "The city council rejected the new budget on Tuesday.",
            CONTRADICTION,
        ),
        (
            "The company said it would not close its factory in Ohio this year.",
            "The company said it would close its factory in Ohio this year.",
            CONTRADICTION,
        ),
        pytest.param(
            "Officials said the storm killed at least 12 people and left thousands without power.",
            "The storm killed at least 12 people, officials said.",
            ENTAILMENT,
            marks=pytest.mark.xfail(strict=True, reason="known weakness: a dropped clause plus reordering"),
        ),
        (
            "The city council approved the new budget on Tuesday after a long debate.",
            "The city council rejected the new budget on Tuesday after a long debate.",
            CONTRADICTION,
        ),
        (
            "The city council approved the new budget on Tuesday after a long debate.",
            "After a long debate, the city council approved the new budget on Tuesday.",
            ENTAILMENT,
        ),
        (
            "The festival, which began in 1985, drew record crowds this weekend.",
            "The festival drew record crowds this weekend.",
            ENTAILMENT,
        ),
    ],
)
def test_shipped_judge_reads_plain_cases(evidence: str, claim: str, label: int) -> None:
    probs = load_judge().scores([(evidence, claim)])[0]
    assert int(probs.argmax()) == label, probs
    assert label != NEUTRAL


def test_an_adapter_names_its_base_and_loads_on_it(tmp_path: Path) -> None:
    base = mpnet_model_path()
    model, _ = base_classifier(base)
    assert getattr(model.base_model, "pooler", None) is None  # MPNet's head reads <s>: no pooler weights loaded
    out = save_adapter(model, tmp_path / "adapter", ["classifier."], base, {"max_length": 64}, base_package=MPNET)
    assert json.loads((out / ADAPTER_CONFIG).read_text(encoding="utf-8"))["base_package"] == MPNET
    judge = load_judge(out, precision="fp32")  # no base_dir: found from the package the adapter names
    assert type(judge.model).__name__ == "MPNetForSequenceClassification"
    probs = judge.scores([("Prices rose in May.", "Prices fell in May.")])
    assert probs.shape == (1, 3) and abs(float(probs.sum()) - 1.0) < 1e-5
    # An adapter naming a base crosscheck does not know is refused before anything loads.
    spec = json.loads((out / ADAPTER_CONFIG).read_text(encoding="utf-8"))
    (out / ADAPTER_CONFIG).write_text(json.dumps({**spec, "base_package": "some-other-model"}), encoding="utf-8")
    load_judge.cache_clear()
    with pytest.raises(ModelError, match="needs base 'some-other-model'"):
        load_judge(out)


def test_a_missing_mpnet_base_is_one_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CROSSCHECK_MPNET", str(tmp_path / "not-installed"))
    adapter = tmp_path / "adapter"
    adapter.mkdir()
    spec = {"labels": ["entailment", "neutral", "contradiction"], "base_sha256": "0" * 64, "base_package": MPNET}
    (adapter / ADAPTER_CONFIG).write_text(json.dumps(spec), encoding="utf-8")
    load_judge.cache_clear()
    with pytest.raises(ModelError, match=r"no all-mpnet-base-v2 base weights .*set-up command"):
        load_judge(adapter)


def test_bf16_judge_agrees_with_fp32_and_is_a_different_identity() -> None:
    full, half = load_judge(precision="fp32"), load_judge(precision="bf16")
    assert next(half.model.parameters()).dtype == torch.bfloat16
    assert full.identity != half.identity  # their scores are never mixed in the judgments cache
    budget = "The city council approved the new budget on Tuesday after a long debate."
    pairs = [
        (budget, budget.replace("approved", "rejected")),
        (budget, "After a long debate, the city council approved the new budget on Tuesday."),
        ("The festival, which began in 1985, drew record crowds.", "The festival drew record crowds."),
        ("The port handled 12 million containers last year.", "The port handled 15 million containers last year."),
    ]
    a, b = full.scores(pairs), half.scores(pairs)
    assert (a.argmax(1) == b.argmax(1)).all() and np.abs(a - b).max() < 0.1


@pytest.mark.parametrize("precision", ["fp32", "bf16"])
def test_a_pairs_scores_do_not_depend_on_its_batch(precision: str) -> None:
    # A verdict must not change because another claim was checked alongside it, nor between a
    # fresh score and one read from the cache.  int8 dynamic quantisation scales activations per
    # batch and failed this by up to 0.69 in probability; bf16 with padded batches by 0.02.
    judge = load_judge(precision=precision)
    template = "The port handled {} million containers last year."
    pair = (template.format(12), template.format(15))
    alone = judge.scores([pair])[0]
    judge._memo.clear()
    # Same token length as ``pair`` (21), a longer one in its batch (24: both padded to 32, alone
    # or not), and ones in other batches.
    others = [(template.format(n), template.format(n + 1)) for n in range(20, 40)]
    others += [
        ("Rain is expected in the north of the country on Friday and Saturday.", "It may rain in the north."),
        ("Rain is expected.", "It may rain."),
        (
            "The ministry said on Monday that the embassy, which has been closed since 1960, could reopen in "
            "July once the building work and the accreditation of its staff are complete.",
            "The embassy could reopen in July.",
        ),
    ]
    batched = judge.scores([*others, pair])[-1]
    judge._memo.clear()
    assert np.abs(alone - batched).max() < 1e-4, (alone, batched)
