"""The exports as the CLI and the bot ask for them: bytes and a file name, read in one session."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot import registration
from bot.exports.rows import Filters, export_rows
from bot.registration import UnitRef
from bot.reminders.policy import Policy
from bot.services import Services
from corpus.errors import NotFound


def workbook(services: Services, policy: Policy, now: dt.datetime, filters: Filters, *,
             per_document: bool = False) -> tuple[bytes, str, int]:
    """(the .xlsx bytes, a file name, how many rows)."""
    with services.sessions() as session:
        rows = export_rows(session, now, policy, filters, services.knowledge.registry)
    from bot.exports.workbook import export_name, workbook_bytes  # openpyxl: only when a workbook is made

    data = workbook_bytes(rows, per_document=per_document, tz=policy.tz)
    return data, export_name("nhiem-vu-cchc", policy.today(now), "xlsx"), len(rows)


def unit_by_name(services: Services, name: str) -> UnitRef:
    """A unit a person names ('Phòng Tư pháp Vĩnh Linh'); a UserError when unknown, ambiguous or never named."""
    with services.sessions() as session:
        unit = registration.find_unit(session, services.knowledge.registry, name)
    if unit.id is None:
        raise NotFound(f"«{unit.label()}» chưa được văn bản nào giao việc nên chưa có lịch.")
    return unit


@dataclass
class UnitCalendar:
    """A unit's .ics file: its upcoming deadlines (recurring tasks always have one); the one-off deadlines
    already past are left out of the file (a phone would show them as events with alarms that never ring) and
    only counted, for the caption to send the unit to /viec."""

    data: bytes
    file_name: str
    upcoming: int
    past: int


def calendar(services: Services, policy: Policy, unit: UnitRef, today: dt.date) -> UnitCalendar:
    """(the .ics bytes, its file name, how many upcoming deadlines it holds, how many past ones it left out)."""
    from bot.exports.ics import calendar_file_name, load_unit_tasks, unit_calendar  # icalendar: only here

    assert unit.id is not None
    with services.sessions() as session:
        tasks = [t for t in load_unit_tasks(session, unit.id) if t.deadline or t.recurrence]
    upcoming = [t for t in tasks if t.recurrence or (t.deadline is not None and t.deadline >= today)]
    past = len(tasks) - len(upcoming)
    data = unit_calendar(unit.label(), upcoming, unit.id, policy, today)
    return UnitCalendar(data, calendar_file_name(unit.name), len(upcoming), past)


def local_tz(services: Services) -> ZoneInfo:
    return ZoneInfo(services.settings.timezone)
