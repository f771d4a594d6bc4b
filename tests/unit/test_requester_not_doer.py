"""Kind D: who asks is not who does.

In news items and directives the requester stands first ('Chủ tịch UBND tỉnh … vừa có văn bản yêu cầu Y + verb',
'… còn yêu cầu Y …', '… đã ký ban hành văn bản số …, chỉ đạo Y …'): Y does the duty. 'Báo cáo kết quả cho X'
names where the result goes, not who reports. Sentences from real pages (heldout2 docs and stored portal pages).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from corpus.assignments import analyse, find_submit_to
from corpus.passage_units import read_units
from corpus.units import load_registry

REG = load_registry()
HELDOUT2 = Path(__file__).resolve().parents[1] / "fixtures" / "heldout2" / "docs"


def _key(s: str) -> str:
    return s.lower().replace("ủy ban nhân dân", "ubnd")


CASES = [
    # heldout2 05 (Báo Giao thông, Thanh Hóa 2019)
    ("Chủ tịch UBND tỉnh Thanh Hóa Nguyễn Đình Xứng vừa có văn bản yêu cầu giám đốc các sở, ngành, chủ tịch UBND "
     "các huyện, thị xã, Thành phố; chủ tịch UBND các xã, phường, thị trấn thực hiện công khai xin lỗi, thông báo "
     "lý do các thủ tục hành chính quá hạn.",
     ["giám đốc các sở, ngành", "chủ tịch ubnd các xã, phường, thị trấn"], "thanh hóa nguyễn đình xứng"),
    # heldout2 10 (PLO, An Giang 2025)
    ("Từ thực tế đó, Chủ tịch UBND tỉnh yêu cầu lãnh đạo các sở, ngành và Chủ tịch UBND các xã, phường, đặc khu "
     "khẩn trương rà soát, kiểm tra, xử lý dứt điểm các hồ sơ này.",
     ["lãnh đạo các sở, ngành", "chủ tịch ubnd các xã, phường, đặc khu"], "chủ tịch ubnd tỉnh"),
    # baotayninh.vn (Tây Ninh, Covid-19 chỉ thị)
    ("Chủ tịch Ủy ban nhân dân tỉnh vừa ban hành chỉ thị yêu cầu Thủ trưởng các sở, ban, ngành tỉnh, Chủ tịch UBND "
     "các huyện, thị xã, thành phố quyết liệt triển khai thực hiện nghiêm túc, có hiệu quả các nhiệm vụ.",
     ["thủ trưởng các sở, ban, ngành", "chủ tịch ubnd các huyện, thị xã, thành phố"], "chủ tịch ubnd tỉnh"),
    # hiephoidoanhnghieptuyenquang.com (Tuyên Quang, văn bản 2508/UBND-KGVX)
    ("Ngày 11/8/2020, thay mặt UBND tỉnh, Phó Chủ tịch UBND tỉnh Nguyễn Thế Giang đã ký ban hành văn bản số "
     "2508/UBND-KGVX, chỉ đạo các sở, ban, ngành, cơ quan, đơn vị thuộc tỉnh; UBND các huyện, thành phố tăng cường "
     "các biện pháp phòng, chống dịch.",
     ["sở, ban, ngành"], "nguyễn thế giang"),
]


@pytest.mark.parametrize(("sentence", "doers", "requester"), CASES,
                         ids=["thanhhoa", "angiang", "tayninh", "tuyenquang"])
def test_the_requester_is_not_the_doer(sentence: str, doers: list[str], requester: str) -> None:
    got = read_units(sentence, {"kind": "sentence"}, REG).doers  # what an answer names
    keys = [_key(g) for g in got]
    for want in doers:
        assert any(want in k for k in keys), (want, got)
    assert not any(requester in k for k in keys), got
    got = [m.name for m, _ in analyse(sentence, REG).doers]  # what a sentence rule stores (registry names)
    keys = [_key(g) for g in got]
    for want in doers:
        assert any(re.sub(r"^(?:chủ tịch|giám đốc|lãnh đạo|thủ trưởng) ", "", want) in k for k in keys), (want, got)
    assert not any(requester in k for k in keys), got


@pytest.mark.parametrize(("sentence", "to"), [
    # heldout2 01 (Đắk Nông, CV 3789/UBND-NCKSTT)
    ("Báo cáo kết quả cho UBND tỉnh (thông qua Văn phòng UBND tỉnh) trước ngày 17/8/2019.",
     "UBND tỉnh (qua Văn phòng UBND tỉnh)"),
    ("Thủ trưởng các Sở, Ban, ngành; Chủ tịch UBND các huyện, thị xã nghiêm túc thực hiện việc xin lỗi; báo cáo kết "
     "quả cho UBND tỉnh (thông qua Văn phòng UBND tỉnh) để xem xét, chỉ đạo.", "UBND tỉnh (qua Văn phòng UBND tỉnh)"),
    # snv.binhdinh.gov.vn (Bình Định 2024)
    ("Theo đó, Chủ tịch UBND tỉnh đề nghị Thủ trưởng các sở, ban, ngành, đoàn thể tỉnh, Chủ tịch UBND các huyện, thị "
     "xã, thành phố triển khai thực hiện và báo cáo Chủ tịch UBND tỉnh (qua Sở Nội vụ) nếu có vấn đề phát sinh.",
     "Chủ tịch UBND tỉnh (qua Sở Nội vụ)"),
])
def test_report_to_names_where_the_result_goes(sentence: str, to: str) -> None:
    assert find_submit_to(sentence)[0] == to
    doers = read_units(sentence, {"kind": "sentence"}, REG).doers
    assert not any(_key(d) in ("ubnd tỉnh", "chủ tịch ubnd tỉnh") for d in doers), doers


def test_a_news_item_stores_its_report_with_the_doers_and_where_it_goes() -> None:
    from corpus.reading import read_document
    from corpus.store import Knowledge, prepare

    doc = prepare(read_document(HELDOUT2 / "01_daknong-tin-cv-3789-2019-ho-so-qua-han.md"), Knowledge())
    task = next(t for t in doc.tasks if t.deadline and str(t.deadline.date) == "2019-08-17")
    assert [u.name for u in task.units] == ["Chủ tịch UBND các huyện, thị xã"]
    assert task.submit_to == "UBND tỉnh (qua Văn phòng UBND tỉnh)"
