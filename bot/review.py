"""The coordinator's review of what was read: confirm, edit (deadline, units, submit-to) or drop each task.

A task read from a new directive waits ("pending") until the coordinator confirms it; only confirmed tasks are
reminded, listed by /viec and counted by /tiendo (bot.reminders.targets.in_force). Every change of a task's
deadline, units, submit-to or review state is written to the audit trail (corpus.tracking.AuditEntry) with who
made it, when, and the old and new values. The CLI (`cchc review`) and the bot call the same functions; the
caller owns the session and its transaction. Bad input raises a UserError and changes nothing.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sqlalchemy import ColumnElement, delete, select, update
from sqlalchemy.orm import Session, selectinload

from bot import records
from corpus import models as m
from corpus import tracking as tr
from corpus.db import rows_changed
from corpus.deadlines import Recurrence
from corpus.errors import NotFound, UserError
from corpus.store import unit_row
from corpus.tasks import UnitRole
from corpus.text import key
from corpus.tracking import bump_corpus_version
from corpus.units import UnitRegistry, unit_key

STATES = ("pending", "confirmed", "dropped")
STATE_LABELS = {"pending": "chờ xác nhận", "confirmed": "đã xác nhận", "dropped": "đã bỏ",
                "withdrawn": "đã thu hồi", "open": "chưa xong", "done": "đã xong",
                "current": "còn hiệu lực", "superseded": "bị thay thế"}
FIELD_LABELS = {"deadline": "hạn", "units": "đơn vị", "submit_to": "gửi về", "review": "xác nhận",
                "status": "tiến độ", "document": "văn bản"}
EDITABLE = ("deadline", "units", "submit_to")
NONE_WORDS = frozenset({"khong", "bo", "xoa", "-", "khong co", "khong ghi"})
MAX_SUBMIT_TO = 200
_DATE = re.compile(r"^(?:(?P<h>\d{1,2})[:hg](?P<mi>\d{2})?\s*(?:ng[aà]y\s+)?)?(?P<d>\d{1,2})[/.-](?P<mo>\d{1,2})"
                   r"[/.-](?P<y>\d{4})(?:,?\s+(?:l[uú]c\s+)?(?P<h2>\d{1,2})[:hg](?P<mi2>\d{2})?)?$")


@dataclass(frozen=True)
class Actor:
    """Who makes a change: a Telegram user (id and name) or a person at the command line (name only)."""

    user_id: int | None
    name: str


@dataclass(frozen=True)
class ReviewCard:
    """A task as the coordinator reviews it."""

    task_id: int
    document_id: int
    document: str
    position: int  # 1-based, among the document's tasks
    total: int
    what: str
    quote: str
    deadline: str
    units: list[str]
    submit_to: str | None
    section: str
    state: str
    waiting: int  # tasks of the same document still waiting for review


@dataclass(frozen=True)
class HistoryLine:
    """One audit entry as people read it."""

    at: dt.datetime
    who: str
    document: str
    task_id: int | None
    task: str
    field: str
    old: str
    new: str


# ------------------------------------------------------------------ reading


def document_label(doc: m.Document) -> str:
    """'Kế hoạch số 11/KH-UBND (tệp 000_….txt)': the number when it has one, and always the file."""
    num = doc.number if doc.number and doc.number[:1].isdigit() else None
    kind = doc.kind or "Văn bản"
    return f"{kind} số {num} ({doc.file_name})" if num else f"{kind} ({doc.file_name})"


def deadline_label(task: m.Task) -> str:
    """A task's deadline in words, dates as dd/mm/yyyy; '' when it has none."""
    if task.recurrence and task.recurrence.get("freq"):
        return Recurrence.from_json(task.recurrence).label
    if task.deadline_date is None:
        return f"trong {task.working_days} ngày làm việc" if task.working_days else ""
    day = task.deadline_date.strftime("%d/%m/%Y")
    if task.precision == "month":
        return f"trong tháng {task.deadline_date:%m/%Y} (đến {day})"
    return day + (f" {task.deadline_time:%H:%M}" if task.deadline_time else "")


def units_label(task: m.Task) -> str:
    """The units that must do the task, '; '-separated."""
    return "; ".join(tu.unit.name for tu in records.doers(task))


def _card(session: Session, task: m.Task) -> ReviewCard:
    doc = task.document
    ids = [t.id for t in doc.tasks]
    waiting = sum(1 for t in doc.tasks if t.review == "pending")
    return ReviewCard(task.id, doc.id, document_label(doc), ids.index(task.id) + 1, len(ids), task.what,
                      task.quote, deadline_label(task), [tu.unit.name for tu in records.doers(task)],
                      task.submit_to, task.section_path, task.review, waiting)


