"""Errors that carry a Dutch message meant for a user. Anything else is a bug: logged, never shown
as a traceback."""

from __future__ import annotations

from collections.abc import Iterable


class UserError(Exception):
    """An error with a clear Dutch message for the user; exit code for the command line."""

    exit_code = 1

    def __init__(self, message: str, *, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail


class Afgebroken(UserError):
    """The user cancelled a background job (``ui.workers.Job``); nothing was written."""

    exit_code = 130

    def __init__(self, message: str = "Afgebroken: er is niets opgeslagen."):
        super().__init__(message)


class ConfigError(UserError):
    """A resource file, setting or entry is not valid. ``messages`` lists every problem in Dutch, each
    naming the file, the entry and the field (``"ave.yaml, regel 3, veld 'als': ..."``); ``message``
    is them joined by newlines. The one error class for all of Toegang's validated configuration
    (``resources/*.yaml``, the sociale kaart, ``instellingen.json``, the database URL)."""

    exit_code = 2

    def __init__(self, messages: str | Iterable[str], *, detail: str | None = None):
        self.messages = [messages] if isinstance(messages, str) else [str(m) for m in messages]
        super().__init__("\n".join(self.messages), detail=detail)


class DatabaseError(UserError):
    exit_code = 3


class DatabaseTooNew(DatabaseError):
    exit_code = 4


class PermissionDenied(UserError):
    exit_code = 5


class ConcurrentEdit(UserError):
    """Someone else saved the same record in the meantime (optimistic locking)."""

    exit_code = 6
