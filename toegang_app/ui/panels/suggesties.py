"""Suggesties: per need (behoefte) of the conversation, most urgent on top, a few voorzieningen each,
lightest rung first, with the reason it fits; the rest behind "meer tonen".

Wmo maatwerk and Jeugdwet individuele voorzieningen stay visibly locked (a lock drawn by the panel, not a
font glyph) until the worker records for that need why eigen kracht, netwerk, voorliggend veld and
algemene voorzieningen do not suffice (Wmo art. 2.3.2 lid 4 b-e). Keyboard: arrows choose, Enter refers
(or opens "meer tonen"), Ctrl+K opens the chosen voorziening in the kaart, Ctrl+O records an onderbouwing.
"""

from __future__ import annotations

import html
import logging
import time

from PySide6.QtCore import QEvent, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QAbstractItemView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain.vocab import LEEFGEBIEDEN, TE_VERIFIEREN, TOEGANG, TREDEN, WETTEN
from toegang_app.errors import UserError
from toegang_app.services import suggesties as service
from toegang_app.ui.verwijzing_dialoog import VerwijzingDialoog
from toegang_app.services.bronnen import bron_tekst

log = logging.getLogger(__name__)
ROLE_ID = Qt.ItemDataRole.UserRole
ROLE_LOCKED = Qt.ItemDataRole.UserRole + 1
ROLE_SOORT = Qt.ItemDataRole.UserRole + 2     # "behoefte" | "suggestie" | "meer" | "geblokkeerd"
ROLE_BEHOEFTE = Qt.ItemDataRole.UserRole + 3  # the need's key
ERNST_LABEL = {1: "zorg", 2: "probleem", 3: "ernstig"}
LOCKED_SHOWN = 3   # locked maatwerk rows shown per need; the rest wait behind "meer tonen" with the others

_LOCK: QIcon | None = None


def lock_icon() -> QIcon:
    """A small padlock drawn with QPainter: it renders the same on every PC, whatever the fonts."""
    global _LOCK
    if _LOCK is None:
        pm = QPixmap(32, 32)
        pm.fill(Qt.GlobalColor.transparent)
        qp = QPainter(pm)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing)
        qp.setPen(QPen(QColor("#8a1c1c"), 3.2))
        arc = QPainterPath()
        arc.moveTo(10, 15)
        arc.lineTo(10, 10)
        arc.arcTo(QRectF(10, 3, 12, 14), 180, -180)
        arc.lineTo(22, 15)
        qp.drawPath(arc)
        qp.setPen(Qt.PenStyle.NoPen)
        qp.setBrush(QColor("#8a1c1c"))
        qp.drawRoundedRect(QRectF(6, 14, 20, 15), 3, 3)
        qp.setBrush(QColor("#ffffff"))
        qp.drawEllipse(QRectF(14, 18.5, 4, 4))
        qp.drawRect(QRectF(15.2, 21, 1.6, 4.5))
        qp.end()
        _LOCK = QIcon(pm)
    return _LOCK


def voorwaarden_tekst(v) -> str:
    parts = []
    if v.leeftijd_min is not None or v.leeftijd_max is not None:
        lo = v.leeftijd_min if v.leeftijd_min is not None else 0
        parts.append(f"leeftijd {lo}-{v.leeftijd_max}" if v.leeftijd_max is not None else f"vanaf {lo} jaar")
    if v.inkomen_max_pct:
        parts.append(f"inkomen tot {v.inkomen_max_pct}% bijstandsnorm")
    if v.doelgroep:
        parts.append(v.doelgroep)
    if v.voorwaarden:
        parts.append(v.voorwaarden)
    return "; ".join(parts) if parts else "geen voorwaarden bekend"