def card(session: Session, task_id: int) -> ReviewCard:
    """One task as a review card; NotFound when it is gone."""
    return _card(session, _task(session, task_id))


def next_card(session: Session, document_id: int | None = None) -> ReviewCard | None:
    """The next task waiting for review (of one document, or of any), in document order; None when none is."""
    q = (select(m.Task).where(m.Task.review == "pending").order_by(m.Task.document_id, m.Task.ord)
         .options(selectinload(m.Task.units)))
    if document_id is not None:
        q = q.where(m.Task.document_id == document_id)
    task = session.scalars(q.limit(1)).first()
    return _card(session, task) if task is not None else None


def cards(session: Session, document_id: int | None = None, states: tuple[str, ...] = ("pending",)) -> list[ReviewCard]:
    """Every task in these review states (of one document, or of all), in document order."""
    q = select(m.Task).where(m.Task.review.in_(states)).order_by(m.Task.document_id, m.Task.ord)
    if document_id is not None:
        q = q.where(m.Task.document_id == document_id)
    return [_card(session, t) for t in session.scalars(q)]


def waiting_count(session: Session, document_id: int | None = None) -> int:
    """How many tasks wait for review."""
    q = select(m.Task.id).where(m.Task.review == "pending")
    if document_id is not None:
        q = q.where(m.Task.document_id == document_id)
    return len(session.scalars(q).all())


def _task(session: Session, task_id: int) -> m.Task:
    task = session.get(m.Task, task_id)
    if task is None:
        raise NotFound(f"Không tìm thấy nhiệm vụ #{task_id} (văn bản có thể đã được cập nhật hoặc thu hồi).")
    return task


# ------------------------------------------------------------------ the audit trail


def record(session: Session, task: m.Task | None, field: str, old: str | None, new: str | None, actor: Actor,
           now: dt.datetime, *, document: m.Document | None = None) -> tr.AuditEntry:
    """Write one audit entry in the caller's transaction."""
    doc = document or (task.document if task is not None else None)
    entry = tr.AuditEntry(document_id=doc.id if doc else None, task_id=task.id if task else None,
                          document_label=document_label(doc)[:300] if doc else "",
                          task_label=" ".join(task.what.split())[:500] if task else "", field=field,
                          old=old, new=new, by_user=actor.user_id, by_name=actor.name[:200],
                          at=now.astimezone(dt.UTC))
    session.add(entry)
    bump_corpus_version(session)  # every instance reloads the tasks its answers use (edited, dropped)
    return entry


def history(session: Session, *, document_id: int | None = None, task_id: int | None = None,
            limit: int = 50) -> list[HistoryLine]:
    """The latest audit entries (of one document or task), newest first."""
    q = select(tr.AuditEntry).order_by(tr.AuditEntry.at.desc(), tr.AuditEntry.id.desc()).limit(limit)
    if document_id is not None:
        q = q.where(tr.AuditEntry.document_id == document_id)
    if task_id is not None:
        q = q.where(tr.AuditEntry.task_id == task_id)
    out = []
    for e in session.scalars(q):
        at = e.at if e.at.tzinfo else e.at.replace(tzinfo=dt.UTC)
        who = e.by_name or (f"Telegram #{e.by_user}" if e.by_user else "không rõ")
        out.append(HistoryLine(at, who, e.document_label, e.task_id, e.task_label, e.field,
                               _shown(e.field, e.old), _shown(e.field, e.new)))
    return out


def _shown(field: str, value: str | None) -> str:
    if value is None or value == "":
        return "(trống)"
    if field in ("review", "status", "document"):
        return STATE_LABELS.get(value, value)
    return value


# ------------------------------------------------------------------ confirming and dropping


def set_review(session: Session, task_id: int, state: str, actor: Actor, now: dt.datetime) -> bool:
    """Confirm or drop a task (or put it back to pending); False when it already was in that state."""
    if state not in STATES:
        raise ValueError(state)
    task = _task(session, task_id)
    old = task.review
    if old == state:
        return False
    task.review = state
    record(session, task, "review", old, state, actor, now)
    if state != "confirmed":
        _skip_pending(session, m.Task.id == task_id, "review")
    session.flush()
    return True


