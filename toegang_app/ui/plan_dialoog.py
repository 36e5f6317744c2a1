"""Het plan van een gezin (procesregie): één gezin, één plan, één regisseur. Tabs for the overview (phase,
regisseur, evaluation, time watched, AVE 4 ketenpartner and contact, afschalen), betrokken partijen,
doelen linked to the conversation's needs and spinnenweb, afspraken with status, MDO's and evaluations,
and the phase history. Prints the B1 summary for the household and a partner copy."""

from __future__ import annotations

import html
import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain import nl, vocab
from toegang_app.domain import regie as dom
from toegang_app.errors import UserError
from toegang_app.services import regie as service
from toegang_app.ui.panels.ave import DatumVeld

log = logging.getLogger(__name__)

ERROR_COLOUR = "#8a1c1c"
OK_COLOUR = "#1b5e20"


def _label(text: str = "", rich: bool = False) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    return lab


def _tabel(kolommen: list[str], naam: str) -> QTableWidget:
    t = QTableWidget(0, len(kolommen))
    t.setHorizontalHeaderLabels(kolommen)
    t.setAccessibleName(naam)
    t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    t.setTabKeyNavigation(False)
    t.verticalHeader().hide()
    t.setWordWrap(True)
    t.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    t.horizontalHeader().setStretchLastSection(True)
    return t


def _cel(text: str, rid: int | None = None) -> QTableWidgetItem:
    it = QTableWidgetItem(text)
    it.setToolTip(text)
    if rid is not None:
        it.setData(Qt.ItemDataRole.UserRole, rid)
    return it


def _tekstveld(naam: str, hoogte: int = 56) -> QPlainTextEdit:
    t = QPlainTextEdit()
    t.setAccessibleName(naam)
    t.setTabChangesFocus(True)
    t.setFixedHeight(hoogte)
    return t


