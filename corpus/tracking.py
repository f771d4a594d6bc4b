"""Tables that follow the work: chats linked to units, task status per unit, the reminder outbox, and the
corpus version that tells every instance its index and caches are out of date."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    select,
    update,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from corpus.db import rows_changed
from corpus.models import Base, Locality, Task, Unit, utcnow


class ChatLink(Base):
    """A Telegram chat (a unit's group or an officer's private chat) linked to a unit, once approved.

    A request may name a unit no directive has named yet (a known kind of unit in a known locality): it is
    then only a request (unit_id empty; unit_name, unit_kind and locality_id say what was asked for), and the
    unit row is created when an administrator approves it."""

    __tablename__ = "chat_link"
    __table_args__ = (UniqueConstraint("chat_id", "unit_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, index=True)
    chat_title: Mapped[str | None] = mapped_column(String(200))
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"))
    unit_name: Mapped[str | None] = mapped_column(String(200))
    unit_kind: Mapped[str | None] = mapped_column(String(40))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12), default="pending")  # pending | approved | rejected | inactive
    requested_by: Mapped[int | None] = mapped_column(BigInteger)
    requested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    note: Mapped[str | None] = mapped_column(Text)
    unit: Mapped[Unit | None] = relationship()
    locality: Mapped[Locality | None] = relationship()


class ChatMember(Base):
    """A user's membership of a linked group, as last seen or checked with Telegram (getChatMember).

    A member of a unit's group acts for the unit in a private chat too, while the membership is fresh
    (re-checked with Telegram after a few minutes) and until Telegram says they left or were removed."""

    __tablename__ = "chat_member"
    __table_args__ = (UniqueConstraint("chat_id", "user_id"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(BigInteger, index=True)
    status: Mapped[str] = mapped_column(String(12))  # member | left
    checked_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))


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


class AuditEntry(Base):
    """History of what people changed: a task's deadline, units, submit-to or review state, a document withdrawn.

    Rows outlive what they describe (the task or document ids become NULL when it is deleted), so the labels
    keep what was changed in words."""

    __tablename__ = "audit_entry"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"), index=True)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="SET NULL"), index=True)
    document_label: Mapped[str] = mapped_column(String(300), default="")
    task_label: Mapped[str] = mapped_column(Text, default="")
    field: Mapped[str] = mapped_column(String(20))  # deadline | units | submit_to | review | status | document
    old: Mapped[str | None] = mapped_column(Text)
    new: Mapped[str | None] = mapped_column(Text)
    by_user: Mapped[int | None] = mapped_column(BigInteger)  # a Telegram user id
    by_name: Mapped[str] = mapped_column(String(200), default="")  # 'Nguyễn Văn A (@nva)', 'dòng lệnh: root'
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class PendingEdit(Base):
    """A coordinator asked to edit a field of a task and the bot waits for the new value in that chat."""

    __tablename__ = "pending_edit"
    chat_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(20))  # deadline | units | submit_to
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


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


class PendingUpload(Base):
    """A file an administrator sent, previewed and waiting for 'Lưu' — in the database, so that any instance
    can save it (the preview is made again from the bytes)."""

    __tablename__ = "pending_upload"
    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255))
    data: Mapped[bytes] = mapped_column(LargeBinary)
    user_id: Mapped[int | None] = mapped_column(BigInteger)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class CorpusState(Base):
    """One row (id 1): the corpus version, raised in the transaction that stores or replaces a document.

    Writers serialise on this row, so versions are committed in order; an instance whose index or caches
    were built at an older version brings them up to date before answering."""

    __tablename__ = "corpus_state"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(BigInteger, default=0)


def corpus_version(session: Session) -> int:
    """The current corpus version (0 before the first document)."""
    return session.scalar(select(CorpusState.version).where(CorpusState.id == 1)) or 0


def bump_corpus_version(session: Session) -> int:
    """Raise the corpus version in the caller's transaction (which then holds the row until it commits)."""
    if not rows_changed(session, update(CorpusState).where(CorpusState.id == 1)
                        .values(version=CorpusState.version + 1)):
        session.add(CorpusState(id=1, version=1))
        session.flush()
    return corpus_version(session)
