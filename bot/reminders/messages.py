"""The reminder texts (Telegram HTML, every value escaped) and their buttons; pure functions."""
from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from corpus.dates import format_date, format_day, weekday_name

if TYPE_CHECKING:
    from bot.reminders.planning import TaskInfo
    from bot.reminders.status import OpenTask, UnitProgress

DONE_LABEL = "Đã hoàn thành"
SNOOZE_LABEL = "Nhắc lại sau"
MAX_QUOTE = 700
MAX_WHAT = 300
MAX_ITEMS = 15
_HEADINGS = {"before": "Nhắc việc", "due": "Nhắc việc", "overdue": "Nhắc việc quá hạn"}

Buttons = list[list[tuple[str, str]]]


def esc(text: str | None) -> str:
    """HTML-escape a value for Telegram's HTML parse mode."""
    return html.escape(text or "", quote=False)


def clip(text: str, limit: int) -> str:
    """The text, cut at a word boundary with '…' when longer than `limit`."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def format_deadline(day: dt.date, time: dt.time | None = None, precision: str | None = "day") -> str:
    """'thứ Sáu, 31/01/2025, 10:00' or 'trong tháng 04/2024 (đến thứ Ba, 30/04/2024)'."""
    full = format_day(day, time)
    if precision == "month":
        return f"trong tháng {day:%m/%Y} (đến {full})"
    return full


def countdown(deadline: dt.date, today: dt.date) -> str:
    """'Còn 3 ngày đến hạn.', 'Hôm nay là hạn chót.', 'Đã quá hạn 2 ngày.'"""
    days = (deadline - today).days
    if days > 1:
        return f"Còn {days} ngày đến hạn."
    if days == 1:
        return "Ngày mai là hạn chót."
    if days == 0:
        return "Hôm nay là hạn chót."
    return f"Đã quá hạn {-days} ngày."


def source_line(task: TaskInfo) -> str:
    """The directive a task comes from: kind, number or subject, issuer, section."""
    parts = [task.source_title, task.source_issuer, f"mục {task.section}" if task.section else None]
    return "; ".join(esc(p) for p in parts if p)


def reminder_body(task: TaskInfo, deadline: dt.date, today: dt.date) -> str:
    """Everything of a reminder but its heading: countdown, what, deadline, submit to, quote, source."""
    lines = [countdown(deadline, today), "",
             f"<b>Việc:</b> {esc(clip(task.what, MAX_WHAT))}",
             f"<b>Hạn:</b> {esc(format_deadline(deadline, task.deadline_time, task.precision))}"]
    if task.submit_to:
        lines.append(f"<b>Gửi về:</b> {esc(task.submit_to)}")
    if task.quote:
        lines.append(f"<b>Trích văn bản:</b> <i>«{esc(clip(task.quote, MAX_QUOTE))}»</i>")
    if source := source_line(task):
        lines.append(f"<b>Nguồn:</b> {source}")
    return "\n".join(lines)


def reminder_text(kind: str, unit_name: str, body: str, note: str = "") -> str:
    """A reminder to one unit: heading with the unit's name, then the body (and a group note)."""
    head = f"<b>{_HEADINGS.get(kind, 'Nhắc việc')}</b>" + (f" · {esc(unit_name)}" if unit_name else "")
    return head + "\n" + body + (f"\n\n{note}" if note else "")


def group_note(open_count: int, total: int) -> str:
    """The line a group's own chat sees: how many member units have not finished."""
    return f"<i>Việc giao cho {total} đơn vị; còn {open_count} đơn vị chưa báo hoàn thành.</i>"


def _item(task: TaskInfo, deadline: dt.date) -> str:
    when = format_deadline(deadline, task.deadline_time, task.precision)
    return f"• {esc(clip(task.what, 160))} — <b>{esc(when)}</b>"


def _items(items: Sequence[tuple[TaskInfo, dt.date]]) -> list[str]:
    lines = [_item(t, d) for t, d in items[:MAX_ITEMS]]
    if len(items) > MAX_ITEMS:
        lines.append(f"… và {len(items) - MAX_ITEMS} việc khác (xem /viec).")
    return lines


