"""Base class of a main screen."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget


class Screen(QWidget):
    """A main screen. ``ctx`` is the AppContext; ``shell`` the main window (for navigation)."""

    title = ""

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.shell = shell
        self.setAccessibleName(self.title)

    def on_shown(self) -> None:
        """Called each time the screen becomes visible (refresh lists here)."""

    def can_leave(self) -> bool:
        """False keeps the user on this screen (e.g. unsaved input they chose not to discard)."""
        return True

    @staticmethod
    def heading(text: str) -> QLabel:
        lab = QLabel(text)
        lab.setProperty("rol", "kop")
        lab.setAccessibleName(text)
        return lab

    def _column(self) -> QVBoxLayout:
        lay = QVBoxLayout(self)
        lay.setContentsMargins(18, 14, 18, 14)
        return lay
