"""Markdown as a reader sees it: which characters of a file are markup, not words.

A Markdown article says "**12** people died in [Varna](https://…)"; the claim is "12 people died in
Varna".  markdown-it-py parses the file; each inline run's text pieces are then found again in the
source, in order, and every non-blank character between them (``**``, ``[``, ``](https://…)``,
heading and list markers, inline HTML, images) is markup.  Offsets never change: the segmenter
sees markup as blanks, quotes stay the file's own text with its line and column, and the claim
text the models read leaves the markup out.  An entity (``&amp;``) stays as written; where a piece
cannot be found again, the rest of that run is left as written rather than guessed at.
"""

from __future__ import annotations

import html
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_ENTITY = re.compile(r"&(?:#\d{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_SEARCH = 400  # characters of markup a text piece may follow (a long link target)


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def _match(source: str, at: int, content: str, dropped: list[int]) -> int:
    """The end of ``content`` read in ``source`` from ``at`` (a backslash escape is markup, a line
    break a space), or -1; escapes met are appended to ``dropped``."""
    i, j, escapes = 0, at, []
    while i < len(content):
        if j >= len(source):
            return -1
        if source[j] == "&" and (entity := _ENTITY.match(source, j)) is not None:
            decoded = html.unescape(entity.group(0))  # "&amp;" is read "&" but stays as written
            if not content.startswith(decoded, i):
                return -1
            i, j = i + len(decoded), entity.end()
        elif source[j] == content[i] or (content[i] == " " and source[j] in "\r\n"):
            i, j = i + 1, j + 1
        elif source[j] == "\\" and j + 1 < len(source) and source[j + 1] == content[i]:
            escapes.append(j)
            i, j = i + 1, j + 2
        else:
            return -1
    dropped += escapes
    return j


def _find(source: str, cursor: int, content: str, dropped: list[int]) -> tuple[int, int]:
    """Where ``content`` next occurs from ``cursor``: (start, end), or (-1, -1)."""
    for start in range(cursor, min(len(source), cursor + _SEARCH)):
        if source[start] == content[0] or source[start] == "\\":
            escapes: list[int] = []
            end = _match(source, start, content, escapes)
            if end >= 0:
                dropped += escapes
                return start, end
    return -1, -1


def _closing(source: str, cursor: int, opener: str, closer: str) -> int:
    """Past a link's target or reference ("](https://…)", "][ref]") that starts at ``cursor``."""
    if not source.startswith(opener, cursor):
        return cursor
    end = source.find(closer, cursor + len(opener))
    return cursor if end < 0 else end + 1


def _kept_spans(inline: Token, source: str, start: int, stop: int) -> tuple[list[tuple[int, int]], list[int]]:
    """The spans of ``source[start:stop]`` that are text, and the escape characters to drop."""
    kept: list[tuple[int, int]] = []
    escapes: list[int] = []
    cursor = start
    for child in inline.children or ():
        if child.type in ("text", "code_inline") and child.content:
            at, end = _find(source, cursor, child.content, escapes)
            if at < 0 or end > stop:
                kept.append((cursor, stop))  # not found again: the rest of the run stays as written
                break
            kept.append((at, end))
            cursor = end
        elif child.type == "link_close":
            cursor = _closing(source, cursor, "](", ")")
            cursor = _closing(source, cursor, "][", "]")
        elif child.type == "image":
            close = source.find("](", source.find("![", cursor, stop), stop)
            if close >= 0:
                cursor = _closing(source, close, "](", ")")
    return kept, escapes


def markup_offsets(text: str) -> set[int]:
    """Offsets of ``text`` (a whole Markdown file) that are markup: never blanks, never words."""
    # lines as markdown-it counts them (\n, \r\n, \r), not as str.splitlines does: a form feed or
    # U+2028 inside a line would shift every later token's offsets
    lines = _LINE.findall(text)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    out: set[int] = set()
    for token in _parser().parse(text):
        if token.type != "inline" or token.map is None:
            continue
        first, last = token.map
        start, stop = starts[first], starts[min(last, len(lines))]
        kept, escapes = _kept_spans(token, text, start, stop)
        inside = {i for a, b in kept for i in range(a, b)}
        out |= {i for i in range(start, stop) if i not in inside and not text[i].isspace()}
        out |= set(escapes)
    return out
