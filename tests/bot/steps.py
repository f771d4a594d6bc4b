"""Small helpers shared by the bot tests (plain functions; fixtures live in conftest.py)."""
from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import Application

from bot import registration
from bot.registration import UnitRef
from bot.services import Services


def buttons(sent: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, callback_data) of every inline button of a recorded sent message."""
    markup = sent.get("reply_markup") or {}
    return [(b["text"], b["callback_data"]) for row in markup.get("inline_keyboard", []) for b in row]


def link_chat(services: Services, chat_id: int, name: str, *, approve: bool = True) -> UnitRef:
    """Link a chat to a unit directly in the database (as /dangky + 'Duyệt' would)."""
    with services.sessions() as session, session.begin():
        unit = registration.find_unit(session, services.knowledge.registry, name)
        link = registration.request_link(session, chat_id=chat_id, chat_title=f"Nhóm {chat_id}", unit=unit,
                                         user_id=None)
        if approve:
            link = registration.decide(session, link.id, approve=True, admin_id=1)
    return link.unit


async def process(app: Application, update: dict[str, Any]) -> None:
    """Run one update dict (as the fake server built it) through the application, without polling."""
    await app.process_update(Update.de_json(update, app.bot))
