"""A unit's deadlines as a calendar (icalendar): each deadline an event with the quote, the source and a
reminder alarm; a recurring duty one event with its RRULE (corpus.deadlines.Recurrence)."""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from icalendar import Alarm, Calendar, Event, vRecur

from bot.reminders.planning import TaskInfo
from bot.reminders.policy import Policy
from corpus.deadlines import Recurrence

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
PERIOD_MONTHS = {"monthly": 1, "quarterly": 3, "half_yearly": 6, "yearly": 12}
DOMAIN = "tro-ly-cchc"


def rrules(rec: Recurrence) -> list[Recurrence]:
    """A rule naming several days ('01/6 và 15/11 hằng năm') as one rule per day."""
    if not rec.days:
        return [rec]
    return [replace(rec, day=d, month=mo, days=()) for mo, d in rec.days]


def rrule_of(rec: Recurrence, first: dt.date) -> vRecur:
    """The RRULE of a one-day rule whose DTSTART is `first`, one of its occurrences.

    A day past the 28th falls back to the month's last day, as Recurrence does (BYMONTHDAY 28..d, BYSETPOS -1)."""
    n = max(1, rec.interval)
    if rec.freq == "daily":
        return vRecur(FREQ="DAILY", INTERVAL=n)
    if rec.freq == "weekly":
        return vRecur(FREQ="WEEKLY", INTERVAL=n, BYDAY=WEEKDAYS[(rec.day or 7) - 1])
    months = PERIOD_MONTHS[rec.freq] * n
    rule = vRecur(FREQ="YEARLY", INTERVAL=months // 12) if months % 12 == 0 else vRecur(FREQ="MONTHLY",
                                                                                      INTERVAL=months)
    if rec.day is None:
        rule["BYMONTHDAY"] = -1
    elif rec.day <= 28:
        rule["BYMONTHDAY"] = rec.day
    else:
        rule["BYMONTHDAY"] = list(range(28, rec.day + 1))
        rule["BYSETPOS"] = -1
    if months % 12 == 0:
        rule["BYMONTH"] = first.month
    return rule


def unit_calendar(unit_name: str, tasks: Sequence[TaskInfo], unit_id: int, policy: Policy,
                  today: dt.date) -> bytes:
    """The .ics of one unit: its confirmed tasks that have a deadline or a rule."""
    cal = Calendar()
    cal.add("prodid", "-//Tro ly CCHC//Lich han nhiem vu//VI")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", f"Hạn nhiệm vụ CCHC — {unit_name}")
    cal.add("x-wr-timezone", str(policy.tz))
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
    for task in tasks:
        for n, event in enumerate(_events(task, policy, today)):
            event.add("uid", f"task-{task.id}-unit-{unit_id}-{n}@{DOMAIN}")
            event.add("dtstamp", stamp)
            cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


def _events(task: TaskInfo, policy: Policy, today: dt.date) -> list[Event]:
    if task.recurrence:
        rec = Recurrence.from_json(dict(task.recurrence))
        start = task.deadline or today
        out = []
        for one in rrules(rec):
            first = one.first_on_or_after(start)
            rule = rrule_of(one, first)
            event = _event(task, first, policy, f"{rec.label}: ")
            event.add("rrule", rule)
            out.append(event)
        return out
    if task.deadline is None:
        return []
    when = f"trong tháng {task.deadline:%m/%Y}: " if task.precision == "month" else ""
    return [_event(task, task.deadline, policy, when)]


def _event(task: TaskInfo, day: dt.date, policy: Policy, when: str) -> Event:
    event = Event()
    what = " ".join(task.what.split())
    event.add("summary", "Hạn: " + (what if len(what) <= 120 else what[:119].rstrip() + "…"))
    if task.deadline_time is not None:
        start = dt.datetime.combine(day, task.deadline_time, policy.tz)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=30))
        alarm_before = dt.timedelta(days=1)
    else:
        event.add("dtstart", day)
        event.add("dtend", day + dt.timedelta(days=1))
        alarm_before = dt.timedelta(hours=24 - policy.hour)  # the reminder hour of the day before
    event.add("description", _description(task, when))
    event.add("categories", ["CCHC"])
    event.add("transp", "TRANSPARENT")
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("description", f"Sắp đến hạn: {what[:150]}")
    alarm.add("trigger", -alarm_before)
    event.add_component(alarm)
    return event


def _description(task: TaskInfo, when: str) -> str:
    lines = [f"{when}{task.what}".strip()]
    if task.submit_to:
        lines.append(f"Gửi về: {task.submit_to}")
    if task.quote:
        lines.append(f"Trích văn bản: «{task.quote}»")
    source = "; ".join(p for p in (task.source_title, task.source_issuer,
                                   f"mục {task.section}" if task.section else None) if p)
    if source:
        lines.append(f"Nguồn: {source}")
    return "\n".join(lines)


def calendar_file_name(unit_name: str) -> str:
    """'lich-han-phong-tu-phap.ics' (ASCII, for every mail and chat client)."""
    from corpus.text import key

    slug = "-".join(key(unit_name).split())[:60] or "don-vi"
    return f"lich-han-{slug}.ics"


def load_unit_tasks(session: Session, unit_id: int) -> list[TaskInfo]:
    """The confirmed tasks the unit must do (itself or through a group)."""
    from bot.reminders.targets import UnitDirectory, unit_tasks

    directory = UnitDirectory.load(session)
    return [t for t in unit_tasks(session, directory, unit_id) if unit_id in t.doers]

