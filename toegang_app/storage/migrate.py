"""Open a database: check its schema version, back it up, migrate it to ours, or refuse it.

A database whose Alembic revision this program does not know was made by a newer version: it is
refused with a Dutch message and not touched.

Alembic is only imported when the database is not at ``SCHEMA_HEAD`` (new, older or newer): a
current database is recognised with one plain query, which keeps Alembic's import (a noticeable part
of a cold start) off the everyday start. A test keeps ``SCHEMA_HEAD`` equal to Alembic's head.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text
from sqlalchemy.exc import SQLAlchemyError

import toegang_app
from toegang_app.domain.leesfout import os_reden
from toegang_app.errors import DatabaseError, DatabaseTooNew
from toegang_app.paths import migrations_dir
from toegang_app.storage.engine import (
    create_sqlite_file,
    is_sqlite,
    sqlcipher_key_of,
    sqlite_backup,
    sqlite_path,
    write_engine,
)

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

log = logging.getLogger(__name__)

SCHEMA_HEAD = "0018"  # the newest revision in db/versions (tests/storage/test_migrations.py checks it)


@dataclass(frozen=True)
class SchemaState:
    current: str | None  # None: empty database
    head: str
    known: bool

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head

    @property
    def empty(self) -> bool:
        return self.current is None


def alembic_config() -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def _script() -> ScriptDirectory:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config())


def _db_error(exc: Exception, url: str) -> DatabaseError:
    msg = str(getattr(exc, "orig", exc)).lower()
    if "locked" in msg or "busy" in msg:
        return DatabaseError(
            "De database is op dit moment vergrendeld door een ander programma. Wacht even en probeer het "
            "opnieuw; blijft dit zo, sluit dan andere vensters van Toegang."
        )
    if "not a database" in msg or "malformed" in msg:
        return DatabaseError(f"Het bestand is geen geldige Toegang-database of is beschadigd ({_safe(url)}).")
    if "disk" in msg and ("full" in msg or "i/o" in msg):
        return DatabaseError("De schijf is vol of niet beschrijfbaar. Maak ruimte vrij; er is niets verloren gegaan.")
    if "permission denied" in msg or "must be owner" in msg:
        return DatabaseError(
            f"Deze database ({_safe(url)}) moet worden aangemaakt of bijgewerkt naar deze versie van Toegang, maar "
            "deze werkplek verbindt met een rol zonder rechten om tabellen te maken of te wijzigen (de applicatierol). "
            "Laat de functioneel beheerder 'toegang-admin migrate' uitvoeren met de eigenaarsrol van de database "
            "(zie README, 'Database roles').")
    if "password" in msg or "connection" in msg or "could not" in msg or "refused" in msg:
        return DatabaseError(f"Kan geen verbinding maken met de databaseserver ({_safe(url)}). Controleer de server en de instellingen.")
    from toegang_app.logging_setup import safe_exception_text

    return DatabaseError(f"De database kan niet worden geopend ({_safe(url)}).", detail=safe_exception_text(exc))


def _safe(url: str) -> str:
    """The URL without a password, for messages and logs."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - best effort for a message
        return "?"


def _current_revision_fast(engine: Engine) -> str | None:
    """The stored revision with one plain query; None when there is no version table (yet)."""
    with engine.connect() as conn:
        if "alembic_version" not in inspect(conn).get_table_names():
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def schema_state(engine: Engine) -> SchemaState:
    try:
        if _current_revision_fast(engine) == SCHEMA_HEAD:
            return SchemaState(current=SCHEMA_HEAD, head=SCHEMA_HEAD, known=True)
    except SQLAlchemyError as exc:
        raise _db_error(exc, str(engine.url)) from exc
    from alembic.runtime.migration import MigrationContext

    script = _script()
    head = script.get_current_head()
    try:
        with engine.connect() as conn:
            current = MigrationContext.configure(conn).get_current_revision()
            if current is None and inspect(conn).get_table_names():
                tables = set(inspect(conn).get_table_names())
                if "gesprekken" not in tables:
                    raise DatabaseError("Deze database bevat al tabellen van een ander programma. Kies een lege database.")
    except SQLAlchemyError as exc:
        raise _db_error(exc, str(engine.url)) from exc
    known = current is None or _is_known(script, current)
    return SchemaState(current=current, head=head, known=known)


