"""Reading questions (bot/answering/frame.py): intent, what is asked, and the entities named — with and
without diacritics, in chat style, against fixed days."""
from __future__ import annotations

import datetime as dt

import pytest

from bot.answering.frame import read_question, relative_window
from corpus.lexicon import question_tokens
from corpus.text import fold

MONDAY, FRIDAY, SUNDAY, NEW_YEAR_EVE = dt.date(2025, 1, 6), dt.date(2025, 1, 10), dt.date(2025, 1, 5), \
    dt.date(2024, 12, 31)


def intent(text: str, today: dt.date = MONDAY) -> str:
    return read_question(text, today).intent


@pytest.mark.parametrize(("text", "expected"), [
    ("hạn nộp kế hoạch CCHC năm 2025?", "deadline"),
    ("khi nào phải gửi báo cáo sáng kiến", "deadline"),
    ("bao giờ hết hạn báo cáo kết quả áp dụng sáng kiến", "deadline"),
    ("QĐ 2623/QĐ-TTg có hiệu lực từ ngày nào?", "deadline"),
    ("còn mấy ngày nữa phải nộp đề xuất biên chế?", "deadline"),
    ("Phòng Tư pháp phải làm gì?", "responsibility"),
    ("P. TC-KH có nhiệm vụ gì ạ", "responsibility"),
    ("SNV Ninh Binh co trach nhiem gi theo quy che", "responsibility"),
    ("ai chủ trì xây dựng kế hoạch CCHC năm 2025", "criterion_owner"),
    ("tiêu chí cải cách tài chính công do phòng nào phụ trách?", "criterion_owner"),
    ("ISO 9001 thuộc trách nhiệm phòng nào", "criterion_owner"),
    ("Bạch Thông xếp thứ mấy về chỉ số CCHC 2023?", "search"),
    ("mô hình ngày thứ ba xanh là gì", "search"),
    ("thẩm định chuyển giao ĐVSNCL giải quyết trong mấy ngày?", "search"),
    ("quá hạn mà tỉnh chưa gửi báo cáo thì sao", "search"),
    ("QĐ 1383 của BNV do ai ký?", "search"),
    ("TMS nâng cấp xong, chạy lại lúc mấy giờ?", "deadline"),
    ("tuần tới có hạn gì?", "deadline"),
])
def test_intent_with_and_without_diacritics(text: str, expected: str) -> None:
    assert intent(text) == expected
    assert intent(fold(text)) == expected


@pytest.mark.parametrize(("text", "kind", "number", "year"), [
    ("QĐ 2623/QĐ-TTg có hiệu lực từ ngày nào?", "Quyết định", 2623, None),
    ("theo cd 220 thi VPCP phai bc TTg", "Công điện", 220, None),
    ("KH 617 chuyển đổi số DN", "Kế hoạch", 617, None),
    ("NQ 81/2025/NQ-HĐND có hiệu lực khi nào", "Nghị quyết", 81, 2025),
    ("qd 01763 ca mau hieu luc tu khi nao", "Quyết định", 1763, None),
    ("SNV HCM duoc giao gi trong cv 4240", "Công văn", 4240, None),
])
def test_a_named_directive_is_read(text: str, kind: str, number: int, year: int | None) -> None:
    ref = read_question(text, MONDAY).doc_refs[0]
    assert (ref.kind, ref.number, ref.year) == (kind, number, year)


def test_a_document_number_is_not_a_year_nor_a_topic_word() -> None:
    f = read_question("QĐ 2015/QĐ-UBND An Giang về đấu thầu hiệu lực khi nào?", MONDAY)
    assert f.year is None and "2015" not in f.terms and "effective" in f.asks


@pytest.mark.parametrize(("text", "day", "clock"), [
    ("đơn vị mình gửi văn bản đề nghị ngày 05/12/2025 (thứ Sáu) thì chậm nhất ngày nào", dt.date(2025, 12, 5), None),
    ("UBND xã chứng thực lúc 16h30 thứ Sáu 05/12/2025 thì phải cập nhật trước mấy giờ", dt.date(2025, 12, 5),
     dt.time(16, 30)),
    ("nhận kiến nghị ngày 1 tháng 12 năm 2025 thì hạn trả lời", dt.date(2025, 12, 1), None),
])
def test_the_day_a_question_gives_is_its_anchor_not_its_topic(text: str, day: dt.date, clock: dt.time | None) -> None:
    f = read_question(text, MONDAY)
    assert (f.anchor, f.anchor_time) == (day, clock)
    assert str(day.year) not in f.terms and "thu" not in f.terms


