"""The JSON shapes of documents, tasks, units and criteria (the CLI's --json and the answer contract)."""
from __future__ import annotations

from typing import Any

from corpus import models as m


def locality_label(doc: m.Document) -> str | None:
    return doc.locality.label() if doc.locality else None


def document_json(doc: m.Document) -> dict[str, Any]:
    """One document as `cchc documents --json` prints it."""
    return {
        "id": doc.id,
        "file": doc.file_name,
        "kind": doc.kind,
        "number": doc.number,
        "issuer": doc.issuer,
        "locality": locality_label(doc),
        "district": doc.locality.district if doc.locality else None,
        "province": doc.locality.province if doc.locality else None,
        "issued": {"year": doc.issued_year, "month": doc.issued_month, "day": doc.issued_day},
        "subject": doc.subject,
        "title": doc.title(),
        "signer": {"name": doc.signer_name, "title": doc.signer_title},
        "recipients": doc.recipients,
        "references": [{"kind": r.kind, "number": r.number, "date": r.date.isoformat() if r.date else None,
                        "issuer": r.issuer} for r in doc.references],
        "sections": len(doc.sections),
        "tasks": len(doc.tasks),
        "version": doc.version,
    }


def deadline_json(task: m.Task) -> dict[str, Any] | None:
    if task.deadline_date is None and not task.recurrence and not task.working_days:
        return None
    return {
        "date": task.deadline_date.isoformat() if task.deadline_date else None,
        "time": task.deadline_time.strftime("%H:%M") if task.deadline_time else None,
        "qualifier": task.qualifier,
        "precision": task.precision or "day",
        "recurrence": task.recurrence,
    }


def doers(task: m.Task) -> list[m.TaskUnit]:
    return [tu for tu in task.units if not tu.partner]


def source_json(task: m.Task) -> dict[str, Any]:
    doc = task.document
    return {"file": doc.file_name, "title": doc.title(), "issuer": doc.issuer, "locality": locality_label(doc),
            "section": task.section_path}


def task_json(task: m.Task) -> dict[str, Any]:
    """One task as `cchc tasks --json` prints it."""
    doc = task.document
    return {
        "id": task.id,
        "document": {"file": doc.file_name, "title": doc.title(), "issuer": doc.issuer,
                     "locality": locality_label(doc)},
        "what": task.what,
        "units": [tu.unit.name for tu in doers(task)],
        "roles": [{"unit": tu.unit.name, "role": tu.role, "as_written": tu.as_written} for tu in task.units],
        "deadline": deadline_json(task),
        "submit_to": task.submit_to,
        "section": task.section_path,
        "quote": task.quote,
    }


def criterion_json(c: m.Criterion) -> dict[str, Any]:
    """A criterion with its owners and the evidence for each."""
    from sqlalchemy.orm import object_session

    session = object_session(c)
    loc = session.get(m.Locality, c.locality_id) if session and c.locality_id else None
    return {
        "code": c.code,
        "name": c.name,
        "kind": c.kind,
        "locality": loc.label() if loc else None,
        "owners": [{"unit": o.unit.name, "evidence": o.evidence or None, "task_id": o.task_id} for o in c.owners],
    }
