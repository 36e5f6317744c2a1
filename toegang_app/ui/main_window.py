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
from toegang_app.ui.screens import SCREENS, screens_for

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """``ctx`` None: the window appears at once while the database opens in the background (see
    ``toegang_app.app``); it then shows only the Gesprekken screen, which takes input and runs it
    when :meth:`attach` hands over the opened context and signed-in user."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Toegang")
        self.setMinimumSize(1024, 640)
        self.resize(1366, 768)
        self._screens: dict[str, QWidget] = {}
        self._screen_defs = screens_for(getattr(ctx, "user", None)) if ctx is not None else SCREENS[:1]
        self._keys: list[str] = []

        central = QWidget()
        lay = QHBoxLayout(central)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.nav = QListWidget()
        self.nav.setObjectName("navigatie")
        self.nav.setAccessibleName("Navigatie")
        self.nav.setFixedWidth(190)
        self.stack = QStackedWidget()
        lay.addWidget(self.nav)
        lay.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self._build_menus()
        self._add_screens(self._screen_defs)
        self.nav.currentRowChanged.connect(self._on_nav)
        self._update_status()
        self.nav.setCurrentRow(0)
        self.kaart_volger = None
        if ctx is not None:
            self._volg_kaart(ctx)

    def _add_screens(self, defs) -> None:
        """Navigation entries, Ctrl+number shortcuts and (lazy) stack pages for ``defs``."""
        for key, title, *_rest in defs:
            i = len(self._keys) + 1
            self._keys.append(key)
            item = QListWidgetItem(title)
            item.setData(Qt.ItemDataRole.UserRole, key)
            item.setToolTip(f"{title} (Ctrl+{i})")
            self.nav.addItem(item)
            self.stack.addWidget(QWidget())  # replaced on first visit (lazy)
            act = QAction(title, self)
            act.setShortcut(QKeySequence(f"Ctrl+{i}"))
            act.triggered.connect(lambda _=False, k=key: self.show_screen(k))
            self.m_view.insertAction(self._nav_separator, act)
            self.nav_actions.append(act)

    def attach(self, ctx) -> None:
        """The database is open and the user signed in: show the screens of their role and let the
        screen built while waiting run what was asked of it (a search, a new conversation)."""
        self.ctx = ctx
        defs = screens_for(ctx.user)
        keys = [d[0] for d in defs]
        self.nav.blockSignals(True)
        for key in [k for k in self._keys if k not in keys]:  # a role without conversations
            idx = self._keys.index(key)
            self.nav.takeItem(idx)
            self.stack.removeWidget(w := self.stack.widget(idx))
            w.deleteLater()
            self.m_view.removeAction(self.nav_actions.pop(idx))
            self._keys.pop(idx)
            self._screens.pop(key, None)
        self._add_screens([d for d in defs if d[0] not in self._keys])
        self._screen_defs = [next(d for d in defs if d[0] == k) for k in self._keys]
        self.nav.blockSignals(False)
        for screen in self._screens.values():
            screen.ctx = ctx
        self._volg_kaart(ctx)
        self._update_status()
        current = self.stack.currentWidget()
        if hasattr(current, "verbonden"):
            current.verbonden()
        else:
            self.nav.setCurrentRow(-1)
            self.nav.setCurrentRow(0)

    def _volg_kaart(self, ctx) -> None:
        """See kaart edits made on other workstations (on focus and every half minute)."""
        from toegang_app.ui.kaart_volger import KaartVolger

        if self.kaart_volger is None:
            self.kaart_volger = KaartVolger(ctx, self)
            self.kaart_volger.gewijzigd.connect(self._kaart_gewijzigd)
        else:
            self.kaart_volger.ctx = ctx

    def _kaart_gewijzigd(self) -> None:
        kaart = self._screens.get("kaart")
        if kaart is not None and self.stack.currentWidget() is kaart:
            kaart.on_shown()

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
        inzage = QAction("&Inzage en correctie (AVG)…", self)
        inzage.setStatusTip("Wat Toegang over een inwoner heeft, en een gegeven verbeteren (AVG art. 15 en 16)")
        inzage.triggered.connect(self.open_inzage)
        m_file.addAction(inzage)
        self.inzage_action = inzage
        m_file.addSeparator()
        quit_action = QAction("&Afsluiten", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        m_file.addAction(quit_action)

        self.m_view = bar.addMenu("&Ga naar")
        self.nav_actions: list[QAction] = []  # one per screen, added by _add_screens
        self._nav_separator = self.m_view.addSeparator()
        focus_nav = QAction("Naar de navigatie", self)
        focus_nav.setShortcut(QKeySequence("F6"))
        focus_nav.triggered.connect(self.nav.setFocus)
        self.m_view.addAction(focus_nav)

        # no Alt letter: Alt+H belongs to Huishouden in the conversation (F1 and F10 reach this menu)
        m_help = bar.addMenu("Help")
        keys = QAction("&Sneltoetsen", self)
        keys.setShortcut(QKeySequence("F1"))
        keys.triggered.connect(self.show_sneltoetsen)
        m_help.addAction(keys)
        about = QAction("&Over Toegang", self)
        about.triggered.connect(self.show_about)
        m_help.addAction(about)
        self.help_menu = m_help
        menubalk = QAction(self)
        menubalk.setShortcut(QKeySequence("F10"))
        menubalk.triggered.connect(self._naar_menubalk)
        self.addAction(menubalk)
        self.file_menu = m_file

    def open_inzage(self):
        """AVG requests of a resident (services.inzage); for the worker and the beheerder."""
        from toegang_app.errors import PermissionDenied
        from toegang_app.services.auth import AVG_VERZOEKEN, require
        from toegang_app.ui.rechten_dialogen import InzageDialoog

        if self.ctx is None:
            return None
        try:
            require(self.ctx.user, AVG_VERZOEKEN)
        except PermissionDenied as exc:
            QMessageBox.information(self, "Inzage en correctie", exc.message)
            return None
        self.inzage_dialoog = InzageDialoog(self.ctx, self)
        self.inzage_dialoog.open()
        return self.inzage_dialoog

    def _naar_menubalk(self) -> None:
        bar = self.menuBar()
        bar.setFocus(Qt.FocusReason.ShortcutFocusReason)
        bar.setActiveAction(bar.actions()[0])

    def show_sneltoetsen(self):
        """Help > Sneltoetsen (F1): every key of the app (toegang_app/ui/toetsen.py, README "Sneltoetsen")."""
        from toegang_app.ui.toetsen import SneltoetsenVenster

        self.sneltoetsen_venster = SneltoetsenVenster(self)
        self.sneltoetsen_venster.open()
        return self.sneltoetsen_venster

    def about_text(self) -> str:
        if self.ctx is None:
            return f"<h3>Toegang {toegang_app.__version__}</h3><p>De database wordt geopend…</p>"
        cfg = self.ctx.config
        return (
            f"<h3>Toegang {toegang_app.__version__}</h3>"
            "<p>Voor de toegang sociaal domein: brede uitvraag langs Positieve Gezondheid, AVE-fase, "
            "voorzieningen licht waar het kan en zwaar waar nodig, verwijzingen en statistiek.</p>"
            f"<p><b>Database:</b> {self.ctx.database_url_display}<br>"
            f"<b>Datamap:</b> {cfg.data_dir}<br>"
            f"<b>Logbestanden:</b> {cfg.log_dir}</p>"
            "<p>Open source. Lettertypen Open Sans (Apache-licentie 2.0) en, voor Arabisch en Tigrinya, "
            "Toegang Sans op basis van Noto (SIL Open Font License 1.1).</p>"
        )

    def show_about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("Over Toegang")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setText(self.about_text())
        box.setIcon(QMessageBox.Icon.Information)
        box.exec()

    def _update_status(self) -> None:
        if self.ctx is None:
            self.statusBar().showMessage("Toegang opent de database…")
            return
        user = getattr(self.ctx, "user", None)
        who = f"Aangemeld: {user.naam}  ·  " if user is not None else ""
        self.statusBar().showMessage(f"{who}Database: {self.ctx.database_url_display}")

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        for widget in self._screens.values():
            if hasattr(widget, "can_leave") and not widget.can_leave():
                event.ignore()
                return
        for widget in self._screens.values():  # let background reads finish before the window goes
            if hasattr(widget, "wacht_op_laden"):
                widget.wacht_op_laden()
        if self.kaart_volger is not None:
            self.kaart_volger.stop()
        event.accept()
