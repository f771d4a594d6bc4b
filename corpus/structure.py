"""The structure of a directive: its header facts, the tree of numbered sections, and its attached documents.

`parse_document` takes text already normalised by `corpus.text.normalize_text`. The lines are first
made logical (`corpus.layout`: layout tables opened, wrapped lines re-joined), then read as

    header  (issuer, number, place and date, kind and subject, Kính gửi)      corpus.header
    body    (sections: Phần, Chương, Mục, Điều, I., 1., 1.1., a) …)
    tail    (Nơi nhận, signature)
    parts   (attached documents: the Kế hoạch / Quy chế / Danh mục / Phụ lục a decision approves,
             each with its own title block and sections, paths prefixed 'PL<n>.')
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from corpus.header import (
    _TITLED_AUTHORITY,
    BARE_COUNCIL,
    GROUP_WORDS,
    TITLE_KINDS,
    Header,
    Recipient,
    Signer,
    expand_unit_list,
    is_tail_start,
    read_header,
    read_tail,
)
from corpus.layout import FOOTNOTE, MOTTO, cells_of, header_row, is_caps, is_row, kind_line, logical_lines
from corpus.localities import Gazetteer, Locality, default_gazetteer, resolve_locality
from corpus.references import Citation, find_citations, kind_from_number

__all__ = ["GROUP_WORDS", "Header", "ParsedDocument", "Part", "Recipient", "Section", "Signer",
           "expand_unit_list", "parse_document", "parse_sections"]

_MARKERS = [
    ("part", re.compile(r"^((?:Phần|PHẦN)\s+(?:[IVXLC]+|\d+|thứ \w+))\s*[.:\-–]?\s*(.*)$")),
    ("chapter", re.compile(r"^((?:Chương|CHƯƠNG)\s+(?:[IVXLC]+|\d+))\s*[.:\-–]?\s*(.*)$")),
    ("muc", re.compile(r"^((?:Mục|MỤC)\s+(?:[IVXLC]+|\d+))\s*[.:\-–]\s*(.*)$|^((?:Mục|MỤC)\s+\d+)\s*$")),
    ("article", re.compile(r"^((?:Điều|ĐIỀU)\s+\d+[a-z]?)\s*[.:]\s*(.*)$")),
    ("roman", re.compile(r"^([IVXL]{1,5})\s*[.)]\s+(.*)$")),
    ("dotted", re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(.*)$")),
    ("arabic", re.compile(r"^(\d{1,2})\s*[.)]\s+(.*)$")),
    ("alpha", re.compile(r"^([a-zđ])\)\s+(.*)$")),
]
# Vietnamese numbering from the outermost down: Phần, Chương, Mục, Điều, I., 1., 1.1., a)
_RANK = {kind: i for i, (kind, _) in enumerate(_MARKERS)}
_RANK["dotted"], _RANK["arabic"] = _RANK["arabic"], _RANK["dotted"]
_ROMAN = re.compile(r"M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_APPENDIX = re.compile(r"^(PHỤ LỤC|Phụ lục|BIỂU|Biểu số|DANH MỤC|Danh mục)\b")
_ATTACHED = re.compile(r"^\((?:Ban hành |Được ban hành )?[Kk]èm theo\b")
_TEMPLATE = re.compile(r"Số\s*:\s*[.…/ ]{3,}|ngày\s*[.…]{2,}\s*tháng|\(Chữ ký|NGƯỜI KÝ|Địa danh,\s*ngày", re.I)


@dataclass
class Section:
    """A numbered part of the body (or the untitled opening and closing), with its own text."""

    path: str  # "III.2", "II.3.1", "mở đầu", "PL1.II.3", "Điều 3.1"
    number: str | None
    heading: str
    level: int
    order: int
    lines: list[str] = field(default_factory=list)
    appendix: bool = False  # in an attached document (a Quy chế, a Phụ lục, …)
    part: str = ""  # the attached document's title ("Quy chế quản lý … (Ban hành kèm theo …)")
    template: bool = False  # a form to fill in (Mẫu, Đề cương báo cáo): no duties in it

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Part:
    """An attached document: its title block, where its sections start, and whether it is a blank form."""

    prefix: str  # "PL1."
    kind: str | None
    title: str
    attached_to: str | None
    template: bool


@dataclass
class ParsedDocument:
    header: Header
    sections: list[Section]
    citations: list[Citation]
    body: str
    appendix: str
    parts: list[Part] = field(default_factory=list)


# ---------------------------------------------------------------- sections

def _match_marker(line: str) -> tuple[str, str, str] | None:
    if is_row(line):  # a table row is never a heading
        return None
    for kind, pattern in _MARKERS:
        if m := pattern.match(line):
            number = m.group(1) or (m.group(3) if m.lastindex and m.lastindex >= 3 else None)
            if number is None:
                continue
            heading = (m.group(2) or "") if m.lastindex and m.lastindex >= 2 else ""
            if kind == "roman" and not _ROMAN.fullmatch(number):
                continue
            return kind, number.strip(), heading.strip()
    return None


def _is_sentence(heading: str) -> bool:
    """A numbered line that says something (a duty, a rule) rather than naming what follows."""
    h = heading.strip()
    return len(h) > 160 or (len(h) > 60 and bool(re.search(r"[.;]\s*[)\]»”\"]*$", h))) or \
        bool(re.search(r"\b\d{1,2}/\d{1,2}/\d{4}\b", h) and len(h) > 60)


# The fields of an administrative procedure as the TTHC template lists them ("a) Trình tự thực hiện", "đ) Cơ quan
# thực hiện …"), and the columns of a procedure's step table ("Trình tự", "Bước", "Thứ tự công việc").
_PROCEDURE_FIELD = re.compile(
    r"^[a-zđ]\)\s*(?:Trình tự thực hiện|Cách thức thực hiện|Thành phần(?:,| và)? số lượng hồ sơ|Thành phần hồ sơ|"
    r"Thời hạn giải quyết|Cơ quan thực hiện|Đối tượng thực hiện|Kết quả (?:của việc )?thực hiện|Phí, lệ phí|Lệ phí|"
    r"Tên mẫu đơn|Yêu cầu,? điều kiện|Căn cứ pháp lý)", re.I)
_STEP_COLUMN = re.compile(r"(?i)\b(?:trình tự|bước|thứ tự công việc|nội dung công việc)\b")


def _procedure_title(heading: str, following: list[str]) -> bool:
    """'Thủ tục …' numbered and followed by the fields of the procedure template or by its step table."""
    if not re.match(r"(?i)thủ tục\s", heading):
        return False
    return any(_PROCEDURE_FIELD.match(ln) or (is_row(ln) and header_row(cells_of(ln)) and _STEP_COLUMN.search(ln))
               for ln in following)


def _path_part(kind: str, number: str) -> str:
    if kind == "dotted":
        return number.split(".")[-1]
    if kind in ("article", "chapter", "part", "muc"):
        return re.sub(r"\s+", " ", number)
    return number


def parse_sections(lines: list[str], *, appendix: bool = False, prefix: str = "", part: str = "",
                   template: bool = False) -> list[Section]:
    """The numbered sections of body lines; text before the first number is the opening ('mở đầu')."""
    sections: list[Section] = []
    stack: list[tuple[str, Section]] = []  # (marker kind, section)
    current = Section(path=prefix + "mở đầu", number=None, heading="", level=0, order=0, appendix=appendix,
                      part=part, template=template)
    pending_title = False
    stripped = [ln.strip() for ln in lines]
    filled = [ln for ln in stripped if ln]
    listed = _lead_lists(filled)
    for k, line in enumerate(filled):
        marker = None if k in listed else _match_marker(line)
        if marker and 0 < k < len(filled) - 1 and is_row(filled[k - 1]) and is_row(filled[k + 1]) \
                and not header_row(cells_of(filled[k + 1])):
            # a group row of a table ("I. NÂNG CAO …" between rows); before a header row it is the caption
            # of the next table ("2. Danh mục thủ tục hành chính bị bãi bỏ" / "Stt | Mã TTHC | …")
            current.lines.append(f"{line} | ")
            continue
        if pending_title and not marker and len(line) < 200 and (is_caps(line) or not current.heading and
                                                                  not re.search(r"[.;,]$", line)):
            current.heading = f"{current.heading} {line}".strip()
            current.lines[0] = f"{current.lines[0]} {line}"
            pending_title = False
            continue
        pending_title = False
        if marker:
            kind, number, heading = marker
            if any(k == kind for k, _ in stack):
                while stack and stack[-1][0] != kind:
                    stack.pop()
                stack.pop()
            else:  # a higher kind of number closes the lower ones ("II. THỦ TỤC … CẤP XÃ" after "1. …" / "l) …")
                while stack and _RANK[stack[-1][0]] > _RANK[kind]:
                    stack.pop()
            parent = stack[-1][1] if stack else None
            own = _path_part(kind, number)
            path = f"{parent.path}.{own}" if parent else f"{prefix}{own}"
            if current.lines or current.number:
                sections.append(current)
            # "1. Phòng Tư pháp chủ trì … trước ngày …." says something; a procedure's name is a heading however long
            title = heading if _procedure_title(heading, filled[k + 1:k + 4]) else \
                "" if _is_sentence(heading) else heading
            current = Section(path=path, number=number, heading=title, level=len(stack) + 1,
                              order=len(sections), lines=[line], appendix=appendix, part=part, template=template)
            stack.append((kind, current))
            pending_title = len(heading) < 3 and kind in ("part", "chapter", "muc", "article", "roman", "arabic",
                                                          "dotted")
        else:
            current.lines.append(line)
    if current.lines or current.number:
        sections.append(current)
    _split_closing(sections, prefix, appendix, part)
    for i, s in enumerate(sections):
        s.order = i
    return sections


_NEXT = {"arabic": lambda n: str(int(n) + 1),
         "alpha": lambda n: "abcdđefghiklmnopqrstuvxy"["abcdđefghiklmnopqrstuvxy".index(n) + 1] if n != "y" else "?"}


def _lead_lists(filled: list[str]) -> set[int]:
    """The lines that are points of a list introduced by a sentence of the body, not sections: a sentence
    ending in ':' ("Bộ Tài chính đề nghị UBND các tỉnh, thành phố quan tâm chỉ đạo:"), then "1." (or "a)"),
    "2.", … one line each, the numbering starting again at its first value."""
    out: set[int] = set()
    for k in range(1, len(filled)):
        lead = filled[k - 1]
        if not lead.endswith(":") or is_row(lead) or is_caps(lead) or _match_marker(lead):
            continue
        first = _match_marker(filled[k])
        if not first or first[0] not in _NEXT or first[1] not in ("1", "a"):
            continue
        kind, number = first[0], first[1]
        run = [k]
        j = k + 1
        while j < len(filled):
            m = _match_marker(filled[j])
            if not (m and m[0] == kind and m[1] == _NEXT[kind](number)):
                break
            run.append(j)
            number = m[1]
            j += 1
        after = _match_marker(filled[j]) if j < len(filled) else None
        if len(run) >= 2 and not (after and _RANK[after[0]] > _RANK[kind]):  # the last point has no sub-points
            out.update(run)
    return out


_CLOSING_LINE = re.compile(
    r"(\./\.\s*$)|^(Trên cơ sở (Kế hoạch|Công văn|nội dung) này|Trong quá trình (tổ chức )?thực hiện|"
    r"(UBND|Ủy ban nhân dân) (huyện|tỉnh|thành phố|xã) yêu cầu .*nghiêm túc|Với nội dung trên|Trên đây là)"
)


def _split_closing(sections: list[Section], prefix: str, appendix: bool, part: str) -> None:
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
                                order=len(sections), lines=closing, appendix=appendix, part=part))


# ---------------------------------------------------------------- regions

def _part_start(lines: list[str], i: int) -> bool:
    """An attached document begins here: a new motto or issuer block, a title in capitals followed by
    '(Ban hành kèm theo …)', or 'PHỤ LỤC'."""
    line = lines[i].strip()
    if not line:
        return False
    if MOTTO.search(line):
        return True
    if _APPENDIX.match(line) and (is_caps(line.split("(")[0]) or re.match(r"^Phụ lục\s+[IVX\d]+\b", line)):
        return True
    if is_caps(line) and kind_line(line.rstrip(":")) and not line.rstrip().endswith(":"):
        return True
    return bool(_ATTACHED.match(line))


def _back_to_block(lines: list[str], i: int, floor: int) -> int:
    """The first line of the title block that `i` belongs to (issuer lines, motto, 'Số:' above a title)."""
    j = i
    while j - 1 > floor:
        prev = lines[j - 1].strip()
        if not prev:
            j -= 1
            continue
        if MOTTO.search(prev) or re.match(r"^Số\s*:", prev) or (is_caps(prev) and len(prev) < 160 and not
                                                                 is_tail_start(prev)):
            j -= 1
            continue
        break
    while j < i and not lines[j].strip():
        j += 1
    return j


def _regions(lines: list[str], body_start: int) -> tuple[int, int, list[int]]:
    """End of the main body, start of the tail, and where each attached document starts."""
    n = len(lines)
    tail_start = next((i for i in range(body_start, n) if is_tail_start(lines[i])), None)
    parts: list[int] = []
    search_from = tail_start if tail_start is not None else body_start
    i = search_from + 1
    while i < n:
        opened = parts[-1] if parts else None
        if _part_start(lines, i) and (tail_start is not None or _attached_title(lines, i)) and \
                (opened is None or any(_content(ln) for ln in lines[opened:i])):
            start = _back_to_block(lines, i, parts[-1] if parts else search_from)
            parts.append(start)
            _, i = read_header(lines, start)
            i = max(i, start + 1)
            continue
        i += 1
    body_end = tail_start if tail_start is not None else (parts[0] if parts else n)
    if parts and body_end > parts[0]:
        body_end = parts[0]
    return body_end, (tail_start if tail_start is not None else body_end), parts


def _content(line: str) -> bool:
    """A line of a document's body, not of a title block."""
    s = line.strip()
    return bool(s) and (is_row(s) or not (is_caps(s) or _ATTACHED.match(s) or MOTTO.search(s)))


