"""Deadlines in directive text: due days, due periods, working-day spans and recurring rules.

Conventions (see ../shared/gold/seed_facts.yaml):

- `qualifier` keeps the directive's own word for the bound, lower case: "chậm nhất", "muộn nhất",
  "trước", "hạn" (a labelled date: "Thời hạn: 15/3/2024"), "đến" ("hoàn thành ... đến ngày"),
  "trong" (a span of days: "trong 05 ngày làm việc kể từ ..."), "trong tháng", "trong quý",
  "trong 6 tháng", "trong năm" (due periods), "định kỳ" (a rule with no bound word).
- A due period is due on its last day, with precision "month" (also for quarters, half-years, years).
- A date written without a year ("trước ngày 15/3", "trong tháng 4") takes the year of `issued`,
  or the next year when the issue month is later than the deadline month (a letter of 12/2024
  saying "trước ngày 10/01" means 2025). Without an issue year such a deadline is skipped rather
  than guessed. Recurring rules are returned even without `issued`, with `date` None.
- A date is a deadline only after a deadline cue (chậm nhất, trước, hạn ...:, trong, hoàn thành
  trong/vào, đến ngày after a verb of finishing or sending, kể từ after a span). A date after a
  document number ("Kế hoạch số 11/KH-UBND ngày 15/01/2024"), a date line, a past fact, a period
  such as "giai đoạn 2021-2025", a score or a rank has no cue and is not returned.
- "trong năm 2024" alone is not a deadline ("áp dụng trong năm 2024"); "hoàn thành trong năm 2024"
  and "Thời gian thực hiện: năm 2024" are (due 2024-12-31).
- "hằng năm" alone is not a deadline (it mostly qualifies a noun: "Chỉ số CCHC hằng năm"); it is
  one with a day ("trước ngày 15/12 hằng năm") or after "định kỳ". "hằng tháng", "hằng quý",
  "hằng tuần" and "N tháng/lần" alone are recurring rules due at the end of each period.
- Text is expected in NFC (the normaliser's job); other text is converted to NFC first, and the
  spans then refer to the NFC form.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple

from corpus import deadline_rules as rules
from corpus.dates import PartialDate, add_working_days, month_end

FREQUENCIES = ("yearly", "half_yearly", "quarterly", "monthly", "weekly")
_PERIOD_MONTHS = {"yearly": 12, "half_yearly": 6, "quarterly": 3, "monthly": 1}
_PERIOD_QUALIFIER = {"month": "trong tháng", "quarter": "trong quý", "half": "trong 6 tháng", "year": "trong năm"}
_BOUND_WORDS = ("trước", "chậm nhất", "muộn nhất", "hạn")
_WS = re.compile(r"\s*")


@dataclass(frozen=True)
class Recurrence:
    """A duty that falls due every period: "trước ngày 15/12 hằng năm", "ít nhất 6 tháng/lần".

    `day` None means the last day of the period. `month` is the month within the period
    (yearly: 1-12, half-yearly: 1-6, quarterly: 1-3, 3 = "tháng cuối quý"); None means the
    period's last month. For weekly rules `day` is the ISO weekday (1 = Monday, None = Sunday).
    """

    freq: str
    day: int | None
    month: int | None
    raw: str

    def next_after(self, day: dt.date) -> dt.date:
        """The first occurrence strictly after `day`."""
        if self.freq == "weekly":
            due = day + dt.timedelta(days=(self.day or 7) - 1 - day.weekday())
            return due if due > day else due + dt.timedelta(days=7)
        span = _PERIOD_MONTHS[self.freq]
        year, first = day.year, (day.month - 1) // span * span + 1
        while (due := self._due_in(year, first, span)) <= day:
            first += span
            if first > 12:
                year, first = year + 1, first - 12
        return due

    def first_on_or_after(self, day: dt.date) -> dt.date:
        """The first occurrence on or after `day`."""
        return self.next_after(day - dt.timedelta(days=1))

    def _due_in(self, year: int, first_month: int, span: int) -> dt.date:
        month = first_month + ((self.month or span) - 1) % span
        last = calendar.monthrange(year, month)[1]
        return dt.date(year, month, min(self.day or last, last))

    def to_json(self) -> dict:
        """{"freq", "day", "month"}."""
        return {"freq": self.freq, "day": self.day, "month": self.month}


@dataclass(frozen=True)
class Deadline:
    """One deadline found in a text, with the span of the words it was read from."""

    date: dt.date | None
    time: dt.time | None
    qualifier: str
    precision: str
    recurrence: Recurrence | None
    raw: str
    start: int
    end: int
    working_days: int | None = None

    def to_json(self) -> dict:
        """{"date": "YYYY-MM-DD"|None, "time": "HH:MM"|None, "qualifier", "precision", "recurrence"}."""
        return {
            "date": self.date.isoformat() if self.date else None,
            "time": self.time.strftime("%H:%M") if self.time else None,
            "qualifier": self.qualifier,
            "precision": self.precision,
            "recurrence": self.recurrence.to_json() if self.recurrence else None,
        }


class _Ctx(NamedTuple):
    text: str  # the (NFC) input; spans and raw refer to it
    work: str  # the same text with markup blanked out
    issued: PartialDate | None


def extract_deadlines(text: str, *, issued: PartialDate | None = None) -> list[Deadline]:
    """Every deadline in one sentence or paragraph, in text order. Dates that are not deadlines are not returned."""
    if not text:
        return []
    if not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    ctx = _Ctx(text, rules.mask_markup(text), issued)
    found: list[Deadline] = []
    for finder in (_recurring, _spans, _due_days, _until_days, _periods):
        for deadline in finder(ctx):
            if not any(deadline.start < d.end and d.start < deadline.end for d in found):
                found.append(deadline)
    return sorted(found, key=lambda d: d.start)


# ---------------------------------------------------------------- building blocks

def _words(s: str) -> str:
    return " ".join(s.lower().split())


def _make(ctx: _Ctx, start: int, end: int, **fields) -> Deadline:
    """A Deadline over text[start:end]; a closing `**` right after the span is kept with it."""
    if "*" in ctx.text[start:end]:
        while end < len(ctx.text) and ctx.text[end] == "*":
            end += 1
    fields.setdefault("time", None)
    fields.setdefault("recurrence", None)
    return Deadline(raw=ctx.text[start:end], start=start, end=end, **fields)


def _resolve_day(hit: rules.DayHit, issued: PartialDate | None) -> dt.date | None:
    year = hit.year or rules.infer_year(hit.month, issued)
    if year is None:
        return None
    try:
        return dt.date(year, hit.month, hit.day)
    except ValueError:
        return None


def _issue_start(issued: PartialDate | None) -> dt.date | None:
    try:
        return issued.earliest() if issued else None
    except ValueError:
        return None


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# ---------------------------------------------------------------- one-off due days

def _due_days(ctx: _Ctx) -> Iterator[Deadline]:
    """ "chậm nhất 10h00' ngày 19/3/2024", "trước ngày 15/02/2025", "Thời hạn: 31/3/2024"."""
    for cue in rules.DAY_CUE.finditer(ctx.work):
        due = rules.match_due(ctx.work, cue.end())
        if due is None or rules.reads_as_past(ctx.work, cue.start()):
            continue
        if cue["before"] and rules.reads_as_description(ctx.work, cue.start()):
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
    if cue["within"] and _words(cue["within"]) == "trong":
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


# ---------------------------------------------------------------- due periods

def _periods(ctx: _Ctx) -> Iterator[Deadline]:
    """ "Trong tháng 4 năm 2024", "trong quý II/2024", "hoàn thành trong năm 2024"."""
    for cue in rules.PERIOD_CUE.finditer(ctx.work):
        hit = rules.match_period(ctx.work, cue.end())
        if hit is None or rules.NOT_DUE_TAIL.match(ctx.work, hit.end):
            continue
        if cue["within"] and (hit.kind == "year" or rules.reads_as_report_period(ctx.work, cue.start())):
            continue
        if rules.reads_as_past(ctx.work, cue.start()):
            continue
        year = hit.year or rules.infer_year(hit.last_month, ctx.issued)
        if year is None:
            continue
        qualifier = _words(cue["late"]) if cue["late"] else _PERIOD_QUALIFIER[hit.kind]
        yield _make(ctx, cue.start(), hit.end, date=month_end(year, hit.last_month),
                    qualifier=qualifier, precision="month")


# ---------------------------------------------------------------- spans of days

def _spans(ctx: _Ctx) -> Iterator[Deadline]:
    """ "trong 05 ngày làm việc kể từ ngày 10/01/2025" / "... kể từ ngày nhận được văn bản"."""
    for cue in rules.SPAN_CUE.finditer(ctx.work):
        count = int(cue["n"])
        start = _span_start(ctx, cue.end())
        if count == 0 or count > 366 or start is None:
            continue
        origin, end = start
        unit, working = cue["unit"].lower(), bool(cue["wd"]) and cue["unit"].lower() == "ngày"
        due = None
        if origin is not None:
            if working:
                due = add_working_days(origin, count)
            elif unit == "ngày":
                due = origin + dt.timedelta(days=count)
            else:
                due = _add_months(origin, count)
        yield _make(ctx, cue.start(), end, date=due, qualifier=_words(cue["q"]), precision="day",
                    working_days=count if working and due is None else None)


def _span_start(ctx: _Ctx, pos: int) -> tuple[dt.date | None, int] | None:
    """Where a span is counted from: a written date, the issue date ("ngày nhận được văn bản"), or unknown."""
    if hit := rules.match_day_date(ctx.work, pos, need_ngay=True):
        return _resolve_day(hit, ctx.issued), hit.end
    if m := rules.FROM_RECEIPT.match(ctx.work, pos):
        return (ctx.issued.as_date() if ctx.issued else None), m.end()
    if m := rules.FROM_OTHER.match(ctx.work, pos):
        return None, m.end()
    return None


# ---------------------------------------------------------------- recurring rules

def _recurring(ctx: _Ctx) -> Iterator[Deadline]:
    """ "trước ngày 15/12 hằng năm", "định kỳ hằng quý, trước ngày 20 của tháng cuối quý", "6 tháng/lần"."""
    day_rules = [r for r in rules.DAY_RULE.finditer(ctx.work) if _is_day_rule(ctx.work, r)]
    weekdays = list(rules.WEEKDAY.finditer(ctx.work))
    used: set[int] = set()
    for freq_match in rules.FREQ.finditer(ctx.work):
        freq = rules.frequency(freq_match)
        if freq is None:
            continue
        rule = _attached(ctx.work, freq_match, weekdays if freq == "weekly" else day_rules)
        fields = _rule_fields(freq, rule)
        if fields is None:
            rule, fields = None, (None, None)
        if rule is None and freq == "yearly" and not _explicit(freq_match):
            continue
        if rule is not None:
            used.add(rule.start())
        yield _recurring_deadline(ctx, freq, fields, freq_match, rule)
    for rule in day_rules:
        if rule["pos"] and rule.start() not in used:
            yield _recurring_deadline(ctx, "quarterly", _rule_fields("quarterly", rule), rule, rule)


def _explicit(freq_match: re.Match[str]) -> bool:
    """ "định kỳ hằng năm", "1 năm/lần": a frequency of a duty, not "hằng năm" qualifying a noun."""
    words = freq_match[0].lower()
    return "định" in words or "lần" in words


def _is_day_rule(work: str, rule: re.Match[str]) -> bool:
    """A day rule names no year: "trước ngày 20", "trước ngày 15/12", not "trước ngày 15 tháng 3 năm 2024"."""
    hit = rules.match_day_date(work, _WS.match(work, rule.end("q")).end())
    return hit is None or hit.year is None


def _attached(work: str, freq: re.Match[str], candidates: list[re.Match[str]]) -> re.Match[str] | None:
    """The day rule written right before the frequency, or the nearest one after it in the same clause."""
    for rule in candidates:
        if rule.end() <= freq.start() and not work[rule.end():freq.start()].strip(" \t,"):
            return rule
    for rule in candidates:
        if rule.start() >= freq.end():
            gap = work[freq.end():rule.start()]
            ok = rules.RULE_GAP.fullmatch(gap) and not rules.FREQ.search(gap)
            return rule if ok else None
    return None


def _rule_fields(freq: str, rule: re.Match[str] | None) -> tuple[int | None, int | None] | None:
    """(day, month within the period) for a frequency and its day rule; None when they do not fit."""
    if rule is None:
        return None, None
    if freq == "weekly":
        return rules.weekday(rule), None
    day, written = int(rule["d"]), rule["m"] or rule["mw"]
    month = int(written) if written else None
    if not 1 <= day <= 31 or month is not None and not 1 <= month <= 12:
        return None
    if rule["pos"]:
        return (day, rules.QUARTER_POSITION[rule["pos"].lower()]) if freq == "quarterly" else None
    if freq == "monthly":
        return (day, None) if month is None else None
    span = _PERIOD_MONTHS[freq]
    return day, (None if month is None else (month - 1) % span + 1)


def _recurring_deadline(ctx: _Ctx, freq: str, fields: tuple[int | None, int | None],
                        freq_match: re.Match[str], rule: re.Match[str] | None) -> Deadline:
    start = min(freq_match.start(), rule.start()) if rule else freq_match.start()
    end = max(freq_match.end(), rule.end()) if rule else freq_match.end()
    day, month = fields
    recurrence = Recurrence(freq, day, month, ctx.text[start:end])
    bound = _words(rule["q"]) if rule is not None and rule["q"] else ""
    origin = _issue_start(ctx.issued)
    return _make(ctx, start, end, date=recurrence.first_on_or_after(origin) if origin else None,
                 qualifier=bound if bound in _BOUND_WORDS else "định kỳ",
                 precision="day" if day or freq == "weekly" else "month", recurrence=recurrence)
