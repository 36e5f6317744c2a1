"""Make a referral: to a suggested voorziening or one picked by typing, with hand-over, consent, note and
follow-up date. Without consent the 'what may be shared' field is off and nothing is shared. The proposed
follow-up date is never after the nearest open deadline the desk itself must meet, and says why.

The hand-overs "Advies vragen bij Veilig Thuis" and "Melding bij Veilig Thuis" (issue 21) ask what is shared
(nothing when advice is asked without the resident's name) and whether the resident knows, and why not."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
)

from toegang_app.domain.verwijzing import DELEN_NODIG, OVERDRACHTEN, VEILIG_THUIS
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import termijnen as tsvc
from toegang_app.services import verwijzingen as vsvc


class VerwijzingDialoog(QDialog):
    def __init__(self, ctx, gesprek_id: int, voorziening_id: str | None = None, parent=None,
                 overdracht: str | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.gesprek_id = gesprek_id
        self.verwijzing_id: int | None = None
        self.setWindowTitle("Verwijzen")
        self.resize(600, 460)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self._kaart = self._keuzes()
        self.voorziening = QLineEdit()
        self.voorziening.setAccessibleName("Voorziening")
        self.voorziening.setPlaceholderText("typ een deel van de naam")
        names = sorted(self._kaart)
        comp = QCompleter(names, self)
        comp.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        comp.setFilterMode(Qt.MatchFlag.MatchContains)
        self.voorziening.setCompleter(comp)
        if voorziening_id:
            for label, v in self._kaart.items():
                if v.id == voorziening_id:
                    self.voorziening.setText(label)
        form.addRow("&Voorziening", self.voorziening)
        self.overdracht = QComboBox()
        self.overdracht.setAccessibleName("Hoe komt de inwoner bij de voorziening")
        for k, label in OVERDRACHTEN.items():
            self.overdracht.addItem(label, k)
        if overdracht is not None and self.overdracht.findData(overdracht) >= 0:
            self.overdracht.setCurrentIndex(self.overdracht.findData(overdracht))
        form.addRow("&Overdracht", self.overdracht)
        # a hand-over to Veilig Thuis: anonymous advice, and whether the resident knows
        self.anoniem = QCheckBox("Advies &zonder de naam van de inwoner (anoniem): er gaan geen gegevens mee")
        self.anoniem.setAccessibleName("Advies zonder de naam van de inwoner")
        form.addRow("", self.anoniem)
        self.weet = QComboBox()
        self.weet.setAccessibleName("Weet de inwoner ervan")
        for label, value in (("kies…", None), ("ja, de inwoner weet ervan", True), ("nee, de inwoner weet het niet", False)):
            self.weet.addItem(label, value)
        self.weet_label = QLabel("Weet de &inwoner het")
        self.weet_label.setBuddy(self.weet)
        form.addRow(self.weet_label, self.weet)
        self.waarom = QPlainTextEdit()
        self.waarom.setAccessibleName("Waarom weet de inwoner het niet")
        self.waarom.setTabChangesFocus(True)
        self.waarom.setFixedHeight(48)
        self.waarom.setPlaceholderText("bijvoorbeeld: het vertellen brengt de inwoner of een kind in gevaar")
        self.waarom_label = QLabel("&Waarom niet")
        self.waarom_label.setBuddy(self.waarom)
        form.addRow(self.waarom_label, self.waarom)
        self.toestemming = QCheckBox("De inwoner geeft toestemming om gegevens te delen")
        self.toestemming.setAccessibleName("Toestemming van de inwoner")
        form.addRow("", self.toestemming)
        # who gives the consent: the resident, a representative whose scope covers this voorziening, or for
        # a child under 16 the parent with gezag (services.rechten.toestemming_voor)
        self.toestemmer = QComboBox()
        self.toestemmer.setAccessibleName("Wie geeft toestemming")
        form.addRow("&Toestemming van", self.toestemmer)
        self.toestemmer_uitleg = QLabel()
        self.toestemmer_uitleg.setWordWrap(True)
        self.toestemmer_uitleg.setProperty("rol", "uitleg")
        self.toestemmer_uitleg.setAccessibleName("Wie toestemming geeft")
        form.addRow("", self.toestemmer_uitleg)
        self.delen = QPlainTextEdit()
        self.delen.setAccessibleName("Wat mag met wie gedeeld worden")
        self.delen.setTabChangesFocus(True)
        self.delen.setFixedHeight(60)
        self.delen.setPlaceholderText("bijvoorbeeld: naam, telefoon en de hulpvraag met de consulent van …")
        self.delen_label = QLabel("Wat mag &gedeeld")
        self.delen_label.setBuddy(self.delen)
        form.addRow(self.delen_label, self.delen)
        self.uitleg = QLabel()
        self.uitleg.setWordWrap(True)
        self.uitleg.setProperty("rol", "uitleg")
        form.addRow("", self.uitleg)
        self.notitie = QPlainTextEdit()
        self.notitie.setAccessibleName("Notitie")
        self.notitie.setTabChangesFocus(True)
        self.notitie.setFixedHeight(60)
        form.addRow("&Notitie", self.notitie)
        self.voorstel = self._opvolg_voorstel()
        start = self.voorstel.datum if self.voorstel else date.today() + timedelta(days=14)
        self.opvolg = QDateEdit(QDate(start.year, start.month, start.day))
        self.opvolg.setDisplayFormat("dd-MM-yyyy")
        self.opvolg.setCalendarPopup(True)
        self.opvolg.setMinimumDate(QDate.currentDate())
        self.opvolg.setAccessibleName("Opvolgdatum")
        form.addRow("Opvolgen o&p", self.opvolg)
        # why this date: the usual interval, or earlier because of a deadline the desk must meet
        self.opvolg_uitleg = QLabel()
        self.opvolg_uitleg.setWordWrap(True)
        self.opvolg_uitleg.setProperty("rol", "uitleg")
        self.opvolg_uitleg.setAccessibleName("Waarom deze opvolgdatum")
        form.addRow("", self.opvolg_uitleg)
        self.opvolg.dateChanged.connect(self._update_opvolg)
        lay.addLayout(form)
        lay.addStretch(1)
        self.fout = QLabel()
        self.fout.setWordWrap(True)
        self.fout.setStyleSheet("color:#a11;")
        self.fout.setAccessibleName("Fout")
        lay.addWidget(self.fout)
        knoppen = QDialogButtonBox()
        knoppen.addButton("Verwijzing opslaan", QDialogButtonBox.ButtonRole.AcceptRole)
        knoppen.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        knoppen.accepted.connect(self.opslaan)
        knoppen.rejected.connect(self.reject)
        lay.addWidget(knoppen)
        self.toestemming.toggled.connect(self._update)
        self.overdracht.currentIndexChanged.connect(self._update)
        self.anoniem.toggled.connect(self._update)
        self.weet.currentIndexChanged.connect(self._update)
        self.voorziening.textChanged.connect(self._update_toestemmer)
        self._update_toestemmer()
        self._update()
        self._update_opvolg()

    def _opvolg_voorstel(self):
        try:
            return tsvc.opvolg_voorstel(self.ctx, self.gesprek_id)
        except UserError:  # a broken resource file: the usual 14 days, and the dialog still works
            return None

    def gekozen_opvolgdatum(self) -> date:
        q = self.opvolg.date()
        return date(q.year(), q.month(), q.day())

    def _update_opvolg(self, *_args) -> None:
        v = self.voorstel
        if v is None:
            self.opvolg_uitleg.setText("")
            return
        text = "Voorstel: " + v.uitleg
        if v.grens is not None and self.gekozen_opvolgdatum() > v.grens.uiterlijk:
            text = (f"Let op: deze datum ligt na de termijn '{v.grens.wet}: {v.grens.stap}' "
                    f"({v.grens.uiterlijk:%d-%m-%Y}, {v.grens.grondslag}). Voorstel: {v.datum:%d-%m-%Y}.")
        self.opvolg_uitleg.setText(text)

    def _keuzes(self) -> dict:
        try:
            kaart = vsvc.voorzieningen_voor_gesprek(self.ctx, self.gesprek_id)
        except UserError:
            kaart = []
        return {f"{v.naam} ({v.aanbieder})": v for v in kaart}

    def _update_toestemmer(self, *_args) -> None:
        from toegang_app.services import rechten

        v = self._kaart.get(self.voorziening.text().strip())
        self.toestemmer.clear()
        try:
            vraag = rechten.toestemming_voor(self.ctx, self.gesprek_id, v.id if v else None)
        except UserError:
            vraag = None
        self._vraag = vraag
        for k in (vraag.keuzes if vraag else ()):
            self.toestemmer.addItem(k.label, k)
        tekst = vraag.probleem or vraag.uitleg if vraag else ""
        if vraag and vraag.niet_gevraagd:
            tekst += " " + "; ".join(vraag.niet_gevraagd) + "."
        self.toestemmer_uitleg.setText(tekst)
        self.toestemmer.setEnabled(self.toestemming.isChecked() and self.toestemmer.count() > 0)

    def veilig_thuis(self) -> bool:
        return self.overdracht.currentData() in VEILIG_THUIS

    def _update(self, *_args) -> None:
        vt = self.veilig_thuis()
        advies = self.overdracht.currentData() == "advies_veilig_thuis"
        self.toestemming.setVisible(not vt)
        for w in (self.weet, self.weet_label):
            w.setVisible(vt)
        self.anoniem.setVisible(advies)
        if not advies:
            self.anoniem.setChecked(False)
        niet = vt and self.weet.currentData() is False
        for w in (self.waarom, self.waarom_label):
            w.setVisible(niet)
        if vt:
            anoniem = self.anoniem.isChecked()
            self.delen.setEnabled(not anoniem)
            self.delen_label.setText("Wat wordt &gedeeld")
            self.delen.setPlaceholderText("bijvoorbeeld: naam, adres en de signalen uit stap 1 van de Meldcode")
            if anoniem:
                self.uitleg.setText("Advies zonder naam: u beschrijft de situatie zonder gegevens waaraan Veilig Thuis "
                                    "de inwoner kan herkennen. Er gaat niets over de inwoner mee.")
            elif advies:
                self.uitleg.setText("Schrijf op welke gegevens u met Veilig Thuis deelt. Advies kan ook zonder de "
                                    "naam van de inwoner.")
            else:
                self.uitleg.setText("Een melding mag zonder toestemming (meldrecht, Wmo 2015 art. 5.2.6). Schrijf op "
                                    "welke gegevens u deelt. Vertel het de inwoner vooraf, tenzij dat de veiligheid "
                                    "van iemand in gevaar brengt; schrijf dan op waarom niet.")
            return
        self.delen_label.setText("Wat mag &gedeeld")
        self.delen.setPlaceholderText("bijvoorbeeld: naam, telefoon en de hulpvraag met de consulent van …")
        ok = self.toestemming.isChecked()
        self.delen.setEnabled(ok)
        if hasattr(self, "toestemmer"):
            self.toestemmer.setEnabled(ok and self.toestemmer.count() > 0)
        nodig = self.overdracht.currentData() in DELEN_NODIG
        if ok:
            self.uitleg.setText("Schrijf op welke gegevens met wie gedeeld mogen worden. Alleen dat gaat mee.")
        elif nodig:
            self.uitleg.setText("Zonder toestemming gaan er geen gegevens van de inwoner mee. Bij deze overdracht "
                                "is toestemming nodig. Vraag toestemming, of kies 'inwoner meldt zich zelf' of "
                                "'folder meegegeven'.")
        else:
            self.uitleg.setText("Zonder toestemming gaan er geen gegevens van de inwoner mee. De inwoner neemt zelf "
                                "contact op.")

    def opslaan(self) -> None:
        v = self._kaart.get(self.voorziening.text().strip())
        if v is None:
            self.fout.setText("Kies een voorziening uit de lijst (typ een deel van de naam).")
            self.voorziening.setFocus()
            return
        vt = self.veilig_thuis()
        toestemming = self.toestemming.isChecked() and not vt
        delen = self.delen.toPlainText() if (toestemming or (vt and not self.anoniem.isChecked())) else None
        try:
            self.verwijzing_id = vsvc.maak_verwijzing(
                self.ctx, self.gesprek_id, v.id, overdracht=self.overdracht.currentData(),
                toestemming=toestemming, toestemming_delen=delen,
                notitie=self.notitie.toPlainText(), opvolgdatum=self.gekozen_opvolgdatum(),
                anoniem=self.anoniem.isChecked() and vt, inwoner_weet=self.weet.currentData() if vt else None,
                waarom_niet=self.waarom.toPlainText() if vt else None,
                toestemmer=self.toestemmer.currentData() if toestemming else None)
        except InvalidInput as exc:
            self.fout.setText(exc.message)
            target = {"inwoner_weet": self.weet, "waarom_niet": self.waarom, "toestemming_delen": self.delen,
                      "overdracht": self.overdracht, "anoniem": self.anoniem}.get(exc.field or "")
            if target is not None and target.isVisible() and target.isEnabled():
                target.setFocus()
            return
        except UserError as exc:
            self.fout.setText(exc.message)
            return
        self.accept()
