"""Suggesties: voorzieningen along the ladder, lightest first, each with the reason it fits.

Maatwerk (rung 4) stays visibly locked until the worker records, per leefgebied, why eigen kracht,
netwerk, voorliggend veld and algemene voorzieningen do not suffice (Wmo art. 2.3.2 lid 4 b-e).
"""

from __future__ import annotations

import html
import logging
import time

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain.vocab import LEEFGEBIEDEN, TE_VERIFIEREN, TOEGANG, TREDEN, WETTEN
from toegang_app.errors import UserError
from toegang_app.services import suggesties as service
from toegang_app.ui.verwijzing_dialoog import VerwijzingDialoog

log = logging.getLogger(__name__)
ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_LOCKED = Qt.ItemDataRole.UserRole + 1


def voorwaarden_tekst(v) -> str:
    parts = []
    if v.leeftijd_min is not None or v.leeftijd_max is not None:
        lo = v.leeftijd_min if v.leeftijd_min is not None else 0
        parts.append(f"leeftijd {lo}-{v.leeftijd_max}" if v.leeftijd_max is not None else f"vanaf {lo} jaar")
    if v.inkomen_max_pct:
        parts.append(f"inkomen tot {v.inkomen_max_pct}% bijstandsnorm")
    if v.doelgroep:
        parts.append(v.doelgroep)
    if v.voorwaarden:
        parts.append(v.voorwaarden)
    return "; ".join(parts) if parts else "geen voorwaarden bekend"


