"""Pure rendering of the coordinator's desk: review cards, edit prompts, the history (/lichsu).

Nothing here imports `telegram`; keyboards are rows of (label, callback_data) pairs, as in render.py.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.review import FIELD_LABELS, STATE_LABELS, HistoryLine, ReviewCard
from bot.telegram.render import Keyboard, esc

MAX_QUOTE = 900
HISTORY_LINES = 30
PROMPTS = {
    "deadline": "Gõ <b>hạn mới</b> theo dạng ngày/tháng/năm, có thể kèm giờ (ví dụ <code>15/12/2026</code> hoặc "
                "<code>15/12/2026 10:00</code>); gõ <code>không</code> để bỏ hạn.",
    "units": "Gõ <b>các đơn vị thực hiện</b>, cách nhau bằng dấu chấm phẩy (ví dụ <code>Phòng Tư pháp; UBND các xã, "
             "thị trấn</code>).",
    "submit_to": "Gõ <b>nơi gửi kết quả</b> (ví dụ <code>UBND huyện (qua Phòng Nội vụ)</code>); gõ <code>không</code>"
                 " để bỏ.",
}
FIELD_CODES = {"due": "deadline", "unit": "units", "to": "submit_to"}


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def card_html(c: ReviewCard, *, note: str = "") -> str:
    """One task as the coordinator reviews it: quote, deadline, units, submit-to, state."""
    state = STATE_LABELS.get(c.state, c.state)
    lines = [f"<b>Xem lại nhiệm vụ {c.position}/{c.total}</b> (#{c.task_id}, {esc(state)})",
             f"Văn bản: {esc(c.document)}" + (f", mục {esc(c.section)}" if c.section else ""),
             f"<b>Việc:</b> {esc(_clip(c.what, 400))}",
             f"<b>Đơn vị:</b> {esc('; '.join(c.units) or 'chưa rõ')}",
             f"<b>Hạn:</b> {esc(c.deadline or 'không ghi hạn')}",
             f"<b>Gửi về:</b> {esc(c.submit_to or 'không ghi')}",
             f"<b>Trích:</b> <i>«{esc(_clip(c.quote, MAX_QUOTE))}»</i>"]
    if c.waiting:
        lines.append(f"\nCòn {c.waiting} nhiệm vụ của văn bản này chờ xác nhận; nhắc việc chỉ bắt đầu khi đã xác nhận.")
    if note:
        lines.insert(0, note)
    return "\n".join(lines)


def card_keyboard(c: ReviewCard) -> Keyboard:
    """Confirm / drop, the three edits, and confirm-all while several wait."""
    rows: Keyboard = []
    first = []
    if c.state != "confirmed":
        first.append(("✅ Xác nhận", f"rv:ok:{c.task_id}"))
    if c.state != "dropped":
        first.append(("🗑 Bỏ", f"rv:drop:{c.task_id}"))
    rows.append(first)
    rows.append([("Sửa hạn", f"rv:due:{c.task_id}"), ("Sửa đơn vị", f"rv:unit:{c.task_id}"),
                 ("Sửa nơi gửi", f"rv:to:{c.task_id}")])
    if c.waiting > 1:
        rows.append([(f"Xác nhận cả {c.waiting} nhiệm vụ đang chờ", f"rv:all:{c.document_id}")])
    return rows


def decided_html(c: ReviewCard, state: str) -> str:
    """What a card becomes once decided (its buttons go)."""
    mark = "✅ Đã xác nhận" if state == "confirmed" else "🗑 Đã bỏ"
    return f"{mark} #{c.task_id}: {esc(_clip(c.what, 200))}"


def all_confirmed_html(count: int, document: str) -> str:
    return f"✅ Đã xác nhận {count} nhiệm vụ của {esc(document)}. Nhắc việc bắt đầu theo hạn của từng nhiệm vụ."


def review_finished_html(document: str | None) -> str:
    where = f" của {esc(document)}" if document else ""
    return f"Không còn nhiệm vụ nào{where} chờ xác nhận."


def prompt_html(c: ReviewCard, field: str) -> str:
    """Asking for the new value of a field (the next message of this user in this chat is taken as it)."""
    now = {"deadline": c.deadline or "không ghi hạn", "units": "; ".join(c.units) or "chưa rõ",
           "submit_to": c.submit_to or "không ghi"}[field]
    return (f"Sửa {FIELD_LABELS[field]} của nhiệm vụ #{c.task_id} «{esc(_clip(c.what, 150))}».\n"
            f"Hiện tại: <b>{esc(now)}</b>\n{PROMPTS[field]}\nGõ /huy để thôi sửa.")


def edited_html(task_id: int, field: str, old: str, new: str) -> str:
    if old == new:
        return f"Không có gì thay đổi ({FIELD_LABELS[field]} của #{task_id} vẫn là «{esc(new or 'trống')}»)."
    return (f"✏️ Đã sửa {FIELD_LABELS[field]} của #{task_id}: «{esc(old or 'trống')}» → "
            f"«{esc(new or 'trống')}». Thay đổi đã được ghi vào lịch sử (/lichsu).")


def history_html(lines: Sequence[HistoryLine], tz: ZoneInfo, scope: str) -> str:
    """/lichsu: who changed what, newest first."""
    if not lines:
        return f"Chưa có thay đổi nào ({esc(scope)})."
    out = [f"<b>Lịch sử thay đổi</b> ({esc(scope)}), mới nhất trước:"]
    for h in lines[:HISTORY_LINES]:
        what = f"#{h.task_id} " if h.task_id else ""
        subject = what + _clip(h.task, 80) if h.task else h.document
        out.append(f"• {_when(h.at, tz)} — <b>{esc(h.who)}</b>\n  {esc(subject)}\n"
                   f"  {FIELD_LABELS.get(h.field, h.field)}: {esc(h.old)} → <b>{esc(h.new)}</b>")
    if len(lines) > HISTORY_LINES:
        out.append(f"… và {len(lines) - HISTORY_LINES} thay đổi cũ hơn (xem đủ bằng lệnh cchc show).")
    return "\n".join(out)


def _when(at: dt.datetime, tz: ZoneInfo) -> str:
    return at.astimezone(tz).strftime("%d/%m/%Y %H:%M")
