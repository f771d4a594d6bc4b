"""Handler tests with `process_update` (no polling): bad input, access, forged buttons, the error handler."""
from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import AsyncIterator

import pytest
from fpdf import FPDF
from PIL import Image
from pydantic import SecretStr
from sqlalchemy import func, select
from telegram import Update
from telegram.ext import Application, CommandHandler, ContextTypes

from bot.reminders.planning import make_key
from bot.services import Services
from bot.settings import Settings
from bot.telegram.application import build_application, check_webhook
from corpus.errors import UserError
from corpus.models import TaskUnit
from corpus.tracking import ChatLink, Reminder, TaskStatus
from tests.bot.conftest import ADMIN, ADMIN_CHAT
from tests.bot.fakebotapi import FakeBotAPI
from tests.bot.steps import link_chat, process

USER, GROUP = 42, -100777


def _app(settings: Settings, services: Services, **changes: object) -> Application:
    return build_application(settings.model_copy(update=changes) if changes else settings, services)


@pytest.fixture
async def app(bot_settings: Settings, bot_services: Services) -> AsyncIterator[Application]:
    """The real application, initialised (getMe) but not polling."""
    async with _app(bot_settings, bot_services) as application:
        yield application


def _alerts(api: FakeBotAPI) -> list[str]:
    return [c.get("text", "") for c in api.calls("answerCallbackQuery") if c.get("show_alert")]


def _pending(services: Services) -> int:
    from corpus.tracking import PendingUpload

    with services.sessions() as s:
        return s.scalar(select(func.count()).select_from(PendingUpload)) or 0


def _links(services: Services) -> int:
    with services.sessions() as s:
        return s.scalar(select(func.count(ChatLink.id))) or 0


# ------------------------------------------------------------------ bad input


async def test_ten_thousand_characters_are_refused(app: Application, fake_api: FakeBotAPI) -> None:
    await process(app, fake_api.push_text(USER, ("Hạn nộp báo cáo? " * 600)[:9_999] + "?"))
    [reply] = fake_api.texts(USER)
    assert "10.000 ký tự" in reply and "vượt giới hạn 2.000 ký tự" in reply
    assert fake_api.calls("sendChatAction") == []


@pytest.mark.parametrize("text", ["/hoi", "/hoi    ", "   "])
async def test_empty_question(app: Application, fake_api: FakeBotAPI, text: str) -> None:
    await process(app, fake_api.push_text(USER, text))
    assert fake_api.texts(USER) == ["Bạn hãy gõ câu hỏi, ví dụ: /hoi Hạn nộp kế hoạch CCHC năm 2024 là khi nào?"]


async def test_sticker_and_photo_in_private_get_a_hint(app: Application, fake_api: FakeBotAPI) -> None:
    await process(app, fake_api.push_sticker(USER, USER))
    photo = fake_api.push_sticker(USER, USER)
    del photo["message"]["sticker"]
    photo["message"]["photo"] = [{"file_id": "P1", "file_unique_id": "P1U", "width": 90, "height": 90}]
    await process(app, photo)
    sticker_reply, photo_reply = fake_api.texts(USER)
    assert "chỉ đọc được tin nhắn chữ" in sticker_reply
    assert "không đọc được ảnh" in photo_reply


async def test_stickers_in_groups_are_ignored(app: Application, fake_api: FakeBotAPI) -> None:
    await process(app, fake_api.push_sticker(GROUP, 7))
    await process(app, fake_api.push_text(GROUP, "chào cả nhà", user_id=7))  # not addressed to the bot
    assert fake_api.sent == []


async def test_commands_with_wrong_arguments(app: Application, fake_api: FakeBotAPI,
                                             bot_services: Services) -> None:
    for text in ("/dangky", "/dangky Câu lạc bộ cờ tướng", "/dangky Phòng Nội vụ", "/tim", "/khongco"):
        await process(app, fake_api.push_text(USER, text))
    usage, unknown, ambiguous, search, command = fake_api.texts(USER)
    assert usage == "Hãy ghi tên đơn vị sau lệnh, ví dụ: /dangky Phòng Nội vụ Vĩnh Linh"
    assert unknown.startswith("Không tìm thấy đơn vị «Câu lạc bộ cờ tướng»")
    assert "ghi thêm tên huyện" in ambiguous and "/dangky Phòng Nội vụ" in ambiguous
    assert search.startswith("Bạn hãy gõ từ khóa") and "/help" in command
    assert _links(bot_services) == 0


async def test_other_bots_commands_are_ignored_in_groups(app: Application, fake_api: FakeBotAPI) -> None:
    await process(app, fake_api.push_text(GROUP, "/start@some_other_bot", user_id=7))
    await process(app, fake_api.push_text(GROUP, "/khongco", user_id=7))
    assert fake_api.sent == []


