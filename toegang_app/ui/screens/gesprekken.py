"""Gesprekken: find a resident as you type, start a conversation (Ctrl+N), reopen recent ones and
unsaved drafts; the conversation itself is edited in the GesprekEditor on the same screen."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain import vocab
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.ui.screens.base import Screen

log = logging.getLogger(__name__)

WACHT = "Even geduld: Toegang opent de database. Daarna gaat het vanzelf verder."


class _Lazy:
    """A service module imported on first use: this screen is shown before the database layer has
    loaded (see ``MainWindow.attach``), so importing the services must not delay it."""

    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attr):
        import importlib

        return getattr(importlib.import_module(self._name), attr)


svc = _Lazy("toegang_app.services.gesprekken")
lijsten = _Lazy("toegang_app.services.gesprekslijsten")  # on Core: the start screen fills before the ORM loads
concepten = _Lazy("toegang_app.services.concepten")


def _geboren(r) -> str:
    if r.geboortedatum:
        return r.geboortedatum.strftime("%d-%m-%Y")
    return str(r.geboortejaar) if r.geboortejaar else "onbekend"


_ALLEEN_LEZEN = Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEnabled


class _RijenModel(QStandardItemModel):
    """A read-only table of plain rows: subclasses give the headers, the shown values and the id.

    The shown texts are held by Qt (a QStandardItem per cell, tooltip the same text): sizing the
    columns to their contents and painting ask the model for some eight roles of every cell, and a
    Python ``data()`` answered each of those calls (issue 26: 2 240 calls, 13 ms, to size the 40 rows
    of the recent list when the start screen is filled, and 8 ms for every paint; now 3 ms and 1 ms)."""

    HEADERS: list[str] = []

    def __init__(self, parent=None):
        super().__init__(0, len(self.HEADERS), parent)
        self.setHorizontalHeaderLabels(self.HEADERS)
        self.rows: list = []

    def set_rows(self, rows) -> None:
        self.rows = list(rows)
        self.setRowCount(0)
        self.setRowCount(len(self.rows))
        for r, rij in enumerate(self.rows):
            self._toon_rij(r, rij)

    def _toon_rij(self, r: int, rij) -> None:
        for c, tekst in enumerate(self.waarden(rij)):
            item = QStandardItem(tekst)
            item.setToolTip(tekst)
            item.setFlags(_ALLEEN_LEZEN)
            self.setItem(r, c, item)

    def sleutel_van(self, index):
        """The id of the row of ``index`` (any column); None when it is no row."""
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        return self.sleutel(self.rows[index.row()])

    def waarden(self, r) -> list[str]:
        raise NotImplementedError

    def sleutel(self, r):
        raise NotImplementedError


class InwonerModel(_RijenModel):
    HEADERS = ["Naam", "Geboren", "Kern", "Postcode", "BSN"]

    def waarden(self, r: svc.InwonerRij) -> list[str]:
        naam = r.naam + (" (synthetisch)" if r.synthetisch and "synthetisch" not in r.naam.lower() else "")
        return [naam, _geboren(r), r.kern or vocab.GEMEENTEN.get(r.gemeente, r.gemeente), r.postcode or "",
                r.bsn_kort or ""]

    def sleutel(self, r: svc.InwonerRij) -> int:
        return r.id


class GesprekModel(_RijenModel):
    HEADERS = ["Laatste contact", "Inwoner", "Kern", "Vraag", "AVE", "Status", "Eigenaar"]

    def __init__(self, kleuren: dict[int, str], parent=None):
        super().__init__(parent)
        self.kleuren = kleuren  # AVE phase -> colour name, from resources/ave.yaml

    @property
    def kleuren(self) -> dict[int, str]:
        return self._kleuren

    @kleuren.setter
    def kleuren(self, kleuren: dict[int, str]) -> None:
        self._kleuren = kleuren
        for r, rij in enumerate(self.rows):  # the AVE column names the colour
            self._toon_rij(r, rij)

    def waarden(self, r: lijsten.GesprekRij) -> list[str]:
        kleur = self.kleuren.get(r.ave_fase)
        ave = (f"{r.ave_fase} ({kleur})" if kleur else str(r.ave_fase)) if r.ave_fase else "–"
        contact = r.laatste_contact.strftime("%d-%m-%Y %H:%M") if r.laatste_contact else r.datum.strftime("%d-%m-%Y")
        return [contact, r.naam, r.kern or vocab.GEMEENTEN.get(r.gemeente, r.gemeente),
                r.vraag, ave, r.status, r.eigenaar]

    def sleutel(self, r: lijsten.GesprekRij) -> int:
        return r.gesprek_id


class GesprekkenScherm(Screen):
    title = "Gesprekken"

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(ctx, shell, parent)
        self._drafts_checked = False
        self._na_laden = None  # what to do once the database is open (asked for while it opened)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(14, 10, 14, 10)
        self.pages = QStackedWidget()
        lay.addWidget(self.pages)
        self.overzicht = QWidget()
        self._build_overzicht(self.overzicht)
        self.pages.addWidget(self.overzicht)
        self._editor = None  # built on first use: the start screen appears without it
        self._search_timer = QTimer(self, singleShot=True, interval=150, timeout=self.zoek)
        act = QAction(self)
        act.setShortcut(QKeySequence("Ctrl+N"))
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        act.triggered.connect(self.nieuw_gesprek)
        self.addAction(act)
        self.act_nieuw = act
        act_f = QAction(self)
        act_f.setShortcut(QKeySequence("Ctrl+F"))
        act_f.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        act_f.triggered.connect(self._focus_zoek)
        self.addAction(act_f)

    @property
    def editor(self):
        """The conversation editor, built the first time a conversation is opened or started."""
        if self._editor is None:
            from toegang_app.ui.gesprek_editor import GesprekEditor

            self._editor = GesprekEditor(self.ctx, self.shell, self)
            self.pages.addWidget(self._editor)
            self._editor.gesloten.connect(self._editor_gesloten)
            self._editor.opgeslagen.connect(self._na_opslaan)
        return self._editor

    def _na_opslaan(self, _gesprek_id=None) -> None:
        """A save changes what the lists show: the recent conversations and the search results (a resident
        searched for and not found may exist now)."""
        self._refresh_recent()
        if self.zoekveld.text().strip():
            self._search_timer.stop()
            self.zoek()

    def _in_editor(self) -> bool:
        return self._editor is not None and self.pages.currentWidget() is self._editor

    # -- overview ----------------------------------------------------------------------------------
    def _build_overzicht(self, page: QWidget) -> None:
        lay = QVBoxLayout(page)
        lay.setContentsMargins(0, 0, 0, 0)
        top = QHBoxLayout()
        top.addWidget(self.heading("Gesprekken"), 1)
        self.btn_nieuw = QPushButton("&Nieuw gesprek (Ctrl+N)")
        self.btn_nieuw.setAccessibleName("Nieuw gesprek")
        self.btn_nieuw.clicked.connect(self.nieuw_gesprek)
        top.addWidget(self.btn_nieuw)
        lay.addLayout(top)
        self.melding = QLabel()
        self.melding.setWordWrap(True)
        self.melding.setAccessibleName("Melding")
        self.melding.setStyleSheet("background:#fff4e5; border:1px solid #e0a84f; padding:6px;")
        self.melding.hide()
        lay.addWidget(self.melding)

        zoekrij = QHBoxLayout()
        lab = QLabel("&Zoek inwoner:")
        self.zoekveld = QLineEdit()
        self.zoekveld.setAccessibleName("Zoek inwoner")
        self.zoekveld.setPlaceholderText("naam, geboortedatum (dd-mm-jjjj), BSN, postcode of kern")
        self.zoekveld.setClearButtonEnabled(True)
        lab.setBuddy(self.zoekveld)
        self.zoekveld.textChanged.connect(lambda _t: self._search_timer.start())
        self.zoekveld.returnPressed.connect(self._enter_in_zoek)
        zoekrij.addWidget(lab)
        zoekrij.addWidget(self.zoekveld, 1)
        lay.addLayout(zoekrij)

        split = self.split = QSplitter(Qt.Orientation.Vertical)
        boven = QWidget()
        bl = QVBoxLayout(boven)
        bl.setContentsMargins(0, 0, 0, 0)
        self.zoek_info = QLabel("Typ om te zoeken. Pijl omlaag gaat naar de resultaten.")
        self.zoek_info.setProperty("rol", "uitleg")
        bl.addWidget(self.zoek_info)
        self.inwoner_model = InwonerModel(self)
        self.inwoners = self._table(self.inwoner_model, "Gevonden inwoners")
        self.inwoners.activated.connect(self._inwoner_gekozen)
        bl.addWidget(self.inwoners, 1)
        rij = QHBoxLayout()
        self.btn_gesprek_inwoner = QPushButton("Nieuw gesprek met deze &inwoner")
        self.btn_gesprek_inwoner.clicked.connect(self._nieuw_voor_gekozen)
        self.btn_open_laatste = QPushButton("&Eerdere gesprekken tonen")
        self.btn_open_laatste.clicked.connect(self._toon_gesprekken_inwoner)
        rij.addWidget(self.btn_gesprek_inwoner)
        rij.addWidget(self.btn_open_laatste)
        rij.addStretch(1)
        bl.addLayout(rij)
        split.addWidget(boven)

        onder = QWidget()
        ol = QHBoxLayout(onder)
        ol.setContentsMargins(0, 0, 0, 0)
        recent_box = QVBoxLayout()
        self.recent_titel = QLabel("Recente gesprekken")
        self.recent_titel.setProperty("rol", "subkop")
        recent_box.addWidget(self.recent_titel)
        self.gesprek_model = GesprekModel(self._ave_kleuren(), self)
        self.recent = self._table(self.gesprek_model, "Recente gesprekken")
        self.recent.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.recent.activated.connect(self._gesprek_gekozen)
        # a resident's conversations: the history of their spinnenwebs above the list (services.vervolg),
        # built when first shown (``webs``): the start screen does not draw spinnenwebs
        self._webs = None
        self._recent_box = recent_box
        recent_box.addWidget(self.recent, 1)
        self.btn_vervolg = QPushButton("&Vervolggesprek op het gekozen gesprek")
        self.btn_vervolg.setAccessibleName("Begin een vervolggesprek: huishouden, netwerk en open afspraken gaan mee")
        self.btn_vervolg.clicked.connect(self.start_vervolg)
        recent_box.addWidget(self.btn_vervolg, 0, Qt.AlignmentFlag.AlignLeft)
        ol.addLayout(recent_box, 3)
        concept_box = QVBoxLayout()
        ct = QLabel("Niet opgeslagen gesprekken")
        ct.setProperty("rol", "subkop")
        concept_box.addWidget(ct)
        self.concepten = QListWidget()
        self.concepten.setAccessibleName("Niet opgeslagen gesprekken (concepten)")
        self.concepten.itemActivated.connect(self._concept_gekozen)
        concept_box.addWidget(self.concepten, 1)
        self.btn_concept_weg = QPushButton("Concept &weggooien")
        self.btn_concept_weg.clicked.connect(self._concept_weggooien)
        concept_box.addWidget(self.btn_concept_weg)
        ol.addLayout(concept_box, 1)
        split.addWidget(onder)
        split.setSizes([300, 300])
        lay.addWidget(split, 1)
        self.setTabOrder(self.btn_nieuw, self.zoekveld)
        self.setTabOrder(self.zoekveld, self.inwoners)
        self.setTabOrder(self.inwoners, self.btn_gesprek_inwoner)
        self.setTabOrder(self.btn_gesprek_inwoner, self.btn_open_laatste)
        self.setTabOrder(self.btn_open_laatste, self.recent)
        self.setTabOrder(self.recent, self.btn_vervolg)
        self.setTabOrder(self.btn_vervolg, self.concepten)
        self.setTabOrder(self.concepten, self.btn_concept_weg)

    @property
    def webs(self):
        """The history of the chosen resident's spinnenwebs, above the recent list (hidden until shown)."""
        if self._webs is None:
            from toegang_app.ui.widgets.web_geschiedenis import WebGeschiedenis

            self._webs = WebGeschiedenis()
            self._webs.hide()
            self._recent_box.insertWidget(self._recent_box.indexOf(self.recent), self._webs)
        return self._webs

    def _ave_kleuren(self) -> dict[int, str]:
        res = getattr(self.ctx, "resources", None)
        ave_cfg = getattr(res, "ave", None) if res is not None else None
        return {n: f.kleur_naam for n, f in ave_cfg.fasen.items()} if ave_cfg else {}

    def verbonden(self) -> None:
        """``self.ctx`` has just been set (the window was shown before the database was open): fill
        the lists, then do what the user already asked for while waiting."""
        self.gesprek_model.kleuren = self._ave_kleuren()
        self.melding.hide()
        self.on_shown()
        pending, self._na_laden = self._na_laden, None
        if pending is not None:
            pending()
        elif self.zoekveld.text().strip():
            self.zoek()

    def _wacht(self, actie) -> bool:
        """True (and ``actie`` kept for later) while the database is still opening."""
        if self.ctx is not None:
            return False
        self._na_laden = actie
        self._toon_melding(WACHT)
        return True

    def _table(self, model, name: str) -> QTableView:
        t = QTableView()
        t.setModel(model)
        t.setAccessibleName(name)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.verticalHeader().hide()
        t.horizontalHeader().setStretchLastSection(True)
        t.setAlternatingRowColors(True)
        t.setTabKeyNavigation(False)
        return t

    # -- life cycle --------------------------------------------------------------------------------
    def on_shown(self) -> None:
        if self.ctx is None:
            self.recent_titel.setText("Recente gesprekken (worden geladen…)")
            return
        if self.pages.currentWidget() is self.overzicht:
            self._refresh_recent()
            self._refresh_concepten()
        if not self._drafts_checked:
            self._drafts_checked = True
            self.herstel_concept()

    def can_leave(self) -> bool:
        return not self._in_editor() or self.editor.can_leave() or False

    def _focus_zoek(self) -> None:
        if self.pages.currentWidget() is self.overzicht:
            self.zoekveld.setFocus()
            self.zoekveld.selectAll()

    def _toon_melding(self, text: str) -> None:
        self.melding.setText(text)
        self.melding.show()

    def _refresh_recent(self) -> None:
        try:
            rows = lijsten.recente_gesprekken(self.ctx)
        except UserError as exc:
            self._toon_melding(exc.message)
            rows = []
        self.recent_titel.setText("Recente gesprekken")
        self.gesprek_model.set_rows(rows)
        if self._webs is not None:
            self._webs.hide()
        self.recent.resizeColumnsToContents()
        self.recent.setColumnWidth(3, min(self.recent.columnWidth(3), 360))

    def _refresh_concepten(self) -> None:
        self.concepten.clear()
        try:
            items = concepten.open_concepten(self.ctx)
        except UserError:
            items = []
        for c in items:
            it = QListWidgetItem(f"{c.dossier.titel}\nbewaard {c.bewaard_op:%d-%m-%Y %H:%M}")
            it.setData(Qt.ItemDataRole.UserRole, c.sleutel)
            self.concepten.addItem(it)
        self.btn_concept_weg.setEnabled(bool(items))

    # -- search ------------------------------------------------------------------------------------
    def zoek(self) -> None:
        text = self.zoekveld.text().strip()
        if not text:
            self.inwoner_model.set_rows([])
            self.zoek_info.setText("Typ om te zoeken. Pijl omlaag gaat naar de resultaten.")
            return
        if self.ctx is None:
            self.zoek_info.setText("Even geduld: de database wordt geopend. Daarna wordt er gezocht.")
            return
        try:
            rows = svc.zoek_inwoners(self.ctx, text)
        except (UserError, InvalidInput) as exc:
            self.zoek_info.setText(exc.message)
            return
        self.inwoner_model.set_rows(rows)
        self.inwoners.resizeColumnsToContents()
        if rows:
            self.inwoners.selectRow(0)
            more = " (de eerste 50; typ meer om te verfijnen)" if len(rows) >= 50 else ""
            self.zoek_info.setText(f"{len(rows)} inwoner(s) gevonden{more}. Enter: eerdere gesprekken.")
        else:
            self.zoek_info.setText("Geen inwoner gevonden. Ctrl+N: nieuw gesprek met een nieuwe inwoner.")

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key.Key_Down and self.zoekveld.hasFocus() and self.inwoner_model.rowCount():
            self.inwoners.setFocus()
            return
        super().keyPressEvent(event)

    def _enter_in_zoek(self) -> None:
        self._search_timer.stop()
        self.zoek()
        if self.inwoner_model.rowCount():
            self._toon_gesprekken_inwoner()

    def _gekozen_inwoner(self) -> int | None:
        idx = self.inwoners.currentIndex()
        return self.inwoner_model.sleutel_van(idx)

    def _inwoner_gekozen(self, _index) -> None:
        self._toon_gesprekken_inwoner()

    def _toon_gesprekken_inwoner(self) -> None:
        iid = self._gekozen_inwoner()
        if iid is None:
            return
        try:
            rows = lijsten.gesprekken_van_inwoner(self.ctx, iid)
        except UserError as exc:
            self._toon_melding(exc.message)
            return
        naam = self.inwoner_model.rows[self.inwoners.currentIndex().row()].naam
        self.recent_titel.setText(f"Gesprekken van {naam}")
        self.gesprek_model.set_rows(rows)
        self._toon_webs(iid)
        self.recent.resizeColumnsToContents()
        if rows:
            self.recent.selectRow(0)
            self.recent.setFocus()
        else:
            self._toon_melding(f"{naam} heeft nog geen gesprekken. Kies 'Nieuw gesprek met deze inwoner'.")

    def _toon_webs(self, inwoner_id: int | None) -> None:
        """The resident's spinnenwebs over time (from two conversations with scores on)."""
        from toegang_app.services import vervolg

        momenten = []
        if inwoner_id is not None:
            try:
                momenten = vervolg.webs_van_inwoner(self.ctx, inwoner_id)
            except UserError as exc:
                log.info("webs not read: %s", exc.message)
        self.webs.toon(momenten if len(momenten) >= 2 else [])
        self.webs.setVisible(len(momenten) >= 2)
        if len(momenten) >= 2:   # room for the webs: the search results shrink to a few rows
            self.split.setSizes([160, max(self.split.height() - 160, 420)])

    def start_vervolg(self) -> int | None:
        """A follow-up of the chosen conversation: stored at once with what carries over, then opened."""
        from toegang_app.services import vervolg

        idx = self.recent.currentIndex()
        gid = self.gesprek_model.sleutel_van(idx)
        if gid is None:
            self._toon_melding("Kies eerst het gesprek waarop dit een vervolg is.")
            return None
        if not self._editor_vrij():
            return None
        try:
            nieuw = vervolg.start_vervolg(self.ctx, gid)
        except UserError as exc:
            self._toon_melding(exc.message)
            return None
        self.open_gesprek(nieuw)
        self.editor.stappen.setCurrentIndex(2)   # Gezondheid: the dimensions are asked again
        return nieuw

    def _nieuw_voor_gekozen(self) -> None:
        iid = self._gekozen_inwoner()
        if iid is not None:
            self.nieuw_gesprek(inwoner_id=iid)

    def _gesprek_gekozen(self, index) -> None:
        gid = self.gesprek_model.sleutel_van(index)
        if gid is not None:
            self.open_gesprek(gid)

    # -- opening -----------------------------------------------------------------------------------
    def _editor_vrij(self) -> bool:
        return not self._in_editor() or self.editor.can_leave()

    def nieuw_gesprek(self, _checked=False, inwoner_id: int | None = None) -> bool:
        if self._wacht(lambda: self.nieuw_gesprek(inwoner_id=inwoner_id)):
            return False
        if not self._editor_vrij():
            return False
        try:
            d = svc.nieuw_dossier(self.ctx, inwoner_id)
        except UserError as exc:
            self._toon_melding(exc.message)
            return False
        if inwoner_id is None:
            text = self.zoekveld.text().strip()
            if text and not any(c.isdigit() for c in text):
                d.inwoner.naam = text  # typed a name, found nobody: start with it
        self.editor.laad(d)
        self._toon_editor(self.editor.f_naam if inwoner_id is None else self.editor.f_vraag, stap=0 if inwoner_id is None else 1)
        return True

    def open_gesprek(self, gesprek_id: int) -> bool:
        """Open a stored conversation (also used by the werkvoorraad and AVE case list)."""
        if self._in_editor() and self.editor.dossier is not None and self.editor.gesprek_id == gesprek_id:
            return True
        if not self._editor_vrij():
            return False
        try:
            d = svc.laad_gesprek(self.ctx, gesprek_id)
        except UserError as exc:
            self.pages.setCurrentWidget(self.overzicht)
            self._toon_melding(exc.message)
            return False
        # an unsaved draft of this conversation wins: nothing typed is lost
        for c in concepten.open_concepten(self.ctx):
            if c.sleutel == f"gesprek-{gesprek_id}":
                self.editor.laad(c.dossier, basis=c.basis or d, sleutel=c.sleutel, dirty=True)
                self.editor._toon_melding(f"Niet-opgeslagen invoer van {c.bewaard_op:%d-%m-%Y %H:%M} is teruggezet. "
                                          "Sla op om hem te bewaren.")
                self._toon_editor(self.editor.stappen)
                return True
        self.editor.laad(d, basis=d)
        self._toon_editor(self.editor.stappen)
        return True

    def _toon_editor(self, focus: QWidget, stap: int | None = None) -> None:
        self.pages.setCurrentWidget(self.editor)
        if stap is not None:
            self.editor.stappen.setCurrentIndex(stap)
        focus.setFocus()

    def _editor_gesloten(self) -> None:
        self.pages.setCurrentWidget(self.overzicht)
        self._na_opslaan()
        self._refresh_concepten()
        self.zoekveld.setFocus()

    # -- drafts ------------------------------------------------------------------------------------
    def herstel_concept(self) -> bool:
        """After a crash: open the newest unsaved draft with a notice."""
        try:
            items = concepten.open_concepten(self.ctx)
        except UserError:
            return False
        if not items:
            return False
        c = items[0]
        self._open_concept(c)
        extra = f" Er zijn nog {len(items) - 1} andere niet-opgeslagen gesprekken." if len(items) > 1 else ""
        self.editor._toon_melding(
            f"Dit gesprek was nog niet opgeslagen toen Toegang stopte. Het is teruggezet zoals het was "
            f"(bewaard om {c.bewaard_op:%H:%M} op {c.bewaard_op:%d-%m-%Y}). Controleer het en sla op (Ctrl+S).{extra}")
        return True

    def _open_concept(self, c) -> None:
        basis = c.basis
        self.editor.laad(c.dossier, basis=basis, sleutel=c.sleutel, dirty=True)
        self._toon_editor(self.editor.stappen)

    def _concept_gekozen(self, item) -> None:
        if not self._editor_vrij():
            return
        key = item.data(Qt.ItemDataRole.UserRole)
        for c in concepten.open_concepten(self.ctx):
            if c.sleutel == key:
                self._open_concept(c)
                return

    def _concept_weggooien(self) -> None:
        item = self.concepten.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(self, "Concept weggooien",
                                      "Dit niet-opgeslagen gesprek weggooien? Dit kan niet ongedaan worden gemaakt.")
        if answer == QMessageBox.StandardButton.Yes:
            concepten.verwijder_concept(self.ctx, item.data(Qt.ItemDataRole.UserRole))
            self._refresh_concepten()

    # -- screenshots -------------------------------------------------------------------------------
    def prepare_screenshot(self) -> None:
        """Show a synthetic demo conversation (never a real person)."""
        from toegang_app.services.demo_gesprek import demo_dossier

        self.editor.laad(demo_dossier(self.ctx), basis=None, dirty=False)
        self.editor._refresh_panels()
        self.pages.setCurrentWidget(self.editor)
        self.editor.stappen.setCurrentIndex(2)

    def extra_screenshots(self):
        out = []
        for i, name in ((0, "inwoner"), (1, "aanmelding"), (4, "leefgebieden")):
            def shot(i=i):
                self.editor.stappen.setCurrentIndex(i)
                return self.window()
            out.append((name, shot))
        return out
