"""Beheer, tab Audit trail: search and read, never change (the database refuses that too)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from toegang_app.domain import nl
from toegang_app.domain.validation import InvalidInput, parse_datum
from toegang_app.errors import UserError
from toegang_app.services import gebruikers as gs
from toegang_app.ui.screens.beheer.common import cel, knop, melding, probeer, tabel, toon


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
        self.van = self._datumveld("Periode vanaf (dd-mm-jjjj)")
        label("&Van", self.van)
        self.tot = self._datumveld("Periode tot en met (dd-mm-jjjj)")
        label("t/&m", self.tot)
        self.btn_zoek = knop("&Zoeken", "Zoeken in de audit trail")
        self.btn_zoek.setProperty("rol", "primair")
        rij1.addWidget(self.btn_zoek)
        rij1.addStretch(1)
        lay.addLayout(rij1)
        self.tabel = tabel(self.KOLOMMEN, "Audit trail")
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
        self.btn_vorige = knop("< Vo&rige", "Vorige pagina")
        self.btn_volgende = knop("Volgen&de >", "Volgende pagina")
        onder.addWidget(self.btn_vorige)
        onder.addWidget(self.btn_volgende)
        lay.addLayout(onder)
        self.melding = melding()
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

    @staticmethod
    def _datumveld(naam: str) -> QLineEdit:
        w = QLineEdit()
        w.setAccessibleName(naam)
        w.setPlaceholderText("dd-mm-jjjj")
        w.setMaximumWidth(110)
        return w

    def reload(self) -> None:
        """The filter choices and the rows for the current filter (first visit, F5)."""
        if self.reload_choices():
            self.zoek()

    def reload_choices(self) -> bool:
        """Refresh the actions and object kinds to filter on (each time the tab is shown)."""
        try:
            acties, typen = gs.audit_keuzes(self.ctx)
        except UserError as exc:
            toon(self.melding, exc.message, fout=True)
            return False
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
        return True

    def _datum(self, w: QLineEdit, veld: str) -> date | None:
        return parse_datum(w.text(), field=veld) if w.text().strip() else None

    def zoek(self) -> None:
        try:
            self._filter = gs.AuditFilter(gebruiker=self.gebruiker.text() or None, actie=self.actie.currentData(),
                                          object_type=self.object_type.currentData(),
                                          object_id=self.object_id.text() or None,
                                          van=self._datum(self.van, "van"), tot=self._datum(self.tot, "tot"))
        except InvalidInput as exc:
            toon(self.melding, exc.message, fout=True)
            (self.van if exc.field == "van" else self.tot).setFocus()
            return
        self.toon_pagina(0)

    def _toon_detail(self) -> None:
        rows = self.tabel.selectionModel().selectedRows()
        if not rows or self.resultaat is None or rows[0].row() >= len(self.resultaat.rijen):
            return
        a = self.resultaat.rijen[rows[0].row()]
        delen = [nl.datum_tijd(a.op, seconden=True), a.gebruiker or "(niet aangemeld)", _leesbaar(a.actie),
                 f"{a.object_type} {a.object_id or ''}".strip()]
        if a.veld:
            delen.append(f"{a.veld}: {a.oud or '(leeg)'} → {a.nieuw or '(leeg)'}")
        self.detail.setText(" · ".join(delen) + (f" — {a.toelichting}" if a.toelichting else ""))

    def toon_pagina(self, pagina: int) -> None:
        ok, res = probeer(self.melding, lambda: gs.zoek_audit(self.ctx, self._filter, pagina=max(0, pagina),
                                                              per_pagina=self.PER_PAGINA), "Audit search")
        if not ok:
            return
        self.melding.hide()
        self.resultaat, self.pagina = res, res.pagina
        self.tabel.setRowCount(len(res.rijen))
        for r, a in enumerate(res.rijen):
            cells = [nl.datum_tijd(a.op, seconden=True), a.gebruiker or "(niet aangemeld)", _leesbaar(a.actie),
                     a.object_type, a.object_id or "", a.veld or "", a.oud or "", a.nieuw or "", a.toelichting or ""]
            for c, text in enumerate(cells):
                self.tabel.setItem(r, c, cel(text, a.id, tooltip=text if c >= 5 and len(text) > 20 else None))
        for c in range(5):  # wide enough for what is shown, within limits
            self.tabel.resizeColumnToContents(c)
            self.tabel.setColumnWidth(c, min(max(self.tabel.columnWidth(c), self._breedtes[c]), 220))
        if res.totaal:
            eerste = res.pagina * res.per_pagina + 1
            laatste = eerste + len(res.rijen) - 1
            self.telling.setText(f"Regel {nl.getal(eerste)}–{nl.getal(laatste)} van {nl.getal(res.totaal)} · "
                                 f"pagina {nl.getal(res.pagina + 1)} van {nl.getal(res.paginas)}")
        else:
            self.telling.setText("Geen regels gevonden")
        self.btn_vorige.setEnabled(res.pagina > 0)
        self.btn_volgende.setEnabled(res.pagina + 1 < res.paginas)
