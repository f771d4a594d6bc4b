"""Progress (/tiendo on Telegram, `cchc tiendo` on the command line): one reading of what is asked, one report.

What follows the command is, in this order: a directive (id, file name or number: '11/KH-UBND'), a period
('quý I 2024', 'tháng 3/2024', 'năm 2024', 'tháng này', 'quý này', 'năm nay') or a unit ('Phòng Tư pháp',
'Phòng Tư pháp Vĩnh Linh', matched as /dangky matches it). A directive or a period gives the per-unit counts
(done, done late, open, overdue); a unit gives its own tasks across directives with their state.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot.documents import find_document
from bot.registration import match_units, unit_ref
from bot.reminders import status
from bot.reminders.policy import Policy
from corpus import models as m
from corpus.dates import format_date, month_end
from corpus.errors import NotFound, UserError
from corpus.text import key
from corpus.units import UnitRegistry

EXAMPLES = "/tiendo 11/KH-UBND, /tiendo quý I 2024, /tiendo tháng 3/2024, /tiendo năm 2024, /tiendo Phòng Tư pháp"
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


@dataclass
class Scope:
    """What a progress report covers: everything, one directive, deadlines in a period, or some units."""

    label: str = "tất cả văn bản"
    document_id: int | None = None
    period: tuple[dt.date, dt.date] | None = None
    unit_ids: list[int] = field(default_factory=list)


@dataclass
class UnitTasks:
    """A unit's tasks with their state, for /tiendo <đơn vị>."""

    unit: str
    tasks: list[status.UnitTaskState]


@dataclass
class ProgressReport:
    scope: Scope
    rows: list[status.UnitProgress] = field(default_factory=list)  # per unit (a directive, a period, all)
    units: list[UnitTasks] = field(default_factory=list)  # per task (units asked for by name)


def period_of(text: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """'quý I 2024', 'tháng 3/2024', 'năm 2024', 'tháng này', 'quý này', 'năm nay' → (first day, last day).

    >>> period_of("quý II 2024", dt.date(2026, 11, 21))
    (datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
    >>> period_of("hôm qua", dt.date(2026, 11, 21)) is None
    True
    """
    k = key(text)
    year = int(y.group(0)) if (y := re.search(r"\b(19|20)\d\d\b", k)) else today.year
    if q := re.match(r"quy\s+(i{1,3}|iv|[1-4]|nay)\b", k):
        n = (today.month - 1) // 3 + 1 if q.group(1) == "nay" else _ROMAN.get(q.group(1)) or int(q.group(1))
        return dt.date(year, 3 * n - 2, 1), month_end(year, 3 * n)
    if mo := re.match(r"thang\s+(1[0-2]|0?[1-9]|nay)\b", k):
        month = today.month if mo.group(1) == "nay" else int(mo.group(1))
        return dt.date(year, month, 1), month_end(year, month)
    if re.fullmatch(r"(nam\s+)?((19|20)\d\d|nay)", k):
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return None


def period_label(period: tuple[dt.date, dt.date]) -> str:
    return f"{format_date(period[0])} – {format_date(period[1])}"


def read_scope(session: Session, registry: UnitRegistry, text: str, today: dt.date) -> Scope:
    """What the words after /tiendo (or `cchc tiendo`) ask for; UserError with examples when nothing fits."""
    text = (text or "").strip()
    if not text:
        return Scope()
    try:
        document = find_document(session, text)
        return Scope(document.title(), document_id=document.id)
    except NotFound:
        pass
    if (period := period_of(text, today)) is not None:
        return Scope(period_label(period), period=period)
    units = match_units(session, registry, text)
    if units:
        return Scope(", ".join(unit_ref(u).label() for u in units), unit_ids=[u.id for u in units])
    raise UserError(f"Không hiểu «{text}»: không phải số văn bản, kỳ hay tên đơn vị đã có. Ví dụ: {EXAMPLES}")


def report(session: Session, scope: Scope, *, now: dt.datetime, policy: Policy) -> ProgressReport:
    """The figures of a scope: per unit for a directive, a period or everything; per task for named units."""
    if scope.unit_ids:
        names = {u.id: unit_ref(u).label() for u in (session.get_one(m.Unit, i) for i in scope.unit_ids)}
        return ProgressReport(scope, units=[
            UnitTasks(names[i], status.unit_progress(session, i, period=scope.period, now=now, policy=policy))
            for i in scope.unit_ids])
    return ProgressReport(scope, rows=status.progress(session, document_id=scope.document_id, period=scope.period,
                                                      now=now, policy=policy))
