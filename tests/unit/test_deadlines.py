"""Deadlines as the directives write them: what extract_deadlines must find, and what it must not."""
from __future__ import annotations

import datetime as dt
import unicodedata
from itertools import pairwise
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.dates import PartialDate, add_working_days
from corpus.deadlines import Deadline, Recurrence, extract_deadlines

TEXTS = Path(__file__).resolve().parents[2] / "corpus" / "texts"
MAR_2024 = PartialDate(2024, 3)
DEC_2024 = PartialDate(2024, 12)


def only(text: str, issued: PartialDate | None = MAR_2024) -> Deadline:
    found = extract_deadlines(text, issued=issued)
    assert len(found) == 1, [d.raw for d in found]
    return found[0]


def iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


# ---------------------------------------------------------------- one-off due days

DAYS = [
    # text, issued, date, time, qualifier
    ("chậm nhất ngày 31/01/2024", None, "2024-01-31", None, "chậm nhất"),
    ("trước ngày 15/02/2025", None, "2025-02-15", None, "trước"),
    ("trước **ngày 10/01/2025**", None, "2025-01-10", None, "trước"),
    ("chậm nhất **ngày 31/01/2024**", None, "2024-01-31", None, "chậm nhất"),
    ("trước ngày **22/10/2024**", None, "2024-10-22", None, "trước"),
    ("trước ***ngày 22/10/2024***.", None, "2024-10-22", None, "trước"),
    ("gửi về Phòng Nội vụ trước <b>ngày 10/01/2025</b> để tổng hợp", None, "2025-01-10", None, "trước"),
    ("gửi về Phòng Nội vụ trước **ngày 10/01/2025** để tổng hợp", None, "2025-01-10", None, "trước"),
    ("CHẬM NHẤT NGÀY 31/01/2024", None, "2024-01-31", None, "chậm nhất"),
    ("chậm nhất là ngày 05/4/2024", None, "2024-04-05", None, "chậm nhất"),
    ("chậm nhất vào ngày 05/4/2024", None, "2024-04-05", None, "chậm nhất"),
    ("chậm nhất đến hết ngày 05/4/2024", None, "2024-04-05", None, "chậm nhất"),
    ("muộn nhất ngày 05/4/2024", None, "2024-04-05", None, "muộn nhất"),
    ("báo cáo về Sở trước 31/3/2024", None, "2024-03-31", None, "trước"),
    # times: dateparser reads "10 giờ ngày 19/3/2024" as January 10; we must not
    ("chậm nhất 10h00' ngày 19/3/2024", None, "2024-03-19", "10:00", "chậm nhất"),
    ("**chậm nhất 10h00’ ngày 19/3/2024**", None, "2024-03-19", "10:00", "chậm nhất"),
    ("chậm nhất 10 giờ ngày 19/3/2024", None, "2024-03-19", "10:00", "chậm nhất"),
    ("trước 10 giờ 30 ngày 5/6/2024", None, "2024-06-05", "10:30", "trước"),
    ("trước 10 giờ 30 phút ngày 5/6/2024", None, "2024-06-05", "10:30", "trước"),
    ("trước 17h ngày 20/5/2024", None, "2024-05-20", "17:00", "trước"),
    ("chậm nhất 14:30 ngày 5/6/2024", None, "2024-06-05", "14:30", "chậm nhất"),
    ("trước 16h30, ngày 15/3/2024", None, "2024-03-15", "16:30", "trước"),
    ("trước 4 giờ chiều ngày 15/3/2024", None, "2024-03-15", "16:00", "trước"),
    ("chậm nhất ngày 15/3/2024, lúc 9h00", None, "2024-03-15", "09:00", "chậm nhất"),
    # spelled-out and other numeric forms
    ("trước ngày 19 tháng 3 năm 2024", None, "2024-03-19", None, "trước"),
    ("chậm nhất ngày 05 tháng 01 năm 2025", None, "2025-01-05", None, "chậm nhất"),
    ("trước ngày 19-3-2024", None, "2024-03-19", None, "trước"),
    ("trước ngày 19.3.2024", None, "2024-03-19", None, "trước"),
    ("trước ngày 19/03/2024", None, "2024-03-19", None, "trước"),
    # labelled dates and finishing verbs
    ("Thời hạn: ngày 15/3/2024", None, "2024-03-15", None, "hạn"),
    ("Thời hạn nộp báo cáo: 15/3/2024", None, "2024-03-15", None, "hạn"),
    ("Thời gian hoàn thành: 31/3/2024", None, "2024-03-31", None, "hạn"),
    ("hoàn thành trong ngày 20/4/2024", None, "2024-04-20", None, "trong"),
    ("hoàn thành xong vào ngày 20/4/2024", None, "2024-04-20", None, "hạn"),
    ("Các đơn vị hoàn thành và gửi báo cáo đến ngày 30/4/2024", None, "2024-04-30", None, "đến"),
    ("Thời gian thực hiện: từ ngày 01/3/2024 đến ngày 31/3/2024", None, "2024-03-31", None, "đến"),
    # the year comes from the letter when the text leaves it out
    ("trước ngày 15/3", MAR_2024, "2024-03-15", None, "trước"),
    ("trước ngày 10/01", DEC_2024, "2025-01-10", None, "trước"),
    ("trước ngày 10/01", PartialDate(2024), "2024-01-10", None, "trước"),
    ("chậm nhất ngày 15 tháng 4", MAR_2024, "2024-04-15", None, "chậm nhất"),
    ("Các đơn vị đã được giao nhiệm vụ gửi báo cáo trước ngày 15/3/2024", None, "2024-03-15", None, "trước"),
    ("Kế hoạch phải được ban hành trước ngày 15/02/2025", None, "2025-02-15", None, "trước"),
]


