"""What a command gets from its command line: the settings and the services, each opened once and closed.

The state lives on the root context (`ctx.find_root().obj`), where `typer_vi.GroupVi` turns errors into a
Vietnamese sentence. `services_of` starts `Services` at a command's first call and registers its closing
on that context, so the database engine is disposed when the command ends, whether it returned, exited with
a code or failed (`cchc` closes the root context on every way out).

    @app.command()
    def documents(ctx: typer.Context) -> None:
        services = services_of(ctx)  # opened here, closed when the command ends
        ...
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from bot.services import Services
    from bot.settings import Settings


@dataclass
class CommandState:
    """One command line's settings, and its services once a command asked for them."""

    settings: Settings
    services: Services | None = None


def state_of(ctx: typer.Context) -> CommandState:
    """The state of this command line, its settings loaded at the first call."""
    root = ctx.find_root()
    if root.obj is None:
        from bot.settings import load_settings

        root.obj = CommandState(load_settings())
    return root.obj


def settings_of(ctx: typer.Context) -> Settings:
    """The settings, loaded once per command line (a Vietnamese error when they are wrong)."""
    return state_of(ctx).settings


def services_of(ctx: typer.Context, *, first_start: bool = False, quiet: bool = False) -> Services:
    """The services of this command line: started at the first call, closed when the command ends.

    first_start: on an empty database, read the bundled corpus first (bot.startup.prepare), as the commands
    that answer or serve do; quiet: report that on standard error in one line (standard output is data)."""
    state = state_of(ctx)
    if state.services is None:
        if first_start:
            from bot.startup import prepare

            services = prepare(state.settings, quiet=quiet)
        else:
            from bot.services import Services

            services = Services.start(state.settings)
        state.services = services
        ctx.find_root().call_on_close(services.close)
    return state.services


def database_url_of(ctx: typer.Context) -> str | None:
    """The database URL of this command line, when its settings were loaded (to name it in an error)."""
    state = ctx.find_root().obj
    return state.settings.db_url if isinstance(state, CommandState) else None
