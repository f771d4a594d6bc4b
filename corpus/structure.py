"""The structure of a directive: its header facts and the tree of numbered sections.

`parse_document` takes text already normalised by `corpus.text.normalize_text`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.dates import PartialDate
from corpus.localities import Gazetteer, Locality, default_gazetteer, resolve_locality
from corpus.references import Citation, find_citations, kind_from_number
from corpus.text import UPPER as U

_TITLE_KINDS = {
    "KẾ HOẠCH": "Kế hoạch", "QUYẾT ĐỊNH": "Quyết định", "THÔNG BÁO": "Thông báo", "BÁO CÁO": "Báo cáo",
    "CHỈ THỊ": "Chỉ thị", "HƯỚNG DẪN": "Hướng dẫn", "TỜ TRÌNH": "Tờ trình", "CÔNG ĐIỆN": "Công điện",
    "CHƯƠNG TRÌNH": "Chương trình", "QUY CHẾ": "Quy chế", "NGHỊ QUYẾT": "Nghị quyết", "KẾT LUẬN": "Kết luận",
}
_MOTTO = re.compile(r"CỘNG HÒA XÃ HỘI|Độc lập\s*-\s*Tự do", re.IGNORECASE)
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<number>\d*\s?/\s?[^\s,]+|\d+[^\s,]*)?", re.IGNORECASE)
_DATE_LINE = re.compile(
    rf"(?P<place>[{U}][^\W\d_]*(?:[ \-]+[{U}][^\W\d_]*){{0,3}})\s*,\s*ngày\s*(?P<d>\d{{1,2}})?\s*"
    r"tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})?"
)
_VV = re.compile(r"(?:^|\s)V/v\s*:?\s*(.*)$", re.IGNORECASE)
_KIND_NUMBER = re.compile(
    r"^(?P<kind>Công văn|Kế hoạch|Quyết định|Thông báo|Báo cáo|Chỉ thị|Hướng dẫn|Công điện|Văn bản)\s+số\s+"
    r"(?P<number>[^\s,]+)", re.IGNORECASE)
_BARE_DATE = re.compile(r"(?:^|\s)[Nn]gày\s+(?P<d>\d{1,2})\s*[/.\-]\s*(?P<m>\d{1,2})\s*[/.\-]\s*(?P<y>\d{4})")
_KINH_GUI = re.compile(r"^Kính\s+gửi\s*:?\s*(.*)$", re.IGNORECASE)
_NOI_NHAN = re.compile(r"^Nơi\s+nhận\s*:?\s*(.*)$", re.IGNORECASE)
_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục|BIỂU|Biểu số)\b")
_SIGN_PREFIX = re.compile(r"^(TM|KT|Q|TL|TUQ)\.\s*", re.IGNORECASE)
_TITLES = re.compile(
    r"^(PHÓ\s+)?(CHỦ TỊCH|GIÁM ĐỐC|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|TRƯỞNG BAN|BÍ THƯ|THỦ TRƯỞNG|"
    r"TRƯỞNG BAN CHỈ ĐẠO|PHÓ TRƯỞNG BAN|CHÁNH THANH TRA|CỤC TRƯỞNG|BỘ TRƯỞNG|THỨ TRƯỞNG)$"
)
_PERSON = re.compile(rf"^[{U}][^\W\d_]+(?:\s+[{U}][^\W\d_]+){{1,4}}$")
_BULLET = re.compile(r"^[-–+•]\s*")
_MARKERS = [
    ("article", re.compile(r"^(Điều\s+\d+)\s*[.:]\s*(.*)$")),
    ("roman", re.compile(r"^([IVXL]{1,5})\s*[.)]\s+(.*)$")),
    ("dotted", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(.*)$")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[.)]\s+(.*)$")),
    ("alpha", re.compile(r"^([a-zđ])\)\s+(.*)$")),
]
GROUP_WORDS = re.compile(r"\b(các|những|toàn thể)\b", re.IGNORECASE)


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
class Section:
    """A numbered part of the body (or the untitled opening and closing), with its own text."""

    path: str  # "III.2", "II.3.1", "mở đầu", "PL1.II.3"
    number: str | None
    heading: str
    level: int
    order: int
    lines: list[str] = field(default_factory=list)
    appendix: bool = False

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


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


@dataclass
class ParsedDocument:
    header: Header
    sections: list[Section]
    citations: list[Citation]
    body: str
    appendix: str


def _title_case(line: str) -> str:
    """'PHÓ CHỦ TỊCH' → 'Phó Chủ tịch'; 'CHỦ TỊCH' → 'Chủ tịch'."""
    words = line.lower().split()
    if not words:
        return line
    n = 2 if words[0] == "phó" and len(words) > 1 else 1
    return " ".join(w[:1].upper() + w[1:] if i < n else w for i, w in enumerate(words))


def _place_case(text: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def _issuer_from_block(lines: list[str]) -> str | None:
    """'ỦY BAN NHÂN DÂN' + 'HUYỆN BẠCH THÔNG' → 'UBND huyện Bạch Thông'; 'SỞ NỘI VỤ' → 'Sở Nội vụ'."""
    block = [ln for ln in lines if ln.isupper() and not _MOTTO.search(ln)]
    if not block:
        return None
    joined = " ".join(block)
    m = re.match(r"^(ỦY BAN NHÂN DÂN|UBND)\s+(HUYỆN|QUẬN|THỊ XÃ|THÀNH PHỐ|TỈNH|XÃ|PHƯỜNG|THỊ TRẤN)\s+(.+)$", joined)
    if m:
        return f"UBND {m.group(2).lower()} {_place_case(m.group(3))}"
    last = block[-1]
    return last[:1] + last[1:].lower() if len(last) > 3 else None


def _clean_place(place: str) -> str:
    """Drop all-capital tokens glued before the place name ('UBND-NV Vĩnh Linh' → 'Vĩnh Linh')."""
    words = place.split()
    while len(words) > 1 and (words[0].isupper() and len(words[0]) > 1 or "-" in words[0]):
        words.pop(0)
    return " ".join(words)


def _first_lines(lines: list[str], limit: int = 40) -> list[tuple[int, str]]:
    return list(enumerate(lines[:limit]))


def _collect_block(lines: list[str], start: int) -> tuple[list[str], int]:
    """Lines from `start` up to the next blank line (joined wrapped lines); returns them and the end index."""
    out, i = [], start
    while i < len(lines) and lines[i].strip():
        out.append(lines[i].strip())
        i += 1
    return out, i


_UNIT_WORD = r"(?:Văn phòng|Phòng|UBND|Ủy ban|Sở|Ban|Trung tâm|Thanh tra|Công an|Chi cục|Hội|Đài|Bảo hiểm)"


def expand_unit_list(text: str) -> list[str]:
    """'các phòng: Nội vụ, Tư pháp và Văn phòng HĐND&UBND huyện' → ['Phòng Nội vụ', 'Phòng Tư pháp', 'Văn phòng …']."""
    m = re.match(r"^(?:Các|các)\s+(phòng|sở|ban)\s*:\s*(.+)$", text.strip())
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


def _parse_recipients(lines: list[str], start: int) -> tuple[list[Recipient], int]:
    """The lines after 'Kính gửi:' (bullets may be separated by blank lines), and the index after them."""
    first = _KINH_GUI.match(lines[start]).group(1).strip()
    items = [first] if first else []
    i = start + 1
    while True:
        j = i
        while j < len(lines) and not lines[j].strip():
            j += 1
        if j >= len(lines) or (items and not _recipient_line(lines[j].strip(), items)):
            return _split_recipients(items), i
        i = j
        while i < len(lines) and lines[i].strip() and _recipient_line(lines[i].strip(), items):
            items.append(lines[i].strip())
            i += 1


def _recipient_line(line: str, items: list[str]) -> bool:
    """A bullet, or the wrapped end of the previous addressee (not the body's first paragraph)."""
    if _BULLET.match(line):
        return True
    if not items or items[-1].rstrip().endswith((";", ".", ":")):
        return False
    return len(line) < 100 and not _match_marker(line) and not re.match(r"(Thực hiện|Căn cứ|Theo|Để|Nhằm|Ngày)\b", line)


def _header_end(lines: list[str]) -> int:
    """Index of the first line of the body (after Kính gửi, V/v, the title block and the date line)."""
    end = 0
    for i, line in _first_lines(lines):
        long_body = len(line) > 120 and not (_VV.search(line) or _KIND_NUMBER.match(line))
        if long_body or (_match_marker(line) and (i > end + 1 or i >= 3)):
            break
        if _KINH_GUI.match(line):
            return _parse_recipients(lines, i)[1]
        if _VV.search(line) or line in _TITLE_KINDS or _DATE_LINE.search(line) or _NUMBER_LINE.match(line):
            end = _collect_block(lines, i)[1]
        elif line.isupper() and len(line) < 80:
            end = max(end, i + 1)
    return end


def _parse_header_lines(lines: list[str], header: Header) -> tuple[str | None, list[str]]:
    place, upper_block = None, []
    for i, line in _first_lines(lines):
        if not header.number and (m := _NUMBER_LINE.match(line)):
            header.number = re.sub(r"\s+", "", m.group("number") or "") or None
        if not header.number and (m := _KIND_NUMBER.match(line)):
            header.number = m.group("number")
            header.kind = header.kind or m.group("kind").capitalize().replace("Văn bản", "Công văn")
        if header.issued == PartialDate() and i < 6 and not _DATE_LINE.search(line) and (m := _BARE_DATE.search(line)):
            header.issued = PartialDate(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if (m := _DATE_LINE.search(line)) and header.issued == PartialDate():
            place = _clean_place(m.group("place"))
            header.issued = PartialDate(*(int(m.group(g)) if m.group(g) else None for g in ("y", "m", "d")))
        if not header.subject and (m := _VV.search(line)):
            block, _ = _collect_block(lines, i)
            header.subject = " ".join([m.group(1)] + block[1:]).strip() or None
        if line in _TITLE_KINDS and not header.kind:
            header.kind = _TITLE_KINDS[line]
            block, _ = _collect_block(lines, i + 1)
            header.subject = header.subject or (" ".join(block) or None)
        if not header.recipients and _KINH_GUI.match(line):
            header.recipients = _parse_recipients(lines, i)[0]
        if line.isupper() and not _MOTTO.search(line) and not header.kind and i < 12:
            upper_block.append(line)
    return place, upper_block


def _tail_facts(tail: list[str], header: Header) -> None:
    """Nơi nhận and the signature from the lines after the body."""
    on_behalf, title, name = None, None, None
    i = 0
    while i < len(tail):
        line = tail[i].strip()
        if _NOI_NHAN.match(line):
            j = i + 1
            while j < len(tail) and not tail[j].strip():
                j += 1
            items, i = _collect_block(tail, j)
            header.cc = [_BULLET.sub("", x).strip(" ;.") for x in items if _BULLET.match(x)]
            continue
        if _SIGN_PREFIX.match(line):
            on_behalf = on_behalf or line
            rest = _SIGN_PREFIX.sub("", line).strip()
            if _TITLES.match(rest):
                title = _title_case(rest)
        elif _TITLES.match(line):
            title = _title_case(line)
        elif title and not name and _PERSON.match(line) and not line.isupper():
            name = line
        i += 1
    header.signer = Signer(name, title, on_behalf)


def _split_regions(lines: list[str], start: int) -> tuple[list[str], list[str], list[str]]:
    """Body lines, tail lines (Nơi nhận, signature) and appendix lines."""
    body_end = len(lines)
    for i in range(start, len(lines)):
        if _NOI_NHAN.match(lines[i].strip()) or _SIGN_PREFIX.match(lines[i].strip()):
            body_end = i
            break
    app_start = len(lines)
    for i in range(body_end, len(lines)):
        if _APPENDIX.match(lines[i].strip()):
            app_start = i
            break
    return lines[start:body_end], lines[body_end:app_start], lines[app_start:]


def _match_marker(line: str) -> tuple[str, str, str] | None:
    if " | " in line:  # a table row is never a heading
        return None
    for kind, pattern in _MARKERS:
        if m := pattern.match(line):
            if kind == "roman" and not re.fullmatch(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})", m.group(1)):
                continue
            return kind, m.group(1), m.group(2).strip()
    return None


def parse_sections(lines: list[str], *, appendix: bool = False, prefix: str = "") -> list[Section]:
    """The numbered sections of body lines; text before the first number is the opening ('mở đầu')."""
    sections: list[Section] = []
    stack: list[tuple[str, Section]] = []  # (marker kind, section)
    current = Section(path=prefix + "mở đầu", number=None, heading="", level=0, order=0, appendix=appendix)
    for raw in lines:
        line = raw.strip()
        marker = _match_marker(line) if line else None
        if marker:
            kind, number, heading = marker
            while stack and kind not in [k for k, _ in stack]:
                break
            if kind in [k for k, _ in stack]:
                while stack and stack[-1][0] != kind:
                    stack.pop()
                stack.pop()
            parent = stack[-1][1] if stack else None
            own = number.split(".")[-1] if kind == "dotted" else number
            path = f"{parent.path}.{own}" if parent else f"{prefix}{number}"
            if current.lines or current.number:
                sections.append(current)
            current = Section(path=path, number=number, heading=heading, level=len(stack) + 1,
                              order=len(sections), lines=[line], appendix=appendix)
            stack.append((kind, current))
        elif line:
            current.lines.append(line)
    if current.lines or current.number:
        sections.append(current)
    _split_closing(sections, prefix, appendix)
    for i, s in enumerate(sections):
        s.order = i
    return sections


_CLOSING_LINE = re.compile(
    r"(\./\.\s*$)|^(Trên cơ sở (Kế hoạch|Công văn|nội dung) này|Trong quá trình (tổ chức )?thực hiện|"
    r"(UBND|Ủy ban nhân dân) (huyện|tỉnh|thành phố|xã) yêu cầu .*nghiêm túc|Với nội dung trên|Trên đây là)"
)


def _split_closing(sections: list[Section], prefix: str, appendix: bool) -> None:
    """Move the closing paragraphs ('… nghiêm túc triển khai thực hiện./.') into a section of their own."""
    if not sections or not sections[-1].number:
        return
    last = sections[-1]
    cut = len(last.lines)
    while cut > 1 and _CLOSING_LINE.search(last.lines[cut - 1]):
        cut -= 1
    if cut < len(last.lines):
        closing = last.lines[cut:]
        del last.lines[cut:]
        sections.append(Section(path=prefix + "phần kết", number=None, heading="", level=0,
                                order=len(sections), lines=closing, appendix=appendix))


_AUTHOR = re.compile(
    r"(?:^|[.;]\s+|\n)(?P<who>Sở [A-ZĐ][^\s,;.]*(?: [a-zđ][^\s,;.]*| [A-ZĐ][^\s,;.]*)*?|UBND (?:huyện|tỉnh|thành phố|xã|quận|thị xã)"
    r"|Ủy ban nhân dân (?:huyện|tỉnh|thành phố|xã)|Ban Chỉ đạo[^,;.]{0,30}?|Văn phòng UBND tỉnh)\s+"
    r"(?:trân trọng\s+)?(?:đề nghị|yêu cầu|giao|thông báo|hướng dẫn|triển khai|ban hành)\b"
)


def _body_author(text: str) -> str | None:
    """Who speaks in the body ('Sở Nội vụ đề nghị …', 'UBND huyện yêu cầu …'), the most frequent one."""
    found = [m.group("who").replace("Ủy ban nhân dân", "UBND") for m in _AUTHOR.finditer(text)]
    return max(set(found), key=found.count) if found else None


def _issuer_default(header: Header, text: str) -> str | None:
    number = header.number or ""
    loc = header.locality
    author = _body_author(text)
    if "SNV" in number or (author and author.startswith("Sở ")):
        name = author if author and author.startswith("Sở ") else "Sở Nội vụ"
        return f"{name} {loc.province_kind or 'tỉnh'} {loc.province}" if loc.province else name
    if "UBND" in number or re.search(r"\bUBND (huyện|tỉnh|thành phố|quận|thị xã|xã)\b", text):
        if loc.district:
            return f"UBND {loc.district_kind or 'huyện'} {loc.district}"
        if loc.province:
            return f"UBND {loc.province_kind or 'tỉnh'} {loc.province}"
    return author


def parse_document(text: str, *, gazetteer: Gazetteer | None = None) -> ParsedDocument:
    """Header facts, sections, appendices and citations of a normalised directive."""
    gaz = gazetteer or default_gazetteer()
    lines = text.split("\n")
    header = Header()
    start = _header_end(lines)
    place, upper_block = _parse_header_lines(lines[: max(start, 1) + 2], header)
    body_lines, tail, appendix_lines = _split_regions(lines, start)
    _tail_facts(tail, header)
    main_text = "\n".join(lines[: len(lines) - len(appendix_lines)])
    header.issuer = _issuer_from_block(upper_block)
    header.locality = resolve_locality(main_text, place, header.issuer, gaz)
    header.issuer = header.issuer or _issuer_default(header, main_text)
    header.kind = header.kind or (kind_from_number(header.number) if header.number else None)
    if not header.kind and header.subject:
        header.kind = "Công văn"
    if header.kind == "Công văn" or (header.number and not header.kind):
        header.kind = "Công văn"
    sections = parse_sections(body_lines)
    app_sections = _appendix_sections(appendix_lines)
    loc = header.locality
    citations = find_citations(text, own_issuer=header.issuer, district=loc.district, province=loc.province,
                               district_kind=loc.district_kind, province_kind=loc.province_kind)
    return ParsedDocument(header, sections + app_sections, citations, "\n".join(body_lines),
                          "\n".join(appendix_lines))


def _appendix_sections(lines: list[str]) -> list[Section]:
    """Sections of each appendix ('Phụ lục I' …), their paths prefixed 'PL<n>.'."""
    out: list[Section] = []
    starts = [i for i, ln in enumerate(lines) if _APPENDIX.match(ln.strip())]
    for n, s in enumerate(starts, 1):
        e = starts[n] if n < len(starts) else len(lines)
        secs = parse_sections(lines[s:e], appendix=True, prefix=f"PL{n}.")
        for sec in secs:
            sec.order = len(out)
            out.append(sec)
    return out
