"""Vervolg: a follow-up conversation beside the form. What was carried over from the previous
conversation (to confirm), the previous scores beside the new ones with the change in words, the
afspraken of earlier conversations to give a status (gedaan, loopt, niet gelukt with a reason), and the
afspraken of this conversation (who does what by when). 'Vervolggesprek starten' begins the next one."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain import nl
from toegang_app.domain import regie as rdom
from toegang_app.domain import vervolg as vdom
from toegang_app.errors import UserError
from toegang_app.services import vervolg as service
from toegang_app.ui.panels.ave import DatumVeld, _Inhoud

log = logging.getLogger(__name__)
ERROR_COLOUR = "#8a1c1c"
OK_COLOUR = "#1b5e20"
STATUSSEN = {"gedaan": "Gedaan", "loopt": "Loopt nog", "niet_gelukt": "Niet gelukt"}


def _label(text: str = "", rich: bool = False) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    return lab


def _tabel(kolommen: list[str], naam: str, hoogte: int = 130) -> QTableWidget:
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
    t.setMinimumHeight(hoogte)
    return t


class VervolgPanel(QWidget):
    def __init__(self, ctx, gesprek, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.gesprek = gesprek          # ui.gesprek_model.OpenGesprek
        self.t: service.VervolgToestand | None = None
        self.last_error: str | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = _Inhoud()
        scroll.setWidget(body)
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)

        self.kop = _label(rich=True)
        self.kop.setAccessibleName("Vervolg op welk gesprek")
        lay.addWidget(self.kop)
        self.btn_start = QPushButton("Vervolggesprek st&arten")
        self.btn_start.setAccessibleName("Begin een vervolggesprek met deze inwoner, vanuit dit gesprek")
        self.btn_start.clicked.connect(self.start_vervolg)
        lay.addWidget(self.btn_start)
        self.melding = _label(rich=True)
        self.melding.setAccessibleName("Melding")
        self.melding.hide()
        lay.addWidget(self.melding)

        self.groep_over = QGroupBox("Overgenomen uit het vorige gesprek")
        ol = QVBoxLayout(self.groep_over)
        self.overgenomen = _label(rich=True)
        self.overgenomen.setAccessibleName("Overgenomen gegevens en of ze bevestigd zijn")
        ol.addWidget(self.overgenomen)
        self.btn_bevestig = QPushButton("K&lopt nog: bevestigen")
        self.btn_bevestig.setAccessibleName("Bevestig dat de overgenomen gegevens nog kloppen")
        self.btn_bevestig.clicked.connect(self.bevestig)
        ol.addWidget(self.btn_bevestig)
        lay.addWidget(self.groep_over)

        self.groep_web = QGroupBox("Toen en nu")
        wl = QVBoxLayout(self.groep_web)
        self.tbl_web = _tabel(["Dimensie", "Toen", "Nu", "Verandering"], "Scores toen en nu, met de verandering",
                              hoogte=200)
        wl.addWidget(self.tbl_web)
        lay.addWidget(self.groep_web)

        self.groep_eerder = QGroupBox("Afspraken van eerdere gesprekken")
        el = QVBoxLayout(self.groep_eerder)
        self.tbl_eerder = _tabel(["Wie", "Wat", "Afgesproken", "Status"], "Afspraken van eerdere gesprekken")
        el.addWidget(self.tbl_eerder)
        rij = QHBoxLayout()
        self.status = QComboBox()
        self.status.setAccessibleName("Hoe ging de gekozen afspraak")
        for k, label in STATUSSEN.items():
            self.status.addItem(label, k)
        lab = QLabel("Hoe ging he&t")
        lab.setBuddy(self.status)
        rij.addWidget(lab)
        rij.addWidget(self.status)
        self.reden = QLineEdit()
        self.reden.setAccessibleName("Reden (verplicht bij niet gelukt)")
        self.reden.setPlaceholderText("reden (bij niet gelukt)")
        rij.addWidget(self.reden, 1)
        el.addLayout(rij)
        self.btn_status = QPushButton("&Status vastleggen")
        self.btn_status.clicked.connect(self.zet_status)
        el.addWidget(self.btn_status)
        lay.addWidget(self.groep_eerder)

        self.groep_eigen = QGroupBox("Afspraken van dit gesprek")
        fl = QVBoxLayout(self.groep_eigen)
        self.tbl_eigen = _tabel(["Wie", "Wat", "Uiterlijk"], "Afspraken van dit gesprek")
        fl.addWidget(self.tbl_eigen)
        form = QFormLayout()
        self.wie = QComboBox()
        self.wie.setEditable(True)
        self.wie.addItems(["Inwoner", "Netwerk van de inwoner", "Medewerker van de balie"])
        self.wie.setCurrentIndex(-1)
        self.wie.setAccessibleName("Wie doet het")
        lab = QLabel("Doo&r wie")
        lab.setBuddy(self.wie)
        form.addRow(lab, self.wie)
        self.wat = QLineEdit()
        self.wat.setAccessibleName("Wat er gebeurt")
        lab = QLabel("Wat gebe&urt er")
        lab.setBuddy(self.wat)
        form.addRow(lab, self.wat)
        self.uiterlijk = DatumVeld()
        self.uiterlijk.setAccessibleName("Uiterlijk (dag-maand-jaar)")
        lab = QLabel("Uiterli&jk")
        lab.setBuddy(self.uiterlijk)
        form.addRow(lab, self.uiterlijk)
        fl.addLayout(form)
        kn = QHBoxLayout()
        self.btn_afspraak = QPushButton("A&fspraak toevoegen")
        self.btn_afspraak.clicked.connect(self.voeg_afspraak_toe)
        self.btn_weg = QPushButton("Geko&zen afspraak weghalen")
        self.btn_weg.clicked.connect(self.verwijder_afspraak)
        kn.addWidget(self.btn_afspraak)
        kn.addWidget(self.btn_weg)
        kn.addStretch(1)
        fl.addLayout(kn)
        lay.addWidget(self.groep_eigen)
        lay.addStretch(1)

        gesprek.geladen.connect(self.set_dossier)
        gesprek.invoer_gewijzigd.connect(self.uitvraag_changed)
        gesprek.opgeslagen.connect(lambda _v: self._laad())
        self._nu: dict[str, int | None] = {}
        self._vul()

    # -- loading -------------------------------------------------------------------------------
    def set_dossier(self, dossier) -> None:
        self.melding.hide()
        self._nu = {k: d.score for k, d in dossier.dimensies.items()} if dossier is not None else {}
        self._laad()

    def uitvraag_changed(self, uitvraag) -> None:
        dims = getattr(uitvraag, "dimensies", None) or {}
        self._nu = {k: d.score for k, d in dims.items()}
        self._vul_web()

    def _laad(self) -> None:
        gid = self.gesprek.gesprek_id
        self.t = None
        if gid is not None:
            try:
                self.t = service.toestand(self.ctx, gid)
            except UserError as exc:
                self._toon(exc.message, fout=True)
        self._vul()

    def vorige_scores(self) -> dict[str, int | None] | None:
        return self.t.vorige_scores if self.t is not None and self.t.is_vervolg else None

    # -- view ----------------------------------------------------------------------------------
    def _vul(self) -> None:
        t = self.t
        opgeslagen = t is not None
        if t is not None and t.is_vervolg:
            self.kop.setText(f"<b>Vervolggesprek</b> op het gesprek van {nl.datum(t.vorig_datum)}. Vraag de zes "
                             "dimensies opnieuw; de vorige scores staan ernaast en als stippellijn in de spinnenweb.")
        elif opgeslagen:
            self.kop.setText("Dit gesprek staat op zichzelf. Een volgend gesprek met deze inwoner begint u hier met "
                             "'Vervolggesprek starten'.")
        else:
            self.kop.setText("Sla het gesprek eerst op; daarna kunt u afspraken vastleggen en een vervolggesprek "
                             "starten.")
        self.btn_start.setEnabled(opgeslagen)
        for w in (self.groep_eigen, self.groep_eerder):
            w.setEnabled(opgeslagen)
        over = t.overgenomen if t is not None else []
        self.groep_over.setVisible(bool(over))
        if over:
            self.overgenomen.setText("<br>".join(
                f"• {html.escape(o.label)}: " + ("bevestigd" if o.bevestigd else
                                                 f"<span style='color:{ERROR_COLOUR}; font-weight:600'>nog bevestigen"
                                                 "</span>") for o in over))
            self.btn_bevestig.setEnabled(bool(t.onbevestigd))
        self.groep_web.setVisible(t is not None and t.is_vervolg)
        self._vul_web()
        eerder = t.te_bespreken if t is not None else []
        self.groep_eerder.setVisible(bool(eerder))
        self.tbl_eerder.setRowCount(len(eerder))
        for r, a in enumerate(eerder):
            status = a.status_label + (f": {a.status_reden}" if a.status_reden else "")
            if a.nagekeken_in != (t.gesprek_id if t else None) and a.status in ("open", "loopt"):
                status += " · nog nakijken"
            for c, txt in enumerate((a.wie, a.wat, nl.datum(a.afgesproken_op), status)):
                it = QTableWidgetItem(txt)
                it.setToolTip(txt)
                it.setData(Qt.ItemDataRole.UserRole, a.id)
                self.tbl_eerder.setItem(r, c, it)
        eigen = t.eigen if t is not None else []
        self.tbl_eigen.setRowCount(len(eigen))
        for r, a in enumerate(eigen):
            for c, txt in enumerate((a.wie, a.wat, nl.datum(a.uiterlijk) if a.uiterlijk else "")):
                it = QTableWidgetItem(txt)
                it.setToolTip(txt)
                it.setData(Qt.ItemDataRole.UserRole, a.id)
                self.tbl_eigen.setItem(r, c, it)

    def _vul_web(self) -> None:
        t = self.t
        if t is None or not t.is_vervolg:
            self.tbl_web.setRowCount(0)
            return
        rows = vdom.veranderingen(t.vorige_scores or {}, self._nu)
        self.tbl_web.setRowCount(len(rows))
        for r, v in enumerate(rows):
            wat = {vdom.HOGER: "↑ hoger", vdom.LAGER: "↓ lager", vdom.GELIJK: "= gelijk"}.get(v.richting, "")
            if v.richting is None:
                wat = "nog niet gevraagd" if v.nu is None and v.toen is not None else ("nieuw" if v.nu is not None else "")
            cells = (v.label, "" if v.toen is None else str(v.toen), "" if v.nu is None else str(v.nu), wat)
            for c, txt in enumerate(cells):
                self.tbl_web.setItem(r, c, QTableWidgetItem(txt))

    def web_teksten(self) -> list[tuple[str, ...]]:
        return [tuple(self.tbl_web.item(r, c).text() for c in range(4)) for r in range(self.tbl_web.rowCount())]

    def _toon(self, text: str, fout: bool = False) -> None:
        self.last_error = text if fout else None
        kleur = ERROR_COLOUR if fout else OK_COLOUR
        self.melding.setText(f"<span style='color:{kleur}; font-weight:600'>{html.escape(text)}</span>")
        self.melding.setAccessibleDescription(text)
        self.melding.show()

    # -- actions ----------------------------------------------------------------------------------
    def _doe(self, fn, gelukt: str, velden: dict | None = None) -> bool:
        try:
            self.t = fn()
        except service.VervolgFout as exc:
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
        r = tabel.currentRow()
        it = tabel.item(r, 0) if r >= 0 else None
        return it.data(Qt.ItemDataRole.UserRole) if it is not None else None

    def bevestig(self) -> bool:
        gid = self.gesprek.gesprek_id
        return gid is not None and self._doe(lambda: service.bevestig_overname(self.ctx, gid),
                                             "De overgenomen gegevens zijn bevestigd.")

    def zet_status(self) -> bool:
        gid, aid = self.gesprek.gesprek_id, self._gekozen(self.tbl_eerder)
        if gid is None or aid is None:
            self._toon("Kies eerst een afspraak in de lijst.", fout=True)
            return False
        ok = self._doe(lambda: service.zet_status(self.ctx, gid, aid, self.status.currentData(), self.reden.text()),
                       "De status van de afspraak is vastgelegd.", {"status_reden": self.reden})
        if ok:
            self.reden.clear()
        return ok

    def voeg_afspraak_toe(self) -> bool:
        gid = self.gesprek.zorg_voor_opslag()
        if gid is None:
            return False
        invoer = rdom.AfspraakInvoer(self.wie.currentText(), self.wat.text(), self.uiterlijk.value())
        ok = self._doe(lambda: service.voeg_afspraak_toe(self.ctx, gid, invoer), "De afspraak is vastgelegd.",
                       {"wie": self.wie, "wat": self.wat})
        if ok:
            self.wat.clear()
            self.uiterlijk.set_value(None)
            self.wie.setCurrentIndex(-1)
        return ok

    def verwijder_afspraak(self) -> bool:
        gid, aid = self.gesprek.gesprek_id, self._gekozen(self.tbl_eigen)
        if gid is None or aid is None:
            self._toon("Kies eerst een afspraak van dit gesprek.", fout=True)
            return False
        return self._doe(lambda: service.verwijder_afspraak(self.ctx, gid, aid), "De afspraak is weggehaald.")

    def start_vervolg(self) -> int | None:
        gid = self.gesprek.zorg_voor_opslag()
        if gid is None:
            return None
        try:
            nieuw = service.start_vervolg(self.ctx, gid)
        except UserError as exc:
            self._toon(exc.message, fout=True)
            return None
        shell = self.gesprek.shell
        screen = shell.show_screen("gesprekken") if shell is not None and hasattr(shell, "show_screen") else None
        if screen is not None and hasattr(screen, "open_gesprek"):
            screen.open_gesprek(nieuw)
        return nieuw
