"""Suggestions along the ladder for a conversation, and the maatwerk gate record (Wmo art. 2.3.2
lid 4 b-e). The matching itself is ``domain.ladder.suggest``: the same code serves the window and
``toegang-admin triage``."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from sqlalchemy import select

from toegang_app.domain.ladder import Advies, suggest
from toegang_app.domain.uitvraag import Uitvraag
from toegang_app.domain.vocab import LEEFGEBIEDEN
from toegang_app.errors import UserError
from toegang_app.services import audit
from toegang_app.services.auth import GESPREK_LEZEN, GESPREK_SCHRIJVEN, require, require_team
from toegang_app.storage.models import Gesprek, OnderbouwingMaatwerk

# The four points the record must cover (art. 2.3.2 lid 4 b-e), asked one by one in the window.
ONDERBOUWING_PUNTEN: dict[str, str] = {
    "eigen_kracht": "Eigen kracht en gebruikelijke hulp (b)",
    "netwerk": "Mantelzorg en hulp uit het sociale netwerk (c, d)",
    "voorliggend": "Voorliggend veld / sociale basis",
    "algemeen": "Algemene voorzieningen en maatschappelijk nuttige activiteiten (e)",
}


def kaart_voor_matching(ctx) -> tuple:
    """The active effective kaart (cached by services.kaart, which also drops it when the kaart changes)."""
    from toegang_app.services.kaart import actieve_kaart

    return actieve_kaart(ctx)


def advies(ctx, uitvraag: Uitvraag, peildatum: date | None = None, geboortedatum: date | None = None) -> Advies:
    """Ranked suggestions, lightest rung first; maatwerk without onderbouwing is in ``geblokkeerd``."""
    rules = ctx.resources.matching
    if rules is None:
        raise UserError("De matchingregels (resources/matching.yaml) zijn niet geladen; zie de melding bij het starten.")
    return suggest(uitvraag, kaart_voor_matching(ctx), rules, peildatum or date.today(), geboortedatum)


def onderbouwing_tekst(punten: dict[str, str]) -> str:
    """One stored text from the four points; every point must be answered."""
    missing = [label for key, label in ONDERBOUWING_PUNTEN.items() if not (punten.get(key) or "").strip()]
    if missing:
        raise UserError("Vul alle punten van de onderbouwing in. Nog leeg: " + "; ".join(missing) + ".")
    return "\n".join(f"{ONDERBOUWING_PUNTEN[k]}: {punten[k].strip()}" for k in ONDERBOUWING_PUNTEN)


def leg_onderbouwing_vast(ctx, gesprek_id: int, leefgebied: str, punten: dict[str, str]) -> str:
    """Record why the lighter rungs do not suffice for ``leefgebied``; opens the gate for maatwerk
    voorzieningen on that leefgebied. Returns the stored text."""
    return leg_onderbouwing_tekst_vast(ctx, gesprek_id, leefgebied, onderbouwing_tekst(punten))


def leg_onderbouwing_tekst_vast(ctx, gesprek_id: int, leefgebied: str, tekst: str) -> str:
    """Store an onderbouwing given as one text (e.g. from an imported exchange-format document)."""
    user = require(ctx.user, GESPREK_SCHRIJVEN)
    with ctx.sessions.begin() as s:
        onderbouwing_in(s, user, gesprek_id, leefgebied, tekst)
    return tekst


def onderbouwing_in(s, user, gesprek_id: int, leefgebied: str, tekst: str) -> None:
    """The write of an onderbouwing inside the caller's transaction. The audit row says that the text
    changed, never the text (free text stays out of the audit trail)."""
    if leefgebied not in LEEFGEBIEDEN:
        raise UserError(f"Onbekend leefgebied '{leefgebied}'.")
    if not tekst.strip():
        raise UserError("De onderbouwing is leeg.")
    g = s.get(Gesprek, gesprek_id)
    if g is None:
        raise UserError(f"Gesprek {gesprek_id} bestaat niet.")
    require_team(user, g.team)
    row = s.scalar(select(OnderbouwingMaatwerk).where(
        OnderbouwingMaatwerk.gesprek_id == gesprek_id, OnderbouwingMaatwerk.leefgebied == leefgebied))
    if row is None:
        s.add(OnderbouwingMaatwerk(gesprek_id=gesprek_id, leefgebied=leefgebied, toelichting=tekst,
                                   vastgelegd_door=user.gebruikersnaam, vastgelegd_op=datetime.now()))
    else:
        row.toelichting = tekst
        row.vastgelegd_door = user.gebruikersnaam
        row.vastgelegd_op = datetime.now()
    audit.record(s, user, "gewijzigd", "gesprek", gesprek_id, veld=f"onderbouwing_maatwerk.{leefgebied}",
                 toelichting="tekst vastgelegd" if row is None else "tekst gewijzigd")


def onderbouwingen(ctx, gesprek_id: int) -> dict[str, str]:
    require(ctx.user, GESPREK_LEZEN)
    with ctx.sessions() as s:
        rows = s.scalars(select(OnderbouwingMaatwerk).where(OnderbouwingMaatwerk.gesprek_id == gesprek_id))
        return {r.leefgebied: r.toelichting for r in rows}


def met_onderbouwingen(uitvraag: Uitvraag, records: dict[str, str]) -> Uitvraag:
    if not records:
        return uitvraag
    merged = dict(uitvraag.onderbouwing_maatwerk or {})
    merged.update(records)
    return replace(uitvraag, onderbouwing_maatwerk=merged)
