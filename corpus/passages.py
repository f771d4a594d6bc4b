"""Passages: the units an answer quotes — every sentence, list item and table row of a directive, each with
the context a reader needs to understand it (the heading path, the sentence that introduces a list, the
table's column names, the attached document it belongs to).

Pure: works on stored sections or on freshly parsed ones (anything with path, heading, text, part).

>>> from corpus.structure import Section
>>> secs = [Section("III", "III", "TỔ CHỨC THỰC HIỆN", 1, 0, ["III. TỔ CHỨC THỰC HIỆN"]),
...         Section("III.1", "1", "Sở Nội vụ:", 2, 1, ["1. Sở Nội vụ:", "- Tổng hợp báo cáo năm.",
...                                                      "Thời gian hoàn thành: Trước ngày 15/11/2025."])]
>>> [(p.kind, p.text) for p in split_passages(secs)]
[('item', 'Tổng hợp báo cáo năm. Thời gian hoàn thành: Trước ngày 15/11/2025.')]
>>> split_passages(secs)[0].headings
('III. TỔ CHỨC THỰC HIỆN', '1. Sở Nội vụ:')
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Protocol

from corpus.layout import FOOTNOTE, MARKER, cells_of, header_row, is_caps, is_row
from corpus.text import SENTENCE_BREAK

_ITEM = re.compile(r"^(?:[-–+•*]\s*|\(\d{1,2}\)\s*|[a-zđ]\)\s*|\d{1,2}(?:\.\d{1,2})*[.)]\s+)")
_SPLIT = re.compile(SENTENCE_BREAK.pattern)
# A line or sentence that only says when the duty before it is due ("Thời gian hoàn thành: Trước ngày
# 15/11/2025.", "Hoàn thành trước ngày 28/11/2025."): it belongs to that duty's passage.
DUE_LINE = re.compile(
    r"^(?:[-–+•]\s*)?(?:(?:Thời gian|Thời hạn|Hạn|Tiến độ|Mốc thời gian)(?:\s+(?:hoàn thành|thực hiện|nộp|gửi|báo cáo|"
    r"triển khai))?\s*:|Hoàn thành (?:trước|chậm nhất|trong|xong)|Thực hiện (?:trước|trong) (?:ngày|tháng|quý|năm)|"
    r"(?:Trước|Chậm nhất) ngày \d|"
    r"(?:Đơn vị|Cơ quan|Bộ phận|Người)\s+(?:chủ trì|thực hiện|phối hợp|tham mưu|chịu trách nhiệm)[^:]{0,40}:|"
    r"(?:Sản phẩm|Kết quả|Kinh phí)(?:\s+\w+){0,3}\s*:)", re.I)
MAX_SENTENCE = 900  # a longer "sentence" is cut at its clauses (";")
CAPTION = 250  # a text line right before a table up to this length is the caption of its rows
_WORDS = re.compile(r"[^\W\d_]+")


class SectionLike(Protocol):
    path: str
    heading: str

    @property
    def text(self) -> str: ...

    @property
    def part(self) -> str: ...


@dataclass(frozen=True)
class Passage:
    """One quotable piece of a directive with what surrounds it."""

    section_path: str
    section_index: int  # position of its section in the sequence given
    ord: int  # order in the document
    kind: str  # "sentence" | "item" | "row" | "heading"
    text: str  # the passage as written (a row: its cells joined by " | ")
    headings: tuple[str, ...]  # the heading path, outermost first (an attached document's title first)
    lead: str = ""  # the sentence that introduces the list this item belongs to ("Sở Nội vụ có trách nhiệm:")
    columns: tuple[str, ...] = ()  # a row's column names
    cells: tuple[str, ...] = ()  # a row's cells
    group: str = ""  # a row's group heading inside its table ("I | Cải cách thể chế")
    before: tuple[str, ...] = ()  # the sentences before it in the same paragraph (a subject runs on from them)

    @property
    def near_context(self) -> str:
        """The nearest two headings, the list lead, the table's group and columns (what the index searches)."""
        parts = [*self.headings[-2:], self.group, self.lead, " ".join(self.columns)]
        return " / ".join(p for p in parts if p)

    def extra(self) -> dict[str, Any]:
        """What the readers need of a passage besides its text (the index stores it beside the passage)."""
        out: dict[str, Any] = {"kind": self.kind, "ord": self.ord, "headings": list(self.headings)}
        if self.lead:
            out["lead"] = self.lead
        if self.columns:
            out["columns"] = list(self.columns)
            out["cells"] = list(self.cells)
        if self.group:
            out["group"] = self.group
        if self.before:
            out["before"] = list(self.before[-3:])
        return out

    @property
    def context(self) -> str:
        """The words around the passage that help to find it (not part of the quote)."""
        parts = [*self.headings, self.group, self.lead, " ".join(self.columns)]
        return " / ".join(p for p in parts if p)