def _attached_title(lines: list[str], i: int) -> bool:
    """Without a signature before it, a title only starts an attachment when '(kèm theo …)' follows it."""
    window = [ln.strip() for ln in lines[i:i + 8] if ln.strip()]
    return any(_ATTACHED.match(ln) for ln in window) or bool(_APPENDIX.match(lines[i].strip()))


def _part_lines(lines: list[str], start: int, end: int) -> tuple[Header, list[str], list[str]]:
    """An attached document's header, its body lines and its own tail (signature) lines."""
    header, body_start = read_header(lines, start)
    tail = next((j for j in range(body_start, end) if is_tail_start(lines[j])), end)
    return header, lines[body_start:tail], lines[tail:end]


def _part_title(header: Header, lines: list[str], start: int) -> str:
    kind = header.kind or ""
    subject = header.subject or ""
    if not kind and not subject:
        first = next((ln.strip() for ln in lines[start:start + 4] if ln.strip()), "")
        return first[:200]
    title = f"{kind} {subject}".strip()
    if header.attached_to:
        title += f" ({header.attached_to})"
    return title


# ---------------------------------------------------------------- issuer

_LEVELS = r"TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|XÃ|PHƯỜNG|THỊ TRẤN|ĐẶC KHU"
# Where a unit's own name begins inside its parent's ("UBND TỈNH SƠN LA SỞ NỘI VỤ", "BỘ TÀI CHÍNH CỤC THUẾ");
# the same words inside a name ("SỞ NỘI VỤ", "PHỤC VỤ", "ỦY BAN", "QUỐC PHÒNG") are not heads.
_CHILD_HEAD = re.compile(
    r"\b(SỞ|(?<!TỔNG )(?<!CHI )CỤC|(?<!NỘI )(?<!PHỤC )(?<!DỊCH )(?<!NHIỆM )(?<!CÔNG )(?<!NGOẠI )VỤ|TRUNG TÂM|"
    r"(?<!VĂN )(?<!QUỐC )PHÒNG|(?<!ỦY )BAN|CHI CỤC|VĂN PHÒNG|THANH TRA|TỔNG CỤC|BỘ PHẬN|KHO BẠC|"
    r"BẢO HIỂM XÃ HỘI|ĐÀI|BỘ CHỈ HUY|BAN CHỈ HUY|TRƯỜNG|VIỆN)\s+\S"
)


