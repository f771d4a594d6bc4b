"""The `cchc` Typer application in Vietnamese: help, option errors and operational errors.

Every failure a user can meet on the command line ends as one Vietnamese sentence on standard error
and an exit code, never a traceback:

    0  done
    1  done, but some files or lines were refused (ingest, ask --batch); each one is reported
    2  the command line or the input is wrong (unknown option, bad date, unknown unit, bad settings)
    3  something outside the program failed (database unreachable, read-only or locked; Telegram
       refused the token; no network)
"""
from __future__ import annotations

import datetime as dt
import logging
import re
from typing import Any

import typer
from sqlalchemy.exc import SQLAlchemyError
from typer import rich_utils
from typer._click import exceptions as click_errors
from typer.core import TyperCommand, TyperGroup

from bot.cli.context import database_url_of
from corpus.errors import UserError

log = logging.getLogger(__name__)

USAGE_ERROR = 2
HELP_OPTION = "Hiện hướng dẫn này rồi thoát."
_RICH_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": "Đối số",
    "OPTIONS_PANEL_TITLE": "Tùy chọn",
    "COMMANDS_PANEL_TITLE": "Lệnh",
    "ERRORS_PANEL_TITLE": "Lỗi",
    "ABORTED_TEXT": "Đã dừng.",
    "REQUIRED_LONG_STRING": "[bắt buộc]",
    "DEFAULT_STRING": "[mặc định: {}]",
    "ENVVAR_STRING": "[biến môi trường: {}]",
    "DEPRECATED_STRING": "(không còn dùng) ",
    "RICH_HELP": "Xem hướng dẫn: [blue]{command_path} {help_option}[/]",
}


def vietnamese_help() -> None:
    """Typer's help and error panels keep their titles in module constants: set them in Vietnamese."""
    for name, text in _RICH_TEXTS.items():
        setattr(rich_utils, name, text)


def parse_day(value: str | None, option: str) -> dt.date | None:
    """'YYYY-MM-DD' (an option's value) as a date; a Vietnamese error naming the option otherwise."""
    if value is None or value == "":
        return None
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
            raise ValueError(value)
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise typer.BadParameter(f"«{value}» không phải một ngày có thật theo dạng YYYY-MM-DD "
                                 f"(ví dụ 2025-01-31).", param_hint=option) from None


# ------------------------------------------------------------------ option errors in Vietnamese


def _hint(e: click_errors.BadParameter) -> str:
    hint = e.param_hint if e.param_hint is not None else (e.param.get_error_hint() if e.param is not None else "")
    if isinstance(hint, (list, tuple)):
        hint = " / ".join(hint)
    return str(hint).replace("'", "")


_PYDANTIC = (
    (re.compile(r"greater than or equal to (\S+)"), "phải lớn hơn hoặc bằng {0}"),
    (re.compile(r"less than or equal to (\S+)"), "phải nhỏ hơn hoặc bằng {0}"),
    (re.compile(r"valid integer"), "phải là một số nguyên"),
    (re.compile(r"valid number"), "phải là một số"),
    (re.compile(r"does not match the formats?"), "phải có dạng YYYY-MM-DD"),
    (re.compile(r"valid boolean"), "phải là true hoặc false"),
)


def _value_message(message: str) -> str:
    """A library's message about a value, in Vietnamese (our own messages pass unchanged)."""
    for pattern, text in _PYDANTIC:
        if found := pattern.search(message):
            return text.format(*found.groups())
    return message


def vietnamese_usage_error(e: click_errors.UsageError) -> click_errors.UsageError:
    """The same error, worded in Vietnamese (the usage line and help hint are shown by Typer as usual)."""
    if isinstance(e, click_errors.NoArgsIsHelpError):
        return e
    if isinstance(e, click_errors.NoSuchOption):
        text = f"Không có tùy chọn {e.option_name}."
        if e.possibilities:
            text += f" Có phải ý bạn là {', '.join(sorted(e.possibilities))}?"
    elif isinstance(e, click_errors.MissingParameter):
        kind = e.param_type or (e.param.param_type_name if e.param is not None else "")
        what = "đối số" if kind == "argument" else "tùy chọn" if kind == "option" else "giá trị"
        text = f"Thiếu {what} {_hint(e)}.".replace("  ", " ")
    elif isinstance(e, click_errors.BadParameter):
        hint = _hint(e)
        message = _value_message(e.message)
        text = f"Giá trị của {hint} không hợp lệ: {message}" if hint else message
    elif isinstance(e, click_errors.BadOptionUsage) and "requires an argument" in e.message:
        text = f"Tùy chọn {e.option_name} cần một giá trị đi kèm."
    elif isinstance(e, click_errors.BadOptionUsage) and "does not take a value" in e.message:
        text = f"Tùy chọn {e.option_name} không nhận giá trị."
    elif found := re.match(r"No such command '(.*?)'\.(?: Did you mean (.*)\?)?", e.message):
        text = f"Không có lệnh «{found.group(1)}»." + (f" Có phải ý bạn là {found.group(2)}?" if found.group(2) else "")
    elif found := re.match(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", e.message):
        text = f"Thừa đối số: {found.group(1)}. Câu có dấu cách hãy đặt trong ngoặc kép."
    elif e.message.startswith("Missing command"):
        text = "Thiếu tên lệnh."
    else:
        text = e.message
    return click_errors.UsageError(text if text.endswith((".", "?", "!")) else text + ".", ctx=e.ctx)


# ------------------------------------------------------------------ operational errors in Vietnamese


def explain(exc: BaseException, database_url: str | None = None) -> tuple[str, int] | None:
    """An expected failure as (one Vietnamese sentence, exit code); None for a bug."""
    if isinstance(exc, UserError):
        return exc.message, int(getattr(exc, "exit_code", USAGE_ERROR))
    if isinstance(exc, SQLAlchemyError):
        from bot.services import database_failure

        failure = database_failure(exc, database_url)
        return failure.message, failure.exit_code
    return None


class _VietnameseUsage:
    """Usage line and help option in Vietnamese (mixed into Typer's command and group classes)."""

    options_metavar: str | None

    def _vietnamese_metavars(self) -> None:
        self.options_metavar = "[TÙY CHỌN]"

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = HELP_OPTION
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix="Cách dùng: ")


class CommandVi(_VietnameseUsage, TyperCommand):
    """A command whose usage line and help option speak Vietnamese."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._vietnamese_metavars()


class GroupVi(_VietnameseUsage, TyperGroup):
    """The root command: Vietnamese help, Vietnamese option errors, operational errors as a sentence and a code."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._vietnamese_metavars()
        self.subcommand_metavar = "LỆNH [ĐỐI SỐ]..."

    def make_context(self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any) -> Any:
        vietnamese_help()
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except click_errors.UsageError as e:
            raise vietnamese_usage_error(e) from None

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except click_errors.UsageError as e:
            raise vietnamese_usage_error(e) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as exc:  # noqa: BLE001 - expected failures become a sentence; bugs propagate
            said = explain(exc, database_url_of(ctx))
            if said is None:
                raise
            log.debug("command failed", exc_info=exc)
            typer.echo(said[0], err=True)
            raise typer.Exit(said[1]) from None


class CchcTyper(typer.Typer):
    """typer.Typer whose commands are CommandVi unless told otherwise."""

    def command(self, *args: Any, cls: type[TyperCommand] | None = None, **kwargs: Any) -> Any:
        return super().command(*args, cls=cls or CommandVi, **kwargs)
