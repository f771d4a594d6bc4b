"""End to end: the real application polls the fake Bot API on 127.0.0.1 (real PTB, real database, no internet)."""
from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from typing import Any

import docx
import pytest
from sqlalchemy import select
from telegram.ext import Application

from bot.services import Services
from bot.settings import Settings
from bot.telegram.application import ADMIN_COMMANDS, COMMANDS, build_application
from bot.telegram.render import MAX_MESSAGE
from bot.telegram.sending import JOB_NAME
from corpus.tracking import ChatLink, TaskStatus
from tests.bot.conftest import ADMIN, ADMIN_CHAT, OFFICER
from tests.bot.fakebotapi import FakeBotAPI, polling
from tests.bot.steps import buttons, link_chat
from tests.conftest import SEEDS

USER, GROUP, GROUP_B = 42, -100200, -100300
QUESTION = "Hạn nộp kế hoạch CCHC năm 2024?"


@pytest.fixture
async def app(bot_settings: Settings, bot_services: Services) -> AsyncIterator[Application]:
    """The real application, polling the fake server for the duration of a test."""
    async with polling(build_application(bot_settings, bot_services)) as running:
        yield running


async def send(api: FakeBotAPI, chat_id: int, text: str, *, user_id: int | None = None,
               replies: int = 1) -> list[dict[str, Any]]:
    """Push a text message and wait for `replies` new messages (to any chat); return them."""
    before = len(api.sent)
    api.push_text(chat_id, text, user_id=user_id)
    return (await api.wait_sent(before + replies, timeout=20))[before:]


async def press(api: FakeBotAPI, chat_id: int, user_id: int, data: str, message_id: int, *,
                replies: int = 0) -> dict[str, Any]:
    """Press a button; wait for its callback answer (and `replies` new messages); return the answer's params."""
    answered, before = len(api.calls("answerCallbackQuery")), len(api.sent)
    api.push_callback(chat_id, user_id, data, message_id=message_id)
    calls = await api.wait_calls("answerCallbackQuery", answered + 1, timeout=20)
    await api.wait_sent(before + replies, timeout=20)
    return calls[answered]


# ------------------------------------------------------------------ commands and questions


async def test_menu_and_help_in_private_and_in_groups(app: Application, fake_api: FakeBotAPI) -> None:
    await app.post_init(app)  # run_polling would call it; polling() does not
    assert fake_api.my_commands["default"] == [{"command": c, "description": d} for c, d in COMMANDS]
    assert [c["command"] for c in fake_api.my_commands["chat"]] == [c for c, _ in COMMANDS + ADMIN_COMMANDS]
    [job] = app.job_queue.get_jobs_by_name(JOB_NAME)
    job.schedule_removal()
    [private] = await send(fake_api, USER, "/start")
    [group] = await send(fake_api, GROUP, f"/help@{fake_api.bot_username}", user_id=OFFICER)
    for msg in (private, group):
        assert "Trợ lý CCHC" in msg["text"] and "/dangky" in msg["text"] and msg["parse_mode"] == "HTML"
    assert "Điều phối viên" not in private["text"]
    [admin] = await send(fake_api, ADMIN, "/help")
    assert "/duyet" in admin["text"]


async def test_free_text_question_answered_with_its_source(app: Application, fake_api: FakeBotAPI) -> None:
    [answer] = await send(fake_api, USER, QUESTION)
    assert fake_api.calls("sendChatAction") == [{"chat_id": USER, "action": "typing"}]
    assert "31/01/2024" in answer["text"] and "Nguồn:" in answer["text"] and "Trích" in answer["text"]
    label, data = buttons(answer)[0]
    assert label.startswith("Xem nguyên văn") and data.startswith("src:")
    assert not any(d.startswith("done:") for _, d in buttons(answer))  # not a member: no done buttons
    await press(fake_api, USER, USER, data, answer["message_id"], replies=1)
    source = fake_api.sent[-1]["text"]
    assert "<b>Công văn V/v triển khai Kế hoạch CCHC" in source and "chậm nhất" in source


