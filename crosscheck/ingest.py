"""Reading documents: paths -> decoded text -> Article (with metadata and furniture marked).

The text is never altered: offsets into ``Article.text`` are what every finding quotes.
Page furniture (banners, bylines, comment boxes...) is *marked* line by line, not deleted,
so line numbers stay those of the file on disk.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from crosscheck.errors import InputError
from crosscheck.markup import markup_offsets
from crosscheck.model import Article, Suppression, Unread

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
# A folder may carry one metadata file naming its articles' sources and dates.
METADATA_NAMES = ("sources.yaml", "sources.yml")
DEFAULT_MAX_BYTES = 5 * 1024 * 1024  # a news article is rarely over 100 kB

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)---[ \t]*(\r?\n|\Z)", re.S)
_SUPPRESSION = re.compile(r"<!--\s*crosscheck:\s*ignore\s+(?P<det>[\w.,\- ]+?)\s*(?:--\s*(?P<reason>.*?))?\s*-->", re.I)
_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\[email\s*protected\]", re.I)
_PHONE = re.compile(r"\+?\d[\d ()-]{8,}\d")
_BREADCRUMB = re.compile(r"\s(?:>|»|›|/)\s")
_BYLINE = re.compile(r"^\s*(?:by|reporter|reported by|written by|words by)\s+\S", re.I)
_CREDIT = re.compile(r"©|\bphoto(?:graph)?\s*(?:credit)?\s*:|\[[A-Z][A-Z/ .-]{2,}\]\s*$|\bfile photo\b", re.I)
_DATE_ONLY = re.compile(r"^\s*(?:published|updated|posted)?\s*:?\s*[\d/.: -]{8,}\s*$", re.I)
_DATELINE = re.compile(r"\b(?:published|updated|posted)\s*:", re.I)
_COUNTER = re.compile(r"\(\d+/\d+")
_UI_LINE = re.compile(
    r"^\s*(?:what do you think\??|leave a (?:comment|reply)|comments?|share(?: this)?(?: article)?|"
    r"related (?:articles?|stories|news)|read more.*|more from .*|advertisement|"
    r"story continues below.*|subscribe\b.*|sign (?:up|in)\b.*|log ?in\b.*|to (?:write|post|leave) "
    r"comments?.*|filed under:?.*|tags?:.*|views?:\s*\d+|app gratis|download (?:our|the) app.*|"
    r"this site uses akismet.*|follow us.*|click here.*|send this page to someone.*|"
    r"(?:facebook|twitter|whatsapp|linkedin|email)(?:\s+(?:facebook|twitter|whatsapp|linkedin|email))*)\s*$",
    re.I,
)
_TERMINAL = re.compile(r"[.!?\"”’')\]]\s*$")
_MD_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)")


@dataclass(frozen=True, slots=True)
class LineInfo:
    number: int  # 1-based
    start: int  # offset of the line in the text
    text: str


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


# What Windows editors and exporters write: a byte-order mark says the encoding outright.  UTF-32
# first: its little-endian mark starts with UTF-16's.
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
# Stray NUL bytes in a text (a bad export) are stripped; a file that is this much NUL, or that does not
# decode once they are gone, is binary.
NUL_SHARE = 0.1
# Characters a reader cannot see that change what a line says or how it shows: zero-width spaces and
# joiners, the byte-order mark inside a text, and bidirectional overrides ("\u202e" reverses a line).
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def decode(data: bytes, path: Path, warn: Callable[[str], None] | None = None) -> str:
    """A byte-order-marked UTF-8/16/32 text, UTF-8 without one, or a detected legacy encoding; a file
    that is mostly NUL bytes, or undecodable, is refused.  Invisible control characters are removed."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _visible(data.decode(encoding))
            except UnicodeDecodeError:
                raise InputError(f"cannot decode {path}: marked {encoding}, but is not") from None
    nuls = data.count(b"\x00")
    if nuls:
        if nuls > NUL_SHARE * len(data):
            raise InputError(f"binary file, not text: {path}")
        data = data.replace(b"\x00", b"")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        if nuls:  # NUL bytes and no text encoding: an image, an archive, a database
            raise InputError(f"binary file, not text: {path}") from None
    else:
        if nuls and warn is not None:
            warn(f"removed {nuls} NUL byte{'s' if nuls > 1 else ''} from {path}")
        return _visible(text)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    # charset-normalizer always proposes *something*; a high chaos score means noise.
    if best is None or best.chaos > 0.2 or best.encoding is None:
        raise InputError(f"cannot decode {path}: not UTF-8 and no text encoding detected")
    return _visible(str(best))


def _visible(text: str) -> str:
    return _INVISIBLE.sub("", text)


