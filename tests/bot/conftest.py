"""Fixtures for bot end-to-end tests against the fake Telegram Bot API."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.services import Services
from bot.settings import Settings, load_settings
from tests.bot.fakebotapi import FakeBotAPI


@pytest.fixture
def fake_api() -> Iterator[FakeBotAPI]:
    """A running FakeBotAPI on 127.0.0.1; closed on teardown."""
    api = FakeBotAPI()
    try:
        yield api
    finally:
        api.close()


# ------------------------------------------------------------------ the real bot (bot.telegram) on the fake server

ADMIN = 1001  # an admin's user id (and private chat)
ADMIN_CHAT = -5000  # the admins' group
OFFICER = 3001  # a user in a unit's group


@pytest.fixture
def bot_data_dir(seeded_dir: Path, tmp_path: Path) -> Path:
    """A private copy of the seeded data directory (the five seeds, indexed), for one test to change."""
    target = tmp_path / "data"
    shutil.copytree(seeded_dir, target)
    return target


@pytest.fixture
def bot_settings(fake_api: FakeBotAPI, bot_data_dir: Path) -> Settings:
    """Settings pointing the bot at the fake server, with one admin and an admin chat."""
    return load_settings(data_dir=bot_data_dir, telegram_token=fake_api.token,
                         telegram_base_url=fake_api.base_url, admin_ids=(ADMIN,), admin_chat_id=ADMIN_CHAT,
                         _env_file=None)


@pytest.fixture
def bot_services(bot_settings: Settings) -> Iterator[Services]:
    svc = Services.start(bot_settings)
    try:
        yield svc
    finally:
        svc.close()


@pytest.fixture(autouse=True)
def _timedelta_retry_after(monkeypatch: pytest.MonkeyPatch) -> None:
    """Opt in to PTB's future timedelta RetryAfter (no deprecation warnings)."""
    monkeypatch.setenv("PTB_TIMEDELTA", "1")