class PlanDialoog(QDialog):
    def __init__(self, ctx, gesprek_id: int, parent=None, *, peildatum: date | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.gesprek_id = gesprek_id
        self.peildatum = peildatum
        self.t: service.PlanToestand | None = None
        self.last_error: str | None = None
        self.setWindowTitle("Plan")
        self.resize(1080, 720)
        lay = QVBoxLayout(self)
        self.kop = _label(rich=True)
        self.kop.setAccessibleName("Plan: inwoner, fase en regisseur")
        self.kop.setStyleSheet("font-size: 12pt;")
        lay.addWidget(self.kop)
        self.bewaking = _label(rich=True)
        self.bewaking.setAccessibleName("Tijd bewaakt: signalen")
        lay.addWidget(self.bewaking)
        self.melding = _label(rich=True)
        self.melding.setAccessibleName("Melding")
        self.melding.hide()
        lay.addWidget(self.melding)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Onderdelen van het plan")
        lay.addWidget(self.tabs, 1)
        self._bouw_overzicht()
        self._bouw_partijen()
        self._bouw_doelen()
        self._bouw_afspraken()
        self._bouw_overleg()
        self._bouw_verloop()
        knoppen = QHBoxLayout()
        self.btn_samenvatting = QPushButton("Samenvatting voor het &gezin (PDF)…")
        self.btn_samenvatting.setAccessibleName("Samenvatting van het plan voor het gezin, in eenvoudige taal (PDF)")
        self.btn_samenvatting.clicked.connect(lambda: self.maak_samenvatting())
        self.btn_kopie = QPushButton("&Kopie voor de gekozen partij (PDF)…")
        self.btn_kopie.setAccessibleName("Kopie van het plan voor de gekozen partij: alleen wat gedeeld mag worden")
        self.btn_kopie.clicked.connect(lambda: self.maak_kopie())
        self.btn_sluit = QPushButton("Sluiten")
        self.btn_sluit.clicked.connect(self.accept)
        knoppen.addWidget(self.btn_samenvatting)
        knoppen.addWidget(self.btn_kopie)
        knoppen.addStretch(1)
        knoppen.addWidget(self.btn_sluit)
        lay.addLayout(knoppen)
        self.laad()

    # -- building ----------------------------------------------------------------------------------
    def _bouw_overzicht(self) -> None:
        w = QWidget()
        lay = QHBoxLayout(w)
        links = QVBoxLayout()
        self.overzicht = _label(rich=True)
        self.overzicht.setAccessibleName("Overzicht van de procesregie")
        links.addWidget(self.overzicht)
        self.groep_keten = QGroupBox("AVE 4: regie bij de zorg- en veiligheidsketen")
        kf = QFormLayout(self.groep_keten)
        self.ketenpartner = QComboBox()
        self.ketenpartner.setAccessibleName("Ketenpartner die de regie heeft")
        lab = QLabel("Ketenpartner met de &regie")
        lab.setBuddy(self.ketenpartner)
        kf.addRow(lab, self.ketenpartner)
        self.contact = QComboBox()
        self.contact.setAccessibleName("Contactpersoon van de balie")
        lab = QLabel("Contactpersoon &balie")
        lab.setBuddy(self.contact)
        kf.addRow(lab, self.contact)
        self.btn_keten = QPushButton("Ketenpartner en contactpersoon opslaa&n")
        self.btn_keten.clicked.connect(self.bewaar_keten)
        kf.addRow(self.btn_keten)
        links.addWidget(self.groep_keten)
        self.groep_af = QGroupBox("Afschalen: het plan sluiten")
        af = QFormLayout(self.groep_af)
        self.af_fase = QComboBox()
        self.af_fase.setAccessibleName("Afschalen naar fase")
        lab = QLabel("Naar &fase")
        lab.setBuddy(self.af_fase)
        af.addRow(lab, self.af_fase)
        self.af_reden = _tekstveld("Reden om af te schalen (verplicht)")
        lab = QLabel("R&eden")
        lab.setBuddy(self.af_reden)
        af.addRow(lab, self.af_reden)
        self.btn_af = QPushButton("Afschalen en plan &sluiten")
        self.btn_af.clicked.connect(self.schaal_af)
        af.addRow(self.btn_af)
        links.addWidget(self.groep_af)
        links.addStretch(1)
        lay.addLayout(links, 3)
        rechts = QVBoxLayout()
        from toegang_app.ui.widgets.spinnenweb import SpinnenwebWidget

        self.web = SpinnenwebWidget()
        self.web.setMinimumSize(300, 300)
        rechts.addWidget(self.web, 1)
        self.behoeften = _label()
        self.behoeften.setAccessibleName("Behoeften uit het gesprek")
        rechts.addWidget(self.behoeften)
        lay.addLayout(rechts, 2)
        self.tabs.addTab(w, "&Overzicht")

    def _bouw_partijen(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.tbl_partijen = _tabel(["Organisatie", "Contactpersoon", "Rol", "Mag delen (toestemming)"],
                                   "Betrokken partijen")
        lay.addWidget(self.tbl_partijen, 1)
        form = QFormLayout()
        self.p_org = QComboBox()
        self.p_org.setEditable(True)
        self.p_org.setAccessibleName("Organisatie: uit de sociale kaart of zelf typen")
        self.p_org.lineEdit().setPlaceholderText("typ of kies uit de sociale kaart")
        lab = QLabel("Organi&satie")
        lab.setBuddy(self.p_org)
        form.addRow(lab, self.p_org)
        self.p_contact = QLineEdit()
        self.p_contact.setAccessibleName("Contactpersoon")
        lab = QLabel("&Contactpersoon")
        lab.setBuddy(self.p_contact)
        form.addRow(lab, self.p_contact)
        self.p_rol = QLineEdit()
        self.p_rol.setAccessibleName("Rol in het plan")
        lab = QLabel("&Rol")
        lab.setBuddy(self.p_rol)
        form.addRow(lab, self.p_rol)
        rij = QHBoxLayout()
        self.p_delen = {}
        for k, label in dom.DELEN.items():
            cb = QCheckBox(label)
            cb.setAccessibleName(f"Mag delen: {label}")
            self.p_delen[k] = cb
            rij.addWidget(cb)
        rij.addStretch(1)
        form.addRow("Mag delen", rij)
        self.p_toestemming = DatumVeld()
        self.p_toestemming.setAccessibleName("Datum van de toestemming (dag-maand-jaar)")
        lab = QLabel("Toest&emming op")
        lab.setBuddy(self.p_toestemming)
        form.addRow(lab, self.p_toestemming)
        lay.addLayout(form)
        kn = QHBoxLayout()
        self.btn_partij = QPushButton("Partij toe&voegen")
        self.btn_partij.clicked.connect(self.voeg_partij_toe)
        self.btn_partij_weg = QPushButton("Gekozen partij ver&wijderen")
        self.btn_partij_weg.clicked.connect(self.verwijder_partij)
        kn.addWidget(self.btn_partij)
        kn.addWidget(self.btn_partij_weg)
        kn.addStretch(1)
        lay.addLayout(kn)
        self.tabs.addTab(w, "&Partijen")

    def _bouw_doelen(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.tbl_doelen = _tabel(["Leefgebied of dimensie", "Doel", "Bereikt"], "Doelen per leefgebied")
        lay.addWidget(self.tbl_doelen, 1)
        form = QFormLayout()
        self.d_gebied = QComboBox()
        self.d_gebied.setAccessibleName("Leefgebied of dimensie van het doel")
        lab = QLabel("&Leefgebied")
        lab.setBuddy(self.d_gebied)
        form.addRow(lab, self.d_gebied)
        self.d_doel = _tekstveld("Doel in de woorden van het gezin")
        lab = QLabel("Doel in eigen &woorden")
        lab.setBuddy(self.d_doel)
        form.addRow(lab, self.d_doel)
        lay.addLayout(form)
        kn = QHBoxLayout()
        self.btn_doel = QPushButton("Doel &toevoegen")
        self.btn_doel.clicked.connect(self.voeg_doel_toe)
        self.btn_bereikt = QPushButton("Gekozen doel is &bereikt")
        self.btn_bereikt.clicked.connect(self.doel_bereikt)
        kn.addWidget(self.btn_doel)
        kn.addWidget(self.btn_bereikt)
        kn.addStretch(1)
        lay.addLayout(kn)
        self.tabs.addTab(w, "&Doelen")

    def _bouw_afspraken(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.tbl_afspraken = _tabel(["Wie", "Wat", "Uiterlijk", "Status"], "Afspraken: wie doet wat wanneer")
        lay.addWidget(self.tbl_afspraken, 1)
        form = QFormLayout()
        self.a_wie = QComboBox()
        self.a_wie.setEditable(True)
        self.a_wie.setAccessibleName("Wie doet het")
        lab = QLabel("&Wie")
        lab.setBuddy(self.a_wie)
        form.addRow(lab, self.a_wie)
        self.a_wat = _tekstveld("Wat er gebeurt")
        lab = QLabel("Wa&t")
        lab.setBuddy(self.a_wat)
        form.addRow(lab, self.a_wat)
        self.a_uiterlijk = DatumVeld()
        self.a_uiterlijk.setAccessibleName("Uiterlijk (dag-maand-jaar)")
        lab = QLabel("&Uiterlijk")
        lab.setBuddy(self.a_uiterlijk)
        form.addRow(lab, self.a_uiterlijk)
        lay.addLayout(form)
        kn = QHBoxLayout()
        self.btn_afspraak = QPushButton("Afspraak toe&voegen")
        self.btn_afspraak.clicked.connect(self.voeg_afspraak_toe)
        kn.addWidget(self.btn_afspraak)
        kn.addSpacing(24)
        self.a_status = QComboBox()
        self.a_status.setAccessibleName("Nieuwe status van de gekozen afspraak")
        for k, label in dom.AFSPRAAK_STATUSSEN.items():
            self.a_status.addItem(label, k)
        lab = QLabel("&Status")
        lab.setBuddy(self.a_status)
        kn.addWidget(lab)
        kn.addWidget(self.a_status)
        self.a_reden = QLineEdit()
        self.a_reden.setAccessibleName("Reden (verplicht bij niet gelukt)")
        self.a_reden.setPlaceholderText("reden (bij niet gelukt)")
        kn.addWidget(self.a_reden, 1)
        self.btn_status = QPushButton("Status opslaa&n")
        self.btn_status.clicked.connect(self.zet_status)
        kn.addWidget(self.btn_status)
        lay.addLayout(kn)
        self.tabs.addTab(w, "&Afspraken")

    def _bouw_overleg(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.tbl_overleg = _tabel(["Datum", "Overleg", "Deelnemers", "Besluiten"], "MDO's en evaluaties")
        lay.addWidget(self.tbl_overleg, 1)
        form = QFormLayout()
        self.o_soort = QComboBox()
        self.o_soort.setAccessibleName("Soort overleg")
        for k, label in dom.OVERLEG_SOORTEN.items():
            self.o_soort.addItem(label, k)
        lab = QLabel("&Soort")
        lab.setBuddy(self.o_soort)
        form.addRow(lab, self.o_soort)
        self.o_datum = DatumVeld()
        self.o_datum.setAccessibleName("Datum van het overleg (dag-maand-jaar)")
        lab = QLabel("Da&tum")
        lab.setBuddy(self.o_datum)
        form.addRow(lab, self.o_datum)
        self.o_deelnemers = QLineEdit()
        self.o_deelnemers.setAccessibleName("Deelnemers")
        lab = QLabel("D&eelnemers")
        lab.setBuddy(self.o_deelnemers)
        form.addRow(lab, self.o_deelnemers)
        self.o_besluiten = _tekstveld("Besluiten die genomen zijn", 64)
        lab = QLabel("&Besluiten")
        lab.setBuddy(self.o_besluiten)
        form.addRow(lab, self.o_besluiten)
        self.o_volgende = DatumVeld()
        self.o_volgende.setAccessibleName("Volgende evaluatie (dag-maand-jaar)")
        lab = QLabel("&Volgende evaluatie")
        lab.setBuddy(self.o_volgende)
        form.addRow(lab, self.o_volgende)
        lay.addLayout(form)
        self.btn_overleg = QPushButton("Overleg vast&leggen")
        self.btn_overleg.clicked.connect(self.leg_overleg_vast)
        lay.addWidget(self.btn_overleg, 0, Qt.AlignmentFlag.AlignLeft)
        self.tabs.addTab(w, "&MDO en evaluatie")

    def _bouw_verloop(self) -> None:
        w = QWidget()
        lay = QVBoxLayout(w)
        self.verloop = QListWidget()
        self.verloop.setAccessibleName("Faseverloop: op- en afschalen met reden")
        self.verloop.setWordWrap(True)
        lay.addWidget(self.verloop)
        self.tabs.addTab(w, "Fase&historie")

    # -- data ----------------------------------------------------------------------------------------
    def laad(self) -> None:
        try:
            self.t = service.plan_toestand(self.ctx, self.gesprek_id, peildatum=self.peildatum)
        except UserError as exc:
            self._toon(exc.message, fout=True)
            return
        self._vul()

    def _vul(self) -> None:
        t = self.t
        self.setWindowTitle(f"Plan: {t.inwoner_naam}")
        regisseur = t.regisseur or "nog niemand: de casus staat in de wachtrij"
        sinds = f" sinds {nl.datum(t.fase_sinds)}" if t.fase_sinds else ""
        status = {"open": "", "gesloten": f" · <b>plan gesloten</b> op {nl.datum(t.gesloten_op)}",
                  "geen": " · geen procesregie"}[t.status]
        self.kop.setText(f"<b>{html.escape(t.inwoner_naam)}</b> · {html.escape(t.model_naam)} · "
                         f"{html.escape(t.fase_naam)}{sinds}{status}<br>Procesregisseur: {html.escape(regisseur)}")
        if t.signalen:
            self.bewaking.setText("<br>".join(f"<span style='color:{ERROR_COLOUR}; font-weight:600'>Let op: "
                                              f"{html.escape(x)}</span>" for x in t.signalen))
            self.bewaking.show()
        else:
            self.bewaking.hide()
        regels = [f"<b>Evaluatiedatum:</b> {nl.datum(t.evaluatiedatum) or 'nog niet gepland'}"]
        if t.toegewezen_op:
            regels.append(f"<b>Toegewezen:</b> {nl.datum(t.toegewezen_op.date())} door "
                          f"{html.escape(t.toegewezen_door or 'onbekend')}")
        if t.fase == 4:
            regels.append(f"<b>Regie bij:</b> {html.escape(t.ketenpartner_naam or 'nog niet vastgelegd')}; "
                          f"<b>contact balie:</b> {html.escape(t.contact or 'nog niet vastgelegd')}")
        if t.status == "gesloten" and t.sluitreden:
            regels.append(f"<b>Reden van sluiten:</b> {html.escape(t.sluitreden)}")
        vandaag = self.peildatum or date.today()
        komend = sorted(o.datum for o in t.overleggen if o.soort == "mdo" and o.datum > vandaag)
        regels.append(f"<b>Volgend MDO:</b> {nl.datum(komend[0]) if komend else 'nog niet gepland'}")
        regels.append(f"<b>Plan:</b> {len(t.partijen)} partijen, {len(t.doelen)} doelen, {len(t.afspraken)} "
                      f"afspraken, {len(t.overleggen)} overleggen")
        self.overzicht.setText("<br>".join(regels))
        open_ = t.status == "open"
        for b in (self.btn_partij, self.btn_partij_weg, self.btn_doel, self.btn_bereikt, self.btn_afspraak,
                  self.btn_status, self.btn_overleg, self.btn_af):
            b.setEnabled(open_)
        self._vul_keten()
        self.groep_af.setVisible(open_)
        self.af_fase.clear()
        from toegang_app.services.ave import config

        try:
            fasen = config(self.ctx).fasen_voor(t.gemeente)
        except UserError:
            fasen = {}
        for n, f in fasen.items():
            if t.fase is not None and n < t.fase:
                self.af_fase.addItem(f"{f.naam} ({f.kleur_naam})", n)
        self.web.set_data(t.scores, t.bespreken)
        self.behoeften.setText("Behoeften uit het gesprek:\n" + "\n".join(f"• {b.label} ({b.uitleg})"
                                                                         for b in t.behoeften)
                               if t.behoeften else "Het gesprek noemt nog geen behoeften.")
        self._vul_partijen()
        self._vul_doelen()
        self._vul_afspraken()
        self._vul_overleg()
        self.verloop.clear()
        for r in reversed(t.verloop):
            self.verloop.addItem(f"{nl.datum_tijd(r.op)} · {r.omschrijving} · door {r.medewerker or 'onbekend'}"
                                 + (f"\nReden: {r.reden}" if r.reden else ""))

    def _vul_keten(self) -> None:
        t = self.t
        self.groep_keten.setVisible(t.fase == 4)
        if t.fase != 4:
            return
        from toegang_app.services.ave import config

        self.ketenpartner.clear()
        self.ketenpartner.addItem("kies de ketenpartner", None)
        namen = service._kaart_namen(self.ctx)
        try:
            for vid in config(self.ctx).ketenpartners:
                self.ketenpartner.addItem(namen.get(vid, vid), vid)
        except UserError:
            pass
        self.ketenpartner.setCurrentIndex(max(self.ketenpartner.findData(t.ketenpartner), 0))
        self.contact.clear()
        self.contact.addItem("kies een medewerker", None)
        try:
            for m in service.medewerkers(self.ctx, t.team):
                self.contact.addItem(m.naam, m.id)
        except UserError:
            pass
        self.contact.setCurrentIndex(max(self.contact.findData(t.contact_id), 0))

    def _vul_partijen(self) -> None:
        t = self.t
        self.tbl_partijen.setRowCount(len(t.partijen))
        for r, p in enumerate(t.partijen):
            delen = ", ".join(dom.DELEN[d] for d in p.delen)
            delen = f"{delen} (toestemming {nl.datum(p.toestemming_op)})" if delen else "niets"
            for c, txt in enumerate((p.organisatie, p.contactpersoon, p.rol, delen)):
                self.tbl_partijen.setItem(r, c, _cel(txt, p.id))
        if self.p_org.count() == 0:
            self._kaart = {}
            try:
                from toegang_app.services.kaart import effectieve_kaart

                for v in effectieve_kaart(self.ctx, met_ingetrokken=False):
                    if t.gemeente in v.gemeenten:
                        self._kaart.setdefault(v.naam, v.id)
            except (UserError, AttributeError, TypeError):
                pass
            self.p_org.addItem("")
            self.p_org.addItems(sorted(self._kaart))
        self.a_wie.clear()
        self.a_wie.addItems(["Inwoner", "Netwerk van de inwoner", "Regisseur"] + [p.organisatie for p in t.partijen])
        self.a_wie.setCurrentIndex(-1)

    def _vul_doelen(self) -> None:
        t = self.t
        self.tbl_doelen.setRowCount(len(t.doelen))
        for r, d in enumerate(t.doelen):
            for c, txt in enumerate((d.label, d.doel, nl.datum(d.bereikt_op) if d.bereikt_op else "nog niet")):
                self.tbl_doelen.setItem(r, c, _cel(txt, d.id))
        self.d_gebied.clear()
        gezien = set()
        for b in t.behoeften:   # the conversation's needs first
            self.d_gebied.addItem(f"{b.label} (uit het gesprek: {b.uitleg})", (b.soort, b.gebied))
            gezien.add((b.soort, b.gebied))
        for k, label in vocab.LEEFGEBIEDEN.items():
            if ("leefgebied", k) not in gezien:
                self.d_gebied.addItem(f"{label} (leefgebied)", ("leefgebied", k))
        for k, label in vocab.DIMENSIES.items():
            if ("dimensie", k) not in gezien:
                self.d_gebied.addItem(f"{label} (spinnenweb)", ("dimensie", k))

    def _vul_afspraken(self) -> None:
        t = self.t
        self.tbl_afspraken.setRowCount(len(t.afspraken))
        for r, a in enumerate(t.afspraken):
            status = a.status_label + (f": {a.status_reden}" if a.status_reden else "") + \
                (" · TE LAAT" if a.te_laat else "")
            cells = (a.wie, a.wat, nl.datum(a.uiterlijk) or "", status)
            for c, txt in enumerate(cells):
                it = _cel(txt, a.id)
                if a.te_laat:
                    it.setForeground(Qt.GlobalColor.darkRed)
                self.tbl_afspraken.setItem(r, c, it)

    def _vul_overleg(self) -> None:
        t = self.t
        self.tbl_overleg.setRowCount(len(t.overleggen))
        for r, o in enumerate(t.overleggen):
            gepland = not o.besluiten and o.datum > (self.peildatum or date.today())
            cells = (nl.datum(o.datum), dom.OVERLEG_SOORTEN[o.soort].split(" (")[0] + (" (gepland)" if gepland else ""),
                     o.deelnemers, o.besluiten or ("nog te houden" if gepland else ""))
            for c, txt in enumerate(cells):
                self.tbl_overleg.setItem(r, c, _cel(txt, o.id))
        self.tbl_overleg.resizeRowsToContents()

    # -- feedback ---------------------------------------------------------------------------------
    def _toon(self, text: str, fout: bool = False) -> None:
        self.last_error = text if fout else None
        kleur = ERROR_COLOUR if fout else OK_COLOUR
        self.melding.setText(f"<span style='color:{kleur}; font-weight:600'>{html.escape(text)}</span>")
        self.melding.setAccessibleDescription(text)
        self.melding.show()

    def _doe(self, fn, gelukt: str, velden: dict | None = None) -> bool:
        try:
            self.t = fn()
        except service.RegieFout as exc:
            self._toon(exc.message, fout=True)
            if velden and exc.veld in velden:
                velden[exc.veld].setFocus()
            return False
        except UserError as exc:
            self._toon(exc.message, fout=True)
            return False
        self._vul()
        self._toon(gelukt)
        return True

    @staticmethod
    def _gekozen(tabel: QTableWidget) -> int | None:
        it = tabel.item(tabel.currentRow(), 0) if tabel.currentRow() >= 0 else None
        return it.data(Qt.ItemDataRole.UserRole) if it is not None else None

    # -- actions ------------------------------------------------------------------------------------
    def voeg_partij_toe(self) -> bool:
        org = self.p_org.currentText().strip()
        invoer = dom.PartijInvoer(org, self.p_contact.text(), self.p_rol.text(),
                                  voorziening_id=getattr(self, "_kaart", {}).get(org),
                                  delen=tuple(k for k, cb in self.p_delen.items() if cb.isChecked()),
                                  toestemming_op=self.p_toestemming.value())
        ok = self._doe(lambda: service.voeg_partij_toe(self.ctx, self.gesprek_id, invoer), f"{org} staat in het plan.",
                       {"organisatie": self.p_org, "toestemming_op": self.p_toestemming, "delen": self.p_toestemming})
        if ok:
            self.p_org.setCurrentIndex(0)
            self.p_contact.clear()
            self.p_rol.clear()
            for cb in self.p_delen.values():
                cb.setChecked(False)
            self.p_toestemming.set_value(None)
        return ok

    def verwijder_partij(self) -> bool:
        pid = self._gekozen(self.tbl_partijen)
        if pid is None:
            self._toon("Kies eerst een partij in de lijst.", fout=True)
            return False
        return self._doe(lambda: service.verwijder_partij(self.ctx, self.gesprek_id, pid), "De partij is verwijderd.")

    def voeg_doel_toe(self) -> bool:
        soort, gebied = self.d_gebied.currentData() or ("leefgebied", "")
        invoer = dom.DoelInvoer(soort, gebied, self.d_doel.toPlainText())
        ok = self._doe(lambda: service.voeg_doel_toe(self.ctx, self.gesprek_id, invoer), "Het doel staat in het plan.",
                       {"doel": self.d_doel, "gebied": self.d_gebied})
        if ok:
            self.d_doel.clear()
        return ok

    def doel_bereikt(self) -> bool:
        did = self._gekozen(self.tbl_doelen)
        if did is None:
            self._toon("Kies eerst een doel in de lijst.", fout=True)
            return False
        return self._doe(lambda: service.doel_bereikt(self.ctx, self.gesprek_id, did), "Het doel is bereikt.")

    def voeg_afspraak_toe(self) -> bool:
        invoer = dom.AfspraakInvoer(self.a_wie.currentText(), self.a_wat.toPlainText(), self.a_uiterlijk.value())
        ok = self._doe(lambda: service.voeg_afspraak_toe(self.ctx, self.gesprek_id, invoer),
                       "De afspraak staat in het plan.", {"wie": self.a_wie, "wat": self.a_wat})
        if ok:
            self.a_wat.clear()
            self.a_uiterlijk.set_value(None)
        return ok

    def zet_status(self) -> bool:
        aid = self._gekozen(self.tbl_afspraken)
        if aid is None:
            self._toon("Kies eerst een afspraak in de lijst.", fout=True)
            return False
        status = self.a_status.currentData()
        ok = self._doe(lambda: service.zet_afspraak_status(self.ctx, self.gesprek_id, aid, status, self.a_reden.text()),
                       "De status van de afspraak is opgeslagen.", {"status_reden": self.a_reden})
        if ok:
            self.a_reden.clear()
        return ok

    def leg_overleg_vast(self) -> bool:
        invoer = dom.OverlegInvoer(self.o_soort.currentData(), self.o_datum.value(), self.o_deelnemers.text(),
                                   self.o_besluiten.toPlainText(), self.o_volgende.value())
        ok = self._doe(lambda: service.leg_overleg_vast(self.ctx, self.gesprek_id, invoer, peildatum=self.peildatum),
                       "Het overleg is vastgelegd.",
                       {"datum": self.o_datum, "besluiten": self.o_besluiten, "volgende_evaluatie": self.o_volgende})
        if ok:
            self.o_deelnemers.clear()
            self.o_besluiten.clear()
            self.o_datum.set_value(None)
            self.o_volgende.set_value(None)
        return ok

    def bewaar_keten(self) -> bool:
        return self._doe(lambda: service.zet_ketenpartner(self.ctx, self.gesprek_id, self.ketenpartner.currentData(),
                                                          self.contact.currentData()),
                         "Ketenpartner en contactpersoon zijn opgeslagen.")

    def schaal_af(self) -> bool:
        naar = self.af_fase.currentData()
        if naar is None:
            self._toon("Er is geen lichtere fase om naar af te schalen.", fout=True)
            return False
        ok = self._doe(lambda: service.schaal_af(self.ctx, self.gesprek_id, naar, self.af_reden.toPlainText()),
                       "Afgeschaald: het plan is gesloten.", {"reden": self.af_reden})
        if ok:
            self.af_reden.clear()
        return ok

    # -- printing ------------------------------------------------------------------------------
    def _pad(self, voorstel: str) -> str | None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        path, _ = QFileDialog.getSaveFileName(self, "PDF opslaan", str(Path(start) / voorstel), "PDF (*.pdf)")
        return path or None

    def maak_samenvatting(self, path: str | None = None) -> Path | None:
        path = path or self._pad(f"plan-gezin-{self.gesprek_id}.pdf")
        if not path:
            return None
        try:
            out = service.maak_samenvatting_pdf(self.ctx, self.gesprek_id, Path(path))
        except UserError as exc:
            self._toon(exc.message, fout=True)
            return None
        except OSError:
            self._toon(f"De PDF kon niet worden geschreven naar {path}. Kies een andere map.", fout=True)
            return None
        veilig = " (veilige versie: er is een zorg over veiligheid vastgelegd)" if self.t and self.t.veiligheid else ""
        self._toon(f"De samenvatting voor het gezin staat in {out}{veilig}.")
        return out

    def maak_kopie(self, path: str | None = None) -> Path | None:
        pid = self._gekozen(self.tbl_partijen)
        if pid is None:
            self.tabs.setCurrentIndex(1)
            self._toon("Kies eerst op het tabblad Partijen voor welke partij de kopie is.", fout=True)
            return None
        path = path or self._pad(f"plan-kopie-partij-{self.gesprek_id}.pdf")
        if not path:
            return None
        try:
            out = service.maak_partnerkopie_pdf(self.ctx, self.gesprek_id, pid, Path(path))
        except UserError as exc:
            self._toon(exc.message, fout=True)
            return None
        except OSError:
            self._toon(f"De PDF kon niet worden geschreven naar {path}. Kies een andere map.", fout=True)
            return None
        self._toon(f"De kopie staat in {out}.")
        return out
