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
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain.kaart import OPEN_PUNTEN
from toegang_app.domain.vocab import (
    CRISIS,
    DIMENSIES,
    DOELGROEPEN,
    GEMEENTEN,
    KERNEN,
    LEEFGEBIEDEN,
    SITUATIES,
    TE_VERIFIEREN,
    TOEGANG,
    TREDEN,
    VERBLIJFSSTATUS,
    WETTEN,
)
from toegang_app.errors import UserError
from toegang_app.services import kaart as kaart_service
from toegang_app.services.auth import KAART_BEHEER
from toegang_app.ui.screens.base import Screen
from toegang_app.services.bronnen import bron_tekst, bronnen_tekst

log = logging.getLogger(__name__)

COLUMNS = ["Voorziening", "Aanbieder", "Trede", "Gemeente", "Status"]
WERKLIJST_COLUMNS = ["Voorziening", "Gemeente", "Wat ontbreekt", "Nog te verifiëren"]


def _leeg(value) -> str:
    return html.escape(str(value)) if value not in (None, "", ()) else f"<i>{TE_VERIFIEREN}</i>"


def _lijst(keys, labels) -> str:
    return html.escape(", ".join(labels.get(k, k) for k in keys))


def _leeftijd(v) -> str:
    if v.leeftijd_min is None and v.leeftijd_max is None:
        return "geen grens bekend" + (" <i>(te verifiëren)</i>" if "leeftijd" in v.te_verifieren else "")
    if v.leeftijd_min is not None and v.leeftijd_max is not None:
        tekst = f"{v.leeftijd_min} tot en met {v.leeftijd_max} jaar"
    elif v.leeftijd_min is not None:
        tekst = f"vanaf {v.leeftijd_min} jaar"
    else:
        tekst = f"tot en met {v.leeftijd_max} jaar"
    wie = "van een kind in het huishouden" if v.leeftijd_geldt_voor == "kind" else "van de inwoner"
    return f"{tekst} ({wie})"


def _regels(regels) -> str:
    return "<br>".join(f"<b>{html.escape(SITUATIES.get(r.situatie, r.situatie))}</b>: {html.escape(r.reden)}"
                       + (f" <span style='color:#556'>({html.escape(bronnen_tekst(r.bron))})</span>" if r.bron else "")
                       for r in regels)


