"""What is due now: a pure function from tasks, statuses and subscriptions to planned reminders.

`due(now, …)` returns only reminders whose time has come (due_at <= now). For each task
occurrence, unit and chat it returns at most ONE step: the most recent one that is due. So after
downtime a missed reminder is still sent once, and of several missed for one task and unit only
the most recent is produced; the older ones are simply never planned (nothing to mark skipped).
Calling `due` again later returns the same dedupe keys, which the outbox ignores.

Who receives what:
- `TaskInfo.doers` are the accountable units (a group is expanded to its members by the caller;
  a group without known members stays itself). Each has its own status; done stops that unit only.
- `TaskInfo.watchers` are group units whose own chats also get the reminders while any doer is
  still open (no "done" button for them).
- A unit's status may carry `snoozed_until`: nothing before it; at that moment one reminder again.
- Recurring tasks: each occurrence has its own schedule and status; an occurrence's overdue
  reminders stop when the next occurrence's day begins, and its early steps never fall before
  the previous occurrence.
"""
from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from bot.reminders import messages
from bot.reminders.policy import Policy, Step
from corpus.deadlines import Recurrence

KINDS = ("before", "due", "overdue", "digest", "escalation")
_MAX_OCCURRENCES = 60


@dataclass(frozen=True)
class TaskInfo:
    """A task as planning sees it (plain data, built by `targets.load_tasks`)."""

    id: int
    what: str
    quote: str = ""
    deadline: dt.date | None = None
    deadline_time: dt.time | None = None
    precision: str | None = "day"
    recurrence: Mapping[str, Any] | None = None  # {"freq", "day", "month"}
    doers: tuple[int, ...] = ()
    watchers: tuple[int, ...] = ()
    unit_names: Mapping[int, str] = field(default_factory=dict)
    source_title: str = ""
    source_issuer: str | None = None
    section: str = ""
    submit_to: str | None = None
    document_id: int | None = None


@dataclass(frozen=True, slots=True)
class StatusInfo:
    """A unit's status of one task occurrence (occurrence None for a one-off task)."""

    task_id: int
    unit_id: int
    occurrence: dt.date | None = None
    state: str = "open"  # open | done
    done_at: dt.datetime | None = None
    snoozed_until: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Subscription:
    """An approved chat linked to a unit."""

    unit_id: int
    chat_id: int


@dataclass(frozen=True, slots=True)
class PlannedReminder:
    """One message to put in the outbox; `dedupe_key` makes it idempotent."""

    dedupe_key: str
    kind: str  # before | due | overdue | digest | escalation
    task_id: int | None
    unit_id: int | None
    chat_id: int
    due_at: dt.datetime
    occurrence: dt.date | None
    step: str
    text: str


class KeyParts(NamedTuple):
    kind: str
    task_id: int | None
    role: str  # "u" an accountable unit, "g" a watching group
    unit_id: int | None
    chat_id: int
    occurrence: dt.date | None
    step: str


class Occurrence(NamedTuple):
    """One due date of a task; `key` is the status key (None for one-off tasks)."""

    deadline: dt.date
    key: dt.date | None
    after: dt.date | None = None  # steps must fall after this day (the previous occurrence)
    cutoff: dt.datetime | None = None  # nothing for this occurrence from here on (the next one)


def make_key(kind: str, task_id: int | None, role: str, unit_id: int | None, chat_id: int,
             occurrence: dt.date | None, step: str) -> str:
    """'before:t12:u7:c-100123:o2025-01-31:b3' — the chat is always the ':c…:' segment."""
    t = "-" if task_id is None else task_id
    u = "-" if unit_id is None else unit_id
    o = occurrence.isoformat() if occurrence else "-"
    return f"{kind}:t{t}:{role}{u}:c{chat_id}:o{o}:{step}"


def parse_key(key: str) -> KeyParts:
    """The parts of a dedupe key made by `make_key`."""
    kind, t, u, c, o, step = key.split(":", 5)
    return KeyParts(kind, None if t == "t-" else int(t[1:]), u[0], None if u[1:] == "-" else int(u[1:]),
                    int(c[1:]), None if o == "o-" else dt.date.fromisoformat(o[1:]), step)


