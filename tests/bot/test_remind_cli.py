"""`cchc remind`: --once sends through the Bot API (the fake one on 127.0.0.1) or refuses; --dry-run never writes."""
from __future__ import annotations

import hashlib
from pathlib import Path

from sqlalchemy import func, select
from typer.testing import CliRunner

from bot.cli.app import app
from bot.services import Services
from corpus.tracking import Reminder
from tests.bot.fakebotapi import FakeBotAPI
from tests.bot.steps import link_chat

RUNNER = CliRunner()
GROUP = -100200
NOW = "2024-01-24 08:00"  # seven days before the seeds' 31/01/2024 deadlines of Phòng Nội vụ Vĩnh Linh


def remind(data_dir: Path, *args: str, **env: str):  # type: ignore[no-untyped-def]
    return RUNNER.invoke(app, ["remind", *args, "--now", NOW],
                         env={"CCHC_DATA_DIR": str(data_dir), "CCHC_TELEGRAM_TOKEN": None,
                              "CCHC_TELEGRAM_BASE_URL": None, **env})


def outbox(services: Services) -> dict[str, int]:
    with services.sessions() as s:
        return dict(s.execute(select(Reminder.state, func.count()).group_by(Reminder.state)).all())


def test_once_sends_through_telegram_and_marks_only_what_was_delivered(
        bot_services: Services, bot_data_dir: Path, fake_api: FakeBotAPI) -> None:
    link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    result = remind(bot_data_dir, "--once", CCHC_TELEGRAM_TOKEN=fake_api.token,
                    CCHC_TELEGRAM_BASE_URL=fake_api.base_url)
    assert result.exit_code == 0, result.output
    delivered = fake_api.sent_to(GROUP)
    assert delivered and all(m["parse_mode"] == "HTML" for m in delivered)
    assert any(m["text"].startswith("<b>Nhắc việc</b>") and "31/01/2024" in m["text"] for m in delivered)
    # the seeds come from three districts, each with its Phòng Nội vụ: the reminder says which one
    assert all("Phòng Nội vụ (huyện Vĩnh Linh)" in m["text"].split("\n")[0] for m in delivered)
    assert outbox(bot_services) == {"sent": len(delivered)}
    assert f"đã gửi {len(delivered)}" in result.output

    again = remind(bot_data_dir, "--once", CCHC_TELEGRAM_TOKEN=fake_api.token,
                   CCHC_TELEGRAM_BASE_URL=fake_api.base_url)
    assert again.exit_code == 0 and len(fake_api.sent_to(GROUP)) == len(delivered), "sent once, not twice"


def test_once_with_a_blocked_chat_marks_nothing_sent(bot_services: Services, bot_data_dir: Path,
                                                      fake_api: FakeBotAPI) -> None:
    link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    fake_api.block_chat(GROUP)
    result = remind(bot_data_dir, "--once", CCHC_TELEGRAM_TOKEN=fake_api.token,
                    CCHC_TELEGRAM_BASE_URL=fake_api.base_url)
    assert result.exit_code == 0, result.output
    assert "sent" not in outbox(bot_services) and fake_api.sent == []
    assert "liên kết của chúng đã được tắt" in " ".join(result.output.split())


def test_once_without_a_token_refuses_and_writes_nothing(bot_services: Services, bot_data_dir: Path) -> None:
    link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    result = remind(bot_data_dir, "--once")
    assert result.exit_code == 2
    assert "CCHC_TELEGRAM_TOKEN" in result.output and "--dry-run" in result.output
    assert "Traceback" not in result.output
    assert outbox(bot_services) == {}


def test_once_with_a_refused_token_says_so_and_writes_nothing(bot_services: Services, bot_data_dir: Path,
                                                              fake_api: FakeBotAPI) -> None:
    link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    result = remind(bot_data_dir, "--once", CCHC_TELEGRAM_TOKEN="999:WRONG",
                    CCHC_TELEGRAM_BASE_URL=fake_api.base_url)
    assert result.exit_code == 3
    assert "Telegram từ chối token" in result.output and "Traceback" not in result.output
    assert outbox(bot_services) == {} and fake_api.sent == []


def test_dry_run_shows_the_reminders_and_leaves_the_database_untouched(bot_services: Services,
                                                                         bot_data_dir: Path) -> None:
    link_chat(bot_services, GROUP, "Phòng Nội vụ Vĩnh Linh")
    bot_services.close()
    database = bot_data_dir / "cchc.sqlite3"
    before = hashlib.sha256(database.read_bytes()).hexdigest()
    result = remind(bot_data_dir, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "lời nhắc sẽ được gửi" in result.output and "31/01/2024" in result.output
    assert hashlib.sha256(database.read_bytes()).hexdigest() == before
    assert outbox(bot_services) == {}
