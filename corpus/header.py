"""The header block of a directive (issuer, number, place and date, kind, subject, addressees) and its
signature block (Nơi nhận, who signed).

The header ends where the body starts: at the first line that is none of the header's own lines
("Căn cứ …", "Thực hiện …", "Theo đề nghị …", "QUYẾT ĐỊNH:", "Điều 1.", "I. …", a paragraph), also when
there is no blank line between them. Works on the lines of `corpus.layout.logical_lines`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.dates import PartialDate
from corpus.layout import (
    KINH_GUI,
    MARKER,
    MOTTO,
    NOI_NHAN,
    SIGN_PREFIX,
    authority_line,
    cells_of,
    is_caps,
    is_row,
    kind_line,
)
from corpus.localities import Locality
from corpus.text import UPPER as U

TITLE_KINDS = {
    "KẾ HOẠCH": "Kế hoạch", "QUYẾT ĐỊNH": "Quyết định", "THÔNG BÁO": "Thông báo", "BÁO CÁO": "Báo cáo",
    "CHỈ THỊ": "Chỉ thị", "HƯỚNG DẪN": "Hướng dẫn", "TỜ TRÌNH": "Tờ trình", "CÔNG ĐIỆN": "Công điện",
    "CHƯƠNG TRÌNH": "Chương trình", "QUY CHẾ": "Quy chế", "NGHỊ QUYẾT": "Nghị quyết", "KẾT LUẬN": "Kết luận",
    "QUY ĐỊNH": "Quy định", "DANH MỤC": "Danh mục", "PHỤ LỤC": "Phụ lục", "QUY TRÌNH": "Quy trình",
    "PHƯƠNG ÁN": "Phương án", "ĐỀ ÁN": "Đề án", "ĐỀ CƯƠNG": "Đề cương", "LỊCH": "Lịch", "CÔNG VĂN": "Công văn",
}
NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<number>\d*[a-z]?\s?/\s?[^\s,]+|\d+[^\s,]*)?", re.IGNORECASE)
DATE_LINE = re.compile(
    rf"(?P<place>[{U}][^\W\d_]*\.?(?:[ \-]+[{U}][^\W\d_]*\.?){{0,4}})\s*,\s*ngày\s*(?P<d>\d{{1,2}})?\s*[.…]*\s*"
    r"tháng\s*(?P<m>\d{1,2})?\s*[.…]*\s*năm\s*(?P<y>\d{4})?"
)
_VV = re.compile(r"(?:^|\s)(?:V/v|Về việc)\s*:?\s*(.*)$", re.IGNORECASE)
_KIND_NUMBER = re.compile(
    r"^(?P<kind>Công văn|Kế hoạch|Quyết định|Thông báo|Báo cáo|Chỉ thị|Hướng dẫn|Công điện|Văn bản)\s+số\s+"
    r"(?P<number>[^\s,]+)", re.IGNORECASE)
_BARE_DATE = re.compile(r"(?:^|\s)[Nn]gày\s+(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})")
_KIND_AND_SUBJECT = re.compile(r"^(" + "|".join(TITLE_KINDS) + r")\s+((?:VỀ|V/V|BAN HÀNH|CÔNG BỐ|PHÊ DUYỆT|TRIỂN KHAI|"
                               r"THỰC HIỆN|TĂNG CƯỜNG|QUY ĐỊNH|CẢI CÁCH)\b.*)$")
_ATTACHED_NOTE = re.compile(r"^\((?:Ban hành |Được ban hành )?[Kk]èm theo\b")
_TITLE_WORDS = (
    r"CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|BÍ THƯ|THỦ TRƯỞNG|TRƯỞNG BAN CHỈ ĐẠO|"
    r"CHÁNH THANH TRA|CỤC TRƯỞNG|BỘ TRƯỞNG|THỨ TRƯỞNG|THỦ TƯỚNG|CHỦ NHIỆM|VỤ TRƯỞNG|CHÁNH ÁN|VIỆN TRƯỞNG|"
    r"TỔNG GIÁM ĐỐC|TỔNG CỤC TRƯỞNG|TRƯỞNG ĐOÀN|TỔ TRƯỞNG"
)
_TITLES = re.compile(rf"(?:PHÓ\s+)?(?:{_TITLE_WORDS})")
_TITLE_AT_END = re.compile(rf"(?:^|\s)((?:PHÓ\s+)?(?:{_TITLE_WORDS}))\s*$")
_PERSON = re.compile(rf"^[{U}][^\W\d_]+(?:\s+[{U}][^\W\d_]+){{1,4}}$")
_PERSON_AT_END = re.compile(rf"(?:^|\s)([{U}][^\W\d_]*[^\W\d_{U}][^\W\d_]*(?:\s+[{U}][^\W\d_]*){{1,4}})\s*$")
_BULLET = re.compile(r"^[-–+•]\s*")
GROUP_WORDS = re.compile(r"\b(các|những|toàn thể)\b", re.IGNORECASE)
_DECISION_CUE = re.compile(r"^(QUYẾT ĐỊNH|QUYẾT NGHỊ|CHỈ THỊ|KẾT LUẬN)\s*:")
# A portal's stamp on the page, not a fact of the document: "Đăng ngày: 20/07/2018 08:00:54", "Ngày cập nhật
# 16/08/2023", "- 12/05/2016 04:00:00 PM".
_PORTAL_STAMP = re.compile(
    r"^(?:(?:Đăng ngày|Ngày đăng|Ngày cập nhật|Cập nhật|Ngày xuất bản|Thời gian đăng)\s*:?\s*\d"
    r"|[-–]?\s*\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}\s+\d{1,2}\s*:\s*\d{2}(?:\s*:\s*\d{2})?\s*(?:AM|PM|SA|CH)?\s*$)",
    re.IGNORECASE)
# A date anywhere in a crawled title line: "Công văn số 972/SNV-CCHC ngày 18/7/2018 V/v …", "Số 924/SNV-CCHC
# Ngày 07-9-2015 V/v …".
_INLINE_DATE = re.compile(r"(?:^|\s)[Nn]gày\s+(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})\b")
# Where the council of an issuer line without its place names it in the title block: "ỦY BAN NHÂN DÂN TỈNH NGHỆ
# AN", "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ GIANG" (the hethongphapluat / thuvienphapluat layouts).
_TITLED_AUTHORITY = re.compile(rf"^(?:(?:PHÓ\s+)?(?:{_TITLE_WORDS})\s+)?(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)"
                               r"\s+(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU)\b")
_TITLE_FIRST = re.compile(rf"^(?:PHÓ\s+)?(?:{_TITLE_WORDS})\s+\S")
_CAPS_THEN_NUMBER = re.compile(r"^(.*?[^\W\d_].*?)\s+(Số\s*:\s*\d\S*)\s*$")
_SUBJECT_START = re.compile(r"^(?:VỀ|V/V|BAN HÀNH|CÔNG BỐ|PHÊ DUYỆT|TRIỂN KHAI|THỰC HIỆN|TĂNG CƯỜNG|QUY ĐỊNH|SỬA ĐỔI|"
                            r"THÔNG QUA|BÃI BỎ|KIỆN TOÀN|THÀNH LẬP|GIAO|ĐẨY MẠNH|NÂNG CAO)\b")
BARE_COUNCIL = re.compile(r"^(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)$")

# ---------------------------------------------------------------- a legal portal's metadata table
# "| Số hiệu | 18/CT-UBND |", "Số hiệu: | 1439/QĐ-UBND | Ngày đăng công báo: | Đang cập nhật |",
# "• Ngày ban hành: 28-01-2011": the portal's fields about the document, read when the header block lacks them.
META_FIELDS = {
    "số hiệu": "number", "số hiệu văn bản": "number", "số ký hiệu": "number", "số/ký hiệu": "number",
    "ký hiệu": "number", "loại văn bản": "kind", "cơ quan ban hành": "issuer", "nơi ban hành": "issuer",
    "ngày ban hành": "issued", "ngày có hiệu lực": "effective", "ngày hiệu lực": "effective",
    "người ký": "signer", "lĩnh vực": "", "lĩnh vực, ngành": "", "ngày đăng công báo": "", "số công báo": "",
    "hết hiệu lực": "", "áp dụng": "", "tình trạng hiệu lực": "", "tình trạng": "", "ngày hết hiệu lực": "",
    "ngày bị bãi bỏ, thay thế": "", "thời gian duy trì hiệu lực": "", "ngôn ngữ": "", "chức vụ": "",
    "định dạng văn bản hiện có": "", "ngày công báo": "", "tình trạng văn bản": "", "cập nhật": "",
}
_META_DATE = re.compile(r"^(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})$")
# A body line: where the header ends even when no blank line separates them.
_BODY_CUE = re.compile(
    r"^(Căn cứ|Thực hiện|Theo đề nghị|Theo|Xét đề nghị|Xét|Trên cơ sở|Để|Nhằm|Ngày \d|Từ ngày|Trong|Năm \d|"
    r"Hiện nay|Qua|Vừa qua|Sáng|Chiều|Tối|Sau khi|Nhận được|Tiếp theo|Phúc đáp|Triển khai|Ủy ban|UBND|Sở|Bộ|"
    r"Chủ tịch|Tiếp|QUYẾT ĐỊNH\s*:|QUYẾT NGHỊ\s*:|CHỈ THỊ\s*:|Điều\s+1\b)"
)


@dataclass(frozen=True)
class Recipient:
    text: str
    group: bool

    def to_json(self) -> dict:
        return {"text": self.text, "group": self.group}


@dataclass(frozen=True)
class Signer:
    name: str | None
    title: str | None
    on_behalf: str | None = None  # "TM. ỦY BAN NHÂN DÂN"

    def to_json(self) -> dict:
        return {"name": self.name, "title": self.title}


@dataclass
class Header:
    kind: str | None = None
    number: str | None = None
    issuer: str | None = None
    locality: Locality = field(default_factory=Locality)
    issued: PartialDate = field(default_factory=PartialDate)
    subject: str | None = None
    recipients: list[Recipient] = field(default_factory=list)
    signer: Signer = field(default_factory=lambda: Signer(None, None))
    cc: list[str] = field(default_factory=list)  # Nơi nhận
    issuer_lines: list[str] = field(default_factory=list)  # as written ("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP")
    place: str | None = None  # of the place-and-date line
    authority: str | None = None  # "BỘ TRƯỞNG BỘ NỘI VỤ" of a decision's title block
    attached_to: str | None = None  # "(Ban hành kèm theo Quyết định số …)" of an attached document
    effective: PartialDate = field(default_factory=PartialDate)  # a portal's "Ngày có hiệu lực"
    meta: dict[str, str] = field(default_factory=dict)  # a portal's metadata table (field → value as written)
    meta_lines: list[str] = field(default_factory=list)  # its fields as "Người ký: …" lines, kept for the body
    news_title: bool = False  # the subject is a news item's title (the kind of the directive is unknown)


def title_case(line: str) -> str:
    """'PHÓ CHỦ TỊCH' → 'Phó Chủ tịch'; 'CHỦ TỊCH' → 'Chủ tịch'."""
    words = line.lower().split()
    if not words:
        return line
    n = 2 if words[0] == "phó" and len(words) > 1 else 1
    return " ".join(w[:1].upper() + w[1:] if i < n else w for i, w in enumerate(words))


def _clean_place(place: str) -> str:
    """Drop all-capital tokens glued before the place name ('UBND-NV Vĩnh Linh' → 'Vĩnh Linh')."""
    words = place.split()
    while len(words) > 1 and (words[0].isupper() and len(words[0]) > 1 and not words[0].endswith(".")
                              or "-" in words[0] or words[0].endswith(":")):
        words.pop(0)
    return " ".join(words)


def _number(m: re.Match[str]) -> str | None:
    return re.sub(r"\s+", "", m.group("number") or "") or None


def _date_of(m: re.Match[str]) -> PartialDate:
    return PartialDate(*(int(m.group(g)) if m.group(g) else None for g in ("y", "m", "d")))


def _subject_part(line: str) -> bool:
    """A line that can continue a title: not a body paragraph, not the authority or a cue."""
    return ((len(line) < 600 if is_caps(line) else len(line) < 250)
            and not _BODY_CUE.match(line) and not authority_line(line)
            and not KINH_GUI.match(line) and not MOTTO.search(line) and not NUMBER_LINE.match(line)
            and not MARKER.match(line) and not (is_caps(line) and kind_line(line)))


def meta_pairs(line: str) -> list[tuple[str, str, str]]:
    """The (field, value, field as written) triples of one line of a portal's metadata table; [] for any other."""
    s = _BULLET.sub("", line.strip()).strip()
    pairs: list[tuple[str, str, str]] = []
    if is_row(s):
        cells = cells_of(s)
        for k, cell in enumerate(cells[:-1]):
            written = cell.rstrip(" :").strip()
            if written.lower() in META_FIELDS:
                pairs.append((written.lower(), cells[k + 1].strip(), written))
    elif m := re.match(r"^([^:|]{3,40}?)\s*:\s*(.*)$", s):
        written = m.group(1).strip()
        if written.lower() in META_FIELDS:
            pairs.append((written.lower(), m.group(2).strip(), written))
    return pairs


