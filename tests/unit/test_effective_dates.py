"""The effective date of a directive ("… có hiệu lực (thi hành) (kể) từ ngày ký (ban hành)", "có hiệu lực từ ngày
dd/mm/yyyy", a portal's "Ngày có hiệu lực") as the answer readers resolve it from what ingest stores, and why it is
never stored as a task.

Decision: an effective date is when a directive starts to bind, not a duty of a unit. Stored as a task it would be
reminded to the units of the "chịu trách nhiệm thi hành" article as if they owed something on that day; that
article is stored as an (undated) task of its doers, and the date is answered from the effect clause and the
signing date of the header (`bot.answering.readers.read_deadlines`, rule "hiệu lực")."""
from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

import pytest

from bot.answering.readers import Question, read_deadlines, states_own_effect
from corpus.passages import split_passages
from corpus.reading import read_document
from corpus.store import Knowledge, PreparedDocument, prepare

FIX = Path(__file__).resolve().parents[1] / "fixtures"
HELD = FIX / "heldout" / "docs"
PAGES = FIX / "headers"
TODAY = dt.date(2026, 1, 15)


@cache
def prepared(path: Path) -> PreparedDocument:
    return prepare(read_document(path), Knowledge())


def held(prefix: str) -> Path:
    return next(HELD.glob(f"{prefix}_*"))


CASES = [  # document, its effective date (from the signing date of the header, or written out)
    (held("07"), "2018-11-16"),  # "có hiệu lực từ ngày ký ban hành"; date in a hard-wrapped header
    (held("08"), "2017-08-09"),  # "có hiệu lực kể từ ngày ký ban hành"
    (held("09"), "2018-01-18"),  # "có hiệu lực thi hành kể từ ngày ký"
    (held("14"), "2013-06-24"),  # "có hiệu lực kể từ ngày\nký ban hành"
    (held("17"), "2025-12-29"),  # the portal's "Ngày có hiệu lực"
    (PAGES / "quangtri_qd_41_2019_dulieuphapluat.md", "2019-11-05"),  # "có hiệu lực thi hành kể từ ngày 05/11/2019"
    (PAGES / "bnv_vpcp_ttlt_02_2011_caselaw.md", "2011-03-15"),  # "• Ngày có hiệu lực: 15-03-2011"
]


@pytest.mark.parametrize(("path", "date"), CASES, ids=lambda v: getattr(v, "name", None) or v)
def test_own_effect_clause_resolves_to_the_effective_date(path: Path, date: str) -> None:
    doc = prepared(path)
    issued = doc.parsed.header.issued
    clauses = [p.text for p in split_passages(doc.parsed.sections) if states_own_effect(p.text)]
    assert clauses, "no passage states when the document takes effect"
    days = {r.date.isoformat() for text in clauses for r in read_deadlines(text, issued, Question(TODAY))
            if r.rule == "hiệu lực" and r.own}
    assert date in days


@pytest.mark.parametrize(("path", "date"), CASES, ids=lambda v: getattr(v, "name", None) or v)
def test_effective_date_is_not_stored_as_a_task(path: Path, date: str) -> None:
    doc = prepared(path)
    assert not [t.quote for t in doc.tasks if t.deadline is not None and t.deadline.date is not None
                and t.deadline.date.isoformat() == date]


@pytest.mark.parametrize("path", [held("07"), held("08"), held("09"), held("14")], ids=lambda p: p.name)
def test_the_article_charged_with_execution_is_an_undated_task_of_its_doers(path: Path) -> None:
    doc = prepared(path)
    execution = [t for t in doc.tasks if "thi hành" in t.quote and ("trách nhiệm" in t.quote or "căn cứ" in t.quote)]
    assert execution and all(t.deadline is None or t.deadline.date is None for t in execution)
    assert all(t.units for t in execution)