class OnderbouwingDialoog(QDialog):
    """Record, for one leefgebied, why the lighter rungs do not suffice."""

    def __init__(self, leefgebieden: list[str], bestaand: dict[str, str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Onderbouwing maatwerk (Wmo art. 2.3.2 lid 4)")
        self.resize(620, 520)
        lay = QVBoxLayout(self)
        uitleg = QLabel("Maatwerk is het sluitstuk. Leg per leefgebied vast waarom eigen kracht, het netwerk, het "
                        "voorliggend veld en algemene voorzieningen niet genoeg zijn. Dit komt in het verslag.")
        uitleg.setWordWrap(True)
        lay.addWidget(uitleg)
        form = QFormLayout()
        self.leefgebied = QComboBox()
        self.leefgebied.setAccessibleName("Leefgebied")
        for lg in leefgebieden:
            self.leefgebied.addItem(LEEFGEBIEDEN.get(lg, lg), lg)
        form.addRow("Leefgebied", self.leefgebied)
        self.velden: dict[str, QPlainTextEdit] = {}
        for key, label in service.ONDERBOUWING_PUNTEN.items():
            edit = QPlainTextEdit()
            edit.setAccessibleName(label)
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(70)
            form.addRow(QLabel(label), edit)
            self.velden[key] = edit
        lay.addLayout(form)
        self.fout = QLabel()
        self.fout.setWordWrap(True)
        self.fout.setProperty("rol", "waarschuwing")
        self.fout.hide()
        lay.addWidget(self.fout)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Save).setText("Vastleggen")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        box.accepted.connect(self._check)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.bestaand = bestaand
        self.leefgebied.currentIndexChanged.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        text = self.bestaand.get(self.leefgebied.currentData() or "", "")
        values = {}
        for line in text.splitlines():
            for key, label in service.ONDERBOUWING_PUNTEN.items():
                if line.startswith(label + ": "):
                    values[key] = line[len(label) + 2:]
        for key, edit in self.velden.items():
            edit.setPlainText(values.get(key, ""))

    def punten(self) -> dict[str, str]:
        return {k: e.toPlainText() for k, e in self.velden.items()}

    def _check(self) -> None:
        try:
            service.onderbouwing_tekst(self.punten())
        except UserError as exc:
            self.fout.setText(exc.message)
            self.fout.show()
            return
        self.accept()


class SuggestiesPanel(QWidget):
    def __init__(self, ctx, gesprek, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.gesprek = gesprek  # the open conversation (ui.gesprek_model.OpenGesprek)
        self.gesprek_id: int | None = None
        self._records: dict[str, str] = {}
        self._uitvraag = None
        self._advies = None
        self.last_update_ms = 0.0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.samenvatting = QLabel()
        self.samenvatting.setWordWrap(True)
        self.samenvatting.setProperty("rol", "uitleg")
        lay.addWidget(self.samenvatting)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Voorgestelde voorzieningen, lichtste trede eerst")
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(8)
        lay.addWidget(self.tree, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAccessibleName("Waarom deze voorziening, voorwaarden en hoe te bereiken")
        self.detail.setMinimumHeight(60)
        lay.addWidget(self.detail)
        buttons = QHBoxLayout()
        self.btn_kaart = QPushButton("In de kaart")
        self.btn_kaart.setAccessibleName("Open de voorziening in de sociale kaart")
        self.btn_verwijs = QPushButton("Verwijzen…")
        self.btn_verwijs.setAccessibleName("Maak een verwijzing naar deze voorziening")
        self.btn_onderbouw = QPushButton("Onderbouwen…")
        self.btn_onderbouw.setAccessibleName("Leg vast waarom lichtere hulp niet genoeg is (maatwerk)")
        for b in (self.btn_kaart, self.btn_verwijs, self.btn_onderbouw):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.tree.currentItemChanged.connect(self._show_current)
        self.tree.itemActivated.connect(lambda *_: self.verwijs())
        self.btn_kaart.clicked.connect(self.open_in_kaart)
        self.btn_verwijs.clicked.connect(self.verwijs)
        self.btn_onderbouw.clicked.connect(self.onderbouw)
        self._show_current()
        gesprek.geladen.connect(self.set_dossier)
        gesprek.invoer_gewijzigd.connect(self.uitvraag_changed)
        gesprek.opgeslagen.connect(self._opgeslagen)

    # -- panel protocol --------------------------------------------------------------------------
    def set_dossier(self, dossier) -> None:
        # no Alt letters here: they belong to the form fields beside this panel; Enter in the list refers
        self.gesprek_id = dossier.gesprek_id if dossier is not None else None
        self._records = {}
        if self.gesprek_id is not None:
            try:
                self._records = service.onderbouwingen(self.ctx, self.gesprek_id)
            except UserError as exc:
                log.warning("onderbouwingen not loaded: %s", exc.message)
        if dossier is not None:
            self.uitvraag_changed(dossier.to_uitvraag())

    def _opgeslagen(self, _versie: int) -> None:
        self.gesprek_id = self.gesprek.gesprek_id

    def uitvraag_changed(self, uitvraag) -> None:
        t = time.perf_counter()
        self._uitvraag = service.met_onderbouwingen(uitvraag, self._records)
        try:
            self._advies = service.advies(self.ctx, self._uitvraag, geboortedatum=self.gesprek.geboortedatum)
        except UserError as exc:
            self._advies = None
            self.samenvatting.setText(exc.message)
            self.tree.clear()
            return
        self._fill()
        self.last_update_ms = (time.perf_counter() - t) * 1000

    # -- view ------------------------------------------------------------------------------------
    def _fill(self) -> None:
        current = self.current_id()
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        a = self._advies
        bold = QFont()
        bold.setBold(True)
        if a.veiligheidsroute_actief:
            self.samenvatting.setText("<b>Veiligheid eerst:</b> er is een acuut veiligheidssignaal. "
                                      "De veiligheidsroute staat bovenaan.")
        elif not a.suggesties and not a.geblokkeerd:
            self.samenvatting.setText("Nog geen suggesties. Vul scores, 'over praten' of signalen in.")
        else:
            self.samenvatting.setText(f"{len(a.suggesties)} suggesties, lichtste trede eerst"
                                      + (f"; {len(a.geblokkeerd)} maatwerk vergrendeld" if a.geblokkeerd else "") + ".")
        groups: list[tuple[str, list, bool]] = []
        route = [s for s in a.suggesties if s.veiligheidsroute]
        if route:
            groups.append(("Veiligheidsroute (eerst)", route, False))
        rest = [s for s in a.suggesties if not s.veiligheidsroute]
        for trede in sorted({s.voorziening.trede for s in rest}):
            groups.append((f"Trede {trede} · {TREDEN[trede]}", [s for s in rest if s.voorziening.trede == trede], False))
        if a.geblokkeerd:
            groups.append(("Maatwerk (vergrendeld): eerst lichtere treden onderbouwen", a.geblokkeerd, True))
        restore = None
        for title, items, locked in groups:
            head = QTreeWidgetItem([title])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            if locked:
                head.setForeground(0, QBrush(QColor("#8a1c1c")))
            self.tree.addTopLevelItem(head)
            for s in items:
                v = s.voorziening
                prefix = "🔒 " if locked else ""
                it = QTreeWidgetItem([f"{prefix}{v.naam} — {s.reden}"])
                it.setData(0, ROLE_ID, v.id)
                it.setData(0, ROLE_LOCKED, locked)
                it.setToolTip(0, f"{v.naam} ({v.aanbieder})\n{s.reden}")
                if locked:
                    it.setForeground(0, QBrush(QColor("#666666")))
                head.addChild(it)
                if v.id == current:
                    restore = it
            head.setExpanded(True)
        self.tree.setUpdatesEnabled(True)
        if restore is not None:
            self.tree.setCurrentItem(restore)
        self._show_current()

    def current_id(self) -> str | None:
        it = self.tree.currentItem()
        return it.data(0, ROLE_ID) if it is not None else None

    def _current(self):
        vid = self.current_id()
        if vid is None or self._advies is None:
            return None, False
        for s in self._advies.suggesties:
            if s.voorziening.id == vid:
                return s, False
        for s in self._advies.geblokkeerd:
            if s.voorziening.id == vid:
                return s, True
        return None, False

    def _show_current(self, *_args) -> None:
        s, locked = self._current()
        has = s is not None
        self.btn_kaart.setEnabled(has)
        self.btn_verwijs.setEnabled(has and not locked)
        self.btn_onderbouw.setEnabled(bool(self._advies and self._advies.geblokkeerd))
        if not has:
            self.detail.setText("Kies een voorziening om te zien waarom ze past.")
            return
        v = s.voorziening
        toegang = TOEGANG.get(v.toegang, TE_VERIFIEREN) if v.toegang else TE_VERIFIEREN
        wet = f" · {WETTEN.get(v.wet, v.wet)}" if v.wet else ""
        lock = ("<br><span style='color:#8a1c1c'><b>Vergrendeld:</b> leg eerst vast waarom eigen kracht, netwerk, "
                "voorliggend veld en algemene voorzieningen niet genoeg zijn (knop Onderbouwen).</span>") if locked else ""
        self.detail.setText(
            f"<b>{html.escape(v.naam)}</b> ({html.escape(v.aanbieder)}) · trede {v.trede}{html.escape(wet)}<br>"
            f"<b>Waarom:</b> {html.escape(s.reden)}<br>"
            f"<b>Voorwaarden:</b> {html.escape(voorwaarden_tekst(v))}<br>"
            f"<b>Hoe te bereiken:</b> {html.escape(toegang)}{lock}")

    # -- actions ---------------------------------------------------------------------------------
    def open_in_kaart(self) -> None:
        vid = self.current_id()
        if vid and self.gesprek.shell is not None:
            self.gesprek.shell.show_screen("kaart").toon_voorziening(vid)

    def verwijs(self) -> None:
        s, locked = self._current()
        if s is None or locked:
            return
        gid = self.gesprek.zorg_voor_opslag()
        if gid is None:
            self.detail.setText("Het gesprek kon nog niet worden opgeslagen; zie de melding bovenaan. Daarna kunt u verwijzen.")
            return
        self.gesprek_id = gid
        dlg = VerwijzingDialoog(self.ctx, self.gesprek_id, voorziening_id=s.voorziening.id, parent=self)
        if dlg.exec():
            self.gesprek.nieuwe_versie(dlg.verwijzing_id.gesprek_versie)
            self.gesprek.verwijzing_gewijzigd()

    def onderbouw(self) -> None:
        if not self._advies or not self._advies.geblokkeerd:
            return
        gid = self.gesprek.zorg_voor_opslag()
        if gid is None:
            self.detail.setText("Het gesprek kon nog niet worden opgeslagen; zie de melding bovenaan.")
            return
        self.gesprek_id = gid
        s, locked = self._current()
        if locked and s is not None:
            leefgebieden = list(s.leefgebieden or s.voorziening.leefgebieden)
        else:
            leefgebieden = sorted({lg for g in self._advies.geblokkeerd for lg in (g.leefgebieden or g.voorziening.leefgebieden)})
        dlg = OnderbouwingDialoog(leefgebieden, self._records, self)
        if not dlg.exec():
            return
        try:
            tekst = service.leg_onderbouwing_vast(self.ctx, self.gesprek_id, dlg.leefgebied.currentData(), dlg.punten())
        except UserError as exc:
            self.detail.setText(html.escape(exc.message))
            return
        self._records[dlg.leefgebied.currentData()] = tekst
        self.uitvraag_changed(self.gesprek.uitvraag or self._uitvraag)
