"""Articles read from disk or from text: metadata, furniture and suppressions marked, text unchanged."""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import yaml

from crosscheck.errors import InputError
from crosscheck.intake.decode import DEFAULT_MAX_BYTES, read_text
from crosscheck.intake.furniture import TERMINAL, furniture_reason, mask_markup
from crosscheck.intake.lines import split_lines
from crosscheck.intake.markup import markup_offsets
from crosscheck.intake.metadata import (
    FRONT_MATTER,
    dateline_date,
    load_folder_metadata,
    metadata_warnings,
    misspelt_keys,
    parse_date,
)
from crosscheck.intake.paths import CONVERT_HINT, OTHER_DOCUMENTS, collect_paths, common_root, skipped_documents
from crosscheck.model import Article, Suppression, Unread
from crosscheck.suppress import SUPPRESSION


def _without_markup(text: str) -> str:
    """A Markdown file with its markup blanked (offsets kept): a line is furniture or not by its words."""
    markup = markup_offsets(text)
    return "".join(" " if i in markup else c for i, c in enumerate(text)) if markup else text


def build_article(
    text: str,
    doc_id: str,
    path: str,
    meta: dict[str, Any] | None = None,
    markdown: bool = False,
    strip_furniture: bool = True,
    warn: Callable[[str], None] | None = None,
) -> Article:
    """An Article from its text; ``strip_furniture=False`` keeps every non-blank line as content
    (a claim or summary written by a person has no page furniture to strip)."""
    meta = dict(meta or {})
    body_from_line = 1
    fm = FRONT_MATTER.match(text)
    if fm:
        try:
            front = yaml.safe_load(fm.group(1)) or {}
        except yaml.YAMLError:
            raise InputError(f"cannot parse the YAML front matter of {path}") from None
        if isinstance(front, dict):
            if warn is not None:
                for message in misspelt_keys(front, f"front matter of {path}"):
                    warn(message)
            meta = {**meta, **front}
            meta.setdefault("_from", "front matter")
        body_from_line = fm.group(0).count("\n") + 1
    published = parse_date(meta.get("published") or meta.get("date"), path)
    published_from = (meta.get("_from") or "metadata") if published else None

    lines = split_lines(text)
    words_only = _without_markup(text) if markdown else text
    seen: set[str] = set()
    content: list[int] = []
    furniture: list[int] = []
    datelines: list[str] = []
    suppressions: list[Suppression] = []
    continues = False
    for info in lines:
        if info.number < body_from_line:
            continue
        line = info.text
        for m in SUPPRESSION.finditer(line):
            for det in re.split(r"[,\s]+", m.group("det").strip()):
                if det:
                    suppressions.append(Suppression(doc_id, info.number, det, (m.group("reason") or "").strip()))
        line = mask_markup(words_only[info.start : info.start + len(line)], markdown)
        reason = furniture_reason(line, seen, continues) if strip_furniture else (None if line.strip() else "blank")
        continues = reason is None and not TERMINAL.search(line)
        if reason is None:
            content.append(info.number)
        elif reason != "blank":
            furniture.append(info.number)
            if reason in ("dateline", "byline"):
                datelines.append(line)
        if line.strip():
            seen.add(" ".join(line.split()).lower())
    if published is None:
        published = dateline_date(datelines)
        published_from = "dateline" if published else None
    return Article(
        doc_id=doc_id,
        path=path,
        text=text,
        source=(str(meta["source"]) if meta.get("source") else None),
        url=(str(meta["url"]) if meta.get("url") else None),
        published=published,
        published_from=published_from,
        content_lines=tuple(content),
        furniture_lines=tuple(furniture),
        suppressions=tuple(suppressions),
    )


def load_articles(
    paths: Sequence[Path],
    max_bytes: int = DEFAULT_MAX_BYTES,
    warn: Callable[[str], None] | None = None,
    root: Path | None = None,
    unread: list[Unread] | None = None,
    named: Iterable[Path] | None = None,
    exclude: Iterable[str] = (),
) -> list[Article]:
    """Read every article under ``paths``.  Empty articles are reported through ``warn`` and skipped.

    A file found in a folder that cannot be read (binary, undecodable, too large) is skipped with a
    warning and appended to ``unread``; a file named on its own is an error, as is a run where no
    file could be read.  Document ids are paths relative to ``root`` (default: the common folder of
    ``paths``).  ``named``: the files the user named (default: those of ``paths`` that are files).
    ``exclude``: glob patterns of files not to read at all (file name or document id).
    """
    patterns = tuple(exclude)
    files = collect_paths(paths)
    given = {p.resolve() for p in (named if named is not None else paths) if p.is_file()}
    root = (root or common_root(paths)).resolve()

    def excluded(f: Path) -> bool:
        doc_id = f.resolve().relative_to(root).as_posix()
        return any(fnmatch.fnmatch(doc_id, p) or fnmatch.fnmatch(f.name, p) for p in patterns)

    others = [f for f in skipped_documents(paths) if not excluded(f)]
    if others and warn is not None:
        shown = ", ".join(str(f) for f in others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        kinds = ", ".join(sorted({OTHER_DOCUMENTS[f.suffix.lower()] for f in others}))
        warn(f"skipped {len(others)} file(s) crosscheck does not read ({kinds}): {shown}; {CONVERT_HINT}")
    if unread is not None:
        for f in others:
            kind = OTHER_DOCUMENTS[f.suffix.lower()]
            unread.append(Unread(f.resolve().relative_to(root).as_posix(), f"{f}: {kind} file, not read"))
    meta_cache: dict[Path, dict[str, dict[str, Any]]] = {}
    articles: list[Article] = []
    for f in files:
        folder = f.parent
        if folder not in meta_cache:
            meta_cache[folder] = load_folder_metadata(folder)
            if warn is not None:
                for message in metadata_warnings(folder, meta_cache[folder]):
                    warn(message)
        doc_id = f.relative_to(root).as_posix()
        if excluded(f):
            continue
        try:
            text = read_text(f, max_bytes=max_bytes, warn=warn)
            article = build_article(
                text,
                doc_id=doc_id,
                path=str(f),
                meta=meta_cache[folder].get(f.name),
                markdown=f.suffix.lower() in (".md", ".markdown"),
                warn=warn,
            )
        except InputError as exc:  # unreadable, or front matter that does not parse
            if f in given or unread is None:
                raise
            unread.append(Unread(doc_id, str(exc)))
            if warn is not None:
                warn(f"not read: {exc}")
            continue
        if not article.content_lines:
            if warn is not None:
                warn(f"skipping empty article: {f}")
            continue
        articles.append(article)
    if not articles:
        raise InputError("no article with any text to check among: " + ", ".join(str(p) for p in paths))
    return articles


def article_from_text(
    text: str, doc_id: str = "draft", published: dt.date | None = None, strip_furniture: bool = True
) -> Article:
    """An Article from a string (library use, evaluation rows): no files involved."""
    meta = {"published": published} if published else None
    return build_article(text, doc_id=doc_id, path=doc_id, meta=meta, strip_furniture=strip_furniture)
