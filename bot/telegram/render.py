"""Pure rendering for the bot: HTML escaping, message splitting, texts and inline keyboards as data.

Nothing here imports `telegram`; keyboards are lists of rows of (label, callback_data) pairs.
"""
from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Iterable, Sequence
from typing import Any

from bot.answering.model import Answer
from bot.registration import STATUS_LABELS, LinkRef, Overview, UnitRef
from corpus import models as m
from corpus.dates import format_date, format_day
from corpus.deadlines import Deadline
from corpus.store import IngestResult, PreparedDocument

MAX_MESSAGE = 4096  # Telegram's limit for one message's text
PREVIEW_TASKS = 40  # tasks listed in an upload preview before "và N nhiệm vụ khác"
OPEN_TASKS = 30  # tasks listed by /viec
Button = tuple[str, str]
Keyboard = list[list[Button]]

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*>")

EXAMPLES = (
    "Hạn nộp kế hoạch CCHC năm 2024 là khi nào?",
    "Phòng Tư pháp phải làm gì?",
    "Ai chủ trì công khai thủ tục hành chính?",
    "Tiêu chí cải cách tài chính công do phòng nào phụ trách?",
)


def esc(text: object) -> str:
    """Escape text for Telegram HTML."""
    return html.escape(str(text), quote=False)


def number_vn(n: int) -> str:
    """10000 → '10.000'."""
    return f"{n:,}".replace(",", ".")


# ------------------------------------------------------------------ splitting


