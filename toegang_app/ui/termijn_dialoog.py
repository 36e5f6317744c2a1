"""Dialogs for one term step, used from the Termijnen panel and the werkvoorraad (keyboard first):

- ``AfsluitenDialoog``: the step was done (on a date), or does not apply (with a reason);
- ``WijzigenDialoog``: a beslistermijn is verdaagd (Awb 4:14) or opgeschort (Awb 4:15), with the new date
  and the ground;
- ``KalenderDialoog``: the Atw days and the desk's closing days of a year, read-only.

Every change goes through services.termijnen (audited); a refusal shows the Dutch message in the dialog
and keeps what was typed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QSpinBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
)

from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import termijnen as tsvc
from toegang_app.services.bronnen import bron_tekst


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pdate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _fout_label() -> QLabel:
    lab = QLabel()
    lab.setWordWrap(True)
    lab.setStyleSheet("color:#a11;")
    lab.setAccessibleName("Fout")
    return lab


class AfsluitenDialoog(QDialog):
    """Close one step: done on a date (default today) or not applicable with a reason."""

    def __init__(self, ctx, gesprek_id: int, code: str, titel: str, startdatum: date | None = None,
                 parent=None, vandaag: date | None = None):
        super().__init__(parent)
        self.ctx, self.gesprek_id, self.code = ctx, gesprek_id, code
        self.vandaag = vandaag or date.today()
        self.setWindowTitle("Stap afsluiten")
        self.resize(520, 280)
        lay = QVBoxLayout(self)
        kop = QLabel(titel)
        kop.setWordWrap(True)
        kop.setStyleSheet("font-weight:600;")
        lay.addWidget(kop)
        form = QFormLayout()
        self.gedaan = QRadioButton("Stap is &gedaan")
        self.gedaan.setAccessibleName("Stap is gedaan")
        self.gedaan.setChecked(True)
        form.addRow(self.gedaan)
        self.datum = QDateEdit(_qdate(self.vandaag))
        self.datum.setDisplayFormat("dd-MM-yyyy")
        self.datum.setCalendarPopup(True)
        self.datum.setMaximumDate(_qdate(self.vandaag))
        if startdatum is not None:
            self.datum.setMinimumDate(_qdate(min(startdatum, self.vandaag)))
        self.datum.setAccessibleName("Gedaan op")
        self.datum_label = QLabel("Gedaan &op")
        self.datum_label.setBuddy(self.datum)
        form.addRow(self.datum_label, self.datum)
        self.nvt = QRadioButton("Stap is &niet van toepassing")
        self.nvt.setAccessibleName("Stap is niet van toepassing")
        form.addRow(self.nvt)
        self.reden = QLineEdit()
        self.reden.setMaxLength(tsvc.REDEN_MAX)
        self.reden.setAccessibleName("Waarom niet van toepassing")
        self.reden.setPlaceholderText("bijvoorbeeld: inwoner trekt de melding in")
        self.reden_label = QLabel("&Waarom")
        self.reden_label.setBuddy(self.reden)
        form.addRow(self.reden_label, self.reden)
        lay.addLayout(form)
        uitleg = QLabel("Vastleggen komt in de audit trail (wie, wanneer, welke stap). De reden blijft bij het "
                        "gesprek en gaat niet mee in de audit trail.")
        uitleg.setWordWrap(True)
        uitleg.setProperty("rol", "uitleg")
        lay.addWidget(uitleg)
        self.fout = _fout_label()
        lay.addWidget(self.fout)
        knoppen = QDialogButtonBox()
        self.btn_ok = knoppen.addButton("Vastleggen", QDialogButtonBox.ButtonRole.AcceptRole)
        knoppen.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        knoppen.accepted.connect(self.opslaan)
        knoppen.rejected.connect(self.reject)
        lay.addWidget(knoppen)
        self.gedaan.toggled.connect(self._update)
        self._update()
        self.datum.setFocus()

    def _update(self, *_a) -> None:
        gedaan = self.gedaan.isChecked()
        self.datum.setEnabled(gedaan)
        self.reden.setEnabled(not gedaan)
        if not gedaan:
            self.reden.setFocus()

    def opslaan(self) -> None:
        try:
            if self.gedaan.isChecked():
                tsvc.markeer_afgerond(self.ctx, self.gesprek_id, self.code, _pdate(self.datum.date()),
                                      vandaag=self.vandaag)
            else:
                tsvc.markeer_niet_van_toepassing(self.ctx, self.gesprek_id, self.code, self.reden.text())
        except (InvalidInput, UserError) as exc:
            self.fout.setText(exc.message if hasattr(exc, "message") else str(exc))
            (self.reden if self.nvt.isChecked() else self.datum).setFocus()
            return
        self.accept()


class WijzigenDialoog(QDialog):
    """Verdaging (Awb 4:14) or opschorting (Awb 4:15) of a beslistermijn."""

    def __init__(self, ctx, gesprek_id: int, info, parent=None, vandaag: date | None = None):
        super().__init__(parent)
        self.ctx, self.gesprek_id, self.info = ctx, gesprek_id, info
        self.vandaag = vandaag or date.today()
        self.cfg = tsvc.config()
        self.setWindowTitle("Beslistermijn verdagen of opschorten")
        self.resize(600, 320)
        lay = QVBoxLayout(self)
        kop = QLabel(f"{info.wet}: {info.stap} (uiterlijk {info.uiterlijk:%d-%m-%Y}, {info.grondslag})")
        kop.setWordWrap(True)
        kop.setStyleSheet("font-weight:600;")
        lay.addWidget(kop)
        form = QFormLayout()
        self.soort = QComboBox()
        self.soort.setAccessibleName("Verdagen of opschorten")
        for code, w in self.cfg.wijzigingen.items():
            self.soort.addItem(f"{w.label} ({w.grondslag})", code)
        form.addRow("&Soort", self.soort)
        self.grond = QComboBox()
        self.grond.setAccessibleName("Grond")
        form.addRow("&Grond", self.grond)
        self.dagen = QSpinBox()
        self.dagen.setRange(0, 365)
        self.dagen.setSuffix(" dagen")
        self.dagen.setAccessibleName("Dagen opgeschort")
        self.dagen_label = QLabel("Stond &stil")
        self.dagen_label.setBuddy(self.dagen)
        form.addRow(self.dagen_label, self.dagen)
        self.nieuw = QDateEdit(_qdate(info.uiterlijk))
        self.nieuw.setDisplayFormat("dd-MM-yyyy")
        self.nieuw.setCalendarPopup(True)
        self.nieuw.setAccessibleName("Nieuwe uiterste datum")
        form.addRow("&Nieuwe datum", self.nieuw)
        self.toelichting = QLineEdit()
        self.toelichting.setMaxLength(tsvc.REDEN_MAX)
        self.toelichting.setAccessibleName("Toelichting")
        self.toelichting.setPlaceholderText("kort, zonder namen (bijvoorbeeld: medisch advies gevraagd)")
        form.addRow("&Toelichting", self.toelichting)
        lay.addLayout(form)
        self.uitleg = QLabel()
        self.uitleg.setWordWrap(True)
        self.uitleg.setProperty("rol", "uitleg")
        lay.addWidget(self.uitleg)
        self.fout = _fout_label()
        lay.addWidget(self.fout)
        knoppen = QDialogButtonBox()
        knoppen.addButton("Vastleggen", QDialogButtonBox.ButtonRole.AcceptRole)
        knoppen.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        knoppen.accepted.connect(self.opslaan)
        knoppen.rejected.connect(self.reject)
        lay.addWidget(knoppen)
        self.soort.currentIndexChanged.connect(self._update)
        self.dagen.valueChanged.connect(self._dagen)
        self._update()

    def _update(self, *_a) -> None:
        w = self.cfg.wijzigingen.get(self.soort.currentData())
        self.grond.clear()
        if w is None:
            return
        for k, label in w.gronden.items():
            self.grond.addItem(label, k)
        stil = self.soort.currentData() == "opgeschort"
        self.dagen.setVisible(stil)
        self.dagen_label.setVisible(stil)
        self.uitleg.setText(w.uitleg)

    def _dagen(self, n: int) -> None:
        self.nieuw.setDate(_qdate(self.info.uiterlijk).addDays(n))

    def opslaan(self) -> None:
        try:
            tsvc.wijzig_termijn(self.ctx, self.gesprek_id, self.info.code, self.soort.currentData(),
                                self.grond.currentData(), _pdate(self.nieuw.date()), self.toelichting.text(),
                                vandaag=self.vandaag)
        except (InvalidInput, UserError) as exc:
            self.fout.setText(exc.message if hasattr(exc, "message") else str(exc))
            return
        self.accept()


class KalenderDialoog(QDialog):
    """The one calendar of this desk for a year: Atw days (with source and status) and closing days."""

    def __init__(self, ctx, jaar: int | None = None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Kalender: feestdagen en sluitingsdagen")
        self.resize(720, 520)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.jaar = QSpinBox()
        self.jaar.setRange(2000, 2100)
        self.jaar.setValue(jaar or date.today().year)
        self.jaar.setAccessibleName("Jaar")
        form.addRow("&Jaar", self.jaar)
        lay.addLayout(form)
        self.lijst = QTreeWidget()
        self.lijst.setHeaderLabels(["Datum", "Dag", "Waarom geen werkdag", "Grondslag en status"])
        self.lijst.setRootIsDecorated(False)
        self.lijst.setAccessibleName("Dagen die niet als werkdag tellen")
        lay.addWidget(self.lijst, 1)
        self.melding = QLabel()
        self.melding.setWordWrap(True)
        self.melding.setProperty("rol", "uitleg")
        lay.addWidget(self.melding)
        knoppen = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        knoppen.button(QDialogButtonBox.StandardButton.Close).setText("Sluiten")
        knoppen.rejected.connect(self.reject)
        lay.addWidget(knoppen)
        self.jaar.valueChanged.connect(self.vul)
        self.vul()

    def vul(self, *_a) -> None:
        from toegang_app.domain.kalender import WEEKDAGEN

        jaar = self.jaar.value()
        self.lijst.clear()
        try:
            kal = tsvc.kalender(self.ctx, vers=True)
            eigen = tsvc.sluitingsdagen(self.ctx, jaar)
        except UserError as exc:
            self.melding.setText(exc.message)
            return
        rijen = [(d.datum, d.naam, f"{d.grondslag}" + (f"; {d.status}" if d.status != "wet" else ""), d.bron)
                 for d in kal.atw_dagen(jaar)]
        rijen += [(s.datum, f"balie gesloten: {s.omschrijving}",
                   f"eigen sluitingsdag ({'alle balies' if s.gemeente is None else s.gemeente}); alleen voor "
                   "afspraken van de balie", None) for s in eigen]
        for d, wat, grond, bron in sorted(rijen, key=lambda r: r[0]):
            it = QTreeWidgetItem([d.strftime("%d-%m-%Y"), WEEKDAGEN[d.weekday()], wat, grond])
            if bron:
                it.setToolTip(3, bron_tekst(bron))
            self.lijst.addTopLevelItem(it)
        for c in range(3):
            self.lijst.resizeColumnToContents(c)
        tekst = ("Zaterdag en zondag tellen nooit als werkdag. Een wettelijke termijn die op zo'n dag eindigt, "
                 "loopt door tot de eerstvolgende werkdag (Algemene termijnenwet art. 1). ")
        if not kal.besluit_bekend(jaar):
            tekst += (f"Voor {jaar} is nog geen besluit over gelijkgestelde dagen (art. 3 lid 3) bekend. ")
        tekst += "Sluitingsdagen van de balie legt de beheerder vast met 'toegang-admin kalender'."
        self.melding.setText(tekst)
