"""crosscheck: cross-check news sources and flag where they disagree."""

from __future__ import annotations

__version__ = "0.1.0"
