"""CLI commands that answer questions: ask (one, or a whole file) and chat (the console)."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import typer

from bot.services import Services
from bot.settings import Settings
from bot.startup import prepare
from corpus.errors import UserError
from corpus.text import key


def register(app: typer.Typer, settings_of: Callable[[typer.Context], Settings]) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def ask(ctx: typer.Context,
            question: str = typer.Argument(None, help="Câu hỏi"),
            today: dt.datetime = typer.Option(None, "--today", formats=["%Y-%m-%d"], help="Ngày hỏi (YYYY-MM-DD)"),
            unit: str = typer.Option(None, "--unit", help="Đơn vị của người hỏi"),
            as_json: bool = typer.Option(False, "--json", help="In JSON theo hợp đồng trả lời"),
            batch: Path = typer.Option(None, "--batch", help="Tệp câu hỏi JSON Lines (id, question, today)")) -> None:
        """Answer a question (or every question of a JSON Lines file) from the stored directives.

        Example: cchc ask "hạn nộp kế hoạch CCHC năm 2025?" --json
        """
        services = prepare(settings_of(ctx), quiet=True)
        unit_id = resolve_unit_id(services, unit) if unit else None
        if batch:
            answer_batch(services, batch, unit_id)
            return
        if not question:
            raise typer.BadParameter("Hãy nhập câu hỏi, hoặc dùng --batch TỆP.")
        answer = services.answers.ask(question, today=today.date() if today else None, unit_id=unit_id)
        typer.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2) if as_json else answer.text)

    @app.command()
    def chat(ctx: typer.Context, unit: str = typer.Option(None, "--unit", help="Đơn vị của người hỏi")) -> None:
        """An interactive console that gives exactly the bot's replies (empty line or Ctrl-D to quit).

        Example: cchc chat --unit "Phòng Tư pháp"
        """
        from bot.chat import console_chat

        services = prepare(settings_of(ctx))
        console_chat(services, unit_id=resolve_unit_id(services, unit) if unit else None)


def answer_batch(services: Services, path: Path, unit_id: int | None) -> None:
    """One answer object a line, in the order of the questions, each with the question's id."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        q = json.loads(line)
        today = dt.date.fromisoformat(q["today"]) if q.get("today") else None
        try:
            out = services.answers.ask(q["question"], today=today, unit_id=unit_id).to_json(q.get("id"))
        except UserError as exc:
            out = {"id": q.get("id"), "question": q["question"], "intent": "unknown", "text": exc.message,
                   "answers": []}
        typer.echo(json.dumps(out, ensure_ascii=False))


def resolve_unit_id(services: Services, name: str) -> int:
    """The stored unit a name stands for ('Phòng Tư pháp Mê Linh'); a Vietnamese error when unknown."""
    from sqlalchemy import select

    from corpus import models as m
    from corpus.units import unit_key

    template = services.knowledge.registry.resolve(name)
    with services.sessions() as s:
        units = s.scalars(select(m.Unit)).all()
        wanted = unit_key(template.name) if template else unit_key(name)
        found = [u for u in units if u.key == wanted]
        if len(found) > 1:
            found = [u for u in found if u.locality and key(u.locality.district or "") in key(name)] or found
        if not found:
            raise UserError(f"Không có đơn vị «{name}» trong các văn bản đã có. Xem danh sách: cchc units")
        return found[0].id
