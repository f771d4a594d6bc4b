"""What `make run` does: prepare the embedded defaults, then start the chat or the bot."""
from __future__ import annotations

import time

from rich.console import Console

from bot.services import Services
from bot.settings import BUNDLED_CORPUS, Settings

console = Console()


def prepare(settings: Settings, *, quiet: bool = False) -> Services:
    """Open the database; on first start ingest the bundled corpus (and build the index).

    The bundled samples are confirmed as they are read: their reading is checked against the gold facts, they
    are not a new directive for the coordinator to review (another CCHC_CORPUS_DIR follows CCHC_AUTO_CONFIRM).
    quiet: report on standard error in one line (for commands whose standard output is data, like ask --json)."""
    started = time.perf_counter()
    services = Services.start(settings)
    if services.document_count() == 0 and settings.corpus_dir.exists():
        say = Console(stderr=True) if quiet else console
        say.print(f"Lần chạy đầu: đang đọc bộ văn bản mẫu trong {settings.corpus_dir} …")
        if quiet:
            from bot.ingest import ingest

            outcomes = ingest(services, [settings.corpus_dir], confirm=_samples(settings))
            say.print(f"Đã đọc {sum(1 for o in outcomes if o.result)}/{len(outcomes)} văn bản.")
        else:
            from bot.cli.ingest import ingest_with_progress, print_ingest_summary

            print_ingest_summary(ingest_with_progress(services, [settings.corpus_dir], confirm=_samples(settings)))
        say.print(f"Đã sẵn sàng sau {time.perf_counter() - started:.1f} giây.")
    return services


def _samples(settings: Settings) -> bool | None:
    """True for the bundled sample corpus, None (the setting decides) for a corpus of the administrator's."""
    return True if settings.corpus_dir.resolve() == BUNDLED_CORPUS.resolve() else None


def run_assistant(settings: Settings) -> None:
    """Start the Telegram bot when a token is set, else the console chat."""
    if settings.telegram_token:
        from bot.telegram.application import serve
        from bot.telegram.botapi import check_token

        check_token(settings)
        services = prepare(settings)
        try:
            serve(settings, services)
        finally:
            services.close()
        return
    services = prepare(settings)
    from bot.chat import console_chat

    console_chat(services)