@pytest.mark.parametrize(("text", "issued", "date", "time", "qualifier"), DAYS, ids=[c[0] for c in DAYS])
def test_due_day(text: str, issued: PartialDate | None, date: str, time: str | None, qualifier: str) -> None:
    deadline = only(text, issued)
    assert deadline.to_json() == {
        "date": date, "time": time, "qualifier": qualifier, "precision": "day", "recurrence": None,
    }


# ---------------------------------------------------------------- due periods

PERIODS = [
    # text, issued, last day, qualifier
    ("Trong tháng 4 năm 2024", None, "2024-04-30", "trong tháng"),
    ("Thời gian hoàn thành: Trong tháng 4 năm 2024.", None, "2024-04-30", "trong tháng"),
    ("- Thời gian hoàn thành: **Trong tháng 4 năm 2024.**", None, "2024-04-30", "trong tháng"),
    ("hoàn thành trong tháng 02/2024", None, "2024-02-29", "trong tháng"),
    ("trong tháng 4", MAR_2024, "2024-04-30", "trong tháng"),
    ("trong tháng 01", DEC_2024, "2025-01-31", "trong tháng"),
    ("chậm nhất trong tháng 6/2024", None, "2024-06-30", "chậm nhất"),
    ("trong quý II/2024", None, "2024-06-30", "trong quý"),
    ("trong quý II năm 2024", None, "2024-06-30", "trong quý"),
    ("Thời gian thực hiện: quý 3 năm 2024", None, "2024-09-30", "trong quý"),
    ("hoàn thành trong Quý IV", MAR_2024, "2024-12-31", "trong quý"),
    ("hoàn thành trong 6 tháng đầu năm 2024", None, "2024-06-30", "trong 6 tháng"),
    ("trong 6 tháng cuối năm 2024", None, "2024-12-31", "trong 6 tháng"),
    ("Kế hoạch hoàn thành trong quý I/2024 và quý II/2024 triển khai", None, "2024-03-31", "trong quý"),
    ("hoàn thành trong năm 2024", None, "2024-12-31", "trong năm"),
    ("Thời gian thực hiện: năm 2025", None, "2025-12-31", "trong năm"),
]


@pytest.mark.parametrize(("text", "issued", "date", "qualifier"), PERIODS, ids=[c[0] for c in PERIODS])
def test_due_period_is_its_last_day(text: str, issued: PartialDate | None, date: str, qualifier: str) -> None:
    deadline = only(text, issued)
    assert (iso(deadline.date), deadline.time, deadline.qualifier, deadline.precision) == (
        date, None, qualifier, "month",
    )


# ---------------------------------------------------------------- spans of (working) days

