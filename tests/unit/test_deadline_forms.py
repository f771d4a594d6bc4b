"""Every deadline form real directives use: bound days, effective dates, ranges, starts, periods, table cells,
recurring rules, spans relative to an event, and what must not be read as a deadline.

Wording is varied on purpose (verbs, units, word order, "hàng"/"hằng", "chậm nhất"/"muộn nhất"/"trước", typos
such as "kê từ" and "truớc"): each case is one *form*, not one sentence of one document.
"""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from corpus.dates import PartialDate
from corpus.deadlines import Deadline, Recurrence, Relative, extract_deadlines

NOV_20 = PartialDate(2025, 11, 20)  # a Thursday
NOV_2025 = PartialDate(2025, 11)
DEC_05 = PartialDate(2025, 12, 5)  # a Friday
MAR_2024 = PartialDate(2024, 3)


def D(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def T(text: str | None) -> dt.time | None:
    return dt.time.fromisoformat(text) if text else None


def only(text: str, issued: PartialDate | None = NOV_20) -> Deadline:
    found = extract_deadlines(text, issued=issued)
    assert len(found) == 1, [(d.raw, d.qualifier) for d in found]
    return found[0]


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def hhmm(value: dt.time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


# ---------------------------------------------------------------- bound days (never X − 1) and clock times

BOUND_DAYS = [
    # text, issued, date, time, qualifier
    ("Các sở hoàn thành trước ngày 28/11/2025.", NOV_20, "2025-11-28", None, "trước"),
    ("trình Chủ tịch UBND tỉnh phê duyệt chậm nhất ngày 21/11/2025", NOV_20, "2025-11-21", None, "chậm nhất"),
    ("gửi về Sở Tài chính muộn nhất là ngày 05/12/2025", NOV_20, "2025-12-05", None, "muộn nhất"),
    ("báo cáo Thủ tướng Chính phủ trong ngày 20 tháng 11 năm 2025.", NOV_20, "2025-11-20", None, "trong"),
    ("Hạn chót: 10/12/2025", NOV_20, "2025-12-10", None, "hạn"),
    ("Thời hạn hoàn thành: ngày 30/12/2025", NOV_20, "2025-12-30", None, "hạn"),
    ("gửi báo cáo truớc ngày 15/12/2025", NOV_20, "2025-12-15", None, "trước"),  # tone-mark typo
    ("cập nhật hoàn thành trước 10 giờ sáng ngày 08/12/2025", NOV_20, "2025-12-08", "10:00", "trước"),
    ("nộp hồ sơ chậm nhất 17h00 ngày 05/12/2025", NOV_20, "2025-12-05", "17:00", "chậm nhất"),
    ("đăng ký chậm nhất 14h30 ngày 5/12/2025", NOV_20, "2025-12-05", "14:30", "chậm nhất"),
    ("gửi dự thảo trước 16 giờ 30 ngày 10/12/2025", NOV_20, "2025-12-10", "16:30", "trước"),
    ("có mặt trước 10h00' ngày 12/12/2025", NOV_20, "2025-12-12", "10:00", "trước"),
    ("tổng hợp trước 4 giờ chiều ngày 3/12/2025", NOV_20, "2025-12-03", "16:00", "trước"),
    ("gửi báo cáo chậm nhất ngày thứ Sáu, 05/12/2025", NOV_20, "2025-12-05", None, "chậm nhất"),
    ("nộp trước 17h00 thứ Sáu ngày 05/12/2025", NOV_20, "2025-12-05", "17:00", "trước"),
    ("hoàn thành trước ngày 15/3/24", MAR_2024, "2024-03-15", None, "trước"),  # a tight two-digit year
    ("chậm nhất ngày 31-12-25 phải gửi", NOV_20, "2025-12-31", None, "chậm nhất"),
]


@pytest.mark.parametrize(("text", "issued", "date", "time", "qualifier"), BOUND_DAYS, ids=[c[0] for c in BOUND_DAYS])
def test_bound_day_is_the_day_written(text: str, issued: PartialDate, date: str, time: str | None,
                                      qualifier: str) -> None:
    deadline = only(text, issued)
    assert (iso(deadline.date), hhmm(deadline.time), deadline.qualifier, deadline.precision) == (
        date, time, qualifier, "day")


YEARLESS = [
    # text, issued, date: the year comes from the letter (and its month)
    ("gửi báo cáo (trước ngày 11 /12) về Văn phòng", NOV_20, "2025-12-11"),
    ("hoàn thành đến ngày 14 tháng 3", NOV_20, "2026-03-14"),
    ("hoàn thành đến ngày 14 tháng 3", PartialDate(2025, 2, 10), "2025-03-14"),
    ("chậm nhất ngày 10/01 gửi Sở Nội vụ", NOV_20, "2026-01-10"),
    ("trước ngày 25 tháng 12 các xã gửi báo cáo", NOV_2025, "2025-12-25"),
]


@pytest.mark.parametrize(("text", "issued", "date"), YEARLESS, ids=[f"{c[0]}@{c[1]}" for c in YEARLESS])
def test_a_date_without_a_year_takes_the_letters_year(text: str, issued: PartialDate, date: str) -> None:
    assert iso(only(text, issued).date) == date


# ---------------------------------------------------------------- effective dates ("hiệu lực")

EFFECTIVE = [
    # text, issued, date, time
    ("Điều 2. Quyết định này có hiệu lực thi hành kể từ ngày ký ban hành.", PartialDate(2025, 11, 25), "2025-11-25",
     None),
    ("Quyết định này có hiệu lực thi hành từ ngày ký ban hành.", PartialDate(2025, 11, 29), "2025-11-29", None),
    ("Quyết định này có hiệu lực từ ngày ký và bãi bỏ Quyết định số 1029/QĐ-UBND", PartialDate(2025, 11, 18),
     "2025-11-18", None),
    ("Quyết định này có hiệu lực thi hành kể từ ngày ký, ban hành.", PartialDate(2025, 11, 21), "2025-11-21", None),
    ("Nghị quyết này áp dụng trong năm 2026 và có hiệu lực kể từ ngày ký ban hành.", PartialDate(2025, 11, 27),
     "2025-11-27", None),
    ("Quyết định có hiệu lực kể từ ngày ký.", PartialDate(2025, 11, 19), "2025-11-19", None),
    ("1. Quyết định này có hiệu lực thi hành từ ngày 10 tháng 12 năm 2025.", NOV_20, "2025-12-10", None),
    ("Quyết định này có hiệu lực kể từ ngày 28 tháng 11 năm 2025.", NOV_20, "2025-11-28", None),
    ("các cơ quan chịu trách nhiệm thi hành Quyết định này kể từ ngày 01 tháng 5 năm 2026./.", NOV_20,
     "2026-05-01", None),
    ("Thông tư này được áp dụng từ ngày 01/01/2026.", NOV_20, "2026-01-01", None),
    ("Quy chế này có hiệu lực từ 0 giờ ngày 01/7/2025", NOV_20, "2025-07-01", "00:00"),
    ("Quyết định này có hiệu lực thi hành sau 10 ngày kể từ ngày ký.", PartialDate(2025, 11, 5), "2025-11-15", None),
    ("Luật được thông qua ngày 26 tháng 6 năm 2025, có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.", NOV_20,
     "2026-01-01", None),
]


@pytest.mark.parametrize(("text", "issued", "date", "time"), EFFECTIVE, ids=[c[0] for c in EFFECTIVE])
def test_effective_date(text: str, issued: PartialDate, date: str, time: str | None) -> None:
    deadline = only(text, issued)
    assert (iso(deadline.date), hhmm(deadline.time), deadline.qualifier) == (date, time, "hiệu lực")
    assert deadline.start_date == deadline.date


def test_signing_date_without_a_known_day_gives_nothing() -> None:
    assert extract_deadlines("Quyết định này có hiệu lực thi hành kể từ ngày ký.", issued=NOV_2025) == []
    assert extract_deadlines("Quyết định này có hiệu lực thi hành kể từ ngày ký.", issued=None) == []


# ---------------------------------------------------------------- ranges: due on the end, the start kept

RANGES = [
    # text, issued, date, time, start_date, start_time
    ("Cục Thuế nâng cấp hệ thống TMS từ 18h00 tối Thứ Bảy ngày 22/11/2025 đến 03h00 sáng Chủ Nhật ngày 23/11/2025.",
     NOV_20, "2025-11-23", "03:00", "2025-11-22", "18:00"),
    ("Thời hạn hoàn thành: Từ ngày 01/01/2026 đến ngày 31/3/2026.", NOV_20, "2026-03-31", None, "2026-01-01", None),
    ("gửi báo cáo về Sở Nội vụ từ ngày 10 đến ngày 15 tháng 12;", NOV_20, "2025-12-15", None, "2025-12-10", None),
    ("tổ chức kiểm tra từ ngày 16 đến ngày 31 tháng 12", NOV_2025, "2025-12-31", None, "2025-12-16", None),
    ("lấy ý kiến từ ngày 10 - 15/12/2025", NOV_20, "2025-12-15", None, "2025-12-10", None),
    ("tập huấn từ ngày 28/11 - 05/12/2025", NOV_20, "2025-12-05", None, "2025-11-28", None),
    ("tạm dừng tiếp nhận từ ngày 25/12/2025 đến hết ngày 05/01/2026", NOV_20, "2026-01-05", None, "2025-12-25", None),
    ("bảo trì hệ thống từ 8h00 đến 11h30 ngày 5/12/2025", NOV_20, "2025-12-05", "11:30", "2025-12-05", "08:00"),
    ("diễn tập từ 14h00 ngày 04/12/2025 đến 17h00 ngày 05/12/2025", NOV_20, "2025-12-05", "17:00", "2025-12-04",
     "14:00"),
    ("Thời gian tổ chức: từ ngày 15/12/2025 – 20/12/2025", NOV_20, "2025-12-20", None, "2025-12-15", None),
    ("Thời gian thực hiện: từ ngày 01/3/2024 đến ngày 31/3/2024", None, "2024-03-31", None, "2024-03-01", None),
]


@pytest.mark.parametrize(("text", "issued", "date", "time", "start_date", "start_time"), RANGES,
                         ids=[c[0] for c in RANGES])
def test_range_is_due_on_its_end(text: str, issued: PartialDate | None, date: str, time: str | None,
                                 start_date: str, start_time: str | None) -> None:
    deadline = only(text, issued)
    assert (iso(deadline.date), hhmm(deadline.time), deadline.qualifier, deadline.precision) == (
        date, time, "đến", "day")
    assert (iso(deadline.start_date), hhmm(deadline.start_time)) == (start_date, start_time)


STARTS = [
    # text, date, precision, label
    ("Hệ thống chính thức vận hành bắt đầu từ ngày 01/12/2025.", "2025-12-01", "day", None),
    ("Kể từ ngày 01/01/2026, các cơ quan không tiếp nhận hồ sơ giấy.", "2026-01-01", "day", None),
    ("Mức thu từ ngày 01/01/2027 trở đi: 60.000 đồng/bộ.", "2027-01-01", "day", None),
    ("Thời gian thực hiện: Từ tháng 11/2025 đến khi kết thúc Tổng kiểm kê.", "2025-11-30", "month", "từ tháng 11/2025"),
    ("Áp dụng thí điểm bắt đầu từ quý I/2026", "2026-03-31", "month", "từ quý I/2026"),
]


@pytest.mark.parametrize(("text", "date", "precision", "label"), STARTS, ids=[c[0] for c in STARTS])
def test_start(text: str, date: str, precision: str, label: str | None) -> None:
    deadline = only(text)
    assert (iso(deadline.date), deadline.qualifier, deadline.precision, deadline.label) == (
        date, "từ", precision, label)
    assert deadline.start_date is not None and deadline.start_date <= deadline.date


# ---------------------------------------------------------------- month, quarter and year items: never a day

PERIODS = [
    # text, issued, [(date, qualifier, label), ...]
    ("hoàn thành trong tháng 11 năm 2025", NOV_20, [("2025-11-30", "trong tháng", "tháng 11/2025")]),
    ("khởi công dự án trong Quý III/2025", NOV_20, [("2025-09-30", "trong quý", "quý III/2025")]),
    ("hoàn thành trước tháng 5/2024", MAR_2024, [("2024-05-31", "trước", "trước tháng 5/2024")]),
    ("ban hành kế hoạch trước quý III năm 2026", NOV_20, [("2026-09-30", "trước", "trước quý III/2026")]),
    ("Thời gian thực hiện: từ tháng 3 đến tháng 5/2024", MAR_2024,
     [("2024-05-31", "đến", "từ tháng 3 đến tháng 5/2024")]),
    ("triển khai từ tháng 11/2025 đến tháng 02/2026", NOV_20,
     [("2026-02-28", "đến", "từ tháng 11/2025 đến tháng 2/2026")]),
    ("hoàn thành trong quý I và quý II năm 2026", NOV_20,
     [("2026-03-31", "trong quý", "quý I/2026"), ("2026-06-30", "trong quý", "quý II/2026")]),
    ("thực hiện xong trong quý III, IV/2025", NOV_20,
     [("2025-09-30", "trong quý", "quý III/2025"), ("2025-12-31", "trong quý", "quý IV/2025")]),
    ("hoàn thành trong tháng 11 và tháng 12/2025", NOV_20,
     [("2025-11-30", "trong tháng", "tháng 11/2025"), ("2025-12-31", "trong tháng", "tháng 12/2025")]),
    ("hoàn thành trong 6 tháng cuối năm 2025", NOV_20, [("2025-12-31", "trong 6 tháng", "6 tháng cuối năm 2025")]),
    ("chậm nhất trong tháng 01/2026 phải hoàn thành", NOV_20, [("2026-01-31", "chậm nhất", "tháng 1/2026")]),
    ("hoàn thành trong Quý I", NOV_20, [("2026-03-31", "trong quý", "quý I/2026")]),
    ("Lộ trình thực hiện: Năm 2025 - 2026.", NOV_20, [("2026-12-31", "đến", "năm 2025 - 2026")]),
    ("Thời gian thực hiện: Giai đoạn 2026-2030", NOV_20, [("2030-12-31", "đến", "năm 2026 - 2030")]),
    ("Tiến độ: hoàn thành trong năm 2026", NOV_20, [("2026-12-31", "trong năm", "năm 2026")]),
]


@pytest.mark.parametrize(("text", "issued", "expected"), PERIODS, ids=[c[0] for c in PERIODS])
def test_period_has_a_label_and_no_invented_day(text: str, issued: PartialDate, expected: list) -> None:
    found = extract_deadlines(text, issued=issued)
    assert [(iso(d.date), d.qualifier, d.label) for d in found] == [tuple(e) for e in expected]
    assert all(d.precision == "month" and d.time is None for d in found)


# ---------------------------------------------------------------- table cells, passed as "Thời hạn: <cell>"

CELLS = [
    # cell, date, precision, label, recurring freq
    ("Tháng 12/2025", "2025-12-31", "month", "tháng 12/2025", None),
    ("Quý I/2026", "2026-03-31", "month", "quý I/2026", None),
    ("Quý IV/2025", "2025-12-31", "month", "quý IV/2025", None),
    ("Năm 2026", "2026-12-31", "month", "năm 2026", None),
    ("2026", "2026-12-31", "month", "năm 2026", None),
    ("Năm 2025 - 2026", "2026-12-31", "month", "năm 2025 - 2026", None),
    ("Tháng 11 - 12/2025", "2025-12-31", "month", "từ tháng 11 đến tháng 12/2025", None),
    ("Quý IV/2025 - Quý I/2026", "2026-03-31", "month", "từ quý IV/2025 đến quý I/2026", None),
    ("Trước ngày 15/11/2025", "2025-11-15", "day", None, None),
    ("30/11/2025", "2025-11-30", "day", None, None),
    ("Hằng năm", "2025-12-31", "month", "hằng năm", "yearly"),
    ("Hằng quý", "2025-12-31", "month", "hằng quý", "quarterly"),
    ("6 tháng/lần", "2025-12-31", "month", "6 tháng/lần", "half_yearly"),
]


@pytest.mark.parametrize(("cell", "date", "precision", "label", "freq"), CELLS, ids=[c[0] for c in CELLS])
def test_table_cell(cell: str, date: str, precision: str, label: str | None, freq: str | None) -> None:
    deadline = only(f"Thời hạn: {cell}")
    assert (iso(deadline.date), deadline.precision, deadline.label) == (date, precision, label)
    assert (deadline.recurrence.freq if deadline.recurrence else None) == freq


@pytest.mark.parametrize("cell", ["Thường xuyên", "Nhiệm vụ thường xuyên", "Theo yêu cầu", "Thường xuyên, hằng năm"])
def test_table_cell_without_a_deadline(cell: str) -> None:
    assert extract_deadlines(f"Thời hạn: {cell}", issued=NOV_20) == []


# ---------------------------------------------------------------- recurring rules, resolved against "today"

RECURRING = [
    # text, today, next occurrence, freq, interval, precision, time
    ("VPCP tổng hợp, báo cáo Thủ tướng Chính phủ trước ngày 20 hằng tháng.", "2025-12-03", "2025-12-20", "monthly", 1,
     "day", None),
    ("các xã gửi báo cáo trước ngày 20 hàng tháng", "2025-12-21", "2026-01-20", "monthly", 1, "day", None),
    ("Định kǶ gửi báo cáo kết quả thực hiện trước ngày 15/11 hằng năm", "2026-10-20", "2026-11-15", "yearly", 1,
     "day", None),
    ("gửi Sở Tài chính trước ngày 25 tháng 01 hàng năm hoặc theo yêu cầu", "2026-01-10", "2026-01-25", "yearly", 1,
     "day", None),
    ("Định kỳ báo cáo UBND tỉnh kết quả thực hiện Kế hoạch hằng năm (trước ngày 15 tháng 11) hoặc theo đề nghị",
     "2026-11-02", "2026-11-15", "yearly", 1, "day", None),
    ("Hàng năm, các cơ quan, đơn vị gửi báo cáo tình hình quản lý, sử dụng hệ thống thư điện tử công vụ (trước ngày "
     "11 /12) về Văn phòng", "2026-11-20", "2026-12-11", "yearly", 1, "day", None),
    ("gửi báo cáo giá thị trường trước ngày 01 của tháng tiếp theo sau tháng kỳ báo cáo đối với báo cáo tháng",
     "2026-03-15", "2026-04-01", "monthly", 1, "day", None),
    ("trước ngày 03 của tháng tiếp theo sau tháng cuối cùng của kỳ báo cáo đối với báo cáo quý", "2026-02-10",
     "2026-04-03", "quarterly", 1, "day", None),
    ("gửi báo cáo chậm nhất là ngày 20 của tháng cuối kỳ báo cáo", "2026-04-01", "2026-06-20", "quarterly", 1, "day",
     None),
    ("Chậm nhất ngày 15 (mười lăm) của tháng báo cáo đối với báo cáo định kỳ hằng tháng;", "2026-02-16",
     "2026-03-15", "monthly", 1, "day", None),
    ("Chậm nhất ngày 25 (hai mươi lăm) tháng 11 (mười một) đối với báo cáo định kỳ hằng năm.", "2026-01-05",
     "2026-11-25", "yearly", 1, "day", None),
    ("Báo cáo cả năm gửi trước ngày 10/01 của năm liền kề năm báo cáo.", "2026-01-11", "2027-01-10", "yearly", 1,
     "day", None),
    ("Chậm nhất là ngày 20 tháng 7 hằng năm, Bộ Nội vụ trình Thủ tướng Chính phủ", "2025-07-21", "2026-07-20",
     "yearly", 1, "day", None),
    ("e) Định kỳ hàng quý báo cáo đánh giá kết quả hoạt động của hệ thống", "2026-02-10", "2026-03-31", "quarterly",
     1, "month", None),
    ("báo cáo định kỳ 06 tháng/lần hoặc đột xuất tình hình hoạt động", "2026-07-01", "2026-12-31", "half_yearly", 1,
     "month", None),
    ("2. Định kỳ 06 (sáu) tháng hoặc đột xuất, Văn phòng UBND tỉnh báo cáo", "2026-01-15", "2026-06-30",
     "half_yearly", 1, "month", None),
    ("thay đổi mật khẩu tối thiểu 03 tháng/lần", "2026-04-01", "2026-06-30", "quarterly", 1, "month", None),
    ("tổ chức diễn tập tối thiểu một lần/năm", "2026-02-01", "2026-12-31", "yearly", 1, "month", None),
    ("sao lưu định kỳ (01 lần/ngày), đột xuất theo yêu cầu", "2026-02-01", "2026-02-01", "daily", 1, "day", None),
    ("sao lưu dữ liệu định kỳ tối thiểu 01 tuần/lần", "2025-12-03", "2025-12-07", "weekly", 1, "day", None),
    ("rà soát danh mục 2 tháng/lần", "2026-03-10", "2026-04-30", "monthly", 2, "month", None),
    ("kiểm tra đột xuất 04 tháng/lần", "2026-05-02", "2026-08-31", "monthly", 4, "month", None),
    ("đánh giá lại 24 tháng/lần", "2026-03-01", "2027-12-31", "yearly", 2, "month", None),
    ("tổ chức hội nghị định kỳ 02 năm một lần", "2025-12-01", "2025-12-31", "yearly", 2, "month", None),
    ("báo cáo về UBND tỉnh (qua Văn phòng UBND tỉnh) trước 15 giờ 00 thứ Sáu hằng tuần", "2025-12-03", "2025-12-05",
     "weekly", 1, "day", "15:00"),
    ("gửi số liệu trước 16h00 ngày 05 hằng tháng", "2025-12-06", "2026-01-05", "monthly", 1, "day", "16:00"),
    ("hoàn thành trong tháng 12 hằng năm", "2026-01-10", "2026-12-31", "yearly", 1, "month", None),
]


@pytest.mark.parametrize(("text", "today", "due", "freq", "interval", "precision", "time"), RECURRING,
                         ids=[c[0] for c in RECURRING])
def test_recurring_rule_next_occurrence(text: str, today: str, due: str, freq: str, interval: int, precision: str,
                                        time: str | None) -> None:
    deadline = only(text)
    rule = deadline.recurrence
    assert rule is not None
    assert (rule.freq, rule.interval, deadline.precision, hhmm(deadline.time)) == (freq, interval, precision, time)
    assert rule.first_on_or_after(D(today)) == D(due)
    assert deadline.label


def test_two_days_a_year_are_one_rule_and_the_nearer_comes_first() -> None:
    deadline = only("định kỳ trước ngày 01/6 và 15/11 hằng năm (hoặc đột xuất khi có yêu cầu) báo cáo kết quả")
    rule = deadline.recurrence
    assert (rule.freq, rule.day, rule.month, rule.days) == ("yearly", 1, 6, ((6, 1), (11, 15)))
    assert rule.first_on_or_after(D("2026-05-20")) == D("2026-06-01")
    assert rule.first_on_or_after(D("2026-09-10")) == D("2026-11-15")
    assert rule.first_on_or_after(D("2026-11-16")) == D("2027-06-01")
    assert deadline.label == "trước ngày 01/6 và 15/11 hằng năm"
    assert rule.to_json() == {"freq": "yearly", "day": 1, "month": 6, "days": [[6, 1], [11, 15]]}


def test_two_days_written_in_words() -> None:
    rule = only("gửi báo cáo trước ngày 15 tháng 6 và ngày 15 tháng 12 hàng năm").recurrence
    assert rule.days == ((6, 15), (12, 15))
    assert rule.first_on_or_after(D("2026-06-16")) == D("2026-12-15")


RECURRING_RANGES = [
    # text, today, due, start of that occurrence, freq
    ("Sở Nội vụ tổng hợp từ ngày 16 đến ngày 31 tháng 12 hằng năm;", "2026-12-01", "2026-12-31", "2026-12-16",
     "yearly"),
    ("a) Hằng năm, các cơ quan xây dựng báo cáo và gửi về Sở Nội vụ từ ngày 10 đến ngày 15 tháng 12;", "2026-12-01",
     "2026-12-15", "2026-12-10", "yearly"),
    ("Định kỳ từ ngày 1 đến ngày 5 hằng tháng, các đơn vị cập nhật kết quả", "2026-02-06", "2026-03-05",
     "2026-03-01", "monthly"),
]


@pytest.mark.parametrize(("text", "today", "due", "start", "freq"), RECURRING_RANGES,
                         ids=[c[0] for c in RECURRING_RANGES])
def test_recurring_range_is_due_on_its_end(text: str, today: str, due: str, start: str, freq: str) -> None:
    deadline = only(text, issued=PartialDate(2026, 1, 1))
    assert deadline.recurrence is not None and deadline.recurrence.freq == freq
    assert deadline.recurrence.first_on_or_after(D(today)) == D(due)
    assert deadline.qualifier == "đến"
    occurrence = deadline.recurrence.first_on_or_after(D(today))
    begin = deadline.start_date
    assert begin is not None and begin.day == D(start).day and (freq == "monthly" or begin.month == D(start).month)
    assert occurrence - D(start) == D(due) - D(start)


def test_a_dayless_rule_stays_dayless() -> None:
    deadline = only("tổ chức đối thoại ít nhất 6 tháng/lần", issued=PartialDate(2024))
    assert (deadline.precision, deadline.label, deadline.recurrence.day) == ("month", "6 tháng/lần", None)


def test_recurrence_json_round_trip() -> None:
    for text in ("rà soát danh mục 2 tháng/lần", "định kỳ trước ngày 01/6 và 15/11 hằng năm",
                 "trước ngày 20 hằng tháng"):
        rule = only(text).recurrence
        back = Recurrence.from_json(rule.to_json(), raw=rule.raw)
        assert back == rule


# ---------------------------------------------------------------- spans relative to an event

RELATIVE = [
    # text, count, unit, sign, anchor starts with, anchor day, anchor time, due day, due time
    ("cấp tài khoản thư điện tử trong thời gian 03 ngày làm việc khi nhận được văn bản đề nghị của cơ quan, đơn vị",
     3, "ngày làm việc", 1, "khi nhận được văn bản đề nghị", "2025-12-05", None, "2025-12-10", None),
    ("giao cho đơn vị xử lý không quá 01 ngày làm việc kể từ khi ý kiến được gửi đến trên Hệ thống.",
     1, "ngày làm việc", 1, "khi ý kiến được gửi đến", "2025-11-26", None, "2025-11-27", None),
    ("1. Chậm nhất trong 20 ngày làm việc, kể từ ngày nhận được kiến nghị, các cơ quan phải trả lời",
     20, "ngày làm việc", 1, "ngày nhận được kiến nghị", "2025-12-01", None, "2025-12-29", None),
    ("1. Chậm nhất là 30 ngày, trước ngày khai mạc kỳ họp thường lệ của HĐND tỉnh, các sở có báo cáo",
     30, "ngày", -1, "ngày khai mạc kỳ họp", "2025-12-10", None, "2025-11-10", None),
    ("gửi hồ sơ đến Văn phòng đăng ký đất đai trong thời gian không quá 02 ngày làm việc kể từ khi hoàn thành thủ tục "
     "hành chính để cập nhật", 2, "ngày làm việc", 1, "khi hoàn thành thủ tục hành chính", "2025-12-04", None,
     "2025-12-08", None),
    ("thiết lập quy trình điện tử trong thời hạn 03 ngày kể từ ngày Quyết định có hiệu lực thi hành.",
     3, "ngày", 1, "ngày Quyết định có hiệu lực", "2025-11-16", None, "2025-11-19", None),
    ("giao cho đơn vị giải quyết trong vòng 01 ngày làm việc kể từ ngày nhận.",
     1, "ngày làm việc", 1, "ngày nhận", "2025-12-05", None, "2025-12-08", None),
    ("trả lời cử tri chậm nhất là 30 ngày làm việc, kê từ ngày nhận được kiến nghị.",  # "kê" typo
     30, "ngày làm việc", 1, "ngày nhận được kiến nghị", "2025-12-01", None, "2026-01-13", None),  # 01/01 off
    ("Thời hạn giải quyết: Trong 15 (mười lăm) ngày, kể từ ngày nhận đủ hồ sơ hợp lệ.",
     15, "ngày", 1, "ngày nhận đủ hồ sơ hợp lệ", "2025-12-01", None, "2025-12-16", None),
    ("Trong thời hạn 02 ngày làm việc (cắt giảm 01/03 ngày làm việc, tỷ lệ 33,33%) kể từ ngày nhận đủ hồ sơ hợp lệ",
     2, "ngày làm việc", 1, "ngày nhận đủ hồ sơ", "2025-12-05", None, "2025-12-09", None),
    ("Thời gian gửi báo cáo chậm nhất là 45 ngày kể từ ngày kết thúc 6 tháng đầu năm tài chính.",
     45, "ngày", 1, "ngày kết thúc 6 tháng đầu năm", "2025-06-30", None, "2025-08-14", None),
    ("Sau tối đa 05 ngày kể từ khi văn bản về giá được ban hành, các cơ quan cập nhật",
     5, "ngày", 1, "khi văn bản về giá được ban hành", "2025-12-01", None, "2025-12-06", None),
    ("cơ quan giải quyết hồ sơ phải thông báo trong thời gian chậm nhất 01 ngày trước ngày hết hạn",
     1, "ngày", -1, "ngày hết hạn", "2025-12-10", None, "2025-12-09", None),
    ("đăng ký trên Hệ thống trong thời hạn tối thiểu 15 ngày trước ngày chứng chỉ hết hiệu lực",
     15, "ngày", -1, "ngày chứng chỉ hết hiệu lực", "2026-01-15", None, "2025-12-31", None),
    ("gửi giấy mời trước ít nhất 05 ngày làm việc so với ngày tổ chức hội nghị",
     5, "ngày làm việc", -1, "ngày tổ chức hội nghị", "2025-12-12", None, "2025-12-05", None),
    ("Chậm nhất 03 ngày trước khi tổ chức hội nghị, gửi tài liệu cho đại biểu",
     3, "ngày", -1, "khi tổ chức hội nghị", "2025-12-12", None, "2025-12-09", None),
    ("Trong thời hạn 6 giờ làm việc kể từ khi Tổ chức cấp C/O nhận được hồ sơ đầy đủ",
     6, "giờ làm việc", 1, "khi Tổ chức cấp C/O", "2025-12-05", "15:00", "2025-12-08", "12:00"),
    ("hỗ trợ kỹ thuật không quá 24h00 kể từ khi nhận được thông báo của cơ quan, đơn vị;",
     24, "giờ", 1, "khi nhận được thông báo", "2025-12-05", "09:30", "2025-12-06", "09:30"),
    ("hoàn thiện hồ sơ trong 02 tháng kể từ ngày có kết luận kiểm tra",
     2, "tháng", 1, "ngày có kết luận kiểm tra", "2025-12-31", None, "2026-02-28", None),
    ("| 168 giờ (tương đương 21 ngày) kể từ ngày nhận đủ hồ sơ theo quy định |",
     168, "giờ", 1, "ngày nhận đủ hồ sơ", "2025-12-01", "08:00", "2025-12-08", "08:00"),
    ("Mười (10) ngày làm việc kể từ ngày nhận được hồ sơ hợp lệ.",
     10, "ngày làm việc", 1, "ngày nhận được hồ sơ hợp lệ", "2025-12-01", None, "2025-12-15", None),
]


@pytest.mark.parametrize(("text", "count", "unit", "sign", "anchor", "anchor_day", "anchor_time", "due", "time"),
                         RELATIVE, ids=[c[0][:70] for c in RELATIVE])
def test_relative_span(text: str, count: int, unit: str, sign: int, anchor: str, anchor_day: str,
                       anchor_time: str | None, due: str, time: str | None) -> None:
    deadline = only(text, issued=NOV_2025)
    rel = deadline.relative
    assert rel is not None
    assert (rel.count, rel.unit, rel.sign) == (count, unit, sign)
    assert rel.anchor.startswith(anchor)
    assert deadline.date is None
    assert rel.resolve(D(anchor_day), T(anchor_time)) == (D(due), T(time))


NEXT_WORKING_DAY = [
    # text, event, after, time, anchor day, anchor time, due day, due time
    ("Trường hợp công chứng, chứng thực sau 16 giờ thì việc cập nhật thông tin phải hoàn thành trước 10 giờ sáng ngày "
     "làm việc tiếp theo.", "công chứng, chứng thực", "16:00", "10:00", "2025-12-05", "16:30", "2025-12-08", "10:00"),
    ("Trong trường hợp văn bản được gửi về sau 16 giờ thì việc cập nhật phải hoàn thành trước 10 giờ sáng ngày làm "
     "việc tiếp theo.", "văn bản được gửi về", "16:00", "10:00", "2025-12-03", "17:00", "2025-12-04", "10:00"),
    ("Thời hạn chứng thực là ngay trong ngày tiếp nhận yêu cầu hoặc trong ngày làm việc tiếp theo nếu tiếp nhận yêu "
     "cầu sau 15 giờ.", "tiếp nhận yêu cầu", "15:00", None, "2025-12-05", "15:30", "2025-12-08", None),
    ("nếu nhận hồ sơ sau 15h30 thì trả kết quả chậm nhất 9 giờ sáng ngày làm việc kế tiếp", "nhận hồ sơ", "15:30",
     "09:00", "2025-12-04", "16:00", "2025-12-05", "09:00"),
    ("nếu tiếp nhận sau 15 giờ thì trả kết quả vào ngày làm việc tiếp theo", "tiếp nhận", "15:00", None,
     "2025-12-05", "15:10", "2025-12-08", None),
]


@pytest.mark.parametrize(("text", "event", "after", "time", "anchor_day", "anchor_time", "due", "due_time"),
                         NEXT_WORKING_DAY, ids=[c[0][:70] for c in NEXT_WORKING_DAY])
def test_next_working_day_after_an_hour(text: str, event: str, after: str, time: str | None, anchor_day: str,
                                        anchor_time: str, due: str, due_time: str | None) -> None:
    deadline = only(text)
    rel = deadline.relative
    assert (rel.count, rel.unit, rel.sign, rel.anchor, hhmm(rel.after_time), hhmm(rel.time)) == (
        1, "ngày làm việc", 1, event, after, time)
    assert hhmm(deadline.time) == time
    assert rel.resolve(D(anchor_day), T(anchor_time)) == (D(due), T(due_time))


def test_a_condition_that_does_not_hold_keeps_the_same_day() -> None:
    rel = only("hoặc trong ngày làm việc tiếp theo nếu tiếp nhận yêu cầu sau 15 giờ.").relative
    assert rel.resolve(D("2025-12-05"), T("14:00")) == (D("2025-12-05"), None)


RESOLVED_FROM_THE_LETTER = [
    # text, issued, date
    ("hoàn thành trong 05 ngày làm việc kể từ ngày ký", DEC_05, "2025-12-12"),
    ("báo cáo chậm nhất 10 ngày kể từ ngày ban hành Kế hoạch này", DEC_05, "2025-12-15"),
    ("khắc phục ngay, hoàn thành trong 03 ngày làm việc kể từ ngày nhận được Công điện này", DEC_05, "2025-12-10"),
    ("gửi báo cáo trong thời hạn 05 ngày làm việc, kể từ ngày nhận được văn bản.", DEC_05, "2025-12-12"),
    ("trong 10 ngày kể từ ngày 01/12/2025", None, "2025-12-11"),
    ("Quyết định này có hiệu lực từ ngày 01/12/2025. Trong thời hạn 05 ngày làm việc kể từ ngày Quyết định này có "
     "hiệu lực, các sở công bố thủ tục.", NOV_20, "2025-12-08"),
]


@pytest.mark.parametrize(("text", "issued", "date"), RESOLVED_FROM_THE_LETTER,
                         ids=[c[0][:70] for c in RESOLVED_FROM_THE_LETTER])
def test_relative_span_resolved_from_the_letter(text: str, issued: PartialDate | None, date: str) -> None:
    spans = [d for d in extract_deadlines(text, issued=issued) if d.relative is not None]
    assert len(spans) == 1
    assert iso(spans[0].date) == date


def test_anchor_that_is_another_document_is_not_the_letter() -> None:
    deadline = only("trong 03 ngày làm việc kể từ ngày nhận được văn bản đề nghị của Sở", issued=DEC_05)
    assert deadline.date is None and deadline.working_days == 3


# the examples of the brief, on Relative itself
@pytest.mark.parametrize(("rel", "anchor", "at", "due", "time"), [
    (Relative(3, "ngày làm việc", 1, "ngày nhận được văn bản đề nghị"), "2025-12-05", None, "2025-12-10", None),
    (Relative(1, "ngày làm việc", 1, "khi ý kiến được gửi đến"), "2025-11-26", None, "2025-11-27", None),
    (Relative(20, "ngày làm việc", 1, "ngày nhận được kiến nghị"), "2025-12-01", None, "2025-12-29", None),
    (Relative(30, "ngày", -1, "ngày khai mạc kỳ họp"), "2025-12-10", None, "2025-11-10", None),
    (Relative(1, "ngày làm việc", 1, "công chứng", dt.time(10), dt.time(16)), "2025-12-05", "16:30", "2025-12-08",
     "10:00"),
    (Relative(2, "ngày làm việc", 1, "khi hoàn thành thủ tục"), "2025-12-04", None, "2025-12-08", None),
    (Relative(3, "ngày", 1, "ngày Quyết định có hiệu lực"), "2025-11-16", None, "2025-11-19", None),
    (Relative(2, "ngày làm việc", -1, "ngày họp"), "2025-12-08", None, "2025-12-04", None),
    (Relative(2, "tuần", 1, "ngày họp"), "2025-12-08", None, "2025-12-22", None),
])
def test_relative_resolve(rel: Relative, anchor: str, at: str | None, due: str, time: str | None) -> None:
    assert rel.resolve(D(anchor), T(at)) == (D(due), T(time))


def test_relative_offset_and_json() -> None:
    rel = Relative(30, "ngày", -1, "ngày khai mạc kỳ họp")
    assert rel.offset == "-30 ngày"
    assert Relative(3, "ngày làm việc", 1, "").offset == "+3 ngày làm việc"
    assert rel.to_json() == {"count": 30, "unit": "ngày", "sign": -1, "anchor": "ngày khai mạc kỳ họp",
                             "offset": "-30 ngày", "time": None, "after_time": None}


def test_full_json_carries_the_new_fields_and_plain_json_keeps_its_five_keys() -> None:
    deadline = only("từ 18h00 tối Thứ Bảy ngày 22/11/2025 đến 03h00 sáng Chủ Nhật ngày 23/11/2025")
    assert set(deadline.to_json()) == {"date", "time", "qualifier", "precision", "recurrence"}
    assert deadline.to_json(full=True) == {
        "date": "2025-11-23", "time": "03:00", "qualifier": "đến", "precision": "day", "recurrence": None,
        "start_date": "2025-11-22", "start_time": "18:00", "relative": None, "label": None,
    }


# ---------------------------------------------------------------- several deadlines in one sentence

def test_one_off_day_and_monthly_rule_in_one_sentence() -> None:
    found = extract_deadlines("báo cáo Thủ tướng Chính phủ trước ngày 20 tháng 11 năm 2025 và hàng tháng;",
                              issued=PartialDate(2025, 11, 10))
    assert [(iso(d.date), d.qualifier, d.recurrence.freq if d.recurrence else None) for d in found] == [
        ("2025-11-20", "trước", None), ("2025-11-30", "định kỳ", "monthly")]


def test_monthly_and_quarterly_report_days_in_one_sentence() -> None:
    found = extract_deadlines(
        "gửi báo cáo về Sở Tài chính trước ngày 01 của tháng tiếp theo sau tháng kỳ báo cáo đối với báo cáo tháng "
        "và trước ngày 03 của tháng tiếp theo sau tháng cuối cùng của kỳ báo cáo đối với báo cáo quý", issued=NOV_20)
    assert [(d.recurrence.freq, d.recurrence.day, d.recurrence.month) for d in found] == [
        ("monthly", 1, None), ("quarterly", 3, 1)]


def test_effective_date_and_duty_in_one_article() -> None:
    found = extract_deadlines("Quyết định này có hiệu lực thi hành kể từ ngày ký. Hoàn thành trước ngày 28/11/2025.",
                              issued=PartialDate(2025, 11, 20))
    assert [(iso(d.date), d.qualifier) for d in found] == [("2025-11-20", "hiệu lực"), ("2025-11-28", "trước")]


# ---------------------------------------------------------------- what is not a deadline

NEGATIVES = [
    "Thực hiện Kế hoạch số 11/KH-UBND ngày 15/01/2024 của UBND tỉnh",
    "UBND tỉnh đã ban hành ngày 15/10/2025 Quyết định số 12/QĐ-UBND",
    "các đơn vị đã hoàn thành trước ngày 15/10/2025",
    "Kế hoạch triển khai giai đoạn 2021-2025",
    "Hà Nội, ngày 20 tháng 11 năm 2025",
    "số liệu tính từ ngày 01/01/2025 đến ngày 30/11/2025",
    "Thời gian chốt số liệu tính từ ngày 10 tháng 12 năm trước đến ngày 10 tháng 12 của kỳ báo cáo.",
    "Từ ngày 08 đến ngày 09 tháng 11 năm 2025 tại Thanh Hóa, Thủ tướng Chính phủ đã đến làm việc với tỉnh.",
    "Các Quyết định sau hết hiệu lực kể từ ngày Quyết định này có hiệu lực:",
    "Kế hoạch có hiệu lực đến ngày 31/12/2025",
    "Tất cả các văn bản còn hiệu lực hoặc trong thời gian hiện hành phải được duy trì trên Hệ thống",
    "đã được chỉ ra tại báo cáo hằng ngày của Cơ quan",
    "Thời gian thực hiện (tính mỗi ngày 08 giờ làm việc)",
    "hệ thống hoạt động ổn định liên tục 24h/24h và 7 ngày/tuần",
    "+ Buổi sáng: Từ 07 giờ 00 phút đến 11 giờ 00 phút.",
    "Niêm yết kết quả giải quyết kiến nghị trong 30 ngày tại trụ sở, kể từ ngày có kết quả giải quyết.",
    "Đăng tải kết quả trên Trang thông tin điện tử của mình trong 07 ngày liên tục;",
    "thời hạn chứng thực được kéo dài thêm không quá 02 (hai) ngày làm việc",
    "Trường hợp trả kết quả trong ngày làm việc tiếp theo thì người tiếp nhận hồ sơ phải có phiếu hẹn",
    "các đơn vị có thời điểm kết thúc năm công tác trước tháng 12 hằng năm thì Thủ trưởng đơn vị quyết định",
    "Hằng năm, các cơ quan xây dựng báo cáo tự chấm điểm",
    "ngày, tháng, năm có hiệu lực của văn bản; lý do ngăn chặn",
    "Thời gian thực hiện: Theo Kế hoạch bồi dưỡng công chức, viên chức hàng năm.",
    "Trong thời gian này, Cục Thuế sẽ tạm dừng ứng dụng",
    "Nghị định số 15/3/24/NĐ-CP",
    "Báo cáo kết quả thực hiện trong tháng 11 - 12/2025",
    "trong giờ làm việc tiếp theo của ca trực",
    "tiếp nhận 2 lần/tháng",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_a_deadline(text: str) -> None:
    assert extract_deadlines(text, issued=NOV_20) == []


# ---------------------------------------------------------------- properties of the new recurrences

@given(st.sampled_from(["yearly", "half_yearly", "quarterly", "monthly", "weekly", "daily"]), st.integers(1, 5),
       st.none() | st.integers(1, 28), st.dates(dt.date(1990, 1, 1), dt.date(2090, 1, 1)))
def test_every_n_periods_is_the_next_occurrence(freq: str, interval: int, day: int | None, after: dt.date) -> None:
    rule = Recurrence(freq, None if freq == "daily" else (min(day, 7) if freq == "weekly" and day else day), None,
                      raw="", interval=interval)
    due = rule.next_after(after)
    assert after < due <= after + dt.timedelta(days=366 * interval + 1)
    assert rule.next_after(due - dt.timedelta(days=1)) == due
    assert rule.next_after(due) > due


@given(st.lists(st.tuples(st.integers(1, 12), st.integers(1, 28)), min_size=2, max_size=4, unique=True),
       st.dates(dt.date(1990, 1, 1), dt.date(2090, 1, 1)))
def test_several_days_a_year_give_the_nearest(pairs: list[tuple[int, int]], after: dt.date) -> None:
    rule = Recurrence("yearly", pairs[0][1], pairs[0][0], raw="", days=tuple(sorted(pairs)))
    singles = [Recurrence("yearly", d, m, raw="").next_after(after) for m, d in pairs]
    assert rule.next_after(after) == min(singles)
