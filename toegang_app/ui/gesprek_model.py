"""The open conversation: one object that holds the dossier and its version and tells everyone who
subscribes what happened to it (in the style of MNELAB's model: widgets listen, nobody reaches into the
editor).

Signals:

- ``geladen(dossier)``: a conversation was opened, a new one started, or (``None``) the editor closed;
- ``invoer_gewijzigd(uitvraag)``: the worker typed (debounced); the current ``domain.uitvraag.Uitvraag``;
- ``verwijzingen_gewijzigd(info)``: a referral was made (``info`` None) or changed (``info`` is the
  changed ``services.verwijzingen.VerwijzingInfo``, so a list re-reads only that one);
- ``opgeslagen(versie)``: the conversation was stored, or a write elsewhere (AVE phase, a referral that
  moved the retention law) bumped its version; ``versie`` is the new version number. After a first save
  ``gesprek_id`` holds the new id.

Writes that bump the conversation's version return the new version; the writer passes it to
``nieuwe_versie`` so the editor's next save does not mistake it for a colleague's change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Signal


class OpenGesprek(QObject):
    geladen = Signal(object)
    invoer_gewijzigd = Signal(object)
    verwijzingen_gewijzigd = Signal(object)
    opgeslagen = Signal(int)

    def __init__(self, ctx, parent: QObject | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.dossier = None          # domain.gesprek.GesprekDossier | None
        self.uitvraag = None         # the last Uitvraag announced by invoer_gewijzigd
        self.shell = None            # the main window (opens other screens), or None
        self._bewaarder: Callable[[], int | None] | None = None

    # -- what subscribers read ------------------------------------------------------------------------
    @property
    def gesprek_id(self) -> int | None:
        return self.dossier.gesprek_id if self.dossier is not None else None

    @property
    def versie(self) -> int | None:
        return self.dossier.versie if self.dossier is not None else None

    @property
    def team(self) -> str | None:
        if self.dossier is None:
            return None
        return self.dossier.team or self.dossier.inwoner.gemeente

    @property
    def geboortedatum(self) -> date | None:
        return self.dossier.inwoner.geboortedatum if self.dossier is not None else None

    # -- what the editor does -------------------------------------------------------------------------
    def stel_bewaarder_in(self, bewaar: Callable[[], int | None]) -> None:
        """Who stores the conversation when a panel needs it stored (the editor, which validates and
        tells the worker what is missing)."""
        self._bewaarder = bewaar

    def laad(self, dossier) -> None:
        self.dossier = dossier
        self.uitvraag = dossier.to_uitvraag() if dossier is not None else None
        self.geladen.emit(dossier)

    def invoer(self, uitvraag) -> None:
        self.uitvraag = uitvraag
        self.invoer_gewijzigd.emit(uitvraag)

    def bewaard(self, dossier) -> None:
        """The editor stored the conversation: ``dossier`` is the stored version."""
        self.dossier = dossier
        self.opgeslagen.emit(dossier.versie)

    # -- what panels do -------------------------------------------------------------------------------
    def zorg_voor_opslag(self) -> int | None:
        """Store the conversation when it is new or changed; its id, or None when it could not be stored
        (the worker has been told why)."""
        if self._bewaarder is None:
            return self.gesprek_id
        return self._bewaarder()

    def nieuwe_versie(self, versie: int, **bijgewerkt: Any) -> None:
        """A write elsewhere bumped the stored version (and changed the bookkeeping in ``bijgewerkt``,
        e.g. ``ave_fase``); the open dossier carries it over without losing what is being typed."""
        if self.dossier is None or versie is None:
            return
        self.dossier.versie = versie
        for name, value in bijgewerkt.items():
            setattr(self.dossier, name, value)
        self.opgeslagen.emit(versie)

    def verwijzing_gewijzigd(self, info=None) -> None:
        self.verwijzingen_gewijzigd.emit(info)
