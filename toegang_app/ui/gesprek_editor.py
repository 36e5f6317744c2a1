"""The conversation editor: the brede uitvraag along the six dimensions of Positieve Gezondheid.

Left: the conversation in seven steps (tabs, Alt+1..7). Right: the live spinnenweb and the side panels
(suggestions, AVE phase, referrals, legal terms). Every change is written to a draft within a second;
Ctrl+S stores the conversation in the database.
"""

from __future__ import annotations

import json
import logging
from datetime import date, datetime
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from toegang_app.domain import nl, vocab
from toegang_app.domain.uitvraag import FormatError, load_uitvraag_file
from toegang_app.domain.validation import InvalidInput, parse_datum, parse_geboortejaren
from toegang_app.errors import UserError
from toegang_app.services import concepten
from toegang_app.services import gesprekken as svc
from toegang_app.ui.gesprek_model import OpenGesprek
from toegang_app.ui.gesprek_panels import PANELS
from toegang_app.ui.voortgang import VoortgangRij
from toegang_app.ui.workers import Job
from toegang_app.ui.widgets.spinnenweb import SpinnenwebWidget

log = logging.getLogger(__name__)

STAPPEN = ["Inwoner", "Aanmelding", "Gezondheid", "Wensen", "Leefgebieden", "Netwerk", "Afspraken"]
STAP_UITLEG = ["Gegevens van de inwoner", "Aanmelding, vraag en urgentie", "De zes dimensies van Positieve Gezondheid",
               "Het andere gesprek: wat is belangrijk, wat wilt u veranderen, wie kan helpen",
               "Leefgebieden en signalen met ernst", "Eigen kracht en netwerk", "Afspraken en afronding"]
JA_NEE = [("onbekend", None), ("ja", True), ("nee", False)]


def _fmt_datum(d: date | None) -> str:
    return d.strftime("%d-%m-%Y") if d else ""


def _text_edit(name: str, height: int = 64, placeholder: str = "") -> QPlainTextEdit:
    e = QPlainTextEdit()
    e.setAccessibleName(name)
    e.setTabChangesFocus(True)
    e.setFixedHeight(height)
    if placeholder:
        e.setPlaceholderText(placeholder)
    return e


def _combo(name: str, items: list[tuple[str, object]]) -> QComboBox:
    c = QComboBox()
    c.setAccessibleName(name)
    for label, data in items:
        c.addItem(label, data)
    return c


def _set_combo(c: QComboBox, value) -> None:
    i = c.findData(value)
    c.setCurrentIndex(i if i >= 0 else 0)


