"""The Telegram side of reminders (TelegramSender, the outbox job) and the `cchc serve` command."""
from __future__ import annotations

import datetime as dt
import socket

import pytest
import typer
from sqlalchemy import select
from telegram import Bot
from telegram.ext import CallbackContext
from typer.testing import CliRunner

from bot.cli import serve as cli_serve
from bot.cli.context import CommandState
from bot.reminders.outbox import ChatGone, ChatMoved, OutgoingMessage, RetryLater, TransientSendError
from bot.services import Services
from bot.settings import Settings, load_settings
from bot.telegram.application import build_application
from bot.telegram.sending import TelegramSender, reminder_tick
from corpus.errors import UserError
from corpus.tracking import ChatLink, Reminder
from tests.bot.conftest import ADMIN_CHAT
from tests.bot.fakebotapi import FakeBotAPI
from tests.bot.steps import buttons, link_chat

GROUP, GONE = -100200, -100300
MESSAGE = OutgoingMessage(GROUP, "<b>Nhắc việc</b> · Phòng Tư pháp\nHạn: 15/12/2026",
                          [[("Đã hoàn thành", "done:1:2"), ("Nhắc lại sau", "snooze:5")]])


async def test_sender_sends_html_with_buttons(fake_api: FakeBotAPI) -> None:
    async with Bot(fake_api.token, base_url=fake_api.base_url) as bot:
        await TelegramSender(bot).send(MESSAGE)
    [sent] = fake_api.sent
    assert sent["chat_id"] == GROUP and sent["parse_mode"] == "HTML" and sent["text"] == MESSAGE.text
    assert buttons(sent) == [("Đã hoàn thành", "done:1:2"), ("Nhắc lại sau", "snooze:5")]


async def test_sender_maps_telegram_errors(fake_api: FakeBotAPI) -> None:
    async with Bot(fake_api.token, base_url=fake_api.base_url) as bot:
        sender = TelegramSender(bot)
        fake_api.block_chat(GROUP)
        with pytest.raises(ChatGone):
            await sender.send(MESSAGE)
        fake_api.block_chat(GROUP, blocked=False)
        fake_api.migrate_chat(GROUP, -1001234567890)
        with pytest.raises(ChatMoved) as moved:
            await sender.send(MESSAGE)
        assert moved.value.new_chat_id == -1001234567890
        fake_api.flood(1)
        with pytest.raises(RetryLater) as later:
            await sender.send(OutgoingMessage(42, "x"))
        assert later.value.seconds == 1.0
    assert fake_api.sent == []


async def test_sender_network_failure_is_transient() -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    bot = Bot("123456:TEST-TOKEN", base_url=f"http://127.0.0.1:{port}/bot")
    with pytest.raises(TransientSendError):
        await TelegramSender(bot).send(MESSAGE)
    await bot.shutdown()


def _enqueue(services: Services, chat_id: int, key: str, text: str) -> None:
    with services.sessions() as s, s.begin():
        s.add(Reminder(dedupe_key=key, kind="digest", chat_id=chat_id, text=text, state="pending",
                       due_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)))


async def test_reminder_job_sends_and_reports_gone_chats(fake_api: FakeBotAPI, bot_settings: Settings,
                                                         bot_services: Services) -> None:
    link_chat(bot_services, GROUP, "Phòng Tư pháp Vĩnh Linh")
    link_chat(bot_services, GONE, "Phòng Nội vụ Bạch Thông")
    _enqueue(bot_services, GROUP, "test:digest:group", "<b>Tổng hợp tuần</b>: 2 việc sắp đến hạn")
    _enqueue(bot_services, GONE, "test:digest:gone", "<b>Tổng hợp tuần</b>: 1 việc quá hạn")
    fake_api.block_chat(GONE)
    app = build_application(bot_settings, bot_services)
    async with app:
        await reminder_tick(CallbackContext(app))
    assert "<b>Tổng hợp tuần</b>: 2 việc sắp đến hạn" in fake_api.texts(GROUP)
    [report] = fake_api.texts(ADMIN_CHAT)
    assert "-100300" in report and "bị chặn" in report
    with bot_services.sessions() as s:
        states = dict(s.execute(select(Reminder.dedupe_key, Reminder.state)
                                .where(Reminder.dedupe_key.like("test:%"))).all())
        gone_link = s.scalar(select(ChatLink.status).where(ChatLink.chat_id == GONE))
    assert states == {"test:digest:group": "sent", "test:digest:gone": "failed"} and gone_link == "inactive"


