"""The reply text: pure functions, the same for the bot (HTML) and the console (plain text)."""
from __future__ import annotations

import datetime as dt
import html

from bot.answering.model import Answer, AnswerItem
from corpus.dates import format_day

MAX_BLOCKS = 5

HELP = (
    "Tôi là Trợ lý CCHC: tôi đọc các văn bản chỉ đạo cải cách hành chính và trả lời kèm trích dẫn nguyên văn.\n"
    "Bạn có thể hỏi, ví dụ:\n"
    "• Hạn nộp kế hoạch CCHC năm 2025?\n"
    "• Phòng Tư pháp phải làm gì?\n"
    "• Ai chủ trì công khai TTHC?\n"
    "• Tiêu chí cải cách tài chính công do phòng nào phụ trách?\n"
    "• Tuần tới có hạn gì?\n"
    "Có thể gõ không dấu, viết tắt (KH, CCHC, VP HĐND-UBND) và thêm tên huyện để hỏi đúng địa phương."
)

NOT_FOUND = (
    "Không tìm thấy nội dung phù hợp trong các văn bản đã có, nên tôi không trả lời để tránh đoán sai.\n"
    "Hãy hỏi cụ thể hơn: nêu việc cần làm (ví dụ «kế hoạch CCHC», «báo cáo sáng kiến»), tên đơn vị, "
    "năm hoặc tên huyện. Ví dụ: «Hạn nộp kế hoạch CCHC năm 2025 của các xã ở Vĩnh Linh?»"
)


def deadline_line(item: AnswerItem, today: dt.date) -> str:
    d = item.deadline or {}
    if not d.get("date"):
        rec = d.get("recurrence")
        return f"Hạn: định kỳ ({_recurrence_vi(rec)})" if rec else ""
    day = dt.date.fromisoformat(d["date"])
    time = dt.time.fromisoformat(d["time"]) if d.get("time") else None
    text = f"Hạn: {d.get('qualifier') or ''} {format_day(day, time)}".replace("  ", " ")
    if d.get("precision") == "month":
        text += " (trong tháng)" if d.get("qualifier") != "trong tháng" else ""
    if d.get("recurrence"):
        text += f" — định kỳ {_recurrence_vi(d['recurrence'])}"
    if day < today:
        text += " — đã qua hạn"
    return text


def _recurrence_vi(rec: dict | None) -> str:
    names = {"yearly": "hằng năm", "half_yearly": "6 tháng/lần", "quarterly": "hằng quý", "monthly": "hằng tháng",
             "weekly": "hằng tuần"}
    return names.get((rec or {}).get("freq", ""), "")


def source_line(item: AnswerItem) -> str:
    s = item.source or {}
    parts = [s.get("title"), s.get("issuer"), s.get("locality")]
    text = " — ".join(p for p in parts if p)
    section = s.get("section")
    if section:
        text += f", mục {section}"
    return f"Nguồn: {text}"


def task_block(item: AnswerItem, today: dt.date) -> list[str]:
    lines = []
    dl = deadline_line(item, today)
    if dl:
        lines.append(dl)
    lines.append(f"Việc: {item.summary}")
    if item.units:
        lines.append("Đơn vị: " + "; ".join(item.units))
    if item.submit_to:
        lines.append(f"Gửi về: {item.submit_to}")
    lines.append(f"Trích: «{item.quote}»")
    lines.append(source_line(item))
    return lines


def more_line(total: int, shown: int) -> list[str]:
    return [f"… và {total - shown} kết quả khác."] if total > shown else []


def render_tasks(intro: str, items: list[AnswerItem], today: dt.date) -> str:
    """A deadline or who-does-what reply: at most five answers, then 'và N kết quả khác'."""
    lines = [intro]
    for i, item in enumerate(items[:MAX_BLOCKS], 1):
        lines.append("")
        block = task_block(item, today)
        lines.append(f"{i}. {block[0]}")
        lines.extend(block[1:])
    lines.extend(more_line(len(items), MAX_BLOCKS))
    return "\n".join(lines)


def render_duties(unit: str, groups: list[tuple[str, list[AnswerItem]]], today: dt.date) -> str:
    """A unit's duties grouped by directive (each duty quoted)."""
    lines = [f"Nhiệm vụ của {unit}:"]
    for title, items in groups[:MAX_BLOCKS]:
        lines += ["", f"Theo {title}:"]
        for i, item in enumerate(items, 1):
            due = deadline_line(item, today)
            lines.append(f"{i}. {item.quote}" + (f" ({due})" if due else ""))
            if item.submit_to:
                lines.append(f"   Gửi về: {item.submit_to}")
        lines.append(source_line(items[0]).replace(f", mục {items[0].source.get('section')}", ""))
    lines.extend(more_line(len(groups), MAX_BLOCKS))
    return "\n".join(lines)


def render_criteria(items: list[AnswerItem]) -> str:
    lines = []
    for item in items[:MAX_BLOCKS]:
        where = f" ({item.locality})" if item.locality else ""
        owners = ", ".join(item.units) if item.units else "chưa xác định được đơn vị phụ trách"
        lines += [f"«{item.criterion}»{where}: {owners}."]
        if item.quote:
            lines += [f"Căn cứ: «{item.quote}»", source_line(item)]
        elif item.units:
            lines += ["Căn cứ: theo chức năng của đơn vị (văn bản không giao cụ thể)."]
        lines.append("")
    lines.extend(more_line(len(items), MAX_BLOCKS))
    return "\n".join(lines).strip()


def render_passages(items: list[AnswerItem]) -> str:
    lines = ["Các đoạn liên quan:"]
    for i, item in enumerate(items[:3], 1):
        lines += ["", f"{i}. «{item.quote}»", source_line(item)]
    return "\n".join(lines)


def to_html(answer: Answer) -> str:
    """The reply as Telegram HTML: everything escaped, quotes in italics, the first line bold."""
    out = []
    for i, line in enumerate(answer.text.split("\n")):
        esc = html.escape(line, quote=False)
        if i == 0 and line:
            esc = f"<b>{esc}</b>"
        elif line.startswith("Trích: «"):
            esc = "Trích: <i>" + esc[len("Trích: "):] + "</i>"
        out.append(esc)
    return "\n".join(out)
