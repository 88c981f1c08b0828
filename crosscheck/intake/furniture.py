"""Page furniture: the lines of a scraped page that are not the article (banners, bylines, credits)."""

from __future__ import annotations

import re

from crosscheck.intake.metadata import DATELINE

_HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|\[email\s*protected\]", re.I)
_PHONE = re.compile(r"\+?\d[\d ()-]{8,}\d")
_BREADCRUMB = re.compile(r"\s(?:>|»|›|/)\s")
_BYLINE = re.compile(r"^\s*(?:by|reporter|reported by|written by|words by)\s+\S", re.I)
_CREDIT = re.compile(r"©|\bphoto(?:graph)?\s*(?:credit)?\s*:|\[[A-Z][A-Z/ .-]{2,}\]\s*$|\bfile photo\b", re.I)
_DATE_ONLY = re.compile(r"^\s*(?:published|updated|posted)?\s*:?\s*[\d/.: -]{8,}\s*$", re.I)
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


TERMINAL = re.compile(r"[.!?\"”’')\]]\s*$")
_MD_PREFIX = re.compile(r"^\s*(?:#{1,6}\s+|>\s*|[-*+]\s+|\d+[.)]\s+)")


def mask_markup(line: str, markdown: bool) -> str:
    """The line with HTML comments and Markdown line markers blanked out, length unchanged."""
    line = _HTML_COMMENT.sub(lambda m: " " * len(m.group(0)), line)
    if markdown:
        m = _MD_PREFIX.match(line)
        if m:
            line = " " * m.end() + line[m.end() :]
    return line


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
    if _DATE_ONLY.match(stripped) or (DATELINE.search(stripped) and len(words) <= 12):
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
    if len(words) <= 6 and not continues and not TERMINAL.search(stripped) and stripped[0].islower():
        return "fragment"
    return None
