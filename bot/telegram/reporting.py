"""Errors reach people once: the same error goes to the admin chat at most once per window, with a count.

A poller that meets "409 Conflict" (another instance polling with the same token) gets it every few
seconds for as long as the other one runs; a broken dependency fails every update. The admin chat hears
of each kind once per REPORT_WINDOW (then "lặp lại N lần"), and of a conflict once with what it means.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from telegram.error import Conflict, TimedOut

_NUMBERS = re.compile(r"\d+")
REPORT_WINDOW = 600.0  # seconds: one report per kind of error

CONFLICT_TEXT = ("⚠️ Một phiên bản khác của bot đang nhận tin nhắn bằng cùng token (Telegram báo 409 Conflict). "
                 "Chỉ được chạy một tiến trình <code>cchc serve</code> nhận tin bằng long polling; khi chạy nhiều "
                 "máy, hãy dùng <code>cchc serve --webhook</code>. Thông báo này chỉ gửi một lần.")


def error_key(error: BaseException) -> str:
    """What makes two errors 'the same': the type and the message without its numbers (ids, counts, times)."""
    if isinstance(error, Conflict):
        return "Conflict"
    return f"{type(error).__name__}:{_NUMBERS.sub('#', str(error))[:120]}"


@dataclass
class ErrorDigest:
    """Decides which errors are reported now, counting the ones held back."""

    window: float = REPORT_WINDOW
    clock: Callable[[], float] = time.monotonic
    _last: dict[str, float] = field(default_factory=dict)
    _held: dict[str, int] = field(default_factory=dict)

    def admit(self, error: BaseException) -> int | None:
        """None: do not report (seen within the window, or a conflict already explained); else the number of
        the same errors held back since the last report (0 the first time)."""
        key, now = error_key(error), self.clock()
        last = self._last.get(key)
        if last is not None and (key == "Conflict" or now - last < self.window):
            self._held[key] = self._held.get(key, 0) + 1
            return None
        self._last[key] = now
        return self._held.pop(key, 0)


def maybe_delivered(error: BaseException) -> bool:
    """A timeout may come after Telegram delivered the message: apologising would say the reply failed."""
    return isinstance(error, TimedOut)
