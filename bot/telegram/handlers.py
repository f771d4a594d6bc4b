"""Command and message handlers: read the update → call a service → render → reply."""
from __future__ import annotations

import asyncio
import datetime as dt
import io
import re
from collections.abc import Callable

from telegram import InputFile, Message, Update
from telegram.constants import ChatAction, ChatType
from telegram.ext import ContextTypes

from bot import registration
from bot.answering.model import Answer
from bot.registration import UnitRef
from bot.reminders import status
from bot.reminders.policy import Policy
from bot.services import Services
from bot.telegram import render
from bot.telegram.access import (
    Caller,
    admin_only,
    gate_of,
    local_now,
    policy_of,
    refuse,
    services_of,
    settings_of,
)
from bot.telegram.render import MSG, esc
from bot.telegram.replies import reply_html


def command_rest(message: Message | None) -> str:
    """The text after '/cmd' or '/cmd@bot' (original spacing kept)."""
    text = (message.text or "") if message else ""
    parts = text.split(maxsplit=1)
    return parts[1].rstrip() if len(parts) > 1 and parts[0].startswith("/") else ""


# ------------------------------------------------------------------ help


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start and /help: what the bot does and how to ask."""
    user = update.effective_user
    extra = render.ADMIN_HELP if gate_of(context).is_admin(user.id if user else None) else ""
    await reply_html(update, render.help_html(context.bot.username) + extra)


# ------------------------------------------------------------------ questions


async def ask_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Free text: a question (in groups only when addressed to the bot)."""
    message = update.effective_message
    assert message is not None
    if message.chat.type != ChatType.PRIVATE and not _addressed(message, context.bot.username):
        await gate_of(context).caller(update)  # still learn who belongs to a linked group
        return
    text = re.sub(rf"@{re.escape(context.bot.username)}\b", " ", message.text or "")
    await _answer(update, context, lambda s, c, today: s.answers.ask(text.strip(), today=today, unit_id=c.unit_id),
                  text=text, empty=MSG["empty_question"])


async def ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/hoi <câu hỏi>."""
    question = command_rest(update.effective_message)
    await _answer(update, context, lambda s, c, today: s.answers.ask(question, today=today, unit_id=c.unit_id),
                  text=question, empty=MSG["empty_question"])


async def deadlines(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/han [tuần này|tháng này|…]: upcoming deadlines of this chat's unit."""
    window = command_rest(update.effective_message)
    await _answer(update, context, lambda s, c, today: s.answers.upcoming(
        c.unit_id, today=today, window=window or None), text=window)


async def criteria(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tieuchi [tên]: CCHC criteria and the units that own them."""
    name = command_rest(update.effective_message)
    await _answer(update, context, lambda s, c, today: s.answers.criteria(name or None, unit_id=c.unit_id), text=name)


async def search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tim <từ khóa>: full-text search of the directives."""
    query = command_rest(update.effective_message)
    await _answer(update, context, lambda s, c, today: s.answers.search(query), text=query,
                  empty=MSG["empty_search"])


Compute = Callable[[Services, Caller, dt.date], Answer]


async def _answer(update: Update, context: ContextTypes.DEFAULT_TYPE, compute: Compute, *, text: str,
                  empty: str | None = None) -> None:
    """Check the input and the caller, then reply with the service's answer and its buttons."""
    services, gate, settings = services_of(context), gate_of(context), settings_of(context)
    if empty is not None and not text.strip():
        await reply_html(update, empty)
        return
    if len(text) > settings.max_message_chars:
        await reply_html(update, render.too_long_html(len(text), settings.max_message_chars))
        return
    caller = await gate.caller(update)
    if not gate.may_ask(caller):
        await refuse(update, MSG["not_public"])
        return
    if not gate.limiter.allow(caller.user_id):
        await reply_html(update, MSG["rate_limited"])
        return
    await context.bot.send_chat_action(caller.chat_id, ChatAction.TYPING)
    today = local_now(settings).date()
    answer = await asyncio.to_thread(compute, services, caller, today)
    await reply_html(update, answer.html or esc(answer.text), render.answer_keyboard(answer, caller.unit_id))


def _addressed(message: Message, username: str) -> bool:
    """In a group: the message mentions the bot or replies to one of its messages."""
    reply = message.reply_to_message
    if reply is not None and reply.from_user is not None and reply.from_user.username == username:
        return True
    return f"@{username}".lower() in (message.text or "").lower()


# ------------------------------------------------------------------ the unit's work


async def open_tasks(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/viec: this unit's open tasks, each with a 'Đã hoàn thành' button."""
    caller = await gate_of(context).caller(update)
    if caller.unit is None or caller.unit.id is None:
        await reply_html(update, MSG["no_unit"])
        return
    today = local_now(settings_of(context)).date()
    html, keyboard = await asyncio.to_thread(_open_tasks, services_of(context), policy_of(context), caller.unit, today)
    await reply_html(update, html, keyboard)


def _open_tasks(services: Services, policy: Policy, unit: UnitRef,
                today: dt.date) -> tuple[str, render.Keyboard]:
    assert unit.id is not None  # a caller's unit is a stored one
    with services.sessions() as session:
        items = list(status.open_tasks(session, unit.id, today, policy=policy))
        return render.open_tasks_html(unit, items), render.open_tasks_keyboard(unit, items)


# ------------------------------------------------------------------ coordinator


@admin_only
async def statistics(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongke: documents, tasks, units and linked chats."""
    services = services_of(context)
    overview = await asyncio.to_thread(_overview, services)
    await reply_html(update, render.overview_html(overview))


def _overview(services: Services) -> registration.Overview:
    with services.sessions() as session:
        return registration.overview(session)


async def progress(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/tiendo [số văn bản|kỳ|đơn vị]: per unit, done / open / overdue, as a chart and as text; for a unit, its
    tasks across directives with their state (for the coordinator)."""
    gate = gate_of(context)
    if not gate.may_coordinate(await gate.caller(update)):
        await refuse(update, MSG["admin_only"])
        return
    arg, now = command_rest(update.effective_message), local_now(settings_of(context))
    html, chart = await asyncio.to_thread(_progress, services_of(context), policy_of(context), arg, now)
    if chart is not None:
        chat = update.effective_chat
        assert chat is not None
        await context.bot.send_photo(chat.id, InputFile(io.BytesIO(chart), filename="tien-do.png"),
                                     caption="Tiến độ: xanh lá — xong đúng hạn, vàng — xong trễ, xám — đang làm, "
                                             "đỏ — quá hạn.")
    await reply_html(update, html)


def _progress(services: Services, policy: Policy, arg: str, now: dt.datetime) -> tuple[str, bytes | None]:
    """The /tiendo text, and the chart (drawn here, in a worker thread) when some unit has tasks."""
    from bot.exports.chart import progress_png
    from bot.progress import read_scope, report

    with services.sessions() as session:
        scope = read_scope(session, services.knowledge.registry, arg, now.date())
        done = report(session, scope, now=now, policy=policy)
    if done.units:
        return render.unit_progress_html(done.units), None
    return render.progress_html(done.rows, scope.label), (progress_png(done.rows, scope.label) if done.rows else None)


# ------------------------------------------------------------------ everything else


async def unsupported(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stickers, photos, voice…: a hint in private chats, silence in groups."""
    message = update.effective_message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return
    await reply_html(update, MSG["photo"] if message.photo else MSG["unsupported"])


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have (answered in private chats only)."""
    message = update.effective_message
    if message is not None and message.chat.type == ChatType.PRIVATE:
        await reply_html(update, MSG["unknown_command"])
