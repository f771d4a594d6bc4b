"""The Telegram side of reminders: a Sender over the bot, and the JobQueue job that runs the outbox."""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import socket

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import ContextTypes, JobQueue

from bot.reminders.outbox import (
    ChatGone,
    ChatMoved,
    DispatchReport,
    MaybeSent,
    OutgoingMessage,
    RetryLater,
    TransientSendError,
    dispatch_once,
    plan_and_enqueue,
)
from bot.reminders.policy import Policy
from bot.services import Services
from bot.settings import Settings
from bot.telegram.access import policy_of, services_of, settings_of
from bot.telegram.botapi import explain, make_bot
from bot.telegram.limits import retry_seconds
from bot.telegram.render import esc
from bot.telegram.replies import NO_PREVIEW, markup

log = logging.getLogger(__name__)
JOB_NAME = "reminder-dispatcher"
INTERVAL = 30.0  # seconds between two runs of the outbox
FIRST_RUN = 5.0


class TelegramSender:
    """Sends outbox messages through the bot (and its rate limiter), mapping Telegram errors to the outbox's."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, msg: OutgoingMessage) -> None:
        """Send one message; raise ChatGone, ChatMoved, RetryLater or TransientSendError on failure."""
        try:
            await self.bot.send_message(msg.chat_id, msg.text, parse_mode=ParseMode.HTML,
                                        reply_markup=markup(msg.buttons), link_preview_options=NO_PREVIEW)
        except Forbidden as exc:
            raise ChatGone(str(exc)) from exc
        except ChatMigrated as exc:
            raise ChatMoved(exc.new_chat_id, str(exc)) from exc
        except RetryAfter as exc:
            raise RetryLater(retry_seconds(exc), str(exc)) from exc
        except BadRequest as exc:  # a permanent refusal; only a vanished chat is mapped
            if "chat not found" in str(exc).lower():
                raise ChatGone(str(exc)) from exc
            raise
        except TimedOut as exc:  # the request may have reached Telegram: delivered perhaps
            raise MaybeSent(str(exc)) from exc
        except NetworkError as exc:
            raise TransientSendError(str(exc)) from exc


def schedule_reminders(job_queue: JobQueue, interval: float = INTERVAL, first: float = FIRST_RUN) -> None:
    """Run the outbox every `interval` seconds (replacing an earlier schedule of the same name)."""
    for job in job_queue.get_jobs_by_name(JOB_NAME):
        job.schedule_removal()
    job_queue.run_repeating(reminder_tick, interval=interval, first=first, name=JOB_NAME,
                            job_kwargs={"max_instances": 1, "coalesce": True})


async def reminder_tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """One run: plan what is due into the outbox, send it, tell the admins about chats that are gone."""
    services, policy = services_of(context), policy_of(context)
    now = dt.datetime.now(dt.UTC)
    await asyncio.to_thread(_plan, services, policy, now)
    report = await dispatch_once(services.sessions, TelegramSender(context.bot), now=now, worker_id=worker_id())
    if report.sent or report.failed:
        log.info("reminders: %s sent, %s failed, %s retried", report.sent, report.failed, report.retried)
    if report.deactivated:
        await _tell_admins_gone(context, report.deactivated)


def _plan(services: Services, policy: Policy, now: dt.datetime) -> int:
    with services.sessions() as session, session.begin():
        return plan_and_enqueue(session, now, policy)


def worker_id() -> str:
    """This process, as the outbox's lease owner."""
    return f"{socket.gethostname()}:{os.getpid()}"


async def _tell_admins_gone(context: ContextTypes.DEFAULT_TYPE, chats: list[int]) -> None:
    admin_chat = settings_of(context).admin_chat_id
    if admin_chat is None:
        log.warning("reminders: chats %s blocked the bot; their links were deactivated", chats)
        return
    listed = ", ".join(esc(c) for c in sorted(set(chats)))
    text = (f"⚠️ Không gửi được nhắc việc tới {len(set(chats))} cuộc trò chuyện ({listed}): "
            "bot bị chặn hoặc bị xóa khỏi nhóm. Liên kết của các nhóm này đã được tắt; "
            "khi thêm lại bot, nhóm cần /dangky lại.")
    try:
        await context.bot.send_message(admin_chat, text, parse_mode=ParseMode.HTML)
    except TelegramError as exc:
        log.warning("could not tell the admin chat %s about gone chats: %s", admin_chat, exc)


async def send_due_once(settings: Settings, services: Services, policy: Policy, now: dt.datetime,
                        *, worker: str | None = None) -> tuple[int, DispatchReport]:
    """`cchc remind --once`: plan what is due at `now` and send it through the Bot API.

    The token is checked (getMe) before anything is written, so a refused token or no network leaves
    the outbox untouched; a row is marked sent only after Telegram accepted the message."""
    try:
        async with make_bot(settings) as bot:
            added = await asyncio.to_thread(_plan, services, policy, now)
            report = await dispatch_once(services.sessions, TelegramSender(bot), now=now,
                                         worker_id=worker or worker_id())
    except TelegramError as exc:
        raise explain(exc, settings) from None
    return added, report
