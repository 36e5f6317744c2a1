"""Beheer: users, the audit trail (search, read-only) and retention (due list, destroy or anonymise,
residents' requests for destruction). Each tab shows only when the signed-in user may use it; the
services refuse anyway."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain.validation import InvalidInput, parse_datum
from toegang_app.domain.vocab import GEMEENTEN
from toegang_app.errors import UserError
from toegang_app.services import bewaren
from toegang_app.services import gebruikers as gs
from toegang_app.services.auth import AUDIT_LEZEN, BEWAREN_BEHEER, GEBRUIKERS_BEHEER, ROLLEN
from toegang_app.ui.screens.base import Screen

log = logging.getLogger(__name__)

ONVERWACHT = "Er ging onverwacht iets mis; er is niets gewijzigd. De details staan in het logbestand."
ROOD = QColor("#8a1c1c")


def bevestig(parent, titel: str, tekst: str, ja: str) -> bool:
    """Ask before an action that cannot be undone. ``ja`` is the text of the confirming button."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(titel)
    box.setText(tekst)
    ok = box.addButton(ja, QMessageBox.ButtonRole.AcceptRole)
    nee = box.addButton("Annuleren", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(nee)
    box.exec()
    return box.clickedButton() is ok


def _tabel(kolommen: list[str], naam: str, *, meer: bool = False) -> QTableWidget:
    t = QTableWidget(0, len(kolommen))
    t.setHorizontalHeaderLabels(kolommen)
    t.setAccessibleName(naam)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection if meer
                       else QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.verticalHeader().setVisible(False)
    t.verticalHeader().setDefaultSectionSize(26)
    t.setWordWrap(False)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _cel(text, data=None, tooltip: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    if data is not None:
        item.setData(Qt.ItemDataRole.UserRole, data)
    if tooltip:
        item.setToolTip(tooltip)
    return item


def _melding() -> QLabel:
    lab = QLabel()
    lab.setWordWrap(True)
    lab.setAccessibleName("Melding")
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    lab.hide()
    return lab


def _toon(lab: QLabel, text: str, fout: bool = False) -> None:
    lab.setProperty("rol", "waarschuwing" if fout else "uitleg")
    lab.style().unpolish(lab)
    lab.style().polish(lab)
    lab.setText(text)
    lab.show()


def _knop(text: str, naam: str) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(naam)
    return b


def _datum_tekst(d: date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else ""


# == Gebruikers ====================================================================================

TEAMS = [(None, "Alle balies")] + list(GEMEENTEN.items())


class GebruikerDialoog(QDialog):
    """New user (with password) or edit name, role, team and Windows account. Errors stay in the dialog."""

    def __init__(self, ctx, rij: gs.GebruikerRij | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rij = rij
        self.saved: gs.GebruikerRij | None = None
        self.setWindowTitle("Gebruiker wijzigen" if rij else "Nieuwe gebruiker")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumWidth(520)
        lay = QVBoxLayout(self)
        form = QFormLayout()

        def veld(label, naam, value="", wachtwoord=False):
            w = QLineEdit(value or "")
            w.setAccessibleName(naam)
            if wachtwoord:
                w.setEchoMode(QLineEdit.EchoMode.Password)
            lab = QLabel(label)
            lab.setBuddy(w)
            form.addRow(lab, w)
            return w

        self.naam = veld("&Naam", "Naam", rij.naam if rij else "")
        self.gebruikersnaam = veld("&Gebruikersnaam", "Gebruikersnaam", rij.gebruikersnaam if rij else "")
        if rij:
            self.gebruikersnaam.setReadOnly(True)
            self.gebruikersnaam.setToolTip("Een gebruikersnaam verandert niet; hij staat in de audit trail.")
        else:
            self.gebruikersnaam.setPlaceholderText("bijvoorbeeld j.jansen")
        self.rol = QComboBox()
        self.rol.setAccessibleName("Rol")
        for key, label in ROLLEN.items():
            self.rol.addItem(label, key)
        self.rol.setCurrentIndex(self.rol.findData(rij.rol if rij else "medewerker"))
        lab = QLabel("&Rol")
        lab.setBuddy(self.rol)
        form.addRow(lab, self.rol)
        self.team = QComboBox()
        self.team.setAccessibleName("Team (balie)")
        for key, label in TEAMS:
            self.team.addItem(label, key)
        self.team.setCurrentIndex(self.team.findData(rij.team if rij else "haaksbergen"))
        lab = QLabel("&Team")
        lab.setBuddy(self.team)
        form.addRow(lab, self.team)
        self.os_account = veld("&Windows-account", "Windows-account", rij.os_account if rij else "")
        self.os_account.setPlaceholderText("leeg = alleen met wachtwoord")
        self.wachtwoord = self.herhaal = None
        if rij is None:
            self.wachtwoord = veld("W&achtwoord", "Wachtwoord", wachtwoord=True)
            self.wachtwoord.setPlaceholderText(f"minstens {gs.MIN_WACHTWOORD} tekens")
            self.herhaal = veld("&Herhaal wachtwoord", "Herhaal wachtwoord", wachtwoord=True)
        lay.addLayout(form)
        uitleg = QLabel("Een toegangsmedewerker en een procesregisseur horen bij één balie en zien alleen de "
                        "gesprekken van die balie. Een teamleider ziet alleen statistiek. "
                        + ("Met een Windows-account kan de gebruiker zonder wachtwoord aanmelden als de werkplek "
                           "daarop is ingesteld." if rij is None else ""))
        uitleg.setWordWrap(True)
        uitleg.setProperty("rol", "uitleg")
        lay.addWidget(uitleg)
        self.melding = _melding()
        lay.addWidget(self.melding)
        knoppen = QDialogButtonBox()
        self.btn_ok = knoppen.addButton("&Opslaan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_ok.setDefault(True)
        knoppen.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        knoppen.accepted.connect(self.opslaan)
        knoppen.rejected.connect(self.reject)
        lay.addWidget(knoppen)
        self.naam.setFocus()

    def _fout(self, text: str, veld: QWidget | None = None) -> None:
        _toon(self.melding, text, fout=True)
        self.adjustSize()
        if veld is not None:
            veld.setFocus()

    def opslaan(self) -> None:
        velden = {"naam": self.naam, "gebruikersnaam": self.gebruikersnaam, "rol": self.rol, "team": self.team,
                  "os_account": self.os_account, "wachtwoord": self.wachtwoord}
        rol, team = self.rol.currentData(), self.team.currentData()
        try:
            if self.rij is None:
                ww = self.wachtwoord.text()
                if ww != self.herhaal.text():
                    self.wachtwoord.clear()
                    self.herhaal.clear()
                    return self._fout("De twee wachtwoorden zijn niet gelijk. Typ het wachtwoord nog eens.",
                                      self.wachtwoord)
                self.saved = gs.maak_gebruiker(self.ctx, self.gebruikersnaam.text(), self.naam.text(), rol, team,
                                               wachtwoord=ww or None, os_account=self.os_account.text() or None)
            else:
                self.saved = gs.wijzig_gebruiker(self.ctx, self.rij.id, naam=self.naam.text(), rol=rol, team=team,
                                                 os_account=self.os_account.text() or None)
        except InvalidInput as exc:
            return self._fout(exc.message, velden.get(exc.field))
        except UserError as exc:
            return self._fout(exc.message)
        except Exception:  # noqa: BLE001
            log.exception("Saving a user failed")
            return self._fout(ONVERWACHT)
        self.accept()


class WachtwoordDialoog(QDialog):
    def __init__(self, ctx, rij: gs.GebruikerRij, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rij = rij
        self.setWindowTitle("Wachtwoord instellen")
        self.setAccessibleName("Wachtwoord instellen")
        self.setMinimumWidth(480)
        lay = QVBoxLayout(self)
        uitleg = QLabel(f"Nieuw wachtwoord voor <b>{rij.naam}</b> ({rij.gebruikersnaam}). Geef het wachtwoord "
                        "persoonlijk door, niet per e-mail.")
        uitleg.setWordWrap(True)
        lay.addWidget(uitleg)
        form = QFormLayout()
        self.wachtwoord = QLineEdit()
        self.wachtwoord.setEchoMode(QLineEdit.EchoMode.Password)
        self.wachtwoord.setAccessibleName("Nieuw wachtwoord")
        self.wachtwoord.setPlaceholderText(f"minstens {gs.MIN_WACHTWOORD} tekens")
        self.herhaal = QLineEdit()
        self.herhaal.setEchoMode(QLineEdit.EchoMode.Password)
        self.herhaal.setAccessibleName("Herhaal wachtwoord")
        for label, w in (("&Nieuw wachtwoord", self.wachtwoord), ("&Herhaal wachtwoord", self.herhaal)):
            lab = QLabel(label)
            lab.setBuddy(w)
            form.addRow(lab, w)
        lay.addLayout(form)
        self.melding = _melding()
        lay.addWidget(self.melding)
        knoppen = QDialogButtonBox()
        self.btn_ok = knoppen.addButton("&Opslaan", QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_ok.setDefault(True)
        knoppen.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        knoppen.accepted.connect(self.opslaan)
        knoppen.rejected.connect(self.reject)
        lay.addWidget(knoppen)
        self.wachtwoord.setFocus()

    def opslaan(self) -> None:
        fout = None
        if self.wachtwoord.text() != self.herhaal.text():
            fout = "De twee wachtwoorden zijn niet gelijk. Typ het wachtwoord nog eens."
        else:
            try:
                gs.zet_wachtwoord(self.ctx, self.rij.id, self.wachtwoord.text())
            except (InvalidInput, UserError) as exc:
                fout = exc.message
            except Exception:  # noqa: BLE001
                log.exception("Setting a password failed")
                fout = ONVERWACHT
        if fout:
            _toon(self.melding, fout, fout=True)
            self.adjustSize()
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
        self.btn_nieuw = _knop("&Nieuwe gebruiker…", "Nieuwe gebruiker toevoegen")
        self.btn_wijzig = _knop("W&ijzigen…", "Gekozen gebruiker wijzigen")
        self.btn_wachtwoord = _knop("Wa&chtwoord instellen…", "Nieuw wachtwoord instellen voor de gekozen gebruiker")
        self.btn_actief = _knop("&Deactiveren…", "Gekozen gebruiker deactiveren of weer activeren")
        for b in (self.btn_nieuw, self.btn_wijzig, self.btn_wachtwoord, self.btn_actief):
            knoppen.addWidget(b)
        knoppen.addStretch(1)
        self.toon_inactief = QCheckBox("Gedeactiveerde gebruikers &tonen")
        self.toon_inactief.setAccessibleName("Gedeactiveerde gebruikers tonen")
        self.toon_inactief.setChecked(True)
        knoppen.addWidget(self.toon_inactief)
        lay.addLayout(knoppen)
        self.tabel = _tabel(self.KOLOMMEN, "Gebruikers")
        for col, w in enumerate((220, 160, 170, 120, 150, 190)):
            self.tabel.setColumnWidth(col, w)
        lay.addWidget(self.tabel, 1)
        self.melding = _melding()
        lay.addWidget(self.melding)
        self.btn_nieuw.clicked.connect(self.nieuw)
        self.btn_wijzig.clicked.connect(self.wijzig)
        self.btn_wachtwoord.clicked.connect(self.wachtwoord)
        self.btn_actief.clicked.connect(self.wissel_actief)
        self.toon_inactief.toggled.connect(lambda _on: self.reload())
        self.tabel.itemSelectionChanged.connect(self._knoppen_bij)
        self.tabel.doubleClicked.connect(lambda _i: self.wijzig())
        self.setTabOrder(self.btn_nieuw, self.btn_wijzig)
        self.setTabOrder(self.btn_wijzig, self.btn_wachtwoord)
        self.setTabOrder(self.btn_wachtwoord, self.btn_actief)
        self.setTabOrder(self.btn_actief, self.toon_inactief)
        self.setTabOrder(self.toon_inactief, self.tabel)
        self._knoppen_bij()

    def reload(self, kies: int | None = None) -> None:
        try:
            self.rijen = gs.lijst_gebruikers(self.ctx, ook_inactief=self.toon_inactief.isChecked())
        except UserError as exc:
            self.rijen = []
            _toon(self.melding, exc.message, fout=True)
        self.tabel.setRowCount(len(self.rijen))
        for r, g in enumerate(self.rijen):
            manier = " en ".join(x for x, ok in (("wachtwoord", g.heeft_wachtwoord), ("Windows", g.os_account)) if ok)
            cells = [g.naam, g.gebruikersnaam, g.rol_naam, g.team_naam, g.os_account or "",
                     manier, "actief" if g.actief else "gedeactiveerd"]
            for c, text in enumerate(cells):
                item = _cel(text, g.id)
                if not g.actief:
                    item.setForeground(QBrush(QColor("#777")))
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

    def nieuw(self) -> None:
        dlg = GebruikerDialoog(self.ctx, None, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.saved:
            self.reload(kies=dlg.saved.id)
            _toon(self.melding, f"Gebruiker {dlg.saved.gebruikersnaam} ({dlg.saved.rol_naam.lower()}) is aangemaakt.")

    def wijzig(self) -> None:
        g = self.gekozen()
        if g is None:
            return
        dlg = GebruikerDialoog(self.ctx, g, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.saved:
            self.reload(kies=g.id)
            _toon(self.melding, f"Gebruiker {g.gebruikersnaam} is gewijzigd.")

    def wachtwoord(self) -> None:
        g = self.gekozen()
        if g is None:
            return
        if WachtwoordDialoog(self.ctx, g, self).exec() == QDialog.DialogCode.Accepted:
            self.reload(kies=g.id)
            _toon(self.melding, f"Het wachtwoord van {g.gebruikersnaam} is ingesteld.")

    def wissel_actief(self) -> None:
        g = self.gekozen()
        if g is None:
            return
        if g.actief and not bevestig(self, "Gebruiker deactiveren",
                                     f"{g.naam} ({g.gebruikersnaam}) deactiveren? Deze gebruiker kan zich dan niet "
                                     "meer aanmelden. De naam blijft zichtbaar in de historie en de audit trail.",
                                     "Deactiveren"):
            return
        try:
            nieuw = gs.zet_actief(self.ctx, g.id, not g.actief)
        except UserError as exc:
            _toon(self.melding, exc.message, fout=True)
            return
        except Exception:  # noqa: BLE001
            log.exception("Changing a user's status failed")
            _toon(self.melding, ONVERWACHT, fout=True)
            return
        self.reload(kies=g.id)
        _toon(self.melding, f"{g.gebruikersnaam} is {'weer actief' if nieuw.actief else 'gedeactiveerd'}.")


# == Audit trail ===================================================================================

def _leesbaar(actie: str) -> str:
    return actie.replace("_", " ")


class AuditTab(QWidget):
    KOLOMMEN = ["Tijdstip", "Gebruiker", "Actie", "Object", "Nummer", "Veld", "Oud", "Nieuw", "Toelichting"]
    PER_PAGINA = 100

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.pagina = 0
        self.resultaat: gs.AuditPagina | None = None
        self._filter = gs.AuditFilter()
        lay = QVBoxLayout(self)
        rij1 = QHBoxLayout()

        def label(text, w):
            lab = QLabel(text)
            lab.setBuddy(w)
            rij1.addWidget(lab)
            rij1.addWidget(w)

        self.gebruiker = QLineEdit()
        self.gebruiker.setAccessibleName("Gebruiker (deel van de gebruikersnaam)")
        self.gebruiker.setPlaceholderText("gebruikersnaam")
        self.gebruiker.setClearButtonEnabled(True)
        label("Gebrui&ker", self.gebruiker)
        self.actie = QComboBox()
        self.actie.setAccessibleName("Actie")
        self.actie.setMinimumContentsLength(14)
        label("&Actie", self.actie)
        self.object_type = QComboBox()
        self.object_type.setAccessibleName("Soort object")
        self.object_type.setMinimumContentsLength(14)
        label("&Object", self.object_type)
        self.object_id = QLineEdit()
        self.object_id.setAccessibleName("Nummer van het object")
        self.object_id.setPlaceholderText("nummer")
        self.object_id.setMaximumWidth(90)
        label("&Nummer", self.object_id)
        self.van = QLineEdit()
        self.van.setAccessibleName("Periode vanaf (dd-mm-jjjj)")
        self.van.setPlaceholderText("dd-mm-jjjj")
        self.van.setMaximumWidth(110)
        label("&Van", self.van)
        self.tot = QLineEdit()
        self.tot.setAccessibleName("Periode tot en met (dd-mm-jjjj)")
        self.tot.setPlaceholderText("dd-mm-jjjj")
        self.tot.setMaximumWidth(110)
        label("t/&m", self.tot)
        self.btn_zoek = _knop("&Zoeken", "Zoeken in de audit trail")
        self.btn_zoek.setProperty("rol", "primair")
        rij1.addWidget(self.btn_zoek)
        rij1.addStretch(1)
        lay.addLayout(rij1)
        self.tabel = _tabel(self.KOLOMMEN, "Audit trail")
        self._breedtes = (150, 110, 130, 110, 70, 110, 100, 100)
        for col, w in enumerate(self._breedtes):
            self.tabel.setColumnWidth(col, w)
        lay.addWidget(self.tabel, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName("Gekozen regel van de audit trail")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.detail.setText("Kies een regel om hem hier helemaal te lezen.")
        self.detail.setProperty("rol", "uitleg")
        lay.addWidget(self.detail)
        onder = QHBoxLayout()
        self.uitleg = QLabel("Alleen lezen: niemand kan de audit trail wijzigen of verwijderen, ook de beheerder niet.")
        self.uitleg.setProperty("rol", "uitleg")
        onder.addWidget(self.uitleg, 1)
        self.telling = QLabel()
        self.telling.setAccessibleName("Aantal gevonden regels")
        onder.addWidget(self.telling)
        self.btn_vorige = _knop("< Vo&rige", "Vorige pagina")
        self.btn_volgende = _knop("Vo&lgende >", "Volgende pagina")
        onder.addWidget(self.btn_vorige)
        onder.addWidget(self.btn_volgende)
        lay.addLayout(onder)
        self.melding = _melding()
        lay.addWidget(self.melding)

        self.btn_zoek.clicked.connect(self.zoek)
        self.tabel.itemSelectionChanged.connect(self._toon_detail)
        for w in (self.gebruiker, self.object_id, self.van, self.tot):
            w.returnPressed.connect(self.zoek)
        self.btn_vorige.clicked.connect(lambda: self.toon_pagina(self.pagina - 1))
        self.btn_volgende.clicked.connect(lambda: self.toon_pagina(self.pagina + 1))
        order = [self.gebruiker, self.actie, self.object_type, self.object_id, self.van, self.tot, self.btn_zoek,
                 self.tabel, self.btn_vorige, self.btn_volgende]
        for a, b in zip(order, order[1:]):
            self.setTabOrder(a, b)
        self._geladen = False

    def laad(self) -> None:
        """Fill the filter choices and show the newest rows (first visit)."""
        try:
            acties, typen = gs.audit_keuzes(self.ctx)
        except UserError as exc:
            _toon(self.melding, exc.message, fout=True)
            return
        for combo, alle, items in ((self.actie, "Alle acties", acties), (self.object_type, "Alle objecten", typen)):
            huidig = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(alle, None)
            for x in items:
                combo.addItem(_leesbaar(x), x)
            i = combo.findData(huidig)
            combo.setCurrentIndex(i if i >= 0 else 0)
            combo.blockSignals(False)
        if not self._geladen:
            self._geladen = True
            self.zoek()

    def _datum(self, w: QLineEdit, veld: str) -> date | None:
        return parse_datum(w.text(), field=veld) if w.text().strip() else None

    def zoek(self) -> None:
        try:
            self._filter = gs.AuditFilter(gebruiker=self.gebruiker.text() or None, actie=self.actie.currentData(),
                                          object_type=self.object_type.currentData(),
                                          object_id=self.object_id.text() or None,
                                          van=self._datum(self.van, "van"), tot=self._datum(self.tot, "tot"))
        except InvalidInput as exc:
            _toon(self.melding, exc.message, fout=True)
            (self.van if exc.field == "van" else self.tot).setFocus()
            return
        self.toon_pagina(0)

    def _toon_detail(self) -> None:
        rows = self.tabel.selectionModel().selectedRows()
        if not rows or self.resultaat is None or rows[0].row() >= len(self.resultaat.rijen):
            return
        a = self.resultaat.rijen[rows[0].row()]
        delen = [a.op.strftime("%d-%m-%Y %H:%M:%S"), a.gebruiker or "(niet aangemeld)", _leesbaar(a.actie),
                 f"{a.object_type} {a.object_id or ''}".strip()]
        if a.veld:
            delen.append(f"{a.veld}: {a.oud or '(leeg)'} → {a.nieuw or '(leeg)'}")
        self.detail.setText(" · ".join(delen) + (f" — {a.toelichting}" if a.toelichting else ""))

    def toon_pagina(self, pagina: int) -> None:
        try:
            res = gs.zoek_audit(self.ctx, self._filter, pagina=max(0, pagina), per_pagina=self.PER_PAGINA)
        except (InvalidInput, UserError) as exc:
            _toon(self.melding, exc.message, fout=True)
            return
        except Exception:  # noqa: BLE001
            log.exception("Audit search failed")
            _toon(self.melding, ONVERWACHT, fout=True)
            return
        self.melding.hide()
        self.resultaat, self.pagina = res, res.pagina
        self.tabel.setRowCount(len(res.rijen))
        for r, a in enumerate(res.rijen):
            cells = [a.op.strftime("%d-%m-%Y %H:%M:%S"), a.gebruiker or "(niet aangemeld)", _leesbaar(a.actie),
                     a.object_type, a.object_id or "", a.veld or "", a.oud or "", a.nieuw or "", a.toelichting or ""]
            for c, text in enumerate(cells):
                self.tabel.setItem(r, c, _cel(text, a.id, tooltip=text if c >= 5 and len(text) > 20 else None))
        for c in range(5):  # wide enough for what is shown, within limits
            self.tabel.resizeColumnToContents(c)
            self.tabel.setColumnWidth(c, min(max(self.tabel.columnWidth(c), self._breedtes[c]), 220))
        if res.totaal:
            eerste = res.pagina * res.per_pagina + 1
            self.telling.setText(f"Regel {eerste}–{eerste + len(res.rijen) - 1} van {res.totaal:,}".replace(",", ".")
                                 + f" · pagina {res.pagina + 1} van {res.paginas}")
        else:
            self.telling.setText("Geen regels gevonden")
        self.btn_vorige.setEnabled(res.pagina > 0)
        self.btn_volgende.setEnabled(res.pagina + 1 < res.paginas)


# == Bewaartermijnen ===============================================================================

class VerzoekDialoog(QDialog):
    """Register a resident's written request for destruction: find the resident, kenmerk, date received."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.saved: bewaren.VerzoekRij | None = None
        self.setWindowTitle("Verzoek om vernietiging registreren")
        self.setAccessibleName(self.windowTitle())
        self.setMinimumSize(620, 460)
        try:
            cfg = bewaren.bewaarconfig(self.ctx)
            self.maanden, self.grondslag = cfg.verzoek_maanden, cfg.verzoek_grondslag
        except UserError:
            self.maanden, self.grondslag = 3, ""
        lay = QVBoxLayout(self)
        uitleg = QLabel(f"Een inwoner heeft schriftelijk gevraagd om vernietiging van zijn of haar gegevens. Zoek de "
                        f"inwoner, vul het kenmerk van de brief en de ontvangstdatum in. Het verzoek moet binnen "
                        f"{self.maanden} maanden zijn uitgevoerd{f' ({self.grondslag})' if self.grondslag else ''}.")
        uitleg.setWordWrap(True)
        lay.addWidget(uitleg)
        zoekrij = QHBoxLayout()
        self.zoekterm = QLineEdit()
        self.zoekterm.setAccessibleName("Zoek de inwoner op naam, BSN of inwonernummer")
        self.zoekterm.setPlaceholderText("naam, BSN of inwonernummer")
        lab = QLabel("&Inwoner")
        lab.setBuddy(self.zoekterm)
        zoekrij.addWidget(lab)
        zoekrij.addWidget(self.zoekterm, 1)
        self.btn_zoek = _knop("&Zoeken", "Inwoner zoeken")
        zoekrij.addWidget(self.btn_zoek)
        lay.addLayout(zoekrij)
        self.gevonden = QListWidget()
        self.gevonden.setAccessibleName("Gevonden inwoners")
        lay.addWidget(self.gevonden, 1)
        form = QFormLayout()
        self.kenmerk = QLineEdit()
        self.kenmerk.setAccessibleName("Kenmerk van de brief")
        self.kenmerk.setPlaceholderText("bijvoorbeeld het zaaknummer; geen naam")
        self.ontvangen = QLineEdit(date.today().strftime("%d-%m-%Y"))
        self.ontvangen.setAccessibleName("Ontvangen op (dd-mm-jjjj)")
        for label, w in (("&Kenmerk", self.kenmerk), ("&Ontvangen op", self.ontvangen)):
            lab = QLabel(label)
            lab.setBuddy(w)
            form.addRow(lab, w)
        self.uiterlijk = QLabel()
        self.uiterlijk.setAccessibleName("Uitvoeren uiterlijk")
        form.addRow("Uitvoeren uiterlijk", self.uiterlijk)
        lay.addLayout(form)
        self.melding = _melding()
        lay.addWidget(self.melding)
        knoppen = QDialogButtonBox()
        self.btn_ok = knoppen.addButton("&Registreren", QDialogButtonBox.ButtonRole.AcceptRole)
        knoppen.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        knoppen.accepted.connect(self.opslaan)
        knoppen.rejected.connect(self.reject)
        lay.addWidget(knoppen)
        self.btn_zoek.clicked.connect(self.zoek)
        self.zoekterm.returnPressed.connect(self.zoek)
        self.ontvangen.textChanged.connect(self._uiterlijk_bij)
        self._uiterlijk_bij()
        self.zoekterm.setFocus()

    def _uiterlijk_bij(self) -> None:
        try:
            d = parse_datum(self.ontvangen.text(), field="ontvangen_op")
            self.uiterlijk.setText(bewaren.plus_maanden(d, self.maanden).strftime("%d-%m-%Y"))
        except InvalidInput:
            self.uiterlijk.setText("vul een geldige datum in (dd-mm-jjjj)")

    def zoek(self) -> None:
        self.gevonden.clear()
        try:
            found = bewaren.zoek_inwoners(self.ctx, self.zoekterm.text())
        except (InvalidInput, UserError) as exc:
            _toon(self.melding, exc.message, fout=True)
            return
        self.melding.hide()
        for k in found:
            item = QListWidgetItem(k.tekst())
            item.setData(Qt.ItemDataRole.UserRole, k.id)
            self.gevonden.addItem(item)
        if not found:
            _toon(self.melding, "Geen inwoner gevonden. Zoek op een ander deel van de naam, of op BSN.")
        elif len(found) == 1:
            self.gevonden.setCurrentRow(0)

    def opslaan(self) -> None:
        item = self.gevonden.currentItem()
        if item is None:
            _toon(self.melding, "Zoek en kies eerst de inwoner.", fout=True)
            self.zoekterm.setFocus()
            return
        try:
            ontvangen = parse_datum(self.ontvangen.text(), field="ontvangen_op", toekomst_toegestaan=False)
            self.saved = bewaren.registreer_verzoek(self.ctx, item.data(Qt.ItemDataRole.UserRole),
                                                    self.kenmerk.text(), ontvangen)
        except InvalidInput as exc:
            _toon(self.melding, exc.message, fout=True)
            (self.kenmerk if exc.field == "kenmerk" else self.ontvangen).setFocus()
            return
        except UserError as exc:
            _toon(self.melding, exc.message, fout=True)
            return
        except Exception:  # noqa: BLE001
            log.exception("Registering a request failed")
            _toon(self.melding, ONVERWACHT, fout=True)
            return
        self.accept()


class BewarenTab(QWidget):
    KOLOMMEN = ["Gesprek", "Inwoner", "Team", "Wet", "Grondslag", "Einde dossier", "Einde volgens", "Bewaren tot",
                "Verwijzingen"]
    VERZOEK_KOLOMMEN = ["Kenmerk", "Inwoner", "Ontvangen", "Uitvoeren uiterlijk", "Status", "Geregistreerd door"]

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[bewaren.BewaarItem] = []
        self.peil = date.today()
        self.verzoeken: list[bewaren.VerzoekRij] = []
        lay = QVBoxLayout(self)
        self.termijnen_uitleg = QLabel()
        self.termijnen_uitleg.setWordWrap(True)
        self.termijnen_uitleg.setProperty("rol", "uitleg")
        self.termijnen_uitleg.setAccessibleName("Bewaartermijnen per wet")
        lay.addWidget(self.termijnen_uitleg)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)

        boven = QGroupBox("Bewaartermijn verstreken")
        bl = QVBoxLayout(boven)
        rij = QHBoxLayout()
        self.peildatum = QLineEdit(date.today().strftime("%d-%m-%Y"))
        self.peildatum.setAccessibleName("Verstreken op of voor (dd-mm-jjjj)")
        self.peildatum.setMaximumWidth(110)
        lab = QLabel("Ver&streken op of vóór")
        lab.setBuddy(self.peildatum)
        rij.addWidget(lab)
        rij.addWidget(self.peildatum)
        self.btn_vernieuw = _knop("Ver&nieuwen", "Lijst vernieuwen")
        rij.addWidget(self.btn_vernieuw)
        rij.addStretch(1)
        self.telling = QLabel()
        self.telling.setAccessibleName("Aantal gesprekken met verstreken termijn")
        rij.addWidget(self.telling)
        bl.addLayout(rij)
        self.tabel = _tabel(self.KOLOMMEN, "Gesprekken met verstreken bewaartermijn", meer=True)
        for col, w in enumerate((70, 75, 110, 130, 260, 105, 130, 100, 95)):
            self.tabel.setColumnWidth(col, w)
        self.tabel.horizontalHeader().setStretchLastSection(False)
        self.tabel.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        bl.addWidget(self.tabel, 1)
        acties = QHBoxLayout()
        self.btn_alles = _knop("A&lles selecteren", "Alle gesprekken in de lijst selecteren")
        self.btn_vernietig = _knop("&Vernietigen…", "Gekozen gesprekken vernietigen")
        self.btn_anonimiseer = _knop("&Anonimiseren…", "Gekozen gesprekken anonimiseren")
        acties.addWidget(self.btn_alles)
        acties.addStretch(1)
        acties.addWidget(self.btn_anonimiseer)
        acties.addWidget(self.btn_vernietig)
        bl.addLayout(acties)
        split.addWidget(boven)

        onder = QGroupBox("Verzoeken van inwoners om vernietiging")
        ol = QVBoxLayout(onder)
        self.verzoek_tabel = _tabel(self.VERZOEK_KOLOMMEN, "Verzoeken om vernietiging")
        for col, w in enumerate((170, 80, 100, 140, 230)):
            self.verzoek_tabel.setColumnWidth(col, w)
        ol.addWidget(self.verzoek_tabel, 1)
        vk = QHBoxLayout()
        self.btn_registreer = _knop("Verzoek &registreren…", "Verzoek om vernietiging registreren")
        self.btn_uitvoeren = _knop("Verzoek ui&tvoeren…", "Gekozen verzoek uitvoeren: alle gegevens van de inwoner "
                                   "vernietigen")
        self.toon_uitgevoerd = QCheckBox("Uitgevoerde verzoeken t&onen")
        self.toon_uitgevoerd.setAccessibleName("Uitgevoerde verzoeken tonen")
        vk.addWidget(self.btn_registreer)
        vk.addWidget(self.btn_uitvoeren)
        vk.addStretch(1)
        vk.addWidget(self.toon_uitgevoerd)
        ol.addLayout(vk)
        split.addWidget(onder)
        split.setSizes([380, 220])
        lay.addWidget(split, 1)
        self.melding = _melding()
        lay.addWidget(self.melding)

        self.btn_vernieuw.clicked.connect(self.reload)
        self.peildatum.returnPressed.connect(self.reload)
        self.btn_alles.clicked.connect(self.tabel.selectAll)
        self.btn_vernietig.clicked.connect(lambda: self.uitvoeren("vernietigen"))
        self.btn_anonimiseer.clicked.connect(lambda: self.uitvoeren("anonimiseren"))
        self.btn_registreer.clicked.connect(self.registreer)
        self.btn_uitvoeren.clicked.connect(self.verzoek_uitvoeren)
        self.toon_uitgevoerd.toggled.connect(lambda _on: self.reload_verzoeken())
        self.tabel.itemSelectionChanged.connect(self._knoppen_bij)
        self.verzoek_tabel.itemSelectionChanged.connect(self._knoppen_bij)
        order = [self.peildatum, self.btn_vernieuw, self.tabel, self.btn_alles, self.btn_anonimiseer,
                 self.btn_vernietig, self.verzoek_tabel, self.btn_registreer, self.btn_uitvoeren, self.toon_uitgevoerd]
        for a, b in zip(order, order[1:]):
            self.setTabOrder(a, b)
        self._knoppen_bij()

    def _uitleg_bij(self) -> None:
        try:
            cfg = bewaren.bewaarconfig(self.ctx)
        except UserError as exc:
            _toon(self.melding, exc.message, fout=True)
            return
        delen = [f"{t.wet}: {t.jaren} jaar ({t.grondslag})" for t in cfg.termijnen.values()]
        self.termijnen_uitleg.setText(
            "Bewaartermijnen: " + "; ".join(delen) + ". De termijn loopt vanaf het einde van het dossier (afgesloten, "
            "anders de laatste activiteit); bij meer wetten telt de langste. Vernietigen en anonimiseren komen in de "
            "audit trail, zonder namen. De lijst toont nummers, geen namen.")

    def reload(self) -> None:
        self._uitleg_bij()
        try:
            peil = parse_datum(self.peildatum.text(), field="peildatum")
            self.items = bewaren.te_vernietigen(self.ctx, peil)
        except (InvalidInput, UserError) as exc:
            _toon(self.melding, exc.message, fout=True)
            return
        except Exception:  # noqa: BLE001
            log.exception("Retention list failed")
            _toon(self.melding, ONVERWACHT, fout=True)
            return
        self.peil = peil
        self.tabel.setRowCount(len(self.items))
        for r, i in enumerate(self.items):
            cells = [i.gesprek_id, i.inwoner_id, i.team_naam, f"{i.wet} · {i.jaren} jaar", i.grondslag,
                     _datum_tekst(i.einddatum), i.einde_bron, _datum_tekst(i.vervaldatum), i.verwijzingen]
            for c, text in enumerate(cells):
                self.tabel.setItem(r, c, _cel(text, i.gesprek_id, tooltip=i.wet_naam if c == 3 else None))
        self.telling.setText(f"{len(self.items)} gesprek{'ken' if len(self.items) != 1 else ''}")
        self.reload_verzoeken()
        self._knoppen_bij()

    def reload_verzoeken(self) -> None:
        try:
            self.verzoeken = bewaren.lijst_verzoeken(self.ctx, ook_uitgevoerd=self.toon_uitgevoerd.isChecked())
        except UserError as exc:
            _toon(self.melding, exc.message, fout=True)
            return
        self.verzoek_tabel.setRowCount(len(self.verzoeken))
        for r, v in enumerate(self.verzoeken):
            status = v.status()
            cells = [v.kenmerk, v.inwoner_id if v.inwoner_id is not None else "–", _datum_tekst(v.ontvangen_op),
                     _datum_tekst(v.uiterlijk), status, v.geregistreerd_door or ""]
            for c, text in enumerate(cells):
                item = _cel(text, v.id)
                if status.startswith("te laat"):
                    item.setForeground(QBrush(ROOD))
                self.verzoek_tabel.setItem(r, c, item)
        self._knoppen_bij()

    def gekozen_gesprekken(self) -> list[int]:
        rows = sorted({ix.row() for ix in self.tabel.selectionModel().selectedRows()})
        return [self.tabel.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]

    def gekozen_verzoek(self) -> bewaren.VerzoekRij | None:
        rows = self.verzoek_tabel.selectionModel().selectedRows()
        if not rows:
            return None
        vid = self.verzoek_tabel.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((v for v in self.verzoeken if v.id == vid), None)

    def _knoppen_bij(self) -> None:
        n = len(self.gekozen_gesprekken())
        self.btn_vernietig.setEnabled(n > 0)
        self.btn_anonimiseer.setEnabled(n > 0)
        self.btn_alles.setEnabled(self.tabel.rowCount() > 0)
        v = self.gekozen_verzoek()
        self.btn_uitvoeren.setEnabled(v is not None and v.open)

    def uitvoeren(self, wat: str) -> None:
        ids = self.gekozen_gesprekken()
        if not ids:
            return
        gekozen = [i for i in self.items if i.gesprek_id in set(ids)]
        n_verw = sum(i.verwijzingen for i in gekozen)
        wie = f"{len(ids)} gesprek{'ken' if len(ids) != 1 else ''} met {n_verw} verwijzing{'en' if n_verw != 1 else ''}"
        if wat == "vernietigen":
            tekst = (f"U vernietigt {wie}, met alles wat erbij is vastgelegd. Een inwoner zonder andere gesprekken "
                     "wordt ook verwijderd. Dit kan niet ongedaan worden gemaakt.\n\nIn de audit trail komt alleen dat "
                     "het is gebeurd en hoeveel, geen namen.")
        else:
            tekst = (f"U anonimiseert {wie}: namen, BSN, contactgegevens, geboortedatum en alle vrije tekst gaan weg; "
                     "de cijfers (scores, treden, verwijzingen) blijven voor de statistiek. Dit kan niet ongedaan "
                     "worden gemaakt.")
        if not bevestig(self, wat.capitalize(), tekst, wat.capitalize()):
            return
        try:
            fn = bewaren.vernietig if wat == "vernietigen" else bewaren.anonimiseer
            res = fn(self.ctx, ids, peildatum=min(self.peil, date.today()))
        except (InvalidInput, UserError) as exc:
            _toon(self.melding, exc.message, fout=True)
            return
        except Exception:  # noqa: BLE001
            log.exception("Retention action failed")
            _toon(self.melding, ONVERWACHT, fout=True)
            return
        self.reload()
        _toon(self.melding, f"Klaar: {res.tekst('vernietigd' if wat == 'vernietigen' else 'geanonimiseerd')}.")

    def registreer(self) -> None:
        dlg = VerzoekDialoog(self.ctx, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.saved:
            self.reload_verzoeken()
            _toon(self.melding, f"Verzoek {dlg.saved.kenmerk} is geregistreerd; uitvoeren uiterlijk "
                  f"{_datum_tekst(dlg.saved.uiterlijk)}.")

    def verzoek_uitvoeren(self) -> None:
        v = self.gekozen_verzoek()
        if v is None or not v.open:
            return
        if not bevestig(self, "Verzoek uitvoeren",
                        f"Verzoek {v.kenmerk} uitvoeren? Alle gesprekken en verwijzingen van inwoner {v.inwoner_id} "
                        "en de inwoner zelf worden vernietigd. Dit kan niet ongedaan worden gemaakt.\n\nIn de audit "
                        "trail komt dat het verzoek is uitgevoerd en hoeveel er is vernietigd, niet wat.",
                        "Uitvoeren"):
            return
        try:
            res = bewaren.voer_verzoek_uit(self.ctx, v.id)
        except UserError as exc:
            _toon(self.melding, exc.message, fout=True)
            return
        except Exception:  # noqa: BLE001
            log.exception("Carrying out a request failed")
            _toon(self.melding, ONVERWACHT, fout=True)
            return
        self.reload()
        _toon(self.melding, f"Verzoek {v.kenmerk} is uitgevoerd: {res.tekst('vernietigd')}.")


# == the screen ====================================================================================

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
        self._tabdefs = [("gebruikers", "G&ebruikers", self.gebruikers, GEBRUIKERS_BEHEER),
                         ("audit", "A&udit trail", self.audit, AUDIT_LEZEN),
                         ("bewaren", "Be&waartermijnen", self.bewaren, BEWAREN_BEHEER)]
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
                                   "gebruikers, de audit trail of de bewaartermijnen mag beheren.")
        self.geen_toegang.setWordWrap(True)
        self.geen_toegang.setProperty("rol", "uitleg")
        lay.addWidget(self.geen_toegang)
        self.tabs.setVisible(bool(self._keys))
        self.geen_toegang.setVisible(not self._keys)
        self.tabs.currentChanged.connect(lambda _i: self._laad_huidige())
        QShortcut(QKeySequence("F5"), self, activated=lambda: self._laad_huidige(opnieuw=True))

    def tab_keys(self) -> list[str]:
        return list(self._keys)

    def toon_tab(self, key: str) -> QWidget:
        self.tabs.setCurrentIndex(self._keys.index(key))
        self._laad_huidige()
        return self.tabs.currentWidget()

    def _laad_huidige(self, opnieuw: bool = False) -> None:
        i = self.tabs.currentIndex()
        if i < 0 or not self.isVisible():
            return
        key = self._keys[i]
        if key in self._geladen and not opnieuw and key != "audit":
            return
        self._geladen.add(key)
        widget = self.tabs.currentWidget()
        if key == "audit":
            widget.laad()  # refreshes the filter choices; searches once
            if opnieuw:
                widget.zoek()
        else:
            widget.reload()

    def on_shown(self) -> None:
        self._laad_huidige(opnieuw=True)

    def extra_screenshots(self):
        """One picture per tab (``toegang --screenshots``): switch, then let the caller grab the window."""
        for key in list(self._keys):
            self.toon_tab(key)
            yield key, self.window()
