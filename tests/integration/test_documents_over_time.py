"""Documents over time on real files: a directive that replaces or repeals another marks it superseded (either
order of arrival), its tasks stop being followed and answers quoting it say so; withdrawing a directive removes
it with its tasks and pending reminders and keeps its history."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from bot import review
from bot.cli.app import app
from bot.reminders import status
from bot.review import Actor
from bot.services import Services
from bot.settings import load_settings
from corpus import models as m
from corpus import tracking as tr
from corpus.repeals import find_repeals
from tests.integration.test_review import LETTER as OLD

RUNNER = CliRunner()
NEW = """Số: 130/UBND-NV
Gio Linh, ngày 08 tháng 12 năm 2026

V/v điều chỉnh thời hạn báo cáo CCHC năm 2026

Kính gửi: Phòng Nội vụ.

1. Phòng Nội vụ tổng hợp số liệu khảo sát sự hài lòng của người dân, gửi UBND tỉnh trước ngày 28/12/2026.

Công văn này thay thế Công văn số 99/UBND-NV ngày 01/12/2026 của UBND huyện.
"""
NOW = dt.datetime(2026, 12, 9, 9, tzinfo=dt.UTC)


@pytest.mark.parametrize(("text", "numbers"), [
    ("Quyết định này có hiệu lực kể từ ngày ký và thay thế Quyết định số 45/2020/QĐ-UBND ngày 01/01/2020.",
     ["45/2020/QĐ-UBND"]),
    ("Bãi bỏ Kế hoạch số 11/KH-UBND ngày 15/01/2024 của UBND huyện.", ["11/KH-UBND"]),
    ("Công văn số 99/UBND-NV ngày 02/11/2026 hết hiệu lực kể từ ngày ký.", ["99/UBND-NV"]),
    ("Kế hoạch này thay thế cho Kế hoạch số 11/KH-UBND và Kế hoạch số 12/KH-UBND.", ["11/KH-UBND", "12/KH-UBND"]),
    ("Bãi bỏ khoản 2 Điều 3 Quyết định số 12/QĐ-UBND.", []),  # a part only
    ("Thực hiện thay thế hồ sơ giấy theo Kế hoạch số 11/KH-UBND.", []),  # not a document replaced
    ("Các nội dung trái với Quyết định số 45/QĐ-UBND được thay thế bởi văn bản này.", []),
    ("Căn cứ Kế hoạch số 11/KH-UBND ngày 15/01/2024 của UBND huyện.", []),
])
def test_repeals_read_from_sentences(text: str, numbers: list[str]) -> None:
    assert [r.number for r in find_repeals(text)] == numbers


@pytest.fixture
def services(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    svc = Services.start(load_settings(data_dir=tmp_path / "d", database_url=db_url, _env_file=None))
    yield svc
    svc.close()


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("new_first", [False, True], ids=["old-then-new", "new-then-old"])
def test_a_replacing_directive_supersedes_the_old_one(services: Services, tmp_path: Path, new_first: bool) -> None:
    old, new = _write(tmp_path, "cv99.txt", OLD), _write(tmp_path, "cv130.txt", NEW)
    services.ingest([new, old] if new_first else [old, new], confirm=True)
    with services.sessions() as s:
        docs = {d.number: d for d in s.scalars(select(m.Document))}
        assert docs["99/UBND-NV"].superseded_by_id == docs["130/UBND-NV"].id
        assert "thay thế Công văn số 99/UBND-NV" in docs["99/UBND-NV"].superseded_note
        assert docs["130/UBND-NV"].superseded_by_id is None
        followed = {r.unit for r in status.progress(s, now=NOW)}
    assert followed == {"Phòng Nội vụ"}, "the old letter's Phòng Tư pháp task is no longer followed"
    answer = services.answers.ask("Hạn gửi báo cáo kết quả rà soát văn bản quy phạm pháp luật?",
                                  today=dt.date(2026, 12, 9))
    assert "10/12/2026" in answer.text
    assert "⚠️ Lưu ý: Công văn số 99/UBND-NV V/v báo cáo kết quả CCHC năm 2026 đã bị thay thế hoặc bãi bỏ bởi " \
           "Công văn số 130/UBND-NV" in answer.text
    assert "⚠️ Lưu ý" in answer.html
    current = services.answers.ask("Hạn tổng hợp số liệu khảo sát sự hài lòng?", today=dt.date(2026, 12, 9))
    assert "28/12/2026" in current.text and "Lưu ý" not in current.text


MOVED = """Số: 131/UBND-NV
Gio Linh, ngày 08 tháng 12 năm 2026

