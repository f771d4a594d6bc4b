"""Tables that follow the work: chats linked to units, task status per unit, and the reminder outbox."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from corpus.models import Base, Task, Unit, utcnow


class ChatLink(Base):
    """A Telegram chat (a unit's group or an officer's private chat) linked to a unit, once approved."""

    __tablename__ = "chat_link"
    __table_args__ = (UniqueConstraint("chat_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    chat_title: Mapped[str | None] = mapped_column(String(200))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending | approved | rejected | inactive
    requested_by: Mapped[int | None] = mapped_column(BigInteger)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[Unit] = relationship()


class TaskStatus(Base):
    """The status of one task for one unit (a group task has one row per member unit)."""

    __tablename__ = "task_status"
    __table_args__ = (UniqueConstraint("task_id", "unit_id", "occurrence"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), index=True)
    occurrence: Mapped[dt.date | None] = mapped_column()  # the due date of a recurring task's occurrence
    state: Mapped[str] = mapped_column(String(10), default="open")  # open | done
    done_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    done_by: Mapped[int | None] = mapped_column(BigInteger)
    snoozed_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    task: Mapped[Task] = relationship()
    unit: Mapped[Unit] = relationship()


class StatusChange(Base):
    """History: who changed a task's status for a unit, when, from what to what."""

    __tablename__ = "status_change"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    occurrence: Mapped[dt.date | None] = mapped_column()
    old: Mapped[str] = mapped_column(String(10))
    new: Mapped[str] = mapped_column(String(10))
    by_user: Mapped[int | None] = mapped_column(BigInteger)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class Reminder(Base):
    """One message to send (the outbox); the unique key makes planning idempotent."""

    __tablename__ = "reminder"
    __table_args__ = (
        UniqueConstraint("dedupe_key"),
        Index("ix_reminder_state_due", "state", "due_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(20))  # before | due | overdue | digest | escalation
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    chat_id: Mapped[int] = mapped_column(BigInteger)
    due_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    text: Mapped[str] = mapped_column(Text, default="")
    state: Mapped[str] = mapped_column(String(10), default="pending")  # pending | sending | sent | failed | skipped
    attempts: Mapped[int] = mapped_column(default=0)
    locked_by: Mapped[str | None] = mapped_column(String(64))
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
