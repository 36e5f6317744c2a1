"""AVE-fase: the proposed phase (colour and text) with the answers that drove it, live with the
conversation; confirm or choose another phase with a reason; procesregie from AVE 3; the safety route in
AVE 4 (112 first); the step the Meldcode has reached when a safety concern is recorded; and the timeline of
every confirmation and change of phase."""

from __future__ import annotations

import html
import logging
from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain.vocab import TE_VERIFIEREN
from toegang_app.errors import ConcurrentEdit, UserError
from toegang_app.services import ave as service
from toegang_app.services.bronnen import bron_tekst

log = logging.getLogger(__name__)

ERROR_COLOUR = "#8a1c1c"
OK_COLOUR = "#1b5e20"


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def _pydate(q: QDate) -> date:
    return date(q.year(), q.month(), q.day())


def _swatch_icon(hex_colour: str) -> QIcon:
    pm = QPixmap(14, 14)
    pm.fill(QColor(hex_colour))
    return QIcon(pm)


def _label(text: str = "", *, rich: bool = False, rol: str | None = None) -> QLabel:
    lab = QLabel(text)
    lab.setWordWrap(True)
    lab.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    lab.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    if rol:
        lab.setProperty("rol", rol)
    return lab


class FaseKleur(QLabel):
    """A colour swatch with the phase number on it (text colour from resources/ave.yaml, WCAG AA); never
    the only carrier of meaning: the phase is also in text beside it."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setFixedSize(28, 28)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.set_fase(None)

    def set_fase(self, info) -> None:
        colour = info.kleur_hex if info is not None else "#cfd8d8"
        tekst = info.kleur_tekst if info is not None else "#1A1A1A"
        self.setText(str(info.nummer) if info is not None else "")
        self.setStyleSheet(f"background: {colour}; color: {tekst}; font-weight: 700; border: 1px solid #445; "
                           "border-radius: 4px;")
        self.setAccessibleName(f"Kleur van de fase: {info.kleur_naam}" if info is not None else "Geen fase")
        self.setToolTip(f"{info.naam}: {info.kleur_naam}" if info is not None else "")


class DatumVeld(QDateEdit):
    """A date typed as dd-mm-jjjj, that can also be 'not chosen yet' (shows 'kies een datum'). On focus
    an empty field jumps to today with the day selected, so the worker types the date as digits."""

    LEEG = date(2000, 1, 1)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setDisplayFormat("dd-MM-yyyy")
        self.setCalendarPopup(True)
        self.setMinimumDate(_qdate(self.LEEG))
        self.setSpecialValueText("kies een datum")
        self.set_value(None)

    def value(self) -> date | None:
        d = _pydate(self.date())
        return None if d == self.LEEG else d

    def set_value(self, d: date | None) -> None:
        self.setDate(_qdate(d or self.LEEG))

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        if self.value() is None:
            self.setDate(_qdate(date.today()))
            self.setSelectedSection(QDateEdit.Section.DaySection)


class _Inhoud(QWidget):
    """The scrolled content. Wrapped labels need their height for the actual width; without this the
    scroll area squeezes them instead of scrolling."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        lay = self.layout()
        if lay is not None and lay.hasHeightForWidth():
            h = lay.totalMinimumHeightForWidth(self.width())
            if h > 0 and h != self.minimumHeight():
                self.setMinimumHeight(h)


