"""How the two models run on the CPU: their number format, and how inputs are batched.

bfloat16 halves the work of every matrix product on a CPU with native bf16 instructions
(measured on this project's 2-core AMD EPYC: 390 against 170 GFLOP/s; the judge went from
64 to 114-125 pairs per second and the encoder ran about 1.9 times as fast, with 99.8% of the
judge's labels unchanged).  Without those instructions torch converts bf16 in software,
which is not expected to beat float32 (not measured: this machine has them), so ``auto``
only picks it where the CPU says it has them.

An input's padding depends on its own length alone (``length_batches``): the encoder reads
batches of one exact token length, the judge pads each pair to its length rounded up to a
multiple of 16.  So a text's result does not depend on which other texts shared its batch.
Padded to the batch's longest, bf16 scores moved by up to 0.02 between batchings, and a
cached score and a fresh one could disagree near a threshold.  Now the same text gives the
same numbers in any batch (tested), in both formats.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from crosscheck.errors import InputError

FORMATS = ("bf16", "fp32")  # what a precision resolves to on a given machine
PRECISIONS = ("auto", *FORMATS)
_NATIVE_BF16_FLAGS = {"avx512_bf16", "amx_bf16"}  # x86; elsewhere auto means fp32
TOKENS_PER_BATCH = 2048  # measured on both models: 1,024 to 16,384 all run within 10% of each other


@lru_cache(maxsize=2)
def native_bf16(cpuinfo: Path = Path("/proc/cpuinfo")) -> bool:
    """Whether the CPU computes bfloat16 in hardware, as Linux's ``cpuinfo`` flags say (False where
    there is no such file)."""
    try:
        text = cpuinfo.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    for line in text.splitlines():
        if line.startswith("flags"):
            return bool(_NATIVE_BF16_FLAGS & set(line.partition(":")[2].split()))
    return False


def resolve(precision: str) -> str:
    """``bf16`` or ``fp32``: what ``precision`` (one of PRECISIONS) means on this machine."""
    if precision not in PRECISIONS:
        raise InputError(f"precision must be one of {', '.join(PRECISIONS)}, not {precision!r}")
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


def cast(model: object, precision: str) -> None:
    """Put a torch module's weights in ``precision`` (resolved), in place."""
    import torch

    model.to(torch.bfloat16 if resolve(precision) == "bf16" else torch.float32)  # type: ignore[attr-defined]


def length_batches(lengths: Sequence[int], most: int | None = None, step: int = 1) -> list[tuple[int, list[int]]]:
    """Indices of ``lengths`` grouped by their length rounded up to a multiple of ``step``, as
    (that length, indices), shortest first; each group cut to at most TOKENS_PER_BATCH tokens and
    ``most`` inputs (and at least one input).  An input's padded length depends on its own
    length alone, never on its batch."""
    groups: dict[int, list[int]] = {}
    for i, n in enumerate(lengths):
        groups.setdefault(-(-max(n, 1) // step) * step, []).append(i)
    batches: list[tuple[int, list[int]]] = []
    for n in sorted(groups):
        rows = max(1, min(TOKENS_PER_BATCH // n, most or TOKENS_PER_BATCH))
        members = groups[n]
        batches += [(n, members[s : s + rows]) for s in range(0, len(members), rows)]
    return batches
