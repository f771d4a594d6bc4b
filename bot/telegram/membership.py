"""Telegram's word on who is in a unit's group: chat_member updates and join/leave service messages.

Leaving or being removed ends a member's right to act for the unit at once (the bot sees chat_member
updates when it is an administrator of the group, and join/leave service messages in any case); without
them, the stored membership is re-checked with getChatMember once it is a few minutes old (access.Gate).
"""
from __future__ import annotations

import asyncio
import datetime as dt

from telegram import Update
from telegram.ext import ContextTypes

from bot.telegram.access import gate_of, is_member


async def on_member_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """chat_member: a user joined, left, was removed, banned or restricted in a group."""
    change = update.chat_member
    if change is None:
        return
    user = change.new_chat_member.user
    await asyncio.to_thread(gate_of(context).record, change.chat.id, user.id, is_member(change.new_chat_member),
                            _now())


async def on_service_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """'X left the group' / 'X added Y': the same, from the service messages every bot receives."""
    message = update.effective_message
    if message is None:
        return
    gate, now = gate_of(context), _now()
    if message.left_chat_member is not None:
        await asyncio.to_thread(gate.record, message.chat.id, message.left_chat_member.id, False, now)
    for user in message.new_chat_members or ():
        if not user.is_bot:
            await asyncio.to_thread(gate.record, message.chat.id, user.id, True, now)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
