"""AVE-casussen: the procesregisseur's own cases with phase, days in phase and the next review; an
overdue review stands out in words, not only in colour."""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QKeySequence, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
)

from toegang_app.domain import nl
from toegang_app.domain.vocab import GEMEENTEN
from toegang_app.errors import UserError
from toegang_app.services import ave as ave_service
from toegang_app.ui.screens.base import Screen

log = logging.getLogger(__name__)

COLUMNS = ["Inwoner", "Fase", "Dagen in fase", "Volgende evaluatie", "Evaluatie", "Woonplaats"]
ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_SORT = Qt.ItemDataRole.UserRole + 1
OVERDUE_COLOUR = "#8a1c1c"


class _Item(QTableWidgetItem):
    """A cell that sorts on its own key (numbers and dates), not on the shown text."""

    def __init__(self, text: str, key) -> None:
        super().__init__(text)
        self.setData(ROLE_SORT, key)
        self.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)

    def __lt__(self, other) -> bool:
        a, b = self.data(ROLE_SORT), other.data(ROLE_SORT)
        try:
            return a < b
        except TypeError:
            return str(a) < str(b)


def _dagen(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dagen"


def evaluatie_tekst(c) -> str:
    """The review status in words: overdue, today, soon, or missing."""
    if c.evaluatiedatum is None:
        return "Geen evaluatiedatum"
    n = c.dagen_tot_evaluatie
    if n < 0:
        return f"Te laat: {_dagen(-n)} over de datum"
    if n == 0:
        return "Vandaag evalueren"
    return f"Over {_dagen(n)}"


def _swatch(hex_colour: str) -> QIcon:
    pm = QPixmap(12, 12)
    pm.fill(QColor(hex_colour))
    return QIcon(pm)


class CasussenScherm(Screen):
    title = "AVE-casussen"

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(ctx, shell, parent)
        self.rows: list = []
        self.peildatum: date | None = None   # None = today (tests may fix it)
        lay = self._column()
        top = QHBoxLayout()
        self.kop = self.heading("AVE-casussen")
        top.addWidget(self.kop)
        top.addStretch(1)
        self.samenvatting = QLabel()
        self.samenvatting.setProperty("rol", "uitleg")
        self.samenvatting.setAccessibleName("Samenvatting van uw casussen")
        top.addWidget(self.samenvatting)
        lay.addLayout(top)
        uitleg = QLabel("De casussen waarin u procesregisseur bent (AVE 3 en 4, open): één gezin, één plan, één "
                        "regisseur. Een evaluatie die aan de beurt of te laat is, staat bovenaan.")
        uitleg.setWordWrap(True)
        uitleg.setProperty("rol", "uitleg")
        lay.addWidget(uitleg)
        self.melding = QLabel()
        self.melding.setWordWrap(True)
        self.melding.setProperty("rol", "waarschuwing")
        self.melding.setAccessibleName("Melding")
        self.melding.hide()
        lay.addWidget(self.melding)
        self.leeg = QLabel("U heeft nu geen open casussen als procesregisseur (AVE 3 of 4). Een casus komt hier "
                           "zodra een collega u in het AVE-paneel van een gesprek als procesregisseur aanwijst.")
        self.leeg.setWordWrap(True)
        self.leeg.setProperty("rol", "uitleg")
        self.leeg.setAccessibleName("Geen casussen")
        self.leeg.hide()
        lay.addWidget(self.leeg)

        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Uw casussen als procesregisseur")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(28)
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 130), (2, 110), (3, 150), (4, 240), (5, 170)):
            self.table.setColumnWidth(col, width)
        hh.setSortIndicator(COLUMNS.index("Evaluatie"), Qt.SortOrder.AscendingOrder)  # most urgent first
        lay.addWidget(self.table, 1)

        buttons = QHBoxLayout()
        self.btn_plan = QPushButton("&Plan openen")
        self.btn_plan.setAccessibleName("Open het plan van de gekozen casus")
        self.btn_plan.setToolTip("Open het plan: partijen, doelen, afspraken, MDO en evaluatie (Enter of dubbelklik)")
        buttons.addWidget(self.btn_plan)
        self.btn_open = QPushButton("Gesprek &openen")
        self.btn_open.setAccessibleName("Open het gesprek van de gekozen casus")
        self.btn_open.setToolTip("Open het gesprek (de brede uitvraag)")
        self.btn_reload = QPushButton("&Vernieuwen")
        self.btn_reload.setAccessibleName("Lijst vernieuwen")
        self.btn_reload.setToolTip("Lijst vernieuwen (F5)")
        buttons.addWidget(self.btn_open)
        buttons.addWidget(self.btn_reload)
        buttons.addStretch(1)
        lay.addLayout(buttons)

        self.btn_open.clicked.connect(self.open_selected)
        self.btn_plan.clicked.connect(self.open_plan)
        self.btn_reload.clicked.connect(self.reload)
        self.table.itemActivated.connect(lambda _it: self.open_plan())
        self.table.itemSelectionChanged.connect(self._selection_changed)
        QShortcut(QKeySequence("F5"), self, activated=self.reload)
        self.setTabOrder(self.table, self.btn_plan)
        self.setTabOrder(self.btn_plan, self.btn_open)
        self.setTabOrder(self.btn_open, self.btn_reload)
        self._selection_changed()

    # -- screen hooks ---------------------------------------------------------------------------
    def on_shown(self) -> None:
        self.reload()

    def prepare_screenshot(self) -> None:
        """Headless ``--screenshots`` (nobody, or a synthetic user without an account, is signed in): show
        the list of the first procesregisseur in the database who has cases, if there is one; otherwise the
        empty list. A signed-in procesregisseur always sees their own list."""
        saved = self.ctx.user
        if saved is not None and saved.id is not None:
            self.reload()
            return
        from toegang_app.services.auth import CurrentUser, systeem_gebruiker

        try:
            self.ctx.user = systeem_gebruiker()
            for r in ave_service.procesregisseurs(self.ctx, None):
                self.ctx.user = CurrentUser(id=r.id, gebruikersnaam=r.gebruikersnaam, naam=r.naam,
                                            rol="procesregisseur", team=r.team)
                if ave_service.mijn_casussen(self.ctx, peildatum=self.peildatum):
                    self.reload()
                    return
            self._toon_leeg()
        except UserError as exc:
            log.info("no demo cases for the screenshot: %s", exc.message)
            self._toon_leeg()
        finally:
            self.ctx.user = saved

    def _toon_leeg(self) -> None:
        self.rows = []
        self.melding.hide()
        self._fill()

    # -- data -----------------------------------------------------------------------------------
    def _kop(self) -> None:
        """The gemeente's own model name (Twenterand: Gefaseerd Samenwerken)."""
        try:
            model = ave_service.config(self.ctx).model(getattr(self.ctx.user, "team", None))
        except UserError:
            return
        self.kop.setText("AVE-casussen" if model.korte_naam == "AVE" else f"Casussen · {model.model_naam}")

    def reload(self) -> None:
        self._kop()
        selected = self.selected_id()
        try:
            self.rows = ave_service.mijn_casussen(self.ctx, peildatum=self.peildatum)
        except UserError as exc:
            self.rows = []
            self.melding.setText(exc.message)
            self.melding.show()
            self._fill()
            self.samenvatting.setText("")
            return
        self.melding.hide()
        self._fill(selected)

    def _fill(self, selected: int | None = None) -> None:
        try:
            cfg = ave_service.config(self.ctx)
        except UserError:
            cfg = None
        bold = QFont()
        bold.setBold(True)
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(self.rows))
        for r, c in enumerate(self.rows):
            info = cfg.fasen_voor(c.gemeente).get(c.fase) if cfg is not None else None
            naam = c.inwoner_naam + (" (synthetisch)" if c.synthetisch and "synthetisch" not in c.inwoner_naam else "")
            fase_tekst = f"{info.naam} · {info.kleur_naam}" if info else f"AVE {c.fase}"
            eval_tekst = evaluatie_tekst(c)
            if c.plan_ontbreekt:
                eval_tekst += "; plan ontbreekt"
            cells = [
                _Item(naam, naam.lower()),
                _Item(fase_tekst, c.fase),
                _Item(_dagen(c.dagen_in_fase) if c.dagen_in_fase is not None else "onbekend",
                      c.dagen_in_fase if c.dagen_in_fase is not None else -1),
                _Item(nl.datum(c.evaluatiedatum) or "geen datum",
                      c.evaluatiedatum.toordinal() if c.evaluatiedatum else 10**9),
                _Item(eval_tekst, c.dagen_tot_evaluatie if c.dagen_tot_evaluatie is not None else 10**9),
                _Item(c.kern or GEMEENTEN.get(c.gemeente, c.gemeente), (c.kern or c.gemeente).lower()),
            ]
            if info:
                cells[1].setIcon(_swatch(info.kleur_hex))
            if c.evaluatie_verlopen or c.plan_ontbreekt or c.evaluatiedatum is None:
                for col in (3, 4):
                    cells[col].setFont(bold)
                    cells[col].setForeground(QBrush(QColor(OVERDUE_COLOUR)))
            for col, item in enumerate(cells):
                item.setData(ROLE_ID, c.gesprek_id)
                item.setToolTip(f"{naam} · {fase_tekst} · {eval_tekst}")
                self.table.setItem(r, col, item)
        self.table.setSortingEnabled(True)
        te_laat = sum(1 for c in self.rows if c.evaluatie_verlopen)
        if not self.rows:
            self.samenvatting.setText("Geen open casussen")
        else:
            self.samenvatting.setText(f"{len(self.rows)} {'casus' if len(self.rows) == 1 else 'casussen'}"
                                      + (f" · {te_laat} evaluatie{'s' if te_laat != 1 else ''} aan de beurt"
                                         if te_laat else " · geen evaluatie aan de beurt"))
        self.leeg.setVisible(not self.rows and self.melding.isHidden())
        if selected is not None:
            self.select(selected)
        elif self.rows:
            self.table.selectRow(0)
        self._selection_changed()

    # -- selection and opening --------------------------------------------------------------------
    def visible_rows(self) -> list[tuple[str, ...]]:
        return [tuple(self.table.item(r, c).text() for c in range(self.table.columnCount()))
                for r in range(self.table.rowCount())]

    def selected_id(self) -> int | None:
        items = self.table.selectedItems()
        return items[0].data(ROLE_ID) if items else None

    def select(self, gesprek_id: int) -> bool:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(ROLE_ID) == gesprek_id:
                self.table.selectRow(r)
                return True
        return False

    def _selection_changed(self) -> None:
        self.btn_open.setEnabled(self.selected_id() is not None)
        self.btn_plan.setEnabled(self.selected_id() is not None)

    def open_plan(self):
        """The household's plan (Enter): parties, goals, afspraken, MDO and evaluation."""
        gid = self.selected_id()
        if gid is None:
            return None
        from toegang_app.ui.plan_dialoog import PlanDialoog

        dlg = PlanDialoog(self.ctx, gid, self, peildatum=self.peildatum)
        dlg.setModal(True)
        dlg.finished.connect(lambda *_: self.reload())
        dlg.open()
        self._dialoog = dlg
        return dlg

    def open_selected(self) -> bool:
        gid = self.selected_id()
        if gid is None:
            return False
        shell = self.shell
        if shell is None or not hasattr(shell, "show_screen"):
            return False
        try:
            screen = shell.show_screen("gesprekken")
        except (KeyError, ValueError):
            screen = None
        if not hasattr(screen, "open_gesprek"):
            self.melding.setText("Gesprekken openen kan in deze versie nog niet vanuit deze lijst.")
            self.melding.show()
            return False
        return bool(screen.open_gesprek(gid) is not False)
