"""Button presses whose answer Telegram refuses ("query is too old") still do what they say."""
from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from telegram.ext import Application

from bot.services import Services
from bot.settings import Settings
from bot.telegram.application import build_application
from corpus.tracking import ChatLink, TaskStatus
from tests.bot.conftest import ADMIN, ADMIN_CHAT, OFFICER
from tests.bot.fakebotapi import FakeBotAPI
from tests.bot.steps import buttons, link_chat, process
from tests.bot.test_e2e import directive_docx

GROUP = -100200
TOO_OLD = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@pytest.fixture
async def app(bot_settings: Settings, bot_services: Services) -> AsyncIterator[Application]:
    async with build_application(bot_settings, bot_services) as application:
        yield application


async def test_save_runs_when_the_answer_is_refused(app: Application, fake_api: FakeBotAPI,
                                                    bot_services: Services) -> None:
    await process(app, fake_api.push_document(ADMIN, "cv99.docx", directive_docx()))
    preview = fake_api.sent[-1]
    (_, save), _ = buttons(preview)
    fake_api.fail("answerCallbackQuery", description=TOO_OLD)
    fake_api.fail("editMessageReplyMarkup", description="Bad Request: message to edit not found")
    await process(app, fake_api.push_callback(ADMIN, ADMIN, save, message_id=preview["message_id"]))
    assert bot_services.document_count() == 6, "«Lưu» stored the document"
    assert fake_api.texts(ADMIN)[-2].startswith("✅ Đã lưu «cv99.docx»")  # then the first review card
    assert fake_api.texts(ADMIN_CHAT) == [], "not an error"


async def test_approval_runs_and_the_chat_is_told_when_the_answer_is_refused(
        app: Application, fake_api: FakeBotAPI, bot_services: Services) -> None:
    await process(app, fake_api.push_text(GROUP, "/dangky Phòng Nội vụ Vĩnh Linh", user_id=OFFICER))
    request = next(m for m in fake_api.sent if m["chat_id"] == ADMIN)
    (_, approve), _ = buttons(request)
    fake_api.fail("answerCallbackQuery", description=TOO_OLD)
    fake_api.fail("editMessageText", description="Bad Request: message to edit not found")
    await process(app, fake_api.push_callback(ADMIN, ADMIN, approve, message_id=request["message_id"]))
    with bot_services.sessions() as s:
        assert s.scalar(select(ChatLink.status).where(ChatLink.chat_id == GROUP)) == "approved"
    assert "Quản trị viên đã duyệt" in fake_api.texts(GROUP)[-1]
    assert fake_api.texts(ADMIN)[-1].startswith("✅ Đã duyệt bởi")
    assert fake_api.texts(ADMIN_CHAT)[1:] == [], "only the request itself reached the admin chat"


async def test_done_and_snooze_run_when_the_answer_is_refused(app: Application, fake_api: FakeBotAPI,
                                                              bot_services: Services) -> None:
    unit = link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    await process(app, fake_api.push_text(GROUP, "/viec", user_id=OFFICER))
    _, done = buttons(fake_api.sent[-1])[0]
    fake_api.fail("answerCallbackQuery", 2, description=TOO_OLD)
    await process(app, fake_api.push_callback(GROUP, OFFICER, done, message_id=fake_api.sent[-1]["message_id"]))
    task_id = int(done.split(":")[1])
    with bot_services.sessions() as s:
        state = s.scalar(select(TaskStatus.state).where(TaskStatus.task_id == task_id, TaskStatus.unit_id == unit.id))
    assert state == "done"
    assert fake_api.texts(GROUP)[-1].startswith("✅ Đã ghi nhận: <b>Phòng Nội vụ</b>")
    await process(app, fake_api.push_callback(GROUP, OFFICER, done, message_id=1))
    assert fake_api.texts(GROUP)[-1] == "Việc này đã được đánh dấu hoàn thành trước đó.", "said in the chat instead"
    assert fake_api.texts(ADMIN_CHAT) == []
