"""Task segmentation: headings give units, bullets are duties, a separate deadline line belongs to its section."""
from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.structure import parse_document
from corpus.tasks import extract_tasks, split_sentences
from corpus.text import normalize_text
from corpus.units import load_registry

REG = load_registry()
HEAD = "Số: 12/UBND-NV\nVĩnh Linh, ngày 05 tháng 3 năm 2025\n\nV/v triển khai nhiệm vụ CCHC\n\n" \
       "Kính gửi:\n\n- Các cơ quan chuyên môn thuộc UBND huyện;\n- UBND các xã, thị trấn.\n\n"


def tasks(body: str):  # type: ignore[no-untyped-def]
    return extract_tasks(parse_document(normalize_text(HEAD + body)), REG)[0]


def names(task) -> list[str]:  # type: ignore[no-untyped-def]
    return [u.name for u in task.doers]


@pytest.mark.parametrize(("body", "unit"), [
    ("1. Phòng Tư pháp có trách nhiệm\n\n- Rà soát văn bản quy phạm pháp luật.\n", "Phòng Tư pháp"),
    ("2. Đối với UBND các xã, thị trấn\n\n- Niêm yết công khai TTHC tại Bộ phận một cửa.\n", "UBND các xã, thị trấn"),
    ("3. Văn phòng HĐND và UBND huyện\n\n- Theo dõi việc trả kết quả đúng hạn.\n", "Văn phòng HĐND và UBND huyện"),
    ("4. Trách nhiệm của Phòng Nội vụ:\n\n- Tổng hợp báo cáo CCHC quý I.\n", "Phòng Nội vụ"),
])
def test_heading_gives_the_unit_of_its_bullets(body: str, unit: str) -> None:
    (task,) = tasks(body)
    assert names(task) == [unit]


def test_sentence_subject_wins_over_the_letter_addressees() -> None:
    (task,) = tasks("1. Giao Phòng Nội vụ chủ trì, phối hợp với Phòng Tư pháp tổng hợp kết quả.\n")
    assert names(task) == ["Phòng Nội vụ"] and task.doers[0].role == "chủ trì"
    assert [u.name for u in task.units if u.partner] == ["Phòng Tư pháp"]


def test_submit_to_is_where_to_send_not_who_works() -> None:
    (task,) = tasks("1. UBND các xã, thị trấn gửi báo cáo về UBND huyện (qua Phòng Nội vụ) trước ngày 20/3/2025.\n")
    assert names(task) == ["UBND các xã, thị trấn"]
    assert task.submit_to == "UBND huyện (qua Phòng Nội vụ)"
    assert task.deadline.date == dt.date(2025, 3, 20)


@pytest.mark.parametrize(("sentence", "doer", "submit_to"), [
    ("1. Phòng Tư pháp tổng hợp kết quả kiểm soát TTHC, gửi Phòng Nội vụ trước ngày 22/5/2025.\n",
     "Phòng Tư pháp", "Phòng Nội vụ"),
    ("2. Giao Phòng Nội vụ tổng hợp, tham mưu UBND huyện báo cáo Sở Nội vụ trước ngày 27/5/2025.\n",
     "Phòng Nội vụ", "Sở Nội vụ"),
    ("3. Văn phòng HĐND và UBND huyện tham mưu báo cáo UBND tỉnh (qua Sở Nội vụ) trước ngày 15/6/2025.\n",
     "Văn phòng HĐND và UBND huyện", "UBND tỉnh (qua Sở Nội vụ)"),
    ("4. Báo cáo kết quả thực hiện về Phòng Nội vụ trước ngày 15/6/2025.\n", None, "Phòng Nội vụ"),
])
def test_recipient_straight_after_the_verb_is_where_to_send(sentence: str, doer: str | None, submit_to: str) -> None:
    (task,) = tasks(sentence)
    assert task.submit_to == submit_to
    if doer:
        assert names(task) == [doer]


def test_separate_deadline_line_belongs_to_the_section() -> None:
    found = tasks("2. Đối với UBND các xã, thị trấn\n\n- Rà soát tiêu chí chỉ số CCHC chưa đạt.\n"
                  "- Thời gian hoàn thành: Trong tháng 4 năm 2025.\n")
    assert len(found) == 1
    assert (found[0].deadline.date, found[0].deadline.precision) == (dt.date(2025, 4, 30), "month")
    assert "Thời gian hoàn thành: Trong tháng 4 năm 2025." in found[0].quote


def test_no_unit_named_means_the_addressees() -> None:
    (task,) = tasks("1. Triển khai Kế hoạch CCHC năm 2025 đến toàn thể cán bộ, công chức.\n")
    assert set(names(task)) == {"Các cơ quan chuyên môn thuộc UBND huyện", "UBND các xã, thị trấn"}


