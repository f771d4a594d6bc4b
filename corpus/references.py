"""Documents a directive cites: "Kế hoạch số 11/KH-UBND ngày 15/01/2024 của UBND huyện"."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from corpus.abbreviations import KIND_CODES

# A document number: "250/KH-UBND", "68/2000/NĐ-CP", "24-CT/TU", "07/CK-BCĐCCHC", "1805/SNV-CCHCVTLT".
NUMBER = r"\d{1,5}[a-z]?(?:/\d{4})?[/\-][A-ZĐ][A-Za-zĐđ]*(?:[/\-][A-ZĐ][A-Za-zĐđ0-9]*)*"
NUMBER_RE = re.compile(r"(?<![\w/])(" + NUMBER + r")(?![\w])")

KINDS = (
    "Kế hoạch", "Quyết định", "Công văn", "Chỉ thị", "Nghị quyết", "Nghị định", "Thông tư", "Bản cam kết",
    "Thông báo", "Báo cáo", "Hướng dẫn", "Công điện", "Kết luận", "Quy chế", "Tờ trình", "Luật", "Chương trình",
)
_KIND_RE = "|".join(k for k in KINDS)
_DATE = r"(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})"
_CITE_RE = re.compile(
    r"(?:(?P<kind>" + _KIND_RE + r")\s+(?:số\s+)?|(?<=\s)số\s+)(?P<number>" + NUMBER + r")"
    r"(?:\s*(?:ngày|,\s*ngày)\s+" + _DATE + r")?",
    re.IGNORECASE,
)
_OF_RE = re.compile(r"^\s*(?:\([^)]*\)\s*)?của\s+(?P<issuer>[^;,.()\n]{2,80})")
_ISSUER_STOP = re.compile(
    r"\s+(?:về|v/v|ban hành|phê duyệt|nhằm|giữa|với|tại|trên|đến|để|thì|đã|được|quy định|hướng dẫn)\b.*$",
    re.IGNORECASE,
)
_ISSUED_BEFORE_RE = re.compile(
    r"[Nn]gày\s+" + _DATE + r"\s*,\s*(?P<issuer>[^,;.]{2,60}?)\s+(?:đã\s+)?ban hành\s*$"
)
_SUFFIX_ISSUERS = {"CP": "Chính phủ", "TTg": "Thủ tướng Chính phủ", "QH": "Quốc hội", "BNV": "Bộ Nội vụ"}


@dataclass(frozen=True)
class Citation:
    """One cited document."""

    kind: str | None
    number: str
    date: dt.date | None
    issuer: str | None
    start: int
    end: int

    def to_json(self) -> dict:
        return {"kind": self.kind, "number": self.number, "date": self.date.isoformat() if self.date else None,
                "issuer": self.issuer}


def _date(d: str | None, m: str | None, y: str | None) -> dt.date | None:
    try:
        return dt.date(int(y), int(m), int(d)) if d and m and y else None
    except ValueError:
        return None


def kind_from_number(number: str) -> str | None:
    """The document kind a number's code stands for: '11/KH-UBND' → 'Kế hoạch'."""
    for part in re.split(r"[/\-]", number)[1:]:
        if part.isdigit():
            continue  # the year of "68/2000/NĐ-CP"
        return KIND_CODES.get(part)  # the first code is the kind's ("17986/BTC-CT" is the Bộ's letter)
    return None


def _issuer_of(text: str, end: int) -> str | None:
    m = _OF_RE.match(text[end:end + 120])
    if not m:
        return None
    issuer = _ISSUER_STOP.sub("", m.group("issuer")).strip()
    return issuer or None


def _default_issuer(number: str, own_issuer: str | None) -> str | None:
    parts = re.split(r"[/\-]", number)
    for code, issuer in _SUFFIX_ISSUERS.items():
        if parts[-1] == code:
            return issuer
    if own_issuer and "UBND" in parts and own_issuer.startswith("UBND"):
        return own_issuer
    return None


def expand_issuer(issuer: str, district: str | None, province: str | None,
                  district_kind: str | None = "huyện", province_kind: str | None = "tỉnh") -> str:
    """'UBND huyện' → 'UBND huyện Vĩnh Linh'; 'UBND tỉnh' → 'UBND tỉnh Quảng Trị'."""
    words = issuer.split()
    last = words[-1].lower() if words else ""
    if last in {"huyện", "quận", "thị xã"} and district:
        return f"{issuer} {district}"
    if last in {"tỉnh", "phố"} and province:
        if last == "phố" and district_kind == "thành phố" and province_kind != "thành phố":
            return f"{issuer} {district}" if district else issuer
        return f"{issuer} {province}"
    return issuer


def find_citations(text: str, *, own_issuer: str | None = None, district: str | None = None,
                   province: str | None = None, district_kind: str | None = None,
                   province_kind: str | None = None) -> list[Citation]:
    """Every document the text cites, first mention of each number, in order."""
    seen: set[str] = set()
    out: list[Citation] = []
    for m in _CITE_RE.finditer(text):
        number = m.group("number")
        if number in seen:
            continue
        seen.add(number)
        kind = m.group("kind")
        kind = kind[0].upper() + kind[1:].lower() if kind else kind_from_number(number)
        date = _date(m.group(3), m.group(4), m.group(5))
        issuer = _issuer_of(text, m.end())
        before = _ISSUED_BEFORE_RE.search(text[max(0, m.start() - 120):m.start()])
        if before:
            date = date or _date(before.group(1), before.group(2), before.group(3))
            issuer = issuer or before.group("issuer").strip()
        issuer = issuer or _default_issuer(number, own_issuer)
        if issuer:
            issuer = expand_issuer(issuer, district, province, district_kind, province_kind)
        out.append(Citation(kind, number, date, issuer, m.start(), m.end()))
    return out


def citation_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of citations ("số 11/KH-UBND ngày 15/01/2024"), whose dates are never deadlines."""
    return [(m.start(), m.end()) for m in _CITE_RE.finditer(text)]
