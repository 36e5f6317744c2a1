"""Files only for the user: the data folder is ``0700`` and every file Toegang writes is ``0600`` (POSIX).

Two layers, so that a file written by code that does not know about this (a PDF from ReportLab, an
XLSX from openpyxl, SQLite's ``-wal``/``-shm``) is private too:

- :func:`apply_private_umask` sets the process umask to ``077`` at the start of ``toegang`` and
  ``toegang-admin``: every file and folder the process creates from then on is for its owner only,
  wherever the user saves it;
- :func:`secure_dir` / :func:`secure_file` / :func:`secure_tree` tighten what already exists (a data
  folder made by an older version with ``0755``/``0644``), and :func:`write_private_bytes` writes a
  file atomically with ``0600`` from the first byte, whatever the umask.

On Windows these calls do nothing: the data folder is ``platformdirs.user_data_dir`` under the user's
own profile (``%LOCALAPPDATA%``), whose access list admits only that user, SYSTEM and the
administrators; files inherit it. Only files owned by the current user are changed.
"""

from __future__ import annotations

import os
import shutil
import stat
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

PRIVATE_UMASK = 0o077
DIR_MODE = 0o700
FILE_MODE = 0o600
POSIX = os.name == "posix"


def apply_private_umask() -> int | None:
    """Set the process umask to 077; returns the previous one (None on Windows)."""
    if not POSIX:
        return None
    return os.umask(PRIVATE_UMASK)


def restore_umask(old: int | None) -> None:
    if POSIX and old is not None:
        os.umask(old)


def _owned(st: os.stat_result) -> bool:
    return not POSIX or st.st_uid == os.getuid()


def secure_dir(path: Path) -> Path:
    """Create ``path`` (and parents) and make it ``0700`` when it is ours."""
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    if POSIX:
        st = path.stat()
        if _owned(st) and stat.S_IMODE(st.st_mode) != DIR_MODE:
            os.chmod(path, DIR_MODE)
    return path


def secure_file(path: Path) -> None:
    """Make an existing file of ours ``0600`` (no-op when missing, not ours, or on Windows)."""
    if not POSIX:
        return
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(st.st_mode) and _owned(st) and stat.S_IMODE(st.st_mode) & 0o177:
        os.chmod(path, FILE_MODE)


def secure_tree(root: Path) -> None:
    """The data folder from an older version: every folder of ours ``0700``, every file ``0600``.
    Symbolic links are not followed."""
    if not POSIX or not root.is_dir():
        return
    secure_dir(root)
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        for d in dirnames:
            p = Path(dirpath) / d
            try:
                st = os.lstat(p)
                if stat.S_ISDIR(st.st_mode) and _owned(st) and stat.S_IMODE(st.st_mode) != DIR_MODE:
                    os.chmod(p, DIR_MODE)
            except OSError:
                continue
        for f in filenames:
            try:
                secure_file(Path(dirpath) / f)
            except OSError:
                continue


def write_private_bytes(path: Path, data: bytes, *, fsync: bool = True) -> None:
    """Write ``data`` to ``path`` atomically (temporary name, then rename), ``0600`` from creation."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)
    fd = os.open(tmp, flags, FILE_MODE)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        secure_file(tmp)  # an existing tmp file keeps its old mode with O_CREAT
        os.replace(tmp, path)
    except BaseException:
        _weg(tmp)
        raise


def _weg(tmp: Path) -> None:
    """Remove a temporary file (or folder) of a write that did not complete; never raises."""
    try:
        if tmp.is_dir():
            shutil.rmtree(tmp, ignore_errors=True)
        else:
            tmp.unlink(missing_ok=True)
    except OSError:
        pass


def write_private_text(path: Path, text: str, *, fsync: bool = True) -> None:
    write_private_bytes(path, text.encode("utf-8"), fsync=fsync)


@contextmanager
def atomic_target(path: Path) -> Iterator[Path]:
    """A temporary name beside ``path`` for a writer that wants a file name (ReportLab, openpyxl): the
    block writes there; when it ends normally the file is renamed to ``path`` in one step, when it raises
    (an error, or a cancelled job) the temporary file is removed and ``path`` is left as it was. So a
    cancelled or failed export never leaves a half-written file under the name the user chose."""
    path = Path(path)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}-{threading.get_ident()}.tmp{path.suffix}")
    try:
        yield tmp
        if tmp.is_file():  # (a writer that made a folder moves its files itself)
            secure_file(tmp)
            os.replace(tmp, path)
    finally:
        _weg(tmp)
