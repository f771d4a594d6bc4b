"""What `make run` does: prepare the embedded defaults, then start the chat or the bot."""
from __future__ import annotations

import time
from collections.abc import Callable

from rich.console import Console

from bot.services import Services
from bot.settings import BUNDLED_CORPUS, Settings

console = Console()


def prepare(settings: Settings, *, quiet: bool = False) -> Services:
    """Open the database; on first start ingest the bundled corpus (and build the index).

    The bundled samples are confirmed as they are read: their reading is checked against the gold facts, they
    are not a new directive for the coordinator to review (another CCHC_CORPUS_DIR follows CCHC_AUTO_CONFIRM).
    quiet: report on standard error in one line (for commands whose standard output is data, like ask --json).
    The caller closes the services (the CLI: bot.cli.context.services_of)."""
    started = time.perf_counter()
    services = Services.start(settings)
    try:
        if services.document_count() == 0 and settings.corpus_dir.exists():
            _read_samples(services, settings, quiet=quiet, started=started)
    except BaseException:
        services.close()  # the caller never gets them to close
        raise
    return services


def _read_samples(services: Services, settings: Settings, *, quiet: bool, started: float) -> None:
    """Read the bundled corpus into an empty database, saying so (on standard error when quiet)."""
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


def _samples(settings: Settings) -> bool | None:
    """True for the bundled sample corpus, None (the setting decides) for a corpus of the administrator's."""
    return True if settings.corpus_dir.resolve() == BUNDLED_CORPUS.resolve() else None


def run_assistant(settings: Settings, open_services: Callable[[], Services]) -> None:
    """Start the Telegram bot when a token is set, else the console chat.

    open_services: prepare's services, opened (after the token is checked) and closed by the caller."""
    if settings.telegram_token:
        from bot.telegram.application import serve
        from bot.telegram.botapi import check_token

        check_token(settings)
        serve(settings, open_services())
        return
    from bot.chat import console_chat

    console_chat(open_services())