async def test_questions_in_groups_need_the_bots_name(app: Application, fake_api: FakeBotAPI) -> None:
    fake_api.push_text(GROUP, "mai họp lúc mấy giờ?", user_id=OFFICER)
    [reply] = await send(fake_api, GROUP, f"@{fake_api.bot_username} {QUESTION}", user_id=OFFICER)
    assert reply["chat_id"] == GROUP and "31/01/2024" in reply["text"]
    [hoi] = await send(fake_api, GROUP, f"/hoi@{fake_api.bot_username} {QUESTION}", user_id=OFFICER)
    assert "31/01/2024" in hoi["text"] and len(fake_api.sent_to(GROUP)) == 2


@pytest.mark.parametrize(("command", "expected"), [
    ("/han tuần này", "trong tuần này"),
    ("/han", "hạn"),
    ("/tieuchi", "đơn vị phụ trách"),
    ("/tieuchi tài chính công", "tài chính công"),
    ("/tim công khai thủ tục hành chính", "công khai"),
    ("/tim cải cách hành chính", "cải cách hành chính"),
])
async def test_answer_commands(app: Application, fake_api: FakeBotAPI, bot_services: Services, command: str,
                               expected: str) -> None:
    link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    [reply] = await send(fake_api, GROUP, command, user_id=OFFICER)
    assert expected.lower() in reply["text"].lower() and not reply["text"].startswith("Xin lỗi")
    assert fake_api.sent_to(ADMIN_CHAT) == []  # no error reached the error handler


# ------------------------------------------------------------------ registration and tasks


async def test_registration_approved_by_an_admin_then_viec(app: Application, fake_api: FakeBotAPI,
                                                           bot_services: Services) -> None:
    ack, *requests = await send(fake_api, GROUP, "/dangky Phòng Nội vụ Vĩnh Linh", user_id=OFFICER, replies=3)
    assert ack["chat_id"] == GROUP and "Đã gửi yêu cầu liên kết với <b>Phòng Nội vụ (huyện Vĩnh Linh" in ack["text"]
    assert sorted(r["chat_id"] for r in requests) == sorted([ADMIN, ADMIN_CHAT])
    request = next(r for r in requests if r["chat_id"] == ADMIN)
    assert "Nhóm -100200" in request["text"] and "@user3001" in request["text"]
    (_, approve), (_, reject) = buttons(request)
    assert re.fullmatch(r"link:ok:\d+", approve) and reject == approve.replace("ok", "no")

    answer = await press(fake_api, ADMIN, ADMIN, approve, request["message_id"], replies=1)
    assert answer["text"] == "Đã duyệt."
    assert "Đã duyệt" in fake_api.calls("editMessageText")[-1]["text"]
    assert "Quản trị viên đã duyệt" in fake_api.sent_to(GROUP)[-1]["text"]
    again = await press(fake_api, ADMIN_CHAT, ADMIN, approve, requests[1]["message_id"])
    assert "đã được xử lý" in again["text"] and again["show_alert"]

    [unit] = await send(fake_api, GROUP, "/donvi", user_id=OFFICER)
    assert "Phòng Nội vụ (huyện Vĩnh Linh, tỉnh Quảng Trị)</b> — đã duyệt" in unit["text"]
    [tasks] = await send(fake_api, GROUP, "/viec", user_id=OFFICER)
    assert "Việc chưa hoàn thành của Phòng Nội vụ" in tasks["text"] and "31/01/2024" in tasks["text"]
    assert "quá hạn" in tasks["text"] and all(label.startswith("Đã hoàn thành") for label, _ in buttons(tasks))
    [bye] = await send(fake_api, GROUP, "/huydangky", user_id=OFFICER)
    assert "Đã hủy liên kết" in bye["text"]
    with bot_services.sessions() as s:
        assert s.scalar(select(ChatLink.status).where(ChatLink.chat_id == GROUP)) == "inactive"


