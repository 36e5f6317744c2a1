"""Errors that carry a Dutch message meant for a user. Anything else is a bug: logged, never shown
as a traceback."""

from __future__ import annotations


class UserError(Exception):
    """An error with a clear Dutch message for the user; exit code for the command line."""

    exit_code = 1

    def __init__(self, message: str, *, detail: str | None = None):
        super().__init__(message)
        self.message = message
        self.detail = detail


class ConfigError(UserError):
    exit_code = 2


class DatabaseError(UserError):
    exit_code = 3


class DatabaseTooNew(DatabaseError):
    exit_code = 4


class PermissionDenied(UserError):
    exit_code = 5


class ConcurrentEdit(UserError):
    """Someone else saved the same record in the meantime (optimistic locking)."""

    exit_code = 6
