"""CLI commands for the coordinator's review: `cchc review` (confirm, edit, drop) and the history under `show`."""
from __future__ import annotations

import datetime as dt
import getpass
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.markup import escape

from bot import review
from bot.cli.context import services_of
from bot.review import Actor, HistoryLine, ReviewCard
from corpus.errors import UserError

console = Console()


def cli_actor(by: str | None) -> Actor:
    """The person at the command line (--by, else the login name)."""
    try:
        login = getpass.getuser()
    except (KeyError, OSError):
        login = "không rõ"
    return Actor(None, f"dòng lệnh: {by or login}")


def print_card(c: ReviewCard) -> None:
    label = review.STATE_LABELS.get(c.state, c.state)
    console.print(f"[bold]#{c.task_id}[/bold] ({c.position}/{c.total}, {label}) {escape(c.document)}", highlight=False)
    console.print(f"  Việc: {escape(c.what)}", highlight=False)
    console.print(f"  Đơn vị: {escape('; '.join(c.units) or 'chưa rõ')}", highlight=False)
    console.print(f"  Hạn: {escape(c.deadline or 'không ghi hạn')}", highlight=False)
    if c.submit_to:
        console.print(f"  Gửi về: {escape(c.submit_to)}", highlight=False)
    console.print(f"  Trích: «{escape(c.quote)}»" + (f" (mục {escape(c.section)})" if c.section else ""),
                  highlight=False)


def print_history(lines: list[HistoryLine], tz: ZoneInfo) -> None:
    """The audit trail, newest first: when, who, which task, field: old → new."""
    if not lines:
        console.print("Chưa có thay đổi nào.")
        return
    for h in lines:
        what = f"#{h.task_id} " if h.task_id else ""
        task = (h.task[:70] + "…") if len(h.task) > 70 else h.task
        console.print(f"{h.at.astimezone(tz):%d/%m/%Y %H:%M} · {escape(h.who)} · {escape(what + task or h.document)}"
                      f" · {review.FIELD_LABELS.get(h.field, h.field)}: {escape(h.old)} → {escape(h.new)}",
                      highlight=False)


def _edits(deadline: str | None, units: str | None, submit_to: str | None) -> list[tuple[str, str]]:
    return [(f, v) for f, v in (("deadline", deadline), ("units", units), ("submit_to", submit_to)) if v is not None]


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command("review")
    def review_command(
            ctx: typer.Context,
            document: str = typer.Argument(None, help="ID, tên tệp hoặc số của văn bản (bỏ trống: mọi văn bản)"),
            confirm: list[int] = typer.Option([], "--confirm", help="Xác nhận nhiệm vụ có ID này (lặp lại được)"),
            confirm_all: bool = typer.Option(False, "--confirm-all", help="Xác nhận mọi nhiệm vụ đang chờ của "
                                                                          "văn bản"),
            drop: list[int] = typer.Option([], "--drop", help="Bỏ nhiệm vụ có ID này (không nhắc, không tính)"),
            task: int = typer.Option(None, "--task", help="ID nhiệm vụ cần sửa (dùng với --deadline, --units, "
                                                          "--submit-to)"),
            deadline: str = typer.Option(None, "--deadline", help="Hạn mới dd/mm/yyyy [HH:MM], hoặc «không»"),
            units: str = typer.Option(None, "--units", help="Đơn vị thực hiện, cách nhau dấu chấm phẩy"),
            submit_to: str = typer.Option(None, "--submit-to", help="Nơi gửi kết quả, hoặc «không»"),
            show_all: bool = typer.Option(False, "--all", help="Liệt kê cả nhiệm vụ đã xác nhận hoặc đã bỏ"),
            by: str = typer.Option(None, "--by", help="Tên người xem lại (ghi vào lịch sử; mặc định: tên đăng "
                                                      "nhập)")) -> None:
        """Xem lại nhiệm vụ đọc được: xác nhận, sửa (hạn, đơn vị, nơi gửi) hoặc bỏ. Nhắc việc chỉ bắt đầu khi
        nhiệm vụ đã được xác nhận; mọi thay đổi được ghi vào lịch sử (cchc show).

        Ví dụ: cchc review 99/UBND-NV --task 12 --deadline 20/12/2026 --units "Phòng Tư pháp; Phòng Nội vụ"
        """
        edits = _edits(deadline, units, submit_to)
        if edits and task is None:
            raise UserError("--deadline, --units và --submit-to cần --task ID của nhiệm vụ cần sửa.")
        if task is not None and not edits:
            raise UserError("--task cần đi kèm ít nhất một trong --deadline, --units, --submit-to.")
        if confirm_all and document is None:
            raise UserError("--confirm-all cần tên tệp, ID hoặc số của văn bản.")
        services = services_of(ctx)
        actor, now = cli_actor(by), dt.datetime.now(dt.UTC)
        from bot.documents import find_document

        with services.sessions() as s, s.begin():
            doc = find_document(s, document) if document else None
            for task_id, field_value in [(task, e) for e in edits]:
                old, new = review.edit(s, services.knowledge.registry, task_id, field_value[0], field_value[1],
                                       actor, now)
                console.print(f"#{task_id} {review.FIELD_LABELS[field_value[0]]}: {escape(old or '(trống)')} → "
                              f"{escape(new or '(trống)')}", highlight=False)
            for task_id in confirm:
                review.set_review(s, task_id, "confirmed", actor, now)
                console.print(f"#{task_id}: đã xác nhận.")
            for task_id in drop:
                review.set_review(s, task_id, "dropped", actor, now)
                console.print(f"#{task_id}: đã bỏ.")
            if confirm_all and doc is not None:
                console.print(f"Đã xác nhận {review.confirm_all(s, doc.id, actor, now)} nhiệm vụ.")
            acted = bool(edits or confirm or drop or confirm_all)
            if not acted:
                listed = review.cards(s, doc.id if doc else None, review.STATES if show_all else ("pending",))
            else:
                listed = [review.card(s, task)] if task is not None else []
            waiting = review.waiting_count(s, doc.id if doc else None)
        for c in listed:
            print_card(c)
        console.print(f"Còn {waiting} nhiệm vụ chờ xác nhận." if waiting else "Không còn nhiệm vụ nào chờ xác nhận.")

    @app.command()
    def remove(ctx: typer.Context,
               document: str = typer.Argument(..., help="Tên tệp, ID hoặc số của văn bản"),
               yes: bool = typer.Option(False, "--yes", help="Không hỏi lại"),
               by: str = typer.Option(None, "--by", help="Tên người thu hồi (ghi vào lịch sử)")) -> None:
        """Thu hồi một văn bản: văn bản, nhiệm vụ và lời nhắc chưa gửi của nó bị xóa; lịch sử (ai xác nhận, sửa,
        hoàn thành gì) vẫn được giữ.

        Ví dụ: cchc remove 99/UBND-NV --yes
        """
        from bot.documents import find_document

        services = services_of(ctx)
        with services.sessions() as s:
            doc = find_document(s, document)
            label, count = review.document_label(doc), len(doc.tasks)
        if not yes and not typer.confirm(f"Thu hồi {label} cùng {count} nhiệm vụ?", default=False):
            raise UserError("Đã thôi, không thu hồi gì.")
        done = services.withdraw(document, cli_actor(by))
        console.print(f"Đã thu hồi {escape(done.label)}: {done.tasks} nhiệm vụ, {done.reminders} lời nhắc chưa gửi; "
                      "lịch sử vẫn được giữ (cchc show, /lichsu).", highlight=False)