def _cap_words(text: str) -> str:
    """'ĐỒNG THÁP' → 'Đồng Tháp' (place names: every syllable capitalised)."""
    return " ".join(w[:1].upper() + w[1:].lower() for w in text.split())


def org_case(text: str) -> str:
    """'SỞ KHOA HỌC VÀ CÔNG NGHỆ' → 'Sở Khoa học và Công nghệ': the first syllable of each word capitalised
    (words from pyvi), joining words lower case."""
    from corpus.segmentation import vi_tokenizer

    words = vi_tokenizer().tokenize(text.lower()).split()
    out = []
    for i, w in enumerate(words):
        w = w.replace("_", " ")
        if i and w in ("và", "của", "về", "thuộc", "các", "trực thuộc", "cấp"):
            out.append(w)
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out).replace("Ubnd", "UBND").replace("Hđnd", "HĐND")


def issuer_from_block(lines: list[str]) -> str | None:
    """'ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP' → 'UBND tỉnh Đồng Tháp'; 'UBND TỈNH SƠN LA SỞ NỘI VỤ' → 'Sở Nội vụ
    tỉnh Sơn La'; 'THỦ TƯỚNG CHÍNH PHỦ' → 'Thủ tướng Chính phủ'; 'BỘ TÀI CHÍNH CỤC THUẾ' → 'Cục Thuế'."""
    block = " ".join(ln for ln in lines if is_caps(ln) and not MOTTO.search(ln))
    block = re.sub(r"\s*[-–_]{2,}\s*", " ", block).strip()
    if not block:
        return None
    if block.startswith("THỦ TƯỚNG"):
        return "Thủ tướng Chính phủ"
    heads = [m for m in _CHILD_HEAD.finditer(block) if m.start() > 0]
    own = block[heads[-1].start():] if heads else block
    parent = block[: heads[-1].start()].strip() if heads else ""
    council = re.match(rf"^(ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)\s+({_LEVELS})\s+(.+?)$", own)
    if council:
        body = "HĐND" if own.startswith(("HỘI ĐỒNG", "HĐND")) else "UBND"
        return f"{body} {council.group(2).lower()} {_cap_words(council.group(3))}"
    where = re.match(rf"^(?:ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND)\s+({_LEVELS})\s+(.+?)$", parent)
    local = re.match(rf"^(.*?)\s+({_LEVELS})\s+(.+)$", own)
    if local and not local.group(1).startswith(("BỘ ", "CỤC ")):
        return f"{org_case(local.group(1))} {local.group(2).lower()} {_cap_words(local.group(3))}"
    name = org_case(own) if len(own) > 3 else None
    if name and where:
        return f"{name} {where.group(1).lower()} {_cap_words(where.group(2))}"
    return name


