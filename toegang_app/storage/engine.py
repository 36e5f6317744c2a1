"""Engine factory for SQLite (embedded default) and PostgreSQL (several workstations)."""

from __future__ import annotations

import logging
import os
import random
import sqlite3
import time
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from toegang_app.errors import ConfigError, DatabaseError

log = logging.getLogger(__name__)

NETWORK_SHARE_MESSAGE = (
    "De database staat op een netwerkschijf ({path}). SQLite werkt daar niet betrouwbaar: "
    "gegevens kunnen beschadigd raken als twee werkplekken tegelijk schrijven. "
    "Zet de database op de eigen computer, of laat de beheerder een PostgreSQL-server instellen "
    "en wijs Toegang daarheen met TOEGANG_DATABASE_URL of 'database_url' in het instellingenbestand "
    "(zie README, 'Meerdere werkplekken')."
)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    u = make_url(url)
    if u.get_backend_name() != "sqlite" or not u.database or u.database == ":memory:":
        return None
    return Path(u.database)


def on_network_share(path: Path) -> bool:
    """True when ``path`` lies on a network file system (UNC path, mapped drive, NFS/SMB mount)."""
    p = str(path)
    if p.startswith("\\\\") or p.startswith("//"):
        return True
    if os.name == "nt":  # pragma: no cover - Windows only
        import ctypes

        drive = os.path.splitdrive(os.path.abspath(p))[0] + "\\"
        DRIVE_REMOTE = 4
        return ctypes.windll.kernel32.GetDriveTypeW(drive) == DRIVE_REMOTE
    try:
        mounts = Path("/proc/mounts").read_text().splitlines()
    except OSError:
        return False
    target = os.path.abspath(p)
    best, best_fs = "", ""
    for line in mounts:
        parts = line.split()
        if len(parts) < 3:
            continue
        mnt, fs = parts[1], parts[2]
        if (target == mnt or target.startswith(mnt.rstrip("/") + "/")) and len(mnt) > len(best):
            best, best_fs = mnt, fs
    return best_fs in {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "fuse.sshfs", "afs"}


# -- SQLite: transactions that wait their turn ---------------------------------------------------------
#
# SQLAlchemy's documented pysqlite recipe: the driver's own transaction handling is switched off
# (``isolation_level = None``) and the engine emits BEGIN itself. A read transaction starts with a
# plain (deferred) BEGIN, so readers never wait for a writer under WAL. A write transaction
# (``sessions.begin()``, see ``Sessions``, or an engine made with ``write_engine``) starts with
# ``BEGIN IMMEDIATE``: it takes the write lock up front, waiting for it (SQLite's busy timeout, then a
# bounded retry with backoff) instead of failing halfway with "database is locked" when it upgrades a
# read lock. Two workers saving one conversation therefore run one after the other, and the second
# sees the first one's version number: the conflict dialog, never a lock error.

WRITE_OPTION = "toegang_write"
BUSY_TIMEOUT_MS = 2000          # SQLite waits this long for the lock on each attempt ...
LOCK_ATTEMPTS = 6               # ... this many times, with a pause between attempts:
LOCK_BACKOFF = (0.05, 0.1, 0.2, 0.4, 0.8)  # seconds (plus jitter); about 13 s in all at most

