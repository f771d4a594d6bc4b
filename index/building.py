"""Index documents from the database: one per section (heading + text) and one per task (its quote)."""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload
from whoosh.index import Index
from whoosh.writing import IndexWriter

from corpus import models as m
from corpus.passages import Passage, split_passages
from index.analysis import word_analyzer
from index.codec import LengthsCodec
from index.schema import TEXT_COPIES

WRITER_LIMIT_MB = 256
PARALLEL_FROM_DOCS = 20  # a build or update of this many documents or more runs in two writer processes
TASK_SKIPS = ("words", "pairs", "context")  # fields a task record leaves out (its passage has them)
LOCK_TIMEOUT = 30.0  # seconds an update waits for another writer
LOCK_DELAY = 0.25

Record = dict[str, Any]


@dataclass(frozen=True)
class IndexCounts:
    """What a build or an update wrote."""

    documents: int
    sections: int
    tasks: int


def load_documents(session: Session, doc_ids: Sequence[int] | None = None) -> list[m.Document]:
    """Documents with everything the index needs, loaded in a few queries."""
    q = select(m.Document).order_by(m.Document.id).options(
        selectinload(m.Document.locality),
        selectinload(m.Document.sections),
        selectinload(m.Document.tasks).selectinload(m.Task.units).selectinload(m.TaskUnit.unit),
    )
    if doc_ids is not None:
        q = q.where(m.Document.id.in_(list(doc_ids)))
    return list(session.scalars(q))


def records_of(doc: m.Document) -> Iterator[Record]:
    """The index documents of one directive: its header facts, every passage of its sections (kind
    "section": a sentence, list item or table row, with the heading path and table columns as context),
    then its tasks."""
    common = {
        "document_id": str(doc.id),
        "title": doc.title(),
        "issuer": doc.issuer or "",
        "locality": doc.locality.label() if doc.locality else "",
        "doc_kind": doc.kind or "",
    }
    units_by_section: dict[int, list[str]] = {}
    for task in doc.tasks:
        if task.section_id is not None:
            units_by_section.setdefault(task.section_id, []).extend(_doers(task))
    sections = list(doc.sections)
    head = header_text(doc)
    if head:
        rec = make_record(common, f"h:{doc.id}", "section", sections[0].id if sections else None, None, "",
                          [], "", head, context="")
        rec["extra"] = {"kind": "header", "ord": -1}
        yield rec
    for p in split_passages(sections):
        sec = sections[p.section_index]
        units = list(dict.fromkeys(units_by_section.get(sec.id, [])))
        rec = make_record(common, f"p:{doc.id}:{p.ord}", "section", sec.id, None, sec.path, units, "", p.text,
                          context=p.near_context)
        rec["extra"] = passage_extra(p)
        yield rec
    for task in doc.tasks:
        deadline = task.deadline_date.isoformat() if task.deadline_date else ""
        rec = make_record(common, f"t:{task.id}", "task", task.section_id, task.id, task.section_path,
                          _doers(task), deadline, task.quote)
        for name in TASK_SKIPS:  # a task repeats a passage's text: found by its words, numbers and dates
            rec.pop(name, None)
        yield rec


def passage_extra(p: Passage) -> dict[str, Any]:
    """What the answer readers need of a passage besides its text (stored, not searched)."""
    return p.extra()


def header_text(doc: m.Document) -> str:
    """The facts of a directive's header as one passage: kind, number, date, issuer, subject, who signed."""
    parts = [doc.title()]
    if doc.number:
        parts.append(f"Số {doc.number}")
    if doc.issued_year and doc.issued_month and doc.issued_day:
        parts.append(f"ngày {doc.issued_day:02d} tháng {doc.issued_month:02d} năm {doc.issued_year} "
                     f"({doc.issued_day:02d}/{doc.issued_month:02d}/{doc.issued_year})")
    if doc.issuer:
        parts.append(f"của {doc.issuer}")
    text = ", ".join(parts) + "."
    if doc.signer_name:
        text += f" Người ký: {doc.signer_title or ''} {doc.signer_name}.".replace("  ", " ")
    return text


