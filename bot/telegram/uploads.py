"""Coordinator uploads: a directive file → a dry-run preview with 'Lưu' / 'Hủy' → stored and indexed on 'Lưu',
then the review of its tasks (bot.telegram.review) unless CCHC_AUTO_CONFIRM confirms them.

The file waits for 'Lưu' in the database, so the press may reach any instance; storing raises the corpus
version, and every instance brings its index and caches up to date before its next answer."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import secrets

from sqlalchemy import delete, select
from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from bot import ingest
from bot.services import Services
from bot.telegram import render
from bot.telegram.access import admin_only, answer_query, gate_of, refuse, services_of, settings_of
from bot.telegram.render import MSG, esc
from bot.telegram.replies import reply_html
from bot.telegram.review import first_card, send_card
from corpus.db import rows_changed
from corpus.errors import UserError
from corpus.reading import format_size
from corpus.tracking import PendingUpload

log = logging.getLogger(__name__)
PENDING_TTL = dt.timedelta(hours=1)  # how long a preview waits for 'Lưu'
PENDING_MAX = 20


def keep_pending(services: Services, file_name: str, data: bytes, user_id: int | None,
                 now: dt.datetime | None = None) -> str:
    """Keep a previewed file until 'Lưu' (in the database: any instance may get the press); return its token.

    At most PENDING_MAX wait, each for PENDING_TTL; older ones are dropped."""
    now = now or dt.datetime.now(dt.UTC)
    token = secrets.token_urlsafe(6)
    with services.sessions() as session, session.begin():
        session.execute(delete(PendingUpload).where(PendingUpload.created_at < now - PENDING_TTL))
        kept = list(session.scalars(select(PendingUpload.token).order_by(PendingUpload.created_at.desc())
                                    .offset(PENDING_MAX - 1)))
        if kept:
            session.execute(delete(PendingUpload).where(PendingUpload.token.in_(kept)))
        session.add(PendingUpload(token=token, file_name=file_name, data=data, user_id=user_id, created_at=now))
    return token


def take_pending(services: Services, token: str, now: dt.datetime | None = None) -> tuple[str, bytes] | None:
    """The file waiting under a token, removed so that a second press (on any instance) stores nothing."""
    now = now or dt.datetime.now(dt.UTC)
    with services.sessions() as session, session.begin():
        row = session.get(PendingUpload, token)
        if row is None:
            return None
        found = (row.file_name, bytes(row.data))
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=dt.UTC)
        taken = rows_changed(session, delete(PendingUpload).where(PendingUpload.token == token))
        return found if taken and now - created < PENDING_TTL else None


def drop_pending(services: Services, token: str) -> None:
    with services.sessions() as session, session.begin():
        session.execute(delete(PendingUpload).where(PendingUpload.token == token))


# ------------------------------------------------------------------ Telegram adapters


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file: admins get a preview; others a polite refusal. Nothing is stored here."""
    message, user = update.effective_message, update.effective_user
    assert message is not None and message.document is not None
    if not gate_of(context).is_admin(user.id if user else None):
        await reply_html(update, MSG["coordinator_only"])
        return
    doc, limit = message.document, settings_of(context).max_file_bytes
    name = doc.file_name or "tep_khong_ten"
    if doc.file_size is not None and doc.file_size > limit:
        await reply_html(update, render.too_large_html(name, format_size(doc.file_size), format_size(limit)))
        return
    data = bytes(await (await doc.get_file()).download_as_bytearray())
    try:
        seen = await asyncio.to_thread(ingest.preview, services_of(context), data, name)
    except UserError as exc:
        await reply_html(update, esc(exc.message))
        return
    token = await asyncio.to_thread(keep_pending, services_of(context), name, data, user.id if user else None)
    await reply_html(update, render.preview_html(seen.prepared, replaces=seen.replaces), render.upload_keyboard(token))


@admin_only
async def on_save(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Lưu' (save:<token>): store and index the previewed document."""
    query = update.callback_query
    assert query is not None
    token = (query.data or "").partition(":")[2]
    services = services_of(context)
    pending = await asyncio.to_thread(take_pending, services, token)  # a second press must not store twice
    if pending is None:
        await refuse(update, MSG["upload_gone"])
        return
    await answer_query(update, "Đang lưu…")  # best effort: the document is saved whether or not this succeeds
    await _drop_buttons(update)
    file_name, data = pending
    try:
        result = await asyncio.to_thread(ingest.save_bytes, services, data, file_name)
    except UserError as exc:
        await reply_html(update, esc(exc.message))
        return
    card = await asyncio.to_thread(first_card, services, result.document_id)
    await reply_html(update, render.saved_html(result, card.waiting if card else 0))
    if card is not None:  # the review starts at once: one card per task
        await send_card(update, card)


@admin_only
async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Hủy' (cancel:<token>): forget the preview."""
    query = update.callback_query
    assert query is not None
    await asyncio.to_thread(drop_pending, services_of(context), (query.data or "").partition(":")[2])
    await answer_query(update)
    await _drop_buttons(update)
    await reply_html(update, MSG["upload_cancelled"])


async def _drop_buttons(update: Update) -> None:
    """Take 'Lưu' / 'Hủy' off the preview, best effort (an old or deleted message keeps them; they are stale)."""
    try:
        await update.callback_query.edit_message_reply_markup(None)  # type: ignore[union-attr]
    except TelegramError as exc:
        log.info("could not remove the buttons of a preview: %s", exc)


# ------------------------------------------------------------------ withdrawing a directive


def _describe(services: Services, ref: str) -> tuple[int, str, int]:
    from bot.documents import find_document
    from bot.review import document_label

    with services.sessions() as session:
        doc = find_document(session, ref)
        return doc.id, document_label(doc), len(doc.tasks)


@admin_only
async def withdraw_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thuhoi <số văn bản|tệp>: ask before withdrawing a directive."""
    from bot.telegram.handlers import command_rest

    ref = command_rest(update.effective_message)
    if not ref:
        await reply_html(update, "Hãy ghi số văn bản hoặc tên tệp cần thu hồi, ví dụ: /thuhoi 99/UBND-NV")
        return
    doc_id, label, tasks = await asyncio.to_thread(_describe, services_of(context), ref)
    await reply_html(update, f"Thu hồi <b>{esc(label)}</b>? {tasks} nhiệm vụ và các lời nhắc chưa gửi của văn bản sẽ "
                             "bị xóa; lịch sử (ai xác nhận, sửa, hoàn thành gì) vẫn được giữ.",
                     [[("Thu hồi", f"wd:ok:{doc_id}"), ("Giữ lại", f"wd:no:{doc_id}")]])


@admin_only
async def on_withdraw(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Thu hồi' (wd:ok:<id>) / 'Giữ lại' (wd:no:<id>)."""
    from bot.telegram.review import actor_of

    query = update.callback_query
    assert query is not None
    _, verdict, doc_id = (query.data or "").split(":")
    await answer_query(update)
    await _drop_buttons(update)
    if verdict != "ok":
        await reply_html(update, "Đã giữ lại văn bản, không thay đổi gì.")
        return
    try:
        done = await asyncio.to_thread(services_of(context).withdraw, doc_id, actor_of(update))
    except UserError as exc:
        await reply_html(update, esc(exc.message))
        return
    await reply_html(update, f"✅ Đã thu hồi {esc(done.label)}: {done.tasks} nhiệm vụ, {done.reminders} lời nhắc "
                             "chưa gửi. Lịch sử vẫn xem được bằng /lichsu.")