class AvePanel(QWidget):
    def __init__(self, ctx, gesprek, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.gesprek = gesprek  # the open conversation (ui.gesprek_model.OpenGesprek)
        self.gesprek_id: int | None = None
        self.team: str | None = None
        self.voorstel: service.Voorstel | None = None
        self.toestand_: service.AveToestand | None = None
        self.regie_ = None                 # services.regie.PlanToestand from procesregie_vanaf
        self.last_error: str | None = None
        self.heeft_dossier = False
        self._route_klaar = False     # the safety route is read from the kaart once per conversation
        self._verloop_van = object()  # the state the timeline was last drawn from
        self._uitvraag = None         # the answers as typed (for the safety line)
        self._meldcode = None         # services.veiligheid.VeiligheidToestand as stored, read once per change

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(scroll)
        body = _Inhoud()
        scroll.setWidget(body)
        self.scroll = scroll
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)

        # -- the proposal -----------------------------------------------------------------------
        kop = QHBoxLayout()
        self.kleur = FaseKleur()
        kop.addWidget(self.kleur, 0, Qt.AlignmentFlag.AlignTop)
        self.titel = _label()
        self.titel.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.titel.setAccessibleName("Voorgestelde AVE-fase")
        kop.addWidget(self.titel, 1)
        lay.addLayout(kop)
        self.fase_tekst = _label(rich=True)
        self.fase_tekst.setAccessibleName("Situatie, regie en volgende stap in deze fase")
        lay.addWidget(self.fase_tekst)
        self.redenen_kop = _label("Waarom dit voorstel:")
        self.redenen_kop.setStyleSheet("font-weight: 600;")
        lay.addWidget(self.redenen_kop)
        self.redenen = _label()
        self.redenen.setAccessibleName("Antwoorden die het voorstel bepalen")
        self.redenen.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                             | Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(self.redenen)
        # suspicion or acute danger, and where the Meldcode stands (tab Veiligheid)
        self.meldcode = _label(rich=True)
        self.meldcode.setAccessibleName("Veiligheid: vermoeden of acuut gevaar, en de stap van de Meldcode")
        self.meldcode.hide()
        lay.addWidget(self.meldcode)

        # -- the confirmed phase and the actions -------------------------------------------------
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet("color: #d0dada;")
        lay.addWidget(line)
        self.vastgesteld = _label(rich=True)
        self.vastgesteld.setAccessibleName("Vastgestelde AVE-fase")
        lay.addWidget(self.vastgesteld)
        self.btn_bevestig = QPushButton("Beves&tig voorstel")
        self.btn_bevestig.setProperty("rol", "primair")
        self.btn_bevestig.setStyleSheet("QPushButton:disabled { background: #d5dddd; color: #556; }")
        self.btn_bevestig.setAccessibleName("Bevestig de voorgestelde AVE-fase")
        self.btn_bevestig.setToolTip("Bevestig de voorgestelde fase (Alt+T)")
        self.btn_bevestig.clicked.connect(self.bevestig)
        lay.addWidget(self.btn_bevestig)

        self.groep_anders = QGroupBox("Andere fase kiezen")
        form = QFormLayout(self.groep_anders)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.keuze = QComboBox()
        self.keuze.setAccessibleName("Andere AVE-fase")
        self.keuze.currentIndexChanged.connect(self._keuze_changed)
        lab_fase = QLabel("&Fase")
        lab_fase.setBuddy(self.keuze)
        form.addRow(lab_fase, self.keuze)
        self.reden = QPlainTextEdit()
        self.reden.setAccessibleName("Reden voor een andere fase (verplicht)")
        self.reden.setTabChangesFocus(True)
        self.reden.setFixedHeight(64)
        lab_reden = QLabel("&Reden")
        lab_reden.setBuddy(self.reden)
        form.addRow(lab_reden, self.reden)
        self.btn_anders = QPushButton("Andere fase vast&leggen")
        self.btn_anders.setAccessibleName("Leg de gekozen andere fase vast, met reden")
        self.btn_anders.clicked.connect(self.kies_andere_fase)
        form.addRow(self.btn_anders)
        lay.addWidget(self.groep_anders)

        self.melding = _label(rich=True)
        self.melding.setAccessibleName("Melding")
        self.melding.hide()
        lay.addWidget(self.melding)

        # -- AVE 4 ---------------------------------------------------------------------------------
        self.groep_veilig = QGroupBox("AVE 4: veiligheid eerst")
        vl = QVBoxLayout(self.groep_veilig)
        self.route = _label(rich=True)
        self.route.setAccessibleName("Veiligheidsroute: organisaties uit de sociale kaart")
        self.route.setOpenExternalLinks(False)
        vl.addWidget(self.route)
        self.vastleggen = _label(rich=True)
        self.vastleggen.setAccessibleName("Wat u vastlegt in AVE 4")
        vl.addWidget(self.vastleggen)
        lay.addWidget(self.groep_veilig)

        # -- procesregie ---------------------------------------------------------------------------
        vanaf = self._vanaf()
        self.groep_regie = QGroupBox(f"Procesregie (vanaf AVE {vanaf})")
        rf = QFormLayout(self.groep_regie)
        rf.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        rf.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.regie_uitleg = _label("Eén gezin, één plan, één regisseur.", rol="uitleg")
        rf.addRow(self.regie_uitleg)
        self.regisseur = QComboBox()
        self.regisseur.setAccessibleName("Procesregisseur")
        lab_r = QLabel("Procesregisseur")
        lab_r.setBuddy(self.regisseur)
        rf.addRow(lab_r, self.regisseur)
        self.plan = QPlainTextEdit()
        self.plan.setAccessibleName("Plan: één gezin, één plan")
        self.plan.setTabChangesFocus(True)
        self.plan.setFixedHeight(72)
        lab_p = QLabel("Pl&an")
        lab_p.setBuddy(self.plan)
        rf.addRow(lab_p, self.plan)
        self.evaluatie = DatumVeld()
        self.evaluatie.setAccessibleName("Evaluatiedatum (dag-maand-jaar)")
        self.evaluatie.setToolTip("Datum van de volgende evaluatie, als dd-mm-jjjj")
        lab_e = QLabel("Eval&uatiedatum")
        lab_e.setBuddy(self.evaluatie)
        rf.addRow(lab_e, self.evaluatie)
        self.btn_regie = QPushButton("Pro&cesregie opslaan")
        self.btn_regie.setAccessibleName("Procesregisseur, plan en evaluatiedatum opslaan")
        self.btn_regie.clicked.connect(self.bewaar_regie)
        rf.addRow(self.btn_regie)
        self.ontbreekt = _label(rich=True)
        self.ontbreekt.setAccessibleName("Wat er in deze fase nog ontbreekt")
        rf.addRow(self.ontbreekt)
        self.regie_status = _label(rich=True)
        self.regie_status.setAccessibleName("Wie heeft de procesregie")
        rf.addRow(self.regie_status)
        self.btn_plan = QPushButton("Plan van het gezin &openen…")
        self.btn_plan.setAccessibleName("Open het plan: partijen, doelen, afspraken, MDO en evaluatie")
        self.btn_plan.clicked.connect(self.open_plan)
        rf.addRow(self.btn_plan)
        lay.addWidget(self.groep_regie)

        # -- timeline ------------------------------------------------------------------------------
        kop_verloop = _label("Verloop van de fase")
        kop_verloop.setStyleSheet("font-weight: 600;")
        lay.addWidget(kop_verloop)
        self.verloop = QListWidget()
        self.verloop.setAccessibleName("Verloop van de AVE-fase: bevestigen, opschalen en afschalen")
        self.verloop.setWordWrap(True)
        self.verloop.setMinimumHeight(130)
        self.verloop.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        lay.addWidget(self.verloop)
        lay.addStretch(1)

        self.setTabOrder(self.btn_bevestig, self.keuze)
        self.setTabOrder(self.keuze, self.reden)
        self.setTabOrder(self.reden, self.btn_anders)
        self.setTabOrder(self.btn_anders, self.regisseur)
        self.setTabOrder(self.regisseur, self.plan)
        self.setTabOrder(self.plan, self.evaluatie)
        self.setTabOrder(self.evaluatie, self.btn_regie)
        self.setTabOrder(self.btn_regie, self.btn_plan)
        self.setTabOrder(self.btn_plan, self.verloop)
        self._fill_keuze()
        self._show()
        gesprek.geladen.connect(self.set_dossier)
        gesprek.invoer_gewijzigd.connect(self.uitvraag_changed)
        gesprek.opgeslagen.connect(self._opgeslagen)
        if hasattr(gesprek, "veiligheid_gewijzigd"):
            gesprek.veiligheid_gewijzigd.connect(self._veiligheid_van_paneel)

    # -- helpers ---------------------------------------------------------------------------------
    def _cfg(self):
        try:
            return service.config(self.ctx)
        except UserError:
            return None

    def _vanaf(self) -> int:
        cfg = self._cfg()
        return cfg.procesregie_vanaf if cfg is not None else 3

    def _fill_keuze(self) -> None:
        cfg = self._cfg()
        self.keuze.blockSignals(True)
        self.keuze.clear()
        self.keuze.addItem("kies een fase", None)
        if cfg is not None:
            for n, f in cfg.fasen_voor(self.team).items():
                self.keuze.addItem(_swatch_icon(f.kleur_hex), f"{f.naam} ({f.kleur_naam})", n)
        self.keuze.blockSignals(False)

    def evaluatiedatum(self) -> date | None:
        return self.evaluatie.value()

    def set_evaluatiedatum(self, d: date | None) -> None:
        self.evaluatie.set_value(d)

    def _toon(self, text: str, fout: bool = False) -> None:
        self.last_error = text if fout else None
        colour = ERROR_COLOUR if fout else OK_COLOUR
        self.melding.setText(f"<span style='color:{colour}; font-weight:600'>{html.escape(text)}</span>")
        self.melding.setAccessibleDescription(text)
        self.melding.show()
        self.scroll.ensureWidgetVisible(self.melding)

    def _wis_melding(self) -> None:
        self.last_error = None
        self.melding.hide()
        self.melding.clear()

    # -- panel protocol ------------------------------------------------------------------------
    def set_dossier(self, dossier) -> None:
        gid = dossier.gesprek_id if dossier is not None else None
        nieuw_gesprek = gid != self.gesprek_id or dossier is None or not self.heeft_dossier
        self.heeft_dossier = dossier is not None
        self.gesprek_id = gid
        team = (dossier.team or dossier.inwoner.gemeente) if dossier is not None else None
        if nieuw_gesprek:
            # another conversation: forget what was typed here; the same one re-set after saving keeps it
            self.reden.clear()
            self.keuze.setCurrentIndex(0)
            self._wis_melding()
            self.toestand_ = None
            self._route_klaar = False
            self._meldcode = None
        if team != self.team or nieuw_gesprek:
            ander_model = team != self.team
            self.team = team
            self._laad_regisseurs()
            if ander_model:
                self._fill_keuze()   # the gemeente's own phase names
                cfg = self._cfg()
                if cfg is not None:
                    f = cfg.fasen_voor(team).get(cfg.procesregie_vanaf)
                    self.groep_regie.setTitle(f"Procesregie (vanaf {f.naam if f else 'AVE 3'})")
        self._laad_toestand(vul_regie=nieuw_gesprek)
        if dossier is not None:
            self.uitvraag_changed(dossier.to_uitvraag())
        else:
            self.voorstel = None
            self._uitvraag = None
            self.meldcode.hide()
            self._show()

    def uitvraag_changed(self, uitvraag) -> None:
        self._uitvraag = uitvraag
        self._toon_veiligheid()
        if uitvraag is None:
            self.voorstel = None
        else:
            try:
                self.voorstel = service.voorstel(self.ctx, uitvraag)
            except UserError as exc:
                self.voorstel = None
                self._toon(exc.message, fout=True)
        self._show()

    def meldcode_gewijzigd(self) -> None:
        """The Meldcode changed (Veiligheid panel): read it again and show the step reached."""
        self._meldcode = None
        self._toon_veiligheid()

    def _veiligheid_van_paneel(self, toestand) -> None:
        """The Veiligheid panel announced the Meldcode as it is now: show it without reading it again."""
        if toestand is not None and getattr(toestand, "gesprek_id", None) == self.gesprek_id:
            self._meldcode = toestand
            self._toon_veiligheid(toestand)
        else:
            self._toon_veiligheid()

    def _toon_veiligheid(self, toestand=None) -> None:
        """Suspicion or acute danger (from the answers as typed) and the Meldcode step reached (issue 21)."""
        from toegang_app.domain import veiligheid as vdom
        from toegang_app.services import veiligheid as vsvc

        uitvraag = self._uitvraag
        try:
            cfg = vsvc.config(self.ctx)
            if toestand is not None:
                t = toestand
            else:
                if self._meldcode is None or self._meldcode.gesprek_id != self.gesprek_id:
                    self._meldcode = vsvc.toestand(self.ctx, self.gesprek_id, uitvraag)
                t = vsvc.met_uitvraag(self._meldcode, uitvraag)
        except UserError:
            self.meldcode.hide()
            return
        if not (t.signaal.zorg or t.gestart):
            self.meldcode.hide()
            return
        if t.signaal.soort == vdom.ACUUT:
            kop = (f"<b style='color:{ERROR_COLOUR}'>Acuut gevaar: bel {html.escape(cfg.alarm.telefoon)}.</b> Veilig "
                   f"Thuis: {html.escape(cfg.veilig_thuis.telefoon)} (gratis, dag en nacht).")
        elif t.signaal.soort == vdom.VERMOEDEN:
            kop = "<b>Vermoeden, geen acuut gevaar:</b> doorloop de Meldcode (tab Veiligheid)."
        else:
            kop = "<b>Meldcode</b> (tab Veiligheid)."
        self.meldcode.setText(f"{kop}<br>{html.escape(t.stand)}")
        self.meldcode.show()

    # -- loading ---------------------------------------------------------------------------------
    def _laad_regisseurs(self) -> None:
        self.regisseur.clear()
        self.regisseur.addItem("kies een procesregisseur", None)
        self._regisseurs = []
        if self.team is None:
            return
        try:
            self._regisseurs = service.procesregisseurs(self.ctx, self.team)
        except UserError as exc:
            log.info("procesregisseurs not loaded: %s", exc.message)
            return
        for r in self._regisseurs:
            self.regisseur.addItem(r.naam, r.id)

    def _laad_toestand(self, vul_regie: bool = True) -> None:
        if self.gesprek_id is None:
            self.toestand_ = None
            if vul_regie:
                self._vul_regie()
            return
        try:
            self.toestand_ = service.toestand(self.ctx, self.gesprek_id, audit_view=False)
        except UserError as exc:
            self.toestand_ = None
            self._toon(exc.message, fout=True)
        self._laad_regie()
        if vul_regie:
            self._vul_regie()

    def _laad_regie(self) -> None:
        """Who holds the procesregie (queue, claimed by whom), for the worker who proposed the phase."""
        from toegang_app.services import regie

        self.regie_ = None
        t = self.toestand_
        if t is None or t.fase is None or t.fase < self._vanaf():
            return
        try:
            self.regie_ = regie.plan_toestand(self.ctx, t.gesprek_id, audit_view=False)
        except UserError as exc:
            log.info("plan not loaded: %s", exc.message)

    def _regie_tekst(self) -> str:
        r = self.regie_
        if r is None:
            return ""
        if r.status == "gesloten":
            return f"Plan gesloten op {r.gesloten_op:%d-%m-%Y}."
        if r.regisseur and r.toegewezen_op:
            door = "" if r.toegewezen_door == r.regisseur else f" (toegewezen door {html.escape(r.toegewezen_door or '')})"
            tekst = (f"<b>Procesregie:</b> {html.escape(r.regisseur)} sinds {r.toegewezen_op:%d-%m-%Y}{door}.")
        elif r.regisseur:
            tekst = f"<b>Procesregie:</b> {html.escape(r.regisseur)}."
        else:
            tekst = ("<b>Procesregie:</b> in de wachtrij; een procesregisseur pakt de casus op of de teamleider wijst "
                     "hem toe.")
        if r.signalen:
            tekst += "".join(f"<br><span style='color:{ERROR_COLOUR}'>Let op: {html.escape(x)}</span>"
                             for x in r.signalen)
        return tekst

    def open_plan(self):
        gid = self.gesprek_id
        if gid is None:
            return None
        from toegang_app.ui.plan_dialoog import PlanDialoog

        dlg = PlanDialoog(self.ctx, gid, self)
        dlg.setModal(True)
        dlg.finished.connect(lambda *_: (self._laad_toestand(vul_regie=False), self._show()))
        dlg.open()
        self._plan_dialoog = dlg
        return dlg

    def _vul_regie(self) -> None:
        t = self.toestand_
        rid = t.procesregisseur_id if t else None
        if rid is not None and self.regisseur.findData(rid) < 0:
            self.regisseur.addItem(f"{t.procesregisseur_naam or 'onbekend'} (niet meer actief)", rid)
        self.regisseur.setCurrentIndex(max(self.regisseur.findData(rid), 0) if rid is not None else 0)
        self.plan.setPlainText(t.plan or "" if t else "")
        self.evaluatie.set_value(t.evaluatiedatum if t else None)

    # -- view --------------------------------------------------------------------------------
    def _show(self) -> None:
        cfg = self._cfg()
        v, t = self.voorstel, self.toestand_
        if v is None:
            self.kleur.set_fase(None)
            self.titel.setText("Nog geen voorstel")
            self.fase_tekst.setText("Het voorstel verschijnt zodra u het gesprek invult." if cfg is not None else "")
            self.redenen_kop.hide()
            self.redenen.clear()
            self.redenen.hide()
        else:
            info = v.info
            self.kleur.set_fase(info)
            self.titel.setText(f"Voorstel: {info.naam} · {info.kleur_naam}")
            self.fase_tekst.setText(
                f"<b>Situatie:</b> {html.escape(info.situatie)}<br><b>Regie:</b> {html.escape(info.regie)}"
                f"<br><b>Volgende stap:</b> {html.escape(info.volgende_stap)}")
            self.redenen_kop.show()
            self.redenen.setText("\n".join(f"• {r}" for r in v.redenen))
            self.redenen.show()

        # confirmed phase
        if not self.heeft_dossier:
            self.vastgesteld.setText("Open of begin een gesprek om een fase vast te leggen.")
        elif t is None or t.fase is None:
            self.vastgesteld.setText("<b>Vastgesteld:</b> nog geen fase." if self.gesprek_id else
                                     "<b>Vastgesteld:</b> nog geen fase. Het gesprek wordt opgeslagen zodra u een "
                                     "fase vastlegt.")
        else:
            f = cfg.fasen_voor(self.team)[t.fase] if cfg is not None else None
            naam = f"{f.naam} ({f.kleur_naam})" if f else f"AVE {t.fase}"
            sinds = f" sinds {t.fase_sinds:%d-%m-%Y}" if t.fase_sinds else ""
            dagen = f", {t.dagen_in_fase} {'dag' if t.dagen_in_fase == 1 else 'dagen'}" if t.dagen_in_fase is not None else ""
            tekst = f"<b>Vastgesteld:</b> {html.escape(naam)}{sinds}{dagen}."
            if v is not None and v.fase != t.fase:
                richting = "opschalen" if v.fase > t.fase else "afschalen"
                tekst += (f"<br><span style='color:{ERROR_COLOUR}'>Het voorstel is nu AVE {v.fase}: {richting}? "
                          f"Bevestig het voorstel, of leg met een reden vast dat het AVE {t.fase} blijft.</span>")
            self.vastgesteld.setText(tekst)

        can = v is not None and cfg is not None and self.heeft_dossier
        self.btn_bevestig.setEnabled(can)
        self.btn_bevestig.setText(f"Beves&tig voorstel (AVE {v.fase})" if v is not None else "Beves&tig voorstel")
        self.groep_anders.setEnabled(cfg is not None and self.heeft_dossier)

        # procesregie
        vanaf = self._vanaf()
        bevestigd = t.fase if t is not None else None
        in_regie = bevestigd is not None and bevestigd >= vanaf
        self.groep_regie.setVisible(in_regie or (v is not None and v.fase >= vanaf))
        for w in (self.regisseur, self.plan, self.evaluatie, self.btn_regie):
            w.setEnabled(in_regie)
        if not in_regie:
            self.regie_uitleg.setText(f"Eén gezin, één plan, één regisseur. Bevestig eerst AVE {vanaf} of hoger; "
                                      "daarna wijst u een procesregisseur aan en legt u plan en evaluatiedatum vast.")
        elif len(self._regisseurs_lijst()) == 0:
            self.regie_uitleg.setText("Eén gezin, één plan, één regisseur. Er zijn nog geen procesregisseurs voor "
                                      "deze balie; de beheerder voegt ze toe onder Beheer.")
        else:
            self.regie_uitleg.setText("Eén gezin, één plan, één regisseur.")
        if in_regie and t.ontbreekt:
            self.ontbreekt.setText("<br>".join(f"<span style='color:{ERROR_COLOUR}'>Nog nodig: "
                                               f"{html.escape(m)}</span>" for m in t.ontbreekt))
            self.ontbreekt.show()
        elif in_regie and t.evaluatie_verlopen:
            self.ontbreekt.setText(f"<span style='color:{ERROR_COLOUR}'><b>Evaluatie is aan de beurt</b> "
                                   f"(gepland op {t.evaluatiedatum:%d-%m-%Y}).</span>")
            self.ontbreekt.show()
        else:
            self.ontbreekt.clear()
            self.ontbreekt.hide()
        regie_tekst = self._regie_tekst() if in_regie else ""
        self.regie_status.setText(regie_tekst)
        self.regie_status.setVisible(bool(regie_tekst))
        self.btn_plan.setVisible(in_regie and self.regie_ is not None)

        # AVE 4
        toon4 = (v is not None and v.fase == 4) or bevestigd == 4
        self.groep_veilig.setVisible(toon4 and cfg is not None)
        if toon4 and cfg is not None and not self._route_klaar:
            self._vul_veiligheid()
        if self._verloop_van is not t:
            self._vul_verloop()

    def _regisseurs_lijst(self) -> list:
        return list(getattr(self, "_regisseurs", []))

    def _vul_veiligheid(self) -> None:
        self._route_klaar = True
        try:
            stappen = service.veiligheidsroute(self.ctx)
            vastleggen = service.vastleggen_in_fase(self.ctx, 4)
        except UserError as exc:
            self.route.setText(html.escape(exc.message))
            return
        delen = ["Bij acute onveiligheid gaat veiligheid voor alles. Volg de stappen van de Meldcode en "
                 "schakel de veiligheidsketen in:"]
        try:
            from toegang_app.services import veiligheid as vsvc

            alarm = vsvc.config(self.ctx).alarm
            delen.insert(0, f"<p><b style='color:{ERROR_COLOUR}'>Acuut gevaar: bel {html.escape(alarm.telefoon)}.</b> "
                         f"<span style='color:#5f6b76'>(bron: {html.escape(bron_tekst(alarm.bron))})</span></p>")
        except UserError:
            pass
        for stap in stappen:
            vz = stap.voorziening
            if vz is None:
                delen.append(f"<p><b>{html.escape(stap.voorziening_id)}</b>: staat niet in de sociale kaart "
                             f"({TE_VERIFIEREN}).</p>")
                continue
            c = vz.contact
            contact = [f"{lab}: {html.escape(val) if val else '<i>' + TE_VERIFIEREN + '</i>'}"
                       for lab, val in (("Telefoon", c.telefoon), ("E-mail", c.email), ("Website", c.website))]
            delen.append(f"<p><b>{html.escape(vz.naam)}</b><br>{html.escape(vz.omschrijving or '')}"
                         + (f"<br>{html.escape(vz.voorwaarden)}" if vz.voorwaarden else "")
                         + "<br>" + "<br>".join(contact) + "</p>")
        self.route.setText("".join(delen))
        self.vastleggen.setText("<b>Leg vast:</b><br>" + "<br>".join(f"• {html.escape(x)}" for x in vastleggen))

    def _vul_verloop(self) -> None:
        self.verloop.clear()
        t = self.toestand_
        self._verloop_van = t
        cfg = self._cfg()
        if t is None or not t.geschiedenis:
            item = QListWidgetItem("Nog geen fase vastgelegd.")
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.verloop.addItem(item)
            return
        for w in reversed(t.geschiedenis):   # newest on top
            regels = [f"{w.op:%d-%m-%Y %H:%M} · {w.omschrijving}", f"door {w.medewerker or 'onbekend'}"]
            if w.reden:
                regels.append(f"Reden: {w.reden}")
            item = QListWidgetItem("\n".join(regels))
            if cfg is not None and w.naar_fase in cfg.fasen:
                item.setIcon(_swatch_icon(cfg.fasen[w.naar_fase].kleur_hex))
            item.setToolTip("\n".join(regels))
            self.verloop.addItem(item)

    def verloop_teksten(self) -> list[str]:
        return [self.verloop.item(i).text() for i in range(self.verloop.count())]

    # -- actions ---------------------------------------------------------------------------------
    def _keuze_changed(self, *_args) -> None:
        if self.keuze.currentData() is not None:
            self._wis_melding()

    def _opslaan_gesprek(self) -> int | None:
        return self.gesprek.zorg_voor_opslag()

    def _opgeslagen(self, _versie: int) -> None:
        """Stored: a new conversation now has an id, and its AVE state can be read."""
        gid = self.gesprek.gesprek_id
        if gid is not None and gid != self.gesprek_id:
            self.gesprek_id = gid
            self._laad_toestand(vul_regie=False)

    def _versie(self, gid: int) -> int | None:
        return self.gesprek.versie if self.gesprek.gesprek_id == gid else None

    def _na_wijziging(self, toestand) -> None:
        self.toestand_ = toestand
        # the phase write bumped the conversation's version: it returned it, pass it on
        self.gesprek.nieuwe_versie(toestand.versie, ave_fase=toestand.fase)
        self._show()

    def bevestig(self) -> bool:
        if self.voorstel is None:
            return False
        return self._leg_fase_vast(self.voorstel.fase, None)

    def kies_andere_fase(self) -> bool:
        fase = self.keuze.currentData()
        if fase is None:
            self._toon("Kies eerst de fase die u wilt vastleggen.", fout=True)
            self.keuze.setFocus()
            return False
        reden = self.reden.toPlainText().strip()
        if self.voorstel is not None and fase != self.voorstel.fase and not reden:
            self._toon(f"U kiest AVE {fase}, de app stelt AVE {self.voorstel.fase} voor. Schrijf bij 'Reden' kort op "
                       "waarom.", fout=True)
            self.reden.setFocus()
            return False
        if self._leg_fase_vast(fase, reden or None):
            self.reden.clear()
            self.keuze.setCurrentIndex(0)
            return True
        return False

    def _leg_fase_vast(self, fase: int, reden: str | None) -> bool:
        voorgesteld = self.voorstel.fase if self.voorstel is not None else None
        gid = self._opslaan_gesprek()
        if gid is None:
            return False
        try:
            t = service.bevestig_fase(self.ctx, gid, fase, reden=reden, voorgestelde_fase=voorgesteld,
                                      verwachte_versie=self._versie(gid))
        except ConcurrentEdit as exc:
            self._laad_toestand()
            self._show()
            self._toon(exc.message, fout=True)
            return False
        except service.AveInvoerFout as exc:
            self._toon(exc.message, fout=True)
            if exc.veld == "reden":
                self.reden.setFocus()
            return False
        except UserError as exc:
            self._toon(exc.message, fout=True)
            return False
        self._na_wijziging(t)
        self._vul_regie()
        soort = t.geschiedenis[-1].soort if t.geschiedenis else "bevestigd"
        woord = {"opschalen": "opgeschaald naar", "afschalen": "afgeschaald naar"}.get(soort, "bevestigd:")
        extra = " Wijs nu een procesregisseur aan." if t.ontbreekt else ""
        self._toon(f"Vastgelegd: {woord} AVE {fase}.{extra}")
        return True

    def bewaar_regie(self) -> bool:
        gid = self._opslaan_gesprek()
        if gid is None:
            return False
        try:
            t = service.wijs_regisseur_toe(self.ctx, gid, self.regisseur.currentData(), self.plan.toPlainText(),
                                           self.evaluatiedatum(), verwachte_versie=self._versie(gid))
        except ConcurrentEdit as exc:
            self._laad_toestand(vul_regie=False)
            self._show()
            self._toon(exc.message, fout=True)
            return False
        except service.AveInvoerFout as exc:
            self._toon(exc.message, fout=True)
            target = {"procesregisseur": self.regisseur, "plan": self.plan, "evaluatiedatum": self.evaluatie}
            if exc.veld in target:
                target[exc.veld].setFocus()
            return False
        except UserError as exc:
            self._toon(exc.message, fout=True)
            return False
        self._na_wijziging(t)
        self._toon(f"Procesregie opgeslagen: {t.procesregisseur_naam}, evaluatie op {t.evaluatiedatum:%d-%m-%Y}.")
        return True
