"""The console chat: the same replies the bot sends, read from stdin."""
from __future__ import annotations

import sys
from typing import TextIO

from bot.services import Services
from corpus.errors import UserError

PROMPT = "Bạn hỏi: "
GREETING = "Trợ lý CCHC (gõ câu hỏi; dòng trống hoặc Ctrl-D để thoát)."


def console_chat(services: Services, *, unit_id: int | None = None, stdin: TextIO | None = None,
                 stdout: TextIO | None = None) -> None:
    """Read questions line by line and print the bot's reply to each."""
    inp, out = stdin or sys.stdin, stdout or sys.stdout
    out.write(GREETING + "\n")
    while True:
        out.write(PROMPT)
        out.flush()
        line = inp.readline()
        if not line or not line.strip():
            out.write("\nTạm biệt.\n")
            return
        try:
            reply = services.answers.ask(line.rstrip("\n"), unit_id=unit_id).text
        except UserError as exc:
            reply = exc.message
        out.write(reply + "\n\n")
