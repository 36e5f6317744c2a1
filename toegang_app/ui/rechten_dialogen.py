"""Dialogs for the resident's rights and the people around them (keyboard first, Dutch):

- ``TaalKeuzeDialoog``: the language of the resident's summary (the print dialog of Ctrl+P);
- ``VerslagDialoog``: the verslag of the Wmo onderzoek (points a-g proposed from the conversation),
  the resident's response and the hand-over of the aanvraag;
- ``HuishoudenDialoog``: who the conversation also concerns (with a role and an own melding) and who
  represents the resident (basis and scope);
- ``InzageDialoog``: AVG requests (inzage, correction) of one resident, the export and corrections.

Every change goes through the services (roles, audit); a refusal shows the Dutch message in the dialog
and keeps what was typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain import nl
from toegang_app.domain import rechten as rules
from toegang_app.domain import verslag as vdom
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import inzage as isvc
from toegang_app.services import rechten as rsvc
from toegang_app.services.bronnen import bron_tekst


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _datum_edit(name: str, d: date | None = None) -> QDateEdit:
    e = QDateEdit(_qdate(d or date.today()))
    e.setDisplayFormat("dd-MM-yyyy")
    e.setCalendarPopup(True)
    e.setMaximumDate(QDate.currentDate())
    e.setAccessibleName(name)
    return e


def _fout_label() -> QLabel:
    lab = QLabel()
    lab.setWordWrap(True)
    lab.setStyleSheet("color:#a11;")
    lab.setAccessibleName("Fout")
    return lab


def _uitleg(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setProperty("rol", "uitleg")
    return lab


def _tekst(name: str, hoogte: int = 64) -> QPlainTextEdit:
    e = QPlainTextEdit()
    e.setAccessibleName(name)
    e.setTabChangesFocus(True)
    e.setFixedHeight(hoogte)
    return e


def _melding(exc: Exception) -> str:
    return getattr(exc, "message", None) or str(exc)


# -- the summary's language ---------------------------------------------------------------------------

class TaalKeuzeDialoog(QDialog):
    """Choose the summary's language; arrows or typing in the list, Enter prints."""

    def __init__(self, ctx, gesprek_id: int, parent=None):
        super().__init__(parent)
        self.ctx, self.gesprek_id = ctx, gesprek_id
        self.setWindowTitle("Samenvatting voor de inwoner afdrukken")
        self.setMinimumWidth(560)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.taal = QComboBox()
        self.taal.setAccessibleName("Taal van de samenvatting")
        talen = rsvc.talen(ctx)
        for t in talen:
            self.taal.addItem(t.keuze_label + ("" if t.nagekeken else " – nog niet nagekeken"), t.code)
        huidig = rsvc.taal_van_gesprek(ctx, gesprek_id)
        self.taal.setCurrentIndex(max(0, self.taal.findData(huidig)))
        lab = QLabel("&Taal")
        lab.setBuddy(self.taal)
        form.addRow(lab, self.taal)
        lay.addLayout(form)
        self.uitleg = _uitleg("")
        lay.addWidget(self.uitleg)
        knoppen = QDialogButtonBox()
        ok = knoppen.addButton("Afdrukken als PDF…", QDialogButtonBox.ButtonRole.AcceptRole)
        ok.setDefault(True)
        knoppen.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        knoppen.accepted.connect(self.accept)
        knoppen.rejected.connect(self.reject)
        lay.addWidget(knoppen)
        self.taal.currentIndexChanged.connect(self._update)
        self._update()
        self.taal.setFocus()

    def _update(self) -> None:
        t = rsvc.talen(self.ctx)[self.gekozen()]
        tekst = ("De vaste teksten staan in de gekozen taal. Wat u zelf schreef, blijft Nederlands; de samenvatting "
                 "zegt dat erbij. De taal wordt onthouden voor deze inwoner.")
        if not t.nagekeken:
            tekst += " Deze vertaling is nog niet nagekeken door een moedertaalspreker; de samenvatting meldt dat."
        self.uitleg.setText(tekst)
        self.uitleg.setMinimumHeight(self.uitleg.heightForWidth(480))
        self.adjustSize()

    def gekozen(self) -> str:
        return self.taal.currentData()


# -- the verslag -----------------------------------------------------------------------------------

