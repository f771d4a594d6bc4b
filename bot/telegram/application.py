"""The composition root of the Telegram bot: build the Application, register handlers in order, serve."""
from __future__ import annotations

import importlib.util
import logging
import re
from typing import Any
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeChat, Update
from telegram.constants import ParseMode
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    Application,
    BaseHandler,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.reminders.policy import Policy
from bot.services import Services
from bot.settings import Settings
from bot.telegram import callbacks, exports, handlers, membership, registration, review, uploads
from bot.telegram.access import Gate, alert_text, settings_of
from bot.telegram.botapi import explain, file_url
from bot.telegram.limits import ChatOrderedUpdates, rate_limiter
from bot.telegram.render import MSG, esc
from bot.telegram.reporting import CONFLICT_TEXT, ErrorDigest, maybe_delivered
from bot.telegram.sending import schedule_reminders
from corpus.errors import UserError

log = logging.getLogger(__name__)

COMMANDS = (
    ("start", "Giới thiệu trợ lý và cách hỏi"),
    ("help", "Hướng dẫn và câu hỏi mẫu"),
    ("hoi", "Hỏi về văn bản CCHC: hạn, trách nhiệm, tiêu chí"),
    ("han", "Hạn sắp tới của đơn vị (tuần này, tháng này…)"),
    ("viec", "Việc chưa hoàn thành của đơn vị"),
    ("tieuchi", "Tiêu chí CCHC và đơn vị phụ trách"),
    ("tim", "Tìm trong các văn bản"),
    ("dangky", "Liên kết cuộc trò chuyện với đơn vị"),
    ("donvi", "Đơn vị của cuộc trò chuyện này"),
    ("huydangky", "Hủy liên kết với đơn vị"),
    ("lich", "Lịch hạn của đơn vị (tệp .ics)"),
)
ADMIN_COMMANDS = (
    ("duyet", "Duyệt yêu cầu liên kết đơn vị"),
    ("thongke", "Thống kê văn bản, nhiệm vụ, đơn vị"),
    ("tiendo", "Tiến độ các đơn vị theo văn bản hoặc kỳ"),
    ("xemlai", "Xem lại nhiệm vụ chờ xác nhận"),
    ("lichsu", "Lịch sử sửa hạn, đơn vị, xác nhận"),
    ("xuat", "Xuất nhiệm vụ và tiến độ ra Excel"),
    ("thuhoi", "Thu hồi một văn bản"),
)
_SECRET = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def build_application(settings: Settings, services: Services) -> Application:
    """The bot: rate limiter with bounded retries, handlers in order, one error handler; nothing started."""
    if settings.telegram_token is None:
        raise UserError("Chưa đặt CCHC_TELEGRAM_TOKEN (lấy từ @BotFather).")
    builder = (Application.builder().token(settings.telegram_token.get_secret_value())
               .rate_limiter(rate_limiter()).concurrent_updates(ChatOrderedUpdates()).post_init(post_init)
               .read_timeout(settings.telegram_timeout).write_timeout(settings.telegram_timeout))
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url).base_file_url(file_url(settings.telegram_base_url))
    app = builder.build()
    app.bot_data.update(settings=settings, services=services, gate=Gate(settings, services),
                        policy=Policy.from_settings(settings), errors=ErrorDigest())
    app.add_handlers(handlers_in_order())
    app.add_error_handler(on_error)
    return app


