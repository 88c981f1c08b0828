"""Disputed slots: the aligned values of a story joined into one slot per fact, split into sides,
and how a value and a slot read in a report.

``align`` decides whether two values fill one slot; here the aligned pairs of a whole story are
joined (union-find over aligned pairs) into slots; a slot is *disputed* when two documents give
values that cannot both be true and neither document also gives the other's value.  Its values are
then split into sides (values that agree with each other and contradict every other side); a value
compatible with two sides ("more than 100,000" beside 120,000 and 200,000) takes no side and is
left out: it disputes nothing.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from crosscheck.align import MEASURES, STATIVE, Value, agree, covering, sentences_fit, values_align
from crosscheck.facts.frames import events_align
from crosscheck.facts.lexicon import COVERS
from crosscheck.facts.numbers import DURATION_PREFIX
from crosscheck.model import Claim, Fact, FactKind, Pair

FOLD = 5.0  # tallies of one slot this many times apart are worth a note even when bounds reconcile them


@dataclass
class Slot:
    """The values of several documents for one fact."""

    kind: FactKind
    values: list[Value]
    similarity: float  # the closest pair of sentences that aligned two of its values
    sides: list[list[Value]] = field(default_factory=list)
    neutral: list[Value] = field(default_factory=list)
    disputes: list[tuple[Value, Value]] = field(default_factory=list)  # a value, and its closest rival elsewhere
    # no two values contradict, but the tallies lie FOLD times apart ("at least 5 dead" / "200 dead")
    gap: float = 0.0


# --- slots ---------------------------------------------------------------------------------------


def _sides(values: Sequence[Value]) -> tuple[list[list[Value]], list[Value]]:
    """Values split into sides that agree within and contradict across.

    A value that agrees with two values that contradict each other ("more than 100,000" beside
    120,000 and 200,000, "at least four" beside four and five) takes no side.  Without them,
    agreement is transitive, and the sides are its classes."""
    classes: dict[str, list[Value]] = {}
    for v in values:
        classes.setdefault(shown(v.fact), []).append(v)
    reps = list(classes)
    rep_fact = {k: classes[k][0].fact for k in reps}
    agrees = {(x, y): agree(rep_fact[x], rep_fact[y]) for x in reps for y in reps if x != y}
    neutral_keys = {
        c
        for c in reps
        if any(agrees[c, a] and agrees[c, b] and not agrees[a, b] for a in reps for b in reps if len({a, b, c}) == 3)
    }
    sides: list[list[str]] = []
    for c in (k for k in reps if k not in neutral_keys):
        home = next((side for side in sides if agrees[c, side[0]]), None)
        if home is None:
            sides.append([c])
        else:
            home.append(c)
    ordered = sorted(
        ([v for k in side for v in classes[k]] for side in sides),
        key=lambda vs: (-len({v.doc_id for v in vs}), min(v.key for v in vs)),
    )
    return ordered, [v for k in neutral_keys for v in classes[k]]


@dataclass(frozen=True, slots=True)
class _Edge:
    a: int
    b: int
    similarity: float


def _disputes(edges: Sequence[_Edge], values: Sequence[Value]) -> list[tuple[Value, Value]]:
    """Each value against the closest of its aligned values in every other document: the closest
    match speaks for that document ("USGS said 6.1, Tehran said 5.9" agrees with both figures; a
    document's other sentence about another office does not reconcile its date with ours)."""
    closest: dict[tuple[int, str], list[tuple[float, int]]] = {}
    for e in edges:
        for x, y in ((e.a, e.b), (e.b, e.a)):
            closest.setdefault((x, values[y].doc_id), []).append((e.similarity, y))
    aligned_to: dict[int, set[int]] = {}
    for e in edges:
        aligned_to.setdefault(e.a, set()).add(e.b)
        aligned_to.setdefault(e.b, set()).add(e.a)
    out: list[tuple[Value, Value]] = []
    for (x, _), found in closest.items():
        top = max(sim for sim, _ in found)
        best = [y for sim, y in found if sim >= top - 1e-6]
        if any(agree(values[x].fact, values[y].fact) for y in best):
            continue
        # a rival that x's own sentence also gives is accounted for: "22 goals for Madrid, 17 for Rayo"
        # says more than "17 goals for Rayo", not something else
        mates = [z for z in aligned_to.get(best[0], set()) if values[z].claim.sentence == values[x].claim.sentence]
        if any(agree(values[z].fact, values[y].fact) for z in mates for y in best):
            continue
        out.append((values[x], values[best[0]]))
    return out


def slots(
    pairs: Iterable[Pair],
    kinds: Sequence[FactKind],
    context: Callable[[Claim], Claim | None] = lambda _: None,
) -> list[Slot]:
    """The disputed slots among ``pairs``' values of ``kinds``, with their sides."""
    index: dict[tuple[str, int, int, int], int] = {}
    values: list[Value] = []
    parent: list[int] = []

    def node(v: Value) -> int:
        if v.key not in index:
            index[v.key] = len(values)
            values.append(v)
            parent.append(len(parent))
        return index[v.key]

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    edges: list[_Edge] = []
    covers: list[_Edge] = []  # the covering zero (a) and the value it speaks to (b)
    for pair in pairs:
        if not sentences_fit(pair.a, pair.b, pair.similarity):
            continue  # once per pair: the names and dates of two sentences do not change with the value
        for fa in pair.a.facts_of(*kinds):
            for fb in pair.b.facts_of(*kinds):
                a, b = Value(pair.a, fa), Value(pair.b, fb)
                if not values_align(a, b, pair.similarity, context):
                    continue
                if fa.kind is FactKind.NUMBER and not events_align(fa.event, fb.event) and covering(fa, fb):
                    # joins the part's slot without joining the parts: the dead and the injured stay apart
                    zero, speaks_to = (a, b) if COVERS.keys() & set(fa.event.split("|")) else (b, a)
                    covers.append(_Edge(node(zero), node(speaks_to), pair.similarity))
                    continue
                edge = _Edge(node(a), node(b), pair.similarity)
                edges.append(edge)
                ra, rb = find(edge.a), find(edge.b)
                parent[max(ra, rb)] = min(ra, rb)
    groups: dict[int, list[int]] = {}
    for i in range(len(values)):
        groups.setdefault(find(i), []).append(i)
    group_edges: dict[int, list[_Edge]] = {}
    for e in edges:
        group_edges.setdefault(find(e.a), []).append(e)
    for e in covers:
        root = find(e.b)
        if e.a not in groups[root]:
            groups[root].append(e.a)
        group_edges.setdefault(root, []).append(e)
    out: list[Slot] = []
    for root, members in groups.items():
        mine = group_edges.get(root, [])
        disputes = _disputes(mine, values)
        if not disputes:
            far = _far_apart([values[i] for i in members], max((e.similarity for e in mine), default=0.0))
            if far is not None:
                out.append(far)
            continue
        member_values = [values[i] for i in members]
        sides, neutral = _sides(member_values)
        if len(sides) >= 2:
            similarity = max(e.similarity for e in mine)
            out.append(Slot(values[root].fact.kind, member_values, similarity, sides, neutral, disputes))
    return sorted(out, key=lambda s: min(v.key for v in s.values))


def _far_apart(members: Sequence[Value], similarity: float) -> Slot | None:
    """Tallies of one slot that all agree only through their bounds ("at least 5 dead" / "200 dead")
    but lie FOLD times apart: an early and a late count, which an editor should still see (a note)."""
    numbers = [v for v in members if v.fact.kind is FactKind.NUMBER and float(v.fact.value) > 0]
    if len({v.doc_id for v in numbers}) < 2:
        return None
    ordered = sorted(numbers, key=lambda v: float(v.fact.value))
    ratios = [float(b.fact.value) / float(a.fact.value) for a, b in itertools.pairwise(ordered)]
    cut = max(range(len(ratios)), key=ratios.__getitem__)
    low, high = ordered[: cut + 1], ordered[cut + 1 :]
    if ratios[cut] < FOLD or {v.doc_id for v in low} == {v.doc_id for v in high}:
        return None
    return Slot(FactKind.NUMBER, list(members), similarity, [high, low], [], [], gap=ratios[cut])


# --- how a value reads -----------------------------------------------------------------------------

_QUALIFIER_WORDS = {"lower": "more than ", "upper": "up to ", "approx": "about "}


def _number(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".") if abs(value) >= 100 else f"{value:g}"


def shown(fact: Fact) -> str:
    """A value as the reviewer compares it: normalised, with its qualifier ("about 1,513 km")."""
    if fact.kind is FactKind.NUMBER:
        qualifier = _QUALIFIER_WORDS.get(fact.qualifier.partition(":")[0], "")
        unit = fact.unit
        if unit in ("km", "sq km"):
            amount = f"{fact.value:,.0f} {unit}"
        elif unit.isupper() and unit.isalpha():  # a currency code
            amount = f"{unit} {_number(fact.value)}"
        elif unit == "%":
            amount = f"{_number(fact.value)}%"
        elif unit.startswith(DURATION_PREFIX):
            name, _, relation = unit.removeprefix(DURATION_PREFIX).partition(" ")
            plural = "" if fact.value == 1 else ("ies" if name == "century" else "s")
            name = name[:-1] if plural == "ies" else name
            amount = f"{_number(fact.value)} {name}{plural}" + (f" {relation}" if relation else "")
        else:
            amount = _number(fact.value)
        bearing = f" bearing {fact.bearing}°" if fact.bearing is not None else ""
        return f"{qualifier}{amount}{bearing}"
    if fact.kind is FactKind.CLOCK:
        minutes, zone = fact.value
        about = "about " if fact.qualifier != "exact" else ""
        return f"{about}{minutes // 60:02d}:{minutes % 60:02d} {zone}"
    return str(fact.value)


def label(slot: Slot) -> str:
    """What the slot is, in a few words: "people injured", "magnitude", "village (damaged)", "date (opened)"."""
    facts = [v.fact for v in slot.values]
    events = {e for f in facts for e in f.event.split("|") if e and e not in STATIVE}
    common = set.intersection(*(set(f.event.split("|")) for f in facts)) - STATIVE - {""}
    event = sorted(common or events)[0] if (common or events) else ""
    if slot.kind is FactKind.NUMBER:
        unit = facts[0].unit
        if unit in MEASURES or not event:
            return {"km": "distance", "sq km": "area"}.get(unit, unit)
        return f"{event} ({unit})" if unit != "people" else f"people {event}"
    what = "time of day" if slot.kind is FactKind.CLOCK else "date"
    return f"{what} ({event or facts[0].anchor})" if (event or facts[0].anchor) else what
