"""The sociale kaart: voorzieningen as plain domain objects.

The shipped kaart lives in ``resources/kaart/*.yaml``; the desk's own changes live in the database
and are laid over it by the kaart service. Parsing and validation of entries (with Dutch messages
naming file, entry and field) belong in this module too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Contact:
    telefoon: str | None = None
    email: str | None = None
    website: str | None = None
    adres: str | None = None


@dataclass(frozen=True)
class Voorziening:
    id: str                        # stable key, e.g. "hb-wijkkracht-formulierenbrigade"
    naam: str
    aanbieder: str
    gemeenten: tuple[str, ...]     # keys of vocab.GEMEENTEN; both for a regional voorziening
    kernen: tuple[str, ...]        # empty = every kern of those gemeenten
    regionaal: bool
    trede: int                     # 0..5, vocab.TREDEN
    wet: str | None                # key of vocab.WETTEN or None
    leefgebieden: tuple[str, ...]  # keys of vocab.LEEFGEBIEDEN
    dimensies: tuple[str, ...]     # keys of vocab.DIMENSIES
    omschrijving: str
    doelgroep: str | None
    leeftijd_min: int | None
    leeftijd_max: int | None
    inkomen_max_pct: int | None    # income limit as % of the bijstandsnorm
    voorwaarden: str | None        # other conditions, in words
    toegang: str | None            # key of vocab.TOEGANG; None = te verifiëren
    contact: Contact = field(default_factory=Contact)
    bron: tuple[str, ...] = ()     # "seeds/003:210" or "seeds/003:210-212"
    laatst_geverifieerd: date | None = None
    actief: bool = True            # False = retired: not suggested, still readable in old referrals

    def serves(self, gemeente: str, kern: str | None) -> bool:
        if gemeente not in self.gemeenten:
            return False
        return not self.kernen or kern is None or kern in self.kernen
