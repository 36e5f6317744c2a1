"""One conversation as the desk records it (the dossier), plain data.

The conversation's fields are declared in ``domain.gesprek_velden``; this module holds them. A field
with a plain key lives in the dossier itself (``d.wat_belangrijk``), the resident's data in
``d.inwoner``, the urgency questions in ``d.crisis`` / ``d.veiligheid`` (absent key = not asked,
False = answered no) and the six dimensions in ``d.dimensies``. The rest of a dossier is bookkeeping:
ids, version numbers, team, who recorded it.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from toegang_app.domain import gesprek_velden as gv
from toegang_app.domain import vocab


@dataclass
class InwonerGegevens:
    """What the desk records about a resident: only what the conversation needs."""

    naam: str = ""
    geboortedatum: date | None = None
    geboortejaar: int | None = None
    gemeente: str = "haaksbergen"
    kern: str | None = None
    postcode: str | None = None
    telefoon: str | None = None
    email: str | None = None
    bsn: str | None = None


@dataclass
class DimensieInvoer:
    score: int | None = None
    bespreken: bool = False
    notitie: str = ""


@dataclass
class SignaalInvoer:
    leefgebied: str
    ernst: int
    toelichting: str = ""


def nieuw_uitwisseling_id() -> str:
    """An opaque id for a conversation in the exchange format ("g-" and 10 random hex digits): it says
    nothing about the resident or the database."""
    return "g-" + secrets.token_hex(5)


# bookkeeping of a dossier (not conversation fields): name -> default factory
_VAST: dict[str, Any] = {
    "inwoner": InwonerGegevens,
    "inwoner_id": lambda: None,
    "gesprek_id": lambda: None,
    "versie": lambda: None,
    "inwoner_versie": lambda: None,
    "team": lambda: "haaksbergen",
    "synthetisch": lambda: False,
    "crisis": dict,
    "veiligheid": dict,
    "dimensies": lambda: {k: DimensieInvoer() for k in vocab.DIMENSIES},
    "ave_fase": lambda: None,
    "onderbouwing_maatwerk": dict,   # read-only here: recorded by services.suggesties
    "medewerker": lambda: None,
    "gewijzigd_op": lambda: None,
}


class GesprekDossier:
    """One conversation as the editor shows it. ``gesprek_id`` None = not stored yet.

    Construct with keywords for the bookkeeping and any dossier field of the field table
    (``GesprekDossier(team="twenterand", vraag="...")``); fields not given start empty."""

    def __init__(self, **kw: Any):
        object.__setattr__(self, "_waarden", {})
        for name, make in _VAST.items():
            object.__setattr__(self, name, kw.pop(name) if name in kw else make())
        for v in gv.TABEL.dossier_velden():
            self._waarden[v.key] = v.soort.leeg()
        if "aanmelding_datum" in self._waarden:
            self._waarden["aanmelding_datum"] = date.today()
        if "status" in self._waarden:
            self._waarden["status"] = "open"
        for name, value in kw.items():
            setattr(self, name, value)

    def __getattr__(self, name: str) -> Any:  # only for names that are not ordinary attributes
        waarden = self.__dict__.get("_waarden")
        if waarden is not None and name in waarden:
            return waarden[name]
        v = gv.TABEL.get(name)
        if v is not None and v.deel is None:  # a field added to the table after this dossier was made
            return v.soort.leeg()
        raise AttributeError(f"GesprekDossier has no field '{name}'")

    def __setattr__(self, name: str, value: Any) -> None:
        if name in _VAST:
            object.__setattr__(self, name, value)
            return
        v = gv.TABEL.get(name)
        if v is None or v.deel is not None:
            raise AttributeError(f"GesprekDossier has no field '{name}' (declare it in domain.gesprek_velden)")
        self._waarden[name] = value

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, GesprekDossier):
            return NotImplemented
        return self.to_json() == other.to_json()

    def __repr__(self) -> str:
        return f"GesprekDossier(gesprek_id={self.gesprek_id!r}, versie={self.versie!r})"

    # -- derived --------------------------------------------------------------------------------
    @property
    def titel(self) -> str:
        naam = self.inwoner.naam.strip() or "Nieuwe inwoner"
        return f"{naam} · gesprek {self.gesprek_id}" if self.gesprek_id else f"{naam} · nieuw gesprek"

    def uitwisseling(self) -> dict:
        """The exchange-format document of this conversation (version 2; no names, notes or BSN)."""
        from toegang_app.domain.uitvraag import FORMAAT

        doc = {"formaat": FORMAAT, **gv.naar_uitwisseling(self)}
        if self.onderbouwing_maatwerk:
            doc["onderbouwing_maatwerk"] = dict(self.onderbouwing_maatwerk)
        return doc

    def to_uitvraag(self):
        """The exchange-format view of this conversation, as the rules read it."""
        from toegang_app.domain.uitvraag import uitvraag_uit_dict

        return uitvraag_uit_dict(self.uitwisseling())

    def vul_uit_uitwisseling(self, doc: dict) -> None:
        """Take the answers of a validated exchange-format document (keeps the resident's own data)."""
        gv.uit_uitwisseling(doc, self)
        if self.inwoner.geboortedatum is not None and self.inwoner.geboortejaar != self.inwoner.geboortedatum.year:
            self.inwoner.geboortejaar = self.inwoner.geboortedatum.year

    def kopie(self) -> GesprekDossier:
        return GesprekDossier.from_json(self.to_json())

    # -- drafts ---------------------------------------------------------------------------------
    def to_json(self) -> dict:
        out = {"inwoner_id": self.inwoner_id, "gesprek_id": self.gesprek_id, "versie": self.versie,
               "inwoner_versie": self.inwoner_versie, "team": self.team, "synthetisch": self.synthetisch,
               "ave_fase": self.ave_fase, "onderbouwing_maatwerk": dict(self.onderbouwing_maatwerk),
               "medewerker": self.medewerker,
               "gewijzigd_op": self.gewijzigd_op.isoformat() if self.gewijzigd_op else None}
        out["velden"] = gv.naar_json(self)
        return out

    @classmethod
    def from_json(cls, data: dict) -> GesprekDossier:
        d = cls(**{k: data[k] for k in ("inwoner_id", "gesprek_id", "versie", "inwoner_versie", "team",
                                          "synthetisch", "ave_fase", "medewerker") if k in data})
        d.onderbouwing_maatwerk = dict(data.get("onderbouwing_maatwerk") or {})
        d.gewijzigd_op = datetime.fromisoformat(data["gewijzigd_op"]) if data.get("gewijzigd_op") else None
        if "velden" in data:
            gv.uit_json(data["velden"], d)
        else:
            gv.uit_json(_oud_concept(data), d)
        return d


def _oud_concept(data: dict) -> dict:
    """A draft written before the field table (attributes by name) as flat keys."""
    flat: dict[str, Any] = {}
    for k, v in (data.get("inwoner") or {}).items():
        flat[f"inwoner.{k}"] = v
    for part in ("crisis", "veiligheid"):
        for k, v in (data.get(part) or {}).items():
            flat[f"{part}.{k}"] = v
    for k, dim in (data.get("dimensies") or {}).items():
        for name, v in (dim or {}).items():
            flat[f"dimensies.{k}.{name}"] = v
    for k, v in data.items():
        if k not in ("inwoner", "crisis", "veiligheid", "dimensies"):
            flat[k] = v
    return flat