def section_text(sec: m.Section) -> str:
    """The heading and the text of a section (the heading once, when the text already opens with it)."""
    head = sec.heading.strip()
    if not head or head in sec.text[: len(head) + 16]:
        return sec.text
    return f"{head}\n{sec.text}"


def _doers(task: m.Task) -> list[str]:
    return [tu.unit.name for tu in task.units if not tu.partner]


def make_record(common: Record, rid: str, kind: str, section_id: int | None, task_id: int | None, path: str,
                units: list[str], deadline: str, text: str, *, context: str = "") -> Record:
    """One index document; `common` holds the directive's fields (document_id, title, issuer, locality…)."""
    rec = {**common, "id": rid, "kind": kind, "section_id": section_id, "task_id": task_id, "path": path or "",
           "units": ",".join(u.replace(",", " ") for u in units), "deadline": deadline, "text": text}
    rec.update({name: text for name in TEXT_COPIES})
    # A passage's context is what stands over it (headings, list lead, table columns); the directive's title,
    # issuer and place are the context of its header record only (repeated on every passage they would be
    # most of the index's postings).
    rec["context"] = context if kind == "section" and rid.startswith("p:") else \
        " ".join([context, *(str(common.get(k) or "") for k in ("title", "issuer", "locality"))])
    return rec


def add_documents(writer: IndexWriter, docs: Iterable[m.Document]) -> IndexCounts:
    """Add every record of the documents to an open writer."""
    n_docs = sections = tasks = 0
    for doc in docs:
        n_docs += 1
        for rec in records_of(doc):
            writer.add_document(**rec)
            if rec["kind"] == "section":
                sections += 1  # passages (and the header) of the sections
            else:
                tasks += 1
    return IndexCounts(n_docs, sections, tasks)


def write_all(ix: Index, session: Session) -> IndexCounts:
    """Fill a fresh index with every document of the database, in one commit (a big one in as many
    processes as there are CPUs, up to two, each writing its own segment)."""
    procs = _writer_procs(session.scalar(select(func.count(m.Document.id))) or 0)
    writer = ix.writer(limitmb=WRITER_LIMIT_MB, procs=procs, multisegment=procs > 1, codec=LengthsCodec())
    with _cancelled_on_error(writer):
        counts = add_documents(writer, load_documents(session))
        writer.commit()
    return counts


def replace_documents(ix: Index, session: Session, doc_ids: Sequence[int]) -> IndexCounts:
    """Delete the documents' old sections and tasks and add the current ones, waiting for the writer lock."""
    procs = _writer_procs(len(doc_ids))
    writer = ix.writer(timeout=LOCK_TIMEOUT, delay=LOCK_DELAY, limitmb=WRITER_LIMIT_MB, procs=procs,
                       multisegment=procs > 1, codec=LengthsCodec())
    with _cancelled_on_error(writer):
        for doc_id in doc_ids:
            writer.delete_by_term("document_id", str(doc_id))
        counts = add_documents(writer, load_documents(session, doc_ids))
        writer.commit()
    return counts


def _writer_procs(documents: int) -> int:
    """Writer processes for a batch: two (one segment each) when it is big enough and the machine has the CPUs."""
    procs = min(2, os.cpu_count() or 1) if documents >= PARALLEL_FROM_DOCS and hasattr(os, "fork") else 1
    if procs > 1:
        list(word_analyzer()("khởi động"))  # pyvi's model loaded once, before the writers fork
    return procs


@contextmanager
def _cancelled_on_error(writer: IndexWriter) -> Iterator[None]:
    """Cancel the writer (its temp files and its lock) when anything fails before the commit is done."""
    try:
        yield
    except BaseException:
        if not getattr(writer, "is_closed", False):
            writer.cancel()
        raise
