"""The coordinator's review through the real PTB stack against the fake Bot API: upload, edit a deadline and the
units, confirm, drop; no reminder before confirmation; every change in the audit trail and in /lichsu."""
from __future__ import annotations

import datetime as dt
from collections.abc import AsyncIterator
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from telegram.ext import Application

from bot.reminders.outbox import dispatch_once, plan_and_enqueue
from bot.reminders.policy import Policy
from bot.services import Services
from bot.settings import Settings
from bot.telegram.application import build_application
from bot.telegram.sending import TelegramSender
from corpus import models as m
from corpus.tracking import AuditEntry
from tests.bot.conftest import ADMIN, OFFICER
from tests.bot.fakebotapi import FakeBotAPI, polling
from tests.bot.steps import buttons, link_chat
from tests.bot.test_e2e import directive_docx, press, send, upload

VN = ZoneInfo("Asia/Ho_Chi_Minh")
GROUP_TP = -100801
USER_Q = 4242


@pytest.fixture
async def app(bot_settings: Settings, bot_services: Services) -> AsyncIterator[Application]:
    async with polling(build_application(bot_settings, bot_services)) as running:
        yield running


async def run_outbox(app: Application, services: Services, when: dt.datetime) -> None:
    with services.sessions() as session, session.begin():
        plan_and_enqueue(session, when, Policy.from_settings(services.settings))
    await dispatch_once(services.sessions, TelegramSender(app.bot), now=when, worker_id="test")


def task_reminders(api: FakeBotAPI, chat_id: int) -> list[str]:
    return [msg["text"] for msg in api.sent_to(chat_id) if any(d.startswith("done:") for _, d in buttons(msg))]


def button(msg: dict, label: str) -> str:
    return next(data for text, data in buttons(msg) if text.startswith(label))


async def test_review_confirm_edit_drop_then_reminders_follow_the_review(
        app: Application, fake_api: FakeBotAPI, bot_services: Services) -> None:
    link_chat(bot_services, GROUP_TP, "Phòng Tư pháp Vĩnh Linh")
    [preview] = await upload(fake_api, "cv99.docx", directive_docx())
    (_, save), _ = buttons(preview)
    await press(fake_api, ADMIN, ADMIN, save, preview["message_id"], replies=2)
    saved, first = fake_api.sent[-2:]
    assert "2 nhiệm vụ chờ bạn xác nhận" in saved["text"]
    assert first["text"].startswith("<b>Xem lại nhiệm vụ 1/2</b>") and "Phòng Tư pháp" in first["text"]
    assert "15/12/2026" in first["text"] and "UBND huyện (qua Phòng Nội vụ)" in first["text"]
    assert "«Phòng Tư pháp chủ trì xây dựng báo cáo" in first["text"]

    await run_outbox(app, bot_services, dt.datetime(2026, 12, 8, 9, tzinfo=VN))  # 7 days before 15/12
    assert task_reminders(fake_api, GROUP_TP) == [], "nothing is reminded before the coordinator confirms it"

    # edit the deadline: a wrong date changes nothing, a right one is stored and shown
    await press(fake_api, ADMIN, ADMIN, button(first, "Sửa hạn"), first["message_id"], replies=1)
    assert "Hiện tại: <b>15/12/2026</b>" in fake_api.sent[-1]["text"]
    [refused] = await send(fake_api, ADMIN, "31/02/2026")
    assert "không phải một ngày giờ có thật" in refused["text"]
    edited, card = await send(fake_api, ADMIN, "20/12/2026", replies=2)
    assert "«15/12/2026» → «20/12/2026»" in edited["text"] and "<b>Hạn:</b> 20/12/2026" in card["text"]
    [second] = await press_and_get(fake_api, button(card, "✅ Xác nhận"), card)
    assert "Đã xác nhận" in fake_api.calls("editMessageText")[-1]["text"]
    assert second["text"].startswith("<b>Xem lại nhiệm vụ 2/2</b>") and "UBND các xã, thị trấn" in second["text"]

    # the second task is given to Phòng Tư pháp, then dropped: it must never reach Tư pháp's group
    await press(fake_api, ADMIN, ADMIN, button(second, "Sửa đơn vị"), second["message_id"], replies=1)
    [unknown] = await send(fake_api, ADMIN, "Phòng Không Có Thật")
    assert "Không nhận ra đơn vị «Phòng Không Có Thật»" in unknown["text"]
    _, card2 = await send(fake_api, ADMIN, "Phòng Tư pháp", replies=2)
    assert "<b>Đơn vị:</b> Phòng Tư pháp" in card2["text"]
    [finished] = await press_and_get(fake_api, button(card2, "🗑 Bỏ"), card2)
    assert "Không còn nhiệm vụ nào" in finished["text"]

    await run_outbox(app, bot_services, dt.datetime(2026, 12, 17, 9, tzinfo=VN))  # 3 days before 20/12
    [reminder] = task_reminders(fake_api, GROUP_TP)
    assert "báo cáo kết quả số hóa hồ sơ hộ tịch" in reminder and "20/12/2026" in reminder
    assert "rà soát sổ hộ tịch" not in reminder
    assert not any(msg["text"].startswith("<b>Tổng hợp việc trong tuần") for msg in fake_api.sent_to(GROUP_TP)), \
        "a Thursday sends no weekly digest (it goes out on Mondays only)"

    with bot_services.sessions() as s:
        rows = s.execute(select(AuditEntry.field, AuditEntry.old, AuditEntry.new, AuditEntry.by_user)
                         .order_by(AuditEntry.id)).all()
        states = dict(s.execute(select(m.Task.what, m.Task.review).join(m.Document)
                                .where(m.Document.file_name == "cv99.docx")).all())
    assert rows == [("deadline", "15/12/2026", "20/12/2026", ADMIN), ("review", "pending", "confirmed", ADMIN),
                    ("units", "UBND các xã, thị trấn", "Phòng Tư pháp", ADMIN),
                    ("review", "pending", "dropped", ADMIN)]
    assert sorted(states.values()) == ["confirmed", "dropped"]

    [history] = await send(fake_api, ADMIN, "/lichsu 99/UBND-NV")
    assert history["text"].startswith("<b>Lịch sử thay đổi</b> (Công văn số 99/UBND-NV (cv99.docx))")
    assert "hạn: 15/12/2026 → <b>20/12/2026</b>" in history["text"] and "@user1001" in history["text"]
    assert "xác nhận: chờ xác nhận → <b>đã bỏ</b>" in history["text"]
    [refusal] = await send(fake_api, GROUP_TP, "/lichsu", user_id=OFFICER)
    assert "chỉ dành cho quản trị viên" in refusal["text"]


