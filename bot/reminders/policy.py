"""When to remind: the steps before and after a deadline, the weekly digest, escalation, snoozing.

Rules (defaults from Settings):

- Reminders 7, 3 and 1 days before and on the day, at 08:00 Asia/Ho_Chi_Minh. A reminder that
  falls on a weekend or a Vietnamese public holiday moves to the previous working day; two steps
  that land on the same day become one (the one nearer the deadline).
- A month-precision deadline ("trong tháng 4") also reminds on the month's first working day.
- Overdue: on each of the first N working days after the deadline, then every 7 days (moved to
  the previous working day), for at most `overdue_stop_after_days` after the deadline.
- Escalation to the coordinator chat at 08:00 on working day N+1 after the deadline, i.e. once
  the task has been overdue for more than N working days.
- Weekly digest on the configured weekday (Monday by default) at 08:00, moved like any reminder, and only on
  that day: a digest missed while the bot was down is not sent on another weekday.
- A step missed during downtime may still be sent until the next step is due; the last step of a
  schedule may be sent up to `catch_up_days` late.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from corpus.dates import DEFAULT_TIMEZONE, add_working_days, is_working_day

if TYPE_CHECKING:
    from bot.settings import Settings

DEFAULT_TZ = DEFAULT_TIMEZONE


@dataclass(frozen=True, slots=True)
class Step:
    """One planned moment in a deadline's schedule: code b7/b3/b1/d0/m1/o1…/w1…, kind, due_at."""

    code: str
    kind: str  # before | due | overdue
    due_at: dt.datetime


@dataclass(frozen=True)
class Policy:
    """The reminder rules; build it with `Policy.from_settings(settings)`."""

    days_before: tuple[int, ...] = (7, 3, 1, 0)
    hour: int = 8
    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))
    overdue_daily_working_days: int = 3
    overdue_every_days: int = 7
    overdue_stop_after_days: int = 90
    catch_up_days: int = 7
    digest_weekday: int = 0  # Monday
    digest_horizon_days: int = 14
    escalate_after_working_days: int = 3
    coordinator_chat_id: int | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Policy:
        """The policy the administrator configured (CCHC_REMINDER_* and friends)."""
        return cls(days_before=tuple(sorted(set(settings.reminder_days_before), reverse=True)),
                   hour=settings.reminder_hour, tz=ZoneInfo(settings.timezone),
                   overdue_daily_working_days=settings.overdue_daily_working_days,
                   escalate_after_working_days=settings.escalate_after_working_days,
                   digest_weekday=settings.digest_weekday,
                   coordinator_chat_id=settings.coordinator_chat_id)

    def today(self, now: dt.datetime) -> dt.date:
        """The local calendar day of an aware instant."""
        return now.astimezone(self.tz).date()

    def at(self, day: dt.date, hour: int | None = None) -> dt.datetime:
        """The reminder hour of a local day, as an aware datetime."""
        return dt.datetime.combine(day, dt.time(self.hour if hour is None else hour), self.tz)

    def deadline_end(self, day: dt.date, time: dt.time | None = None) -> dt.datetime:
        """The instant a deadline passes: its time, else the end of its day."""
        return dt.datetime.combine(day, time or dt.time(23, 59, 59), self.tz)

    def schedule(self, deadline: dt.date, precision: str | None = None) -> tuple[Step, ...]:
        """Every step for one deadline (one occurrence), sorted by time."""
        return _schedule(self, deadline, precision == "month")

    def escalation_at(self, deadline: dt.date) -> dt.datetime:
        """When a still-open task is reported to the coordinator."""
        return self.at(_nth_working_day_after(deadline, self.escalate_after_working_days + 1))

    def digest_at(self, week_start: dt.date) -> dt.datetime:
        """When the digest of the week starting `week_start` is sent."""
        return self.at(working_on_or_before(week_start + dt.timedelta(days=self.digest_weekday)))

    def snooze_until(self, now: dt.datetime) -> dt.datetime:
        """'Nhắc lại sau': the next working day after today, at the reminder hour."""
        return self.at(next_working_day(self.today(now)))

    @property
    def catch_up(self) -> dt.timedelta:
        return dt.timedelta(days=self.catch_up_days)


@lru_cache(maxsize=8192)
def _working(day: dt.date) -> bool:
    return is_working_day(day)


@lru_cache(maxsize=8192)
def _nth_working_day_after(day: dt.date, n: int) -> dt.date:
    return add_working_days(day, n)


def working_on_or_before(day: dt.date) -> dt.date:
    """The day itself if it is a working day, else the previous working day."""
    while not _working(day):
        day -= dt.timedelta(days=1)
    return day


def next_working_day(day: dt.date) -> dt.date:
    """The first working day strictly after `day`."""
    day += dt.timedelta(days=1)
    while not _working(day):
        day += dt.timedelta(days=1)
    return day


def first_working_day_of_month(day: dt.date) -> dt.date:
    """The first working day of the month that contains `day`."""
    first = day.replace(day=1)
    return first if _working(first) else next_working_day(first)


@lru_cache(maxsize=65536)
def _schedule(policy: Policy, deadline: dt.date, month_precision: bool) -> tuple[Step, ...]:
    by_day: dict[dt.date, Step] = {}
    if month_precision:
        first = first_working_day_of_month(deadline)
        by_day[first] = Step("m1", "before", policy.at(first))
    for n in sorted(policy.days_before, reverse=True):  # nearer steps overwrite farther ones
        day = working_on_or_before(deadline - dt.timedelta(days=n))
        by_day[day] = Step("d0" if n == 0 else f"b{n}", "due" if n == 0 else "before", policy.at(day))
    return tuple(by_day[d] for d in sorted(by_day)) + _overdue_steps(policy, deadline)


def _overdue_steps(policy: Policy, deadline: dt.date) -> tuple[Step, ...]:
    steps: list[Step] = []
    day = deadline
    for i in range(1, policy.overdue_daily_working_days + 1):
        day = next_working_day(day)
        steps.append(Step(f"o{i}", "overdue", policy.at(day)))
    stop = deadline + dt.timedelta(days=policy.overdue_stop_after_days)
    last, week = day, 1
    while (nominal := day + dt.timedelta(days=policy.overdue_every_days * week)) <= stop:
        moved = working_on_or_before(nominal)
        if moved > last:
            steps.append(Step(f"w{week}", "overdue", policy.at(moved)))
            last = moved
        week += 1
    return tuple(steps)
