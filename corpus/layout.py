"""The lines of a directive as a reader sees them: layout tables opened, hard-wrapped lines re-joined.

Real directives arrive in many shapes: crawled pages hard-wrapped at ~80 columns with sentences broken
mid-line ("đề\\nnghị"), Word files with one paragraph a line, PDFs wrapped at the page width, Markdown
with the issuer header and the signature block laid out as tables. `logical_lines` turns text already
normalised by `corpus.text.normalize_text` into one line per paragraph, heading, list item or table row.

>>> logical_lines("Căn cứ Luật Tổ chức chính quyền địa\\nphương ngày 16 tháng 6 năm 2025;\\nĐiều 1. Ban hành")
['Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;', 'Điều 1. Ban hành']
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from statistics import median

from corpus.text import UPPER as U

CELL = " | "
MOTTO = re.compile(r"CỘNG HÒA XÃ HỘI CHỦ NGHĨA|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc")
_RULE = re.compile(r"\s*[-–_=]{3,}\s*")  # the short rules drawn under the issuer and the motto
SIGN_PREFIX = re.compile(r"^(TM|KT|Q|TL|TUQ|T/M|K/T)\s*\.\s*", re.IGNORECASE)
NOI_NHAN = re.compile(r"^(Nơi\s+nhận|NƠI\s+NHẬN)\s*:?", re.IGNORECASE)
KINH_GUI = re.compile(r"^(Đồng\s+)?[Kk]ính\s+gửi\b", re.IGNORECASE)

# A line that opens a block: a numbered heading, a list item, an article, a chapter.
MARKER = re.compile(
    r"^(?:(?:Phần|PHẦN|Chương|CHƯƠNG|Mục|MỤC)\s+[IVXLC\d]+\b"
    r"|(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]"
    r"|[IVXL]{1,5}\s*[.)]\s+\S"
    r"|\d{1,2}(?:\.\d{1,2}){0,3}\s*[.)]\s+\S"
    r"|\d{1,2}(?:\.\d{1,2}){1,3}\s+[" + U + r"]"
    r"|[a-zđ]\s*[)]\s+\S"
    r"|[-–+•*]\s*[^\W\d_(“\"]"
    r"|\(\d{1,2}\)\s+\S"
    r"|Bước\s+\d+"
    r")"
)
_BLOCK_CUE = re.compile(
    r"^(?:Kính\s+gửi|Đồng\s+kính\s+gửi|Nơi\s+nhận|QUYẾT\s+ĐỊNH\s*:|QUYẾT\s+NGHỊ\s*:|CHỈ\s+THỊ\s*:|"
    r"(?:TM|KT|Q|TL|TUQ)\s*\.|\((?:Ban|Được ban)\b|\([Kk]èm theo)",
    re.IGNORECASE,
)
# Words a wrapped line may end on but a sentence or a heading never does.
_OPEN_ENDS = frozenset(
    "của và với các cho tại theo về số là được có trong từ đến để những thuộc trên bằng như hoặc hay "
    "nhằm gồm cùng do bởi khi nếu mà thì đã sẽ đang này đó ở vào ra qua sau trước giữa cả mọi mỗi "
    "phải cần đối tượng việc".split()
)
_TERMINAL = re.compile(r"[.;:!?…]\s*[)\]»”\"']*$|\./\.\s*$")
# A line that is only a structural keyword or a number: the crawl broke the line right after it ("Điều" /
# "15. Trách nhiệm …", "Chương" / "I", "1.4." / "Ủy ban nhân dân các phường, …", "a)" / "Xác định …").
_LONE_HEAD = re.compile(r"^(?:(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)(?:\s+(?:\d{1,3}[a-z]?|[IVXLC]{1,6}))?"
                        r"\s*[.:]?|\d{1,2}(?:\.\d{1,2}){0,3}\s*\.|[a-zđ]\))$")
_NUMBER_LABEL = re.compile(r"^Số\s*:?$", re.IGNORECASE)
_DOC_NUMBER_START = re.compile(r"^\d{1,6}\s*[a-zA-Z]?\s*/")
_KEYWORD_ONLY = re.compile(r"^(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)$")
# List markers that always open an item of their own: a lettered point, a dash or plus bullet.
_ITEM_MARKER = re.compile(r"^(?:[a-zđ]\s*\)\s+\S|[-–+•*]\s+[^\W\d_])")
# A footnote as the crawl keeps it, at the end of the text: "[8] Như: … Lai Châu (59,42%)."
FOOTNOTE = re.compile(r"^\[(\d{1,3})\](?:\s+|$)")
_LETTER = re.compile(r"[^\W\d_]")
_NUMBER_TOKEN = re.compile(r"\S*\d\S*/\S*|\S*/\S*\d\S*")
# A clause of a decision's preamble ("Căn cứ …;", "Theo đề nghị của … ,"), one a paragraph.
_PREAMBLE = re.compile(r"^(?:Căn cứ|Xét đề nghị|Xét Tờ trình|Theo đề nghị)\b")
_HEADER_LINE = re.compile(r"^Số\s*:|^Số\s+\d|,\s*ngày\s*(?:\d{1,2}|[.…]+)?\s*tháng\b", re.IGNORECASE)


def is_row(line: str) -> bool:
    """A table row: cells separated by ' | ' (see corpus.text.strip_markup)."""
    return CELL in line or line.endswith(" |")


def cells_of(line: str) -> list[str]:
    """The cells of a row ('a | | b' → ['a', '', 'b'])."""
    return [c.strip() for c in line.split("|")]


_HEADER_WORDS = re.compile(
    r"(?i)\b(stt|tt|nội dung|nhiệm vụ|tên|cơ quan|đơn vị|thời gian|thời hạn|chủ trì|phối hợp|ghi chú|sản phẩm|"
    r"kết quả|lĩnh vực|mã|trách nhiệm|căn cứ|phí|lệ phí|địa điểm|cách thức|bước|người thực hiện|"
    r"chỉ tiêu|tiến độ|kinh phí|giải pháp|hoạt động|số lượng|danh mục|tháng|quý|ngày|thủ tục)\b"
)


def header_row(cells: list[str]) -> bool:
    """The header row of a table ('STT | Nhiệm vụ | Cơ quan chủ trì | Thời gian hoàn thành'), not a record."""
    filled = [c for c in cells if c]
    if len(filled) < 2:
        return False
    wordy = sum(1 for c in filled if _HEADER_WORDS.search(c) and len(c) < 80)
    return wordy >= max(1, len(filled) // 2) and not re.fullmatch(r"\d+\.?", filled[0])


def is_caps(line: str) -> bool:
    """Mostly upper-case letters (a title, an issuer, a heading in capitals); document numbers do not count."""
    letters = _LETTER.findall(_NUMBER_TOKEN.sub(" ", line))
    if len(letters) < 2:
        return False
    upper = sum(1 for c in letters if c.isupper())
    return upper >= 0.85 * len(letters)


def is_heading(line: str) -> bool:
    """A numbered heading or a title in capitals, not a sentence."""
    return (bool(MARKER.match(line)) and not _TERMINAL.search(line)) or is_caps(line)


def explode_layout_row(line: str) -> list[str] | None:
    """The cells of a layout table row (issuer | motto, Số | place and date, Nơi nhận | signer) as lines;
    None for a row of a real table."""
    cells = [c for c in (_RULE.sub(" ", c).strip() for c in cells_of(line)) if c]
    if not cells:
        return []
    joined = " ".join(cells)
    layout = (MOTTO.search(joined) or NOI_NHAN.match(cells[0]) or re.match(r"^Số\s*:", cells[0])
              or any(SIGN_PREFIX.match(c) for c in cells) or KINH_GUI.match(cells[0])
              or (len(cells) <= 2 and re.search(r",\s*ngày\b.*\bnăm\b", joined)))
    if not layout:
        return None
    out: list[str] = []
    for cell in cells:
        out.extend(_split_cell(cell))
    return out


def _split_cell(cell: str) -> list[str]:
    """A layout cell as lines: the motto apart from what follows it; 'Nơi nhận: - a; - b' as items."""
    m = MOTTO.search(cell)
    if m:
        motto = re.search(r"Hạnh\s+phúc", cell)
        before, after = cell[: m.start()].strip(), cell[motto.end():].strip() if motto else ""
        return [p for p in (before, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc", after) if p]
    if NOI_NHAN.match(cell):
        head, _, rest = cell.partition(":")
        items = [f"- {p.strip(' -;')};" for p in re.split(r"(?:^|\s)[-–]\s+", rest) if p.strip(" -;")]
        return [head.strip() + ":", *items]
    if KINH_GUI.match(cell) and re.search(r"\s[-–]\s", cell):
        head, _, rest = cell.partition(":")
        items = [f"- {p.strip(' -;')};" for p in re.split(r"(?:^|\s)[-–]\s+", rest) if p.strip(" -;")]
        return [head.strip() + ":", *items]
    return [cell]


def wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped text breaks at (None when paragraphs are one line each).

    Judged on all lines, and failing that on the middle lines of paragraphs (a line with text before and
    after it): crawled pages break each paragraph's first line short ("- Cơ quan thực hiện: Bộ Công" /
    "an, …"), and a text of short paragraphs then has too few full lines overall though every line inside
    a paragraph runs to the width."""
    lengths = [len(ln) for ln in lines if ln and not is_row(ln)]
    if len(lengths) < 8:
        return None
    long = sorted(lengths)[int(0.9 * (len(lengths) - 1))]
    if not 50 <= long <= 130:
        return None
    near = sum(1 for n in lengths if n >= 0.8 * long)
    if near >= 0.3 * len(lengths):
        return long
    middle = [len(b) for a, b, c in zip(lines, lines[1:], lines[2:], strict=False)
              if a and b and c and not (is_row(a) or is_row(b) or is_row(c))]
    if len(middle) >= 8 and sum(1 for n in middle if n >= 0.8 * long) >= 0.5 * len(middle):
        return long
    return None