async def press_and_get(api: FakeBotAPI, data: str, msg: dict) -> list[dict]:
    before = len(api.sent)
    await press(api, ADMIN, ADMIN, data, msg["message_id"], replies=1)
    return api.sent[before:]


async def test_only_admins_review_and_a_question_still_answers(app: Application, fake_api: FakeBotAPI,
                                                               bot_services: Services) -> None:
    [preview] = await upload(fake_api, "cv99.docx", directive_docx())
    (_, save), _ = buttons(preview)
    await press(fake_api, ADMIN, ADMIN, save, preview["message_id"], replies=2)
    card = fake_api.sent[-1]
    forged = await press(fake_api, OFFICER, OFFICER, button(card, "✅ Xác nhận"), card["message_id"])
    assert forged["show_alert"] and "quản trị viên" in forged["text"]
    [again] = await send(fake_api, ADMIN, "/xemlai cv99.docx")
    assert again["text"].startswith("<b>Xem lại nhiệm vụ 1/2</b>"), "nothing was confirmed by the officer"
    [answer] = await send(fake_api, ADMIN, "Hạn nộp kế hoạch CCHC năm 2024?")  # no edit waiting: a question
    assert "31/01/2024" in answer["text"]
    [confirmed] = await press_and_get(fake_api, button(again, "Xác nhận cả"), again)
    assert confirmed["text"].startswith("✅ Đã xác nhận 2 nhiệm vụ")


async def test_thuhoi_withdraws_after_asking(app: Application, fake_api: FakeBotAPI, bot_services: Services) -> None:
    [preview] = await upload(fake_api, "cv99.docx", directive_docx())
    (_, save), _ = buttons(preview)
    await press(fake_api, ADMIN, ADMIN, save, preview["message_id"], replies=2)
    assert bot_services.document_count() == 6
    [refused] = await send(fake_api, OFFICER, "/thuhoi 99/UBND-NV")
    assert "chỉ dành cho quản trị viên" in refused["text"]
    [ask] = await send(fake_api, ADMIN, "/thuhoi 99/UBND-NV")
    assert "Thu hồi <b>Công văn số 99/UBND-NV (cv99.docx)</b>? 2 nhiệm vụ" in ask["text"]
    await press(fake_api, ADMIN, ADMIN, button(ask, "Giữ lại"), ask["message_id"], replies=1)
    assert bot_services.document_count() == 6
    [ask] = await send(fake_api, ADMIN, "/thuhoi cv99.docx")
    await press(fake_api, ADMIN, ADMIN, button(ask, "Thu hồi"), ask["message_id"], replies=1)
    assert fake_api.sent[-1]["text"].startswith("✅ Đã thu hồi Công văn số 99/UBND-NV (cv99.docx): 2 nhiệm vụ")
    assert bot_services.document_count() == 5
    [history] = await send(fake_api, ADMIN, "/lichsu")
    assert "văn bản: còn hiệu lực → <b>đã thu hồi</b>" in history["text"]
    [answer] = await send(fake_api, USER_Q, "Hạn nộp báo cáo kết quả số hóa hồ sơ hộ tịch?")
    assert "15/12/2026" not in answer["text"], "a withdrawn directive is not quoted"
