"""Sociale kaart: search and filter voorzieningen; the beheerder edits, verifies, adds and retires them."""

from __future__ import annotations

import html
import logging
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain.vocab import GEMEENTEN, KERNEN, LEEFGEBIEDEN, DIMENSIES, TE_VERIFIEREN, TOEGANG, TREDEN, WETTEN
from toegang_app.errors import UserError
from toegang_app.services import kaart as kaart_service
from toegang_app.services.auth import KAART_BEHEER
from toegang_app.ui.screens.base import Screen

log = logging.getLogger(__name__)

COLUMNS = ["Voorziening", "Aanbieder", "Trede", "Gemeente", "Status"]


def _leeg(value) -> str:
    return html.escape(str(value)) if value not in (None, "", ()) else f"<i>{TE_VERIFIEREN}</i>"


def voorziening_html(v, herkomst: str | None = None) -> str:
    """The full entry as rich text; empty fields say 'te verifiëren'."""
    c = v.contact
    leeftijd = "geen grens bekend"
    if v.leeftijd_min is not None or v.leeftijd_max is not None:
        leeftijd = f"{v.leeftijd_min if v.leeftijd_min is not None else 0} tot en met " \
                   f"{v.leeftijd_max if v.leeftijd_max is not None else '…'} jaar"
    rows = [
        ("Aanbieder", _leeg(v.aanbieder)),
        ("Trede", f"{v.trede} · {TREDEN[v.trede]}"),
        ("Wet", html.escape(WETTEN.get(v.wet, v.wet)) if v.wet else "geen (vrij toegankelijk of voorliggend)"),
        ("Gemeente(n)", ", ".join(GEMEENTEN.get(g, g) for g in v.gemeenten) + (" (regionaal)" if v.regionaal else "")),
        ("Kernen", html.escape(", ".join(v.kernen)) if v.kernen else "alle kernen"),
        ("Helpt bij", html.escape(", ".join(LEEFGEBIEDEN.get(x, x) for x in v.leefgebieden)) or _leeg(None)),
        ("Dimensies", html.escape(", ".join(DIMENSIES.get(x, x) for x in v.dimensies)) or _leeg(None)),
        ("Doelgroep", _leeg(v.doelgroep)),
        ("Leeftijd", leeftijd),
        ("Inkomensgrens", f"tot {v.inkomen_max_pct}% van de bijstandsnorm" if v.inkomen_max_pct else "geen grens bekend"),
        ("Voorwaarden", _leeg(v.voorwaarden)),
        ("Hoe te bereiken", html.escape(TOEGANG[v.toegang]) if v.toegang else _leeg(None)),
        ("Telefoon", _leeg(c.telefoon)),
        ("E-mail", _leeg(c.email)),
        ("Website", _leeg(c.website)),
        ("Adres", _leeg(c.adres)),
        ("Bron", html.escape("; ".join(v.bron)) or _leeg(None)),
        ("Laatst geverifieerd", v.laatst_geverifieerd.strftime("%d-%m-%Y") if v.laatst_geverifieerd else _leeg(None)),
        ("Status", "actief" if v.actief else "<b>ingetrokken</b> (niet meer voorgesteld; blijft leesbaar in oude verwijzingen)"),
    ]
    if herkomst:
        rows.append(("Herkomst", {"meegeleverd": "meegeleverde sociale kaart", "aangepast": "aangepast door deze balie",
                                  "eigen": "toegevoegd door deze balie"}.get(herkomst, herkomst)))
    body = "".join(f"<tr><td style='padding:2px 10px 2px 0; color:#445'>{k}</td><td>{val}</td></tr>" for k, val in rows)
    return (f"<h3 style='margin:0'>{html.escape(v.naam)}</h3><p>{html.escape(v.omschrijving or '')}</p>"
            f"<table>{body}</table>")


