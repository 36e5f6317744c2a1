"""Signing in at start: the first-run wizard (creates the first functioneel beheerder), the Windows
account when the desk is set up for it, otherwise the sign-in dialog. Cancel means: stop Toegang."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import gebruikers
from toegang_app.services.auth import ROLLEN, CurrentUser

log = logging.getLogger(__name__)

ONVERWACHT = "Aanmelden lukt nu niet door een onverwachte fout. De details staan in het logbestand; vraag de beheerder."


def screenshot_gebruiker() -> CurrentUser:
    """The synthetic user for ``toegang --screenshots``: sees every screen, never prompts."""
    return CurrentUser(id=None, gebruikersnaam="demo", naam="Demo-medewerker (synthetisch)", rol="systeem", team=None)


def _melding_label() -> QLabel:
    lab = QLabel()
    lab.setProperty("rol", "waarschuwing")
    lab.setWordWrap(True)
    lab.setAccessibleName("Melding")
    lab.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    lab.hide()
    return lab


def _uitleg(text: str) -> QLabel:
    lab = QLabel(text)
    lab.setProperty("rol", "uitleg")
    lab.setWordWrap(True)
    return lab


def _veld(form: QFormLayout, label: str, naam: str, wachtwoord: bool = False) -> QLineEdit:
    w = QLineEdit()
    w.setAccessibleName(naam)
    if wachtwoord:
        w.setEchoMode(QLineEdit.EchoMode.Password)
    lab = QLabel(label)
    lab.setBuddy(w)
    form.addRow(lab, w)
    return w


class AanmeldDialoog(QDialog):
    """User name and password. A failure keeps the user name, empties the password and says in Dutch
    that it did not work (never whether the user name exists)."""

    def __init__(self, ctx, parent=None, melding: str | None = None, *, gebruikersnaam: str | None = None,
                 annuleren: str = "Annuleren (Toegang sluiten)", kop: str = "Aanmelden"):
        super().__init__(parent)
        self.ctx = ctx
        self.user: CurrentUser | None = None
        self.setWindowTitle("Aanmelden bij Toegang")
        self.setAccessibleName("Aanmelden bij Toegang")
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        kop_label = QLabel(kop)
        kop_label.setProperty("rol", "kop")
        lay.addWidget(kop_label)
        self.info = _uitleg(melding or "Meld u aan met uw gebruikersnaam en wachtwoord voor Toegang.")
        self.info.setAccessibleName("Uitleg")
        lay.addWidget(self.info)
        form = QFormLayout()
        self.gebruikersnaam = _veld(form, "&Gebruikersnaam", "Gebruikersnaam")
        self.wachtwoord = _veld(form, "&Wachtwoord", "Wachtwoord", wachtwoord=True)
        lay.addLayout(form)
        self.melding = _melding_label()
        lay.addWidget(self.melding)
        db = _uitleg(f"Database: {ctx.database_naam}")
        db.setAccessibleName("Database")
        db.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        lay.addWidget(db)
        self.knoppen = QDialogButtonBox()
        self.btn_aanmelden = self.knoppen.addButton("&Aanmelden", QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_aanmelden.setProperty("rol", "primair")
        self.btn_aanmelden.setDefault(True)
        self.btn_aanmelden.setAccessibleName("Aanmelden")
        self.btn_annuleren = self.knoppen.addButton(annuleren, QDialogButtonBox.ButtonRole.RejectRole)
        self.btn_annuleren.setAccessibleName("Annuleren en Toegang sluiten" if "sluiten" in annuleren else annuleren)
        self.knoppen.accepted.connect(self.probeer)
        self.knoppen.rejected.connect(self.reject)
        lay.addWidget(self.knoppen)
        self.setTabOrder(self.gebruikersnaam, self.wachtwoord)
        self.setTabOrder(self.wachtwoord, self.btn_aanmelden)
        self.setTabOrder(self.btn_aanmelden, self.btn_annuleren)
        if gebruikersnaam:
            self.gebruikersnaam.setText(gebruikersnaam)
            self.wachtwoord.setFocus()
        else:
            self.gebruikersnaam.setFocus()

    def toon_melding(self, text: str) -> None:
        self.melding.setText(text)
        self.melding.show()
        self.adjustSize()

    def probeer(self) -> None:
        naam, ww = self.gebruikersnaam.text(), self.wachtwoord.text()
        if not naam.strip() or not ww:
            self.toon_melding("Vul uw gebruikersnaam en wachtwoord in.")
            (self.gebruikersnaam if not naam.strip() else self.wachtwoord).setFocus()
            return
        try:
            self.user = gebruikers.aanmelden(self.ctx, naam, ww)
        except UserError as exc:
            self.toon_melding(exc.message)
            self.wachtwoord.clear()
            self.wachtwoord.setFocus()
            return
        except Exception:  # noqa: BLE001 - never a traceback on screen
            log.exception("Sign-in failed unexpectedly")
            self.toon_melding(ONVERWACHT)
            return
        self.accept()


class _IntroPagina(QWizardPage):
    def __init__(self):
        super().__init__()
        self.setTitle("Welkom bij Toegang")
        self.setSubTitle("Er zijn nog geen gebruikers. Maak eerst het account van de functioneel beheerder.")
        lay = QVBoxLayout(self)
        rollen = "".join(f"<li><b>{label}</b>: {uitleg}</li>" for label, uitleg in (
            (ROLLEN["medewerker"], "voert gesprekken en verwijst, ziet de gesprekken van de eigen balie"),
            (ROLLEN["procesregisseur"], "als medewerker, en voert de regie over AVE-casussen"),
            (ROLLEN["teamleider"], "ziet alleen statistiek, zonder namen"),
            (ROLLEN["beheerder"], "beheert gebruikers, de sociale kaart, de audit trail en de bewaartermijnen"),
        ))
        tekst = QLabel(
            "<p>Toegang werkt met gegevens over gezondheid, veiligheid en geld. Daarom meldt iedereen zich aan "
            "en legt Toegang vast wie wat bekijkt en wijzigt.</p>"
            "<p>Het eerste account is dat van de <b>functioneel beheerder</b>. Daarmee maakt u daarna in het "
            "scherm Beheer de accounts van de collega's aan. De rollen:</p>"
            f"<ul>{rollen}</ul>")
        tekst.setWordWrap(True)
        tekst.setTextFormat(Qt.TextFormat.RichText)
        tekst.setAccessibleName("Uitleg eerste gebruik")
        lay.addWidget(tekst)
        lay.addStretch(1)


class _AccountPagina(QWizardPage):
    def __init__(self, wizard: "EersteGebruikWizard"):
        super().__init__()
        self.wiz = wizard
        self.setTitle("Account van de functioneel beheerder")
        self.setSubTitle(f"Kies een wachtwoord van minstens {gebruikers.MIN_WACHTWOORD} tekens; een zin van een "
                         "paar woorden is makkelijk te onthouden.")
        self.setCommitPage(True)
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.naam = _veld(form, "&Naam", "Naam")
        self.naam.setPlaceholderText("Voornaam Achternaam")
        self.gebruikersnaam = _veld(form, "&Gebruikersnaam", "Gebruikersnaam")
        self.gebruikersnaam.setPlaceholderText("bijvoorbeeld j.jansen")
        self.wachtwoord = _veld(form, "&Wachtwoord", "Wachtwoord", wachtwoord=True)
        self.herhaal = _veld(form, "&Herhaal wachtwoord", "Herhaal wachtwoord", wachtwoord=True)
        lay.addLayout(form)
        account = gebruikers.os_gebruikersnaam()
        self.os_account = QCheckBox(f"&Koppel aan mijn Windows-account ({account})" if account
                                    else "Koppel aan mijn Windows-account")
        self.os_account.setAccessibleName("Koppel dit account aan mijn Windows-account")
        self.os_account.setEnabled(account is not None)
        self.os_account.setChecked(account is not None and wizard.ctx.config.get("aanmelden") == "os")
        lay.addWidget(self.os_account)
        lay.addWidget(_uitleg("Met een gekoppeld Windows-account meldt u zich automatisch aan als de werkplek is "
                              "ingesteld op aanmelden met Windows (instelling 'aanmelden' = 'os')."))
        self.melding = _melding_label()
        lay.addWidget(self.melding)
        lay.addStretch(1)

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        if self.wiz.user is not None:
            return True
        self.melding.hide()
        velden = {"naam": self.naam, "gebruikersnaam": self.gebruikersnaam, "wachtwoord": self.wachtwoord}
        if self.wachtwoord.text() != self.herhaal.text():
            return self._fout("De twee wachtwoorden zijn niet gelijk. Typ het wachtwoord nog eens.", self.herhaal)
        try:
            rij = gebruikers.maak_gebruiker(
                self.wiz.ctx, self.gebruikersnaam.text(), self.naam.text(), "beheerder", None,
                wachtwoord=self.wachtwoord.text(),
                os_account=gebruikers.os_gebruikersnaam() if self.os_account.isChecked() else None)
        except InvalidInput as exc:
            return self._fout(exc.message, velden.get(exc.field, self.naam))
        except UserError as exc:
            if not gebruikers.eerste_gebruik(self.wiz.ctx):
                return self._fout("Op een andere werkplek is intussen al een beheerder aangemaakt. Klik op "
                                  "Annuleren en start Toegang opnieuw om u aan te melden.", self.naam)
            return self._fout(exc.message, self.naam)
        except Exception:  # noqa: BLE001
            log.exception("Creating the first beheerder failed")
            return self._fout(ONVERWACHT, self.naam)
        self.wiz.user = gebruikers.huidige_gebruiker(rij)
        self.wiz.klaar.setText(
            f"<p>Het account <b>{rij.gebruikersnaam}</b> ({rij.rol_naam.lower()}) is aangemaakt. U bent nu "
            f"aangemeld als {rij.naam}.</p><p>Maak in het scherm <b>Beheer</b>, tab Gebruikers, de accounts van de "
            "collega's aan. Bewaar uw wachtwoord goed: zonder beheerder kan niemand gebruikers toevoegen "
            "(op de opdrachtregel kan het wel met 'toegang-admin gebruiker').</p>")
        return True

    def _fout(self, text: str, veld: QWidget) -> bool:
        self.melding.setText(text)
        self.melding.show()
        if veld in (self.wachtwoord, self.herhaal):
            self.wachtwoord.clear()
            self.herhaal.clear()
            veld = self.wachtwoord
        veld.setFocus()
        return False


class _KlaarPagina(QWizardPage):
    def __init__(self, wizard: "EersteGebruikWizard"):
        super().__init__()
        self.setTitle("Klaar")
        lay = QVBoxLayout(self)
        wizard.klaar = QLabel()
        wizard.klaar.setWordWrap(True)
        wizard.klaar.setTextFormat(Qt.TextFormat.RichText)
        wizard.klaar.setAccessibleName("Account aangemaakt")
        lay.addWidget(wizard.klaar)
        lay.addStretch(1)


class EersteGebruikWizard(QWizard):
    """First run: explain, create the first functioneel beheerder, and sign them in."""

    def __init__(self, ctx, parent=None):
        super().__init__(parent)
        self.ctx = ctx
        self.user: CurrentUser | None = None
        self.klaar: QLabel
        self.setWindowTitle("Eerste gebruik van Toegang")
        self.setAccessibleName("Eerste gebruik van Toegang")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)  # the account exists by then
        self.setMinimumSize(640, 520)
        for which, text in ((QWizard.WizardButton.NextButton, "&Volgende >"),
                            (QWizard.WizardButton.BackButton, "< V&orige"),
                            (QWizard.WizardButton.CommitButton, "&Account aanmaken"),
                            (QWizard.WizardButton.FinishButton, "Toegang &starten"),
                            (QWizard.WizardButton.CancelButton, "Annuleren"),
                            (QWizard.WizardButton.HelpButton, "Help")):
            self.setButtonText(which, text)
        self.intro = _IntroPagina()
        self.account = _AccountPagina(self)
        self.einde = _KlaarPagina(self)
        for page in (self.intro, self.account, self.einde):
            self.addPage(page)
        self.currentIdChanged.connect(self._tabvolgorde)

    def _tabvolgorde(self, _id: int) -> None:
        """Tab goes through the page's fields first and then the buttons below, as they are read (QWizard
        itself puts its buttons first, because it makes them before the pages)."""
        page = self.currentPage()
        if page is None:
            return
        velden = [w for w in page.findChildren(QWidget)
                  if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None]
        knoppen = [self.button(b) for b in (QWizard.WizardButton.BackButton, QWizard.WizardButton.NextButton,
                                           QWizard.WizardButton.CommitButton, QWizard.WizardButton.FinishButton,
                                           QWizard.WizardButton.CancelButton)]
        laatste = None
        w = page.nextInFocusChain()
        for _ in range(500):  # the page's own chain: the last field it reaches
            if w is page or not page.isAncestorOf(w):
                break
            if w in velden:
                laatste = w
            w = w.nextInFocusChain()
        vorige = laatste
        for knop in knoppen:
            if vorige is not None:
                QWidget.setTabOrder(vorige, knop)
            vorige = knop


def aanmelden_bij_start(ctx, parent=None) -> CurrentUser | None:
    """Who works with Toegang now. None when they cancel (the app then stops)."""
    if gebruikers.eerste_gebruik(ctx):
        wiz = EersteGebruikWizard(ctx, parent)
        wiz.exec()
        if wiz.user is not None:
            return wiz.user
        if gebruikers.eerste_gebruik(ctx):
            return None
    melding = None
    manier = ctx.config.get("aanmelden")
    if manier == "os":
        user = gebruikers.aanmelden_os(ctx)
        if user is not None:
            return user
        account = gebruikers.os_gebruikersnaam() or "onbekend"
        melding = (f"Uw Windows-account ({account}) is niet gekoppeld aan een actieve gebruiker van Toegang. "
                   "Meld u aan met gebruikersnaam en wachtwoord, of vraag de functioneel beheerder om uw account "
                   "te koppelen.")
    elif manier not in (None, "wachtwoord"):
        log.warning("Unknown value for setting 'aanmelden': %r; using passwords", manier)
    dlg = AanmeldDialoog(ctx, parent, melding=melding)
    if dlg.exec() == QDialog.DialogCode.Accepted:
        return dlg.user
    return None
