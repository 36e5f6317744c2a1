"""Several workstations on one PostgreSQL database: destroying a conversation that a colleague saves at
that very moment deletes nothing and says so in Dutch; a user name taken at the same moment on another
PC gives a Dutch message instead of a database error."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, func, select, text

from tests.factories import BEHEERDER, maak_gesprek
from toegang_app.domain.validation import InvalidInput
from toegang_app.errors import UserError
from toegang_app.services import bewaren
from toegang_app.services import gebruikers as gs
from toegang_app.storage.models import AuditRegel, Gebruiker, Gesprek

pytestmark = pytest.mark.postgres


def test_destroy_loses_to_a_concurrent_save(pg_ctx):
    pg_ctx.user = BEHEERDER
    gid = maak_gesprek(pg_ctx, aanmelding=date(2001, 1, 1), status="afgerond", afgesloten_op=date(2001, 2, 1),
                       scores={"lichaamsfuncties": 5})
    fired = []

    def colleague_saves(session, flush_context, instances):
        if fired:
            return
        fired.append(1)
        # another workstation commits an edit of the same conversation (optimistic locking bumps versie)
        with pg_ctx.engine.connect() as other:
            other.execute(text("UPDATE gesprekken SET versie = versie + 1, vraag = 'nieuw' WHERE id = :id"),
                          {"id": gid})
            other.commit()

    factory = pg_ctx.sessions.maak()  # the ORM's session factory itself (ctx.sessions makes it on first use)
    event.listen(factory, "before_flush", colleague_saves)
    try:
        with pytest.raises(UserError, match="collega heeft een van deze gesprekken net gewijzigd"):
            bewaren.vernietig(pg_ctx, [gid])
    finally:
        event.remove(factory, "before_flush", colleague_saves)
    assert fired
    with pg_ctx.sessions() as s:
        g = s.get(Gesprek, gid)
        assert g is not None and g.vraag == "nieuw" and [d.score for d in g.dimensies] == [5]
        assert s.scalar(select(func.count()).select_from(AuditRegel).where(AuditRegel.actie == "vernietigd")) == 0
    # once the list is refreshed, the beheerder can carry it out
    assert bewaren.vernietig(pg_ctx, [gid]).gesprekken == 1


def test_same_user_name_at_the_same_moment(pg_ctx, monkeypatch):
    pg_ctx.user = BEHEERDER
    gs.maak_gebruiker(pg_ctx, "m.werk", "Mia Werk", "medewerker", "haaksbergen", wachtwoord="lange zin als ww")
    # the other PC checked before this one committed: skip the early check to reach the database constraint
    monkeypatch.setattr(gs, "_uniek", lambda *a: None)
    with pytest.raises(InvalidInput, match="'m.werk' is al in gebruik"):
        gs.maak_gebruiker(pg_ctx, "m.werk", "Mia Ander", "medewerker", "twenterand", wachtwoord="lange zin als ww")
    with pg_ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Gebruiker)) == 1