class KaartScherm(Screen):
    title = "Sociale kaart"

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(ctx, shell, parent)
        self._all = []
        self._herkomst: dict[str, str] = {}
        lay = self._column()
        top = QHBoxLayout()
        top.addWidget(self.heading("Sociale kaart"))
        top.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setProperty("rol", "uitleg")
        top.addWidget(self.count_label)
        lay.addLayout(top)

        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Zoek op naam, aanbieder of omschrijving (Ctrl+F)")
        self.search.setAccessibleName("Zoeken in de sociale kaart")
        self.search.setClearButtonEnabled(True)
        filters.addWidget(self.search, 3)
        self.trede = self._combo("Trede", [(None, "Alle treden")] + [(k, f"{k} {v}") for k, v in TREDEN.items()])
        self.gemeente = self._combo("Gemeente", [(None, "Alle gemeenten")] + list(GEMEENTEN.items()))
        self.kern = self._combo("Kern", [(None, "Alle kernen")])
        self.leefgebied = self._combo("Leefgebied", [(None, "Alle leefgebieden")] + list(LEEFGEBIEDEN.items()))
        for w in (self.trede, self.gemeente, self.kern, self.leefgebied):
            filters.addWidget(w, 2)
        lay.addLayout(filters)
        opts = QHBoxLayout()
        self.only_due = QCheckBox("Alleen: langer dan een jaar niet geverifieerd")
        self.only_due.setAccessibleName("Alleen voorzieningen die langer dan een jaar niet geverifieerd zijn")
        self.show_retired = QCheckBox("Ingetrokken voorzieningen tonen")
        self.show_retired.setAccessibleName("Ingetrokken voorzieningen tonen")
        opts.addWidget(self.only_due)
        opts.addWidget(self.show_retired)
        opts.addStretch(1)
        lay.addLayout(opts)

        split = QSplitter(Qt.Orientation.Horizontal)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels(COLUMNS)
        self.table.setAccessibleName("Voorzieningen")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.setSortingEnabled(True)
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setWordWrap(False)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in ((1, 170), (2, 60), (3, 110), (4, 90)):
            self.table.setColumnWidth(col, width)
        hh.setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        split.addWidget(self.table)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Gegevens van de voorziening")
        self.detail.setOpenExternalLinks(False)
        rl.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        self.btn_edit = QPushButton("&Bewerken")
        self.btn_new = QPushButton("&Nieuwe voorziening")
        self.btn_verify = QPushButton("&Geverifieerd vandaag")
        self.btn_retire = QPushButton("&Intrekken")
        for b, name in ((self.btn_edit, "Voorziening bewerken"), (self.btn_new, "Nieuwe voorziening toevoegen"),
                        (self.btn_verify, "Markeer als vandaag geverifieerd"), (self.btn_retire, "Voorziening intrekken of herstellen")):
            b.setAccessibleName(name)
            buttons.addWidget(b)
        rl.addLayout(buttons)
        self.beheer_hint = QLabel("Alleen de functioneel beheerder kan de kaart wijzigen.")
        self.beheer_hint.setProperty("rol", "uitleg")
        rl.addWidget(self.beheer_hint)
        split.addWidget(right)
        split.setSizes([700, 460])
        lay.addWidget(split, 1)

        self.search.textChanged.connect(self.refresh_table)
        for w in (self.trede, self.kern, self.leefgebied):
            w.currentIndexChanged.connect(self.refresh_table)
        self.gemeente.currentIndexChanged.connect(self._gemeente_changed)
        self.only_due.toggled.connect(self.refresh_table)
        self.show_retired.toggled.connect(self.refresh_table)
        self.table.itemSelectionChanged.connect(self._show_selected)
        self.btn_edit.clicked.connect(self.edit_selected)
        self.btn_new.clicked.connect(self.new_entry)
        self.btn_verify.clicked.connect(self.verify_selected)
        self.btn_retire.clicked.connect(self.toggle_retired)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self.search.setFocus)
        self.setTabOrder(self.search, self.trede)
        self.setTabOrder(self.trede, self.gemeente)
        self.setTabOrder(self.gemeente, self.kern)
        self.setTabOrder(self.kern, self.leefgebied)
        self.setTabOrder(self.leefgebied, self.only_due)
        self.setTabOrder(self.only_due, self.show_retired)
        self.setTabOrder(self.show_retired, self.table)
        self.reload()

    def _combo(self, name, items) -> QComboBox:
        c = QComboBox()
        c.setAccessibleName(name)
        for key, label in items:
            c.addItem(label, key)
        return c

    # -- data ------------------------------------------------------------------------------------
    def may_edit(self) -> bool:
        user = self.ctx.user
        return user is not None and user.may(KAART_BEHEER)

    def reload(self) -> None:
        try:
            self._all = kaart_service.effectieve_kaart(self.ctx)
            self._herkomst = kaart_service.herkomst(self.ctx)
        except UserError as exc:
            self._all = []
            self.detail.setPlainText(exc.message)
        edit = self.may_edit()
        for b in (self.btn_edit, self.btn_new, self.btn_verify, self.btn_retire):
            b.setVisible(edit)
        self.beheer_hint.setVisible(not edit)
        self.refresh_table()

    def on_shown(self) -> None:
        self.reload()

    def _gemeente_changed(self) -> None:
        g = self.gemeente.currentData()
        self.kern.blockSignals(True)
        self.kern.clear()
        self.kern.addItem("Alle kernen", None)
        for k in KERNEN.get(g, ()) if g else ():
            self.kern.addItem(k, k)
        self.kern.blockSignals(False)
        self.refresh_table()

    def visible_entries(self):
        rows = kaart_service.zoek(
            self._all, tekst=self.search.text(), trede=self.trede.currentData(), gemeente=self.gemeente.currentData(),
            kern=self.kern.currentData(), leefgebied=self.leefgebied.currentData(),
            alleen_actief=not self.show_retired.isChecked(),
        )
        if self.only_due.isChecked():
            due = {v.id for v in kaart_service.niet_geverifieerd(rows)}
            rows = [v for v in rows if v.id in due]
        return rows

    def refresh_table(self) -> None:
        selected = self.selected_id()
        rows = self.visible_entries()
        self.table.setSortingEnabled(False)
        self.table.setRowCount(len(rows))
        due = {v.id for v in kaart_service.niet_geverifieerd(rows)}
        for r, v in enumerate(rows):
            values = [
                v.naam, v.aanbieder, str(v.trede),
                "regionaal" if v.regionaal else ", ".join(GEMEENTEN.get(g, g) for g in v.gemeenten),
                ("ingetrokken" if not v.actief else "verifiëren" if v.id in due else "actief"),
            ]
            tips = [v.naam, v.aanbieder, TREDEN[v.trede], values[3], values[4]]
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, v.id)
                item.setToolTip(tips[c])
                self.table.setItem(r, c, item)
        self.table.setSortingEnabled(True)
        total = len(self._all)
        self.count_label.setText(f"{len(rows)} van {total} voorzieningen")
        if not (selected and self.select(selected)) and rows:
            self.table.selectRow(0)
        if rows:
            # The selected row may keep its index while its content changed: refresh explicitly.
            self._show_selected()
        else:
            self.detail.setHtml("<p>Geen voorzieningen gevonden met deze filters.</p>")

    def selected_id(self) -> str | None:
        items = self.table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def selected(self):
        vid = self.selected_id()
        return next((v for v in self._all if v.id == vid), None)

    def select(self, voorziening_id: str) -> bool:
        for r in range(self.table.rowCount()):
            if self.table.item(r, 0).data(Qt.ItemDataRole.UserRole) == voorziening_id:
                self.table.selectRow(r)
                self.table.scrollToItem(self.table.item(r, 0))
                self._show_selected()
                return True
        return False

    def toon_voorziening(self, voorziening_id: str) -> None:
        """Open one entry (used from the suggestions in a conversation)."""
        for w in (self.trede, self.gemeente, self.kern, self.leefgebied):
            w.setCurrentIndex(0)
        self.search.clear()
        self.only_due.setChecked(False)
        self.show_retired.setChecked(True)
        self.select(voorziening_id)

    def _show_selected(self) -> None:
        v = self.selected()
        if v is None:
            return
        self.detail.setHtml(voorziening_html(v, self._herkomst.get(v.id)))
        self.btn_retire.setText("&Herstellen" if not v.actief else "&Intrekken")

    # -- beheer ----------------------------------------------------------------------------------
    def _run(self, fn, *args) -> bool:
        try:
            fn(*args)
        except UserError as exc:
            QMessageBox.warning(self, "Sociale kaart", exc.message)
            return False
        return True

    def edit_selected(self) -> None:
        v = self.selected()
        if v is None:
            return
        from toegang_app.ui.voorziening_dialoog import VoorzieningDialoog

        dlg = VoorzieningDialoog(self.ctx, v, parent=self)
        if dlg.exec():
            self.reload()
            self.select(v.id)

    def new_entry(self) -> None:
        from toegang_app.ui.voorziening_dialoog import VoorzieningDialoog

        dlg = VoorzieningDialoog(self.ctx, None, parent=self)
        if dlg.exec() and dlg.saved is not None:
            self.reload()
            self.select(dlg.saved.id)

    def verify_selected(self) -> None:
        v = self.selected()
        if v is not None and self._run(kaart_service.markeer_geverifieerd, self.ctx, v.id, date.today()):
            self.reload()
            self.select(v.id)

    def toggle_retired(self) -> None:
        v = self.selected()
        if v is None:
            return
        if v.actief:
            answer = QMessageBox.question(
                self, "Voorziening intrekken",
                f"'{v.naam}' intrekken? De voorziening wordt niet meer voorgesteld. Oude verwijzingen blijven leesbaar.")
            if answer != QMessageBox.StandardButton.Yes:
                return
            ok = self._run(kaart_service.trek_in, self.ctx, v.id)
        else:
            ok = self._run(kaart_service.herstel, self.ctx, v.id)
        if ok:
            self.show_retired.setChecked(True)
            self.reload()
            self.select(v.id)
