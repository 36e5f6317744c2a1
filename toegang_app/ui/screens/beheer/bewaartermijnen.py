"""Beheer, tab Bewaartermijnen: what is past its retention term (numbers, law and dates, no names),
destroying or anonymising it, and residents' written requests for destruction."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain import nl
from toegang_app.domain.validation import InvalidInput, parse_datum
from toegang_app.errors import UserError
from toegang_app.services import bewaren
from toegang_app.ui.screens.beheer import common
from toegang_app.ui.voortgang import VoortgangRij
from toegang_app.ui.workers import Job
from toegang_app.ui.screens.beheer.common import ROOD, Dialoog, cel, knop, melding, probeer, tabel, toon


class VerzoekDialoog(Dialoog):
    """Register a resident's written request for destruction: find the resident, kenmerk, date received."""

    past_aan = False

    def __init__(self, ctx, parent=None):
        super().__init__(ctx, "Verzoek om vernietiging registreren", parent)
        self.saved: bewaren.VerzoekRij | None = None
        self.setMinimumSize(620, 460)
        try:
            cfg = bewaren.bewaarconfig(self.ctx)
            self.maanden, self.grondslag = cfg.verzoek_maanden, cfg.verzoek_grondslag
        except UserError:
            self.maanden, self.grondslag = 3, ""
        self.tekst(f"Een inwoner heeft schriftelijk gevraagd om vernietiging van zijn of haar gegevens. Zoek de "
                   f"inwoner, vul het kenmerk van de brief en de ontvangstdatum in. Het verzoek moet binnen "
                   f"{self.maanden} maanden zijn uitgevoerd{f' ({self.grondslag})' if self.grondslag else ''}.")
        zoekrij = QHBoxLayout()
        self.zoekterm = QLineEdit()
        self.zoekterm.setAccessibleName("Zoek de inwoner op naam, BSN of inwonernummer")
        self.zoekterm.setPlaceholderText("naam, BSN of inwonernummer")
        lab = QLabel("&Inwoner")
        lab.setBuddy(self.zoekterm)
        zoekrij.addWidget(lab)
        zoekrij.addWidget(self.zoekterm, 1)
        self.btn_zoek = knop("&Zoeken", "Inwoner zoeken")
        zoekrij.addWidget(self.btn_zoek)
        self.lay.addLayout(zoekrij)
        self.gevonden = QListWidget()
        self.gevonden.setAccessibleName("Gevonden inwoners")
        self.lay.addWidget(self.gevonden, 1)
        self.kenmerk = self.veld("&Kenmerk", "Kenmerk van de brief")
        self.kenmerk.setPlaceholderText("bijvoorbeeld het zaaknummer; geen naam")
        self.ontvangen = self.veld("&Ontvangen op", "Ontvangen op (dd-mm-jjjj)", nl.datum(date.today()))
        self.uiterlijk = QLabel()
        self.uiterlijk.setAccessibleName("Uitvoeren uiterlijk")
        self.form.addRow("Uitvoeren uiterlijk", self.uiterlijk)
        self.lay.addLayout(self.form)
        self.knoppen("&Registreren", standaard=False)
        self.btn_zoek.clicked.connect(self.zoek)
        self.zoekterm.returnPressed.connect(self.zoek)
        self.ontvangen.textChanged.connect(self._uiterlijk_bij)
        self._uiterlijk_bij()
        self.zoekterm.setFocus()

    def _uiterlijk_bij(self) -> None:
        try:
            d = parse_datum(self.ontvangen.text(), field="ontvangen_op")
            self.uiterlijk.setText(nl.datum(bewaren.plus_maanden(d, self.maanden)))
        except InvalidInput:
            self.uiterlijk.setText("vul een geldige datum in (dd-mm-jjjj)")

    def zoek(self) -> None:
        self.gevonden.clear()
        try:
            found = bewaren.zoek_inwoners(self.ctx, self.zoekterm.text())
        except (InvalidInput, UserError) as exc:
            toon(self.melding, exc.message, fout=True)
            return
        self.melding.hide()
        for k in found:
            item = QListWidgetItem(k.tekst())
            item.setData(Qt.ItemDataRole.UserRole, k.id)
            self.gevonden.addItem(item)
        if not found:
            toon(self.melding, "Geen inwoner gevonden. Zoek op een ander deel van de naam, of op BSN.")
        elif len(found) == 1:
            self.gevonden.setCurrentRow(0)

    def opslaan(self) -> None:
        item = self.gevonden.currentItem()
        if item is None:
            return self.fout("Zoek en kies eerst de inwoner.", self.zoekterm)

        def registreer():
            ontvangen = parse_datum(self.ontvangen.text(), field="ontvangen_op", toekomst_toegestaan=False)
            return bewaren.registreer_verzoek(self.ctx, item.data(Qt.ItemDataRole.UserRole), self.kenmerk.text(),
                                              ontvangen)

        ok, self.saved = self.probeer(registreer, "Registering a request",
                                      {"kenmerk": self.kenmerk, "ontvangen_op": self.ontvangen})
        if ok:
            self.accept()


