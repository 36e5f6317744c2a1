"""Who works at this PC: the cover shown while the window is locked or nobody is signed in, the idle
timer that locks it, and the dialog in which a worker changes their own password (issue 25)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from toegang_app.errors import UserError
# services.gebruikers (SQLAlchemy and the models) is imported where a password is changed: the lock screen
# is built with the main window, before the window shows, and the start must not wait for the ORM there

log = logging.getLogger(__name__)

VERGRENDELD = "Toegang is vergrendeld"
AFGEMELD = "U bent afgemeld"
WISSELEN = "Volgende medewerker"

_UITLEG = {
    "inactief": ("Het venster is vergrendeld omdat er een tijd niet is gewerkt. Uw werk staat klaar: meld u "
                 "opnieuw aan om verder te gaan. Een collega kan zich hier ook aanmelden; uw open gesprek blijft "
                 "dan bewaard als concept."),
    "vergrendeld": ("Het venster is vergrendeld. Uw werk staat klaar: meld u opnieuw aan om verder te gaan. Een "
                    "collega kan zich hier ook aanmelden; uw open gesprek blijft dan bewaard als concept."),
    "afgemeld": "U bent afgemeld. Een niet-opgeslagen gesprek is bewaard als concept en staat klaar als u zich "
                "weer aanmeldt.",
    "wisselen": "De vorige medewerker is afgemeld; een niet-opgeslagen gesprek is voor hem of haar bewaard als "
                "concept. Meld u aan om met Toegang te werken.",
}
_KOP = {"inactief": VERGRENDELD, "vergrendeld": VERGRENDELD, "afgemeld": AFGEMELD, "wisselen": WISSELEN}



def invoer_soorten() -> frozenset:
    """The events that count as input. Built when the idle lock starts watching: PySide6 creates the
    Python type of ``QEvent`` (an enum of 179 members) on first use, which the start screen does not need."""
    from PySide6.QtCore import QEvent

    return frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                      QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.ShortcutOverride})


class Vergrendelscherm(QWidget):
    """Shown instead of the screens: nothing personal, a way to sign in and a way to stop."""

    aanmelden = Signal()
    afsluiten = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("vergrendelscherm")
        self.setAccessibleName("Vergrendeld")
        lay = QVBoxLayout(self)
        lay.addSpacing(60)   # in the upper part: the sign-in dialog opens over the middle of the window
        self.kop = QLabel(VERGRENDELD)
        self.kop.setProperty("rol", "kop")
        self.kop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(self.kop)
        self.uitleg = QLabel()
        self.uitleg.setWordWrap(True)
        self.uitleg.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.uitleg.setProperty("rol", "uitleg")
        self.uitleg.setAccessibleName("Uitleg")
        self.uitleg.setMinimumWidth(520)
        self.uitleg.setMaximumWidth(640)
        rij_uitleg = QHBoxLayout()
        rij_uitleg.addStretch(1)
        rij_uitleg.addWidget(self.uitleg)
        rij_uitleg.addStretch(1)
        lay.addLayout(rij_uitleg)
        knoppen = QHBoxLayout()
        knoppen.addStretch(1)
        self.btn_aanmelden = QPushButton("&Aanmelden…")
        self.btn_aanmelden.setProperty("rol", "primair")
        self.btn_aanmelden.setAccessibleName("Aanmelden")
        self.btn_aanmelden.clicked.connect(self.aanmelden)
        self.btn_afsluiten = QPushButton("Toegang &sluiten")
        self.btn_afsluiten.setAccessibleName("Toegang sluiten")
        self.btn_afsluiten.clicked.connect(self.afsluiten)
        knoppen.addWidget(self.btn_aanmelden)
        knoppen.addWidget(self.btn_afsluiten)
        knoppen.addStretch(1)
        lay.addLayout(knoppen)
        lay.addStretch(1)

    def toon(self, reden: str) -> None:
        self.kop.setText(_KOP[reden])
        self.uitleg.setText(_UITLEG[reden])


class Inactiviteit(QObject):
    """Locks after ``minuten`` without keyboard or mouse input anywhere in the application."""

    verlopen = Signal()

    def __init__(self, minuten: float, parent=None, volgen: bool = True):
        super().__init__(parent)
        self.timer = QTimer(self, singleShot=True)
        self.timer.timeout.connect(self.verlopen.emit)
        self.actief = True
        self.volgt = False
        self.zet_minuten(minuten)
        if volgen:
            self.volg()

    def volg(self) -> None:
        """Watch the application's input from now on (once). An application-wide event filter is called
        for every event of every widget, so the start installs it after the start screen is on screen
        (issue 26); until then the countdown simply runs."""
        app = QApplication.instance()
        if app is not None and not self.volgt:
            self._invoer = invoer_soorten()
            app.installEventFilter(self)
            self.volgt = True

    def zet_minuten(self, minuten: float) -> None:
        self.minuten = minuten
        self.timer.stop()
        if minuten > 0:
            self.timer.setInterval(max(int(minuten * 60_000), 100))
            self.herstart()

    def herstart(self) -> None:
        if self.minuten > 0 and self.actief:
            self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None and self.volgt:
            app.removeEventFilter(self)
            self.volgt = False

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt API
        if event.type() in self._invoer and self.timer.isActive():
            self.timer.start()  # restart the countdown
        return False


class WachtwoordDialoog(QDialog):
    """Change one's own password: the current one, the new one twice. Messages in the dialog, nothing lost."""

    def __init__(self, ctx, parent=None):
        from toegang_app.services import gebruikers

        super().__init__(parent)
        self.ctx = ctx
        self.gelukt = False
        self.setWindowTitle("Wachtwoord wijzigen")
        self.setAccessibleName("Wachtwoord wijzigen")
        self.setMinimumWidth(460)
        lay = QVBoxLayout(self)
        uitleg = QLabel(f"Typ uw huidige wachtwoord en daarna twee keer het nieuwe. Het nieuwe wachtwoord heeft "
                        f"minstens {gebruikers.MIN_WACHTWOORD} tekens; een zin van een paar woorden is makkelijk "
                        "te onthouden.")
        uitleg.setWordWrap(True)
        uitleg.setProperty("rol", "uitleg")
        lay.addWidget(uitleg)
        form = QFormLayout()
        self.huidig = self._veld(form, "&Huidig wachtwoord", "Huidig wachtwoord")
        self.nieuw = self._veld(form, "&Nieuw wachtwoord", "Nieuw wachtwoord")
        self.herhaal = self._veld(form, "He&rhaal nieuw wachtwoord", "Herhaal nieuw wachtwoord")
        lay.addLayout(form)
        self.melding = QLabel()
        self.melding.setProperty("rol", "waarschuwing")
        self.melding.setWordWrap(True)
        self.melding.setAccessibleName("Melding")
        self.melding.hide()
        lay.addWidget(self.melding)
        self.knoppen = QDialogButtonBox()
        self.btn_ok = self.knoppen.addButton("Wachtwoord &wijzigen", QDialogButtonBox.ButtonRole.AcceptRole)
        self.btn_ok.setProperty("rol", "primair")
        self.btn_ok.setDefault(True)
        self.btn_annuleren = self.knoppen.addButton("Annuleren", QDialogButtonBox.ButtonRole.RejectRole)
        self.knoppen.accepted.connect(self.wijzig)
        self.knoppen.rejected.connect(self.reject)
        lay.addWidget(self.knoppen)
        self.huidig.setFocus()

    @staticmethod
    def _veld(form: QFormLayout, label: str, naam: str) -> QLineEdit:
        w = QLineEdit()
        w.setEchoMode(QLineEdit.EchoMode.Password)
        w.setAccessibleName(naam)
        lab = QLabel(label)
        lab.setBuddy(w)
        form.addRow(lab, w)
        return w

    def _fout(self, text: str, veld: QLineEdit) -> None:
        self.melding.setText(text)
        self.melding.show()
        veld.setFocus()
        veld.selectAll()

    def wijzig(self) -> None:
        if not self.huidig.text():
            return self._fout("Typ eerst uw huidige wachtwoord.", self.huidig)
        if self.nieuw.text() != self.herhaal.text():
            self.herhaal.clear()
            return self._fout("De twee nieuwe wachtwoorden zijn niet gelijk. Typ het nieuwe wachtwoord nog eens.",
                              self.herhaal)
        from toegang_app.domain.validation import InvalidInput
        from toegang_app.services import gebruikers

        try:
            gebruikers.wijzig_eigen_wachtwoord(self.ctx, self.huidig.text(), self.nieuw.text())
        except InvalidInput as exc:
            self.herhaal.clear()
            return self._fout(exc.message, self.nieuw)
        except UserError as exc:
            self.huidig.clear()
            return self._fout(exc.message, self.huidig)
        except Exception:  # noqa: BLE001 - never a traceback on screen
            log.exception("Changing the own password failed unexpectedly")
            return self._fout("Het wachtwoord kon niet worden gewijzigd door een onverwachte fout. De details staan "
                              "in het logbestand; vraag de beheerder.", self.huidig)
        self.gelukt = True
        self.accept()