BUSY_MESSAGE = (
    "De database is bezet: een andere werkplek of een ander venster van Toegang is aan het opslaan, en "
    "dat duurde te lang. Er is niets opgeslagen; uw invoer staat nog op het scherm en in het concept. "
    "Probeer het over een paar seconden opnieuw."
)
CONFLICT_MESSAGE = (
    "Een andere werkplek sloeg op hetzelfde moment gegevens op die hiermee samenhangen, en de database kon "
    "niet beide tegelijk verwerken. Er is niets opgeslagen; uw invoer staat nog op het scherm en in het "
    "concept. Probeer het opnieuw."
)
UNAVAILABLE_MESSAGE = (
    "De databaseserver ({server}) is niet bereikbaar: hij is gestopt, wordt herstart of het netwerk is weg. "
    "Er is niets opgeslagen; uw invoer staat nog op het scherm en in het concept. Probeer het zo opnieuw; "
    "blijft dit zo, bel dan de functioneel beheerder."
)
EMPTY_FILE_MESSAGE = (
    "Het databasebestand {path} is leeg (0 bytes). Toegang begint daar niet zomaar een nieuwe database in, "
    "want dan zouden gegevens die er hadden moeten staan ongemerkt ontbreken. Er is niets aan het bestand "
    "veranderd. Zet een reservekopie terug (de map backups/ in de datamap, of uw eigen kopie), of verwijder "
    "het lege bestand als u bewust met een nieuwe, lege database wilt beginnen."
)


class DatabaseBusy(DatabaseError):
    """The write lock stayed taken through every retry (SQLite)."""


class DatabaseConflict(DatabaseError):
    """PostgreSQL aborted the transaction to let a concurrent one go on (deadlock_detected 40P01,
    serialization_failure 40001): nothing of it was written, the whole unit of work can run again."""


# SQLSTATEs after which the transaction was rolled back as a whole and a new attempt may succeed
CONFLICT_STATES = frozenset({"40P01", "40001"})
CONFLICT_ATTEMPTS = 3                # a unit of work runs at most this many times (herhaal_bij_conflict) ...
CONFLICT_BACKOFF = (0.05, 0.2)       # ... with these pauses (plus jitter) in between