def _meta_ahead(lines: list[str], i: int, end: int) -> bool:
    """A metadata table starts within the next three lines that hold text."""
    seen = 0
    for j in range(i + 1, end):
        if not lines[j].strip():
            continue
        if meta_pairs(lines[j]):
            return True
        seen += 1
        if seen >= 3:
            return False
    return False


def _apply_meta(h: Header) -> None:
    """Header facts the header block lacks, from the portal's metadata table."""
    fields = {META_FIELDS[k]: v for k, v in h.meta.items() if META_FIELDS.get(k) and v}
    if (v := fields.get("number")) and h.number is None and re.search(r"\d", v):
        h.number = v.replace(" ", "")
    for name in ("issued", "effective"):
        if (v := fields.get(name)) and (m := _META_DATE.match(v)) and getattr(h, name) == PartialDate():
            setattr(h, name, _date_of(m))
    if (v := fields.get("kind")) and h.kind is None:
        h.kind = TITLE_KINDS.get(v.upper()) or v[:1].upper() + v[1:].lower()


def _wrapped_date(lines: list[str], i: int, end: int) -> tuple[re.Match[str], int] | None:
    """A place-and-date line the crawl hard-wrapped ('Sơn' / 'La, ngày 16 tháng 11' / 'năm 2018'): the match on
    the re-joined lines and the index after them. Only short pieces that are none of the header's own lines."""
    parts: list[str] = []
    j = i
    while j < end and len(parts) < 3:
        piece = lines[j].strip()
        if not piece or len(piece) > 60 or (parts and (NUMBER_LINE.match(piece) or is_caps(piece))):
            break
        parts.append(piece)
        j += 1
        d = DATE_LINE.search(" ".join(parts))
        if d and len(parts) > 1 and d.group("y") and d.start() <= len(parts[0]):
            return d, j
    return None


