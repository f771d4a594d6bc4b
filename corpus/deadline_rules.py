"""Patterns and small parsers for the date, time, period and frequency phrases of deadlines.

Every pattern is matched against text whose markup (`**`, `<b>`) has been blanked out with
spaces (see `mask_markup`), so offsets into the masked text are offsets into the original.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from corpus.dates import PartialDate

MIN_YEAR, MAX_YEAR = 1990, 2099
_I = re.IGNORECASE
_IX = re.IGNORECASE | re.VERBOSE

# ---------------------------------------------------------------- markup and context

_MARKUP = re.compile(r"</?(?:b|i|u|em|strong)>|[*_]", _I)
_CLAUSE_BREAK = re.compile(r"[,;:!?\n]|\.(?:\s|$)")
SENTENCE_BREAK = re.compile(r"[;!?\n]|\.(?:\s|$)")
_PAST = re.compile(r"(?<![^\W\d_])đã(?:\s+[^\W\d_]+){0,3}\s*$", _I)
_PAST_AFTER = re.compile(r"(?<![^\W\d_])đã(?![^\W\d_])", _I)
_ISSUED_WORD = re.compile(
    r"(?<![^\W\d_])(?:được\s+(?:ban\s+hành|ký|tiếp\s+nhận|thành\s+lập)|có\s+hiệu\s+lực|phát\s+sinh)\s*$", _I
)
_RESULT_WORDS = re.compile(r"(?<![^\W\d_])(?:kết\s+quả|tình\s+hình|số\s+liệu)(?:\s+\S+){0,2}\s*$", _I)
_MODAL = re.compile(r"(?<![^\W\d_])(?:phải|cần|yêu\s+cầu|đề\s+nghị)(?![^\W\d_])", _I)


def mask_markup(text: str) -> str:
    """Blank out emphasis markers with spaces of the same length, keeping offsets valid."""
    return _MARKUP.sub(lambda m: " " * len(m.group()), text)


def clause_before(text: str, pos: int, *, breaks: re.Pattern[str] = _CLAUSE_BREAK, limit: int = 120) -> str:
    """The part of the clause that precedes `pos` (back to the last comma, colon or sentence end)."""
    return breaks.split(text[max(0, pos - limit):pos])[-1]


def sentence_after(text: str, pos: int, limit: int = 120) -> str:
    """The rest of the sentence after `pos`."""
    return SENTENCE_BREAK.split(text[pos:pos + limit], maxsplit=1)[0]


def reads_as_past(text: str, pos: int) -> bool:
    """True when "đã" stands within three words before `pos`: a past fact ("đã gửi trước ngày ...")."""
    return bool(_PAST.search(clause_before(text, pos)))


def reads_as_description(text: str, pos: int) -> bool:
    """True for "văn bản được ban hành trước ngày ..." with no "phải"/"cần": a description, not a duty."""
    clause = clause_before(text, pos)
    return bool(_ISSUED_WORD.search(clause)) and not _MODAL.search(clause)


def reads_as_report_period(text: str, pos: int) -> bool:
    """True for "kết quả thực hiện trong quý I": the period the results cover, not a due date."""
    return bool(_RESULT_WORDS.search(clause_before(text, pos))) or bool(_PAST_AFTER.search(sentence_after(text, pos)))


# ---------------------------------------------------------------- day dates and times

@dataclass(frozen=True)
class DayHit:
    """A calendar day as written; `year` is None for "ngày 15/3"."""

    day: int
    month: int
    year: int | None
    end: int


@dataclass(frozen=True)
class TimeHit:
    """A clock time as written ("10h00'", "14 giờ 30 phút", "14:30")."""

    value: dt.time
    end: int


_NGAY = re.compile(r"ngày\s+", _I)
_NUM_DMY = re.compile(r"(\d{1,2})\s?([/.\-])\s?(\d{1,2})\s?\2\s?(\d{4})(?!\d)")
_WORD_DMY = re.compile(r"(\d{1,2})\s+tháng\s+(\d{1,2})(?!\d)(?:\s*,?\s*năm\s+(\d{4})(?!\d))?", _I)
_NUM_DM = re.compile(r"(\d{1,2})\s?/\s?(\d{1,2})(?!\d|\s?/\s?\d|[.\-]\d)()")
_TIME = re.compile(
    r"""(?:lúc\s+)?(?P<h>\d{1,2})\s?
    (?:(?:h|giờ)(?:\s?(?P<m>\d{2})(?!\d|[/.\-]\d))?|:(?P<m2>\d{2})(?!\d))
    (?:\s?(?:'|’|phút|p(?![^\W\d_])))?
    (?:\s+(?P<part>sáng|trưa|chiều|tối))?
    (?![^\W\d_])""",
    _IX,
)
_LEAD = re.compile(r"\s*(?:(?:là|vào)\s+)?(?:(?:đến|tới)\s+(?:hết\s+)?)?", _I)
_AFTER_TIME = re.compile(r"\s*,?\s*")
_TRAILING_TIME = re.compile(r"\s*,?\s*(?:vào\s+)?(?=lúc\s)", _I)


def _valid(day: int, month: int, year: int | None) -> bool:
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return year is None or MIN_YEAR <= year <= MAX_YEAR


def match_day_date(text: str, pos: int, *, need_ngay: bool = False) -> DayHit | None:
    """A day date at `pos`: "ngày 19/3/2024", "19-3-2024", "ngày 19 tháng 3 năm 2024", "ngày 15/3"."""
    ngay = _NGAY.match(text, pos)
    if ngay is None and need_ngay:
        return None
    at = ngay.end() if ngay else pos
    m = _NUM_DMY.match(text, at)
    if m:
        parts = (int(m[1]), int(m[3]), int(m[4]))
    elif ngay and (m := _WORD_DMY.match(text, at) or _NUM_DM.match(text, at)):
        parts = (int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
    else:
        return None
    return DayHit(*parts, m.end()) if _valid(*parts) else None


def match_time(text: str, pos: int) -> TimeHit | None:
    """A clock time at `pos`, or None; "10 huyện" is not a time."""
    m = _TIME.match(text, pos)
    if m is None:
        return None
    hour, minute = int(m["h"]), int(m["m"] or m["m2"] or 0)
    part = (m["part"] or "").lower()
    if part in ("chiều", "tối") and hour < 12 or part == "trưa" and hour < 6:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    return TimeHit(dt.time(hour, minute), m.end())


@dataclass(frozen=True)
class DueHit:
    """A due day with its optional time: what follows a cue such as "chậm nhất"."""

    date: DayHit
    time: dt.time | None
    end: int


def match_due(text: str, pos: int) -> DueHit | None:
    """After a cue: [là|vào] [đến hết] [TIME[,]] [ngày] DATE [lúc TIME]."""
    at = _LEAD.match(text, pos).end()
    clock = match_time(text, at)
    if clock:
        at = _AFTER_TIME.match(text, clock.end).end()
    day = match_day_date(text, at)
    if day is None:
        return None
    end = day.end
    if clock is None and (lead := _TRAILING_TIME.match(text, end)):
        clock = match_time(text, lead.end())
        end = clock.end if clock else end
    return DueHit(day, clock.value if clock else None, end)


# ---------------------------------------------------------------- periods

@dataclass(frozen=True)
class PeriodHit:
    """A month, quarter, half-year or year: kind in month | quarter | half | year."""

    kind: str
    index: int
    year: int | None
    end: int

    @property
    def last_month(self) -> int:
        """The calendar month the period ends in."""
        if self.kind == "month":
            return self.index
        if self.kind == "year":
            return 12
        return self.index * (3 if self.kind == "quarter" else 6)


_YEAR_TAIL = r"(?:\s*(?:/|-|,?\s*năm)\s*(?P<y>\d{4}))?(?![\d/])"
_HALF = re.compile(r"(?:0?6|sáu)\s+tháng\s+(?P<which>đầu|cuối)\s+năm(?:\s+(?P<y>\d{4}))?(?!\d)", _I)
_QUARTER = re.compile(r"quý\s+(?P<q>IV|III|II|I|[1-4])(?![\w])" + _YEAR_TAIL, _I)
_MONTH = re.compile(r"tháng\s+(?P<m>\d{1,2})" + _YEAR_TAIL, _I)
_YEAR = re.compile(r"năm\s+(?P<y>\d{4})(?![\d/\-–])", _I)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
NOT_DUE_TAIL = re.compile(  # "... và những năm tiếp theo", "... trở đi", "tháng 3 vừa qua": not a due period
    r"\s*(?:và|,|đến|-|–)\s*(?:các|những)\s+(?:năm|tháng|quý)|\s*(?:đến|-|–)\s*(?:tháng|quý|năm)\s"
    r"|\s+(?:trở\s+đi|vừa\s+qua|vừa\s+rồi|qua|trước\s+đó)(?![^\W\d_])",
    _I,
)


def _year_of(m: re.Match[str]) -> int | None:
    return int(m["y"]) if m["y"] else None


def match_period(text: str, pos: int) -> PeriodHit | None:
    """A period at `pos`: "6 tháng đầu năm 2024", "quý II/2024", "tháng 4 năm 2024", "năm 2024"."""
    if m := _HALF.match(text, pos):
        hit = PeriodHit("half", 1 if m["which"].lower() == "đầu" else 2, _year_of(m), m.end())
    elif m := _QUARTER.match(text, pos):
        q = m["q"].lower()
        hit = PeriodHit("quarter", _ROMAN.get(q) or int(q), _year_of(m), m.end())
    elif m := _MONTH.match(text, pos):
        hit = PeriodHit("month", int(m["m"]), _year_of(m), m.end())
    elif m := _YEAR.match(text, pos):
        hit = PeriodHit("year", 1, int(m["y"]), m.end())
    else:
        return None
    if not 1 <= hit.index <= 12 or hit.year is not None and not MIN_YEAR <= hit.year <= MAX_YEAR:
        return None
    return hit


def infer_year(month: int, issued: PartialDate | None) -> int | None:
    """The year of a deadline written without one: the issue year, or the next if its month has passed."""
    if issued is None or not issued.year:
        return None
    if issued.month and issued.month > month:
        return issued.year + 1
    return issued.year


# ---------------------------------------------------------------- cues

_LETTER_BEFORE = r"(?<![^\W\d_])"
_LABEL = (
    r"(?:thời\s+gian\s+(?:hoàn\s+thành|thực\s+hiện|nộp|gửi)"
    r"|(?:thời\s+)?hạn(?!\s+chế)(?:\s+(?:chót|cuối|nộp|gửi|hoàn\s+thành|báo\s+cáo))*)\s*(?::|là(?![^\W\d_]))"
)
DAY_CUE = re.compile(
    _LETTER_BEFORE + r"(?:(?P<late>chậm\s+nhất|muộn\s+nhất)|(?P<before>trước)"
    r"|(?P<label>" + _LABEL + r")|(?P<done>(?:hoàn\s+thành|xong)(?:\s+xong)?\s+(?P<within>trong|vào)))",
    _I,
)
PERIOD_CUE = re.compile(
    _LETTER_BEFORE + r"(?:(?P<label>" + _LABEL + r")\s*(?:trong\s+)?"
    r"|(?P<late>(?:chậm|muộn)\s+nhất)(?:\s+(?:là|vào|trong))?\s+"
    r"|(?P<done>(?:hoàn\s+thành|xong)(?:\s+xong)?)\s+(?:(?:trong|vào)\s+)?"
    r"|(?P<within>trong)\s+)",
    _I,
)
UNTIL_CUE = re.compile(_LETTER_BEFORE + r"(?:đến|tới)\s+(?:hết\s+)?(?=ngày\s)", _I)
UNTIL_CONTEXT = re.compile(
    r"thời\s+gian\s+(?:hoàn\s+thành|thực\s+hiện)|thời\s+hạn|hoàn\s+thành|(?<![^\W\d_])(?:xong|gửi|nộp)(?![^\W\d_])",
    _I,
)
UNTIL_BLOCK = re.compile(r"(?<![^\W\d_])(?:tính|lũy\s+kế|số\s+liệu|hiệu\s+lực)(?![^\W\d_])", _I)
SPAN_CUE = re.compile(
    _LETTER_BEFORE + r"(?P<q>chậm\s+nhất|trong)\s+(?:(?:sau|vòng|thời\s+hạn|thời\s+gian)\s+)?"
    r"(?P<n>\d{1,3})(?:\s*\([^()\d]{1,20}\))?\s+(?P<unit>ngày|tháng)(?P<wd>\s+làm\s+việc)?"
    r"\s*,?\s*(?:kể|tính)\s+từ\s+",
    _I,
)
FROM_RECEIPT = re.compile(
    r"(?:ngày|khi|thời\s+điểm)\s+(?:nhận\s+được|nhận|ký|ban\s+hành)(?:\s+(?:văn\s+bản|công\s+văn|kế\s+hoạch"
    r"|quyết\s+định|thông\s+báo))?(?:\s+này)?(?![^\W\d_])",
    _I,
)
FROM_OTHER = re.compile(r"(?:ngày|khi)(?:\s+[^\W\d_]+){1,6}", _I)

# ---------------------------------------------------------------- recurring rules

FREQ = re.compile(
    _LETTER_BEFORE
    + r"""(?:
        (?:định\s+k[ỳì]\s+)?(?:hằng|hàng|mỗi)\s+(?P<unit>năm|quý|tháng|tuần)
      | định\s+k[ỳì]\s+(?P<n>\d{1,2}|một|ba|sáu|mười\s+hai)\s+(?P<nunit>tháng|năm)
      | (?:(?:ít\s+nhất|tối\s+thiểu)\s+)?(?P<n2>\d{1,2}|một|hai|ba|sáu)\s+(?P<nunit2>tháng|năm|quý|tuần)
        \s*(?:/\s*|\s+(?:một|0?1)\s+)lần
      | (?P<times>\d{1,2}|một|hai|bốn)\s+lần\s*/\s*năm
      | định\s+k[ỳì]\s+(?P<unit3>quý|tháng|tuần|năm)
    )(?![^\W\d_])""",
    _IX,
)
DAY_RULE = re.compile(
    _LETTER_BEFORE
    + r"""(?P<q>trước|chậm\s+nhất|muộn\s+nhất|vào|hạn)\s+(?:là\s+)?ngày\s+(?P<d>\d{1,2})
    (?:\s*/\s*(?P<m>\d{1,2})(?!\d|\s*/\s*\d)|\s+tháng\s+(?P<mw>\d{1,2})(?!\d))?
    (?:\s*,?\s*(?:của\s+)?tháng\s+(?P<pos>đầu|giữa|cuối)\s+(?:của\s+)?(?:quý|kỳ(?:\s+báo\s+cáo)?)
       (?:\s+(?:sau|tiếp\s+theo|kế\s+tiếp))?)?
    (?![\d/])""",
    _IX,
)
WEEKDAY = re.compile(
    _LETTER_BEFORE + r"(?:(?P<q>trước|chậm\s+nhất|vào)\s+)?(?:ngày\s+)?"
    r"(?:thứ\s+(?P<wd>hai|ba|tư|năm|sáu|bảy|[2-7])|(?P<sun>chủ\s+nhật))(?![^\W\d_])",
    _I,
)
RULE_GAP = re.compile(r"[^.;\n\d]{0,80}")
_NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "mười hai": 12}
_UNIT_FREQ = {"năm": "yearly", "quý": "quarterly", "tháng": "monthly", "tuần": "weekly"}
_MONTHS_FREQ = {1: "monthly", 3: "quarterly", 6: "half_yearly", 12: "yearly"}
_UNIT_MONTHS = {"tháng": 1, "quý": 3, "năm": 12}
_WEEKDAYS = {"hai": 1, "ba": 2, "tư": 3, "năm": 4, "sáu": 5, "bảy": 6}
QUARTER_POSITION = {"đầu": 1, "giữa": 2, "cuối": 3}


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def frequency(m: re.Match[str]) -> str | None:
    """The frequency a FREQ match stands for, or None when it is not one we model (2 tháng/lần)."""
    unit = m["unit"] or m["unit3"]
    if unit:
        return _UNIT_FREQ[unit.lower()]
    if m["times"]:
        per_year = _number(m["times"])
        return _MONTHS_FREQ.get(12 // per_year) if per_year and 12 % per_year == 0 else None
    count = _number(m["n"] or m["n2"])
    unit = (m["nunit"] or m["nunit2"]).lower()
    if unit == "tuần":
        return "weekly" if count == 1 else None
    return _MONTHS_FREQ.get(count * _UNIT_MONTHS[unit])


def weekday(m: re.Match[str]) -> int:
    """ISO weekday (1 = Monday) of a WEEKDAY match; "thứ 2" is Monday."""
    if m["sun"]:
        return 7
    word = m["wd"].lower()
    return int(word) - 1 if word.isdigit() else _WEEKDAYS[word]
