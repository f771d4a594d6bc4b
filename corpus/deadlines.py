"""Deadlines in directive text: due days, due periods, ranges, effective dates, relative spans and recurring rules.

Conventions (see ../shared/gold/seed_facts.yaml and ../shared/dev/README.md):

- `qualifier` keeps the directive's own word for the bound, lower case: "chậm nhất", "muộn nhất",
  "trước", "hạn" (a labelled date: "Thời hạn: 15/3/2024"), "đến" ("hoàn thành ... đến ngày", and the end
  of a range "từ ngày A đến ngày B"), "trong" (a span of days: "trong 05 ngày làm việc kể từ ...", and
  "trong ngày X"), "không quá", "tối đa", "sau" (other span words), "trong tháng", "trong quý",
  "trong 6 tháng", "trong năm" (due periods), "định kỳ" (a rule with no bound word), "hiệu lực" (an
  effective date: "có hiệu lực thi hành kể từ ngày ký") and "từ" (a start: "bắt đầu từ ngày X",
  "kể từ ngày X", "từ tháng 11/2025 đến khi ..."). Effective dates and starts are not duties.
- A bound day is the day written: "trước ngày X", "chậm nhất ngày X", "trong ngày X" → X, never X − 1.
  "trước tháng 5/2024" likewise reads as May (precision month).
- A range "từ ngày A đến ngày B" (also "từ ngày A - B", "từ 18h00 ngày A đến 03h00 ngày B") is due on B,
  with `start_date`/`start_time` = A. "tính từ ... đến ..." (a data window) and past events are not ranges.
- "có hiệu lực (thi hành) kể từ ngày ký (ban hành)" is the issue date (`issued`, when it has a day);
  "có hiệu lực từ ngày X", "thi hành ... kể từ ngày X", "áp dụng từ ngày X" → X.
- A due period (month, quarter, half-year, year, or a range/list of them) is due on its last day, with
  precision "month" (kept for quarters, half-years and years too: callers know only day|month) and
  `label` the human form to print ("tháng 12/2025", "quý I/2026", "năm 2025 - 2026"). No day is invented.
  A list "quý I và quý II" gives one Deadline per period.
- A date written without a year ("trước ngày 15/3", "trong tháng 4") takes the year of `issued`,
  or the next year when the issue month is later than the deadline month (a letter of 12/2024
  saying "trước ngày 10/01" means 2025). Without an issue year such a deadline is skipped rather
  than guessed. Recurring rules are returned even without `issued`, with `date` None. Two-digit years
  ("15/3/24") are read only written tight ("d/m/yy") after a deadline cue.
- A date is a deadline only after a deadline cue (chậm nhất, trước, hạn ...:, trong, hoàn thành
  trong/vào, đến ngày after a verb of finishing or sending, kể từ after a span). A date after a
  document number ("Kế hoạch số 11/KH-UBND ngày 15/01/2024"), a date line, a past fact, a period
  such as "giai đoạn 2021-2025", a score or a rank has no cue and is not returned.
- "trong năm 2024" alone is not a deadline ("áp dụng trong năm 2024"); "hoàn thành trong năm 2024"
  and "Thời gian thực hiện: năm 2024" are (due 2024-12-31).
- "hằng năm" and "hằng ngày" alone are not deadlines (they mostly qualify a noun: "Chỉ số CCHC hằng năm");
  they are with a day ("trước ngày 15/12 hằng năm"), after "định kỳ", as "N lần/..." or as a labelled cell
  ("Thời hạn: Hằng năm"). "hằng tháng", "hằng quý", "hằng tuần" and "N tháng/lần" (any N) alone are
  recurring rules due at the end of each period; a rule with no day keeps precision "month" and its label
  ("6 tháng/lần") so that no day is printed for it.
- A span relative to an event ("trong 03 ngày làm việc kể từ ngày nhận được văn bản đề nghị", "chậm nhất
  là 30 ngày, trước ngày khai mạc kỳ họp", "trước 10 giờ sáng ngày làm việc tiếp theo") carries a
  `Relative`; `date` is filled only when the anchor is this letter's own signing/issue or receipt, its
  effective date stated in the same text, or a written date.
- Text is expected in NFC (the normaliser's job); other text is converted to NFC first, and the
  spans then refer to the NFC form.
"""
from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from corpus import deadline_rules as rules
from corpus.dates import PartialDate, add_working_days, is_working_day, month_end

FREQUENCIES = ("yearly", "half_yearly", "quarterly", "monthly", "weekly", "daily")
_PERIOD_MONTHS = {"yearly": 12, "half_yearly": 6, "quarterly": 3, "monthly": 1}
_PERIOD_QUALIFIER = {"month": "trong tháng", "quarter": "trong quý", "half": "trong 6 tháng", "year": "trong năm"}
_BOUND_WORDS = ("trước", "chậm nhất", "muộn nhất", "hạn")
_WS = re.compile(r"\s*")
_EVERY = {"daily": "ngày", "weekly": "tuần", "monthly": "tháng", "quarterly": "quý", "half_yearly": "6 tháng",
          "yearly": "năm"}
_WEEKDAY_NAMES = {1: "thứ Hai", 2: "thứ Ba", 3: "thứ Tư", 4: "thứ Năm", 5: "thứ Sáu", 6: "thứ Bảy", 7: "Chủ nhật"}
_POSITION_NAMES = {1: "đầu", 2: "giữa", 3: "cuối"}
# office hours for spans in "giờ làm việc" (8 hours a working day)
OFFICE_HOURS = ((dt.time(8, 0), dt.time(12, 0)), (dt.time(13, 0), dt.time(17, 0)))