def voorziening_html(v, herkomst: str | None = None) -> str:
    """The full entry as rich text; empty fields say 'te verifiëren'. Who it is for comes first."""
    from toegang_app.services.kaart import gemeente_algemeen

    c = v.contact
    if v.doelgroepen:
        voor_wie = _lijst(v.doelgroepen, DOELGROEPEN)
    else:
        voor_wie = f"<i>{TE_VERIFIEREN}</i> (nog niet beoordeeld)"
    if v.inkomen_max_pct is not None:
        inkomen = f"tot {v.inkomen_max_pct}% van de bijstandsnorm"
    else:
        inkomen = "geen grens bekend" + (" <i>(te verifiëren)</i>" if "inkomen" in v.te_verifieren else "")
    status = "actief"
    if v.beeindigd_op:
        status = f"<b>beëindigd op {v.beeindigd_op.strftime('%d-%m-%Y')}</b> (wordt niet voorgesteld)"
    elif not v.actief:
        status = "<b>ingetrokken</b> (niet meer voorgesteld; blijft leesbaar in oude verwijzingen)"
    elif v.gepland:
        status = "<b>gepland</b>: aangekondigd, nog niet beschikbaar (wordt niet voorgesteld)"
    rows = [
        ("Voor wie", voor_wie),
        ("Doelgroep", _leeg(v.doelgroep)),
        ("Leeftijd", _leeftijd(v)),
    ]
    if v.kinderen_thuis is not None:
        rows.append(("Kinderen thuis", "alleen voor een huishouden met kinderen thuis" if v.kinderen_thuis
                     else "alleen voor een huishouden zonder kinderen thuis"))
    if v.verblijfsstatus:
        rows.append(("Verblijfsstatus", _lijst(v.verblijfsstatus, VERBLIJFSSTATUS)))
    rows.append(("Inkomensgrens", inkomen))
    if v.alleen_bij:
        rows.append(("Alleen bij", _regels(v.alleen_bij)))
    if v.contra_indicaties:
        rows.append(("Niet bij", _regels(v.contra_indicaties)))
    rows += [
        ("Helpt bij", _lijst(v.leefgebieden, LEEFGEBIEDEN) or _leeg(None)),
    ]
    if v.crisis:
        rows.append(("Route bij crisis", _lijst(v.crisis, CRISIS)))
    rows += [
        ("Brede hulp bij", _lijst(v.dimensies, DIMENSIES) if v.dimensies else "— (specifieke voorziening)"),
        ("Aanbieder", _leeg(v.aanbieder)),
        ("Trede", f"{v.trede} · {TREDEN[v.trede]}"),
        ("Wet", html.escape(WETTEN.get(v.wet, v.wet)) if v.wet else "geen (vrij toegankelijk of voorliggend)"),
        ("Gemeente(n)", ", ".join(GEMEENTEN.get(g, g) for g in v.gemeenten) + (" (regionaal)" if v.regionaal else "")),
        ("Kernen", html.escape(", ".join(v.kernen)) if v.kernen else "alle kernen"),
        ("Voorwaarden", _leeg(v.voorwaarden)),
        ("Hoe te bereiken", html.escape(TOEGANG[v.toegang]) if v.toegang else _leeg(None)),
        ("Telefoon", _leeg(c.telefoon)),
        ("E-mail", _leeg(c.email)),
        ("Website", _leeg(c.website)),
        ("Adres", _leeg(c.adres)),
    ]
    for g in v.gemeenten:
        algemeen = gemeente_algemeen(g)
        if algemeen is not None:
            rows.append(("Gemeente", f"{html.escape(algemeen.label)}: {html.escape(algemeen.telefoon)} "
                         "<span style='color:#556'>(geen eigen nummer van deze voorziening)</span>"))
    rows.append(("Bron", html.escape(bronnen_tekst(v.bron)) or _leeg(None)))
    for key, label in (("doelgroepen", "Bron doelgroep"), ("leeftijd", "Bron leeftijd"), ("inkomen", "Bron inkomensgrens"),
                       ("verblijfsstatus", "Bron verblijfsstatus"), ("kinderen_thuis", "Bron kinderen thuis"),
                       ("beeindigd", "Bron einddatum")):
        if v.criteria_bron.get(key):
            rows.append((label, html.escape(bronnen_tekst(v.criteria_bron[key]))))
    if v.te_verifieren:
        rows.append(("Te verifiëren", _lijst(v.te_verifieren, OPEN_PUNTEN)))
    rows += [
        ("Laatst geverifieerd", v.laatst_geverifieerd.strftime("%d-%m-%Y") if v.laatst_geverifieerd else _leeg(None)),
        ("Status", status),
    ]
    if herkomst:
        rows.append(("Herkomst", {"meegeleverd": "meegeleverde sociale kaart", "aangepast": "aangepast door deze balie",
                                  "eigen": "toegevoegd door deze balie"}.get(herkomst, herkomst)))
    body = "".join(f"<tr><td style='padding:2px 10px 2px 0; color:#445; white-space:nowrap'>{k}</td><td>{val}</td></tr>"
                   for k, val in rows)
    # every source reference in the entry's texts as the document's title and line (services.bronnen)
    return bron_tekst(f"<h3 style='margin:0'>{html.escape(v.naam)}</h3><p>{html.escape(v.omschrijving or '')}</p>"
                      f"<table>{body}</table>")