class VerslagDialoog(QDialog):
    """Make the verslag of the Wmo onderzoek, record the response, hand over the aanvraag, print."""

    def __init__(self, ctx, gesprek_id: int, parent=None):
        super().__init__(parent)
        self.ctx, self.gesprek_id = ctx, gesprek_id
        self.verslag_id: int | None = None
        self.setWindowTitle(f"Verslag Wmo-onderzoek · gesprek {gesprek_id}")
        self.resize(760, 720)
        outer = QVBoxLayout(self)
        outer.addWidget(_uitleg("Het verslag van het onderzoek is voor de inwoner (Wmo 2015 art. 2.3.2 lid 8). "
                                "De punten a tot en met g komen uit het gesprek: lees ze na, vul aan in gewone taal "
                                "(B1) en sla het verslag op. Daarna kunt u de reactie van de inwoner vastleggen."))
        self.bestaand = QComboBox()
        self.bestaand.setAccessibleName("Eerder gemaakte verslagen")
        outer.addWidget(self.bestaand)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        form = QFormLayout(inner)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.punten: dict[str, QPlainTextEdit] = {}
        self.bronnen: dict[str, QLabel] = {}
        for letter, titel in vdom.PUNTEN.items():
            e = _tekst(f"Punt {letter}: {titel}")
            self.punten[letter] = e
            lab = QLabel(f"&{letter}. {titel}")
            lab.setWordWrap(True)
            lab.setBuddy(e)
            form.addRow(lab, e)
            bron = _uitleg("")
            self.bronnen[letter] = bron
            form.addRow("", bron)
        self.uitkomst = _tekst("Uitkomst van het onderzoek", 70)
        lab = QLabel("&Uitkomst")
        lab.setBuddy(self.uitkomst)
        form.addRow(lab, self.uitkomst)
        self.vervolg = QComboBox()
        self.vervolg.setAccessibleName("Volgende stap")
        for k, label in vdom.VERVOLGEN.items():
            self.vervolg.addItem(label, k)
        lab = QLabel("&Volgende stap")
        lab.setBuddy(self.vervolg)
        form.addRow(lab, self.vervolg)
        self.btn_opslaan = QPushButton("Verslag &opslaan")
        form.addRow("", self.btn_opslaan)

        self.reactie_box = QGroupBox("Reactie van de inwoner")
        rf = QFormLayout(self.reactie_box)
        self.reactie_soort = QComboBox()
        self.reactie_soort.setAccessibleName("Wat vindt de inwoner van het verslag")
        for k, label in vdom.REACTIES.items():
            self.reactie_soort.addItem(label, k)
        rf.addRow("&Reactie", self.reactie_soort)
        self.reactie = _tekst("Reactie in de eigen woorden van de inwoner")
        rf.addRow("In eigen &woorden", self.reactie)
        self.reactie_datum = _datum_edit("Datum van de reactie")
        rf.addRow("Da&tum", self.reactie_datum)
        self.btn_reactie = QPushButton("Reactie vast&leggen")
        rf.addRow("", self.btn_reactie)
        form.addRow(self.reactie_box)

        self.aanvraag_box = QGroupBox("Aanvraag overdragen")
        af = QFormLayout(self.aanvraag_box)
        af.addRow(_uitleg("De datum van de aanvraag is de datum waarop de termijn voor de beschikking begint "
                          "(2 weken, Wmo 2015 art. 2.3.5 lid 2)."))
        self.naar = QComboBox()
        self.naar.setAccessibleName("Aan wie gaat de aanvraag")
        for k, label in vdom.NAAR.items():
            self.naar.addItem(label, k)
        af.addRow("&Naar", self.naar)
        self.aanvraag_datum = _datum_edit("Datum van de aanvraag")
        af.addRow("Datu&m aanvraag", self.aanvraag_datum)
        self.btn_aanvraag = QPushButton("Aanvraag overdragen")  # no Alt letter: a-g are the points of the verslag
        af.addRow("", self.btn_aanvraag)
        self.aanvraag_stand = _uitleg("")
        af.addRow("", self.aanvraag_stand)
        form.addRow(self.aanvraag_box)
        scroll.setWidget(inner)
        outer.addWidget(scroll, 1)

        self.fout = _fout_label()
        outer.addWidget(self.fout)
        self.melding = _uitleg("")
        self.melding.setAccessibleName("Melding")
        outer.addWidget(self.melding)
        bar = QHBoxLayout()
        self.btn_pdf = QPushButton("&PDF voor de inwoner…")
        self.btn_sluiten = QPushButton("Sluiten")
        bar.addWidget(self.btn_pdf)
        bar.addStretch(1)
        bar.addWidget(self.btn_sluiten)
        outer.addLayout(bar)
        self.btn_opslaan.clicked.connect(self.opslaan)
        self.btn_reactie.clicked.connect(self.leg_reactie_vast)
        self.btn_aanvraag.clicked.connect(self.draag_over)
        self.btn_pdf.clicked.connect(lambda: self.maak_pdf())
        self.btn_sluiten.clicked.connect(self.accept)
        self.bestaand.currentIndexChanged.connect(self._kies_bestaand)
        self._vul_voorstel()
        self._vul_bestaand()

    def _vul_voorstel(self) -> None:
        try:
            voorstel = rsvc.verslag_voorstel(self.ctx, self.gesprek_id)
        except UserError as exc:
            self.fout.setText(_melding(exc))
            return
        for k, p in voorstel.items():
            self.punten[k].setPlainText(p.tekst)
            self.bronnen[k].setText(f"Uit: {bron_tekst(p.bron)} · {bron_tekst(p.grondslag)}")

    def _vul_bestaand(self, kies: int | None = None) -> None:
        self.bestaand.blockSignals(True)
        self.bestaand.clear()
        self.bestaand.addItem("Nieuw verslag", None)
        for v in rsvc.verslagen_van(self.ctx, self.gesprek_id):
            self.bestaand.addItem(f"Verslag {v.volgnummer} van {nl.datum(v.datum)}", v.id)
        self.bestaand.blockSignals(False)
        if kies is not None:
            self.bestaand.setCurrentIndex(self.bestaand.findData(kies))
        self._kies_bestaand()

    def _kies_bestaand(self) -> None:
        vid = self.bestaand.currentData()
        self.verslag_id = vid
        klaar = vid is not None
        for e in (*self.punten.values(), self.uitkomst):
            e.setReadOnly(klaar)
        self.vervolg.setEnabled(not klaar)
        self.btn_opslaan.setEnabled(not klaar)
        self.reactie_box.setEnabled(klaar)
        self.aanvraag_box.setEnabled(klaar)
        self.btn_pdf.setEnabled(klaar)
        if not klaar:
            self._vul_voorstel()
            self.uitkomst.clear()
            return
        info = rsvc.verslag(self.ctx, vid)
        for k, p in info.punten.items():
            self.punten[k].setPlainText(p.tekst)
            self.bronnen[k].setText(f"Uit: {bron_tekst(p.bron)} · {bron_tekst(p.grondslag)}")
        self.uitkomst.setPlainText(info.uitkomst)
        self.vervolg.setCurrentIndex(self.vervolg.findData(info.vervolg))
        if info.reactie_soort:
            self.reactie_soort.setCurrentIndex(self.reactie_soort.findData(info.reactie_soort))
            self.reactie.setPlainText(info.reactie or "")
        self.aanvraag_box.setEnabled(info.vervolg == "aanvraag" and info.aanvraag is None)
        self.aanvraag_stand.setText(
            f"Overgedragen aan {info.aanvraag.naar_label} op {nl.datum(info.aanvraag.aanvraag_datum)}."
            if info.aanvraag else ("" if info.vervolg == "aanvraag" else "Geen aanvraag: niets over te dragen."))

    def opslaan(self) -> int | None:
        self.fout.clear()
        try:
            vid = rsvc.maak_verslag(self.ctx, self.gesprek_id, {k: e.toPlainText() for k, e in self.punten.items()},
                                    self.uitkomst.toPlainText(), self.vervolg.currentData())
        except (InvalidInput, UserError) as exc:
            self.fout.setText(_melding(exc))
            veld = getattr(exc, "field", "") or ""
            if veld.startswith("punt_") and veld[5:] in self.punten:
                self.punten[veld[5:]].setFocus()
            elif veld == "uitkomst":
                self.uitkomst.setFocus()
            return None
        self.melding.setText("Het verslag is opgeslagen en gedateerd. Maak de PDF voor de inwoner.")
        self._vul_bestaand(vid)
        return vid

    def leg_reactie_vast(self) -> bool:
        self.fout.clear()
        try:
            rsvc.leg_reactie_vast(self.ctx, self.verslag_id, self.reactie_soort.currentData(),
                                  self.reactie.toPlainText(), _pdate(self.reactie_datum.date()))
        except (InvalidInput, UserError) as exc:
            self.fout.setText(_melding(exc))
            return False
        self.melding.setText("De reactie van de inwoner is vastgelegd; ze staat op het verslag en in de dossierkopie.")
        return True

    def draag_over(self) -> bool:
        self.fout.clear()
        try:
            rsvc.draag_aanvraag_over(self.ctx, self.gesprek_id, self.naar.currentData(),
                                     _pdate(self.aanvraag_datum.date()), verslag_id=self.verslag_id)
        except (InvalidInput, UserError) as exc:
            self.fout.setText(_melding(exc))
            return False
        self._vul_bestaand(self.verslag_id)
        self._open_gesprek_bijwerken()
        self.melding.setText("De aanvraag is overgedragen. De termijn voor de beschikking loopt vanaf de datum van de "
                             "aanvraag.")
        return True

    def _open_gesprek_bijwerken(self) -> None:
        """The hand-over added the aanvraag to the conversation (a new version): the open editor carries the
        version and the aanvragen over, so its next save neither conflicts nor drops the aanvraag."""
        from toegang_app.services import gesprekken as gsvc

        open_gesprek = getattr(self.parent(), "gesprek", None)
        if open_gesprek is None or not hasattr(open_gesprek, "nieuwe_versie"):
            return
        try:
            vers = gsvc.laad_gesprek(self.ctx, self.gesprek_id, audit_view=False)
        except UserError:
            return
        open_gesprek.nieuwe_versie(vers.versie, aanvragen=getattr(vers, "aanvragen", None))

    def maak_pdf(self, path: str | None = None) -> Path | None:
        if self.verslag_id is None:
            return None
        if path is None:
            path, _ = QFileDialog.getSaveFileName(self, "Verslag opslaan", f"verslag-gesprek-{self.gesprek_id}.pdf",
                                                  "PDF (*.pdf)")
            if not path:
                return None
        try:
            out = rsvc.maak_verslag_pdf(self.ctx, self.verslag_id, Path(path))
        except UserError as exc:
            self.fout.setText(_melding(exc))
            return None
        except OSError:
            self.fout.setText(f"De PDF kon niet worden geschreven naar {path}. Kies een andere map.")
            return None
        self.melding.setText(f"Het verslag staat in {out}.")
        return out


