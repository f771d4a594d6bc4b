"""The task list as an Excel workbook (openpyxl): Vietnamese headers, dates as dd/mm/yyyy, filters on.

One flat sheet («Nhiệm vụ»), or one sheet per directive; every sheet has a header row, an autofilter over
its data, frozen headers and column widths that fit."""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from bot.exports.rows import ExportRow

HEADERS = ("STT", "Văn bản", "Tệp", "Cơ quan ban hành", "Nhiệm vụ", "Đơn vị thực hiện", "Hạn", "Giờ", "Định kỳ",
           "Gửi về", "Trạng thái", "Ngày hoàn thành", "Trích văn bản", "Mục")
WIDTHS = (6, 28, 22, 24, 60, 32, 12, 7, 20, 30, 14, 15, 80, 8)
DATE_FORMAT = "DD/MM/YYYY"
FILLS = {"overdue": "F8CBAD", "done_late": "FFE699", "done": "C6EFCE"}
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def workbook_bytes(rows: Sequence[ExportRow], *, per_document: bool = False, tz: ZoneInfo | None = None,
                   title: str = "Nhiệm vụ") -> bytes:
    """The .xlsx file's bytes."""
    book = Workbook()
    first: Worksheet = book.active  # type: ignore[assignment]
    if not per_document:
        _fill(first, title, rows, tz)
    else:
        groups: dict[int, list[ExportRow]] = {}
        for r in rows:
            groups.setdefault(r.document_id, []).append(r)
        used: set[str] = set()
        for i, part in enumerate(groups.values() or [[]]):
            sheet = first if i == 0 else book.create_sheet()
            _fill(sheet, _sheet_title(part[0].document if part else title, used), part, tz)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _sheet_title(name: str, used: set[str]) -> str:
    """A sheet name Excel accepts (31 characters, no []:*?/\\), unique in the workbook."""
    base = _BAD_TITLE.sub("-", name).strip("' ")[:31] or "Văn bản"
    title, n = base, 2
    while title.lower() in used:
        suffix = f" ({n})"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(title.lower())
    return title


def _fill(sheet: Worksheet, title: str, rows: Sequence[ExportRow], tz: ZoneInfo | None) -> None:
    sheet.title = title
    sheet.append(list(HEADERS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for n, r in enumerate(rows, 1):
        done = r.done_at.astimezone(tz).date() if r.done_at is not None and tz else (
            r.done_at.date() if r.done_at else None)
        sheet.append([n, r.document, r.file_name, r.issuer or "", r.what, r.unit, r.deadline,
                      r.deadline_time.strftime("%H:%M") if r.deadline_time else "", r.recurrence, r.submit_to or "",
                      r.state_label, done, r.quote, r.section])
        line = sheet.max_row
        for col in (7, 12):
            sheet.cell(line, col).number_format = DATE_FORMAT
        if fill := FILLS.get(r.state):
            sheet.cell(line, 11).fill = PatternFill("solid", start_color=fill, end_color=fill)
        for col in (5, 13):
            sheet.cell(line, col).alignment = Alignment(wrap_text=True, vertical="top")
    for i, width in enumerate(WIDTHS, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{max(sheet.max_row, 1)}"


def export_name(prefix: str, today: dt.date, ext: str) -> str:
    """'tien-do-nhiem-vu-10-12-2026.xlsx'."""
    return f"{prefix}-{today:%d-%m-%Y}.{ext}"
