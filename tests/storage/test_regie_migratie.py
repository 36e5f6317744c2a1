"""Migration 0012 (procesregie) goes up and down on SQLite and PostgreSQL, keeping the data of 0013."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect, text

from toegang_app.storage.engine import make_engine
from toegang_app.storage.migrate import alembic_config, prepare_database

TABELLEN = {"regie_plannen", "plan_partijen", "plan_doelen", "afspraken", "plan_overleggen", "vervolg_overnames"}


def _op_en_neer(engine, tmp_path):
    prepare_database(engine, tmp_path / "backups")
    with engine.begin() as conn:
        assert TABELLEN <= set(inspect(conn).get_table_names())
        conn.execute(text("INSERT INTO toegang_meta (sleutel, waarde) VALUES ('test_regie', 'blijft')"))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0013")
    with engine.connect() as conn:
        assert not TABELLEN & set(inspect(conn).get_table_names())
        assert conn.execute(text("SELECT waarde FROM toegang_meta WHERE sleutel='test_regie'")).scalar() == "blijft"
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with engine.connect() as conn:
        assert TABELLEN <= set(inspect(conn).get_table_names())
    engine.dispose()


def test_0012_up_down_up_sqlite(tmp_path):
    _op_en_neer(make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}"), tmp_path)


@pytest.mark.postgres
def test_0012_up_down_up_postgres(pg_url, tmp_path):
    _op_en_neer(make_engine(pg_url), tmp_path)
