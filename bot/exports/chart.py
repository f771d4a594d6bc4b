"""The progress chart (/tiendo, `cchc tiendo --png`): per unit, tasks done on time, done late, open and overdue,
as stacked horizontal bars in a PNG.

matplotlib's object API (Figure + the Agg canvas), never pyplot: no global state, so a chart may be drawn in a
worker thread while the bot serves other chats. Imported lazily: nothing is loaded until a chart is asked for."""
from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

MAX_UNITS = 40
SERIES = (("done", "Xong đúng hạn", "#2e7d32"), ("done_late", "Xong trễ hạn", "#f9a825"),
          ("open", "Đang làm (chưa đến hạn)", "#90a4ae"), ("overdue", "Quá hạn", "#c62828"))
DPI = 110


def progress_png(rows: Sequence[Any], title: str) -> bytes:
    """A PNG of reminders.status.UnitProgress rows (the most behind first, at the top)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    shown = list(rows[:MAX_UNITS])
    height = 1.6 + 0.38 * max(len(shown), 1)
    figure = Figure(figsize=(10, height), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    labels = [_clip(r.unit, 48) for r in shown]
    y = list(range(len(shown)))[::-1]  # the first row (most overdue) at the top
    left = [0] * len(shown)
    for attr, label, colour in SERIES:
        values = [getattr(r, attr) for r in shown]
        bars = axes.barh(y, values, left=left, color=colour, label=label, height=0.7)
        axes.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center", fontsize=8,
                       color="white")
        left = [a + b for a, b in zip(left, values, strict=True)]
    axes.set_yticks(y, labels, fontsize=9)
    axes.set_xlabel("Số nhiệm vụ (mỗi đơn vị, mỗi kỳ của việc định kỳ)")
    more = f" — {len(rows) - MAX_UNITS} đơn vị khác không vẽ" if len(rows) > MAX_UNITS else ""
    axes.set_title(_clip(f"Tiến độ — {title}", 110) + more, fontsize=11, loc="left")
    locator = axes.xaxis.get_major_locator()
    if isinstance(locator, MaxNLocator):  # the default for bars: counts get whole-number ticks
        locator.set_params(integer=True)
    axes.grid(axis="x", alpha=0.3)
    axes.set_axisbelow(True)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    if not shown:
        axes.text(0.5, 0.5, "Chưa có nhiệm vụ nào được giao", ha="center", va="center", transform=axes.transAxes)
    figure.legend(loc="outside lower center", ncols=4, fontsize=9, frameon=False)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
