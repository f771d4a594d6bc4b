"""Unit names as the text gives them (held-out FAILURES, "Other task-store faults"):

- a group's canonical name never adds a kind of member the text does not list: "UBND các huyện, thành phố" is
  not stored as "UBND các huyện, thị xã, thành phố" (a province without a thị xã);
- a list that shares one head stands for each member, also under a title: "Giám đốc các Sở: Nội vụ, Tư pháp,
  Tài chính" → Giám đốc Sở Nội vụ, … Sở Tư pháp, … Sở Tài chính; "các Sở: Tư pháp, Nội vụ, Tài chính".
"""
from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import pytest

from corpus.assignments import analyse
from corpus.reading import read_document
from corpus.store import Knowledge, PreparedDocument, prepare
from corpus.units import as_listed, load_registry

FIX = Path(__file__).resolve().parents[1] / "fixtures"
SHARED_DEV = Path(os.environ.get("CCHC_SHARED_DIR") or FIX.parents[2].parent / "shared") / "dev" / "docs"


@cache
def prepared(path: Path) -> PreparedDocument:
    return prepare(read_document(path), Knowledge())


def _task_units(path: Path, words: str) -> list[str]:
    if not path.exists():
        pytest.skip(f"{path} not present")
    task = next(t for t in prepared(path).tasks if words in t.quote)
    return [u.name for u in task.units]


@pytest.mark.parametrize(("path", "words"), [
    (next((FIX / "heldout" / "docs").glob("01_*")), "tải văn bản dự thảo"),
    (next((FIX / "dev" / "texts").glob("01_*")), "báo cáo tình hình thực hiện công tác CCHC"),
    (next((FIX / "dev" / "texts").glob("02_*")), "UBND các huyện, thành phố báo cáo theo phụ lục 2"),
    (FIX / "forms" / "qd_ubnd_tinh_lang_son_quy_che.docx", "Niêm yết công khai Phiếu khảo sát"),
], ids=lambda v: getattr(v, "name", None) or v[:24])
def test_group_keeps_the_member_kinds_the_text_lists(path: Path, words: str) -> None:
    names = _task_units(path, words)
    assert "UBND các huyện, thành phố" in names
    assert "UBND các huyện, thị xã, thành phố" not in names


@pytest.mark.parametrize(("name", "written", "want"), [
    ("UBND các huyện, thị xã, thành phố", "Ủy ban nhân dân các huyện, thành phố", "UBND các huyện, thành phố"),
    ("UBND các huyện, thị xã, thành phố", "UBND các huyện, thị xã", "UBND các huyện, thị xã"),
    ("UBND các huyện, thị xã, thành phố", "UBND cấp huyện", "UBND các huyện, thị xã, thành phố"),
    ("UBND các huyện, thị xã, thành phố", "UBND các quận, huyện, thị xã", "UBND các huyện, thị xã, thành phố"),
])
def test_as_listed_only_drops_kinds(name: str, written: str, want: str) -> None:
    assert as_listed(name, written) == want


@pytest.mark.parametrize(("path", "words", "members"), [
    (next((FIX / "heldout" / "docs").glob("09_*")), "chịu trách nhiệm thi hành",
     ["Giám đốc Sở Nội vụ", "Giám đốc Sở Tư pháp", "Giám đốc Sở Tài chính", "Giám đốc Sở Kế hoạch và Đầu tư"]),
    (SHARED_DEV / "34_thainguyen-qd-1936-2025-tthc-dau-tu.md", "Giám đốc các Sở: Tài chính",
     ["Giám đốc Sở Tài chính", "Giám đốc Sở Khoa học và Công nghệ"]),
    (FIX / "forms" / "kh_tinh_quang_tri_2025.md", "Rà soát, đề xuất phương án cắt giảm",
     ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"]),
], ids=lambda v: getattr(v, "name", None) or v[:24])
def test_a_list_under_one_head_stands_for_each_member(path: Path, words: str, members: list[str]) -> None:
    names = _task_units(path, words)
    assert all(m in names for m in members), names


@pytest.mark.parametrize(("sentence", "members"), [
    ("Giám đốc các Sở: Nội vụ, Tư pháp, Tài chính chịu trách nhiệm thi hành Quyết định này.",
     ["Giám đốc Sở Nội vụ", "Giám đốc Sở Tư pháp", "Giám đốc Sở Tài chính"]),
    ("Đề nghị các Sở: Tư pháp, Nội vụ, Tài chính báo cáo trước ngày 10/9/2015.",
     ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"]),
])
def test_listed_units_are_all_doers(sentence: str, members: list[str]) -> None:
    doers = [m.name for m, _ in analyse(sentence, load_registry()).doers]
    assert doers == members
