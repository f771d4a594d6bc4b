"""Task status per unit: mark done, reopen, snooze; derived states; progress (/tiendo) and open tasks (/viec).

States: `open` and `done` are stored (with a history row for every change); `overdue` (open past
the deadline) and `done_late` (done after the deadline) are derived. A group task has one status
per member unit. A recurring task has one status per occurrence; without an explicit occurrence,
the current one is used: the earliest still-open occurrence among the recent past ones and the next.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from bot.reminders.planning import StatusInfo, TaskInfo, occurrences, parse_key
from bot.reminders.policy import Policy
from bot.reminders.targets import UnitDirectory, load_statuses, load_task, load_tasks, unit_tasks
from corpus import models as m
from corpus import tracking as tr
from corpus.deadlines import Recurrence
from corpus.errors import NotAllowed, NotFound

_MAX_PERIOD_OCCURRENCES = 400


@dataclass(frozen=True)
class StatusUpdate:
    """The result of a status change (old == new when nothing changed)."""

    task_id: int
    unit_id: int
    occurrence: dt.date | None
    old: str
    new: str
    change_id: int | None = None  # the history row of this change (None when nothing changed)

    @property
    def changed(self) -> bool:
        return self.old != self.new


@dataclass
class UnitProgress:
    """One unit's line in /tiendo."""

    unit_id: int
    unit: str
    done: int = 0
    done_late: int = 0
    open: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.done + self.done_late + self.open + self.overdue


@dataclass(frozen=True)
class OpenTask:
    """A task still open for a unit (/viec)."""

    task: TaskInfo
    unit_id: int
    occurrence: dt.date | None
    deadline: dt.date | None
    state: str  # open | overdue
    can_mark_done: bool


@dataclass(frozen=True)
class UnitTaskState:
    """One task (or occurrence) of a unit with its state (/tiendo <đơn vị>)."""

    task: TaskInfo
    deadline: dt.date | None
    state: str  # done | done_late | open | overdue


def derived_state(state: str, done_at: dt.datetime | None, deadline_end: dt.datetime | None,
                  now: dt.datetime) -> str:
    """open | done | overdue | done_late."""
    if state == "done":
        late = deadline_end is not None and done_at is not None and done_at > deadline_end
        return "done_late" if late else "done"
    return "overdue" if deadline_end is not None and now > deadline_end else "open"


def _utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC)


def current_occurrence(task: TaskInfo, unit_id: int, today: dt.date, statuses: dict, policy: Policy,
                       *, want: str = "open") -> dt.date | None:
    """The occurrence a button or /viec means: the earliest in state `want` that planning still reminds about."""
    if not task.recurrence:
        return None
    occs = occurrences(task, today, policy)
    dates = [o.deadline for o in occs]
    upcoming = [d for d in dates if d >= today][:1]
    candidates = [o.deadline for o in occs if o.deadline < today and o.cutoff and o.cutoff.date() > today] + upcoming
    if want == "done":
        candidates.reverse()
    else:  # when those are done, the following occurrences are next in line
        candidates += [d for d in dates if upcoming and d > upcoming[0]]
    for day in candidates:
        st = statuses.get((task.id, unit_id, day))
        if (st.state if st else "open") == want:
            return day
    return upcoming[0] if upcoming else (dates[-1] if dates else None)


def _status_row(session: Session, task_id: int, unit_id: int, occ: dt.date | None) -> tr.TaskStatus:
    row = session.scalar(select(tr.TaskStatus).where(tr.TaskStatus.task_id == task_id,
                                                     tr.TaskStatus.unit_id == unit_id,
                                                     tr.TaskStatus.occurrence == occ).with_for_update())
    if row is None:
        row = tr.TaskStatus(task_id=task_id, unit_id=unit_id, occurrence=occ, state="open")
        session.add(row)
    return row


def _target(session: Session, task_id: int, unit_id: int, now: dt.datetime, occurrence: dt.date | None,
            policy: Policy, want: str) -> tuple[TaskInfo, dt.date | None]:
    task = load_task(session, UnitDirectory.load(session), task_id)
    if unit_id not in task.doers and unit_id not in task.watchers:
        raise NotAllowed("Đơn vị này không được giao nhiệm vụ này, nên không thể đánh dấu.")
    if occurrence is None and task.recurrence:
        statuses = {(s.task_id, s.unit_id, s.occurrence): s for s in load_statuses(session, [task_id])}
        occurrence = current_occurrence(task, unit_id, policy.today(now), statuses, policy, want=want)
    return task, occurrence


