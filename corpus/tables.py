"""Duty tables: 'STT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành' → one task a row.

Plans often list their tasks in such a table (in the body or an appendix). Rows arrive as lines whose
cells are separated by ' | ' (see corpus.text.strip_markup).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from corpus.layout import header_row
from corpus.text import key

CELL = " | "
_COLUMNS = {
    "what": re.compile(r"\b(nhiem vu|noi dung|cong viec|ten nhiem vu|hoat dong|giai phap)\b"),
    "lead": re.compile(r"\b(chu tri|don vi thuc hien|co quan thuc hien|don vi chu tri|co quan chu tri|"
                       r"trach nhiem|don vi thuc hien|thuc hien)\b"),
    "partner": re.compile(r"\bphoi hop\b"),
    "time": re.compile(r"\b(thoi gian|thoi han|tien do|han hoan thanh|moc thoi gian)\b"),
    "product": re.compile(r"\b(san pham|ket qua)\b"),
}


@dataclass(frozen=True)
class TableRow:
    """One row of a duty table, its cells read by the header's columns."""

    what: str
    lead: str
    partner: str
    time: str
    line: str


_SPLIT = re.compile(r"\s*\|\s*")


def cells_of(line: str) -> list[str]:
    """The cells of a table row ('a | | b' → ['a', '', 'b'])."""
    return [c.strip() for c in _SPLIT.split(line.strip())]


def is_row(line: str) -> bool:
    return CELL in line or " |" in line


def header_columns(line: str) -> dict[str, int] | None:
    """Column positions of a duty table's header row (None if the row is not such a header: a record whose
    cells happen to hold column words, '2 | 2.000815 | … | Thời hạn thực hiện … là ngay trong ngày', is not)."""
    raw = cells_of(line)
    if not header_row(raw):
        return None
    cells = [key(c) for c in raw]
    found: dict[str, int] = {}
    for i, cell in enumerate(cells):
        for name, pattern in _COLUMNS.items():
            if name not in found and pattern.search(cell) and not (name == "lead" and "phoi hop" in cell):
                found[name] = i
                break
    return found if "what" in found and ("lead" in found or "time" in found) else None


def read_rows(lines: list[str]) -> list[TableRow]:
    """The duty rows of every duty table among the lines (group rows such as 'I | Cải cách thể chế' skipped)."""
    rows: list[TableRow] = []
    columns: dict[str, int] | None = None
    width = 0
    for line in lines:
        if not line.strip():
            continue
        if not is_row(line):
            columns = None
            continue
        cells = cells_of(line)
        if (found := header_columns(line)) is not None:
            columns, width = found, len(cells)
            continue
        if columns is None or len(cells) < width - 1:
            continue
        row = _row(cells, columns, line)
        if row is not None:
            rows.append(row)
    return rows


def _cell(cells: list[str], columns: dict[str, int], name: str) -> str:
    i = columns.get(name)
    return cells[i] if i is not None and i < len(cells) else ""


def _row(cells: list[str], columns: dict[str, int], line: str) -> TableRow | None:
    what = _cell(cells, columns, "what")
    if len(what) < 8 or not re.search(r"[^\W\d_]", what):
        return None
    return TableRow(what, _cell(cells, columns, "lead"), _cell(cells, columns, "partner"),
                    _cell(cells, columns, "time"), line)