# A sentence that goes on from the one before it ("Theo đó, huyện Bạch Thông xếp thứ 05/08 …").
CONNECTIVE = re.compile(r"^(?:Theo đó|Trong đó|Cụ thể|Qua đó|Như vậy|Do đó|Vì vậy|Tuy nhiên|Riêng)\b")


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph; an over-long one cut at its clauses; a sentence that only gives the
    deadline stays with the one before it."""
    out: list[str] = []
    for s in _SPLIT.split(text):
        s = s.strip()
        if not s:
            continue
        if out and (DUE_LINE.match(s) and len(s) < 200 or CONNECTIVE.match(s)):
            out[-1] = f"{out[-1]} {s}"
        elif len(s) > MAX_SENTENCE:
            out.extend(_clauses(s))
        else:
            out.append(s)
    return out


def _clauses(s: str) -> list[str]:
    parts, cur = [], ""
    for piece in re.split(r"(?<=;)\s+", s):
        if cur and len(cur) + len(piece) > MAX_SENTENCE:
            parts.append(cur)
            cur = piece
        else:
            cur = f"{cur} {piece}".strip()
    if cur:
        parts.append(cur)
    return parts


def heading_label(path: str, heading: str, first_line: str) -> str:
    """How a section is named in a heading path: its first line when short, else its number and heading."""
    line = first_line.strip()
    if line and (len(line) <= 160 or (len(line) <= 300 and not line.endswith((".", ";", ":")))):
        return line  # a long title that is no sentence still names the section ("1. Giao A, B, …; C")
    head = heading.strip()
    return (line[:157] + "…") if head and len(head) > 160 else head or path


def _ancestors(paths: Sequence[str]) -> list[list[int]]:
    """For each section, the indices of its ancestors (sections whose path prefixes its own), outermost first."""
    out: list[list[int]] = []
    stack: list[int] = []
    for i, p in enumerate(paths):
        while stack and not p.startswith(paths[stack[-1]] + "."):
            stack.pop()
        out.append(list(stack))
        stack.append(i)
    return out


def split_passages(sections: Sequence[SectionLike]) -> list[Passage]:
    """Every passage of a document's sections, in order."""
    paths = [s.path for s in sections]
    lines_of = [s.text.split("\n") for s in sections]
    labels = [heading_label(s.path, s.heading, (lines_of[i][0] if lines_of[i] else ""))
              if _numbered(s.path) else "" for i, s in enumerate(sections)]
    ancestors = _ancestors(paths)
    _share_co_headings(labels, lines_of, ancestors, paths)
    notes = _take_footnotes(lines_of)
    intro = _intro_of(sections, lines_of)
    out: list[Passage] = []
    for i, sec in enumerate(sections):
        part = getattr(sec, "part", "") or ""
        lead_in = intro if i and _numbered(sec.path) and not part else ""
        heads = tuple(h for h in ([part, lead_in] + [labels[a] for a in ancestors[i]]) if h)
        lines = lines_of[i]
        if _numbered(sec.path) and lines:
            own = labels[i]
            first = lines[0]
            lines = lines[1:]
            if _is_sentence(first):
                body = _strip_marker(first)
                for s in sentences(body):
                    out.append(Passage(sec.path, i, len(out), "sentence", s, heads))
            heads = heads + (own,)
        out.extend(_body_passages(sec.path, i, lines, heads, len(out)))
    return [_with_notes(p, notes) for p in out] if notes else out


