"""Input in one place: which files, their text, their metadata, their furniture, their lines.

``load_articles`` and ``article_from_text`` are the entry points; the steps live in their own
modules (``paths``, ``decode``, ``metadata``, ``furniture``, ``lines``, ``markup``).
"""

from __future__ import annotations

from crosscheck.intake.articles import article_from_text, build_article, load_articles
from crosscheck.intake.decode import DEFAULT_MAX_BYTES, decode, read_text
from crosscheck.intake.furniture import furniture_reason, mask_markup
from crosscheck.intake.lines import LineInfo, split_lines
from crosscheck.intake.metadata import METADATA_NAMES, load_folder_metadata, misspelt_keys
from crosscheck.intake.paths import SUFFIXES, collect_paths, common_root, skipped_documents

__all__ = [
    "DEFAULT_MAX_BYTES",
    "METADATA_NAMES",
    "SUFFIXES",
    "LineInfo",
    "article_from_text",
    "build_article",
    "collect_paths",
    "common_root",
    "decode",
    "furniture_reason",
    "load_articles",
    "load_folder_metadata",
    "mask_markup",
    "misspelt_keys",
    "read_text",
    "skipped_documents",
    "split_lines",
]
