"""Duty tables: one task a row, with lead and partner units and the time column as the deadline."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corpus.reading import read_document
from corpus.store import Knowledge, prepare
from corpus.tables import cells_of, header_columns, read_rows
from corpus.text import normalize_text

PLAN = Path(__file__).resolve().parent.parent / "fixtures" / "texts" / "ke_hoach_bang_nhiem_vu.md"


def test_cells_keep_empty_ones() -> None:
    assert cells_of("3 | Báo cáo | Các cơ quan | | Trước ngày 15/6/2025") == [
        "3", "Báo cáo", "Các cơ quan", "", "Trước ngày 15/6/2025"]


@pytest.mark.parametrize("header", [
    "STT | Nội dung nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành",
    "TT | Nhiệm vụ | Đơn vị thực hiện | Đơn vị phối hợp | Thời hạn",
    "STT | Nội dung công việc | Chủ trì | Phối hợp | Tiến độ | Sản phẩm",
])
def test_headers_are_recognised(header: str) -> None:
    cols = header_columns(header)
    assert cols is not None and cols["what"] == 1 and cols["lead"] == 2 and cols["partner"] == 3


@pytest.mark.parametrize("line", [
    "Họ và tên | Chức vụ | Đơn vị", "STT | Tên văn bản | Số ký hiệu",
])
def test_other_tables_are_not_duty_tables(line: str) -> None:
    assert header_columns(line) is None


# Two records of a Danh mục TTHC (QĐ 2637/QĐ-UBND 2025 of Vĩnh Long) whose long cells hold column words
# ("thời hạn thực hiện", "nội dung"): read as a header, the next rows took a deadline cell for their unit.
TTHC_ROWS = (PLAN.parent / "danh_muc_tthc_rows.md").read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize("line", TTHC_ROWS)
def test_a_record_with_column_words_in_its_cells_is_not_a_header(line: str) -> None:
    assert header_columns(line) is None


def test_tab_separated_rows_from_a_word_table() -> None:
    text = normalize_text("STT\tNhiệm vụ\tChủ trì\tPhối hợp\tThời gian\n1\tXây dựng kế hoạch tuyên truyền CCHC\t"
                          "Phòng Văn hóa và Thông tin\t\tQuý I/2025\nII\tCải cách thể chế\t\t\t")
    rows = read_rows(text.split("\n"))
    assert [(r.what, r.lead, r.partner, r.time) for r in rows] == [
        ("Xây dựng kế hoạch tuyên truyền CCHC", "Phòng Văn hóa và Thông tin", "", "Quý I/2025")]


def test_plan_with_a_duty_table_gives_one_task_a_row() -> None:
    doc = prepare(read_document(PLAN), Knowledge())
    rows = {t.what: t for t in doc.tasks if t.section_path == "II"}
    kiem_tra = rows["Ban hành Kế hoạch kiểm tra CCHC năm 2025"]
    assert [u.name for u in kiem_tra.doers] == ["Phòng Nội vụ"]
    assert [u.name for u in kiem_tra.units if u.partner] == ["Văn phòng HĐND và UBND huyện"]
    assert (kiem_tra.deadline.date, kiem_tra.deadline.precision) == (dt.date(2025, 3, 31), "month")
    assert rows["Rà soát, công bố danh mục TTHC"].deadline.date == dt.date(2025, 6, 30)
    assert rows["Báo cáo kết quả thực hiện CCHC 6 tháng đầu năm"].deadline.date == dt.date(2025, 6, 15)
    assert rows["Tuyên truyền CCHC trên Cổng thông tin điện tử huyện"].deadline is None
    assert not any("Công tác chỉ đạo" in t.what for t in doc.tasks)