def _intro_of(sections: Sequence[SectionLike], lines_of: list[list[str]]) -> str:
    """The sentence that opens the numbered parts of a letter or notice ('Chủ tịch HĐND huyện … thông báo
    lịch tiếp công dân như sau:', 'UBND huyện đề nghị các cơ quan, đơn vị thực hiện một số nội dung sau:'): the
    opening's last line when it ends with a colon and numbered parts follow. It heads each of them."""
    if len(sections) < 2 or _numbered(sections[0].path) or not _numbered(sections[1].path):
        return ""
    last = next((ln.strip() for ln in reversed(lines_of[0]) if ln.strip()), "")
    return last if last.endswith(":") and len(last) > 20 and not is_row(last) else ""


_NOTE_MARK = re.compile(r"(?<=\S)\s?\[(\d{1,3})\]")


def _take_footnotes(lines_of: list[list[str]]) -> dict[str, str]:
    """The footnotes ("[8] Như: …") whose marker ("thấp[8].") occurs in the text, taken out of the section
    they were filed under (the last one, usually an appendix): number → text."""
    marks = {n for lines in lines_of for ln in lines for n in _NOTE_MARK.findall(ln) if not FOOTNOTE.match(ln)}
    if not marks:
        return {}
    notes: dict[str, str] = {}
    for lines in lines_of:
        keep: list[str] = []
        current: str | None = None
        for ln in lines:
            m = FOOTNOTE.match(ln.strip())
            if m and m.group(1) in marks and m.group(1) not in notes:
                current = m.group(1)
                notes[current] = ln.strip()[m.end():].strip()
                continue
            if current is not None and ln.strip() and not is_row(ln) and not MARKER.match(ln.strip()):
                notes[current] = f"{notes[current]} {ln.strip()}".strip()
                continue
            current = None
            keep.append(ln)
        lines[:] = keep
    return notes


def _with_notes(p: Passage, notes: dict[str, str]) -> Passage:
    """A passage with the footnotes its markers point to: in its text, or in its group for a table row."""
    found = [n for n in dict.fromkeys(_NOTE_MARK.findall(p.text)) if notes.get(n)]
    if not found:
        return p
    added = " ".join(f"[{n}] {notes[n]}" for n in found)
    if p.kind == "row":
        return replace(p, group=" / ".join(x for x in (p.group, added) if x))
    return replace(p, text=f"{p.text} {added}")


def _share_co_headings(labels: list[str], lines_of: list[list[str]], ancestors: list[list[int]],
                       paths: Sequence[str]) -> None:
    """Headings in a row with nothing under them all head the block that follows ("1. Nhóm 07 TTHC, gồm:" /
    "1.1 Thủ tục A" … "1.7 Thủ tục G" over one step table): their labels join the label of the next sibling
    that has a body. One empty heading alone is not enough (a report leaves "2. Tồn tại, vướng mắc" blank)
    unless its parent announces a list ("…, gồm:")."""
    pending: list[str] = []
    for i in range(len(labels)):
        bare = bool(labels[i]) and len(lines_of[i]) == 1 and not _is_sentence(lines_of[i][0])
        sibling = i + 1 < len(labels) and ancestors[i + 1] == ancestors[i] and _numbered(paths[i + 1])
        if bare and sibling:
            pending.append(labels[i])
            continue
        announced = bool(ancestors[i]) and labels[ancestors[i][-1]].endswith(":")
        if labels[i] and (len(pending) >= 2 or pending and announced):
            labels[i] = "; ".join([*pending, labels[i]])
        pending = []


def _numbered(path: str) -> bool:
    last = path.rsplit(".", 1)[-1]
    return last not in ("mở đầu", "phần kết")


