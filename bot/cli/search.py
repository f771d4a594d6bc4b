"""CLI commands over the search index: search and reindex."""
from __future__ import annotations

import dataclasses
import html
import json
import re

import typer
from rich.console import Console
from rich.markup import escape

from bot.cli.context import services_of

console = Console()


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def search(ctx: typer.Context, query: str = typer.Argument(..., help="Câu tìm kiếm, có dấu hoặc không dấu"),
               limit: int = typer.Option(10, "--limit", "-n", min=1, max=100, help="Số kết quả tối đa"),
               locality: str = typer.Option(None, "--locality", help="Chỉ tìm trong huyện hoặc tỉnh này"),
               kind: str = typer.Option(None, "--kind", help="section (mục) hoặc task (nhiệm vụ)"),
               as_json: bool = typer.Option(False, "--json", help="In JSON")) -> None:
        """Tìm trong các mục và nhiệm vụ của văn bản, gõ có dấu hoặc không dấu.

        Ví dụ: cchc search "han nop ke hoach cchc nam 2025" --limit 5
        """
        if kind not in (None, "section", "task"):
            raise typer.BadParameter("--kind phải là section hoặc task")
        services = services_of(ctx)
        hits = services.index.search(query, locality=locality, kind=kind, limit=limit)
        if as_json:
            rows = [{**dataclasses.asdict(h), "plain_snippet": h.plain_snippet} for h in hits]
            typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        if not hits:
            console.print("Không tìm thấy đoạn nào phù hợp.")
            return
        for i, h in enumerate(hits, 1):
            label = "mục" if h.kind == "section" else "nhiệm vụ"
            console.print(f"[bold]{i}.[/bold] {terminal_snippet(h.snippet)}")
            console.print(f"   [dim]{escape(h.title)} — {label} {escape(h.path)} — {escape(h.locality)}"
                          f" (điểm {h.score:.1f})[/dim]")

    @app.command()
    def reindex(ctx: typer.Context) -> None:
        """Dựng lại chỉ mục tìm kiếm từ CSDL (chỉ mục cũ vẫn dùng được cho tới khi xong).

        Ví dụ: cchc reindex
        """
        services = services_of(ctx)
        report = services.rebuild_index()
        c = report.counts
        console.print(f"Đã lập lại chỉ mục: {c.documents} văn bản, {c.sections} mục, {c.tasks} nhiệm vụ "
                      f"trong {report.seconds:.1f} giây.")


def terminal_snippet(snippet: str) -> str:
    """A highlighted snippet (<b>…</b>, HTML-escaped) as Rich markup, on one line."""
    parts = re.split(r"(</?b>)", snippet)
    out = []
    for part in parts:
        if part == "<b>":
            out.append("[bold]")
        elif part == "</b>":
            out.append("[/bold]")
        else:
            out.append(escape(html.unescape(part)))
    return " ".join("".join(out).split())
