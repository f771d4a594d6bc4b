"""CLI command `cchc export`: the task list as Excel, a unit's deadlines as a calendar."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console

from bot.cli.context import services_of, settings_of
from bot.cli.typer_vi import parse_day
from bot.exports import service
from bot.exports.rows import Filters
from bot.reminders.policy import Policy
from bot.services import ServiceUnavailable
from corpus.errors import UserError

console = Console()


def write_file(path: Path, data: bytes) -> None:
    """Write an export; a Vietnamese sentence (exit 3) when the file cannot be written."""
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise ServiceUnavailable(f"Không ghi được tệp {path} ({exc.strerror or exc}); hãy kiểm tra thư mục và "
                                 "quyền ghi.") from None


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def export(ctx: typer.Context,
               xlsx: Path = typer.Option(None, "--xlsx", help="Ghi danh sách nhiệm vụ và tiến độ từng đơn vị ra "
                                                              "tệp Excel này"),
               ics: Path = typer.Option(None, "--ics", help="Ghi lịch hạn của một đơn vị (--unit) ra tệp .ics này"),
               unit: str = typer.Option(None, "--unit", help="Đơn vị (với --ics: tên và huyện, ví dụ «Phòng Tư "
                                                             "pháp Vĩnh Linh»)"),
               document: str = typer.Option(None, "--document", help="Chỉ văn bản này (ID, tên tệp hoặc số)"),
               locality: str = typer.Option(None, "--locality", help="Chỉ đơn vị của huyện hoặc tỉnh này"),
               due_from: str = typer.Option(None, "--due-from", help="Hạn từ ngày (YYYY-MM-DD)"),
               due_to: str = typer.Option(None, "--due-to", help="Hạn đến ngày (YYYY-MM-DD)"),
               per_document: bool = typer.Option(False, "--per-document", help="Mỗi văn bản một trang tính "
                                                                               "(mặc định: một trang chung)")) -> None:
        """Xuất danh sách nhiệm vụ đã xác nhận và tiến độ từng đơn vị ra Excel (--xlsx), hoặc lịch hạn của một
        đơn vị ra tệp .ics (--ics, --unit) để đưa vào lịch Google, Outlook, điện thoại.

        Ví dụ: cchc export --xlsx tien-do.xlsx --locality "Vĩnh Linh" --due-from 2024-01-01
        Ví dụ: cchc export --ics phong-tu-phap.ics --unit "Phòng Tư pháp Vĩnh Linh"
        """
        if (xlsx is None) == (ics is None):
            raise UserError("Chọn đúng một trong hai: --xlsx TỆP (Excel) hoặc --ics TỆP (lịch của một đơn vị).")
        if ics is not None and not unit:
            raise UserError("--ics cần --unit: tên đơn vị và huyện, ví dụ --unit \"Phòng Tư pháp Vĩnh Linh\".")
        start, end = parse_day(due_from, "--due-from"), parse_day(due_to, "--due-to")
        settings = settings_of(ctx)
        services, policy = services_of(ctx), Policy.from_settings(settings)
        now = dt.datetime.now(dt.UTC)
        if ics is not None:
            found = service.unit_by_name(services, unit)
            cal = service.calendar(services, policy, found, policy.today(now))
            write_file(ics, cal.data)
            past = f" ({cal.past} hạn đã qua không đưa vào lịch)" if cal.past else ""
            console.print(f"Đã ghi lịch {cal.upcoming} hạn sắp tới của {found.label()} vào {ics}{past}.",
                          highlight=False)
            return
        document_id = None
        if document:
            from bot.documents import find_document

            with services.sessions() as s:
                document_id = find_document(s, document).id
        filters = Filters(document_id, unit, locality, start, end)
        data, _, count = service.workbook(services, policy, now, filters, per_document=per_document)
        write_file(xlsx, data)
        console.print(f"Đã ghi {count} dòng (nhiệm vụ × đơn vị) vào {xlsx}.", highlight=False)
