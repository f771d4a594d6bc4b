"""Errors reach people once (409 Conflict explained once, the same error once per 10 minutes with a count), and
one chat's 429 does not hold up the others."""
from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator

import pytest
from telegram.ext import Application

from bot.services import Services
from bot.settings import Settings
from bot.telegram.application import build_application
from bot.telegram.reporting import REPORT_WINDOW
from tests.bot.conftest import ADMIN_CHAT
from tests.bot.fakebotapi import FakeBotAPI, polling

CONFLICT = "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"
SLOW, QUICK = 42, 43


@contextlib.asynccontextmanager
async def polling_like_run_polling(app: Application) -> AsyncIterator[Application]:
    """Poll the fake server as Application.run_polling does: errors of getUpdates go to the error handler."""
    await app.initialize()
    try:
        await app.start()
        await app.updater.start_polling(poll_interval=0.0, timeout=1, error_callback=lambda exc: app.create_task(
            app.process_error(error=exc, update=None)))
        yield app
    finally:
        if app.updater.running:
            await app.updater.stop()
        if app.running:
            await app.stop()
        await app.shutdown()


@pytest.mark.slow
async def test_a_409_conflict_is_explained_once(bot_settings: Settings, bot_services: Services,
                                                fake_api: FakeBotAPI) -> None:
    fake_api.fail("getUpdates", 3, code=409, description=CONFLICT)
    async with polling_like_run_polling(build_application(bot_settings, bot_services)):
        await fake_api.wait_calls("getUpdates", 4, timeout=30)  # three conflicts, then polling works again
        fake_api.push_text(SLOW, "/start")
        await fake_api.wait_sent(2, timeout=20)
    [report] = fake_api.texts(ADMIN_CHAT)
    assert "Một phiên bản khác của bot đang nhận tin nhắn bằng cùng token" in report and "--webhook" in report
    assert "Trợ lý CCHC" in fake_api.texts(SLOW)[0]


async def test_the_same_error_is_reported_once_per_window_with_a_count(bot_settings: Settings,
                                                                       bot_services: Services,
                                                                       fake_api: FakeBotAPI) -> None:
    now = [1000.0]
    async with build_application(bot_settings, bot_services) as app:
        app.bot_data["errors"].clock = lambda: now[0]
        for n in range(3):
            await app.process_error(update=None, error=RuntimeError(f"database gone away (attempt {n})"))
        await app.process_error(update=None, error=ValueError("another kind"))
        now[0] += REPORT_WINDOW + 1
        await app.process_error(update=None, error=RuntimeError("database gone away (attempt 9)"))
    first, other, later = fake_api.texts(ADMIN_CHAT)
    assert "RuntimeError" in first and "lặp lại" not in first and "ValueError" in other
    assert "RuntimeError" in later and "Lỗi này đã lặp lại 2 lần từ lần báo trước." in later


async def test_a_429_on_one_chat_does_not_hold_up_another(bot_settings: Settings, bot_services: Services,
                                                          fake_api: FakeBotAPI) -> None:
    fake_api.flood(1, chat_id=SLOW)  # Telegram asks this chat to wait a second
    async with polling(build_application(bot_settings, bot_services)):
        fake_api.push_text(SLOW, "/start")
        await fake_api.wait_calls("sendMessage", 1, timeout=20)  # the 429 for SLOW
        fake_api.push_text(QUICK, "/start")
        sent = await fake_api.wait_sent(2, timeout=20)
    assert [m["chat_id"] for m in sent] == [QUICK, SLOW], "the other chat was answered while SLOW waited"
    assert fake_api.texts(ADMIN_CHAT) == []


async def test_one_chat_is_still_answered_in_order(bot_settings: Settings, bot_services: Services,
                                                   fake_api: FakeBotAPI) -> None:
    async with polling(build_application(bot_settings, bot_services)):
        for text in ("/start", "/khongco", "/help"):
            fake_api.push_text(SLOW, text)
        sent = await fake_api.wait_sent(3, timeout=20)
    assert [("Trợ lý CCHC" in m["text"], "Không có lệnh" in m["text"]) for m in sent] == \
        [(True, False), (False, True), (True, False)]
