"""Kind E: a duty sentence without its own subject goes on with the doers of the sentence before it.

In running text of one paragraph: "Đồng thời, làm rõ nguyên nhân …", "Báo cáo kết quả cho UBND tỉnh …",
"Tăng cường kiểm tra …" (no subject), "Các địa phương này phải báo cáo …" (named by 'này'). Only within the same
paragraph; a sentence with a subject of its own keeps it. Real documents (heldout2 01, 02, 06).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from corpus.passage_units import read_units
from corpus.passages import split_passages
from corpus.reading import read_document
from corpus.structure import parse_document
from corpus.text import normalize_text
from corpus.units import load_registry

REG = load_registry()
HELDOUT2 = Path(__file__).resolve().parents[1] / "fixtures" / "heldout2" / "docs"


def _doers(file: str, starts: str) -> list[str]:
    parsed = parse_document(normalize_text(read_document(HELDOUT2 / file).text))
    p = next(p for p in split_passages(parsed.sections) if p.text.startswith(starts))
    return read_units(p.text, p.extra(), REG).doers


@pytest.mark.parametrize(("file", "starts", "doer"), [
    ("01_daknong-tin-cv-3789-2019-ho-so-qua-han.md", "Đồng thời, làm rõ nguyên nhân",
     "Chủ tịch Ủy ban nhân dân các huyện, thị xã"),
    ("01_daknong-tin-cv-3789-2019-ho-so-qua-han.md", "Báo cáo kết quả cho UBND tỉnh",
     "Chủ tịch Ủy ban nhân dân các huyện, thị xã"),
    ("02_binhdinh-tin-2021-tre-hen-qua-han.md", "Các địa phương này phải báo cáo",
     "Chủ tịch Ủy ban nhân dân các huyện"),
    ("06_thanhhoa-tin-cong-dien-xe-cong-le-hoi.md", "Tăng cường kiểm tra, giám sát",
     "Ủy ban nhân dân các huyện, thị xã, thành phố"),
])
def test_a_sentence_without_its_subject_goes_on_with_the_one_before(file: str, starts: str, doer: str) -> None:
    assert doer in _doers(file, starts)


@pytest.mark.parametrize(("file", "starts", "doers"), [
    ("01_daknong-tin-cv-3789-2019-ho-so-qua-han.md", "Thủ trưởng các Sở, Ban, ngành; Chủ tịch UBND các huyện",
     ["Thủ trưởng các Sở, Ban, ngành", "Chủ tịch Ủy ban nhân dân các huyện, thị xã",
      "Chủ tịch Ủy ban nhân dân các xã, phường, thị trấn"]),
    ("02_binhdinh-tin-2021-tre-hen-qua-han.md", "Ngày 10.11, Văn phòng UBND tỉnh",
     ["Chủ tịch Ủy ban nhân dân các huyện"]),
])
def test_a_sentence_with_its_own_subject_keeps_it(file: str, starts: str, doers: list[str]) -> None:
    assert _doers(file, starts) == doers


def test_a_news_items_report_this_way_is_stored_with_the_units_named_before() -> None:
    from corpus.store import Knowledge, prepare

    doc = prepare(read_document(HELDOUT2 / "02_binhdinh-tin-2021-tre-hen-qua-han.md"), Knowledge())
    task = next(t for t in doc.tasks if t.quote.startswith("Các địa phương này"))
    assert "Các địa phương" not in [u.name for u in task.units]
