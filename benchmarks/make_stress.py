"""Build the synthetic stress set: controlled edits of real news sentences, in ``crosscheck eval`` format.

Each row pairs a real article (the seeds and the development articles of benchmarks/data)
with one of its own sentences, edited.  Edits that change the fact must be caught
(label ``inconsistent``); edits that keep it must not be (label ``consistent``).
``error_type`` names the edit, so ``crosscheck eval`` reports recall per edit kind and the
false-alarm rate per harmless edit kind.  Deterministic (fixed seed); run on demand:

    .venv/bin/python benchmarks/make_stress.py      # writes benchmarks/data/stress.jsonl
    .venv/bin/crosscheck eval benchmarks/data/stress.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable
from pathlib import Path

import yaml
from spacy.tokens import Span

from crosscheck.facts.nlp import load_nlp
from crosscheck.intake import article_from_text
from crosscheck.segment import segment

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
# Meaning-preserving substitutions, each checked by hand to keep the sense in news prose.
SYNONYMS = {
    "said": "stated",
    "says": "states",
    "told": "informed",
    "began": "started",
    "begin": "start",
    "help": "assist",
    "buy": "purchase",
    "bought": "purchased",
    "about": "around",
    "big": "large",
    "show": "demonstrate",
    "showed": "demonstrated",
    "enough": "sufficient",
    "also": "additionally",
    "however": "nevertheless",
    "important": "significant",
    "quickly": "rapidly",
    "attempt": "try",
    "attempted": "tried",
    "meeting": "talks",
}
Edit = Callable[[Span, random.Random, dict[str, list[str]]], str | None]


def _replace(sent: Span, start: int, end: int, new: str) -> str:
    """The sentence text with characters [start, end) (sentence-relative) replaced."""
    text = sent.text
    return text[:start] + new + text[end:]


def _ents(sent: Span, *labels: str) -> list[Span]:
    return [e for e in sent.ents if e.label_ in labels]


# --- edits that change the fact --------------------------------------------------------------------


def date_moved(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
    for ent in _ents(sent, "DATE"):
        for i, month in enumerate(MONTHS):
            m = re.search(rf"\b{month}\b", ent.text)
            if m:
                other = MONTHS[(i + rng.choice([3, 4, 5, 6])) % 12]
                s = ent.start_char - sent.start_char + m.start()
                return _replace(sent, s, s + len(month), other)
        m = re.search(r"\b(19[5-9]\d|20[0-3]\d)\b", ent.text)
        if m:
            s = ent.start_char - sent.start_char + m.start()
            return _replace(sent, s, s + 4, str(int(m.group(1)) + rng.choice([-3, -2, 2, 3])))
    return None


def number_changed(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
    for ent in _ents(sent, "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
        m = re.search(r"\d[\d,]*(?:\.\d+)?", ent.text)
        if not m:
            continue
        value = float(m.group(0).replace(",", ""))
        if value == 0:
            continue
        new = value * rng.choice([3, 4, 5])
        shown = f"{new:,.0f}" if new == int(new) else f"{new:,.1f}"
        s = ent.start_char - sent.start_char + m.start()
        return _replace(sent, s, s + len(m.group(0)), shown)
    return None


_AUX = re.compile(r"\b(is|are|was|were|has|have|had|will|would|can|could|did|does|do)\b (?!not\b)")


def negation(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
    text = sent.text
    m = re.search(r"\b(not|never) ", text)
    if m:  # remove an existing negation
        return text[: m.start()] + text[m.end() :]
    m = _AUX.search(text)
    if not m:
        return None
    return text[: m.end(1)] + " not" + text[m.end(1) :]


def _swap(label: str, key: str) -> Edit:
    def edit(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
        for ent in _ents(sent, label):
            choices = [p for p in pool[key] if p.lower() not in sent.doc.user_data["source"].lower()]
            if not choices:
                return None
            start = ent.start_char - sent.start_char
            return _replace(sent, start, start + len(ent.text), rng.choice(choices))
        return None

    return edit


def re_established(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
    m = re.search(r"\b(established|establish|opened|launched|started)\b", sent.text)
    if not m or re.search(r"\bre-?\w", m.group(0)):
        return None
    return _replace(sent, m.start(), m.end(), "re-" + m.group(0))


def agreed_to_might(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
    m = re.search(r"\b(agreed to|decided to|will|has signed|signed)\b", sent.text)
    if not m:
        return None
    return _replace(sent, m.start(), m.end(), "might discuss whether to" if "to" in m.group(0) else "might")


# --- edits that keep the fact ----------------------------------------------------------------------


def synonym(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
    for tok in sent:
        if tok.lower_ in SYNONYMS:
            new = SYNONYMS[tok.lower_]
            new = new.capitalize() if tok.text[0].isupper() else new
            s = tok.idx - sent.start_char
            return _replace(sent, s, s + len(tok.text), new)
    return None


_MONTH = "|".join(MONTHS)
_DAY_DATE = re.compile(rf"\b(?:({_MONTH})\.? (\d{{1,2}})(?:st|nd|rd|th)?\b,?|(\d{{1,2}}) ({_MONTH}))")


def date_less_precise(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
    for ent in _ents(sent, "DATE"):
        m = _DAY_DATE.search(ent.text)
        if m:
            month = m.group(1) or m.group(4)
            s = ent.start_char - sent.start_char + m.start()
            tail = " " if ent.text[m.end() : m.end() + 1] == " " or m.group(0).endswith(",") else ""
            return _replace(sent, s, s + len(m.group(0)), month + tail).replace("  ", " ")
    return None


def name_shortened(sent: Span, rng: random.Random, pool: dict[str, list[str]]) -> str | None:
    for ent in _ents(sent, "PERSON"):
        parts = ent.text.split()
        if len(parts) >= 2:
            start = ent.start_char - sent.start_char
            return _replace(sent, start, start + len(ent.text), parts[-1])
    return None


CHANGING: dict[str, Edit] = {
    "date_moved": date_moved,
    "number_changed": number_changed,
    "negation": negation,
    "person_swapped": _swap("PERSON", "person"),
    "place_swapped": _swap("GPE", "place"),
    "re_established": re_established,
    "agreed_to_might": agreed_to_might,
}
HARMLESS: dict[str, Edit] = {
    "harmless_synonym": synonym,
    "harmless_date_less_precise": date_less_precise,
    "harmless_name_shortened": name_shortened,
}


def _articles() -> list[tuple[str, str, str | None]]:
    """(id, text, published) for the seeds and the development articles."""
    out: list[tuple[str, str, str | None]] = []
    meta = yaml.safe_load((ROOT / "seeds" / "sources.yaml").read_text(encoding="utf-8"))
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        published = (meta.get(path.name) or {}).get("published")
        out.append((f"seed-{path.stem[:3]}", path.read_text(encoding="utf-8"), str(published) if published else None))
    for name in ("summedits_news_eval", "frank_valid"):
        seen: set[str] = set()
        for line in (HERE / "data" / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            text = json.loads(line)["source_text"]
            if text not in seen:
                seen.add(text)
                out.append((f"{name}-{len(seen)}", text, None))
    return out


def build(per_kind: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    nlp = load_nlp()
    articles = _articles()
    candidates: list[tuple[str, str, str | None, Span]] = []
    pool: dict[str, set[str]] = {"person": set(), "place": set()}
    for art_id, text, published in articles:
        article = article_from_text(text, art_id)
        sentences = [s.text.replace("\n", " ") for s in segment(article)]
        for doc in nlp.pipe(s for s in sentences if 8 <= len(s.split()) <= 45):
            doc.user_data["source"] = text
            sent = doc[:]
            candidates.append((art_id, text, published, sent))
            pool["person"] |= {e.text for e in _ents(sent, "PERSON") if len(e.text.split()) >= 2}
            pool["place"] |= {e.text for e in _ents(sent, "GPE")}
    pools = {k: sorted(v) for k, v in pool.items()}
    rows: list[dict[str, object]] = []
    for kind, edit in {**CHANGING, **HARMLESS}.items():
        order = list(range(len(candidates)))
        rng.shuffle(order)
        made = 0
        for i in order:
            art_id, text, published, sent = candidates[i]
            edited = edit(sent, rng, pools)
            if not edited or edited.strip() == sent.text.strip():
                continue
            made += 1
            rows.append(
                {
                    "id": f"{kind}-{made:03d}-{art_id}",
                    "source_text": text,
                    "claim_text": edited,
                    "original": sent.text,
                    "label": "consistent" if kind.startswith("harmless") else "inconsistent",
                    "error_type": kind,
                    "published": published,
                }
            )
            if made >= per_kind:
                break
    # Reordering: two consecutive sentences of an article, swapped.
    made = 0
    order = list(range(len(candidates) - 1))
    rng.shuffle(order)
    for i in order:
        (a_id, text, published, first), (b_id, _, _, second) = candidates[i], candidates[i + 1]
        if a_id != b_id:
            continue
        made += 1
        rows.append(
            {
                "id": f"harmless_reordered-{made:03d}-{a_id}",
                "source_text": text,
                "claim_text": f"{second.text} {first.text}",
                "original": f"{first.text} {second.text}",
                "label": "consistent",
                "error_type": "harmless_reordered",
                "published": published,
            }
        )
        if made >= per_kind:
            break
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--per-kind", type=int, default=40)
    parser.add_argument("--seed", type=int, default=13)
    parser.add_argument("--out", type=Path, default=HERE / "data" / "stress.jsonl")
    args = parser.parse_args()
    rows = build(args.per_kind, args.seed)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    counts: dict[str, int] = {}
    for r in rows:
        counts[str(r["error_type"])] = counts.get(str(r["error_type"]), 0) + 1
    print(f"wrote {len(rows)} rows to {args.out}: {counts}")


if __name__ == "__main__":
    main()
