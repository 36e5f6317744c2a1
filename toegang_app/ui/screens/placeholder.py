"""Screens that are not built yet say so plainly; they do not pretend to work."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from toegang_app.ui.screens.base import Screen


class _Placeholder(Screen):
    coming = ""

    def __init__(self, ctx, shell=None, parent=None):
        super().__init__(ctx, shell, parent)
        lay = self._column()
        lay.addWidget(self.heading(self.title))
        lab = QLabel(f"Dit scherm is nog in ontwikkeling. Hier komt: {self.coming}")
        lab.setWordWrap(True)
        lab.setProperty("rol", "uitleg")
        lay.addWidget(lab)
        lay.addStretch(1)


class GesprekkenPlaceholder(_Placeholder):
    title = "Gesprekken"
    coming = "de brede uitvraag langs Positieve Gezondheid, met spinnenweb en samenvatting voor de inwoner."


class WerkvoorraadPlaceholder(_Placeholder):
    title = "Werkvoorraad"
    coming = "uw opvolgacties, verwijzingen zonder nieuws en wettelijke termijnen die bijna verlopen."


class KaartPlaceholder(_Placeholder):
    title = "Sociale kaart"
    coming = "de voorzieningen van Haaksbergen, Twenterand en de regio, met zoeken en beheer."


class StatistiekPlaceholder(_Placeholder):
    title = "Statistiek"
    coming = "cijfers voor teamleiders: verwijzingen, voorliggend en maatwerk, termijnen, export."


class BeheerPlaceholder(_Placeholder):
    title = "Beheer"
    coming = "gebruikers en rollen, audit trail en bewaartermijnen."


_COMING = {c.title: c for c in _Placeholder.__subclasses__()}


def placeholder_for(key: str, title: str):
    cls = _COMING.get(title)
    if cls is None:
        cls = type(f"Placeholder_{key}", (_Placeholder,), {"title": title, "coming": "dit onderdeel."})
    return cls
