"""The coordinator's review from the command line and in the database: pending tasks are not followed until
confirmed; edits are checked, audited, and survive a new version of the same file; SQLite and PostgreSQL."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import select
from typer.testing import CliRunner

from bot import review
from bot.cli.app import app
from bot.reminders.status import progress
from bot.review import Actor
from bot.services import Services
from bot.settings import load_settings
from corpus import models as m
from corpus.errors import UserError
from corpus.tracking import AuditEntry

RUNNER = CliRunner()
LETTER = """Số: 99/UBND-NV
Gio Linh, ngày 01 tháng 12 năm 2026

V/v báo cáo kết quả CCHC năm 2026

Kính gửi:
- Phòng Tư pháp;
- Phòng Nội vụ.

1. Phòng Tư pháp gửi báo cáo kết quả rà soát văn bản quy phạm pháp luật về UBND huyện (qua Phòng Nội vụ) trước ngày 10/12/2026.

2. Phòng Nội vụ tổng hợp báo cáo kết quả CCHC năm 2026 gửi UBND tỉnh trước ngày 15/12/2026.
"""  # noqa: E501 (a sentence of the document, kept on one line)
NOW = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)
WHO = Actor(77, "Điều phối viên")


def cchc(data: Path, *args: str) -> tuple[int, str]:
    result = RUNNER.invoke(app, list(args), env={"CCHC_DATA_DIR": str(data)})
    return result.exit_code, result.output


def letter(folder: Path, text: str = LETTER) -> Path:
    path = folder / "gio_linh_99.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_cli_review_lists_edits_refuses_bad_input_confirms_and_shows_history(tmp_path: Path) -> None:
    data = tmp_path / "data"
    code, out = cchc(data, "ingest", str(letter(tmp_path)))
    assert code == 0 and "cchc review" in out
    code, out = cchc(data, "review")
    assert code == 0 and out.count("chờ xác nhận)") == 2 and "Còn 2 nhiệm vụ chờ xác nhận." in out
    assert "Trích: «Phòng Tư pháp gửi báo cáo" in " ".join(out.split())
    ids = [int(line.split()[0][1:]) for line in out.splitlines() if line.startswith("#")]

    code, out = cchc(data, "review", "--task", str(ids[0]), "--deadline", "31/02/2026")
    assert code == 2 and "không phải một ngày giờ có thật" in out
    code, out = cchc(data, "review", "--task", str(ids[0]), "--units", "Phòng Tư pháp; Sở Không Tồn Tại")
    assert code == 2 and "Không nhận ra đơn vị «Sở Không Tồn Tại»" in out

    code, out = cchc(data, "review", "--task", str(ids[0]), "--deadline", "12/12/2026 10:00",
                     "--submit-to", "Phòng Nội vụ", "--by", "Chị Lan")
    assert code == 0 and "hạn: 10/12/2026 → 12/12/2026 10:00" in out and "gửi về:" in out
    code, out = cchc(data, "review", "99/UBND-NV", "--confirm", str(ids[0]), "--drop", str(ids[1]))
    assert code == 0 and "Không còn nhiệm vụ nào chờ xác nhận." in out
    code, out = cchc(data, "show", "gio_linh_99.txt")
    flat = " ".join(out.split())
    assert "1 đã xác nhận" in flat and "1 đã bỏ" in flat and "Lịch sử thay đổi" in flat
    assert "Chị Lan" in flat and "hạn: 10/12/2026 → 12/12/2026 10:00" in flat
    assert "xác nhận: chờ xác nhận → đã bỏ" in flat


def test_ingest_confirm_confirms_at_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cchc(data, "ingest", "--confirm", str(letter(tmp_path)))[0] == 0
    code, out = cchc(data, "review")
    assert code == 0 and "Không còn nhiệm vụ nào chờ xác nhận." in out


@pytest.fixture
def services(db_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    svc = Services.start(load_settings(data_dir=tmp_path / "d", database_url=db_url, _env_file=None))
    yield svc
    svc.close()


def test_pending_tasks_are_not_followed_and_edits_survive_a_new_version(services: Services, tmp_path: Path) -> None:
    path = letter(tmp_path)
    [read] = services.ingest([path], update_index=False)
    doc_id = read.result.document_id
    with services.sessions() as s:
        assert progress(s, document_id=doc_id, now=NOW) == [], "nothing is counted before review"
        tasks = list(s.scalars(select(m.Task).where(m.Task.document_id == doc_id).order_by(m.Task.ord)))
    first, second = tasks[0].id, tasks[1].id
    with services.sessions() as s, s.begin():
        review.edit(s, services.knowledge.registry, first, "deadline", "12/12/2026", WHO, NOW)
        review.edit(s, services.knowledge.registry, first, "units", "Phòng Tư pháp; Phòng Nội vụ", WHO, NOW)
        review.confirm_all(s, doc_id, WHO, NOW)
    with services.sessions() as s, s.begin(), pytest.raises(UserError):
        review.edit(s, services.knowledge.registry, second, "deadline", "ngày mai", WHO, NOW)
    with services.sessions() as s:
        assert {r.unit for r in progress(s, document_id=doc_id, now=NOW)} >= {"Phòng Tư pháp", "Phòng Nội vụ"}

    path.write_text(LETTER.replace("Phòng Nội vụ tổng hợp", "Phòng Nội vụ khẩn trương tổng hợp")
                    + "\n3. Phòng Tư pháp báo cáo kết quả thực hiện trước ngày 20/12/2026.\n", encoding="utf-8")
    services.ingest([path], update_index=False)
    with services.sessions() as s:
        kept = s.get(m.Task, first)
        assert kept.deadline_date == dt.date(2026, 12, 12), "the coordinator's deadline is not read over"
        assert [tu.unit.name for tu in kept.units] == ["Phòng Tư pháp", "Phòng Nội vụ"] and kept.review == "confirmed"
        states = sorted(t.review for t in s.scalars(select(m.Task).where(m.Task.document_id == doc_id)))
        assert states == ["confirmed", "pending", "pending"], "changed and new sentences wait for review"
        audit = s.execute(select(AuditEntry.field, AuditEntry.by_user, AuditEntry.by_name)
                          .where(AuditEntry.task_id == first).order_by(AuditEntry.id)).all()
    assert audit == [("deadline", 77, "Điều phối viên"), ("units", 77, "Điều phối viên"),
                     ("review", 77, "Điều phối viên")]


def test_a_dropped_task_is_no_longer_listed_as_a_deadline(services: Services, tmp_path: Path) -> None:
    [read] = services.ingest([letter(tmp_path)], confirm=True)
    today = dt.date(2026, 12, 2)
    listed = services.answers.upcoming(None, today=today, window="tháng này").text
    assert "Gửi báo cáo kết quả rà soát" in listed and "Tổng hợp báo cáo kết quả CCHC" in listed
    with services.sessions() as s, s.begin():
        first = s.scalars(select(m.Task.id).where(m.Task.document_id == read.result.document_id)
                          .order_by(m.Task.ord)).first()
        review.set_review(s, first, "dropped", WHO, NOW)  # raises the corpus version: answers reload the tasks
    listed = services.answers.upcoming(None, today=today, window="tháng này").text
    assert "Gửi báo cáo kết quả rà soát" not in listed and "Tổng hợp báo cáo kết quả CCHC" in listed
