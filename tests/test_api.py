"""End to end on the seed corpus: the design card's discrepancies, and no false alarms on paraphrase."""

from __future__ import annotations

import multiprocessing as mp
from pathlib import Path

import pytest

from crosscheck import api, checking, facts, pipeline
from crosscheck.api import Analysis, Status, check
from crosscheck.cache import FactCache
from crosscheck.config import Settings
from crosscheck.facts.identity import extractor_identity
from crosscheck.intake import load_articles
from crosscheck.model import Claim, Finding
from crosscheck.segment import segment
from tests.conftest import SEEDS, spy_on


def _between(a: Analysis, kind: str, doc_a: str, doc_b: str) -> list[Finding]:
    return [f for f in a.findings if f.kind == kind and {e.doc_id[:3] for e in f.evidence} == {doc_a, doc_b}]


def test_first_half_versus_july(seed_analysis: Analysis) -> None:
    (f,) = _between(seed_analysis, "temporal", "000", "001")
    # one finding for the opening date, every source's value beside its own line
    (half,) = [e for e in f.evidence if "first half of this year" in e.text]
    (july,) = [e for e in f.evidence if "open in July" in e.text]
    assert (half.doc_id[:3], half.value) == ("000", "2024-01-01..2024-06-30")
    assert (july.doc_id[:3], july.value) == ("001", "2024-07-01..2024-07-31")


def test_reestablished_versus_established(seed_analysis: Analysis) -> None:
    found = [f for f in seed_analysis.findings if f.kind == "presupposition"]
    assert found
    for f in found:
        docs = [e.doc_id[:3] for e in f.evidence]
        assert "001" in docs  # the only source that says "reestablished" / "restoring"
        assert any(v.startswith("again") for v in f.values.values())


def test_us_relations_line_is_a_polarity_conflict(seed_analysis: Analysis) -> None:
    (f,) = _between(seed_analysis, "polarity", "003", "004")
    assert f.severity.label == "error"
    assert any("United States" in e.text for e in f.evidence)
    assert any("did not have ties" in e.text for e in f.evidence)


def test_paraphrases_and_precision_differences_are_not_flagged(seed_analysis: Analysis) -> None:
    for f in seed_analysis.findings:
        text = " ".join(e.text for e in f.evidence)
        # "temporary office" vs "provisional office": they may stand side by side, never as rivals
        temporary = {e.value for e in f.evidence if "temporary office" in e.text}
        provisional = {e.value for e in f.evidence if "provisional office" in e.text}
        assert not (temporary and provisional and temporary != provisional), f.summary
        assert f.kind in ("temporal", "numeric") or not (temporary and provisional), f.summary
        # "Feb. 14" vs "February" vs "early 2024"
        assert not ("Feb. 14" in text and f.kind == "temporal"), f.summary
        assert "Pereira Hernández" not in text or f.kind not in ("entity", "title"), f.summary


def test_few_findings(seed_analysis: Analysis) -> None:
    assert 3 <= len(seed_analysis.findings) <= 8


def test_every_finding_cites_verifiable_evidence(seed_analysis: Analysis) -> None:
    texts = {a.doc_id: a.text.splitlines() for a in seed_analysis.articles}
    for f in seed_analysis.findings:
        assert f.fingerprint and f.summary and f.values
        for e in f.evidence:
            first_line = e.text.splitlines()[0]
            assert texts[e.doc_id][e.line - 1][e.column - 1 :].startswith(first_line)


def test_paraphrase_corroborates_across_sources(seed_analysis: Analysis) -> None:
    groups = [" | ".join(c.text for c in g) for g in seed_analysis.corroborated]
    assert any("temporary office" in g and "provisional office" in g for g in groups)


