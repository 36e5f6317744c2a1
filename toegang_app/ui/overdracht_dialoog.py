"""Overdragen aan de andere balie (issue 19, item 4): the deliberate handover of a resident with all their
conversations and referrals to the desk of another gemeente, with a reason. The service does the work and
the checks (services.overdracht); this dialog asks, explains what happens, and keeps the input on a
refusal."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit

from toegang_app.domain import vocab
from toegang_app.services import overdracht
from toegang_app.ui.screens.beheer.common import Dialoog


class OverdrachtDialoog(Dialoog):
    """``van``: the resident's gemeente now; ``voorkeur``: the gemeente to propose (the one the worker
    typed into the form, if any). After ``exec()`` succeeded, ``resultaat`` holds the service's answer."""

    def __init__(self, ctx, inwoner_id: int, inwoner_versie: int | None, van: str, gesprekken: int,
                 voorkeur: str | None = None, voorkeur_kern: str | None = None, parent=None):
        super().__init__(ctx, "Overdragen aan de andere balie", parent)
        self.inwoner_id, self.inwoner_versie = inwoner_id, inwoner_versie
        self.resultaat: overdracht.OverdrachtResultaat | None = None
        n = f"{gesprekken} gesprek{'ken' if gesprekken != 1 else ''}"
        self.tekst(f"De inwoner woont niet (meer) in {vocab.GEMEENTEN.get(van, van)}? Dan gaat de inwoner met alle "
                   f"gegevens naar de balie van de andere gemeente: {n}, met de verwijzingen en de afspraken. Daarna "
                   "ziet uw balie deze inwoner niet meer. De overdracht komt in de audit trail, zonder namen.")
        self.naar = QComboBox()
        self.naar.setAccessibleName("Naar de balie van")
        for key, naam in vocab.GEMEENTEN.items():
            if key != van:
                self.naar.addItem(naam, key)
        if voorkeur and self.naar.findData(voorkeur) >= 0:
            self.naar.setCurrentIndex(self.naar.findData(voorkeur))
        self.kern = QComboBox()
        self.kern.setAccessibleName("Kern in de nieuwe gemeente")
        self.reden = QComboBox()
        self.reden.setAccessibleName("Reden van de overdracht")
        self.reden.addItem("kies…", None)
        for key, label in overdracht.REDENEN.items():
            self.reden.addItem(label, key)
        self.toelichting = QLineEdit()
        self.toelichting.setAccessibleName("Toelichting")
        self.toelichting.setMaxLength(overdracht.TOELICHTING_MAX)
        self.toelichting.setPlaceholderText("bijvoorbeeld de datum van de verhuizing (niet verplicht)")
        self.regel("&Naar de balie van", self.naar)
        self.regel("&Kern", self.kern)
        self.regel("&Reden", self.reden)
        self.regel("&Toelichting", self.toelichting)
        self.lay.addLayout(self.form)
        self.knoppen("&Overdragen", standaard=False)
        self.naar.currentIndexChanged.connect(self._kernen)
        self._kernen()
        if voorkeur_kern and self.kern.findData(voorkeur_kern) >= 0:
            self.kern.setCurrentIndex(self.kern.findData(voorkeur_kern))
        self.setMinimumWidth(520)

    def _kernen(self, *_a) -> None:
        self.kern.clear()
        self.kern.addItem("onbekend", None)
        for k in vocab.KERNEN.get(self.naar.currentData(), ()):
            self.kern.addItem(k, k)

    def opslaan(self) -> None:
        ok, res = self.probeer(
            lambda: overdracht.draag_over(self.ctx, self.inwoner_id, self.naar.currentData(),
                                          self.reden.currentData() or "", kern=self.kern.currentData(),
                                          toelichting=self.toelichting.text(), inwoner_versie=self.inwoner_versie),
            "Handover", {"naar": self.naar, "kern": self.kern, "reden": self.reden, "toelichting": self.toelichting})
        if ok:
            self.resultaat = res
            self.accept()
