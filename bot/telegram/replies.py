"""Sending rendered HTML: split under Telegram's limit, the keyboard under the last part."""
from __future__ import annotations

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions, Message, Update
from telegram.constants import ParseMode

from bot.telegram.render import Keyboard, split_html

NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


def markup(keyboard: Keyboard | None) -> InlineKeyboardMarkup | None:
    """An InlineKeyboardMarkup from rows of (label, callback_data); None when empty."""
    if not keyboard:
        return None
    return InlineKeyboardMarkup([[InlineKeyboardButton(label, callback_data=data) for label, data in row]
                                 for row in keyboard])


async def send_html(bot: Bot, chat_id: int, html: str, keyboard: Keyboard | None = None) -> list[Message]:
    """Send HTML to a chat in as many messages as needed; the keyboard goes under the last one."""
    parts = split_html(html)
    sent = []
    for i, part in enumerate(parts):
        reply_markup = markup(keyboard) if i == len(parts) - 1 else None
        sent.append(await bot.send_message(chat_id, part, parse_mode=ParseMode.HTML, reply_markup=reply_markup,
                                           link_preview_options=NO_PREVIEW))
    return sent


async def reply_html(update: Update, html: str, keyboard: Keyboard | None = None) -> list[Message]:
    """Reply in the update's chat (the first part quotes the user's message in groups)."""
    message = update.effective_message
    if message is None or update.callback_query is not None:
        chat = update.effective_chat
        assert chat is not None
        return await send_html(update.get_bot(), chat.id, html, keyboard)
    parts = split_html(html)
    sent = []
    for i, part in enumerate(parts):
        reply_markup = markup(keyboard) if i == len(parts) - 1 else None
        sent.append(await message.reply_html(part, reply_markup=reply_markup, link_preview_options=NO_PREVIEW,
                                             do_quote=None if i == 0 else False))
    return sent
