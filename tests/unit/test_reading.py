"""Pure parts of reading: legacy-font detection, sizes, list numbers, plain-text decoding."""
from __future__ import annotations

import codecs

import pytest

from corpus.errors import UnreadableFile
from corpus.legacy import TCVN3, VNI, detect_legacy_encoding
from corpus.reading import decode_text
from corpus.refusals import format_size
from corpus.word_files import format_number

# Mojibake as officers meet it: a .VnTime (TCVN3) or VNI-Times document read as Latin-1.
TCVN3_SAMPLES = [
    "Céng hoµ x· héi chñ nghÜa ViÖt Nam\n§éc lËp - Tù do - H¹nh phóc",
    "Uû ban nh©n d©n huyÖn yªu cÇu c¸c c¬ quan, ®¬n vÞ göi b¸o c¸o vÒ Phßng Néi vô",
    "KÕ ho¹ch c¶i c¸ch hµnh chÝnh nhµ n­íc n¨m 2024",
]
VNI_SAMPLES = [
    "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam\nÑoäc laäp - Töï do - Haïnh phuùc",
    "UÛy ban nhaân daân huyeän yeâu caàu caùc cô quan, ñôn vò thöïc hieän Coâng vaên",
    "Keá hoaïch caûi caùch haønh chính nhaø nöôùc naêm 2024",
]
UNICODE_SAMPLES = [
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc",
    "Ủy ban nhân dân huyện yêu cầu các cơ quan, đơn vị gửi báo cáo về Phòng Nội vụ",
    "Uỷ ban nhân dân tỉnh; hoà giải ở cơ sở; thuỷ lợi; khoẻ mạnh; quý I; giúp đỡ",  # new tone placement
    "Tệp «cong_van.pdf» là bản scan (không có lớp chữ) nên không đọc được. Hãy gửi bản .docx.",
    "**KẾ HOẠCH**\n### **1. Đối với Kế hoạch CCHC của huyện**\nchậm nhất **ngày 31/01/2024**",
    "Café crème brûlée, Müller, naïve, Ångström",  # foreign names are too few to count
    "Plain ASCII text without any accent at all.",
    "",
]


@pytest.mark.parametrize("text", TCVN3_SAMPLES)
def test_tcvn3_mojibake_is_detected(text: str) -> None:
    assert detect_legacy_encoding(text) == TCVN3


@pytest.mark.parametrize("text", VNI_SAMPLES)
def test_vni_mojibake_is_detected(text: str) -> None:
    assert detect_legacy_encoding(text) == VNI


@pytest.mark.parametrize("text", UNICODE_SAMPLES)
def test_unicode_text_is_not_flagged(text: str) -> None:
    assert detect_legacy_encoding(text) is None


def test_a_few_mojibake_words_in_a_unicode_document_are_not_enough() -> None:
    body = "Ủy ban nhân dân huyện yêu cầu các cơ quan, đơn vị thực hiện nghiêm túc. " * 20
    assert detect_legacy_encoding(body + "Céng hoµ x· héi") is None


def test_a_unicode_document_with_a_large_tcvn3_part_is_flagged() -> None:
    text = UNICODE_SAMPLES[1] + "\n" + "\n".join(TCVN3_SAMPLES * 3)
    assert detect_legacy_encoding(text) == TCVN3


def test_uppercase_tcvn3_heading_is_tcvn3_not_vni() -> None:
    # .VnTimeH shows the lower-case codes as capitals; base capitals use ¡ ¢ £ ¤ ¥ ¦ §.
    heading = "Uû BAN NH¢N D¢N HUYÖN VÜNH LINH - C¤NG V¡N §I KHÈN - PHßNG NéI Vô"
    assert detect_legacy_encoding(heading) == TCVN3


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 byte"), (850, "850 byte"), (1536, "1,5 KB"), (10 * 1024 * 1024, "10 MB"), (12_900_000, "12,3 MB")],
)
def test_format_size_reads_like_an_office_worker_expects(size: int, shown: str) -> None:
    assert format_size(size) == shown


@pytest.mark.parametrize(
    ("value", "fmt", "shown"),
    [
        (3, "decimal", "3"),
        (1, "lowerLetter", "a"),
        (27, "lowerLetter", "aa"),
        (2, "upperLetter", "B"),
        (4, "upperRoman", "IV"),
        (14, "lowerRoman", "xiv"),
        (1994, "upperRoman", "MCMXCIV"),
        (5, "decimalZero", "05"),
        (7, "somethingNew", "7"),
    ],
)
def test_format_number_follows_word_formats(value: int, fmt: str, shown: str) -> None:
    assert format_number(value, fmt) == shown


VIETNAMESE = "Kế hoạch cải cách hành chính năm 2024\nPhòng Nội vụ tổng hợp."


@pytest.mark.parametrize(
    "data",
    [
        VIETNAMESE.encode("utf-8"),
        codecs.BOM_UTF8 + VIETNAMESE.encode("utf-8"),
        codecs.BOM_UTF16_LE + VIETNAMESE.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + VIETNAMESE.encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16-le", "utf-16-be"],
)
def test_decode_text_accepts_unicode_encodings(data: bytes) -> None:
    assert decode_text(data, "kh.txt") == VIETNAMESE


@pytest.mark.parametrize(
    "data",
    [b"PK\x03\x04\x00\x00binary", b"\x01\x02\x03\x04\x05\x06\x07\x08abc", codecs.BOM_UTF16_LE + b"\x00"],
    ids=["nul", "control-characters", "odd-utf-16"],
)
def test_decode_text_refuses_binary(data: bytes) -> None:
    with pytest.raises(UnreadableFile) as refused:
        decode_text(data, "du_lieu.txt")
    message = refused.value.message
    assert refused.value.reason == "binary"
    assert message.startswith("Tệp «du_lieu.txt»") and "Hãy gửi văn bản" in message
