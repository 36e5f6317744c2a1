"""Beheer, tab Kalender: the one calendar every term is counted on. It shows a year's days that are not
working days (Algemene termijnenwet art. 3: the feestdagen and 5 mei, Goede Vrijdag, the days put on a
par by besluit) with their source, and the desk's own closing days, which the beheerder adds and
removes here. A closing day moves only the desk's own promises, never a statutory term; the tab says so.
A besluit gelijkstelling stays "te verifiëren" until a beheerder confirms it against the Staatscourant."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSpinBox, QVBoxLayout, QWidget

from toegang_app.domain import nl
from toegang_app.domain.kalender import WEEKDAGEN
from toegang_app.domain.validation import InvalidInput, parse_datum
from toegang_app.domain.vocab import GEMEENTEN
from toegang_app.services import termijnen as tsvc
from toegang_app.ui.screens.beheer import common
from toegang_app.ui.screens.beheer.common import Dialoog, cel, knop, melding, probeer, tabel, toon

ALLE_BALIES = "Alle balies"


class SluitingsdagDialoog(Dialoog):
    """Add a closing day of the desk: date, why, which desk. Errors stay in the dialog, input is kept."""

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "Sluitingsdag toevoegen", parent)
        self.setMinimumWidth(500)
        self.saved: int | None = None
        self.tekst("Een sluitingsdag van de balie verschuift alleen de eigen afspraken van de balie (zoals "
                   "'binnen 3 werkdagen contact'). Wettelijke termijnen lopen gewoon door.", uitleg=True)
        self.datum = self.veld("&Datum", "Datum van de sluitingsdag")
        self.datum.setPlaceholderText("dd-mm-jjjj")
        self.omschrijving = self.veld("Om&schrijving", "Waarom de balie dicht is")
        self.omschrijving.setPlaceholderText("bijvoorbeeld teamdag")
        self.gemeente = QComboBox()
        self.gemeente.setAccessibleName("Voor welke balie")
        self.gemeente.addItem(ALLE_BALIES, None)
        for key, naam in GEMEENTEN.items():
            self.gemeente.addItem(naam, key)
        self.regel("&Balie", self.gemeente)
        self.lay.addLayout(self.form)
        self.knoppen()
        self.datum.setFocus()

    def opslaan(self) -> None:
        try:
            d = parse_datum(self.datum.text(), field="datum")
        except InvalidInput as exc:
            return self.fout(exc.message, self.datum)
        ok, self.saved = self.probeer(
            lambda: tsvc.voeg_sluitingsdag_toe(self.ctx, d, self.omschrijving.text(), self.gemeente.currentData()),
            "Adding a closing day", {"datum": self.datum, "omschrijving": self.omschrijving,
                                     "gemeente": self.gemeente})
        if ok:
            self.accept()


class KalenderTab(QWidget):
    KOLOMMEN = ["Datum", "Dag", "Wat", "Grondslag", "Stand", "Voor"]

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.rijen: list[tuple[str, object]] = []   # ("atw", Dag) | ("balie", SluitingsdagInfo)
        self.kal = None
        lay = QVBoxLayout(self)
        boven = QHBoxLayout()
        lab = QLabel("&Jaar")
        self.jaar = QSpinBox()
        self.jaar.setRange(2000, 2100)
        self.jaar.setValue(date.today().year)
        self.jaar.setAccessibleName("Jaar")
        lab.setBuddy(self.jaar)
        boven.addWidget(lab)
        boven.addWidget(self.jaar)
        self.btn_nieuw = knop("&Sluitingsdag toevoegen…", "Een sluitingsdag van de balie toevoegen")
        self.btn_weg = knop("Sluitingsdag &verwijderen…", "De gekozen sluitingsdag verwijderen")
        self.btn_bevestig = knop("Besluit bevest&igen…", "Het besluit van de gekozen dag bevestigen")
        for b in (self.btn_nieuw, self.btn_weg, self.btn_bevestig):
            boven.addWidget(b)
        boven.addStretch(1)
        lay.addLayout(boven)
        self.uitleg = QLabel()
        self.uitleg.setWordWrap(True)
        self.uitleg.setProperty("rol", "uitleg")
        lay.addWidget(self.uitleg)
        self.tabel = tabel(self.KOLOMMEN, "Dagen die niet als werkdag tellen")
        for col, w in enumerate((100, 90, 300, 300, 110)):
            self.tabel.setColumnWidth(col, w)
        lay.addWidget(self.tabel, 1)
        self.melding = melding()
        lay.addWidget(self.melding)
        self.jaar.valueChanged.connect(lambda _v: self.reload())
        self.btn_nieuw.clicked.connect(self.nieuw)
        self.btn_weg.clicked.connect(self.verwijder)
        self.btn_bevestig.clicked.connect(self.bevestig)
        self.tabel.itemSelectionChanged.connect(self._knoppen_bij)
        order = [self.jaar, self.btn_nieuw, self.btn_weg, self.btn_bevestig, self.tabel]
        for a, b in zip(order, order[1:]):
            self.setTabOrder(a, b)
        self._knoppen_bij()

    # -- reading -------------------------------------------------------------------------

    def reload(self) -> None:
        jaar = self.jaar.value()
        ok, res = probeer(self.melding, lambda: (tsvc.kalender(self.ctx, vers=True),
                                                 tsvc.sluitingsdagen(self.ctx, jaar)), "Reading the calendar")
        if not ok:
            return
        kal, eigen = res
        self.kal = kal
        rijen: list[tuple[date, str, object]] = [(d.datum, "atw", d) for d in kal.atw_dagen(jaar)]
        rijen += [(s.datum, "balie", s) for s in eigen]
        rijen.sort(key=lambda r: (r[0], r[1]))
        self.rijen = [(soort, obj) for _d, soort, obj in rijen]
        self.tabel.setRowCount(0)
        for i, (datum, soort, obj) in enumerate(rijen):
            self.tabel.insertRow(i)
            if soort == "atw":
                cellen = [nl.datum(datum), WEEKDAGEN[datum.weekday()], obj.naam, obj.grondslag,
                          obj.status, "wettelijke termijnen en afspraken"]
                tip = obj.grondslag + (f". Bron: {obj.bron}" if obj.bron else "")
            else:
                cellen = [nl.datum(datum), WEEKDAGEN[datum.weekday()], obj.omschrijving, "sluitingsdag balie",
                          f"door {obj.aangemaakt_door}" if obj.aangemaakt_door else "",
                          "afspraken van " + (GEMEENTEN.get(obj.gemeente, obj.gemeente) if obj.gemeente
                                              else "alle balies")]
                tip = "Telt alleen voor de eigen afspraken van de balie, niet voor wettelijke termijnen."
            for col, text in enumerate(cellen):
                self.tabel.setItem(i, col, cel(text, i, tooltip=tip))
        tekst = (f"Dagen in {jaar} die niet als werkdag tellen, naast zaterdag en zondag. De feestdagen en 5 mei "
                 "staan in de Algemene termijnenwet (art. 3 lid 1), Goede Vrijdag in lid 2; gelijkgestelde dagen "
                 "komen uit een besluit (lid 3) en blijven 'te verifiëren' tot een beheerder ze in de "
                 "Staatscourant heeft gecontroleerd.")
        if not kal.besluit_bekend(jaar):
            tekst += f" Voor {jaar} is nog geen besluit over gelijkgestelde dagen bekend."
        self.uitleg.setText(tekst)
        self._knoppen_bij()

    def gekozen(self) -> tuple[str, object] | None:
        rows = self.tabel.selectionModel().selectedRows() if self.tabel.selectionModel() else []
        return self.rijen[rows[0].row()] if rows else None

    def _besluit_van(self, dag) -> str | None:
        if self.kal is None:
            return None
        for b in self.kal.besluiten:
            if b.titel == dag.bron and self.kal.status_van(b) != "bevestigd":
                return b.sleutel
        return None

    def _knoppen_bij(self) -> None:
        g = self.gekozen()
        self.btn_weg.setEnabled(g is not None and g[0] == "balie")
        self.btn_bevestig.setEnabled(g is not None and g[0] == "atw" and self._besluit_van(g[1]) is not None)

    # -- actions -------------------------------------------------------------------------

    def nieuw(self) -> None:
        dlg = SluitingsdagDialoog(self.ctx, self)
        if dlg.exec():
            self.reload()
            toon(self.melding, "De sluitingsdag staat in de kalender. Eigen afspraken van de balie tellen "
                               "die dag niet meer mee.")

    def verwijder(self) -> None:
        g = self.gekozen()
        if g is None or g[0] != "balie":
            return
        s = g[1]
        if not common.bevestig(self, "Sluitingsdag verwijderen",
                               f"Sluitingsdag {nl.datum(s.datum)} ({s.omschrijving}) verwijderen?", "&Verwijderen"):
            return
        ok, _ = probeer(self.melding, lambda: tsvc.verwijder_sluitingsdag(self.ctx, s.id), "Removing a closing day")
        if ok:
            self.reload()
            toon(self.melding, f"Sluitingsdag {nl.datum(s.datum)} is verwijderd.")

    def bevestig(self) -> None:
        g = self.gekozen()
        sleutel = self._besluit_van(g[1]) if g is not None and g[0] == "atw" else None
        if sleutel is None:
            return
        if not common.bevestig(self, "Besluit bevestigen",
                               f"Hebt u het besluit '{g[1].bron}' in de Staatscourant gecontroleerd? Na bevestigen "
                               "staan de dagen niet meer als 'te verifiëren'.", "&Bevestigen"):
            return
        ok, _ = probeer(self.melding, lambda: tsvc.bevestig_besluit(self.ctx, sleutel), "Confirming a besluit")
        if ok:
            self.reload()
            toon(self.melding, "Het besluit is bevestigd.")