_AUTHOR = re.compile(
    r"(?:^|[.;]\s+|\n)(?P<who>Sở [A-ZĐ][^\s,;.]*(?: [a-zđ][^\s,;.]*| [A-ZĐ][^\s,;.]*)*?"
    r"|UBND (?:huyện|tỉnh|thành phố|xã|quận|thị xã)"
    r"|Ủy ban nhân dân (?:huyện|tỉnh|thành phố|xã)|Ban Chỉ đạo[^,;.]{0,30}?|Văn phòng UBND tỉnh)\s+"
    r"(?:trân trọng\s+)?(?:đề nghị|yêu cầu|giao|thông báo|hướng dẫn|triển khai|ban hành)\b"
)


def _issuer(header: Header) -> str | None:
    """The issuer of the header block; a council named without its place ('ỦY BAN NHÂN DÂN') takes the place
    from the title block's authority ('ỦY BAN NHÂN DÂN TỈNH NGHỆ AN') or the portal's 'Cơ quan ban hành'."""
    lines = header.issuer_lines
    if lines and BARE_COUNCIL.match(" ".join(lines).strip()):
        council = lines[0].strip()
        if header.authority and (m := _TITLED_AUTHORITY.match(header.authority)):
            named = issuer_from_block([_without_title(header.authority)])
            if named and re.search(r"\s(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn|đặc khu)\s+\S", named):
                return named
        where = header.meta.get("cơ quan ban hành", "")
        if m := re.match(r"^(Tỉnh|Thành phố|TP\.?|Huyện|Quận|Thị xã|Xã|Phường)\s+(.+)$", where):
            level = "thành phố" if m.group(1).startswith("TP") else m.group(1).lower()
            return f"{'HĐND' if 'HỘI ĐỒNG' in council or 'HĐND' in council else 'UBND'} {level} {m.group(2)}"
        return None
    if not lines and (issuing := header.meta.get("cơ quan ban hành")):
        return issuing
    return issuer_from_block(lines)


