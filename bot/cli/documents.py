"""CLI commands over the stored directives: documents, show, tasks, units, criteria."""
from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot import records
from bot.cli.context import services_of, settings_of
from bot.cli.typer_vi import parse_day
from bot.services import Services
from corpus import models as m
from corpus.text import key

console = Console()


def _print_json(data: object) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def documents(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help="In JSON")) -> None:
        """Liệt kê các văn bản đã lưu.

        Ví dụ: cchc documents --json
        """
        services = services_of(ctx)
        with services.sessions() as s:
            docs = s.scalars(select(m.Document).order_by(m.Document.file_name)).all()
            rows = [records.document_json(d) for d in docs]
        if as_json:
            _print_json(rows)
            return
        table = Table("ID", "Tệp", "Loại", "Số", "Cơ quan ban hành", "Ngày", "Trích yếu", "Nhiệm vụ")
        for r in rows:
            i = r["issued"]
            date = "/".join(str(x) if x else ".." for x in (i["day"], i["month"], i["year"]))
            table.add_row(str(r["id"]), r["file"], r["kind"] or "", r["number"] or "", r["issuer"] or "", date,
                          (r["subject"] or "")[:60], str(r["tasks"]))
        console.print(table)

    @app.command()
    def show(ctx: typer.Context, doc: str = typer.Argument(..., help="ID hoặc tên tệp")) -> None:
        """Xem phần đầu, cây mục, tình trạng xác nhận nhiệm vụ và lịch sử thay đổi của một văn bản.

        Ví dụ: cchc show 000_e729732cc6e22462.txt
        """
        settings = settings_of(ctx)
        services = services_of(ctx)
        with services.sessions() as s:
            d = find_document(s, doc)
            print_document(d)
            print_review_and_history(s, d, ZoneInfo(settings.timezone))

    @app.command()
    def tasks(ctx: typer.Context,
              unit: str = typer.Option(None, "--unit", help="Đơn vị (tên hoặc viết tắt)"),
              locality: str = typer.Option(None, "--locality", help="Huyện hoặc tỉnh"),
              due_from: str = typer.Option(None, "--due-from", help="Hạn từ ngày (YYYY-MM-DD)"),
              due_to: str = typer.Option(None, "--due-to", help="Hạn đến ngày (YYYY-MM-DD)"),
              as_json: bool = typer.Option(False, "--json", help="In JSON")) -> None:
        """Liệt kê các nhiệm vụ đọc được từ văn bản.

        Ví dụ: cchc tasks --unit "Phòng Nội vụ" --locality "Vĩnh Linh" --due-from 2024-01-01 --json
        """
        start, end = parse_day(due_from, "--due-from"), parse_day(due_to, "--due-to")
        services = services_of(ctx)
        with services.sessions() as s:
            rows = [records.task_json(t) for t in select_tasks(s, services, unit, locality, start, end)]
        if as_json:
            _print_json(rows)
            return
        table = Table("ID", "Việc", "Đơn vị", "Hạn", "Gửi về", "Văn bản")
        for r in rows:
            d = r["deadline"] or {}
            due = dt.date.fromisoformat(d["date"]).strftime("%d/%m/%Y") if d.get("date") else ""
            table.add_row(str(r["id"]), r["what"][:70], ", ".join(r["units"])[:50], due,
                          r["submit_to"] or "", r["document"]["file"])
        console.print(table)

    @app.command()
    def units(ctx: typer.Context, locality: str = typer.Option(None, "--locality", help="Huyện hoặc tỉnh")) -> None:
        """Liệt kê các đơn vị gặp trong văn bản, theo địa phương.

        Ví dụ: cchc units --locality "Mê Linh"
        """
        services = services_of(ctx)
        with services.sessions() as s:
            table = Table("ID", "Đơn vị", "Loại", "Địa phương", "Cách viết khác")
            for u in s.scalars(select(m.Unit).order_by(m.Unit.locality_id, m.Unit.name)):
                label = u.locality.label() if u.locality else ""
                if locality and key(locality) not in key(label):
                    continue
                table.add_row(str(u.id), u.name, "nhóm" if u.is_group else u.kind, label, "; ".join(u.aliases)[:60])
            console.print(table)

    @app.command()
    def criteria(ctx: typer.Context, locality: str = typer.Option(None, "--locality", help="Huyện hoặc tỉnh"),
                 as_json: bool = typer.Option(False, "--json", help="In JSON")) -> None:
        """Liệt kê các lĩnh vực, tiêu chí CCHC và đơn vị phụ trách.

        Ví dụ: cchc criteria --locality "Mê Linh"
        """
        services = services_of(ctx)
        with services.sessions() as s:
            rows = [records.criterion_json(c) for c in select_criteria(s, locality)]
        if as_json:
            _print_json(rows)
            return
        table = Table("Mã", "Lĩnh vực / chủ đề", "Đơn vị phụ trách", "Địa phương")
        for r in rows:
            table.add_row(r["code"] or "", r["name"], ", ".join(o["unit"] for o in r["owners"]), r["locality"] or "")
        console.print(table)