def joins(prev: str, nxt: str, width: int | None) -> bool:
    """True when `nxt` continues the paragraph `prev` (a line broken by wrapping, not by the writer)."""
    if not prev or not nxt or is_row(prev) or is_row(nxt):
        return False
    if _LONE_HEAD.match(prev) and not _ITEM_MARKER.match(nxt) and (_KEYWORD_ONLY.match(prev)
                                                                    or not MARKER.match(nxt)):
        return True  # "Điều" / "15. Trách nhiệm …"; "1." / "Xác nhận Hợp đồng …"
    if _NUMBER_LABEL.match(prev) and _DOC_NUMBER_START.match(nxt):
        return True  # a header's layout cell broken after its label: "Số:" / "11/2014/QĐ-UBND"
    if _ITEM_MARKER.match(nxt):  # an item never continues a line, but a name may ("Vụ Tổ chức" / "- Biên chế …")
        return _name_runs_on(prev, nxt)
    if FOOTNOTE.match(nxt):
        return False  # "[3] Cụ thể: …" opens a footnote
    if _open_paren(prev) and ")" in nxt and not MARKER.match(nxt):
        return True  # "(Có" / "Danh mục và Quy trình … kèm theo)"
    if _TERMINAL.search(prev) or _BLOCK_CUE.match(nxt) or MOTTO.search(nxt) or SIGN_PREFIX.match(nxt):
        return False
    if _PREAMBLE.match(prev) and not prev.rstrip().endswith(",") and not _PREAMBLE.match(nxt) \
            and not MARKER.match(nxt) and not is_caps(nxt):
        return True  # a căn cứ ends with ";" and the last one with ",": before that the clause goes on
    if _HEADER_LINE.search(prev) or _HEADER_LINE.search(nxt) or MOTTO.search(prev):
        return False
    prev_caps, next_caps = is_caps(prev), is_caps(nxt)
    if prev_caps and next_caps:
        return not _AUTHORITY.match(nxt) and not _KIND_LINE.match(prev) and not MARKER.match(nxt)
    if prev_caps != next_caps and len(_LETTER.findall(nxt)) > 3 and not nxt[:1].islower():
        return False
    last = prev.split()[-1].lower() if prev.split() else ""
    if MARKER.match(nxt) and not (last in _OPEN_ENDS and not nxt.startswith(("-", "+", "•", "*"))):
        return False
    first = nxt[:1]
    if first.islower() or first.isdigit() or first in "(,;–-%":
        return True
    if last in _OPEN_ENDS:
        return True
    # A hard-wrapped text breaks lines anywhere, a short first line included ("Điều 3. Chánh" / "Văn phòng
    # Bộ, …"); a heading then reads on into its text, which is untidy but loses nothing.
    if width is not None:
        return True
    # Without a wrap width, a line still runs on when it breaks a name in two ("… của Giám đốc Sở" /
    # "Khoa học và Công nghệ tại Tờ trình …").
    return not prev_caps and not next_caps and _name_runs_on(prev, nxt)


