"""Kind L: the period a figure covers is not a deadline.

"đối với hồ sơ tiếp nhận trong tháng 10-2025, tỉnh còn 1.401 hồ sơ …" says which records are counted; a month
or quarter that qualifies what is counted (records received, arising, settled in it) or that a sentence of
figures reports on is no due period. A duty verb with a bound ("hoàn thành trong", "chậm nhất") or a duty
sentence without figures keeps its period. Sentences from real pages.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from corpus.dates import PartialDate
from corpus.deadlines import extract_deadlines

HELDOUT2 = Path(__file__).resolve().parents[1] / "fixtures" / "heldout2" / "docs"
ISSUED = PartialDate(2025, 11, 12)


@pytest.mark.parametrize("sentence", [
    # heldout2 10 (PLO, An Giang 2025), twice in the item
    "(PLO)- Theo Văn phòng Chính phủ, đối với hồ sơ tiếp nhận trong tháng 10-2025, tỉnh An Giang còn 1.401 hồ sơ "
    "chậm được tiếp nhận và 897 hồ sơ giải quyết quá hạn đang xử lý.",
    # vinhphuc.gov.vn thông báo 3105 (2021)
    "Theo Báo cáo số 19/BC-TTPVHCC của Trung tâm Phục vụ hành chính công tỉnh, kết quả giải quyết thủ tục hành chính "
    "tại Bộ phận một cửa cấp huyện, cấp xã trong tháng 8/2021 đã tiếp nhận mới 19.630 hồ sơ.",
    # baolamdong.vn (2020)
    "Thống kê của UBND tỉnh cho biết, trong quý I năm 2020 (tính từ 1/12/2019 đến 29/2/2020) toàn tỉnh đã tiếp nhận "
    "659.245 hồ sơ, đã giải quyết 643.272 hồ sơ.",
    # counted records: the noun and its participle before the period
    "Số hồ sơ phát sinh trong quý III/2025 của các xã, phường được tổng hợp tại Phụ lục kèm theo.",
])
def test_a_period_that_qualifies_what_is_counted_is_no_deadline(sentence: str) -> None:
    assert extract_deadlines(sentence, issued=ISSUED) == []


@pytest.mark.parametrize(("sentence", "due"), [
    ("UBND các xã giải quyết dứt điểm hồ sơ tồn đọng trong tháng 12/2025.", dt.date(2025, 12, 31)),
    ("Các sở hoàn thành việc tiếp nhận hồ sơ trực tuyến trong tháng 12/2025.", dt.date(2025, 12, 31)),
    ("Sở Nội vụ tổng hợp số liệu, báo cáo UBND tỉnh trong quý IV/2025.", dt.date(2025, 12, 31)),
])
def test_a_duty_keeps_its_period(sentence: str, due: dt.date) -> None:
    assert [d.date for d in extract_deadlines(sentence, issued=ISSUED)] == [due]


def test_the_news_items_background_period_is_not_stored_as_a_task_deadline() -> None:
    from corpus.reading import read_document
    from corpus.store import Knowledge, prepare

    doc = prepare(read_document(HELDOUT2 / "10_angiang-tin-2025-ho-so-truc-tuyen-cham-tiep-nhan.md"), Knowledge())
    assert [t.deadline.date for t in doc.tasks if t.deadline and t.deadline.date] == []
