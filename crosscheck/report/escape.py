"""Quotes come from articles that may contain Markdown or HTML: they must not inject into a report."""

from __future__ import annotations

import html
import re

# Quotes never start a line in our reports (they follow "> " or "| "), so only the
# characters that are special mid-line need escaping; < > & are HTML-escaped first.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md(text: str) -> str:
    """Inline Markdown-safe text: HTML escaped, Markdown punctuation backslashed, one line."""
    flat = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def cell(text: str, limit: int = 90) -> str:
    flat = " ".join(text.split())
    if len(flat) > limit:
        flat = flat[: limit - 1].rstrip() + "…"
    return md(flat)
