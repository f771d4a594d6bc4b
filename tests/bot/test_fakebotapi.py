"""End-to-end checks that FakeBotAPI behaves like Telegram for a real, polling PTB app."""

from __future__ import annotations

import datetime as dt
import time
import unicodedata
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, ChatMigrated, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import (
    AIORateLimiter,
    Application,
    BaseRateLimiter,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.bot.fakebotapi import FakeBotAPI, polling

USER, GROUP = 42, -100777
QUESTION = "Thủ tục cấp giấy phép xây dựng cần những giấy tờ gì? Đề nghị trả lời sớm."


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's future timedelta RetryAfter to avoid deprecation warnings."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Reply to /start."""
    await update.effective_message.reply_text("Xin chào! Tôi là Trợ lý CCHC.")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Echo free text."""
    await update.effective_message.reply_text(f"Bạn hỏi: {update.effective_message.text}")


async def on_callback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Answer a button press and edit the message."""
    query = update.callback_query
    await query.answer("Đã nhận")
    await query.edit_message_text(f"Đã chọn: {query.data}")


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Download an incoming document and report its size."""
    doc = update.effective_message.document
    data = await (await doc.get_file()).download_as_bytearray()
    context.bot_data["doc"] = bytes(data)
    await update.effective_message.reply_text(f"Đã nhận {doc.file_name}: {len(data)} byte")


def build_app(api: FakeBotAPI, rate_limiter: BaseRateLimiter | None = None) -> Application:
    """A tiny PTB application wired to the fake server."""
    builder = api.builder()
    if rate_limiter is not None:
        builder = builder.rate_limiter(rate_limiter)
    app = builder.build()
    app.add_handler(CommandHandler("start", start))
    app.add_handler(MessageHandler(filters.Document.ALL, on_document))
    app.add_handler(CallbackQueryHandler(on_callback))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    return app


@pytest.fixture
async def app(fake_api: FakeBotAPI) -> AsyncIterator[Application]:
    """The tiny app, polling the fake server for the duration of a test."""
    async with polling(build_app(fake_api)) as running:
        yield running


async def test_start_private_and_group_with_botname(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.push_text(USER, "/start")
    fake_api.push_text(GROUP, f"/start@{fake_api.bot_username}", user_id=7, chat_type="group")
    fake_api.push_text(GROUP, "/start@some_other_bot", user_id=7, chat_type="group")
    fake_api.push_text(GROUP, "xin chào", user_id=7, chat_type="group")
    sent = await fake_api.wait_sent(3)
    assert [(m["chat_id"], m["text"]) for m in sent] == [
        (USER, "Xin chào! Tôi là Trợ lý CCHC."),
        (GROUP, "Xin chào! Tôi là Trợ lý CCHC."),
        (GROUP, "Bạn hỏi: xin chào"),
    ]
    # PTB's reply_text quotes the user's message in groups only (do_quote default)
    assert sent[0]["reply_to"] is None and sent[1]["reply_to"] is not None
    assert fake_api.updates == []  # every update was confirmed via offset


async def test_free_text_echo_keeps_vietnamese(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.push_text(USER, QUESTION)
    [msg] = await fake_api.wait_sent(1)
    assert msg["text"] == f"Bạn hỏi: {QUESTION}"
    assert unicodedata.is_normalized("NFC", msg["text"])
    assert fake_api.sent_to(USER) == [msg] and fake_api.sent_to(GROUP) == []


async def test_sticker_is_consumed_without_reply(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.push_sticker(USER, USER)
    fake_api.push_text(USER, "còn đó không?")
    sent = await fake_api.wait_sent(1)
    assert fake_api.texts() == ["Bạn hỏi: còn đó không?"] and len(sent) == 1


async def test_callback_query_answered_and_message_edited(
        fake_api: FakeBotAPI, app: Application) -> None:
    keyboard = InlineKeyboardMarkup([[InlineKeyboardButton("Có", callback_data="yes")]])
    menu = await app.bot.send_message(USER, "Bạn muốn nhận nhắc việc?", reply_markup=keyboard)
    assert menu.reply_markup == keyboard
    assert fake_api.sent[-1]["reply_markup"] == keyboard.to_dict()
    fake_api.push_callback(USER, USER, "yes", message_id=menu.message_id)
    [answer] = await fake_api.wait_calls("answerCallbackQuery")
    assert answer["text"] == "Đã nhận"
    [edit] = await fake_api.wait_calls("editMessageText")
    assert (edit["chat_id"], edit["message_id"]) == (USER, menu.message_id)
    assert edit["text"] == "Đã chọn: yes"


async def test_edit_markup_delete_and_chat_action(fake_api: FakeBotAPI, app: Application) -> None:
    msg = await app.bot.send_message(GROUP, "<b>Nhắc việc</b>", parse_mode="HTML")
    assert fake_api.sent[-1]["parse_mode"] == "HTML"
    assert msg.chat.type == "group" and msg.chat.title and msg.from_user.is_bot
    edited = await app.bot.edit_message_reply_markup(GROUP, msg.message_id, reply_markup=None)
    assert edited.message_id == msg.message_id and edited.edit_date is not None
    assert await app.bot.send_chat_action(GROUP, "typing") is True
    assert await app.bot.delete_message(GROUP, msg.message_id) is True
    with pytest.raises(BadRequest, match="not found"):
        await app.bot.delete_message(GROUP, msg.message_id)
    assert fake_api.calls("sendChatAction") == [{"chat_id": GROUP, "action": "typing"}]


async def test_document_downloaded_byte_exact(fake_api: FakeBotAPI, app: Application) -> None:
    data = bytes(range(256)) * 300 + "Chỉ thị số 01/CT-TTg".encode()
    fake_api.push_document(USER, "chỉ thị 01.pdf", data, caption="xem giúp")
    [msg] = await fake_api.wait_sent(1)
    assert app.bot_data["doc"] == data
    assert msg["text"] == f"Đã nhận chỉ thị 01.pdf: {len(data)} byte"
    assert len(fake_api.calls("getFile")) == 1


async def test_send_document_upload_recorded(fake_api: FakeBotAPI, app: Application) -> None:
    payload = "Báo cáo tuần\n".encode() * 50
    msg = await app.bot.send_document(USER, payload, filename="báo cáo.txt", caption="Tuần 1")
    rec = fake_api.sent[-1]
    assert rec["method"] == "sendDocument" and rec["caption"] == "Tuần 1"
    assert rec["document"]["file_name"] == "báo cáo.txt"
    assert msg.document.file_name == "báo cáo.txt"
    assert await (await msg.document.get_file()).download_as_bytearray() == payload


async def test_blocked_chat_raises_forbidden(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.block_chat(USER)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await app.bot.send_message(USER, "Nhắc việc")
    assert fake_api.sent == [] and len(fake_api.calls("sendMessage")) == 1
    await app.bot.send_message(GROUP, "vẫn gửi được")  # other chats unaffected


async def test_flood_raises_retry_after_without_limiter(fake_api: FakeBotAPI) -> None:
    fake_api.flood(1)
    async with build_app(fake_api) as app:
        with pytest.raises(RetryAfter) as err:
            await app.bot.send_message(USER, "x")
        assert err.value.retry_after == dt.timedelta(seconds=1)
        await app.bot.send_message(USER, "y")  # the flood was one-shot
    assert fake_api.texts() == ["y"]


async def test_flood_retried_by_aioratelimiter(fake_api: FakeBotAPI) -> None:
    fake_api.flood(1, chat_id=USER)
    async with polling(build_app(fake_api, AIORateLimiter(max_retries=2))) as app:
        started = time.monotonic()
        await app.bot.send_message(USER, "Nhắc việc: nộp báo cáo")
        assert time.monotonic() - started >= 1.0
    assert len(fake_api.calls("sendMessage")) == 2
    assert fake_api.texts() == ["Nhắc việc: nộp báo cáo"]


async def test_max_per_second_enforced(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.max_per_second = 3
    for i in range(3):
        await app.bot.send_message(USER, f"tin {i}")
    with pytest.raises(RetryAfter):
        await app.bot.send_message(USER, "tin 3")
    assert len(fake_api.sent) == 3


async def test_migrated_group_raises_chat_migrated(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.migrate_chat(GROUP, -1001234567890)
    with pytest.raises(ChatMigrated) as err:
        await app.bot.send_message(GROUP, "Thông báo")
    assert err.value.new_chat_id == -1001234567890


async def test_set_my_commands_recorded(fake_api: FakeBotAPI, app: Application) -> None:
    await app.bot.set_my_commands([("start", "Bắt đầu"), ("nhac", "Đặt nhắc việc")])
    expected = [{"command": "start", "description": "Bắt đầu"},
                {"command": "nhac", "description": "Đặt nhắc việc"}]
    assert fake_api.my_commands["default"] == expected
    assert fake_api.calls("setMyCommands")[0]["commands"] == expected
    assert [c.command for c in await app.bot.get_my_commands()] == ["start", "nhac"]


async def test_unknown_method_recorded_and_webhook_conflict(fake_api: FakeBotAPI) -> None:
    async with build_app(fake_api) as app:
        assert await app.bot.pin_chat_message(USER, 5) is True
        assert fake_api.calls("pinChatMessage") == [{"chat_id": USER, "message_id": 5}]
        await app.bot.set_webhook("https://example.invalid/hook")
        assert (await app.bot.get_webhook_info()).url == "https://example.invalid/hook"
        with pytest.raises(Conflict):
            await app.bot.get_updates()


async def test_wrong_token_is_invalid(fake_api: FakeBotAPI) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("999:WRONG", base_url=fake_api.base_url):
            pass


async def test_reset_clears_state(fake_api: FakeBotAPI, app: Application) -> None:
    fake_api.block_chat()
    fake_api.reset()
    await app.bot.send_message(USER, "sau reset")
    assert fake_api.texts(USER) == ["sau reset"]
