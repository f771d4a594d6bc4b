"""Calendar values as the directives write them: partial dates and working days."""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from datetime import tzinfo
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import holidays


@dataclass(frozen=True)
class PartialDate:
    """A date whose day or month may be blank, as in the draft line "ngày  tháng 01 năm 2024"."""

    year: int | None = None
    month: int | None = None
    day: int | None = None

    def to_json(self) -> dict[str, int | None]:
        return {"year": self.year, "month": self.month, "day": self.day}

    def as_date(self) -> dt.date | None:
        """The full date, or None when a part is blank."""
        if self.year and self.month and self.day:
            try:
                return dt.date(self.year, self.month, self.day)
            except ValueError:
                return None
        return None

    def earliest(self) -> dt.date | None:
        """The first day this partial date can stand for (None without a year)."""
        if not self.year:
            return None
        return self.as_date() or dt.date(self.year, self.month or 1, 1)


@lru_cache(maxsize=64)
def vn_holidays(year: int) -> holidays.HolidayBase:
    """Vietnam's public holidays for a year (the `holidays` package, with substituted days)."""
    import holidays

    return holidays.country_holidays("VN", years=year)


def is_working_day(day: dt.date) -> bool:
    """Monday–Friday and not a Vietnamese public holiday; swapped Saturdays count as working."""
    cal = vn_holidays(day.year)
    if hasattr(cal, "is_working_day"):
        return bool(cal.is_working_day(day))
    return day.weekday() < 5 and day not in cal


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def add_working_days(start: dt.date, count: int) -> dt.date:
    """The `count`-th working day after `start`; `start` itself is not counted."""
    day = start
    remaining = count
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


# ------------------------------------------------------------------ how dates are written to people

# Every date the assistant writes is dd/mm/yyyy, with the weekday spelt one way: lower-case «thứ» (it is
# never the first word of a line), «Chủ nhật» capitalised as a name. Times are local to this zone unless the
# administrator sets CCHC_TIMEZONE.
DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
WEEKDAYS = ("thứ Hai", "thứ Ba", "thứ Tư", "thứ Năm", "thứ Sáu", "thứ Bảy", "Chủ nhật")


def format_date(day: dt.date | None) -> str:
    """'15/02/2025' ('' for no date).

    >>> format_date(dt.date(2025, 2, 5))
    '05/02/2025'
    """
    return day.strftime("%d/%m/%Y") if day else ""


def weekday_name(day: dt.date) -> str:
    """'thứ Hai' … 'thứ Bảy', 'Chủ nhật'."""
    return WEEKDAYS[day.weekday()]


def format_day(day: dt.date, time: dt.time | None = None) -> str:
    """The weekday and the date, then the time when there is one.

    >>> format_day(dt.date(2025, 2, 15))
    'thứ Bảy, 15/02/2025'
    >>> format_day(dt.date(2025, 2, 16), dt.time(10, 0))
    'Chủ nhật, 16/02/2025, 10:00'
    """
    return f"{weekday_name(day)}, {format_date(day)}" + (f", {time:%H:%M}" if time else "")


def format_moment(at: dt.datetime, tz: tzinfo) -> str:
    """A moment in the given zone: '15/02/2025 08:00'."""
    return at.astimezone(tz).strftime("%d/%m/%Y %H:%M")