def test_a_contradicted_pair_is_never_corroborated() -> None:
    from crosscheck.intake import article_from_text

    texts = {
        "a.txt": "Floods in the Varna region killed 12 people on Monday, officials said.\n\nRoads stayed shut.",
        "b.txt": "Floods in the Varna region killed 14 people on Monday, officials said.\n\nSchools reopened.",
        "c.txt": "Floods in the Varna region killed people on Monday, officials said.\n\nTrains ran late.",
    }
    result = api.analyze_articles([article_from_text(t, doc_id=d) for d, t in texts.items()])
    (finding,) = [f for f in result.findings if f.detector == "CC102"]
    quoted = {(e.doc_id, e.line) for e in finding.evidence}
    assert quoted == {("a.txt", 1), ("b.txt", 1)}
    for group in result.corroborated:
        assert len(quoted & {(c.doc_id, c.sentence.line) for c in group}) < 2
    # the sentence the two figures agree with still corroborates one of them, and neither is "single-source"
    assert any(any(c.doc_id == "c.txt" for c in g) for g in result.corroborated)
    assert not quoted & {(c.doc_id, c.sentence.line) for c in result.single_source}


def test_check_a_draft(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "wire.txt").write_text(
        "The city council approved the new tram line on Tuesday by 31 votes to 12.\n"
        "Construction will start in March and the line will open in 2026, the mayor said.\n"
    )
    (src / "sources.yaml").write_text("wire.txt:\n  published: 2024-01-10\n")
    draft = tmp_path / "draft.md"
    draft.write_text(
        "---\npublished: 2024-01-11\n---\n"
        "The city council approved the new tram line on Tuesday by 31 votes to 12.\n\n"
        "The tram line will open in 2029, the mayor said.\n\n"
        "Residents of the old town have long opposed any new construction work.\n"
    )
    result = check(draft, [src])
    statuses = [v.status for v in result.verdicts]
    assert statuses == [Status.CORROBORATED, Status.CONTRADICTED, Status.UNSUPPORTED]
    contradicted = result.verdicts[1]
    assert contradicted.findings[0].kind == "temporal"
    assert contradicted.findings[0].evidence[1].doc_id == "src/wire.txt"


def test_checker_names_no_source_mentions_are_unsupported_and_fused_sentences_corroborated() -> None:
    from crosscheck.api import Checker, Status
    from crosscheck.intake import article_from_text

    source = article_from_text(
        "The council of Westbrook voted on Tuesday to close the Elm Street library. "
        "The closure will take effect in March 2025, the council said.",
        "source.txt",
    )
    fused = article_from_text("The Westbrook council voted to close the Elm Street library in March 2025.", "d.txt")
    invented = article_from_text("Mayor Robert Chen voted to close the Elm Street library.", "e.txt")
    checker = Checker(Settings(use_judge=False))  # the rules' own corroboration: coverage
    (v,) = checker.verdicts(fused, [source])
    assert v.status is Status.CORROBORATED and v.coverage >= 0.8
    (v,) = checker.verdicts(invented, [source])
    assert v.status is Status.UNSUPPORTED and "Robert Chen" in " ".join(v.unsourced)
    # A name the entity recogniser cut short ("UFO Media" read as "Media") is still a name.
    media = article_from_text(
        "The founder of the start-up Ozy Media was arrested on fraud charges on Thursday.", "m.txt"
    )
    swapped = article_from_text(
        "The founder of the start-up UFO Media was arrested on fraud charges on Thursday.", "u.txt"
    )
    (v,) = checker.verdicts(swapped, [media])
    assert v.status is Status.UNSUPPORTED and "UFO" in v.unsourced


