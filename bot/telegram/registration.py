"""Telegram adapters for linking chats to units: /dangky, /donvi, /huydangky, /duyet and the admins' buttons."""
from __future__ import annotations

import asyncio
import logging

from telegram import Update, User
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import registration
from bot.registration import LinkRef
from bot.services import Services
from bot.telegram import render
from bot.telegram.access import admin_only, answer_query, refuse, services_of, settings_of
from bot.telegram.callbacks import ids_of
from bot.telegram.handlers import command_rest
from bot.telegram.render import MSG, esc
from bot.telegram.replies import reply_html, send_html
from corpus.errors import UserError

log = logging.getLogger(__name__)
MAX_NAME = 200  # a unit name longer than this is not a unit name


def who(user: User | None) -> str:
    """'Nguyễn Văn A (@nva, id 42)'."""
    if user is None:
        return "không rõ"
    handle = f"@{user.username}, " if user.username else ""
    return f"{user.full_name} ({handle}id {user.id})"


async def register(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/dangky <tên đơn vị>: ask to link this chat to a unit; the admins approve."""
    name = command_rest(update.effective_message)
    if not name or len(name) > MAX_NAME:
        await reply_html(update, MSG["dangky_usage"])
        return
    chat, user = update.effective_chat, update.effective_user
    assert chat is not None
    title = chat.title or (user.full_name if user else None)
    try:
        link = await asyncio.to_thread(_request, services_of(context), chat.id, title, user.id if user else None, name)
    except UserError as exc:
        await reply_html(update, esc(exc.message))
        return
    await reply_html(update, f"Đã gửi yêu cầu liên kết với <b>{esc(link.unit.label())}</b>. "
                             "Quản trị viên sẽ duyệt; trợ lý sẽ báo lại tại đây.")
    await notify_admins(context, render.link_request_html(link, who(user)), render.link_keyboard(link))


def _request(services: Services, chat_id: int, title: str | None, user_id: int | None, name: str) -> LinkRef:
    with services.sessions() as session, session.begin():
        unit = registration.find_unit(session, services.knowledge.registry, name)
        return registration.request_link(session, chat_id=chat_id, chat_title=title, unit=unit, user_id=user_id)


async def notify_admins(context: ContextTypes.DEFAULT_TYPE, html: str,
                        keyboard: render.Keyboard | None = None) -> int:
    """Send to every admin's private chat and the admin chat; return how many got it."""
    settings = settings_of(context)
    targets = dict.fromkeys([*settings.admin_ids, *([settings.admin_chat_id] if settings.admin_chat_id else [])])
    delivered = 0
    for chat_id in targets:
        try:
            await send_html(context.bot, chat_id, html, keyboard)
            delivered += 1
        except TelegramError as exc:  # an admin who never opened the bot, a removed admin chat
            log.warning("could not notify admin chat %s: %s", chat_id, exc)
    return delivered


async def show_unit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/donvi: the unit this chat is linked to (or waiting for)."""
    chat = update.effective_chat
    assert chat is not None
    links = await asyncio.to_thread(_links, services_of(context), chat.id)
    await reply_html(update, render.links_html(links))


def _links(services: Services, chat_id: int) -> list[LinkRef]:
    with services.sessions() as session:
        return registration.chat_links(session, chat_id)


async def unregister(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/huydangky: end this chat's link; it gets no more reminders."""
    chat = update.effective_chat
    assert chat is not None
    units = await asyncio.to_thread(_unlink, services_of(context), chat.id)
    if not units:
        await reply_html(update, MSG["no_unit"])
        return
    names = ", ".join(esc(u.label()) for u in units)
    await reply_html(update, f"Đã hủy liên kết với {names}. Cuộc trò chuyện này sẽ không nhận nhắc việc nữa.")


def _unlink(services: Services, chat_id: int) -> list[registration.UnitRef]:
    with services.sessions() as session, session.begin():
        return registration.unlink(session, chat_id)


@admin_only
async def pending(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/duyet: pending requests, each with 'Duyệt' / 'Từ chối'."""
    links = await asyncio.to_thread(_pending, services_of(context))
    if not links:
        await reply_html(update, MSG["no_pending"])
        return
    await reply_html(update, f"Có {len(links)} yêu cầu liên kết đang chờ duyệt:")
    for link in links:
        await reply_html(update, render.link_request_html(link, str(link.requested_by or "không rõ")),
                         render.link_keyboard(link))


def _pending(services: Services) -> list[LinkRef]:
    with services.sessions() as session:
        return registration.pending_links(session)


@admin_only
async def decide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Duyệt' / 'Từ chối' (link:ok|no:<id>): record the decision and tell the requesting chat."""
    query, user = update.callback_query, update.effective_user
    assert query is not None and user is not None
    verdict, _, number = (query.data or "").removeprefix("link:").partition(":")
    ids = ids_of(f"link:{number}", 1)
    if verdict not in ("ok", "no") or ids is None:
        await refuse(update, MSG["stale_button"])
        return
    try:
        link = await asyncio.to_thread(_decide, services_of(context), ids[0], verdict == "ok", user.id)
    except UserError as exc:
        await refuse(update, esc(exc.message))
        return
    await answer_query(update, "Đã duyệt." if link.status == "approved" else "Đã từ chối.")
    try:
        await query.edit_message_text(render.link_decided_html(link, who(user)), parse_mode="HTML")
    except TelegramError as exc:  # an old or deleted request message: the decision stands, said in a new one
        log.info("could not update the request message of link %s: %s", link.id, exc)
        try:
            await send_html(context.bot, query.message.chat.id if query.message else user.id,
                            render.link_decided_html(link, who(user)))
        except TelegramError as again:
            log.warning("could not tell admin %s about link %s: %s", user.id, link.id, again)
    try:
        await send_html(context.bot, link.chat_id, render.link_result_html(link))
    except TelegramError as exc:
        log.warning("could not tell chat %s about link %s: %s", link.chat_id, link.id, exc)


def _decide(services: Services, link_id: int, approve: bool, admin_id: int) -> LinkRef:
    with services.sessions() as session, session.begin():
        return registration.decide(session, link_id, approve=approve, admin_id=admin_id)
