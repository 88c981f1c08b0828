"""Which files a run reads: folders expanded, documents it cannot read named, ids relative to a root."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from crosscheck.errors import InputError

SUFFIXES = (".txt", ".md", ".markdown")
# Documents crosscheck does not read: named on their own they are refused with a hint, found in a
# folder they are listed as skipped (a silently ignored article is a source nobody checked).
OTHER_DOCUMENTS = {
    ".html": "HTML",
    ".htm": "HTML",
    ".pdf": "PDF",
    ".docx": "Word",
    ".doc": "Word",
    ".odt": "OpenDocument",
    ".rtf": "RTF",
}


CONVERT_HINT = "save the article as .txt or .md (e.g. `pdftotext FILE`, or copy the article text from the page)"


def collect_paths(paths: Sequence[Path]) -> list[Path]:
    """Expand folders into their article files, in a stable order; refuse what is not there."""
    if not paths:
        raise InputError("no input paths given")
    found: list[Path] = []
    for p in paths:
        if not p.exists():
            raise InputError(f"path not found: {p}")
        if p.is_dir():
            inside = sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
                and f.name.lower() not in ("readme.md", "readme.txt")
            )
            if not inside:
                others = skipped_documents([p])
                hint = f" (only {len(others)} file(s) it does not read: {CONVERT_HINT})" if others else ""
                raise InputError(f"no .txt or .md articles in folder: {p}{hint}")
            found.extend(inside)
        elif p.is_file():
            kind = OTHER_DOCUMENTS.get(p.suffix.lower())
            if kind is not None:
                raise InputError(f"{p}: crosscheck does not read {kind} files; {CONVERT_HINT}")
            found.append(p)
        else:
            raise InputError(f"not a regular file or folder: {p}")
    unique: dict[Path, None] = {}
    for f in found:
        unique.setdefault(f.resolve(), None)
    return list(unique)


def skipped_documents(paths: Sequence[Path]) -> list[Path]:
    """Documents in the folders of ``paths`` that crosscheck does not read (HTML, PDF, Word…)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(
                f
                for f in p.rglob("*")
                if f.suffix.lower() in OTHER_DOCUMENTS
                and f.is_file()
                and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
    return out


def common_root(paths: Sequence[Path]) -> Path:
    """The folder document ids are relative to, so that moving the whole folder keeps them.

    A folder given on the command line is its own root, so adding an article in a
    sub-folder does not rename every other document (and change every fingerprint).
    """
    parents = [p.resolve() if p.is_dir() else p.resolve().parent for p in paths]
    root = parents[0]
    for p in parents[1:]:
        while root not in (p, *p.parents):
            root = root.parent
    return root
