"""Coordinator uploads: a directive file → a dry-run preview with 'Lưu' / 'Hủy' → stored and indexed on 'Lưu'."""
from __future__ import annotations

import asyncio
import secrets
import time
from dataclasses import dataclass, field

from sqlalchemy import select
from telegram import Update
from telegram.ext import ContextTypes

from bot.services import Services
from bot.telegram import render
from bot.telegram.access import admin_only, gate_of, refuse, services_of, settings_of
from bot.telegram.render import MSG, esc
from bot.telegram.replies import reply_html
from corpus import models as m
from corpus.errors import UserError
from corpus.reading import format_size, read_bytes
from corpus.store import IngestResult, PreparedDocument, learn_localities, prepare, store

PENDING_TTL = 3600.0  # seconds a preview waits for 'Lưu'
PENDING_MAX = 20


@dataclass
class PendingUploads:
    """Previews waiting for 'Lưu', in memory, keyed by a short token carried in the callback data."""

    ttl: float = PENDING_TTL
    max_items: int = PENDING_MAX
    _items: dict[str, tuple[float, PreparedDocument]] = field(default_factory=dict)

    def put(self, prepared: PreparedDocument, now: float | None = None) -> str:
        """Keep a preview; return its token."""
        now = time.monotonic() if now is None else now
        self._items = {k: v for k, v in self._items.items() if now - v[0] < self.ttl}
        while len(self._items) >= self.max_items:
            self._items.pop(next(iter(self._items)))
        token = secrets.token_urlsafe(6)
        self._items[token] = (now, prepared)
        return token

    def get(self, token: str, now: float | None = None) -> PreparedDocument | None:
        """The preview for a token, unless expired or gone."""
        now = time.monotonic() if now is None else now
        item = self._items.get(token)
        return item[1] if item and now - item[0] < self.ttl else None

    def discard(self, token: str) -> None:
        self._items.pop(token, None)


def uploads_of(context: ContextTypes.DEFAULT_TYPE) -> PendingUploads:
    return context.bot_data["uploads"]  # type: ignore[no-any-return]


# ------------------------------------------------------------------ services (no Telegram)


def preview(services: Services, data: bytes, file_name: str, *,
            max_bytes: int) -> tuple[PreparedDocument, str | None]:
    """Read and understand a file without storing it; also the title of a stored file of the same name."""
    raw = read_bytes(data, file_name, max_bytes=max_bytes)
    with services.sessions() as session:
        learn_localities(session, services.knowledge.gazetteer)
        existing = session.scalar(select(m.Document).where(m.Document.file_name == raw.file_name))
        replaces = existing.title() if existing is not None and existing.sha256 != raw.sha256 else None
    return prepare(raw, services.knowledge), replaces


def save(services: Services, prepared: PreparedDocument) -> IngestResult:
    """Store a previewed document (one transaction), then update the search index and the answers' cache."""
    with services.sessions() as session, session.begin():
        existing = session.scalar(select(m.Document).where(m.Document.file_name == prepared.raw.file_name))
        if existing is not None and existing.sha256 == prepared.raw.sha256:
            return IngestResult(prepared.raw.file_name, "unchanged", existing.id)
        result = store(session, prepared)
    with services.sessions() as session:
        services.index.update_documents(session, [result.document_id])
    services.answers.refresh()  # its task catalogue is cached
    return result


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
        prepared, replaces = await asyncio.to_thread(preview, services_of(context), data, name, max_bytes=limit)
    except UserError as exc:
        await reply_html(update, esc(exc.message))
        return
    token = uploads_of(context).put(prepared)
    await reply_html(update, render.preview_html(prepared, replaces=replaces), render.upload_keyboard(token))


@admin_only
async def on_save(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Lưu' (save:<token>): store and index the previewed document."""
    query = update.callback_query
    assert query is not None
    token = (query.data or "").partition(":")[2]
    uploads = uploads_of(context)
    prepared = uploads.get(token)
    if prepared is None:
        await refuse(update, MSG["upload_gone"])
        return
    uploads.discard(token)  # a second press must not store twice
    await query.answer("Đang lưu…")
    await query.edit_message_reply_markup(None)
    result = await asyncio.to_thread(save, services_of(context), prepared)
    await reply_html(update, render.saved_html(result))


@admin_only
async def on_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'Hủy' (cancel:<token>): forget the preview."""
    query = update.callback_query
    assert query is not None
    uploads_of(context).discard((query.data or "").partition(":")[2])
    await query.answer()
    await query.edit_message_reply_markup(None)
    await reply_html(update, MSG["upload_cancelled"])