def occurrences(task: TaskInfo, today: dt.date, policy: Policy) -> list[Occurrence]:
    """The occurrences planning looks at: recent past ones (within the overdue window) and the next."""
    if not task.recurrence:
        return [Occurrence(task.deadline, None)] if task.deadline else []
    rec = Recurrence(task.recurrence.get("freq", ""), task.recurrence.get("day"),
                     task.recurrence.get("month"), raw="")
    start = today - dt.timedelta(days=policy.overdue_stop_after_days)
    if task.deadline and task.deadline > start:
        start = task.deadline  # the first occurrence
    horizon = today + dt.timedelta(days=max(policy.digest_horizon_days, *policy.days_before, 0) + 31)
    dates: list[dt.date] = []
    day = rec.first_on_or_after(start)
    while day <= horizon and len(dates) < _MAX_OCCURRENCES:
        dates.append(day)
        day = rec.next_after(day)
    cut = [policy.at(d, 0) for d in dates[1:]] + [policy.at(day, 0)]
    return [Occurrence(d, d, dates[i - 1] if i else None, cut[i]) for i, d in enumerate(dates)]


def latest_step(steps: tuple[Step, ...], now: dt.datetime, policy: Policy,
                occ: Occurrence) -> Step | None:
    """The most recent step due at `now`, if it has not been superseded or expired."""
    if occ.after:
        steps = tuple(s for s in steps if s.due_at.date() > occ.after)
    i = bisect.bisect_right([s.due_at for s in steps], now) - 1
    if i < 0:
        return None
    end = steps[i + 1].due_at if i + 1 < len(steps) else steps[i].due_at + policy.catch_up
    if occ.cutoff and occ.cutoff < end:
        end = occ.cutoff
    return steps[i] if now < end else None


def kind_on(day: dt.date, deadline: dt.date) -> str:
    """before, due or overdue, for a reminder sent on `day`."""
    return "before" if day < deadline else "due" if day == deadline else "overdue"


def due(now: dt.datetime, tasks: Iterable[TaskInfo], statuses: Iterable[StatusInfo],
        subscriptions: Iterable[Subscription], policy: Policy) -> list[PlannedReminder]:
    """Every reminder due at `now` (aware) that has not been superseded; see the module doc."""
    planner = _Planner(now, policy, statuses, subscriptions)
    for task in tasks:
        planner.task(task)
    planner.digests()
    return planner.out