def read_header(lines: list[str], start: int = 0, *, limit: int = 60) -> tuple[Header, int]:
    """The header facts of the document (or attached document) beginning at `start`, and the index of
    its first body line."""
    h = Header()
    i, end = start, min(len(lines), start + limit)
    saw_kind = False
    while i < end:
        line = lines[i].strip()
        if MOTTO.search(line) and h.issued == PartialDate() and (d := DATE_LINE.search(line)) and d.group("y"):
            h.place, h.issued = _clean_place(d.group("place")), _date_of(d)  # the motto's cell holds the date
        if not line or MOTTO.search(line) or re.fullmatch(r"[-–_=*. ]+", line) or _PORTAL_STAMP.match(line):
            i += 1
            continue
        if is_caps(line) and h.number is None and (m := _CAPS_THEN_NUMBER.match(line)) \
                and (n := NUMBER_LINE.match(m.group(2))):
            h.issuer_lines.append(m.group(1).strip())  # "ỦY BAN NHÂN DÂN Số: 1439/QĐ-UBND": issuer and number
            h.number = _number(n)  # in one cell
            i += 1
            continue
        fresh = h.number is None and not h.issuer_lines and not saw_kind and h.issued == PartialDate()
        if fresh and (pairs := meta_pairs(line)):
            h.meta.update((k, v) for k, v, _ in pairs if k not in h.meta)
            h.meta_lines.extend(f"{w}: {v}" for _, v, w in pairs if v)
            i += 1
            continue
        if fresh and not h.meta and i - start < 8 and not is_caps(line) and _meta_ahead(lines, i, end):
            i += 1  # the portal's page title above its metadata table
            continue
        if (m := NUMBER_LINE.match(line)) and h.number is None:
            h.number = _number(m)
            if (d := DATE_LINE.search(line)) and h.issued == PartialDate():
                h.place, h.issued = _clean_place(d.group("place")), _date_of(d)
            elif (d := _INLINE_DATE.search(line)) and h.issued == PartialDate():
                h.issued = _date_of(d)
            if (v := _VV.search(line)) and not h.subject:
                subject = v.group(1)
                if d := DATE_LINE.search(subject):
                    subject = subject[: d.start()]
                h.subject = subject.strip(" ,") or None
            i += 1
            continue
        if (d := DATE_LINE.search(line)) and h.issued == PartialDate() and len(line) < 120 and d.group("y"):
            h.place, h.issued = _clean_place(d.group("place")), _date_of(d)
            i += 1
            continue
        if h.issued == PartialDate() and not is_caps(line) and (w := _wrapped_date(lines, i, end)):
            d, i = w
            h.place, h.issued = _clean_place(d.group("place")), _date_of(d)
            continue
        if (d := DATE_LINE.search(line)) and h.issued == PartialDate() and len(line) < 120:
            h.place, h.issued = _clean_place(d.group("place")), _date_of(d)
            i += 1
            continue
        if (m := _VV.match(line)) and not h.subject:
            parts = [m.group(1).strip()]
            i += 1
            while i < end and lines[i].strip() and len(lines[i]) < 150 and not KINH_GUI.match(lines[i]) \
                    and not _BODY_CUE.match(lines[i]) and not DATE_LINE.search(lines[i]) and not MOTTO.search(lines[i]):
                parts.append(lines[i].strip())
                i += 1
            h.subject = " ".join(p for p in parts if p) or None
            continue
        if KINH_GUI.match(line):
            h.recipients, i = parse_recipients(lines, i)
            break
        if _ATTACHED_NOTE.match(line):
            h.attached_to = line.strip("() ")
            i += 1
            continue
        if is_caps(line) and not MARKER.match(line) and not _DECISION_CUE.match(line):
            if not saw_kind and h.issuer_lines and (h.number or h.issued != PartialDate()) and \
                    (_TITLED_AUTHORITY.match(line) or _TITLE_FIRST.match(line)) and not h.authority:
                h.authority = line  # the title block's authority, laid out without its kind line
                i += 1
                continue
            if not saw_kind and h.issuer_lines and (h.number or h.issued != PartialDate()) and not h.subject \
                    and _SUBJECT_START.match(line):
                i = _read_subject(lines, i, end, h)  # the subject, laid out without its kind line
                continue
            if kind_line(line.rstrip(":")) and not line.rstrip().endswith(":"):
                if saw_kind and h.kind:
                    break  # a second title: another (attached) document
                h.kind, saw_kind = TITLE_KINDS[line.strip(" :")], True
                i = _read_subject(lines, i + 1, end, h)
                continue
            if (m := _KIND_AND_SUBJECT.match(line)) and not h.kind and not authority_line(line):
                h.kind, saw_kind = TITLE_KINDS[m.group(1)], True
                h.subject = h.subject or m.group(2).strip()
                i += 1
                continue
            if saw_kind:
                if authority_line(line):
                    h.authority = line
                    i += 1
                    continue
                break
            h.issuer_lines.append(line)
            i += 1
            continue
        if (m := _KIND_NUMBER.match(line)) and h.number is None:
            h.number = m.group("number")
            h.kind = h.kind or m.group("kind").capitalize().replace("Văn bản", "Công văn")
            _title_line_facts(line[m.end():], h)
            i += 1
            continue
        if h.issued == PartialDate() and i - start < 6 and (m := _BARE_DATE.search(line)):
            h.issued = PartialDate(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        break
    _apply_meta(h)
    if start == 0 and len(h.issuer_lines) == 1 and h.number is None and not saw_kind and h.place is None \
            and not h.recipients and _news_title(h.issuer_lines[0]):
        h.subject = h.subject or h.issuer_lines.pop()  # a news item's title, not an issuer
        h.news_title = True
    return h, i


def _news_title(line: str) -> bool:
    """A capitalised line that names a topic, not an issuing body: it holds a year or is long."""
    return bool(re.search(r"\b(?:19|20)\d{2}\b", line)) or len(line.split()) >= 14


_ABOUT = re.compile(r"(?:^|\s)(?:V/v|Về việc|về)\s*:?\s*(.{8,})$", re.IGNORECASE)


def _title_line_facts(rest: str, h: Header) -> None:
    """The date and subject a portal's one-line title gives after the number ('Công văn số 1448/SNV-CCHC ngày
    27/12/2016 V/v xin ý kiến vào dự thảo Kế hoạch …'), when the header has none of its own."""
    if h.issued == PartialDate() and (d := _BARE_DATE.match(rest) or _BARE_DATE.search(rest[:40])):
        h.issued = PartialDate(int(d.group("y")), int(d.group("m")), int(d.group("d")))
    if not h.subject and (v := _ABOUT.search(rest)):
        h.subject = v.group(1).strip(" .;,") or None


def _read_subject(lines: list[str], i: int, end: int, h: Header) -> int:
    """The title lines after a kind line ('KẾ HOẠCH' / 'Nâng cao Chỉ số …'), up to the authority or body."""
    parts: list[str] = []
    while i < end:
        line = lines[i].strip()
        if not line:
            if parts:
                nxt = next((ln.strip() for ln in lines[i + 1:end] if ln.strip()), "")
                if not (is_caps(nxt) and is_caps(parts[-1]) and _subject_part(nxt) and not _ATTACHED_NOTE.match(nxt)):
                    i += 1
                    break
            i += 1
            continue
        if _ATTACHED_NOTE.match(line):
            h.attached_to = line.strip("() ")
            i += 1
            continue
        if not _subject_part(line) or (parts and is_caps(parts[-1]) != is_caps(line) and not line[:1].islower()):
            break
        if parts and not is_caps(line) and len(" ".join(parts)) > 200:
            break
        parts.append(line)
        i += 1
    if parts:
        subject = " ".join(parts)
        h.subject = subject if not h.subject else h.subject
    return i


# ---------------------------------------------------------------- addressees

def expand_unit_list(text: str) -> list[str]:
    """'các phòng: Nội vụ, Tư pháp và Văn phòng HĐND&UBND huyện' → ['Phòng Nội vụ', 'Phòng Tư pháp', 'Văn phòng …']."""
    m = re.match(r"^(?:Các|các)\s+(phòng|sở|ban|Phòng|Sở|Ban|Bộ|bộ)\s*:\s*(.+)$", text.strip())
    if not m:
        return [text.strip()]
    head = m.group(1).capitalize()
    body = re.sub(r"HĐND\s*(?:và|&)\s*UBND", "HĐND\u0000UBND", m.group(2))
    parts = re.split(r",\s*|\s+và\s+(?=" + _UNIT_WORD + rf"\b)|\s+và\s+(?=[{U}][^\s]*$)", body)
    out = []
    for part in (p.replace("\u0000", " và ").strip(" .;") for p in parts):
        if part:
            out.append(part if re.match(_UNIT_WORD + r"\b", part) else f"{head} {part}")
    return out


_UNIT_WORD = r"(?:Văn phòng|Phòng|UBND|Ủy ban|Sở|Ban|Trung tâm|Thanh tra|Công an|Chi cục|Hội|Đài|Bảo hiểm|Bộ|Cục)"


def _split_recipients(items: list[str]) -> list[Recipient]:
    joined: list[str] = []
    for item in items:
        if _BULLET.match(item) or not joined:
            joined.append(_BULLET.sub("", item))
        else:
            joined[-1] += " " + item
    parts = [p.strip(" ;.") for p in re.split(r";", ";".join(joined)) if p.strip(" ;.-")]
    out: list[Recipient] = []
    for part in parts:
        names = expand_unit_list(part)
        if len(names) > 1:
            out.extend(Recipient(n, False) for n in names)
        else:
            out.append(Recipient(part, bool(GROUP_WORDS.search(part))))
    return out


def parse_recipients(lines: list[str], start: int) -> tuple[list[Recipient], int]:
    """The lines after 'Kính gửi:' (bullets may be separated by blank lines), and the index after them."""
    first = KINH_GUI.sub("", lines[start].strip(), count=1).lstrip(" :").strip()
    items = [first] if first else []
    i = start + 1
    while True:
        j = i
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines):
            return _split_recipients(items), i
        line = lines[j].strip()
        if KINH_GUI.match(line):  # "Đồng kính gửi: …"
            more = KINH_GUI.sub("", line, count=1).lstrip(" :").strip()
            items.extend([more] if more else [])
            i = j + 1
            continue
        if items and not _recipient_line(line, items):
            return _split_recipients(items), i
        i = j
        while i < len(lines) and lines[i].strip() and _recipient_line(lines[i].strip(), items):
            items.append(lines[i].strip())
            i += 1
        if i == j:
            return _split_recipients(items), i