def digest_text(unit_name: str, soon: Sequence[tuple[TaskInfo, dt.date]],
                late: Sequence[tuple[TaskInfo, dt.date]], today: dt.date) -> str:
    """The weekly digest of one unit: what is late, and what falls due in the next 14 days."""
    lines = ["<b>Tổng hợp việc trong tuần</b>" + (f" · {esc(unit_name)}" if unit_name else ""),
             f"Ngày {format_date(today)} ({weekday_name(today)})."]
    if late:
        lines += ["", f"<b>Quá hạn ({len(late)}):</b>", *_items(late)]
    if soon:
        lines += ["", f"<b>Đến hạn trong 14 ngày tới ({len(soon)}):</b>", *_items(soon)]
    return "\n".join(lines)


def escalation_text(task: TaskInfo, deadline: dt.date, late_units: Sequence[str], today: dt.date) -> str:
    """To the coordinator: a task still open past its deadline, with the late units."""
    lines = ["<b>Báo cáo chậm tiến độ</b>", countdown(deadline, today), "",
             f"<b>Việc:</b> {esc(clip(task.what, MAX_WHAT))}",
             f"<b>Hạn:</b> {esc(format_deadline(deadline, task.deadline_time, task.precision))}"]
    if source := source_line(task):
        lines.append(f"<b>Nguồn:</b> {source}")
    lines += ["", f"<b>Đơn vị chưa hoàn thành ({len(late_units)}):</b>"]
    lines += [f"• {esc(name)}" for name in late_units[:50]]
    if len(late_units) > 50:
        lines.append(f"… và {len(late_units) - 50} đơn vị khác.")
    return "\n".join(lines)


def reminder_buttons(task_id: int | None, unit_id: int | None, reminder_id: int, *, can_mark_done: bool) -> Buttons:
    """'Đã hoàn thành' (done:<task_id>:<unit_id>) and 'Nhắc lại sau' (snooze:<reminder_id>)."""
    row = []
    if can_mark_done and task_id is not None and unit_id is not None:
        row.append((DONE_LABEL, f"done:{task_id}:{unit_id}"))
    row.append((SNOOZE_LABEL, f"snooze:{reminder_id}"))
    return [row]


def open_tasks_text(unit_name: str, items: Sequence[OpenTask], today: dt.date) -> tuple[str, Buttons]:
    """/viec: a unit's open tasks, numbered, with one 'Đã hoàn thành' button per task it may close."""
    if not items:
        return f"<b>{esc(unit_name)}</b>: không còn việc nào chưa hoàn thành.", []
    lines = [f"<b>Việc của {esc(unit_name)}</b> ({len(items)}), ngày {format_date(today)}:"]
    buttons: Buttons = []
    for n, item in enumerate(items[:MAX_ITEMS * 2], 1):
        when = format_deadline(item.deadline, item.task.deadline_time, item.task.precision) if item.deadline \
            else "không ghi hạn"
        late = " — <b>quá hạn</b>" if item.state == "overdue" else ""
        lines.append(f"{n}. {esc(clip(item.task.what, 160))} (hạn: {esc(when)}){late}")
        if item.can_mark_done:
            buttons.append([(f"{DONE_LABEL} #{n}", f"done:{item.task.id}:{item.unit_id}")])
    if len(items) > MAX_ITEMS * 2:
        lines.append(f"… và {len(items) - MAX_ITEMS * 2} việc khác.")
    return "\n".join(lines), buttons


def progress_text(title: str, rows: Sequence[UnitProgress]) -> str:
    """/tiendo: per unit, done / done late / open / overdue."""
    if not rows:
        return f"<b>Tiến độ — {esc(title)}</b>\nChưa có nhiệm vụ nào được giao."
    lines = [f"<b>Tiến độ — {esc(title)}</b>"]
    lines += [f"• {esc(r.unit)}: xong {r.done}, xong trễ hạn {r.done_late}, đang làm {r.open}, "
              f"<b>quá hạn {r.overdue}</b>" for r in rows]
    return "\n".join(lines)
