"""The reminder outbox: idempotent enqueue, claiming with a lease, and one dispatch pass.

Delivery is at-least-once: a message is marked sent in its own short transaction right after
the sender returns, so a dispatcher killed between the two sends that message again once its
lease expires (at most `concurrency` messages per crash). A send that timed out may have been
delivered all the same (MaybeSent): it is tried again once, never more, so a reminder reaches a
chat at most twice. Two dispatchers never claim the same
row: `FOR UPDATE SKIP LOCKED` on PostgreSQL, the `BEGIN IMMEDIATE` write lock on SQLite.
All datetimes are stored in UTC (SQLite keeps them naive).
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from sqlalchemy import and_, func, or_, select, update
from sqlalchemy.dialects.postgresql import Insert as PgInsert
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import Insert as SqliteInsert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session, sessionmaker

from bot.reminders import messages
from bot.reminders.planning import PlannedReminder, due, parse_key
from bot.reminders.policy import Policy
from bot.reminders.targets import UnitDirectory, load_statuses, load_subscriptions, load_tasks, planning_filter
from corpus.db import rows_changed
from corpus.tracking import ChatLink, Reminder

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # transient errors and chat moves
MAX_MAYBE_SENT = 2  # a timed-out send (perhaps delivered) is tried once more, no more
MAX_RETRY_LATER = 10  # flood control ("retry after N seconds")
BACKOFF_SECONDS = 30
CHUNK = 500
TASK_KINDS = ("before", "due", "overdue")


@dataclass
class OutgoingMessage:
    """What a Sender delivers: Telegram HTML text and inline buttons as (label, callback_data)."""

    chat_id: int
    text: str
    buttons: list[list[tuple[str, str]]] = field(default_factory=list)


class Sender(Protocol):
    """Delivers one message (the Telegram adapter in production); raises a SendError on failure."""

    async def send(self, msg: OutgoingMessage) -> None: ...


class SendError(Exception):
    """The message was not delivered."""


class ChatGone(SendError):
    """The bot was blocked or removed (403): the chat's links become inactive."""


class ChatMoved(SendError):
    """The group became a supergroup with a new id: links and pending reminders follow it."""

    def __init__(self, new_chat_id: int, message: str = "") -> None:
        super().__init__(message or f"chat moved to {new_chat_id}")
        self.new_chat_id = new_chat_id


class RetryLater(SendError):
    """Flood control: try again after `seconds`."""

    def __init__(self, seconds: float, message: str = "") -> None:
        super().__init__(message or f"retry after {seconds} s")
        self.seconds = seconds


class TransientSendError(SendError):
    """A network error: retried with exponential backoff."""


class MaybeSent(TransientSendError):
    """A timeout after the request left: Telegram may have delivered it. Retried once (at-least-once, at most
    twice), not MAX_ATTEMPTS times."""


@dataclass
class DispatchReport:
    """Outcome of one dispatch pass; `deactivated` lists chats to tell the administrator about."""

    sent: int = 0
    failed: int = 0
    retried: int = 0
    deactivated: list[int] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Claimed:
    """A reminder row leased to this worker."""

    id: int
    chat_id: int
    text: str
    kind: str
    task_id: int | None
    unit_id: int | None
    dedupe_key: str
    attempts: int