async def test_done_by_a_member_and_refused_for_another_unit(app: Application, fake_api: FakeBotAPI,
                                                             bot_services: Services) -> None:
    mine = link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    other = link_chat(bot_services, GROUP_B, "Phòng Tư pháp Mê Linh")
    [tasks] = await send(fake_api, GROUP, "/viec", user_id=OFFICER)
    count = len(buttons(tasks))
    _, done = buttons(tasks)[0]
    task_id = int(done.split(":")[1])
    assert done == f"done:{task_id}:{mine.id}"

    forged = await press(fake_api, GROUP_B, 7, done, tasks["message_id"])
    assert forged["show_alert"] and "không được giao nhiệm vụ này" in forged["text"]
    own_unit = await press(fake_api, GROUP_B, 7, f"done:{task_id}:{other.id}", tasks["message_id"])
    assert own_unit["show_alert"] and "không được giao" in own_unit["text"]

    accepted = await press(fake_api, GROUP, OFFICER, done, tasks["message_id"], replies=1)
    assert accepted["text"] == "Đã ghi nhận hoàn thành."
    assert fake_api.sent_to(GROUP)[-1]["text"].startswith("✅ Đã ghi nhận: <b>Phòng Nội vụ</b> đã hoàn thành")
    with bot_services.sessions() as s:
        rows = s.execute(select(TaskStatus.unit_id, TaskStatus.state, TaskStatus.done_by)
                         .where(TaskStatus.task_id == task_id)).all()
    assert rows == [(mine.id, "done", OFFICER)]
    [after] = await send(fake_api, GROUP, "/viec", user_id=OFFICER)
    assert len(buttons(after)) == count - 1 and done not in [d for _, d in buttons(after)]
    twice = await press(fake_api, GROUP, OFFICER, done, tasks["message_id"])
    assert twice["text"] == "Việc này đã được đánh dấu hoàn thành trước đó."


async def test_answers_offer_done_only_to_the_owning_units_chat(app: Application, fake_api: FakeBotAPI,
                                                                bot_services: Services) -> None:
    mine = link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    link_chat(bot_services, GROUP_B, "Phòng Tư pháp Mê Linh")
    question = "/hoi Phòng Nội vụ Vĩnh Linh phải làm gì?"
    [own] = await send(fake_api, GROUP, question, user_id=OFFICER)
    [foreign] = await send(fake_api, GROUP_B, question, user_id=7)
    assert any(d.startswith("done:") and d.endswith(f":{mine.id}") for _, d in buttons(own))
    assert not any(d.startswith("done:") for _, d in buttons(foreign))


# ------------------------------------------------------------------ coordinator uploads


