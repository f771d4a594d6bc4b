"""Errors of the project, in one place.

Our exception hierarchy::

    CchcError                 base of every error we raise on purpose
    └── UserError             the input is wrong; carries a safe Vietnamese message
        ├── UnreadableFile    a file we cannot or will not read (empty, binary, scan, legacy font, too big, bad type)
        ├── NotFound          a document, task or unit that does not exist
        └── NotAllowed        the user may not do this

Anything else is a bug: it is logged once by the caller's error handler and the
user gets a short apology, never the exception text.
"""
from __future__ import annotations


class CchcError(Exception):
    """Base of every error raised on purpose by the project."""


class UserError(CchcError):
    """An error caused by the input; `message` is safe to show to the user (Vietnamese)."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UnreadableFile(UserError):
    """A file that is refused; nothing from it is stored."""

    def __init__(self, message: str, *, reason: str) -> None:
        super().__init__(message)
        # machine-readable: empty, binary, scanned, legacy_encoding, too_large, unsupported, corrupt
        self.reason = reason


class NotFound(UserError):
    """A document, task or unit that does not exist."""


class NotAllowed(UserError):
    """The user is not allowed to do this."""
