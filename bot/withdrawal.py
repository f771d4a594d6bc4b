"""Withdrawing a directive: its tasks and pending reminders go, its history stays in the audit trail.

The document row is deleted (with its sections, tasks, statuses and outbox rows), so answers and the index no
longer see it; before that, the audit trail gets one entry for the document, one per task (its deadline, units
and review state), and a copy of every status change of its tasks (who marked what done, when)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.review import Actor, deadline_label, document_label, record, units_label
from corpus import models as m
from corpus import tracking as tr
from corpus.db import rows_changed


@dataclass(frozen=True)
class Withdrawn:
    """What went: the document's label, how many tasks and pending reminders."""

    label: str
    tasks: int
    reminders: int


def withdraw(session: Session, doc: m.Document, actor: Actor, now: dt.datetime) -> Withdrawn:
    """Remove a directive in the caller's transaction (the caller raises the corpus version)."""
    label = document_label(doc)
    names: dict[int, str] = {unit_id: name for unit_id, name in session.execute(select(m.Unit.id, m.Unit.name))}
    for task in doc.tasks:
        record(session, task, "review", task.review, "withdrawn", actor, now)
        entry = record(session, task, "document", "current", "withdrawn", actor, now)
        entry.old = f"hạn {deadline_label(task) or 'không ghi'}; đơn vị {units_label(task) or 'chưa rõ'}"
        for change in session.scalars(select(tr.StatusChange).where(tr.StatusChange.task_id == task.id)
                                      .order_by(tr.StatusChange.id)):
            copy = record(session, task, "status", change.old, change.new,
                          Actor(change.by_user, f"Telegram #{change.by_user}" if change.by_user else ""), change.at)
            copy.task_label = f"{copy.task_label} — {names.get(change.unit_id, '')}"[:500]
    record(session, None, "document", "current", "withdrawn", actor, now, document=doc)
    task_ids = [t.id for t in doc.tasks]
    pending = 0
    if task_ids:
        pending = rows_changed(session, update(tr.Reminder).where(tr.Reminder.task_id.in_(task_ids),
                                                                  tr.Reminder.state == "pending")
                               .values(state="skipped", last_error="document withdrawn"))
    session.flush()
    session.execute(update(tr.AuditEntry).where(tr.AuditEntry.document_id == doc.id).values(document_id=None))
    session.execute(update(m.Document).where(m.Document.superseded_by_id == doc.id)  # they are current again
                    .values(superseded_by_id=None, superseded_note=None))
    session.execute(update(tr.AuditEntry).where(tr.AuditEntry.task_id.in_(task_ids)).values(task_id=None))
    count = len(task_ids)
    session.delete(doc)
    session.flush()
    return Withdrawn(label, count, pending)
