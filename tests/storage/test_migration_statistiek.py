"""Migration 0014 (the statistics' monthly tables) up and down on SQLite and PostgreSQL: down removes the
tables and triggers and leaves the rows; up creates them again and fills them from rows written without
triggers, so that the dashboard's figures are those of the rows; the triggers work again afterwards."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from alembic import command
from sqlalchemy import delete, inspect, select, text, update

from tests.storage.test_maandcellen_gelijktijdig import gelijk_aan_herbouw
from toegang_app.services.auth import systeem_gebruiker
from toegang_app.services.statistiek import Selectie, bereken
from toegang_app.storage import statistiek_tabellen as mt
from toegang_app.storage.migrate import SCHEMA_HEAD, alembic_config, schema_state
from toegang_app.storage.models import Gesprek, GesprekDimensie, Inwoner, Verwijzing

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


def _geordend(ctx) -> bool:
    """Whether the monthly tables' triggers take their cells in key order (0017) or not (0014)."""
    with ctx.engine.connect() as c:
        if ctx.engine.dialect.name == "postgresql":
            sql = c.execute(text("SELECT prosrc FROM pg_proc WHERE proname = 'statistiek_verwijzingen_bij'")).scalar_one()
        else:
            sql = c.execute(text("SELECT sql FROM sqlite_master WHERE name = 'statistiek_verwijzingen_upd'")).scalar_one()
    return "ORDER BY" in sql


def _verplaats_en_vergelijk(ctx, stap: int) -> None:
    """Moves between cells along the triggers' paths; the figures stay those of the rows and of a rebuild."""
    with ctx.sessions.begin() as s:
        for i, v in enumerate(s.scalars(select(Verwijzing).order_by(Verwijzing.id).offset(stap * 20).limit(20))):
            if i % 2:
                v.datum = v.datum - timedelta(days=35)
            else:
                v.status, v.status_reden = "niet_gestart", "wachtlijst"
        for i, g in enumerate(s.scalars(select(Gesprek).order_by(Gesprek.id).offset(stap * 8).limit(8))):
            g.aanmelding_datum = g.aanmelding_datum + timedelta(days=40 if i % 2 else -40)
        g1, g2 = s.scalars(select(Gesprek).order_by(Gesprek.id.desc()).offset(stap * 2).limit(2)).all()
        g1.inwoner_id = g2.inwoner_id  # a conversation moved to another resident
        for d in s.scalars(select(GesprekDimensie).order_by(GesprekDimensie.gesprek_id).offset(stap * 10).limit(10)):
            d.score = (d.score or 0) % 10 + 1
    with ctx.sessions.begin() as s:
        weg = s.scalars(select(Inwoner.id).order_by(Inwoner.id.desc()).offset(stap)).first()
        s.execute(delete(Inwoner).where(Inwoner.id == weg))  # a resident deleted: everything cascades
    _gelijk(ctx)
    gelijk_aan_herbouw(ctx)


def _volgorde_op_en_neer(ctx) -> None:
    """Migration 0017 (cells taken in key order) down to 0014's triggers and up again: the tables and
    their counts stay, and both sets of triggers keep them equal to the rows."""
    from toegang_app.services.demo import vul_demo

    ctx.user = systeem_gebruiker()
    vul_demo(ctx, 40, 300, seed=16, begin=date(2024, 1, 1), eind=date(2025, 12, 31))
    assert _geordend(ctx)
    _alembic(ctx, "0016", omhoog=False)
    assert schema_state(ctx.engine).current == "0016"
    assert not _geordend(ctx)
    _verplaats_en_vergelijk(ctx, 0)
    _alembic(ctx, "head", omhoog=True)
    assert schema_state(ctx.engine).current == schema_state(ctx.engine).head == SCHEMA_HEAD
    assert _geordend(ctx)
    _verplaats_en_vergelijk(ctx, 1)


def test_migratie_cellen_op_volgorde_op_en_neer_sqlite(ctx):
    _volgorde_op_en_neer(ctx)


@pytest.mark.postgres
def test_migratie_cellen_op_volgorde_op_en_neer_postgres(pg_ctx):
    _volgorde_op_en_neer(pg_ctx)
