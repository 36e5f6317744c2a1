"""Statistiek: figures for team leads, without personal data, with charts, tables and exports.

The screen opens on the last 12 whole months for the team lead's own gemeente in the internal form
(exact counts, marked "intern, niet voor publicatie"); the publication form protects small counts for
every gemeente at once. Exports are in the publication form unless the team lead ticks the internal
one. The calculation (``services.statistiek.bereken``) and the exports run in a background ``Job``
(``ui.workers``) with a progress bar and an Annuleren button, so the window stays responsive.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain.vocab import GEMEENTEN, KERNEN
from toegang_app.errors import UserError
from toegang_app.services.statistiek import (
    INTERN,
    PUBLICATIE,
    Rapport,
    Selectie,
    bereken,
    getal_nl,
    grafiek_data,
    is_verborgen,
    laatste_volle_maanden,
)
from toegang_app.ui.screens.base import Screen
from toegang_app.ui.widgets.charts import GrafiekWidget
from toegang_app.ui.workers import Job
from toegang_app.services.bronnen import bron_tekst

log = logging.getLogger(__name__)

FORMATEN = {"csv": ("CSV", "CSV-bestanden in een zip (*.zip)"),
            "xlsx": ("Excel", "Excel-werkmap (*.xlsx)"),
            "pdf": ("PDF", "PDF-rapport (*.pdf)")}


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


class StatistiekScherm(Screen):
    title = "Statistiek"

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(ctx, shell, parent)
        self.rapport: Rapport | None = None
        self._job: Job | None = None
        self._export_job: Job | None = None
        lay = self._column()
        lay.setSpacing(8)
        top = QHBoxLayout()
        top.addWidget(self.heading("Statistiek"))
        uitleg = QLabel("Cijfers zonder persoonsgegevens. Intern: exacte aantallen voor uw eigen gemeente. "
                        "Publicatie: kleine aantallen afgeschermd.")
        uitleg.setProperty("rol", "uitleg")
        top.addWidget(uitleg, 1, Qt.AlignmentFlag.AlignBottom)
        lay.addLayout(top)

        # -- filters
        filt = QFrame()
        filt.setProperty("rol", "kaartje")
        grid = QGridLayout(filt)
        grid.setContentsMargins(10, 8, 10, 8)
        grid.setHorizontalSpacing(8)
        van, tot = laatste_volle_maanden(date.today())
        self.van = QDateEdit(_qdate(van))
        self.tot = QDateEdit(_qdate(tot))
        for w, name in ((self.van, "Van"), (self.tot, "Tot en met")):
            w.setCalendarPopup(True)
            w.setDisplayFormat("dd-MM-yyyy")
            w.setAccessibleName(name)
        self.gemeente = QComboBox()
        self.gemeente.setAccessibleName("Gemeente")
        self.gemeente.addItem("Alle gemeenten", None)
        for k, v in GEMEENTEN.items():
            self.gemeente.addItem(v, k)
        self.kern = QComboBox()
        self.kern.setAccessibleName("Kern")
        self.team = QComboBox()
        self.team.setAccessibleName("Team")
        self.team.addItem("Alle teams", None)
        for k, v in GEMEENTEN.items():
            self.team.addItem(f"Balie {v}", k)
        for combo in (self.gemeente, self.kern, self.team):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(14)
        self.vorm = QComboBox()
        self.vorm.setAccessibleName("Weergave")
        self.vorm.addItem("Intern (exact)", INTERN)
        self.vorm.addItem("Publicatie", PUBLICATIE)
        self.vorm.setToolTip("Intern: exacte aantallen, niet voor publicatie. Publicatie: kleine aantallen "
                             "afgeschermd, aantallen afgerond op vijftallen, hele maanden.")
        eigen = getattr(ctx.user, "team", None) if ctx.user is not None else None
        if eigen:
            self.gemeente.setCurrentIndex(self.gemeente.findData(eigen))
        self.gemeente.currentIndexChanged.connect(self._vul_kernen)
        self._vul_kernen()
        self.knop_bereken = QPushButton("Berekenen")
        self.knop_bereken.setProperty("rol", "primair")
        self.knop_bereken.setDefault(True)
        self.knop_bereken.clicked.connect(self.bereken)
        labels = (("&Van", self.van), ("&Tot en met", self.tot), ("Ge&meente", self.gemeente), ("&Kern", self.kern),
                  ("T&eam", self.team), ("&Weergave", self.vorm))
        for col, (text, w) in enumerate(labels):
            lab = QLabel(text)
            lab.setBuddy(w)
            grid.addWidget(lab, 0, col)
            grid.addWidget(w, 1, col)
        grid.addWidget(self.knop_bereken, 1, len(labels))
        self.export_knoppen: dict[str, QPushButton] = {}
        exp = QHBoxLayout()
        exp.setSpacing(4)
        exp_lab = QLabel("Exporteren (standaard in de publicatievorm):")
        exp.addWidget(exp_lab)
        for fmt, (text, _f) in FORMATEN.items():
            b = QPushButton(text)
            b.setEnabled(False)
            b.setToolTip(f"Sla de berekende cijfers op als {text}")
            b.clicked.connect(lambda _=False, f=fmt: self.exporteer_dialoog(f))
            exp.addWidget(b)
            self.export_knoppen[fmt] = b
        self.intern_export = QCheckBox("&Intern exporteren (exacte aantallen, niet voor publicatie)")
        self.intern_export.setToolTip("Exporteer de exacte aantallen (intern, niet voor publicatie). Zonder dit vinkje "
                                      "is een export altijd in de publicatievorm.")
        exp.addWidget(self.intern_export)
        exp.addStretch(1)
        grid.addLayout(exp, 2, 0, 1, len(labels) + 1)
        grid.setColumnStretch(len(labels) + 1, 1)
        lay.addWidget(filt)
        self.vorm_label = QLabel("")
        self.vorm_label.setWordWrap(True)
        self.vorm_label.setVisible(False)
        self.vorm_label.setAccessibleName("Vorm van de cijfers")
        lay.addWidget(self.vorm_label)

        # -- progress
        self.voortgang_rij = QWidget()
        pr = QHBoxLayout(self.voortgang_rij)
        pr.setContentsMargins(0, 0, 0, 0)
        self.voortgang = QProgressBar()
        self.voortgang.setRange(0, 100)
        self.voortgang.setAccessibleName("Voortgang")
        self.voortgang_tekst = QLabel("")
        self.knop_annuleer = QPushButton("Annuleren")
        self.knop_annuleer.clicked.connect(self.annuleer)
        pr.addWidget(self.voortgang, 1)
        pr.addWidget(self.voortgang_tekst, 2)
        pr.addWidget(self.knop_annuleer)
        self.voortgang_rij.setVisible(False)
        lay.addWidget(self.voortgang_rij)
        self.melding = QLabel("Kies een periode en klik op Berekenen.")
        self.melding.setWordWrap(True)
        self.melding.setProperty("rol", "uitleg")
        lay.addWidget(self.melding)

        # -- results
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.inhoud = QWidget()
        self.inhoud_lay = QVBoxLayout(self.inhoud)
        self.inhoud_lay.setContentsMargins(0, 0, 8, 0)
        self.inhoud_lay.setSpacing(10)
        self.inhoud_lay.addStretch(1)
        self.scroll.setWidget(self.inhoud)
        lay.addWidget(self.scroll, 1)

    # -- filters -----------------------------------------------------------------------------------------
    def _vul_kernen(self) -> None:
        gem = self.gemeente.currentData()
        self.kern.blockSignals(True)
        self.kern.clear()
        self.kern.addItem("Alle kernen", None)
        for g in ([gem] if gem else list(GEMEENTEN)):
            for k in KERNEN[g]:
                self.kern.addItem(k if gem else f"{k} ({GEMEENTEN[g]})", k)
        self.kern.blockSignals(False)

    def selectie(self, vorm: str | None = None) -> Selectie:
        return Selectie(_pydate(self.van.date()), _pydate(self.tot.date()), gemeente=self.gemeente.currentData(),
                        kern=self.kern.currentData(), team=self.team.currentData(),
                        vorm=vorm or self.vorm.currentData())

    def set_periode(self, van: date, tot: date) -> None:
        self.van.setDate(_qdate(van))
        self.tot.setDate(_qdate(tot))

    # -- calculation -------------------------------------------------------------------------------------
    def bereken(self) -> Job | None:
        """Start the calculation in the background; returns the Job (None when the input is wrong)."""
        if self._job is not None and self._job.is_running():
            return self._job
        try:
            sel = self.selectie()
        except UserError as exc:
            self._toon_melding(exc.message, fout=True)
            return None
        ctx = self.ctx
        job = Job(lambda progress, cancelled: bereken(ctx, sel, progress, cancelled), self)
        job.progress.connect(self._op_voortgang)
        job.finished.connect(self._op_klaar)
        job.failed.connect(lambda m: self._toon_melding(m, fout=True))
        job.cancelled.connect(lambda: self._toon_melding("De berekening is afgebroken. De vorige cijfers blijven "
                                                         "staan." if self.rapport else "De berekening is afgebroken."))
        job.done.connect(self._job_klaar)
        self._job = job
        self._bezig(True, "Berekenen...")
        job.start()
        return job

    def annuleer(self) -> None:
        for job in (self._job, self._export_job):
            if job is not None and job.is_running():
                job.cancel()
                self.voortgang_tekst.setText("Afbreken...")

    def _bezig(self, bezig: bool, tekst: str = "") -> None:
        self.voortgang_rij.setVisible(bezig)
        self.voortgang.setValue(0)
        self.voortgang_tekst.setText(tekst)
        self.knop_bereken.setEnabled(not bezig)
        for b in self.export_knoppen.values():
            b.setEnabled(not bezig and self.rapport is not None)

    def _op_voortgang(self, pct: int, tekst: str) -> None:
        self.voortgang.setValue(pct)
        self.voortgang_tekst.setText(tekst)

    def _job_klaar(self) -> None:
        self._bezig(False)

    def _toon_melding(self, tekst: str, fout: bool = False) -> None:
        self.melding.setText(tekst)
        self.melding.setProperty("rol", "waarschuwing" if fout else "uitleg")
        self.melding.style().unpolish(self.melding)
        self.melding.style().polish(self.melding)

    def _op_klaar(self, rapport: Rapport) -> None:
        self.rapport = rapport
        self.toon(rapport)

    # -- showing -----------------------------------------------------------------------------------------
    def toon(self, rapport: Rapport) -> None:
        # a fresh content widget each time: the scroll area then sizes it from its layout
        self.inhoud = QWidget()
        self.inhoud_lay = QVBoxLayout(self.inhoud)
        self.inhoud_lay.setContentsMargins(0, 0, 8, 0)
        self.inhoud_lay.setSpacing(10)
        sel = rapport.selectie
        filters = ", ".join(v for _k, v in sel.filters_nl()[1:])
        tekst = f"Periode {sel.periode_nl()}; {filters}. Berekend op {rapport.gemaakt_op:%d-%m-%Y %H:%M}."
        if rapport.waarschuwingen:
            tekst += " " + " ".join(rapport.waarschuwingen)
        self._toon_melding(tekst)
        intern = rapport.vorm == INTERN
        self.vorm_label.setText(("INTERN, NIET VOOR PUBLICATIE. " if intern else "") + rapport.vorm_nl + ".")
        self.vorm_label.setStyleSheet("font-weight: 600; padding: 4px 8px; border-radius: 3px; "
                                      + ("color: #7a2200; background: #fde8df;" if intern
                                         else "color: #0b4f4b; background: #e3f1ef;"))
        self.vorm_label.setVisible(True)
        self.inhoud_lay.addWidget(self._kerncijfers(rapport))
        for tabel in rapport.tabellen:
            self.inhoud_lay.addWidget(self._sectie(tabel))
        if rapport.niet_te_berekenen:
            self.inhoud_lay.addWidget(self._niet_te_berekenen(rapport))
        voet = QLabel(rapport.onderdrukking)
        voet.setWordWrap(True)
        voet.setProperty("rol", "uitleg")
        self.inhoud_lay.addWidget(voet)
        self.inhoud_lay.addStretch(1)
        self.scroll.setWidget(self.inhoud)  # deletes the previous content widget

    def _kerncijfers(self, rapport: Rapport) -> QWidget:
        box = QWidget()
        h = QHBoxLayout(box)
        h.setContentsMargins(0, 0, 0, 0)
        h.setSpacing(8)
        for kc in rapport.kerncijfers:
            label, value = kc.label, kc.waarde
            card = QFrame()
            card.setProperty("rol", "kaartje")
            v = QVBoxLayout(card)
            v.setContentsMargins(10, 6, 10, 6)
            v.setSpacing(0)
            val = QLabel(value)
            val.setStyleSheet("font-size: 16pt; font-weight: 600; color: #0b6e69; border: none;")
            lab = QLabel(label)
            lab.setWordWrap(True)
            lab.setStyleSheet("color: #334; border: none;")
            v.addWidget(val)
            v.addWidget(lab)
            card.setAccessibleName(f"{label}: {value}")
            h.addWidget(card, 1)
        return box

    def _niet_te_berekenen(self, rapport: Rapport) -> QWidget:
        box = QFrame()
        box.setProperty("rol", "kaartje")
        box.setAccessibleName("Wat Toegang niet kan weten")
        v = QVBoxLayout(box)
        v.setContentsMargins(12, 10, 12, 10)
        kop = QLabel("Wat Toegang niet kan weten")
        kop.setStyleSheet("font-size: 12pt; font-weight: 600; color: #123; border: none;")
        v.addWidget(kop)
        for n in rapport.niet_te_berekenen:
            lab = QLabel(f"<b>{n.wat}</b> ({bron_tekst(n.bron)}): {bron_tekst(n.waarom)}")
            lab.setWordWrap(True)
            lab.setStyleSheet("border: none;")
            v.addWidget(lab)
        return box

    def _sectie(self, tabel) -> QWidget:
        box = QFrame()
        box.setProperty("rol", "kaartje")
        box.setAccessibleName(tabel.titel)
        v = QVBoxLayout(box)
        v.setContentsMargins(12, 10, 12, 10)
        kop = QLabel(tabel.titel)
        kop.setStyleSheet("font-size: 12pt; font-weight: 600; color: #123; border: none;")
        v.addWidget(kop)
        uitleg = QLabel(bron_tekst(tabel.definitie) + (f" Bron: {bron_tekst(tabel.bron)}." if tabel.bron else ""))
        uitleg.setWordWrap(True)
        uitleg.setStyleSheet("color: #445; border: none;")
        v.addWidget(uitleg)
        tw = self._tabel_widget(tabel)
        gd = grafiek_data(tabel)
        chart = GrafiekWidget(gd) if gd is not None else None
        if chart is not None and len(tabel.kolommen) <= 4:
            h = QHBoxLayout()
            h.addWidget(chart, 3, Qt.AlignmentFlag.AlignTop)
            h.addWidget(tw, 2, Qt.AlignmentFlag.AlignTop)
            v.addLayout(h)
        else:
            if chart is not None:
                v.addWidget(chart)
            v.addWidget(tw)
        return box

    def _tabel_widget(self, tabel) -> QTableWidget:
        tw = QTableWidget(len(tabel.rijen), len(tabel.kolommen))
        tw.setAccessibleName(f"Tabel: {tabel.titel}")
        tw.setHorizontalHeaderLabels(tabel.kolommen)
        tw.verticalHeader().setVisible(False)
        tw.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        tw.setSelectionMode(QAbstractItemView.SelectionMode.ContiguousSelection)
        tw.setAlternatingRowColors(True)
        tw.setWordWrap(False)
        for i, r in enumerate(tabel.rijen):
            for j, val in enumerate(r):
                it = QTableWidgetItem(getal_nl(val))
                if j > 0 and (isinstance(val, (int, float)) or is_verborgen(val) or val == "–"):
                    it.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if tabel.totaalrij and i == len(tabel.rijen) - 1:
                    f = it.font()
                    f.setBold(True)
                    it.setFont(f)
                if is_verborgen(val):
                    it.setToolTip("'<5' = 1 tot en met 4; 'x' = weggelaten zodat een klein aantal niet terug te "
                                  "rekenen is")
                tw.setItem(i, j, it)
        hh = tw.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        hh.setStretchLastSection(False)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        rows = min(len(tabel.rijen), 14)
        h = hh.sizeHint().height() + sum(tw.rowHeight(i) for i in range(rows)) + 4
        tw.setFixedHeight(max(h, 60))
        tw.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        tw.setMinimumWidth(280)
        return tw

    # -- export ------------------------------------------------------------------------------------------
    def exporteer_dialoog(self, formaat: str) -> None:
        if self.rapport is None:
            return
        from toegang_app.reports.statistiek_export import standaard_bestandsnaam

        from dataclasses import replace

        vorm = INTERN if self.intern_export.isChecked() else PUBLICATIE
        try:
            naam = standaard_bestandsnaam(Rapport(replace(self.rapport.selectie, vorm=vorm), self.rapport.gemaakt_op,
                                                  []), formaat)
        except UserError as exc:
            QMessageBox.warning(self, "Exporteren kan zo niet", exc.message)
            return
        pad, _ = QFileDialog.getSaveFileName(self, "Statistiek exporteren", str(Path.home() / naam),
                                             FORMATEN[formaat][1])
        if pad:
            self.exporteer(formaat, Path(pad))

    def exporteer(self, formaat: str, pad: Path) -> Job | None:
        """Write the shown selection to ``pad`` in the background: in the publication form (computed
        again when the screen shows the internal one), or internal when that box is ticked."""
        if self.rapport is None:
            return None
        from dataclasses import replace

        from toegang_app.reports.statistiek_export import exporteer
        from toegang_app.services.statistiek import registreer_export

        rapport, ctx = self.rapport, self.ctx
        vorm = INTERN if self.intern_export.isChecked() else PUBLICATIE
        try:
            sel = replace(rapport.selectie, vorm=vorm)
        except UserError as exc:
            QMessageBox.warning(self, "Exporteren kan zo niet", exc.message)
            return None

        def work(progress, cancelled):
            r = rapport
            if r.selectie != sel:
                progress(5, "Cijfers in de publicatievorm berekenen..." if vorm == PUBLICATIE
                         else "Interne cijfers berekenen...")
                r = bereken(ctx, sel, lambda pct, tekst: progress(5 + pct * 0.8, tekst), cancelled)
            progress(90, f"{FORMATEN[formaat][0]} schrijven...")
            out = exporteer(r, pad, formaat, cancelled)  # temporary name, renamed when complete
            registreer_export(ctx, r.selectie, formaat, str(out))
            return out

        job = Job(work, self)
        job.progress.connect(self._op_voortgang)
        job.finished.connect(lambda out: self._toon_melding(f"Opgeslagen: {out}"))
        job.failed.connect(lambda m: QMessageBox.warning(self, "Exporteren mislukt", m))
        job.cancelled.connect(lambda: self._toon_melding("Het exporteren is afgebroken; er is geen bestand opgeslagen."))
        job.done.connect(self._job_klaar)
        self._export_job = job
        self._bezig(True, "Exporteren...")
        job.start()
        return job

    # -- screen hooks ------------------------------------------------------------------------------------
    def can_leave(self) -> bool:
        return True

    def prepare_screenshot(self) -> None:
        """Compute (synchronously) over everything in the database, for the documentation screenshot.
        Without a signed-in user (headless ``--screenshots``) it computes as a team lead would."""
        from toegang_app.services.auth import CurrentUser

        user = self.ctx.user or CurrentUser(id=None, gebruikersnaam="schermafbeelding", naam="Schermafbeelding",
                                            rol="teamleider", team=None)
        saved = self.ctx.user
        self.ctx.user = user
        try:
            self.rapport = bereken(self.ctx, self.selectie())
        except UserError as exc:
            self._toon_melding(exc.message, fout=True)
            return
        finally:
            self.ctx.user = saved
        self.toon(self.rapport)
        self._bezig(False)
