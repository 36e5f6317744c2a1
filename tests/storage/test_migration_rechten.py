"""Migration 0013 (the resident's rights) goes up and down on SQLite and PostgreSQL, keeping the rest."""

from __future__ import annotations

import pytest
from alembic import command
from sqlalchemy import inspect

from toegang_app.storage.engine import make_engine
from toegang_app.storage.migrate import alembic_config, prepare_database

TABELLEN = {"gesprek_talen", "inwoner_talen", "wmo_verslagen", "aanvraag_overdrachten", "gesprek_betrokkenen",
            "vertegenwoordigers", "toestemmingen", "avg_verzoeken", "avg_correcties"}


def _up_down_up(url: str, tmp_path) -> None:
    engine = make_engine(url)
    prepare_database(engine, tmp_path / "backups")
    with engine.connect() as conn:
        assert TABELLEN <= set(inspect(conn).get_table_names())
    cfg = alembic_config()
    from alembic.script import ScriptDirectory

    vorige = ScriptDirectory.from_config(cfg).get_revision("0013").down_revision  # re-chained on merge
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, vorige)
    with engine.connect() as conn:
        names = set(inspect(conn).get_table_names())
    assert not (TABELLEN & names) and {"gesprekken", "verwijzingen", "inwoners"} <= names
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with engine.connect() as conn:
        assert TABELLEN <= set(inspect(conn).get_table_names())
    engine.dispose()


def test_up_and_down_sqlite(tmp_path):
    _up_down_up(f"sqlite:///{tmp_path / 'db.sqlite'}", tmp_path)


@pytest.mark.postgres
def test_up_and_down_postgres(pg_url, tmp_path):
    _up_down_up(pg_url, tmp_path)
