"""Button presses under answers and reminders; callback data is checked again on the server."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import registration
from bot.registration import UnitRef
from bot.reminders import status
from bot.reminders.policy import Policy
from bot.services import Services
from bot.telegram import render
from bot.telegram.access import answer_query, gate_of, local_now, policy_of, refuse, services_of, settings_of
from bot.telegram.render import MSG, esc
from bot.telegram.replies import send_html
from corpus import models as m
from corpus.errors import NotFound, UserError
from corpus.tracking import Reminder

log = logging.getLogger(__name__)
MAX_ID = 2**31 - 1  # database ids are 32-bit integers; anything larger in callback data is forged


def ids_of(data: str | None, count: int) -> list[int] | None:
    """The `count` ids of 'kind:1:2' when they are well-formed database ids; None for anything else
    (forged data: huge numbers, signs, spaces, extra parts)."""
    parts = (data or "").split(":")[1:]
    if len(parts) != count or not all(p.isascii() and p.isdigit() and len(p) <= 10 for p in parts):
        return None
    ids = [int(p) for p in parts]
    return ids if all(0 < i <= MAX_ID for i in ids) else None


async def source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Xem nguyên văn' (src:<section_id>): send the section's full text."""
    query = update.callback_query
    assert query is not None
    gate = gate_of(context)
    if not gate.may_ask(await gate.caller(update)):
        await refuse(update, MSG["not_public"])
        return
    ids = ids_of(query.data, 1)
    if ids is None:
        await refuse(update, MSG["stale_button"])
        return
    html = await asyncio.to_thread(_section, services_of(context), ids[0])
    if html is None:
        await refuse(update, MSG["section_gone"])
        return
    await answer_query(update)
    chat = update.effective_chat
    assert chat is not None
    await send_html(context.bot, chat.id, html)


def _section(services: Services, section_id: int) -> str | None:
    """The section's text as HTML, or None when it is gone."""
    with services.sessions() as session:
        section = session.get(m.Section, section_id)
        return render.section_html(section, section.document) if section else None


