"""The reminder outbox on SQLite and PostgreSQL: idempotent enqueue, concurrent dispatchers, crashes, send errors."""
from __future__ import annotations

import asyncio
import datetime as dt
import multiprocessing as mp
import os
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from bot.reminders.outbox import (
    ChatGone,
    ChatMoved,
    OutgoingMessage,
    RetryLater,
    TransientSendError,
    dispatch_once,
    enqueue,
    plan,
    plan_and_enqueue,
    unsent,
)
from bot.reminders.planning import PlannedReminder
from bot.reminders.policy import Policy
from corpus import tracking as tr
from corpus.db import make_engine, migrate, session_factory
from tests.integration.test_task_status import VN, World, at, build_world

NOW = at(2025, 3, 11, 8)
LEASE = dt.timedelta(minutes=5)


# ------------------------------------------------------------------ helpers

@contextmanager
def fresh(url: str) -> Iterator[sessionmaker[Session]]:
    """Sessions on a migrated database; the engine is disposed afterwards."""
    engine = make_engine(url)
    try:
        migrate(engine)
        yield session_factory(engine)
    finally:
        engine.dispose()


def fill(sessions: sessionmaker[Session], n: int, *, chats: int = 50) -> None:
    """n due digest-like reminders with text 'r<i>' (no task, no buttons)."""
    planned = [PlannedReminder(f"digest:t-:u-:c{1000 + i % chats}:o-:load{i}", "digest", None, None, 1000 + i % chats,
                               NOW - dt.timedelta(minutes=1), None, "w", f"r{i}") for i in range(n)]
    with sessions() as s, s.begin():
        assert enqueue(s, planned) == n


class FileSender:
    """Appends each message's text to a file with one unbuffered write (survives SIGKILL)."""

    def __init__(self, path: str, delay: float = 0.0) -> None:
        self.fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        self.delay = delay

    async def send(self, msg: OutgoingMessage) -> None:
        if self.delay:
            await asyncio.sleep(self.delay)
        os.write(self.fd, f"{msg.text}\n".encode())


def worker(url: str, out: str, name: str, now_iso: str, delay: float, batch: int, start) -> None:  # noqa: ANN001
    """A dispatcher process: waits for the start signal, then one dispatch pass."""
    engine = make_engine(url)
    sender = FileSender(out, delay)
    try:
        start.wait(30)
        asyncio.run(dispatch_once(session_factory(engine), sender, now=dt.datetime.fromisoformat(now_iso),
                                  worker_id=name, batch=batch, concurrency=4))
    finally:
        os.close(sender.fd)
        engine.dispose()


def lines(path: Path) -> list[str]:
    return path.read_text().split() if path.exists() else []


def states(sessions: sessionmaker[Session]) -> Counter[str]:
    with sessions() as s:
        return Counter(dict(s.execute(select(tr.Reminder.state, func.count()).group_by(tr.Reminder.state)).all()))