def _without_title(line: str) -> str:
    """'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ GIANG' → 'ỦY BAN NHÂN DÂN TỈNH HÀ GIANG'."""
    at = re.search(r"ỦY BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND", line)
    return line[at.start():] if at else line


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


def _locality(header: Header, main_text: str, gaz: Gazetteer) -> Locality:
    resolve = getattr(gaz, "resolve_header", None)
    if resolve is not None:
        return resolve(header.issuer_lines, header.place, main_text)
    return resolve_locality(main_text, header.place, header.issuer, gaz)


# ---------------------------------------------------------------- the document

def parse_document(text: str, *, gazetteer: Gazetteer | None = None) -> ParsedDocument:
    """Header facts, sections, attached documents and citations of a normalised directive."""
    gaz = gazetteer or default_gazetteer()
    lines = logical_lines(text)
    header, body_start = read_header(lines)
    body_end, tail_start, part_starts = _regions(lines, body_start)
    tail_end = part_starts[0] if part_starts else len(lines)
    read_tail(lines[tail_start:tail_end], header)
    body_lines = lines[body_start:body_end]
    main_text = "\n".join(lines[:tail_end])
    header.issuer = _issuer(header)
    header.locality = _locality(header, main_text, gaz)
    header.issuer = header.issuer or _issuer_default(header, main_text)
    if header.signer.name is None and (name := header.meta.get("người ký")):
        header.signer = Signer(name, header.signer.title, header.signer.on_behalf)
    header.kind = header.kind or (kind_from_number(header.number) if header.number else None)
    if not header.kind and header.subject and not header.news_title:
        header.kind = "Công văn"
    sections = parse_sections(body_lines)
    if header.meta_lines:  # the portal's metadata table: searchable text, never duties
        sections.insert(0, Section(path="thông tin văn bản", number=None, heading="Thông tin văn bản", level=0,
                                   order=0, lines=["Thông tin văn bản", *header.meta_lines], template=True))
        for k, s in enumerate(sections):
            s.order = k
    _keep_tail_footnotes(lines[tail_start:tail_end], body_lines, sections)
    parts, part_sections, appendix_lines = _parse_parts(lines, part_starts, header)
    loc = header.locality
    citations = find_citations(text, own_issuer=header.issuer, district=loc.district, province=loc.province,
                               district_kind=loc.district_kind, province_kind=loc.province_kind)
    return ParsedDocument(header, sections + part_sections, citations, "\n".join(body_lines),
                          "\n".join(appendix_lines), parts)