class BewarenTab(QWidget):
    KOLOMMEN = ["Gesprek", "Inwoner", "Team", "Wet", "Grondslag", "Einde dossier", "Einde volgens", "Bewaren tot",
                "Verwijzingen"]
    VERZOEK_KOLOMMEN = ["Kenmerk", "Inwoner", "Ontvangen", "Uitvoeren uiterlijk", "Status", "Geregistreerd door"]

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[bewaren.BewaarItem] = []
        self.peil = date.today()
        self.verzoeken: list[bewaren.VerzoekRij] = []
        lay = QVBoxLayout(self)
        self.termijnen_uitleg = QLabel()
        self.termijnen_uitleg.setWordWrap(True)
        self.termijnen_uitleg.setProperty("rol", "uitleg")
        self.termijnen_uitleg.setAccessibleName("Bewaartermijnen per wet")
        lay.addWidget(self.termijnen_uitleg)
        split = QSplitter(Qt.Orientation.Vertical)
        split.setChildrenCollapsible(False)

        boven = QGroupBox("Bewaartermijn verstreken")
        bl = QVBoxLayout(boven)
        rij = QHBoxLayout()
        self.peildatum = QLineEdit(nl.datum(date.today()))
        self.peildatum.setAccessibleName("Verstreken op of voor (dd-mm-jjjj)")
        self.peildatum.setMaximumWidth(110)
        lab = QLabel("Ver&streken op of vóór")
        lab.setBuddy(self.peildatum)
        rij.addWidget(lab)
        rij.addWidget(self.peildatum)
        self.btn_vernieuw = knop("Ver&nieuwen", "Lijst vernieuwen")
        rij.addWidget(self.btn_vernieuw)
        rij.addStretch(1)
        self.telling = QLabel()
        self.telling.setAccessibleName("Aantal gesprekken met verstreken termijn")
        rij.addWidget(self.telling)
        bl.addLayout(rij)
        self.tabel = tabel(self.KOLOMMEN, "Gesprekken met verstreken bewaartermijn", meer=True)
        for col, w in enumerate((70, 75, 110, 130, 260, 105, 130, 100, 95)):
            self.tabel.setColumnWidth(col, w)
        self.tabel.horizontalHeader().setStretchLastSection(False)
        self.tabel.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        bl.addWidget(self.tabel, 1)
        acties = QHBoxLayout()
        self.btn_alles = knop("Alles sele&cteren", "Alle gesprekken in de lijst selecteren")
        self.btn_vernietig = knop("&Vernietigen…", "Gekozen gesprekken vernietigen")
        self.btn_anonimiseer = knop("&Anonimiseren…", "Gekozen gesprekken anonimiseren")
        acties.addWidget(self.btn_alles)
        acties.addStretch(1)
        acties.addWidget(self.btn_anonimiseer)
        acties.addWidget(self.btn_vernietig)
        bl.addLayout(acties)
        split.addWidget(boven)

        onder = QGroupBox("Verzoeken van inwoners om vernietiging")
        ol = QVBoxLayout(onder)
        self.verzoek_tabel = tabel(self.VERZOEK_KOLOMMEN, "Verzoeken om vernietiging")
        for col, w in enumerate((170, 80, 100, 140, 230)):
            self.verzoek_tabel.setColumnWidth(col, w)
        ol.addWidget(self.verzoek_tabel, 1)
        vk = QHBoxLayout()
        self.btn_registreer = knop("Verzoek &registreren…", "Verzoek om vernietiging registreren")
        self.btn_uitvoeren = knop("Verzoek ui&tvoeren…", "Gekozen verzoek uitvoeren: alle gegevens van de inwoner "
                                  "vernietigen")
        self.toon_uitgevoerd = QCheckBox("Uitgevoerde verzoeken t&onen")
        self.toon_uitgevoerd.setAccessibleName("Uitgevoerde verzoeken tonen")
        vk.addWidget(self.btn_registreer)
        vk.addWidget(self.btn_uitvoeren)
        vk.addStretch(1)
        vk.addWidget(self.toon_uitgevoerd)
        ol.addLayout(vk)
        split.addWidget(onder)
        split.setSizes([380, 220])
        lay.addWidget(split, 1)
        ar = QHBoxLayout()
        self.audit_telling = QLabel()
        self.audit_telling.setWordWrap(True)
        self.audit_telling.setAccessibleName("Auditregels met verstreken bewaartermijn")
        self.btn_audit = knop("Audit o&pschonen…", "Auditregels over vernietigde en geanonimiseerde gesprekken "
                              "verwijderen")
        ar.addWidget(self.audit_telling, 1)
        ar.addWidget(self.btn_audit)
        lay.addLayout(ar)
        self.voortgang = VoortgangRij("Voortgang van de lijst")
        lay.addWidget(self.voortgang)
        self.melding = melding()
        lay.addWidget(self.melding)
        self.lijst_job: Job | None = None
        self._opnieuw = False

        self.btn_vernieuw.clicked.connect(self.reload)
        self.peildatum.returnPressed.connect(self.reload)
        self.btn_alles.clicked.connect(self.tabel.selectAll)
        self.btn_vernietig.clicked.connect(lambda: self.uitvoeren("vernietigen"))
        self.btn_anonimiseer.clicked.connect(lambda: self.uitvoeren("anonimiseren"))
        self.btn_registreer.clicked.connect(self.registreer)
        self.btn_uitvoeren.clicked.connect(self.verzoek_uitvoeren)
        self.btn_audit.clicked.connect(self.audit_opschonen)
        self.toon_uitgevoerd.toggled.connect(lambda _on: self.reload_verzoeken())
        self.tabel.itemSelectionChanged.connect(self._knoppen_bij)
        self.verzoek_tabel.itemSelectionChanged.connect(self._knoppen_bij)
        order = [self.peildatum, self.btn_vernieuw, self.tabel, self.btn_alles, self.btn_anonimiseer,
                 self.btn_vernietig, self.verzoek_tabel, self.btn_registreer, self.btn_uitvoeren, self.toon_uitgevoerd,
                 self.btn_audit]
        for a, b in zip(order, order[1:]):
            self.setTabOrder(a, b)
        self._knoppen_bij()

    def _uitleg_bij(self) -> None:
        try:
            cfg = bewaren.bewaarconfig(self.ctx)
        except UserError as exc:
            toon(self.melding, exc.message, fout=True)
            return
        delen = [f"{t.wet if t.wet != bewaren.GEEN_VOORZIENING else t.wet_naam}: {t.jaren} jaar ({t.grondslag}"
                 + (f"; Selectielijst 2020: {t.selectielijst}" if t.selectielijst and "Selectielijst" not in t.grondslag
                    else "") + ")" for t in cfg.termijnen.values()]
        self.termijnen_uitleg.setText(
            "Bewaartermijnen: " + "; ".join(delen) + ". Een verwijzing telt als voorziening vanaf trede "
            f"{cfg.voorziening_vanaf_trede}. De termijn loopt vanaf het einde van het dossier (afgesloten, anders de "
            "laatste activiteit); bij meer wetten telt de langste. Vernietigen en anonimiseren komen in de audit trail, "
            "zonder namen. De lijst toont nummers, geen namen.")

    def reload(self) -> None:
        """Compute the list in a background Job (about 0.7 s at full size, issue 26) with the progress row;
        the table, the audit count and the requests follow when it is done. A reload asked while one runs
        follows it."""
        self._uitleg_bij()
        ok, peil = probeer(self.melding, lambda: parse_datum(self.peildatum.text(), field="peildatum"),
                           "Retention list")
        if not ok:
            return
        if self.voortgang.bezig():
            self._opnieuw = True
            return
        self._opnieuw = False
        ctx = self.ctx

        def work(progress, cancelled):
            progress(5, "Gesprekken met een verstreken bewaartermijn zoeken...")
            return bewaren.te_vernietigen(ctx, peil)

        job = Job(work, self)
        job.finished.connect(lambda items: self._toon_lijst(peil, items))
        job.failed.connect(lambda m: toon(self.melding, m, fout=True))
        job.cancelled.connect(lambda: toon(self.melding, "Het vernieuwen is afgebroken; de lijst hieronder is die "
                                           "van daarvoor."))
        job.done.connect(self._lijst_klaar)
        self.voortgang.volg(job, f"Gesprekken zoeken waarvan de termijn op of vóór {nl.datum(peil)} verstreek...")
        self.lijst_job = job
        self._knoppen_bij()
        job.start()

    def wacht_op_lijst(self, ms: int = 30_000) -> None:
        """Block until the running list is shown (screenshots, tests); the GUI thread only waits here."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(ms)
        while self.voortgang.bezig() and not deadline.hasExpired():
            self.lijst_job.wait(50)
            QCoreApplication.processEvents()

    def _toon_lijst(self, peil: date, items: list) -> None:
        self.peil, self.items = peil, items
        self.tabel.setRowCount(len(self.items))
        for r, i in enumerate(self.items):
            cells = [i.gesprek_id, i.inwoner_id, i.team_naam, f"{i.wet if i.wet != bewaren.GEEN_VOORZIENING else i.wet_naam} · {i.jaren} jaar", i.bron or i.grondslag,
                     nl.datum(i.einddatum), i.einde_bron, nl.datum(i.vervaldatum), i.verwijzingen]
            for c, text in enumerate(cells):
                self.tabel.setItem(r, c, cel(text, i.gesprek_id, tooltip=i.wet_naam if c == 3 else None))
        self.telling.setText(f"{len(self.items)} gesprek{'ken' if len(self.items) != 1 else ''}")

    def _lijst_klaar(self) -> None:
        self.reload_audit()
        self.reload_verzoeken()
        self._knoppen_bij()
        if self._opnieuw:
            self.reload()

    def reload_verzoeken(self) -> None:
        try:
            self.verzoeken = bewaren.lijst_verzoeken(self.ctx, ook_uitgevoerd=self.toon_uitgevoerd.isChecked())
        except UserError as exc:
            toon(self.melding, exc.message, fout=True)
            return
        self.verzoek_tabel.setRowCount(len(self.verzoeken))
        for r, v in enumerate(self.verzoeken):
            status = v.status()
            cells = [v.kenmerk, v.inwoner_id if v.inwoner_id is not None else "–", nl.datum(v.ontvangen_op),
                     nl.datum(v.uiterlijk), status, v.geregistreerd_door or ""]
            for c, text in enumerate(cells):
                item = cel(text, v.id)
                if status.startswith("te laat"):
                    item.setForeground(QBrush(ROOD))
                self.verzoek_tabel.setItem(r, c, item)
        self._knoppen_bij()

    def gekozen_gesprekken(self) -> list[int]:
        rows = sorted({ix.row() for ix in self.tabel.selectionModel().selectedRows()})
        return [self.tabel.item(r, 0).data(Qt.ItemDataRole.UserRole) for r in rows]

    def gekozen_verzoek(self) -> bewaren.VerzoekRij | None:
        rows = self.verzoek_tabel.selectionModel().selectedRows()
        if not rows:
            return None
        vid = self.verzoek_tabel.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)
        return next((v for v in self.verzoeken if v.id == vid), None)

    def _knoppen_bij(self) -> None:
        n = 0 if self.voortgang.bezig() else len(self.gekozen_gesprekken())  # only from a finished list
        self.btn_vernietig.setEnabled(n > 0)
        self.btn_anonimiseer.setEnabled(n > 0)
        self.btn_alles.setEnabled(self.tabel.rowCount() > 0)
        v = self.gekozen_verzoek()
        self.btn_uitvoeren.setEnabled(v is not None and v.open)

    def uitvoeren(self, wat: str) -> None:
        ids = self.gekozen_gesprekken()
        if not ids:
            return
        gekozen = [i for i in self.items if i.gesprek_id in set(ids)]
        n_verw = sum(i.verwijzingen for i in gekozen)
        wie = f"{len(ids)} gesprek{'ken' if len(ids) != 1 else ''} met {n_verw} verwijzing{'en' if n_verw != 1 else ''}"
        if wat == "vernietigen":
            tekst = (f"U vernietigt {wie}, met alles wat erbij is vastgelegd. Een inwoner zonder andere gesprekken "
                     "wordt ook verwijderd. Dit kan niet ongedaan worden gemaakt.\n\nIn de audit trail komt alleen dat "
                     "het is gebeurd en hoeveel, geen namen.")
        else:
            tekst = (f"U anonimiseert {wie}: namen, BSN, contactgegevens, geboortedatum en alle vrije tekst gaan weg; "
                     "de cijfers (scores, treden, verwijzingen) blijven voor de statistiek. Dit kan niet ongedaan "
                     "worden gemaakt.")
        if not common.bevestig(self, wat.capitalize(), tekst, wat.capitalize()):
            return
        fn = bewaren.vernietig if wat == "vernietigen" else bewaren.anonimiseer
        ok, res = probeer(self.melding, lambda: fn(self.ctx, ids, peildatum=min(self.peil, date.today())),
                          "Retention action")
        if not ok:
            return
        self.reload()
        toon(self.melding, f"Klaar: {res.tekst('vernietigd' if wat == 'vernietigen' else 'geanonimiseerd')}.")

    def registreer(self) -> None:
        dlg = VerzoekDialoog(self.ctx, self)
        if dlg.exec() == QDialog.DialogCode.Accepted and dlg.saved:
            self.reload_verzoeken()
            toon(self.melding, f"Verzoek {dlg.saved.kenmerk} is geregistreerd; uitvoeren uiterlijk "
                 f"{nl.datum(dlg.saved.uiterlijk)}.")

    def verzoek_uitvoeren(self) -> None:
        v = self.gekozen_verzoek()
        if v is None or not v.open:
            return
        if not common.bevestig(self, "Verzoek uitvoeren",
                               f"Verzoek {v.kenmerk} uitvoeren? Alle gesprekken en verwijzingen van inwoner "
                               f"{v.inwoner_id} en de inwoner zelf worden vernietigd. Dit kan niet ongedaan worden "
                               "gemaakt.\n\nIn de audit trail komt dat het verzoek is uitgevoerd en hoeveel er is "
                               "vernietigd, niet wat.", "Uitvoeren"):
            return
        ok, res = probeer(self.melding, lambda: bewaren.voer_verzoek_uit(self.ctx, v.id), "Carrying out a request")
        if not ok:
            return
        self.reload()
        toon(self.melding, f"Verzoek {v.kenmerk} is uitgevoerd: {res.tekst('vernietigd')}.")

    def reload_audit(self) -> None:
        """How many audit rows have expired with destroyed or anonymised conversations (issue 19, item 8)."""
        ok, n = probeer(self.melding, lambda: bewaren.verlopen_auditregels(self.ctx), "Counting expired audit rows")
        self.n_audit = n or 0
        if self.n_audit:
            self.audit_telling.setText(
                f"Audit trail: {self.n_audit} regel{'s' if self.n_audit != 1 else ''} over vernietigde of "
                "geanonimiseerde gesprekken {} de bewaartermijn voorbij en {} weg.".format(
                    "is" if self.n_audit == 1 else "zijn", "mag" if self.n_audit == 1 else "mogen"))
        else:
            self.audit_telling.setText("Audit trail: geen regels met een verstreken bewaartermijn.")
        self.btn_audit.setEnabled(ok and self.n_audit > 0)

    def audit_opschonen(self) -> None:
        if not getattr(self, "n_audit", 0):
            return
        if not common.bevestig(
                self, "Audit opschonen",
                f"{self.n_audit} regel{'s' if self.n_audit != 1 else ''} van de audit trail verwijderen: wie de "
                "vernietigde of geanonimiseerde gesprekken heeft bekeken of gewijzigd. Dat ze zijn vernietigd blijft "
                "staan. Dit kan niet ongedaan worden gemaakt.", "Opschonen"):
            return
        ok, res = probeer(self.melding, lambda: bewaren.audit_opschonen(self.ctx), "Purging the audit trail")
        if not ok:
            return
        self.reload_audit()
        toon(self.melding, f"Klaar: {res.regels} auditregel{'s' if res.regels != 1 else ''} verwijderd. Dit staat "
             "in de audit trail.")
