"""Kind J: a day and month written without a year take the year of the document's date.

News items write "trước ngày 15.11" or "ngày 10-11" (dot or dash, no year) and carry their date as a dateline
under the title ("11/11/2021 05:30 GMT+7"), not in a header. The dateline is the document's date for the
deadlines it writes without a year; the year after it when the month has passed.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corpus.dates import PartialDate
from corpus.deadlines import extract_deadlines
from corpus.reading import read_document
from corpus.store import Knowledge, prepare
from corpus.structure import parse_document
from corpus.tasks import issued_or_dateline
from corpus.text import normalize_text

HELDOUT2 = Path(__file__).resolve().parents[1] / "fixtures" / "heldout2" / "docs"


@pytest.mark.parametrize(("sentence", "issued", "due"), [
    # heldout2 02 (Bình Định, news of 11/11/2021)
    ("Các địa phương này phải báo cáo Chủ tịch UBND tỉnh Bình Định kết quả thực hiện cụ thể trước ngày 15.11.",
     PartialDate(2021, 11, 11), dt.date(2021, 11, 15)),
    ("Các đơn vị báo cáo kết quả về Sở Nội vụ trước ngày 20-12.", PartialDate(2021, 11, 11), dt.date(2021, 12, 20)),
    ("UBND các huyện hoàn thành trước ngày 5.1.", PartialDate(2021, 12, 20), dt.date(2022, 1, 5)),
    ("Báo cáo gửi về UBND tỉnh chậm nhất ngày 30.6 để tổng hợp.", PartialDate(2024, 6, 3), dt.date(2024, 6, 30)),
])
def test_a_dotted_or_dashed_day_month_is_a_deadline_in_the_documents_year(sentence: str, issued: PartialDate,
                                                                           due: dt.date) -> None:
    assert [d.date for d in extract_deadlines(sentence, issued=issued)] == [due]


@pytest.mark.parametrize("text", ["Ngày 10.11, Văn phòng UBND tỉnh Bình Định cho biết kết quả.",
                                  "theo điểm 15.11 của Quy chuẩn", "chiếm tỷ lệ 79.37 trước ngày làm việc"])
def test_a_dotted_number_that_is_no_due_day_is_not_read_as_one(text: str) -> None:
    assert extract_deadlines(text, issued=PartialDate(2021, 11, 11)) == []


@pytest.mark.parametrize(("file", "day"), [
    ("01_daknong-tin-cv-3789-2019-ho-so-qua-han.md", dt.date(2019, 8, 8)),
    ("02_binhdinh-tin-2021-tre-hen-qua-han.md", dt.date(2021, 11, 11)),
    ("05_thanhhoa-tin-2019-xin-loi-ho-so-qua-han.md", dt.date(2019, 3, 28)),
    ("10_angiang-tin-2025-ho-so-truc-tuyen-cham-tiep-nhan.md", dt.date(2025, 11, 12)),
])
def test_a_news_items_dateline_is_its_date(file: str, day: dt.date) -> None:
    raw = read_document(HELDOUT2 / file)
    parsed = parse_document(normalize_text(raw.text))
    got = issued_or_dateline(parsed)
    assert got is not None and got.as_date() == day


def test_a_news_items_yearless_report_day_is_stored_with_its_year() -> None:
    doc = prepare(read_document(HELDOUT2 / "02_binhdinh-tin-2021-tre-hen-qua-han.md"), Knowledge())
    assert dt.date(2021, 11, 15) in [t.deadline.date for t in doc.tasks if t.deadline]
