"""Reminder benchmark: planning 10,000 tasks × 200 units, and enqueue + dispatch of 5,000 reminders to 500 chats.

Run: python -m bench.reminders [--db postgresql+psycopg://…] [--messages 5000] [--rate 30]

The send side uses an in-process sender paced at ~30 msg/s (Telegram's bulk limit), then the real path:
the Telegram adapter and PTB's AIORateLimiter against the fake Bot API on 127.0.0.1, which answers 429 above
30 msg/s like Telegram.
"""
from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import random
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import create_engine, insert, text
from sqlalchemy.orm import Session, sessionmaker

from bot.reminders.outbox import OutgoingMessage, dispatch_once, enqueue, plan
from bot.reminders.planning import PlannedReminder, StatusInfo, Subscription, TaskInfo, due
from bot.reminders.policy import Policy
from corpus import models as m
from corpus import tracking as tr
from corpus.db import make_engine, migrate, session_factory

VN = ZoneInfo("Asia/Ho_Chi_Minh")
NOW = dt.datetime(2025, 3, 11, 8, 0, tzinfo=VN)


def synthetic(n_tasks: int, n_units: int, seed: int = 7) -> tuple[list[TaskInfo], list[StatusInfo], list[Subscription]]:
    """Tasks with deadlines ±120 days around NOW: 70 % for 1–3 units, 20 % for a group of 20–40, 10 % recurring."""
    rnd = random.Random(seed)
    names = {u: f"Đơn vị {u}" for u in range(1, n_units + 1)}
    units = list(names)
    tasks, statuses = [], []
    for tid in range(1, n_tasks + 1):
        roll = rnd.random()
        doers = tuple(rnd.sample(units, rnd.randint(20, 40) if 0.7 <= roll < 0.9 else rnd.randint(1, 3)))
        recurrence = {"freq": rnd.choice(["monthly", "quarterly"]), "day": None, "month": None} if roll >= 0.9 else None
        deadline = NOW.date() + dt.timedelta(days=rnd.randint(-120, 120))
        tasks.append(TaskInfo(id=tid, what=f"Nhiệm vụ số {tid} về cải cách hành chính", quote="…", deadline=deadline,
                              precision="month" if rnd.random() < 0.1 else "day", recurrence=recurrence, doers=doers,
                              unit_names=names, source_title="Kế hoạch số 11/KH-UBND", submit_to="Phòng Nội vụ"))
        statuses += [StatusInfo(tid, u, None, "done") for u in doers if rnd.random() < 0.3]
    return tasks, statuses, [Subscription(u, 10_000 + u) for u in units]


def bench_planning(n_tasks: int, n_units: int) -> None:
    tasks, statuses, subs = synthetic(n_tasks, n_units)
    policy = Policy(coordinator_chat_id=-1)
    pairs = sum(len(t.doers) for t in tasks)
    timings, planned = [], []
    for _ in range(3):
        started = time.perf_counter()
        planned = due(NOW, tasks, statuses, subs, policy)
        timings.append(time.perf_counter() - started)
    kinds = Counter(p.kind for p in planned)
    print(f"planning (pure due): {n_tasks} tasks × {n_units} units = {pairs} task-unit pairs → "
          f"{len(planned)} reminders {dict(kinds)}")
    print(f"  first run {timings[0]:.2f} s, then {min(timings[1:]):.2f} s")