class KaartScherm(Screen):
    title = "Sociale kaart"

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(ctx, shell, parent)
        self._all = []
        self._herkomst: dict[str, str] = {}
        self._gemeente_van: object = ()  # whose gemeente the filter was set to (a new worker: their own)
        lay = self._column()
        top = QHBoxLayout()
        top.addWidget(self.heading("Sociale kaart"))
        top.addStretch(1)
        self.count_label = QLabel()
        self.count_label.setProperty("rol", "uitleg")
        top.addWidget(self.count_label)
        lay.addLayout(top)

        # tab 1: the whole kaart, searchable; tab 2: the beheerder's work list "kaart compleet maken"
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Weergave van de sociale kaart")
        alle = QWidget()
        al = QVBoxLayout(alle)
        al.setContentsMargins(0, 6, 0, 0)
        filters = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setPlaceholderText("Zoek op naam, aanbieder of omschrijving (Ctrl+F)")
        self.search.setAccessibleName("Zoeken in de sociale kaart")
        self.search.setClearButtonEnabled(True)
        al.addWidget(self.search)
        self.trede = self._combo("Trede", [(None, "Alle treden")] + [(k, f"{k} {v}") for k, v in TREDEN.items()])
        self.gemeente = self._combo("Gemeente", [(None, "Alle gemeenten")] + list(GEMEENTEN.items()))
        self.kern = self._combo("Kern", [(None, "Alle kernen")])
        self.leefgebied = self._combo("Leefgebied", [(None, "Alle leefgebieden")] + list(LEEFGEBIEDEN.items()))
        self.doelgroep = self._combo("Doelgroep", [(None, "Alle doelgroepen")] + list(DOELGROEPEN.items()))
        # two rows, so that "Alle leefgebieden" and "Alle doelgroepen" stay readable at 150 % scaling
        filters2 = QHBoxLayout()
        for i, w in enumerate((self.trede, self.gemeente, self.kern, self.leefgebied, self.doelgroep)):
            w.setMinimumContentsLength(8)
            w.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            (filters if i < 3 else filters2).addWidget(w, 2)
        filters2.addStretch(1)
        al.addLayout(filters)
        al.addLayout(filters2)
        opts = QHBoxLayout()
        self.only_due = QCheckBox("Alleen: langer dan een jaar niet geverifieerd")
        self.only_due.setAccessibleName("Alleen voorzieningen die langer dan een jaar niet geverifieerd zijn")
        self.show_retired = QCheckBox("Ingetrokken en beëindigde voorzieningen tonen")
        self.show_retired.setAccessibleName("Ingetrokken en beëindigde voorzieningen tonen")
        opts.addWidget(self.only_due)
        opts.addWidget(self.show_retired)
        opts.addStretch(1)
        self.algemeen_label = QLabel()
        self.algemeen_label.setProperty("rol", "uitleg")
        self.algemeen_label.setAccessibleName("Algemeen nummer van de gemeente")
        opts.addWidget(self.algemeen_label)
        al.addLayout(opts)
        self.table = self._make_table(COLUMNS, ((1, 170), (2, 60), (3, 110), (4, 90)))
        self.table.setAccessibleName("Voorzieningen")
        self.table.horizontalHeader().setSortIndicator(2, Qt.SortOrder.AscendingOrder)
        al.addWidget(self.table, 1)
        self.tabs.addTab(alle, "Alle &voorzieningen")

        werk = QWidget()
        wl = QVBoxLayout(werk)
        wl.setContentsMargins(0, 6, 0, 0)
        uitleg = QLabel("Voorzieningen zonder contactgegevens, zonder doelgroep of langer dan 12 maanden niet "
                        "geverifieerd. Enter opent de voorziening om aan te vullen.")
        uitleg.setWordWrap(True)
        uitleg.setProperty("rol", "uitleg")
        wl.addWidget(uitleg)
        self.werk_gemeente = self._combo("Gemeente van de werklijst",
                                         [(None, "Alle gemeenten")] + list(GEMEENTEN.items()))
        row = QHBoxLayout()
        row.addWidget(self.werk_gemeente)
        row.addStretch(1)
        wl.addLayout(row)
        self.werklijst = self._make_table(WERKLIJST_COLUMNS, ((1, 95), (2, 180), (3, 150)))
        self.werklijst.setSortingEnabled(False)  # the order is the point: most gaps first, oldest first
        self.werklijst.setAccessibleName("Werklijst kaart compleet maken")
        wl.addWidget(self.werklijst, 1)
        self.tab_werk = self.tabs.addTab(werk, "Kaart &compleet maken")

        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.tabs)
        right = QWidget()
        rl = QVBoxLayout(right)
        rl.setContentsMargins(8, 0, 0, 0)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Gegevens van de voorziening")
        self.detail.setOpenExternalLinks(False)
        rl.addWidget(self.detail, 1)
        buttons = QHBoxLayout()
        self.btn_edit = QPushButton("Bewer&ken")
        self.btn_new = QPushButton("&Nieuwe voorziening")
        self.btn_verify = QPushButton("Geverifieerd van&daag")
        self.btn_retire = QPushButton("&Intrekken")
        for b, name in ((self.btn_edit, "Voorziening bewerken (Enter)"), (self.btn_new, "Nieuwe voorziening toevoegen"),
                        (self.btn_verify, "Markeer als vandaag geverifieerd"), (self.btn_retire, "Voorziening intrekken of herstellen")):
            b.setAccessibleName(name)
            buttons.addWidget(b)
        rl.addLayout(buttons)
        self.beheer_hint = QLabel("Alleen de functioneel beheerder kan de kaart wijzigen.")
        self.beheer_hint.setProperty("rol", "uitleg")
        rl.addWidget(self.beheer_hint)
        split.addWidget(right)
        split.setSizes([720, 460])
        lay.addWidget(split, 1)

        self.search.textChanged.connect(self.reload_table)
        for w in (self.trede, self.kern, self.leefgebied, self.doelgroep):
            w.currentIndexChanged.connect(self.reload_table)
        self.gemeente.currentIndexChanged.connect(self._gemeente_changed)
        self.only_due.toggled.connect(self.reload_table)
        self.show_retired.toggled.connect(self.reload_table)
        self.werk_gemeente.currentIndexChanged.connect(self.reload_werklijst)
        for t in (self.table, self.werklijst):
            t.itemSelectionChanged.connect(self._show_selected)
            t.activated.connect(self._activated)  # Enter (and double click): open the entry to edit
        self.tabs.currentChanged.connect(self._tab_changed)
        self.btn_edit.clicked.connect(self.edit_selected)
        self.btn_new.clicked.connect(self.new_entry)
        self.btn_verify.clicked.connect(self.verify_selected)
        self.btn_retire.clicked.connect(self.toggle_retired)
        QShortcut(QKeySequence("Ctrl+F"), self, activated=self._focus_search)
        self.setTabOrder(self.search, self.trede)
        self.setTabOrder(self.trede, self.gemeente)
        self.setTabOrder(self.gemeente, self.kern)
        self.setTabOrder(self.kern, self.leefgebied)
        self.setTabOrder(self.leefgebied, self.doelgroep)
        self.setTabOrder(self.doelgroep, self.only_due)
        self.setTabOrder(self.only_due, self.show_retired)
        self.setTabOrder(self.show_retired, self.table)
        self.setTabOrder(self.werk_gemeente, self.werklijst)
        self.reload()

    @staticmethod
    def _make_table(columns, widths) -> QTableWidget:
        t = QTableWidget(0, len(columns))
        t.setHorizontalHeaderLabels(columns)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.verticalHeader().setVisible(False)
        t.setSortingEnabled(True)
        t.verticalHeader().setDefaultSectionSize(26)
        t.setWordWrap(False)
        hh = t.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        hh.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col, width in widths:
            t.setColumnWidth(col, width)
        return t

    def _focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()

    def _active_table(self) -> QTableWidget:
        return self.werklijst if self.tabs.currentIndex() == self.tab_werk else self.table

    def _tab_changed(self, index: int) -> None:
        if index == self.tab_werk:
            self.reload_werklijst()
            self.werklijst.setFocus()
        else:
            self.reload_table()
        self._show_selected()

    def _activated(self, _index=None) -> None:
        if self.may_edit():
            self.edit_selected()

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
        self.tabs.setTabVisible(self.tab_werk, edit)
        self._standaard_gemeente()
        self.reload_werklijst()
        self.reload_table()

    def _standaard_gemeente(self) -> None:
        """The gemeente filter starts on the signed-in worker's own gemeente (all gemeenten for a worker
        of every desk); once per worker, so a choice made afterwards stays."""
        user = getattr(self.ctx, "user", None)
        wie = (getattr(user, "gebruikersnaam", None), getattr(user, "team", None))
        if wie == self._gemeente_van:
            return
        self._gemeente_van = wie
        team = wie[1]
        idx = self.gemeente.findData(team) if team else 0
        self.gemeente.setCurrentIndex(max(idx, 0))

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
        algemeen = kaart_service.gemeente_algemeen(g) if g else None
        self.algemeen_label.setText(f"{algemeen.label[0].upper()}{algemeen.label[1:]}: {algemeen.telefoon}"
                                    if algemeen else "")
        self.reload_table()

    def visible_entries(self):
        rows = kaart_service.zoek(
            self._all, tekst=self.search.text(), trede=self.trede.currentData(), gemeente=self.gemeente.currentData(),
            kern=self.kern.currentData(), leefgebied=self.leefgebied.currentData(),
            alleen_actief=not self.show_retired.isChecked(),
        )
        groep = self.doelgroep.currentData()
        if groep:
            rows = [v for v in rows if groep in v.doelgroepen]
        if self.only_due.isChecked():
            due = {v.id for v in kaart_service.niet_geverifieerd(rows)}
            rows = [v for v in rows if v.id in due]
        return rows

    def werklijst_punten(self):
        """The work list "kaart compleet maken" under the chosen gemeente (regional entries count for both)."""
        g = self.werk_gemeente.currentData()
        alle = [v for v in self._all if g is None or g in v.gemeenten]
        return kaart_service.kaart_compleet_maken(alle)

    @staticmethod
    def _status(v, due) -> str:
        if v.beeindigd_op:
            return "beëindigd"
        if not v.actief:
            return "ingetrokken"
        if v.gepland:
            return "gepland"
        return "verifiëren" if v.id in due else "actief"

    def _fill(self, table: QTableWidget, rows: list[tuple[str, list[str], list[str]]]) -> None:
        sortable = table is self.table
        table.setSortingEnabled(False)
        table.setRowCount(len(rows))
        for r, (vid, values, tips) in enumerate(rows):
            for c, text in enumerate(values):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, vid)
                item.setToolTip(tips[c])
                table.setItem(r, c, item)
        table.setSortingEnabled(sortable)

    def reload_table(self) -> None:
        selected = self._selected_in(self.table)
        rows = self.visible_entries()
        due = {v.id for v in kaart_service.niet_geverifieerd(rows)}
        data = []
        for v in rows:
            gem = "regionaal" if v.regionaal else ", ".join(GEMEENTEN.get(g, g) for g in v.gemeenten)
            values = [v.naam, v.aanbieder, str(v.trede), gem, self._status(v, due)]
            data.append((v.id, values, [v.naam, v.aanbieder, TREDEN[v.trede], gem, values[4]]))
        self._fill(self.table, data)
        self._update_count()
        if not (selected and self._select_in(self.table, selected)) and rows:
            self.table.selectRow(0)
        if self._active_table() is self.table:
            if rows:
                # The selected row may keep its index while its content changed: refresh explicitly.
                self._show_selected()
            else:
                self.detail.setHtml("<p>Geen voorzieningen gevonden met deze filters.</p>")

    def reload_werklijst(self) -> None:
        selected = self._selected_in(self.werklijst)
        old_row = self.werklijst.currentRow()
        punten = self.werklijst_punten()
        data = []
        for p in punten:
            v = p.voorziening
            gem = "regionaal" if v.regionaal else ", ".join(GEMEENTEN.get(g, g) for g in v.gemeenten)
            open_ = kaart_service.open_punten_tekst(v)
            data.append((v.id, [v.naam, gem, p.tekst, open_], [v.naam, gem, p.tekst, open_ or "—"]))
        self._fill(self.werklijst, data)
        n = len(punten)
        self.tabs.setTabText(self.tab_werk, f"Kaart &compleet maken ({n})")
        if not (selected and self._select_in(self.werklijst, selected)) and n:
            # the entry just completed left the list: stay at its place
            self.werklijst.selectRow(min(max(old_row, 0), n - 1))
        self._update_count()
        if self._active_table() is self.werklijst:
            if n:
                self._show_selected()
            else:
                self.detail.setHtml("<p>De kaart is compleet: geen voorzieningen meer op de werklijst.</p>")

    def _update_count(self) -> None:
        if self._active_table() is self.werklijst:
            self.count_label.setText(f"{self.werklijst.rowCount()} voorzieningen om aan te vullen")
        else:
            self.count_label.setText(f"{self.table.rowCount()} van {len(self._all)} voorzieningen")

    @staticmethod
    def _selected_in(table: QTableWidget) -> str | None:
        items = table.selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    @staticmethod
    def _select_in(table: QTableWidget, voorziening_id: str) -> bool:
        for r in range(table.rowCount()):
            if table.item(r, 0).data(Qt.ItemDataRole.UserRole) == voorziening_id:
                table.selectRow(r)
                table.scrollToItem(table.item(r, 0))
                return True
        return False

    def selected_id(self) -> str | None:
        return self._selected_in(self._active_table())

    def selected(self):
        vid = self.selected_id()
        return next((v for v in self._all if v.id == vid), None)

    def select(self, voorziening_id: str) -> bool:
        ok = self._select_in(self._active_table(), voorziening_id)
        if ok:
            self._show_selected()
        return ok

    def toon_voorziening(self, voorziening_id: str) -> None:
        """Open one entry (used from the suggestions in a conversation)."""
        self.tabs.setCurrentIndex(0)
        for w in (self.trede, self.gemeente, self.kern, self.leefgebied, self.doelgroep):
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
        self.btn_retire.setEnabled(v.beeindigd_op is None or v.actief)

    # -- screenshots (toegang --screenshots) --------------------------------------------------------
    def prepare_screenshot(self) -> None:
        self.toon_voorziening("tw-volwassenenfonds")

    def extra_screenshots(self):
        def werklijst():
            if self.may_edit():
                self.tabs.setCurrentIndex(self.tab_werk)
            return self.window()

        def dialoog():
            from toegang_app.ui.voorziening_dialoog import VoorzieningDialoog

            v = self.selected() or (self._all[0] if self._all else None)
            dlg = VoorzieningDialoog(self.ctx, v, parent=self)
            dlg.show()
            dlg.f_doelgroepen.setFocus()
            dlg.scroll.ensureWidgetVisible(dlg.f_doelgroepen)
            self._screenshot_dialoog = dlg
            return dlg

        return [("compleet-maken", werklijst), ("dialoog", dialoog)]

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
