"""The Telegram bot: the only package that imports `telegram`; nothing runs at import time."""