def _recipient_line(line: str, items: list[str]) -> bool:
    """A bullet, or the wrapped end of the previous addressee (not the body's first paragraph)."""
    if is_row(line):
        return False
    if _BULLET.match(line):
        return len(line) < 250
    if not items or items[-1].rstrip().endswith((";", ".", ":")):
        return False
    return len(line) < 100 and not MARKER.match(line) and not _BODY_CUE.match(line)


# ---------------------------------------------------------------- signature and Nơi nhận

def read_tail(tail: list[str], header: Header) -> None:
    """Nơi nhận and the signature from the lines after the body."""
    on_behalf, title, name = None, None, None
    i = 0
    while i < len(tail):
        line = tail[i].strip()
        if NOI_NHAN.match(line):
            rest = NOI_NHAN.sub("", line).lstrip(" :")
            items = [rest] if rest else []
            j = i + 1
            while j < len(tail) and (not tail[j].strip() or _BULLET.match(tail[j].strip())):
                if tail[j].strip():
                    items.append(tail[j].strip())
                j += 1
            header.cc = [c for c in (_BULLET.sub("", x).strip(" ;.") for x in items) if c]
            i = j
            continue
        on_behalf, title, name = _signature_line(line, on_behalf, title, name)
        i += 1
    header.signer = Signer(name, title, on_behalf)