def test_checker_a_country_is_sourced_by_a_city_in_it_not_a_city_by_its_country() -> None:
    from crosscheck.api import Checker
    from crosscheck.intake import article_from_text

    city = article_from_text("Activists in London dumped yellow paint outside the embassy on Thursday.", "s.txt")
    country = article_from_text("Activists in Britain dumped yellow paint outside the embassy on Thursday.", "t.txt")
    checker = Checker(Settings(use_judge=False))
    (v,) = checker.verdicts(
        article_from_text("U.K. activists dumped yellow paint outside the embassy.", "d.txt"), [city]
    )
    assert v.unsourced == []
    (v,) = checker.verdicts(article_from_text("French activists dumped paint in Paris.", "e.txt"), [city])
    assert "Paris" in v.unsourced
    (v,) = checker.verdicts(
        article_from_text("Activists in London dumped yellow paint outside the embassy.", "f.txt"), [country]
    )
    assert "London" in v.unsourced


def test_checker_a_nationality_is_sourced_by_its_country_or_a_city_in_it_never_by_another() -> None:
    from crosscheck.api import Checker
    from crosscheck.intake import article_from_text

    source = article_from_text(
        "Officials in Moscow confirmed on Monday that an American man had died in the fall.", "s.txt"
    )
    checker = Checker(Settings(use_judge=False))
    (v,) = checker.verdicts(
        article_from_text("Russian officials confirmed that an American man had died in the fall.", "d.txt"), [source]
    )
    assert v.unsourced == []
    (v,) = checker.verdicts(
        article_from_text("Russian officials confirmed that a British man had died in the fall.", "e.txt"), [source]
    )
    # the same statement with another nationality in the man's slot: a swap, and nothing backs it
    assert v.status is Status.CONTRADICTED and v.unsourced == ["British"]
    assert [f.detector for f in v.findings] == ["CC103"]


def test_checker_dates_no_source_gives_are_unsupported_unless_a_source_date_covers_them() -> None:
    import datetime as dt

    from crosscheck.api import Checker, Status
    from crosscheck.intake import article_from_text

    pub = dt.date(2024, 6, 12)
    source = article_from_text("The library on Elm Street reopened in April this year after repairs.", "s.txt", pub)
    # The rules' date logic alone: the judge never sees publication dates (README, known limits).
    checker = Checker(Settings(use_judge=False))
    (moved,) = checker.verdicts(
        article_from_text("The library on Elm Street reopened on May 9 after repairs.", "d.txt"), [source]
    )
    assert moved.status is not Status.CORROBORATED and "May 9" in " ".join(moved.unsourced)
    (same,) = checker.verdicts(
        article_from_text("The library on Elm Street reopened in 2024 after repairs.", "e.txt", pub), [source]
    )
    assert same.status is Status.CORROBORATED and same.unsourced == []


def test_the_judge_vetoes_what_it_is_sure_nothing_supports_and_its_contradictions_contradict() -> None:
    from crosscheck.api import Checker, Status
    from crosscheck.intake import article_from_text
    from tests.detectors.test_judge import FakeJudge

    source = article_from_text("The city council approved the new budget on Tuesday after a long debate.", "s.txt")
    flipped = article_from_text("The city council rejected the new budget on Tuesday after a long debate.", "d.txt")
    checker = Checker()
    checker.judge = FakeJudge({})  # entailment 1.0 everywhere: the rules decide
    (v,) = checker.verdicts(flipped, [source])
    assert v.rules_status is Status.CORROBORATED and v.status is Status.CORROBORATED  # no typed fact differs
    checker = Checker()
    pair = (source.text, flipped.text)
    checker.judge = FakeJudge({pair: 0.95})  # sure the source contradicts it, one way only: a veto
    (v,) = checker.verdicts(flipped, [source])
    assert v.status is Status.UNSUPPORTED and v.entailment is not None and v.entailment < 0.1
    from crosscheck.api import CheckResult
    from crosscheck.report.markdown import render_check

    shown = render_check(CheckResult(flipped, [source], [v]))
    assert "the judge finds no source line that entails it (best entailment 0.05)" in shown
    assert "| ❔ unsupported |" in shown and "| 0.05 |" in shown
    checker = Checker()
    judge = FakeJudge({pair: 0.95, (flipped.text, source.text): 0.95})  # both ways: CC200
    checker.judge = judge
    for det in checker.detectors:
        if det.id == "CC200":
            det.judge = judge  # type: ignore[attr-defined]
    (v,) = checker.verdicts(flipped, [source])
    assert v.status is Status.CONTRADICTED and [f.detector for f in v.findings] == ["CC200"]
    assert v.findings[0].values == {"d.txt": "rejected", "s.txt": "approved"}


