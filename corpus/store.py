"""Ingest: a file becomes a Document with its sections, references, tasks, units and criteria.

`prepare` is pure (read → normalise → structure → extract); `store` writes a prepared document in
the caller's session and transaction, so one directive is stored whole or not at all.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from corpus import models as m
from corpus.criteria import refresh_criteria
from corpus.localities import Gazetteer, Locality, default_gazetteer
from corpus.reading import RawDocument
from corpus.repeals import find_repeals
from corpus.structure import ParsedDocument, parse_document
from corpus.tasks import ExtractedTask, ReviewItem, UnitRole, extract_tasks
from corpus.text import key, normalize_text
from corpus.units import UnitRegistry, load_registry


@dataclass
class PreparedDocument:
    """A directive read and understood, not yet stored (what a dry run shows)."""

    raw: RawDocument
    text: str
    parsed: ParsedDocument
    tasks: list[ExtractedTask]
    review: list[ReviewItem]


@dataclass
class IngestResult:
    file_name: str
    status: str  # added | replaced | unchanged
    document_id: int
    tasks: int = 0
    deadlines: int = 0
    units: int = 0
    review: list[ReviewItem] = field(default_factory=list)


@dataclass
class Knowledge:
    """What ingest needs besides the file: the unit registry and the gazetteer."""

    registry: UnitRegistry = field(default_factory=load_registry)
    gazetteer: Gazetteer = field(default_factory=default_gazetteer)


def prepare(raw: RawDocument, knowledge: Knowledge) -> PreparedDocument:
    """Normalise, parse and extract, without touching the database."""
    text = normalize_text(raw.text)
    parsed = parse_document(text, gazetteer=knowledge.gazetteer)
    tasks, review = extract_tasks(parsed, knowledge.registry)
    return PreparedDocument(raw, text, parsed, tasks, review)


def learn_localities(session: Session, gazetteer: Gazetteer) -> None:
    """Teach the gazetteer the district → province pairs already in the database."""
    for loc in session.scalars(select(m.Locality)):
        if loc.district and loc.province:
            gazetteer.add_district(loc.district, loc.province)


def unchanged(session: Session, raw: RawDocument) -> IngestResult | None:
    """The result for a file stored before with the same content (None when it is new or changed)."""
    existing = session.scalar(select(m.Document).where(m.Document.file_name == raw.file_name))
    if existing is not None and existing.sha256 == raw.sha256:
        return IngestResult(raw.file_name, "unchanged", existing.id)
    return None


def locality_row(session: Session, loc: Locality) -> m.Locality | None:
    """The database row of a locality, created on first sight."""
    if not loc.district and not loc.province:
        return None
    k = key(f"{loc.district or ''}|{loc.province or ''}")
    row = session.scalar(select(m.Locality).where(m.Locality.key == k))
    if row is None:
        row = m.Locality(key=k, district=loc.district, district_kind=loc.district_kind,
                         province=loc.province, province_kind=loc.province_kind)
        session.add(row)
        session.flush()
    return row


def unit_row(session: Session, locality: m.Locality | None, u: UnitRole) -> m.Unit:
    """The unit of a locality with this canonical name, created on first sight."""
    from corpus.units import unit_key

    k = unit_key(u.name)
    loc_id = locality.id if locality else None
    with session.no_autoflush:
        row = session.scalar(select(m.Unit).where(m.Unit.locality_id == loc_id, m.Unit.key == k))
    if row is None:
        row = m.Unit(locality_id=loc_id, key=k, name=u.name, kind=u.kind, is_group=u.is_group,
                     member_kinds=list(u.members), aliases=[])
        session.add(row)
        session.flush()
    if u.as_written and u.as_written != row.name and u.as_written not in row.aliases:
        row.aliases = [*row.aliases, u.as_written]
    return row


def store(session: Session, doc: PreparedDocument, *, review: str = "confirmed") -> IngestResult:
    """Write a prepared document (replacing an earlier version of the same file) in the caller's session.

    review: the state of tasks new to this document ("pending" waits for the coordinator, "confirmed" is
    reminded at once); a task kept from the earlier version keeps its state and what people edited in it."""
    h = doc.parsed.header
    locality = locality_row(session, h.locality)
    existing = session.scalar(select(m.Document).where(m.Document.file_name == doc.raw.file_name))
    status = "replaced" if existing is not None else "added"
    row = existing or m.Document(file_name=doc.raw.file_name, text="", sha256="")
    if existing is not None:
        row.version += 1
        row.sections.clear()
        row.references.clear()
        session.flush()
    _fill_document(row, doc, locality)
    session.add(row)
    session.flush()
    sections = _store_sections(session, row, doc)
    _store_references(session, row, doc)
    units = _store_tasks(session, row, doc, locality, sections, review)
    session.flush()
    _link_supersession(session, row)
    refresh_criteria(session, row)
    dated = sum(1 for t in doc.tasks if t.deadline is not None)
    return IngestResult(doc.raw.file_name, status, row.id, len(doc.tasks), dated, units, doc.review)


def _fill_document(row: m.Document, doc: PreparedDocument, locality: m.Locality | None) -> None:
    h = doc.parsed.header
    row.sha256, row.text = doc.raw.sha256, doc.text
    row.kind, row.number, row.issuer, row.subject = h.kind, h.number, h.issuer, h.subject
    row.locality_id = locality.id if locality else None
    row.issued_year, row.issued_month, row.issued_day = h.issued.year, h.issued.month, h.issued.day
    row.signer_name, row.signer_title = h.signer.name, h.signer.title
    row.recipients = [r.to_json() for r in h.recipients]
    row.cc = list(h.cc)
    row.ingested_at = dt.datetime.now(dt.UTC)


def _store_sections(session: Session, row: m.Document, doc: PreparedDocument) -> dict[str, m.Section]:
    out: dict[str, m.Section] = {}
    for s in doc.parsed.sections:
        sec = m.Section(ord=s.order, path=s.path, number=s.number, heading=s.heading, level=s.level,
                        appendix=s.appendix, part=s.part, template=s.template, text=s.text)
        row.sections.append(sec)
        out[s.path] = sec
    session.flush()
    return out


def _link_supersession(session: Session, row: m.Document) -> None:
    """Mark the stored documents this one replaces or repeals as superseded by it, and this one as superseded
    when a stored document already said it replaces it (whichever of the two was stored first)."""
    from sqlalchemy import func

    repeals = find_repeals(row.text, own_number=row.number)
    row.repeals = [r.number for r in repeals] or None
    for r in repeals:
        for old in session.scalars(select(m.Document).where(func.lower(m.Document.number) == r.number.lower(),
                                                            m.Document.id != row.id)):
            old.superseded_by_id, old.superseded_note = row.id, r.sentence
    if not row.number or not row.number[:1].isdigit():
        return
    for newer_id, numbers in session.execute(select(m.Document.id, m.Document.repeals).where(m.Document.id != row.id)):
        if isinstance(numbers, list) and row.number.lower() in {str(n).lower() for n in numbers}:
            newer = session.get_one(m.Document, newer_id)
            said = [r for r in find_repeals(newer.text, own_number=newer.number)
                    if r.number.lower() == row.number.lower()]
            row.superseded_by_id, row.superseded_note = newer_id, said[0].sentence if said else None


def _store_references(session: Session, row: m.Document, doc: PreparedDocument) -> None:
    numbers = {c.number for c in doc.parsed.citations if c.number}
    known: dict[str, int] = {}
    if numbers:  # one query for every document the directive cites, not one each
        with session.no_autoflush:
            for number, doc_id in session.execute(select(m.Document.number, m.Document.id)
                                                  .where(m.Document.number.in_(numbers)).order_by(m.Document.id)):
                known.setdefault(number, doc_id)
    for c in doc.parsed.citations:
        row.references.append(m.Reference(kind=c.kind, number=c.number, date=c.date, issuer=c.issuer,
                                          cited_document_id=known.get(c.number)))


def _store_tasks(session: Session, row: m.Document, doc: PreparedDocument, locality: m.Locality | None,
                 sections: dict[str, m.Section], review: str) -> int:
    """Tasks keep their id when their sentence did not change (so their status survives a new version), and
    the fields a person edited (corpus.tracking.AuditEntry) are not read again over the edit."""
    old = {t.fingerprint: t for t in row.tasks}
    edited = _edited_fields(session, [t.id for t in old.values() if t.id is not None])
    keep: list[m.Task] = []
    units: dict[str, m.Unit] = {}  # one lookup per unit name, not per mention
    kept_ids: set[int] = set()  # units of tasks whose units a person edited
    for i, t in enumerate(doc.tasks):
        task = old.pop(t.fingerprint, None) or m.Task(fingerprint=t.fingerprint, what="", quote="", ord=i,
                                                      review=review)
        fixed = edited.get(task.id, set()) if task.id is not None else set()
        _fill_task(task, t, i, sections, fixed)
        if "units" in fixed:
            kept_ids.update(tu.unit_id for tu in task.units)
            keep.append(task)
            continue
        task.units.clear()
        for j, u in enumerate(t.units):
            unit = units.get(u.name)
            if unit is None:
                unit = units[u.name] = unit_row(session, locality, u)
            elif u.as_written and u.as_written != unit.name and u.as_written not in unit.aliases:
                unit.aliases = [*unit.aliases, u.as_written]
            task.units.append(m.TaskUnit(unit=unit, role=u.role, as_written=u.as_written[:300], ord=j,
                                         partner=u.partner))
        keep.append(task)
    row.tasks = keep
    return len({u.id for u in units.values()} | kept_ids)


def _edited_fields(session: Session, task_ids: list[int]) -> dict[int, set[str]]:
    """The fields people edited, per task id."""
    from corpus.tracking import AuditEntry

    out: dict[int, set[str]] = {}
    if not task_ids:
        return out
    rows = session.execute(select(AuditEntry.task_id, AuditEntry.field).where(
        AuditEntry.task_id.in_(task_ids), AuditEntry.field.in_(("deadline", "units", "submit_to"))))
    for task_id, name in rows:
        out.setdefault(task_id, set()).add(name)
    return out


def _fill_task(task: m.Task, t: ExtractedTask, i: int, sections: dict[str, m.Section],
               fixed: set[str] | frozenset[str] = frozenset()) -> None:
    sec = sections.get(t.section_path)
    task.ord, task.what, task.quote, task.section_path = i, t.what, t.quote, t.section_path
    task.section_id = sec.id if sec else None
    if "submit_to" not in fixed:
        task.submit_to = t.submit_to
    if "deadline" in fixed:
        return
    d = t.deadline
    task.deadline_date = d.date if d else None
    task.deadline_time = d.time if d else None
    task.qualifier = d.qualifier if d else None
    task.precision = d.precision if d else None
    task.recurrence = d.recurrence.to_json() if d and d.recurrence else None
    task.deadline_raw = d.raw if d else None
    task.working_days = d.working_days if d else None