def test_topic_words_drop_asking_and_chat_and_write_out_abbreviations() -> None:
    f = read_question("cho mình hỏi hạn nộp bc kết quả CCHC về STC là ngày nào ạ?", MONDAY)
    assert f.terms == ["nop", "bao", "cao", "ket", "qua", "cai", "cach", "hanh", "chinh", "so", "tai", "chinh"]
    assert f.weights["cai"] < 1  # four syllables of one abbreviation weigh as one word


def test_a_word_typed_with_its_marks_is_kept_with_them() -> None:
    f = read_question("Vĩnh Linh xếp thứ mấy?", MONDAY)
    assert dict(zip(f.terms, f.accents, strict=True))["thu"] == "thứ"
    assert all(a == "" for a in read_question(fold("Vĩnh Linh xếp thứ mấy?"), MONDAY).accents)


def test_an_abbreviation_counts_only_where_it_can_be_one() -> None:
    assert "cong" not in read_question("TTPVHCC Cà Mau tiếp nhận hồ sơ", MONDAY).terms[-6:]  # "Cà" is not "CA"
    assert "cong" in read_question("CA TP Cần Thơ có trách nhiệm gì", MONDAY).terms
    assert "bao" not in read_question("SNV BN phụ trách gì", MONDAY).terms  # "BN" is a place, not "bn"


def test_year_quarter_and_past() -> None:
    f = read_question("trước đây hạn báo cáo quý II năm 2024 là ngày nào", MONDAY)
    assert (f.year, f.quarter, f.past) == (2024, 2, True)


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
    w = relative_window(" ".join(question_tokens(phrase)), today)
    assert w is not None and (w.start, w.end) == (start, end)
    assert relative_window(" ".join(question_tokens(fold(phrase))), today) == w


@pytest.mark.parametrize(("chat", "plain"), [("ko", "khong"), ("trc", "truoc"), ("bc", "bao cao"), ("kh", "ke hoach")])
def test_chat_spellings(chat: str, plain: str) -> None:
    assert " ".join(question_tokens(f"hạn {chat} ạ")) == f"han {plain} a"


@pytest.mark.parametrize("text", ["QĐ 1609 bãi bỏ mấy TTHC, ai ký?", "Quyết định 2623 do ai ký ban hành"])
def test_who_signed_asks_the_signer_not_a_unit(text: str) -> None:
    for t in (text, fold(text)):
        asks = read_question(t, MONDAY).asks
        assert "signer" in asks and "unit" not in asks


def test_the_anchor_clock_is_dropped_whole_and_aspect_words_are_fillers() -> None:
    f = read_question("UBND xã chứng thực lúc 16h30 thứ Sáu 05/12/2025 thì phải cập nhật trước mấy giờ", MONDAY)
    assert not any(any(ch.isdigit() for ch in t) for t in f.terms)  # neither "16", "30" nor "16h30"
    for text in ("TMS nâng cấp xong thì dừng chức năng nào", "TMS nang cap xong thi dung chuc nang nao"):
        assert "xong" not in read_question(text, MONDAY).terms


@pytest.mark.parametrize(("text", "named"), [
    ("STC Dong Thap lam gi trong KH chuyen doi so DN", True),
    ("Công an thành phố phải làm gì theo quy chế CSDL công chứng", True),
    ("P. TC-KH phải làm gì để nâng chỉ số CCHC?", False),  # KH of the unit's abbreviation, not a plan
    ("Phòng Tư pháp phải làm gì?", False),
])
def test_a_question_names_a_kind_of_directive(text: str, named: bool) -> None:
    assert read_question(text, MONDAY).names_kind is named
    assert read_question(fold(text), MONDAY).names_kind is named


def test_the_units_a_question_names_are_read_as_it_says_them() -> None:
    from bot.answering.frame import question_units

    # a place is not the end of a unit's name; a level the question does not say is the registry's guess;
    # typed without marks, "quy che" is a regulation, not a fund ("Quỹ")
    assert question_units("cong an tp hai phong phai lam gi theo quy che csdl cong chung",
                          ["Công an thành phố Hai", "Quỹ che csdl cong chung", "Công an huyện"]) \
        == ["Công an thành phố"]
    assert question_units("CA TP Cần Thơ có trách nhiệm gì", ["Công an thành phố Cần Thơ", "Công an huyện"]) == \
        ["Công an thành phố"]
    assert question_units("các xã ở Bạch Thông phải nộp gì", ["UBND các xã, thị trấn"]) == ["UBND các xã, thị trấn"]
    assert question_units("VP HĐND-UBND Vĩnh Linh nộp gì", ["Văn phòng HĐND và UBND huyện"]) == \
        ["Văn phòng HĐND và UBND huyện"]  # Vĩnh Linh is a huyện
    assert question_units("Quỹ phát triển đất phải làm gì", ["Quỹ phát triển đất"]) == ["Quỹ phát triển đất"]