def read_text(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, warn: Callable[[str], None] | None = None) -> str:
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"file too large: {path} is {size / 1_048_576:.1f} MB (limit {max_bytes / 1_048_576:.1f} MB; "
                "use --max-bytes to raise it)"
            )
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    return decode(data, path, warn)


def _parse_date(value: Any, where: str) -> dt.date | None:
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


def _without_markup(text: str) -> str:
    """A Markdown file with its markup blanked (offsets kept): a line is furniture or not by its words."""
    markup = markup_offsets(text)
    return "".join(" " if i in markup else c for i, c in enumerate(text)) if markup else text


def _metadata_warnings(folder: Path, meta: dict[str, dict[str, Any]]) -> list[str]:
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


def mask_markup(line: str, markdown: bool) -> str:
    """The line with HTML comments and Markdown line markers blanked out, length unchanged."""
    line = _HTML_COMMENT.sub(lambda m: " " * len(m.group(0)), line)
    if markdown:
        m = _MD_PREFIX.match(line)
        if m:
            line = " " * m.end() + line[m.end() :]
    return line


def split_lines(text: str) -> list[LineInfo]:
    lines: list[LineInfo] = []
    pos = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        lines.append(LineInfo(number, pos, raw.rstrip("\r\n")))
        pos += len(raw)
    return lines


BREADCRUMB_WORDS = 4  # "Home » World » Asia Pacific": each step of a trail is a label of a few words


def _is_breadcrumb(line: str) -> bool:
    """A trail of short labels ("Home » World » Asia"), not a sentence that happens to hold two
    separators ("prices rose 3 / 4 per cent ... the north / south divide")."""
    steps = _BREADCRUMB.split(line)
    return len(steps) >= 3 and all(len(step.split()) <= BREADCRUMB_WORDS for step in steps)


def _has_phone(line: str) -> bool:
    """A telephone number has 9 to 15 digits (E.164); a longer run is a figure ("$999…9 million")."""
    return any(9 <= sum(c.isdigit() for c in m.group()) <= 15 for m in _PHONE.finditer(line))


def furniture_reason(line: str, seen: set[str], continues: bool = False) -> str | None:
    """Why a line is page furniture rather than a claim, or None if it reads as content.

    Rules are about shape (length, punctuation, separators, contact details), with a short
    list of the interface strings news sites print; none is about one outlet.
    ``continues`` says the previous line ended mid-sentence (hard-wrapped text), where a
    short line is the tail of a sentence, not a fragment.
    """
    stripped = " ".join(line.split())
    if not stripped:
        return "blank"
    key = stripped.lower()
    if key in seen:
        return "duplicate line"
    words = stripped.split()
    if _UI_LINE.match(stripped) or _COUNTER.search(stripped):
        return "site interface"
    if (_EMAIL.search(stripped) or _has_phone(stripped)) and len(words) < 15:
        return "contact line"
    if _BYLINE.match(stripped) and len(words) <= 12:
        return "byline"
    if _DATE_ONLY.match(stripped) or (_DATELINE.search(stripped) and len(words) <= 12):
        return "dateline"
    if _is_breadcrumb(stripped):
        return "breadcrumb"
    tags = sum(1 for w in words if w.startswith("#") and len(w) > 1)
    if tags and tags >= len(words) / 2:
        return "hashtags"
    # a caption or credit is short; a paragraph that mentions a photo is still a paragraph
    if _CREDIT.search(stripped) and len(words) <= 40:
        return "photo caption or credit"
    if len(words) <= 3 and not continues:
        return "fragment"
    if stripped.endswith(":") and len(words) <= 12:
        return "label"
    if "?" in stripped and re.search(r"\byou(?:r)?\b", stripped, re.I) and len(words) <= 12:
        return "reader prompt"
    if len(words) <= 6 and not continues and not _TERMINAL.search(stripped) and stripped[0].islower():
        return "fragment"
    return None


def _dateline_date(lines: Iterable[str]) -> dt.date | None:
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
    fm = _FRONT_MATTER.match(text)
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
    published = _parse_date(meta.get("published") or meta.get("date"), path)
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
        for m in _SUPPRESSION.finditer(line):
            for det in re.split(r"[,\s]+", m.group("det").strip()):
                if det:
                    suppressions.append(Suppression(doc_id, info.number, det, (m.group("reason") or "").strip()))
        line = mask_markup(words_only[info.start : info.start + len(line)], markdown)
        reason = furniture_reason(line, seen, continues) if strip_furniture else (None if line.strip() else "blank")
        continues = reason is None and not _TERMINAL.search(line)
        if reason is None:
            content.append(info.number)
        elif reason != "blank":
            furniture.append(info.number)
            if reason in ("dateline", "byline"):
                datelines.append(line)
        if line.strip():
            seen.add(" ".join(line.split()).lower())
    if published is None:
        published = _dateline_date(datelines)
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
                for message in _metadata_warnings(folder, meta_cache[folder]):
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