def confirm_all(session: Session, document_id: int, actor: Actor, now: dt.datetime) -> int:
    """Confirm every task of a document still waiting for review; returns how many."""
    ids = list(session.scalars(select(m.Task.id).where(m.Task.document_id == document_id,
                                                       m.Task.review == "pending").order_by(m.Task.ord)))
    for task_id in ids:
        set_review(session, task_id, "confirmed", actor, now)
    return len(ids)


def _skip_pending(session: Session, which: ColumnElement[bool], reason: str,
                  unit_ids: set[int] | None = None) -> None:
    """Pending outbox rows of these tasks (and units) will not be sent."""
    tasks = select(m.Task.id).where(which)
    q = update(tr.Reminder).where(tr.Reminder.task_id.in_(tasks), tr.Reminder.state == "pending")
    if unit_ids is not None:
        q = q.where(tr.Reminder.unit_id.in_(unit_ids))
    session.execute(q.values(state="skipped", last_error=reason), execution_options={"synchronize_session": False})


# ------------------------------------------------------------------ editing


def edit(session: Session, registry: UnitRegistry, task_id: int, field: str, text: str, actor: Actor,
         now: dt.datetime) -> tuple[str, str]:
    """Set a task's deadline, units or submit-to from what the coordinator typed; returns (old, new) as shown.

    'không' clears a deadline or a submit-to. Bad input raises a UserError and changes nothing."""
    task = _task(session, task_id)
    text = " ".join((text or "").split())
    if field == "deadline":
        return _edit_deadline(session, task, text, actor, now)
    if field == "units":
        return _edit_units(session, registry, task, text, actor, now)
    if field == "submit_to":
        return _edit_submit_to(session, task, text, actor, now)
    raise ValueError(field)


def parse_deadline(text: str) -> tuple[dt.date, dt.time | None] | None:
    """'15/12/2026', '15/12/2026 10:00', '10h00 ngày 15/12/2026' → (date, time); None for 'không'.

    A UserError in Vietnamese for anything else (a day that does not exist included)."""
    if key(text) in NONE_WORDS:
        return None
    found = _DATE.match(text.strip().lower())
    if found is None:
        raise UserError(f"«{text}» không phải một hạn theo dạng ngày/tháng/năm (ví dụ 15/12/2026, hoặc "
                        "15/12/2026 10:00); gõ «không» để bỏ hạn.")
    hour, minute = found.group("h") or found.group("h2"), found.group("mi") or found.group("mi2")
    try:
        day = dt.date(int(found.group("y")), int(found.group("mo")), int(found.group("d")))
        time = dt.time(int(hour), int(minute or 0)) if hour else None
    except ValueError:
        raise UserError(f"«{text}» không phải một ngày giờ có thật; hãy gõ lại, ví dụ 15/12/2026.") from None
    if not 2000 <= day.year <= 2100:
        raise UserError(f"Năm {day.year} nằm ngoài khoảng 2000–2100; hãy gõ lại hạn, ví dụ 15/12/2026.")
    return day, time


def _edit_deadline(session: Session, task: m.Task, text: str, actor: Actor, now: dt.datetime) -> tuple[str, str]:
    parsed = parse_deadline(text)
    old = deadline_label(task)
    if parsed is None:
        task.deadline_date = task.deadline_time = task.qualifier = task.precision = None
    else:
        task.deadline_date, task.deadline_time = parsed
        task.precision = "day"
        if task.qualifier not in ("trước", "chậm nhất", "muộn nhất", "hạn"):
            task.qualifier = "hạn"
    task.recurrence, task.working_days = None, None
    new = deadline_label(task)
    if new == old:
        return old, new
    entry = record(session, task, "deadline", old, new, actor, now)
    session.flush()
    _restart_schedule(session, task.id, entry.id)
    return old, new


def _restart_schedule(session: Session, task_id: int, change_id: int) -> None:
    """A moved deadline starts its reminders again: the task's outbox rows (sent ones kept as history) give
    up their dedupe keys, and pending ones are not sent."""
    _skip_pending(session, m.Task.id == task_id, "deadline changed")
    session.execute(update(tr.Reminder).where(tr.Reminder.task_id == task_id, tr.Reminder.kind != "digest")
                    .values(dedupe_key=tr.Reminder.dedupe_key + f":r{change_id}"),
                    execution_options={"synchronize_session": False})