def _change(session: Session, row: tr.TaskStatus, new: str, user_id: int | None, now: dt.datetime) -> StatusUpdate:
    old = row.state or "open"
    history = None
    if old != new:
        row.state = new
        row.done_at, row.done_by = (_utc(now), user_id) if new == "done" else (None, None)
        row.snoozed_until = None
        history = tr.StatusChange(task_id=row.task_id, unit_id=row.unit_id, occurrence=row.occurrence,
                                  old=old, new=new, by_user=user_id, at=_utc(now))
        session.add(history)
    session.flush()
    return StatusUpdate(row.task_id, row.unit_id, row.occurrence, old, new, history.id if history else None)


def _skip_pending(session: Session, task_id: int, unit_id: int, occ: dt.date | None, reason: str) -> None:
    marker = f"%:o{occ.isoformat() if occ else '-'}:%"
    session.execute(update(tr.Reminder).where(tr.Reminder.task_id == task_id, tr.Reminder.unit_id == unit_id,
                                              tr.Reminder.state == "pending", tr.Reminder.dedupe_key.like(marker))
                    .values(state="skipped", last_error=reason))


def mark_done(session: Session, task_id: int, unit_id: int, user_id: int | None, now: dt.datetime, *,
              occurrence: dt.date | None = None, policy: Policy | None = None) -> StatusUpdate:
    """Record that a unit finished a task (history row old → done); NotAllowed for a unit not assigned."""
    policy = policy or Policy()
    _, occ = _target(session, task_id, unit_id, now, occurrence, policy, "open")
    update_ = _change(session, _status_row(session, task_id, unit_id, occ), "done", user_id, now)
    _skip_pending(session, task_id, unit_id, occ, "done")
    return update_


def reopen(session: Session, task_id: int, unit_id: int, user_id: int | None, now: dt.datetime, *,
           occurrence: dt.date | None = None, policy: Policy | None = None) -> StatusUpdate:
    """Undo 'done' for a unit (history row done → open)."""
    policy = policy or Policy()
    _, occ = _target(session, task_id, unit_id, now, occurrence, policy, "done")
    return _change(session, _status_row(session, task_id, unit_id, occ), "open", user_id, now)


UNDO_WINDOW = dt.timedelta(hours=24)  # how long 'Hoàn tác' under a done notice works


def undo_done(session: Session, change_id: int, unit_id: int, user_id: int | None, now: dt.datetime, *,
              policy: Policy | None = None) -> StatusUpdate:
    """'Hoàn tác': reopen what a 'done' change closed, if it is still the latest change of that task for the
    unit and at most UNDO_WINDOW old; NotAllowed otherwise."""
    change = session.get(tr.StatusChange, change_id)
    if change is None or change.unit_id != unit_id or change.new != "done":
        raise NotAllowed("Không hoàn tác được: nút này không thuộc đơn vị của cuộc trò chuyện này.")
    at = change.at if change.at.tzinfo else change.at.replace(tzinfo=dt.UTC)
    if _utc(now) - at > UNDO_WINDOW:
        raise NotAllowed("Đã quá thời hạn hoàn tác (24 giờ). Hãy báo điều phối viên nếu cần sửa.")
    latest = session.scalar(select(tr.StatusChange.id).where(tr.StatusChange.task_id == change.task_id,
                                                             tr.StatusChange.unit_id == unit_id,
                                                             tr.StatusChange.occurrence == change.occurrence)
                            .order_by(tr.StatusChange.id.desc()).limit(1))
    if latest != change.id:
        raise NotAllowed("Việc này đã được cập nhật sau đó nên không hoàn tác được nữa.")
    return reopen(session, change.task_id, unit_id, user_id, now, occurrence=change.occurrence, policy=policy)


def snooze(session: Session, reminder_id: int, until: dt.datetime) -> None:
    """'Nhắc lại sau': no reminder of this task for this unit before `until`, then one again."""
    row = session.get(tr.Reminder, reminder_id)
    if row is None:
        raise NotFound("Không tìm thấy lời nhắc này.")
    parts = parse_key(row.dedupe_key)
    if parts.task_id is None or parts.unit_id is None or parts.kind not in ("before", "due", "overdue"):
        raise NotAllowed("Lời nhắc này không hoãn được.")
    status = _status_row(session, parts.task_id, parts.unit_id, parts.occurrence)
    status.snoozed_until = _utc(until)
    _skip_pending(session, parts.task_id, parts.unit_id, parts.occurrence, "snoozed")
    session.flush()


