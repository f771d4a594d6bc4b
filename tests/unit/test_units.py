"""Units: aliases, abbreviations, groups, spelling variants, and refusing a wrong unit."""
from __future__ import annotations

import pytest

from corpus.units import load_registry, unit_key

REG = load_registry()


@pytest.mark.parametrize(("written", "canonical"), [
    ("Văn phòng HĐND & UBND huyện", "Văn phòng HĐND và UBND huyện"),
    ("Văn phòng HĐND&UBND huyện", "Văn phòng HĐND và UBND huyện"),
    ("VP HĐND-UBND", "Văn phòng HĐND và UBND huyện"),
    ("van phong hdnd va ubnd", "Văn phòng HĐND và UBND huyện"),
    ("phòng Nội vụ huyện", "Phòng Nội vụ"),
    ("P. Nội vụ", "Phòng Nội vụ"),
    ("PHÒNG NỘI VỤ", "Phòng Nội vụ"),
    ("Phòng TC-KH", "Phòng Tài chính - Kế hoạch"),
    ("Phòng Tài chính – Kế hoạch", "Phòng Tài chính - Kế hoạch"),
    ("Phòng Văn hóa - Thông tin", "Phòng Văn hóa và Thông tin"),
    ("Phòng Văn hoá và Thông tin", "Phòng Văn hóa và Thông tin"),
    ("Phòng TN&MT", "Phòng Tài nguyên và Môi trường"),
    ("Phòng Tư Pháp", "Phòng Tư pháp"),
    ("Phong Tu phap", "Phòng Tư pháp"),
    ("Phòng Nội vuu", "Phòng Nội vụ"),
    ("Thanh tra huyện", "Thanh tra huyện"),
    ("Sở NV", "Sở Nội vụ"),
    ("Văn phòng HĐND và UBND xã", "Văn phòng HĐND và UBND xã"),
    ("Phòng Văn hóa và Xã hội", "Phòng Văn hóa - Xã hội"),
])
def test_names_resolve_to_one_unit(written: str, canonical: str) -> None:
    t = REG.resolve(written)
    assert t is not None and t.name == canonical


@pytest.mark.parametrize(("written", "group"), [
    ("UBND các xã, thị trấn", "UBND các xã, thị trấn"),
    ("Ủy ban nhân dân các xã, thị trấn", "UBND các xã, thị trấn"),
    ("các cơ quan chuyên môn", "Các cơ quan chuyên môn thuộc UBND huyện"),
    ("các phòng, ban, ngành", "Các phòng, ban, ngành"),
    ("đơn vị sự nghiệp thuộc huyện", "Các đơn vị sự nghiệp thuộc huyện"),
    ("các cơ quan, đơn vị", "Các cơ quan, đơn vị"),
    ("UBND các huyện, thành phố", "UBND các huyện, thị xã, thành phố"),
])
def test_groups_are_units_with_member_kinds(written: str, group: str) -> None:
    t = REG.resolve(written)
    assert t is not None and t.name == group and t.is_group and t.members


@pytest.mark.parametrize("name", ["Sở Ngoại vụ", "Phòng Giáo dục", "Phòng Công an", "Ban Dân vận", "Nội"])
def test_a_wrong_unit_is_refused_rather_than_guessed(name: str) -> None:
    assert REG.resolve(name) is None


def test_scan_finds_units_in_a_sentence_with_their_spans() -> None:
    text = "Văn phòng HĐND&UBND huyện; UBND các xã, thị trấn báo cáo kết quả gửi về UBND huyện (qua Phòng Nội vụ)."
    found = [(m.name, text[m.start:m.end]) for m in REG.scan(text)]
    assert found[:2] == [("Văn phòng HĐND và UBND huyện", "Văn phòng HĐND&UBND huyện"),
                         ("UBND các xã, thị trấn", "UBND các xã, thị trấn")]
    assert ("Phòng Nội vụ", "Phòng Nội vụ") in found


def test_a_named_commune_is_its_own_unit() -> None:
    m = REG.scan("Giao UBND xã Vĩnh Thạch tổ chức đối thoại")[0]
    assert (m.name, m.kind, m.is_group) == ("UBND xã Vĩnh Thạch", "ubnd cấp xã", False)


def test_lower_case_words_are_not_taken_for_a_unit() -> None:
    assert not [m for m in REG.scan("tăng cường công tác thanh tra, kiểm tra") if not m.is_group]


def test_unit_key_ignores_diacritics_ampersand_and_the_district_word() -> None:
    assert unit_key("Văn phòng HĐND & UBND huyện") == unit_key("van phong hdnd va ubnd") == "van phong hdnd ubnd"


def test_an_administrator_can_add_units_without_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "units.yaml"
    extra.write_text("units:\n  - name: Phòng Dân tộc và Tôn giáo\n    kind: phòng\n    aliases: [P. DT-TG]\n",
                     encoding="utf-8")
    reg = load_registry(extra)
    assert reg.resolve("P. DT-TG").name == "Phòng Dân tộc và Tôn giáo"
    assert reg.resolve("Phòng Nội vụ").name == "Phòng Nội vụ"