def run_two(url: str, tmp_path: Path, n: int) -> tuple[list[str], list[str]]:
    ctx = mp.get_context("spawn")
    start = ctx.Event()
    outs = [tmp_path / "a.txt", tmp_path / "b.txt"]
    procs = [ctx.Process(target=worker, args=(url, str(o), f"w{i}", NOW.isoformat(), 0.0005, 10, start))
             for i, o in enumerate(outs)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(60)
        assert p.exitcode == 0
    return lines(outs[0]), lines(outs[1])


# ------------------------------------------------------------------ planning into the outbox

@pytest.fixture
def world(db_url: str) -> Iterator[tuple[sessionmaker[Session], World]]:
    with fresh(db_url) as sessions, sessions() as s:
        w = build_world(s)
        s.add_all([tr.ChatLink(chat_id=101, unit_id=w.tu_phap, status="approved"),
                   tr.ChatLink(chat_id=102, unit_id=w.noi_vu, status="approved"),
                   tr.ChatLink(chat_id=103, unit_id=w.communes[0], status="approved"),
                   tr.ChatLink(chat_id=104, unit_id=w.communes[1], status="pending")])
        s.commit()
        yield sessions, w


def test_planning_twice_creates_no_duplicates(world) -> None:
    sessions, w = world
    with sessions() as s, s.begin():
        first = plan_and_enqueue(s, NOW, Policy())
    with sessions() as s, s.begin():
        again = plan_and_enqueue(s, NOW + dt.timedelta(hours=3), Policy())
        also = enqueue(s, plan(s, NOW, Policy()))
    with sessions() as s:
        rows = s.scalars(select(tr.Reminder)).all()
    assert first == len(rows) > 0 and again == also == 0
    assert {r.chat_id for r in rows} == {101, 102, 103}            # the pending link gets nothing
    assert len({r.dedupe_key for r in rows}) == len(rows)
    with sessions() as s, s.begin():
        later = plan_and_enqueue(s, at(2025, 3, 13, 8), Policy())  # the next step (1 day before) is new
    assert later >= 1


async def test_dispatch_sends_task_reminders_with_buttons(world) -> None:
    sessions, w = world
    with sessions() as s, s.begin():
        plan_and_enqueue(s, NOW, Policy())
    got: list[OutgoingMessage] = []

    class Recorder:
        async def send(self, msg: OutgoingMessage) -> None:
            got.append(msg)

    report = await dispatch_once(sessions, Recorder(), now=NOW, worker_id="t")
    assert report.sent == len(got) > 0 and report.failed == report.retried == 0
    with sessions() as s:
        row = s.scalar(select(tr.Reminder).where(tr.Reminder.chat_id == 101, tr.Reminder.task_id == w.t_plan))
        assert row.state == "sent" and row.sent_at is not None and row.attempts == 1
    msg = next(m for m in got if m.chat_id == 101 and "Xây dựng kế hoạch CCHC" in m.text and "Nhắc việc" in m.text)
    assert msg.buttons == [[("Đã hoàn thành", f"done:{w.t_plan}:{w.tu_phap}"), ("Nhắc lại sau", f"snooze:{row.id}")]]
    assert "thứ Sáu, 14/03/2025" in msg.text and "Gửi về:</b> UBND huyện (qua Phòng Nội vụ)" in msg.text
    assert await dispatch_once(sessions, Recorder(), now=NOW, worker_id="t") == type(report)()  # nothing left


# ------------------------------------------------------------------ send errors

class Scripted:
    """Raises the scripted errors in turn, then delivers; records (chat, text) of deliveries."""

    def __init__(self, *errors: Exception) -> None:
        self.errors = list(errors)
        self.sent: list[tuple[int, str]] = []

    async def send(self, msg: OutgoingMessage) -> None:
        if self.errors:
            raise self.errors.pop(0)
        self.sent.append((msg.chat_id, msg.text))


@pytest.fixture
def one_chat(db_url: str) -> Iterator[sessionmaker[Session]]:
    """One unit linked to chat -100 with one due task reminder."""
    with fresh(db_url) as sessions:
        with sessions() as s:
            w = build_world(s)
            s.add(tr.ChatLink(chat_id=-100, unit_id=w.tu_phap, status="approved"))
            s.commit()
            key = f"before:t{w.t_plan}:u{w.tu_phap}:c-100:o-:b3"
            enqueue(s, [PlannedReminder(key, "before", w.t_plan, w.tu_phap, -100, NOW, None, "b3", "nhắc")])
            s.commit()
        yield sessions


def only(sessions: sessionmaker[Session]) -> tr.Reminder:
    with sessions() as s:
        return s.scalars(select(tr.Reminder)).one()


async def test_chat_gone_deactivates_the_link_and_reports_the_chat(one_chat) -> None:
    report = await dispatch_once(one_chat, Scripted(ChatGone("Forbidden: bot was blocked by the user")),
                                 now=NOW, worker_id="t")
    assert (report.sent, report.failed, report.deactivated) == (0, 1, [-100])
    row = only(one_chat)
    assert row.state == "failed" and "blocked" in row.last_error
    with one_chat() as s:
        assert s.scalars(select(tr.ChatLink.status)).all() == ["inactive"]
        assert plan(s, NOW + dt.timedelta(days=1), Policy()) == []


async def test_chat_moved_updates_the_chat_and_resends(one_chat) -> None:
    sender = Scripted(ChatMoved(-100999))
    report = await dispatch_once(one_chat, sender, now=NOW, worker_id="t")
    assert (report.sent, report.retried, report.failed) == (1, 1, 0)
    assert sender.sent == [(-100999, "nhắc")]
    row = only(one_chat)
    assert (row.state, row.chat_id, row.attempts) == ("sent", -100999, 2)
    assert ":c-100999:" in row.dedupe_key
    with one_chat() as s:
        assert s.scalars(select(tr.ChatLink.chat_id)).all() == [-100999]
        # the step already sent is known under the new id: planning it again adds nothing
        assert [p.dedupe_key for p in unsent(s, plan(s, NOW, Policy())) if p.task_id is not None] == []


async def test_retry_later_is_retried_after_the_delay(one_chat) -> None:
    sender = Scripted(RetryLater(12))
    first = await dispatch_once(one_chat, sender, now=NOW, worker_id="t")
    row = only(one_chat)
    assert (first.retried, row.state) == (1, "pending")
    assert row.due_at.replace(tzinfo=row.due_at.tzinfo or dt.UTC) == NOW + dt.timedelta(seconds=12)
    assert (await dispatch_once(one_chat, sender, now=NOW + dt.timedelta(seconds=11), worker_id="t")).sent == 0
    assert (await dispatch_once(one_chat, sender, now=NOW + dt.timedelta(seconds=12), worker_id="t")).sent == 1
    assert sender.sent == [(-100, "nhắc")]


async def test_transient_errors_back_off_then_give_up(one_chat) -> None:
    sender = Scripted(*[TransientSendError("timed out") for _ in range(10)])
    now, delays = NOW, []
    for _ in range(5):
        report = await dispatch_once(one_chat, sender, now=now, worker_id="t")
        row = only(one_chat)
        if row.state == "failed":
            break
        due = row.due_at.replace(tzinfo=row.due_at.tzinfo or dt.UTC)
        delays.append(int((due - now).total_seconds()))
        now = due
    assert delays == [30, 60, 120, 240]
    assert (row.state, row.attempts, report.failed) == ("failed", 5, 1)
    assert "timed out" in row.last_error and sender.sent == []


# ------------------------------------------------------------------ concurrent dispatchers and crashes

@pytest.mark.postgres
@pytest.mark.slow
def test_two_dispatcher_processes_on_postgresql_no_duplicates_no_losses(pg_url: str, tmp_path: Path) -> None:
    with fresh(pg_url) as sessions:
        fill(sessions, 1000)
        a, b = run_two(pg_url, tmp_path, 1000)
        print(f"\nPostgreSQL: process A sent {len(a)}, process B sent {len(b)}")
        assert len(a) + len(b) == 1000
        assert set(a) | set(b) == {f"r{i}" for i in range(1000)}
        assert states(sessions) == Counter({"sent": 1000})


@pytest.mark.slow
def test_two_dispatcher_processes_on_sqlite_no_duplicates_no_losses(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'outbox.sqlite3'}"
    with fresh(url) as sessions:
        fill(sessions, 1000)
        a, b = run_two(url, tmp_path, 1000)
        print(f"\nSQLite: process A sent {len(a)}, process B sent {len(b)}")
        assert len(a) + len(b) == 1000
        assert set(a) | set(b) == {f"r{i}" for i in range(1000)}
        assert states(sessions) == Counter({"sent": 1000})


@pytest.mark.slow
def test_dispatcher_killed_mid_batch_delivers_everything_at_least_once(db_url: str, tmp_path: Path) -> None:
    n = 300
    with fresh(db_url) as sessions:
        fill(sessions, n)
        ctx = mp.get_context("spawn")
        start, out = ctx.Event(), tmp_path / "sent.txt"
        victim = ctx.Process(target=worker, args=(db_url, str(out), "victim", NOW.isoformat(), 0.02, 20, start))
        victim.start()
        start.set()
        guard = time.monotonic() + 30  # against hanging only; nothing asserts on speed
        while len(lines(out)) < 50 and victim.is_alive() and time.monotonic() < guard:
            time.sleep(0.002)
        victim.kill()  # SIGKILL in the middle of the third batch: no cleanup, leases stay taken
        victim.join(10)
        before, leased = len(lines(out)), states(sessions)["sending"]
        assert victim.exitcode == -9 and 0 < before < n
        # a new dispatcher once the lease has expired picks up the leased rows and the rest (a pass extends its
        # lease by the time it has run, seconds on a loaded machine: the heir comes well after that)
        worker(db_url, str(out), "heir", (NOW + 2 * LEASE).isoformat(), 0.0, 20, _Go())
        delivered = Counter(lines(out))
        duplicates = sum(c - 1 for c in delivered.values())
        print(f"\nSIGKILL on {db_url.split(':')[0]} after {before} sends ({leased} rows left leased): "
              f"{len(delivered)}/{n} delivered, {duplicates} duplicate(s)")
        assert set(delivered) == {f"r{i}" for i in range(n)}
        assert duplicates <= 4  # at most the sends in flight (concurrency) when the process died
        assert states(sessions) == Counter({"sent": n})


class _Go:
    """A start signal that is already given (running the worker in this process)."""

    def wait(self, _timeout: float) -> bool:
        return True


def test_utc_storage_round_trips_local_due_times(db_url: str) -> None:
    local = dt.datetime(2025, 1, 24, 8, 0, tzinfo=VN)
    with fresh(db_url) as sessions:
        with sessions() as s, s.begin():
            enqueue(s, [PlannedReminder("digest:t-:u-:c1:o-:x", "digest", None, None, 1, local, None, "w", "x")])
        row = only(sessions)
    assert row.due_at.replace(tzinfo=row.due_at.tzinfo or dt.UTC) == local


async def test_a_send_that_timed_out_is_tried_once_more_never_more(one_chat) -> None:
    from bot.reminders.outbox import MaybeSent

    sender = Scripted(*[MaybeSent("Timed out") for _ in range(5)])
    first = await dispatch_once(one_chat, sender, now=NOW, worker_id="t")
    row = only(one_chat)
    assert (first.retried, row.state) == (1, "pending"), "perhaps delivered: tried again once"
    due = row.due_at.replace(tzinfo=row.due_at.tzinfo or dt.UTC)
    second = await dispatch_once(one_chat, sender, now=due, worker_id="t")
    row = only(one_chat)
    assert (second.failed, row.state, row.attempts) == (1, "failed", 2), "at most twice, not five times"
    assert (await dispatch_once(one_chat, sender, now=due + dt.timedelta(days=1), worker_id="t")).failed == 0
