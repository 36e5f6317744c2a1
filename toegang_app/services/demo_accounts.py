"""Synthetic demo accounts for a demo database (``toegang-admin demo-data --demo-accounts``).

Only for demonstration and training databases: every account has the same, published password. The
accounts are created only when the database has no users yet, and the procesregisseurs get the open
AVE 3/4 demo cases of their desk so the AVE-casussen screen shows something real.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import func, select, update

from toegang_app.services import gebruikers
from toegang_app.services.auth import systeem_gebruiker
from toegang_app.storage.models import Gebruiker, Gesprek

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
    vorige = ctx.user
    try:
        ctx.user = None  # the first beheerder may be created without one
        eerste = DEMO_ACCOUNTS[0]
        gebruikers.maak_gebruiker(ctx, eerste[0], eerste[1], eerste[2], eerste[3], wachtwoord=DEMO_WACHTWOORD)
        ctx.user = systeem_gebruiker()
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
    return [a[0] for a in DEMO_ACCOUNTS]