_NAME_WINDOW = 8  # words each side of a line break looked at for a name across it


def _name_runs_on(prev: str, nxt: str) -> bool:
    """An organisation's name is broken across the two lines: a name starts in `prev` and goes on into
    `nxt`, and what `prev` holds of it is no name by itself ("về Bộ" / "Công an trước …", "của Giám đốc Sở" /
    "Khoa học và Công nghệ …") or breaks a known name part ("Vụ Tổ chức" / "- Biên chế thuộc Bộ Nội vụ.")."""
    if _TERMINAL.search(prev) or is_caps(prev) or MARKER.match(nxt) and not nxt.startswith(("-", "–")):
        return False
    from corpus.orgs import find_orgs  # the name reader is heavy: only loaded when a break is in doubt

    tail = " ".join(prev.split()[-_NAME_WINDOW:])
    words = nxt.split()[:_NAME_WINDOW]
    first = 2 if words[0] in ("-", "–") else 1  # the dash of "- Biên chế" and the word after it
    if len(words) < first:
        return False
    joined = f"{tail} {' '.join(words)}"
    cut = len(tail)
    first_end = cut + 1 + len(" ".join(words[:first]))
    if not any(o.start < cut and o.end >= first_end for o in find_orgs(joined)):
        return False
    if not any(o.end == cut for o in find_orgs(tail)):
        return True  # the line ends on a bare head ("Bộ", "Giám đốc Sở")
    low = joined.casefold()
    return any(at < cut < at + len(part) for part in _name_parts() for at in _find_all(low, part))