async def test_unlinked_chat_commands_explain_dangky(app: Application, fake_api: FakeBotAPI) -> None:
    for text in ("/viec", "/donvi", "/huydangky"):
        await process(app, fake_api.push_text(GROUP, text, user_id=7))
    assert all("/dangky" in t for t in fake_api.texts(GROUP)) and len(fake_api.texts(GROUP)) == 3


# ------------------------------------------------------------------ files


async def test_non_admin_files_are_refused(app: Application, fake_api: FakeBotAPI, bot_services: Services) -> None:
    await process(app, fake_api.push_document(USER, "kehoach.txt", "Kế hoạch".encode()))
    assert "Chỉ điều phối viên" in fake_api.texts(USER)[0]
    assert fake_api.calls("getFile") == [] and bot_services.document_count() == 5


async def test_file_over_the_limit_is_not_downloaded(bot_settings: Settings, bot_services: Services,
                                                     fake_api: FakeBotAPI) -> None:
    async with _app(bot_settings, bot_services, max_file_mb=0.001) as app:
        await process(app, fake_api.push_document(ADMIN, "lon.txt", "Kế hoạch CCHC\n".encode() * 500))
    [reply] = fake_api.texts(ADMIN)
    assert "vượt giới hạn 1 KB" in reply and fake_api.calls("getFile") == []


def _scanned_pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 150, 200, style="F")  # a page of "image", no text layer
    return bytes(pdf.output())


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("bang.xlsx", b"PK\x03\x04 not really", "chưa được hỗ trợ"),
    ("scan.pdf", None, "bản scan"),
    ("rong.txt", b"   \n", "không có nội dung"),
])
async def test_unreadable_files_are_explained_and_nothing_stored(
        app: Application, fake_api: FakeBotAPI, bot_services: Services, name: str, data: bytes | None,
        expected: str) -> None:
    await process(app, fake_api.push_document(ADMIN, name, data or _scanned_pdf()))
    [reply] = fake_api.texts(ADMIN)
    assert expected in reply and f"«{name}»" in reply
    assert bot_services.document_count() == 5 and _pending(bot_services) == 0


# ------------------------------------------------------------------ access


async def test_private_bot_refuses_strangers_but_answers_members(
        bot_settings: Settings, bot_services: Services, fake_api: FakeBotAPI) -> None:
    link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    async with _app(bot_settings, bot_services, public_access=False) as app:
        await process(app, fake_api.push_text(USER, "Hạn nộp kế hoạch CCHC năm 2024?"))
        await process(app, fake_api.push_text(GROUP, "/hoi Hạn nộp kế hoạch CCHC năm 2024?", user_id=7))
        await process(app, fake_api.push_text(7, "Hạn nộp kế hoạch CCHC năm 2024?"))  # a member, privately
    [refusal] = fake_api.texts(USER)
    assert "chỉ phục vụ các đơn vị đã đăng ký" in refusal
    assert "31/01/2024" in fake_api.texts(GROUP)[0] and "31/01/2024" in fake_api.texts(7)[0]
    assert [c["chat_id"] for c in fake_api.calls("sendChatAction")] == [GROUP, 7]


async def test_admin_commands_refuse_others(app: Application, fake_api: FakeBotAPI) -> None:
    for text in ("/thongke", "/duyet", "/tiendo"):
        await process(app, fake_api.push_text(USER, text))
    assert fake_api.texts(USER) == ["Lệnh này chỉ dành cho quản trị viên."] * 3
    await process(app, fake_api.push_text(ADMIN, "/thongke"))
    stats = fake_api.texts(ADMIN)[0]
    assert "Văn bản: 5" in stats and "Nhiệm vụ: 79" in stats and "Nhóm đã liên kết: 0" in stats


async def test_questions_are_rate_limited_per_user(bot_settings: Settings, bot_services: Services,
                                                   fake_api: FakeBotAPI) -> None:
    async with _app(bot_settings, bot_services, questions_per_minute=1) as app:
        await process(app, fake_api.push_text(USER, "Hạn nộp kế hoạch CCHC năm 2024?"))
        await process(app, fake_api.push_text(USER, "Phòng Tư pháp phải làm gì?"))
        await process(app, fake_api.push_text(43, "Phòng Tư pháp phải làm gì?"))
    assert "31/01/2024" in fake_api.texts(USER)[0]
    assert fake_api.texts(USER)[1] == "Bạn hỏi hơi nhanh. Vui lòng đợi khoảng một phút rồi hỏi tiếp."
    assert "hơi nhanh" not in fake_api.texts(43)[0]


