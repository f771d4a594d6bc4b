"""Header facts of crawled and portal texts, read by the project's real reading path.

Each form is checked on several real documents (the held-out set, the own dev texts, and openings of public
legal-portal pages kept in tests/fixtures/headers/ with their source):

- a crawled Công văn whose header is one title line ("Công văn số 972/SNV-CCHC ngày 18/7/2018 V/v …", "Số
  924/SNV-CCHC Ngày 07-9-2015 V/v …") followed by the portal's post date ("Đăng ngày: …") and Kính gửi;
- a place-and-date line hard-wrapped over lines ("Sơn" / "La, ngày 16 tháng 11" / "năm 2018");
- a legal portal's metadata table before the header ("| Số hiệu | 18/CT-UBND |", "Số hiệu: | … | Ngày đăng công
  báo: | … |", "• Ngày ban hành: 28-01-2011"): read when the header block lacks a fact;
- an issuer block that names only "ỦY BAN NHÂN DÂN", its place being in the title block's authority line
  ("ỦY BAN NHÂN DÂN TỈNH NGHỆ AN", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH", the subject laid out without its kind line);
- what is no issuer: a news item's title, a page's time stamp.
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from corpus.reading import read_document
from corpus.store import Knowledge, PreparedDocument, prepare

FIX = Path(__file__).resolve().parents[1] / "fixtures"
HELD = FIX / "heldout" / "docs"
OWN = FIX / "dev" / "texts"
PAGES = FIX / "headers"


@cache
def _knowledge() -> Knowledge:
    return Knowledge()


@cache
def prepared(path: Path) -> PreparedDocument:
    return prepare(read_document(path), _knowledge())


def held(prefix: str) -> Path:
    return next(HELD.glob(f"{prefix}_*"))


def own(prefix: str) -> Path:
    return next(OWN.glob(f"{prefix}_*"))


def issued(path: Path) -> str:
    d = prepared(path).parsed.header.issued
    return f"{d.year}-{d.month:02d}-{d.day:02d}" if d.day else str(d)


# ---------------------------------------------------------------- a crawled Công văn's one-line header

CRAWLED_LETTERS = [  # file, date of issue (never the portal's post date), number, subject starts, addressees
    (held("01"), "2018-07-18", "972/SNV-CCHC", "tham gia dự thảo hướng dẫn", 2),
    (own("01"), "2015-09-07", "924/SNV-CCHC", "báo cáo công tác CCHC quý III", 2),
    (own("02"), "2016-11-08", "1238", "báo cáo số liệu cải cách hành chính", 2),
    (own("03"), "2016-12-27", "1448/SNV-CCHC", "xin ý kiến vào dự thảo Kế hoạch", 10),
]


@pytest.mark.parametrize(("path", "date", "number", "subject", "n"), CRAWLED_LETTERS,
                         ids=lambda v: getattr(v, "name", None))
def test_crawled_letter_title_line_gives_number_date_subject_and_addressees(path: Path, date: str, number: str,
                                                                           subject: str, n: int) -> None:
    h = prepared(path).parsed.header
    assert (h.number, issued(path)) == (number, date)
    assert (h.subject or "").startswith(subject)
    assert len(h.recipients) == n


@pytest.mark.parametrize("path", [c[0] for c in CRAWLED_LETTERS], ids=lambda p: p.name)
def test_addressee_lines_of_a_crawled_letter_are_no_tasks(path: Path) -> None:
    doc = prepared(path)
    addressees = {r.text.casefold() for r in doc.parsed.header.recipients}
    assert not [t.quote for t in doc.tasks if t.quote.strip(" ;.,–-").casefold() in addressees]


# ---------------------------------------------------------------- a hard-wrapped place-and-date line

@pytest.mark.parametrize(("path", "date", "place"), [
    (held("07"), "2018-11-16", "Sơn La"),
    (held("14"), "2013-06-24", "Hà Giang"),  # the issuer and motto are wrapped there, the date is not
], ids=lambda v: getattr(v, "name", None))
def test_wrapped_place_and_date_line(path: Path, date: str, place: str) -> None:
    h = prepared(path).parsed.header
    assert (issued(path), h.place) == (date, place)


def test_wrapped_date_ends_the_header_before_the_preamble() -> None:
    doc = prepared(held("07"))
    assert doc.parsed.header.kind == "Quyết định"
    assert doc.parsed.header.subject and "QUY CHẾ TIẾP NHẬN" in doc.parsed.header.subject
    assert not [t.quote for t in doc.tasks if t.quote.isupper()]  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" is no duty


# ---------------------------------------------------------------- a legal portal's metadata table

@pytest.mark.parametrize(("path", "facts"), [
    (held("17"), {"number": "18/CT-UBND", "issued": "2025-12-29", "effective": "2025-12-29", "kind": "Chỉ thị",
                  "signer": "Nguyễn Khắc Toàn", "issuer": "UBND thành phố Huế"}),
    (PAGES / "hcm_qd_1439_2019_hieuluat.md", {"number": "1439/QĐ-UBND", "issued": "2019-04-16",
                                               "kind": "Quyết định", "signer": "Nguyễn Thành Phong",
                                               "issuer": "UBND thành phố Hồ Chí Minh"}),
    (PAGES / "bnv_vpcp_ttlt_02_2011_caselaw.md", {"number": "02/2011/TTLT-VPCP-BNV", "issued": "2011-01-28",
                                                   "effective": "2011-03-15", "kind": "Thông tư liên tịch"}),
], ids=lambda v: getattr(v, "name", None) or "")
def test_portal_metadata_table_gives_the_facts_the_header_lacks(path: Path, facts: dict[str, str]) -> None:
    h = prepared(path).parsed.header
    e = h.effective
    got = {"number": h.number, "issued": issued(path), "kind": h.kind, "signer": h.signer.name, "issuer": h.issuer,
           "effective": f"{e.year}-{e.month:02d}-{e.day:02d}" if e.day else None}
    assert {k: got[k] for k in facts} == facts


@pytest.mark.parametrize("path", [held("17"), PAGES / "hcm_qd_1439_2019_hieuluat.md"], ids=lambda p: p.name)
def test_portal_metadata_table_stays_searchable_but_holds_no_duty(path: Path) -> None:
    doc = prepared(path)
    first = doc.parsed.sections[0]
    assert first.path == "thông tin văn bản" and any("Người ký" in ln for ln in first.lines)
    assert not [t for t in doc.tasks if t.section_path == first.path]


# ---------------------------------------------------------------- an issuer block without its place

@pytest.mark.parametrize(("path", "issuer"), [
    (held("08"), "UBND tỉnh Sơn La"),  # "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH" without a kind line: the authority
    (held("09"), "UBND tỉnh Nghệ An"),
    (held("13"), "UBND tỉnh Yên Bái"),
    (held("18"), "UBND thành phố Hà Nội"),
    (PAGES / "haiphong_qd_30_2018_hethongphapluat.md", "UBND thành phố Hải Phòng"),
    (PAGES / "quangtri_qd_41_2019_dulieuphapluat.md", "UBND tỉnh Quảng Trị"),
], ids=lambda v: getattr(v, "name", None) or v)
def test_bare_council_takes_its_place_from_the_title_block(path: Path, issuer: str) -> None:
    assert prepared(path).parsed.header.issuer == issuer


def test_subject_laid_out_without_its_kind_line_is_the_subject_not_the_issuer() -> None:
    h = prepared(PAGES / "quangtri_qd_41_2019_dulieuphapluat.md").parsed.header
    assert (h.subject or "").startswith("BAN HÀNH QUY ĐỊNH CHẾ ĐỘ BÁO CÁO")


# ---------------------------------------------------------------- what is no issuer

@pytest.mark.parametrize("path", [held("03"), held("11")], ids=lambda p: p.name)
def test_news_title_or_time_stamp_is_no_issuer(path: Path) -> None:
    issuer = prepared(path).parsed.header.issuer or ""
    assert not any(ch.isdigit() for ch in issuer) and "Chỉ số" not in issuer and "Chỉ Số" not in issuer


def test_news_title_is_the_subject_but_not_a_kind() -> None:
    h = prepared(held("03")).parsed.header
    assert (h.subject or "").startswith("BỘ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2018")
    assert h.kind is None


# ---------------------------------------------------------------- a preamble clause hard-wrapped

SHARED_DEV = Path(os.environ.get("CCHC_SHARED_DIR") or FIX.parents[2].parent / "shared") / "dev" / "docs"


@pytest.mark.parametrize(("path", "piece"), [
    (held("07"), "Chính phủ;"),  # "… Cổng thông tin điện tử" / "Chính phủ;"
    (held("07"), "Ủy ban nhân dân tỉnh,"),  # "… của Chánh Văn phòng" / "Ủy ban nhân dân tỉnh,"
    (held("14"), "Kế hoạch hóa gia đình tỉnh Hà Giang giai đoạn 2013 - 2015;"),
    (SHARED_DEV / "09_cp-nq-393-2025-du-an-luat-vien-chuc.md", "số 11344/BNV-CCVC ngày 28 tháng 11 năm 2025"),
    (SHARED_DEV / "22_haiphong-qd-211-2025-csdl-cong-chung-chung-thuc.md", "số 87/2025/QH15;"),
], ids=lambda v: getattr(v, "name", None) or v[:20])
def test_wrapped_preamble_clause_is_one_line(path: Path, piece: str) -> None:
    """A căn cứ ends with ";" and the last clause with ",": a line of the preamble without either goes on."""
    if not path.exists():
        pytest.skip(f"{path} not present")
    from corpus.layout import logical_lines
    from corpus.text import normalize_text

    lines = logical_lines(normalize_text(read_document(path).text))
    holder = next(ln for ln in lines if piece in ln)
    assert holder.startswith(("Căn cứ", "Theo đề nghị", "Xét")), holder[:80]
