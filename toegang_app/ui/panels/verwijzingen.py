"""The conversation's referrals: status, history, change status (asking only what is needed), new referral."""

from __future__ import annotations

import html
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain.verwijzing import OVERDRACHTEN, REDENEN_NIET_GESTART, STATUSSEN, VOLGENDE, vraag_voor
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import verwijzingen as vsvc
from toegang_app.ui.verwijzing_dialoog import VerwijzingDialoog


def _opvolg_voorstel(ctx, gesprek_id: int) -> date | None:
    """The follow-up date services.termijnen proposes (usual interval, never after a desk deadline)."""
    from toegang_app.services import termijnen as tsvc

    try:
        return tsvc.opvolg_voorstel(ctx, gesprek_id).datum
    except UserError:
        return None


class StatusDialoog(QDialog):
    """Change a referral's status; the reason and follow-up date appear only when they are needed."""

    def __init__(self, info: vsvc.VerwijzingInfo, parent=None, opvolg_voorstel: date | None = None):
        super().__init__(parent)
        self.setWindowTitle(f"Status van de verwijzing naar {info.naam}")
        self.resize(480, 260)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.status = QComboBox()
        self.status.setAccessibleName("Nieuwe status")
        for k in VOLGENDE.get(info.status, ()):
            self.status.addItem(STATUSSEN[k], k)
        form.addRow("Nieuwe &status", self.status)
        self.reden = QComboBox()
        self.reden.setAccessibleName("Waarom niet gestart")
        self.reden.addItem("kies…", None)
        for k, label in REDENEN_NIET_GESTART.items():
            self.reden.addItem(label, k)
        self.reden_label = QLabel("&Waarom niet")
        self.reden_label.setBuddy(self.reden)
        form.addRow(self.reden_label, self.reden)
        voorstel = opvolg_voorstel or date.today() + timedelta(days=14)
        self.opvolg = QDateEdit(QDate(voorstel.year, voorstel.month, voorstel.day))
        self.opvolg.setDisplayFormat("dd-MM-yyyy")
        self.opvolg.setMinimumDate(QDate.currentDate())
        self.opvolg.setAccessibleName("Opvolgdatum")
        self.opvolg_label = QLabel("Opvolgen &op")
        self.opvolg_label.setBuddy(self.opvolg)
        form.addRow(self.opvolg_label, self.opvolg)
        self.notitie = QLineEdit()
        self.notitie.setAccessibleName("Notitie")
        form.addRow("&Notitie", self.notitie)
        lay.addLayout(form)
        self.fout = QLabel()
        self.fout.setStyleSheet("color:#a11;")
        self.fout.setWordWrap(True)
        lay.addWidget(self.fout)
        box = QDialogButtonBox()
        box.addButton("Opslaan", QDialogButtonBox.ButtonRole.AcceptRole)
        box.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        box.accepted.connect(self._check)
        box.rejected.connect(self.reject)
        lay.addWidget(box)
        self.status.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        v = vraag_voor(self.status.currentData() or "")
        for w in (self.reden, self.reden_label):
            w.setVisible(v.reden)
        for w in (self.opvolg, self.opvolg_label):
            w.setVisible(v.opvolgdatum)

    def _check(self) -> None:
        if vraag_voor(self.status.currentData()).reden and self.reden.currentData() is None:
            self.fout.setText("Kies waarom de hulp niet is gestart.")
            return
        self.accept()

    def keuze(self) -> dict:
        v = vraag_voor(self.status.currentData())
        q = self.opvolg.date()
        return {"naar": self.status.currentData(), "reden": self.reden.currentData() if v.reden else None,
                "opvolgdatum": date(q.year(), q.month(), q.day()) if v.opvolgdatum else None,
                "notitie": self.notitie.text()}


