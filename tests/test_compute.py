from __future__ import annotations

from pathlib import Path

import pytest

from crosscheck.compute import TOKENS_PER_BATCH, length_batches, native_bf16, resolve
from crosscheck.config import load_settings
from crosscheck.errors import InputError

EPYC_FLAGS = "fpu vme de pse tsc msr avx2 avx512f avx512_bf16 avx512_vnni"  # as in /proc/cpuinfo


def _cpuinfo(path: Path, flags: str) -> Path:
    path.write_text(f"processor\t: 0\nvendor_id\t: AuthenticAMD\nflags\t\t: {flags}\n\nprocessor\t: 1\n")
    return path


def test_bf16_is_native_only_where_the_cpu_flags_say_so(tmp_path: Path) -> None:
    assert native_bf16(_cpuinfo(tmp_path / "epyc", EPYC_FLAGS))
    assert not native_bf16(_cpuinfo(tmp_path / "older", EPYC_FLAGS.replace(" avx512_bf16", "")))
    assert native_bf16(_cpuinfo(tmp_path / "sapphire", "avx2 amx_tile amx_bf16"))
    assert not native_bf16(tmp_path / "no-such-file")  # not Linux: auto stays fp32


def test_auto_picks_bf16_exactly_where_it_is_native() -> None:
    assert resolve("auto") == ("bf16" if native_bf16() else "fp32")
    assert resolve("fp32") == "fp32" and resolve("bf16") == "bf16"
    with pytest.raises(InputError, match="precision must be one of auto, bf16, fp32"):
        resolve("int4")


def test_a_bad_precision_in_the_config_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.crosscheck]\nprecision = "half"\n')
    with pytest.raises(InputError, match="precision must be one of"):
        load_settings(tmp_path / "pyproject.toml")
    (tmp_path / "pyproject.toml").write_text('[tool.crosscheck]\nprecision = "fp32"\n')
    assert load_settings(tmp_path / "pyproject.toml").precision == "fp32"


def test_length_batches_hold_one_length_each_and_every_input_once() -> None:
    lengths = [30, 12, 30, 400, 12, 30, 5000, 12]
    batches = length_batches(lengths, most=2)
    assert sorted(i for _, b in batches for i in b) == list(range(len(lengths)))
    assert all({lengths[i] for i in b} == {n} for n, b in batches)
    assert [n for n, _ in batches] == sorted(n for n, _ in batches)  # shortest first
    assert all(len(b) <= 2 for _, b in batches)
    per_batch = TOKENS_PER_BATCH // 400
    assert [len(b) for _, b in length_batches([400] * (2 * per_batch + 1))] == [per_batch, per_batch, 1]
    assert length_batches([5000, 5000]) == [(5000, [0]), (5000, [1])]  # longer than a batch: one input each


def test_rounded_lengths_depend_on_the_input_alone() -> None:
    # 17 and 30 share a width of 32 whatever else is in the list; 16 keeps its own.
    assert length_batches([17, 30, 16], step=16) == [(16, [2]), (32, [0, 1])]
    assert length_batches([30], step=16) == [(32, [0])]
    assert length_batches([0], step=16) == [(16, [0])]
