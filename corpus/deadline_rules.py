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


_SPELLED = re.compile(r"(?<=\d)(\s*\(\s*)([^\W\d_]+(?:\s+[^\W\d_]+){0,4})(\s*\))")
_NUMBER_WORDS_VI = frozenset(
    "không một mốt hai ba bốn tư năm lăm sáu bảy tám chín mười mươi linh lẻ trăm nghìn ngàn".split()
)


def mask_spelled_numbers(text: str) -> str:
    """Blank out a number spelled out after its digits ("05 (năm) ngày", "ngày 15 (mười lăm)"), keeping offsets."""
    def blank(m: re.Match[str]) -> str:
        words = m[2].lower().split()
        return " " * len(m[0]) if all(w in _NUMBER_WORDS_VI for w in words) else m[0]
    return _SPELLED.sub(blank, text)


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


# what is counted in a period: "(đối với) hồ sơ tiếp nhận trong tháng 10-2025", "số hồ sơ phát sinh trong quý"
_COUNTED = re.compile(r"(?<![^\W\d_])(?:hồ\s+sơ|văn\s+bản|thủ\s+tục(?:\s+hành\s+chính)?|tthc|vụ\s+việc|đơn(?:\s+thư)?)"
                      r"(?:\s+(?:trực\s+tuyến|mới))?\s+(?:được\s+|đã\s+)?(?:tiếp\s+nhận|phát\s+sinh|nộp|đăng\s+ký|"
                      r"thụ\s+lý|giải\s+quyết|xử\s+lý)(?:\s+mới)?\s*$", _I)
# a count of records later in the sentence: "… tỉnh An Giang còn 1.401 hồ sơ chậm được tiếp nhận"
_COUNT_AFTER = re.compile(r"(?<![\d.,])\d{1,3}(?:[.,]\d{3})*\s+(?:hồ\s+sơ|thủ\s+tục|tthc|văn\s+bản|vụ\s+việc|đơn)"
                          r"(?![^\W\d_])|chiếm\s+(?:tỷ\s+lệ\s+)?\d", _I)


def reads_as_report_period(text: str, pos: int) -> bool:
    """True for "kết quả thực hiện trong quý I", "đối với hồ sơ tiếp nhận trong tháng 10-2025, tỉnh còn 1.401
    hồ sơ …": the period the results or figures cover, not a due date."""
    before = clause_before(text, pos)
    after = sentence_after(text, pos, limit=200)
    return bool(_RESULT_WORDS.search(before)) or bool(_PAST_AFTER.search(sentence_after(text, pos))) or \
        bool(_COUNTED.search(before)) or (bool(_COUNT_AFTER.search(after)) and not _MODAL.search(before + after))


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
# "ngày 15.11", "ngày 10-11": a day and month written with a dot or a dash (news items), read only after "ngày"
_DOT_DM = re.compile(r"(\d{1,2})[.\-](\d{1,2})(?!\d|[.\-/,]\d)()")
# "15/3/24": a two-digit year only written tight, with the same separator, and nothing glued after it
_NUM_DMY2 = re.compile(r"(\d{1,2})([/\-])(\d{1,2})\2(\d{2})(?![\d/.\-]|[^\W\d_])")
_WEEKDAY_WORD = re.compile(
    r"(?:ngày\s+)?(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy|[2-7])|chủ\s+nhật)(?![^\W\d_])\s*[,(\-–]?\s*", _I
)
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


def skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Past what `pattern` (which may match nothing) matches at `pos`."""
    m = pattern.match(text, pos)
    return m.end() if m else pos


def skip_weekday(text: str, pos: int) -> int:
    """Past a weekday written before a date ("Thứ Bảy ngày 22/11", "thứ Sáu, 05/12"), or `pos` itself."""
    m = _WEEKDAY_WORD.match(text, pos)
    return m.end() if m else pos


def match_day_date(text: str, pos: int, *, need_ngay: bool = False, loose: bool = False) -> DayHit | None:
    """A day date at `pos`: "ngày 19/3/2024", "19-3-2024", "ngày 19 tháng 3 năm 2024", "ngày 15/3", "ngày 15/3/24".

    `loose` also reads "15/3" and "19 tháng 3" without "ngày" (the second end of a range).
    """
    ngay = _NGAY.match(text, pos)
    if ngay is None and need_ngay:
        return None
    at = ngay.end() if ngay else pos
    if ngay:
        at = skip_weekday(text, at)
    m = _NUM_DMY.match(text, at)
    parts: tuple[int, int, int | None]
    if m:
        parts = (int(m[1]), int(m[3]), int(m[4]))
    elif m := _NUM_DMY2.match(text, at):
        parts = (int(m[1]), int(m[3]), 2000 + int(m[4]))
    elif (ngay or loose) and (m := _WORD_DMY.match(text, at) or _NUM_DM.match(text, at)):
        parts = (int(m[1]), int(m[2]), int(m[3]) if m[3] else None)
    elif ngay and (m := _DOT_DM.match(text, at)):
        parts = (int(m[1]), int(m[2]), None)
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
    at = skip(_LEAD, text, pos)
    clock = match_time(text, at)
    if clock:
        at = skip(_AFTER_TIME, text, clock.end)
    day = match_day_date(text, skip_weekday(text, at))
    if day is None:
        return None
    end = day.end
    if clock is None and (lead := _TRAILING_TIME.match(text, end)):
        clock = match_time(text, lead.end())
        end = clock.end if clock else end
    return DueHit(day, clock.value if clock else None, end)


@dataclass(frozen=True)
class PointHit:
    """One end of a range: a day (month and year may be left out, "ngày 16"), a time, or both."""

    day: int | None
    month: int | None
    year: int | None
    time: dt.time | None
    end: int


_BARE_DAY = re.compile(r"(?P<d>\d{1,2})(?![\d/.:,]|\s*(?:h|giờ|tháng)(?![^\W\d_]))", _I)


def match_point(text: str, pos: int, *, bare_day: bool) -> PointHit | None:
    """[TIME [part]] [weekday] [ngày] DATE [lúc TIME], "ngày 16" (when `bare_day`), or a time alone, at `pos`."""
    at, clock = pos, match_time(text, pos)
    if clock:
        at = skip(_AFTER_TIME, text, clock.end)
    at = skip_weekday(text, at)
    if hit := match_day_date(text, at, loose=True):
        end, time = hit.end, clock.value if clock else None
        if time is None and (lead := _TRAILING_TIME.match(text, end)) and (late := match_time(text, lead.end())):
            end, time = late.end, late.value
        return PointHit(hit.day, hit.month, hit.year, time, end)
    if bare_day and (ngay := _NGAY.match(text, at)) and (m := _BARE_DAY.match(text, ngay.end())):
        return PointHit(int(m["d"]), None, None, clock.value if clock else None, m.end())
    if clock:
        return PointHit(None, None, None, clock.value, clock.end)
    return None


# ---------------------------------------------------------------- periods

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
_PERIOD_SPAN = {"month": 1, "quarter": 3, "half": 6, "year": 12}


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

    @property
    def first_month(self) -> int:
        """The calendar month the period starts in."""
        return self.last_month - _PERIOD_SPAN[self.kind] + 1

    def label(self, year: int) -> str:
        """The period as a reader writes it: "tháng 12/2025", "quý I/2026", "6 tháng đầu năm 2024", "năm 2026"."""
        if self.kind == "month":
            return f"tháng {self.index}/{year}"
        if self.kind == "quarter":
            return f"quý {ROMAN[self.index]}/{year}"
        if self.kind == "half":
            return f"6 tháng {'đầu' if self.index == 1 else 'cuối'} năm {year}"
        return f"năm {year}"


_YEAR_TAIL = r"(?:\s*(?:/|-|,?\s*năm)\s*(?P<y>\d{4}))?(?![\d/])"
_HALF = re.compile(r"(?:0?6|sáu)\s+tháng\s+(?P<which>đầu|cuối)\s+năm(?:\s+(?P<y>\d{4}))?(?!\d)", _I)
_QUARTER = re.compile(r"quý\s+(?P<q>IV|III|II|I|[1-4])(?![\w])" + _YEAR_TAIL, _I)
_MONTH = re.compile(r"tháng\s+(?P<m>\d{1,2})" + _YEAR_TAIL, _I)
_YEAR = re.compile(r"năm\s+(?P<y>\d{4})(?![\d/\-–])", _I)
_BARE_YEAR = re.compile(r"(?P<y>\d{4})(?![\d/\-–.,]|\s*[-–]\s*\d)", _I)
_ROMAN = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
NOT_DUE_TAIL = re.compile(  # "... và những năm tiếp theo", "... trở đi", "tháng 3 vừa qua": not a due period
    r"\s*(?:và|,|đến|-|–)\s*(?:các|những)\s+(?:năm|tháng|quý)|\s*(?:đến|-|–)\s*(?:tháng|quý|năm)\s"
    r"|\s+(?:trở\s+đi|vừa\s+qua|vừa\s+rồi|qua|trước\s+đó)(?![^\W\d_])"
    r"|\s*,?\s*(?:của\s+)?(?:hằng|hàng|mỗi)\s+năm(?![^\W\d_])",
    _I,
)
# the next item of a list or the end of a range of periods of one kind: "quý I và (quý) II", "tháng 3 đến tháng 5"
_AND = r"\s*(?:,|;)?\s*(?:và|hoặc)?\s*"
_THROUGH = r"\s*(?:đến|tới|-|–)\s*(?:hết\s+)?"
_NEXT_ITEM = {
    "quarter": r"(?:quý\s+)?(?P<q>IV|III|II|I|[1-4])(?![\w])" + _YEAR_TAIL,
    "month": r"(?P<kw>tháng\s+)?(?P<m>\d{1,2})" + _YEAR_TAIL,
    "year": r"(?:năm\s+)?(?P<y>\d{4})(?![\d/\-–])",
}


def _year_of(m: re.Match[str]) -> int | None:
    return int(m["y"]) if m["y"] else None


def match_period(text: str, pos: int, *, bare_year: bool = False) -> PeriodHit | None:
    """A period at `pos`: "6 tháng đầu năm 2024", "quý II/2024", "tháng 4 năm 2024", "năm 2024" (also "2024" when
    `bare_year`: a labelled cell)."""
    if m := _HALF.match(text, pos):
        hit = PeriodHit("half", 1 if m["which"].lower() == "đầu" else 2, _year_of(m), m.end())
    elif m := _QUARTER.match(text, pos):
        q = m["q"].lower()
        hit = PeriodHit("quarter", _ROMAN.get(q) or int(q), _year_of(m), m.end())
    elif m := _MONTH.match(text, pos):
        hit = PeriodHit("month", int(m["m"]), _year_of(m), m.end())
    elif (m := _YEAR.match(text, pos)) or bare_year and (m := _BARE_YEAR.match(text, pos)):
        hit = PeriodHit("year", 1, int(m["y"]), m.end())
    else:
        return None
    return hit if _valid_period(hit) else None


def _valid_period(hit: PeriodHit) -> bool:
    return 1 <= hit.index <= 12 and (hit.year is None or MIN_YEAR <= hit.year <= MAX_YEAR)


def _next_item(text: str, first: PeriodHit, joint: str) -> PeriodHit | None:
    """The period of the same kind as `first` written right after it and `joint` ("và", "đến")."""
    if first.kind not in _NEXT_ITEM:
        return None
    m = re.compile(joint + _NEXT_ITEM[first.kind], _I).match(text, first.end)
    if m is None or joint == _AND and not m[0].strip(" ,;"):
        return None
    if first.kind == "quarter":
        q = m["q"].lower()
        hit = PeriodHit("quarter", _ROMAN.get(q) or int(q), _year_of(m), m.end())
    elif first.kind == "month":
        if not m["kw"] and not m["y"]:  # "tháng 11, 12 đơn vị ..." is not a list of months
            return None
        hit = PeriodHit("month", int(m["m"]), _year_of(m), m.end())
    else:
        hit = PeriodHit("year", 1, int(m["y"]), m.end())
    return hit if _valid_period(hit) else None


def match_period_list(text: str, first: PeriodHit) -> list[PeriodHit]:
    """`first` and the periods of its kind listed after it: "quý I và quý II năm 2026", "tháng 11, tháng 12/2025"."""
    items = [first]
    while len(items) < 12 and (hit := _next_item(text, items[-1], _AND)):
        items.append(hit)
    return items


def match_period_end(text: str, first: PeriodHit) -> PeriodHit | None:
    """The end of a range of periods that starts with `first`: "tháng 3 đến tháng 5/2024", "năm 2025 - 2026"."""
    return _next_item(text, first, _THROUGH)


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
    r"(?:thời\s+gian\s+(?:hoàn\s+thành|thực\s+hiện|nộp|gửi|báo\s+cáo)"
    r"|(?:thời\s+)?hạn(?!\s+chế)(?:\s+(?:chót|cuối|nộp|gửi|hoàn\s+thành|báo\s+cáo|thực\s+hiện))*"
    r"|tiến\s+độ(?:\s+(?:thực\s+hiện|hoàn\s+thành))?|lộ\s+trình(?:\s+thực\s+hiện)?)\s*(?::|là(?![^\W\d_]))"
)
LABEL = re.compile(_LETTER_BEFORE + _LABEL, _I)
# a label or "Tần suất:" right before a frequency: "Thời hạn: Hằng năm" is a rule, not a noun's qualifier
LABEL_BEFORE = re.compile(_LABEL + r"\s*$|(?<![^\W\d_])tần\s+suất(?:\s+[^\W\d_]+){0,3}\s*:\s*$", _I)
DAY_CUE = re.compile(
    _LETTER_BEFORE + r"(?:(?P<late>chậm\s+nhất|muộn\s+nhất)"
    r"|(?<!năm\s)(?<!tháng\s)(?<!quý\s)(?<!kỳ\s)(?P<before>trước|truớc)"  # not "năm trước" (the year before)
    r"|(?P<label>" + _LABEL + r")|(?P<done>(?:hoàn\s+thành|xong)(?:\s+xong)?\s+(?P<within>trong|vào))"
    r"|(?P<inday>trong)(?=\s+ngày\s+(?:thứ\s+[^\W\d_]+\s*,?\s*)?\d))",
    _I,
)
PERIOD_CUE = re.compile(
    _LETTER_BEFORE + r"(?:(?P<label>" + _LABEL + r")\s*(?:trong\s+)?"
    r"|(?P<late>(?:chậm|muộn)\s+nhất)(?:\s+(?:là|vào|trong))?\s+"
    r"|(?P<done>(?:hoàn\s+thành|xong)(?:\s+xong)?)\s+(?:(?:trong|vào)\s+)?(?:(?P<dbefore>trước)\s+)?"
    r"|(?P<within>trong)\s+"
    r"|(?P<before>trước)\s+(?=(?:tháng|quý)\s))",
    _I,
)
UNTIL_CUE = re.compile(_LETTER_BEFORE + r"(?:đến|tới)\s+(?:hết\s+)?(?=ngày\s)", _I)
UNTIL_CONTEXT = re.compile(
    r"thời\s+gian\s+(?:hoàn\s+thành|thực\s+hiện)|thời\s+hạn|hoàn\s+thành|(?<![^\W\d_])(?:xong|gửi|nộp)(?![^\W\d_])",
    _I,
)
UNTIL_BLOCK = re.compile(r"(?<![^\W\d_])(?:tính|lũy\s+kế|số\s+liệu|hiệu\s+lực)(?![^\W\d_])", _I)

# ---------------------------------------------------------------- ranges, starts and effective dates

RANGE_FROM = re.compile(_LETTER_BEFORE + r"(?P<kw>(?:bắt\s+đầu\s+)?(?:(?:kể|tính)\s+)?)từ\s+(?:lúc\s+)?", _I)
THROUGH = re.compile(_THROUGH, _I)
ONWARD = re.compile(r"\s*(?:trở\s+đi|trở\s+về\s+sau|về\s+sau)(?![^\W\d_])", _I)
UNTIL_EVENT = re.compile(r"\s*(?:đến|tới)\s+(?:khi|lúc|hết\s+thời\s+gian)(?![^\W\d_])", _I)
EFFECTIVE_CUE = re.compile(
    _LETTER_BEFORE + r"(?:(?:có\s+)?hiệu\s+lực(?:\s+thi\s+hành)?\s*,?\s*(?:(?:kể|tính)\s+)?từ\s+"
    r"|thi\s+hành(?:\s+[^\W\d_]+){0,5}?\s+(?:kể\s+)?từ\s+(?=ngày\s+\d|\d)"
    r"|(?:được\s+)?áp\s+dụng(?:\s+[^\W\d_]+){0,3}?\s+(?:kể\s+)?từ\s+(?=ngày\s+\d|\d))",
    _I,
)
EFFECTIVE_AFTER = re.compile(_LETTER_BEFORE + r"(?:có\s+)?hiệu\s+lực(?:\s+thi\s+hành)?\s+(?=sau\s+\d)", _I)
_HET = re.compile(r"(?<![^\W\d_])(?:hết|chấm\s+dứt|ngưng|ngừng)\s*$", _I)
_DOC_NOUN = (r"(?:quyết\s+định|nghị\s+quyết|chỉ\s+thị|kế\s+hoạch|quy\s+chế|quy\s+định|văn\s+bản|công\s+văn"
             r"|thông\s+báo|thông\s+tư|công\s+điện|hướng\s+dẫn)")
SIGNING = re.compile(
    r"ngày\s+(?:(?:ký|kí)(?:\s*,?\s*(?:và\s+)?ban\s+hành)?|ban\s+hành|công\s+bố)(?:\s+" + _DOC_NOUN + r")?"
    r"(?:\s+này)?(?![^\W\d_])", _I,
)
THIS_EFFECTIVE = re.compile(
    r"ngày\s+(?:" + _DOC_NOUN + r"\s+(?:này\s+)?)?(?:có\s+)?hiệu\s+lực(?:\s+thi\s+hành)?(?![^\W\d_])", _I
)
_CLAUSE_END = re.compile(r"\s*(?:[,.;:)\]\n|]|/\.|$)")


def ends_clause(text: str, pos: int) -> bool:
    """True when nothing but punctuation or the end follows `pos` in its clause."""
    return bool(_CLAUSE_END.match(text, pos))


def ends_with_het(text: str, pos: int) -> bool:
    """True for "hết hiệu lực", "chấm dứt hiệu lực": the end of a validity, not its start."""
    return bool(_HET.search(text[max(0, pos - 20):pos]))


# ---------------------------------------------------------------- spans of days relative to an event

_N = r"(?:(?P<n>\d{1,3})(?:\s*\([^()\d]{1,20}\))?|[^\W\d_]+(?:\s+[^\W\d_]+)?\s*\(\s*(?P<nb>\d{1,3})\s*\))"
_FILLER = (r"(?:là|trong|vòng|thời(?:\s+(?:hạn|gian))?|tối\s+đa|tối\s+thiểu|không\s+quá|chậm\s+nhất|muộn\s+nhất"
           r"|ít\s+nhất|sau|tổng\s+cộng)")
_UNIT = r"(?P<unit>ngày|giờ|h(?:00)?|tháng|tuần)(?![^\W\d_])(?P<wd>\s+làm\s+việc)?(?:\s*\([^()]{0,80}\))?"
_DIRECTION = (
    r"\s*,?\s*(?P<dir>(?:kể|kê|kế|tính)\s+từ(?:\s+sau)?\s+|(?:ngay\s+)?sau\s+(?=khi\s|ngày\s)|(?=khi\s)"
    r"|trước\s+(?=ngày\s|khi\s|thời\s+điểm|kỳ\s|hạn\s|lúc\s)|so\s+với\s+|tính\s+đến\s+)"
)
SPAN_CUE = re.compile(
    _LETTER_BEFORE + r"(?P<q>chậm\s+nhất|muộn\s+nhất|trong|không\s+quá|tối\s+đa|sau|ít\s+nhất|tối\s+thiểu|trước)"
    r"(?:\s*,?\s*" + _FILLER + r"(?![^\W\d_]))*\s+" + _N + r"\s*" + _UNIT + _DIRECTION,
    _I,
)
BARE_SPAN = re.compile(  # a table cell or a label: "15 ngày kể từ ngày nhận được hồ sơ hợp lệ"
    r"(?:(?<=^)|(?<=[:|;(+\-–•]))\s*" + _N + r"\s*" + _UNIT
    + r"\s*,?\s*(?P<dir>(?:kể|kê|kế|tính)\s+từ(?:\s+sau)?\s+|(?:ngay\s+)?sau\s+(?=khi\s))",
    _I,
)
# the anchor of a span: the words after "kể từ" up to the end of the clause
ANCHOR = re.compile(
    r"[^\s,;.:()\[\]|]+(?:\s+(?!(?:thì|phải|để|nhưng|hoặc|và)(?![^\W\d_]))[^\s,;.:()\[\]|]+){0,10}", _I
)
YEAR_RANGE = re.compile(
    r"(?:(?:từ\s+)?năm\s+|giai\s+đoạn\s+(?:từ\s+(?:năm\s+)?)?)?(?P<a>\d{4})\s*(?:-|–|đến|tới)\s*(?:năm\s+)?"
    r"(?P<b>\d{4})(?![\d/])", _I,
)
THIS_RECEIPT = re.compile(
    r"(?:ngày|khi|thời\s+điểm)\s+(?:nhận\s+được|nhận)\s+" + _DOC_NOUN + r"(?:\s+này)?(?![^\W\d_])", _I
)
NEXT_WORKDAY = re.compile(
    _LETTER_BEFORE + r"ngày\s+làm\s+việc\s+(?:tiếp\s+theo|kế\s+tiếp|liền\s+kề|liền\s+sau)"
    r"(?![^\W\d_])", _I,
)
NEXT_WORKDAY_LEAD = re.compile(
    r"(?:(?P<q>trước|chậm\s+nhất|muộn\s+nhất|trong|vào)\s+)?(?:(?P<clock>\d{1,2}\s?(?:h|giờ)[\s\d'’phút]*"
    r"(?:sáng|trưa|chiều|tối)?)\s*)?(?:(?:của|vào)\s+)?(?:ngay\s+)?(?:trong\s+)?$", _I,
)
AFTER_HOUR = re.compile(
    r"(?:(?<![^\W\d_])(?:trường\s+hợp|nếu|khi)\s+(?P<event>[^.;:]{1,90}?)\s+)?(?<![^\W\d_])sau\s+"
    r"(?P<clock>\d{1,2}\s?(?:h|giờ)(?:\s?\d{2})?(?:\s?(?:'|’|phút))?(?:\s+(?:sáng|trưa|chiều|tối))?)(?![^\W\d_])",
    _I,
)

# ---------------------------------------------------------------- recurring rules

FREQ = re.compile(
    _LETTER_BEFORE
    + r"""(?:
        (?:định\s+k[ỳìỷỲǶ]\s+)?(?:hằng|hàng|mỗi)\s+(?P<unit>năm|quý|tháng|tuần|ngày)
        (?:\s+(?P<once>một|0?1)\s+lần)?
      | định\s+k[ỳìỷǶ]\s+(?P<n>\d{1,2}|một|hai|ba|bốn|sáu|mười\s+hai)(?:\s*\([^()\d]{1,12}\))?
        \s+(?P<nunit>tháng|năm|quý|tuần|ngày)
        (?:\s*(?:/\s*|\s+(?:một|0?1)\s+)lần)?
      | (?:(?:ít\s+nhất|tối\s+thiểu)\s+)?(?P<n2>\d{1,2}|một|hai|ba|bốn|sáu|mười\s+hai)(?:\s*\([^()\d]{1,12}\))?
        \s+(?P<nunit2>tháng|năm|quý|tuần|ngày)\s*(?:/\s*|\s+(?:một|0?1)\s+)lần
      | (?:(?:ít\s+nhất|tối\s+thiểu)\s+)?(?P<times>\d{1,2}|một|hai|ba|bốn|mười\s+hai)(?:\s*\([^()\d]{1,12}\))?\s+lần
        \s*(?:/\s*|\s+(?:một|mỗi|trong\s+một|trong|trên)\s+)(?P<tunit>năm|quý|tháng|tuần|ngày)
      | định\s+k[ỳìỷǶ]\s+(?P<unit3>quý|tháng|tuần|năm|ngày)
    )(?![^\W\d_])""",
    _IX,
)
_MD = r"\d{1,2}(?:\s*/\s*\d{1,2}(?!\d|\s*/\s*\d)|\s+tháng\s+\d{1,2}(?!\d))"
# a clock time inside a rule: "trước 15 giờ 00 thứ Sáu hằng tuần", "trước 16h ngày 20 hằng tháng"
_CLOCK = (r"(?P<clock>\d{1,2}\s?(?:h|giờ)(?:\s?\d{2})?(?:\s?(?:'|’|phút))?(?:\s+(?:sáng|trưa|chiều|tối))?)"
          r"(?![^\W\d_])\s*,?\s*(?:(?:vào|của)\s+)?")
DAY_RULE = re.compile(
    _LETTER_BEFORE
    + r"""(?P<q>trước|truớc|chậm\s+nhất|muộn\s+nhất|vào|hạn)\s+(?:là\s+)?(?:""" + _CLOCK + r""")?
    (?:(?:đến|vào)\s+)?(?:hết\s+)?ngày\s+(?P<d>\d{1,2})
    (?:\s*/\s*(?P<m>\d{1,2})(?!\d|\s*/\s*\d)|\s+tháng\s+(?P<mw>\d{1,2})(?!\d))?
    (?P<more>(?:\s*(?:,|và|hoặc)\s*(?:ngày\s+)?""" + _MD + r""")+)?
    (?:\s*,?\s*(?:của\s+)?tháng\s+(?P<pos>đầu|giữa|cuối)\s+(?:của\s+)?(?:quý|kỳ(?:\s+báo\s+cáo)?)
       (?:\s+(?:sau|tiếp\s+theo|kế\s+tiếp))?
     | \s*,?\s*(?:của\s+)?(?P<next>tháng\s+(?:tiếp\s+theo|kế\s+tiếp|sau)
       (?:\s+(?:sau\s+)?tháng(?:\s+cuối(?:\s+cùng)?)?(?:\s+của)?\s+kỳ(?:\s+báo\s+cáo)?)?)
     | \s*,?\s*(?P<yearpos>(?:của|thuộc)\s+năm\s+(?:báo\s+cáo|liền\s+kề|tiếp\s+theo|kế\s+tiếp|sau)
       (?:\s+(?:năm\s+)?(?:báo\s+cáo|đánh\s+giá))?))?
    (?![\d/])""",
    _IX,
)
MORE_DAYS = re.compile(r"(\d{1,2})(?:\s*/\s*(\d{1,2})|\s+tháng\s+(\d{1,2}))", _I)
REPORT_KIND = re.compile(
    r"\s*,?\s*(?:đối\s+với|với|cho)\s+(?:các\s+|kỳ\s+)?báo\s+cáo\s+(?:định\s+kỳ\s+)?(?:(?:hằng|hàng)\s+)?"
    r"(?P<k>tháng|quý|0?6\s+tháng|sáu\s+tháng|năm)(?![^\W\d_])", _I,
)
# what may stand between a day rule and the frequency it belongs to when the rule comes first:
# "chậm nhất ngày 15 của tháng báo cáo đối với báo cáo định kỳ hằng tháng"
BEFORE_FREQ_GAP = re.compile(
    r"\s*(?:của\s+(?:tháng|quý|năm)\s+(?:báo\s+cáo|đó|hiện\s+tại)\s*)?,?\s*"
    r"(?:(?:đối\s+với|với|cho)\s+(?:các\s+|kỳ\s+)?báo\s+cáo\s+(?:định\s+kỳ\s+)?)?",
    _I,
)
WEEKDAY = re.compile(
    _LETTER_BEFORE + r"(?:(?P<q>trước|chậm\s+nhất|muộn\s+nhất|vào)\s+(?:" + _CLOCK + r")?)?(?:ngày\s+)?"
    r"(?:thứ\s+(?P<wd>hai|ba|tư|năm|sáu|bảy|[2-7])|(?P<sun>chủ\s+nhật))(?![^\W\d_])",
    _I,
)
RULE_GAP = re.compile(r"[^.;\n\d]{0,80}")
LONG_RULE_GAP = re.compile(r"[^.;\n\d]{0,200}")
CLAUSE_START = re.compile(r"(?:^|[.;:\n(]|^\s*[-–+•]|\d[.)])\s*(?:[-–+•]\s*)?(?:[a-zđ]\)\s*)?$", _I)
_NUMBER_WORDS = {"một": 1, "hai": 2, "ba": 3, "bốn": 4, "sáu": 6, "mười hai": 12}
_UNIT_FREQ = {"năm": "yearly", "quý": "quarterly", "tháng": "monthly", "tuần": "weekly", "ngày": "daily"}
_MONTHS_FREQ = {1: "monthly", 3: "quarterly", 6: "half_yearly", 12: "yearly"}
_UNIT_MONTHS = {"tháng": 1, "quý": 3, "năm": 12}
_WEEKDAYS = {"hai": 1, "ba": 2, "tư": 3, "năm": 4, "sáu": 5, "bảy": 6}
QUARTER_POSITION = {"đầu": 1, "giữa": 2, "cuối": 3}
REPORT_FREQ = {"tháng": "monthly", "quý": "quarterly", "năm": "yearly"}


def _number(word: str) -> int:
    word = " ".join(word.lower().split())
    return int(word) if word.isdigit() else _NUMBER_WORDS[word]


def frequency_interval(m: re.Match[str]) -> tuple[str, int] | None:
    """(freq, interval) of a FREQ match: "hằng quý" → (quarterly, 1), "2 tháng/lần" → (monthly, 2), "24 tháng/lần" →
    (yearly, 2), "01 lần/ngày" → (daily, 1); None when it is not one we model ("2 lần/tháng")."""
    unit = m["unit"] or m["unit3"]
    if unit:
        return _UNIT_FREQ[unit.lower()], 1
    if m["times"]:
        per = _number(m["times"])
        tunit = m["tunit"].lower()
        if per == 0:
            return None
        if per == 1:
            return _UNIT_FREQ[tunit], 1
        if tunit != "năm" or 12 % per:
            return None
        months = 12 // per
        return (_MONTHS_FREQ[months], 1) if months in _MONTHS_FREQ else ("monthly", months)
    count = _number(m["n"] or m["n2"])
    unit = (m["nunit"] or m["nunit2"]).lower()
    if count == 0:
        return None
    if unit in ("tuần", "ngày"):
        return _UNIT_FREQ[unit], count
    months = count * _UNIT_MONTHS[unit]
    if months in _MONTHS_FREQ:
        return _MONTHS_FREQ[months], 1
    if months % 12 == 0:
        return "yearly", months // 12
    return "monthly", months


def frequency(m: re.Match[str]) -> str | None:
    """The frequency a FREQ match stands for when it repeats every single period, else None (2 tháng/lần)."""
    found = frequency_interval(m)
    return found[0] if found and found[1] == 1 else None


def weekday(m: re.Match[str]) -> int:
    """ISO weekday (1 = Monday) of a WEEKDAY match; "thứ 2" is Monday."""
    if m["sun"]:
        return 7
    word = m["wd"].lower()
    return int(word) - 1 if word.isdigit() else _WEEKDAYS[word]