SPANS = [
    # text, issued, date, working_days left unresolved, qualifier
    ("trong 05 ngày làm việc kể từ ngày 10/01/2025", None, "2025-01-17", None, "trong"),
    ("trong 05 ngày làm việc kể từ ngày 24/01/2025", None, "2025-02-07", None, "trong"),  # across Tết 2025
    # 29/4-1/5/2024 off, Saturday 4/5/2024 a working day
    ("trong thời hạn 05 (năm) ngày làm việc, kể từ ngày 26/4/2024", None, "2024-05-07", None, "trong"),
    ("trong 10 ngày kể từ ngày 10/01/2025", None, "2025-01-20", None, "trong"),
    ("trong 05 ngày làm việc kể từ ngày nhận được văn bản", PartialDate(2025, 1, 24), "2025-02-07", None, "trong"),
    ("trong 05 ngày làm việc kể từ ngày nhận được văn bản", DEC_2024, None, 5, "trong"),
    ("trong vòng 03 ngày làm việc kể từ ngày kết thúc hội nghị", MAR_2024, None, 3, "trong"),
    ("chậm nhất sau 02 ngày làm việc kể từ ngày ký", PartialDate(2024, 3, 1), "2024-03-05", None, "chậm nhất"),
]


@pytest.mark.parametrize(("text", "issued", "date", "working_days", "qualifier"), SPANS, ids=[c[0] for c in SPANS])
def test_span_of_days(text: str, issued: PartialDate | None, date: str | None, working_days: int | None,
                      qualifier: str) -> None:
    deadline = only(text, issued)
    assert (iso(deadline.date), deadline.working_days, deadline.qualifier) == (date, working_days, qualifier)


def test_working_days_skip_tet_and_weekends() -> None:
    assert add_working_days(dt.date(2025, 1, 24), 1) == dt.date(2025, 2, 3)
    assert add_working_days(dt.date(2025, 1, 10), 0) == dt.date(2025, 1, 10)
    assert add_working_days(dt.date(2025, 4, 25), 1) == dt.date(2025, 4, 26)  # a swapped working Saturday


# ---------------------------------------------------------------- recurring rules

RECURRING = [
    # text, issued, freq, day, month, first due date on/after the issue date, qualifier
    ("trước ngày 15/12 hằng năm", MAR_2024, "yearly", 15, 12, "2024-12-15", "trước"),
    ("trước ngày 15/12 hàng năm", None, "yearly", 15, 12, None, "trước"),
    ("định kỳ hằng năm", MAR_2024, "yearly", None, None, "2024-12-31", "định kỳ"),
    ("định kỳ hằng quý, trước ngày 20 của tháng cuối quý", MAR_2024, "quarterly", 20, 3, "2024-03-20", "trước"),
    ("báo cáo trước ngày 20 tháng cuối quý", PartialDate(2024, 4), "quarterly", 20, 3, "2024-06-20", "trước"),
    ("báo cáo quý gửi trước ngày 10 tháng đầu quý sau", MAR_2024, "quarterly", 10, 1, "2024-04-10", "trước"),
    ("hằng quý", MAR_2024, "quarterly", None, None, "2024-03-31", "định kỳ"),
    ("báo cáo định kỳ 6 tháng (trước ngày 15/6)", MAR_2024, "half_yearly", 15, 6, "2024-06-15", "trước"),
    ("tổ chức đối thoại ít nhất 6 tháng/lần", PartialDate(2024), "half_yearly", None, None, "2024-06-30", "định kỳ"),
    ("2 lần/năm", PartialDate(2024, 7), "half_yearly", None, None, "2024-12-31", "định kỳ"),
    ("kiểm tra 1 năm/lần", PartialDate(2024, 7), "yearly", None, None, "2024-12-31", "định kỳ"),
    ("mỗi quý một lần", PartialDate(2024, 7), "quarterly", None, None, "2024-09-30", "định kỳ"),
    ("hằng tháng, trước ngày 25", MAR_2024, "monthly", 25, None, "2024-03-25", "trước"),
    ("trước ngày 25 hằng tháng", MAR_2024, "monthly", 25, None, "2024-03-25", "trước"),
    ("Định kỳ hằng tháng, các xã gửi báo cáo về Phòng Nội vụ trước ngày 31", PartialDate(2024, 4),
     "monthly", 31, None, "2024-04-30", "trước"),
    ("hằng tháng", MAR_2024, "monthly", None, None, "2024-03-31", "định kỳ"),
    ("báo cáo vào thứ Sáu hằng tuần", PartialDate(2024, 3, 2), "weekly", 5, None, "2024-03-08", "định kỳ"),
    # was a negative ("frequencies we do not model"): every N months is now a rule (monthly, interval 2)
    ("2 tháng/lần", MAR_2024, "monthly", None, None, "2024-04-30", "định kỳ"),
]