async def test_forged_and_stale_buttons_are_refused(app: Application, fake_api: FakeBotAPI,
                                                    bot_services: Services) -> None:
    for chat, user, data in ((GROUP, 7, "done:1:11"), (USER, USER, "link:ok:1"), (ADMIN, ADMIN, "save:zzz"),
                             (USER, USER, "rm -rf"), (USER, USER, "src:999999")):
        await process(app, fake_api.push_callback(chat, user, data, message_id=1))
    no_unit, not_admin, gone, stale, section = _alerts(fake_api)
    assert "chưa liên kết" in no_unit and not_admin == "Lệnh này chỉ dành cho quản trị viên."
    assert "hết hạn" in gone and stale == "Nút này đã hết hiệu lực." and "Không tìm thấy đoạn" in section
    assert fake_api.sent == [] and _links(bot_services) == 0


@pytest.mark.slow
async def test_progress_for_the_coordinator(app: Application, fake_api: FakeBotAPI) -> None:
    for text in ("/tiendo", "/tiendo năm 2024", "/tiendo /KH-UBND", "/tiendo hôm qua"):
        await process(app, fake_api.push_text(ADMIN, text))
    photos = [m for m in fake_api.sent_to(ADMIN) if m["method"] == "sendPhoto"]
    assert len(photos) == 3, "a chart before each text, none for a wrong argument"
    chart = Image.open(io.BytesIO(photos[0]["params"]["photo"]["data"]))
    assert chart.format == "PNG" and chart.size[0] > 500 and len(chart.getcolors(1 << 20)) > 20
    everything, year, document, wrong = [m["text"] for m in fake_api.sent_to(ADMIN) if m["method"] == "sendMessage"]
    assert everything.startswith("<b>Tiến độ</b> (tất cả văn bản)")
    # several districts in the corpus: each unit carries its own, so the three Phòng Nội vụ are told apart
    for district in ("Vĩnh Linh", "Bạch Thông", "Mê Linh"):
        assert f"• Phòng Nội vụ (huyện {district}):" in everything
    assert "• UBND các xã, thị trấn (huyện Vĩnh Linh):" in everything
    assert "(01/01/2024 – 31/12/2024)" in year
    assert document.startswith("<b>Tiến độ</b> (Kế hoạch Nâng cao Chỉ số Cải cách hành chính huyện Mê Linh")
    assert wrong.startswith("Không hiểu «hôm qua»")


async def test_snooze_only_for_a_reminder_of_this_chat(app: Application, fake_api: FakeBotAPI,
                                                      bot_services: Services) -> None:
    unit = link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    with bot_services.sessions() as s, s.begin():
        task_id = s.scalar(select(TaskUnit.task_id).where(TaskUnit.unit_id == unit.id).limit(1))
        reminder = Reminder(dedupe_key=make_key("overdue", task_id, "u", unit.id, GROUP, None, "d1"), kind="overdue",
                            task_id=task_id, unit_id=unit.id, chat_id=GROUP, text="x", state="sent",
                            due_at=dt.datetime.now(dt.UTC))
        s.add(reminder)
    await process(app, fake_api.push_callback(USER, USER, f"snooze:{reminder.id}", message_id=1))
    await process(app, fake_api.push_callback(GROUP, 7, f"snooze:{reminder.id}", message_id=1))
    stranger, member = fake_api.calls("answerCallbackQuery")
    assert stranger["show_alert"] and stranger["text"] == "Nút này đã hết hiệu lực."
    assert re.fullmatch(r"Sẽ nhắc lại lúc 08:00 ngày \d\d/\d\d/\d{4}\.", member["text"])
    with bot_services.sessions() as s:
        snoozed = s.scalar(select(TaskStatus.snoozed_until).where(TaskStatus.task_id == task_id,
                                                                  TaskStatus.unit_id == unit.id))
    assert snoozed is not None


# ------------------------------------------------------------------ the error handler