def herhaal_bij_conflict(fn):
    """Run a whole service write again when PostgreSQL aborted it for a concurrent one (DatabaseConflict).

    Only for a function that opens and commits its own transaction and has no effect outside it (its
    audit rows are in the same transaction, so an aborted attempt leaves none): every attempt starts from
    nothing, never from half a write. After the last attempt the Dutch CONFLICT_MESSAGE reaches the user."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        for attempt in range(CONFLICT_ATTEMPTS):
            try:
                return fn(*args, **kwargs)
            except DatabaseConflict:
                if attempt == CONFLICT_ATTEMPTS - 1:
                    raise
                log.info("Write aborted for a concurrent one (attempt %d of %d); running it again",
                         attempt + 1, CONFLICT_ATTEMPTS)
                pause = CONFLICT_BACKOFF[min(attempt, len(CONFLICT_BACKOFF) - 1)]
                time.sleep(pause + random.uniform(0, pause))
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


class DatabaseUnavailable(DatabaseError):
    """The database server cannot be reached (PostgreSQL stopped, network gone)."""


def _is_locked(exc: BaseException) -> bool:
    msg = str(exc).lower()
    return "database is locked" in msg or "database is busy" in msg or "database table is locked" in msg


def _sqlite_connect_with(key: str | None):
    def connect(dbapi_connection, _record):
        # SQLAlchemy's recipe for real transactions with the sqlite3 driver: let us emit BEGIN.
        dbapi_connection.isolation_level = None
        cur = dbapi_connection.cursor()
        if key is not None:  # SQLCipher: the raw 256-bit key, before anything else touches the file
            cur.execute(f"PRAGMA key = \"x'{key}'\"")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        # destroyed data is overwritten with zeros, also on a SQLite build where this is off by default
        cur.execute("PRAGMA secure_delete=ON")
        mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.close()
        if mode and str(mode[0]).lower() != "wal":
            log.warning("SQLite journal_mode is %s, not WAL", mode[0])
    return connect


def _sqlite_begin(conn) -> None:
    if not conn.get_execution_options().get(WRITE_OPTION):
        conn.exec_driver_sql("BEGIN")
        return
    dbapi = conn.connection.dbapi_connection
    for attempt in range(LOCK_ATTEMPTS):
        try:
            dbapi.execute("BEGIN IMMEDIATE")
            return
        except Exception as exc:  # sqlite3 / sqlcipher3 OperationalError
            if not _is_locked(exc):
                raise
            if attempt == LOCK_ATTEMPTS - 1:
                log.warning("Write lock not obtained after %d attempts", LOCK_ATTEMPTS)
                raise DatabaseBusy(BUSY_MESSAGE) from None
            pause = LOCK_BACKOFF[min(attempt, len(LOCK_BACKOFF) - 1)]
            time.sleep(pause + random.uniform(0, pause))


def _translate_errors(context) -> None:
    """``handle_error``: a lock that outlived the retries, a transaction PostgreSQL aborted for a concurrent
    one (deadlock, serialization failure), or a database server that cannot be reached,
    becomes a Dutch DatabaseError for every caller (editor, jobs, command line) instead of a raw driver
    error or "onverwachte fout". A failed pre-ping is left alone, so the pool can reconnect."""
    if getattr(context, "is_pre_ping", False):
        return
    orig = context.original_exception
    dialect = context.dialect.name if context.dialect is not None else ""
    if dialect == "sqlite" and _is_locked(orig):
        raise DatabaseBusy(BUSY_MESSAGE, detail=type(orig).__name__) from orig
    if dialect == "postgresql":
        state = getattr(orig, "sqlstate", None)
        if state in CONFLICT_STATES:
            raise DatabaseConflict(CONFLICT_MESSAGE, detail=f"{type(orig).__name__} {state}") from orig
        is_op = type(orig).__name__ == "OperationalError" or "Connection" in type(orig).__name__
        if context.is_disconnect or (is_op and state is None) or (state or "").startswith("08") \
                or state in {"57P01", "57P02", "57P03"}:
            engine = context.engine
            server = "?"
            if engine is not None:
                u = engine.url
                server = f"{u.host or 'localhost'}:{u.port or 5432}/{u.database or ''}"
            raise DatabaseUnavailable(UNAVAILABLE_MESSAGE.format(server=server),
                                      detail=f"{type(orig).__name__} {state or ''}".strip()) from orig


def write_engine(engine: Engine) -> Engine:
    """The same engine (same pool) whose transactions are write transactions (BEGIN IMMEDIATE on SQLite)."""
    return engine.execution_options(**{WRITE_OPTION: True})


def refuse_empty_file(path: Path) -> None:
    try:
        empty = path.stat().st_size == 0
    except OSError:
        return
    if empty:
        raise DatabaseError(EMPTY_FILE_MESSAGE.format(path=path))


def secure_sqlite_files(path: Path) -> None:
    """The database and its -wal/-shm for the user only (SQLite gives new -wal/-shm the mode of the database)."""
    from toegang_app.private_files import secure_file

    for p in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
              path.with_name(path.name + "-journal")):
        try:
            secure_file(p)
        except OSError:
            pass


def sqlcipher_module():
    """The SQLCipher driver (``sqlcipher3``), or a Dutch ConfigError when it is not installed."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError as exc:
        raise ConfigError("Versleuteling van de database staat aan, maar het pakket 'sqlcipher3' is niet "
                          "geïnstalleerd (pip install 'toegang[sqlcipher]'). Zet 'database_versleutelen' uit "
                          "of installeer het pakket.") from exc
    return dbapi2


def create_sqlite_file(path: Path, *, sqlcipher_key: str | None = None) -> bool:
    """Create a new, empty SQLite database at ``path`` atomically: it is made under a temporary name
    (header written, WAL mode on) and linked into place, so the real name never holds a 0-byte file
    that a crash could leave behind. Returns False when another process created it first."""
    from toegang_app.private_files import FILE_MODE

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{random.randrange(1 << 30):x}.nieuw")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    os.close(fd)
    try:
        module = sqlcipher_module() if sqlcipher_key is not None else sqlite3
        con = module.connect(str(tmp))
        try:
            if sqlcipher_key is not None:
                con.execute(f"PRAGMA key = \"x'{sqlcipher_key}'\"")
            con.execute("PRAGMA journal_mode=WAL").fetchone()
            con.execute("CREATE TABLE toegang_nieuw (x INTEGER)")
            con.execute("DROP TABLE toegang_nieuw")
            con.commit()
        finally:
            con.close()
        for suffix in ("-wal", "-shm"):
            tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)
        try:
            os.link(tmp, path)
            return True
        except FileExistsError:
            return False
        except OSError:  # no hard links on this file system: rename, unless someone was first
            if path.exists():
                return False
            os.replace(tmp, path)
            return True
    finally:
        tmp.unlink(missing_ok=True)