def find_document(session: Session, ref: str) -> m.Document:
    """A document by id, file name or number; NotFound otherwise."""
    from bot.documents import find_document as find

    return find(session, ref)


def print_document(d: m.Document) -> None:
    r = records.document_json(d)
    console.print(f"[bold]{d.title()}[/bold]")
    console.print(f"Cơ quan ban hành: {r['issuer']} — {r['locality']}")
    i = r["issued"]
    console.print("Ngày: " + "/".join(str(x) if x else ".." for x in (i["day"], i["month"], i["year"])))
    console.print(f"Người ký: {d.signer_title or ''} {d.signer_name or ''}")
    for rec in d.recipients:
        console.print(f"Kính gửi: {rec['text']}" + (" (nhóm)" if rec.get("group") else ""))
    for ref in r["references"]:
        console.print(f"Dẫn chiếu: {ref['kind'] or ''} {ref['number']} ({ref['date'] or '?'}) — {ref['issuer'] or ''}")
    for sec in d.sections:
        indent = "  " * sec.level
        console.print(f"{indent}{sec.path}  {sec.heading[:80]}" + (" [phụ lục]" if sec.appendix else ""))


def print_review_and_history(session: Session, d: m.Document, tz: ZoneInfo) -> None:
    """How many of the document's tasks are confirmed, waiting or dropped, then who changed what."""
    from bot import review
    from bot.cli.review import print_history

    counts = {state: sum(1 for t in d.tasks if t.review == state) for state in review.STATES}
    console.print(f"Nhiệm vụ: {len(d.tasks)} — " + ", ".join(f"{n} {review.STATE_LABELS[st]}"
                                                              for st, n in counts.items()))
    console.print("[bold]Lịch sử thay đổi[/bold]")
    print_history(review.history(session, document_id=d.id), tz)


def select_tasks(session: Session, services: Services, unit: str | None, locality: str | None,
                 due_from: dt.date | None, due_to: dt.date | None) -> list[m.Task]:
    """Tasks filtered by unit (fuzzy), locality and deadline range."""
    q = select(m.Task).join(m.Document).order_by(m.Document.file_name, m.Task.ord)
    if due_from:
        q = q.where(m.Task.deadline_date >= due_from)
    if due_to:
        q = q.where(m.Task.deadline_date <= due_to)
    rows = session.scalars(q).all()
    if locality:
        rows = [t for t in rows if t.document.locality and key(locality) in key(t.document.locality.label())]
    if unit:
        template = services.knowledge.registry.resolve(unit)
        wanted = key(template.name if template else unit)
        rows = [t for t in rows if any(key(tu.unit.name) == wanted for tu in records.doers(t))]
    return list(rows)


def select_criteria(session: Session, locality: str | None) -> list[m.Criterion]:
    rows = session.scalars(select(m.Criterion).order_by(m.Criterion.locality_id, m.Criterion.id)).all()
    if locality:
        rows = [c for c in rows if c.locality_id and key(locality) in key(_loc_label(session, c))]
    return list(rows)


def _loc_label(session: Session, c: m.Criterion) -> str:
    loc = session.get(m.Locality, c.locality_id)
    return loc.label() if loc else ""
