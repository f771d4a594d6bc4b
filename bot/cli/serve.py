"""CLI command `cchc serve`: run the Telegram bot (polling, or a webhook for several instances)."""
from __future__ import annotations

import typer

from bot.cli.context import services_of, settings_of
from corpus.errors import UserError


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""

    @app.command()
    def serve(ctx: typer.Context,
              webhook: bool = typer.Option(False, "--webhook",
                                           help="Nhận cập nhật qua webhook (CCHC_WEBHOOK_URL, CCHC_WEBHOOK_SECRET) "
                                                "thay vì long polling")) -> None:
        """Chạy bot Telegram cho tới khi dừng (Ctrl+C); lần đầu đọc bộ văn bản mẫu.

        Ví dụ: CCHC_TELEGRAM_TOKEN=123456:ABC cchc serve
        """
        settings = settings_of(ctx)
        if settings.telegram_token is None:
            raise UserError("Chưa đặt CCHC_TELEGRAM_TOKEN. Tạo bot với @BotFather rồi đặt token vào .env.")
        from bot.telegram.application import check_webhook
        from bot.telegram.application import serve as serve_bot
        from bot.telegram.botapi import check_token

        if webhook:
            check_webhook(settings)  # before the (possibly slow) first-start ingest
        check_token(settings)  # a refused token or no network: one sentence now, not after the ingest
        serve_bot(settings, services_of(ctx, first_start=True), webhook=webhook)