def _keep_tail_footnotes(tail: list[str], body: list[str], sections: list[Section]) -> None:
    """Footnotes printed after the signature ("[1] Hồ sơ dự thảo …") whose markers ("… [1].") are in the body:
    kept with the body's last section, where corpus.passages attaches each to the passage of its marker."""
    start = next((i for i, ln in enumerate(tail) if FOOTNOTE.match(ln.strip())), None)
    if start is None or not sections:
        return
    marks = {m for ln in body for m in re.findall(r"(?<=\S)\s?\[(\d{1,3})\]", ln)}
    notes = [ln for ln in tail[start:] if ln.strip()]
    if any((m := FOOTNOTE.match(ln.strip())) and m.group(1) in marks for ln in notes):
        sections[-1].lines.extend(notes)


def _parse_parts(lines: list[str], starts: list[int], main: Header) -> tuple[list[Part], list[Section], list[str]]:
    parts: list[Part] = []
    sections: list[Section] = []
    appendix_lines: list[str] = []
    for n, start in enumerate(starts, 1):
        end = starts[n] if n < len(starts) else len(lines)
        block = lines[start:end]
        appendix_lines.extend(block)
        header, body, _tail = _part_lines(lines, start, end)
        template = bool(_TEMPLATE.search("\n".join(block[:12]))) or (header.kind or "") in ("Đề cương",) \
            or bool(re.match(r"^(MẪU|Mẫu)\b", next((ln for ln in block if ln.strip()), "")))
        title = _part_title(header, lines, start)
        prefix = f"PL{n}."
        parts.append(Part(prefix, header.kind, title, header.attached_to, template))
        secs = parse_sections(body, appendix=True, prefix=prefix, part=title, template=template)
        for s in secs:
            s.order = len(sections)
            sections.append(s)
    return parts, sections, appendix_lines


def kind_of_title(word: str) -> str | None:
    """'QUY CHẾ' → 'Quy chế'."""
    return TITLE_KINDS.get(word.strip(" :").upper())
