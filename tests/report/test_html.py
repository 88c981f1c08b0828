"""The standalone HTML report: every article string escaped, sources side by side in a real browser."""

from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from crosscheck import api
from crosscheck.intake import article_from_text
from crosscheck.report import html

PAYLOADS = (
    "<script>document.title='pwned'</script>",
    "<img src=x onerror=\"document.body.setAttribute('data-pwned', 1)\">",
    "[click](javascript:alert(1))",
    '"><svg onload=alert(1)>',
    '<a href="javascript:alert(1)">link</a>',
)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))


def _hostile_report() -> str:
    """Two sources disagreeing on a date, every line carrying a script, handler or javascript: link."""
    payload = " ".join(PAYLOADS)
    a = article_from_text(
        f"The new bridge {PAYLOADS[3]} will open in March 2025, the mayor said. {payload}", "a<b>.txt"
    )
    b = article_from_text(f"The new bridge will open in July 2025, the mayor said. {payload}", "b.txt")
    a = dataclasses.replace(a, source="<script>x()</script> Wire")
    return html.render(api.analyze_articles([a, b]), title="<b onmouseover=alert(1)>Story</b>")


def test_every_article_string_is_escaped() -> None:
    page = _hostile_report()
    tags = _Tags()
    tags.feed(page)
    names = [t for t, _ in tags.tags]
    assert "script" not in names and "img" not in names and "svg" not in names and "b" not in names
    for _, attrs in tags.tags:
        for key, value in attrs:
            assert not key.startswith("on"), key
            assert not (value or "").strip().lower().startswith("javascript:"), value
    assert "&lt;script&gt;" in page and "Content-Security-Policy" in page
    assert "<mark>March 2025</mark>" in page or "<mark>2025-03" in page or "<mark>March" in page


def _browser() -> str | None:
    return shutil.which("chromium-headless-shell") or shutil.which("chromium") or shutil.which("chromium-browser")


def _run_browser(args: list[str]) -> subprocess.CompletedProcess[str]:
    exe = _browser()
    assert exe is not None
    cmd = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=True)


needs_browser = pytest.mark.skipif(
    _browser() is None and not os.environ.get("CROSSCHECK_REQUIRE_BROWSER"),
    reason="no headless Chromium here (scripts/test.sh installs chromium-headless-shell where apt can)",
)


@needs_browser
def test_in_a_real_browser_nothing_runs_and_sources_sit_side_by_side(tmp_path: Path) -> None:
    from PIL import Image

    page = tmp_path / "report.html"
    page.write_text(_hostile_report(), encoding="utf-8")
    dom = _run_browser(["--dump-dom", page.as_uri()]).stdout
    body = re.search(r"<body[^>]*>", dom)
    assert body is not None and "data-pwned" not in body.group(0)  # the onerror handler never ran
    assert "<title>pwned" not in dom and "<script" not in dom.lower()
    assert dom.count('class="source"') == 2
    widths = {}
    for width in (1280, 420):
        shot = tmp_path / f"shot-{width}.png"
        _run_browser([f"--window-size={width},1200", f"--screenshot={shot}", page.as_uri()])
        widths[width] = _vertical_edges(Image.open(shot))
    assert widths[1280] == 5, widths  # the card's edge and two source boxes side by side
    assert widths[420] == 3, widths  # stacked on a narrow screen: the boxes' edges coincide


def _vertical_edges(image: object) -> int:
    """Vertical lines of the boxes' border colour (#eaecf0) at least 40 px tall: each source box has
    two, the finding's card one more (its other side is the severity colour)."""
    from PIL import Image

    assert isinstance(image, Image.Image)
    rgb = image.convert("RGB")
    edges, previous = 0, False
    for x in range(rgb.width):
        longest = run = 0
        for y in range(rgb.height):
            r, g, b = rgb.getpixel((x, y))  # type: ignore[misc]
            run = run + 1 if abs(r - 0xEA) < 4 and abs(g - 0xEC) < 4 and abs(b - 0xF0) < 4 else 0
            longest = max(longest, run)
        line = longest >= 40
        edges += line and not previous
        previous = line
    return edges