class WrapDelegate(QStyledItemDelegate):
    """Rows that wrap instead of being cut off: name and provider on the first line, the reason below,
    as wide as the panel is."""

    PAD = 4

    def _text_rect(self, option, index) -> QRect:
        r = QRect(option.rect)
        view = option.widget
        if view is not None:
            r.setRight(view.viewport().width() - self.PAD)
        left = self.PAD + (22 if not index.data(Qt.ItemDataRole.DecorationRole) is None else 0)
        return r.adjusted(left, self.PAD // 2, 0, -self.PAD // 2)

    def sizeHint(self, option, index) -> QSize:  # noqa: N802 (Qt API)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        rect = self._text_rect(opt, index)
        width = max(rect.width(), 80)
        fm = opt.fontMetrics
        h = fm.boundingRect(QRect(0, 0, width, 100000), int(Qt.TextFlag.TextWordWrap), opt.text).height()
        return QSize(width, h + self.PAD + 2)

    def paint(self, painter, option, index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text = opt.text
        icon = index.data(Qt.ItemDataRole.DecorationRole)
        icon = icon if isinstance(icon, QIcon) else QIcon()
        opt.text = ""
        opt.icon = QIcon()
        style = opt.widget.style() if opt.widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = self._text_rect(opt, index)
        painter.save()
        if not icon.isNull():
            icon.paint(painter, QRect(opt.rect.left() + self.PAD, opt.rect.top() + self.PAD, 16, 16))
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = opt.palette.ColorRole.HighlightedText if selected else opt.palette.ColorRole.Text
        fg = index.data(Qt.ItemDataRole.ForegroundRole)
        painter.setPen(opt.palette.color(role) if selected or fg is None else fg.color())
        painter.setFont(opt.font)
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
                         text)
        painter.restore()


class OnderbouwingDialoog(QDialog):
    """Record, for one leefgebied, why the lighter rungs do not suffice."""

    def __init__(self, leefgebieden: list[str], bestaand: dict[str, str], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Onderbouwing maatwerk (Wmo art. 2.3.2 lid 4)")
        self.resize(620, 520)
        lay = QVBoxLayout(self)
        uitleg = QLabel("Maatwerk is het sluitstuk. Leg per leefgebied vast waarom eigen kracht, het netwerk, het "
                        "voorliggend veld en algemene voorzieningen niet genoeg zijn. Dit komt in het verslag.")
        uitleg.setWordWrap(True)
        lay.addWidget(uitleg)
        form = QFormLayout()
        self.leefgebied = QComboBox()
        self.leefgebied.setAccessibleName("Leefgebied")
        for lg in leefgebieden:
            self.leefgebied.addItem(LEEFGEBIEDEN.get(lg, lg), lg)
        form.addRow("Leefgebied", self.leefgebied)
        self.velden: dict[str, QPlainTextEdit] = {}
        for key, label in service.ONDERBOUWING_PUNTEN.items():
            edit = QPlainTextEdit()
            edit.setAccessibleName(label)
            edit.setTabChangesFocus(True)
            edit.setMaximumHeight(70)
            form.addRow(QLabel(label), edit)
            self.velden[key] = edit
        lay.addLayout(form)
        self.fout = QLabel()
        self.fout.setWordWrap(True)
        self.fout.setProperty("rol", "waarschuwing")
        self.fout.hide()
        lay.addWidget(self.fout)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        box.button(QDialogButtonBox.StandardButton.Save).setText("Vastleggen")
        box.button(QDialogButtonBox.StandardButton.Cancel).setText("Annuleren")
        box.accepted.connect(self._check)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.bestaand = bestaand
        self.leefgebied.currentIndexChanged.connect(self._fill)
        self._fill()

    def _fill(self) -> None:
        text = self.bestaand.get(self.leefgebied.currentData() or "", "")
        values = {}
        for line in text.splitlines():
            for key, label in service.ONDERBOUWING_PUNTEN.items():
                if line.startswith(label + ": "):
                    values[key] = line[len(label) + 2:]
        for key, edit in self.velden.items():
            edit.setPlainText(values.get(key, ""))

    def punten(self) -> dict[str, str]:
        return {k: e.toPlainText() for k, e in self.velden.items()}

    def _check(self) -> None:
        try:
            service.onderbouwing_tekst(self.punten())
        except UserError as exc:
            self.fout.setText(exc.message)
            self.fout.show()
            return
        self.accept()


class SuggestiesPanel(QWidget):
    def __init__(self, ctx, gesprek, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.gesprek = gesprek  # the open conversation (ui.gesprek_model.OpenGesprek)
        self.gesprek_id: int | None = None
        self._records: dict[str, str] = {}
        self._uitvraag = None
        self._advies = None
        self.last_update_ms = 0.0
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.samenvatting = QLabel()
        self.samenvatting.setWordWrap(True)
        self.samenvatting.setProperty("rol", "uitleg")
        self.samenvatting.setMinimumHeight(self.samenvatting.fontMetrics().lineSpacing() * 2 + 6)
        lay.addWidget(self.samenvatting)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setAccessibleName("Voorgestelde voorzieningen per behoefte, meest dringend eerst")
        self.tree.setRootIsDecorated(True)
        self.tree.setIndentation(14)
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.tree.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.tree.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.tree.header().setStretchLastSection(True)
        self.tree.setItemDelegate(WrapDelegate(self.tree))
        self.tree.viewport().installEventFilter(self)
        self._meer_open: set[str] = set()   # needs whose "meer tonen" the worker opened
        self._shown: tuple | None = None     # what the tree shows now (see _fill): unchanged => not rebuilt
        lay.addWidget(self.tree, 1)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAccessibleName("Waarom deze voorziening, voorwaarden en hoe te bereiken")
        self.detail.setMinimumHeight(self.detail.fontMetrics().lineSpacing() * 7 + 8)
        lay.addWidget(self.detail)
        buttons = QHBoxLayout()
        self.btn_kaart = QPushButton("In de kaart")
        self.btn_kaart.setAccessibleName("Open de voorziening in de sociale kaart")
        self.btn_verwijs = QPushButton("Verwijzen…")
        self.btn_verwijs.setAccessibleName("Maak een verwijzing naar deze voorziening")
        self.btn_onderbouw = QPushButton("Onderbouwen…")
        self.btn_onderbouw.setAccessibleName("Leg vast waarom lichtere hulp niet genoeg is (maatwerk)")
        for b in (self.btn_kaart, self.btn_verwijs, self.btn_onderbouw):
            buttons.addWidget(b)
        lay.addLayout(buttons)
        self.tree.currentItemChanged.connect(self._show_current)
        self.tree.itemActivated.connect(self._activated)
        self.tree.installEventFilter(self)
        self.btn_kaart.setToolTip("Open de gekozen voorziening in de sociale kaart (Ctrl+K)")
        self.btn_verwijs.setToolTip("Verwijs naar de gekozen voorziening (Enter in de lijst)")
        self.btn_onderbouw.setToolTip("Leg de onderbouwing vast voor de behoefte van het gekozen maatwerk (Ctrl+O)")
        self.btn_kaart.clicked.connect(self.open_in_kaart)
        self.btn_verwijs.clicked.connect(self.verwijs)
        self.btn_onderbouw.clicked.connect(self.onderbouw)
        self._show_current()
        gesprek.geladen.connect(self.set_dossier)
        gesprek.invoer_gewijzigd.connect(self.uitvraag_changed)
        gesprek.opgeslagen.connect(self._opgeslagen)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 (Qt API)
        if obj is self.tree.viewport() and event.type() == QEvent.Type.Resize:
            self.tree.doItemsLayout()   # rows wrap again at the new width
            return False
        if obj is self.tree and event.type() == QEvent.Type.KeyPress \
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            if event.key() == Qt.Key.Key_K:
                self.open_in_kaart()
                return True
            if event.key() == Qt.Key.Key_O:
                self.onderbouw()
                return True
        return super().eventFilter(obj, event)

    # -- panel protocol --------------------------------------------------------------------------
    def set_dossier(self, dossier) -> None:
        # no Alt letters here: they belong to the form fields beside this panel; Enter in the list refers
        nieuw_id = dossier.gesprek_id if dossier is not None else None
        if dossier is None or (self.gesprek_id is not None and nieuw_id != self.gesprek_id):
            self._meer_open = set()   # another conversation: "meer tonen" closes again
        self.gesprek_id = nieuw_id
        self._records = {}
        if self.gesprek_id is not None:
            try:
                self._records = service.onderbouwingen(self.ctx, self.gesprek_id)
            except UserError as exc:
                log.warning("onderbouwingen not loaded: %s", exc.message)
        if dossier is not None:
            self.uitvraag_changed(dossier.to_uitvraag())

    def _opgeslagen(self, _versie: int) -> None:
        self.gesprek_id = self.gesprek.gesprek_id

    def uitvraag_changed(self, uitvraag) -> None:
        t = time.perf_counter()
        self._uitvraag = service.met_onderbouwingen(uitvraag, self._records)
        try:
            self._advies = service.advies(self.ctx, self._uitvraag, geboortedatum=self.gesprek.geboortedatum)
        except UserError as exc:
            self._advies = None
            self.samenvatting.setText(exc.message)
            self.tree.clear()
            self._shown = None
            return
        self._fill()
        self.last_update_ms = (time.perf_counter() - t) * 1000

    # -- view ------------------------------------------------------------------------------------
    def _behoefte_titel(self, ba) -> str:
        b = ba.behoefte
        if b.soort == "veiligheid":   # acute danger and a suspicion apart (issue 21), one rule for both
            from toegang_app.domain.veiligheid import signaal

            acuut = signaal(self._uitvraag).soort == "acuut"
            return f"{b.label} · " + ("acuut gevaar: 112 en de veiligheidsroute eerst" if acuut
                                     else "vermoeden: start de Meldcode")
        ernst = ERNST_LABEL.get(b.ernst, "")
        if b.crisis:
            ernst = "crisis"
        soort = "" if b.soort != "dimensie" else "dimensie · "
        return f"{b.label} · {soort}{ernst} — {b.uitleg}"

    @staticmethod
    def _row_text(s, soort: str) -> tuple[str, str]:
        """(the row's two lines, its tooltip)."""
        v = s.voorziening
        lock = " · vergrendeld" if soort == "geblokkeerd" else ""
        reden = bron_tekst(s.reden)
        return (f"{v.naam} ({v.aanbieder}) · trede {v.trede}{lock}\n{reden}", f"{v.naam} ({v.aanbieder})\n{reden}")

    def _row(self, s, soort: str, current: str | None):
        v = s.voorziening
        text, tip = self._row_text(s, soort)
        it = QTreeWidgetItem([text])
        it.setData(0, ROLE_ID, v.id)
        it.setData(0, ROLE_LOCKED, soort == "geblokkeerd")
        it.setData(0, ROLE_SOORT, soort)
        it.setData(0, ROLE_BEHOEFTE, s.behoefte)
        it.setToolTip(0, tip)
        if soort == "geblokkeerd":
            it.setIcon(0, lock_icon())
            it.setForeground(0, QBrush(QColor("#555555")))
        return it

    def _groups(self) -> list[tuple]:
        """Per need: (need, its title, rows (suggestion, soort), hidden count behind "meer tonen"). Rows
        behind a closed "meer tonen" are not built; a need shows a few locked rows, the rest wait there too."""
        out = []
        for ba in self._advies.behoeften:
            open_ = ba.behoefte.sleutel in self._meer_open
            locked = ba.geblokkeerd if open_ else ba.geblokkeerd[:LOCKED_SHOWN]
            rows = [(s, "suggestie") for s in ba.suggesties]
            if open_:
                rows += [(s, "meer") for s in ba.meer]
            rows += [(s, "geblokkeerd") for s in locked]
            hidden = 0 if open_ else len(ba.meer) + len(ba.geblokkeerd) - len(locked)
            out.append((ba, self._behoefte_titel(ba), rows, hidden))
        return out

    def _veiligheid_tekst(self) -> str:
        """Acute danger and a suspicion apart (issue 21): one rule (domain.veiligheid.signaal), the texts
        from resources/veiligheid.yaml, as in the Veiligheid tab and the AVE panel."""
        from toegang_app.domain.veiligheid import signaal

        sig = signaal(self._uitvraag)
        soort = "acuut" if sig.soort == "acuut" else "vermoeden"
        cfg = getattr(self.ctx.resources, "veiligheid", None) if self.ctx.resources is not None else None
        tekst = cfg.teksten.get(soort) if cfg is not None else None
        if tekst is None:  # the safety rules did not load: still never "acuut" for a suspicion
            return ("<b>Acuut gevaar: veiligheid eerst.</b> Bij acuut gevaar belt u 112." if soort == "acuut" else
                    "<b>Vermoeden van huiselijk geweld: start de Meldcode.</b>")
        return f"<b>{html.escape(tekst.kop)}.</b> {html.escape(tekst.tekst)}"

    def _fill(self) -> None:
        a = self._advies
        groups = self._groups()
        n_locked = len(a.geblokkeerd)
        if a.veiligheidsroute_actief:
            summary = self._veiligheid_tekst()
        elif not a.behoeften:
            summary = "Nog geen suggesties. Vul scores, 'over praten' of signalen in."
        else:
            summary = (f"{len(a.behoeften)} behoeften, meest dringend eerst · {len(a.suggesties)} suggesties"
                       + (f" · {len(a.meer)} achter 'meer tonen'" if a.meer else "")
                       + (f" · {n_locked} maatwerk vergrendeld" if n_locked else ""))
        if summary != self.samenvatting.text():
            self.samenvatting.setText(summary)
        shape = tuple((ba.behoefte.sleutel, ba.behoefte.soort, tuple((s.voorziening.id, soort) for s, soort in rows),
                       hidden) for ba, _title, rows, hidden in groups)
        if shape == self._shown and self.tree.topLevelItemCount() == len(groups):
            # the same needs and rows: keep the tree (its scroll position and the chosen row); only texts
            # that changed (a reason naming a score, a need's explanation) are set again
            for i, (_ba, title, rows, _hidden) in enumerate(groups):
                head = self.tree.topLevelItem(i)
                if head.text(0) != title:
                    head.setText(0, title)
                    head.setToolTip(0, title)
                for j, (sug, soort) in enumerate(rows):
                    it = head.child(j)
                    text, tip = self._row_text(sug, soort)
                    if it.text(0) != text:
                        it.setText(0, text)
                        it.setToolTip(0, tip)
            self._show_current()
            return
        self._shown = shape
        current = self.current_id()
        self.tree.setUpdatesEnabled(False)
        self.tree.clear()
        bold = QFont()
        bold.setBold(True)
        restore = None
        for ba, title, rows, hidden in groups:
            b = ba.behoefte
            head = QTreeWidgetItem([title])
            head.setFont(0, bold)
            head.setData(0, ROLE_SOORT, "behoefte")
            head.setData(0, ROLE_BEHOEFTE, b.sleutel)
            head.setToolTip(0, title)
            if b.soort == "veiligheid":
                head.setForeground(0, QBrush(QColor("#8a1c1c")))
            self.tree.addTopLevelItem(head)
            if not rows and not hidden:
                leeg = QTreeWidgetItem(["Geen passende voorziening in de kaart: bespreek eigen kracht en netwerk."])
                leeg.setData(0, ROLE_SOORT, "leeg")
                leeg.setForeground(0, QBrush(QColor("#555555")))
                head.addChild(leeg)
            for s, soort in rows:
                it = self._row(s, soort, current)
                head.addChild(it)
                if s.voorziening.id == current:
                    restore = it
            if hidden:
                more = QTreeWidgetItem([f"Meer tonen ({hidden})…"])
                more.setData(0, ROLE_SOORT, "meer_tonen")
                more.setData(0, ROLE_BEHOEFTE, b.sleutel)
                more.setToolTip(0, "Toon de andere passende voorzieningen voor deze behoefte (Enter)")
                more.setForeground(0, QBrush(QColor("#1a4f8a")))
                head.addChild(more)
                if current == f"meer:{b.sleutel}":
                    restore = more
            head.setExpanded(True)
        self.tree.setUpdatesEnabled(True)
        if restore is not None:
            self.tree.setCurrentItem(restore)
        self._show_current()

    def current_id(self) -> str | None:
        it = self.tree.currentItem()
        if it is None:
            return None
        if it.data(0, ROLE_SOORT) == "meer_tonen":
            return f"meer:{it.data(0, ROLE_BEHOEFTE)}"
        return it.data(0, ROLE_ID)

    def _activated(self, item, _col=0) -> None:
        soort = item.data(0, ROLE_SOORT)
        if soort == "meer_tonen":
            self.meer_tonen(item.data(0, ROLE_BEHOEFTE))
        elif soort in ("suggestie", "meer"):
            self.verwijs()
        elif soort == "geblokkeerd":
            self.onderbouw()

    def meer_tonen(self, sleutel: str) -> None:
        """Show the other fitting voorzieningen of one need; the first of them becomes the current row."""
        self._meer_open.add(sleutel)
        ba = next((x for x in (self._advies.behoeften if self._advies else []) if x.behoefte.sleutel == sleutel), None)
        self._fill()
        first = (ba.meer or ba.geblokkeerd[LOCKED_SHOWN:LOCKED_SHOWN + 1]) if ba else []
        if first:
            for i in range(self.tree.topLevelItemCount()):
                head = self.tree.topLevelItem(i)
                for j in range(head.childCount()):
                    if head.child(j).data(0, ROLE_ID) == first[0].voorziening.id:
                        self.tree.setCurrentItem(head.child(j))
                        return

    def _current(self):
        vid = self.current_id()
        if vid is None or self._advies is None:
            return None, False
        it = self.tree.currentItem()
        soort, need = it.data(0, ROLE_SOORT), it.data(0, ROLE_BEHOEFTE)
        if soort == "meer":   # only then the need's "meer tonen" list is built (it is open)
            rows = next((ba.meer for ba in self._advies.behoeften if ba.behoefte.sleutel == need), [])
        elif soort == "geblokkeerd":
            rows = self._advies.geblokkeerd
        else:
            rows = self._advies.suggesties
        for s in rows:
            if s.voorziening.id == vid:
                return s, soort == "geblokkeerd"
        return None, False

    def _show_current(self, *_args) -> None:
        s, locked = self._current()
        has = s is not None
        self.btn_kaart.setEnabled(has)
        self.btn_verwijs.setEnabled(has and not locked)
        self.btn_onderbouw.setEnabled(bool(self._advies and self._advies.geblokkeerd))
        if not has:
            self.detail.setText("Kies een voorziening om te zien waarom ze past.")
            return
        v = s.voorziening
        toegang = TOEGANG.get(v.toegang, TE_VERIFIEREN) if v.toegang else TE_VERIFIEREN
        wet = f" · {WETTEN.get(v.wet, v.wet)}" if v.wet else ""
        lock = ("<br><span style='color:#8a1c1c'><b>Vergrendeld:</b> leg eerst vast waarom eigen kracht, netwerk, "
                "voorliggend veld en algemene voorzieningen niet genoeg zijn (knop Onderbouwen).</span>") if locked else ""
        self.detail.setText(bron_tekst(
            f"<b>{html.escape(v.naam)}</b> ({html.escape(v.aanbieder)}) · trede {v.trede}{html.escape(wet)}<br>"
            f"<b>Waarom:</b> {html.escape(s.reden)}<br>"
            f"<b>Voorwaarden:</b> {html.escape(voorwaarden_tekst(v))}<br>"
            f"<b>Hoe te bereiken:</b> {html.escape(toegang)}{lock}"))

    # -- actions ---------------------------------------------------------------------------------
    def open_in_kaart(self) -> None:
        vid = self.current_id()
        if vid and self.gesprek.shell is not None:
            self.gesprek.shell.show_screen("kaart").toon_voorziening(vid)

    def verwijs(self) -> None:
        s, locked = self._current()
        if s is None or locked:
            return
        gid = self.gesprek.zorg_voor_opslag()
        if gid is None:
            self.detail.setText("Het gesprek kon nog niet worden opgeslagen; zie de melding bovenaan. Daarna kunt u verwijzen.")
            return
        self.gesprek_id = gid
        dlg = VerwijzingDialoog(self.ctx, self.gesprek_id, voorziening_id=s.voorziening.id, parent=self)
        if dlg.exec():
            self.gesprek.nieuwe_versie(dlg.verwijzing_id.gesprek_versie)
            self.gesprek.verwijzing_gewijzigd()

    def onderbouw(self) -> None:
        if not self._advies or not self._advies.geblokkeerd:
            return
        gid = self.gesprek.zorg_voor_opslag()
        if gid is None:
            self.detail.setText("Het gesprek kon nog niet worden opgeslagen; zie de melding bovenaan.")
            return
        self.gesprek_id = gid
        s, locked = self._current()
        it = self.tree.currentItem()
        eerst = (s.behoefte if s is not None else None) or (it.data(0, ROLE_BEHOEFTE) if it is not None else None)
        leefgebieden = list(dict.fromkeys(g.behoefte for g in self._advies.geblokkeerd if g.behoefte))
        if eerst in leefgebieden:   # the dialog opens on the need of the selected item
            leefgebieden.remove(eerst)
            leefgebieden.insert(0, eerst)
        dlg = OnderbouwingDialoog(leefgebieden, self._records, self)
        if not dlg.exec():
            return
        try:
            tekst = service.leg_onderbouwing_vast(self.ctx, self.gesprek_id, dlg.leefgebied.currentData(), dlg.punten())
        except UserError as exc:
            self.detail.setText(html.escape(exc.message))
            return
        self._records[dlg.leefgebied.currentData()] = tekst
        self.uitvraag_changed(self.gesprek.uitvraag or self._uitvraag)
