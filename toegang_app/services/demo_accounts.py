"""Synthetic demo accounts for a demo database (``toegang-admin demo-data --demo-accounts``).

Only for demonstration and training databases: every account has the same, published password. The
accounts are created only when the database has no users yet and holds no real (non-synthetic)
residents or conversations, and the procesregisseurs get the open AVE 3/4 demo cases of their desk so
the AVE-casussen screen shows something real. The first demo beheerder creates the others: the audit
trail names it.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select, update

from toegang_app.errors import UserError
from toegang_app.services import gebruikers
from toegang_app.storage.models import Gebruiker, Gesprek, Inwoner

ECHTE_INWONERS = (
    "Deze database bevat echte (niet-synthetische) inwoners of gesprekken. Demo-accounts hebben een openbaar "
    "wachtwoord en horen alleen in een demo- of oefendatabase. Er is niets gemaakt of gewijzigd. Maak de eerste "
    "functioneel beheerder aan met: toegang-admin gebruiker toevoegen GEBRUIKERSNAAM --naam NAAM --rol beheerder."
)


class EchteGegevens(UserError):
    exit_code = 2


def weiger_bij_echte_inwoners(ctx) -> None:
    """Refuse (Dutch, nothing written) when the database holds real residents or conversations."""
    with ctx.sessions() as s:
        echt = s.scalar(select(func.count()).select_from(Inwoner).where(Inwoner.synthetisch.isnot(True))) or 0
        echt += s.scalar(select(func.count()).select_from(Gesprek).where(Gesprek.synthetisch.isnot(True))) or 0
    if echt:
        raise EchteGegevens(ECHTE_INWONERS)

DEMO_WACHTWOORD = "demo-toegang-2026"
DEMO_ACCOUNTS = [
    # gebruikersnaam, naam, rol, team
    ("demo-beheerder", "Demo Beheerder (synthetisch)", "beheerder", None),
    ("demo-medewerker", "Demo Medewerker Haaksbergen (synthetisch)", "medewerker", "haaksbergen"),
    ("demo-twenterand", "Demo Medewerker Twenterand (synthetisch)", "medewerker", "twenterand"),
    ("demo-regisseur", "Demo Procesregisseur Haaksbergen (synthetisch)", "procesregisseur", "haaksbergen"),
    ("demo-teamleider", "Demo Teamleider (synthetisch)", "teamleider", "haaksbergen"),
]


def maak_demo_accounts(ctx) -> list[str]:
    """Create the demo accounts when there are no users; returns the names created (empty otherwise)."""
    with ctx.sessions() as s:
        if s.scalar(select(func.count()).select_from(Gebruiker)):
            return []
    weiger_bij_echte_inwoners(ctx)
    vorige = ctx.user
    try:
        ctx.user = None  # the first beheerder may be created without one
        eerste = DEMO_ACCOUNTS[0]
        beheerder = gebruikers.maak_gebruiker(ctx, eerste[0], eerste[1], eerste[2], eerste[3],
                                              wachtwoord=DEMO_WACHTWOORD)
        ctx.user = gebruikers.huidige_gebruiker(beheerder)
        for naam, volledig, rol, team in DEMO_ACCOUNTS[1:]:
            gebruikers.maak_gebruiker(ctx, naam, volledig, rol, team, wachtwoord=DEMO_WACHTWOORD)
    finally:
        ctx.user = vorige
    with ctx.sessions.begin() as s:
        regisseur = s.scalar(select(Gebruiker.id).where(Gebruiker.gebruikersnaam == "demo-regisseur"))
        # the three most recent synthetic AVE 3/4 cases of Haaksbergen become the regisseur's open cases;
        # one review date lies in the past so the list shows what an overdue review looks like
        ids = list(s.scalars(select(Gesprek.id).where(Gesprek.synthetisch.is_(True), Gesprek.team == "haaksbergen",
                                                      Gesprek.ave_fase >= 3)
                             .order_by(Gesprek.aanmelding_datum.desc(), Gesprek.id.desc()).limit(3)))
        for n, gid in enumerate(ids):
            s.execute(update(Gesprek).where(Gesprek.id == gid).values(
                status="open", afgesloten_op=None, procesregisseur_id=regisseur,
                plan="Eén gezin, één plan, één regisseur: afspraken met de inwoner en de betrokken partijen (demo).",
                evaluatiedatum=date.today() + timedelta(days=(-3 if n == 0 else 14 * n))))
        # caseloads: the demo medewerkers own most open conversations of their desk; every fifth stays
        # without an owner, so the filter 'zonder eigenaar' shows what a teamleider must still assign
        for gebruikersnaam, team in (("demo-medewerker", "haaksbergen"), ("demo-twenterand", "twenterand")):
            mid = s.scalar(select(Gebruiker.id).where(Gebruiker.gebruikersnaam == gebruikersnaam))
            open_ids = list(s.scalars(select(Gesprek.id).where(Gesprek.synthetisch.is_(True), Gesprek.team == team,
                                                               Gesprek.status == "open", Gesprek.medewerker_id.is_(None))
                                      .order_by(Gesprek.id)))
            eigen = [gid for n, gid in enumerate(open_ids) if n % 5 != 4]
            if eigen:
                s.execute(update(Gesprek).where(Gesprek.id.in_(eigen)).values(medewerker_id=mid))
    return [a[0] for a in DEMO_ACCOUNTS]
