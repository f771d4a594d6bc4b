"""Who may do what: admins, members of a unit, everyone else; and a per-user limit on questions.

- admin: a Telegram user id in settings.admin_ids (in any chat);
- member: a chat approved for a unit, and a user seen writing in such a chat (in their private chat too);
- everyone else may ask questions when settings.public_access is on, otherwise gets a polite refusal.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from bot import registration
from bot.registration import UnitRef
from bot.reminders.policy import Policy
from bot.services import Services
from bot.settings import Settings
from bot.telegram.render import MSG

Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[Any]]
ALERT_MAX = 200


@dataclass(frozen=True)
class Caller:
    """The sender of an update as the bot sees them."""

    user_id: int | None
    chat_id: int
    private: bool
    is_admin: bool
    unit: UnitRef | None

    @property
    def unit_id(self) -> int | None:
        return self.unit.id if self.unit else None


class QuestionLimiter:
    """At most `per_minute` questions per user in any 60-second window."""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute, self.clock = per_minute, clock
        self._seen: dict[int, deque[float]] = {}

    def allow(self, user_id: int | None) -> bool:
        """Count one question; False when the user is over the limit."""
        if user_id is None:
            return True
        now = self.clock()
        window = self._seen.setdefault(user_id, deque())
        while window and now - window[0] >= 60:
            window.popleft()
        if len(window) >= self.per_minute:
            return False
        window.append(now)
        return True


class Gate:
    """Resolves the caller of an update and decides what they may do."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings, self.services = settings, services
        self.limiter = QuestionLimiter(settings.questions_per_minute)
        self._member_chat: dict[int, int] = {}  # user id -> the approved group chat they were seen in

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids

    async def caller(self, update: Update) -> Caller:
        """Who sent this update, and the unit of their chat (looked up in the database)."""
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        private = chat.type == ChatType.PRIVATE
        user_id = user.id if user else None
        unit = await asyncio.to_thread(self._unit_of, chat.id, user_id, private)
        return Caller(user_id, chat.id, private, self.is_admin(user_id), unit)

    def _unit_of(self, chat_id: int, user_id: int | None, private: bool) -> UnitRef | None:
        with self.services.sessions() as session:
            unit = registration.chat_unit(session, chat_id)
            if unit is not None and not private and user_id is not None:
                self._member_chat[user_id] = chat_id
            if unit is None and private and user_id in self._member_chat:
                unit = registration.chat_unit(session, self._member_chat[user_id])
            return unit

    def may_ask(self, caller: Caller) -> bool:
        """Admins and members always; everyone else when the bot is public."""
        return caller.is_admin or caller.unit is not None or self.settings.public_access

    def may_coordinate(self, caller: Caller) -> bool:
        """Admins, and anyone in the coordinator's chat."""
        coordinator = self.settings.coordinator_chat_id
        return caller.is_admin or (coordinator is not None and caller.chat_id == coordinator)


def settings_of(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    """The application's settings (the one object built at start)."""
    return context.bot_data["settings"]  # type: ignore[no-any-return]


def policy_of(context: ContextTypes.DEFAULT_TYPE) -> Policy:
    """The reminder policy built from the settings."""
    return context.bot_data["policy"]  # type: ignore[no-any-return]


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data["services"]  # type: ignore[no-any-return]


def gate_of(context: ContextTypes.DEFAULT_TYPE) -> Gate:
    return context.bot_data["gate"]  # type: ignore[no-any-return]


def local_now(settings: Settings) -> dt.datetime:
    """Now in the bot's time zone (the one place the bot reads the clock)."""
    return dt.datetime.now(ZoneInfo(settings.timezone))


async def refuse(update: Update, html_text: str) -> None:
    """Tell the user no (HTML text): an alert for a button, a reply for a message."""
    if update.callback_query is not None:
        await update.callback_query.answer(alert_text(html_text), show_alert=True)
    elif update.effective_message is not None:
        await update.effective_message.reply_html(html_text)


def alert_text(html_text: str) -> str:
    """HTML as the plain text of a button alert (Telegram allows 200 characters)."""
    plain = html.unescape(re.sub(r"<[^>]+>", "", html_text))
    return plain if len(plain) <= ALERT_MAX else plain[: ALERT_MAX - 1] + "…"


def admin_only(handler: Handler) -> Handler:
    """Run the handler only for admins; others get a polite refusal."""
    @wraps(handler)
    async def wrapper(update: Update, context: ContextTypes.DEFAULT_TYPE) -> Any:
        user = update.effective_user
        if not gate_of(context).is_admin(user.id if user else None):
            await refuse(update, MSG["admin_only"])
            return None
        return await handler(update, context)
    return wrapper
