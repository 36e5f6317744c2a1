"""The keyboard: one table of keys (shown in Help > Sneltoetsen and in README.md "Sneltoetsen"; a test
keeps the two the same) and one meaning of Enter and Ctrl+Enter everywhere:

- Enter in a single-line field or a list does the default action of that place: in a dialog it confirms
  the dialog (its default button), in a list it opens or chooses the row (a suggestion: Verwijzen), in
  the conversation it moves to the next field (the aanvraag fields: add the aanvraag);
- Enter in a multi-line text field (notes, afspraken) starts a new line; Tab leaves the field;
- Ctrl+Enter confirms: in every dialog it presses the default (or OK/Opslaan) button, also from a
  multi-line field; in the conversation it stores the conversation and goes to the next step.

:func:`installeer_toetsenbord` puts the Ctrl+Enter rule on every dialog of the application (also Qt's own
message boxes); the app start and the test QApplication both call it.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWizard,
)

# (key, what it does, where) — the order of the README table and the Help window
SNELTOETSEN: list[tuple[str, str, str]] = [
    ("Ctrl+1 … Ctrl+7", "Naar een hoofdscherm (Gesprekken, Werkvoorraad, …, Beheer), in de volgorde van de navigatie",
     "overal"),
    ("F6", "Naar de navigatie (pijltjes kiezen een scherm)", "overal"),
    ("F1", "Dit overzicht van de sneltoetsen (menu Help)", "overal"),
    ("F10", "Naar de menubalk (pijltjes, Enter); het menu Help heeft geen Alt-letter", "overal"),
    ("Ctrl+L", "Vergrendelen (menu Bestand); aanmelden brengt alles terug", "overal"),
    ("Ctrl+Q", "Toegang afsluiten", "overal"),
    ("Ctrl+N", "Nieuw gesprek", "Gesprekken"),
    ("Ctrl+F", "Naar het zoekveld", "Gesprekken, Sociale kaart"),
    ("F5", "Lijst verversen", "Werkvoorraad, AVE-casussen, Procesregie"),
    ("Alt+1 … Alt+7", "Naar stap 1 Inwoner … 7 Afspraken; de cursor staat in het eerste veld van de stap",
     "gesprek"),
    ("Alt+letter", "Naar het veld of de knop met de onderstreepte letter (bijvoorbeeld Alt+H: Huishouden, "
                   "Alt+N: Naam); elke letter komt in een venster één keer voor", "overal"),
    ("Ctrl+Shift+1 … Ctrl+Shift+6", "Zijpaneel Suggesties, AVE-fase, Veiligheid, Verwijzingen, Termijnen, "
                                    "Vervolg; de focus staat in de lijst van het paneel", "gesprek"),
    ("Pijltjes, Enter", "Suggestie kiezen; Enter = Verwijzen (of 'meer tonen' openen)", "Suggesties"),
    ("Ctrl+R", "Verwijzen naar de gekozen suggestie", "gesprek"),
    ("Ctrl+O", "Onderbouwen: vastleggen waarom lichtere hulp niet genoeg is (maatwerk)", "gesprek"),
    ("Ctrl+K", "De gekozen suggestie openen in de sociale kaart", "Suggesties"),
    ("Ctrl+Shift+R", "Nieuwe verwijzing naar een voorziening naar keuze", "gesprek"),
    ("Enter", "Status van de gekozen verwijzing wijzigen", "Verwijzingen"),
    ("Enter", "De gekozen termijnstap afsluiten (gedaan of niet van toepassing)", "Termijnen"),
    ("Alt+A, Alt+R, Alt+S", "Stap afsluiten, Heropenen, Verdagen of opschorten", "Termijnen"),
    ("Ctrl+S", "Gesprek opslaan", "gesprek"),
    ("Ctrl+Enter", "Stap klaar: gesprek opslaan en naar de volgende stap", "gesprek"),
    ("Ctrl+P", "Samenvatting voor de inwoner: taal kiezen, dan afdrukken op de printer of opslaan als PDF",
     "gesprek"),
    ("Ctrl+Shift+P", "Dossierkopie (PDF)", "gesprek"),
    ("Ctrl+Shift+V", "Verslag Wmo-onderzoek", "gesprek"),
    ("Ctrl+Shift+H", "Huishouden en vertegenwoordiging", "gesprek"),
    ("Ctrl+E, Ctrl+I", "Exporteren, Importeren (uitwisselbestand)", "gesprek"),
    ("Ctrl+Shift+O", "Overdragen aan de balie van een andere gemeente", "gesprek"),
    ("Ctrl+W", "Gesprek sluiten", "gesprek"),
    ("Enter", "In een invulregel: naar het volgende veld; in een lijst: de gekozen regel openen", "gesprek"),
    ("Enter", "In een tekstvak met meer regels (notitie, afspraken): nieuwe regel; Tab gaat naar het volgende veld",
     "overal"),
    ("Enter", "In een invulregel of lijst van een venster: de standaardknop (OK, Opslaan)", "vensters"),
    ("Ctrl+Enter", "Venster bevestigen (de standaardknop), ook vanuit een tekstvak met meer regels", "vensters"),
    ("Esc", "Venster sluiten zonder iets te bewaren (Annuleren)", "vensters"),
]


def _bevestig_knop(dlg: QDialog):
    """The button Ctrl+Enter presses in ``dlg``: its default button, else its OK/Opslaan (accept) button."""
    if isinstance(dlg, QWizard):
        knop = dlg.button(QWizard.WizardButton.FinishButton)
        if not knop.isVisible():
            knop = dlg.button(QWizard.WizardButton.NextButton)
        return knop if knop.isVisible() and knop.isEnabled() else None
    if isinstance(dlg, QMessageBox) and dlg.defaultButton() is not None:
        return dlg.defaultButton()
    for knop in dlg.findChildren(QPushButton):
        if knop.isDefault() and knop.isVisible() and knop.isEnabled() and knop.window() is dlg:
            return knop
    for box in dlg.findChildren(QDialogButtonBox):
        if box.window() is not dlg or not box.isVisible():
            continue
        for knop in box.buttons():
            if box.buttonRole(knop) in (QDialogButtonBox.ButtonRole.AcceptRole, QDialogButtonBox.ButtonRole.YesRole) \
                    and knop.isVisible() and knop.isEnabled():
                return knop
    return None


class _CtrlEnter(QObject):
    """Ctrl+Enter in any dialog presses its confirm button (README "Sneltoetsen")."""

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress or event.key() not in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            return False
        if not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            return False
        venster = obj.window() if hasattr(obj, "window") else None
        if not isinstance(venster, QDialog) or obj is not QApplication.focusWidget() and obj is not venster:
            return False
        knop = _bevestig_knop(venster)
        if knop is None:
            return False
        knop.click()
        return True


def installeer_toetsenbord(app: QApplication) -> None:
    """Ctrl+Enter confirms every dialog of ``app`` (once per application)."""
    if getattr(app, "_toegang_ctrl_enter", None) is None:
        app._toegang_ctrl_enter = _CtrlEnter(app)
        app.installEventFilter(app._toegang_ctrl_enter)


class SneltoetsenVenster(QDialog):
    """Help > Sneltoetsen (F1): the table above, readable with the keyboard and a screen reader."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Sneltoetsen")
        self.setAccessibleName("Sneltoetsen")
        self.resize(860, 620)
        lay = QVBoxLayout(self)
        uitleg = QLabel("Toegang werkt helemaal met het toetsenbord. Tab gaat naar het volgende veld, Shift+Tab "
                        "terug. Enter doet de standaardactie van waar u bent; Ctrl+Enter bevestigt.")
        uitleg.setWordWrap(True)
        lay.addWidget(uitleg)
        self.tabel = QTableWidget(len(SNELTOETSEN), 3)
        self.tabel.setAccessibleName("Sneltoetsen: toets, wat het doet en waar")
        self.tabel.setHorizontalHeaderLabels(["Toets", "Wat het doet", "Waar"])
        self.tabel.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tabel.setWordWrap(True)
        self.tabel.verticalHeader().hide()
        for r, rij in enumerate(SNELTOETSEN):
            for c, tekst in enumerate(rij):
                self.tabel.setItem(r, c, QTableWidgetItem(tekst))
        h = self.tabel.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tabel.resizeRowsToContents()
        lay.addWidget(self.tabel, 1)
        knoppen = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        knoppen.rejected.connect(self.reject)
        knoppen.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        knoppen.button(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        lay.addWidget(knoppen)


def readme_tabel() -> str:
    """The README's "Sneltoetsen" table (Markdown), generated from SNELTOETSEN."""
    regels = ["| Toets | Wat het doet | Waar |", "|---|---|---|"]
    regels += [f"| {k} | {w} | {waar} |" for k, w, waar in SNELTOETSEN]
    return "\n".join(regels)
