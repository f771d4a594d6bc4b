"""The header facts and sections of the five seeds, against the gold."""
from __future__ import annotations

import pytest

from corpus.structure import expand_unit_list, parse_document
from corpus.text import normalize_text
from tests.conftest import SEEDS
from tests.gold import gold_docs, loose, unit_in

DOCS = {d["file"]: d for d in gold_docs()}


def parsed(file: str):  # type: ignore[no-untyped-def]
    return parse_document(normalize_text((SEEDS / file).read_text(encoding="utf-8")))


@pytest.mark.parametrize("file", sorted(DOCS))
def test_header_matches_gold(file: str) -> None:
    g, h = DOCS[file], parsed(file).header
    assert h.kind == g["kind"]
    assert h.number == g["number"]
    assert loose(h.issuer) == loose(g["issuer"])
    assert h.locality.district == g["locality"]["district"]
    assert h.locality.province == g["locality"]["province"]
    assert (h.issued.year, h.issued.month, h.issued.day) == (g["issued"]["year"], g["issued"]["month"],
                                                             g["issued"]["day"])
    assert loose(h.subject) == loose(g["subject"])
    assert h.signer.name == g["signer"]["name"]
    assert h.signer.title == g["signer"]["title"]


@pytest.mark.parametrize("file", sorted(f for f, d in DOCS.items() if d.get("recipients")))
def test_recipients_match_gold(file: str) -> None:
    got = parsed(file).header.recipients
    want = DOCS[file]["recipients"]
    assert len(got) == len(want)
    for r, w in zip(got, want, strict=True):
        assert unit_in(w.get("canonical", w["text"]), [r.text]) or loose(r.text) == loose(w["text"])
        assert r.group == bool(w.get("group"))


@pytest.mark.parametrize("file", sorted(DOCS))
def test_references_match_gold(file: str) -> None:
    got = {c.number: c for c in parsed(file).citations}
    for ref in DOCS[file]["references"]:
        c = got[ref["number"]]
        assert c.date == ref["date"]
        assert loose(ref["issuer"]) in loose(c.issuer) or loose(c.issuer) in loose(ref["issuer"]), c.issuer


def test_appendix_typo_does_not_change_the_letter() -> None:
    doc = parsed("004_cf6e948d9e8e915c.txt")
    assert (doc.header.issued.year, doc.header.issued.month) == (2024, 12)
    assert any(s.appendix for s in doc.sections)
    assert all(not s.appendix for s in doc.sections if s.path in {"1", "2"})


def test_section_tree_of_the_plan() -> None:
    paths = {s.path: s for s in parsed("003_54a8849ad7dd6938.txt").sections}
    assert paths["III.5"].heading == "Phòng Tư pháp có trách nhiệm"
    assert paths["II.3.1"].level == 3
    assert paths["III"].heading == "TỔ CHỨC THỰC HIỆN"
    assert any("văn bản QPPL" in line for line in paths["III.5"].lines)


def test_unit_lists_are_expanded() -> None:
    assert expand_unit_list("các phòng: Nội vụ, Tư pháp và Văn phòng HĐND&UBND huyện") == [
        "Phòng Nội vụ", "Phòng Tư pháp", "Văn phòng HĐND và UBND huyện"]


def test_blank_number_and_day_are_kept_blank() -> None:
    h = parse_document("Số: /UBND-NV\nHà Nội, ngày    tháng 3 năm 2024\n\n"
                       "V/v thử\n\nKính gửi: Phòng Nội vụ\n\nNội dung.").header
    assert h.number == "/UBND-NV"
    assert (h.issued.year, h.issued.month, h.issued.day) == (2024, 3, None)


# A portal's one-line title, in real pages (tests/fixtures/dev/texts/03_…, tests/fixtures/heldout/docs/01_…).
@pytest.mark.parametrize(("file", "number", "day", "subject"), [
    ("dev/texts/03_sonla-snv-gop-y-kh-tuyen-truyen-cchc-2017.txt", "1448/SNV-CCHC", (2016, 12, 27),
     "xin ý kiến vào dự thảo Kế hoạch Tuyên truyền công tác cải cách hành chính tỉnh Sơn La năm 2017"),
    ("heldout/docs/01_sonla-snv-cv-972-2018-du-thao-huong-dan-chi-so-cchc.md", "972/SNV-CCHC", (2018, 7, 18),
     "tham gia dự thảo hướng dẫn tự đánh giá, chấm điểm để xác định Chỉ số CCHC"),
])
def test_a_one_line_portal_title_gives_number_date_and_subject(file: str, number: str, day: tuple[int, int, int],
                                                               subject: str) -> None:
    from pathlib import Path

    from corpus.reading import read_document

    path = Path(__file__).resolve().parent.parent / "fixtures" / file
    h = parse_document(normalize_text(read_document(path).text)).header
    assert (h.kind, h.number) == ("Công văn", number)
    assert (h.issued.year, h.issued.month, h.issued.day) == day
    assert h.subject == subject
