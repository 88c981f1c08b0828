"""Publication dates and outlets: front matter, a folder's sources.yaml, a dateline; misspelt keys warned."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from crosscheck.errors import InputError

# A folder may carry one metadata file naming its articles' sources and dates.
METADATA_NAMES = ("sources.yaml", "sources.yml")
FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)---[ \t]*(\r?\n|\Z)", re.S)


def parse_date(value: Any, where: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip()[:10])
    except ValueError:
        raise InputError(f"bad published date {value!r} in {where} (use YYYY-MM-DD)") from None


def load_folder_metadata(folder: Path) -> dict[str, dict[str, Any]]:
    for name in METADATA_NAMES:
        meta_path = folder / name
        if meta_path.is_file():
            try:
                data = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                raise InputError(f"cannot parse metadata file {meta_path}: {first}") from None
            if data is None:
                return {}
            if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
                raise InputError(f"metadata file {meta_path} must map file names to {{source, published, url}}")
            return {str(k): v for k, v in data.items()}
    return {}


METADATA_KEYS = ("published", "date", "source", "url")


def misspelt_keys(meta: dict[str, Any], where: str) -> list[str]:
    """Warnings for metadata keys one or two letters away from a key crosscheck reads ("publised:"):
    a typo there silently leaves an article undated.  Other keys (title, tags) are someone else's."""
    out: list[str] = []
    for key in meta:
        if not isinstance(key, str) or key in METADATA_KEYS or key.startswith("_"):
            continue
        best = process.extractOne(key.lower(), METADATA_KEYS, scorer=Levenshtein.distance, score_cutoff=2)
        if best is not None and len(key) > 3:
            out.append(f"{where}: unknown key {key!r} (did you mean {best[0]!r}?)")
    return out


def metadata_warnings(folder: Path, meta: dict[str, dict[str, Any]]) -> list[str]:
    """A sources.yaml entry whose key is misspelt, or whose file name matches no file beside it."""
    if not meta:
        return []
    name = next((n for n in METADATA_NAMES if (folder / n).is_file()), METADATA_NAMES[0])
    out: list[str] = []
    for file_name, entry in meta.items():
        out += misspelt_keys(entry, f"{folder / name}, {file_name}")
        if not (folder / file_name).is_file():
            out.append(f"{folder / name} describes {file_name!r}, which is not in {folder}")
    return out


DATELINE = re.compile(r"\b(?:published|updated|posted)\s*:", re.I)


def dateline_date(lines: Iterable[str]) -> dt.date | None:
    """A publication date printed in a dateline, used only when no metadata gives one."""
    import dateparser

    for line in lines:
        m = re.search(
            r"(\d{4}-\d{2}-\d{2})|((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.? \d{1,2},? \d{4})",
            line,
        )
        if not m:
            continue
        parsed = dateparser.parse(
            m.group(0), settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]}
        )
        if isinstance(parsed, dt.datetime):
            return parsed.date()
    return None