@dataclass(frozen=True)
class Recurrence:
    """A duty that falls due every period: "trước ngày 15/12 hằng năm", "ít nhất 6 tháng/lần".

    `day` None means the last day of the period. `month` is the month within the period
    (yearly: 1-12, half-yearly: 1-6, quarterly: 1-3, 3 = "tháng cuối quý"); None means the
    period's last month. For weekly rules `day` is the ISO weekday (1 = Monday, None = Sunday);
    daily rules have neither.

    `interval` repeats the rule every so many periods ("2 tháng/lần" = monthly, interval 2; "24 tháng/lần" =
    yearly, interval 2). Periods of several months are counted from January of year 0 (so "2 tháng/lần" falls
    due at the end of February, April, ...), weeks and days from 0001-01-01; with `month` set, the month is
    within the last `freq` period of each block.

    `days` lists every (month within the period, day) when the rule names several days
    ("trước ngày 01/6 và 15/11 hằng năm" → ((6, 1), (11, 15))); `day`/`month` then hold the first pair, and
    occurrences are those of any pair (the nearer one comes first).
    """

    freq: str
    day: int | None
    month: int | None
    raw: str
    interval: int = 1
    days: tuple[tuple[int | None, int | None], ...] = ()

    def next_after(self, day: dt.date) -> dt.date:
        """The first occurrence strictly after `day`."""
        if self.days:
            return min(replace(self, day=d, month=m, days=()).next_after(day) for m, d in self.days)
        n = max(1, self.interval)
        if self.freq == "daily":
            after = day.toordinal() + 1
            return dt.date.fromordinal(after + (n - 1 - after) % n)
        if self.freq == "weekly":
            week = (day.toordinal() - 1) // 7
            week += (n - 1 - week) % n
            while (due := dt.date.fromordinal(week * 7 + (self.day or 7))) <= day:
                week += n
            return due
        base = _PERIOD_MONTHS[self.freq]
        span = base * n
        first = (day.year * 12 + day.month - 1) // span * span
        while (due := self._due_in(first, base, span)) <= day:
            first += span
        return due

    def first_on_or_after(self, day: dt.date) -> dt.date:
        """The first occurrence on or after `day`."""
        return self.next_after(day - dt.timedelta(days=1))

    def _due_in(self, first: int, base: int, span: int) -> dt.date:
        """The due day of the block of `span` months starting at month index `first` (year * 12 + month - 1)."""
        index = first + span - base + ((self.month or base) - 1) % base
        year, month = divmod(index, 12)
        end = month_end(year, month + 1)
        return end.replace(day=min(self.day or end.day, end.day))

    @property
    def label(self) -> str:
        """The rule as a reader writes it: "6 tháng/lần", "trước ngày 20 hằng tháng", "ngày 01/6 và 15/11 hằng năm"."""
        every = f"{self.interval} {_EVERY[self.freq]}/lần" if self.interval > 1 else {
            "half_yearly": "6 tháng/lần"}.get(self.freq, f"hằng {_EVERY.get(self.freq, self.freq)}")
        if self.freq == "weekly" and self.day:
            return f"{_WEEKDAY_NAMES[self.day]} {every}"
        pairs = self.days or ((self.month, self.day),) if self.day else ()
        if not pairs:
            return every
        if self.freq == "yearly":
            return "ngày " + " và ".join(f"{d:02d}/{m}" if m else f"{d:02d}" for m, d in pairs) + f" {every}"
        if self.freq == "monthly":
            return "ngày " + " và ".join(f"{d:02d}" for _, d in pairs) + f" {every}"
        if self.freq == "quarterly" and self.month:
            return f"ngày {self.day:02d} tháng {_POSITION_NAMES.get(self.month, self.month)} quý ({every})"
        return f"ngày {self.day:02d} ({every})"

    def to_json(self) -> dict:
        """{"freq", "day", "month"}, plus "interval" when not 1 and "days" when the rule names several days."""
        out: dict[str, Any] = {"freq": self.freq, "day": self.day, "month": self.month}
        if self.interval != 1:
            out["interval"] = self.interval
        if self.days:
            out["days"] = [[m, d] for m, d in self.days]
        return out

    @classmethod
    def from_json(cls, data: dict, raw: str = "") -> Recurrence:
        """The rule back from `to_json()`."""
        return cls(data.get("freq", ""), data.get("day"), data.get("month"), raw, int(data.get("interval") or 1),
                   tuple((m, d) for m, d in data.get("days") or ()))


@dataclass(frozen=True)
class Relative:
    """A span counted from an event: "trong 03 ngày làm việc kể từ ngày nhận được văn bản đề nghị" (+3 ngày làm
    việc), "chậm nhất là 30 ngày, trước ngày khai mạc kỳ họp" (−30 ngày), "sau 16 giờ thì ... trước 10 giờ sáng
    ngày làm việc tiếp theo" (+1 ngày làm việc at 10:00, only after 16:00).

    `unit` is "ngày" | "ngày làm việc" | "giờ" | "giờ làm việc" | "tháng" | "tuần"; `sign` +1 after the anchor,
    −1 before it; `anchor` the anchor phrase as written ("ngày nhận được văn bản đề nghị", "" when unnamed);
    `time` the clock time of the due day when stated; `after_time` the "sau 16 giờ" condition.
    """

    count: int
    unit: str
    sign: int
    anchor: str
    time: dt.time | None = None
    after_time: dt.time | None = None

    @property
    def offset(self) -> str:
        """ "+3 ngày làm việc", "-30 ngày"."""
        return f"{'+' if self.sign > 0 else '-'}{self.count} {self.unit}"

    def resolve(self, anchor_day: dt.date, anchor_time: dt.time | None = None) -> tuple[dt.date, dt.time | None]:
        """The due day (and time) for an anchor event on `anchor_day` (at `anchor_time`).

        Calendar days unless the unit says "làm việc"; working days skip weekends and public holidays, and
        counting starts the day after the anchor (the anchor day itself is never counted). With an `after_time`
        condition and an `anchor_time` not after it, the condition does not hold: the anchor day is returned
        (the "ngay trong ngày" branch such rules pair with).
        """
        if self.after_time is not None and anchor_time is not None and anchor_time <= self.after_time:
            return anchor_day, None
        n, sign = self.count, self.sign
        if self.unit == "ngày làm việc":
            return (add_working_days(anchor_day, n) if sign > 0 else _working_days_before(anchor_day, n)), self.time
        if self.unit in ("ngày", "tuần"):
            days = n * (7 if self.unit == "tuần" else 1)
            return anchor_day + dt.timedelta(days=sign * days), self.time
        if self.unit == "tháng":
            return _add_months(anchor_day, sign * n), self.time
        if self.unit == "giờ":
            if anchor_time is None:
                return anchor_day + dt.timedelta(days=sign * math.ceil(n / 24)), None
            moment = dt.datetime.combine(anchor_day, anchor_time) + dt.timedelta(hours=sign * n)
            return moment.date(), moment.time()
        if self.unit == "giờ làm việc" and sign > 0:
            return _add_office_hours(anchor_day, anchor_time, n)
        raise ValueError(f"cannot resolve {self.offset}")

    def to_json(self) -> dict:
        """{"count", "unit", "sign", "anchor", "offset", "time", "after_time"}."""
        return {"count": self.count, "unit": self.unit, "sign": self.sign, "anchor": self.anchor,
                "offset": self.offset, "time": _hhmm(self.time), "after_time": _hhmm(self.after_time)}