def test_a_judge_contradiction_gives_way_to_evidence_the_judge_finds_entailing() -> None:
    from crosscheck.api import Checker, Status
    from crosscheck.intake import article_from_text
    from tests.detectors.test_judge import FakeJudge

    line = "The city council approved the new budget on Tuesday after a long debate."
    source = article_from_text(f"{line} Officials said the vote was close.", "s.txt")
    flipped = article_from_text(line.replace("approved", "rejected"), "d.txt")
    # Sure, both ways, that the sentence contradicts the claim; yet it reads the sentence in its
    # context (the window, not in the table) as entailing it: the judge's own evidence is mixed.
    judge = FakeJudge({(line, flipped.text): 0.95, (flipped.text, line): 0.95})
    checker = Checker()
    checker.judge = judge
    for det in checker.detectors:
        if det.id == "CC200":
            det.judge = judge  # type: ignore[attr-defined]
    (v,) = checker.verdicts(flipped, [source])
    assert v.entailment == 1.0 and v.findings == [] and v.status is Status.CORROBORATED


def test_without_the_judge_the_rules_decide_alone() -> None:
    from crosscheck.api import Checker
    from crosscheck.intake import article_from_text

    source = article_from_text("The city council approved the new budget on Tuesday.", "source.txt")
    draft = article_from_text("The city council rejected the new budget on Tuesday.", "d.txt")
    checker = Checker(Settings(use_judge=False))
    assert checker.judge is None and all(d.id != "CC200" for d in checker.detectors)
    (v,) = checker.verdicts(draft, [source])
    assert v.entailment is None and v.status is v.rules_status


def test_analyze_reports_each_stage_and_counts_every_item_of_it(tmp_path: Path) -> None:
    from crosscheck.api import analyze
    from crosscheck.progress import Progress

    class Recorder(Progress):
        def __init__(self) -> None:
            super().__init__(enabled=False)
            self.stages: list[tuple[str, int]] = []
            self.done: list[int] = []

        def stage(self, description: str, total: int) -> None:
            self.stages.append((description, total))
            self.done.append(0)

        def advance(self, n: int = 1) -> None:
            self.done[-1] += n

    (tmp_path / "a.txt").write_text(
        "The embassy in Havana will open in July. Officials met on Monday.\n", encoding="utf-8"
    )
    (tmp_path / "b.txt").write_text("The embassy in Havana will open in March.\n", encoding="utf-8")
    seen = Recorder()
    analyze([tmp_path], Settings(use_judge=False), progress=seen)
    assert [d for d, _ in seen.stages] == [
        "Splitting sentences",
        "Embedding sentences",
        "Extracting facts",
        "Comparing",
    ]
    assert [t for _, t in seen.stages][:2] == [2, 3]  # two articles, three sentences
    assert seen.done == [t for _, t in seen.stages]  # every bar ends full


def _analyze_with_imports_pending(
    monkeypatch: pytest.MonkeyPatch, pending: bool, settings: Settings
) -> tuple[Analysis, list[int]]:
    """``analyze`` of the seeds as in a fresh process (torch still to import) or a warm one, and
    how many sentences this process's own parser was handed."""
    monkeypatch.setattr(pipeline, "model_imports_pending", lambda: pending)
    here = spy_on(monkeypatch, facts, "_parse", len)  # a forked worker's calls land in its own copy
    result = api.analyze([SEEDS], settings)
    monkeypatch.undo()
    return result, here


