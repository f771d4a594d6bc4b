"""A damaged search index heals itself: rebuilt from the database with a Vietnamese note on stderr, no traceback."""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli.app import app

RUNNER = CliRunner()
NOTE = "bị hỏng nên đã được dựng lại từ CSDL"


def _generation(data: Path) -> Path:
    index = data / "index"
    return index / (index / "CURRENT").read_text(encoding="utf-8").strip()


def _garbage_toc(gen: Path) -> None:
    for toc in gen.glob("*.toc"):
        toc.write_bytes(b"\x00\xff" * 100)


def _truncated_segment(gen: Path) -> None:
    for seg in gen.glob("*.seg"):
        with open(seg, "r+b") as f:
            f.truncate(1000)


def _garbage_segment(gen: Path) -> None:
    for seg in gen.glob("*.seg"):
        seg.write_bytes(b"not a segment" * 400)


def _missing_segment(gen: Path) -> None:
    for seg in gen.glob("*.seg"):
        seg.unlink()


@pytest.fixture
def data(seeded_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(seeded_dir, target)
    return target


@pytest.mark.parametrize("damage", [_garbage_toc, _truncated_segment, _garbage_segment, _missing_segment])
def test_search_rebuilds_a_damaged_index(data: Path, damage: Callable[[Path], None]) -> None:
    damage(_generation(data))
    result = RUNNER.invoke(app, ["search", "kế hoạch CCHC năm 2024", "--json"], env={"CCHC_DATA_DIR": str(data)})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout), "the rebuilt index answers"
    assert NOTE in " ".join(result.stderr.split()) and "Traceback" not in result.stderr
    again = RUNNER.invoke(app, ["search", "kế hoạch", "--json"], env={"CCHC_DATA_DIR": str(data)})
    assert again.exit_code == 0 and NOTE not in again.stderr, "healed once, for good"


def test_ask_and_chat_survive_a_damaged_index(data: Path) -> None:
    _truncated_segment(_generation(data))
    asked = RUNNER.invoke(app, ["ask", "--json", "Hạn nộp kế hoạch CCHC năm 2024?"], env={"CCHC_DATA_DIR": str(data)})
    assert asked.exit_code == 0, asked.output
    assert json.loads(asked.stdout)["answers"][0]["deadline"]["date"] == "2024-01-31"
    assert NOTE in " ".join(asked.stderr.split())
    _garbage_toc(_generation(data))
    chat = RUNNER.invoke(app, ["chat"], input="Hạn nộp kế hoạch CCHC năm 2024?\n\n", env={"CCHC_DATA_DIR": str(data)})
    assert chat.exit_code == 0 and "31/01/2024" in chat.stdout and NOTE in " ".join(chat.stderr.split())