def utc(value: dt.datetime) -> dt.datetime:
    """An aware datetime in UTC (the database's convention)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime; pass an aware one")
    return value.astimezone(dt.UTC)


def _insert(session: Session) -> Callable[[type[Reminder]], PgInsert | SqliteInsert]:
    return pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert


def _row(p: PlannedReminder) -> dict[str, object]:
    return {"dedupe_key": p.dedupe_key, "kind": p.kind, "task_id": p.task_id, "unit_id": p.unit_id,
            "chat_id": p.chat_id, "due_at": utc(p.due_at), "text": p.text, "state": "pending", "attempts": 0,
            "created_at": dt.datetime.now(dt.UTC), "active": True}


def known_keys(session: Session, planned: Sequence[PlannedReminder]) -> set[str]:
    """The dedupe keys of `planned` already in the outbox (a row's due_at never moves earlier)."""
    if len(planned) > 4 * CHUNK:  # one range scan beats many IN lists
        since = utc(min(p.due_at for p in planned))
        return set(session.scalars(select(Reminder.dedupe_key).where(Reminder.due_at >= since)))
    keys = [p.dedupe_key for p in planned]
    found: set[str] = set()
    for i in range(0, len(keys), CHUNK):
        found.update(session.scalars(select(Reminder.dedupe_key).where(Reminder.dedupe_key.in_(keys[i:i + CHUNK]))))
    return found


def enqueue(session: Session, planned: Iterable[PlannedReminder]) -> int:
    """Insert planned reminders, ignoring dedupe keys already stored; returns how many were new."""
    rows = list({p.dedupe_key: p for p in planned}.values())
    known = known_keys(session, rows)
    fresh = [_row(p) for p in rows if p.dedupe_key not in known]
    insert = _insert(session)
    added = 0
    for i in range(0, len(fresh), CHUNK):  # ON CONFLICT still guards against a concurrent planner
        stmt = insert(Reminder).values(fresh[i:i + CHUNK]).on_conflict_do_nothing(index_elements=["dedupe_key"])
        added += len(session.execute(stmt.returning(Reminder.id)).all())
    return added


def plan(session: Session, now: dt.datetime, policy: Policy) -> list[PlannedReminder]:
    """Everything due at `now` according to the database (reads only)."""
    directory = UnitDirectory.load(session)
    tasks = load_tasks(session, directory, planning_filter(policy.today(now), policy))
    statuses = load_statuses(session, [t.id for t in tasks])
    return due(now, tasks, statuses, load_subscriptions(session), policy)


def unsent(session: Session, planned: Sequence[PlannedReminder]) -> list[PlannedReminder]:
    """The planned reminders whose dedupe key is not in the outbox yet (for a dry run)."""
    known = known_keys(session, planned)
    return [p for p in planned if p.dedupe_key not in known]


def plan_and_enqueue(session: Session, now: dt.datetime, policy: Policy) -> int:
    """Plan what is due at `now` and put it in the outbox; the caller commits."""
    return enqueue(session, plan(session, now, policy))


def claim(session: Session, worker: str, now: dt.datetime, batch: int = 20,
          lease: dt.timedelta = dt.timedelta(minutes=5)) -> list[Claimed]:
    """Lease up to `batch` due rows (and rows whose lease expired) to `worker`; commits the lease."""
    now = utc(now)
    ready = or_(and_(Reminder.state == "pending", Reminder.due_at <= now),
                and_(Reminder.state == "sending", Reminder.locked_until < now))
    rows = session.scalars(select(Reminder).where(ready).order_by(Reminder.due_at, Reminder.id)
                           .limit(batch).with_for_update(skip_locked=True)).all()
    for r in rows:
        r.state, r.locked_by, r.locked_until, r.attempts = "sending", worker, now + lease, r.attempts + 1
    claimed = [Claimed(r.id, r.chat_id, r.text, r.kind, r.task_id, r.unit_id, r.dedupe_key, r.attempts)
               for r in rows]
    session.commit()  # the lease is visible before any message leaves
    return claimed


def outgoing(row: Claimed) -> OutgoingMessage:
    """The message for a claimed row, with 'done' and 'snooze' buttons on task reminders."""
    if row.kind not in TASK_KINDS:
        return OutgoingMessage(row.chat_id, row.text, [])
    role = parse_key(row.dedupe_key).role
    buttons = messages.reminder_buttons(row.task_id, row.unit_id, row.id, can_mark_done=role == "u")
    return OutgoingMessage(row.chat_id, row.text, buttons)


async def dispatch_once(sessions: sessionmaker[Session], sender: Sender, *, now: dt.datetime, worker_id: str,
                        batch: int = 20, lease: dt.timedelta = dt.timedelta(minutes=5),
                        concurrency: int = 4) -> DispatchReport:
    """Send every reminder due at `now`: claim a batch, send it (up to `concurrency` at once), repeat."""
    report = DispatchReport()
    gate = asyncio.Semaphore(max(1, concurrency))

    async def one(row: Claimed) -> None:
        async with gate:
            await _deliver(sessions, sender, row, now, worker_id, report)

    started = time.monotonic()
    while True:
        elapsed = dt.timedelta(seconds=time.monotonic() - started)  # a long pass keeps its full lease
        with sessions() as session:
            rows = claim(session, worker_id, now, batch, lease + elapsed)
        if not rows:
            return report
        await asyncio.gather(*(one(r) for r in rows))


async def _deliver(sessions: sessionmaker[Session], sender: Sender, row: Claimed, now: dt.datetime,
                   worker: str, report: DispatchReport) -> None:
    """Send one claimed row and record the outcome in its own transaction."""
    error: Exception | None = None
    try:
        await sender.send(outgoing(row))
    except Exception as exc:  # noqa: BLE001 - every failure is recorded on the row
        error = exc
    with sessions() as session, session.begin():
        if error is None:
            _finish(session, row, worker, state="sent", sent_at=utc(now), last_error=None)
            report.sent += 1
        else:
            _failure(session, row, worker, now, error, report)


def _finish(session: Session, row: Claimed, worker: str, **values: object) -> bool:
    """Update the row if this worker still holds it; False when the lease was lost."""
    stmt = (update(Reminder).where(Reminder.id == row.id, Reminder.locked_by == worker,
                                   Reminder.state == "sending")
            .values(locked_by=None, locked_until=None, **values))
    return bool(rows_changed(session, stmt))


def _failure(session: Session, row: Claimed, worker: str, now: dt.datetime, error: Exception,
             report: DispatchReport) -> None:
    text = f"{type(error).__name__}: {error}"[:500]
    if isinstance(error, ChatGone):
        _finish(session, row, worker, state="failed", last_error=text)
        deactivate_chat(session, row.chat_id, text)
        report.failed += 1
        if row.chat_id not in report.deactivated:
            report.deactivated.append(row.chat_id)
        return
    if isinstance(error, ChatMoved):
        move_chat(session, row.chat_id, error.new_chat_id)
        _retry(session, row, worker, utc(now), text, MAX_ATTEMPTS, report)
        return
    if isinstance(error, RetryLater):
        when = utc(now) + dt.timedelta(seconds=max(1.0, float(error.seconds)))
        _retry(session, row, worker, when, text, MAX_RETRY_LATER, report)
        return
    if not isinstance(error, TransientSendError):
        log.warning("reminder %s: unexpected sender error %s", row.id, text)
    delay = BACKOFF_SECONDS * 2 ** max(0, row.attempts - 1)
    bound = MAX_MAYBE_SENT if isinstance(error, MaybeSent) else MAX_ATTEMPTS
    _retry(session, row, worker, utc(now) + dt.timedelta(seconds=delay), text, bound, report)


def _retry(session: Session, row: Claimed, worker: str, when: dt.datetime, text: str, bound: int,
           report: DispatchReport) -> None:
    if row.attempts >= bound:
        if _finish(session, row, worker, state="failed", last_error=text):
            report.failed += 1
        return
    if _finish(session, row, worker, state="pending", due_at=when, last_error=text):
        report.retried += 1


def deactivate_chat(session: Session, chat_id: int, reason: str) -> None:
    """The bot can no longer write to a chat: its links become inactive, its pending rows skipped."""
    session.execute(update(ChatLink).where(ChatLink.chat_id == chat_id, ChatLink.status == "approved")
                    .values(status="inactive", note=reason[:200]))
    session.execute(update(Reminder).where(Reminder.chat_id == chat_id, Reminder.state == "pending")
                    .values(state="skipped", last_error=reason))


def move_chat(session: Session, old: int, new: int) -> None:
    """A group migrated to a supergroup: links, outbox rows and their dedupe keys follow the new id."""
    for link in session.scalars(select(ChatLink).where(ChatLink.chat_id == old)):
        twin = session.scalar(select(ChatLink.id).where(ChatLink.chat_id == new, ChatLink.unit_id == link.unit_id))
        if twin is None:
            link.chat_id = new
        else:
            link.status = "inactive"
    session.flush()
    a, b = f":c{old}:", f":c{new}:"
    taken = select(Reminder.dedupe_key).where(Reminder.chat_id == new).scalar_subquery()
    session.execute(update(Reminder).where(Reminder.chat_id == old,
                                           func.replace(Reminder.dedupe_key, a, b).not_in(taken))
                    .values(chat_id=new, dedupe_key=func.replace(Reminder.dedupe_key, a, b)),
                    execution_options={"synchronize_session": False})
    session.execute(update(Reminder).where(Reminder.chat_id == old, Reminder.state == "pending")
                    .values(state="skipped", last_error=f"chat moved to {new}"))
