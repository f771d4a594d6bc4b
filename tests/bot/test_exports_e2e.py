"""/xuat and /lich through the real PTB stack against the fake Bot API: the files sent are read back."""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import AsyncIterator
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar
from telegram.ext import Application

from bot.services import Services
from bot.settings import Settings
from bot.telegram.application import build_application
from tests.bot.conftest import ADMIN, OFFICER
from tests.bot.fakebotapi import FakeBotAPI, polling
from tests.bot.steps import link_chat
from tests.bot.test_e2e import send
from tests.integration.test_exports import LETTER

GROUP_TP = -100901


@pytest.fixture
async def app(bot_settings: Settings, bot_services: Services, tmp_path: Path) -> AsyncIterator[Application]:
    letter = tmp_path / "cv120.txt"
    letter.write_text(LETTER, encoding="utf-8")
    assert bot_services.ingest([letter], confirm=True)[0].result is not None
    link_chat(bot_services, GROUP_TP, "Phòng Tư pháp Vĩnh Linh")
    async with polling(build_application(bot_settings, bot_services)) as running:
        yield running


def attached(msg: dict) -> tuple[str, bytes]:
    doc = msg["params"]["document"]
    return doc["file_name"], doc["data"]


async def test_lich_sends_the_units_calendar(app: Application, fake_api: FakeBotAPI) -> None:
    [sent] = await send(fake_api, GROUP_TP, "/lich", user_id=OFFICER)
    assert sent["method"] == "sendDocument" and "hạn sắp tới của Phòng Tư pháp (huyện Vĩnh Linh" in sent["caption"]
    name, data = attached(sent)
    assert name == "lich-han-phong-tu-phap.ics"
    events = Calendar.from_ical(data).walk("VEVENT")
    assert f"Lịch {len(events)} hạn sắp tới" in sent["caption"]  # the letter's two; the seeds' are past
    assert "hạn đã qua (quá hạn nếu chưa xong) không đưa vào lịch" in sent["caption"]
    summaries = [str(e["summary"]) for e in events]
    assert any(s.startswith("Hạn: Gửi báo cáo tình hình kiểm soát") for s in summaries)
    assert any(s.startswith("Hạn: Gửi báo cáo tổng kết") for s in summaries)
    assert not any("Tổng hợp kết quả thực hiện" in s for s in summaries), "Phòng Nội vụ's task is not here"
    [other] = await send(fake_api, GROUP_TP, "/lich Phòng Nội vụ Vĩnh Linh", user_id=OFFICER)
    assert "Chỉ điều phối viên" in other["text"]
    [nobody] = await send(fake_api, 4444, "/lich")
    assert "chưa liên kết với đơn vị nào" in nobody["text"]
    [admin] = await send(fake_api, ADMIN, "/lich Phòng Nội vụ Vĩnh Linh")
    if dt.date.today() <= dt.date(2026, 11, 25):  # the letter gives Phòng Nội vụ one deadline: 25/11/2026
        assert attached(admin)[0] == "lich-han-phong-noi-vu.ics"
    else:  # a past deadline is not offered as an upcoming one
        assert "không có hạn nào sắp tới" in admin["text"] and "hạn đã qua" in admin["text"]


async def test_xuat_sends_the_workbook_to_coordinators_only(app: Application, fake_api: FakeBotAPI) -> None:
    [one] = await send(fake_api, ADMIN, "/xuat 120/UBND-NV")
    name, data = attached(one)
    assert name.startswith("nhiem-vu-cchc-") and name.endswith(".xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert len(rows) == 4 and rows[0][10] == "Trạng thái"
    assert {r[5] for r in rows[1:]} == {"Phòng Tư pháp (huyện Vĩnh Linh)", "Phòng Nội vụ (huyện Vĩnh Linh)"}
    [everything] = await send(fake_api, ADMIN, "/xuat")
    book = openpyxl.load_workbook(io.BytesIO(attached(everything)[1]))
    assert len(book.sheetnames) >= 2, "one sheet per directive"
    [refused] = await send(fake_api, GROUP_TP, "/xuat", user_id=OFFICER)
    assert "chỉ dành cho quản trị viên" in refused["text"]
