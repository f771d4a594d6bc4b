"""The progress chart: a real PNG (opened with Pillow), sized by the number of units, not blank, its colours
those of the counts it draws."""
from __future__ import annotations

import io
from pathlib import Path

from PIL import Image
from typer.testing import CliRunner

from bot.cli.app import app
from bot.exports.chart import DPI, progress_png
from bot.reminders.status import UnitProgress

RUNNER = CliRunner()
RED, GREEN = (0xC6, 0x28, 0x28), (0x2E, 0x7D, 0x32)


def colours(png: bytes) -> dict[tuple[int, int, int], int]:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    counts: dict[tuple[int, int, int], int] = {}
    for n, rgb in image.convert("RGB").getcolors(maxcolors=1 << 20) or []:
        counts[rgb] = n
    return counts


def test_the_chart_draws_what_the_counts_say() -> None:
    late = [UnitProgress(1, "Phòng Tư pháp (huyện Vĩnh Linh)", 2, 0, 1, 3), UnitProgress(2, "Phòng Nội vụ", 0, 1, 2, 0)]
    png = progress_png(late, "Kế hoạch số 11/KH-UBND")
    image = Image.open(io.BytesIO(png))
    assert image.size[0] == 10 * DPI and image.size[1] >= 2 * DPI
    seen = colours(png)
    assert len(seen) > 20, "not blank"
    assert seen.get(RED, 0) > 5000 and seen.get(GREEN, 0) > 5000
    on_time = progress_png([UnitProgress(1, "Phòng Tư pháp", 3, 0, 0, 0)], "x")
    assert colours(on_time).get(RED, 0) < 1000, "no overdue task: no red bar (the legend's patch only)"
    many = progress_png([UnitProgress(i, f"Đơn vị {i}", 1, 0, 0, 0) for i in range(30)], "x")
    assert Image.open(io.BytesIO(many)).size[1] > image.size[1] * 2, "one bar per unit"


def test_cchc_tiendo_png_writes_the_chart(seeded_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "tien-do.png"
    result = RUNNER.invoke(app, ["tiendo", "--png", str(out)], env={"CCHC_DATA_DIR": str(seeded_dir)})
    assert result.exit_code == 0, result.output
    assert "Đã vẽ biểu đồ tiến độ" in " ".join(result.output.split())
    seen = colours(out.read_bytes())
    assert seen.get(RED, 0) > 5000, "the seeds' past deadlines are overdue: red bars"
    bad = RUNNER.invoke(app, ["tiendo", "--png", str(tmp_path / "khong" / "co" / "x.png")],
                        env={"CCHC_DATA_DIR": str(seeded_dir)})
    assert bad.exit_code == 3 and "Không ghi được tệp" in bad.output
