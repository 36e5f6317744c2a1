"""Werkvoorraad: follow-ups due today and overdue, referrals without news, legal terms and the desk's
promises close or overdue. Sortable and filterable; Enter or double-click opens the conversation; a term
step is closed here too (Alt+A: done on a date, or not applicable with a reason). Alt+K shows the
calendar the dates are counted on."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from toegang_app.errors import UserError
from toegang_app.services import werkvoorraad as wsvc
from toegang_app.services.statistiek import getal_nl
from toegang_app.ui.screens.base import Screen

ROLE_GESPREK = Qt.ItemDataRole.UserRole
ROLE_ITEM = Qt.ItemDataRole.UserRole + 2
MAX_RIJEN = wsvc.MAX_GETOOND  # more is not a list a person works through; the count says how many there are


class _DatumItem(QTableWidgetItem):
    def __init__(self, d: date):
        super().__init__(d.strftime("%d-%m-%Y"))
        self.setData(Qt.ItemDataRole.UserRole + 1, d.toordinal())

    def __lt__(self, other):  # sort on the real date, not the text
        return self.data(Qt.ItemDataRole.UserRole + 1) < other.data(Qt.ItemDataRole.UserRole + 1)


class WerkvoorraadScherm(Screen):
    title = "Werkvoorraad"
    KOLOMMEN = ["Datum", "Soort", "Inwoner", "Wat", "Toelichting", "Eigenaar"]

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(ctx, shell, parent)
        lay = self._column()
        top = QHBoxLayout()
        top.addWidget(self.heading("Werkvoorraad"), 1)
        self.btn_reload = QPushButton("Ververs&en (F5)")
        self.btn_reload.setShortcut("F5")
        self.btn_reload.setAccessibleName("Verversen")
        top.addWidget(self.btn_reload)
        lay.addLayout(top)
        filt = QHBoxLayout()
        lab = QLabel("&Soort:")
        self.soort = QComboBox()
        self.soort.setAccessibleName("Soort")
        self.soort.addItem("Alles", None)
        for k, label in wsvc.SOORTEN.items():
            self.soort.addItem(label, k)
        lab.setBuddy(self.soort)
        self.te_laat = QCheckBox("Alleen &te laat")
        self.te_laat.setAccessibleName("Alleen te laat")
        self.telling = QLabel()
        # the count and the cut ("De 500 dringendste ...") can be longer than the room beside the filters
        self.telling.setWordWrap(True)
        self.telling.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        lab_e = QLabel("&Van:")
        self.eigenaar = QComboBox()
        self.eigenaar.setAccessibleName("Van wie: mijn, team of zonder eigenaar")
        for k, label in wsvc.EIGENAAR_FILTERS.items():
            self.eigenaar.addItem(label, k)
        lab_e.setBuddy(self.eigenaar)
        filt.addWidget(lab_e)
        filt.addWidget(self.eigenaar)
        filt.addWidget(lab)
        filt.addWidget(self.soort)
        filt.addWidget(self.te_laat)
        filt.addStretch(1)
        filt.addWidget(self.telling, 3)
        lay.addLayout(filt)
        self.tabel = QTableWidget(0, len(self.KOLOMMEN))
        self.tabel.setHorizontalHeaderLabels(self.KOLOMMEN)
        self.tabel.setAccessibleName("Werkvoorraad: Enter opent het gesprek")
        self.tabel.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tabel.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tabel.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabel.setTabKeyNavigation(False)
        self.tabel.verticalHeader().hide()
        self.tabel.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.tabel.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)  # oldest (te laat) first
        self.tabel.setSortingEnabled(True)
        lay.addWidget(self.tabel, 1)
        self.uitleg = QLabel("Te laat staat bovenaan, in rood en met het woord 'te laat'. Enter of dubbelklik opent "
                             "het gesprek; Alt+A sluit een termijnstap af (gedaan of niet van toepassing).")
        self.uitleg.setWordWrap(True)
        self.uitleg.setProperty("rol", "uitleg")
        lay.addWidget(self.uitleg)
        knoppen = QHBoxLayout()
        self.btn_open = QPushButton("Gesprek &openen")
        self.btn_open.setAccessibleName("Gesprek openen")
        knoppen.addWidget(self.btn_open)
        self.btn_afsluiten = QPushButton("Stap &afsluiten…")
        self.btn_afsluiten.setAccessibleName("Termijnstap afsluiten: gedaan of niet van toepassing")
        self.btn_afsluiten.setToolTip("Leg vast dat de stap gedaan is (met datum) of niet van toepassing is "
                                      "(met reden). Alleen bij een termijn of een afspraak van de balie.")
        knoppen.addWidget(self.btn_afsluiten)
        self.btn_kalender = QPushButton("&Kalender…")
        self.btn_kalender.setAccessibleName("Kalender: feestdagen en sluitingsdagen")
        knoppen.addWidget(self.btn_kalender)
        knoppen.addStretch(1)
        lay.addLayout(knoppen)
        self.btn_reload.clicked.connect(self.reload)
        self.soort.currentIndexChanged.connect(self.reload)
        self.te_laat.toggled.connect(self.reload)
        self.eigenaar.currentIndexChanged.connect(self.reload)
        self.tabel.itemActivated.connect(lambda *_: self.open_gekozen())
        self.btn_open.clicked.connect(self.open_gekozen)
        self.btn_afsluiten.clicked.connect(self.sluit_stap_af)
        self.btn_kalender.clicked.connect(self.toon_kalender)
        self.tabel.currentCellChanged.connect(lambda *_: self._knoppen())
        self.peildatum: date | None = None
        self.items: list[wsvc.WerkItem] = []
        self._getoond: list[wsvc.WerkItem] = []
        self._vraag = 0  # number of the newest reload; older results are dropped
        self._jobs: set = set()

    def on_shown(self) -> None:
        self.reload()

    def reload(self, _arg=None, *, op_achtergrond: bool = True) -> None:
        """Reload the list. The query runs off the GUI thread (a busy desk has tens of thousands of
        open referrals); a newer request replaces one still running, whose result is then ignored."""
        soort = self.soort.currentData()
        args = (self.peildatum, {soort} if soort else None, self.te_laat.isChecked(),
                self.eigenaar.currentData() or "team")
        self._vraag += 1
        if not op_achtergrond:
            self._klaar(self._vraag, self._laad(args))
            return
        from toegang_app.ui.workers import Job

        self.telling.setText("Werkvoorraad wordt geladen…")
        vraag = self._vraag
        job = Job(lambda _progress, _cancelled: self._laad(args), self)
        job.finished.connect(lambda result: self._klaar(vraag, result))
        job.failed.connect(lambda message: self._klaar(vraag, message))
        job.done.connect(lambda: self._jobs.discard(job))
        self._jobs.add(job)
        job.start()

    def _laad(self, args):
        try:
            return wsvc.overzicht(self.ctx, *args, limiet=MAX_RIJEN)
        except UserError as exc:
            return exc.message

    def _klaar(self, vraag: int, result) -> None:
        if vraag != self._vraag:
            return  # a newer request is on its way
        if isinstance(result, str):
            self.items = []
            self._vul([])
            self.telling.setText(result)
            return
        self.items = result.items
        self._vul(result.items)
        text = f"{getal_nl(result.totaal)} te doen, waarvan {getal_nl(result.te_laat)} te laat"
        if result.totaal > len(result.items):
            text += f". De {getal_nl(MAX_RIJEN)} dringendste staan hieronder; kies een soort om verder te kijken"
        self.telling.setText(text)

    def _vul(self, items) -> None:
        self._getoond = list(items)
        self.tabel.setSortingEnabled(False)
        self.tabel.setRowCount(len(items))
        bold = QFont()
        bold.setBold(True)
        for r, i in enumerate(items):
            toel = ("TE LAAT · " if i.te_laat else "") + i.toelichting
            cells = [_DatumItem(i.datum), QTableWidgetItem(i.soort_label), QTableWidgetItem(i.inwoner),
                     QTableWidgetItem(i.wat), QTableWidgetItem(toel), QTableWidgetItem(i.eigenaar)]
            for c, it in enumerate(cells):
                it.setData(ROLE_GESPREK, i.gesprek_id)
                it.setData(ROLE_ITEM, r)
                it.setToolTip(it.text())
                if i.te_laat:
                    it.setForeground(QBrush(QColor("#a11")))
                    it.setFont(bold)
                self.tabel.setItem(r, c, it)
        self.tabel.setSortingEnabled(True)
        self.tabel.resizeColumnsToContents()
        self.tabel.setColumnWidth(3, min(self.tabel.columnWidth(3), 320))
        self.tabel.setColumnWidth(5, max(min(self.tabel.columnWidth(5), 240), 140))
        if items:
            self.tabel.selectRow(0)
        self._knoppen()

    def gekozen_item(self) -> wsvc.WerkItem | None:
        it = self.tabel.currentItem()
        if it is None:
            return None
        r = it.data(ROLE_ITEM)
        return self._getoond[r] if r is not None and r < len(self._getoond) else None

    def _knoppen(self) -> None:
        i = self.gekozen_item()
        self.btn_afsluiten.setEnabled(i is not None and i.termijn_code is not None)

    def sluit_stap_af(self) -> None:
        """Close the selected term step (done on a date, or not applicable) and reload the list."""
        from toegang_app.ui.termijn_dialoog import AfsluitenDialoog

        i = self.gekozen_item()
        if i is None or i.termijn_code is None:
            return
        dlg = AfsluitenDialoog(self.ctx, i.gesprek_id, i.termijn_code, f"{i.inwoner}: {i.wat}", i.startdatum,
                               self, vandaag=self.peildatum)
        if dlg.exec():
            self.reload(op_achtergrond=False)
            self.tabel.setFocus()

    def toon_kalender(self) -> None:
        from toegang_app.ui.termijn_dialoog import KalenderDialoog

        KalenderDialoog(self.ctx, (self.peildatum or date.today()).year, self).exec()

    def wacht_op_laden(self) -> None:
        """Block until a running reload's thread has ended (closing the window)."""
        for job in list(self._jobs):
            job.wait()

    def open_gekozen(self) -> None:
        it = self.tabel.currentItem()
        if it is None:
            return
        gid = it.data(ROLE_GESPREK)
        if self.shell is not None and hasattr(self.shell, "show_screen"):
            screen = self.shell.show_screen("gesprekken")
            if hasattr(screen, "open_gesprek"):
                screen.open_gesprek(gid)

    def prepare_screenshot(self) -> None:
        self.reload(op_achtergrond=False)
