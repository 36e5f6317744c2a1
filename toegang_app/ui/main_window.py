"""The main window: navigation between the desk's screens, menus, about box."""

from __future__ import annotations

import importlib
import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
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
        # the work area, or the cover while the window is locked or nobody is signed in (issue 25; ``dekblad``)
        self.werk = central
        self.root = QStackedWidget()
        self.root.addWidget(self.werk)
        self._dekblad = None
        self.setCentralWidget(self.root)
        self.vergrendeld: str | None = None   # None, or why: inactief | vergrendeld | afgemeld | wisselen
        self.inactiviteit = None
        self._aanmeld_dialoog = None
        self._verborgen: list[QWidget] = []
        self._vorige = None   # the worker whose screens wait behind the cover
        self._focus = None
        self._build_menus()
        self._add_screens(self._screen_defs)
        self.nav.currentRowChanged.connect(self._on_nav)
        self._update_status()
        self.nav.setCurrentRow(0)
        self.kaart_volger = None
        if ctx is not None:
            self._volg_kaart(ctx)
            self._start_inactiviteit()

    @property
    def dekblad(self):
        """The cover shown instead of the screens while the window is locked or nobody is signed in:
        nothing personal, a way to sign in, a way to stop. Built the first time it is needed (the usable
        window at the start does not wait for it)."""
        if self._dekblad is None:
            from toegang_app.ui.vergrendeling import Vergrendelscherm

            self._dekblad = Vergrendelscherm()
            self._dekblad.aanmelden.connect(self.vraag_aanmelden)
            self._dekblad.afsluiten.connect(self.close)
            self.root.addWidget(self._dekblad)
        return self._dekblad

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
        self._start_inactiviteit(volgen=False)  # input is watched once the screen is shown: startscherm_getoond
        self._update_status()
        current = self.stack.currentWidget()
        if hasattr(current, "verbonden"):
            current.verbonden()
        else:
            self.nav.setCurrentRow(-1)
            self.nav.setCurrentRow(0)
        # the kaart watcher starts in startscherm_getoond: its first read runs in a thread of its own (and
        # imports the ORM), which would otherwise take turns with the GUI thread filling the screen (issue 26)

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
        # mnemonics in this menu: I(nzage), W(achtwoord), V(ergrendelen), (Af)M(elden), (wi)S(selen), A(fsluiten)
        self.wachtwoord_action = QAction("&Wachtwoord wijzigen…", self)
        self.wachtwoord_action.setStatusTip("Uw eigen wachtwoord voor Toegang wijzigen")
        self.wachtwoord_action.triggered.connect(self.wijzig_wachtwoord)
        m_file.addAction(self.wachtwoord_action)
        self.vergrendel_action = QAction("&Vergrendelen", self)
        self.vergrendel_action.setShortcut(QKeySequence("Ctrl+L"))
        self.vergrendel_action.setStatusTip("Het venster afschermen als u even wegloopt; uw werk blijft klaarstaan")
        self.vergrendel_action.triggered.connect(lambda: self.vergrendel("vergrendeld"))
        m_file.addAction(self.vergrendel_action)
        self.afmeld_action = QAction("Af&melden", self)
        self.afmeld_action.setStatusTip("Afmelden; een niet-opgeslagen gesprek wordt bewaard als concept")
        self.afmeld_action.triggered.connect(self.afmelden)
        m_file.addAction(self.afmeld_action)
        self.wissel_action = QAction("Gebruiker wi&sselen…", self)
        self.wissel_action.setStatusTip("Een collega meldt zich aan op deze pc; uw open gesprek wordt bewaard als concept")
        self.wissel_action.triggered.connect(self.wissel_gebruiker)
        m_file.addAction(self.wissel_action)
        m_file.addSeparator()
        quit_action = QAction("&Afsluiten", self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        m_file.addAction(quit_action)
        self.quit_action = quit_action

        self.m_view = bar.addMenu("&Ga naar")
        self.nav_actions: list[QAction] = []  # one per screen, added by _add_screens
        self._nav_separator = self.m_view.addSeparator()
        focus_nav = QAction("Naar de navigatie", self)
        focus_nav.setShortcut(QKeySequence("F6"))
        focus_nav.triggered.connect(self.nav.setFocus)
        self.m_view.addAction(focus_nav)

        # no Alt letter: Alt+H belongs to Huishouden in the conversation (F1 and F10 reach this menu)
        m_help = self.m_help = bar.addMenu("Help")
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
        from toegang_app.ui.toetsen import SneltoetsenVenster, installeer_toetsenbord

        installeer_toetsenbord(QApplication.instance())  # also when asked before the start screen was filled
        self.sneltoetsen_venster = SneltoetsenVenster(self)
        self.sneltoetsen_venster.open()
        return self.sneltoetsen_venster

    def about_text(self) -> str:
        from html import escape

        if self.ctx is None:
            return f"<h3>Toegang {toegang_app.__version__}</h3><p>De database wordt geopend…</p>"
        cfg = self.ctx.config
        return (
            f"<h3>Toegang {toegang_app.__version__}</h3>"
            "<p>Voor de toegang sociaal domein: brede uitvraag langs Positieve Gezondheid, AVE-fase, "
            "voorzieningen licht waar het kan en zwaar waar nodig, verwijzingen en statistiek.</p>"
            f"<p><b>Database:</b> {escape(self._database_tekst())}<br>"
            f"<b>Datamap:</b> {cfg.data_dir}<br>"
            f"<b>Logbestanden:</b> {cfg.log_dir}</p>"
            "<p>Open source. Lettertypen Open Sans (Apache-licentie 2.0) en, voor Arabisch en Tigrinya, "
            "Toegang Sans op basis van Noto (SIL Open Font License 1.1).</p>"
        )

    def _database_tekst(self) -> str:
        bestand = self.ctx.database_bestand
        return f"{self.ctx.database_naam} ({bestand})" if bestand else f"server {self.ctx.database_naam}"

    def show_about(self) -> None:
        from toegang_app.ui.toetsen import installeer_toetsenbord

        installeer_toetsenbord(QApplication.instance())
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
        if self.vergrendeld is not None:
            self.statusBar().showMessage("Vergrendeld" if self.vergrendeld in ("inactief", "vergrendeld")
                                         else "Niemand aangemeld")
            return
        user = getattr(self.ctx, "user", None)
        who = f"Aangemeld: {user.naam}  ·  " if user is not None else ""
        self.statusBar().showMessage(f"{who}Database: {self.ctx.database_naam}")

    # -- who works here: lock, sign out, switch user, own password (issue 25) ---------------------
    def startscherm_getoond(self) -> None:
        """The start screen is filled and on screen (toegang_app.app calls this right after): from now on
        Ctrl+Enter confirms every dialog, input anywhere restarts the idle lock and the kaart watcher
        looks for edits made on other workstations. The first two are application-wide event filters,
        called for every event; installed before the start screen they made filling it wait (issue 26:
        about 40 ms of 0.5 s, half of it PySide6 creating the Python types of every Qt class the first
        time a filter is handed one). The watcher's first read imports the ORM in a thread of its own."""
        from toegang_app.ui.toetsen import installeer_toetsenbord

        installeer_toetsenbord(QApplication.instance())
        if self.inactiviteit is not None:
            self.inactiviteit.volg()
        if self.ctx is not None:
            self._volg_kaart(self.ctx)

    def _start_inactiviteit(self, volgen: bool = True) -> None:
        from toegang_app.errors import UserError
        from toegang_app.ui.vergrendeling import Inactiviteit

        try:
            minuten = self.ctx.config.vergrendel_minuten
        except UserError as exc:
            log.warning("Idle lock setting refused: %s", exc.message)
            self.ctx.notices.append(exc.message + " Toegang vergrendelt nu na 10 minuten.")
            minuten = 10.0
        if self.inactiviteit is None:
            self.inactiviteit = Inactiviteit(minuten, self, volgen=volgen)
            self.inactiviteit.verlopen.connect(lambda: self.vergrendel("inactief"))
        else:
            self.inactiviteit.zet_minuten(minuten)
            if volgen:
                self.inactiviteit.volg()

    def _bewaar_concepten(self) -> None:
        """Write what the worker typed and did not save as their draft now (drafts are per worker)."""
        for widget in self._screens.values():
            editor = getattr(widget, "_editor", None)
            if editor is not None and editor.dossier is not None and editor.dirty:
                editor._draft_timer.stop()
                editor._save_draft()

    def _wis_schermen(self) -> None:
        """Remove every screen of the previous worker (rebuilt for the next one): nothing of theirs stays."""
        self._bewaar_concepten()
        for widget in self._screens.values():
            editor = getattr(widget, "_editor", None)
            if editor is not None:
                editor._draft_timer.stop()
                editor.dirty = False   # kept as a draft above: no question when it goes
            if hasattr(widget, "wacht_op_laden"):
                widget.wacht_op_laden()
        self.nav.blockSignals(True)
        while self._keys:
            self.nav.takeItem(0)
            w = self.stack.widget(0)
            self.stack.removeWidget(w)
            w.hide()
            w.deleteLater()
            self.m_view.removeAction(self.nav_actions.pop(0))
            self._keys.pop(0)
        self._screens.clear()
        self.nav.blockSignals(False)

    def _bouw_schermen(self) -> None:
        defs = screens_for(self.ctx.user)
        self._screen_defs = list(defs)
        self.nav.blockSignals(True)
        self._add_screens(defs)
        self.nav.blockSignals(False)
        self.nav.setCurrentRow(-1)
        self.nav.setCurrentRow(0)

    def _zet_acties(self, aan: bool) -> None:
        """While locked only 'Afsluiten' works: no shortcut or menu shows a screen."""
        for menu in (self.file_menu, self.m_view, self.m_help):
            for act in menu.actions():
                if act is not self.quit_action and not act.isSeparator():
                    act.setEnabled(aan)
        for act in self.nav_actions:
            act.setEnabled(aan)

    def vergrendel(self, reden: str = "vergrendeld") -> None:
        """Cover the window: ``inactief``/``vergrendeld`` keep the worker's screens (hidden) until they sign in
        again; ``afgemeld``/``wisselen`` sign them out (their unsaved conversation kept as their draft)."""
        if self.ctx is None or getattr(self.ctx, "user", None) is None and reden in ("inactief", "vergrendeld"):
            return
        from toegang_app.services import gebruikers

        if self.vergrendeld is None:
            self._bewaar_concepten()
            self._titel = self.windowTitle()
            # dialogs of the worker (a referral, the AVG inzage) hide with the screens
            self._focus = QApplication.focusWidget()
            self._verborgen = [w for w in QApplication.topLevelWidgets()
                               if w.isVisible() and isinstance(w, QDialog) and self._van_mij(w)]
            for w in self._verborgen:
                w.hide()
        if reden in ("afgemeld", "wisselen") and self.ctx.user is not None:
            try:
                gebruikers.afmelden(self.ctx, reden="gebruiker gewisseld" if reden == "wisselen" else "afgemeld")
            except Exception:  # noqa: BLE001 - signing out never fails for the worker
                log.exception("Could not record the sign-out")
            self._vorige = None
            self._focus = None
            self._wis_schermen()
            self.ctx.user = None
            for w in self._verborgen:
                w.deleteLater()
            self._verborgen = []
        else:
            self._vorige = self.ctx.user
        self.vergrendeld = reden
        if self.inactiviteit is not None:
            self.inactiviteit.timer.stop()
        self.dekblad.toon(reden)
        self.root.setCurrentWidget(self.dekblad)
        self.setWindowTitle("Toegang")
        self._zet_acties(False)
        self._update_status()
        self.vraag_aanmelden()

    def _van_mij(self, w: QWidget) -> bool:
        p = w.parentWidget()
        while p is not None:
            if p is self:
                return True
            p = p.parentWidget()
        return False

    def vraag_aanmelden(self) -> None:
        """The sign-in dialog over the cover (window-modal; cancelling leaves the cover, Toegang keeps running)."""
        from toegang_app.ui.aanmelden import AanmeldDialoog

        if self.vergrendeld is None or self.ctx is None:
            return
        if self._aanmeld_dialoog is not None and self._aanmeld_dialoog.isVisible():
            self._aanmeld_dialoog.raise_()
            return
        vorige = self._vorige
        melding = ("Meld u opnieuw aan om verder te gaan, of meld u aan als een andere medewerker."
                   if vorige is not None else None)
        dlg = AanmeldDialoog(self.ctx, self, melding=melding, annuleren="Annuleren",
                             gebruikersnaam=vorige.gebruikersnaam if vorige is not None else None,
                             kop="Ontgrendelen" if vorige is not None else "Aanmelden")
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.accepted.connect(lambda: self._aangemeld(dlg.user))
        self._aanmeld_dialoog = dlg
        dlg.open()

    def _aangemeld(self, user) -> None:
        if user is None or self.vergrendeld is None:
            return
        vorige = self._vorige
        zelfde = vorige is not None and user.gebruikersnaam == vorige.gebruikersnaam
        if not zelfde:
            self._focus = None
        if not zelfde and self._keys:
            # another worker takes over: the previous worker's open conversation is kept as their draft
            try:
                from toegang_app.services import gebruikers

                gebruikers.afmelden(self.ctx, reden="gebruiker gewisseld")
            except Exception:  # noqa: BLE001
                log.exception("Could not record the sign-out")
            self._wis_schermen()
            for w in self._verborgen:
                w.deleteLater()
            self._verborgen = []
        self.ctx.user = user
        log.info("Signed in as %s (%s)", user.gebruikersnaam, user.rol)
        self.vergrendeld = None
        self._vorige = None
        self._zet_acties(True)
        self.root.setCurrentWidget(self.werk)
        self.setWindowTitle(getattr(self, "_titel", "Toegang") or "Toegang")
        for screen in self._screens.values():
            screen.ctx = self.ctx
        if not self._keys:
            self._bouw_schermen()
        for w in self._verborgen:
            w.show()
        self._verborgen = []
        self._volg_kaart(self.ctx)
        if self.inactiviteit is not None:
            self.inactiviteit.herstart()
        self._update_status()
        focus, self._focus = self._focus, None
        if zelfde and focus is not None and self._van_mij(focus) and focus.isVisible():
            focus.setFocus()   # back where the worker was
        elif self.stack.currentWidget() is not None:
            self.stack.currentWidget().setFocus()

    def afmelden(self) -> None:
        self.vergrendel("afgemeld")

    def wissel_gebruiker(self) -> None:
        self.vergrendel("wisselen")

    def wijzig_wachtwoord(self):
        from toegang_app.ui.vergrendeling import WachtwoordDialoog

        if self.ctx is None or getattr(self.ctx, "user", None) is None:
            return None
        if self.ctx.user.id is None:
            QMessageBox.information(self, "Wachtwoord wijzigen",
                                    "Dit account heeft geen eigen wachtwoord in Toegang. Vraag de functioneel beheerder.")
            return None
        dlg = WachtwoordDialoog(self.ctx, self)
        dlg.accepted.connect(lambda: self.statusBar().showMessage("Uw wachtwoord is gewijzigd.", 8000))
        self.wachtwoord_dialoog = dlg
        dlg.open()
        return dlg

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self.vergrendeld is not None:   # locked: the worker's input is kept as their draft; no questions
            self._wis_schermen()
        for widget in self._screens.values():
            if hasattr(widget, "can_leave") and not widget.can_leave():
                event.ignore()
                return
        for widget in self._screens.values():  # let background reads finish before the window goes
            if hasattr(widget, "wacht_op_laden"):
                widget.wacht_op_laden()
        if self.kaart_volger is not None:
            self.kaart_volger.stop()
        if self.inactiviteit is not None:
            self.inactiviteit.stop()
        event.accept()