def store_synthetic(sessions: sessionmaker[Session], tasks: list[TaskInfo], statuses: list[StatusInfo],
                    subs: list[Subscription]) -> None:
    """Write the synthetic tasks, statuses, units and chat links to the database (bulk inserts)."""
    with sessions() as s, s.begin():
        doc = m.Document(file_name="bench.txt", sha256="0" * 64, text="…", kind="Kế hoạch", number="1/KH-UBND")
        s.add(doc)
        s.flush()
        s.execute(insert(m.Unit), [{"id": u, "key": f"u{u}", "name": f"Đơn vị {u}", "kind": "phòng",
                                    "is_group": False, "member_kinds": [], "aliases": []}
                                   for u in {x.unit_id for x in subs}])
        s.execute(insert(m.Task), [{"id": t.id, "document_id": doc.id, "ord": t.id, "fingerprint": str(t.id),
                                    "what": t.what, "quote": t.quote, "deadline_date": t.deadline,
                                    "precision": t.precision, "recurrence": t.recurrence} for t in tasks])
        s.execute(insert(m.TaskUnit), [{"task_id": t.id, "unit_id": u, "role": "thực hiện", "as_written": "x"}
                                       for t in tasks for u in t.doers])
        s.execute(insert(tr.ChatLink), [{"chat_id": x.chat_id, "unit_id": x.unit_id, "status": "approved"}
                                        for x in subs])
        s.execute(insert(tr.TaskStatus), [{"task_id": x.task_id, "unit_id": x.unit_id, "state": x.state}
                                          for x in statuses])


def bench_planning_db(url: str, n_tasks: int, n_units: int) -> None:
    engine = make_engine(url)
    migrate(engine)
    sessions = session_factory(engine)
    tasks, statuses, subs = synthetic(n_tasks, n_units)
    store_synthetic(sessions, tasks, statuses, subs)
    policy = Policy(coordinator_chat_id=-1)
    with sessions() as s:
        started = time.perf_counter()
        planned = plan(s, NOW, policy)
        loaded = time.perf_counter() - started
    with sessions() as s, s.begin():
        started = time.perf_counter()
        added = enqueue(s, planned)
        first = time.perf_counter() - started
    with sessions() as s, s.begin():
        started = time.perf_counter()
        again = enqueue(s, plan(s, NOW, policy))
        tick = time.perf_counter() - started
    print(f"planning from the database ({engine.dialect.name}): load + plan {loaded:.2f} s; "
          f"enqueue {added} new in {first:.2f} s; a second tick (plan + enqueue, {again} new) {tick:.2f} s")
    engine.dispose()


class PacedSender:
    """Delivers at most `rate` messages per second overall (like Telegram's bulk limit); records texts."""

    def __init__(self, rate: float) -> None:
        self.interval = 1.0 / rate if rate else 0.0
        self.next_slot = 0.0
        self.sent: Counter[str] = Counter()
        self.window: deque[float] = deque()
        self.peak = 0

    async def send(self, msg: OutgoingMessage) -> None:
        loop = asyncio.get_running_loop()
        if self.interval:
            slot = max(loop.time(), self.next_slot)
            self.next_slot = slot + self.interval
            await asyncio.sleep(slot - loop.time())
        now = loop.time()
        self.window.append(now)
        while self.window and self.window[0] <= now - 1.0:
            self.window.popleft()
        self.peak = max(self.peak, len(self.window))
        self.sent[msg.text] += 1


def bench_outbox(url: str, n_messages: int, n_chats: int, rate: float) -> None:
    engine = make_engine(url)
    migrate(engine)
    sessions = session_factory(engine)
    planned = [PlannedReminder(f"digest:t-:u-:c{i % n_chats}:o-:b{i}", "digest", None, None, i % n_chats,
                               NOW - dt.timedelta(minutes=1), None, "w", f"m{i}") for i in range(n_messages)]
    with sessions() as s, s.begin():
        started = time.perf_counter()
        enqueue(s, planned)
        took = time.perf_counter() - started
    print(f"outbox ({engine.dialect.name}): enqueue {n_messages} reminders in {took:.2f} s "
          f"({n_messages / took:,.0f}/s)")
    sender = PacedSender(rate)
    started = time.perf_counter()
    report = asyncio.run(dispatch_once(sessions, sender, now=NOW, worker_id="bench", batch=50, concurrency=8))
    took = time.perf_counter() - started
    duplicates = sum(c - 1 for c in sender.sent.values())
    losses = n_messages - len(sender.sent)
    label = f"paced at {rate:g} msg/s" if rate else "unpaced (database side only)"
    print(f"  dispatch {report.sent} to {n_chats} chats, {label}: {took:.1f} s → {report.sent / took:.1f} msg/s; "
          f"peak {sender.peak} in 1 s; duplicates {duplicates}, losses {losses}")
    engine.dispose()