class _Planner:
    """The state of one `due` call."""

    def __init__(self, now: dt.datetime, policy: Policy, statuses: Iterable[StatusInfo],
                 subscriptions: Iterable[Subscription]) -> None:
        self.now, self.policy, self.today = now, policy, policy.today(now)
        self.status = {(s.task_id, s.unit_id, s.occurrence): s for s in statuses}
        self.chats: dict[int, list[int]] = defaultdict(list)
        for sub in subscriptions:
            if sub.chat_id not in self.chats[sub.unit_id]:
                self.chats[sub.unit_id].append(sub.chat_id)
        self.out: list[PlannedReminder] = []
        self.digest_week = self._digest_week()
        self.soon: dict[int, list[tuple[TaskInfo, dt.date]]] = defaultdict(list)
        self.late: dict[int, list[tuple[TaskInfo, dt.date]]] = defaultdict(list)
        self.names: dict[int, str] = {}

    def done(self, task_id: int, unit_id: int, occ: dt.date | None) -> bool:
        st = self.status.get((task_id, unit_id, occ))
        return st is not None and st.state == "done"

    def task(self, task: TaskInfo) -> None:
        reach = [u for u in task.doers + task.watchers if u in self.chats]
        if not reach and self.policy.coordinator_chat_id is None:
            return
        for occ in occurrences(task, self.today, self.policy):
            open_doers = [u for u in task.doers if not self.done(task.id, u, occ.key)]
            if not open_doers:
                continue
            steps = self.policy.schedule(occ.deadline, task.precision)
            step = latest_step(steps, self.now, self.policy, occ) if reach else None
            readers = [(u, "u") for u in open_doers if u in self.chats]
            readers += [(g, "g") for g in task.watchers if g in self.chats and not self.done(task.id, g, occ.key)]
            body = None
            for unit, role in readers:
                if step is not None:
                    body = body or messages.reminder_body(task, occ.deadline, self.today)
                    self._remind(task, occ, step, unit, role, body, len(open_doers))
                self._collect(task, occ, unit)
            self._escalate(task, occ, open_doers)

    def _remind(self, task: TaskInfo, occ: Occurrence, step: Step, unit: int, role: str, body: str,
                open_count: int) -> None:
        st = self.status.get((task.id, unit, occ.key))
        if st is not None and st.snoozed_until is not None:
            if st.snoozed_until > self.now:
                return
            if step.due_at < st.snoozed_until:
                when = st.snoozed_until
                step = Step(f"s{when.astimezone(dt.UTC):%Y%m%d%H%M}",
                            kind_on(when.astimezone(self.policy.tz).date(), occ.deadline), when)
        name = task.unit_names.get(unit, "")
        note = messages.group_note(open_count, len(task.doers)) if role == "g" else ""
        text = messages.reminder_text(step.kind, name, body, note)
        for chat in self.chats[unit]:
            key = make_key(step.kind, task.id, role, unit, chat, occ.key, step.code)
            self.out.append(PlannedReminder(key, step.kind, task.id, unit, chat, step.due_at, occ.key,
                                            step.code, text))

    def _escalate(self, task: TaskInfo, occ: Occurrence, open_doers: list[int]) -> None:
        chat = self.policy.coordinator_chat_id
        if chat is None:
            return
        at = self.policy.escalation_at(occ.deadline)
        end = min(at + self.policy.catch_up, occ.cutoff or at + self.policy.catch_up)
        if not at <= self.now < end:
            return
        names = [task.unit_names.get(u, f"đơn vị #{u}") for u in open_doers]
        text = messages.escalation_text(task, occ.deadline, names, self.today)
        key = make_key("escalation", task.id, "u", None, chat, occ.key, "e")
        self.out.append(PlannedReminder(key, "escalation", task.id, None, chat, at, occ.key, "e", text))

    def _digest_week(self) -> tuple[dt.date, dt.datetime] | None:
        """The week whose digest is due today (its Monday and time), if any: only on the digest day itself (the
        configured weekday, or the working day before it), from the reminder hour on."""
        monday = self.today - dt.timedelta(days=self.today.weekday())
        for week in (monday + dt.timedelta(days=7), monday):
            at = self.policy.digest_at(week)
            if at.astimezone(self.policy.tz).date() == self.today and at <= self.now:
                return week, at
        return None

    def _collect(self, task: TaskInfo, occ: Occurrence, unit: int) -> None:
        if self.digest_week is None:
            return
        self.names.setdefault(unit, task.unit_names.get(unit, ""))
        end = self.policy.deadline_end(occ.deadline, task.deadline_time)
        if end < self.now:
            if (self.today - occ.deadline).days <= self.policy.overdue_stop_after_days:
                self.late[unit].append((task, occ.deadline))
        elif (occ.deadline - self.today).days <= self.policy.digest_horizon_days:
            self.soon[unit].append((task, occ.deadline))

    def digests(self) -> None:
        if self.digest_week is None:
            return
        week, at = self.digest_week
        for unit in sorted(set(self.soon) | set(self.late)):
            soon = sorted(self.soon[unit], key=lambda x: x[1])
            late = sorted(self.late[unit], key=lambda x: x[1])
            text = messages.digest_text(self.names.get(unit, ""), soon, late, self.today)
            for chat in self.chats[unit]:
                key = make_key("digest", None, "u", unit, chat, week, "w")
                self.out.append(PlannedReminder(key, "digest", None, unit, chat, at, week, "w", text))