@pytest.mark.parametrize(("text", "issued", "freq", "day", "month", "date", "qualifier"), RECURRING,
                         ids=[c[0] for c in RECURRING])
def test_recurring_rule(text: str, issued: PartialDate | None, freq: str, day: int | None, month: int | None,
                        date: str | None, qualifier: str) -> None:
    deadline = only(text, issued)
    assert deadline.recurrence is not None
    assert (deadline.recurrence.freq, deadline.recurrence.day, deadline.recurrence.month) == (freq, day, month)
    assert (iso(deadline.date), deadline.qualifier) == (date, qualifier)


NEXT_AFTER = [
    # freq, day, month, after, next occurrence (strictly after)
    ("yearly", 15, 12, "2024-12-14", "2024-12-15"),
    ("yearly", 15, 12, "2024-12-15", "2025-12-15"),
    ("quarterly", 20, 3, "2024-03-20", "2024-06-20"),
    ("quarterly", None, None, "2024-11-02", "2024-12-31"),
    ("half_yearly", None, None, "2024-06-30", "2024-12-31"),
    ("monthly", 31, None, "2024-01-31", "2024-02-29"),
    ("monthly", None, None, "2023-02-28", "2023-03-31"),
    ("weekly", 5, None, "2024-03-08", "2024-03-15"),
]


@pytest.mark.parametrize(("freq", "day", "month", "after", "expected"), NEXT_AFTER)
def test_next_after_is_strictly_after(freq: str, day: int | None, month: int | None, after: str,
                                      expected: str) -> None:
    rule = Recurrence(freq, day, month, raw="")
    assert rule.next_after(dt.date.fromisoformat(after)) == dt.date.fromisoformat(expected)


# ---------------------------------------------------------------- what is not a deadline

