"""The database: SQLAlchemy 2 typed models of directives and the facts read from them."""
from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy import false as sa_false
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)

class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map = {dict[str, Any]: JSON, list[Any]: JSON}

class Locality(Base):
    """A district (or a province alone); unit names are unique only within one."""

    __tablename__ = "locality"
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(200), unique=True)
    district: Mapped[str | None] = mapped_column(String(100))
    district_kind: Mapped[str | None] = mapped_column(String(20))
    province: Mapped[str | None] = mapped_column(String(100))
    province_kind: Mapped[str | None] = mapped_column(String(20))

    def label(self) -> str:
        """'huyện Vĩnh Linh, tỉnh Quảng Trị': written as corpus.localities.Locality writes it."""
        from corpus.localities import Locality as Place

        return Place(self.district, self.district_kind, self.province, self.province_kind).label()

class UnitMembership(Base):
    """A unit belongs to a group unit ('UBND xã Vĩnh Thạch' ∈ 'UBND các xã, thị trấn')."""

    __tablename__ = "unit_membership"
    group_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("unit.id", ondelete="CASCADE"), primary_key=True)

class Unit(Base):
    """A unit of a locality (Phòng Tư pháp), or a group of units (UBND các xã, thị trấn)."""

    __tablename__ = "unit"
    __table_args__ = (UniqueConstraint("locality_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"))
    key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(40))  # phòng, văn phòng, ubnd_xã, trung tâm, group, …
    is_group: Mapped[bool] = mapped_column(Boolean, default=False)
    member_kinds: Mapped[list[Any]] = mapped_column(default=list)  # for groups: kinds of member units
    aliases: Mapped[list[Any]] = mapped_column(default=list)
    locality: Mapped[Locality | None] = relationship()

class Document(Base):
    """One directive, as last ingested; a changed file replaces its earlier version."""

    __tablename__ = "document"
    id: Mapped[int] = mapped_column(primary_key=True)
    file_name: Mapped[str] = mapped_column(String(255), unique=True)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    version: Mapped[int] = mapped_column(default=1)
    kind: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[str | None] = mapped_column(String(80), index=True)
    issuer: Mapped[str | None] = mapped_column(String(200))
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"))
    issued_year: Mapped[int | None]
    issued_month: Mapped[int | None]
    issued_day: Mapped[int | None]
    subject: Mapped[str | None] = mapped_column(Text)
    signer_name: Mapped[str | None] = mapped_column(String(120))
    signer_title: Mapped[str | None] = mapped_column(String(120))
    recipients: Mapped[list[Any]] = mapped_column(default=list)
    cc: Mapped[list[Any]] = mapped_column(default=list)
    text: Mapped[str] = mapped_column(Text)
    ingested_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # the numbers of the documents this one says it replaces or repeals ("thay thế Quyết định số …", "bãi bỏ")
    repeals: Mapped[list[Any] | None] = mapped_column(JSON)
    # a later stored directive that replaces or repeals this one, and the sentence that says so (no foreign key:
    # adding one makes SQLite rebuild the table, and dropping the old table would cascade to every task)
    superseded_by_id: Mapped[int | None]
    superseded_note: Mapped[str | None] = mapped_column(Text)
    locality: Mapped[Locality | None] = relationship()
    sections: Mapped[list[Section]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Section.ord"
    )
    references: Mapped[list[Reference]] = relationship(
        back_populates="document", cascade="all, delete-orphan", foreign_keys="Reference.document_id"
    )
    tasks: Mapped[list[Task]] = relationship(
        back_populates="document", cascade="all, delete-orphan", order_by="Task.ord"
    )

    def title(self) -> str:
        """'Công văn V/v …' or 'Kế hoạch Nâng cao …' (kind, number when known, subject)."""
        kind = self.kind or "Văn bản"
        num = self.number if self.number and self.number[:1].isdigit() else None
        subject = self.subject or ""
        if kind == "Công văn" and subject:
            subject = "V/v " + subject
        return " ".join(p for p in (kind, f"số {num}" if num else None, subject) if p)

