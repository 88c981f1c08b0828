"""Sentences with exact character offsets and 1-based line numbers of the original file.

pysbd does the boundary work (abbreviations such as "Feb. 14", "S. Korea", "a.m." stay
inside their sentence).  A sentence may cross a line break in hard-wrapped text; it never
crosses a blank line or a furniture line.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from crosscheck.intake import LineInfo, mask_markup, split_lines
from crosscheck.intake.markup import markup_offsets
from crosscheck.model import Article, Sentence
from crosscheck.parallel import map_chunks, workers_for

_MIN_WORDS = 3
# pysbd reads about 125,000 characters a second here; below this a worker pool costs about what it saves
PARALLEL_FROM_CHARS = 100_000
_WORD = re.compile(r"[^\W\d_]{2,}")


@lru_cache(maxsize=1)
def _segmenter() -> object:
    import pysbd

    return pysbd.Segmenter(language="en", clean=False, char_span=True)


def _masked_text(article: Article, lines: list[LineInfo], markdown: bool, markup: set[int]) -> str:
    """The article with everything that is not claim text blanked out, offsets unchanged."""
    chars = list(article.text)
    content = set(article.content_lines)
    for info in lines:
        end = info.start + len(info.text)
        if info.number not in content:
            chars[info.start : end] = " " * len(info.text)
        else:
            chars[info.start : end] = mask_markup(info.text, markdown)
    for i in markup:
        chars[i] = " "
    return "".join(chars)


def _plain(text: str, start: int, end: int, markup: set[int]) -> str:
    """The sentence without its markup characters; "" when it has none."""
    if not markup or not any(i in markup for i in range(start, end)):
        return ""
    return "".join(text[i] for i in range(start, end) if i not in markup)


def _blocks(article: Article, lines: list[LineInfo], markdown: bool) -> list[list[int]]:
    """Group content lines (0-based indexes) into paragraphs that sentences may not cross.

    Scraped text puts one paragraph on a line (headlines carry no full stop, so joining
    lines would glue a headline to the next paragraph); hand-written or e-mailed text is
    hard-wrapped and a sentence runs over several lines.  Markdown headings and list items
    are always blocks of their own.
    """
    content = set(article.content_lines)
    texts = [lines[n - 1].text.strip() for n in sorted(content)]
    long_share = sum(len(t) > 100 for t in texts) / max(len(texts), 1)
    open_share = sum(not re.search(r"[.!?:;\"”’')]$", t) for t in texts) / max(len(texts), 1)
    wrapped = markdown or (len(texts) >= 3 and long_share < 0.1 and open_share >= 0.3)
    blocks: list[list[int]] = []
    current: list[int] = []
    for idx, info in enumerate(lines):
        is_content = info.number in content
        own_block = markdown and bool(re.match(r"\s*(#{1,6}\s|[-*+]\s|\d+[.)]\s)", info.text))
        if not is_content or not wrapped or own_block:
            if current:
                blocks.append(current)
            current = []
            if is_content:
                blocks.append([idx])
            continue
        current.append(idx)
    if current:
        blocks.append(current)
    return blocks


@dataclass(frozen=True, slots=True)
class _Span:
    start: int
    end: int


_LOWER_START = re.compile(r"\s*(?:[\"'“‘]?[a-z]|[(,;:])")


def _joined(spans: Sequence[Any], flat: str) -> list[_Span]:
    """pysbd's spans, with a piece that starts in lower case, with a bracket or with a comma put back
    on the one before: no sentence starts so, and abbreviations split there ("at 3 p. | m. (1200
    GMT).", "McConnell, R-Ky. | , asked on Tuesday.")."""
    out: list[_Span] = []
    for span in spans:
        if out and _LOWER_START.match(flat[span.start : span.end]):
            out[-1] = _Span(out[-1].start, span.end)
        else:
            out.append(_Span(span.start, span.end))
    return out


def segment(article: Article) -> list[Sentence]:
    markdown = article.path.lower().endswith((".md", ".markdown"))
    lines = split_lines(article.text)
    markup = markup_offsets(article.text) if markdown else set()
    masked = _masked_text(article, lines, markdown, markup)
    line_starts = [info.start for info in lines] or [0]
    seg = _segmenter()
    sentences: list[Sentence] = []
    for block in _blocks(article, lines, markdown):
        base = lines[block[0]].start
        stop = lines[block[-1]].start + len(lines[block[-1]].text)
        flat = masked[base:stop].replace("\r", " ").replace("\n", " ")
        for span in _joined(seg.segment(flat), flat):  # type: ignore[attr-defined]
            raw = flat[span.start : span.end]
            lead = len(raw) - len(raw.lstrip())
            start = base + span.start + lead
            end = base + span.start + len(raw.rstrip())
            if end <= start:
                continue
            text = article.text[start:end]
            if len(_WORD.findall(text)) < _MIN_WORDS:
                continue
            line_idx = bisect.bisect_right(line_starts, start) - 1
            end_idx = bisect.bisect_right(line_starts, end - 1) - 1
            sentences.append(
                Sentence(
                    doc_id=article.doc_id,
                    index=len(sentences),
                    start=start,
                    end=end,
                    line=line_idx + 1,
                    column=start - line_starts[line_idx] + 1,
                    end_line=end_idx + 1,
                    text=text,
                    plain=_plain(article.text, start, end, markup),
                )
            )
    return sentences


def segment_all(articles: Sequence[Article], on_batch: Callable[[int], None] | None = None) -> list[list[Sentence]]:
    """``segment`` of each article, in order; a large corpus is split over one process per core.
    ``on_batch`` hears how many articles each finished chunk held."""
    processes = workers_for(sum(len(a.text) for a in articles), PARALLEL_FROM_CHARS)
    chunk = max(1, len(articles) // (8 * processes))  # several chunks per worker: article sizes vary
    return map_chunks(_segment_chunk, articles, chunk, processes, on_batch)


def _segment_chunk(articles: Sequence[Article]) -> list[list[Sentence]]:
    return [segment(a) for a in articles]