NEGATIVES = [
    # citations of other documents
    "Kế hoạch số 11/KH-UBND ngày 15/01/2024 của UBND huyện",
    "Thực hiện Công văn số 20/SNV-CCHCVTLT ngày 04/01/2024 của Sở Nội vụ",
    "Theo Quyết định số 4190/QĐ-UBND ngày 22/8/2023 của UBND thành phố Hà Nội",
    "thực hiện nghiêm túc Chỉ thị số 24-CT/TU ngày 07/8/2023 của Thành ủy Hà Nội",
    "Nghị định 68/2000/NĐ-CP",
    "Quyết định số 18/2020/QĐ-UBND ngày 04/9/2020 của UBND thành phố Hà Nội",
    "Công văn số 1805/SNV-CCHCVTLT ngày 22/11/2024 của Sở Nội vụ tỉnh Quảng Trị",
    "(Kèm theo Công văn số /UBND-NV ngày /11/2025 của UBND huyện)",
    "Chịu trách nhiệm trước UBND huyện, Chủ tịch UBND huyện",
    # the letter's own date line and blanks
    "Vĩnh Linh, ngày 15 tháng 01 năm 2024",
    "Hà Nội, ngày    tháng 3 năm 2024",
    "Số: /UBND-NV Vĩnh Linh, ngày tháng 01 năm 2024",
    "Số: /KH-....., ngày ... tháng..... năm 2025",
    "Số: /UBND-NV",
    # past facts
    "Ngày 07/3/2024, UBND tỉnh ban hành Quyết định số 338/QĐ-UBND",
    "Trước hết, ngày 07/3/2024 UBND tỉnh ban hành Quyết định",
    "các đơn vị đã gửi báo cáo trước ngày 15/3/2024",
    "các văn bản được ban hành trước ngày 01/7/2024",
    "Trong tháng 3/2024, huyện đã tổ chức 5 hội nghị",
    "trong tháng 3 vừa qua",
    "Báo cáo tình hình thực hiện trong tháng 5/2024",
    # periods that are not due dates
    "giai đoạn 2021-2025",
    "giai đoạn 2023-2030",
    "định hướng đến năm 2030",
    "lộ trình đến năm 2025, có tối thiểu 20% đơn vị sự nghiệp công lập tự bảo đảm chi thường xuyên",
    "trong năm 2024 và những năm tiếp theo",
    "phấn đấu thực hiện ngay trong năm 2024 và các năm tiếp theo",
    "đề xuất ít nhất một sáng kiến được áp dụng trong năm 2024 tại đơn vị",
    "Báo cáo kết quả CCHC 6 tháng đầu năm 2024",
    "Báo cáo kết quả thực hiện trong quý I/2024",
    "quý 3 năm 2024",
    "số liệu tính từ ngày 01/01/2024 đến ngày 30/6/2024",
    "Kế hoạch có hiệu lực đến ngày 31/12/2025",
    "có hiệu lực kể từ ngày ký",
    # scores, ranks, percentages, numbers
    "huyện Bạch Thông xếp thứ 05/08 huyện, thành phố",
    "tổng điểm đạt 82,7 điểm",
    "xếp hạng ở vị trí 13/30 các quận, huyện, thị xã",
    "điều tra xã hội học 30/100 điểm",
    "100% hồ sơ",
    "có tối thiểu 20% đơn vị",
    "số 1805/SNV-CCHCVTLT",
    "TCVN ISO 9001:2008",
    # years and plain dates with no deadline word
    "năm 2023",
    "Kết quả năm 2023 của huyện",
    "Chỉ số CCHC năm 2024 tăng 06 bậc so với năm 2022",
    "ngày 31/01/2024",
    # frequencies that qualify a noun, and frequencies we do not model
    "Chỉ số CCHC hằng năm của huyện",
    "Kế hoạch theo dõi thi hành pháp luật hằng năm",
    "Thực hiện việc báo cáo định kỳ và đột xuất theo đúng quy định.",
    "nhận, trả hồ sơ vào tất cả các ngày làm việc trong tuần và sáng thứ 7",
    # impossible dates
    "trước ngày 31/02/2024",
    "trước ngày 45/13/2024",
    "chậm nhất ngày 31/01/1850",
    "trong tháng 13 năm 2024",
    "trước 10 huyện, thành phố",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_not_a_deadline(text: str) -> None:
    assert extract_deadlines(text, issued=MAR_2024) == []


@pytest.mark.parametrize("text", ["trước ngày 15/3", "trong tháng 4", "hoàn thành trong quý II"])
def test_a_yearless_date_without_an_issue_year_is_skipped(text: str) -> None:
    assert extract_deadlines(text) == []
    assert extract_deadlines(text, issued=PartialDate(None, 3)) == []


# ---------------------------------------------------------------- sentences with several dates

def test_citation_and_deadline_in_one_sentence() -> None:
    text = ("Thực hiện Kế hoạch số 11/KH-UBND ngày 15/01/2024 của UBND huyện, các đơn vị gửi báo cáo "
            "trước ngày 20/02/2024 và hoàn thành kế hoạch chậm nhất ngày 31/3/2024.")
    found = extract_deadlines(text, issued=PartialDate(2024, 1))
    assert [(iso(d.date), d.qualifier) for d in found] == [("2024-02-20", "trước"), ("2024-03-31", "chậm nhất")]
    assert [text[d.start:d.end] for d in found] == ["trước ngày 20/02/2024", "chậm nhất ngày 31/3/2024"]


def test_to_json_and_span() -> None:
    text = "Các đơn vị gửi về UBND huyện chậm nhất **ngày 31/01/2024**."
    deadline = only(text)
    assert deadline.raw == text[deadline.start:deadline.end] == "chậm nhất **ngày 31/01/2024**"
    assert deadline.to_json() == {"date": "2024-01-31", "time": None, "qualifier": "chậm nhất",
                                  "precision": "day", "recurrence": None}


def test_decomposed_text_is_read_like_composed_text() -> None:
    text = unicodedata.normalize("NFD", "Chậm nhất ngày 31/01/2024")
    assert iso(only(text).date) == "2024-01-31"


# ---------------------------------------------------------------- the five sample directives

SEEDS = {
    "000": (PartialDate(2024, 1), [("2024-01-31", None, "chậm nhất", "day")] * 2),
    "001": (PartialDate(2024, 3), [("2024-03-19", "10:00", "chậm nhất", "day"),
                                   ("2024-04-30", None, "trong tháng", "month")]),
    "002": (PartialDate(2024, 10), [("2024-08-31", None, "trước", "day")] + [("2024-10-22", None, "trước", "day")] * 2),
    "003": (PartialDate(2024), [("2024-06-30", None, "định kỳ", "month")]),
    "004": (PartialDate(2024, 12), [("2025-01-10", None, "trước", "day"), ("2025-01-31", None, "trước", "day"),
                                    ("2025-02-15", None, "trước", "day")]),
}


@pytest.mark.parametrize("prefix", sorted(SEEDS))
def test_sample_directive_deadlines(prefix: str) -> None:
    issued, expected = SEEDS[prefix]
    (path,) = TEXTS.glob(f"{prefix}_*.txt")
    found = [d for paragraph in path.read_text(encoding="utf-8").split("\n")
             for d in extract_deadlines(paragraph, issued=issued)]
    assert [(iso(d.date), d.time and d.time.strftime("%H:%M"), d.qualifier, d.precision) for d in found] == expected


def test_sample_directive_whole_text_gives_the_same_deadlines() -> None:
    (path,) = TEXTS.glob("004_*.txt")
    found = extract_deadlines(path.read_text(encoding="utf-8"), issued=PartialDate(2024, 12))
    assert [iso(d.date) for d in found] == ["2025-01-10", "2025-01-31", "2025-02-15"]


def test_plan_without_dates_keeps_only_its_six_monthly_dialogue() -> None:
    (path,) = TEXTS.glob("003_*.txt")
    (found,) = extract_deadlines(path.read_text(encoding="utf-8"), issued=PartialDate(2024))
    assert found.raw == "ít nhất 6 tháng/lần"
    assert found.recurrence == Recurrence("half_yearly", None, None, "ít nhất 6 tháng/lần")


# ---------------------------------------------------------------- properties

FRAGMENTS = ["trước ", "chậm nhất ", "ngày ", "tháng ", "năm ", "quý ", "II", "hằng ", "định kỳ ", "trong ",
             "kể từ ", "làm việc ", "lần", "/", "-", ".", ":", "h", "giờ ", "phút ", "**", "<b>", " ", ", ",
             "15/3", "31/01/2024", "2024", "10h00'", "6 tháng/lần", "Thời hạn: ", "đến hết ", "của tháng cuối quý"]
ALPHABET = "0123456789/.-:,' hđăâêôơưáàảãạấầẩẫậếềểễệốồổỗộớờởỡợứừửữựíìỉĩịýỳỷỹỵngtyquyc*\n"
TEXT = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(alphabet=ALPHABET, max_size=6)), max_size=30).map("".join)
ISSUED = st.none() | st.builds(PartialDate, st.none() | st.integers(1990, 2099), st.none() | st.integers(1, 12),
                               st.none() | st.integers(1, 28))


