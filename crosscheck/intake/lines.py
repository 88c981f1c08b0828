"""The line model: each line of a file with its number and offset, so every quote keeps its place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class LineInfo:
    number: int  # 1-based
    start: int  # offset of the line in the text
    text: str


def split_lines(text: str) -> list[LineInfo]:
    lines: list[LineInfo] = []
    pos = 0
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        lines.append(LineInfo(number, pos, raw.rstrip("\r\n")))
        pos += len(raw)
    return lines
