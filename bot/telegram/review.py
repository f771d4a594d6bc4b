"""The coordinator's review in Telegram: one card per task with buttons (confirm, drop, edit), a short dialogue
for an edit (the next message is the new value), /xemlai to go on reviewing, /lichsu for the history.

Edits waiting for a value live in the database (corpus.tracking.PendingEdit): any instance takes the answer."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
from zoneinfo import ZoneInfo

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import review
from bot.review import Actor, ReviewCard
from bot.services import Services
from bot.telegram import desk_render, handlers
from bot.telegram.access import admin_only, answer_query, gate_of, refuse, services_of, settings_of
from bot.telegram.callbacks import ids_of, who_did
from bot.telegram.render import MSG
from bot.telegram.replies import reply_html, send_html
from corpus.errors import NotFound

log = logging.getLogger(__name__)


def actor_of(update: Update) -> Actor:
    user = update.effective_user
    return Actor(user.id if user else None, who_did(update))


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


# ------------------------------------------------------------------ services (no Telegram)


def first_card(services: Services, document_id: int | None) -> ReviewCard | None:
    with services.sessions() as session:
        return review.next_card(session, document_id)


def _decide(services: Services, task_id: int, state: str, actor: Actor) -> tuple[ReviewCard, ReviewCard | None]:
    """Confirm or drop one task; (the task's card, the next card of its document)."""
    with services.sessions() as session, session.begin():
        review.set_review(session, task_id, state, actor, _now())
        done = review.card(session, task_id)
        return done, review.next_card(session, done.document_id)


def _confirm_all(services: Services, document_id: int, actor: Actor) -> tuple[int, str]:
    from corpus import models as m

    with services.sessions() as session, session.begin():
        doc = session.get(m.Document, document_id)
        if doc is None:
            raise NotFound("Không tìm thấy văn bản này (có thể đã được thu hồi).")
        return review.confirm_all(session, document_id, actor, _now()), review.document_label(doc)


def _ask(services: Services, chat_id: int, user_id: int, task_id: int, field: str) -> ReviewCard:
    with services.sessions() as session, session.begin():
        review.ask_edit(session, chat_id, user_id, task_id, field, _now())
        return review.card(session, task_id)


def _waiting(services: Services, chat_id: int, user_id: int) -> tuple[int, str] | None:
    with services.sessions() as session, session.begin():
        return review.waiting_edit(session, chat_id, user_id, _now())


def _apply(services: Services, chat_id: int, user_id: int, task_id: int, field: str, text: str,
           actor: Actor) -> tuple[str, str, ReviewCard]:
    """Apply the typed value (a UserError changes nothing and keeps the edit waiting)."""
    with services.sessions() as session, session.begin():
        old, new = review.edit(session, services.knowledge.registry, task_id, field, text, actor, _now())
        review.end_edit(session, chat_id, user_id)
        return old, new, review.card(session, task_id)


def _end(services: Services, chat_id: int, user_id: int) -> bool:
    with services.sessions() as session, session.begin():
        return review.end_edit(session, chat_id, user_id)


def _history(services: Services, ref: str, tz: ZoneInfo) -> str:
    from bot.documents import find_document

    with services.sessions() as session:
        if ref.startswith("#") and ref[1:].isdigit():
            lines = review.history(session, task_id=int(ref[1:]))
            scope = f"nhiệm vụ {ref}"
        elif ref:
            doc = find_document(session, ref)
            lines, scope = review.history(session, document_id=doc.id), review.document_label(doc)
        else:
            lines, scope = review.history(session), "mọi văn bản"
    return desk_render.history_html(lines, tz, scope)


def _document_id(services: Services, ref: str) -> int | None:
    from bot.documents import find_document

    if not ref:
        return None
    with services.sessions() as session:
        return find_document(session, ref).id


# ------------------------------------------------------------------ Telegram adapters


async def send_card(update: Update, c: ReviewCard | None, *, document: str | None = None) -> None:
    """The next card to review, or the news that none is left."""
    if c is None:
        await reply_html(update, desk_render.review_finished_html(document))
        return
    await reply_html(update, desk_render.card_html(c), desk_render.card_keyboard(c))


@admin_only
async def review_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/xemlai [số văn bản|tệp]: the next task waiting for review."""
    ref = handlers.command_rest(update.effective_message)
    services = services_of(context)
    document_id = await asyncio.to_thread(_document_id, services, ref)
    await send_card(update, await asyncio.to_thread(first_card, services, document_id), document=ref or None)


@admin_only
async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rv:ok|drop|due|unit|to:<task_id>, rv:all:<document_id>."""
    query = update.callback_query
    assert query is not None
    action = (query.data or "").split(":")[1]
    ids = ids_of(":".join((query.data or "").split(":")[1:]), 1)
    if ids is None:
        await refuse(update, MSG["stale_button"])
        return
    services, actor = services_of(context), actor_of(update)
    if action in desk_render.FIELD_CODES:
        field = desk_render.FIELD_CODES[action]
        chat, user = update.effective_chat, update.effective_user
        assert chat is not None and user is not None
        c = await asyncio.to_thread(_ask, services, chat.id, user.id, ids[0], field)
        await answer_query(update)
        await send_html(context.bot, chat.id, desk_render.prompt_html(c, field))
        return
    if action == "all":
        count, label = await asyncio.to_thread(_confirm_all, services, ids[0], actor)
        await answer_query(update, f"Đã xác nhận {count} nhiệm vụ.")
        await _drop_buttons(update)
        await reply_html(update, desk_render.all_confirmed_html(count, label))
        return
    state = "confirmed" if action == "ok" else "dropped"
    done, following = await asyncio.to_thread(_decide, services, ids[0], state, actor)
    await answer_query(update, "Đã xác nhận." if state == "confirmed" else "Đã bỏ.")
    await _edit_card(update, desk_render.decided_html(done, state))
    await send_card(update, following, document=done.document)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A coordinator's text: the value of an edit they started, else a question as usual."""
    user, chat = update.effective_user, update.effective_chat
    message = update.effective_message
    if user is None or chat is None or message is None or not gate_of(context).is_admin(user.id):
        await handlers.ask_text(update, context)
        return
    services = services_of(context)
    waiting = await asyncio.to_thread(_waiting, services, chat.id, user.id)
    if waiting is None:
        await handlers.ask_text(update, context)
        return
    task_id, field = waiting
    old, new, c = await asyncio.to_thread(_apply, services, chat.id, user.id, task_id, field, message.text or "",
                                          actor_of(update))
    await reply_html(update, desk_render.edited_html(task_id, field, old, new))
    await reply_html(update, desk_render.card_html(c), desk_render.card_keyboard(c))


@admin_only
async def cancel_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/huy: stop the edit this coordinator started here."""
    user, chat = update.effective_user, update.effective_chat
    assert user is not None and chat is not None
    ended = await asyncio.to_thread(_end, services_of(context), chat.id, user.id)
    await reply_html(update, "Đã thôi sửa." if ended else "Không có việc sửa nào đang chờ.")


async def history_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/lichsu [số văn bản|tệp|#id nhiệm vụ]: who changed what (coordinators)."""
    gate = gate_of(context)
    if not gate.may_coordinate(await gate.caller(update)):
        await refuse(update, MSG["admin_only"])
        return
    ref = handlers.command_rest(update.effective_message)
    tz = ZoneInfo(settings_of(context).timezone)
    await reply_html(update, await asyncio.to_thread(_history, services_of(context), ref, tz))


async def _edit_card(update: Update, html: str) -> None:
    """Replace a decided card's text (its buttons go), best effort."""
    try:
        await update.callback_query.edit_message_text(html, parse_mode="HTML")  # type: ignore[union-attr]
    except TelegramError as exc:
        log.info("could not edit a review card: %s", exc)


async def _drop_buttons(update: Update) -> None:
    try:
        await update.callback_query.edit_message_reply_markup(None)  # type: ignore[union-attr]
    except TelegramError as exc:
        log.info("could not remove the buttons of a review card: %s", exc)

