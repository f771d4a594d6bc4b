"""Talking to the Bot API outside the running application: a bot from the settings, and what its failures mean.

Used by `cchc remind --once` (send through Telegram, never pretend) and by `cchc serve` before the
first update (a refused token or no network is one Vietnamese sentence, not a traceback).
"""
from __future__ import annotations

import asyncio
from typing import Any
from urllib.parse import urlsplit

from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import ExtBot
from telegram.request import HTTPXRequest

from bot.services import ServiceUnavailable
from bot.settings import Settings
from bot.telegram.limits import rate_limiter
from corpus.errors import UserError

TELEGRAM = "https://api.telegram.org/bot"


def file_url(base_url: str) -> str:
    """'http://host/bot' → 'http://host/file/bot' (the Bot API serves files under /file/)."""
    head, sep, tail = base_url.rstrip("/").rpartition("/")
    return f"{head}/file/{tail}" if sep else base_url


def make_bot(settings: Settings) -> ExtBot[Any]:
    """A bot for the configured token and server, with the same rate limiter as the application."""
    if settings.telegram_token is None:
        raise UserError("Chưa đặt CCHC_TELEGRAM_TOKEN (lấy từ @BotFather), nên không gửi được tin nhắn qua Telegram.")
    token = settings.telegram_token.get_secret_value()
    request = HTTPXRequest(read_timeout=settings.telegram_timeout, write_timeout=settings.telegram_timeout)
    if settings.telegram_base_url:
        return ExtBot(token, base_url=settings.telegram_base_url, base_file_url=file_url(settings.telegram_base_url),
                      rate_limiter=rate_limiter(), request=request)
    return ExtBot(token, rate_limiter=rate_limiter(), request=request)


def server_of(settings: Settings) -> str:
    """The Bot API server as an operator knows it (host and port, never the token)."""
    url = urlsplit(settings.telegram_base_url or TELEGRAM)
    return url.netloc or url.path


def explain(exc: TelegramError, settings: Settings) -> ServiceUnavailable:
    """A Telegram failure at start as one Vietnamese sentence."""
    if isinstance(exc, InvalidToken):
        return ServiceUnavailable("Telegram từ chối token trong CCHC_TELEGRAM_TOKEN (sai hoặc đã bị thu hồi); "
                                  "hãy lấy lại token từ @BotFather.")
    if isinstance(exc, TimedOut):
        return ServiceUnavailable(f"Máy chủ Telegram ({server_of(settings)}) không trả lời kịp; "
                                  "hãy kiểm tra kết nối mạng rồi chạy lại.")
    if isinstance(exc, NetworkError):
        return ServiceUnavailable(f"Không kết nối được tới máy chủ Telegram ({server_of(settings)}); "
                                  "hãy kiểm tra kết nối mạng, tường lửa hoặc proxy rồi chạy lại.")
    return ServiceUnavailable(f"Telegram báo lỗi khi khởi động: {exc}.")


async def who_am_i(settings: Settings) -> str:
    """The bot's username (one getMe), or the Vietnamese reason it cannot be reached."""
    try:
        async with make_bot(settings) as bot:
            return bot.username
    except TelegramError as exc:
        raise explain(exc, settings) from None


def check_token(settings: Settings) -> str:
    """Fail fast, before any slow start-up work, when Telegram refuses the token or cannot be reached."""
    return asyncio.run(who_am_i(settings))
