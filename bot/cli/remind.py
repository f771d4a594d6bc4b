"""CLI commands for reminders and progress: `cchc remind`, `cchc tiendo`."""
from __future__ import annotations

import asyncio
import datetime as dt
import html
import os
import re
from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from bot.cli.typer_vi import parse_day
from bot.documents import find_document
from bot.reminders.outbox import plan, unsent
from bot.reminders.policy import Policy
from bot.services import Services
from bot.settings import Settings
from corpus import models as m
from corpus.dates import format_date
from corpus.errors import UserError

console = Console()
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Telegram HTML as plain text for the terminal."""
    return html.unescape(_TAG.sub("", text))


def parse_now(value: str | None, policy: Policy) -> dt.datetime:
    """'YYYY-MM-DD HH:MM' in the configured time zone, or the current time."""
    if not value:
        return dt.datetime.now(dt.UTC)
    try:
        return dt.datetime.strptime(value, "%Y-%m-%d %H:%M").replace(tzinfo=policy.tz)
    except ValueError:
        raise UserError(f"--now phải có dạng \"YYYY-MM-DD HH:MM\", không phải «{value}».") from None


def _names(services: Services) -> dict[int, str]:
    with services.sessions() as s:
        return {uid: name for uid, name in s.execute(select(m.Unit.id, m.Unit.name))}


def dry_run(services: Services, policy: Policy, now: dt.datetime) -> int:
    """Print what would be sent at `now` and to whom, writing nothing; returns the count."""
    with services.sessions() as s:
        planned = unsent(s, plan(s, now, policy))
        s.rollback()
    names = _names(services)
    local = now.astimezone(policy.tz)
    console.print(f"Thời điểm: {local:%d/%m/%Y %H:%M} — {len(planned)} lời nhắc sẽ được gửi.")
    for p in planned:
        unit = names.get(p.unit_id, "") if p.unit_id else "điều phối"
        when = p.due_at.astimezone(policy.tz)
        console.print(f"[bold]{p.kind}[/bold] → chat {p.chat_id} ({unit}) lúc {when:%d/%m/%Y %H:%M}", highlight=False)
        console.print(plain(p.text), markup=False, highlight=False)
        console.print("")
    return len(planned)


def run_once(services: Services, policy: Policy, now: dt.datetime) -> None:
    """Plan, enqueue and send once through Telegram (the token is required; nothing is marked sent unsent)."""
    from bot.telegram.sending import send_due_once

    added, report = asyncio.run(send_due_once(services.settings, services, policy, now, worker=f"cli:{os.getpid()}"))
    console.print(f"Đã lập {added} lời nhắc mới; đã gửi {report.sent}, thử lại sau {report.retried}, "
                  f"lỗi {report.failed}.")
    if report.deactivated:
        console.print(f"Không gửi được tới {len(report.deactivated)} cuộc trò chuyện (bot bị chặn hoặc bị xóa khỏi "
                      "nhóm); liên kết của chúng đã được tắt.")


def print_progress(services: Services, policy: Policy, what: str | None, document: str | None,
                   period: tuple[dt.date, dt.date] | None, png: Path | None) -> None:
    """The /tiendo report on the terminal: per unit done / done late / open / overdue (and the same as a chart
    when asked), or for a unit named in `what`, its tasks with their state (bot.progress reads `what`)."""
    from bot.progress import Scope, period_label, read_scope, report

    now = dt.datetime.now(dt.UTC)
    with services.sessions() as s:
        scope = read_scope(s, services.knowledge.registry, what or "", policy.today(now)) if what else Scope()
        if document:
            doc = find_document(s, document)
            scope.document_id, scope.label = doc.id, doc.title()
        if period:
            scope.period = period
            scope.label = period_label(period) if scope.label == Scope().label else scope.label
        done = report(s, scope, now=now, policy=policy)
    for unit in done.units:
        table = Table("Trạng thái", "Nhiệm vụ", "Hạn", "Văn bản", title=f"Tiến độ — {unit.unit}")
        for t in unit.tasks:
            table.add_row(STATE_WORDS[t.state], t.task.what, format_date(t.deadline), t.task.source_title)
        console.print(table)
    if done.units:
        return
    title = scope.label[:1].upper() + scope.label[1:]
    table = Table("Đơn vị", "Đã xong", "Xong trễ hạn", "Đang làm", "Quá hạn", title=title)
    for r in done.rows:
        table.add_row(r.unit, str(r.done), str(r.done_late), str(r.open), str(r.overdue))
    console.print(table)
    if png is not None:
        from bot.cli.export import write_file
        from bot.exports.chart import progress_png

        write_file(png, progress_png(done.rows, title))
        console.print(f"Đã vẽ biểu đồ tiến độ vào {png}.", highlight=False)


STATE_WORDS = {"overdue": "quá hạn", "open": "đang làm", "done_late": "xong trễ hạn", "done": "đã xong"}


def register(app: typer.Typer, settings_of: Callable[[typer.Context], Settings]) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def remind(ctx: typer.Context,
               dry: bool = typer.Option(False, "--dry-run", help="Chỉ in ra những gì sẽ gửi; không ghi, không gửi"),
               once: bool = typer.Option(False, "--once", help="Lập lịch và gửi một lượt qua Telegram "
                                                                 "(cần CCHC_TELEGRAM_TOKEN)"),
               now: str = typer.Option(None, "--now", help='Thời điểm giả định "YYYY-MM-DD HH:MM"')) -> None:
        """Xem (--dry-run) hoặc gửi một lượt (--once) các lời nhắc đến hạn lúc này (hoặc lúc --now).

        --once gửi thật qua Telegram; chỉ lời nhắc Telegram đã nhận mới được ghi là đã gửi.

        Ví dụ: cchc remind --dry-run --now "2025-01-24 08:00"
        """
        if dry == once:
            raise UserError("Chọn đúng một trong hai: --dry-run hoặc --once.")
        settings = settings_of(ctx)
        if once and settings.telegram_token is None:
            raise UserError("cchc remind --once gửi lời nhắc qua Telegram nên cần CCHC_TELEGRAM_TOKEN; "
                            "muốn chỉ xem trước, hãy dùng --dry-run.")
        policy = Policy.from_settings(settings)
        moment = parse_now(now, policy)
        services = Services.start(settings)
        if dry:
            dry_run(services, policy, moment)
        else:
            run_once(services, policy, moment)

    @app.command()
    def tiendo(ctx: typer.Context,
               what: str = typer.Argument(None, help="Số văn bản, kỳ (quý I 2024, tháng 3/2024, năm 2024) hoặc "
                                                     "tên đơn vị"),
               document: str = typer.Option(None, "--document", help="ID hoặc tên tệp văn bản"),
               start: str = typer.Option(None, "--from", help="Hạn từ ngày (YYYY-MM-DD)"),
               end: str = typer.Option(None, "--to", help="Hạn đến ngày (YYYY-MM-DD)"),
               png: Path = typer.Option(None, "--png", help="Vẽ thêm biểu đồ tiến độ ra tệp PNG này")) -> None:
        """Tiến độ theo đơn vị: đã xong, xong trễ hạn, đang làm, quá hạn; --png vẽ cùng số liệu thành biểu đồ.

        Như /tiendo trên bot: cchc tiendo "quý I 2025", cchc tiendo "Phòng Tư pháp" (nhiệm vụ của đơn vị ở mọi văn
        bản và trạng thái).

        Ví dụ: cchc tiendo --document 000_e729732cc6e22462.txt --png tien-do.png
        """
        first, last = parse_day(start, "--from"), parse_day(end, "--to")
        settings = settings_of(ctx)
        period = None
        if first or last:
            period = (first or dt.date(1900, 1, 1), last or dt.date(2999, 12, 31))
        print_progress(Services.start(settings), Policy.from_settings(settings), what, document, period, png)