# -- household and representation -------------------------------------------------------------------

class HuishoudenDialoog(QDialog):
    def __init__(self, ctx, gesprek_id: int, inwoner_id: int, parent=None):
        super().__init__(parent)
        self.ctx, self.gesprek_id, self.inwoner_id = ctx, gesprek_id, inwoner_id
        self.setWindowTitle(f"Huishouden en vertegenwoordiging · gesprek {gesprek_id}")
        self.resize(840, 720)
        top = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        inner = QWidget()
        outer = QVBoxLayout(inner)
        scroll.setWidget(inner)
        top.addWidget(scroll, 1)

        box = QGroupBox("Wie dit gesprek nog meer aangaat")
        bl = QVBoxLayout(box)
        bl.addWidget(_uitleg("Een huisgenoot die zelf hulp nodig heeft, krijgt een eigen melding: een eigen dossier "
                             "met eigen termijnen en een eigen bewaartermijn."))
        self.leden = QTableWidget(0, 4)
        self.leden.setHorizontalHeaderLabels(["Rol", "Wie", "Geboortejaar", "Eigen melding"])
        self.leden.setAccessibleName("Huisgenoten")
        self.leden.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.leden.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.leden.horizontalHeader().setStretchLastSection(True)
        self.leden.setMaximumHeight(130)
        bl.addWidget(self.leden)
        form = QFormLayout()
        self.rol = QComboBox()
        self.rol.setAccessibleName("Rol in het huishouden")
        for k, label in rules.ROLLEN.items():
            self.rol.addItem(label, k)
        form.addRow("&Rol", self.rol)
        self.omschrijving = QLineEdit()
        self.omschrijving.setAccessibleName("Omschrijving of voornaam")
        self.omschrijving.setPlaceholderText("bijvoorbeeld: dochter Sanne")
        form.addRow("&Wie", self.omschrijving)
        self.geboortejaar = QLineEdit()
        self.geboortejaar.setAccessibleName("Geboortejaar")
        self.geboortejaar.setPlaceholderText("jjjj")
        self.geboortejaar.setMaximumWidth(90)
        form.addRow("&Geboortejaar", self.geboortejaar)
        knoppen = QHBoxLayout()
        self.btn_lid = QPushButton("&Toevoegen")
        self.btn_eigen = QPushButton("&Eigen melding starten")
        self.btn_lid_weg = QPushButton("Verwij&deren")
        for b in (self.btn_lid, self.btn_eigen, self.btn_lid_weg):
            knoppen.addWidget(b)
        knoppen.addStretch(1)
        form.addRow("", knoppen)
        bl.addLayout(form)
        self.behoeften = _uitleg("")
        self.behoeften.setAccessibleName("Eigen behoeften per persoon")
        self.behoeften.setMinimumHeight(self.behoeften.fontMetrics().lineSpacing() * 4)
        bl.addWidget(self.behoeften)
        outer.addWidget(box)

        vbox = QGroupBox("Vertegenwoordiging en toestemming")
        vl = QVBoxLayout(vbox)
        vl.addWidget(_uitleg("Wie mag voor de inwoner optreden, op welke grond en waarvoor. Een bewindvoerder gaat "
                             "over geld, niet over gezondheid (tenzij de reikwijdte dat zegt). Voor een kind onder "
                             "de 16 geeft de ouder met gezag toestemming (UAVG art. 5)."))
        self.reps = QTableWidget(0, 4)
        self.reps.setHorizontalHeaderLabels(["Soort", "Naam", "Grondslag", "Waarvoor"])
        self.reps.setAccessibleName("Vertegenwoordigers")
        self.reps.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.reps.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.reps.horizontalHeader().setStretchLastSection(True)
        self.reps.setMaximumHeight(120)
        vl.addWidget(self.reps)
        vf = QFormLayout()
        self.soort = QComboBox()
        self.soort.setAccessibleName("Soort vertegenwoordiger")
        for k, s in rules.SOORTEN.items():
            self.soort.addItem(s.label, k)
        vf.addRow("&Soort", self.soort)
        self.rep_naam = QLineEdit()
        self.rep_naam.setAccessibleName("Naam van de vertegenwoordiger")
        vf.addRow("&Naam", self.rep_naam)
        self.grondslag = QLineEdit()
        self.grondslag.setAccessibleName("Grondslag")
        vf.addRow("Gr&ondslag", self.grondslag)
        rij = QHBoxLayout()
        self.reikwijdte: dict[str, QCheckBox] = {}
        for k, label in rules.REIKWIJDTEN.items():
            cb = QCheckBox(label)
            cb.setAccessibleName(f"Reikwijdte: {label}")
            self.reikwijdte[k] = cb
            rij.addWidget(cb)
        rij.addStretch(1)
        vf.addRow("Waarvoor", rij)
        self.bewijs = QLineEdit()
        self.bewijs.setAccessibleName("Wat de balie zag als bewijs")
        self.bewijs.setPlaceholderText("bijvoorbeeld: beschikking kantonrechter gezien")
        vf.addRow("&Bewijs", self.bewijs)
        rk = QHBoxLayout()
        self.btn_rep = QPushButton("&Vertegenwoordiger toevoegen")
        self.btn_rep_einde = QPushButton("Beëind&igen")
        rk.addWidget(self.btn_rep)
        rk.addWidget(self.btn_rep_einde)
        rk.addStretch(1)
        vf.addRow("", rk)
        vl.addLayout(vf)
        outer.addWidget(vbox)

        self.fout = _fout_label()
        top.addWidget(self.fout)
        sluiten = QPushButton("Sluiten")
        sluiten.clicked.connect(self.accept)
        top.addWidget(sluiten, 0, Qt.AlignmentFlag.AlignRight)
        self.btn_lid.clicked.connect(self.voeg_lid_toe)
        self.btn_eigen.clicked.connect(self.start_eigen_melding)
        self.btn_lid_weg.clicked.connect(self.verwijder_lid)
        self.btn_rep.clicked.connect(self.voeg_vertegenwoordiger_toe)
        self.btn_rep_einde.clicked.connect(self.beeindig)
        self.soort.currentIndexChanged.connect(self._soort_gekozen)
        self._soort_gekozen()
        self.reload()

    def _soort_gekozen(self) -> None:
        s = rules.SOORTEN[self.soort.currentData()]
        for k, cb in self.reikwijdte.items():
            cb.setChecked(k in s.reikwijdte)
        self.grondslag.setPlaceholderText(s.grondslag)

    def reload(self) -> None:
        self._leden = rsvc.betrokkenen_van(self.ctx, self.gesprek_id)
        self.leden.setRowCount(len(self._leden))
        for r, b in enumerate(self._leden):
            for c, text in enumerate((b.rol_label, b.naam or "", str(b.geboortejaar or ""),
                                      f"gesprek {b.eigen_gesprek_id}" if b.eigen_gesprek_id else "nee")):
                self.leden.setItem(r, c, QTableWidgetItem(text))
        self.leden.resizeColumnsToContents()
        self._reps = rsvc.vertegenwoordigers_van(self.ctx, self.inwoner_id)
        self.reps.setRowCount(len(self._reps))
        for r, v in enumerate(self._reps):
            waarvoor = v.reikwijdte_label + (f" (beëindigd {nl.datum(v.beeindigd_op)})" if v.beeindigd_op else "")
            for c, text in enumerate((v.soort_label, v.naam, v.grondslag, waarvoor)):
                self.reps.setItem(r, c, QTableWidgetItem(text))
        self.reps.resizeColumnsToContents()
        regels = []
        if any(b.eigen_gesprek_id for b in self._leden):
            try:
                for p in rsvc.behoeften_per_persoon(self.ctx, self.gesprek_id, per_persoon=3):
                    namen = ", ".join(n for n, _ in p.suggesties) or "nog geen suggesties"
                    regels.append(f"{p.rol} (gesprek {p.gesprek_id}): {namen}")
            except UserError:
                pass
        self.behoeften.setText(("Eigen behoeften, per persoon apart:\n" + "\n".join(regels)) if regels else "")

    def _gekozen_lid(self):
        row = self.leden.currentRow()
        return self._leden[row] if 0 <= row < len(self._leden) else None

    def voeg_lid_toe(self) -> bool:
        self.fout.clear()
        jaar = self.geboortejaar.text().strip()
        if jaar and not jaar.isdigit():
            self.fout.setText("Een geboortejaar is vier cijfers, bijvoorbeeld 2011.")
            self.geboortejaar.setFocus()
            return False
        try:
            rsvc.voeg_betrokkene_toe(self.ctx, self.gesprek_id, self.rol.currentData(),
                                     omschrijving=self.omschrijving.text(), geboortejaar=int(jaar) if jaar else None)
        except (InvalidInput, UserError) as exc:
            self.fout.setText(_melding(exc))
            return False
        self.omschrijving.clear()
        self.geboortejaar.clear()
        self.reload()
        return True

    def verwijder_lid(self) -> None:
        b = self._gekozen_lid()
        if b is not None:
            rsvc.verwijder_betrokkene(self.ctx, b.id)
            self.reload()

    def start_eigen_melding(self, naam: str | None = None) -> int | None:
        self.fout.clear()
        b = self._gekozen_lid()
        if b is None:
            self.fout.setText("Kies eerst in de tabel voor wie de eigen melding is.")
            self.leden.setFocus()
            return None
        naam = naam or b.naam or ""
        if not naam.strip():
            self.fout.setText("Vul bij 'Wie' de naam in voor het eigen dossier.")
            return None
        try:
            gid = rsvc.start_eigen_melding(self.ctx, b.id, naam)
        except (InvalidInput, UserError) as exc:
            self.fout.setText(_melding(exc))
            return None
        self.reload()
        return gid

    def voeg_vertegenwoordiger_toe(self) -> bool:
        self.fout.clear()
        invoer = rules.VertegenwoordigerInvoer(
            self.soort.currentData(), self.rep_naam.text(),
            tuple(k for k, cb in self.reikwijdte.items() if cb.isChecked()),
            self.grondslag.text() or None, bewijs=self.bewijs.text() or None)
        try:
            rsvc.voeg_vertegenwoordiger_toe(self.ctx, self.inwoner_id, invoer)
        except (InvalidInput, UserError) as exc:
            self.fout.setText(_melding(exc))
            return False
        self.rep_naam.clear()
        self.bewijs.clear()
        self.grondslag.clear()
        self.reload()
        return True

    def beeindig(self) -> None:
        row = self.reps.currentRow()
        if 0 <= row < len(self._reps):
            rsvc.beeindig_vertegenwoordiger(self.ctx, self._reps[row].id)
            self.reload()


