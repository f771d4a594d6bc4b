"""Forms of the administrative language that name who a passage is about (held-out FAILURES kinds 7, 8):

- a unit after a label: "- Bảng 3: Ủy ban nhân dân các xã, phường, thị trấn.", "Cải cách tài chính công: Phòng
  Tài chính - Kế hoạch.", "Đối với UBND các huyện, thành phố: Hướng dẫn tại Phụ lục II." — the unit the label
  gives is the one the item is about (its owner, the doer `read_units` returns);
- a bare "huyện X / tỉnh X / xã X" as the subject of an action stands for that place's UBND; as an object or a
  location ("tại huyện X", "trên địa bàn tỉnh") it is nobody;
- a numbered heading wrapped inside a unit's name ("4. Văn" / "phòng UBND tỉnh") keeps the whole name.

Each form is checked on several real documents, read by the real reading path (`corpus.store.prepare`).
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from corpus.passage_units import read_units
from corpus.passages import Passage, split_passages
from corpus.reading import read_document
from corpus.store import Knowledge, PreparedDocument, prepare

FIX = Path(__file__).resolve().parents[1] / "fixtures"
HELDOUT = FIX / "heldout" / "docs"
SHARED_DEV = Path(os.environ.get("CCHC_SHARED_DIR") or FIX.parents[2].parent / "shared") / "dev" / "docs"


@cache
def _knowledge() -> Knowledge:
    return Knowledge()


@cache
def prepared(path: Path) -> PreparedDocument:
    return prepare(read_document(path), _knowledge())


def _doc(pattern: str, folder: Path = HELDOUT) -> Path:
    found = sorted(folder.glob(pattern))
    if not found:
        pytest.skip(f"{folder}/{pattern} not present")
    return found[0]


def _passage(path: Path, words: str) -> Passage:
    return next(p for p in split_passages(prepared(path).parsed.sections) if words in p.text)


def _doers(path: Path, words: str) -> list[str]:
    p = _passage(path, words)
    return read_units(p.text, p.extra(), _knowledge().registry).doers


# ---------------------------------------------------------------- 1. a unit after a label

@pytest.mark.parametrize(("doc", "words", "unit"), [
    # BR-VT QĐ 3206/2018: the three tables of the index, each for one level
    ("03_*", "Bảng 1:", "Các Sở, ban, ngành trực thuộc Ủy ban nhân dân tỉnh"),
    ("03_*", "Bảng 2:", "Ủy ban nhân dân các huyện, thị xã, thành phố"),
    ("03_*", "Bảng 3:", "Ủy ban nhân dân các xã, phường, thị trấn"),
    # Sơn La CV 972/2018: the annex each level follows
    ("01_*", "Đối với các sở, ban, ngành:", "Các sở, ban, ngành"),
    ("01_*", "Đối với UBND các huyện, thành phố:", "Ủy ban nhân dân các huyện, thành phố"),
], ids=lambda v: v if not v.endswith("*") else v[:2])
def test_unit_after_a_label_owns_the_item(doc: str, words: str, unit: str) -> None:
    assert _doers(_doc(doc), words) == [unit]


@pytest.mark.parametrize(("words", "unit"), [
    # Hải Lăng CV 2024, annex "Phân công cơ quan phụ trách các lĩnh vực": field, colon, the unit in charge
    ("Công tác chỉ đạo, điều hành cải cách hành chính:", "Phòng Nội vụ"),
    ("Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật:", "Phòng Tư pháp"),
    ("Cải cách tài chính công:", "Phòng Tài chính - Kế hoạch"),
    ("Xây dựng, phát triển chính quyền điện tử, chính quyền số:", "Phòng Văn hóa và Thông tin"),
], ids=lambda v: v[:24])
def test_field_label_then_its_unit(words: str, unit: str) -> None:
    assert _doers(FIX / "forms" / "cv_huyen_hai_lang_2024.txt", words) == [unit]


@pytest.mark.parametrize("text", [
    "Kính gửi: Văn phòng Ủy ban nhân dân tỉnh Nghệ An.",  # an addressee
    "Người ký: Nguyễn Khắc Toàn",
    "Cơ quan ban hành: Ủy ban nhân dân tỉnh",  # the issuer, not who the item is about
    "Tài liệu Kiểm chứng Bảng 2 các UBND cấp huyện: Tải về",  # the unit is in the label, nothing after it
    "Phạm vi: Tổng kiểm kê tài sản công tại cơ quan, tổ chức, đơn vị.",  # more than names after the label
])
def test_no_owner_from_other_labels(text: str) -> None:
    from corpus.passage_units import units_after_label

    assert units_after_label(text) == []


# ---------------------------------------------------------------- 2. a bare place acting

@pytest.mark.parametrize(("doc", "folder", "words", "unit"), [
    # Báo Quảng Nam on Núi Thành (held-out 05): the district forms the inspection team
    ("05_*", HELDOUT, "huyện Núi Thành tổ chức đoàn kiểm tra", "Ủy ban nhân dân huyện Núi Thành"),
    # VPCP TB 634/2025 (dev 11), the Prime Minister's conclusions on Thanh Hóa: what the province did, must do
    ("11_vpcp-*", SHARED_DEV, "Tỉnh Thanh Hóa đã quán triệt", "Ủy ban nhân dân tỉnh Thanh Hóa"),
    ("11_vpcp-*", SHARED_DEV, "Tỉnh Thanh Hóa cần nỗ lực", "Ủy ban nhân dân tỉnh Thanh Hóa"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_a_place_acting_is_its_ubnd(doc: str, folder: Path, words: str, unit: str) -> None:
    assert _doers(_doc(doc, folder), words) == [unit]


@pytest.mark.parametrize(("sentence", "unit"), [
    # phulam.dongnai.gov.vn, news of 02/02/2026 (a commune after the 2025 merger)
    ("Xã Phú Lâm triển khai Kế hoạch kiểm tra công tác cải cách hành chính năm 2026.", "Ủy ban nhân dân xã Phú Lâm"),
    ("Từ ngày 9 - 15.6, huyện Núi Thành tổ chức đoàn kiểm tra, giám sát đột xuất việc thực hiện Chỉ thị số 22.",
     "Ủy ban nhân dân huyện Núi Thành"),
])
def test_place_subject(sentence: str, unit: str) -> None:
    from corpus.passage_units import place_subject

    assert place_subject(sentence) == unit


@pytest.mark.parametrize("sentence", [
    # dev 13 (Bắc Ninh KH 144/2025): a target the province has, not an action
    "Đến năm 2025, tỉnh Bắc Ninh có ít nhất 20 tập dữ liệu mở phục vụ phát triển kinh tế số và xã hội số.",
    # held-out 18 (Hà Nội KH 159/2025): a score
    "Kết quả: thành phố Hà Nội đạt 43,7747 điểm (giảm 0,1856 điểm); xếp thứ 29/63 tỉnh, thành phố.",
    # held-out 05: the district as the issuer's owner, an object
    "Hầu hết các xã đã triển khai Chỉ thị 22 của UBND tỉnh và Công văn 536 của UBND huyện Núi Thành.",
    # dev 11: a location
    "UBND tỉnh Thanh Hóa khẩn trương hoàn thành đoạn trên địa bàn tỉnh Thanh Hóa trước ngày 01 tháng 12 năm 2025.",
    # the place assigns: the doer is the unit named after the verb
    "Huyện Núi Thành giao Phòng Nội vụ chủ trì kiểm tra.",
])
def test_a_place_not_acting_is_nobody(sentence: str) -> None:
    from corpus.passage_units import place_subject

    assert place_subject(sentence) is None


# ---------------------------------------------------------------- 3. a unit keeps its whole name

def _task_units(path: Path, section: str) -> list[str]:
    return [u.name for t in prepared(path).tasks if t.section_path == section for u in t.units]


def test_wrapped_heading_gives_the_whole_unit() -> None:
    """Đắk Lắk CT 012/2025 (held-out 16): "4. Văn" / "phòng UBND tỉnh" is one heading; its duties are the
    province office's, not a district's "Văn phòng UBND"."""
    path = _doc("16_*")
    heading = next(s.heading for s in prepared(path).parsed.sections if s.path == "4")
    assert heading == "Văn phòng UBND tỉnh"
    assert set(_task_units(path, "4.a")) == {"Văn phòng UBND tỉnh"}


@pytest.mark.parametrize(("written", "name"), [
    ("Văn phòng UBND tỉnh", "Văn phòng UBND tỉnh"),
    ("Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh"),
    ("Văn phòng UBND tỉnh Đắk Lắk", "Văn phòng UBND tỉnh"),
    ("Thanh tra tỉnh Sơn La", "Thanh tra tỉnh"),  # one kind of unit, the province's
    ("Công an tỉnh", "Công an tỉnh"),
    ("Văn phòng UBND huyện", "Văn phòng UBND"),  # the district's keeps its registry name
    ("Thanh tra huyện", "Thanh tra huyện"),
])
def test_a_unit_keeps_its_level(written: str, name: str) -> None:
    assert [m.name for m in _knowledge().registry.scan(written)] == [name]


@pytest.mark.parametrize(("doc", "words"), [
    ("07_*", "Chánh Văn phòng Ủy ban nhân dân tỉnh"),  # Sơn La QĐ 2862/2018, Điều 3
    ("14_*", "Chánh Văn phòng Ủy ban nhân dân tỉnh"),  # Hà Giang QĐ 1209/2013, Điều 2
])
def test_the_province_office_head_keeps_its_level(doc: str, words: str) -> None:
    task = next(t for t in prepared(_doc(doc)).tasks if words in t.quote)
    assert "Chánh Văn phòng UBND tỉnh" in [u.name for u in task.units]