async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Đã hoàn thành' (done:<task_id>:<unit_id>): only the chat's own unit, and only a unit the task names.

    Marked in a private chat (by a member of the unit's group), the group is told who did it, with a
    'Hoàn tác' button for UNDO_WINDOW."""
    query = update.callback_query
    assert query is not None
    ids = ids_of(query.data, 2)
    if ids is None:
        await refuse(update, MSG["stale_button"])
        return
    caller = await gate_of(context).caller(update)
    if caller.unit is None or caller.unit.id != ids[1]:
        await refuse(update, MSG["not_owner"] if caller.unit else MSG["no_unit"])
        return
    now, policy = local_now(settings_of(context)), policy_of(context)
    try:
        marked = await asyncio.to_thread(_mark_done, services_of(context), policy, ids[0], caller.unit,
                                         caller.user_id, now)
    except UserError as exc:
        await refuse(update, esc(exc.message))
        return
    if marked is None:
        await answer_query(update, "Việc này đã được đánh dấu hoàn thành trước đó.", or_say=True)
        return
    html, change_id, what, groups = marked
    await answer_query(update, "Đã ghi nhận hoàn thành.")
    chat = update.effective_chat
    assert chat is not None
    await send_html(context.bot, chat.id, html)
    if caller.private:
        notice = render.done_elsewhere_html(caller.unit, what, who_did(update))
        for group in groups:
            if group != chat.id:
                await _tell(context, group, notice, [[("Hoàn tác", f"undo:{change_id}")]])


def who_did(update: Update) -> str:
    """'Nguyễn Văn A (@nva)'."""
    user = update.effective_user
    if user is None:
        return "một thành viên"
    return f"{user.full_name} (@{user.username})" if user.username else user.full_name


async def _tell(context: ContextTypes.DEFAULT_TYPE, chat_id: int, html: str, keyboard: render.Keyboard) -> None:
    try:
        await send_html(context.bot, chat_id, html, keyboard)
    except TelegramError as exc:  # the group blocked the bot: the reminders will notice and unlink it
        log.warning("could not tell chat %s about a task marked done: %s", chat_id, exc)


def _mark_done(services: Services, policy: Policy, task_id: int, unit: UnitRef, user_id: int | None,
               now: dt.datetime) -> tuple[str, int, str, list[int]] | None:
    """Record 'done' in one transaction: (confirmation, history id, the task, the unit's chats), or None when
    it was done already; NotFound/NotAllowed as UserErrors."""
    assert unit.id is not None
    with services.sessions() as session, session.begin():
        task = session.get(m.Task, task_id)
        if task is None:
            raise NotFound("Không tìm thấy nhiệm vụ này (văn bản có thể đã được cập nhật).")
        change = status.mark_done(session, task_id, unit.id, user_id, now, policy=policy)
        if not change.changed or change.change_id is None:
            return None
        return render.done_html(unit, task), change.change_id, task.what, registration.unit_chats(session, unit.id)


async def undo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Hoàn tác' (undo:<status_change_id>): a member of the unit reopens a task marked done by mistake."""
    query = update.callback_query
    assert query is not None
    ids = ids_of(query.data, 1)
    if ids is None:
        await refuse(update, MSG["stale_button"])
        return
    caller = await gate_of(context).caller(update)
    if caller.unit is None or caller.unit.id is None:
        await refuse(update, MSG["no_unit"])
        return
    now, policy = local_now(settings_of(context)), policy_of(context)
    try:
        what = await asyncio.to_thread(_undo, services_of(context), policy, ids[0], caller.unit.id, caller.user_id,
                                       now)
    except UserError as exc:
        await refuse(update, esc(exc.message))
        return
    await answer_query(update, "Đã hoàn tác.")
    try:
        await query.edit_message_reply_markup(None)
    except TelegramError as exc:
        log.info("could not remove the undo button: %s", exc)
    chat = update.effective_chat
    assert chat is not None
    await send_html(context.bot, chat.id, render.undone_html(caller.unit, what, who_did(update)))


def _undo(services: Services, policy: Policy, change_id: int, unit_id: int, user_id: int | None,
          now: dt.datetime) -> str:
    with services.sessions() as session, session.begin():
        change = status.undo_done(session, change_id, unit_id, user_id, now, policy=policy)
        task = session.get(m.Task, change.task_id)
        return task.what if task else ""


async def snooze(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Nhắc lại sau' (snooze:<reminder_id>): the next working day, for a reminder sent to this chat."""
    query = update.callback_query
    assert query is not None
    ids = ids_of(query.data, 1)
    if ids is None:
        await refuse(update, MSG["stale_button"])
        return
    caller = await gate_of(context).caller(update)
    until = policy_of(context).snooze_until(local_now(settings_of(context)))
    try:
        await asyncio.to_thread(_snooze, services_of(context), ids[0], caller.chat_id, caller.unit, until)
    except UserError as exc:
        await refuse(update, esc(exc.message))
        return
    await answer_query(update, f"Sẽ nhắc lại lúc {until:%H:%M} ngày {until:%d/%m/%Y}.", or_say=True)


def _snooze(services: Services, reminder_id: int, chat_id: int, unit: UnitRef | None, until: dt.datetime) -> None:
    """Snooze a reminder that was sent to this chat (or to this chat's unit)."""
    with services.sessions() as session, session.begin():
        reminder = session.get(Reminder, reminder_id)
        if reminder is None or (reminder.chat_id != chat_id and (unit is None or reminder.unit_id != unit.id)):
            raise UserError(MSG["stale_button"])
        status.snooze(session, reminder_id, until)


async def stale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other button (old, forged or malformed data)."""
    await refuse(update, MSG["stale_button"])
