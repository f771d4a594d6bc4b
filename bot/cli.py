"""The `cchc` command: thin wrappers over the same services the bot uses.

Each area's commands live in their own module and are registered here, in a visible order.
"""
from __future__ import annotations

import logging
import sys

import typer

from bot import cli_ask, cli_corpus, cli_remind, cli_search, cli_serve
from bot.settings import Settings, load_settings
from corpus.errors import UserError

app = typer.Typer(
    help="Trợ lý CCHC: đọc văn bản chỉ đạo cải cách hành chính, trả lời hạn nộp, trách nhiệm và nhắc việc.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def settings_of(ctx: typer.Context) -> Settings:
    """The settings, loaded once per command line."""
    if ctx.obj is None:
        ctx.obj = load_settings()
    return ctx.obj


cli_corpus.register(app, settings_of)
cli_search.register(app, settings_of)
cli_ask.register(app, settings_of)
cli_serve.register(app, settings_of)
cli_remind.register(app, settings_of)


@app.command()
def run(ctx: typer.Context) -> None:
    """Start the assistant: ingest the bundled corpus on first start, then chat (or the Telegram bot).

    Example: cchc run
    """
    from bot.startup import run_assistant

    run_assistant(settings_of(ctx))


def main() -> None:
    """Entry point of the console script."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        app()
    except UserError as exc:
        typer.echo(exc.message, err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
