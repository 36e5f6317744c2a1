"""Procesregie: the intake queue (every confirmed AVE 3/4 case without a procesregisseur, oldest first,
with why it was proposed; a regisseur claims it, the teamleider assigns it), the AVE 4 alert for the
teamleider, and the desk's caseload (every open conversation with its owner and regisseur, filtered on
mijn / team / zonder eigenaar; the teamleider reassigns). The screen says the gemeente's own model name."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain import nl
from toegang_app.errors import UserError
from toegang_app.services import regie as service
from toegang_app.services.auth import AVE_REGIE, GESPREK_LEZEN, REGIE_TOEWIJZEN
from toegang_app.ui.screens.base import Screen

ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_EXTRA = Qt.ItemDataRole.UserRole + 1
LET_OP = "#8a1c1c"


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
    hh = t.horizontalHeader()
    hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    hh.setStretchLastSection(True)
    return t


def _dagen(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dagen"


class RegieScherm(Screen):
    title = "Procesregie"

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(ctx, shell, parent)
        self.peildatum: date | None = None
        self.rijen: list[service.WachtrijRij] = []
        self.caseload_rijen: list[service.CaseloadRij] = []
        lay = self._column()
        top = QHBoxLayout()
        self.kop = self.heading("Procesregie")
        top.addWidget(self.kop, 1)
        self.btn_reload = QPushButton("&Vernieuwen (F5)")
        self.btn_reload.setAccessibleName("Vernieuwen")
        top.addWidget(self.btn_reload)
        lay.addLayout(top)
        self.alarm = QLabel()
        self.alarm.setWordWrap(True)
        self.alarm.setTextFormat(Qt.TextFormat.RichText)
        self.alarm.setAccessibleName("AVE 4: regie bij de veiligheidsketen")
        self.alarm.hide()
        lay.addWidget(self.alarm)
        self.melding = QLabel()
        self.melding.setWordWrap(True)
        self.melding.setTextFormat(Qt.TextFormat.RichText)
        self.melding.setAccessibleName("Melding")
        self.melding.hide()
        lay.addWidget(self.melding)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Wachtrij en caseload")
        lay.addWidget(self.tabs, 1)

        # -- queue ---------------------------------------------------------------------------------
        w = QWidget()
        wl = QVBoxLayout(w)
        self.uitleg = QLabel()
        self.uitleg.setWordWrap(True)
        self.uitleg.setProperty("rol", "uitleg")
        wl.addWidget(self.uitleg)
        self.wachtrij = _tabel(["Inwoner", "Fase", "Wacht", "Waarom voorgesteld", "Voorgesteld door", "Let op"],
                               "Wachtrij: casussen zonder procesregisseur, oudste eerst")
        for col, breedte in ((0, 220), (1, 130), (2, 90), (3, 330), (4, 190)):
            self.wachtrij.setColumnWidth(col, breedte)
        wl.addWidget(self.wachtrij, 1)
        kn = QHBoxLayout()
        self.btn_pak_op = QPushButton("&Oppakken: ik word procesregisseur")
        self.btn_pak_op.setAccessibleName("Oppakken: ik word procesregisseur van de gekozen casus")
        kn.addWidget(self.btn_pak_op)
        self.lab_toewijzen = QLabel("Toewijzen &aan")
        self.regisseur = QComboBox()
        self.regisseur.setAccessibleName("Procesregisseur om aan toe te wijzen")
        self.lab_toewijzen.setBuddy(self.regisseur)
        kn.addWidget(self.lab_toewijzen)
        kn.addWidget(self.regisseur)
        self.btn_toewijzen = QPushButton("&Toewijzen")
        self.btn_toewijzen.setAccessibleName("Wijs de gekozen casus toe aan de gekozen procesregisseur")
        kn.addWidget(self.btn_toewijzen)
        self.btn_plan = QPushButton("&Plan openen")
        self.btn_plan.setAccessibleName("Open het plan van de gekozen casus")
        kn.addWidget(self.btn_plan)
        kn.addStretch(1)
        wl.addLayout(kn)
        self.tabs.addTab(w, "&Wachtrij")

        # -- caseload ------------------------------------------------------------------------------
        c = QWidget()
        cl = QVBoxLayout(c)
        filt = QHBoxLayout()
        lab = QLabel("&Toon:")
        self.filter = QComboBox()
        self.filter.setAccessibleName("Welke gesprekken: mijn, team of zonder eigenaar")
        for k, label in service.FILTERS.items():
            self.filter.addItem(label, k)
        lab.setBuddy(self.filter)
        filt.addWidget(lab)
        filt.addWidget(self.filter)
        filt.addStretch(1)
        self.telling = QLabel()
        filt.addWidget(self.telling)
        cl.addLayout(filt)
        self.caseload = _tabel(["Inwoner", "Aangemeld", "Fase", "Eigenaar", "Procesregisseur", "Let op"],
                               "Caseload: open gesprekken met eigenaar")
        for col, breedte in ((0, 220), (1, 100), (2, 130), (3, 230), (4, 230)):
            self.caseload.setColumnWidth(col, breedte)
        cl.addWidget(self.caseload, 1)
        kn2 = QHBoxLayout()
        self.btn_gesprek = QPushButton("Ge&sprek openen")
        kn2.addWidget(self.btn_gesprek)
        self.lab_eigenaar = QLabel("&Nieuwe eigenaar")
        self.eigenaar = QComboBox()
        self.eigenaar.setAccessibleName("Nieuwe eigenaar van het gekozen gesprek")
        self.lab_eigenaar.setBuddy(self.eigenaar)
        kn2.addWidget(self.lab_eigenaar)
        kn2.addWidget(self.eigenaar)
        self.btn_eigenaar = QPushButton("&Eigenaar wijzigen")
        kn2.addWidget(self.btn_eigenaar)
        self.btn_regisseur = QPushButton("Regisseur &overdragen")
        self.btn_regisseur.setAccessibleName("Draag de procesregie van het gekozen gesprek over aan de procesregisseur "
                                             "die bij 'Toewijzen aan' gekozen is")
        kn2.addWidget(self.btn_regisseur)
        kn2.addStretch(1)
        cl.addLayout(kn2)
        self.tabs.addTab(c, "&Caseload")

        self.btn_reload.clicked.connect(self.reload)
        QShortcut(QKeySequence("F5"), self, activated=self.reload)
        self.btn_pak_op.clicked.connect(self.pak_op)
        self.btn_toewijzen.clicked.connect(self.wijs_toe)
        self.btn_plan.clicked.connect(self.open_plan)
        self.wachtrij.itemActivated.connect(lambda *_: self.open_plan() if self._mag(GESPREK_LEZEN) else None)
        self.filter.currentIndexChanged.connect(lambda *_: self._laad_caseload())
        self.btn_gesprek.clicked.connect(self.open_gesprek)
        self.caseload.itemActivated.connect(lambda *_: self.open_gesprek())
        self.btn_eigenaar.clicked.connect(self.wijzig_eigenaar)
        self.btn_regisseur.clicked.connect(self.draag_regie_over)
        self._rechten()

    # -- helpers ---------------------------------------------------------------------------------
    def _mag(self, perm: str) -> bool:
        u = getattr(self.ctx, "user", None)
        return u is not None and u.may(perm)

    def _rechten(self) -> None:
        regisseur, leider, lezen = self._mag(AVE_REGIE), self._mag(REGIE_TOEWIJZEN), self._mag(GESPREK_LEZEN)
        self.btn_pak_op.setVisible(regisseur)
        for w in (self.lab_toewijzen, self.regisseur, self.btn_toewijzen, self.lab_eigenaar, self.eigenaar,
                  self.btn_eigenaar, self.btn_regisseur):
            w.setVisible(leider)
        self.btn_plan.setVisible(lezen)
        self.btn_gesprek.setVisible(lezen)
        if leider:
            self.uitleg.setText("Elke bevestigde fase vanaf AVE 3 zonder procesregisseur, de oudste bovenaan. Wijs een "
                                "procesregisseur toe; de collega die de fase voorstelde ziet wie de casus heeft.")
        else:
            self.uitleg.setText("Elke bevestigde fase vanaf AVE 3 zonder procesregisseur, de oudste bovenaan. Pak een "
                                "casus op: u wordt procesregisseur (één gezin, één plan, één regisseur).")

    def _toon(self, text: str, fout: bool = False) -> None:
        kleur = LET_OP if fout else "#1b5e20"
        self.melding.setText(f"<span style='color:{kleur}; font-weight:600'>{html.escape(text)}</span>")
        self.melding.setAccessibleDescription(text)
        self.melding.show()

    def _kop(self) -> None:
        try:
            from toegang_app.services.ave import config

            model = config(self.ctx).model(getattr(self.ctx.user, "team", None))
            self.kop.setText(f"Procesregie · {model.model_naam}")
        except UserError:
            self.kop.setText("Procesregie")

    @staticmethod
    def _gekozen(tabel: QTableWidget):
        r = tabel.currentRow()
        it = tabel.item(r, 0) if r >= 0 else None
        return (it.data(ROLE_ID), it.data(ROLE_EXTRA)) if it is not None else (None, None)

    # -- loading ---------------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.reload()

    def prepare_screenshot(self) -> None:
        self.reload()

    def reload(self) -> None:
        self.melding.hide()
        self._rechten()
        self._kop()
        self._laad_wachtrij()
        self._laad_alarm()
        self._laad_keuzes()
        self._laad_caseload()

    def _laad_wachtrij(self) -> None:
        keep, _ = self._gekozen(self.wachtrij)
        try:
            self.rijen = service.wachtrij(self.ctx, peildatum=self.peildatum)
        except UserError as exc:
            self.rijen = []
            self._toon(exc.message, fout=True)
        bold = QFont()
        bold.setBold(True)
        self.wachtrij.setRowCount(len(self.rijen))
        for r, w in enumerate(self.rijen):
            naam = w.inwoner_naam
            let_op = list(w.signalen)
            if w.vorige_regisseur:
                let_op.insert(0, f"terug in de wachtrij: {w.vorige_regisseur} is niet meer actief")
            cells = [naam, w.fase_naam, _dagen(w.dagen_wachten), "; ".join(w.redenen),
                     w.voorgesteld_door or "onbekend", "; ".join(let_op) or "—"]
            for c, txt in enumerate(cells):
                it = QTableWidgetItem(txt)
                it.setToolTip(txt)
                it.setData(ROLE_ID, w.gesprek_id)
                # the regisseur the queue showed: a claim only wins when it is still that one
                it.setData(ROLE_EXTRA, w.vorige_regisseur_id)
                if c == 5 and let_op:
                    it.setForeground(QBrush(QColor(LET_OP)))
                    it.setFont(bold)
                self.wachtrij.setItem(r, c, it)
        self.wachtrij.resizeRowsToContents()
        self.tabs.setTabText(0, f"&Wachtrij ({len(self.rijen)})")
        if self.rijen:
            rij = next((i for i, w in enumerate(self.rijen) if w.gesprek_id == keep), 0)
            self.wachtrij.selectRow(rij)
        for b in (self.btn_pak_op, self.btn_toewijzen, self.btn_plan):
            b.setEnabled(bool(self.rijen))

    def _laad_alarm(self) -> None:
        try:
            meld = service.ave4_meldingen(self.ctx)
        except UserError:
            meld = []
        if not meld:
            self.alarm.hide()
            return
        open_ = [m for m in meld if m.ontbreekt]
        regels = [f"<b>AVE 4: {len(meld)} {'casus' if len(meld) == 1 else 'casussen'} met de regie bij de zorg- en "
                  f"veiligheidsketen</b>" + (f", waarvan {len(open_)} nog zonder ketenpartner of contactpersoon"
                                              if open_ else "")]
        for m in meld[:6]:
            wat = f"regie bij {m.ketenpartner}" if m.ketenpartner else "ketenpartner nog niet vastgelegd"
            contact = f"contact: {m.contact}" if m.contact else "contactpersoon nog niet vastgelegd"
            regels.append(f"• {html.escape(m.inwoner_naam)}: {html.escape(wat)}; {html.escape(contact)}"
                          + (f" (sinds {nl.datum(m.sinds)})" if m.sinds else ""))
        self.alarm.setText(f"<div style='color:{LET_OP}'>" + "<br>".join(regels) + "</div>")
        self.alarm.show()

    def _laad_keuzes(self) -> None:
        if not self._mag(REGIE_TOEWIJZEN):
            return
        for combo, rol in ((self.regisseur, "procesregisseur"), (self.eigenaar, None)):
            huidig = combo.currentData()
            combo.clear()
            combo.addItem("kies een collega" if rol is None else "kies een procesregisseur", None)
            try:
                for m in service.medewerkers(self.ctx, rol=rol):
                    combo.addItem(m.naam, m.id)
            except UserError:
                pass
            combo.setCurrentIndex(max(combo.findData(huidig), 0))

    def _laad_caseload(self) -> None:
        keep, _ = self._gekozen(self.caseload)
        try:
            self.caseload_rijen = service.caseload(self.ctx, self.filter.currentData() or "team",
                                                   peildatum=self.peildatum)
        except UserError as exc:
            self.caseload_rijen = []
            self._toon(exc.message, fout=True)
        bold = QFont()
        bold.setBold(True)
        self.caseload.setRowCount(len(self.caseload_rijen))
        for r, c in enumerate(self.caseload_rijen):
            cells = [c.inwoner_naam, nl.datum(c.aanmelding_datum), c.fase_naam, c.eigenaar,
                     c.regisseur or ("—" if (c.fase or 0) < 3 else service.ZONDER_EIGENAAR), "; ".join(c.signalen) or "—"]
            for col, txt in enumerate(cells):
                it = QTableWidgetItem(txt)
                it.setToolTip(txt)
                it.setData(ROLE_ID, c.gesprek_id)
                it.setData(ROLE_EXTRA, (c.eigenaar_id, c.regisseur_id))
                if (col == 3 and c.eigenaar_id is None) or (col == 5 and c.signalen):
                    it.setForeground(QBrush(QColor(LET_OP)))
                    it.setFont(bold)
                self.caseload.setItem(r, col, it)
        self.caseload.resizeRowsToContents()
        zonder = sum(1 for c in self.caseload_rijen if c.eigenaar_id is None)
        self.telling.setText(f"{len(self.caseload_rijen)} open gesprekken, waarvan {zonder} zonder eigenaar")
        if self.caseload_rijen:
            self.caseload.selectRow(next((i for i, c in enumerate(self.caseload_rijen) if c.gesprek_id == keep), 0))

    # -- actions ---------------------------------------------------------------------------------
    def pak_op(self) -> bool:
        gid, vorige = self._gekozen(self.wachtrij)
        if gid is None:
            self._toon("Kies eerst een casus in de wachtrij.", fout=True)
            return False
        try:
            t = service.pak_op(self.ctx, gid, verwacht=vorige)
        except UserError as exc:
            self.reload()
            self._toon(exc.message, fout=True)
            return False
        self.reload()
        self._toon(f"U bent nu procesregisseur van deze casus (opgepakt op {nl.datum(t.toegewezen_op.date())}). "
                   "Open het plan via AVE-casussen of hier met 'Plan openen'.")
        return True

    def wijs_toe(self) -> bool:
        gid, vorige = self._gekozen(self.wachtrij)
        rid = self.regisseur.currentData()
        if gid is None or rid is None:
            self._toon("Kies een casus in de wachtrij en een procesregisseur.", fout=True)
            (self.regisseur if gid is not None else self.wachtrij).setFocus()
            return False
        try:
            t = service.wijs_toe(self.ctx, gid, rid, verwacht=vorige)
        except UserError as exc:
            self.reload()
            self._toon(exc.message, fout=True)
            return False
        self.reload()
        self._toon(f"Toegewezen aan {t.regisseur}.")
        return True

    def open_plan(self, gesprek_id: int | None = None):
        gid = gesprek_id or self._gekozen(self.wachtrij)[0]
        if gid is None:
            return None
        from toegang_app.ui.plan_dialoog import PlanDialoog

        dlg = PlanDialoog(self.ctx, gid, self, peildatum=self.peildatum)
        dlg.setModal(True)
        dlg.open()
        self._dialoog = dlg
        dlg.finished.connect(lambda *_: self.reload())
        return dlg

    def open_gesprek(self) -> None:
        gid, _ = self._gekozen(self.caseload)
        if gid is None or not self._mag(GESPREK_LEZEN):
            return
        if self.shell is not None and hasattr(self.shell, "show_screen"):
            screen = self.shell.show_screen("gesprekken")
            if hasattr(screen, "open_gesprek"):
                screen.open_gesprek(gid)

    def wijzig_eigenaar(self) -> bool:
        gid, extra = self._gekozen(self.caseload)
        mid = self.eigenaar.currentData()
        if gid is None or mid is None:
            self._toon("Kies een gesprek in de lijst en de nieuwe eigenaar.", fout=True)
            return False
        try:
            rij = service.draag_over(self.ctx, gid, mid, verwacht=extra[0] if extra else None)
        except UserError as exc:
            self._laad_caseload()
            self._toon(exc.message, fout=True)
            return False
        self._laad_caseload()
        self._toon(f"{rij.inwoner_naam}: eigenaar is nu {rij.eigenaar}.")
        return True

    def draag_regie_over(self) -> bool:
        gid, extra = self._gekozen(self.caseload)
        rid = self.regisseur.currentData()
        if gid is None or rid is None:
            self._toon("Kies een gesprek in de lijst en bij 'Toewijzen aan' de procesregisseur.", fout=True)
            return False
        try:
            t = service.wijs_toe(self.ctx, gid, rid, verwacht=extra[1] if extra else None)
        except UserError as exc:
            self.reload()
            self._toon(exc.message, fout=True)
            return False
        self.reload()
        self._toon(f"De procesregie is overgedragen aan {t.regisseur}.")
        return True