def _edit_submit_to(session: Session, task: m.Task, text: str, actor: Actor, now: dt.datetime) -> tuple[str, str]:
    if not text:
        raise UserError("Hãy gõ nơi gửi kết quả, ví dụ: UBND huyện (qua Phòng Nội vụ); gõ «không» để bỏ.")
    value = None if key(text) in NONE_WORDS else text
    if value is not None and len(value) > MAX_SUBMIT_TO:
        raise UserError(f"Nơi gửi dài {len(value)} ký tự, tối đa {MAX_SUBMIT_TO}; hãy gõ ngắn gọn hơn.")
    old = task.submit_to or ""
    task.submit_to = value
    if (value or "") != old:
        record(session, task, "submit_to", old, value or "", actor, now)
    session.flush()
    return old, value or ""


def _edit_units(session: Session, registry: UnitRegistry, task: m.Task, text: str, actor: Actor,
                now: dt.datetime) -> tuple[str, str]:
    names = [n.strip(" .") for n in re.split(r"[;\n]+", text) if n.strip(" .")]
    if not names:
        raise UserError("Hãy gõ tên các đơn vị, cách nhau bằng dấu chấm phẩy, ví dụ: "
                        "Phòng Tư pháp; UBND các xã, thị trấn")
    units = [_unit_for(session, registry, task.document, n) for n in names]  # all resolved before any change
    old = units_label(task)
    keep = {tu.unit_id: tu for tu in task.units if not tu.partner}
    partners = [tu for tu in task.units if tu.partner]
    chosen: list[m.TaskUnit] = []
    for unit, written in units:
        if any(tu.unit_id == unit.id for tu in chosen):
            continue
        tu = keep.pop(unit.id, None) or m.TaskUnit(unit_id=unit.id, role="thực hiện", as_written=written[:300])
        tu.unit = unit
        chosen.append(tu)
    for j, tu in enumerate(chosen + partners):
        tu.ord = j
    task.units = chosen + partners
    session.flush()
    new = units_label(task)
    if new != old:
        record(session, task, "units", old, new, actor, now)
        if keep:
            _skip_pending(session, m.Task.id == task.id, "unit removed", set(keep))
    session.flush()
    return old, new


def _unit_for(session: Session, registry: UnitRegistry, doc: m.Document, name: str) -> tuple[m.Unit, str]:
    """The unit a typed name means in the document's locality: one already stored, or a known kind (created)."""
    wanted = {unit_key(name)}
    template = registry.resolve(name)
    if template is not None:
        wanted.add(unit_key(template.name))
    rows = session.scalars(select(m.Unit).where(m.Unit.locality_id == doc.locality_id))
    for unit in rows:
        if wanted & {unit_key(x) for x in (unit.name, *unit.aliases)}:
            return unit, name
    if template is None:
        raise UserError(f"Không nhận ra đơn vị «{name}». Hãy ghi tên như trong văn bản (ví dụ Phòng Tư pháp, "
                        "UBND các xã, thị trấn), các đơn vị cách nhau bằng dấu chấm phẩy.")
    role = UnitRole(template.name, "thực hiện", name, template.kind, template.is_group, template.members)
    return unit_row(session, doc.locality, role), name


# ------------------------------------------------------------------ edits waiting for a value (the bot)


EDIT_TTL = dt.timedelta(minutes=30)


def ask_edit(session: Session, chat_id: int, user_id: int, task_id: int, field: str, now: dt.datetime) -> None:
    """Remember that this user in this chat is about to type a new value for a task's field."""
    if field not in EDITABLE:
        raise ValueError(field)
    _task(session, task_id)
    session.execute(delete(tr.PendingEdit).where(tr.PendingEdit.chat_id == chat_id,
                                                 tr.PendingEdit.user_id == user_id))
    session.add(tr.PendingEdit(chat_id=chat_id, user_id=user_id, task_id=task_id, field=field,
                               created_at=now.astimezone(dt.UTC)))
    session.flush()


def waiting_edit(session: Session, chat_id: int, user_id: int, now: dt.datetime) -> tuple[int, str] | None:
    """(task id, field) this user is editing in this chat, if asked less than EDIT_TTL ago."""
    row = session.get(tr.PendingEdit, (chat_id, user_id))
    if row is None:
        return None
    at = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
    if now - at > EDIT_TTL:
        session.delete(row)
        return None
    return row.task_id, row.field


def end_edit(session: Session, chat_id: int, user_id: int) -> bool:
    """Forget the edit this user was about to make here; False when there was none."""
    return bool(rows_changed(session, delete(tr.PendingEdit).where(tr.PendingEdit.chat_id == chat_id,
                                                                   tr.PendingEdit.user_id == user_id)))
