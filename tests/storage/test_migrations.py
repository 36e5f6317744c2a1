"""Migrations up from empty on SQLite and PostgreSQL; older databases migrated after a backup;
newer databases refused and left unchanged."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, text

from toegang_app.errors import DatabaseError, DatabaseTooNew
from toegang_app.storage.engine import make_engine
from toegang_app.storage.migrate import prepare_database, schema_state
from toegang_app.storage.models import Base

EXPECTED_TABLES = {
    "gebruikers", "inwoners", "gesprekken", "gesprek_dimensies", "gesprek_signalen",
    "onderbouwingen_maatwerk", "ave_wijzigingen", "kaart_lokaal", "verwijzingen",
    "verwijzing_statussen", "termijnen", "audit_log", "vernietigingsverzoeken", "toegang_meta",
}


def _check_fresh(engine, backup_dir):
    before = prepare_database(engine, backup_dir)
    assert before.empty
    state = schema_state(engine)
    assert state.up_to_date
    with engine.connect() as conn:
        assert EXPECTED_TABLES <= set(inspect(conn).get_table_names())
        # the migrations produce exactly the models: nothing missing, nothing extra
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
        assert diff == []
        assert conn.execute(text("SELECT waarde FROM toegang_meta WHERE sleutel='app_versie'")).scalar()
    assert not any(backup_dir.glob("*")), "an empty database needs no backup"


def test_migrate_from_empty_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    _check_fresh(engine, tmp_path / "backups")
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar().lower() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    engine.dispose()


@pytest.mark.postgres
def test_migrate_from_empty_postgres(pg_url, tmp_path):
    engine = make_engine(pg_url)
    _check_fresh(engine, tmp_path / "backups")
    engine.dispose()


def _audit_is_append_only(engine):
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO audit_log (op, actie, object_type) VALUES (CURRENT_TIMESTAMP, 'test', 'x')"))
    for stmt in ("UPDATE audit_log SET actie = 'weg'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="alleen-toevoegen"):
            with engine.begin() as conn:
                conn.execute(text(stmt))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT actie FROM audit_log")).scalars().all() == ["test"]


def test_audit_log_append_only_sqlite(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'db.sqlite'}")
    prepare_database(engine, tmp_path / "b")
    _audit_is_append_only(engine)
    engine.dispose()


@pytest.mark.postgres
def test_audit_log_append_only_postgres(pg_url, tmp_path):
    engine = make_engine(pg_url)
    prepare_database(engine, tmp_path / "b")
    _audit_is_append_only(engine)
    engine.dispose()


def _sha(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_newer_database_refused_and_untouched(tmp_path):
    db = tmp_path / "db.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    prepare_database(engine, tmp_path / "b")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    engine.dispose()
    # checkpoint the WAL so the file on disk is the whole database, then fingerprint it
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = _sha(db)
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(DatabaseTooNew) as err:
        prepare_database(engine, tmp_path / "b")
    engine.dispose()
    assert "nieuwere versie van Toegang" in err.value.message
    assert "niets aan de database veranderd" in err.value.message
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "9999_from_the_future"
    con.close()
    assert _sha(db) == before


@pytest.mark.postgres
def test_newer_database_refused_postgres(pg_url, tmp_path):
    engine = make_engine(pg_url)
    prepare_database(engine, tmp_path / "b")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    with pytest.raises(DatabaseTooNew):
        prepare_database(engine, tmp_path / "b")
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "9999_from_the_future"
    engine.dispose()


def test_older_database_is_backed_up_then_migrated(tmp_path, monkeypatch):
    """A database at an older revision is copied to the backup folder before it is upgraded."""
    from alembic import command

    from toegang_app.storage import migrate

    db = tmp_path / "db.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    # pretend the database is one step behind: install an extra revision that is newer than it
    versions = tmp_path / "versions"
    import shutil

    from toegang_app.paths import migrations_dir

    scripts = tmp_path / "scripts"
    shutil.copytree(migrations_dir(), scripts)
    head = schema_state(engine).head
    (scripts / "versions" / "9000_test_extra.py").write_text(
        "from alembic import op\nimport sqlalchemy as sa\n"
        f"revision = '9000'\ndown_revision = {head!r}\nbranch_labels = None\ndepends_on = None\n"
        "def upgrade():\n    op.create_table('extra_test', sa.Column('id', sa.Integer, primary_key=True))\n"
        "def downgrade():\n    op.drop_table('extra_test')\n"
    )
    monkeypatch.setattr(migrate, "migrations_dir", lambda: scripts)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "9000")  # what a release with that migration declares
    backups = tmp_path / "backups"
    before = prepare_database(engine, backups)
    assert before.current == head and not before.up_to_date
    copies = list(backups.glob("toegang-voor-migratie-*.sqlite"))
    assert len(copies) == 1
    con = sqlite3.connect(copies[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head
    assert "extra_test" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    with engine.connect() as conn:
        assert "extra_test" in inspect(conn).get_table_names()
    engine.dispose()
    del versions


def test_schema_head_constant_matches_the_migrations():
    """The start-up fast path trusts SCHEMA_HEAD: it must be the newest migration, or a database one
    step behind would be taken as current and never migrated."""
    from toegang_app.storage import migrate

    assert migrate.SCHEMA_HEAD == migrate._script().get_current_head()


def test_current_database_is_opened_without_importing_alembic(tmp_path):
    """Everyday start: a database at our revision is recognised without Alembic (part of cold start)."""
    import subprocess
    import sys

    db = tmp_path / "db.sqlite"
    engine = make_engine(f"sqlite:///{db}")
    prepare_database(engine, tmp_path / "backups")
    engine.dispose()
    code = (
        "import sys\n"
        "from toegang_app.storage.engine import make_engine\n"
        "from toegang_app.storage.migrate import prepare_database\n"
        f"state = prepare_database(make_engine({f'sqlite:///{db}'!r}), None)\n"
        "print(state.up_to_date, 'alembic' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["True", "False"]


def test_foreign_program_database_refused(tmp_path):
    db = tmp_path / "other.sqlite"
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE klanten (id INTEGER)")
    con.commit()
    con.close()
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(DatabaseError, match="ander programma"):
        prepare_database(engine, tmp_path / "b")
    engine.dispose()


def test_not_a_database_gets_dutch_message(tmp_path):
    db = tmp_path / "kapot.sqlite"
    db.write_bytes(b"dit is geen database" * 100)
    engine = make_engine(f"sqlite:///{db}")
    with pytest.raises(DatabaseError) as err:
        prepare_database(engine, tmp_path / "b")
    engine.dispose()
    assert "geen geldige Toegang-database" in err.value.message


def test_sqlite_on_network_share_refused(tmp_path, monkeypatch):
    from toegang_app.storage import engine as eng

    monkeypatch.setattr(eng, "on_network_share", lambda p: True)
    with pytest.raises(DatabaseError) as err:
        eng.make_engine(f"sqlite:///{tmp_path / 'x.sqlite'}")
    assert "netwerkschijf" in err.value.message and "PostgreSQL" in err.value.message


def test_unc_paths_count_as_network_share():
    from pathlib import PureWindowsPath

    from toegang_app.storage.engine import on_network_share

    assert on_network_share(PureWindowsPath(r"\\server\share\toegang.sqlite"))
