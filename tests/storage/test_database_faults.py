"""Database faults (issue 19, item 12): a 0-byte database file is refused (Dutch message, file untouched),
destroyed data is overwritten (secure_delete) also on a SQLite build where that is off by default, and a
PostgreSQL server that stops gives a clear Dutch message instead of a raw exception or "onverwachte fout"."""

from __future__ import annotations

import select as _select
import socket
import threading
from datetime import date

import pytest
from sqlalchemy.engine import make_url

from tests.factories import BEHEERDER, MEDEWERKER, maak_gesprek
from toegang_app.config import load_config
from toegang_app.errors import DatabaseError, UserError
from toegang_app.services import gesprekken as svc
from toegang_app.services.context import open_context

MARKER = "Hendrikje Vernietigbaar-Kwakernaat"


# -- 0-byte file ----------------------------------------------------------------------------------------

def test_zero_byte_database_is_not_silently_treated_as_new(data_dir, capsys):
    from toegang_app import cli

    data_dir.mkdir(parents=True)
    db = data_dir / "toegang.sqlite"
    db.write_bytes(b"")
    with pytest.raises(DatabaseError) as err:
        open_context(load_config(), load=False)
    assert "leeg (0 bytes)" in err.value.message and "niets aan het bestand veranderd" in err.value.message
    assert db.stat().st_size == 0
    assert cli.main(["init-db"]) == 3
    assert "leeg (0 bytes)" in capsys.readouterr().err
    assert db.stat().st_size == 0 and not (data_dir / "toegang.sqlite-wal").exists()


def test_new_database_file_is_created_whole(data_dir):
    """A new file appears with its header already written: a crash while the schema is made never leaves a
    0-byte file (which the next start would refuse)."""
    from toegang_app.storage.engine import create_sqlite_file

    data_dir.mkdir(parents=True)
    db = data_dir / "nieuw.sqlite"
    assert create_sqlite_file(db) is True
    assert db.stat().st_size > 0 and db.read_bytes()[:16] == b"SQLite format 3\x00"
    assert create_sqlite_file(db) is False  # someone else was first: theirs is kept
    assert list(data_dir.iterdir()) == [db]


# -- secure_delete --------------------------------------------------------------------------------------

@pytest.fixture
def sqlite_without_secure_delete(monkeypatch):
    """A SQLite build whose secure_delete is off by default (the SQLCipher build is such one; used here
    without a key, i.e. as plain SQLite)."""
    dbapi2 = pytest.importorskip("sqlcipher3.dbapi2")
    con = dbapi2.connect(":memory:")
    assert con.execute("PRAGMA secure_delete").fetchone()[0] == 0
    con.close()
    from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite

    monkeypatch.setattr(SQLiteDialect_pysqlite, "import_dbapi", classmethod(lambda cls: dbapi2))
    return dbapi2


def test_destroyed_resident_leaves_no_trace_in_the_file(data_dir, sqlite_without_secure_delete):
    from toegang_app.services import bewaren

    ctx = open_context(load_config(), load=False)
    try:
        with ctx.engine.connect() as c:
            assert c.exec_driver_sql("PRAGMA secure_delete").scalar() == 1
        ctx.user = BEHEERDER
        gid = maak_gesprek(ctx, naam=MARKER, aanmelding=date(2001, 1, 1), status="afgerond",
                           afgesloten_op=date(2001, 2, 1), vraag=f"Vrije tekst over {MARKER}")
        with ctx.engine.connect() as c:  # everything in the main file, as after a while of normal use
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        assert MARKER.encode() in (data_dir / "toegang.sqlite").read_bytes()
        assert bewaren.vernietig(ctx, [gid]).gesprekken == 1
        with ctx.engine.connect() as c:
            c.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        ctx.close()
    for f in data_dir.glob("toegang.sqlite*"):
        assert MARKER.encode() not in f.read_bytes(), f.name


# -- PostgreSQL that stops --------------------------------------------------------------------------------

class _Proxy:
    """A TCP relay to the test server; ``stop()`` is what the desk sees when the server is shut down."""

    def __init__(self, host: str, port: int):
        self.target = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.sockets: list[socket.socket] = []
        self.running = True
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while self.running:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.running:
                client.close()
                return
            upstream = socket.create_connection(self.target)
            self.sockets += [client, upstream]
            threading.Thread(target=self._pump, args=(client, upstream), daemon=True).start()

    def _pump(self, a, b):
        try:
            while self.running:
                ready, _, _ = _select.select([a, b], [], [], 0.2)
                for s in ready:
                    data = s.recv(65536)
                    if not data:
                        return
                    (b if s is a else a).sendall(data)
        except OSError:
            return
        finally:
            for s in (a, b):
                try:
                    s.close()
                except OSError:
                    pass

    def stop(self):
        self.running = False
        self.listener.close()
        for s in self.sockets:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


@pytest.mark.postgres
def test_postgresql_that_stops_gives_a_dutch_message(pg_url, data_dir, monkeypatch, capsys):
    from toegang_app import cli

    u = make_url(pg_url)
    proxy = _Proxy(u.host or "127.0.0.1", u.port or 5432)
    via_proxy = u.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    monkeypatch.setenv("TOEGANG_DATABASE_URL", via_proxy)
    ctx = open_context(load_config(), load=False)
    try:
        ctx.user = MEDEWERKER
        d = svc.nieuw_dossier(ctx)
        d.inwoner.naam, d.inwoner.kern = "Stijn Stilstand (synthetisch)", "Haaksbergen"
        stored = svc.bewaar_gesprek(ctx, d)
        proxy.stop()  # the server stops while the desk works
        for action in (lambda: svc.bewaar_gesprek(ctx, stored, stored), lambda: svc.aantal_inwoners(ctx),
                       lambda: svc.laad_gesprek(ctx, stored.gesprek_id)):
            with pytest.raises(UserError) as err:
                action()
            assert isinstance(err.value, DatabaseError)
            assert "niet bereikbaar" in err.value.message and "uw invoer staat nog op het scherm" in err.value.message
    finally:
        ctx.close()
    # the command line, with the server still down: one Dutch line and exit code 3, no "onverwacht"
    assert cli.main(["init-db"]) == 3
    err = capsys.readouterr().err
    assert "databaseserver" in err and "onverwacht" not in err and "Traceback" not in err
