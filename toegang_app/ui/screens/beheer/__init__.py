"""Beheer: users, the audit trail (search, read-only), retention (due list, destroy or anonymise,
residents' requests for destruction) and the calendar (Atw days, the desk's closing days). Each tab shows only when the signed-in user may use it; the
services refuse anyway.

One module per tab (``gebruikers``, ``audit``, ``bewaartermijnen``, ``kalender``) with its dialogs; what they share
(tables, the message line, the confirmation question, the dialog frame) is in ``common``."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QWidget

from toegang_app.services.auth import AUDIT_LEZEN, BEWAREN_BEHEER, GEBRUIKERS_BEHEER, KALENDER_BEHEER
from toegang_app.ui.screens.base import Screen
from toegang_app.ui.screens.beheer.audit import AuditTab
from toegang_app.ui.screens.beheer.bewaartermijnen import BewarenTab, VerzoekDialoog
from toegang_app.ui.screens.beheer.gebruikers import GebruikerDialoog, GebruikersTab, WachtwoordDialoog
from toegang_app.ui.screens.beheer.kalender import KalenderTab, SluitingsdagDialoog

__all__ = ["AuditTab", "BeheerScherm", "BewarenTab", "GebruikerDialoog", "GebruikersTab", "KalenderTab",
           "SluitingsdagDialoog", "VerzoekDialoog", "WachtwoordDialoog"]


class BeheerScherm(Screen):
    title = "Beheer"

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(ctx, shell, parent)
        lay = self._column()
        lay.addWidget(self.heading("Beheer"))
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Onderdelen van beheer")
        user = ctx.user
        self.gebruikers = GebruikersTab(ctx)
        self.audit = AuditTab(ctx)
        self.bewaren = BewarenTab(ctx)
        self.kalender = KalenderTab(ctx)
        self._tabdefs = [("gebruikers", "G&ebruikers", self.gebruikers, GEBRUIKERS_BEHEER),
                         ("audit", "A&udit trail", self.audit, AUDIT_LEZEN),
                         ("bewaren", "Be&waartermijnen", self.bewaren, BEWAREN_BEHEER),
                         ("kalender", "Ka&lender", self.kalender, KALENDER_BEHEER)]
        self._keys: list[str] = []
        for key, label, widget, perm in self._tabdefs:
            if user is not None and user.may(perm):
                self.tabs.addTab(widget, label)
                self._keys.append(key)
            else:
                widget.hide()
        self._geladen: set[str] = set()
        lay.addWidget(self.tabs, 1)
        self.geen_toegang = QLabel("Dit scherm is voor de functioneel beheerder. Meld u aan met een account dat "
                                   "gebruikers, de audit trail, de bewaartermijnen of de kalender mag beheren.")
        self.geen_toegang.setWordWrap(True)
        self.geen_toegang.setProperty("rol", "uitleg")
        lay.addWidget(self.geen_toegang)
        self.tabs.setVisible(bool(self._keys))
        self.geen_toegang.setVisible(not self._keys)
        self.tabs.currentChanged.connect(lambda _i: self._reload_current())
        QShortcut(QKeySequence("F5"), self, activated=lambda: self._reload_current(opnieuw=True))

    def tab_keys(self) -> list[str]:
        return list(self._keys)

    def toon_tab(self, key: str) -> QWidget:
        self.tabs.setCurrentIndex(self._keys.index(key))
        self._reload_current()
        return self.tabs.currentWidget()

    def _reload_current(self, opnieuw: bool = False) -> None:
        """Read the current tab's data the first time it is shown, and again with F5."""
        i = self.tabs.currentIndex()
        if i < 0 or not self.isVisible():
            return
        key = self._keys[i]
        widget = self.tabs.currentWidget()
        if key in self._geladen and not opnieuw:
            if key == "audit":
                widget.reload_choices()  # new kinds of rows may have been written meanwhile
            return
        self._geladen.add(key)
        widget.reload()

    def on_shown(self) -> None:
        self._reload_current(opnieuw=True)

    def extra_screenshots(self):
        """One picture per tab (``toegang --screenshots``): switch, then let the caller grab the window."""
        for key in list(self._keys):
            tab = self.toon_tab(key)
            if hasattr(tab, "wacht_op_lijst"):
                tab.wacht_op_lijst()  # the retention list is computed in the background
            yield key, self.window()