def sqlcipher_key_of(engine: Engine) -> str | None:
    return getattr(engine, "toegang_sqlcipher_key", None)


def make_engine(url: str, *, check_share: bool = True, sqlcipher_key: str | None = None) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise ConfigError(f"De database-URL '{url}' is ongeldig. Voorbeeld: postgresql+psycopg://gebruiker@server/toegang.") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        path = sqlite_path(url)
        if path is not None:
            if check_share and on_network_share(path):
                raise DatabaseError(NETWORK_SHARE_MESSAGE.format(path=path))
            refuse_empty_file(path)
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"De map voor de database ({path.parent}) kan niet worden gemaakt: {exc}.") from exc
            secure_sqlite_files(path)
        kw = {"module": sqlcipher_module()} if sqlcipher_key is not None else {}
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}, hide_parameters=True, **kw)
        event.listen(engine, "connect", _sqlite_connect_with(sqlcipher_key))
        event.listen(engine, "begin", _sqlite_begin)
        event.listen(engine, "handle_error", _translate_errors)
        engine.toegang_sqlcipher_key = sqlcipher_key  # type: ignore[attr-defined]  # for backups, new files
        return engine
    if sqlcipher_key is not None:
        raise ConfigError("Versleuteling met SQLCipher is alleen voor een SQLite-bestand. Zet "
                          "'database_versleutelen' uit voor PostgreSQL (versleutel daar de server of de schijf).")
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            engine = create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
        except ModuleNotFoundError as exc:
            raise ConfigError("Voor PostgreSQL is het pakket 'psycopg' nodig (pip install 'toegang[postgres]').") from exc
        event.listen(engine, "handle_error", _translate_errors)
        return engine
    raise ConfigError(f"Databasetype '{backend}' wordt niet ondersteund. Gebruik SQLite of PostgreSQL.")


def make_session_factory(engine: Engine):
    """The ORM's session factory (``storage.sessies.Sessions``): importing it imports the ORM and the
    models, which the start does without until the start screen is filled (issue 26)."""
    from toegang_app.storage import guards
    from toegang_app.storage.sessies import Sessions

    factory = Sessions(engine, expire_on_commit=False)
    guards.install(factory)
    return factory


def sqlite_backup(src: Path, dest: Path, *, sqlcipher_key: str | None = None) -> None:
    """A consistent copy of a live SQLite database (online backup API, safe while others write). The copy
    is for the user only (0600) and, for a SQLCipher database, encrypted with the same key."""
    from toegang_app.private_files import FILE_MODE, secure_file

    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    module = sqlcipher_module() if sqlcipher_key is not None else sqlite3
    try:
        if sqlcipher_key is not None:
            source = module.connect(str(src), timeout=10)
            source.execute(f"PRAGMA key = \"x'{sqlcipher_key}'\"")
        else:
            source = module.connect(f"file:{src.as_posix()}?mode=ro", uri=True, timeout=10)
        try:
            target = module.connect(str(tmp))
            try:
                if sqlcipher_key is not None:
                    target.execute(f"PRAGMA key = \"x'{sqlcipher_key}'\"")
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
        secure_file(tmp)
        os.replace(tmp, dest)
    finally:
        tmp.unlink(missing_ok=True)


