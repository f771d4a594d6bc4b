"""CLI commands that answer questions: ask (one, or a whole file) and chat (the console)."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import typer

from bot.cli.context import services_of
from bot.cli.typer_vi import parse_day
from bot.services import Services
from corpus.errors import UserError
from corpus.text import key


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def ask(ctx: typer.Context,
            question: str = typer.Argument(None, help="Câu hỏi"),
            today: str = typer.Option(None, "--today", help="Ngày hỏi, dạng YYYY-MM-DD (mặc định: hôm nay)"),
            unit: str = typer.Option(None, "--unit", help="Đơn vị của người hỏi"),
            as_json: bool = typer.Option(False, "--json", help="In JSON theo hợp đồng trả lời"),
            batch: Path = typer.Option(None, "--batch", help="Tệp câu hỏi JSON Lines (id, question, today)")) -> None:
        """Trả lời một câu hỏi (hoặc mọi câu hỏi của một tệp JSON Lines) từ các văn bản đã lưu.

        Với --batch: mỗi câu một dòng JSON, đúng thứ tự; dòng hỏng được báo trên stderr rồi làm tiếp (mã thoát 1).

        Ví dụ: cchc ask "hạn nộp kế hoạch CCHC năm 2025?" --json
        """
        day = parse_day(today, "--today")
        if batch is not None:
            check_batch_file(batch)
        elif not question:
            raise UserError("Hãy nhập câu hỏi (đặt trong ngoặc kép), hoặc dùng --batch TỆP.")
        services = services_of(ctx, first_start=True, quiet=True)
        unit_id = resolve_unit_id(services, unit) if unit else None
        if batch is not None:
            if answer_batch(services, batch, unit_id):
                raise typer.Exit(1)
            return
        answer = services.answers.ask(question, today=day, unit_id=unit_id)
        typer.echo(json.dumps(answer.to_json(), ensure_ascii=False, indent=2) if as_json else answer.text)

    @app.command()
    def chat(ctx: typer.Context, unit: str = typer.Option(None, "--unit", help="Đơn vị của người hỏi")) -> None:
        """Trò chuyện trên console, đúng các câu trả lời của bot (dòng trống hoặc Ctrl-D để thoát).

        Ví dụ: cchc chat --unit "Phòng Tư pháp"
        """
        from bot.chat import console_chat

        services = services_of(ctx, first_start=True)
        console_chat(services, unit_id=resolve_unit_id(services, unit) if unit else None)


def check_batch_file(path: Path) -> None:
    """A question file that exists and can be read; a Vietnamese error otherwise."""
    if not path.exists():
        raise UserError(f"Không tìm thấy tệp câu hỏi {path}.")
    if not path.is_file():
        raise UserError(f"{path} là thư mục, không phải tệp câu hỏi JSON Lines.")


def _read_lines(path: Path) -> list[str]:
    check_batch_file(path)
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError:
        raise UserError(f"Tệp câu hỏi {path} không phải văn bản UTF-8; hãy lưu lại dạng UTF-8.") from None
    except OSError as exc:
        raise UserError(f"Không đọc được tệp câu hỏi {path} ({exc.strerror or exc}).") from None


def _question(line: str) -> tuple[dict | None, str | None]:
    """The question object of one line, or why the line cannot be a question."""
    try:
        q = json.loads(line)
    except json.JSONDecodeError as exc:
        return None, f"không phải JSON hợp lệ ({exc.msg}, cột {exc.colno})"
    if not isinstance(q, dict):
        return None, "không phải một đối tượng JSON {…}"
    if not isinstance(q.get("question"), str) or not q["question"].strip():
        return q, "thiếu trường \"question\" (câu hỏi)"
    return q, None


def _day_of(q: dict) -> tuple[dt.date | None, str | None]:
    value = q.get("today")
    if value in (None, ""):
        return None, None
    try:
        return parse_day(str(value), "today"), None
    except typer.BadParameter:
        return None, f"«today» = «{value}» không phải ngày có thật dạng YYYY-MM-DD"


def answer_batch(services: Services, path: Path, unit_id: int | None) -> int:
    """One answer object a line, in the order of the questions, each with the question's id.

    A line that is not a question is reported on standard error (its number and why) and the batch goes on;
    a question with a wrong "today" gets an answer object that says so. Returns how many lines were bad."""
    bad = 0
    for number, line in enumerate(_read_lines(path), 1):
        if not line.strip():
            continue
        q, problem = _question(line)
        today = None
        if problem is None and q is not None:
            today, problem = _day_of(q)
        if problem is not None:
            bad += 1
            qid = q.get("id") if isinstance(q, dict) else None
            typer.echo(f"Dòng {number}" + (f" (id {qid})" if qid is not None else "") + f": {problem}; bỏ qua.",
                       err=True)
            if isinstance(q, dict):
                typer.echo(json.dumps({"id": qid, "question": q.get("question") or "", "intent": "unknown",
                                       "text": f"Không trả lời: {problem}.", "answers": []}, ensure_ascii=False))
            continue
        assert q is not None
        try:
            out = services.answers.ask(q["question"], today=today, unit_id=unit_id).to_json(q.get("id"))
        except UserError as exc:
            out = {"id": q.get("id"), "question": q["question"], "intent": "unknown", "text": exc.message,
                   "answers": []}
        typer.echo(json.dumps(out, ensure_ascii=False))
    return bad


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