def handlers_in_order() -> list[BaseHandler[Any, Any, Any]]:
    """Every handler, in the order PTB tries them."""
    new = filters.UpdateType.MESSAGE  # edited messages are not answered twice
    media = (filters.Sticker.ALL | filters.PHOTO | filters.VIDEO | filters.VOICE | filters.AUDIO
             | filters.ANIMATION | filters.VIDEO_NOTE | filters.LOCATION | filters.CONTACT)
    return [
        ChatMemberHandler(membership.on_member_update, ChatMemberHandler.CHAT_MEMBER),
        MessageHandler(filters.StatusUpdate.LEFT_CHAT_MEMBER | filters.StatusUpdate.NEW_CHAT_MEMBERS,
                       membership.on_service_message),
        CommandHandler(("start", "help"), handlers.start, filters=new),
        CommandHandler("hoi", handlers.ask_command, filters=new),
        CommandHandler("han", handlers.deadlines, filters=new),
        CommandHandler("viec", handlers.open_tasks, filters=new),
        CommandHandler("tieuchi", handlers.criteria, filters=new),
        CommandHandler("tim", handlers.search, filters=new),
        CommandHandler("dangky", registration.register, filters=new),
        CommandHandler("donvi", registration.show_unit, filters=new),
        CommandHandler("huydangky", registration.unregister, filters=new),
        CommandHandler("duyet", registration.pending, filters=new),
        CommandHandler("thongke", handlers.statistics, filters=new),
        CommandHandler("tiendo", handlers.progress, filters=new),
        CommandHandler("xemlai", review.review_command, filters=new),
        CommandHandler("lichsu", review.history_command, filters=new),
        CommandHandler("huy", review.cancel_command, filters=new),
        CommandHandler("xuat", exports.export_command, filters=new),
        CommandHandler("lich", exports.calendar_command, filters=new),
        CommandHandler("thuhoi", uploads.withdraw_command, filters=new),
        CallbackQueryHandler(callbacks.source, pattern=r"^src:\d{1,10}$"),
        CallbackQueryHandler(callbacks.done, pattern=r"^done:\d{1,10}:\d{1,10}$"),
        CallbackQueryHandler(callbacks.snooze, pattern=r"^snooze:\d{1,10}$"),
        CallbackQueryHandler(callbacks.undo, pattern=r"^undo:\d{1,10}$"),
        CallbackQueryHandler(registration.decide, pattern=r"^link:(ok|no):\d{1,10}$"),
        CallbackQueryHandler(uploads.on_save, pattern=r"^save:[\w-]{1,32}$"),
        CallbackQueryHandler(uploads.on_cancel, pattern=r"^cancel:[\w-]{1,32}$"),
        CallbackQueryHandler(review.on_button, pattern=r"^rv:(ok|drop|due|unit|to|all):\d{1,10}$"),
        CallbackQueryHandler(uploads.on_withdraw, pattern=r"^wd:(ok|no):\d{1,10}$"),
        CallbackQueryHandler(callbacks.stale),
        MessageHandler(new & filters.Document.ALL, uploads.on_document),
        MessageHandler(new & filters.TEXT & ~filters.COMMAND, review.on_text),  # an edit's value, else a question
        MessageHandler(new & filters.COMMAND, handlers.unknown_command),
        MessageHandler(new & media, handlers.unsupported),
    ]


async def post_init(app: Application) -> None:
    """Run by run_polling/run_webhook before the first update: commands menu and the reminder job."""
    await set_commands(app)
    if app.job_queue is not None:
        schedule_reminders(app.job_queue)


async def set_commands(app: Application) -> None:
    """The Vietnamese command menu; admins also see their commands in their private chats."""
    await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])
    settings: Settings = app.bot_data["settings"]
    for admin in settings.admin_ids:
        try:
            await app.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS + ADMIN_COMMANDS],
                                          scope=BotCommandScopeChat(admin))
        except TelegramError as exc:  # an admin who never opened a chat with the bot
            log.warning("could not set the admin commands for %s: %s", admin, exc)


