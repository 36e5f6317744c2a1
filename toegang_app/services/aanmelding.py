"""Signing in with the operating-system account, and whether the database has users yet: the two steps of
the app's start before the start screen is filled.

They run on SQLAlchemy Core over ``storage.tabellen``, not on the ORM, so the start does not wait for
the ORM to be imported and the 38 tables to be mapped (issue 26); ``services.gebruikers`` (accounts,
passwords, the lockout, the audit search) offers them under the same names. The attempt is audited in
the same transaction, as every sign-in (``services.audit``).
"""

from __future__ import annotations

import getpass
from typing import Any

from sqlalchemy import func, select

from toegang_app.services import audit
from toegang_app.services.auth import CurrentUser
from toegang_app.storage.tabellen import gebruikers


def huidige_gebruiker(g: Any) -> CurrentUser:
    """The signed-in user from a user row (a ``storage.tabellen.gebruikers`` row, a ``Gebruiker`` or a
    ``GebruikerRij``)."""
    return CurrentUser(id=g.id, gebruikersnaam=g.gebruikersnaam, naam=g.naam, rol=g.rol, team=g.team)


def normaliseer_os_account(text: str | None) -> str | None:
    """'GEMEENTE\\JJansen' and 'jjansen' are the same Windows account: compare without domain, lower case."""
    t = (text or "").strip()
    if "\\" in t:
        t = t.rsplit("\\", 1)[1]
    return t.lower() or None


def os_gebruikersnaam() -> str | None:
    try:
        return getpass.getuser() or None
    except Exception:  # noqa: BLE001 - no user name available (odd environments)
        return None


def eerste_gebruik(ctx) -> bool:
    """True while the database has no users at all: then the first-run wizard creates the first beheerder."""
    with ctx.lezen() as conn:
        return conn.scalar(select(func.count()).select_from(gebruikers)) == 0


def aanmelden_os(ctx, *, via: str | None = None) -> CurrentUser | None:
    """Sign in with the operating-system account (the Windows user name), for desks whose PCs already
    authenticate users. Returns None when no active user is linked to this account (the caller then
    shows the password dialog); the attempt is audited either way."""
    account = normaliseer_os_account(os_gebruikersnaam())
    if account is None:
        return None
    g_ = gebruikers.c
    with ctx.schrijven() as conn:
        g = conn.execute(select(g_.id, g_.gebruikersnaam, g_.naam, g_.rol, g_.team, g_.actief)
                         .where(func.lower(g_.os_account) == account)).first()
        if g is None or not g.actief:
            audit.record_core(conn, None, "aanmelden_mislukt", "gebruiker", g.id if g else None,
                              toelichting=("Windows-account niet gekoppeld" if g is None
                                           else "account is gedeactiveerd") + (f" ({via})" if via else ""))
            return None
        user = huidige_gebruiker(g)
        audit.record_core(conn, user, "aangemeld", "gebruiker", g.id,
                          toelichting="met Windows-account" + (f" ({via})" if via else ""))
        return user
