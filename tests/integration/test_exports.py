"""Exports on real files: the .xlsx read back with openpyxl, the .ics parsed back with icalendar, the RRULE of
every kind of recurring duty expanded and compared with corpus.deadlines.Recurrence."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar
from sqlalchemy import select
from typer.testing import CliRunner

from bot.cli.app import app
from bot.exports.ics import rrule_of, rrules
from bot.reminders import status
from bot.services import Services
from bot.settings import load_settings
from corpus import models as m
from corpus.deadlines import Recurrence

RUNNER = CliRunner()
VN = ZoneInfo("Asia/Ho_Chi_Minh")
LETTER = """Số: 120/UBND-NV
Vĩnh Linh, ngày 05 tháng 11 năm 2026

V/v báo cáo kiểm soát thủ tục hành chính

Kính gửi:
- Phòng Tư pháp;
- Phòng Nội vụ.

1. Phòng Tư pháp gửi báo cáo tình hình kiểm soát thủ tục hành chính về UBND huyện (qua Phòng Nội vụ) trước ngày 20 hằng tháng.

2. Phòng Tư pháp gửi báo cáo tổng kết công tác pháp chế năm 2026 về UBND huyện chậm nhất 10 giờ ngày 15/12/2026.

3. Phòng Nội vụ tổng hợp kết quả thực hiện, báo cáo UBND tỉnh trước ngày 25/11/2026.
"""  # noqa: E501 (a sentence of the document, kept on one line)


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A data directory with the letter read and confirmed, and Phòng Nội vụ's task done late."""
    letter = tmp_path / "cv120.txt"
    letter.write_text(LETTER, encoding="utf-8")
    services = Services.start(load_settings(data_dir=tmp_path / "data", _env_file=None))
    [read] = services.ingest([letter], confirm=True, update_index=False)
    with services.sessions() as s, s.begin():
        task = s.scalars(select(m.Task.id).where(m.Task.document_id == read.result.document_id)
                         .order_by(m.Task.ord)).all()[2]
        unit = s.scalar(select(m.TaskUnit.unit_id).where(m.TaskUnit.task_id == task))
        status.mark_done(s, task, unit, 5, dt.datetime(2026, 11, 27, 9, tzinfo=VN))  # two days late
    services.close()
    return tmp_path / "data"


def cchc(data: Path, *args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args), env={"CCHC_DATA_DIR": str(data)})
    return result.exit_code, result.output