class DubbeleInwonerDialoog(QDialog):
    """Offer likely duplicates before a new resident is created."""

    def __init__(self, rijen: list[svc.InwonerRij], parent=None):
        super().__init__(parent)
        self.setWindowTitle("Bestaat deze inwoner al?")
        self.resize(560, 320)
        self.gekozen: int | None = None
        lay = QVBoxLayout(self)
        uitleg = QLabel("Deze inwoner staat misschien al in Toegang. Kies de juiste inwoner, zodat er geen "
                        "dubbele inwoner ontstaat. Of maak toch een nieuwe inwoner aan.")
        uitleg.setWordWrap(True)
        lay.addWidget(uitleg)
        self.lijst = QListWidget()
        self.lijst.setAccessibleName("Mogelijk dezelfde inwoners")
        for r in rijen:
            geb = _fmt_datum(r.geboortedatum) or (str(r.geboortejaar) if r.geboortejaar else "geboortedatum onbekend")
            extra = f", BSN {r.bsn_kort}" if r.bsn_kort else ""
            waarom = f"  ({r.reden})" if r.reden else ""
            it = QListWidgetItem(f"{r.naam} · {geb} · {r.kern or vocab.GEMEENTEN.get(r.gemeente, r.gemeente)}{extra}"
                                 f"{waarom}")
            it.setData(Qt.ItemDataRole.UserRole, r.id)
            self.lijst.addItem(it)
        self.lijst.setCurrentRow(0)
        lay.addWidget(self.lijst)
        knoppen = QDialogButtonBox()
        self.btn_bestaand = knoppen.addButton("Dit is dezelfde inwoner", QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_nieuw = knoppen.addButton("Toch een nieuwe inwoner", QDialogButtonBox.ButtonRole.ActionRole)
        knoppen.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        self.btn_bestaand.clicked.connect(self._bestaand)
        self.btn_nieuw.clicked.connect(self._nieuw)
        knoppen.rejected.connect(self.reject)
        self.lijst.itemActivated.connect(lambda _it: self._bestaand())
        lay.addWidget(knoppen)
        self.keuze: str | None = None

    def _bestaand(self) -> None:
        it = self.lijst.currentItem()
        if it is not None:
            self.keuze, self.gekozen = "bestaand", it.data(Qt.ItemDataRole.UserRole)
            self.accept()

    def _nieuw(self) -> None:
        self.keuze = "nieuw"
        self.accept()


class GesprekEditor(QWidget):
    """Edits one GesprekDossier. Signals: ``opgeslagen(gesprek_id)``, ``gesloten()``.

    ``self.gesprek`` is the open conversation (ui.gesprek_model.OpenGesprek): the editor announces what
    it loads, what the worker types and what it stores there; the side panels subscribe to it."""

    opgeslagen = Signal(int)
    gesloten = Signal()

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.shell = shell
        self.gesprek = OpenGesprek(ctx, self)
        self.gesprek.shell = shell
        self.gesprek.stel_bewaarder_in(self.ensure_saved)
        self.gesprek.opgeslagen.connect(self._versie_opgeslagen)
        self.gesprek.veiligheid_gewijzigd.connect(self._veiligheid_gewijzigd)
        self.basis: svc.GesprekDossier | None = None
        self.sleutel: str | None = None
        self._loading = False
        self.dirty = False
        self.last_draft_at: datetime | None = None
        self.panels: dict[str, QWidget] = {}
        self._field_widgets: dict[str, QWidget] = {}
        self._beantwoord: set[str] = set()   # yes/no boxes the worker touched since loading: unticked = "no"
        self._draft_timer = QTimer(self, singleShot=True, interval=400, timeout=self._save_draft)
        self._panel_timer = QTimer(self, singleShot=True, interval=120, timeout=self._refresh_panels)
        self._build()

    @property
    def dossier(self) -> svc.GesprekDossier | None:
        """The dossier being edited (held by the open conversation)."""
        return self.gesprek.dossier

    # ------------------------------------------------------------------------------------------
    # building
    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        self.titel = QLabel()
        self.titel.setProperty("rol", "kop")
        self.titel.setAccessibleName("Gesprek")
        head.addWidget(self.titel, 1)
        self.demo_label = QLabel("SYNTHETISCHE DEMO-INWONER")
        self.demo_label.setStyleSheet("color:#8a4b00; font-weight:bold;")
        self.demo_label.setAccessibleName("Synthetische demo-inwoner: geen echte persoon")
        head.addWidget(self.demo_label)
        self.status = QLabel()
        self.status.setAccessibleName("Status van opslaan")
        head.addWidget(self.status)
        outer.addLayout(head)
        self.melding = QLabel()
        self.melding.setWordWrap(True)
        self.melding.setAccessibleName("Melding")
        self.melding.setStyleSheet("background:#fff4e5; border:1px solid #e0a84f; padding:6px;")
        self.melding.hide()
        outer.addWidget(self.melding)
        self.voortgang = VoortgangRij("Voortgang van afdrukken, exporteren of importeren")
        outer.addWidget(self.voortgang)
        self._job: Job | None = None

        split = QSplitter(Qt.Orientation.Horizontal)
        split.setChildrenCollapsible(False)
        self._scrolls: list[QScrollArea] = []
        self.stappen = QTabWidget()
        self.stappen.setAccessibleName("Stappen van het gesprek")
        self.stappen.setUsesScrollButtons(True)
        self.stappen.setStyleSheet("QTabBar::tab { padding: 5px 5px; }")
        builders = [self._stap_inwoner, self._stap_aanmelding, self._stap_gezondheid, self._stap_andere,
                    self._stap_leefgebieden, self._stap_netwerk, self._stap_afspraken]
        for n, (title, build) in enumerate(zip(STAPPEN, builders, strict=True), start=1):
            page = QWidget()
            build(page)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            scroll.setWidget(page)
            self._scrolls.append(scroll)
            # no '&' in the tab text: Alt+n is an action below that also puts the cursor in the step
            self.stappen.addTab(scroll, f"{n} {title}")
            self.stappen.setTabToolTip(n - 1, f"{STAP_UITLEG[n - 1]} (Alt+{n})")
        split.addWidget(self.stappen)

        right = QSplitter(Qt.Orientation.Vertical)
        self.spinnenweb = SpinnenwebWidget()
        right.addWidget(self.spinnenweb)
        self.panel_tabs = QTabWidget()
        self.panel_tabs.setAccessibleName("Suggesties, AVE-fase, verwijzingen en termijnen")
        for key, title, cls in PANELS:
            try:
                panel = cls(self.ctx, self.gesprek)
            except Exception:  # noqa: BLE001 - one broken panel never blocks a conversation
                log.exception("Panel %s not available", key)
                continue
            self.panels[key] = panel
            self.panel_tabs.addTab(panel, title)
            self.panel_tabs.setTabToolTip(self.panel_tabs.count() - 1,
                                          f"{title} (Ctrl+Shift+{self.panel_tabs.count()})")
        right.addWidget(self.panel_tabs)
        right.setSizes([250, 430])
        split.addWidget(right)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([700, 470])  # the six side-panel tabs fit without scroll arrows at 1280 px and up
        self.panel_tabs.setStyleSheet("QTabBar::tab { padding: 5px 5px; }")
        outer.addWidget(split, 1)

        # Buttons use Ctrl shortcuts, not Alt letters: Alt letters belong to the form fields of each step.
        self.btn_opslaan = QPushButton("Opslaan (Ctrl+S)")
        self.btn_handout = QPushButton("Samenvatting inwoner (Ctrl+P)")
        self.btn_dossier = QPushButton("Dossierkopie")
        self.btn_dossier.setToolTip("Dossierkopie met het volledige verslag als PDF (Ctrl+Shift+P)")
        self.btn_export = QPushButton("Exporteren…")
        self.btn_export.setToolTip("Dit gesprek opslaan als uitwisselbestand (JSON), zonder naam en notities (Ctrl+E)")
        self.btn_import = QPushButton("Importeren…")
        self.btn_import.setToolTip("Antwoorden uit een uitwisselbestand (JSON) in dit gesprek zetten (Ctrl+I)")
        self.btn_overdragen = QPushButton("Overdragen…")
        self.btn_overdragen.setToolTip("De inwoner met alle gesprekken overdragen aan de balie van een andere "
                                       "gemeente, bijvoorbeeld na een verhuizing (Ctrl+Shift+O)")
        self.btn_sluiten = QPushButton("Sluiten (Ctrl+W)")
        # the resident's rights (services.rechten): the Wmo verslag and the people around the resident
        self.btn_verslag = QPushButton("Verslag Wmo…")
        self.btn_verslag.setToolTip("Verslag van het Wmo-onderzoek voor de inwoner, reactie en aanvraag (Ctrl+Shift+V)")
        self.btn_huishouden = QPushButton("Huishouden…")
        self.btn_huishouden.setToolTip("Huisgenoten met hun rol en vertegenwoordigers van de inwoner (Ctrl+Shift+H)")
        names = {self.btn_opslaan: "Opslaan", self.btn_handout: "Samenvatting voor de inwoner afdrukken",
                 self.btn_verslag: "Verslag van het Wmo-onderzoek", self.btn_huishouden: "Huishouden en vertegenwoordiging",
                 self.btn_dossier: "Dossierkopie als PDF", self.btn_export: "Exporteren",
                 self.btn_import: "Importeren", self.btn_overdragen: "Overdragen aan de andere balie",
                 self.btn_sluiten: "Sluiten"}
        # two rows: at 150 % scaling or 1366x768 one row would cut the button texts off
        bar = QVBoxLayout()
        bar.setSpacing(4)
        rij1, rij2 = QHBoxLayout(), QHBoxLayout()
        for b in (self.btn_opslaan, self.btn_handout, self.btn_dossier, self.btn_verslag, self.btn_huishouden):
            rij1.addWidget(b)
        rij1.addStretch(1)
        for b in (self.btn_export, self.btn_import, self.btn_overdragen):
            rij2.addWidget(b)
        rij2.addStretch(1)
        rij2.addWidget(self.btn_sluiten)
        bar.addLayout(rij1)
        bar.addLayout(rij2)
        for b, name in names.items():
            b.setAccessibleName(name)
        outer.addLayout(bar)
        # Tab moves through a step's fields; QScrollArea.focusNextPrevChild keeps the focused field in view.
        self.btn_opslaan.clicked.connect(self.opslaan)
        self.btn_handout.clicked.connect(self.afdrukken)
        self.btn_dossier.clicked.connect(lambda: self.maak_pdf(dossier=True))
        self.btn_export.clicked.connect(self.exporteer)
        self.btn_import.clicked.connect(self.importeer)
        self.btn_verslag.clicked.connect(lambda: self.open_verslag())
        self.btn_huishouden.clicked.connect(lambda: self.open_huishouden())
        self.btn_overdragen.clicked.connect(self.overdragen)
        self.btn_sluiten.clicked.connect(self.sluit)

        for seq, fn in (("Ctrl+S", self.opslaan), ("Ctrl+P", self.afdrukken),
                        ("Ctrl+Shift+P", lambda: self.maak_pdf(dossier=True)), ("Ctrl+E", self.exporteer),
                        ("Ctrl+I", self.importeer), ("Ctrl+Shift+O", self.overdragen), ("Ctrl+W", self.sluit),
                        ("Ctrl+Shift+V", lambda: self.open_verslag()), ("Ctrl+Shift+H", lambda: self.open_huishouden())):
            act = QAction(self)
            act.setShortcut(QKeySequence(seq))
            act.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            act.triggered.connect(fn)
            self.addAction(act)
        self._toetsen()

    # ------------------------------------------------------------------------------------------
    # keyboard (README "Sneltoetsen", toegang_app/ui/toetsen.py): the editor is on screen -> its keys work
    def _toetsen(self) -> None:
        def actie(seq: str, fn) -> QAction:
            act = QAction(self)
            act.setShortcuts([QKeySequence(k) for k in seq.split("|")])
            act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)  # only while the editor is shown
            act.triggered.connect(fn)
            self.addAction(act)
            return act

        for n in range(1, self.stappen.count() + 1):
            actie(f"Alt+{n}", lambda _=False, i=n - 1: self.ga_naar_stap(i))
        for n in range(1, self.panel_tabs.count() + 1):
            actie(f"Ctrl+Shift+{n}", lambda _=False, i=n - 1: self.ga_naar_paneel(i))
        # Ctrl+Enter: this step is done -> store the conversation and go on to the next step
        actie("Ctrl+Return|Ctrl+Enter", self.stap_klaar)
        panel = self.panels.get("suggesties")
        if panel is not None:
            actie("Ctrl+R", panel.verwijs)          # refer to the chosen suggestion
            actie("Ctrl+O", panel.onderbouw)        # record why lighter help is not enough
        panel = self.panels.get("verwijzingen")
        if panel is not None:
            actie("Ctrl+Shift+R", panel.nieuw)      # a referral to a voorziening of one's own choice
        # Enter in a single-line field of the conversation goes to the next field (the conversation
        # has no OK button: Ctrl+Enter and Ctrl+S store it); the aanvraag fields add the aanvraag.
        for e in self.findChildren(QLineEdit):
            if e in (self.f_aanvraag_datum, self.f_aanvraag_onderwerp) or isinstance(e.parent(), (QComboBox, QSpinBox)):
                continue
            e.returnPressed.connect(lambda: self.focusNextChild())

    def eerste_veld(self, page: QWidget) -> QWidget | None:
        """The first field of ``page`` that Tab reaches (in the focus chain)."""
        w = page.nextInFocusChain()
        for _ in range(2000):
            if w is page or w is None:
                break
            if (page.isAncestorOf(w) and w.isEnabled() and w.isVisibleTo(page)
                    and w.focusPolicy() & Qt.FocusPolicy.TabFocus):
                return w
            w = w.nextInFocusChain()
        return None

    def ga_naar_stap(self, i: int) -> None:
        """Alt+1..7: show step ``i`` and put the cursor in its first field."""
        self.stappen.setCurrentIndex(i)
        scroll = self._scrolls[i]
        veld = self.eerste_veld(scroll.widget())
        if veld is not None:
            veld.setFocus(Qt.FocusReason.ShortcutFocusReason)
            scroll.ensureWidgetVisible(veld)

    def ga_naar_paneel(self, i: int) -> None:
        """Ctrl+Shift+1..6: show side panel ``i`` and put the focus on its list (or first control)."""
        if not 0 <= i < self.panel_tabs.count():
            return
        self.panel_tabs.setCurrentIndex(i)
        panel = self.panel_tabs.widget(i)
        for naam in ("tree", "lijst"):
            w = getattr(panel, naam, None)
            if isinstance(w, QWidget) and w.isEnabled() and w.isVisibleTo(panel):
                w.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
        veld = self.eerste_veld(panel)
        if veld is not None:
            veld.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def stap_klaar(self) -> None:
        """Ctrl+Enter: store the conversation; when that worked, the next step (cursor in its first field)."""
        if self.dossier is None or not self.opslaan():
            return
        i = self.stappen.currentIndex()
        if i + 1 < self.stappen.count():
            self.ga_naar_stap(i + 1)

    def _form(self, page: QWidget, uitleg: str | None = None) -> QFormLayout:
        lay = QVBoxLayout(page)
        lay.setContentsMargins(10, 10, 10, 10)
        if uitleg:
            lab = QLabel(uitleg)
            lab.setWordWrap(True)
            lab.setProperty("rol", "uitleg")
            lay.addWidget(lab)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        lay.addLayout(form)
        lay.addStretch(1)
        return form

    def _line(self, name: str, key: str | None = None, placeholder: str = "") -> QLineEdit:
        e = QLineEdit()
        e.setAccessibleName(name)
        if placeholder:
            e.setPlaceholderText(placeholder)
        e.textChanged.connect(self._changed)
        if key:
            self._field_widgets[key] = e
        return e

    def _stap_inwoner(self, page: QWidget) -> None:
        form = self._form(page, "Leg alleen vast wat nodig is voor het gesprek. Het BSN is niet verplicht.")
        self.f_naam = self._line("Naam", "naam", "voornaam en achternaam")
        self.f_geboorte = self._line("Geboortedatum of geboortejaar", "geboortedatum", "dd-mm-jjjj of jjjj")
        self.f_geboorte.editingFinished.connect(lambda: self._check_field("geboortedatum"))
        self.f_gemeente = _combo("Gemeente", [(v, k) for k, v in vocab.GEMEENTEN.items()])
        self.f_kern = _combo("Kern", [])
        self.f_gemeente.currentIndexChanged.connect(self._gemeente_changed)
        self.f_kern.currentIndexChanged.connect(self._changed)
        self._field_widgets["gemeente"], self._field_widgets["kern"] = self.f_gemeente, self.f_kern
        self.f_postcode = self._line("Postcode", "postcode", "1234 AB")
        self.f_telefoon = self._line("Telefoon", "telefoon")
        self.f_email = self._line("E-mail", "email")
        self.f_bsn = self._line("BSN (niet verplicht)", "bsn", "9 cijfers")
        self.f_bsn.editingFinished.connect(lambda: self._check_field("bsn"))
        self.fout_inwoner = QLabel()
        self.fout_inwoner.setWordWrap(True)
        self.fout_inwoner.setStyleSheet("color:#a11;")
        self.fout_inwoner.setAccessibleName("Fout bij inwonergegevens")
        form.addRow("&Naam", self.f_naam)
        form.addRow("G&eboren", self.f_geboorte)
        form.addRow("Gemeente", self.f_gemeente)
        form.addRow("&Kern", self.f_kern)
        form.addRow("Postcode", self.f_postcode)
        form.addRow("Telefoon", self.f_telefoon)
        form.addRow("E-mail", self.f_email)
        form.addRow("BSN", self.f_bsn)  # no Alt letter: B is Bestand, S and N are taken
        self._huishouden_rijen(form)
        form.addRow("", self.fout_inwoner)
        self._gemeente_changed()

    def _huishouden_rijen(self, form: QFormLayout) -> None:
        """Version 2 of the exchange format: residence status, children at home, kenmerken. They decide
        which voorzieningen fit (a group needs positive evidence); record only what the conversation needs."""
        self.f_verblijf = _combo("Verblijfsstatus", [("onbekend", None)] + [(v, k) for k, v in vocab.VERBLIJFSSTATUS.items()])
        self.f_verblijf.currentIndexChanged.connect(self._changed)
        self._field_widgets["verblijfsstatus"] = self.f_verblijf
        form.addRow("&Verblijfsstatus", self.f_verblijf)
        kind = QWidget()
        rij = QHBoxLayout(kind)
        rij.setContentsMargins(0, 0, 0, 0)
        self.f_kinderen_thuis = _combo("Kinderen thuis", [("onbekend", None), ("geen kinderen thuis", False),
                                                          ("ja, geboren in:", True)])
        self.f_kinderen = QLineEdit()
        self.f_kinderen.setAccessibleName("Geboortejaren van de kinderen thuis")
        self.f_kinderen.setPlaceholderText("geboortejaren, bijvoorbeeld 2017, 2023")
        self.f_kinderen_thuis.currentIndexChanged.connect(self._kinderen_keuze)
        self.f_kinderen.textChanged.connect(self._changed)
        self.f_kinderen.editingFinished.connect(lambda: self._check_field("kinderen"))
        rij.addWidget(self.f_kinderen_thuis)
        rij.addWidget(self.f_kinderen, 1)
        self._field_widgets["kinderen"] = self.f_kinderen
        form.addRow("Kin&deren thuis", kind)
        self._kinderen_keuze()

        box = QGroupBox("Kenmerken (alleen wat nodig is en de inwoner goedvindt)")
        box.setAccessibleName("Kenmerken van de inwoner en huisgenoten")
        g = QGridLayout(box)
        self.f_kenmerk = _combo("Kenmerk", [(v, k) for k, v in vocab.KENMERKEN.items()])
        self.f_kenmerk_wie = _combo("Voor wie geldt het kenmerk", [(v, k) for k, v in vocab.KENMERK_WIE.items()])
        self.btn_kenmerk_erbij = QPushButton("Toevoegen")
        self.btn_kenmerk_erbij.setAccessibleName("Kenmerk toevoegen")
        self.btn_kenmerk_weg = QPushButton("Weghalen")
        self.btn_kenmerk_weg.setAccessibleName("Gekozen kenmerk weghalen")
        self.f_kenmerken = QListWidget()
        self.f_kenmerken.setAccessibleName("Vastgelegde kenmerken")
        self.f_kenmerken.setMaximumHeight(86)
        self.btn_kenmerk_erbij.clicked.connect(self._kenmerk_erbij)
        self.btn_kenmerk_weg.clicked.connect(self._kenmerk_weg)
        g.addWidget(self.f_kenmerk, 0, 0)
        g.addWidget(self.f_kenmerk_wie, 0, 1)
        g.addWidget(self.btn_kenmerk_erbij, 0, 2)
        g.addWidget(self.f_kenmerken, 1, 0, 1, 2)
        g.addWidget(self.btn_kenmerk_weg, 1, 2, Qt.AlignmentFlag.AlignTop)
        g.setColumnStretch(0, 1)
        self._field_widgets["kenmerken"] = self.f_kenmerk
        form.addRow(box)

    def _aanvragen_groep(self) -> QGroupBox:
        """Formal aanvragen with their own date: the terms that run from an aanvraag run from that date."""
        box = QGroupBox("Aanvragen (een formele aanvraag met een eigen datum)")
        box.setAccessibleName("Aanvragen")
        g = QGridLayout(box)
        self.f_aanvraag_wet = _combo("Wet van de aanvraag", [(v, k) for k, v in vocab.MELDING_WETTEN.items()])
        self.f_aanvraag_datum = QLineEdit()
        self.f_aanvraag_datum.setAccessibleName("Datum van de aanvraag")
        self.f_aanvraag_datum.setPlaceholderText("dd-mm-jjjj")
        # wide enough for a whole date at any scaling (the font decides, not a fixed number of pixels)
        breed = self.f_aanvraag_datum.fontMetrics().horizontalAdvance("dd-mm-jjjj") + 12
        self.f_aanvraag_datum.setMinimumWidth(breed)
        self.f_aanvraag_datum.setMaximumWidth(breed + 30)
        self.f_aanvraag_onderwerp = QLineEdit()
        self.f_aanvraag_onderwerp.setAccessibleName("Onderwerp van de aanvraag (zonder persoonsgegevens)")
        self.f_aanvraag_onderwerp.setPlaceholderText("onderwerp (geen namen)")
        self.f_aanvraag_onderwerp.setMinimumWidth(140)
        self.btn_aanvraag_erbij = QPushButton("Toevoegen")
        self.btn_aanvraag_erbij.setAccessibleName("Aanvraag toevoegen")
        self.btn_aanvraag_weg = QPushButton("Weghalen")
        self.btn_aanvraag_weg.setAccessibleName("Gekozen aanvraag weghalen")
        self.f_aanvragen = QListWidget()
        self.f_aanvragen.setAccessibleName("Vastgelegde aanvragen")
        self.f_aanvragen.setMaximumHeight(70)
        self.fout_aanvraag = QLabel()
        self.fout_aanvraag.setWordWrap(True)
        self.fout_aanvraag.setStyleSheet("color:#a11;")
        self.fout_aanvraag.setAccessibleName("Fout bij de aanvraag")
        self.btn_aanvraag_erbij.clicked.connect(self._aanvraag_erbij)
        self.f_aanvraag_datum.returnPressed.connect(self._aanvraag_erbij)
        self.f_aanvraag_onderwerp.returnPressed.connect(self._aanvraag_erbij)
        self.btn_aanvraag_weg.clicked.connect(self._aanvraag_weg)
        g.addWidget(self.f_aanvraag_wet, 0, 0)
        g.addWidget(self.f_aanvraag_datum, 0, 1)
        g.addWidget(self.f_aanvraag_onderwerp, 0, 2)
        g.addWidget(self.btn_aanvraag_erbij, 0, 3)
        g.addWidget(self.f_aanvragen, 1, 0, 1, 3)
        g.addWidget(self.btn_aanvraag_weg, 1, 3, Qt.AlignmentFlag.AlignTop)
        g.addWidget(self.fout_aanvraag, 2, 0, 1, 4)
        # the law's list does not claim the width of its longest name: the subject gets the room
        self.f_aanvraag_wet.setMinimumContentsLength(12)
        self.f_aanvraag_wet.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        g.setColumnStretch(0, 2)
        g.setColumnStretch(2, 3)
        self._field_widgets["aanvragen"] = self.f_aanvraag_datum
        return box

    def _aanvraag_rijen(self) -> list[tuple]:
        return [self.f_aanvragen.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.f_aanvragen.count())]

    def _toon_aanvragen(self, rijen) -> None:
        self.f_aanvragen.clear()
        for wet, datum, onderwerp in rijen:
            it = QListWidgetItem(f"{vocab.MELDING_WETTEN.get(wet, wet)} · {_fmt_datum(datum)}"
                                 + (f" · {onderwerp}" if onderwerp else ""))
            it.setData(Qt.ItemDataRole.UserRole, (wet, datum, onderwerp))
            self.f_aanvragen.addItem(it)

    def _aanvraag_erbij(self) -> None:
        try:
            datum = parse_datum(self.f_aanvraag_datum.text(), field="aanvragen", toekomst_toegestaan=False)
        except InvalidInput as exc:
            self.fout_aanvraag.setText(exc.message)
            self.f_aanvraag_datum.setFocus()
            return
        onderwerp = self.f_aanvraag_onderwerp.text().strip() or None
        if onderwerp and len(onderwerp) > 200:
            self.fout_aanvraag.setText("Het onderwerp is te lang (meer dan 200 tekens).")
            return
        rij = (self.f_aanvraag_wet.currentData(), datum, onderwerp)
        if rij not in self._aanvraag_rijen():
            self._toon_aanvragen(sorted(self._aanvraag_rijen() + [rij], key=lambda r: r[1]))
            self._beantwoord.add("aanvragen")
            self._changed()
        self.fout_aanvraag.clear()
        self.f_aanvraag_datum.clear()
        self.f_aanvraag_onderwerp.clear()
        self.f_aanvraag_wet.setFocus()

    def _aanvraag_weg(self) -> None:
        row = self.f_aanvragen.currentRow()
        if row >= 0:
            self.f_aanvragen.takeItem(row)
            self._beantwoord.add("aanvragen")
            self._changed()

    def _kinderen_keuze(self, *_a) -> None:
        self.f_kinderen.setEnabled(self.f_kinderen_thuis.currentData() is True)
        self._changed()

    def _kenmerk_paren(self) -> list[tuple[str, str]]:
        return [self.f_kenmerken.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.f_kenmerken.count())]

    def _toon_kenmerken(self, paren) -> None:
        self.f_kenmerken.clear()
        for kenmerk, wie in paren:
            it = QListWidgetItem(f"{vocab.KENMERKEN.get(kenmerk, kenmerk)} · {vocab.KENMERK_WIE.get(wie, wie)}")
            it.setData(Qt.ItemDataRole.UserRole, (kenmerk, wie))
            self.f_kenmerken.addItem(it)

    def _kenmerk_erbij(self) -> None:
        paar = (self.f_kenmerk.currentData(), self.f_kenmerk_wie.currentData())
        if paar not in self._kenmerk_paren():
            self._toon_kenmerken(self._kenmerk_paren() + [paar])
            self._beantwoord.add("kenmerken")
            self._changed()
        self.f_kenmerk.setFocus()

    def _kenmerk_weg(self) -> None:
        row = self.f_kenmerken.currentRow()
        if row >= 0:
            self.f_kenmerken.takeItem(row)
            self._beantwoord.add("kenmerken")
            self._changed()

    def _stap_aanmelding(self, page: QWidget) -> None:
        form = self._form(page)
        self.f_datum = self._line("Datum aanmelding", "aanmelding_datum", "dd-mm-jjjj")
        self.f_datum.editingFinished.connect(lambda: self._check_field("aanmelding_datum"))
        self.f_kanaal = _combo("Kanaal", [("kies…", None)] + [(v, k) for k, v in vocab.KANALEN.items()])
        self.f_melder = _combo("Wie meldt", [("kies…", None)] + [(v, k) for k, v in vocab.MELDERS.items()])
        self.f_vraag = _text_edit("Vraag in de woorden van de inwoner", 90, "Schrijf de vraag op zoals de inwoner hem zegt")
        self.f_huishouden = _combo("Huishouden", [("onbekend", None)] + [(v, k) for k, v in vocab.HUISHOUDENS.items()])
        self.f_inkomen = QSpinBox()
        self.f_inkomen.setRange(-1, 1000)
        self.f_inkomen.setSpecialValueText("onbekend")
        self.f_inkomen.setSuffix(" % van de bijstandsnorm")
        self.f_inkomen.setAccessibleName("Inkomen als percentage van de bijstandsnorm")
        self.f_inkomen.setValue(-1)
        for w in (self.f_kanaal, self.f_melder, self.f_huishouden):
            w.currentIndexChanged.connect(self._changed)
        self.f_vraag.textChanged.connect(self._changed)
        self.f_inkomen.valueChanged.connect(self._changed)
        form.addRow("&Datum", self.f_datum)
        form.addRow("&Kanaal", self.f_kanaal)
        form.addRow("&Wie meldt", self.f_melder)
        form.addRow("&Vraag", self.f_vraag)
        wetten = QGroupBox("Wetten van de melding")
        wetten.setAccessibleName("Wetten waaronder de melding wordt geregistreerd")
        wl = QGridLayout(wetten)
        uitleg = QLabel("Onder welke wet registreert de balie deze melding? De termijnen vanaf de melding lopen "
                        "alleen voor deze wetten. Niets gekozen: de app stelt ze voor uit de hulpvraag.")
        uitleg.setWordWrap(True)
        uitleg.setProperty("rol", "uitleg")
        wl.addWidget(uitleg, 0, 0, 1, 2)
        self.f_wetten: dict[str, QCheckBox] = {}
        for n, (k, label) in enumerate(vocab.MELDING_WETTEN.items()):
            cb = QCheckBox(label)
            cb.setAccessibleName(f"Melding onder de {label}")
            cb.toggled.connect(self._changed)
            self.f_wetten[k] = cb
            wl.addWidget(cb, 1 + n // 2, n % 2)
        self._field_widgets["wetten"] = next(iter(self.f_wetten.values()))
        form.addRow(wetten)
        form.addRow(self._aanvragen_groep())
        urg = QGroupBox("Urgent")
        grid = QGridLayout(urg)
        self.f_crisis: dict[str, QCheckBox] = {}
        for n, (k, label) in enumerate(list(vocab.CRISIS.items()) + list(vocab.VEILIGHEID.items())):
            cb = QCheckBox(label)
            cb.setAccessibleName(label)
            cb.toggled.connect(self._changed)
            cb.toggled.connect(lambda _on, k=k: self._beantwoord.add(k))
            self.f_crisis[k] = cb
            grid.addWidget(cb, n // 2, n % 2)
        form.addRow(urg)
        form.addRow("&Huishouden", self.f_huishouden)
        form.addRow("&Inkomen", self.f_inkomen)
        self.f_partijen = QSpinBox()
        self.f_partijen.setRange(-1, 100)
        self.f_partijen.setSpecialValueText("onbekend")
        self.f_partijen.setValue(-1)
        self.f_partijen.setAccessibleName("Aantal betrokken partijen")
        self.f_partijen.valueChanged.connect(self._changed)
        self.f_stagneert = QCheckBox("Samenwerking tussen partijen loopt vast")
        self.f_stagneert.setAccessibleName("Samenwerking loopt vast")
        self.f_stagneert.toggled.connect(self._changed)
        self.f_stagneert.toggled.connect(lambda _on: self._beantwoord.add("samenwerking_stagneert"))
        form.addRow("Betrokken &partijen", self.f_partijen)
        form.addRow("", self.f_stagneert)

    def _stap_gezondheid(self, page: QWidget) -> None:
        lay = QVBoxLayout(page)
        lay.setContentsMargins(10, 10, 10, 10)
        prompts = getattr(getattr(self.ctx, "resources", None), "prompts", None)
        uitleg = QLabel("Vraag per onderwerp hoe het gaat. " + (prompts.schaal_uitleg if prompts else ""))
        uitleg.setWordWrap(True)
        uitleg.setProperty("rol", "uitleg")
        lay.addWidget(uitleg)
        self.f_dim: dict[str, tuple[QSpinBox, QCheckBox, QPlainTextEdit]] = {}
        self.f_dim_vorig: dict[str, QLabel] = {}
        for k, label in vocab.DIMENSIES.items():
            box = QGroupBox(label)
            box.setAccessibleName(label)
            g = QGridLayout(box)
            vragen = prompts.dimensies.get(k, ()) if prompts else ()
            q = QLabel(" · ".join(vragen))
            q.setWordWrap(True)
            q.setProperty("rol", "uitleg")
            g.addWidget(q, 0, 0, 1, 3)
            score = QSpinBox()
            score.setRange(-1, 10)
            score.setSpecialValueText("niet besproken")
            score.setValue(-1)
            score.setAccessibleName(f"{label}: score van 0 tot 10")
            score.setMinimumWidth(140)
            score.setMaximumWidth(170)
            praten = QCheckBox("Hier wil ik over praten")
            praten.setAccessibleName(f"{label}: hier wil ik over praten")
            notitie = _text_edit(f"{label}: notitie", 48, "notitie (alleen in het dossier)")
            score.valueChanged.connect(self._changed)
            praten.toggled.connect(self._changed)
            notitie.textChanged.connect(self._changed)
            lab = QLabel("Score")
            lab.setBuddy(score)
            g.addWidget(lab, 1, 0)
            g.addWidget(score, 1, 1)
            g.addWidget(praten, 1, 2)
            g.addWidget(notitie, 2, 0, 1, 3)
            # a follow-up conversation: the previous answer beside the new one (services.vervolg)
            vorig = QLabel()
            vorig.setProperty("rol", "uitleg")
            vorig.setAccessibleName(f"{label}: score in het vorige gesprek")
            vorig.hide()
            g.addWidget(vorig, 1, 3)
            self.f_dim_vorig[k] = vorig
            g.setColumnStretch(2, 1)
            self.f_dim[k] = (score, praten, notitie)
            self._field_widgets[f"dimensies.{k}"] = score
            lay.addWidget(box)
        lay.addStretch(1)

    def _stap_andere(self, page: QWidget) -> None:
        prompts = getattr(getattr(self.ctx, "resources", None), "prompts", None)
        texts = prompts.andere_gesprek if prompts else {}
        form = self._form(page, "Het andere gesprek: wat vindt de inwoner zelf belangrijk?")
        self.f_belangrijk = _text_edit("Wat is belangrijk", 80)
        self.f_veranderen = _text_edit("Wat wil de inwoner veranderen", 80)
        self.f_helpen = _text_edit("Wie of wat kan helpen", 80)
        for key, w in (("wat_belangrijk", self.f_belangrijk), ("wat_veranderen", self.f_veranderen),
                       ("wie_helpen", self.f_helpen)):
            w.textChanged.connect(self._changed)
            lab = QLabel(texts.get(key, key))
            lab.setWordWrap(True)
            form.addRow(lab)
            form.addRow(w)

    def _stap_leefgebieden(self, page: QWidget) -> None:
        lay = QVBoxLayout(page)
        lay.setContentsMargins(10, 10, 10, 10)
        uitleg = QLabel("Op welke leefgebieden speelt iets? Kies hoe ernstig het is. 'Geen' = speelt niet.")
        uitleg.setWordWrap(True)
        uitleg.setProperty("rol", "uitleg")
        lay.addWidget(uitleg)
        grid = QGridLayout()
        self.f_sig: dict[str, tuple[QComboBox, QLineEdit]] = {}
        opties = [("geen", 0)] + [(f"{n} · {label}", n) for n, label in vocab.ERNST.items()]
        for r, (k, label) in enumerate(vocab.LEEFGEBIEDEN.items()):
            lab = QLabel(label)
            ernst = _combo(f"{label}: ernst", opties)
            toel = QLineEdit()
            toel.setAccessibleName(f"{label}: toelichting")
            toel.setPlaceholderText("toelichting")
            lab.setBuddy(ernst)
            ernst.currentIndexChanged.connect(self._changed)
            toel.textChanged.connect(self._changed)
            grid.addWidget(lab, r, 0)
            grid.addWidget(ernst, r, 1)
            grid.addWidget(toel, r, 2)
            self.f_sig[k] = (ernst, toel)
        grid.setColumnStretch(2, 1)
        lay.addLayout(grid)
        lay.addStretch(1)

    def _stap_netwerk(self, page: QWidget) -> None:
        form = self._form(page, "Eigen kracht en netwerk: wat kan de inwoner zelf, en wie helpt?")
        self.f_eigen = _text_edit("Eigen kracht", 80, "Wat lukt de inwoner zelf?")
        self.f_mz = _combo("Is er een mantelzorger", [(a, b) for a, b in JA_NEE])
        self.f_mz_over = _combo("Is de mantelzorger overbelast", [(a, b) for a, b in JA_NEE])
        self.f_steun = self._line("Wie helpt", None, "bijvoorbeeld: dochter, buurvrouw (gescheiden door komma's)")
        self.f_eigen.textChanged.connect(self._changed)
        self.f_mz.currentIndexChanged.connect(self._changed)
        self.f_mz_over.currentIndexChanged.connect(self._changed)
        form.addRow("&Eigen kracht", self.f_eigen)
        form.addRow("&Mantelzorger", self.f_mz)
        form.addRow("O&verbelast", self.f_mz_over)
        form.addRow("&Wie helpt", self.f_steun)

    def _stap_afspraken(self, page: QWidget) -> None:
        form = self._form(page, "Wat spreken we af? Eén stap per regel. Dit komt op de samenvatting voor de inwoner.")
        self.f_afspraken = _text_edit("Afspraken", 160)
        self.f_afspraken.textChanged.connect(self._changed)
        form.addRow(self.f_afspraken)
        self.f_afgerond = QCheckBox("Gesprek is afgerond")
        self.f_afgerond.setAccessibleName("Gesprek is afgerond")
        self.f_afgerond.toggled.connect(self._changed)
        form.addRow(self.f_afgerond)

    def _gemeente_changed(self, *_a) -> None:
        g = self.f_gemeente.currentData()
        cur = self.f_kern.currentData()
        self.f_kern.blockSignals(True)
        self.f_kern.clear()
        self.f_kern.addItem("kies…", None)
        for k in vocab.KERNEN.get(g, ()):
            self.f_kern.addItem(k, k)
        _set_combo(self.f_kern, cur)
        self.f_kern.blockSignals(False)
        self._changed()

    # ------------------------------------------------------------------------------------------
    # dossier <-> widgets
    def laad(self, dossier: svc.GesprekDossier, basis: svc.GesprekDossier | None = None,
             sleutel: str | None = None, dirty: bool = False) -> None:
        """Show ``dossier`` and announce it to the panels. ``basis`` = the stored version (None for a new
        conversation); ``sleutel`` = the draft key (a restored draft keeps its key)."""
        self._toon_dossier(dossier, basis, sleutel, dirty)
        self._toon_vorige(dossier)
        self.gesprek.laad(dossier)
        self._refresh_panels()

    def _toon_vorige(self, dossier) -> None:
        """A follow-up conversation: the previous scores beside each dimension and as the dashed outline
        of the live spinnenweb (services.vervolg); nothing for a conversation on its own."""
        from toegang_app.services import vervolg

        vorige = None
        if dossier is not None and dossier.gesprek_id is not None:
            try:
                vorige = vervolg.vorige_web(self.ctx, dossier.gesprek_id)
            except UserError as exc:
                log.info("previous web not read: %s", exc.message)
        if vorige is None:
            self.spinnenweb.set_vorige(None)
            for lab in self.f_dim_vorig.values():
                lab.hide()
            return
        self.spinnenweb.set_vorige(vorige.scores, nl.datum(vorige.datum))
        for k, lab in self.f_dim_vorig.items():
            v = vorige.scores.get(k)
            lab.setText(f"vorige keer ({nl.datum(vorige.datum)}): " + (str(v) if v is not None else "niet besproken"))
            lab.show()

    def _toon_dossier(self, dossier: svc.GesprekDossier, basis: svc.GesprekDossier | None,
                      sleutel: str | None, dirty: bool) -> None:
        self._loading = True
        try:
            self.gesprek.dossier = dossier
            self.basis = basis
            self.sleutel = sleutel or concepten.nieuwe_sleutel(dossier)
            d, i = dossier, dossier.inwoner
            self.f_naam.setText(i.naam)
            self.f_geboorte.setText(_fmt_datum(i.geboortedatum) or (str(i.geboortejaar) if i.geboortejaar else ""))
            _set_combo(self.f_gemeente, i.gemeente)
            self._gemeente_changed()
            _set_combo(self.f_kern, i.kern)
            self.f_postcode.setText(i.postcode or "")
            self.f_telefoon.setText(i.telefoon or "")
            self.f_email.setText(i.email or "")
            self.f_bsn.setText(i.bsn or "")
            _set_combo(self.f_verblijf, d.verblijfsstatus)
            _set_combo(self.f_kinderen_thuis, None if d.kinderen is None else bool(d.kinderen))
            self.f_kinderen.setText(", ".join(str(y) for y in sorted(d.kinderen or ())))
            self.f_kinderen.setEnabled(bool(d.kinderen))
            self._toon_kenmerken(d.kenmerken or ())
            for k, cb in self.f_wetten.items():
                cb.setChecked(k in (d.wetten or ()))
            self._toon_aanvragen(d.aanvragen or ())
            self.fout_aanvraag.clear()
            self.f_datum.setText(_fmt_datum(d.aanmelding_datum))
            _set_combo(self.f_kanaal, d.kanaal)
            _set_combo(self.f_melder, d.melder)
            self.f_vraag.setPlainText(d.vraag)
            for k, cb in self.f_crisis.items():
                cb.setChecked(bool(d.crisis.get(k) or d.veiligheid.get(k)))
            _set_combo(self.f_huishouden, d.huishouden)
            self.f_inkomen.setValue(d.inkomen_pct if d.inkomen_pct is not None else -1)
            self.f_partijen.setValue(d.betrokken_partijen if d.betrokken_partijen is not None else -1)
            self.f_stagneert.setChecked(bool(d.samenwerking_stagneert))
            for k, (score, praten, notitie) in self.f_dim.items():
                dim = d.dimensies.get(k) or svc.DimensieInvoer()
                score.setValue(dim.score if dim.score is not None else -1)
                praten.setChecked(bool(dim.bespreken))
                notitie.setPlainText(dim.notitie)
            sig = {s.leefgebied: s for s in d.signalen}
            for k, (ernst, toel) in self.f_sig.items():
                s = sig.get(k)
                _set_combo(ernst, s.ernst if s else 0)
                toel.setText(s.toelichting if s else "")
            self.f_belangrijk.setPlainText(d.wat_belangrijk)
            self.f_veranderen.setPlainText(d.wat_veranderen)
            self.f_helpen.setPlainText(d.wie_helpen)
            self.f_eigen.setPlainText(d.eigen_kracht)
            _set_combo(self.f_mz, d.mantelzorger)
            _set_combo(self.f_mz_over, d.mantelzorger_overbelast)
            self.f_steun.setText(", ".join(d.steun_van))
            self.f_afspraken.setPlainText(d.afspraken)
            self.f_afgerond.setChecked(d.status == "afgerond")
        finally:
            self._loading = False
        self._beantwoord.clear()
        self.dirty = dirty
        self.fout_inwoner.clear()
        self.melding.hide()
        self.demo_label.setVisible(dossier.synthetisch)
        self._update_title()
        self._update_status()

    def verzamel(self, strikt: bool = False) -> svc.GesprekDossier:
        """The dossier as typed. Unparseable dates keep the previous value unless ``strikt``, which
        raises InvalidInput (Dutch) for the first field that cannot be read."""
        d = svc.GesprekDossier.from_json(self.dossier.to_json()) if self.dossier else svc.GesprekDossier()
        i = d.inwoner
        i.naam = self.f_naam.text().strip()
        try:
            i.geboortedatum, i.geboortejaar = svc.parse_geboorte(self.f_geboorte.text())
        except InvalidInput:
            if strikt:
                raise
        i.gemeente = self.f_gemeente.currentData()
        i.kern = self.f_kern.currentData()
        i.postcode = self.f_postcode.text().strip() or None
        i.telefoon = self.f_telefoon.text().strip() or None
        i.email = self.f_email.text().strip() or None
        i.bsn = self.f_bsn.text().strip() or None
        try:
            d.aanmelding_datum = parse_datum(self.f_datum.text(), field="aanmelding_datum", toekomst_toegestaan=False)
        except InvalidInput:
            if strikt:
                raise
        d.verblijfsstatus = self.f_verblijf.currentData()
        keuze = self.f_kinderen_thuis.currentData()
        if keuze is None:
            d.kinderen = None
        elif keuze is False:
            d.kinderen = []
        else:
            try:
                d.kinderen = parse_geboortejaren(self.f_kinderen.text())
            except InvalidInput:
                if strikt:
                    raise
        paren = self._kenmerk_paren()
        # no kenmerken listed: "asked, none" stays as loaded; removing the last one records "none"
        d.kenmerken = paren or ([] if (d.kenmerken is not None or "kenmerken" in self._beantwoord) else None)
        rijen = self._aanvraag_rijen()
        d.aanvragen = rijen or ([] if (d.aanvragen is not None or "aanvragen" in self._beantwoord) else None)
        gekozen = [k for k, cb in self.f_wetten.items() if cb.isChecked()]
        d.wetten = gekozen or ([] if d.wetten == [] else None)
        d.kanaal, d.melder = self.f_kanaal.currentData(), self.f_melder.currentData()
        d.vraag = self.f_vraag.toPlainText().strip()
        # an unticked box the worker never touched keeps its answer: not asked stays not asked, "no" stays
        # "no"; a box ticked and unticked again is answered "no"
        for deel, keys in ((d.crisis, vocab.CRISIS), (d.veiligheid, vocab.VEILIGHEID)):
            for k in keys:
                if self.f_crisis[k].isChecked():
                    deel[k] = True
                elif deel.get(k) is not None or k in self._beantwoord:
                    deel[k] = False
        d.huishouden = self.f_huishouden.currentData()
        d.inkomen_pct = self.f_inkomen.value() if self.f_inkomen.value() >= 0 else None
        d.betrokken_partijen = self.f_partijen.value() if self.f_partijen.value() >= 0 else None
        if self.f_stagneert.isChecked():
            d.samenwerking_stagneert = True
        elif d.samenwerking_stagneert is not None or "samenwerking_stagneert" in self._beantwoord:
            d.samenwerking_stagneert = False
        for k, (score, praten, notitie) in self.f_dim.items():
            d.dimensies[k] = svc.DimensieInvoer(score.value() if score.value() >= 0 else None, praten.isChecked(),
                                                notitie.toPlainText().strip())
        d.signalen = [svc.SignaalInvoer(k, ernst.currentData(), toel.text().strip())
                      for k, (ernst, toel) in self.f_sig.items() if ernst.currentData()]
        d.wat_belangrijk = self.f_belangrijk.toPlainText().strip()
        d.wat_veranderen = self.f_veranderen.toPlainText().strip()
        d.wie_helpen = self.f_helpen.toPlainText().strip()
        d.eigen_kracht = self.f_eigen.toPlainText().strip()
        d.mantelzorger, d.mantelzorger_overbelast = self.f_mz.currentData(), self.f_mz_over.currentData()
        d.steun_van = [s.strip() for s in self.f_steun.text().split(",") if s.strip()]
        d.afspraken = self.f_afspraken.toPlainText().strip()
        d.status = "afgerond" if self.f_afgerond.isChecked() else "open"
        return d

    @property
    def gesprek_id(self) -> int | None:
        return self.dossier.gesprek_id if self.dossier else None

    # ------------------------------------------------------------------------------------------
    # change tracking, drafts, live panels
    def _changed(self, *_args) -> None:
        if self._loading or self.dossier is None:
            return
        self.dirty = True
        self._draft_timer.start()
        self._panel_timer.start()
        self._update_status()

    def _save_draft(self) -> None:
        if self.dossier is None or not self.dirty:
            return
        try:
            concepten.bewaar_concept(self.ctx, self.sleutel, self.verzamel(), self.basis)
        except UserError as exc:
            self._toon_melding(exc.message, fout=True)
            return
        self.last_draft_at = datetime.now()
        self._update_status()

    def flush_draft(self) -> None:
        """Write the pending draft now (before closing, navigating or in tests)."""
        if self._draft_timer.isActive():
            self._draft_timer.stop()
            self._save_draft()

    def _refresh_panels(self) -> None:
        if self.dossier is None:
            return
        d = self.verzamel()
        self.spinnenweb.set_data({k: v.score for k, v in d.dimensies.items()},
                                 {k for k, v in d.dimensies.items() if v.bespreken})
        self.gesprek.invoer(d.to_uitvraag())

    def _update_title(self) -> None:
        self.titel.setText(self.dossier.titel if self.dossier else "")

    def _update_status(self) -> None:
        if self.dossier is None:
            self.status.clear()
        elif self.dirty:
            when = f"concept bewaard om {self.last_draft_at:%H:%M:%S}" if self.last_draft_at else "concept wordt bewaard"
            self.status.setText(f"Niet opgeslagen · {when}")
        elif self.dossier.gesprek_id:
            self.status.setText("Opgeslagen")
        else:
            self.status.setText("Nieuw gesprek")

    def _toon_melding(self, text: str, fout: bool = False) -> None:
        self.melding.setText(text)
        self.melding.setStyleSheet(
            "background:#fdecea; border:1px solid #c0392b; padding:6px;" if fout
            else "background:#fff4e5; border:1px solid #e0a84f; padding:6px;")
        self.melding.show()

    def _check_field(self, key: str) -> None:
        try:
            if key == "geboortedatum":
                svc.parse_geboorte(self.f_geboorte.text())
            elif key == "aanmelding_datum":
                parse_datum(self.f_datum.text(), field=key, toekomst_toegestaan=False)
            elif key == "kinderen" and self.f_kinderen.isEnabled():
                parse_geboortejaren(self.f_kinderen.text())
            elif key == "bsn" and self.f_bsn.text().strip():
                from toegang_app.domain.bsn import validate_bsn

                validate_bsn(self.f_bsn.text())
            self.fout_inwoner.clear()
            if self.melding.isVisible() and self.melding.property("veld") == key:
                self.melding.hide()
        except InvalidInput as exc:
            self._fout(exc, focus=False)

    def _fout(self, exc: InvalidInput, focus: bool = True) -> None:
        self._toon_melding(exc.message, fout=True)
        self.melding.setProperty("veld", exc.field)
        if exc.field in ("naam", "geboortedatum", "gemeente", "kern", "postcode", "telefoon", "email", "bsn",
                         "verblijfsstatus", "kinderen", "kenmerken"):
            self.fout_inwoner.setText(exc.message)
        w = self._field_widgets.get(exc.field or "")
        if focus and w is not None:
            for n in range(self.stappen.count()):
                if self.stappen.widget(n).isAncestorOf(w):
                    self.stappen.setCurrentIndex(n)
            w.setFocus()

    # ------------------------------------------------------------------------------------------
    # storing
    def opslaan(self) -> bool:
        return self.ensure_saved() is not None

    def ensure_saved(self) -> int | None:
        """Store the conversation; returns its id, or None after telling the worker why not."""
        if self.dossier is None:
            return None
        if not self.dirty and self.dossier.gesprek_id:
            return self.dossier.gesprek_id
        try:
            d = self.verzamel(strikt=True)
            problems = svc.check_dossier(d)
            if problems:
                raise problems[0]
        except InvalidInput as exc:
            self._fout(exc)
            return None
        if d.inwoner_id is None:
            try:
                dubbel = svc.mogelijke_dubbelen(self.ctx, d.inwoner)
            except UserError as exc:
                self._toon_melding(exc.message, fout=True)
                return None
            if dubbel:
                dlg = DubbeleInwonerDialoog(dubbel, self)
                if not dlg.exec():
                    return None
                if dlg.keuze == "bestaand":
                    d = self._koppel_aan(d, dlg.gekozen)
        return self._bewaar(d)

    def _koppel_aan(self, d: svc.GesprekDossier, inwoner_id: int) -> svc.GesprekDossier:
        """Attach the conversation to an existing resident: keep their stored data, fill gaps from input."""
        bestaand = svc.nieuw_dossier(self.ctx, inwoner_id).inwoner
        for f in ("geboortedatum", "geboortejaar", "kern", "postcode", "telefoon", "email", "bsn"):
            if getattr(bestaand, f) in (None, "") and getattr(d.inwoner, f):
                setattr(bestaand, f, getattr(d.inwoner, f))
        d.inwoner, d.inwoner_id = bestaand, inwoner_id
        return d

    def _bewaar(self, d: svc.GesprekDossier) -> int | None:
        try:
            stored = svc.bewaar_gesprek(self.ctx, d, self.basis)
        except svc.GesprekGewijzigd as exc:
            return self._conflict(d, exc)
        except InvalidInput as exc:
            self._fout(exc)
            return None
        except UserError as exc:
            self._toon_melding(exc.message, fout=True)
            return None
        except Exception:  # noqa: BLE001 - keep the input; the draft is on disk
            log.exception("Saving conversation failed")
            self.flush_draft()
            self._toon_melding("Opslaan is niet gelukt door een onverwachte fout. Uw invoer is bewaard als concept. "
                               f"Details voor de beheerder staan in het logbestand ({self.ctx.config.log_dir}).",
                               fout=True)
            return None
        self._draft_timer.stop()
        concepten.verwijder_concept(self.ctx, self.sleutel)
        self._toon_dossier(stored, stored, None, False)
        self.gesprek.bewaard(stored)
        self.status.setText(f"Opgeslagen om {datetime.now():%H:%M}")
        self.opgeslagen.emit(stored.gesprek_id)
        return stored.gesprek_id

    def _conflict(self, mine: svc.GesprekDossier, exc: svc.GesprekGewijzigd) -> int | None:
        box = QMessageBox(self)
        box.setWindowTitle("Gesprek is intussen gewijzigd")
        box.setIcon(QMessageBox.Icon.Warning)
        box.setText(exc.message)
        merge = box.addButton("Samenvoegen", QMessageBox.ButtonRole.AcceptRole)
        reload_ = box.addButton("Opnieuw laden", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Annuleren", QMessageBox.ButtonRole.RejectRole)
        box.exec()
        if box.clickedButton() is merge:
            basis = self.basis or exc.hun
            merged, conflicts = svc.samenvoegen(basis, mine, exc.hun)
            self.basis = exc.hun
            result = self._bewaar(merged)
            if result and conflicts:
                self._toon_melding("Samengevoegd. Bij deze velden had uw collega iets anders ingevuld; uw invoer is "
                                   "gebruikt: " + ", ".join(conflicts) + ".")
            return result
        if box.clickedButton() is reload_:
            # keep the worker's version as a draft so nothing is lost, then show theirs
            concepten.bewaar_concept(self.ctx, f"{self.sleutel}-eigen-{datetime.now():%H%M%S}", mine, self.basis)
            concepten.verwijder_concept(self.ctx, self.sleutel)
            self.laad(exc.hun, basis=exc.hun)
            self._toon_melding("De versie van uw collega is geladen. Uw eigen invoer staat als concept in de lijst "
                               "'Niet opgeslagen gesprekken'.")
        return None

    # ------------------------------------------------------------------------------------------
    def _versie_opgeslagen(self, versie: int) -> None:
        """A write stored the conversation (here, or in a panel: AVE phase, a referral): the version the
        worker's changes are based on moves with it, so the next save is not taken for a colleague's."""
        d = self.dossier
        if d is not None and self.basis is not None and self.basis.gesprek_id == d.gesprek_id:
            self.basis.versie, self.basis.ave_fase = versie, d.ave_fase
            if d.aanvragen is not None:   # an aanvraag handed over from a dialog: shown, and kept by the next save
                shown = self._aanvraag_rijen()
                extra = [r for r in d.aanvragen if r not in shown]
                if extra:
                    self._toon_aanvragen(sorted(shown + extra, key=lambda r: r[1]))
                    self._beantwoord.add("aanvragen")
                self.basis.aanvragen = d.aanvragen

    def _veiligheid_gewijzigd(self, toestand) -> None:
        """The print button says which version of the resident's summary Ctrl+P makes (issue 21)."""
        from toegang_app.domain.veiligheid import VERSIES

        versie = getattr(toestand, "samenvatting_versie", None)
        tekst = f"Samenvatting inwoner, {VERSIES[versie]} (Ctrl+P)" if versie in VERSIES and toestand.zorg \
            else "Samenvatting inwoner (Ctrl+P)"
        self.btn_handout.setText(tekst)

    # ------------------------------------------------------------------------------------------
    # files
    def _ask_path(self, title: str, suggested: str, filt: str, save: bool = True) -> str | None:
        start = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        fn = QFileDialog.getSaveFileName if save else QFileDialog.getOpenFileName
        path, _ = fn(self, title, str(Path(start) / suggested), filt)
        return path or None

    def kies_taal(self, gid: int) -> str | None:
        """The print dialog of the resident's summary: its language (keyboard: arrows, Enter)."""
        from toegang_app.ui.rechten_dialogen import TaalKeuzeDialoog

        try:
            dlg = TaalKeuzeDialoog(self.ctx, gid, self)
        except UserError as exc:
            self._toon_melding(exc.message, fout=True)
            return None
        self.taal_dialoog = dlg
        uitkomst = dlg.exec()
        return dlg.gekozen() if uitkomst in (1, dlg.DialogCode.Accepted) else None

    def open_verslag(self):
        gid = self.ensure_saved()
        if gid is None:
            return None
        from toegang_app.ui.rechten_dialogen import VerslagDialoog

        self.verslag_dialoog = VerslagDialoog(self.ctx, gid, self)
        self.verslag_dialoog.open()
        return self.verslag_dialoog

    def open_huishouden(self):
        gid = self.ensure_saved()
        if gid is None:
            return None
        from toegang_app.ui.rechten_dialogen import HuishoudenDialoog

        inwoner_id = svc.laad_gesprek(self.ctx, gid, audit_view=False).inwoner_id
        self.huishouden_dialoog = HuishoudenDialoog(self.ctx, gid, inwoner_id, self)
        self.huishouden_dialoog.open()
        return self.huishouden_dialoog

    # -- background jobs (issue 26): PDF, print, export and import run off the GUI thread -----------------
    def _start_job(self, work, tekst: str, klaar, afgebroken: str) -> Job | None:
        """Run ``work(progress, cancelled)`` as a Job with the progress row; ``klaar(result)`` on the GUI
        thread when it is done. One job at a time: the worker keeps typing meanwhile."""
        if self.voortgang.bezig():
            self._toon_melding("Er loopt nog een opdracht. Wacht tot die klaar is of klik op Annuleren.", fout=True)
            return None
        job = Job(work, self)
        job.finished.connect(klaar)
        job.failed.connect(lambda m: self._toon_melding(m, fout=True))
        job.cancelled.connect(lambda: self._toon_melding(afgebroken))
        self.voortgang.volg(job, tekst)
        self._job = job
        job.start()
        return job

    def afdrukken(self) -> Job | None:
        """Ctrl+P: the resident's summary on the desk's printer or as a PDF file (issue 25): its language,
        then printer or PDF (``afdrukken.kies_afdrukwijze``), then Qt's print dialog or the file name."""
        from toegang_app.ui import afdrukken

        gid = self.ensure_saved()
        if gid is None:
            return None
        taal = self.kies_taal(gid)
        if taal is None:
            return None
        wijze = afdrukken.kies_afdrukwijze(self)
        if wijze == afdrukken.PDF:
            return self.maak_pdf(dossier=False, taal=taal)
        if wijze == afdrukken.PRINTER:
            return self.druk_af(taal=taal)
        return None

    def druk_af(self, taal: str | None = None, printer=None) -> Job | None:
        """Print the summary as its PDF renders: the print dialog (``afdrukken.toon_printdialoog``) for
        ``printer`` (the desk's default printer when None), then in a Job: the PDF in a private temporary
        folder, its pages rasterized onto the printer, the temporary PDF removed."""
        import shutil
        import tempfile

        from toegang_app.services.handout import maak_pdf
        from toegang_app.ui import afdrukken

        gid = self.ensure_saved()
        if gid is None:
            return None
        if printer is None and not afdrukken.er_is_een_printer():
            self._toon_melding("Er is op deze pc geen printer ingesteld. Kies Opslaan als PDF, of vraag de "
                               "beheerder om de printer van de balie te installeren.", fout=True)
            return None
        printer = printer if printer is not None else afdrukken.nieuwe_printer()
        if not afdrukken.toon_printdialoog(printer, self):
            return None
        ctx = self.ctx
        self._printer = printer  # alive until the job is done

        def work(progress, cancelled):
            tmp = Path(tempfile.mkdtemp(prefix="toegang-afdruk-"))  # 0700: the process umask is 077
            try:
                progress(2, "Samenvatting maken...")
                pdf = maak_pdf(ctx, gid, tmp / "samenvatting.pdf", taal=taal, cancelled=cancelled)
                return afdrukken.druk_pdf_af(pdf, printer, progress, cancelled)
            finally:
                shutil.rmtree(tmp, ignore_errors=True)

        def klaar(pages: int) -> None:
            naam = printer.printerName() or "de printer"
            woord = "pagina" if pages == 1 else "pagina's"
            self._toon_melding(f"De samenvatting ({pages} {woord}) is naar {naam} gestuurd.")

        return self._start_job(work, "Samenvatting afdrukken...", klaar, "Het afdrukken is afgebroken.")

    def maak_pdf(self, dossier: bool = False, path: str | None = None, taal: str | None = None) -> Job | None:
        """The summary (or with ``dossier`` the file copy) as a PDF file, made in a Job; returns the Job
        (its ``result`` is the path). Written under a temporary name: cancel leaves no file."""
        gid = self.ensure_saved()
        if gid is None:
            return None
        soort = "dossierkopie" if dossier else "samenvatting"
        path = path or self._ask_path("PDF opslaan", f"{soort}-gesprek-{gid}.pdf", "PDF (*.pdf)")
        if not path:
            return None
        from toegang_app.services.handout import maak_pdf

        ctx, doel = self.ctx, Path(path)

        def work(progress, cancelled):
            progress(5, f"De {soort} maken...")
            try:
                return maak_pdf(ctx, gid, doel, dossier=dossier, taal=taal, cancelled=cancelled)
            except OSError as exc:
                log.warning("PDF not written: %s", exc.strerror or type(exc).__name__)
                raise UserError(f"De PDF kon niet worden geschreven naar {doel}. Kies een andere map.") from exc

        return self._start_job(work, f"De {soort} maken...", lambda out: self._toon_melding(f"De {soort} staat in {out}."),
                               f"De {soort} is niet gemaakt (afgebroken); er is geen bestand opgeslagen.")

    def exporteer(self, path: str | None = None) -> Job | None:
        gid = self.ensure_saved()
        if gid is None:
            return None
        path = path or self._ask_path("Gesprek exporteren", f"gesprek-{gid}.json", "Uitwisselbestand (*.json)")
        if not path:
            return None
        from toegang_app.errors import Afgebroken
        from toegang_app.private_files import atomic_target

        ctx, doel = self.ctx, Path(path)

        def work(progress, cancelled):
            progress(5, "Gesprek exporteren...")
            doc = svc.exporteer_uitvraag(ctx, gid)
            try:
                with atomic_target(doel) as tmp:
                    tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
                    if cancelled():
                        raise Afgebroken()
            except OSError as exc:
                log.warning("Export not written: %s", exc.strerror or type(exc).__name__)
                raise UserError(f"Het bestand kon niet worden geschreven naar {doel}. Kies een andere map.") from exc
            return doel

        return self._start_job(work, "Gesprek exporteren...",
                               lambda out: self._toon_melding(f"Geëxporteerd naar {out} (zonder naam, BSN en notities)."),
                               "Het exporteren is afgebroken; er is geen bestand opgeslagen.")

    def importeer(self, path: str | None = None) -> Job | None:
        """Read an exchange file in a Job; its answers go into the form (on the GUI thread) when it is read.
        A bad file changes nothing and says why in Dutch."""
        path = path or self._ask_path("Uitwisselbestand openen", "", "Uitwisselbestand (*.json)", save=False)
        if not path or self.dossier is None:
            return None
        from toegang_app.errors import Afgebroken

        bron = Path(path)

        def work(progress, cancelled):
            progress(5, f"{bron.name} inlezen...")
            try:
                u = load_uitvraag_file(bron)
            except FormatError as exc:
                veld = f" (veld: {exc.field})" if exc.field else ""
                raise UserError(f"Dit bestand kan niet worden ingelezen{veld}: {exc.message} Er is niets veranderd.") \
                    from exc
            if cancelled():
                raise Afgebroken()
            return u

        def klaar(u) -> None:
            if self.dossier is None:
                return
            d = svc.dossier_uit_uitvraag(u, self.verzamel())
            self.laad(d, self.basis, self.sleutel, dirty=True)
            self._changed()
            self._toon_melding(f"De antwoorden uit {bron.name} staan nu in het gesprek. Controleer ze en sla op.")

        return self._start_job(work, f"{bron.name} inlezen...", klaar,
                               "Het importeren is afgebroken; er is niets veranderd.")

    # ------------------------------------------------------------------------------------------
    def can_leave(self) -> bool:
        if self.voortgang.bezig():  # a PDF, print, export or import is still running in the background
            self._toon_melding("Er loopt nog een opdracht (afdrukken, exporteren of importeren). Wacht tot die "
                               "klaar is of klik op Annuleren.", fout=True)
            return False
        if self.dossier is None or not self.dirty:
            return True
        self.flush_draft()
        box = QMessageBox(self)
        box.setWindowTitle("Gesprek niet opgeslagen")
        box.setIcon(QMessageBox.Icon.Question)
        box.setText("Dit gesprek is nog niet opgeslagen. Uw invoer staat veilig als concept.")
        save = box.addButton("Opslaan", QMessageBox.ButtonRole.AcceptRole)
        later = box.addButton("Later verder (concept bewaren)", QMessageBox.ButtonRole.DestructiveRole)
        box.addButton("Annuleren", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(save)
        box.exec()
        if box.clickedButton() is save:
            return self.opslaan()
        return box.clickedButton() is later

    def overdragen(self) -> bool:
        """Hand the resident to the other desk (services.overdracht): saves first, then asks where and why;
        afterwards this desk no longer sees the resident, so the editor closes."""
        from toegang_app.ui.overdracht_dialoog import OverdrachtDialoog

        if self.dossier is None:
            return False
        if self.dossier.inwoner_id is None:
            self._toon_melding("Sla het gesprek eerst op; daarna kunt u de inwoner overdragen.", fout=True)
            return False
        stored = self.basis.inwoner if self.basis is not None else self.dossier.inwoner
        opgeslagen = stored.gemeente
        voorkeur, voorkeur_kern = self.f_gemeente.currentData(), self.f_kern.currentData()
        if voorkeur != opgeslagen:  # the worker chose the new gemeente in the form: propose it, keep the stored one
            _set_combo(self.f_gemeente, opgeslagen)
            _set_combo(self.f_kern, stored.kern)
        if self.dirty and self.ensure_saved() is None:
            return False
        try:
            n = len(svc.gesprekken_van_inwoner(self.ctx, self.dossier.inwoner_id))
        except UserError as exc:
            self._toon_melding(exc.message, fout=True)
            return False
        anders = voorkeur != opgeslagen
        dlg = OverdrachtDialoog(self.ctx, self.dossier.inwoner_id, self.dossier.inwoner_versie, opgeslagen, n,
                                voorkeur if anders else None, voorkeur_kern if anders else None, self)
        if not dlg.exec() or dlg.resultaat is None:
            return False
        box = QMessageBox(self)
        box.setWindowTitle("Overgedragen")
        box.setIcon(QMessageBox.Icon.Information)
        box.setText(dlg.resultaat.tekst())
        box.exec()
        self._draft_timer.stop()
        self.dirty = False
        self.gesprek.laad(None)
        self.gesloten.emit()
        return True

    def sluit(self) -> None:
        if self.can_leave():
            self._draft_timer.stop()
            self.dirty = False
            self.gesprek.laad(None)
            self.gesloten.emit()
