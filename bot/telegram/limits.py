"""Flood control and update order that keep chats apart: a 429 on one chat pauses that chat only.

PTB's AIORateLimiter halts *every* request for retry_after seconds when one request meets a 429
("Too Many Requests"); with many unit groups that is one slow group stalling everybody's replies.
Here the pause is kept per chat (requests without a chat, like getUpdates, share one key), while the
steady overall rate and Telegram's per-group limit are the base class's.
"""
from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter, BaseUpdateProcessor

log = logging.getLogger(__name__)
SLACK = 0.1  # seconds added to Telegram's retry_after, as PTB does

JSONDict = dict[str, Any]


def retry_seconds(exc: RetryAfter) -> float:
    """RetryAfter.retry_after in seconds (an int today, a timedelta with PTB_TIMEDELTA=1)."""
    value = exc.retry_after
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)


class ChatRateLimiter(AIORateLimiter):
    """AIORateLimiter whose retry-after pause applies to the chat that earned it, not to every chat."""

    def __init__(self, *, max_retries: int = 0, **limits: float) -> None:
        super().__init__(max_retries=max_retries, **limits)
        self._resume_at: dict[object, float] = {}  # chat key -> loop time when it may send again

    async def _wait_turn(self, key: object) -> None:
        loop = asyncio.get_running_loop()
        while (delay := self._resume_at.get(key, 0.0) - loop.time()) > 0:
            await asyncio.sleep(delay)
        self._resume_at.pop(key, None)

    def _pause(self, key: object, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        self._resume_at[key] = max(self._resume_at.get(key, 0.0), loop.time() + seconds + SLACK)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Send through the overall and per-group limits; on a 429 wait (this chat only) and retry."""
        max_retries = rate_limit_args or self._max_retries
        chat_id = data.get("chat_id")
        chat = chat_id is not None
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)  # type: ignore[arg-type]
        group: int | str | bool = chat_id if (isinstance(chat_id, int) and chat_id < 0) or isinstance(chat_id, str) \
            else False
        for attempt in range(max_retries + 1):
            await self._wait_turn(chat_id)
            try:
                return await self._run_request(chat=chat, group=group,
                                               allow_paid_broadcast=data.get("allow_paid_broadcast", False),
                                               callback=callback, args=args, kwargs=kwargs)
            except RetryAfter as exc:
                if attempt == max_retries:
                    raise
                seconds = retry_seconds(exc)
                log.info("429 for chat %s (%s): waiting %.1f s before retrying that chat", chat_id, endpoint, seconds)
                self._pause(chat_id, seconds)
        raise AssertionError("unreachable")  # pragma: no cover


def rate_limiter(max_retries: int = 3) -> ChatRateLimiter:
    """Telegram's ~30 msg/s bulk limit as a steady 28 msg/s (no bursts that would earn a 429), with retries."""
    return ChatRateLimiter(overall_max_rate=1, overall_time_period=1 / 28, max_retries=max_retries)


class ChatOrderedUpdates(BaseUpdateProcessor):
    """Updates of one chat are handled one after another, in order; different chats at the same time.

    With PTB's default (one update at a time), a reply waiting out one chat's 429 — or a slow answer —
    holds up every other chat."""

    def __init__(self, max_concurrent_updates: int = 16) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[object, asyncio.Lock] = {}
        self._users: dict[object, int] = {}

    # PTB marks process_update final; this class must take the chat's lock before PTB's semaphore, or a chat's
    # waiting updates would hold every slot. do_process_update alone cannot do that.
    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:  # type: ignore[misc]
        """Wait for this chat's earlier updates (not holding a slot meanwhile), then handle this one."""
        key = chat_key(update)
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._users[key] = self._users.get(key, 0) + 1
        try:
            async with lock:
                await super().process_update(update, coroutine)
        finally:
            self._users[key] -= 1
            if not self._users[key]:
                del self._users[key], self._locks[key]

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""


def chat_key(update: object) -> object:
    """The chat an update belongs to (None for updates without one)."""
    chat = getattr(update, "effective_chat", None)
    return chat.id if chat is not None else None
