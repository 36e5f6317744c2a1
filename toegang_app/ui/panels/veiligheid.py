"""Veiligheid: suspicion or acute danger, in words that say which; 112 and Veilig Thuis (0800-2000) with
their source; the Meldcode huiselijk geweld en kindermishandeling step by step (Enter on a step, or
"Stap vastleggen" (Alt+A), opens the dialog); Alt+T / Alt+U the hand-overs, Alt+R / Alt+L the summary
version (letters the conversation's own fields do not use); the hand-overs to Veilig Thuis; and which version of the resident's
summary prints (the safe one by default when a safety concern is recorded), with what it leaves out."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain import veiligheid as dom
from toegang_app.errors import ConcurrentEdit, UserError
from toegang_app.services import veiligheid as vsvc
from toegang_app.ui.panels.ave import ERROR_COLOUR, OK_COLOUR, _Inhoud, _label
from toegang_app.services.bronnen import bron_tekst

log = logging.getLogger(__name__)

KLEUR = {dom.ACUUT: ("#fdecea", "#b71c1c"), dom.VERMOEDEN: ("#fff4e5", "#e0a84f"), dom.GEEN: ("#eef3f7", "#c3cbd3")}


class VeiligheidPanel(QWidget):
    def __init__(self, ctx, gesprek, parent=None):
        """``gesprek``: the open conversation (ui.gesprek_model.OpenGesprek); the panel subscribes to it."""
        super().__init__(parent)
        self.ctx = ctx
        self.gesprek = gesprek
        self.gesprek_id: int | None = None
        self.toestand_: vsvc.VeiligheidToestand | None = None
        self._opgeslagen: vsvc.VeiligheidToestand | None = None   # as stored; live typing only changes the signal
        self.uitvraag = None
        self.samenvatting_info = None
        self.last_error: str | None = None

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
        self._body = body
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.setSpacing(6)

        # -- suspicion or acute danger ------------------------------------------------------------
        self.kader = QFrame()
        kl = QVBoxLayout(self.kader)
        kl.setContentsMargins(8, 6, 8, 6)
        self.kop = _label()
        self.kop.setStyleSheet("font-size: 12pt; font-weight: 600;")
        self.kop.setAccessibleName("Veiligheid: vermoeden of acuut gevaar")
        kl.addWidget(self.kop)
        self.tekst = _label()
        self.tekst.setAccessibleName("Wat nu te doen")
        kl.addWidget(self.tekst)
        self.redenen = _label(rol="uitleg")
        self.redenen.setAccessibleName("Antwoorden die dit bepalen")
        kl.addWidget(self.redenen)
        lay.addWidget(self.kader)

        # -- reachable -------------------------------------------------------------------------------
        self.groep_contact = QGroupBox("Bereikbaar")
        cl = QVBoxLayout(self.groep_contact)
        self.contact = _label(rich=True)
        self.contact.setAccessibleName("112 en Veilig Thuis: telefoonnummers en bron")
        self.contact.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                             | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        cl.addWidget(self.contact)
        lay.addWidget(self.groep_contact)

        # -- the Meldcode ----------------------------------------------------------------------------
        self.groep_meldcode = QGroupBox("Meldcode huiselijk geweld en kindermishandeling")
        ml = QVBoxLayout(self.groep_meldcode)
        self.stand = _label()
        self.stand.setStyleSheet("font-weight: 600;")
        self.stand.setAccessibleName("Stand van de Meldcode")
        ml.addWidget(self.stand)
        self.stappen = QListWidget()
        self.stappen.setAccessibleName("De vijf stappen van de Meldcode: Enter legt de gekozen stap vast")
        self.stappen.setWordWrap(True)
        self.stappen.setMinimumHeight(190)
        self.stappen.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.stappen.itemActivated.connect(lambda it: self.leg_stap_vast(it.data(Qt.ItemDataRole.UserRole)))
        ml.addWidget(self.stappen)
        self.weging = _label(rich=True)
        self.weging.setAccessibleName("Uitkomst van het afwegingskader")
        ml.addWidget(self.weging)
        rij = QHBoxLayout()
        self.btn_stap = QPushButton("St&ap vastleggen…")
        self.btn_stap.setProperty("rol", "primair")
        self.btn_stap.setAccessibleName("Volgende stap van de Meldcode vastleggen")
        self.btn_stap.clicked.connect(lambda: self.leg_stap_vast(None))
        rij.addWidget(self.btn_stap)
        rij.addStretch(1)
        ml.addLayout(rij)
        rij2 = QHBoxLayout()
        self.btn_advies = QPushButton("Advies vragen bij Veilig &Thuis…")
        self.btn_advies.setAccessibleName("Advies vragen bij Veilig Thuis vastleggen als overdracht")
        self.btn_advies.clicked.connect(lambda: self.overdracht("advies_veilig_thuis"))
        self.btn_melding = QPushButton("Melding bij Veilig Th&uis…")
        self.btn_melding.setAccessibleName("Melding bij Veilig Thuis vastleggen als overdracht")
        self.btn_melding.clicked.connect(lambda: self.overdracht("melding_veilig_thuis"))
        rij2.addWidget(self.btn_advies)
        rij2.addWidget(self.btn_melding)
        rij2.addStretch(1)
        ml.addLayout(rij2)
        self.overdrachten = _label(rol="uitleg")
        self.overdrachten.setAccessibleName("Vastgelegde overdrachten aan Veilig Thuis")
        ml.addWidget(self.overdrachten)
        lay.addWidget(self.groep_meldcode)

        # -- the resident's summary ----------------------------------------------------------------
        self.groep_samenvatting = QGroupBox("Samenvatting voor de inwoner (Ctrl+P)")
        sl = QVBoxLayout(self.groep_samenvatting)
        self.versie_tekst = _label(rich=True)
        self.versie_tekst.setAccessibleName("Welke versie van de samenvatting wordt gemaakt")
        sl.addWidget(self.versie_tekst)
        self.rb_veilig = QRadioButton("Veilige ve&rsie")
        self.rb_veilig.setAccessibleName("Veilige versie van de samenvatting")
        self.rb_volledig = QRadioButton("Vo&lledige versie")
        self.rb_volledig.setAccessibleName("Volledige versie van de samenvatting")
        self.versies = QButtonGroup(self)
        self.versies.addButton(self.rb_veilig)
        self.versies.addButton(self.rb_volledig)
        sl.addWidget(self.rb_veilig)
        uitleg_veilig = _label("Alleen neutrale afspraken, verwijzingen die niets verraden en het contact van de "
                               "balie.", rol="uitleg")
        uitleg_veilig.setContentsMargins(22, 0, 0, 0)
        sl.addWidget(uitleg_veilig)
        sl.addWidget(self.rb_volledig)
        uitleg_volledig = _label("Met het spinnenweb, de woorden van de inwoner en alle verwijzingen.", rol="uitleg")
        uitleg_volledig.setContentsMargins(22, 0, 0, 0)
        sl.addWidget(uitleg_volledig)
        self.rb_veilig.toggled.connect(lambda on: on and self.kies_versie(dom.VEILIG))
        self.rb_volledig.toggled.connect(lambda on: on and self.kies_versie(dom.VOLLEDIG))
        self.weggelaten = _label(rol="uitleg")
        self.weggelaten.setAccessibleName("Wat de veilige versie weglaat")
        sl.addWidget(self.weggelaten)
        lay.addWidget(self.groep_samenvatting)

        self.melding = _label(rich=True)
        self.melding.setAccessibleName("Melding")
        self.melding.hide()
        lay.addWidget(self.melding)
        lay.addStretch(1)
        self._vul_contact()
        self._show()
        gesprek.geladen.connect(self.set_dossier)
        gesprek.invoer_gewijzigd.connect(self.uitvraag_changed)
        gesprek.verwijzingen_gewijzigd.connect(self.verwijzingen_gewijzigd)
        gesprek.opgeslagen.connect(self._na_opslaan)

    # -- helpers ---------------------------------------------------------------------------------
    def _cfg(self):
        try:
            return vsvc.config(self.ctx)
        except UserError:
            return None

    def _toon(self, text: str, fout: bool = False) -> None:
        self.last_error = text if fout else None
        colour = ERROR_COLOUR if fout else OK_COLOUR
        self.melding.setText(f"<span style='color:{colour}; font-weight:600'>{html.escape(text)}</span>")
        self.melding.setAccessibleDescription(text)
        self.melding.show()
        self.scroll.ensureWidgetVisible(self.melding)

    def _vul_contact(self) -> None:
        cfg = self._cfg()
        if cfg is None:
            try:
                vsvc.config(self.ctx)
            except UserError as exc:
                self.contact.setText(html.escape(exc.message))
            return
        a, vt = cfg.alarm, cfg.veilig_thuis
        self.contact.setText(
            f"<b style='font-size:12pt'>{html.escape(a.telefoon)}</b> · {html.escape(a.wanneer)}<br>"
            f"<b style='font-size:12pt'>{html.escape(vt.telefoon)}</b> · {html.escape(vt.naam)}: "
            f"{html.escape(dom.klein(vt.wanneer))}" + (f" {html.escape(vt.website)}" if vt.website else "")
            + f"<br><span style='color:#5f6b76'>Bron: {html.escape(bron_tekst(vt.bron))}</span>")

    # -- panel protocol ------------------------------------------------------------------------
    def set_dossier(self, dossier) -> None:
        gid = getattr(dossier, "gesprek_id", None) if dossier is not None else None
        if gid != self.gesprek_id:
            self.melding.hide()
        self.gesprek_id = gid
        self.uitvraag = dossier.to_uitvraag() if dossier is not None and hasattr(dossier, "to_uitvraag") else None
        self._laad(samenvatting=True)

    def uitvraag_changed(self, uitvraag) -> None:
        """Live typing: the signal is recomputed from the answers; the database is not read."""
        self.uitvraag = uitvraag
        if self._opgeslagen is None:
            self._laad(samenvatting=False)
            return
        self.toestand_ = vsvc.met_uitvraag(self._opgeslagen, uitvraag)
        self._show()
        self._meld()

    def verwijzingen_gewijzigd(self, info=None) -> None:
        """A new referral (``info`` None) may be a hand-over to Veilig Thuis or to a safety organisation:
        read again. A status change of an existing one (``info``) changes nothing here."""
        if info is None:
            self._laad(samenvatting=True)

    def _na_opslaan(self, _versie: int) -> None:
        """Stored: a new conversation now has an id (its Meldcode can start); the summary may differ."""
        gid = self.gesprek.gesprek_id
        if gid != self.gesprek_id:
            self.gesprek_id = gid
        d = self.gesprek.dossier
        if d is not None and hasattr(d, "to_uitvraag"):
            self.uitvraag = d.to_uitvraag()   # what was just stored; typing since then follows by signal
        self._laad(samenvatting=True)

    # -- loading -------------------------------------------------------------------------------
    def _laad(self, samenvatting: bool) -> None:
        """Read the stored Meldcode (and, with ``samenvatting``, what the summary would leave out)."""
        if self._cfg() is None:
            self.toestand_ = self._opgeslagen = None
            self._show()
            return
        try:
            self._opgeslagen = vsvc.toestand(self.ctx, self.gesprek_id, self.uitvraag)
            self.toestand_ = self._opgeslagen
        except UserError as exc:
            self.toestand_ = self._opgeslagen = None
            self._toon(exc.message, fout=True)
        if samenvatting:
            self._laad_samenvatting()
        self._show()
        self._meld()

    def _laad_samenvatting(self) -> None:
        """What the safe version leaves out: built from the stored conversation (what would print)."""
        self.samenvatting_info = None
        if self.gesprek_id is None:
            return
        try:
            from toegang_app.services.handout import samenvatting

            self.samenvatting_info = samenvatting(self.ctx, self.gesprek_id)[1]
        except UserError as exc:
            log.info("summary preview not available: %s", exc.message)

    # -- view ----------------------------------------------------------------------------------
    def _show(self) -> None:
        cfg = self._cfg()
        t = self.toestand_
        soort = t.signaal.soort if t is not None else dom.GEEN
        bg, rand = KLEUR[soort]
        self.kader.setStyleSheet(f"QFrame {{ background: {bg}; border: 1px solid {rand}; border-radius: 4px; }}"
                                 " QLabel { border: none; background: transparent; }")
        if cfg is None:
            self.kop.setText("Veiligheid")
            self.tekst.setText("De Meldcode en de veiligheidsregels zijn niet geladen. Vraag de beheerder "
                               "resources/veiligheid.yaml te herstellen. Bij acuut gevaar: bel 112.")
            self.redenen.hide()
        elif soort == dom.GEEN:
            self.kop.setText("Geen zorg over veiligheid vastgelegd")
            self.tekst.setText("Is er een vermoeden van huiselijk geweld of kindermishandeling? Kruis het aan bij "
                               "Aanmelding (Urgent) of leg een signaal op veiligheid vast, en start hier de Meldcode.")
            self.redenen.hide()
        else:
            tekst = cfg.teksten[soort]
            self.kop.setText(tekst.kop)
            self.tekst.setText(tekst.tekst)
            self.redenen.setText("Waarom: " + "; ".join(t.signaal.redenen) + ".")
            self.redenen.show()
        self.kop.setStyleSheet("font-size: 12pt; font-weight: 600;"
                               + (f" color: {KLEUR[dom.ACUUT][1]};" if soort == dom.ACUUT else ""))

        heeft = self.gesprek_id is not None and t is not None
        self.stappen.clear()
        if cfg is not None and t is not None:
            self.stand.setText(t.stand if self.gesprek_id is not None else
                               "Meldcode: sla het gesprek op om stappen vast te leggen")
            for regel in t.stappen:
                if regel.vastgelegd:
                    wie = f", {regel.medewerker}" if regel.medewerker else ""
                    tekst = f"{regel.nummer}. {regel.naam}\n   gezet op {regel.datum:%d-%m-%Y}{wie}"
                    if regel.notitie:
                        tekst += f"\n   {regel.notitie}"
                else:
                    tekst = f"{regel.nummer}. {regel.naam}\n   nog niet gezet"
                it = QListWidgetItem(("✓ " if regel.vastgelegd else "○ ") + tekst)
                it.setData(Qt.ItemDataRole.UserRole, regel.nummer)
                it.setToolTip(regel.uitleg)
                self.stappen.addItem(it)
            w = t.weging
            if any(v is not None for v in t.meldcode.afwegingen.values()):
                kleur = ERROR_COLOUR if w.melden_verplicht else OK_COLOUR
                self.weging.setText(f"<b>Afwegingskader:</b> <span style='color:{kleur}'>{html.escape(w.uitleg)}</span>")
                self.weging.show()
            else:
                self.weging.hide()
            delen = []
            if t.advies_vastgelegd:
                delen.append("advies vragen bij Veilig Thuis")
            if t.melding_vastgelegd:
                delen.append("melding bij Veilig Thuis")
            self.overdrachten.setText(("Vastgelegd als overdracht: " + " en ".join(delen) + " (tab Verwijzingen).")
                                      if delen else "")
            self.overdrachten.setVisible(bool(delen))
        else:
            self.stand.setText("")
            self.weging.hide()
            self.overdrachten.hide()
        for b in (self.btn_stap, self.btn_advies, self.btn_melding, self.stappen):
            b.setEnabled(heeft and cfg is not None)
        if t is not None and t.meldcode.besluit:
            self.btn_stap.setText("St&ap vastleggen of aanpassen…")
        else:
            self.btn_stap.setText("St&ap vastleggen…")
        self._show_samenvatting()

    def _show_samenvatting(self) -> None:
        t = self.toestand_
        self.groep_samenvatting.setEnabled(t is not None and self.gesprek_id is not None)
        if t is None:
            self.versie_tekst.setText("")
            self.weggelaten.setText("")
            return
        versie = t.samenvatting_versie
        standaard = "standaard, want er is een zorg over veiligheid vastgelegd" if t.zorg else "standaard"
        waarom = standaard if t.samenvatting_keuze is None else "door u gekozen"
        naam = dom.VERSIES[versie]
        kleur = ERROR_COLOUR if (t.zorg and versie == dom.VOLLEDIG) else OK_COLOUR
        tekst = f"Ctrl+P maakt de <b style='color:{kleur}'>{naam}</b> ({waarom})."
        if t.zorg and versie == dom.VOLLEDIG:
            tekst += " Let op: die noemt de zorg. Geef hem alleen mee als dat veilig is."
        tekst += " De dossierkopie bevat altijd alles."
        self.versie_tekst.setText(tekst)
        for rb, v in ((self.rb_veilig, dom.VEILIG), (self.rb_volledig, dom.VOLLEDIG)):
            rb.blockSignals(True)
            rb.setChecked(v == versie)
            rb.blockSignals(False)
        info = self.samenvatting_info
        if versie == dom.VEILIG and info is not None and info.weggelaten is not None:
            self.weggelaten.setText("Niet op de veilige versie: " + "; ".join(info.weggelaten.regels))
            self.weggelaten.show()
        elif versie == dom.VEILIG:
            self.weggelaten.setText("Niet op de veilige versie: het spinnenweb, de cijfers, citaten, afspraken die de "
                                    "zorg verraden en namen van veiligheidsorganisaties.")
            self.weggelaten.show()
        else:
            self.weggelaten.hide()
        self._relayout()

    def _relayout(self) -> None:
        """Texts changed: the scrolled content needs the height of its wrapped labels at this width."""
        lay = self._body.layout()
        if lay is not None and self._body.width() > 0:
            lay.activate()
            h = lay.totalMinimumHeightForWidth(self._body.width())
            if h > 0:
                self._body.setMinimumHeight(h)

    def stap_teksten(self) -> list[str]:
        return [self.stappen.item(i).text() for i in range(self.stappen.count())]

    # -- actions ---------------------------------------------------------------------------------
    def _opgeslagen_id(self) -> int | None:
        if self.gesprek_id is None:
            gid = self.gesprek.zorg_voor_opslag()
            if gid is not None:
                self.gesprek_id = gid
                self._laad(samenvatting=True)
        return self.gesprek_id

    def _meld(self) -> None:
        """Tell the open conversation: the AVE panel and the print button follow."""
        if self.toestand_ is not None:
            self.gesprek.veiligheid(self.toestand_)

    def maak_dialoog(self, stap: int | None = None):
        """The step dialog, not yet shown (tests drive it; ``leg_stap_vast`` shows it)."""
        from toegang_app.ui.meldcode_dialoog import MeldcodeDialoog

        gid = self._opgeslagen_id()
        if gid is None or self.toestand_ is None:
            return None
        return MeldcodeDialoog(self.ctx, gid, self.toestand_, stap, self)

    def leg_stap_vast(self, stap: int | None = None) -> bool:
        try:
            dlg = self.maak_dialoog(stap)
        except UserError as exc:
            self._toon(exc.message, fout=True)
            return False
        if dlg is None:
            return False
        if not dlg.exec():
            return False
        return self.na_dialoog(dlg)

    def na_dialoog(self, dlg) -> bool:
        if dlg.resultaat is None:
            return False
        n = dlg.gekozen_stap()
        self.toestand_ = dlg.resultaat
        self._laad(samenvatting=True)
        self._toon(f"Stap {n} van de Meldcode is vastgelegd. {self.toestand_.stand}.")
        return True

    def maak_overdracht_dialoog(self, overdracht: str):
        from toegang_app.ui.verwijzing_dialoog import VerwijzingDialoog

        cfg = self._cfg()
        gid = self._opgeslagen_id()
        if gid is None or cfg is None:
            return None
        return VerwijzingDialoog(self.ctx, gid, voorziening_id=cfg.veilig_thuis_voorziening, parent=self,
                                 overdracht=overdracht)

    def overdracht(self, overdracht: str) -> bool:
        dlg = self.maak_overdracht_dialoog(overdracht)
        if dlg is None or not dlg.exec():
            return False
        return self.na_overdracht(dlg)

    def na_overdracht(self, dlg) -> bool:
        """A hand-over was stored: every panel that lists referrals re-reads them."""
        if getattr(dlg, "verwijzing_id", None) is None:
            return False
        versie = getattr(dlg.verwijzing_id, "gesprek_versie", None)
        if versie is not None:
            self.gesprek.nieuwe_versie(versie)
        self.gesprek.verwijzing_gewijzigd(None)
        return True

    def kies_versie(self, versie: str) -> bool:
        t = self.toestand_
        if t is None or self.gesprek_id is None:
            return False
        keuze = None if versie == t.samenvatting_standaard else versie
        if keuze == t.samenvatting_keuze:
            return True
        try:
            self.toestand_ = vsvc.kies_samenvatting(self.ctx, self.gesprek_id, keuze, verwachte_versie=t.versie)
        except ConcurrentEdit as exc:
            self._laad(samenvatting=True)
            self._toon(exc.message, fout=True)
            return False
        except UserError as exc:
            self._toon(exc.message, fout=True)
            self._show()
            return False
        self._laad(samenvatting=True)
        self._toon(f"De samenvatting voor de inwoner wordt nu de {dom.VERSIES[versie]}.")
        return True
