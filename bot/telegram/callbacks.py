"""Button presses under answers and reminders; callback data is checked again on the server."""
from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Update
from telegram.ext import ContextTypes

from bot.registration import UnitRef
from bot.reminders import status
from bot.reminders.policy import Policy
from bot.services import Services
from bot.telegram import render
from bot.telegram.access import gate_of, local_now, policy_of, refuse, services_of, settings_of
from bot.telegram.render import MSG, esc
from bot.telegram.replies import send_html
from corpus import models as m
from corpus.errors import NotFound, UserError
from corpus.tracking import Reminder


def _ints(data: str | None) -> list[int]:
    """The numbers of 'kind:1:2' (empty when malformed)."""
    try:
        return [int(x) for x in (data or "").split(":")[1:]]
    except ValueError:
        return []


async def source(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Xem nguyên văn' (src:<section_id>): send the section's full text."""
    query = update.callback_query
    assert query is not None
    gate = gate_of(context)
    if not gate.may_ask(await gate.caller(update)):
        await refuse(update, MSG["not_public"])
        return
    ids = _ints(query.data)
    html = await asyncio.to_thread(_section, services_of(context), ids[0]) if len(ids) == 1 else None
    if html is None:
        await refuse(update, MSG["section_gone"])
        return
    await query.answer()
    chat = update.effective_chat
    assert chat is not None
    await send_html(context.bot, chat.id, html)


def _section(services: Services, section_id: int) -> str | None:
    """The section's text as HTML, or None when it is gone."""
    with services.sessions() as session:
        section = session.get(m.Section, section_id)
        return render.section_html(section, section.document) if section else None


async def done(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Đã hoàn thành' (done:<task_id>:<unit_id>): only the chat's own unit, and only a unit the task names."""
    query = update.callback_query
    assert query is not None
    ids = _ints(query.data)
    caller = await gate_of(context).caller(update)
    if len(ids) != 2 or caller.unit is None or caller.unit.id != ids[1]:
        await refuse(update, MSG["not_owner"] if caller.unit else MSG["no_unit"])
        return
    now, policy = local_now(settings_of(context)), policy_of(context)
    try:
        html = await asyncio.to_thread(_mark_done, services_of(context), policy, ids[0], caller.unit, caller.user_id,
                                       now)
    except UserError as exc:
        await refuse(update, esc(exc.message))
        return
    if html is None:
        await query.answer("Việc này đã được đánh dấu hoàn thành trước đó.")
        return
    await query.answer("Đã ghi nhận hoàn thành.")
    chat = update.effective_chat
    assert chat is not None
    await send_html(context.bot, chat.id, html)


def _mark_done(services: Services, policy: Policy, task_id: int, unit: UnitRef, user_id: int | None,
               now: dt.datetime) -> str | None:
    """Record 'done' in one transaction (None when it was done already); NotFound/NotAllowed as UserErrors."""
    with services.sessions() as session, session.begin():
        task = session.get(m.Task, task_id)
        if task is None:
            raise NotFound("Không tìm thấy nhiệm vụ này (văn bản có thể đã được cập nhật).")
        change = status.mark_done(session, task_id, unit.id, user_id, now, policy=policy)
        return render.done_html(unit, task) if change.changed else None


async def snooze(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Nhắc lại sau' (snooze:<reminder_id>): the next working day, for a reminder sent to this chat."""
    query = update.callback_query
    assert query is not None
    ids = _ints(query.data)
    if len(ids) != 1:
        await refuse(update, MSG["stale_button"])
        return
    caller = await gate_of(context).caller(update)
    until = policy_of(context).snooze_until(local_now(settings_of(context)))
    try:
        await asyncio.to_thread(_snooze, services_of(context), ids[0], caller.chat_id, caller.unit, until)
    except UserError as exc:
        await refuse(update, esc(exc.message))
        return
    await query.answer(f"Sẽ nhắc lại lúc {until:%H:%M} ngày {until:%d/%m/%Y}.")


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