def test_a_small_story_is_parsed_ahead_while_the_models_import(monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(use_judge=False, cache=False)
    ahead, parsed_ahead = _analyze_with_imports_pending(monkeypatch, True, settings)
    after, parsed_after = _analyze_with_imports_pending(monkeypatch, False, settings)
    if "fork" in mp.get_all_start_methods():
        assert sum(parsed_ahead) == 0  # the worker parsed every sentence this process needed
    assert sum(parsed_after) > 0
    assert [f.fingerprint for f in ahead.findings] == [f.fingerprint for f in after.findings]
    assert [(c.sentence, c.parsed, c.facts, c.lemmas) for c in ahead.claims] == [
        (c.sentence, c.parsed, c.facts, c.lemmas) for c in after.claims
    ]


@pytest.mark.skipif("fork" not in mp.get_all_start_methods(), reason="the worker is forked")
def test_what_was_parsed_ahead_is_cached_unpaired_sentences_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    result, _ = _analyze_with_imports_pending(monkeypatch, True, Settings(use_judge=False, cache_dir=tmp_path))
    unpaired = [c for c in result.claims if not c.parsed]
    assert unpaired  # some sentences pair with nothing, and analyze itself never needed their facts
    hits = FactCache(tmp_path, extractor_identity()).get([(c.text, c.published) for c in result.claims])
    assert all(hit is not None for hit in hits)


def test_nothing_is_parsed_ahead_when_it_would_not_pay(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bare = [Claim(s, published=a.published, parsed=False) for a in load_articles([SEEDS], 10**7) for s in segment(a)]
    monkeypatch.setattr(pipeline, "model_imports_pending", lambda: False)
    assert pipeline.parse_ahead(bare, None) is None  # a warm process: no import to hide the parse behind
    monkeypatch.setattr(pipeline, "model_imports_pending", lambda: True)
    monkeypatch.setattr(pipeline, "PARSE_AHEAD_MAX", len(bare) - 1)
    assert pipeline.parse_ahead(bare, None) is None  # too many sentences: the worker would compete with the encode
    monkeypatch.setattr(pipeline, "PARSE_AHEAD_MAX", len(bare))
    cache = FactCache(tmp_path, extractor_identity())
    facts.parse_claims(bare, cache=cache)
    assert pipeline.parse_ahead(bare, cache) is None  # every sentence cached
    ahead = pipeline.parse_ahead(bare, None)
    assert ahead is not None
    ahead.close()


def _seed_draft(tmp_path: Path) -> Path:
    """A draft of three claims about the seeds' story: one as a source has it, one with its
    date moved, one no source gives."""
    draft = tmp_path / "draft.md"
    draft.write_text(
        "---\npublished: 2024-06-12\n---\n"
        "South Korea and Cuba established diplomatic relations in February.\n\n"
        "South Korea plans to open a temporary office in Havana in the second half of this year.\n\n"
        "The two countries also signed a fisheries agreement.\n",
        encoding="utf-8",
    )
    return draft


def test_a_check_parsed_ahead_gives_the_verdicts_of_one_parsed_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    draft, settings = _seed_draft(tmp_path), Settings(use_judge=False, cache=False)
    runs = []
    for pending in (True, False):
        monkeypatch.setattr(pipeline, "model_imports_pending", lambda pending=pending: pending)
        here = spy_on(monkeypatch, facts, "_parse", len)
        result = check(draft, [SEEDS], settings)
        runs.append(([(v.claim.text, v.status, [f.fingerprint for f in v.findings]) for v in result.verdicts], here))
        monkeypatch.undo()
    (ahead, parsed_ahead), (after, parsed_after) = runs
    assert ahead == after
    assert [status for _, status, _ in ahead] == [Status.CORROBORATED, Status.CONTRADICTED, Status.UNSUPPORTED]
    if "fork" in mp.get_all_start_methods():
        assert sum(parsed_ahead) == 0 < sum(parsed_after)


def test_a_failed_encode_stops_the_parse_worker_without_waiting_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from crosscheck.errors import ModelError

    def slow_parse(claims: object) -> list[Claim]:
        time.sleep(60)
        return []

    def no_model(*args: object, **kwargs: object) -> None:
        raise ModelError("no model")

    monkeypatch.setattr(pipeline, "model_imports_pending", lambda: True)
    monkeypatch.setattr(pipeline, "parse_here", slow_parse)
    monkeypatch.setattr(checking, "embedded", no_model)
    checker = api.Checker(Settings(use_judge=False, cache=False))
    started = time.monotonic()
    with pytest.raises(ModelError):
        checker.prepare(load_articles([SEEDS], 10**7))
    assert time.monotonic() - started < 30  # the error is not held up by the worker's 60 s
    assert checker._ahead is None


def test_check_skips_an_unreadable_source_in_a_folder(tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    (sources / "wire.txt").write_text("The port authority said the terminal would open in May.\n", encoding="utf-8")
    (sources / "scan.txt").write_bytes(bytes(range(256)) * 8)
    draft = tmp_path / "draft.txt"
    draft.write_text("The terminal will open in May, the port authority said.\n", encoding="utf-8")
    result = check(draft, [sources])
    assert [a.doc_id for a in result.sources] == ["sources/wire.txt"]
    assert [u.doc_id for u in result.unread] == ["sources/scan.txt"]
    assert any(w.startswith("not read: binary file") for w in result.warnings)


def _line_pairs(f: Finding) -> set[frozenset[tuple[str, int]]]:
    quoted = {(e.doc_id, e.line) for e in f.evidence}
    return {frozenset((x, y)) for x in quoted for y in quoted if x[0] != y[0]}


@pytest.mark.parametrize("docs", [("003", "004"), ("004", "003"), ("000", "001"), ("001", "000")])
def test_check_and_analyze_decide_a_pair_of_articles_alike(docs: tuple[str, str]) -> None:
    """One decision path: what ``check`` finds for a draft against one source, ``analyze`` finds
    for the same two articles, and the other way round (analyze may group one fact's lines)."""
    articles = {a.doc_id[:3]: a for a in load_articles([SEEDS])}
    draft, source = articles[docs[0]], articles[docs[1]]
    analyzed = [(f.detector, _line_pairs(f)) for f in api.analyze_articles([draft, source]).findings]
    checked = [(f.detector, _line_pairs(f)) for v in api.Checker().verdicts(draft, [source]) for f in v.findings]
    assert analyzed
    for detector, pairs in checked:
        assert any(d == detector and pairs <= theirs for d, theirs in analyzed), (detector, pairs)
    for detector, pairs in analyzed:
        assert any(d == detector and mine & pairs for d, mine in checked), (detector, pairs)


def test_checker_closes_its_caches_and_worker_on_the_way_out(monkeypatch: pytest.MonkeyPatch) -> None:
    from crosscheck.errors import ModelError

    monkeypatch.setattr(pipeline, "model_imports_pending", lambda: True)  # a parse-ahead worker starts
    with api.Checker(Settings(use_judge=False)) as checker:
        embeddings, facts_store = checker._cache, checker._fact_cache
        assert embeddings is not None and facts_store is not None
        checker.prepare(load_articles([SEEDS]))
    assert checker._ahead is None and checker._cache is None and checker._fact_cache is None
    assert embeddings._db is None and facts_store._db is None
    assert checker.close() == []  # once is enough; again does nothing

    def no_model(*args: object, **kwargs: object) -> None:
        raise ModelError("no model")

    monkeypatch.setattr(checking, "embedded", no_model)
    with pytest.raises(ModelError), api.Checker(Settings(use_judge=False)) as failing:
        failing.prepare(load_articles([SEEDS]))
    assert failing._fact_cache is None and failing._ahead is None
