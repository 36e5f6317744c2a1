"""Terms of the conversation, live as the worker types: for the melding's laws and each aanvraag, with
the article (or, for the desk's own promise, its source), what kind of term it is, and how a step was
closed. Overdue terms stand out in red and in words (never colour alone).

Keyboard: Enter (or Alt+A) on a term closes its step (done on a date, or not applicable with a reason);
Alt+R reopens a closed step; Alt+S records a verdaging or opschorting of a beslistermijn. A conversation
not stored yet is stored first."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain import termijnen as dom
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import termijnen as tsvc

ROLE_TERM = Qt.ItemDataRole.UserRole + 3
ROOD, GRIJS = "#a11", "#5f6b76"


def _stand(t: tsvc.TermijnInfo) -> str:
    if t.status == dom.VERLOPEN and t.wie == dom.BALIE:
        return "VERLOPEN"
    return t.status_label


class TermijnenPanel(QWidget):
    def __init__(self, ctx, gesprek, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.gesprek = gesprek  # the open conversation (ui.gesprek_model.OpenGesprek)
        self._gesprek_id: int | None = None
        self._uitvraag = None
        self.terms: list[tsvc.TermijnInfo] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.uitleg = QLabel("Termijnen van dit gesprek, vanaf de melding (voor de wetten van de melding) en vanaf "
                             "elke aanvraag. Dagen tellen volgens de Algemene termijnenwet (zonder weekend en "
                             "feestdagen, 5 mei elk jaar).")
        self.uitleg.setWordWrap(True)
        self.uitleg.setProperty("rol", "uitleg")
        lay.addWidget(self.uitleg)
        self.wetten = QLabel()
        self.wetten.setWordWrap(True)
        self.wetten.setAccessibleName("Wetten van de melding")
        lay.addWidget(self.wetten)
        self.lijst = QTreeWidget()
        self.lijst.setAccessibleName("Termijnen: Enter sluit de gekozen stap af")
        self.lijst.setHeaderHidden(True)
        self.lijst.setColumnCount(1)
        self.lijst.setRootIsDecorated(False)
        self.lijst.itemActivated.connect(lambda *_: self.afsluiten())
        self.lijst.currentItemChanged.connect(lambda *_: self._knoppen())
        lay.addWidget(self.lijst, 1)
        knoppen = QHBoxLayout()
        self.btn_afsluiten = QPushButton("Stap &afsluiten…")
        self.btn_afsluiten.setAccessibleName("Stap afsluiten: gedaan of niet van toepassing")
        self.btn_heropen = QPushButton("He&ropenen")
        self.btn_heropen.setAccessibleName("Afgesloten stap heropenen")
        self.btn_wijzig = QPushButton("Verdagen of op&schorten…")
        self.btn_wijzig.setAccessibleName("Beslistermijn verdagen of opschorten")
        for b in (self.btn_afsluiten, self.btn_heropen, self.btn_wijzig):
            knoppen.addWidget(b)
        knoppen.addStretch(1)
        lay.addLayout(knoppen)
        self.btn_afsluiten.clicked.connect(self.afsluiten)
        self.btn_heropen.clicked.connect(self.heropen)
        self.btn_wijzig.clicked.connect(self.wijzigen)
        self.leeg = QLabel()
        self.leeg.setWordWrap(True)
        lay.addWidget(self.leeg)
        self.fout = QLabel()
        self.fout.setWordWrap(True)
        self.fout.setStyleSheet(f"color:{ROOD};")
        self.fout.setAccessibleName("Fout")
        lay.addWidget(self.fout)
        self._knoppen()
        gesprek.geladen.connect(self.set_dossier)
        gesprek.invoer_gewijzigd.connect(self.uitvraag_changed)
        gesprek.opgeslagen.connect(self._opgeslagen)
        gesprek.verwijzingen_gewijzigd.connect(self.verwijzingen_gewijzigd)

    # -- what the open conversation announces ----------------------------------------------------

    def set_dossier(self, dossier) -> None:
        self._gesprek_id = dossier.gesprek_id if dossier is not None else None
        if dossier is not None:
            self.uitvraag_changed(dossier.to_uitvraag())
        else:
            self._uitvraag = None
            self.lijst.clear()
            self.terms = []
            self._knoppen()

    def _opgeslagen(self, _versie: int) -> None:
        self._gesprek_id = self.gesprek.gesprek_id

    def verwijzingen_gewijzigd(self, _info=None) -> None:
        """A referral to maatwerk counts as the aanvraag: the stored terms may have changed."""
        self._gesprek_id = self.gesprek.gesprek_id
        self._toon()

    def uitvraag_changed(self, u) -> None:
        self._uitvraag = u
        self._toon()

    # -- showing -------------------------------------------------------------------------------

    def _geboortedatum(self):
        return self.gesprek.geboortedatum

    def _toon(self, kies: str | None = None) -> None:
        u = self._uitvraag
        if u is None:
            return
        if kies is None:
            cur = self.gekozen()
            kies = cur.code if cur else None
        try:
            self.terms = tsvc.bereken(self.ctx, u, date.today(), self._geboortedatum(), gesprek_id=self._gesprek_id)
            wetten, afgeleid = dom.melding_wetten(u, tsvc.config(), geboortedatum=self._geboortedatum())
        except UserError as exc:  # a broken termijnen.yaml: say so, keep the conversation going
            self.lijst.clear()
            self.terms = []
            self.leeg.setText(exc.message)
            self._knoppen()
            return
        from toegang_app.domain.vocab import MELDING_WETTEN

        namen = ", ".join(MELDING_WETTEN[w] for w in wetten) or "geen"
        self.wetten.setText(f"Wetten van de melding: {namen}" + (
            " (voorstel uit de hulpvraag; bevestig bij de aanmelding)" if afgeleid else " (bevestigd)"))
        self.lijst.clear()
        bold = QFont()
        bold.setBold(True)
        keuze = None
        for i, t in enumerate(self.terms):
            # per term, each line spanning the panel: the step in full; deadline and state; article (or the
            # promise's source) and what kind of term it is; what moved it
            stap = f"{t.wet}: {t.stap}" + (f" ({t.aanvraag})" if t.aanvraag else "")
            label = "vanaf" if t.soort == dom.VANAF else "uiterlijk"
            kop = QTreeWidgetItem([stap])
            kop.setFont(0, bold)
            regel = QTreeWidgetItem([f"{label} {t.uiterlijk:%d-%m-%Y} · {_stand(t)}"])
            bron = QTreeWidgetItem([f"{t.grondslag} · {t.soort_label}"])
            bron.setForeground(0, QBrush(QColor(GRIJS)))
            tip = f"{t.grondslag}. {t.uitleg} Gerekend vanaf {t.startdatum:%d-%m-%Y} ({t.start_gebeurtenis})."
            if t.verschoven:
                tip += " Later door: " + ", ".join(f"{d.datum:%d-%m} {d.omschrijving}" for d in t.verschoven) + "."
            for w in t.wijzigingen:
                tip += f" {w.soort.capitalize()} van {w.oud:%d-%m-%Y} naar {w.nieuw:%d-%m-%Y}: {w.grond_label}."
            if t.te_laat:
                kop.setForeground(0, QBrush(QColor(ROOD)))
                regel.setForeground(0, QBrush(QColor(ROOD)))
                regel.setFont(0, bold)
            elif t.status == dom.BIJNA_VERLOPEN:
                regel.setFont(0, bold)
            elif not t.open:
                kop.setForeground(0, QBrush(QColor(GRIJS)))
            rows = [kop, regel, bron]
            notes = []
            feest = [d for d in t.verschoven if d.datum.weekday() < 5]
            if feest:
                notes.append("Telt niet mee: " + ", ".join(f"{d.naam} ({d.datum:%d-%m})" for d in feest) + ".")
            if t.wijzigingen:
                w = t.wijzigingen[-1]
                notes.append(f"{w.soort.capitalize()} op {w.op:%d-%m-%Y}; eerst {t.berekend:%d-%m-%Y}.")
            if t.kanttekening:
                notes.append(t.kanttekening)
            if notes:
                noot = QTreeWidgetItem([" ".join(notes)])
                noot.setForeground(0, QBrush(QColor(GRIJS)))
                rows.append(noot)
            for r in rows:
                r.setData(0, ROLE_TERM, i)
                r.setToolTip(0, tip)
                self.lijst.addTopLevelItem(r)
            if t.code == kies:
                keuze = kop
        if keuze is not None:
            self.lijst.setCurrentItem(keuze)
        self.leeg.setText("" if self.terms else "Nog geen termijnen: vul de aanmelding en de leefgebieden in, "
                                                "of leg een aanvraag vast.")
        self._knoppen()

    def gekozen(self) -> tsvc.TermijnInfo | None:
        it = self.lijst.currentItem()
        if it is None:
            return None
        i = it.data(0, ROLE_TERM)
        return self.terms[i] if i is not None and i < len(self.terms) else None

    def _knoppen(self) -> None:
        t = self.gekozen()
        self.btn_afsluiten.setEnabled(t is not None and t.afsluitbaar and t.open)
        self.btn_heropen.setEnabled(t is not None and not t.open)
        self.btn_wijzig.setEnabled(t is not None and t.verdagen and t.open)

    # -- actions -------------------------------------------------------------------------------

    def _opgeslagen(self) -> int | None:
        """The conversation's id, storing it first when needed (the step must exist to be closed)."""
        gid = self.gesprek.zorg_voor_opslag()
        if gid is None:
            self.fout.setText("Het gesprek kon nog niet worden opgeslagen; zie de melding bovenaan.")
            return None
        self._gesprek_id = gid
        return gid

    def _na_wijziging(self, code: str) -> None:
        self.fout.setText("")
        self._toon(kies=code)
        self.lijst.setFocus()

    def afsluiten(self) -> None:
        from toegang_app.ui.termijn_dialoog import AfsluitenDialoog

        t = self.gekozen()
        if t is None or not t.afsluitbaar or not t.open:
            return
        gid = self._opgeslagen()
        if gid is None:
            return
        dlg = AfsluitenDialoog(self.ctx, gid, t.code, f"{t.wet}: {t.stap} (uiterlijk {t.uiterlijk:%d-%m-%Y})",
                               t.startdatum, self)
        if dlg.exec():
            self._na_wijziging(t.code)

    def heropen(self) -> None:
        t = self.gekozen()
        if t is None or t.open:
            return
        gid = self._opgeslagen()
        if gid is None:
            return
        try:
            tsvc.heropen(self.ctx, gid, t.code)
        except (InvalidInput, UserError) as exc:
            self.fout.setText(exc.message)
            return
        self._na_wijziging(t.code)

    def wijzigen(self) -> None:
        from toegang_app.ui.termijn_dialoog import WijzigenDialoog

        t = self.gekozen()
        if t is None or not t.verdagen or not t.open:
            return
        gid = self._opgeslagen()
        if gid is None:
            return
        if WijzigenDialoog(self.ctx, gid, t, self).exec():
            self._na_wijziging(t.code)