@dataclass(frozen=True)
class Deadline:
    """One deadline found in a text, with the span of the words it was read from.

    Added fields: `start_date`/`start_time` (the start of a range, or of a "từ" start), `relative` (a span counted
    from an event), `label` (the human form of a period or rule to print instead of a day: "tháng 12/2025",
    "quý I/2026", "năm 2025 - 2026", "6 tháng/lần").
    """

    date: dt.date | None
    time: dt.time | None
    qualifier: str
    precision: str
    recurrence: Recurrence | None
    raw: str
    start: int
    end: int
    working_days: int | None = None
    start_date: dt.date | None = None
    start_time: dt.time | None = None
    relative: Relative | None = None
    label: str | None = None

    def to_json(self, *, full: bool = False) -> dict:
        """{"date": "YYYY-MM-DD"|None, "time": "HH:MM"|None, "qualifier", "precision", "recurrence"}; with `full`
        also "start_date", "start_time", "relative", "label"."""
        out = {
            "date": self.date.isoformat() if self.date else None,
            "time": _hhmm(self.time),
            "qualifier": self.qualifier,
            "precision": self.precision,
            "recurrence": self.recurrence.to_json() if self.recurrence else None,
        }
        if full:
            out.update({
                "start_date": self.start_date.isoformat() if self.start_date else None,
                "start_time": _hhmm(self.start_time),
                "relative": self.relative.to_json() if self.relative else None,
                "label": self.label,
            })
        return out


# every form holds a digit or one of these words; other text is skipped at once
_MAY_HOLD = re.compile(
    r"\d|h[ằà]ng|mỗi|định\s+k|tiếp\s+theo|kế\s+tiếp|liền\s+(?:kề|sau)|hôm\s+sau|lần|hiệu\s+lực|quý|sáu\s+tháng", re.I
)


class _Ctx(NamedTuple):
    text: str  # the (NFC) input; spans and raw refer to it
    work: str  # the same text with markup and spelled-out numbers ("05 (năm)") blanked out
    issued: PartialDate | None
    effective: dt.date | None = None  # this text's own effective date, when it states one


def extract_deadlines(text: str, *, issued: PartialDate | None = None) -> list[Deadline]:
    """Every deadline in one sentence or paragraph, in text order. Dates that are not deadlines are not returned."""
    if not text:
        return []
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    if not _MAY_HOLD.search(text):
        return []
    ctx = _Ctx(text, rules.mask_spelled_numbers(rules.mask_markup(text)), issued)
    effective = list(_effective(ctx))
    ctx = ctx._replace(effective=_own_effective_date(ctx, effective))
    found: list[Deadline] = []
    for finder in (lambda _: effective, _ranges, _recurring, _relative, _next_workday, _due_days, _until_days,
                   _starts, _period_ranges, _periods):
        for deadline in finder(ctx):
            if not any(deadline.start < d.end and d.start < deadline.end for d in found):
                found.append(deadline)
    return sorted(found, key=lambda d: d.start)


# ---------------------------------------------------------------- building blocks

