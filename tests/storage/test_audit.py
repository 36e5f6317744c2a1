"""The audit trail is append-only in the database itself (SQLite and PostgreSQL), and a beheerder can
search it by user, object, action and period."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import delete, select, text, update
from sqlalchemy.exc import DBAPIError

from tests.factories import BEHEERDER, MEDEWERKER, TEAMLEIDER
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import PermissionDenied
from toegang_app.services import audit
from toegang_app.services import gebruikers as gs
from toegang_app.storage.models import AuditRegel


def _schrijf(c, n: int = 3) -> None:
    with c.sessions.begin() as s:
        for i in range(n):
            audit.record(s, MEDEWERKER, "bekeken", "gesprek", 100 + i)
        audit.record(s, BEHEERDER, "gewijzigd", "gebruiker", 7, veld="rol", oud="medewerker", nieuw="teamleider")


def _append_only(c) -> None:
    _schrijf(c)
    with c.sessions() as s:
        before = [(r.id, r.actie, r.object_id) for r in s.scalars(select(AuditRegel).order_by(AuditRegel.id))]
    assert len(before) == 4
    attempts = [
        lambda s: s.execute(update(AuditRegel).values(actie="geknoeid")),
        lambda s: s.execute(update(AuditRegel).where(AuditRegel.id == before[0][0]).values(gebruiker=None)),
        lambda s: s.execute(delete(AuditRegel)),
        lambda s: s.execute(delete(AuditRegel).where(AuditRegel.id == before[-1][0])),
    ]
    if c.engine.dialect.name == "postgresql":
        attempts.append(lambda s: s.execute(text("TRUNCATE audit_log")))
    for attempt in attempts:
        with pytest.raises(DBAPIError, match="alleen-toevoegen"):
            with c.sessions.begin() as s:
                attempt(s)
    # also through the ORM, the way application code would try it
    with pytest.raises(DBAPIError, match="alleen-toevoegen"):
        with c.sessions.begin() as s:
            s.delete(s.scalars(select(AuditRegel)).first())
    with pytest.raises(DBAPIError, match="alleen-toevoegen"):
        with c.sessions.begin() as s:
            s.scalars(select(AuditRegel)).first().oud = "anders"
    with c.sessions() as s:
        after = [(r.id, r.actie, r.object_id) for r in s.scalars(select(AuditRegel).order_by(AuditRegel.id))]
    assert after == before
    # appending still works
    _schrijf(c, 1)
    with c.sessions() as s:
        assert len(list(s.scalars(select(AuditRegel)))) == 6


def test_audit_is_append_only_on_sqlite(ctx):
    assert ctx.engine.dialect.name == "sqlite"
    _append_only(ctx)


@pytest.mark.postgres
def test_audit_is_append_only_on_postgresql(pg_ctx):
    assert pg_ctx.engine.dialect.name == "postgresql"
    _append_only(pg_ctx)


def test_search_by_user_object_action_and_period(ctx):
    _schrijf(ctx, 5)
    ctx.user = TEAMLEIDER
    with pytest.raises(PermissionDenied, match="audit trail"):
        gs.zoek_audit(ctx)
    ctx.user = BEHEERDER
    alles = gs.zoek_audit(ctx)
    assert alles.totaal == 6 and alles.rijen[0].object_type == "gebruiker"  # newest first
    assert gs.zoek_audit(ctx, gs.AuditFilter(gebruiker="MW-")).totaal == 5
    assert gs.zoek_audit(ctx, gs.AuditFilter(object_type="gesprek", object_id="102")).totaal == 1
    r = gs.zoek_audit(ctx, gs.AuditFilter(actie="gewijzigd")).rijen
    assert [(x.veld, x.oud, x.nieuw, x.gebruiker) for x in r] == [("rol", "medewerker", "teamleider", "beheer")]
    today = date.today()
    assert gs.zoek_audit(ctx, gs.AuditFilter(van=today, tot=today)).totaal == 6
    assert gs.zoek_audit(ctx, gs.AuditFilter(tot=today - timedelta(days=1))).totaal == 0
    assert gs.zoek_audit(ctx, gs.AuditFilter(van=today + timedelta(days=1))).totaal == 0
    with pytest.raises(InvalidInput, match="vóór de begindatum"):
        gs.zoek_audit(ctx, gs.AuditFilter(van=today, tot=today - timedelta(days=1)))
    # paging
    p0 = gs.zoek_audit(ctx, per_pagina=4)
    p1 = gs.zoek_audit(ctx, pagina=1, per_pagina=4)
    assert (len(p0.rijen), len(p1.rijen), p0.paginas) == (4, 2, 2)
    assert not {x.id for x in p0.rijen} & {x.id for x in p1.rijen}
    acties, typen = gs.audit_keuzes(ctx)
    assert acties == ["bekeken", "gewijzigd"] and typen == ["gebruiker", "gesprek"]
    # a "%" in the user filter is a literal character, not a wildcard
    assert gs.zoek_audit(ctx, gs.AuditFilter(gebruiker="%")).totaal == 0
