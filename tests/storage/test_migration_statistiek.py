"""Migration 0014 (the statistics' monthly tables) up and down on SQLite and PostgreSQL: down removes the
tables and triggers and leaves the rows; up creates them again and fills them from rows written without
triggers, so that the dashboard's figures are those of the rows; the triggers work again afterwards."""

from __future__ import annotations

from datetime import date

import pytest
from alembic import command
from sqlalchemy import inspect, select, update

from toegang_app.services.auth import systeem_gebruiker
from toegang_app.services.statistiek import Selectie, bereken
from toegang_app.storage import statistiek_tabellen as mt
from toegang_app.storage.migrate import alembic_config, schema_state
from toegang_app.storage.models import Verwijzing

JAAR = Selectie(date(2025, 1, 1), date(2025, 12, 31))
VANDAAG = date(2025, 11, 20)
NAMEN = {t.name for t in list(mt.TABELLEN.values()) + list(mt.EXTRA_TABELLEN)}


def _alembic(ctx, doel: str, omhoog: bool) -> None:
    cfg = alembic_config()
    with ctx.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        (command.upgrade if omhoog else command.downgrade)(cfg, doel)


def _gelijk(ctx) -> None:
    def vorm(r):
        return [(t.sleutel, t.rijen) for t in r.tabellen]

    for sel in (JAAR, Selectie(date(2025, 1, 1), date(2025, 12, 31), gemeente="haaksbergen", vorm="intern")):
        assert vorm(bereken(ctx, sel, vandaag=VANDAAG, maandtabellen=True)) == \
            vorm(bereken(ctx, sel, vandaag=VANDAAG, maandtabellen=False))


def _op_en_neer(ctx) -> None:
    from toegang_app.services.demo import vul_demo

    ctx.user = systeem_gebruiker()
    vul_demo(ctx, 60, 400, seed=14, begin=date(2024, 1, 1), eind=date(2025, 12, 31))
    _alembic(ctx, "0010", omhoog=False)
    with ctx.engine.connect() as c:
        assert not NAMEN & set(inspect(c).get_table_names())
    assert schema_state(ctx.engine).current == "0010"
    # rows written while there are no triggers (an older version of the program)
    with ctx.engine.begin() as c:
        c.execute(update(Verwijzing).where(Verwijzing.id % 3 == 0).values(status="niet_gestart", status_reden="wachtlijst"))
        c.execute(update(Verwijzing).where(Verwijzing.id % 7 == 0).values(datum=date(2025, 2, 14)))
    _alembic(ctx, "head", omhoog=True)
    with ctx.engine.connect() as c:
        assert NAMEN <= set(inspect(c).get_table_names())
        assert c.execute(select(mt.statistiek_verwijzingen.c.n)).first() is not None, "filled from the rows"
    _gelijk(ctx)
    with ctx.sessions.begin() as s:  # the triggers are back
        for v in s.scalars(select(Verwijzing).order_by(Verwijzing.id).limit(30)):
            v.status, v.status_reden = "afgerond", None
    _gelijk(ctx)


def test_migratie_statistiek_op_en_neer_sqlite(ctx):
    _op_en_neer(ctx)


@pytest.mark.postgres
def test_migratie_statistiek_op_en_neer_postgres(pg_ctx):
    _op_en_neer(pg_ctx)
