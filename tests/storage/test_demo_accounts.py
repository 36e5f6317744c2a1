"""Demo accounts: created once on a demo database, can sign in, procesregisseur gets the open AVE 3/4 cases."""

from __future__ import annotations

from toegang_app.services import gebruikers
from toegang_app.services.auth import systeem_gebruiker
from toegang_app.services.demo import vul_demo
from toegang_app.services.demo_accounts import DEMO_WACHTWOORD, maak_demo_accounts
from toegang_app.storage.models import Gebruiker, Gesprek


def test_demo_accounts_sign_in_and_get_cases(ctx):
    ctx.user = systeem_gebruiker()
    vul_demo(ctx, 60, 200, 1)
    ctx.user = None
    assert maak_demo_accounts(ctx)
    user = gebruikers.aanmelden(ctx, "demo-medewerker", DEMO_WACHTWOORD)
    assert user.rol == "medewerker" and user.team == "haaksbergen"
    with ctx.sessions() as s:
        rid = s.query(Gebruiker.id).filter(Gebruiker.gebruikersnaam == "demo-regisseur").scalar()
        cases = s.query(Gesprek).filter(Gesprek.procesregisseur_id == rid).all()
        assert cases and all(g.status == "open" and g.ave_fase >= 3 and g.synthetisch for g in cases)
    assert maak_demo_accounts(ctx) == []  # never twice, never on a database with users