# -- AVG requests ------------------------------------------------------------------------------------

class InzageDialoog(QDialog):
    """Find the resident, register a request, make the overview (PDF and JSON), correct a field."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.inwoner_id: int | None = None
        self.setWindowTitle("Inzage en correctie (AVG)")
        self.resize(780, 740)
        outer = QVBoxLayout(self)
        outer.addWidget(_uitleg("Een inwoner mag weten wat Toegang over hem of haar heeft (AVG art. 15) en mag vragen "
                                "iets te verbeteren (art. 16). Beantwoord binnen een maand (art. 12 lid 3)."))
        self.open_lijst = QListWidget()
        self.open_lijst.setAccessibleName("Open verzoeken van de balie")
        self.open_lijst.setMaximumHeight(80)
        lab_open = QLabel("Open &verzoeken van de balie (Enter kiest de inwoner)")
        lab_open.setBuddy(self.open_lijst)
        outer.addWidget(lab_open)
        outer.addWidget(self.open_lijst)
        form = QFormLayout()
        self.zoek = QLineEdit()
        self.zoek.setAccessibleName("Zoek inwoner")
        self.zoek.setPlaceholderText("naam, geboortedatum (dd-mm-jjjj), BSN of nummer")
        form.addRow("&Zoek inwoner", self.zoek)
        outer.addLayout(form)
        self.resultaten = QListWidget()
        self.resultaten.setAccessibleName("Gevonden inwoners")
        self.resultaten.setMaximumHeight(110)
        outer.addWidget(self.resultaten)

        self.verzoek_box = QGroupBox("Verzoeken van deze inwoner")
        vl = QVBoxLayout(self.verzoek_box)
        self.verzoeken = QListWidget()
        self.verzoeken.setAccessibleName("Verzoeken")
        self.verzoeken.setMaximumHeight(100)
        vl.addWidget(self.verzoeken)
        rij = QHBoxLayout()
        self.soort = QComboBox()
        self.soort.setAccessibleName("Soort verzoek")
        for k, label in rules.AVG_SOORTEN.items():
            self.soort.addItem(label, k)
        self.ontvangen = _datum_edit("Ontvangen op")
        self.btn_verzoek = QPushButton("Verzoek &registreren")
        lab = QLabel("&Ontvangen op")
        lab.setBuddy(self.ontvangen)
        for w in (self.soort, lab, self.ontvangen, self.btn_verzoek):
            rij.addWidget(w)
        rij.addStretch(1)
        vl.addLayout(rij)
        self.btn_export = QPushButton("Overzicht &maken (PDF en JSON)…")
        vl.addWidget(self.btn_export, 0, Qt.AlignmentFlag.AlignLeft)
        outer.addWidget(self.verzoek_box)

        self.correctie_box = QGroupBox("Gegeven verbeteren")
        cf = QFormLayout(self.correctie_box)
        self.object = QComboBox()
        self.object.setAccessibleName("Waar staat het gegeven")
        cf.addRow("&Waar", self.object)
        self.veld = QComboBox()
        self.veld.setAccessibleName("Welk gegeven")
        cf.addRow("&Gegeven", self.veld)
        self.waarde = QLineEdit()
        self.waarde.setAccessibleName("Nieuwe waarde")
        cf.addRow("&Nieuwe waarde", self.waarde)
        self.reden = QLineEdit()
        self.reden.setAccessibleName("Reden van de correctie")
        cf.addRow("R&eden", self.reden)
        cf.addRow(_uitleg("De oude waarde wordt nergens bewaard, ook niet in de audit trail."))
        self.btn_corrigeer = QPushButton("&Corrigeren")
        cf.addRow("", self.btn_corrigeer)
        outer.addWidget(self.correctie_box)
        self.fout = _fout_label()
        outer.addWidget(self.fout)
        self.melding = _uitleg("")
        self.melding.setAccessibleName("Melding")
        outer.addWidget(self.melding)
        sluiten = QPushButton("Sluiten")
        sluiten.clicked.connect(self.accept)
        outer.addWidget(sluiten, 0, Qt.AlignmentFlag.AlignRight)

        self.zoek.textChanged.connect(self._zoek)
        self.resultaten.currentRowChanged.connect(self._kies)
        self.btn_verzoek.clicked.connect(self.registreer)
        self.btn_export.clicked.connect(lambda: self.maak_overzicht())
        self.btn_corrigeer.clicked.connect(self.corrigeer)
        self.object.currentIndexChanged.connect(self._vul_velden)
        self.open_lijst.itemActivated.connect(self._open_gekozen)
        self._kies(-1)
        self._vul_open()

    def _vul_open(self) -> None:
        self.open_lijst.clear()
        try:
            open_ = isvc.verzoeken(self.ctx, alleen_open=True)
        except UserError as exc:
            self.fout.setText(_melding(exc))
            return
        for v in open_:
            item = QListWidgetItem(f"inwoner {v.inwoner_id}: {v.soort_label}, {v.stand()}")
            item.setData(Qt.ItemDataRole.UserRole, v.inwoner_id)
            self.open_lijst.addItem(item)
        if not open_:
            self.open_lijst.addItem("Geen open verzoeken.")

    def _open_gekozen(self, item) -> None:
        iid = item.data(Qt.ItemDataRole.UserRole)
        if iid is not None:
            self.zoek.setText(str(iid))

    def _zoek(self, text: str) -> None:
        self.resultaten.clear()
        try:
            rows = isvc.zoek_inwoners(self.ctx, text)
        except UserError as exc:
            self.fout.setText(_melding(exc))
            return
        for r in rows:
            item = QListWidgetItem(f"{r.naam} · {nl.datum(r.geboortedatum) or r.geboortejaar or 'geboortedatum onbekend'}"
                                   f" · inwoner {r.id}")
            item.setData(Qt.ItemDataRole.UserRole, r.id)
            self.resultaten.addItem(item)
        if rows:
            self.resultaten.setCurrentRow(0)

    def _kies(self, row: int) -> None:
        item = self.resultaten.item(row) if row >= 0 else None
        self.inwoner_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        ok = self.inwoner_id is not None
        self.verzoek_box.setEnabled(ok)
        self.correctie_box.setEnabled(ok)
        self._vul_verzoeken()
        self.object.blockSignals(True)
        self.object.clear()
        if ok:
            self.object.addItem("Gegevens van de inwoner", f"inwoner:{self.inwoner_id}")
            for gid, datum in isvc.gesprekken_van(self.ctx, self.inwoner_id):
                self.object.addItem(f"Gesprek {gid} van {nl.datum(datum)}", f"gesprek:{gid}")
        self.object.blockSignals(False)
        self._vul_velden()

    def _vul_verzoeken(self) -> None:
        self.verzoeken.clear()
        self._verzoeken = isvc.verzoeken(self.ctx, self.inwoner_id) if self.inwoner_id else []
        for v in self._verzoeken:
            item = QListWidgetItem(f"{v.soort_label}: ontvangen {nl.datum(v.ontvangen_op)}, {v.stand()}")
            item.setData(Qt.ItemDataRole.UserRole, v.id)
            self.verzoeken.addItem(item)
        open_ = [i for i, v in enumerate(self._verzoeken) if v.beantwoord_op is None]
        if open_:
            self.verzoeken.setCurrentRow(open_[0])

    def _vul_velden(self) -> None:
        self.veld.clear()
        data = self.object.currentData()
        if data:
            for k, label in isvc.CORRIGEERBAAR[data.split(":")[0]].items():
                self.veld.addItem(label, k)

    def _gekozen_verzoek(self) -> int | None:
        item = self.verzoeken.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def registreer(self) -> int | None:
        self.fout.clear()
        try:
            vid = isvc.registreer_verzoek(self.ctx, self.inwoner_id, self.soort.currentData(),
                                          _pdate(self.ontvangen.date()))
        except (InvalidInput, UserError) as exc:
            self.fout.setText(_melding(exc))
            return None
        self._vul_verzoeken()
        self._vul_open()
        self.melding.setText("Het verzoek is geregistreerd. " + next(
            v.stand() for v in self._verzoeken if v.id == vid).capitalize() + ".")
        return vid

    def maak_overzicht(self, folder: str | None = None):
        self.fout.clear()
        if folder is None:
            folder = QFileDialog.getExistingDirectory(self, "Map voor het overzicht")
            if not folder:
                return None
        verzoek = self._gekozen_verzoek()
        gekozen = next((v for v in self._verzoeken if v.id == verzoek), None)
        if gekozen is not None and (gekozen.soort != "inzage" or gekozen.beantwoord_op is not None):
            verzoek = None
        try:
            pdf, js = isvc.schrijf_inzage(self.ctx, self.inwoner_id, Path(folder), verzoek_id=verzoek)
        except UserError as exc:
            self.fout.setText(_melding(exc))
            return None
        except OSError:
            self.fout.setText(f"Het overzicht kon niet worden geschreven in {folder}. Kies een andere map.")
            return None
        self._vul_verzoeken()
        self._vul_open()
        self.melding.setText(f"Het overzicht staat in {pdf.name} en {js.name} (map {folder})."
                             + (" Het verzoek is beantwoord." if verzoek else ""))
        return pdf, js

    def corrigeer(self) -> bool:
        self.fout.clear()
        if not self.object.currentData():
            self.fout.setText("Kies eerst de inwoner en waar het gegeven staat.")
            return False
        typ, oid = self.object.currentData().split(":")
        oid = int(oid)
        verzoek = self._gekozen_verzoek()
        gekozen = next((v for v in self._verzoeken if v.id == verzoek), None)
        try:
            isvc.corrigeer(self.ctx, self.inwoner_id, typ, oid, self.veld.currentData(), self.waarde.text(),
                           self.reden.text(), verzoek if gekozen is not None and gekozen.soort == "correctie" else None)
        except (InvalidInput, UserError) as exc:
            self.fout.setText(_melding(exc))
            return False
        self.melding.setText(f"'{self.veld.currentText()}' is gecorrigeerd. De reden is vastgelegd; de oude waarde niet.")
        self.waarde.clear()
        self.reden.clear()
        return True