def reset_sequences(engine: Engine) -> list[str]:
    """PostgreSQL: move every table's id sequence past the highest id in use. Rows inserted with explicit
    ids (the demo data, a restored copy) leave the sequences behind, and the next ordinary insert would
    then fail with a unique violation. Returns the sequences that were moved; no-op on SQLite, whose
    rowids (and AUTOINCREMENT counters) follow explicit ids by themselves."""
    if engine.dialect.name != "postgresql":
        return []
    from sqlalchemy import Integer, text

    from toegang_app.storage.models import Base

    moved: list[str] = []
    with write_engine(engine).begin() as conn:
        for table in Base.metadata.sorted_tables:
            pk = list(table.primary_key.columns)
            if len(pk) != 1 or not isinstance(pk[0].type, Integer):
                continue
            col = pk[0].name
            seq = conn.execute(text("SELECT pg_get_serial_sequence(:t, :c)"), {"t": table.name, "c": col}).scalar()
            if not seq:
                continue
            conn.execute(text(f'SELECT setval(:s, COALESCE((SELECT MAX("{col}") FROM "{table.name}"), 0) + 1, false)'),
                         {"s": seq})
            moved.append(seq)
    return moved


# -- optional SQLCipher encryption of the SQLite file -----------------------------------------------------

SQLITE_HEADER = b"SQLite format 3\x00"


def is_plain_sqlite(path: Path) -> bool:
    """True for an unencrypted SQLite file (SQLCipher files start with random salt, not this header)."""
    try:
        with open(path, "rb") as fh:
            return fh.read(16) == SQLITE_HEADER
    except OSError:
        return False


def engine_for_config(cfg) -> Engine:
    """The engine for the configured database; with ``database_versleutelen`` the SQLite file is opened
    (or created) with SQLCipher and its key from the credential store."""
    url = cfg.database_url
    if not cfg.get("database_versleutelen"):
        return make_engine(url)
    path = sqlite_path(url)
    if path is None:
        raise ConfigError("'database_versleutelen' is alleen voor het SQLite-bestand van één werkplek. Voor "
                          "PostgreSQL: versleutel de server of zijn schijf, en gebruik een versleutelde verbinding.")
    refuse_empty_file(path)
    exists = path.exists()
    if exists and is_plain_sqlite(path):
        raise ConfigError(
            f"Versleuteling staat aan ('database_versleutelen'), maar de database {path} is nog niet versleuteld. "
            "Versleutel hem eenmalig met 'toegang-admin database-versleutelen' (sluit eerst Toegang), of zet de "
            "instelling uit.")
    from toegang_app.keystore import database_key

    sqlcipher_module()  # a clear message when the driver is missing, before a key is made
    return make_engine(url, sqlcipher_key=database_key(path, create=not exists))


def encrypt_sqlite_file(path: Path, key: str) -> None:
    """Rewrite the unencrypted SQLite file ``path`` as a SQLCipher file with ``key`` (sqlcipher_export),
    verified before it replaces the original. Other programs must have closed the database."""
    from toegang_app.private_files import FILE_MODE

    module = sqlcipher_module()
    tmp = path.with_name(f".{path.name}.versleuteld.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    try:
        con = module.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        guard = module.connect(str(path), isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            guard.execute("BEGIN IMMEDIATE")  # nobody writes while the copy is made and put in place
            con.execute(f"ATTACH DATABASE ? AS versleuteld KEY \"x'{key}'\"", (str(tmp),))
            con.execute("SELECT sqlcipher_export('versleuteld')")
            con.execute("DETACH DATABASE versleuteld")
            check = module.connect(str(tmp))
            try:
                check.execute(f"PRAGMA key = \"x'{key}'\"")
                if check.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise DatabaseError("De versleutelde kopie is niet in orde; er is niets veranderd.")
                n_old = con.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
                if check.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] != n_old:
                    raise DatabaseError("De versleutelde kopie is niet volledig; er is niets veranderd.")
                check.execute("PRAGMA journal_mode=WAL")
            finally:
                check.close()
            os.replace(tmp, path)
        finally:
            con.close()
            if guard.in_transaction:
                guard.execute("ROLLBACK")
            guard.close()
        for suffix in ("-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
    finally:
        tmp.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            tmp.with_name(tmp.name + suffix).unlink(missing_ok=True)