def _is_sentence(line: str) -> bool:
    """A heading line that says something itself ('Điều 2. Quyết định này có hiệu lực …')."""
    text = _strip_marker(line)
    return (len(text) > 100 or text.rstrip().endswith((".", ";", ".)"))
            or bool(re.search(r"\d{1,2}/\d{1,2}/\d{4}", text)))


def _strip_marker(line: str) -> str:
    return re.sub(r"^(?:(?:Điều|ĐIỀU)\s+\d+[a-z]?\s*[.:]\s*|[IVXL]{1,5}\s*[.)]\s+|\d{1,2}(?:\.\d{1,2})*\s*[.)]?\s+|"
                  r"[a-zđ]\)\s+)", "", line.strip())


def _body_passages(path: str, index: int, lines: Iterable[str], heads: tuple[str, ...],
                   start: int) -> list[Passage]:
    out: list[Passage] = []
    lead = ""
    table: list[list[str]] = []
    columns: tuple[str, ...] = ()
    group = ""
    caption = ""  # the text line right before a table names its rows ("Trường hợp thuộc thẩm quyền … cấp xã")
    text_before = ""

    def flush_table() -> None:
        nonlocal table, columns, group, caption
        table, columns, group, caption = [], (), "", ""

    for raw in lines:
        line = raw.strip()
        if not line:
            continue
        if is_row(line):
            cells = cells_of(line)
            if not table:
                caption = group = text_before
            if not table and header_row(cells):
                columns = tuple(cells)
                table.append(cells)
                continue
            if table and columns and len(table) <= 2 and header_row(cells) and not _has_data(cells):
                columns = tuple(f"{a} {b}".strip() for a, b in _zip_pad(columns, cells))
                table.append(cells)
                continue
            table.append(cells)
            filled = [c for c in cells if c]
            if len(filled) <= 2 and filled and _group_marker(filled[0]):
                group = " / ".join(p for p in (caption, " ".join(filled)) if p)
                continue
            if not filled or all(len(c) <= 2 for c in filled):
                continue  # an empty row, or the column numbering row ("A | B | 1 | 2")
            out.append(Passage(path, index, start + len(out), "row", " | ".join(cells), heads, lead, columns,
                               tuple(cells), group))
            continue
        if table and columns and len(table) == 1:
            text_before = ""  # a line inside the header, split off by the crawl: the header still holds
        else:
            if table:
                flush_table()
            text_before = line if len(line) <= CAPTION and line[:1].isalnum() and not line.endswith(":") and \
                len(_WORDS.findall(line)) >= 2 else ""
        if DUE_LINE.match(line) and len(line) < 200 and out and out[-1].kind != "row":
            prev = out[-1]
            out[-1] = Passage(prev.section_path, prev.section_index, prev.ord, prev.kind,
                              f"{prev.text} {_ITEM.sub('', line)}", prev.headings, prev.lead)
            continue
        item = bool(_ITEM.match(line))
        text = _ITEM.sub("", line) if item else line
        kind = "item" if item and lead else ("item" if item else "sentence")
        said: list[str] = []
        for s in sentences(text):
            out.append(Passage(path, index, start + len(out), kind, s, heads, lead if item else "",
                               before=tuple(said[-3:])))
            said.append(s)
        if line.endswith(":") and len(line) < 400:
            lead = text
        elif not item and not is_caps(line):
            lead = ""
    return out


def _zip_pad(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, str]]:
    n = max(len(a), len(b))
    return [(a[i] if i < len(a) else "", b[i] if i < len(b) else "") for i in range(n)]


def _has_data(cells: list[str]) -> bool:
    return any(re.fullmatch(r"\d+\.?", c) for c in cells if c)


def _group_marker(cell: str) -> bool:
    return (bool(re.fullmatch(r"[IVXL]+\.?|[A-Z]\.?|[IVXL]+\.\s.*|[A-Z]\.\s.*", cell))
            or (is_caps(cell) and len(cell) > 3))