def _cli(tmp_settings: Settings) -> typer.Typer:
    app = typer.Typer(context_settings={"obj": CommandState(tmp_settings)})
    cli_serve.register(app)

    @app.command()
    def other() -> None:
        """Keep typer in multi-command mode."""

    return app


def test_serve_command_help_and_fail_fast(tmp_path: object) -> None:
    settings = load_settings(data_dir=tmp_path, _env_file=None)  # type: ignore[arg-type]
    runner = CliRunner()
    result = runner.invoke(_cli(settings), ["serve", "--help"])
    assert result.exit_code == 0 and "--webhook" in result.output and "cchc serve" in result.output
    result = runner.invoke(_cli(settings), ["serve"])
    assert isinstance(result.exception, UserError) and "CCHC_TELEGRAM_TOKEN" in result.exception.message
    with_token = settings.model_copy(update={"telegram_token": "1:X"})
    result = runner.invoke(_cli(with_token), ["serve", "--webhook"])
    assert isinstance(result.exception, UserError) and "CCHC_WEBHOOK_URL" in result.exception.message


def _closed_port() -> int:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_with_a_refused_token_or_no_network_is_one_sentence(fake_api: FakeBotAPI, tmp_path: object) -> None:
    from bot.cli.app import app

    data = tmp_path / "fresh"  # type: ignore[operator]
    cases = [({"CCHC_TELEGRAM_TOKEN": "999:REFUSED", "CCHC_TELEGRAM_BASE_URL": fake_api.base_url},
              "Telegram từ chối token trong CCHC_TELEGRAM_TOKEN"),
             ({"CCHC_TELEGRAM_TOKEN": fake_api.token, "CCHC_TELEGRAM_BASE_URL": f"http://127.0.0.1:{_closed_port()}/bot"},
              "Không kết nối được tới máy chủ Telegram (127.0.0.1:")]
    for env, expected in cases:
        for command in ("serve", "run"):
            result = CliRunner().invoke(app, [command], env={"CCHC_DATA_DIR": str(data), **env})
            assert result.exit_code == 3, result.output
            assert " ".join(result.output.split()).startswith(expected) and "Traceback" not in result.output
    assert not data.exists(), "checked before the first-start ingest"


async def test_a_send_that_times_out_is_maybe_sent(fake_api: FakeBotAPI) -> None:
    from telegram.request import HTTPXRequest

    from bot.reminders.outbox import MaybeSent

    fake_api.slow("sendMessage", 1.5)
    async with Bot(fake_api.token, base_url=fake_api.base_url, request=HTTPXRequest(read_timeout=0.3)) as bot:
        with pytest.raises(MaybeSent):
            await TelegramSender(bot).send(MESSAGE)
    assert [m["text"] for m in fake_api.sent] == [MESSAGE.text], "delivered all the same"


async def test_a_reply_that_timed_out_after_delivery_gets_no_apology(fake_api: FakeBotAPI, bot_settings: Settings,
                                                                     bot_services: Services) -> None:
    from tests.bot.steps import process

    fake_api.slow("sendMessage", 1.5)
    async with build_application(bot_settings.model_copy(update={"telegram_timeout": 0.3}), bot_services) as app:
        await process(app, fake_api.push_text(42, "/start"))
    [reply] = fake_api.texts(42)
    assert "Trợ lý CCHC" in reply, "one reply, not followed by «Xin lỗi, đã có lỗi…»"
