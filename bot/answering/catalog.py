"""Every stored task as a detached view, loaded once: for the deadlines in a window ('tuần tới có hạn gì?'),
for who may mark a task done, and to enrich the passage a task was read from."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from bot import records
from corpus import models as m
from corpus.deadlines import Recurrence


@dataclass(frozen=True)
class TaskUnitView:
    """A unit a task names (m.TaskUnit), detached: its kind, a group's member kinds and its role in the task.

    Not bot.registration.UnitRef (a unit as the bot shows it to a chat, with its locality)."""

    id: int
    name: str
    kind: str
    is_group: bool
    members: tuple[str, ...]
    role: str


@dataclass
class TaskView:
    """One task with everything an answer needs, detached from the database session."""

    id: int
    document_id: int
    locality_id: int | None
    locality: str | None
    doers: list[TaskUnitView]
    partners: list[TaskUnitView]
    deadline: dict | None
    date: dt.date | None
    recurrence: Recurrence | None
    issued: dt.date | None
    what: str
    quote: str
    submit_to: str | None
    section_path: str
    section_id: int | None
    ord: int
    source: dict
    json: dict = field(default_factory=dict)

    @property
    def past_at_issue(self) -> bool:
        """The deadline had already passed when the letter was written (a reminder of an old duty)."""
        return bool(self.date and self.issued and self.date < self.issued)

    def due_on_or_after(self, day: dt.date) -> dt.date | None:
        """The next due date from `day` (the next occurrence for a recurring duty)."""
        if self.recurrence:
            return self.recurrence.first_on_or_after(day)
        return self.date


@dataclass
class TaskCatalog:
    """All tasks, and the units that may mark each one done (a group's members included)."""

    tasks: list[TaskView]
    owners: dict[int, list[int]] = field(default_factory=dict)  # task id → units that may mark it done

    @classmethod
    def load(cls, session: Session) -> TaskCatalog:
        q = select(m.Task).options(selectinload(m.Task.units).selectinload(m.TaskUnit.unit),
                                   selectinload(m.Task.document).selectinload(m.Document.locality))
        q = q.where(m.Task.review != "dropped")  # hook (issue 13): a task the coordinator dropped is no duty
        views = [_view(t) for t in session.scalars(q)]
        from bot.reminders.targets import UnitDirectory

        directory = UnitDirectory.load(session)
        owners = {v.id: sorted({d.id for d in v.doers} | set(directory.expand(d.id for d in v.doers)[0]))
                  for v in views}
        return cls(views, owners)


def _view(t: m.Task) -> TaskView:
    doc = t.document
    refs = [TaskUnitView(tu.unit.id, tu.unit.name, tu.unit.kind, tu.unit.is_group, tuple(tu.unit.member_kinds or ()),
                         tu.role) for tu in t.units]
    doers = [r for r, tu in zip(refs, t.units, strict=True) if not tu.partner]
    partners = [r for r, tu in zip(refs, t.units, strict=True) if tu.partner]
    issued = dt.date(doc.issued_year, doc.issued_month or 1, doc.issued_day or 1) if doc.issued_year else None
    return TaskView(
        id=t.id, document_id=doc.id, locality_id=doc.locality_id, locality=records.locality_label(doc),
        doers=doers, partners=partners, deadline=records.deadline_json(t), date=t.deadline_date,
        recurrence=Recurrence.from_json(t.recurrence) if t.recurrence else None,
        issued=issued, what=t.what, quote=t.quote, submit_to=t.submit_to, section_path=t.section_path,
        section_id=t.section_id, ord=t.ord, source=records.source_json(t), json=records.task_json(t),
    )


def covers_unit(task: TaskView, unit_ids: set[int], kinds: set[str], locality_id: int | None) -> int:
    """2 when the task names the unit itself, 1 when a group it belongs to, 0 otherwise."""
    if any(d.id in unit_ids for d in task.doers):
        return 2
    if kinds and any(d.is_group and kinds & set(d.members) for d in task.doers):
        return 1 if locality_id is None or task.locality_id == locality_id else 0
    return 0
