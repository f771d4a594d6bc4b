"""Text normalisation: one form for documents and queries alike."""
from __future__ import annotations

import unicodedata

import pytest

from corpus.abbreviations import expand_abbreviations, expansion
from corpus.text import fold, key, normalize_text, normalize_tones, strip_markup


@pytest.mark.parametrize(("old", "new"), [
    ("hoà", "hòa"), ("Hoà Bình", "Hòa Bình"), ("thuỷ lợi", "thủy lợi"), ("Uỷ ban", "Ủy ban"), ("uỷ", "ủy"),
    ("khoẻ", "khỏe"), ("hoạ", "họa"), ("Tỉnh uỷ Quảng Trị", "Tỉnh ủy Quảng Trị"), ("hoá", "hóa"),
])
def test_both_tone_placements_compare_equal(old: str, new: str) -> None:
    assert normalize_tones(old) == normalize_tones(new) == new


@pytest.mark.parametrize("word", ["quý", "Quý", "hoàn", "thuyền", "khoảng", "giúp", "Huế", "hòa"])
def test_words_already_right_are_left_alone(word: str) -> None:
    assert normalize_tones(word) == word


def test_nfd_input_becomes_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Phòng Tư pháp")
    assert normalize_text(nfd) == "Phòng Tư pháp"


@pytest.mark.parametrize(("raw", "clean"), [
    ("chậm nhất **ngày 31/01/2024**.", "chậm nhất ngày 31/01/2024."),
    ("(*qua Phòng Nội vụ*)", "(qua Phòng Nội vụ)"),
    ("### **1. Đối với Kế hoạch**", "1. Đối với Kế hoạch"),
    ("<b>V</b>\t<b>Cải cách chế độ công vụ</b>\t\t", "V | Cải cách chế độ công vụ"),
    ("| STT | Nhiệm vụ |\n|---|---|\n| 1 | Rà soát |", "STT | Nhiệm vụ\n\n1 | Rà soát"),
    ("Tổng kinh phí:.....đồng", "Tổng kinh phí: đồng"),
    ("**\\* Ghi chú:**", "Ghi chú:"),
    ("V/v triển khai của  \nhuyện", "V/v triển khai của\nhuyện"),
])
def test_markup_is_stripped(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean


def test_strip_markup_keeps_line_breaks() -> None:
    assert strip_markup("a\n\nb") == "a\n\nb"


def test_fold_keeps_length_and_maps_d() -> None:
    s = "Đường Hoà Bình, thuỷ lợi, ỦY BAN"
    assert fold(s) == "Duong Hoa Binh, thuy loi, UY BAN"
    assert len(fold(s)) == len(unicodedata.normalize("NFC", s))


def test_key_reads_ampersand_as_va_and_ignores_punctuation() -> None:
    assert key("Văn phòng HĐND & UBND huyện") == key("văn phòng hđnd và ubnd huyện") == "van phong hdnd va ubnd huyen"


@pytest.mark.parametrize(("abbr", "full"), [
    ("CCHC", "cải cách hành chính"), ("TTHC", "thủ tục hành chính"), ("VBQPPL", "văn bản quy phạm pháp luật"),
    ("XHH", "xã hội học"), ("ĐVSNCL", "đơn vị sự nghiệp công lập"), ("BCĐ", "Ban Chỉ đạo"),
    ("cchc", "cải cách hành chính"), ("PAR INDEX", "Chỉ số cải cách hành chính"),
])
def test_abbreviations_are_known(abbr: str, full: str) -> None:
    assert expansion(abbr) == full


def test_expand_abbreviations_in_text() -> None:
    assert expand_abbreviations("Kế hoạch CCHC của UBND") == "Kế hoạch cải cách hành chính của Ủy ban nhân dân"
