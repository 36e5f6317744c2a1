"""Logging to a rotating file in the data folder. Tracebacks go there, never to a user.

The log holds no personal data. Three things see to that:

- every engine hides SQL parameters (``hide_parameters=True`` in ``storage.engine``);
- :class:`PrivacyFormatter` formats every exception itself: a database error keeps its class, its
  SQLSTATE / SQLite message with quoted values removed and the SQL text with placeholders, never its
  parameters or PostgreSQL's ``DETAIL`` line ("Key (bsn)=(...) already exists", "Failing row
  contains (...)"); an ``OSError`` keeps its errno and reason but not the file name (a worker may
  name a PDF after the resident); exceptions passed as logging arguments get the same treatment;
- anything that looks like a BSN (nine digits in a row) is masked in the final line.

The log file is created ``0600`` inside a ``0700`` folder (see ``toegang_app.private_files``).
"""

from __future__ import annotations

import logging
import logging.handlers
import re
import sys
import traceback
from pathlib import Path

LOG_FILE = "toegang.log"

_NINE_DIGITS = re.compile(r"(?<!\d)\d{9}(?!\d)")
_DOUBLE_QUOTED = re.compile(r'"([^"]*)"')
_SINGLE_QUOTED = re.compile(r"'([^']*)'")
_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_.]*$")
_known_identifiers: set[str] | None = None


def _identifiers() -> set[str]:
    """Names of our tables, columns, indexes and constraints: the only quoted words a database error
    may keep (values never are)."""
    global _known_identifiers
    if _known_identifiers is None:
        names: set[str] = {"alembic_version"}
        try:
            from toegang_app.storage.models import Base

            for table in Base.metadata.tables.values():
                names.add(table.name)
                names.update(c.name for c in table.columns)
                names.update(i.name for i in table.indexes if i.name)
                names.update(c.name for c in table.constraints if isinstance(c.name, str))
        except Exception:  # noqa: BLE001 - without the models every quoted word is dropped
            pass
        _known_identifiers = names
    return _known_identifiers


def _scrub_quoted(text: str) -> str:
    known = _identifiers()

    def keep(m: re.Match, q: str) -> str:
        word = m.group(1)
        parts = word.split(".")
        if _IDENTIFIER.match(word) and all(p in known for p in parts):
            return m.group(0)
        return f"{q}…{q}"

    text = _DOUBLE_QUOTED.sub(lambda m: keep(m, '"'), text)
    return _SINGLE_QUOTED.sub(lambda m: keep(m, "'"), text)


def mask_bsn(text: str) -> str:
    return _NINE_DIGITS.sub("[9 cijfers]", text)


def _is_dbapi_error(exc: BaseException) -> bool:
    import sqlite3

    if isinstance(exc, sqlite3.Error):
        return True
    mod = type(exc).__module__ or ""
    return mod.startswith(("psycopg", "sqlcipher3", "pysqlcipher3"))


def _dbapi_summary(exc: BaseException) -> str:
    """The driver error without values: PostgreSQL's primary message and SQLSTATE (never DETAIL),
    SQLite's message, quoted values removed either way."""
    name = type(exc).__name__
    diag = getattr(exc, "diag", None)
    if diag is not None:  # psycopg
        primary = getattr(diag, "message_primary", None) or str(exc).splitlines()[0] if str(exc) else ""
        state = getattr(exc, "sqlstate", None)
        constraint = getattr(diag, "constraint_name", None)
        extra = f" (SQLSTATE {state}" + (f", constraint {constraint}" if constraint else "") + ")" if state else ""
        return f"{name}{extra}: {_scrub_quoted(primary or '')}"
    first = str(exc).splitlines()[0] if str(exc) else ""
    return f"{name}: {_scrub_quoted(first)}"


def safe_exception_text(exc: BaseException) -> str:
    """One line describing ``exc`` without query parameters, row values or file names."""
    try:
        from sqlalchemy.exc import StatementError
    except Exception:  # noqa: BLE001
        StatementError = ()  # type: ignore[assignment]  # noqa: N806
    if StatementError and isinstance(exc, StatementError):
        stmt = " ".join((exc.statement or "").split())[:400]
        orig = exc.orig
        inner = _dbapi_summary(orig) if orig is not None and _is_dbapi_error(orig) else type(orig).__name__
        return mask_bsn(f"{type(exc).__name__}: {inner} [SQL: {stmt}] [parameters hidden]")
    if _is_dbapi_error(exc):
        return mask_bsn(_dbapi_summary(exc))
    if isinstance(exc, OSError):
        reason = exc.strerror or type(exc).__name__
        return f"{type(exc).__name__}: [Errno {exc.errno}] {reason}" if exc.errno is not None else type(exc).__name__
    return mask_bsn(f"{type(exc).__name__}: {exc}")


def safe_traceback(exc: BaseException) -> str:
    """Like ``traceback.format_exception`` (with the cause/context chain), but every exception line
    is :func:`safe_exception_text`. Frames show file, line and source, never local values."""
    seen: set[int] = set()
    parts: list[str] = []

    def walk(e: BaseException | None) -> None:
        if e is None or id(e) in seen:
            return
        seen.add(id(e))
        if e.__cause__ is not None:
            walk(e.__cause__)
            parts.append("\nThe above exception was the direct cause of the following exception:\n\n")
        elif e.__context__ is not None and not e.__suppress_context__:
            walk(e.__context__)
            parts.append("\nDuring handling of the above exception, another exception occurred:\n\n")
        if e.__traceback__ is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_tb(e.__traceback__))
        parts.append(safe_exception_text(e) + "\n")

    walk(exc)
    return "".join(parts).rstrip("\n")


class PrivacyFormatter(logging.Formatter):
    """A formatter that never writes query parameters, row values, file names or BSNs."""

    def format(self, record: logging.LogRecord) -> str:
        r = logging.makeLogRecord(record.__dict__)
        r.exc_text = None  # never reuse text another (unsafe) formatter cached on the record
        if isinstance(r.args, tuple):
            r.args = tuple(safe_exception_text(a) if isinstance(a, BaseException) else a for a in r.args)
        elif isinstance(r.args, dict):
            r.args = {k: safe_exception_text(v) if isinstance(v, BaseException) else v for k, v in r.args.items()}
        if r.exc_info and r.exc_info[1] is not None:
            r.exc_text = safe_traceback(r.exc_info[1])
        r.exc_info = None
        return mask_bsn(super().format(r))


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file (also after rotation) is readable by its owner only."""

    def _open(self):
        from toegang_app.private_files import secure_file

        stream = super()._open()
        secure_file(Path(self.baseFilename))
        return stream


def setup_logging(log_dir: Path | None, *, verbose: bool = False) -> Path | None:
    root = logging.getLogger()
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    for h in list(root.handlers):
        if getattr(h, "_toegang", False):
            root.removeHandler(h)
            h.close()
    path = None
    if log_dir is not None:
        try:
            from toegang_app.private_files import secure_dir

            secure_dir(log_dir)
            path = log_dir / LOG_FILE
            fh = _PrivateRotatingFileHandler(path, maxBytes=2_000_000, backupCount=5, encoding="utf-8")
            fh.setFormatter(PrivacyFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            fh._toegang = True  # type: ignore[attr-defined]
            root.addHandler(fh)
        except OSError:
            path = None
    if verbose:
        sh = logging.StreamHandler(sys.stderr)
        sh.setFormatter(PrivacyFormatter("%(levelname)s %(name)s: %(message)s"))
        sh._toegang = True  # type: ignore[attr-defined]
        root.addHandler(sh)
    return path