V/v điều chỉnh thời hạn báo cáo kết quả CCHC năm 2026

Kính gửi: Phòng Nội vụ.

Phòng Nội vụ tổng hợp báo cáo kết quả CCHC năm 2026 gửi UBND tỉnh trước ngày 22/12/2026.

Công văn này thay thế Công văn số 99/UBND-NV ngày 01/12/2026 của UBND huyện.
"""


def test_the_directive_in_force_answers_before_the_one_it_replaces(services: Services, tmp_path: Path) -> None:
    services.ingest([_write(tmp_path, "cv99.txt", OLD), _write(tmp_path, "cv131.txt", MOVED)], confirm=True)
    answer = services.answers.ask("Hạn Phòng Nội vụ tổng hợp báo cáo kết quả CCHC năm 2026?",
                                  today=dt.date(2026, 12, 9))
    assert answer.answers and answer.answers[0].deadline is not None
    assert answer.answers[0].deadline["date"] == "2026-12-22"
    before = services.answers.ask("Trước đây hạn Phòng Nội vụ tổng hợp báo cáo kết quả CCHC năm 2026 là ngày nào?",
                                  today=dt.date(2026, 12, 9))
    assert any(a.deadline and a.deadline["date"] == "2026-12-15" for a in before.answers)


def test_remove_withdraws_a_directive_and_keeps_its_history(services: Services, tmp_path: Path) -> None:
    [read] = services.ingest([_write(tmp_path, "cv99.txt", OLD)], confirm=True)
    doc_id = read.result.document_id
    with services.sessions() as s, s.begin():
        task = s.scalars(select(m.Task).where(m.Task.document_id == doc_id).order_by(m.Task.ord)).first()
        unit = task.units[0].unit_id
        status.mark_done(s, task.id, unit, 42, NOW)
        review.edit(s, services.knowledge.registry, task.id, "submit_to", "Phòng Nội vụ", Actor(7, "Chị Lan"), NOW)
        s.add(tr.Reminder(dedupe_key="due:x", kind="due", task_id=task.id, unit_id=unit, chat_id=5, due_at=NOW))
    assert "rà soát văn bản" in services.answers.ask("Hạn gửi báo cáo kết quả rà soát văn bản?").text

    done = services.withdraw("99/UBND-NV", Actor(7, "Chị Lan"))
    assert (done.tasks, done.reminders) == (2, 1)
    with services.sessions() as s:
        assert s.get(m.Document, doc_id) is None
        assert s.scalar(select(func.count()).select_from(m.Task)) == 0
        assert s.scalar(select(func.count()).select_from(tr.Reminder)) == 0
        lines = review.history(s)
    fields = [(h.field, h.old, h.new) for h in lines]
    assert ("document", "còn hiệu lực", "đã thu hồi") in fields
    assert ("status", "chưa xong", "đã xong") in fields, "who marked what done is kept"
    assert ("submit_to", "UBND huyện (qua Phòng Nội vụ)", "Phòng Nội vụ") in fields
    assert all(h.document == "Công văn số 99/UBND-NV (cv99.txt)" for h in lines)
    assert "rà soát văn bản" not in services.answers.ask("Hạn gửi báo cáo kết quả rà soát văn bản?").text


def test_cchc_remove_asks_then_removes(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {"CCHC_DATA_DIR": str(data)}
    assert RUNNER.invoke(app, ["ingest", "--confirm", str(_write(tmp_path, "cv99.txt", OLD))], env=env).exit_code == 0
    kept = RUNNER.invoke(app, ["remove", "cv99.txt"], env=env, input="n\n")
    assert kept.exit_code == 2 and "không thu hồi gì" in kept.output
    gone = RUNNER.invoke(app, ["remove", "99/UBND-NV", "--yes", "--by", "Anh Nam"], env=env)
    assert gone.exit_code == 0 and "Đã thu hồi Công văn số 99/UBND-NV (cv99.txt): 2 nhiệm vụ" in gone.output
    again = RUNNER.invoke(app, ["remove", "99/UBND-NV", "--yes"], env=env)
    assert again.exit_code == 2 and "Không tìm thấy văn bản «99/UBND-NV»" in again.output