def directive_docx() -> bytes:
    """A small real .docx directive with two tasks."""
    document = docx.Document()
    for line in ("ỦY BAN NHÂN DÂN HUYỆN VĨNH LINH", "Số: 99/UBND-NV", "Vĩnh Linh, ngày 02 tháng 11 năm 2026",
                 "V/v báo cáo số hóa hồ sơ hộ tịch", "Kính gửi: Phòng Tư pháp; UBND các xã, thị trấn.",
                 "UBND huyện yêu cầu các cơ quan, đơn vị thực hiện các nội dung sau:",
                 "1. Phòng Tư pháp chủ trì xây dựng báo cáo kết quả số hóa hồ sơ hộ tịch, gửi về UBND huyện "
                 "(qua Phòng Nội vụ) chậm nhất ngày 15/12/2026.",
                 "2. UBND các xã, thị trấn rà soát sổ hộ tịch, gửi danh sách về Phòng Tư pháp trước ngày 05/12/2026.",
                 "Nơi nhận:", "- Như trên;", "- Lưu: VT.", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def upload(api: FakeBotAPI, name: str, data: bytes) -> list[dict[str, Any]]:
    """An admin sends a file; wait for the preview (one or more messages, the last with the buttons)."""
    before = len(api.sent)
    api.push_document(ADMIN, name, data)
    await api.wait_sent(before + 1, timeout=20)
    while not buttons(api.sent[-1]):
        await api.wait_sent(len(api.sent) + 1, timeout=20)
    return api.sent[before:]


async def test_upload_preview_save_then_the_directive_answers(app: Application, fake_api: FakeBotAPI,
                                                             bot_services: Services) -> None:
    [preview] = await upload(fake_api, "cv99.docx", directive_docx())
    text = preview["text"]
    assert "99/UBND-NV" in text and "02/11/2026" in text and "huyện Vĩnh Linh, tỉnh Quảng Trị" in text
    assert "Tìm thấy 2 nhiệm vụ" in text and "Phòng Tư pháp (chủ trì)" in text and "chậm nhất 15/12/2026" in text
    assert bot_services.document_count() == 5
    (save_label, save), (cancel_label, _) = buttons(preview)
    assert (save_label, cancel_label) == ("Lưu", "Hủy")

    await press(fake_api, ADMIN, ADMIN, save, preview["message_id"], replies=2)  # saved, then the first review card
    assert fake_api.sent[-2]["text"].startswith("✅ Đã lưu «cv99.docx»: 2 nhiệm vụ (2 có hạn)")
    assert bot_services.document_count() == 6
    twice = await press(fake_api, ADMIN, ADMIN, save, preview["message_id"])
    assert "hết hạn" in twice["text"] and bot_services.document_count() == 6

    [answer] = await send(fake_api, USER, "Hạn nộp báo cáo kết quả số hóa hồ sơ hộ tịch?")
    assert "15/12/2026" in answer["text"] and "Phòng Tư pháp" in answer["text"]


async def test_upload_cancelled_stores_nothing(app: Application, fake_api: FakeBotAPI,
                                               bot_services: Services) -> None:
    [preview] = await upload(fake_api, "cv99.docx", directive_docx())
    _, (_, cancel) = buttons(preview)
    await press(fake_api, ADMIN, ADMIN, cancel, preview["message_id"], replies=1)
    assert fake_api.sent[-1]["text"] == "Đã hủy, không lưu văn bản."
    assert bot_services.document_count() == 5


async def test_a_long_reply_is_split_at_line_boundaries(app: Application, fake_api: FakeBotAPI) -> None:
    seed = sorted(SEEDS.glob("003_*.txt"))[0]  # 57 tasks: a preview far over 4096 characters
    parts = await upload(fake_api, "ke-hoach-me-linh.txt", seed.read_bytes())
    assert len(parts) >= 2 and all(len(p["text"]) <= MAX_MESSAGE for p in parts)
    assert [bool(buttons(p)) for p in parts] == [False] * (len(parts) - 1) + [True]
    assert parts[0]["text"].startswith("<b>Xem trước «ke-hoach-me-linh.txt»</b>")
    for p in parts[1:]:
        assert re.match(r"(\d+\. |   |… |\n|Bấm)", p["text"]), p["text"][:80]  # starts on a line of its own
    assert "Tìm thấy 64 nhiệm vụ" in parts[0]["text"]


# ------------------------------------------------------------------ Telegram errors


async def test_403_is_reported_and_the_bot_keeps_serving(app: Application, fake_api: FakeBotAPI) -> None:
    fake_api.block_chat(GROUP)
    fake_api.push_text(GROUP, "/start", user_id=OFFICER)
    [report] = await fake_api.wait_sent(1, timeout=20)
    assert report["chat_id"] == ADMIN_CHAT and "Forbidden" in report["text"]
    fake_api.block_chat(GROUP, blocked=False)
    [reply] = await send(fake_api, GROUP, "/start", user_id=OFFICER)
    assert reply["chat_id"] == GROUP and "Trợ lý CCHC" in reply["text"]


async def test_429_is_retried_by_the_rate_limiter(app: Application, fake_api: FakeBotAPI) -> None:
    fake_api.flood(1, chat_id=USER)
    [reply] = await send(fake_api, USER, "/start")
    assert "Trợ lý CCHC" in reply["text"]
    assert len([c for c in fake_api.calls("sendMessage") if c["chat_id"] == USER]) == 2
    assert fake_api.sent_to(ADMIN_CHAT) == []  # handled, not an error
