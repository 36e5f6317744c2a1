"""Beheer, tab Gebruikers: local accounts, their role and team, passwords, deactivating."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from toegang_app.domain.vocab import GEMEENTEN
from toegang_app.errors import UserError
from toegang_app.services import gebruikers as gs
from toegang_app.services.auth import ROLLEN
from toegang_app.ui.screens.beheer import common
from toegang_app.ui.screens.beheer.common import Dialoog, cel, knop, melding, probeer, tabel, toon

TEAMS = [(None, "Alle balies")] + list(GEMEENTEN.items())
NIET_GELIJK = "De twee wachtwoorden zijn niet gelijk. Typ het wachtwoord nog eens."


class GebruikerDialoog(Dialoog):
    """New user (with password) or edit name, role, team and Windows account. Errors stay in the dialog."""

    def __init__(self, ctx, rij: gs.GebruikerRij | None = None, parent=None):
        super().__init__(ctx, "Gebruiker wijzigen" if rij else "Nieuwe gebruiker", parent)
        self.rij = rij
        self.saved: gs.GebruikerRij | None = None
        self.setMinimumWidth(520)
        self.naam = self.veld("&Naam", "Naam", rij.naam if rij else "")
        self.gebruikersnaam = self.veld("&Gebruikersnaam", "Gebruikersnaam", rij.gebruikersnaam if rij else "")
        if rij:
            self.gebruikersnaam.setReadOnly(True)
            self.gebruikersnaam.setToolTip("Een gebruikersnaam verandert niet; hij staat in de audit trail.")
        else:
            self.gebruikersnaam.setPlaceholderText("bijvoorbeeld j.jansen")
        self.rol = self._keuze("&Rol", "Rol", ROLLEN.items(), rij.rol if rij else "medewerker")
        self.team = self._keuze("&Team", "Team (balie)", TEAMS, rij.team if rij else "haaksbergen")
        self.os_account = self.veld("&Windows-account", "Windows-account", rij.os_account if rij else "")
        self.os_account.setPlaceholderText("leeg = alleen met wachtwoord")
        self.wachtwoord: QLineEdit | None = None
        self.herhaal: QLineEdit | None = None
        if rij is None:
            self.wachtwoord = self.veld("W&achtwoord", "Wachtwoord", wachtwoord=True)
            self.wachtwoord.setPlaceholderText(f"minstens {gs.MIN_WACHTWOORD} tekens")
            self.herhaal = self.veld("&Herhaal wachtwoord", "Herhaal wachtwoord", wachtwoord=True)
        self.lay.addLayout(self.form)
        self.tekst("Een toegangsmedewerker en een procesregisseur horen bij één balie en zien alleen de "
                   "gesprekken van die balie. Een teamleider ziet alleen statistiek. "
                   + ("Met een Windows-account kan de gebruiker zonder wachtwoord aanmelden als de werkplek "
                      "daarop is ingesteld." if rij is None else ""), uitleg=True)
        self.knoppen()
        self.naam.setFocus()

    def _keuze(self, label: str, naam: str, items, huidig) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(naam)
        for key, text in items:
            combo.addItem(text, key)
        combo.setCurrentIndex(combo.findData(huidig))
        return self.regel(label, combo)

    def opslaan(self) -> None:
        velden = {"naam": self.naam, "gebruikersnaam": self.gebruikersnaam, "rol": self.rol, "team": self.team,
                  "os_account": self.os_account, "wachtwoord": self.wachtwoord}
        rol, team = self.rol.currentData(), self.team.currentData()
        if self.rij is None:
            ww = self.wachtwoord.text()
            if ww != self.herhaal.text():
                self.wachtwoord.clear()
                self.herhaal.clear()
                return self.fout(NIET_GELIJK, self.wachtwoord)
            ok, self.saved = self.probeer(
                lambda: gs.maak_gebruiker(self.ctx, self.gebruikersnaam.text(), self.naam.text(), rol, team,
                                          wachtwoord=ww or None, os_account=self.os_account.text() or None),
                "Saving a user", velden)
        else:
            ok, self.saved = self.probeer(
                lambda: gs.wijzig_gebruiker(self.ctx, self.rij.id, naam=self.naam.text(), rol=rol, team=team,
                                            os_account=self.os_account.text() or None),
                "Saving a user", velden)
        if ok:
            self.accept()


class WachtwoordDialoog(Dialoog):
    def __init__(self, ctx, rij: gs.GebruikerRij, parent=None):
        super().__init__(ctx, "Wachtwoord instellen", parent)
        self.rij = rij
        self.setMinimumWidth(480)
        self.tekst(f"Nieuw wachtwoord voor <b>{rij.naam}</b> ({rij.gebruikersnaam}). Geef het wachtwoord "
                   "persoonlijk door, niet per e-mail.")
        self.wachtwoord = self.veld("&Nieuw wachtwoord", "Nieuw wachtwoord", wachtwoord=True)
        self.wachtwoord.setPlaceholderText(f"minstens {gs.MIN_WACHTWOORD} tekens")
        self.herhaal = self.veld("&Herhaal wachtwoord", "Herhaal wachtwoord", wachtwoord=True)
        self.lay.addLayout(self.form)
        self.knoppen()
        self.wachtwoord.setFocus()

    def opslaan(self) -> None:
        if self.wachtwoord.text() != self.herhaal.text():
            self.fout(NIET_GELIJK)
            ok = False
        else:
            ok, _ = self.probeer(lambda: gs.zet_wachtwoord(self.ctx, self.rij.id, self.wachtwoord.text()),
                                 "Setting a password")
        if not ok:  # a refused password is typed again, from the start
            self.wachtwoord.clear()
            self.herhaal.clear()
            self.wachtwoord.setFocus()
            return
        self.accept()


class GebruikersTab(QWidget):
    KOLOMMEN = ["Naam", "Gebruikersnaam", "Rol", "Team", "Windows-account", "Aanmelden met", "Status"]

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rijen: list[gs.GebruikerRij] = []
        lay = QVBoxLayout(self)
        knoppen = QHBoxLayout()
        self.btn_nieuw = knop("&Nieuwe gebruiker…", "Nieuwe gebruiker toevoegen")
        self.btn_wijzig = knop("W&ijzigen…", "Gekozen gebruiker wijzigen")
        self.btn_wachtwoord = knop("Wa&chtwoord instellen…", "Nieuw wachtwoord instellen voor de gekozen gebruiker")
        self.btn_actief = knop("&Deactiveren…", "Gekozen gebruiker deactiveren of weer activeren")
        self.btn_ontgrendel = knop("&Ontgrendelen", "Blokkade na mislukte aanmeldingen opheffen")
        self.btn_ontgrendel.setToolTip("Na 5 mislukte aanmeldingen wacht een account eerst even. Ontgrendelen heft "
                                       "dat meteen op (komt in de audit trail).")
        for b in (self.btn_nieuw, self.btn_wijzig, self.btn_wachtwoord, self.btn_actief, self.btn_ontgrendel):
            knoppen.addWidget(b)
        knoppen.addStretch(1)
        self.toon_inactief = QCheckBox("Gedeactiveerde gebruikers &tonen")
        self.toon_inactief.setAccessibleName("Gedeactiveerde gebruikers tonen")
        self.toon_inactief.setChecked(True)
        knoppen.addWidget(self.toon_inactief)
        lay.addLayout(knoppen)
        self.tabel = tabel(self.KOLOMMEN, "Gebruikers")
        for col, w in enumerate((200, 140, 170, 110, 130, 140)):
            self.tabel.setColumnWidth(col, w)
        lay.addWidget(self.tabel, 1)
        self.melding = melding()
        lay.addWidget(self.melding)
        self.btn_nieuw.clicked.connect(self.nieuw)
        self.btn_wijzig.clicked.connect(self.wijzig)
        self.btn_wachtwoord.clicked.connect(self.wachtwoord)
        self.btn_actief.clicked.connect(self.wissel_actief)
        self.btn_ontgrendel.clicked.connect(self.ontgrendel)
        self.toon_inactief.toggled.connect(lambda _on: self.reload())
        self.tabel.itemSelectionChanged.connect(self._knoppen_bij)
        self.tabel.doubleClicked.connect(lambda _i: self.wijzig())
        order = [self.btn_nieuw, self.btn_wijzig, self.btn_wachtwoord, self.btn_actief, self.btn_ontgrendel,
                 self.toon_inactief, self.tabel]
        for a, b in zip(order, order[1:]):
            self.setTabOrder(a, b)
        self._knoppen_bij()

    def reload(self, kies: int | None = None) -> None:
        try:
            self.rijen = gs.lijst_gebruikers(self.ctx, ook_inactief=self.toon_inactief.isChecked())
        except UserError as exc:
            self.rijen = []
            toon(self.melding, exc.message, fout=True)
        self.tabel.setRowCount(len(self.rijen))
        for r, g in enumerate(self.rijen):
            manier = " en ".join(x for x, ok in (("wachtwoord", g.heeft_wachtwoord), ("Windows", g.os_account)) if ok)
            status = ("gedeactiveerd" if not g.actief else
                      f"geblokkeerd tot {g.geblokkeerd_tot:%H:%M}" if g.geblokkeerd_tot else "actief")
            cells = [g.naam, g.gebruikersnaam, g.rol_naam, g.team_naam, g.os_account or "", manier, status]
            for c, text in enumerate(cells):
                item = cel(text, g.id)
                if not g.actief:
                    item.setForeground(QBrush(QColor("#777")))
                elif g.geblokkeerd_tot and c == 6:
                    item.setForeground(QBrush(common.ROOD))
                self.tabel.setItem(r, c, item)
            if kies is not None and g.id == kies:
                self.tabel.selectRow(r)
        self._knoppen_bij()

    def gekozen(self) -> gs.GebruikerRij | None:
        rows = self.tabel.selectionModel().selectedRows() if self.tabel.selectionModel() else []
        if not rows:
            return None
        gid = self.tabel.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((g for g in self.rijen if g.id == gid), None)

    def _knoppen_bij(self) -> None:
        g = self.gekozen()
        for b in (self.btn_wijzig, self.btn_wachtwoord, self.btn_actief):
            b.setEnabled(g is not None)
        self.btn_actief.setText("&Activeren…" if g is not None and not g.actief else "&Deactiveren…")
        self.btn_ontgrendel.setEnabled(g is not None and g.geblokkeerd_tot is not None)

    def nieuw(self) -> None:
        dlg = GebruikerDialoog(self.ctx, None, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.saved:
            self.reload(kies=dlg.saved.id)
            toon(self.melding, f"Gebruiker {dlg.saved.gebruikersnaam} ({dlg.saved.rol_naam.lower()}) is aangemaakt.")

    def wijzig(self) -> None:
        g = self.gekozen()
        if g is None:
            return
        dlg = GebruikerDialoog(self.ctx, g, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.saved:
            self.reload(kies=g.id)
            toon(self.melding, f"Gebruiker {g.gebruikersnaam} is gewijzigd.")

    def wachtwoord(self) -> None:
        g = self.gekozen()
        if g is None:
            return
        if WachtwoordDialoog(self.ctx, g, self).exec() == QDialog.DialogCode.Accepted:
            self.reload(kies=g.id)
            toon(self.melding, f"Het wachtwoord van {g.gebruikersnaam} is ingesteld.")

    def wissel_actief(self) -> None:
        g = self.gekozen()
        if g is None:
            return
        if g.actief and not common.bevestig(
                self, "Gebruiker deactiveren",
                f"{g.naam} ({g.gebruikersnaam}) deactiveren? Deze gebruiker kan zich dan niet meer aanmelden. De "
                "naam blijft zichtbaar in de historie en de audit trail.", "Deactiveren"):
            return
        ok, nieuw = probeer(self.melding, lambda: gs.zet_actief(self.ctx, g.id, not g.actief),
                            "Changing a user's status")
        if not ok:
            return
        self.reload(kies=g.id)
        toon(self.melding, f"{g.gebruikersnaam} is {'weer actief' if nieuw.actief else 'gedeactiveerd'}.")

    def ontgrendel(self) -> None:
        g = self.gekozen()
        if g is None or g.geblokkeerd_tot is None:
            return
        ok, _ = probeer(self.melding, lambda: gs.ontgrendel(self.ctx, g.id), "Unlocking a user")
        if not ok:
            return
        self.reload(kies=g.id)
        toon(self.melding, f"Het account {g.gebruikersnaam} is ontgrendeld: {g.naam} kan meteen weer aanmelden.")
