"""Every operational error of `cchc` is one Vietnamese sentence and an exit code, never a traceback;
help is Vietnamese."""
from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.app import app
from tests.conftest import CCHC_COMMAND, ROOT, SEEDS

RUNNER = CliRunner()
LETTER = SEEDS / "000_e729732cc6e22462.txt"


def cchc(args: list[str], data_dir: Path, **env: str | None):  # type: ignore[no-untyped-def]
    """The command line through Typer's runner (stdout and stderr together in .output)."""
    return RUNNER.invoke(app, args, env={"CCHC_DATA_DIR": str(data_dir), "CCHC_DATABASE_URL": None, **env})


def console(args: list[str], data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """The real console script in its own process."""
    full = {k: v for k, v in os.environ.items() if k != "CCHC_DATABASE_URL"}
    full.update({"CCHC_DATA_DIR": str(data_dir), **env})
    return subprocess.run([*CCHC_COMMAND, *args], capture_output=True, text=True, env=full, timeout=120, cwd=ROOT)


def one_sentence(text: str) -> str:
    """The error text as one line (Rich may wrap long lines)."""
    assert "Traceback" not in text and "Error" not in text, text
    return " ".join(text.split())


# ------------------------------------------------------------------ the database and the data directory


@pytest.mark.slow
def test_a_read_only_database_still_reads_and_a_missing_one_is_explained(seeded_dir: Path, tmp_path: Path) -> None:
    url = f"sqlite:///file:{seeded_dir / 'cchc.sqlite3'}?mode=ro&uri=true"
    listed = console(["documents", "--json"], seeded_dir, CCHC_DATABASE_URL=url)
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 5
    url = f"sqlite:///file:{tmp_path / 'khong_co.sqlite3'}?mode=ro&uri=true"
    result = console(["documents"], tmp_path, CCHC_DATABASE_URL=url)
    assert result.returncode == 3
    assert one_sentence(result.stderr).startswith("Không mở được SQLite")


def test_writing_to_a_read_only_database_is_explained(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cchc(["documents"], data).exit_code == 0  # creates the database
    url = f"sqlite:///file:{data / 'cchc.sqlite3'}?mode=ro&uri=true"
    result = console(["ingest", str(LETTER)], data, CCHC_DATABASE_URL=url)
    assert result.returncode == 3, result.stderr
    assert "chỉ cho phép đọc" in one_sentence(result.stderr) and "cấp quyền ghi" in result.stderr


def test_a_locked_database_is_explained(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cchc(["documents"], data).exit_code == 0
    holder = sqlite3.connect(data / "cchc.sqlite3", isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")  # another process in the middle of a long write
        result = cchc(["ingest", str(LETTER)], data, CCHC_DB_TIMEOUT="0.2")
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert result.exit_code == 3
    assert "đang bị một tiến trình khác khóa" in one_sentence(result.output)


def test_a_data_dir_that_is_a_file_is_explained(tmp_path: Path) -> None:
    plain = tmp_path / "data"
    plain.write_text("not a folder", encoding="utf-8")
    result = console(["documents"], plain)
    assert result.returncode == 2
    assert one_sentence(result.stderr).startswith(f"CCHC_DATA_DIR ({plain}) là một tệp, không phải thư mục")
    under = cchc(["tasks"], plain / "sub")
    assert under.exit_code == 2 and "một phần của đường dẫn là tệp" in one_sentence(under.output)


def test_postgresql_down_is_explained(tmp_path: Path) -> None:
    result = console(["documents"], tmp_path / "data",
                     CCHC_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:1/cchc")
    assert result.returncode == 3
    assert one_sentence(result.stderr).startswith("Không kết nối được tới PostgreSQL 127.0.0.1:1/cchc")


def test_bad_settings_are_explained(tmp_path: Path) -> None:
    result = cchc(["documents"], tmp_path, CCHC_MAX_FILE_MB="nhiều")
    assert result.exit_code == 2 and "CCHC_MAX_FILE_MB" in result.output and "Cấu hình không hợp lệ" in result.output


# ------------------------------------------------------------------ ask --batch


def test_batch_with_a_missing_file(tmp_path: Path) -> None:
    result = cchc(["ask", "--json", "--batch", str(tmp_path / "khong_co.jsonl")], tmp_path / "data")
    assert result.exit_code == 2
    assert one_sentence(result.output) == f"Không tìm thấy tệp câu hỏi {tmp_path / 'khong_co.jsonl'}."


def test_batch_reports_bad_lines_and_goes_on(seeded_dir: Path, tmp_path: Path) -> None:
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join([
        json.dumps({"id": "a", "question": "Hạn nộp kế hoạch CCHC năm 2024?", "today": "2024-01-05"}),
        '{"id": "b", "question": "thiếu ngoặc"',
        json.dumps({"id": "c", "question": "Hạn nộp kế hoạch CCHC năm 2024?", "today": "2024-13-45"}),
        json.dumps({"id": "d"}),
        json.dumps({"id": "e", "question": "Hạn nộp kế hoạch CCHC năm 2025?"}, ensure_ascii=False),
    ]) + "\n", encoding="utf-8")
    result = RUNNER.invoke(app, ["ask", "--json", "--batch", str(questions)], env={"CCHC_DATA_DIR": str(seeded_dir)})
    assert result.exit_code == 1
    answers = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [a["id"] for a in answers] == ["a", "c", "d", "e"]
    assert answers[0]["answers"] and answers[3]["answers"]
    assert answers[1]["answers"] == [] and "2024-13-45" in answers[1]["text"]
    errors = result.stderr.splitlines()
    assert errors[0].startswith("Dòng 2: không phải JSON hợp lệ")
    assert errors[1].startswith("Dòng 3 (id c): «today» = «2024-13-45» không phải ngày có thật")
    assert errors[2].startswith("Dòng 4 (id d): thiếu trường \"question\"")


# ------------------------------------------------------------------ option errors and help


@pytest.mark.parametrize(("args", "expected"), [
    (["ask", "hạn nộp?", "--today", "2024-13-45"],
     "Giá trị của --today không hợp lệ: «2024-13-45» không phải một ngày"),
    (["tasks", "--due-from", "notadate"], "Giá trị của --due-from không hợp lệ: «notadate» không phải một ngày"),
    (["tiendo", "--to", "31/12/2024"], "Giá trị của --to không hợp lệ"),
    (["search", "x", "--limit", "0"], "phải lớn hơn hoặc bằng 1"),
    (["tasks", "--bogus"], "Không có tùy chọn --bogus."),
    (["remind", "--now"], "Tùy chọn --now cần một giá trị đi kèm."),
    (["show"], "Thiếu đối số doc."),
    (["khongco"], "Không có lệnh «khongco»."),
    (["search", "cải", "cách"], "Thừa đối số: cách."),
    (["remind", "--dry-run", "--now", "mai"], "--now phải có dạng"),
])
def test_option_errors_are_vietnamese(tmp_path: Path, args: list[str], expected: str) -> None:
    result = cchc(args, tmp_path)
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert expected in text, text
    for english in ("Invalid value", "does not match", "No such", "Missing", "Usage", "Try '", "Error"):
        assert english not in text


def test_help_is_vietnamese(tmp_path: Path) -> None:
    top = " ".join(cchc(["--help"], tmp_path).output.split())
    assert "Cách dùng: " in top and "[TÙY CHỌN] LỆNH [ĐỐI SỐ]..." in top and "Tùy chọn" in top and "Lệnh" in top
    assert "Hiện hướng dẫn này rồi thoát." in top and "Mã thoát" in top
    commands = [c.name or c.callback.__name__ for c in app.registered_commands]
    for command in commands:
        text = " ".join(cchc([command, "--help"], tmp_path).output.split())
        assert "Ví dụ:" in text, command
        for english in ("Usage", "Options", "Arguments", "Example", "Show this message", "[required]", "List the",
                        "Show ", "Run ", "Read ", "Search ", "Answer ", "Start "):
            assert english not in text, (command, english)
