"""Reading questions: intent and entities, with and without diacritics, against fixed days."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.answering.questions import classify, folded_words, parse_question, relative_window
from bot.answering.service import criterion_words
from corpus.criteria import match_criterion
from corpus.text import fold
from corpus.units import load_registry

REGISTRY = load_registry()
MONDAY, FRIDAY, SUNDAY, NEW_YEAR_EVE = dt.date(2025, 1, 6), dt.date(2025, 1, 10), dt.date(2025, 1, 5), \
    dt.date(2024, 12, 31)


def intent(text: str, today: dt.date = MONDAY) -> str:
    q = parse_question(text, today=today, registry=REGISTRY)
    crit = match_criterion(q.text)
    return classify(q, criterion_words(crit[0]) if crit and crit[1] >= 80 else None)


@pytest.mark.parametrize(("text", "expected"), [
    ("hạn nộp kế hoạch CCHC năm 2025?", "deadline"),
    ("khi nào phải gửi báo cáo sáng kiến", "deadline"),
    ("bao giờ hết hạn báo cáo kết quả áp dụng sáng kiến", "deadline"),
    ("Phòng Tư pháp phải làm gì?", "responsibility"),
    ("P. TC-KH có nhiệm vụ gì ạ", "responsibility"),
    ("ai chủ trì xây dựng kế hoạch CCHC năm 2025", "responsibility"),
    ("đơn vị nào phải báo cáo kết quả áp dụng sáng kiến nhân rộng?", "responsibility"),
    ("tiêu chí cải cách tài chính công do phòng nào phụ trách?", "criterion_owner"),
    ("ISO 9001 thuộc trách nhiệm phòng nào", "criterion_owner"),
    ("điều tra xã hội học do ai làm?", "criterion_owner"),
    ("Bạch Thông xếp thứ mấy về chỉ số CCHC 2023?", "search"),
    ("mô hình ngày thứ ba xanh là gì", "search"),
    ("tuần tới có hạn gì?", "deadline"),
    ("xin chào", "help"),
    ("", "help"),
])
def test_intent_with_and_without_diacritics(text: str, expected: str) -> None:
    assert intent(text) == expected
    assert intent(fold(text)) == expected


@pytest.mark.parametrize(("text", "unit"), [
    ("VP HĐND-UBND Vĩnh Linh nộp KH CCHC 2024 hạn chót?", "Văn phòng HĐND và UBND huyện"),
    ("phong noi vu me linh phai lam gi", "Phòng Nội vụ"),
    ("P. TC-KH phải làm gì", "Phòng Tài chính - Kế hoạch"),
    ("trung tam van hoa thong tin va the thao co nhiem vu gi", "Trung tâm Văn hóa - Thông tin và Thể thao huyện"),
    ("han nop ke hoach cchc nam 2025 cua cac xa", "UBND các xã, thị trấn"),
])
def test_units_are_found(text: str, unit: str) -> None:
    q = parse_question(text, today=MONDAY, registry=REGISTRY)
    assert unit in [m.name for m in q.units]


def test_unit_words_do_not_remain_in_what_is_matched() -> None:
    q = parse_question("VP HĐND-UBND nộp KH CCHC 2024", today=MONDAY, registry=REGISTRY)
    assert "van" not in q.rest.split() and "ke hoach" in q.rest


def test_year_quarter_and_past() -> None:
    q = parse_question("trước đây hạn báo cáo quý II năm 2024 là ngày nào", today=MONDAY, registry=REGISTRY)
    assert (q.year, q.quarter, q.past) == (2024, 2, True)


@pytest.mark.parametrize(("phrase", "today", "start", "end"), [
    ("tuần tới", SUNDAY, dt.date(2025, 1, 6), dt.date(2025, 1, 12)),
    ("tuần tới", MONDAY, dt.date(2025, 1, 13), dt.date(2025, 1, 19)),
    ("tuần này", FRIDAY, FRIDAY, dt.date(2025, 1, 12)),
    ("hôm nay", FRIDAY, FRIDAY, FRIDAY),
    ("tháng này", NEW_YEAR_EVE, NEW_YEAR_EVE, NEW_YEAR_EVE),
    ("tháng tới", NEW_YEAR_EVE, dt.date(2025, 1, 1), dt.date(2025, 1, 31)),
    ("tuần tới", NEW_YEAR_EVE, dt.date(2025, 1, 6), dt.date(2025, 1, 12)),
    ("sắp tới", FRIDAY, FRIDAY, dt.date(2025, 2, 9)),
])
def test_relative_time(phrase: str, today: dt.date, start: dt.date, end: dt.date) -> None:
    w = relative_window(folded_words(phrase), today)
    assert (w.start, w.end) == (start, end)
    assert relative_window(folded_words(fold(phrase)), today) == w


@pytest.mark.parametrize(("chat", "plain"), [("ko", "khong"), ("trc", "truoc"), ("bc", "bao cao"), ("kh", "ke hoach")])
def test_chat_spellings(chat: str, plain: str) -> None:
    assert folded_words(f"hạn {chat} ạ") == f"han {plain} a"