def _find_all(text: str, part: str) -> list[int]:
    out, at = [], text.find(part)
    while at >= 0:
        out.append(at)
        at = text.find(part, at + 1)
    return out


@lru_cache(maxsize=1)
def _name_parts() -> tuple[str, ...]:
    """The known specific parts of unit names of two words or more ("công an", "tổ chức - biên chế")."""
    import yaml

    data = yaml.safe_load(resources.files("corpus").joinpath("data/org_abbreviations.yaml")
                          .read_text(encoding="utf-8")) or {}
    parts: set[str] = set()
    for spec, variants in (data.get("specs") or {}).items():
        for form in [spec, *(v for v in variants or () if " " in v)]:
            parts.add(re.sub(r"\s*-\s*", " - ", form).casefold())
    parts.update(p.casefold() for p in data.get("comma_specs") or ())
    return tuple(sorted(p for p in parts if " " in p))


def _open_paren(line: str) -> bool:
    return line.count("(") > line.count(")")


_AUTHORITY = re.compile(
    r"^(THỦ TƯỚNG|BỘ TRƯỞNG|CHỦ TỊCH|ỦY BAN NHÂN DÂN|UBND|GIÁM ĐỐC|CHÍNH PHỦ$|HỘI ĐỒNG NHÂN DÂN|CỤC TRƯỞNG|"
    r"TRƯỞNG BAN|TỔNG CỤC TRƯỞNG|CHÁNH VĂN PHÒNG|VIỆN TRƯỞNG|BỘ TRƯỞNG, CHỦ NHIỆM|TỔNG GIÁM ĐỐC|"
    r"CHÁNH ÁN|VIỆN TRƯỞNG|BAN CHỈ ĐẠO|BAN THƯỜNG VỤ)\b"
)
_KIND_LINE = re.compile(
    r"^(QUYẾT ĐỊNH|KẾ HOẠCH|THÔNG BÁO|CÔNG ĐIỆN|CHỈ THỊ|NGHỊ QUYẾT|HƯỚNG DẪN|QUY CHẾ|QUY ĐỊNH|BÁO CÁO|"
    r"TỜ TRÌNH|CHƯƠNG TRÌNH|DANH MỤC|PHỤ LỤC|QUY TRÌNH|PHƯƠNG ÁN|ĐỀ ÁN|ĐỀ CƯƠNG|KẾT LUẬN|LỊCH|CÔNG VĂN)$"
)


