"""Tasks in force with their per-unit status, as flat rows for the workbook and the calendar."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.reminders.planning import TaskInfo
from bot.reminders.policy import Policy
from bot.reminders.status import current_occurrence, derived_state
from bot.reminders.targets import UnitDirectory, load_statuses, load_tasks
from corpus import models as m
from corpus.deadlines import Recurrence
from corpus.text import key

if TYPE_CHECKING:
    from bot.reminders.planning import StatusInfo
    from corpus.units import UnitRegistry

STATE_LABELS = {"done": "Đã xong", "done_late": "Xong trễ hạn", "open": "Đang làm", "overdue": "Quá hạn"}


@dataclass(frozen=True)
class ExportRow:
    """One task for one unit that must do it."""

    document_id: int
    document: str  # 'Kế hoạch số 11/KH-UBND' or kind and subject
    file_name: str
    issuer: str | None
    task_id: int
    what: str
    unit_id: int
    unit: str
    deadline: dt.date | None  # the current occurrence for a recurring duty
    deadline_time: dt.time | None
    precision: str | None
    recurrence: str  # '' or the rule in words ('ngày 20 hằng tháng')
    submit_to: str | None
    state: str  # done | done_late | open | overdue
    done_at: dt.datetime | None
    quote: str
    section: str

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


@dataclass(frozen=True)
class Filters:
    """What to export: one document, units named like this, deadlines in a range (all optional)."""

    document_id: int | None = None
    unit: str | None = None
    locality: str | None = None
    due_from: dt.date | None = None
    due_to: dt.date | None = None


def export_rows(session: Session, now: dt.datetime, policy: Policy, filters: Filters = Filters(),
                registry: UnitRegistry | None = None) -> list[ExportRow]:
    """Every confirmed task × unit that must do it, with its status at `now`, in document order."""
    directory = UnitDirectory.load(session)
    where = [m.Task.document_id == filters.document_id] if filters.document_id is not None else []
    tasks = [t for t in load_tasks(session, directory, *where) if t.doers]
    statuses = {(s.task_id, s.unit_id, s.occurrence): s for s in load_statuses(session, [t.id for t in tasks])}
    files: dict[int | None, str] = {doc_id: name for doc_id, name in session.execute(
        select(m.Document.id, m.Document.file_name).where(m.Document.id.in_({t.document_id for t in tasks})))}
    places = _localities(session)
    wanted = _unit_keys(filters.unit, registry)
    today = policy.today(now)
    out: list[ExportRow] = []
    for task in tasks:
        for unit in task.doers:
            record = directory.units.get(unit)
            if wanted and (record is None or key(record.name) not in wanted):
                continue
            if filters.locality and key(filters.locality) not in key(places.get(record.locality_id if record else None,
                                                                                  "")):
                continue
            row = _row(task, unit, statuses, today, now, policy, files.get(task.document_id, ""))
            if filters.due_from and (row.deadline is None or row.deadline < filters.due_from):
                continue
            if filters.due_to and (row.deadline is None or row.deadline > filters.due_to):
                continue
            out.append(row)
    return out


def _row(task: TaskInfo, unit: int, statuses: dict[tuple[int, int, dt.date | None], StatusInfo], today: dt.date,
         now: dt.datetime,
         policy: Policy, file_name: str) -> ExportRow:
    occ = current_occurrence(task, unit, today, statuses, policy) if task.recurrence else None
    deadline = occ if task.recurrence else task.deadline
    st = statuses.get((task.id, unit, occ))
    end = policy.deadline_end(deadline, task.deadline_time) if deadline else None
    state = derived_state(st.state if st else "open", st.done_at if st else None, end, now)
    rule = Recurrence.from_json(dict(task.recurrence)).label if task.recurrence else ""
    return ExportRow(task.document_id or 0, task.source_title, file_name, task.source_issuer, task.id, task.what,
                     unit, task.unit_names.get(unit, f"#{unit}"), deadline, task.deadline_time, task.precision,
                     rule, task.submit_to, state, st.done_at if st and st.state == "done" else None, task.quote,
                     task.section)


def _localities(session: Session) -> dict[int | None, str]:
    return {loc.id: loc.label() for loc in session.scalars(select(m.Locality))}


def _unit_keys(name: str | None, registry: UnitRegistry | None) -> set[str]:
    """The keys a typed unit name matches: as typed, and its registry name."""
    if not name:
        return set()
    keys = {key(name)}
    template = registry.resolve(name) if registry is not None else None
    if template is not None:
        keys.add(key(template.name))
    return keys