def _is_known(script: ScriptDirectory, rev: str) -> bool:
    try:
        return script.get_revision(rev) is not None
    except Exception:  # noqa: BLE001 - alembic raises several types for unknown revisions
        return False


def refuse_if_newer(state: SchemaState, url: str) -> None:
    if not state.known:
        raise DatabaseTooNew(
            f"Deze database is gemaakt door een nieuwere versie van Toegang (databaseversie {state.current}). "
            f"Deze versie ({toegang_app.__version__}) kan hem niet veilig openen. Er is niets aan de database "
            "veranderd. Installeer de nieuwste versie van Toegang of neem contact op met de functioneel beheerder."
        )


def backup_database(engine: Engine, dest: Path) -> Path:
    """A consistent copy of the database, also while the app is running."""
    url = str(engine.url.render_as_string(hide_password=False))
    if is_sqlite(url):
        src = sqlite_path(url)
        if src is None:
            raise DatabaseError("Een database in het geheugen kan niet worden gekopieerd.")
        if not src.exists():
            raise DatabaseError(f"Het databasebestand {src} bestaat niet.")
        try:
            sqlite_backup(src, dest, sqlcipher_key=sqlcipher_key_of(engine))
        except OSError as exc:
            raise DatabaseError(f"De reservekopie naar {dest} is mislukt: {os_reden(exc)}.") from exc
        except Exception as exc:  # sqlite3 errors
            raise _db_error(exc, url) from exc
        return dest
    pg_dump = shutil.which("pg_dump")
    if not pg_dump:
        raise DatabaseError(
            "Voor een reservekopie van een PostgreSQL-database is het programma pg_dump nodig. Installeer de "
            "PostgreSQL-clientprogramma's of maak de kopie op de server."
        )
    u = engine.url.set(drivername="postgresql")
    env = None
    if u.password:
        import os

        env = dict(os.environ, PGPASSWORD=u.password)
        u = u.set(password=None)
    dest.parent.mkdir(parents=True, exist_ok=True)
    res = subprocess.run(
        [pg_dump, "--format=custom", f"--file={dest}", u.render_as_string(hide_password=False)],
        capture_output=True, text=True, env=env, check=False,
    )
    if res.returncode != 0:
        log.error("pg_dump failed: %s", res.stderr)
        raise DatabaseError(f"De reservekopie met pg_dump is mislukt: {res.stderr.strip()[:300]}")
    return dest


def upgrade(engine: Engine) -> None:
    from alembic import command

    cfg = alembic_config()
    try:
        with write_engine(engine).begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
            _write_meta(conn)
    except SQLAlchemyError as exc:
        raise _db_error(exc, str(engine.url)) from exc


def _write_meta(conn) -> None:
    now = datetime.now().isoformat(timespec="seconds")
    for key, value in (("app_versie", toegang_app.__version__), ("gemigreerd_op", now)):
        updated = conn.execute(text("UPDATE toegang_meta SET waarde = :v WHERE sleutel = :k"), {"k": key, "v": value})
        if updated.rowcount == 0:
            conn.execute(text("INSERT INTO toegang_meta (sleutel, waarde) VALUES (:k, :v)"), {"k": key, "v": value})


def prepare_database(engine: Engine, backup_dir: Path) -> SchemaState:
    """Bring the database to our schema: create it when empty, back up and migrate when older,
    refuse it when newer. Returns the state before the change.

    A new SQLite file is created atomically first (``create_sqlite_file``), so a crash while the schema
    is made never leaves a 0-byte file behind (which would be refused on the next start)."""
    path = sqlite_path(str(engine.url)) if engine.dialect.name == "sqlite" else None
    if path is not None and not path.exists():
        try:
            create_sqlite_file(path, sqlcipher_key=sqlcipher_key_of(engine))
        except OSError as exc:
            raise DatabaseError(f"Het databasebestand {path} kan niet worden gemaakt: {os_reden(exc)}.") from exc
    state = schema_state(engine)
    refuse_if_newer(state, str(engine.url))
    if state.up_to_date:
        return state
    if not state.empty:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        suffix = ".sqlite" if engine.dialect.name == "sqlite" else ".dump"
        dest = backup_dir / f"toegang-voor-migratie-{state.current}-{stamp}{suffix}"
        backup_database(engine, dest)
        log.info("Backup before migrating %s -> %s written to %s", state.current, state.head, dest)
    upgrade(engine)
    return state

