"""Look and feel: the bundled font (same rendering on Windows and Linux), a calm palette."""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QIcon
from PySide6.QtWidgets import QApplication

from toegang_app.paths import resources_dir

log = logging.getLogger(__name__)

FONT_FAMILY = "Open Sans"
STIJL = "Fusion"  # Qt's own style: the same widgets on Windows and Linux
ACCENT = "#0b6e69"  # teal of the app icon

STYLESHEET = f"""
QWidget {{ font-size: 10pt; }}
QListWidget#navigatie {{ background: #f1f5f5; border: none; border-right: 1px solid #d0dada; }}
QListWidget#navigatie::item {{ padding: 10px 14px; }}
QListWidget#navigatie::item:selected {{ background: {ACCENT}; color: white; }}
QLabel[rol="kop"] {{ font-size: 15pt; font-weight: 600; color: #123; }}
QLabel[rol="uitleg"] {{ color: #445; }}
QLabel[rol="waarschuwing"] {{ color: #8a1c1c; font-weight: 600; }}
QFrame[rol="kaartje"] {{ background: #ffffff; border: 1px solid #d8e0e0; border-radius: 6px; }}
QPushButton[rol="primair"] {{ background: {ACCENT}; color: white; padding: 6px 14px; border-radius: 4px; }}
QPushButton[rol="primair"]:focus {{ border: 2px solid #f0b400; }}
"""


def load_fonts() -> str:
    families: list[str] = []
    for ttf in sorted((resources_dir() / "fonts").glob("*.ttf")):
        fid = QFontDatabase.addApplicationFont(str(ttf))
        if fid < 0:
            log.warning("Could not load font %s", ttf)
        else:
            families.extend(QFontDatabase.applicationFontFamilies(fid))
    return FONT_FAMILY if FONT_FAMILY in families else QApplication.font().family()


def apply_style(app: QApplication, stijl_gezet: bool = False) -> None:
    """Fonts, style and stylesheet on ``app``. ``stijl_gezet``: the QApplication was made with
    ``-style Fusion`` (the app's start does that: ``setStyle`` hands back the QStyle, for which PySide6
    first builds the Python type with its eleven enums, about 9 ms of the start)."""
    family = load_fonts()
    font = QFont(family, 10)
    app.setFont(font)
    if not stijl_gezet:
        app.setStyle(STIJL)
    app.setStyleSheet(STYLESHEET)
    icon = resources_dir() / "icons" / "toegang.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