def authority_line(line: str) -> bool:
    """The issuing authority line of a title block ('BỘ TRƯỞNG BỘ NỘI VỤ', 'ỦY BAN NHÂN DÂN TỈNH …')."""
    return bool(_AUTHORITY.match(line))


def kind_line(line: str) -> bool:
    return bool(_KIND_LINE.match(line.strip(" :")))


def open_layout(lines: list[str]) -> list[str]:
    """Layout table rows replaced by their cells, one a line."""
    out: list[str] = []
    for line in lines:
        cells = explode_layout_row(line) if is_row(line) else None
        if cells is None:
            out.append(line)
        else:
            out.extend(cells)
    return out


def unwrap(lines: list[str], width: int | None = None) -> list[str]:
    """Re-join wrapped lines; blank lines are kept as paragraph breaks ('')."""
    out: list[str] = []
    for raw in lines:
        line = raw.strip()
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        if out and joins(out[-1], line, width):
            out[-1] = _glue(out[-1], line)
        elif out and not out[-1] and len(out) >= 2 and _rejoins_across_blank(out[-2], line):
            out.pop()
            out[-1] = _glue(out[-1], line)
        else:
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


def _rejoins_across_blank(prev: str, nxt: str) -> bool:
    """A paragraph the crawler split with a blank line: the first part ends mid-phrase, the next goes on
    in lower case ('Ủy ban nhân dân Tỉnh ban' / '' / 'hành Kế hoạch …')."""
    return bool(prev) and not is_row(prev) and not is_row(nxt) and nxt[:1].islower() \
        and not MARKER.match(nxt) and not _LONE_HEAD.match(nxt) and not _TERMINAL.search(prev) \
        and not is_caps(prev)


def _glue(a: str, b: str) -> str:
    if a.endswith("-") and not a.endswith(" -") and b[:1].islower():
        return a + b  # a word hyphenated at the line end is rare in Vietnamese; keep the hyphen's join
    return f"{a} {b}"


def logical_lines(text: str) -> list[str]:
    """One line per paragraph, heading, list item or table row (blank lines kept as '')."""
    lines = open_layout(text.split("\n"))
    return split_merged_rows(unwrap(lines, wrap_width(lines)))


_ROW_NUMBER = re.compile(r"^\d{1,3}\.?$")  # the STT cell of a record: "25.", "03"
_NUMBER_HEAD = re.compile(r"(?i)^(?:stt|tt|số tt|số thứ tự|thứ tự)$")