def test_xlsx_has_vietnamese_headers_dates_statuses_and_filters(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "tien-do.xlsx"
    code, said = cchc(data, "export", "--xlsx", str(out))
    assert code == 0 and "3 dòng" in said
    book = openpyxl.load_workbook(out)
    sheet = book["Nhiệm vụ"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:7] == ("STT", "Văn bản", "Tệp", "Cơ quan ban hành", "Nhiệm vụ", "Đơn vị thực hiện", "Hạn")
    assert sheet.auto_filter.ref == "A1:N4" and sheet.freeze_panes == "A2"
    def row(start: str) -> tuple:
        [found] = [r for r in rows[1:] if r[4].startswith(start)]
        return found

    yearly = row("Gửi báo cáo tổng kết")
    assert yearly[5] == "Phòng Tư pháp" and yearly[6] == dt.datetime(2026, 12, 15) and yearly[7] == "10:00"
    assert sheet.cell(rows.index(yearly) + 1, 7).number_format == "DD/MM/YYYY"
    assert yearly[9] == "UBND huyện" and "chậm nhất 10 giờ ngày 15/12/2026" in yearly[12]
    monthly = row("Gửi báo cáo tình hình kiểm soát")
    assert monthly[8] == "ngày 20 hằng tháng" and monthly[6].day == 20
    late = row("Tổng hợp kết quả thực hiện")
    assert late[5] == "Phòng Nội vụ" and late[10] == "Xong trễ hạn" and late[11] == dt.datetime(2026, 11, 27)

    per = tmp_path / "theo-van-ban.xlsx"
    assert cchc(data, "export", "--xlsx", str(per), "--per-document", "--unit", "Phòng Tư pháp",
                "--due-from", "2026-12-01", "--due-to", "2026-12-31")[0] == 0
    book = openpyxl.load_workbook(per)
    assert book.sheetnames == ["Công văn số 120-UBND-NV"]
    only = list(book.active.iter_rows(min_row=2, values_only=True))
    assert [(r[5], r[6].date()) for r in only] == [("Phòng Tư pháp", dt.date(2026, 12, 15))]


def test_ics_of_a_unit_parses_back_with_quote_source_alarm_and_rrule(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "tu-phap.ics"
    code, said = cchc(data, "export", "--ics", str(out), "--unit", "Phòng Tư pháp Vĩnh Linh")
    assert code == 0 and "2 hạn" in said
    cal = Calendar.from_ical(out.read_bytes())
    events = cal.walk("VEVENT")
    assert len(events) == 2, "Phòng Nội vụ's task is not in Phòng Tư pháp's calendar"

    def event(start: str):  # type: ignore[no-untyped-def]
        [found] = [e for e in events if str(e["summary"]).startswith(start)]
        return found

    timed = event("Hạn: Gửi báo cáo tổng kết")
    start = timed.decoded("dtstart")
    assert start == dt.datetime(2026, 12, 15, 10, tzinfo=VN) and start.utcoffset() == dt.timedelta(hours=7)
    text = str(timed["description"])
    assert "«Phòng Tư pháp gửi báo cáo tổng kết" in text and "Nguồn: Công văn số 120/UBND-NV" in text
    [alarm] = timed.walk("VALARM")
    assert alarm.decoded("trigger") == -dt.timedelta(days=1) and str(alarm["action"]) == "DISPLAY"
    monthly = event("Hạn: Gửi báo cáo tình hình kiểm soát")
    assert monthly.decoded("dtstart") == dt.date(2026, 11, 20)
    assert monthly["rrule"].to_ical() == b"FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=20"
    [alarm] = monthly.walk("VALARM")
    assert alarm.decoded("trigger") == -dt.timedelta(hours=16), "08:00 the day before an all-day deadline"


def test_export_refuses_bad_options_and_writes_nothing(data: Path, tmp_path: Path) -> None:
    both = cchc(data, "export", "--xlsx", str(tmp_path / "a.xlsx"), "--ics", str(tmp_path / "a.ics"))
    assert both[0] == 2 and "Chọn đúng một trong hai" in both[1]
    no_unit = cchc(data, "export", "--ics", str(tmp_path / "a.ics"))
    assert no_unit[0] == 2 and "--ics cần --unit" in no_unit[1]
    unknown = cchc(data, "export", "--ics", str(tmp_path / "a.ics"), "--unit", "Sở Không Có")
    assert unknown[0] == 2 and "Không tìm thấy đơn vị" in unknown[1]
    assert not any(tmp_path.glob("a.*"))


@pytest.mark.parametrize("rec", [
    Recurrence("monthly", 20, None, ""), Recurrence("monthly", 31, None, ""), Recurrence("monthly", None, None, ""),
    Recurrence("monthly", 20, None, "", 2), Recurrence("quarterly", 20, 3, ""), Recurrence("quarterly", None, 1, ""),
    Recurrence("half_yearly", None, None, ""), Recurrence("half_yearly", 30, 6, ""), Recurrence("yearly", 15, 12, ""),
    Recurrence("yearly", 29, 2, ""), Recurrence("yearly", 31, None, "", 2), Recurrence("weekly", 5, None, ""),
    Recurrence("weekly", None, None, "", 2), Recurrence("daily", None, None, ""),
    Recurrence("yearly", 1, 6, "", 1, ((6, 1), (11, 15))),
], ids=lambda r: f"{r.freq}-{r.day}-{r.month}-{r.interval}-{len(r.days)}")
def test_every_rrule_gives_the_occurrences_of_its_rule(rec: Recurrence) -> None:
    expected: list[dt.date] = []
    day = dt.date(2025, 1, 10)
    while len(expected) < 24:
        day = rec.next_after(day)
        expected.append(day)
    got: set[dt.date] = set()
    for one in rrules(rec):
        first = one.first_on_or_after(dt.date(2025, 1, 11))
        rule = rrulestr("RRULE:" + rrule_of(one, first).to_ical().decode(),
                        dtstart=dt.datetime.combine(first, dt.time()))
        until = dt.datetime.combine(expected[-1], dt.time())
        got.update(d.date() for d in rule.between(dt.datetime(2025, 1, 10), until, inc=True))
    assert sorted(got) == expected
