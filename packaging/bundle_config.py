"""What a Toegang bundle contains besides the code, shared by both packaging routes:

- the Linux one-folder bundle (PyInstaller, ``packaging/toegang.spec``, built in CI), and
- the Windows installer (embeddable CPython + wheels + launchers, ``packaging/build-windows.sh``).

Keeping the lists here means a resource folder added to one route is added to the other, and the
Linux bundle built in CI checks the same configuration the Windows build uses.
"""

from __future__ import annotations

from pathlib import Path

# Program files that live beside the ``toegang_app`` package (see toegang_app/paths.py).
DATA_DIRS = ("resources", "db")

# Imported by name at run time, invisible to PyInstaller's import analysis.
HIDDEN_IMPORTS = (
    "sqlalchemy.dialects.sqlite",
    "sqlalchemy.dialects.postgresql",
    "sqlalchemy.dialects.postgresql.psycopg",
    "psycopg",  # several workstations on one PostgreSQL server
    "logging.config",
    "keyring.backends.Windows",  # keyring finds its backends through entry points
    "keyring.backends.SecretService",
    "keyring.backends.fail",
    "uharfbuzz",  # ReportLab imports it in a try: HarfBuzz shaping of Arabic on the resident's summary
    "bidi.algorithm",  # imported when a right-to-left line is ordered (reports/schrift.py)
    "sqlcipher3",  # optional SQLCipher driver ('database_versleutelen')
    "pypdfium2",  # imported when the summary is printed (ui/afdrukken.py); its PDFium library: toegang.spec
    "pypdfium2_raw",
)

# Never in a bundle: development and test tools that happen to be in the build environment.
EXCLUDES = ("tkinter", "pytest", "pytestqt", "_pytest", "pypdf", "PyInstaller", "IPython", "setuptools", "pip")

# Windows: wheels for win_amd64 / CPython 3.11. pip evaluates environment markers for the build
# host (Linux), so dependencies that only Windows needs are named here explicitly.
WINDOWS_EXTRA_REQUIREMENTS = (
    "psycopg[binary]>=3.1,<4",  # the 'postgres' extra: PostgreSQL for several workstations
    "tzdata",  # psycopg requires it on win32 (no system time-zone database on Windows)
    "pywin32-ctypes>=0.2.0",  # keyring's Windows Credential Manager backend (a win32-only dependency)
    "sqlcipher3>=0.6.2,<0.7",  # the 'sqlcipher' extra: optional encryption of the SQLite file on laptops
)


# Qt's own Dutch texts (standard buttons, message boxes, the file dialog): loaded at start by
# toegang_app/ui/vertaling.py from Qt's translations folder. PyInstaller keeps PySide6's layout, so they go
# to the same place in the bundle; the Windows installer ships PySide6's folder whole (only tools trimmed).
QT_TRANSLATIONS = ("qtbase_nl.qm",)
QT_TRANSLATIONS_DEST = "PySide6/Qt/translations"


def qt_translation_files() -> list[tuple[Path, str]]:
    """(Dutch .qm file, destination folder in the bundle) from the PySide6 of the build environment."""
    import PySide6

    folder = Path(PySide6.__file__).parent / "Qt" / "translations"
    return [(folder / name, QT_TRANSLATIONS_DEST) for name in QT_TRANSLATIONS]


def data_files(root: Path) -> list[tuple[Path, str]]:
    """(file, destination folder relative to the bundle root) for every program data file."""
    out: list[tuple[Path, str]] = []
    for top in DATA_DIRS:
        for f in sorted((root / top).rglob("*")):
            if f.is_file() and "__pycache__" not in f.parts and f.suffix != ".pyc":
                out.append((f, str(f.parent.relative_to(root))))
    return out


def data_dirs(root: Path) -> list[tuple[str, str]]:
    """PyInstaller ``datas`` entries (source relative to ``root``, destination folder)."""
    return [(str(f.relative_to(root)), dest) for f, dest in data_files(root)]