@settings(max_examples=400, deadline=None)
@given(TEXT, ISSUED)
def test_any_text_is_read_without_error_and_the_same_way_twice(text: str, issued: PartialDate | None) -> None:
    first = extract_deadlines(text, issued=issued)
    assert first == extract_deadlines(text, issued=issued)
    read = unicodedata.normalize("NFC", text)
    for before, after in pairwise(first):
        assert before.end <= after.start
    for deadline in first:
        assert deadline.raw == read[deadline.start:deadline.end]
        deadline.to_json()


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200), ISSUED)
def test_arbitrary_unicode_never_raises(text: str, issued: PartialDate | None) -> None:
    assert extract_deadlines(text, issued=issued) == extract_deadlines(text, issued=issued)


@given(st.sampled_from(["yearly", "half_yearly", "quarterly", "monthly", "weekly"]),
       st.none() | st.integers(1, 31), st.none() | st.integers(1, 12),
       st.dates(dt.date(1990, 1, 1), dt.date(2099, 1, 1)))
def test_next_after_is_the_next_occurrence(freq: str, day: int | None, month: int | None, after: dt.date) -> None:
    rule = Recurrence(freq, min(day, 7) if freq == "weekly" and day else day, month, raw="")
    due = rule.next_after(after)
    assert after < due <= after + dt.timedelta(days=366)
    assert rule.next_after(due - dt.timedelta(days=1)) == due
