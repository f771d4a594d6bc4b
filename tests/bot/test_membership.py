"""Rights come from Telegram's membership: a member of a unit's group acts for it privately only while in the group."""
from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator, Callable

import pytest
from sqlalchemy import select, update
from telegram.ext import Application

from bot.services import Services
from bot.settings import Settings
from bot.telegram.application import build_application
from corpus.tracking import ChatMember, TaskStatus
from tests.bot.conftest import ADMIN_CHAT, OFFICER
from tests.bot.fakebotapi import FakeBotAPI, polling
from tests.bot.steps import buttons, link_chat

GROUP = -100200
NO_UNIT = "chưa liên kết với đơn vị nào"


@pytest.fixture
async def app(bot_settings: Settings, bot_services: Services) -> AsyncIterator[Application]:
    link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    async with polling(build_application(bot_settings, bot_services)) as running:
        yield running


async def say(api: FakeBotAPI, chat_id: int, text: str, user_id: int = OFFICER) -> dict:
    before = len(api.sent)
    api.push_text(chat_id, text, user_id=user_id)
    return (await api.wait_sent(before + 1, timeout=20))[before]


async def press(api: FakeBotAPI, chat_id: int, data: str, user_id: int = OFFICER, replies: int = 0) -> dict:
    answered, before = len(api.calls("answerCallbackQuery")), len(api.sent)
    api.push_callback(chat_id, user_id, data, message_id=1)
    calls = await api.wait_calls("answerCallbackQuery", answered + 1, timeout=20)
    await api.wait_sent(before + replies, timeout=20)
    return calls[answered]


def stored(services: Services) -> str | None:
    """The officer's stored membership of the group."""
    with services.sessions() as s:
        return s.scalar(select(ChatMember.status).where(ChatMember.chat_id == GROUP, ChatMember.user_id == OFFICER))


async def until(done: Callable[[], bool], what: str) -> None:
    """Wait (without blocking the loop) until an update of another chat has been handled."""
    for _ in range(2000):
        if done():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"timed out waiting for {what}")


async def joined(api: FakeBotAPI, services: Services) -> str:
    """The officer writes in the group, then opens /viec privately: returns a 'done' button's data."""
    api.push_text(GROUP, "chào cả nhà", user_id=OFFICER)  # not addressed to the bot: only seen
    await until(lambda: stored(services) == "member", "the group message")
    tasks = await say(api, OFFICER, "/viec")
    assert tasks["text"].startswith("<b>Việc chưa hoàn thành của Phòng Nội vụ"), tasks["text"]
    return buttons(tasks)[0][1]


@pytest.mark.parametrize("leave", ["left", "kicked", "service message"])
async def test_leaving_the_group_ends_the_rights_at_once(app: Application, fake_api: FakeBotAPI,
                                                        bot_services: Services, leave: str) -> None:
    done = await joined(fake_api, bot_services)
    if leave == "service message":
        fake_api.push_left_member(GROUP, OFFICER)
    else:
        fake_api.push_chat_member(GROUP, OFFICER, leave)
    await until(lambda: stored(bot_services) == "left", "the membership update")
    refused = await say(fake_api, OFFICER, "/viec")
    assert NO_UNIT in refused["text"]
    alert = await press(fake_api, OFFICER, done)
    assert alert["show_alert"] and NO_UNIT in alert["text"]
    assert fake_api.texts(ADMIN_CHAT) == []


async def test_a_stale_membership_is_checked_with_telegram(app: Application, fake_api: FakeBotAPI,
                                                           bot_services: Services) -> None:
    await joined(fake_api, bot_services)
    assert fake_api.calls("getChatMember") == [], "fresh: no need to ask"
    with bot_services.sessions() as s, s.begin():  # ten minutes later, and no update came (the bot is no admin)
        s.execute(update(ChatMember).values(checked_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)))
    still = await say(fake_api, OFFICER, "/viec")
    assert still["text"].startswith("<b>Việc chưa hoàn thành") and len(fake_api.calls("getChatMember")) == 1
    with bot_services.sessions() as s, s.begin():
        s.execute(update(ChatMember).values(checked_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10)))
    fake_api.set_member(GROUP, OFFICER, "left")  # removed while the bot was not told
    refused = await say(fake_api, OFFICER, "/viec")
    assert NO_UNIT in refused["text"]
    with bot_services.sessions() as s:
        assert s.scalar(select(ChatMember.status)) == "left"


async def test_membership_survives_a_restart(bot_settings: Settings, bot_services: Services,
                                             fake_api: FakeBotAPI) -> None:
    link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    async with polling(build_application(bot_settings, bot_services)):
        await joined(fake_api, bot_services)
    async with polling(build_application(bot_settings, bot_services)):  # another process, same database
        tasks = await say(fake_api, OFFICER, "/viec")
    assert tasks["text"].startswith("<b>Việc chưa hoàn thành của Phòng Nội vụ")


async def test_done_in_private_tells_the_group_with_an_undo(app: Application, fake_api: FakeBotAPI,
                                                            bot_services: Services) -> None:
    done = await joined(fake_api, bot_services)
    task_id, unit_id = (int(x) for x in done.split(":")[1:])
    answer = await press(fake_api, OFFICER, done, replies=2)
    assert answer["text"] == "Đã ghi nhận hoàn thành."
    [notice] = [m for m in fake_api.sent_to(GROUP) if "trò chuyện riêng" in m["text"]]
    assert "User3001 (@user3001)" in notice["text"] and "Phòng Nội vụ" in notice["text"]
    [(label, undo)] = buttons(notice)
    assert label == "Hoàn tác" and undo.startswith("undo:")

    stranger = await press(fake_api, 77, undo, user_id=77)  # not a member of the unit
    assert stranger["show_alert"]
    undone = await press(fake_api, GROUP, undo, user_id=3002, replies=1)  # another member, in the group
    assert undone["text"] == "Đã hoàn tác." and "đã hoàn tác" in fake_api.texts(GROUP)[-1]
    with bot_services.sessions() as s:
        state = s.scalar(select(TaskStatus.state).where(TaskStatus.task_id == task_id, TaskStatus.unit_id == unit_id))
    assert state == "open"
    again = await press(fake_api, GROUP, undo, user_id=3002)
    assert again["show_alert"] and "không hoàn tác được" in again["text"].lower()
    tasks = await say(fake_api, OFFICER, "/viec")
    assert done in [d for _, d in buttons(tasks)], "the task is open again"
