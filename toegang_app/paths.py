"""Where the program's own files are: ``resources/`` and ``db/`` sit beside the package directory,
in a source checkout, in the PyInstaller bundle and in the Windows layout alike."""

from __future__ import annotations

from pathlib import Path

import toegang_app

_ROOT = Path(toegang_app.__file__).resolve().parent.parent


def program_root() -> Path:
    return _ROOT


def resources_dir() -> Path:
    return _ROOT / "resources"


def migrations_dir() -> Path:
    return _ROOT / "db"