async def test_error_handler_apologises_and_reports(app: Application, fake_api: FakeBotAPI) -> None:
    async def boom(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise RuntimeError("hỏng <db>")

    async def refuse(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        raise UserError("Không có văn bản số 12/KH-UBND.")

    app.add_handler(CommandHandler("boom", boom), group=-1)
    app.add_handler(CommandHandler("refuse", refuse), group=-1)
    await process(app, fake_api.push_text(USER, "/boom"))
    await process(app, fake_api.push_text(USER, "/refuse"))
    texts = fake_api.texts(USER)  # (group 0 also answers "no such command")
    apology = next(t for t in texts if t.startswith("Xin lỗi, đã có lỗi"))
    assert "hỏng" not in apology and "Không có văn bản số 12/KH-UBND." in texts
    [report] = fake_api.texts(ADMIN_CHAT)
    assert "RuntimeError" in report and "hỏng &lt;db&gt;" in report and "/boom" in report


async def test_error_handler_survives_a_blocked_chat(app: Application, fake_api: FakeBotAPI) -> None:
    fake_api.block_chat(USER)
    await process(app, fake_api.push_text(USER, "/start"))
    [report] = fake_api.texts(ADMIN_CHAT)
    assert "Forbidden" in report
    fake_api.block_chat(USER, blocked=False)
    await process(app, fake_api.push_text(USER, "/help"))
    assert "Trợ lý CCHC" in fake_api.texts(USER)[0]


# ------------------------------------------------------------------ webhook settings


@pytest.mark.parametrize(("changes", "expected"), [
    ({}, "CCHC_WEBHOOK_URL"),
    ({"webhook_url": "http://bot.example.vn/hook"}, "https://"),
    ({"webhook_url": "https://bot.example.vn/hook", "webhook_secret": SecretStr("có dấu")}, "CCHC_WEBHOOK_SECRET"),
])
def test_webhook_mode_fails_fast_in_vietnamese(bot_settings: Settings, changes: dict[str, object],
                                               expected: str) -> None:
    with pytest.raises(UserError, match=expected):
        check_webhook(bot_settings.model_copy(update=changes))


def test_webhook_needs_the_webhooks_extra_or_passes(bot_settings: Settings) -> None:
    import importlib.util

    settings = bot_settings.model_copy(update={"webhook_url": "https://bot.example.vn/hook",
                                               "webhook_secret": SecretStr("s3cret_token-1")})
    if importlib.util.find_spec("tornado") is None:
        with pytest.raises(UserError, match=r"python-telegram-bot\[webhooks\]"):
            check_webhook(settings)
    else:
        check_webhook(settings)


def test_a_token_is_required(bot_settings: Settings, bot_services: Services) -> None:
    with pytest.raises(UserError, match="CCHC_TELEGRAM_TOKEN"):
        build_application(bot_settings.model_copy(update={"telegram_token": None}), bot_services)


def test_nothing_heavy_at_import() -> None:
    import subprocess
    import sys

    code = ("import sys, bot.telegram.application as a; "
            "print(any(m.startswith(('whoosh', 'pyvi')) for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# ------------------------------------------------------------------ input that creates state is bounded


async def test_forged_buttons_with_huge_numbers_are_refused_quietly(app: Application, fake_api: FakeBotAPI,
                                                                    bot_services: Services) -> None:
    huge = "9" * 40
    link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    for chat, user, data in ((USER, USER, f"src:{huge}"), (GROUP, 7, f"done:{huge}:1"), (GROUP, 7, f"done:1:{huge}"),
                             (GROUP, 7, f"snooze:{huge}"), (ADMIN, ADMIN, f"link:ok:{huge}"),
                             (USER, USER, "src:2147483648"), (GROUP, 7, "done:-1:1"), (USER, USER, "src:١٢")):
        await process(app, fake_api.push_callback(chat, user, data, message_id=1))
    alerts = _alerts(fake_api)
    assert alerts == ["Nút này đã hết hiệu lực."] * 8
    assert fake_api.texts(ADMIN_CHAT) == [], "nothing reached the error handler"


def _units(services: Services) -> int:
    from corpus.models import Unit

    with services.sessions() as s:
        return s.scalar(select(func.count(Unit.id))) or 0


async def test_dangky_from_a_private_chat_is_a_bounded_request(app: Application, fake_api: FakeBotAPI,
                                                               bot_services: Services) -> None:
    units = _units(bot_services)
    await process(app, fake_api.push_text(USER, "/dangky Phòng Tư pháp Bạch Thông"))
    [ack] = fake_api.texts(USER)
    assert ack.startswith("Đã gửi yêu cầu liên kết với <b>Phòng Tư pháp (huyện Bạch Thông")
    pings = len(fake_api.texts(ADMIN)) + len(fake_api.texts(ADMIN_CHAT))
    assert pings == 2 and _units(bot_services) == units, "a request, not a unit"
    await process(app, fake_api.push_text(USER, "/dangky Phòng Tư pháp Bạch Thông"))
    await process(app, fake_api.push_text(USER, "/dangky Phòng Nội vụ Mê Linh"))
    _, same, other = fake_api.texts(USER)
    assert "đã được gửi và đang chờ quản trị viên duyệt" in same and "hãy đợi khoảng" in other
    assert len(fake_api.texts(ADMIN)) + len(fake_api.texts(ADMIN_CHAT)) == pings, "the admins are not pinged again"
    assert _links(bot_services) == 1 and _units(bot_services) == units
