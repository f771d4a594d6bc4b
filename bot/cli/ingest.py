"""CLI command `cchc ingest`: files and folders in through bot.ingest, with a progress bar and a summary."""
from __future__ import annotations

from pathlib import Path

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from bot.cli.context import services_of
from bot.ingest import IngestOutcome, expand_paths, ingest, review_state
from bot.services import Services

console = Console()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def ingest(ctx: typer.Context, paths: list[Path] = typer.Argument(..., help="Tệp hoặc thư mục"),
               confirm: bool = typer.Option(False, "--confirm", help="Xác nhận ngay các nhiệm vụ đọc được (nhắc việc "
                                                                     "bắt đầu luôn, không chờ cchc review)")) -> None:
        """Đọc văn bản (.txt .md .docx .pdf) vào CSDL và chỉ mục tìm kiếm; tệp hỏng được báo rồi làm tiếp.

        Nhiệm vụ mới chờ điều phối viên xác nhận (cchc review) rồi mới được nhắc, trừ khi dùng --confirm hoặc đặt
        CCHC_AUTO_CONFIRM=true.

        Ví dụ: cchc ingest corpus/texts --confirm
        """
        services = services_of(ctx)
        outcomes = ingest_with_progress(services, paths, confirm=True if confirm else None)
        print_ingest_summary(outcomes)
        fresh = [o.result for o in outcomes if o.result and o.result.status != "unchanged" and o.result.tasks]
        if fresh and review_state(services, True if confirm else None) == "pending":
            console.print("Nhiệm vụ mới chờ xác nhận trước khi nhắc việc; xem và xác nhận bằng: cchc review")
        if any(o.error for o in outcomes):
            raise typer.Exit(1)


def ingest_with_progress(services: Services, paths: list[Path], *,
                         confirm: bool | None = None) -> list[IngestOutcome]:
    files = expand_paths(paths)
    with Progress(console=console, transient=True) as progress:
        bar = progress.add_task("Đang đọc văn bản…", total=len(files))
        return ingest(services, files, on_file=lambda _o: progress.advance(bar), confirm=confirm)


def print_ingest_summary(outcomes: list[IngestOutcome]) -> None:
    """A table of files with their result, then totals and the sentences to review."""
    labels = {"added": "đã thêm", "replaced": "đã cập nhật", "unchanged": "không đổi"}
    table = Table("Tệp", "Kết quả", "Nhiệm vụ", "Có hạn", "Đơn vị")
    for o in outcomes:
        if o.result:
            r = o.result
            table.add_row(o.path.name, labels[r.status], str(r.tasks), str(r.deadlines), str(r.units))
        else:
            table.add_row(o.path.name, f"[red]lỗi: {o.error}[/red]", "", "", "")
    console.print(table)
    done = [o.result for o in outcomes if o.result]
    console.print(f"Tổng: {len(done)}/{len(outcomes)} tệp; {sum(r.tasks for r in done)} nhiệm vụ, "
                  f"{sum(r.deadlines for r in done)} có hạn, {sum(r.units for r in done)} đơn vị.")
    review = [(r.file_name, it) for r in done for it in r.review]
    if review:
        console.print("Cần xem lại (câu có ngày hoặc đơn vị nhưng không thành nhiệm vụ):")
        for name, it in review:
            console.print(f"  - {name} [{it.section_path}] {it.sentence[:160]}")