def _signature_line(line: str, on_behalf: str | None, title: str | None,
                    name: str | None) -> tuple[str | None, str | None, str | None]:
    """Read one line of a signature block ('KT. BỘ TRƯỞNG THỨ TRƯỞNG Vũ Chiến Thắng' may be one line)."""
    if not line or is_row(line):
        return on_behalf, title, name
    rest = line
    person = None
    if (m := _PERSON_AT_END.search(line)) and (m.start(1) == 0 or is_caps(line[: m.start(1)])) \
            and _PERSON.match(m.group(1).strip()):
        person, rest = m.group(1).strip(), line[: m.start(1)].strip()
    if rest:
        if SIGN_PREFIX.match(rest):
            on_behalf = on_behalf or rest
        if is_caps(rest) and (t := _TITLE_AT_END.search(rest)):
            title = title_case(t.group(1))
        elif is_caps(rest) and _TITLES.fullmatch(rest.strip()):
            title = title_case(rest.strip())
    if person and (title or on_behalf) and not name:
        name = person
    elif title and not name and _PERSON.match(line) and not is_caps(line):
        name = line
    return on_behalf, title, name


def is_tail_start(line: str) -> bool:
    """Where the body ends: 'Nơi nhận:' or a signature line ('TM. ỦY BAN NHÂN DÂN', 'KT. CHỦ TỊCH')."""
    s = line.strip()
    if NOI_NHAN.match(s):
        return True
    first = SIGN_PREFIX.sub("", s).split()[:2] if SIGN_PREFIX.match(s) else []
    return bool(first) and all(w.isupper() for w in first)
