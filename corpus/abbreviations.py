"""The abbreviations of Vietnamese administrative writing and their expansions."""
from __future__ import annotations

import re

from corpus.text import key

# abbreviation -> expansion (as the texts write it). Longest forms first matter only for matching.
ABBREVIATIONS: dict[str, str] = {
    "CCHC": "cải cách hành chính",
    "TTHC": "thủ tục hành chính",
    "UBND": "Ủy ban nhân dân",
    "HĐND": "Hội đồng nhân dân",
    "VBQPPL": "văn bản quy phạm pháp luật",
    "QPPL": "quy phạm pháp luật",
    "XHH": "xã hội học",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "CBCC": "cán bộ, công chức",
    "ĐVSNCL": "đơn vị sự nghiệp công lập",
    "BCĐ": "Ban Chỉ đạo",
    "PAR INDEX": "Chỉ số cải cách hành chính",
    "SIPAS": "Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
    "PAPI": "Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh",
    "PCI": "Chỉ số năng lực cạnh tranh cấp tỉnh",
    "DDCI": "Chỉ số năng lực cạnh tranh cấp sở, ngành và địa phương",
    "CNTT": "công nghệ thông tin",
    "CSDL": "cơ sở dữ liệu",
    "DVC": "dịch vụ công",
    "DVCTT": "dịch vụ công trực tuyến",
    "KT-XH": "kinh tế - xã hội",
    "KTXH": "kinh tế - xã hội",
    "MTTQ": "Mặt trận Tổ quốc",
    "TCVN": "tiêu chuẩn quốc gia",
    "VP": "Văn phòng",
    "TC-KH": "Tài chính - Kế hoạch",
    "TCKH": "Tài chính - Kế hoạch",
    "VH-TT": "Văn hóa - Thông tin",
    "VHTT": "Văn hóa - Thông tin",
    "TN-MT": "Tài nguyên và Môi trường",
    "TNMT": "Tài nguyên và Môi trường",
    "LĐ-TB&XH": "Lao động - Thương binh và Xã hội",
    "LĐTBXH": "Lao động - Thương binh và Xã hội",
    "GD-ĐT": "Giáo dục và Đào tạo",
    "GDĐT": "Giáo dục và Đào tạo",
    "KT-HT": "Kinh tế - Hạ tầng",
    "NN-PTNT": "Nông nghiệp và Phát triển nông thôn",
    "SNV": "Sở Nội vụ",
    "TT": "Thường trực",
    "CT": "Chủ tịch",
    "PCT": "Phó Chủ tịch",
    "KH": "kế hoạch",
    "CV": "công văn",
    "QĐ": "quyết định",
    "BC": "báo cáo",
    "TB": "thông báo",
    "NĐ": "nghị định",
    "TTg": "Thủ tướng Chính phủ",
}

# Document-kind codes in numbers ("11/KH-UBND") and the kind they stand for.
KIND_CODES: dict[str, str] = {
    "KH": "Kế hoạch",
    "QĐ": "Quyết định",
    "CT": "Chỉ thị",
    "TB": "Thông báo",
    "BC": "Báo cáo",
    "HD": "Hướng dẫn",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "TT": "Thông tư",
    "CK": "Bản cam kết",
    "CĐ": "Công điện",
    "KL": "Kết luận",
    "QC": "Quy chế",
}

_BY_KEY = {key(a): e for a, e in ABBREVIATIONS.items()}
_ABBR_RE = re.compile(
    r"(?<![\w])(" + "|".join(re.escape(a) for a in sorted(ABBREVIATIONS, key=len, reverse=True)) + r")(?![\w])"
)


def expansion(abbr: str) -> str | None:
    """The expansion of an abbreviation, whatever its case and diacritics (None if unknown)."""
    return _BY_KEY.get(key(abbr))


def expand_abbreviations(text: str) -> str:
    """The text with every known upper-case abbreviation written out."""
    return _ABBR_RE.sub(lambda m: ABBREVIATIONS[m.group(1)], text)