def _occurrences_in(task: TaskInfo, period: tuple[dt.date, dt.date] | None, today: dt.date,
                    policy: Policy) -> list[tuple[dt.date | None, dt.date | None]]:
    """(deadline, status key) pairs that /tiendo counts for a task."""
    if not task.recurrence:
        if period and not (task.deadline and period[0] <= task.deadline <= period[1]):
            return []
        return [(task.deadline, None)]
    if period is None:
        dates = [o.deadline for o in occurrences(task, today, policy)]
        past = [d for d in dates if d <= today]
        pick = past[-1:] or [d for d in dates if d > today][:1]
        return [(d, d) for d in pick]
    rec = Recurrence(task.recurrence.get("freq", ""), task.recurrence.get("day"), task.recurrence.get("month"), "")
    start = max(period[0], task.deadline) if task.deadline else period[0]
    out: list[tuple[dt.date | None, dt.date | None]] = []
    day = rec.first_on_or_after(start)
    while day <= period[1] and len(out) < _MAX_PERIOD_OCCURRENCES:
        out.append((day, day))
        day = rec.next_after(day)
    return out


def progress(session: Session, *, document_id: int | None = None,
             period: tuple[dt.date, dt.date] | None = None, now: dt.datetime | None = None,
             policy: Policy | None = None) -> list[UnitProgress]:
    """Per unit: done / done late / open / overdue, for one directive and/or deadlines in a period."""
    policy = policy or Policy()
    now = now or dt.datetime.now(dt.UTC)
    directory = UnitDirectory.load(session)
    where = [m.Task.document_id == document_id] if document_id is not None else []
    tasks = [t for t in load_tasks(session, directory, *where) if t.doers]
    statuses = {(s.task_id, s.unit_id, s.occurrence): s for s in load_statuses(session, [t.id for t in tasks])}
    counts: dict[int, Counter[str]] = {}
    for task in tasks:
        for deadline, key in _occurrences_in(task, period, policy.today(now), policy):
            end = policy.deadline_end(deadline, task.deadline_time) if deadline else None
            for unit in task.doers:
                st: StatusInfo | None = statuses.get((task.id, unit, key))
                state = derived_state(st.state if st else "open", st.done_at if st else None, end, now)
                counts.setdefault(unit, Counter())[state] += 1
    rows = [UnitProgress(u, directory.names.get(u, f"#{u}"), c["done"], c["done_late"], c["open"], c["overdue"])
            for u, c in counts.items()]
    return sorted(rows, key=lambda r: (-r.overdue, -r.open, r.unit))


_STATE_ORDER = {"overdue": 0, "open": 1, "done_late": 2, "done": 3}


def unit_progress(session: Session, unit_id: int, *, period: tuple[dt.date, dt.date] | None = None,
                  now: dt.datetime | None = None, policy: Policy | None = None) -> list[UnitTaskState]:
    """One unit's tasks across directives with their state, counted as /tiendo counts them (the current
    occurrence of a recurring task, or each occurrence in the period): overdue first, then open, then done."""
    policy = policy or Policy()
    now = now or dt.datetime.now(dt.UTC)
    tasks = unit_tasks(session, UnitDirectory.load(session), unit_id)
    statuses = {(s.task_id, s.unit_id, s.occurrence): s for s in load_statuses(session, [t.id for t in tasks])}
    out = []
    for task in tasks:
        for deadline, key in _occurrences_in(task, period, policy.today(now), policy):
            end = policy.deadline_end(deadline, task.deadline_time) if deadline else None
            st = statuses.get((task.id, unit_id, key))
            out.append(UnitTaskState(task, deadline, derived_state(st.state if st else "open",
                                                                   st.done_at if st else None, end, now)))
    return sorted(out, key=lambda t: (_STATE_ORDER[t.state], t.deadline is None, t.deadline or dt.date.max,
                                      t.task.id))


def open_tasks(session: Session, unit_id: int, today: dt.date, *, policy: Policy | None = None) -> list[OpenTask]:
    """The unit's tasks not yet done (the current occurrence of recurring ones), earliest deadline first."""
    policy = policy or Policy()
    directory = UnitDirectory.load(session)
    tasks = unit_tasks(session, directory, unit_id)
    statuses = {(s.task_id, s.unit_id, s.occurrence): s for s in load_statuses(session, [t.id for t in tasks])}
    out = []
    for task in tasks:
        occ = current_occurrence(task, unit_id, today, statuses, policy)
        deadline = occ if task.recurrence else task.deadline
        if _is_done(task, unit_id, occ, statuses):
            continue
        state = "overdue" if deadline is not None and deadline < today else "open"
        out.append(OpenTask(task, unit_id, occ, deadline, state, unit_id in task.doers))
    return sorted(out, key=lambda o: (o.deadline is None, o.deadline or today, o.task.id))


def _is_done(task: TaskInfo, unit_id: int, occ: dt.date | None, statuses: dict) -> bool:
    own = statuses.get((task.id, unit_id, occ))
    if own is not None and own.state == "done":
        return True
    if unit_id in task.watchers:  # a group's own chat: done when every member is
        return all((s := statuses.get((task.id, u, occ))) is not None and s.state == "done" for u in task.doers)
    return False