def test_background_and_closing_are_not_tasks() -> None:
    found = tasks("Căn cứ Kế hoạch số 11/KH-UBND ngày 15/01/2025 của UBND huyện.\n\n"
                  "1. Phòng Nội vụ tổng hợp kết quả.\n\n"
                  "UBND huyện yêu cầu các cơ quan, đơn vị nghiêm túc thực hiện./.\n")
    assert [t.quote for t in found] == ["Phòng Nội vụ tổng hợp kết quả."]


def test_a_second_assignment_in_one_sentence_is_its_own_task() -> None:
    found = tasks("1. Giao Phòng Văn hóa và Thông tin đưa tin về CCHC và giao Phòng Nội vụ theo dõi, "
                  "đôn đốc thực hiện.\n")
    assert [names(t) for t in found] == [["Phòng Văn hóa và Thông tin"], ["Phòng Nội vụ"]]


@pytest.mark.parametrize(("line", "count"), [
    ("Gửi báo cáo trước ngày 10/3. Kế hoạch phải được ban hành trước ngày 31/3.", 2),
    ("Chỉ số CCHC được xác định trên 8 nội dung: (1. Công tác chỉ đạo; 2. Thể chế) và 42 tiêu chí.", 1),
    ("- Rà soát TTHC; đề xuất phương án rút ngắn thời gian giải quyết.", 1),
])
def test_sentence_splitting(line: str, count: int) -> None:
    assert len(split_sentences(line)) == count


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("abcdeđươăâêôơư ạảãáàUBNDPhòng.,;:()-/0123456789\n\t|*#")),
               max_size=400))
def test_arbitrary_text_never_raises_and_gives_the_same_facts(text: str) -> None:
    first = extract_tasks(parse_document(normalize_text(text)), REG)[0]
    again = extract_tasks(parse_document(normalize_text(text)), REG)[0]
    assert [(t.quote, [u.name for u in t.units]) for t in first] == [(t.quote, [u.name for u in t.units])
                                                                      for t in again]


def _due(found, day: dt.date) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return [names(t) for t in found if t.deadline and t.deadline.date == day]


def test_each_dated_clause_of_a_running_sentence_goes_to_its_own_doers() -> None:
    found = tasks("3. Xây dựng chiến lược dữ liệu: (1) Sở Tư pháp ban hành trước ngày 25 tháng 3 năm 2025; "
                  "(2) Phòng Nội vụ chủ trì, phối hợp các cơ quan liên quan ban hành hướng dẫn, hoàn thành trước "
                  "ngày 25 tháng 3 năm 2025; UBND các xã, thị trấn căn cứ hướng dẫn tổ chức rà soát, gửi kết quả về "
                  "Phòng Nội vụ trước ngày 10 tháng 4 năm 2025.\n")
    assert sorted(_due(found, dt.date(2025, 3, 25))) == [["Phòng Nội vụ"], ["Sở Tư pháp"]]
    assert _due(found, dt.date(2025, 4, 10)) == [["UBND các xã, thị trấn"]]


def test_names_before_a_semicolon_share_the_duty_of_the_clause_after() -> None:
    found = tasks("2. Văn phòng HĐND và UBND huyện; UBND các xã, thị trấn báo cáo kết quả áp dụng sáng kiến "
                  "gửi về UBND huyện (qua Phòng Nội vụ) trước ngày 22/10/2025.\n")
    assert _due(found, dt.date(2025, 10, 22)) == [["Văn phòng HĐND và UBND huyện", "UBND các xã, thị trấn"]]


def test_a_topic_lead_before_the_colon_does_not_hide_the_doer() -> None:
    found = tasks("6. Về chủ trương đầu tư tuyến đường kết nối liên vùng, đoạn qua huyện: Phòng Kinh tế và Hạ tầng "
                  "khẩn trương báo cáo UBND huyện về việc chuẩn bị đầu tư trước ngày 01 tháng 12 năm 2025.\n")
    assert _due(found, dt.date(2025, 12, 1)) == [["Phòng Kinh tế - Hạ tầng"]]  # the registry's name


def test_a_duty_without_its_subject_takes_the_heading_unit_not_its_objects() -> None:
    found = tasks("1. Ủy ban nhân dân các xã, thị trấn\n\n- Thành lập Ban Chỉ đạo kiểm kê tài sản cấp xã để kiểm tra "
                  "các cơ quan, tổ chức, đơn vị trong việc kiểm kê.\n\nThời gian hoàn thành: Trước ngày 15/4/2025.\n")
    assert _due(found, dt.date(2025, 4, 15)) == [["UBND các xã, thị trấn"]]


def test_a_duty_of_heading_names_its_doer_even_when_no_registry_knows_it() -> None:
    found = tasks("2. Trách nhiệm của đối tượng thực hiện kiểm kê:\n\n- Thành lập Tổ kiểm kê do Thủ trưởng quyết định."
                  "\n\nThời hạn hoàn thành: Trước ngày 30/4/2025.\n")
    assert _due(found, dt.date(2025, 4, 30)) == [["Đối tượng thực hiện kiểm kê"]]
