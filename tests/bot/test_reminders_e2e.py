"""Reminders end to end: the outbox sends through the real PTB bot to the fake Bot API on 127.0.0.1."""
from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from telegram.ext import Application

from bot import review
from bot.reminders.outbox import dispatch_once, plan_and_enqueue
from bot.reminders.policy import Policy
from bot.review import Actor
from bot.services import Services
from bot.settings import Settings
from bot.telegram.application import build_application
from bot.telegram.sending import TelegramSender
from corpus.tracking import ChatLink
from tests.bot.conftest import OFFICER
from tests.bot.fakebotapi import FakeBotAPI, polling
from tests.bot.steps import buttons, link_chat

VN = ZoneInfo("Asia/Ho_Chi_Minh")
GROUP_TP, GROUP_NV = -100701, -100702
LETTER = """Số: 99/UBND-NV
Gio Linh, ngày 01 tháng 12 năm 2026

V/v báo cáo kết quả CCHC năm 2026

Kính gửi:
- Phòng Tư pháp;
- Phòng Nội vụ.

1. Phòng Tư pháp gửi báo cáo kết quả rà soát văn bản quy phạm pháp luật về UBND huyện (qua Phòng Nội vụ) trước ngày 10/12/2026.

2. Phòng Nội vụ tổng hợp báo cáo kết quả CCHC năm 2026 gửi UBND tỉnh trước ngày 15/12/2026.
"""  # noqa: E501 (a sentence of the document, kept on one line)


@pytest.fixture
async def app(bot_settings: Settings, bot_services: Services, tmp_path: Path) -> AsyncIterator[Application]:
    """The bot polling the fake server, with the Gio Linh letter ingested and both units' groups linked."""
    letter = tmp_path / "gio_linh_bao_cao_cchc.txt"
    letter.write_text(LETTER, encoding="utf-8")
    [read] = bot_services.ingest([letter])  # tasks of a new directive wait for the coordinator's review
    assert read.result is not None
    with bot_services.sessions() as s, s.begin():
        assert review.confirm_all(s, read.result.document_id, Actor(None, "điều phối viên"),
                                  dt.datetime(2026, 12, 1, 9, tzinfo=VN)) == 2
    link_chat(bot_services, GROUP_TP, "Phòng Tư pháp Gio Linh")
    link_chat(bot_services, GROUP_NV, "Phòng Nội vụ Gio Linh")
    async with polling(build_application(bot_settings, bot_services)) as running:
        yield running


async def run_outbox(app: Application, services: Services, when: dt.datetime) -> object:
    """One planning pass and one dispatch, as the bot's repeating job does, at a chosen moment."""
    with services.sessions() as session, session.begin():
        plan_and_enqueue(session, when, Policy.from_settings(services.settings))
    return await dispatch_once(services.sessions, TelegramSender(app.bot), now=when, worker_id="test")


def at(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 12, day, hour, tzinfo=VN)


def task_reminders(api: FakeBotAPI, chat_id: int) -> list[dict]:
    """The reminders of one task sent to a chat (the Monday digest left aside)."""
    return [m for m in api.sent_to(chat_id) if any(d.startswith("done:") for _, d in buttons(m))]


async def test_a_reminder_reaches_the_units_chat_then_done_stops_it(app: Application, bot_services: Services,
                                                                   fake_api: FakeBotAPI) -> None:
    await run_outbox(app, bot_services, at(7))  # Monday 07/12: three days before 10/12
    sent = task_reminders(fake_api, GROUP_TP)
    assert len(sent) == 1
    text = sent[0]["text"]
    assert "rà soát văn bản quy phạm pháp luật" in text and "10/12/2026" in text and "thứ Năm" in text
    labels = dict(buttons(sent[0]))
    assert set(labels) == {"Đã hoàn thành", "Nhắc lại sau"}
    assert all("Phòng Nội vụ tổng hợp" not in m["text"] for m in fake_api.sent_to(GROUP_TP))

    before = len(fake_api.calls("answerCallbackQuery"))
    fake_api.push_callback(GROUP_TP, OFFICER, labels["Đã hoàn thành"], message_id=sent[0]["message_id"])
    await fake_api.wait_calls("answerCallbackQuery", before + 1, timeout=20)

    await run_outbox(app, bot_services, at(9))  # the day before: the Tư pháp task is done, nothing more
    await run_outbox(app, bot_services, at(10))
    assert len(task_reminders(fake_api, GROUP_TP)) == 1, "done stops the next reminders of that unit"
    assert task_reminders(fake_api, GROUP_NV), "the other unit's own task still reminds it"
    digests = [m["text"] for m in fake_api.sent_to(GROUP_NV) if m["text"].startswith("<b>Tổng hợp việc trong tuần")]
    assert len(digests) == 1 and "Ngày 07/12/2026 (thứ Hai)" in digests[0], "the digest on Monday only"


async def test_a_blocked_chat_is_unlinked(app: Application, bot_services: Services, fake_api: FakeBotAPI) -> None:
    fake_api.block_chat(GROUP_NV)
    report = await run_outbox(app, bot_services, at(12))  # Saturday 12/12 → moved to Friday 11/12, sent late
    assert GROUP_NV in report.deactivated
    with bot_services.sessions() as s:
        link = s.scalar(select(ChatLink).where(ChatLink.chat_id == GROUP_NV))
        assert link.status == "inactive"
    assert fake_api.sent_to(GROUP_TP), "the other chat still got its reminder"


async def test_a_429_is_retried_and_the_reminder_delivered(app: Application, bot_services: Services,
                                                           fake_api: FakeBotAPI) -> None:
    fake_api.flood(1, chat_id=GROUP_TP)
    await run_outbox(app, bot_services, at(7))
    if not task_reminders(fake_api, GROUP_TP):  # the rate limiter gave up: the outbox retries on its next pass
        await run_outbox(app, bot_services, at(7) + dt.timedelta(minutes=5))
    assert len(task_reminders(fake_api, GROUP_TP)) == 1
    tries = [p for meth, p in fake_api.all_calls if meth == "sendMessage" and str(p.get("chat_id")) == str(GROUP_TP)]
    assert len(tries) >= len(fake_api.sent_to(GROUP_TP)) + 1, "one send met the 429 and was tried again"
