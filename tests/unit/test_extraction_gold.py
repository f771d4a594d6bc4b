"""Extraction over the five seeds, judged against the gold (tests/fixtures/gold/seed_facts.yaml)."""
from __future__ import annotations

from functools import cache

import pytest

from corpus.reading import read_document
from corpus.store import Knowledge, PreparedDocument, prepare
from corpus.units import load_registry
from tests.conftest import SEEDS
from tests.gold import gold, gold_docs, loose, unit_in

KNOWLEDGE = Knowledge()
DATED = [(d["file"], t) for d in gold_docs() for t in d.get("tasks", []) if t.get("deadline")]
UNDATED = [(d["file"], t) for d in gold_docs() for t in d.get("tasks", []) if not t.get("deadline")]
MELINH = next(d for d in gold_docs() if d["file"].startswith("003"))


@cache
def prepared(file: str) -> PreparedDocument:
    return prepare(read_document(SEEDS / file), KNOWLEDGE)


def doer_names(task) -> list[str]:  # type: ignore[no-untyped-def]
    return [u.name for u in task.doers]


def addressees(file: str) -> list[str]:
    return [r.text for r in prepared(file).parsed.header.recipients]


def unit_ok(expected: str, names: list[str], file: str) -> bool:
    """Gold 'các cơ quan, đơn vị' is the letter's own name for its addressees (or the generic group)."""
    if loose(expected) == "cac co quan don vi":
        return any(unit_in(a, names) for a in addressees(file)) or unit_in("Các cơ quan, đơn vị", names)
    return unit_in(expected, names)


def problems(task, want: dict, file: str) -> list[str]:  # type: ignore[no-untyped-def]
    """What differs between an extracted task and a gold task (empty when it matches)."""
    d, wd = task.deadline, want["deadline"]
    out = []
    if d is None or d.date is None or d.date.isoformat() != str(wd["date"]):
        return ["date"]
    if (d.time.strftime("%H:%M") if d.time else None) != wd["time"]:
        out.append(f"time {d.time}")
    if d.qualifier != wd["qualifier"] or d.precision != wd["precision"]:
        out.append(f"qualifier/precision {d.qualifier}/{d.precision}")
    out += [f"unit {u} not in {doer_names(task)}" for u in want["units"] if not unit_ok(u, doer_names(task), file)]
    if want.get("submit_to") and loose(task.submit_to) != loose(want["submit_to"]):
        out.append(f"submit_to {task.submit_to}")
    if want.get("quote") and loose(want["quote"]) not in loose(task.quote):
        out.append("quote")
    return out


def test_gold_has_nine_dated_tasks() -> None:
    assert len(DATED) == 9


@pytest.mark.parametrize(("file", "want"), DATED, ids=[t["id"] for _, t in DATED])
def test_dated_task_found_exactly(file: str, want: dict) -> None:
    found = [problems(t, want, file) for t in prepared(file).tasks]
    candidates = [p for p in found if p != ["date"]]
    assert candidates, f"no task due {want['deadline']['date']}"
    assert [] in candidates, candidates


@pytest.mark.parametrize(("file", "want"), UNDATED, ids=[t["id"] for _, t in UNDATED])
def test_undated_task_has_its_units(file: str, want: dict) -> None:
    tasks = [t for t in prepared(file).tasks if t.deadline is None]
    assert any(all(unit_ok(u, doer_names(t), file) for u in want["units"]) for t in tasks), want["what"]


@pytest.mark.parametrize("duty", MELINH["unit_duties"], ids=[d["unit"] for d in MELINH["unit_duties"]])
def test_each_melinh_unit_gets_its_duties(duty: dict) -> None:
    registry = load_registry()
    wanted = [t for t in (registry.scan(duty["unit"]) or [])]
    names = {m.name for m in wanted} or {duty["unit"]}
    mine = [t for t in prepared(MELINH["file"]).tasks if names & set(doer_names(t))]
    text = loose(" ".join(t.quote for t in mine))
    for phrase in duty["must_mention"]:
        assert loose(phrase) in text, (duty["unit"], phrase)


def test_recurring_duty_is_kept_as_a_rule() -> None:
    rec = MELINH["recurring"][0]
    tasks = [t for t in prepared(MELINH["file"]).tasks if t.deadline and t.deadline.recurrence]
    assert any(loose(rec["quote"]) in loose(t.quote) and unit_in(rec["owner"], doer_names(t)) for t in tasks)
    assert all(t.deadline.recurrence.freq == "half_yearly" for t in tasks if "6 tháng/lần" in t.quote)


@pytest.mark.parametrize(("canonical", "aliases"), sorted(gold()["aliases"].items()))
def test_aliases_resolve_to_one_unit(canonical: str, aliases: list[str]) -> None:
    registry = load_registry()
    for alias in aliases:
        t = registry.resolve(alias)
        assert t is not None and unit_in(canonical, [t.name]), alias


@pytest.mark.parametrize("name", ["Phòng Giáo dục", "Sở Ngoại vụ", "Phòng Công an", "Ban Dân vận"])
def test_unknown_units_are_refused_not_guessed(name: str) -> None:
    assert load_registry().resolve(name) is None


def test_template_appendix_holds_no_tasks() -> None:
    doc = prepared("004_cf6e948d9e8e915c.txt")
    assert not [t for t in doc.tasks if t.section_path.startswith("PL")]


def test_submit_to_is_not_a_doer() -> None:
    for file in ("000_e729732cc6e22462.txt", "002_a8a4547ec791e729.txt"):
        for t in prepared(file).tasks:
            if t.submit_to and "Phòng Nội vụ" in t.submit_to and "Giao" not in t.quote:
                assert "Phòng Nội vụ" not in doer_names(t), t.quote


def test_background_sentences_are_not_tasks() -> None:
    quotes = [t.quote for f in ("001_98a37e18de03d265.txt", "003_54a8849ad7dd6938.txt") for t in prepared(f).tasks]
    assert not any(q.startswith(("Ngày 07/3/2024", "Năm 2023 chỉ số", "Theo Quyết định")) for q in quotes)


def test_past_deadline_is_still_read() -> None:
    dates = {t.deadline.date.isoformat() for t in prepared("002_a8a4547ec791e729.txt").tasks if t.deadline}
    assert "2024-08-31" in dates


def test_extraction_is_deterministic() -> None:
    a = prepare(read_document(SEEDS / "003_54a8849ad7dd6938.txt"), KNOWLEDGE)
    b = prepare(read_document(SEEDS / "003_54a8849ad7dd6938.txt"), KNOWLEDGE)
    assert [(t.quote, [u.name for u in t.units]) for t in a.tasks] == [(t.quote, [u.name for u in t.units])
                                                                       for t in b.tasks]
