"""The `cchc` command: thin wrappers over the same services the bot uses.

Each area's commands live in their own module and are registered here, in a visible order.
"""
from __future__ import annotations

import logging
import os
import sys

import typer

from bot.cli import ask, documents, export, ingest, progress, remind, review, search, serve
from bot.cli.context import services_of, settings_of
from bot.cli.typer_vi import CchcTyper, GroupVi, explain

app = CchcTyper(
    cls=GroupVi,
    help="Trợ lý CCHC: đọc văn bản chỉ đạo cải cách hành chính, trả lời hạn nộp, trách nhiệm và nhắc việc.\n\n"
         "Mã thoát: 0 xong; 1 xong nhưng có tệp hoặc dòng bị từ chối; 2 câu lệnh hoặc dữ liệu nhập sai; "
         "3 CSDL, mạng hoặc Telegram gặp sự cố.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


ingest.register(app)
documents.register(app)
search.register(app)
ask.register(app)
serve.register(app)
remind.register(app)
progress.register(app)
review.register(app)
export.register(app)


@app.command()
def run(ctx: typer.Context) -> None:
    """Khởi động trợ lý: lần đầu đọc bộ văn bản mẫu, rồi mở trò chuyện trên console (hoặc bot Telegram khi đã đặt
    CCHC_TELEGRAM_TOKEN).

    Ví dụ: cchc run
    """
    from bot.startup import run_assistant

    run_assistant(settings_of(ctx), lambda: services_of(ctx, first_start=True))


def main() -> None:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        app()
    except Exception as exc:  # noqa: BLE001 - the last line of defence: never a traceback for an operator
        said = explain(exc)
        if said is None and os.environ.get("CCHC_DEBUG") == "1":
            raise
        logging.getLogger("cchc").debug("unexpected error", exc_info=exc)
        message, code = said or (f"Lỗi không mong đợi ({type(exc).__name__}: {str(exc)[:200]}). "
                                 "Chạy lại với CCHC_DEBUG=1 để xem chi tiết và báo cho người quản trị.", 70)
        typer.echo(message, err=True)
        sys.exit(code)

