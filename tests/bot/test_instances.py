"""Several instances on one PostgreSQL database see each other's uploads: the database is the one truth."""
from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.services import Services
from bot.settings import Settings, load_settings
from bot.telegram.application import build_application
from tests.bot.conftest import ADMIN
from tests.bot.fakebotapi import FakeBotAPI, polling
from tests.bot.steps import buttons, process
from tests.bot.test_e2e import directive_docx
from tests.conftest import CCHC_COMMAND, ROOT

pytestmark = pytest.mark.postgres
USER = 42
FIRST = """Số: 10/UBND-NV
Vĩnh Linh, ngày 01 tháng 11 năm 2026

V/v báo cáo công tác văn thư lưu trữ năm 2026

Kính gửi: Phòng Nội vụ.

1. Phòng Nội vụ tổng hợp báo cáo công tác văn thư lưu trữ năm 2026 gửi UBND huyện trước ngày 20/11/2026.
"""
SECOND = FIRST.replace("10/UBND-NV", "11/UBND-NV").replace("văn thư lưu trữ", "kiểm kê thiết bị phòng họp trực tuyến") \
    .replace("20/11/2026", "25/11/2026")


def instance(pg_url: str, data_dir: Path, api: FakeBotAPI | None = None) -> Settings:
    extra = {"telegram_token": api.token, "telegram_base_url": api.base_url, "admin_ids": (ADMIN,)} if api else {}
    return load_settings(data_dir=data_dir, database_url=pg_url, _env_file=None, **extra)


@pytest.fixture
def first_letter(tmp_path: Path) -> Path:
    path = tmp_path / "cv10.txt"
    path.write_text(FIRST, encoding="utf-8")
    return path


@pytest.fixture
def two(pg_url: str, tmp_path: Path, fake_api: FakeBotAPI, first_letter: Path) -> Iterator[tuple[Services, Services]]:
    """Two instances: the same database, each its own data directory (index) and caches."""
    a = Services.start(instance(pg_url, tmp_path / "a", fake_api))
    b = Services.start(instance(pg_url, tmp_path / "b", fake_api))
    a.ingest([first_letter])
    try:
        yield a, b
    finally:
        a.close()
        b.close()


async def test_an_upload_saved_on_one_instance_answers_on_the_other(two: tuple[Services, Services],
                                                                    fake_api: FakeBotAPI) -> None:
    a, b = two
    question = "Hạn nộp báo cáo kết quả số hóa hồ sơ hộ tịch?"
    assert "15/12/2026" not in b.answers.ask(question).text  # B's caches are warm, without the new directive
    async with polling(build_application(a.settings, a)), build_application(b.settings, b) as app_b:
        fake_api.push_document(ADMIN, "cv99.docx", directive_docx())  # reaches instance A
        await fake_api.wait_sent(1, timeout=30)
        preview = fake_api.sent[-1]
        (_, save), _ = buttons(preview)
        await process(app_b, fake_api.push_callback(ADMIN, ADMIN, save, message_id=preview["message_id"]))
        assert fake_api.texts(ADMIN)[-2].startswith("✅ Đã lưu «cv99.docx»"), "B saved A's preview"
        assert fake_api.texts(ADMIN)[-1].startswith("<b>Xem lại nhiệm vụ 1/2</b>"), "then the review starts"
        before = len(fake_api.sent)
        fake_api.push_text(USER, question)  # A answers: it brings its index up to date first
        [reply] = (await fake_api.wait_sent(before + 1, timeout=30))[before:]
    assert "15/12/2026" in reply["text"]
    assert "15/12/2026" in b.answers.ask(question).text


@pytest.mark.slow
def test_an_ingest_in_another_process_answers_here(two: tuple[Services, Services], pg_url: str,
                                                   tmp_path: Path) -> None:
    a, _ = two
    question = "Hạn kiểm kê thiết bị phòng họp trực tuyến?"
    assert "25/11/2026" not in a.answers.ask(question).text
    second = tmp_path / "cv11.txt"
    second.write_text(SECOND, encoding="utf-8")
    env = {**os.environ, "CCHC_DATA_DIR": str(tmp_path / "other"), "CCHC_DATABASE_URL": pg_url}
    done = subprocess.run([*CCHC_COMMAND, "ingest", str(second)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "25/11/2026" in a.answers.ask(question).text
    assert a.index.search("kiểm kê thiết bị phòng họp trực tuyến")