def _hhmm(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


def _words(s: str) -> str:
    return " ".join(s.lower().split())


def _make(ctx: _Ctx, start: int, end: int, **fields: Any) -> Deadline:
    """A Deadline over text[start:end]; a closing `**` right after the span is kept with it."""
    if "*" in ctx.text[start:end]:
        while end < len(ctx.text) and ctx.text[end] == "*":
            end += 1
    while end > start and ctx.text[end - 1].isspace():
        end -= 1
    while start < end and ctx.text[start].isspace():
        start += 1
    fields.setdefault("time", None)
    fields.setdefault("recurrence", None)
    return Deadline(raw=ctx.text[start:end], start=start, end=end, **fields)


def _date(year: int | None, month: int | None, day: int | None) -> dt.date | None:
    try:
        return dt.date(year, month, day) if year and month and day else None
    except ValueError:
        return None


def _resolve_day(hit: rules.DayHit, issued: PartialDate | None) -> dt.date | None:
    return _date(hit.year or rules.infer_year(hit.month, issued), hit.month, hit.day)


def _issue_start(issued: PartialDate | None) -> dt.date | None:
    try:
        return issued.earliest() if issued else None
    except ValueError:
        return None


def _issue_day(issued: PartialDate | None) -> dt.date | None:
    return issued.as_date() if issued else None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    end = month_end(year, month)
    return end.replace(day=min(day.day, end.day))


def _working_days_before(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day -= dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def _add_office_hours(day: dt.date, at: dt.time | None, hours: int) -> tuple[dt.date, dt.time]:
    """`hours` of office time (OFFICE_HOURS on working days) from `day` at `at` (no time: from the next working day)."""
    remaining = dt.timedelta(hours=hours)
    if at is None:
        day, at = add_working_days(day, 1), OFFICE_HOURS[0][0]
    while True:
        if is_working_day(day):
            for opens, closes in OFFICE_HOURS:
                begin = max(at, opens)
                if begin >= closes:
                    continue
                room = dt.datetime.combine(day, closes) - dt.datetime.combine(day, begin)
                if remaining <= room:
                    moment = dt.datetime.combine(day, begin) + remaining
                    return moment.date(), moment.time()
                remaining -= room
        day, at = day + dt.timedelta(days=1), dt.time(0, 0)


def _sentence_bounds(work: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around work[start:end]."""
    before = [m.end() for m in rules.SENTENCE_BREAK.finditer(work, 0, start)]
    after = rules.SENTENCE_BREAK.search(work, end)
    return (before[-1] if before else 0), (after.start() if after else len(work))


def _past_after(work: str, pos: int) -> bool:
    """A past fact told after the date: "Từ ngày 08 đến ngày 09/11/2025 tại Thanh Hóa, Thủ tướng đã đến ..."."""
    return bool(re.search(r"(?<![^\W\d_])đã(?![^\W\d_])", rules.sentence_after(work, pos), re.I))


# ---------------------------------------------------------------- effective dates

def _own_effective_date(ctx: _Ctx, effective: list[Deadline]) -> dt.date | None:
    """The effective date of the text's own document ("Quyết định này có hiệu lực ...") when the text states it."""
    for deadline in effective:
        clause = rules.clause_before(ctx.work, deadline.start, breaks=rules.SENTENCE_BREAK)
        if deadline.date and (re.search(r"(?<![^\W\d_])này(?![^\W\d_])", clause, re.I)
                              or rules.SIGNING.search(deadline.raw)):
            return deadline.date
    return None


def _effective(ctx: _Ctx) -> Iterator[Deadline]:
    """ "có hiệu lực thi hành kể từ ngày ký" (the issue date), "có hiệu lực từ ngày 10/12/2025", "thi hành Quyết định
    này kể từ ngày 01/5/2026", "áp dụng từ ngày ...", "có hiệu lực sau 10 ngày kể từ ngày ký"."""
    for cue in rules.EFFECTIVE_CUE.finditer(ctx.work):
        if rules.ends_with_het(ctx.work, cue.start()):
            continue
        at = cue.end()
        if sign := rules.SIGNING.match(ctx.work, at):
            day = _issue_day(ctx.issued)
            if day is not None:
                yield _make(ctx, cue.start(), sign.end(), date=day, qualifier="hiệu lực", precision="day",
                            start_date=day)
        elif due := rules.match_due(ctx.work, at):
            day = _resolve_day(due.date, ctx.issued)
            if day is not None:
                yield _make(ctx, cue.start(), due.end, date=day, time=due.time, qualifier="hiệu lực",
                            precision="day", start_date=day, start_time=due.time)
    for cue in rules.EFFECTIVE_AFTER.finditer(ctx.work):
        if rules.ends_with_het(ctx.work, cue.start()):
            continue
        span = rules.SPAN_CUE.match(ctx.work, cue.end())
        if span and (read := _read_span(ctx, span)):
            relative, day, end = read
            if day is not None:
                yield _make(ctx, cue.start(), end, date=day, qualifier="hiệu lực", precision="day",
                            start_date=day, relative=relative)


# ---------------------------------------------------------------- one-off due days

def _due_days(ctx: _Ctx) -> Iterator[Deadline]:
    """ "chậm nhất 10h00' ngày 19/3/2024", "trước ngày 15/02/2025", "Thời hạn: 31/3/2024", "trong ngày 20/11/2025"."""
    for cue in rules.DAY_CUE.finditer(ctx.work):
        due = rules.match_due(ctx.work, cue.end())
        if due is None or rules.reads_as_past(ctx.work, cue.start()):
            continue
        if cue["before"] and rules.reads_as_description(ctx.work, cue.start()):
            continue
        if cue["inday"] and _past_after(ctx.work, due.end):
            continue
        day = _resolve_day(due.date, ctx.issued)
        if day is not None:
            yield _make(ctx, cue.start(), due.end, date=day, time=due.time,
                        qualifier=_day_qualifier(cue), precision="day")


def _day_qualifier(cue: re.Match[str]) -> str:
    if cue["late"]:
        return _words(cue["late"])
    if cue["before"]:
        return "trước"
    if cue["inday"] or cue["within"] and _words(cue["within"]) == "trong":
        return "trong"
    return "hạn"


def _until_days(ctx: _Ctx) -> Iterator[Deadline]:
    """ "hoàn thành ... đến ngày 31/3/2024"; not "số liệu tính đến ngày ..."."""
    for cue in rules.UNTIL_CUE.finditer(ctx.work):
        sentence = rules.clause_before(ctx.work, cue.start(), breaks=rules.SENTENCE_BREAK)
        if not rules.UNTIL_CONTEXT.search(sentence) or rules.UNTIL_BLOCK.search(sentence):
            continue
        due = rules.match_due(ctx.work, cue.end())
        if due is None or rules.reads_as_past(ctx.work, cue.start()):
            continue
        day = _resolve_day(due.date, ctx.issued)
        if day is not None:
            yield _make(ctx, cue.start(), due.end, date=day, time=due.time, qualifier="đến", precision="day")


# ---------------------------------------------------------------- ranges and starts

def _ranges(ctx: _Ctx) -> Iterator[Deadline]:
    """ "từ ngày 01/01/2026 đến ngày 31/3/2026", "từ ngày 16 đến ngày 31 tháng 12", "từ ngày 10 - 15/12/2025",
    "từ 18h00 tối Thứ Bảy ngày 22/11/2025 đến 03h00 sáng Chủ Nhật ngày 23/11/2025", "... hằng năm"."""
    for cue in rules.RANGE_FROM.finditer(ctx.work):
        if "tính" in cue["kw"].lower() or rules.reads_as_past(ctx.work, cue.start()):
            continue
        clause = rules.clause_before(ctx.work, cue.start(), breaks=rules.SENTENCE_BREAK)
        if rules.UNTIL_BLOCK.search(clause) or rules.ends_with_het(ctx.work, cue.start()):
            continue
        a = rules.match_point(ctx.work, cue.end(), bare_day=True)
        through = rules.THROUGH.match(ctx.work, a.end) if a else None
        b = rules.match_point(ctx.work, through.end(), bare_day=True) if through else None
        if a is None or b is None or b.day is None and a.day is None:
            continue
        if b.day is None:  # "từ 8h00 ngày 5/12/2025 đến 11h00"
            b = replace(a, time=b.time, end=b.end)
        if a.day is None:  # "từ 8h00 đến 11h00 ngày 5/12/2025"
            a = replace(b, time=a.time, end=a.end)
        if _past_after(ctx.work, b.end) and not rules.LABEL.search(clause):
            continue
        freq = _EVERY_PERIOD.match(ctx.work, b.end) if b.year is None and a.year is None else None
        if freq is None and b.year is None and a.year is None:
            # "Hằng năm, các cơ quan ... gửi báo cáo từ ngày 10 đến ngày 15 tháng 12": the sentence sets the frequency
            freq = _EVERY_PERIOD.search(rules.clause_before(ctx.work, cue.start(), breaks=rules.SENTENCE_BREAK,
                                                            limit=250))
            if freq is not None:
                yield from _recurring_range(ctx, cue.start(), freq, a, b, end=b.end)
                continue
        if freq is not None and (b.month or freq["u"].lower() == "tháng"):
            yield from _recurring_range(ctx, cue.start(), freq, a, b, end=freq.end())
            continue
        if b.month is None:
            continue
        if a.month is None:
            a = replace(a, month=b.month)
        end_year = b.year or a.year or rules.infer_year(b.month, ctx.issued)
        if end_year is None:
            continue
        start_year = a.year or (end_year if (a.month, a.day) <= (b.month, b.day) else end_year - 1)
        due, begin = _date(end_year, b.month, b.day), _date(start_year, a.month, a.day)
        if due is None or begin is None or (begin, a.time or dt.time()) > (due, b.time or dt.time.max):
            continue
        yield _make(ctx, cue.start(), b.end, date=due, time=b.time, qualifier="đến", precision="day",
                    start_date=begin, start_time=a.time)


_EVERY_PERIOD = re.compile(r"\s*,?\s*(?:của\s+)?(?:hằng|hàng|mỗi)\s+(?P<u>năm|tháng)(?![^\W\d_])", re.I)


def _recurring_range(ctx: _Ctx, start: int, freq: re.Match[str], a: rules.PointHit, b: rules.PointHit, *,
                     end: int) -> Iterator[Deadline]:
    """ "từ ngày 10 đến ngày 15 tháng 12 hằng năm": a yearly (or monthly) rule due on the range's end."""
    yearly = freq["u"].lower() == "năm"
    if not 1 <= (b.day or 0) <= 31 or not 1 <= (a.day or 0) <= 31:
        return
    if yearly and (b.month is None or _date(2000, b.month, b.day) is None):
        return
    a = replace(a, month=a.month or b.month)
    rule = Recurrence("yearly" if yearly else "monthly", b.day, b.month if yearly else None, ctx.text[start:end])
    origin = _issue_start(ctx.issued)
    due = rule.first_on_or_after(origin) if origin else None
    begin = None
    if due is not None:
        month = a.month if yearly and a.month is not None else due.month
        year = due.year - 1 if yearly and (a.month, a.day) > (b.month, b.day) else due.year
        begin = _date(year, month, min(a.day or 1, month_end(year, month).day))
    label = f"từ ngày {a.day:02d}" + (f"/{a.month}" if yearly else "") + " đến " + rule.label
    yield _make(ctx, start, end, date=due, qualifier="đến", precision="day", recurrence=rule,
                start_date=begin, label=label)


def _starts(ctx: _Ctx) -> Iterator[Deadline]:
    """ "bắt đầu từ ngày 01/12/2025", "kể từ ngày 01/01/2025, ...", "từ ngày 01/01/2027 trở đi",
    "Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê": a start, qualifier "từ"."""
    for cue in rules.RANGE_FROM.finditer(ctx.work):
        kw = _words(cue["kw"])
        if "tính" in kw or rules.reads_as_past(ctx.work, cue.start()):
            continue
        point = rules.match_point(ctx.work, cue.end(), bare_day=False)
        if point and point.day is not None and point.month is not None:
            if not _is_start(ctx.work, kw, point.end):
                continue
            day = _date(point.year or rules.infer_year(point.month, ctx.issued), point.month, point.day)
            if day is not None:
                yield _make(ctx, cue.start(), point.end, date=day, time=point.time, qualifier="từ",
                            precision="day", start_date=day, start_time=point.time)
            continue
        hit = rules.match_period(ctx.work, cue.end())
        if hit is None or hit.kind == "half" or not _is_start(ctx.work, kw, hit.end):
            continue
        year = hit.year or rules.infer_year(hit.first_month, ctx.issued)
        if year is not None:
            yield _make(ctx, cue.start(), hit.end, date=month_end(year, hit.last_month), qualifier="từ",
                        precision="month", start_date=dt.date(year, hit.first_month, 1),
                        label=f"từ {hit.label(year)}")


def _is_start(work: str, kw: str, end: int) -> bool:
    if rules.THROUGH.match(work, end) and not rules.UNTIL_EVENT.match(work, end):
        return False
    return bool(kw) or bool(rules.ONWARD.match(work, end)) or bool(rules.UNTIL_EVENT.match(work, end))


# ---------------------------------------------------------------- due periods

def _periods(ctx: _Ctx) -> Iterator[Deadline]:
    """ "Trong tháng 4 năm 2024", "trong quý II/2024", "hoàn thành trong năm 2024", "Thời hạn: Quý I/2026",
    "trước tháng 5/2024", "quý I và quý II năm 2026" (one Deadline each)."""
    for cue in rules.PERIOD_CUE.finditer(ctx.work):
        hit = rules.match_period(ctx.work, cue.end(), bare_year=bool(cue["label"]))
        if hit is None:
            continue
        if (every := _EVERY_YEAR.match(ctx.work, hit.end)) and hit.year is None and hit.kind in ("month", "quarter"):
            if not (cue["before"] or cue["dbefore"]) and not rules.reads_as_report_period(ctx.work, cue.start()):
                yield _yearly_period(ctx, cue, hit, every)
            continue
        if rules.NOT_DUE_TAIL.match(ctx.work, hit.end):
            continue
        if cue["within"] and (hit.kind == "year" or rules.reads_as_report_period(ctx.work, cue.start())):
            continue
        if rules.reads_as_past(ctx.work, cue.start()):
            continue
        items = rules.match_period_list(ctx.work, hit)
        if len(items) > 1 and all(i.year for i in items) and not rules.ends_clause(ctx.work, items[-1].end):
            items = items[:1]  # "quý I/2024 và quý II/2024 triển khai ...": a new clause, not a list
        before = bool(cue["before"] or cue["dbefore"])
        if cue["late"]:
            qualifier = _words(cue["late"])
        elif before:
            qualifier = "trước"
        else:
            qualifier = _PERIOD_QUALIFIER[hit.kind]
        begin = cue.start()
        for k, item in enumerate(items):
            year = item.year or next((i.year for i in items[k:] if i.year), None) \
                or rules.infer_year(item.last_month, ctx.issued)
            if year is None:
                break
            label = item.label(year)
            yield _make(ctx, begin, item.end, date=month_end(year, item.last_month), qualifier=qualifier,
                        precision="month", label=f"trước {label}" if before else label)
            begin = _next_word(ctx.work, item.end)


_EVERY_YEAR = re.compile(r"\s*,?\s*(?:của\s+)?(?:hằng|hàng|mỗi)\s+năm(?![^\W\d_])", re.I)


def _yearly_period(ctx: _Ctx, cue: re.Match[str], hit: rules.PeriodHit, every: re.Match[str]) -> Deadline:
    """ "trong tháng 12 hằng năm", "hoàn thành trong quý I hằng năm": due at the end of that period every year."""
    rule = Recurrence("yearly", None, hit.last_month, ctx.text[cue.start():every.end()])
    origin = _issue_start(ctx.issued)
    label = f"{hit.label(0).rsplit('/', 1)[0]} hằng năm"
    return _make(ctx, cue.start(), every.end(), date=rule.first_on_or_after(origin) if origin else None,
                 qualifier=_words(cue["late"]) if cue["late"] else _PERIOD_QUALIFIER[hit.kind], precision="month",
                 recurrence=rule, label=label)


def _next_word(work: str, pos: int) -> int:
    m = re.compile(r"[\s,;]*(?:(?:và|hoặc)\s+)?").match(work, pos)
    return m.end() if m else pos


def _period_ranges(ctx: _Ctx) -> Iterator[Deadline]:
    """ "từ tháng 3 đến tháng 5/2024", "Thời hạn: Năm 2025 - 2026", "hoàn thành trong quý III - IV/2025"."""
    starts: list[tuple[int, int, bool]] = []
    for cue in rules.PERIOD_CUE.finditer(ctx.work):
        if cue["within"] and rules.reads_as_report_period(ctx.work, cue.start()):
            continue
        starts.append((cue.start(), cue.end(), bool(cue["label"] or cue["done"] or cue["late"])))
    for cue in rules.RANGE_FROM.finditer(ctx.work):
        if "tính" not in cue["kw"].lower():
            starts.append((cue.start(), cue.end(), True))
    for start, pos, years_ok in sorted(starts):
        if rules.reads_as_past(ctx.work, start):
            continue
        if years_ok and (m := rules.YEAR_RANGE.match(ctx.work, pos)):
            first, last = int(m["a"]), int(m["b"])
            if rules.MIN_YEAR <= first < last <= rules.MAX_YEAR and last - first <= 30:
                yield _make(ctx, start, m.end(), date=dt.date(last, 12, 31), qualifier="đến", precision="month",
                            start_date=dt.date(first, 1, 1), label=f"năm {first} - {last}")
            continue
        a = rules.match_period(ctx.work, pos)
        b = rules.match_period_end(ctx.work, a) if a and a.kind != "half" else None
        if a is None or b is None or a.kind == "year" and not years_ok:
            continue
        end_year = b.year or a.year or rules.infer_year(b.last_month, ctx.issued)
        if end_year is None:
            continue
        start_year = a.year or (end_year if a.last_month <= b.last_month else end_year - 1)
        if (start_year, a.first_month) > (end_year, b.first_month):
            continue
        if start_year == end_year and a.kind != "year":
            word = "tháng" if a.kind == "month" else "quý"
            idx = (lambda h: str(h.index)) if a.kind == "month" else (lambda h: rules.ROMAN[h.index])
            label = f"từ {word} {idx(a)} đến {word} {idx(b)}/{end_year}"
        else:
            label = f"từ {a.label(start_year)} đến {b.label(end_year)}"
        yield _make(ctx, start, b.end, date=month_end(end_year, b.last_month), qualifier="đến", precision="month",
                    start_date=dt.date(start_year, a.first_month, 1), label=label)


# ---------------------------------------------------------------- spans of days relative to an event

def _relative(ctx: _Ctx) -> Iterator[Deadline]:
    """ "trong 05 ngày làm việc kể từ ngày 10/01/2025", "không quá 02 ngày làm việc kể từ khi hoàn thành thủ tục",
    "trong thời gian 03 ngày làm việc khi nhận được văn bản đề nghị", "Chậm nhất là 30 ngày, trước ngày khai mạc",
    and a table cell "15 ngày kể từ ngày nhận được hồ sơ hợp lệ"."""
    for pattern in (rules.SPAN_CUE, rules.BARE_SPAN):
        for cue in pattern.finditer(ctx.work):
            if rules.reads_as_past(ctx.work, cue.start()):
                continue
            read = _read_span(ctx, cue)
            if read is None:
                continue
            relative, day, end = read
            working = relative.unit == "ngày làm việc"
            qualifier = _words(cue["q"]) if "q" in cue.re.groupindex and cue["q"] else "trong"
            yield _make(ctx, cue.start(), end, date=day, time=relative.time, qualifier=qualifier, precision="day",
                        working_days=relative.count if working and day is None else None, relative=relative)


def _read_span(ctx: _Ctx, cue: re.Match[str]) -> tuple[Relative, dt.date | None, int] | None:
    """(the span, its due day when the anchor is known, the end of the anchor) for a SPAN_CUE/BARE_SPAN match."""
    count = int(cue["n"] or cue["nb"])
    if count == 0 or count > 400:
        return None
    unit = cue["unit"].lower()
    unit = "giờ" if unit.startswith("h") else unit
    if cue["wd"] and unit in ("ngày", "giờ"):
        unit += " làm việc"
    direction = _words(cue["dir"])
    lead = _words(cue["q"]) if "q" in cue.re.groupindex and cue["q"] else ""
    sign = -1 if lead == "trước" or direction.startswith(("trước", "so với", "tính đến")) else 1
    at = cue.end()
    day, anchor_end = None, at
    if hit := rules.match_day_date(ctx.work, at, need_ngay=True):
        anchor_day, anchor_end = _resolve_day(hit, ctx.issued), hit.end
    elif ((m := rules.SIGNING.match(ctx.work, at)) and rules.ends_clause(ctx.work, m.end())
          or (m := rules.THIS_RECEIPT.match(ctx.work, at))
          and (m[0].lower().endswith("này") or rules.ends_clause(ctx.work, m.end()))):
        anchor_day, anchor_end = _issue_day(ctx.issued), m.end()
    elif m := rules.THIS_EFFECTIVE.match(ctx.work, at):
        anchor_day, anchor_end = ctx.effective, m.end()
    else:
        anchor_day = None
        if m := rules.ANCHOR.match(ctx.work, at):
            anchor_end = m.end()
    if anchor_end == at and sign < 0:
        return None
    relative = Relative(count, unit, sign, " ".join(ctx.text[at:anchor_end].split()))
    if anchor_day is not None:
        try:
            day, _ = relative.resolve(anchor_day)
        except (ValueError, OverflowError):
            day = None
    return relative, day, anchor_end


def _next_workday(ctx: _Ctx) -> Iterator[Deadline]:
    """ "Trường hợp công chứng sau 16 giờ thì ... phải hoàn thành trước 10 giờ sáng ngày làm việc tiếp theo",
    "trong ngày làm việc tiếp theo nếu tiếp nhận yêu cầu sau 15 giờ": +1 working day (at the stated time)."""
    for m in rules.NEXT_WORKDAY.finditer(ctx.work):
        lo, hi = _sentence_bounds(ctx.work, m.start(), m.end())
        lead = rules.NEXT_WORKDAY_LEAD.search(ctx.work, max(lo, m.start() - 60), m.start())
        clock = rules.match_time(lead["clock"], 0) if lead and lead["clock"] else None
        condition = _after_hour(ctx.work, lo, hi, m)
        if lead is None or not (lead["q"] or clock or condition):
            continue
        before, after = ctx.work[lo:m.start()], ctx.work[m.end():hi]
        if re.search(r"(?<![^\W\d_])(?:trường\s+hợp|nếu)(?![^\W\d_])", before, re.I) and re.search(
                r"(?<![^\W\d_])thì(?![^\W\d_])", after, re.I) and not condition:
            continue  # "Trường hợp trả kết quả trong ngày làm việc tiếp theo thì ...": a condition, not a rule
        event, after_time = condition or ("", None)
        relative = Relative(1, "ngày làm việc", 1, event, clock.value if clock else None, after_time)
        start = lead.start() if lead[0].strip() else m.start()
        qualifier = _words(lead["q"]) if lead["q"] else ("trước" if clock else "trong")
        yield _make(ctx, start, m.end(), date=None, time=relative.time, qualifier=qualifier, precision="day",
                    working_days=1, relative=relative)


def _after_hour(work: str, lo: int, hi: int, rule: re.Match[str]) -> tuple[str, dt.time] | None:
    """The "sau 16 giờ" condition nearest to a next-working-day rule, with its event ("công chứng, chứng thực")."""
    best: tuple[int, str, dt.time] | None = None
    for m in rules.AFTER_HOUR.finditer(work, lo, hi):
        clock = rules.match_time(m["clock"], 0)
        if clock is None or rule.start() <= m.start() < rule.end():
            continue
        distance = rule.start() - m.end() if m.end() <= rule.start() else m.start() - rule.end()
        if best is None or distance < best[0]:
            best = (distance, " ".join((m["event"] or "").split()).strip(" ,"), clock.value)
    return (best[1], best[2]) if best else None


# ---------------------------------------------------------------- recurring rules

def _recurring(ctx: _Ctx) -> Iterator[Deadline]:
    """ "trước ngày 15/12 hằng năm", "định kỳ hằng quý, trước ngày 20 của tháng cuối quý", "6 tháng/lần",
    "định kỳ trước ngày 01/6 và 15/11 hằng năm", "trước ngày 01 của tháng tiếp theo ... đối với báo cáo tháng"."""
    day_rules = [r for r in rules.DAY_RULE.finditer(ctx.work) if _is_day_rule(ctx.work, r)]
    weekdays = list(rules.WEEKDAY.finditer(ctx.work))
    used: set[int] = set()
    for freq_match in rules.FREQ.finditer(ctx.work):
        found = rules.frequency_interval(freq_match)
        if found is None:
            continue
        freq, interval = found
        rule = _attached(ctx.work, freq_match, weekdays if freq == "weekly" else day_rules)
        fields = _rule_fields(freq, rule) if freq != "daily" else None
        if fields is None:
            rule, fields = None, (None, None, ())
        if rule is None and freq in ("yearly", "daily") and not _explicit(ctx.work, freq_match):
            continue
        if rule is not None:
            used.add(rule.start())
        yield _recurring_deadline(ctx, freq, fields, freq_match, rule, interval)
    for rule in day_rules:
        if rule.start() in used:
            continue
        kind = rules.REPORT_KIND.match(ctx.work, rule.end())
        if kind:
            word = _words(kind["k"])
            freq = rules.REPORT_FREQ.get(word, "half_yearly")
        elif rule["pos"]:
            freq = "quarterly"
        elif rule["next"]:
            freq = "monthly"
        elif rule["yearpos"] or (rule["m"] or rule["mw"]) and _yearly_context(ctx.work, rule):
            freq = "yearly"
        else:
            continue
        fields = _rule_fields(freq, rule)
        if fields is not None:
            end_match = kind if kind else rule
            yield _recurring_deadline(ctx, freq, fields, end_match, rule, 1)


def _yearly_context(work: str, rule: re.Match[str]) -> bool:
    """ "Định kỳ gửi báo cáo trước ngày 15/11", "báo cáo ... hằng năm (trước ngày 15 tháng 11)": a day of the year
    after "định kỳ" or "hằng năm" earlier in the sentence is due every year."""
    sentence = rules.clause_before(work, rule.start(), breaks=rules.SENTENCE_BREAK, limit=250)
    return bool(re.search(r"(?<![^\W\d_])(?:định\s+k[ỳìỷǶ]|(?:hằng|hàng|mỗi)\s+năm)(?![^\W\d_])", sentence, re.I))


def _explicit(work: str, freq_match: re.Match[str]) -> bool:
    """ "định kỳ hằng năm", "1 năm/lần", "Thời hạn: Hằng năm": a frequency of a duty, not "hằng năm" qualifying a
    noun."""
    words = freq_match[0].lower()
    if "định" in words or "lần" in words:
        return True
    before = work[max(0, freq_match.start() - 60):freq_match.start()]
    return bool(rules.LABEL_BEFORE.search(before))


def _is_day_rule(work: str, rule: re.Match[str]) -> bool:
    """A day rule names no year: "trước ngày 20", "trước ngày 15/12", not "trước ngày 15 tháng 3 năm 2024"."""
    hit = rules.match_day_date(work, rules.skip(_WS, work, rule.end("q")))
    if hit is not None and hit.year is not None:
        return False
    return not re.match(r"\s*(?:/|năm\s)\s*\d", work[rule.end():rule.end() + 8], re.I)


def _attached(work: str, freq: re.Match[str], candidates: list[re.Match[str]]) -> re.Match[str] | None:
    """The day rule written right before the frequency, or the nearest one after it in the same clause (in the
    same sentence when the frequency opens its clause: "Hằng năm, các cơ quan gửi báo cáo ... (trước ngày 11/12)")."""
    for rule in candidates:
        if rule.end() <= freq.start() and rules.BEFORE_FREQ_GAP.fullmatch(work, rule.end(), freq.start()):
            return rule
    gap_rule = rules.LONG_RULE_GAP if rules.CLAUSE_START.search(work[max(0, freq.start() - 12):freq.start()]) \
        else rules.RULE_GAP
    for rule in candidates:
        if rule.start() >= freq.end():
            gap = work[freq.end():rule.start()]
            ok = gap_rule.fullmatch(gap) and not rules.FREQ.search(gap)
            return rule if ok else None
    return None


def _rule_fields(freq: str, rule: re.Match[str] | None) -> tuple[int | None, int | None, tuple] | None:
    """(day, month within the period, every (month, day) when several) for a frequency and its day rule; None when
    they do not fit."""
    if rule is None:
        return None, None, ()
    if freq == "weekly":
        return (rules.weekday(rule), None, ()) if "wd" in rule.re.groupindex else None
    if "d" not in rule.re.groupindex:
        return None
    day, written = int(rule["d"]), rule["m"] or rule["mw"]
    month = int(written) if written else None
    if not 1 <= day <= 31 or month is not None and not 1 <= month <= 12:
        return None
    if rule["pos"]:
        return (day, rules.QUARTER_POSITION[rule["pos"].lower()], ()) if freq == "quarterly" else None
    if rule["next"]:
        return (day, None, ()) if freq == "monthly" else (day, 1, ())
    if freq == "monthly":
        return (day, None, ()) if month is None and not rule["more"] else None
    span = _PERIOD_MONTHS[freq]
    more: list[tuple[int, int]] = []
    for m in rules.MORE_DAYS.finditer(rule["more"] or ""):
        d, mo = int(m[1]), int(m[2] or m[3])
        if not (1 <= d <= 31 and 1 <= mo <= 12):
            return None
        more.append((mo, d))
    if month is None:
        return (day, None, ()) if not more else None
    pairs = [(month, day), *more]
    if len(pairs) == 1:
        return day, (month - 1) % span + 1, ()
    pairs = sorted({((mo - 1) % span + 1, d) for mo, d in pairs})
    return pairs[0][1], pairs[0][0], tuple(pairs)


def _recurring_deadline(ctx: _Ctx, freq: str, fields: tuple[int | None, int | None, tuple],
                        freq_match: re.Match[str], rule: re.Match[str] | None, interval: int) -> Deadline:
    start = min(freq_match.start(), rule.start()) if rule else freq_match.start()
    end = max(freq_match.end(), rule.end()) if rule else freq_match.end()
    if rule is not None and rule.start() >= freq_match.end() and len(ctx.work[freq_match.end():rule.start()]) > 30:
        start, end = rule.start(), rule.end()  # a frequency far from its day: the span is the day rule alone
    day, month, pairs = fields
    recurrence = Recurrence(freq, day, month, ctx.text[start:end], interval, pairs)
    bound = _words(rule["q"]) if rule is not None and "q" in rule.re.groupindex and rule["q"] else ""
    bound = "trước" if bound == "truớc" else bound
    qualifier = bound if bound in _BOUND_WORDS else "định kỳ"
    origin = _issue_start(ctx.issued)
    label = recurrence.label if qualifier == "định kỳ" or not day else f"{qualifier} {recurrence.label}"
    clock = rules.match_time(rule["clock"], 0) if rule is not None and "clock" in rule.re.groupindex and rule[
        "clock"] else None
    return _make(ctx, start, end, date=recurrence.first_on_or_after(origin) if origin else None,
                 time=clock.value if clock else None,
                 qualifier=qualifier, precision="day" if day or freq in ("weekly", "daily") else "month",
                 recurrence=recurrence, label=label)
