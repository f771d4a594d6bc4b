"""CLI command `cchc remind`: see (--dry-run) or send once (--once) the reminders due."""
from __future__ import annotations

import asyncio
import datetime as dt
import html
import os
import re

import typer
from rich.console import Console
from sqlalchemy import select

from bot.cli.context import services_of, settings_of
from bot.reminders.outbox import plan, unsent
from bot.reminders.policy import Policy
from bot.services import Services
from corpus import models as m
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


def register(app: typer.Typer) -> None:
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
        services = services_of(ctx)
        if dry:
            dry_run(services, policy, moment)
        else:
            run_once(services, policy, moment)