class VerwijzingenPanel(QWidget):
    def __init__(self, ctx, gesprek, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.gesprek = gesprek  # the open conversation (ui.gesprek_model.OpenGesprek)
        self.gesprek_id: int | None = None
        self.items: list[vsvc.VerwijzingInfo] = []
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        self.lijst = QTreeWidget()
        self.lijst.setAccessibleName("Verwijzingen van dit gesprek")
        self.lijst.setHeaderLabels(["Voorziening", "Status", "Opvolgen"])
        self.lijst.setRootIsDecorated(False)
        self.lijst.setColumnWidth(0, 190)
        self.lijst.setColumnWidth(1, 110)
        lay.addWidget(self.lijst, 1)
        self.detail = QTextBrowser()
        self.detail.setAccessibleName("Details en geschiedenis van de verwijzing")
        self.detail.setMinimumHeight(110)
        lay.addWidget(self.detail, 1)
        self.fout = QLabel()
        self.fout.setWordWrap(True)
        self.fout.setStyleSheet("color:#a11;")
        lay.addWidget(self.fout)
        row = QHBoxLayout()
        self.btn_nieuw = QPushButton("Nieuwe verwijzing…")
        self.btn_nieuw.setAccessibleName("Nieuwe verwijzing naar een voorziening naar keuze")
        self.btn_status = QPushButton("Status wijzigen…")
        self.btn_status.setAccessibleName("Status van de gekozen verwijzing wijzigen")
        row.addWidget(self.btn_nieuw)
        row.addWidget(self.btn_status)
        lay.addLayout(row)
        self.btn_nieuw.clicked.connect(self.nieuw)
        self.btn_status.clicked.connect(self.status_wijzigen)
        self.lijst.currentItemChanged.connect(self._toon)
        self.lijst.itemActivated.connect(lambda *_: self.status_wijzigen())
        self._toon()
        gesprek.geladen.connect(self.set_dossier)
        gesprek.opgeslagen.connect(self._opgeslagen)
        gesprek.verwijzingen_gewijzigd.connect(self.verwijzingen_gewijzigd)

    # what the open conversation announces
    def set_dossier(self, dossier) -> None:
        self.gesprek_id = dossier.gesprek_id if dossier is not None else None
        self.ververs()

    def _opgeslagen(self, _versie: int) -> None:
        if self.gesprek.gesprek_id != self.gesprek_id:
            self.gesprek_id = self.gesprek.gesprek_id
            self.ververs()

    def verwijzingen_gewijzigd(self, info=None) -> None:
        """A referral was made (``info`` None: read the list again) or changed (only that one)."""
        self.gesprek_id = self.gesprek.gesprek_id or self.gesprek_id
        if info is not None and any(v.id == info.id for v in self.items):
            self.items = [info if v.id == info.id else v for v in self.items]
            self._vul()
        else:
            self.ververs()

    def ververs(self) -> None:
        """Read this conversation's referrals again."""
        self.fout.clear()
        self.items = []
        if self.gesprek_id is not None:
            try:
                self.items = vsvc.verwijzingen_van(self.ctx, self.gesprek_id, audit_view=False)
            except UserError as exc:
                self.fout.setText(exc.message)
        self._vul()

    def _vul(self) -> None:
        current = self.lijst.currentItem().data(0, Qt.ItemDataRole.UserRole) if self.lijst.currentItem() else None
        self.lijst.clear()
        for v in self.items:
            it = QTreeWidgetItem([v.naam, v.status_label, v.opvolgdatum.strftime("%d-%m-%Y") if v.opvolgdatum else ""])
            it.setData(0, Qt.ItemDataRole.UserRole, v.id)
            it.setToolTip(0, f"{v.naam} ({v.aanbieder})")
            self.lijst.addTopLevelItem(it)
            if v.id == current:
                self.lijst.setCurrentItem(it)
        if self.lijst.currentItem() is None and self.items:
            self.lijst.setCurrentItem(self.lijst.topLevelItem(0))
        self._toon()

    def _gekozen(self) -> vsvc.VerwijzingInfo | None:
        it = self.lijst.currentItem()
        if it is None:
            return None
        vid = it.data(0, Qt.ItemDataRole.UserRole)
        return next((v for v in self.items if v.id == vid), None)

    def _toon(self, *_a) -> None:
        v = self._gekozen()
        self.btn_status.setEnabled(v is not None)
        if v is None:
            self.detail.setHtml("<p>Nog geen verwijzingen. Kies een suggestie en 'Verwijzen…', of 'Nieuwe "
                                "verwijzing…' voor een voorziening naar keuze.</p>")
            return
        e = html.escape
        toest = (f"ja, op {v.toestemming_datum:%d-%m-%Y}: {e(v.toestemming_delen or '')}" if v.toestemming
                 else "nee: er gaan geen gegevens van de inwoner mee")
        hist = "".join(f"<li>{h.op:%d-%m-%Y %H:%M} · {e(STATUSSEN.get(h.status, h.status))}"
                       f"{' (' + e(REDENEN_NIET_GESTART.get(h.reden, h.reden)) + ')' if h.reden else ''}"
                       f" · {e(h.medewerker or '')}{' · ' + e(h.notitie) if h.notitie else ''}</li>"
                       for h in v.geschiedenis)
        self.detail.setHtml(
            f"<b>{e(v.naam)}</b> ({e(v.aanbieder or '')}) · trede {v.trede}"
            f"{' · ingetrokken' if v.ingetrokken else ''}<br>"
            f"<b>Overdracht:</b> {e(OVERDRACHTEN.get(v.overdracht, v.overdracht))}<br>"
            f"<b>Toestemming:</b> {toest}<br>"
            + (f"<b>Notitie:</b> {e(v.notitie)}<br>" if v.notitie else "")
            + f"<b>Geschiedenis</b><ul>{hist}</ul>")

    def nieuw(self) -> None:
        gid = self.gesprek.zorg_voor_opslag()
        if gid is None:
            self.fout.setText("Het gesprek kon nog niet worden opgeslagen; zie de melding bovenaan.")
            return
        self.gesprek_id = gid
        dlg = VerwijzingDialoog(self.ctx, gid, parent=self)
        if dlg.exec():
            self.gesprek.nieuwe_versie(dlg.verwijzing_id.gesprek_versie)
            self.gesprek.verwijzing_gewijzigd()

    def status_wijzigen(self) -> None:
        v = self._gekozen()
        if v is None:
            return
        dlg = StatusDialoog(v, self, _opvolg_voorstel(self.ctx, v.gesprek_id))
        if not dlg.exec():
            return
        try:
            nieuw = vsvc.wijzig_status(self.ctx, v.id, verwachte_versie=v.versie, **dlg.keuze())
        except (InvalidInput, UserError) as exc:
            self.ververs()
            self.fout.setText(exc.message)
            return
        # a status change touches only this referral: the others and the conversation stay as they are
        self.gesprek.verwijzing_gewijzigd(nieuw)