# ------------------------------------------------------------------ errors


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The one error handler: a user error is shown; anything else is logged, apologised for, reported —
    the same error at most once per 10 minutes (with a count), a 409 Conflict once with what it means."""
    error = context.error
    if isinstance(error, UserError):
        await _tell_user(update, esc(error.message))
        return
    digest: ErrorDigest = context.bot_data.setdefault("errors", ErrorDigest())
    held = digest.admit(error) if error is not None else 0
    if isinstance(error, Conflict):
        if held is not None:
            log.warning("409 Conflict: another instance is polling with this token (%s)", error)
    elif held is not None:
        log.error("error while handling %s", describe(update), exc_info=error)
    else:
        log.info("error while handling %s (reported before): %s", describe(update), error)
    # a blocked chat: nobody to apologise to
    if not isinstance(error, Forbidden) and not (error is not None and maybe_delivered(error)):
        await _tell_user(update, MSG["apology"])
    admin_chat = settings_of(context).admin_chat_id
    if admin_chat is None or held is None:
        return
    if isinstance(error, Conflict):
        text = CONFLICT_TEXT
    else:
        again = f"\n(Lỗi này đã lặp lại {held} lần từ lần báo trước.)" if held else ""
        text = (f"⚠️ Lỗi <code>{esc(type(error).__name__)}</code>: {esc(str(error)[:500])}\n"
                f"Khi xử lý: {esc(describe(update))}{again}")
    try:
        await context.bot.send_message(admin_chat, text, parse_mode=ParseMode.HTML)
    except TelegramError as exc:
        log.warning("could not report the error to the admin chat %s: %s", admin_chat, exc)


async def _tell_user(update: object, html: str) -> None:
    """Best effort: a failure here is logged, never raised."""
    if not isinstance(update, Update) or update.effective_chat is None:
        return
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(alert_text(html), show_alert=True)
        else:
            await update.get_bot().send_message(update.effective_chat.id, html, parse_mode=ParseMode.HTML)
    except TelegramError as exc:
        log.warning("could not tell chat %s about an error: %s", update.effective_chat.id, exc)


def describe(update: object) -> str:
    """A short, log-safe description of an update."""
    if not isinstance(update, Update):
        return "một tác vụ nền" if update is None else type(update).__name__
    chat, user = update.effective_chat, update.effective_user
    message = update.effective_message
    what = (update.callback_query.data if update.callback_query else None) or (message.text if message else None)
    return f"chat {chat.id if chat else '?'}, user {user.id if user else '?'}: {(what or '')[:200]!r}"


# ------------------------------------------------------------------ serving


def serve(settings: Settings, services: Services, *, webhook: bool = False) -> None:
    """Run the bot until stopped: long polling by default, a webhook (with a secret token) for several instances.

    A refused token or a network that fails at start is a UserError (one Vietnamese sentence)."""
    logging.getLogger("httpx").setLevel(logging.WARNING)  # its INFO lines carry the token in URLs
    if webhook:
        check_webhook(settings)
    app = build_application(settings, services)
    try:
        if not webhook:
            app.run_polling(allowed_updates=Update.ALL_TYPES, drop_pending_updates=False)
            return
        assert settings.webhook_url is not None and settings.webhook_secret is not None
        app.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port,
                        url_path=urlsplit(settings.webhook_url).path.lstrip("/"), webhook_url=settings.webhook_url,
                        secret_token=settings.webhook_secret.get_secret_value(), allowed_updates=Update.ALL_TYPES,
                        drop_pending_updates=False)
    except (InvalidToken, NetworkError) as exc:
        raise explain(exc, settings) from None


def check_webhook(settings: Settings) -> None:
    """Fail fast, in Vietnamese, when webhook mode is not configured or not installed."""
    if not settings.webhook_url or not settings.webhook_url.startswith("https://"):
        raise UserError("Chế độ webhook cần CCHC_WEBHOOK_URL dạng https://tên-miền/đường-dẫn.")
    secret = settings.webhook_secret.get_secret_value() if settings.webhook_secret else ""
    if not _SECRET.match(secret):
        raise UserError("Chế độ webhook cần CCHC_WEBHOOK_SECRET: 1–256 ký tự chữ không dấu, số, '_' hoặc '-'.")
    if importlib.util.find_spec("tornado") is None:
        raise UserError("Chế độ webhook cần gói python-telegram-bot[webhooks] "
                        "(pip install 'python-telegram-bot[webhooks]==22.8').")