def split_merged_rows(lines: list[str]) -> list[str]:
    """Table rows that hold more than one line of the table, split back.

    Crawled pages flow a long table into two columns, so one row holds two records ("25. | … | Bộ Tài chính
    | 31/08/2025 | | 26. | …": the number cell again at position k+1, after an empty cell, k being the
    width of the header), and the last row of a table may run on into the caption and the header row of
    the next table ("Tổng thời gian … | 15 ngày | b) Trường hợp … | Số TT | Trình tự | …"). Each record
    becomes a row of its own, the caption a line of its own, the repeated header a new table's header."""
    out: list[str] = []
    header: list[str] | None = None
    for line in lines:
        if not line or not is_row(line):
            if line:
                header = None
            out.append(line)
            continue
        cells = cells_of(line)
        if header is None or _captioned_header(cells):
            caption, header, cells = _header_of(cells)
            if caption:
                out.append(caption)
            if caption or cells:
                out.append(CELL.join(header))
            if not cells:
                if not caption:
                    out.append(line)
                continue
            line = CELL.join(cells)
        pieces = _split_row(cells, header)
        if pieces is None:
            out.append(line)
            continue
        for kind, piece in pieces:
            if kind == "header":
                header = piece
            out.append(CELL.join(piece) if kind != "caption" else piece[0])
    return out


def _header_of(cells: list[str]) -> tuple[str, list[str], list[str]]:
    """The first row of a table: the caption it starts with ("II. DANH MỤC … BỊ BÃI BỎ | Số TT | …"), its
    header cells, and the first record when the row runs on into it ("STT | … | Thời hạn hoàn thành | |
    1. | Khẩn trương …")."""
    caption = ""
    if _captioned_header(cells):
        caption, cells = cells[0], cells[1:]
    if _NUMBER_HEAD.match(cells[0]):
        for j in range(2, len(cells)):
            if _ROW_NUMBER.match(cells[j]) and not cells[j - 1]:
                return caption, cells[:j - 1], cells[j:]
    return caption, cells, []


def _captioned_header(cells: list[str]) -> bool:
    return len(cells) > 3 and bool(_NUMBER_HEAD.match(cells[1])) and bool(MARKER.match(cells[0]) or is_caps(cells[0]))


def _split_row(cells: list[str], header: list[str]) -> list[tuple[str, list[str]]] | None:
    """The lines one row holds (('row' | 'caption' | 'header', cells)); None when it holds one."""
    k = len(header)
    if k < 3:
        return None
    head = [c.casefold() for c in header]
    pieces: list[tuple[str, list[str]]] = []
    rest = cells
    while rest:
        again = next((j for j in range(1, len(rest) - k + 1)
                      if [c.casefold() for c in rest[j:j + k]] == head), None)
        if again is not None:
            before, caption = rest[:again], ""
            if before and (MARKER.match(before[-1]) or is_caps(before[-1])):
                before, caption = before[:-1], before[-1]
            before = _trim(before)
            if before:
                pieces.extend(_split_row(before, header) or [("row", before)])
            if caption:
                pieces.append(("caption", [caption]))
            pieces.append(("header", rest[again:again + k]))
            rest = _trim(rest[again + k:])
            if rest and not rest[0] and len(rest) > 1:
                rest = rest[1:]
            continue
        if _ROW_NUMBER.match(rest[0]) and len(rest) > k + 1 and not rest[k] and _ROW_NUMBER.match(rest[k + 1]):
            pieces.append(("row", _trim(rest[:k])))
            rest = rest[k + 1:]
            continue
        if pieces:
            pieces.append(("row", _trim(rest)))
        break
    return [p for p in pieces if p[1]] if pieces else None


def _trim(cells: list[str]) -> list[str]:
    """Cells without the empty ones at the end."""
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def median_length(lines: list[str]) -> float:
    values = [len(ln) for ln in lines if ln]
    return median(values) if values else 0.0
