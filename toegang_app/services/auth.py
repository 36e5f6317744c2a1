"""Roles and permissions, enforced in the services (not only by hiding buttons).

Every service function that reads or changes data takes the AppContext and calls ``require``
with the permission it needs. The command line signs in like the window does
(``commands/aanmelden.py``): the audit trail names the signed-in user. The ``systeem`` role is only
for the headless ``toegang --self-test``, which renders the screens and shows no data to anyone.
"""

from __future__ import annotations

import getpass
from dataclasses import dataclass

from toegang_app.errors import PermissionDenied

ROLLEN: dict[str, str] = {
    "medewerker": "Toegangsmedewerker",
    "procesregisseur": "Procesregisseur",
    "teamleider": "Teamleider",
    "beheerder": "Functioneel beheerder",
}

# permissions
GESPREK_LEZEN = "gesprek_lezen"          # residents and conversations of the own desk (team)
GESPREK_SCHRIJVEN = "gesprek_schrijven"
VERWIJZEN = "verwijzen"
AVE_REGIE = "ave_regie"                  # be assigned as procesregisseur, see own AVE cases
REGIE_TOEWIJZEN = "regie_toewijzen"      # see the intake queue and caseloads of the desk, (re)assign them
STATISTIEK = "statistiek"                # aggregate figures and exports only
KAART_LEZEN = "kaart_lezen"
KAART_BEHEER = "kaart_beheer"
GEBRUIKERS_BEHEER = "gebruikers_beheer"
AUDIT_LEZEN = "audit_lezen"
BEWAREN_BEHEER = "bewaren_beheer"        # retention: destroy / anonymise, destruction requests
KALENDER_BEHEER = "kalender_beheer"      # the desk's closing days, confirming the Atw besluiten
DATABASE_BEHEER = "database_beheer"      # backups and demo data of the database (command line)
AVG_VERZOEKEN = "avg_verzoeken"          # inzage and correction requests of residents (AVG art. 15, 16)

_MEDEWERKER = {GESPREK_LEZEN, GESPREK_SCHRIJVEN, VERWIJZEN, KAART_LEZEN, AVG_VERZOEKEN}
RECHTEN: dict[str, frozenset[str]] = {
    "medewerker": frozenset(_MEDEWERKER),
    "procesregisseur": frozenset(_MEDEWERKER | {AVE_REGIE}),
    "teamleider": frozenset({STATISTIEK, KAART_LEZEN, REGIE_TOEWIJZEN}),
    "beheerder": frozenset({KAART_LEZEN, KAART_BEHEER, GEBRUIKERS_BEHEER, AUDIT_LEZEN, BEWAREN_BEHEER, STATISTIEK,
                            KALENDER_BEHEER, DATABASE_BEHEER, AVG_VERZOEKEN}),
    "systeem": frozenset(_MEDEWERKER | {AVE_REGIE, REGIE_TOEWIJZEN, STATISTIEK, KAART_BEHEER, GEBRUIKERS_BEHEER, AUDIT_LEZEN, BEWAREN_BEHEER,
                                        KALENDER_BEHEER}),
    # toegang-admin demo-data writes synthetic residents and nothing else (no account, no reading)
    "demo": frozenset({GESPREK_SCHRIJVEN}),
}

_OMSCHRIJVING = {
    GESPREK_LEZEN: "gesprekken inzien",
    GESPREK_SCHRIJVEN: "gesprekken vastleggen",
    VERWIJZEN: "verwijzen",
    AVE_REGIE: "procesregie voeren",
    REGIE_TOEWIJZEN: "casussen toewijzen of overdragen",
    STATISTIEK: "statistiek bekijken",
    KAART_LEZEN: "de sociale kaart inzien",
    KAART_BEHEER: "de sociale kaart beheren",
    GEBRUIKERS_BEHEER: "gebruikers beheren",
    AUDIT_LEZEN: "de audit trail inzien",
    BEWAREN_BEHEER: "bewaartermijnen beheren",
    KALENDER_BEHEER: "de kalender van de balie beheren",
    DATABASE_BEHEER: "de database beheren (reservekopie, demogegevens)",
    AVG_VERZOEKEN: "verzoeken om inzage of correctie afhandelen",
}


@dataclass(frozen=True)
class CurrentUser:
    id: int | None
    gebruikersnaam: str
    naam: str
    rol: str
    team: str | None  # gemeente key of the desk; None = all desks (systeem)

    def may(self, permission: str) -> bool:
        return permission in RECHTEN.get(self.rol, frozenset())

    def sees_team(self, team: str) -> bool:
        return self.team is None or self.rol == "systeem" or team == self.team


def demo_gegevens_gebruiker(door: CurrentUser | None) -> CurrentUser:
    """Who writes ``toegang-admin demo-data``: synthetic rows only, on behalf of the signed-in beheerder
    (or, on a database without users, of the OS account at the console)."""
    if door is not None:
        wie = door.gebruikersnaam
    else:
        try:
            wie = f"systeemaccount {getpass.getuser()}"
        except Exception:  # noqa: BLE001
            wie = "onbekend"
    return CurrentUser(id=None, gebruikersnaam=f"demo-data ({wie})", naam="Synthetische demogegevens",
                       rol="demo", team=None)


def systeem_gebruiker() -> CurrentUser:
    """The headless self-test's user (never the command line)."""
    try:
        who = getpass.getuser()
    except Exception:  # noqa: BLE001
        who = "onbekend"
    return CurrentUser(id=None, gebruikersnaam=f"toegang-admin:{who}", naam=f"Beheer via opdrachtregel ({who})",
                       rol="systeem", team=None)


def require(user: CurrentUser | None, permission: str) -> CurrentUser:
    if user is None:
        raise PermissionDenied("U bent niet aangemeld.")
    if not user.may(permission):
        rol = ROLLEN.get(user.rol, user.rol)
        raise PermissionDenied(f"Als {rol.lower()} mag u niet {_OMSCHRIJVING.get(permission, permission)}.")
    return user


def require_team(user: CurrentUser, team: str) -> None:
    if not user.sees_team(team):
        raise PermissionDenied("Dit gesprek hoort bij een andere balie. U kunt het niet openen.")
