"""A standalone HTML report: one file, no script, no network, findings with their sources side by side.

Everything an article wrote is escaped (``html.escape`` with quotes) before it is placed, the
disputed words are marked inside the escaped quote, and a Content-Security-Policy that allows no
script and no remote resource backs that up: an article's ``<script>``, ``onerror=`` or
``javascript:`` link is shown as text, never run.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence

from crosscheck import __version__
from crosscheck.model import Article, Evidence, Finding
from crosscheck.report.markdown import analysis_status
from crosscheck.results import Analysis

_QUOTED = re.compile(r'"([^"]{2,80})"')
_CSS = """
:root { --error: #b42318; --warning: #b54708; --note: #175cd3; --ink: #1d2939; --soft: #667085; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--ink); margin: 0;
       background: #f9fafb; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
.status { color: var(--soft); margin: 0 0 24px; }
.finding { background: #fff; border: 1px solid #eaecf0; border-left: 6px solid var(--soft);
           border-radius: 8px; padding: 16px 20px; margin: 0 0 20px; }
.finding.error { border-left-color: var(--error); } .finding.warning { border-left-color: var(--warning); }
.finding.note { border-left-color: var(--note); }
.finding h2 { font-size: 17px; margin: 0 0 6px; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; text-transform: uppercase;
         padding: 1px 8px; border-radius: 999px; color: #fff; background: var(--soft); margin-right: 6px; }
.error .badge { background: var(--error); } .warning .badge { background: var(--warning); }
.note .badge { background: var(--note); }
.summary { margin: 0 0 12px; }
.sources { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 12px; }
.source { border: 1px solid #eaecf0; border-radius: 6px; padding: 10px 12px; background: #fcfcfd; }
.source .where { font-size: 13px; color: var(--soft); margin-bottom: 6px; overflow-wrap: anywhere; }
.source blockquote { margin: 0 0 8px; overflow-wrap: anywhere; }
.source .value { font-weight: 600; }
mark { background: #fef0c7; padding: 0 2px; border-radius: 3px; }
.meta { font-size: 12px; color: var(--soft); margin-top: 10px; }
table { border-collapse: collapse; width: 100%; background: #fff; font-size: 14px; }
th, td { text-align: left; border-bottom: 1px solid #eaecf0; padding: 6px 8px; vertical-align: top; }
.empty { color: var(--soft); }
"""
_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; script-src 'none'"


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _terms(f: Finding, e: Evidence) -> list[str]:
    """The words to mark in a quote: what the summary quotes from the sources, and the quote's value."""
    found = list(_QUOTED.findall(f.summary))
    if e.value:
        found.append(e.value)
        found += [part.strip() for part in re.split(r"[:;]", e.value) if len(part.strip()) > 1]
    return sorted({t for t in found if t.strip()}, key=len, reverse=True)


def marked(quote: str, terms: Iterable[str]) -> str:
    """``quote`` escaped, with each term's occurrences wrapped in ``<mark>``: found in the raw text, so
    escaping never splits a mark; at the start of a word, and to its end; never overlapping."""
    spans: list[tuple[int, int]] = []
    lowered = quote.lower()
    for term in terms:
        needle = term.lower()
        start = lowered.find(needle)
        while start >= 0:
            end = start + len(needle)
            while end < len(quote) and quote[end].isalnum():  # "establish" marks all of "established"
                end += 1
            at_word = start == 0 or not quote[start - 1].isalnum()  # not the "have" in "behave"
            if at_word and not any(a < end and start < b for a, b in spans):
                spans.append((start, end))
            start = lowered.find(needle, end)
    out: list[str] = []
    at = 0
    for start, end in sorted(spans):
        out += [_e(quote[at:start]), "<mark>", _e(quote[start:end]), "</mark>"]
        at = end
    out.append(_e(quote[at:]))
    return "".join(out)


def _source(e: Evidence, f: Finding, articles: dict[str, Article]) -> str:
    a = articles.get(e.doc_id)
    outlet = f" · {_e(a.source)}" if a is not None and a.source else ""
    published = f" · {a.published.isoformat()}" if a is not None and a.published else ""
    value = f'<div class="value">{_e(e.value)}</div>' if e.value else ""
    return (
        f'<div class="source"><div class="where"><code>{_e(e.doc_id)}</code>, line {e.line}{outlet}{published}</div>'
        f"<blockquote>“{marked(e.text, _terms(f, e))}”</blockquote>{value}</div>"
    )


def _finding(n: int, f: Finding, articles: dict[str, Article], state: str = "") -> str:
    level = f.severity.label
    judge = "" if f.judge is None else f" · judge: contradiction {f.judge:.2f}"
    badge_state = f' <span class="badge">{_e(state)}</span>' if state else ""
    return (
        f'<section class="finding {level}" id="finding-{n}">'
        f'<h2><span class="badge">{level}</span>{badge_state}{n}. {_e(f.kind.capitalize())} '
        f"<small>({_e(f.detector)} <code>{_e(f.name)}</code>)</small></h2>"
        f'<p class="summary">{_e(f.summary)}</p>'
        f'<div class="sources">{"".join(_source(e, f, articles) for e in f.evidence)}</div>'
        f'<div class="meta">confidence {f.confidence:.2f}{judge} · sentence similarity {f.similarity:.2f}'
        f" · id <code>{_e(f.fingerprint)}</code></div></section>"
    )


def _documents(articles: Sequence[Article]) -> str:
    rows = "".join(
        f"<tr><td><code>{_e(a.doc_id)}</code></td><td>{_e(a.source or '—')}</td>"
        f"<td>{a.published.isoformat() if a.published else 'unknown'}</td></tr>"
        for a in articles
    )
    return f"<table><tr><th>document</th><th>source</th><th>published</th></tr>{rows}</table>"


def render(result: Analysis, title: str = "crosscheck report", states: dict[str, str] | None = None) -> str:
    """The whole report as one HTML document; ``states`` (by fingerprint) labels a gate's findings."""
    articles = {a.doc_id: a for a in result.articles}
    states = states or {}
    body = (
        "".join(_finding(n, f, articles, states.get(f.fingerprint, "")) for n, f in enumerate(result.findings, 1))
        or '<p class="empty">No disagreements found.</p>'
    )
    return (
        "<!DOCTYPE html>\n"
        f"<!-- generated by crosscheck {__version__}; regenerate rather than edit -->\n"
        f'<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{_POLICY}">'
        f'<meta name="generator" content="crosscheck {__version__}">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>"
        f'<body><main><h1>{_e(title)}</h1><p class="status">{_e(analysis_status(result))}</p>'
        f"{body}<h2>Documents</h2>{_documents(result.articles)}</main></body></html>\n"
    )
