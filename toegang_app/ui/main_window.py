"""The main window: navigation between the desk's screens, menus, about box."""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

import toegang_app
from toegang_app.ui.screens import screens_for

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Toegang")
        self.setMinimumSize(1024, 640)
        self.resize(1366, 768)
        self._screens: dict[str, QWidget] = {}
        self._screen_defs = screens_for(getattr(ctx, "user", None))
        self._keys: list[str] = [s[0] for s in self._screen_defs]

        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigatie")
        self.nav.setAccessibleName("Navigatie")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        for i, (key, title, *_rest) in enumerate(self._screen_defs, start=1):
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{title} (Ctrl+{i})")
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced on first visit (lazy)
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._on_nav)
        self._build_menus()
        self._update_status()
        self.nav.setCurrentRow(0)

    # -- navigation ------------------------------------------------------------------------------
    def screen(self, key: str) -> QWidget:
        """The screen widget for ``key``, built on first use."""
        if key not in self._screens:
            idx = self._keys.index(key)
            _key, _title, module, cls, _perm = self._screen_defs[idx]
            screen_cls = getattr(importlib.import_module(module), cls)
            widget = screen_cls(self.ctx, self)
            old = self.stack.widget(idx)
            self.stack.removeWidget(old)
            old.deleteLater()
            self.stack.insertWidget(idx, widget)
            self._screens[key] = widget
        return self._screens[key]

    def screen_keys(self) -> list[str]:
        """Keys of the screens this user sees, in navigation order."""
        return list(self._keys)

    def show_screen(self, key: str) -> QWidget:
        self.nav.setCurrentRow(self._keys.index(key))
        return self.screen(key)

    def current_key(self) -> str:
        return self._keys[self.stack.currentIndex()]

    def _on_nav(self, row: int) -> None:
        if row < 0:
            return
        current = self.stack.currentWidget()
        if row != self.stack.currentIndex() and hasattr(current, "can_leave") and not current.can_leave():
            self.nav.blockSignals(True)
            self.nav.setCurrentRow(self.stack.currentIndex())
            self.nav.blockSignals(False)
            return
        widget = self.screen(self._keys[row])
        self.stack.setCurrentWidget(widget)
        if hasattr(widget, "on_shown"):
            widget.on_shown()

    def _build_menus(self) -> None:
        bar = self.menuBar()
        m_file = bar.addMenu("&Bestand")
        quit_action = QAction("&Afsluiten", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        m_file.addAction(quit_action)

        m_view = bar.addMenu("&Ga naar")
        self.nav_actions: list[QAction] = []
        for i, (key, title, *_rest) in enumerate(self._screen_defs, start=1):
            act = QAction(title, self)
            act.setShortcut(QKeySequence(f"Ctrl+{i}"))
            act.triggered.connect(lambda _=False, k=key: self.show_screen(k))
            m_view.addAction(act)
            self.nav_actions.append(act)
        focus_nav = QAction("Naar de navigatie", self)
        focus_nav.setShortcut(QKeySequence("F6"))
        focus_nav.triggered.connect(self.nav.setFocus)
        m_view.addSeparator()
        m_view.addAction(focus_nav)

        m_help = bar.addMenu("&Help")
        about = QAction("&Over Toegang", self)
        about.setShortcut(QKeySequence("F1"))
        about.triggered.connect(self.show_about)
        m_help.addAction(about)
        self.file_menu = m_file

    def about_text(self) -> str:
        cfg = self.ctx.config
        return (
            f"<h3>Toegang {toegang_app.__version__}</h3>"
            "<p>Voor de toegang sociaal domein: brede uitvraag langs Positieve Gezondheid, AVE-fase, "
            "voorzieningen licht waar het kan en zwaar waar nodig, verwijzingen en statistiek.</p>"
            f"<p><b>Database:</b> {self.ctx.database_url_display}<br>"
            f"<b>Datamap:</b> {cfg.data_dir}<br>"
            f"<b>Logbestanden:</b> {cfg.log_dir}</p>"
            "<p>Open source. Lettertype Open Sans (Apache-licentie 2.0).</p>"
        )

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Over Toegang")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.about_text())
        box.setIcon(QMessageBox.Icon.Information)
        box.exec()

    def _update_status(self) -> None:
        user = getattr(self.ctx, "user", None)
        who = f"Aangemeld: {user.naam}  ·  " if user is not None else ""
        self.statusBar().showMessage(f"{who}Database: {self.ctx.database_url_display}")

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        for widget in self._screens.values():
            if hasattr(widget, "can_leave") and not widget.can_leave():
                event.ignore()
                return
        event.accept()
