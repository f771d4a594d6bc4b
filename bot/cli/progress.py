"""CLI command `cchc tiendo`: the /tiendo report (bot.progress) on the terminal, and as a chart."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from bot.cli.context import services_of, settings_of
from bot.cli.typer_vi import parse_day
from bot.documents import find_document
from bot.reminders.policy import Policy
from bot.services import Services
from corpus.dates import format_date

console = Console()
STATE_WORDS = {"overdue": "quá hạn", "open": "đang làm", "done_late": "xong trễ hạn", "done": "đã xong"}


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


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

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
        print_progress(services_of(ctx), Policy.from_settings(settings), what, document, period, png)