class Section(Base):
    """A numbered part of a directive, with its own text."""

    __tablename__ = "section"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    ord: Mapped[int]
    path: Mapped[str] = mapped_column(String(60))
    number: Mapped[str | None] = mapped_column(String(20))
    heading: Mapped[str] = mapped_column(Text, default="")
    level: Mapped[int] = mapped_column(default=0)
    appendix: Mapped[bool] = mapped_column(Boolean, default=False)
    part: Mapped[str] = mapped_column(Text, default="", server_default="")  # the attached document's title
    template: Mapped[bool] = mapped_column(Boolean, default=False, server_default=sa_false())  # a blank form
    text: Mapped[str] = mapped_column(Text)
    document: Mapped[Document] = relationship(back_populates="sections")

class Reference(Base):
    """A document cited by a directive (linked when it is stored too)."""

    __tablename__ = "reference"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str | None] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(80), index=True)
    date: Mapped[dt.date | None] = mapped_column(Date)
    issuer: Mapped[str | None] = mapped_column(String(200))
    cited_document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="SET NULL"))
    document: Mapped[Document] = relationship(back_populates="references", foreign_keys=[document_id])

class Task(Base):
    """A duty read from a directive: what, by whom, by when, sent to whom, and the sentence it came from."""

    __tablename__ = "task"
    id: Mapped[int] = mapped_column(primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"), index=True)
    section_id: Mapped[int | None] = mapped_column(ForeignKey("section.id", ondelete="SET NULL"))
    ord: Mapped[int]
    fingerprint: Mapped[str] = mapped_column(String(64), index=True)
    what: Mapped[str] = mapped_column(Text)
    quote: Mapped[str] = mapped_column(Text)
    section_path: Mapped[str] = mapped_column(String(60), default="")
    submit_to: Mapped[str | None] = mapped_column(String(200))
    deadline_date: Mapped[dt.date | None] = mapped_column(Date, index=True)
    deadline_time: Mapped[dt.time | None] = mapped_column(Time)
    qualifier: Mapped[str | None] = mapped_column(String(40))
    precision: Mapped[str | None] = mapped_column(String(10))
    recurrence: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    deadline_raw: Mapped[str | None] = mapped_column(Text)
    working_days: Mapped[int | None]  # "trong 05 ngày làm việc kể từ …" not yet resolvable to a date
    # pending (read, waiting for the coordinator) | confirmed (reminded) | dropped (not a duty after all)
    review: Mapped[str] = mapped_column(String(10), default="confirmed", server_default="confirmed")
    document: Mapped[Document] = relationship(back_populates="tasks")
    units: Mapped[list[TaskUnit]] = relationship(cascade="all, delete-orphan", order_by="TaskUnit.ord")

class TaskUnit(Base):
    """A unit named for a task, with its role (chủ trì, phối hợp, thực hiện)."""

    __tablename__ = "task_unit"
    id: Mapped[int] = mapped_column(primary_key=True)
    task_id: Mapped[int] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    as_written: Mapped[str] = mapped_column(String(300))
    ord: Mapped[int] = mapped_column(default=0)
    partner: Mapped[bool] = mapped_column(Boolean, default=False)  # named only as a partner ("phối hợp với X")
    unit: Mapped[Unit] = relationship()

class Criterion(Base):
    """A field (lĩnh vực) of the CCHC index, or a topic asked about the same way, in one locality."""

    __tablename__ = "criterion"
    __table_args__ = (Index("ix_criterion_locality_key", "locality_id", "key"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    locality_id: Mapped[int | None] = mapped_column(ForeignKey("locality.id"))
    key: Mapped[str] = mapped_column(String(200))
    code: Mapped[str | None] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(10))  # field | topic
    keywords: Mapped[list[Any]] = mapped_column(default=list)
    document_id: Mapped[int | None] = mapped_column(ForeignKey("document.id", ondelete="CASCADE"))
    owners: Mapped[list[CriterionOwner]] = relationship(cascade="all, delete-orphan")

class CriterionOwner(Base):
    """The unit whose duties cover a criterion, with the sentence that shows it."""

    __tablename__ = "criterion_owner"
    id: Mapped[int] = mapped_column(primary_key=True)
    criterion_id: Mapped[int] = mapped_column(ForeignKey("criterion.id", ondelete="CASCADE"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"))
    evidence: Mapped[str] = mapped_column(Text)
    task_id: Mapped[int | None] = mapped_column(ForeignKey("task.id", ondelete="CASCADE"))
    score: Mapped[float] = mapped_column(default=0.0)
    unit: Mapped[Unit] = relationship()
    task: Mapped[Task | None] = relationship()