def bench_telegram(url: str, n_messages: int, n_chats: int) -> None:
    """5,000 reminders to 500 chats through TelegramSender + AIORateLimiter to the fake Bot API (30 msg/s)."""
    from telegram.ext import ApplicationBuilder

    from bot.telegram.application import rate_limiter
    from bot.telegram.sending import TelegramSender
    from tests.bot.fakebotapi import FakeBotAPI

    api = FakeBotAPI(max_per_second=30)
    engine = make_engine(url)
    migrate(engine)
    sessions = session_factory(engine)
    planned = [PlannedReminder(f"digest:t-:u-:c{1 + i % n_chats}:o-:b{i}", "digest", None, None, 1 + i % n_chats,
                               NOW - dt.timedelta(minutes=1), None, "w", f"m{i}") for i in range(n_messages)]
    with sessions() as s, s.begin():
        enqueue(s, planned)

    async def run() -> tuple[object, float]:
        app = (ApplicationBuilder().token(api.token).base_url(api.base_url)
               .rate_limiter(rate_limiter(max_retries=5)).build())
        async with app:
            started = time.perf_counter()
            report = await dispatch_once(sessions, TelegramSender(app.bot), now=NOW, worker_id="bench",
                                         batch=50, concurrency=8)
            return report, time.perf_counter() - started

    try:
        report, took = asyncio.run(run())
        texts = Counter(m["text"] for m in api.sent)
        refused = sum(1 for meth, _p in api.all_calls if meth == "sendMessage") - len(api.sent)
        print(f"  Telegram path (adapter + the bot's rate limiter → fake Bot API at 30 msg/s): {len(api.sent)} sent in "
              f"{took:.1f} s → {len(api.sent) / took:.1f} msg/s; 429s met {refused}; "
              f"duplicates {sum(c - 1 for c in texts.values())}, losses {n_messages - len(texts)}")
    finally:
        api.close()
        engine.dispose()


@contextmanager
def scratch(base: str | None, name: str) -> Iterator[str]:
    """An empty database: a temporary SQLite file, or a throw-away schema of the PostgreSQL at `base`."""
    if not base or base.startswith("sqlite"):
        with tempfile.TemporaryDirectory() as tmp:
            yield f"sqlite:///{Path(tmp) / f'{name}.sqlite3'}"
        return
    schema = f"bench_{name}_{os.getpid()}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield f"{base}{'&' if '?' in base else '?'}options=-csearch_path%3D{schema}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def main() -> None:
    """Parse the options and print the figures."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tasks", type=int, default=10_000)
    ap.add_argument("--units", type=int, default=200)
    ap.add_argument("--messages", type=int, default=5_000)
    ap.add_argument("--chats", type=int, default=500)
    ap.add_argument("--rate", type=float, default=30.0, help="sender pace, msg/s (0 = unpaced)")
    ap.add_argument("--db", default=None, help="database URL (default: a temporary SQLite file)")
    ap.add_argument("--skip-paced", action="store_true", help="only the unpaced (database side) dispatch")
    args = ap.parse_args()
    bench_planning(args.tasks, args.units)
    with scratch(args.db, "plan") as url:
        bench_planning_db(url, args.tasks, args.units)
    with scratch(args.db, "raw") as url:
        bench_outbox(url, args.messages, args.chats, 0)
    if not args.skip_paced:
        with scratch(args.db, "paced") as url:
            bench_outbox(url, args.messages, args.chats, args.rate)
        with scratch(args.db, "telegram") as url:
            bench_telegram(url, args.messages, args.chats)


if __name__ == "__main__":
    main()
