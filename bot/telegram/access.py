"""Who may do what: admins, members of a unit, everyone else; and a per-user limit on questions.

- admin: a Telegram user id in settings.admin_ids (in any chat);
- member: a chat approved for a unit, and a member of such a group (in their private chat too, while Telegram
  says they are in the group);
- everyone else may ask questions when settings.public_access is on, otherwise gets a polite refusal.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging
import re
import time
from collections import deque
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from functools import wraps
from typing import Any
from zoneinfo import ZoneInfo

from telegram import Bot, ChatMember, Update
from telegram.constants import ChatMemberStatus, ChatType
from telegram.error import BadRequest, Forbidden, TelegramError
from telegram.ext import ContextTypes

from bot import registration
from bot.registration import UnitRef
from bot.reminders.policy import Policy
from bot.services import Services
from bot.settings import Settings
from bot.telegram.render import MSG

log = logging.getLogger(__name__)
Handler = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, Any]]
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
    """Resolves the caller of an update and decides what they may do.

    In a private chat, a user acts for the unit of a group they are a member of: membership is stored in the
    database (seen writing in the group, or confirmed by Telegram's getChatMember), re-checked with Telegram
    once it is more than a few minutes old, and ended at once by Telegram's chat_member / left_chat_member
    updates — nothing about rights is kept in this process's memory."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings, self.services = settings, services
        self.limiter = QuestionLimiter(settings.questions_per_minute)

    def is_admin(self, user_id: int | None) -> bool:
        return user_id is not None and user_id in self.settings.admin_ids

    async def caller(self, update: Update) -> Caller:
        """Who sent this update, and the unit they act for here (from the database and Telegram)."""
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None
        private = chat.type == ChatType.PRIVATE
        user_id = user.id if user else None
        now = dt.datetime.now(dt.UTC)
        unit = await asyncio.to_thread(self._chat_unit, chat.id, user_id, private, now)
        if unit is None and private and user_id is not None:
            unit = await self._member_unit(update.get_bot(), user_id, now)
        return Caller(user_id, chat.id, private, self.is_admin(user_id), unit)

    def _chat_unit(self, chat_id: int, user_id: int | None, private: bool, now: dt.datetime) -> UnitRef | None:
        """The chat's own unit; a writer in a linked group is seen as its member."""
        with self.services.sessions() as session, session.begin():
            unit = registration.chat_unit(session, chat_id)
            if unit is not None and not private and user_id is not None:
                registration.seen_in_group(session, chat_id, user_id, now)
            return unit

    async def _member_unit(self, bot: Bot, user_id: int, now: dt.datetime) -> UnitRef | None:
        """The unit of a group this user is a member of now (stale memberships re-checked with Telegram)."""
        for found in await asyncio.to_thread(self._memberships, user_id):
            if found.fresh(now):
                return found.unit
            member = await telegram_membership(bot, found.chat_id, user_id)
            if member is None:  # Telegram could not say: no rights on an old record, nothing changed
                continue
            await asyncio.to_thread(self.record, found.chat_id, user_id, member, now)
            if member:
                return found.unit
        return None

    def _memberships(self, user_id: int) -> list[registration.Membership]:
        with self.services.sessions() as session:
            return registration.memberships(session, user_id)

    def record(self, chat_id: int, user_id: int, member: bool, now: dt.datetime) -> None:
        """Store what Telegram said about a user in a group (joined, left, removed, still there)."""
        with self.services.sessions() as session, session.begin():
            if member and registration.chat_unit(session, chat_id) is None:
                return  # only linked groups give rights
            registration.record_membership(session, chat_id, user_id, member=member, now=now)


    def may_ask(self, caller: Caller) -> bool:
        """Admins and members always; everyone else when the bot is public."""
        return caller.is_admin or caller.unit is not None or self.settings.public_access

    def may_coordinate(self, caller: Caller) -> bool:
        """Admins, and anyone in the coordinator's chat."""
        coordinator = self.settings.coordinator_chat_id
        return caller.is_admin or (coordinator is not None and caller.chat_id == coordinator)


def is_member(member: ChatMember) -> bool:
    """Whether a ChatMember (getChatMember, chat_member updates) is in the group now."""
    if member.status in (ChatMemberStatus.OWNER, ChatMemberStatus.ADMINISTRATOR, ChatMemberStatus.MEMBER):
        return True
    return member.status == ChatMemberStatus.RESTRICTED and bool(getattr(member, "is_member", False))


async def telegram_membership(bot: Bot, chat_id: int, user_id: int) -> bool | None:
    """Ask Telegram whether a user is in a group: True, False, or None when it cannot say (network)."""
    try:
        return is_member(await bot.get_chat_member(chat_id, user_id))
    except (BadRequest, Forbidden) as exc:  # not a participant, or the bot is no longer in the group
        log.info("getChatMember(%s, %s): %s", chat_id, user_id, exc)
        return False
    except TelegramError as exc:
        log.warning("could not check the membership of %s in %s: %s", user_id, chat_id, exc)
        return None


def settings_of(context: ContextTypes.DEFAULT_TYPE) -> Settings:
    """The application's settings (the one object built at start)."""
    return context.bot_data["settings"]


def policy_of(context: ContextTypes.DEFAULT_TYPE) -> Policy:
    """The reminder policy built from the settings."""
    return context.bot_data["policy"]


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data["services"]


def gate_of(context: ContextTypes.DEFAULT_TYPE) -> Gate:
    return context.bot_data["gate"]


def local_now(settings: Settings) -> dt.datetime:
    """Now in the bot's time zone (the one place the bot reads the clock)."""
    return dt.datetime.now(ZoneInfo(settings.timezone))


async def answer_query(update: Update, text: str | None = None, *, show_alert: bool = False,
                       or_say: bool = False) -> bool:
    """Answer a button press, best effort: Telegram refuses answers to old presses ("query is too old") and
    the network may fail, but the press's action runs all the same. or_say: when the answer cannot be shown,
    say the text in the chat instead (for answers that carry the result). True when the answer went through."""
    query = update.callback_query
    if query is None:
        return False
    try:
        await query.answer(text, show_alert=show_alert)
        return True
    except TelegramError as exc:
        log.info("could not answer the button press %s: %s", query.data, exc)
    chat = update.effective_chat
    if or_say and text and chat is not None:
        try:
            await update.get_bot().send_message(chat.id, text)
        except TelegramError as exc:
            log.info("could not tell chat %s either: %s", chat.id, exc)
    return False


async def refuse(update: Update, html_text: str) -> None:
    """Tell the user no (HTML text): an alert for a button, a reply for a message."""
    if update.callback_query is not None:
        await answer_query(update, alert_text(html_text), show_alert=True)
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