def split_html(text: str, limit: int = MAX_MESSAGE) -> list[str]:
    """Split HTML at line boundaries into messages of at most `limit` characters, keeping tags balanced."""
    budget = max(limit - 200, limit // 2)
    chunks: list[str] = []
    body = ""
    stack: list[tuple[str, str]] = []  # (tag name, opening tag) open at the end of `body`
    head = ""  # the opening tags carried over into the current chunk
    for piece in _pieces(text, budget):
        after = _track(stack, piece)
        if body and len(head + body + piece + _closing(after)) > limit:
            chunks.append(head + body.rstrip("\n") + _closing(stack))
            head, body = "".join(tag for _, tag in stack), ""
            piece = piece.lstrip("\n")
        body += piece
        stack = after
    if body.strip():
        chunks.append(head + body.rstrip("\n") + _closing(stack))
    return [c for c in chunks if c.strip()] or [""]


def _pieces(text: str, budget: int) -> Iterable[str]:
    """Lines (with their newline); a line longer than budget broken at spaces."""
    for line in text.splitlines(keepends=True):
        if len(line) <= budget:
            yield line
            continue
        part = ""
        for word in re.split(r"(?<= )", line):
            while len(word) > budget:  # one word longer than a message: cut, but not inside a tag or entity
                cut = _safe_cut(word, budget)
                yield from (part, word[:cut]) if part else (word[:cut],)
                part, word = "", word[cut:]
            if part and len(part) + len(word) > budget:
                yield part
                part = ""
            part += word
        if part:
            yield part


def _safe_cut(word: str, at: int) -> int:
    """An index ≤ at that does not fall inside '<…>' or '&…;'."""
    head = word[:at]
    for opener, closer in (("<", ">"), ("&", ";")):
        i = head.rfind(opener)
        if i > head.rfind(closer) and i > 0:
            at = min(at, i)
    return at


def _track(stack: list[tuple[str, str]], piece: str) -> list[tuple[str, str]]:
    """The open-tag stack after `piece`."""
    out = list(stack)
    for match in _TAG.finditer(piece):
        closing, name = match.group(1), match.group(2).lower()
        if not closing:
            out.append((name, match.group(0)))
        elif out and out[-1][0] == name:
            out.pop()
    return out


def _closing(stack: Sequence[tuple[str, str]]) -> str:
    return "".join(f"</{name}>" for name, _ in reversed(stack))


# ------------------------------------------------------------------ fixed texts


def help_html(bot_username: str | None = None) -> str:
    """What the bot does, its commands and example questions."""
    mention = f" (trong nhóm: /hoi@{esc(bot_username)} …)" if bot_username else ""
    examples = "\n".join(f"• {esc(q)}" for q in EXAMPLES)
    return (
        "<b>Trợ lý CCHC</b> đọc các văn bản chỉ đạo cải cách hành chính, trả lời ai phải làm gì, "
        "hạn khi nào, gửi về đâu — luôn kèm câu trích nguyên văn — và nhắc việc cho từng đơn vị.\n\n"
        f"<b>Hỏi:</b> gõ câu hỏi, hoặc /hoi &lt;câu hỏi&gt;{mention}. Ví dụ:\n{examples}\n\n"
        "<b>Lệnh:</b>\n"
        "/han [tuần này|tháng này] — hạn sắp tới của đơn vị\n"
        "/viec — việc chưa xong của đơn vị\n"
        "/tieuchi [tên] — tiêu chí CCHC và đơn vị phụ trách\n"
        "/tim &lt;từ khóa&gt; — tìm trong văn bản\n"
        "/dangky &lt;tên đơn vị&gt; — liên kết nhóm này với đơn vị (ví dụ: /dangky Phòng Nội vụ Vĩnh Linh)\n"
        "/donvi — đơn vị của nhóm này · /huydangky — hủy liên kết\n"
        "/lich — lịch hạn của đơn vị (tệp .ics để thêm vào lịch điện thoại, Google, Outlook)"
    )


ADMIN_HELP = ("\n\n<b>Điều phối viên:</b> gửi tệp .docx/.pdf/.txt để thêm văn bản (rồi xác nhận, sửa hoặc bỏ từng "
              "nhiệm vụ); /xemlai — nhiệm vụ chờ xác nhận; /lichsu — lịch sử thay đổi; /xuat — xuất Excel; "
              "/thuhoi — thu hồi văn bản; /duyet — duyệt liên kết; /thongke — thống kê; "
              "/tiendo — tiến độ các đơn vị (biểu đồ)")

MSG = {
    "empty_question": "Bạn hãy gõ câu hỏi, ví dụ: /hoi Hạn nộp kế hoạch CCHC năm 2024 là khi nào?",
    "empty_search": "Bạn hãy gõ từ khóa sau lệnh, ví dụ: /tim công khai thủ tục hành chính",
    "dangky_usage": "Hãy ghi tên đơn vị sau lệnh, ví dụ: /dangky Phòng Nội vụ Vĩnh Linh",
    "not_public": "Xin lỗi, trợ lý chỉ phục vụ các đơn vị đã đăng ký. "
                  "Hãy dùng /dangky &lt;tên đơn vị&gt; để gửi yêu cầu liên kết.",
    "rate_limited": "Bạn hỏi hơi nhanh. Vui lòng đợi khoảng một phút rồi hỏi tiếp.",
    "admin_only": "Lệnh này chỉ dành cho quản trị viên.",
    "coordinator_only": "Chỉ điều phối viên (quản trị viên) mới gửi được văn bản cho trợ lý. "
                        "Nếu cần hỏi, bạn hãy gõ câu hỏi bằng chữ.",
    "no_unit": "Cuộc trò chuyện này chưa liên kết với đơn vị nào. "
               "Hãy dùng /dangky &lt;tên đơn vị&gt;, ví dụ: /dangky Phòng Nội vụ Vĩnh Linh",
    "unsupported": "Trợ lý chỉ đọc được tin nhắn chữ và tệp văn bản (.docx, .pdf, .txt). "
                   "Bạn hãy gõ câu hỏi bằng chữ.",
    "photo": "Trợ lý không đọc được ảnh. Nếu là văn bản, hãy gửi tệp .docx hoặc PDF có chữ.",
    "apology": "Xin lỗi, đã có lỗi khi xử lý yêu cầu. Quản trị viên đã được báo; bạn thử lại sau ít phút.",
    "unknown_command": "Không có lệnh này. Gõ /help để xem các lệnh và cách hỏi.",
    "stale_button": "Nút này đã hết hiệu lực.",
    "upload_gone": "Bản xem trước này đã hết hạn hoặc đã được xử lý. Hãy gửi lại tệp.",
    "upload_cancelled": "Đã hủy, không lưu văn bản.",
    "not_owner": "Đơn vị của cuộc trò chuyện này không được giao nhiệm vụ này nên không thể đánh dấu hoàn thành.",
    "no_pending": "Không có yêu cầu liên kết nào đang chờ duyệt.",
    "section_gone": "Không tìm thấy đoạn văn bản này (văn bản có thể đã được cập nhật).",
}


def too_long_html(length: int, limit: int) -> str:
    """A message longer than the settings allow."""
    return (f"Tin nhắn dài {number_vn(length)} ký tự, vượt giới hạn {number_vn(limit)} ký tự. "
            "Bạn hãy hỏi ngắn gọn một câu, ví dụ: «Hạn nộp báo cáo CCHC quý I?»")


def too_large_html(name: str, size: str, limit: str) -> str:
    """A file over the size limit (checked before downloading)."""
    return (f"Tệp «{esc(name)}» có dung lượng {esc(size)}, vượt giới hạn {esc(limit)}. "
            "Hãy gửi tệp nhỏ hơn (ví dụ tách phụ lục, bỏ ảnh) rồi gửi lại.")


# ------------------------------------------------------------------ answers


def answer_keyboard(answer: Answer, unit_id: int | None, limit: int = 5) -> Keyboard:
    """'Xem nguyên văn' per source section; 'Đã hoàn thành' only on tasks the chat's unit owns."""
    items = answer.answers[:limit]
    rows: Keyboard = []
    seen: set[int] = set()
    for i, item in enumerate(items, 1):
        suffix = f" ({i})" if len(items) > 1 else ""
        row: list[Button] = []
        if item.section_id is not None and item.section_id not in seen:
            seen.add(item.section_id)
            row.append((f"Xem nguyên văn{suffix}", f"src:{item.section_id}"))
        if unit_id is not None and item.task_id is not None and unit_id in item.owning_unit_ids:
            row.append((f"Đã hoàn thành{suffix}", f"done:{item.task_id}:{unit_id}"))
        if row:
            rows.append(row)
    return rows


def section_html(section: m.Section, document: m.Document) -> str:
    """The full text of one section, under its document's title."""
    heading = f"{section.number or ''} {section.heading}".strip()
    parts = [f"<b>{esc(document.title())}</b>"]
    if heading:
        parts.append(f"<i>{esc(heading)}</i>")
    parts.append(esc(section.text.strip()))
    return "\n".join(parts)


def done_html(unit: UnitRef, task: m.Task) -> str:
    """Confirmation of a task marked done."""
    return f"✅ Đã ghi nhận: <b>{esc(unit.name)}</b> đã hoàn thành «{esc(_short(task.what, 200))}»."


def done_elsewhere_html(unit: UnitRef, what: str, who: str) -> str:
    """What a unit's group is told when a member marks a task done in a private chat."""
    return (f"✅ <b>{esc(who)}</b> đã đánh dấu <b>{esc(unit.name)}</b> hoàn thành «{esc(_short(what, 200))}» "
            "(trong trò chuyện riêng với trợ lý). Nếu nhầm, bấm «Hoàn tác» (trong 24 giờ).")


def undone_html(unit: UnitRef, what: str, who: str) -> str:
    """After 'Hoàn tác'."""
    return (f"↩️ <b>{esc(who)}</b> đã hoàn tác: «{esc(_short(what, 200))}» trở lại chưa hoàn thành "
            f"đối với <b>{esc(unit.name)}</b>.")


# ------------------------------------------------------------------ tasks


def deadline_vn(day: dt.date, time: dt.time | None = None, precision: str | None = "day") -> str:
    """'thứ Tư, 31/01/2024, 10:00', or 'trong tháng 04/2024 (đến 30/04/2024)'."""
    if precision == "month":
        return f"trong tháng {day:%m/%Y} (đến {format_date(day)})"
    return format_day(day, time)


def open_tasks_html(unit: UnitRef, items: Sequence[Any], limit: int = OPEN_TASKS) -> str:
    """/viec: the unit's open tasks (reminders.status.OpenTask), numbered, overdue marked."""
    if not items:
        return f"<b>{esc(unit.label())}</b> không còn việc nào chưa hoàn thành."
    lines = [f"<b>Việc chưa hoàn thành của {esc(unit.label())}</b> ({len(items)}):"]
    for i, item in enumerate(items[:limit], 1):
        task = item.task
        when = deadline_vn(item.deadline, task.deadline_time, task.precision) if item.deadline else "không ghi hạn"
        late = " — <b>quá hạn</b>" if item.state == "overdue" else ""
        lines.append(f"\n{i}. {esc(_short(task.what, 300))}\n   Hạn: {esc(when)}{late}"
                     + (f"\n   Gửi về: {esc(task.submit_to)}" if task.submit_to else "")
                     + (f"\n   Nguồn: {esc(task.source_title)}" if task.source_title else ""))
    if len(items) > limit:
        lines.append(f"\n… và {len(items) - limit} việc khác.")
    return "\n".join(lines)


def open_tasks_keyboard(unit: UnitRef, items: Sequence[Any], limit: int = OPEN_TASKS) -> Keyboard:
    """One 'Đã hoàn thành' button per task the unit itself must do (numbered as in the list)."""
    return [[(f"Đã hoàn thành ({i})", f"done:{item.task.id}:{unit.id}")]
            for i, item in enumerate(items[:limit], 1) if item.can_mark_done]


def progress_html(rows: Sequence[Any], scope: str) -> str:
    """/tiendo: per unit, done (late) / open / overdue (reminders.status.UnitProgress rows)."""
    if not rows:
        return f"Không có nhiệm vụ nào có đơn vị thực hiện ({esc(scope)})."
    lines = [f"<b>Tiến độ</b> ({esc(scope)}): xong · xong trễ · đang làm · quá hạn"]
    for r in rows:
        lines.append(f"• {esc(r.unit)}: {r.done} · {r.done_late} · {r.open} · "
                     + (f"<b>{r.overdue}</b>" if r.overdue else "0"))
    return "\n".join(lines)


_STATE_WORDS = {"overdue": "🔴 quá hạn", "open": "⏳ đang làm", "done_late": "✅ xong trễ", "done": "✅ đã xong"}


def unit_progress_html(units: Sequence[Any]) -> str:
    """/tiendo <đơn vị>: each unit's tasks across directives with their state (bot.progress.UnitTasks)."""
    blocks = []
    for u in units:
        if not u.tasks:
            blocks.append(f"<b>{esc(u.unit)}</b>: chưa có nhiệm vụ nào đã xác nhận.")
            continue
        counts = {s: sum(t.state == s for t in u.tasks) for s in _STATE_WORDS}
        lines = [f"<b>Tiến độ — {esc(u.unit)}</b>: {counts['done']} đã xong · {counts['done_late']} xong trễ · "
                 f"{counts['open']} đang làm · {counts['overdue']} quá hạn"]
        for t in u.tasks:
            due = f"hạn {format_date(t.deadline)}" if t.deadline else "không ghi hạn"
            lines.append(f"• {_STATE_WORDS[t.state]} — {esc(_short(t.task.what, 90))} ({due}; "
                         f"{esc(_short(t.task.source_title, 60))})")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


# ------------------------------------------------------------------ uploads


def deadline_words(d: Deadline | None) -> str:
    """An extracted deadline in words, dates as dd/mm/yyyy."""
    if d is None:
        return "không ghi hạn"
    if d.date is None or d.precision != "day":
        return d.raw + (f" (đến {format_date(d.date)})" if d.date else "")
    time = f"{d.time.strftime('%H:%M')} ngày " if d.time else ""
    return f"{d.qualifier + ' ' if d.qualifier else ''}{time}{format_date(d.date)}"


def preview_html(prepared: PreparedDocument, *, replaces: str | None = None) -> str:
    """The dry run of an upload: the header and the tasks found, nothing stored yet."""
    h = prepared.parsed.header
    issued = "/".join(f"{x:02d}" if x else ".." for x in (h.issued.day, h.issued.month)) + f"/{h.issued.year or '....'}"
    lines = [f"<b>Xem trước «{esc(prepared.raw.file_name)}»</b> (chưa lưu)",
             f"Loại: {esc(h.kind or 'không rõ')} · Số: {esc(h.number or 'không ghi')}",
             f"Cơ quan ban hành: {esc(h.issuer or 'không rõ')}",
             f"Địa phương: {esc(h.locality.label() or 'không rõ')}",
             f"Ngày ban hành: {issued}",
             f"Trích yếu: {esc(h.subject or 'không có')}"]
    if replaces:
        lines.append(f"⚠️ Sẽ thay thế văn bản đã lưu cùng tên tệp: {esc(replaces)}")
    dated = sum(1 for t in prepared.tasks if t.deadline)
    lines.append(f"\n<b>Tìm thấy {len(prepared.tasks)} nhiệm vụ ({dated} có hạn):</b>")
    for i, t in enumerate(prepared.tasks[:PREVIEW_TASKS], 1):
        units = "; ".join(f"{u.name} ({u.role})" for u in t.units) or "không rõ đơn vị"
        lines.append(f"{i}. {esc(_short(t.what, 200))}\n   Đơn vị: {esc(units)}"
                     f"\n   Hạn: {esc(deadline_words(t.deadline))}"
                     + (f"\n   Gửi về: {esc(t.submit_to)}" if t.submit_to else ""))
    if len(prepared.tasks) > PREVIEW_TASKS:
        lines.append(f"… và {len(prepared.tasks) - PREVIEW_TASKS} nhiệm vụ khác.")
    if not prepared.tasks:
        lines.append("⚠️ Không tìm thấy nhiệm vụ nào. Hãy kiểm tra tệp có đủ phần «Kính gửi», các mục đánh số "
                     "và câu giao việc (đơn vị … thực hiện …, hạn …) hay không.")
    if prepared.review:
        lines.append(f"Có {len(prepared.review)} câu nêu ngày hoặc đơn vị nhưng chưa nhận ra là nhiệm vụ; "
                     "nên đối chiếu với văn bản gốc.")
    lines.append("\nBấm «Lưu» để lưu và dùng văn bản này khi trả lời, «Hủy» để bỏ.")
    return "\n".join(lines)


def upload_keyboard(token: str) -> Keyboard:
    """'Lưu' / 'Hủy' under a preview."""
    return [[("Lưu", f"save:{token}"), ("Hủy", f"cancel:{token}")]]


def saved_html(result: IngestResult, waiting: int = 0) -> str:
    """What was stored from an upload."""
    if result.status == "unchanged":
        return f"Văn bản «{esc(result.file_name)}» đã có sẵn, không thay đổi gì."
    verb = "Đã cập nhật" if result.status == "replaced" else "Đã lưu"
    return (f"✅ {verb} «{esc(result.file_name)}»: {result.tasks} nhiệm vụ ({result.deadlines} có hạn), "
            f"{result.units} đơn vị. Từ giờ trợ lý dùng văn bản này khi trả lời."
            + (f"\n{waiting} nhiệm vụ chờ bạn xác nhận: nhắc việc chỉ bắt đầu khi đã xác nhận." if waiting else ""))


# ------------------------------------------------------------------ registration and statistics


def link_request_html(link: LinkRef, requester: str) -> str:
    """The message admins get for a registration request."""
    chat = esc(link.chat_title or str(link.chat_id))
    return (f"<b>Yêu cầu liên kết #{link.id}</b>\nCuộc trò chuyện: {chat} (id {link.chat_id})\n"
            f"Đơn vị: {esc(link.unit.label())}\nNgười gửi: {esc(requester)}")


def link_keyboard(link: LinkRef) -> Keyboard:
    """'Duyệt' / 'Từ chối' under a request."""
    return [[("Duyệt", f"link:ok:{link.id}"), ("Từ chối", f"link:no:{link.id}")]]


def link_decided_html(link: LinkRef, admin: str) -> str:
    """The admin's message after a decision."""
    verdict = "✅ Đã duyệt" if link.status == "approved" else "❌ Đã từ chối"
    return f"{verdict} bởi {esc(admin)}: {esc(link.chat_title or str(link.chat_id))} → {esc(link.unit.label())}"


def link_result_html(link: LinkRef) -> str:
    """What the requesting chat is told after the decision."""
    if link.status == "approved":
        return (f"✅ Quản trị viên đã duyệt: cuộc trò chuyện này là của <b>{esc(link.unit.label())}</b>. "
                "Dùng /viec để xem việc của đơn vị; trợ lý sẽ nhắc khi sắp đến hạn.")
    return f"Yêu cầu liên kết với {esc(link.unit.label())} không được duyệt. Bạn có thể liên hệ quản trị viên."


def links_html(links: Sequence[LinkRef]) -> str:
    """/donvi: this chat's unit (or pending request)."""
    if not links:
        return MSG["no_unit"]
    return "\n".join(f"Đơn vị: <b>{esc(x.unit.label())}</b> — {STATUS_LABELS.get(x.status, x.status)}"
                     for x in links)


def overview_html(o: Overview) -> str:
    """/thongke."""
    return (f"<b>Thống kê</b>\nVăn bản: {number_vn(o.documents)}\n"
            f"Nhiệm vụ: {number_vn(o.tasks)} ({number_vn(o.dated_tasks)} có hạn)\n"
            f"Đơn vị: {number_vn(o.units)}\nNhóm đã liên kết: {number_vn(o.linked_chats)}\n"
            f"Yêu cầu chờ duyệt: {number_vn(o.pending_links)}")
