"""Engine factory for SQLite (embedded default) and PostgreSQL (several workstations)."""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

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


def _sqlite_connect(dbapi_connection, _record):
    # SQLAlchemy's recipe for real transactions with the sqlite3 driver: let us emit BEGIN.
    dbapi_connection.isolation_level = None
    cur = dbapi_connection.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=5000")
    mode = cur.execute("PRAGMA journal_mode=WAL").fetchone()
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()
    if mode and str(mode[0]).lower() != "wal":
        log.warning("SQLite journal_mode is %s, not WAL", mode[0])


def _sqlite_begin(conn):
    conn.exec_driver_sql("BEGIN")


def make_engine(url: str, *, check_share: bool = True) -> Engine:
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
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseError(f"De map voor de database ({path.parent}) kan niet worden gemaakt: {exc}.") from exc
        engine = create_engine(url, connect_args={"timeout": 5})
        event.listen(engine, "connect", _sqlite_connect)
        event.listen(engine, "begin", _sqlite_begin)
        return engine
    if backend == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        try:
            return create_engine(parsed, pool_pre_ping=True)
        except ModuleNotFoundError as exc:
            raise ConfigError("Voor PostgreSQL is het pakket 'psycopg' nodig (pip install 'toegang[postgres]').") from exc
    raise ConfigError(f"Databasetype '{backend}' wordt niet ondersteund. Gebruik SQLite of PostgreSQL.")


def make_session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def sqlite_backup(src: Path, dest: Path) -> None:
    """A consistent copy of a live SQLite database (online backup API, safe while others write)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(dest.name + ".part")
    source = sqlite3.connect(f"file:{src.as_posix()}?mode=ro", uri=True, timeout=10)
    try:
        target = sqlite3.connect(tmp)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    os.replace(tmp, dest)
