"""CLI commands for reminders and progress: `cchc remind`, `cchc tiendo`."""
from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
from collections.abc import Callable

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select

from bot.reminders.outbox import OutgoingMessage, dispatch_once, enqueue, plan, unsent
from bot.reminders.policy import Policy
from bot.reminders.status import progress
from bot.services import Services
from bot.settings import Settings
from corpus import models as m
from corpus.errors import UserError

console = Console()
_TAG = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Telegram HTML as plain text for the terminal."""
    return html.unescape(_TAG.sub("", text))


class ConsoleSender:
    """A Sender that prints each message instead of sending it (for `cchc remind --once`)."""

    async def send(self, msg: OutgoingMessage) -> None:
        console.print(f"[bold]→ chat {msg.chat_id}[/bold]", highlight=False)
        console.print(plain(msg.text), markup=False, highlight=False)
        labels = "  ".join(f"[{label} | {data}]" for row in msg.buttons for label, data in row)
        if labels:
            console.print(labels, markup=False, highlight=False)
        console.print("")


def parse_now(value: str | None, policy: Policy) -> dt.datetime:
    """'YYYY-MM-DD HH:MM' in the configured time zone, or the current time."""
    if not value:
        return dt.datetime.now(dt.timezone.utc)
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
        console.print(f"[bold]{p.kind}[/bold] → chat {p.chat_id} ({unit}) lúc {p.due_at.astimezone(policy.tz):%d/%m/%Y %H:%M}",
                      highlight=False)
        console.print(plain(p.text), markup=False, highlight=False)
        console.print("")
    return len(planned)


def run_once(services: Services, policy: Policy, now: dt.datetime) -> None:
    """Plan, enqueue and dispatch once through the console sender."""
    with services.sessions() as s, s.begin():
        added = enqueue(s, plan(s, now, policy))
    report = asyncio.run(dispatch_once(services.sessions, ConsoleSender(), now=now, worker_id="cli"))
    console.print(f"Đã lập {added} lời nhắc mới; đã gửi {report.sent}, thử lại {report.retried}, "
                  f"lỗi {report.failed}.")


def print_progress(services: Services, policy: Policy, document: str | None,
                   period: tuple[dt.date, dt.date] | None) -> None:
    """The /tiendo table: per unit, done / done late / open / overdue."""
    from bot.cli_corpus import find_document

    with services.sessions() as s:
        doc = find_document(s, document) if document else None
        rows = progress(s, document_id=doc.id if doc else None, period=period, policy=policy)
        title = doc.title() if doc else "Tất cả văn bản"
    table = Table("Đơn vị", "Đã xong", "Xong trễ hạn", "Đang làm", "Quá hạn", title=title)
    for r in rows:
        table.add_row(r.unit, str(r.done), str(r.done_late), str(r.open), str(r.overdue))
    console.print(table)


def register(app: typer.Typer, settings_of: Callable[[typer.Context], Settings]) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def remind(ctx: typer.Context,
               dry: bool = typer.Option(False, "--dry-run", help="Chỉ in ra, không ghi, không gửi"),
               once: bool = typer.Option(False, "--once", help="Lập lịch và gửi một lượt (in ra màn hình)"),
               now: str = typer.Option(None, "--now", help='Thời điểm giả định "YYYY-MM-DD HH:MM"')) -> None:
        """Show or run the reminders due now (or at --now).

        Example: cchc remind --dry-run --now "2025-01-24 08:00"
        """
        if dry == once:
            raise UserError("Chọn đúng một trong hai: --dry-run hoặc --once.")
        settings = settings_of(ctx)
        policy = Policy.from_settings(settings)
        services = Services.start(settings)
        moment = parse_now(now, policy)
        if dry:
            dry_run(services, policy, moment)
        else:
            run_once(services, policy, moment)

    @app.command()
    def tiendo(ctx: typer.Context,
               document: str = typer.Option(None, "--document", help="ID hoặc tên tệp văn bản"),
               start: dt.datetime = typer.Option(None, "--from", formats=["%Y-%m-%d"], help="Hạn từ ngày"),
               end: dt.datetime = typer.Option(None, "--to", formats=["%Y-%m-%d"], help="Hạn đến ngày")) -> None:
        """Progress per unit: done, done late, open, overdue.

        Example: cchc tiendo --document 000_e729732cc6e22462.txt
        """
        settings = settings_of(ctx)
        period = None
        if start or end:
            period = ((start or dt.datetime(1900, 1, 1)).date(), (end or dt.datetime(2999, 12, 31)).date())
        print_progress(Services.start(settings), Policy.from_settings(settings), document, period)
