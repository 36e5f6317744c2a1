"""Failure in the middle (issue 26): the PostgreSQL server stops while a desk works and comes back. The
worker's input stays in the draft, the save that fails gives the Dutch 'niet bereikbaar' message, and when
the server is back the same running app (the same engine, no restart) stores it; nothing is stored twice.

The test runs a PostgreSQL server of its own in a temporary folder (initdb), because it must stop it:
the shared test server keeps running for the other tests."""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import MEDEWERKER
from toegang_app.config import load_config
from toegang_app.services import concepten
from toegang_app.services import gesprekken as svc
from toegang_app.services.context import open_context
from toegang_app.storage.engine import DatabaseUnavailable
from toegang_app.storage.models import AuditRegel, Gesprek


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


class _Server:
    def __init__(self, bin_dir: Path, folder: Path, port: int):
        self.bin, self.folder, self.port = bin_dir, folder, port

    def _run(self, *args: str) -> None:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            cmd = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in cmd)]
        subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.folder / "data"), "-A", "trust", "-U", "postgres", "--no-sync")

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-o",
                  f"-k {self.folder} -c listen_addresses=127.0.0.1 -p {self.port} -c fsync=off",
                  "-l", str(self.folder / "log"), "-w", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")


@pytest.fixture
def own_server():
    bin_dir = _pg_bin()
    if bin_dir is None:
        if os.environ.get("TOEGANG_REQUIRE_PG") == "1":
            pytest.fail("TOEGANG_REQUIRE_PG=1 but no PostgreSQL server programs (initdb) are installed")
        pytest.skip("no PostgreSQL server programs (initdb) to start a server of our own")
    folder = Path(tempfile.mkdtemp(prefix="toegang-pg-herstart-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    server = _Server(bin_dir, folder, port)
    server.init()
    server.start()
    try:
        yield server, f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        try:
            server.stop()
        except subprocess.CalledProcessError:
            pass
        shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.postgres
def test_the_desk_carries_on_after_the_server_restarts_without_restarting_the_app(own_server, data_dir,
                                                                                   monkeypatch):
    server, url = own_server
    monkeypatch.setenv("TOEGANG_DATABASE_URL", url)
    ctx = open_context(load_config(), load=False)
    try:
        engine = ctx.engine
        ctx.user = MEDEWERKER
        d = svc.nieuw_dossier(ctx)
        d.inwoner.naam, d.inwoner.kern, d.vraag = "Herstel Herstart (synthetisch)", "Haaksbergen", "voor de storing"
        stored = svc.bewaar_gesprek(ctx, d)
        assert svc.zoek_inwoners(ctx, "herstart")  # the pool holds a live connection to the server

        mine = stored.kopie()
        mine.vraag = "getypt terwijl de server herstart"
        sleutel = concepten.nieuwe_sleutel(mine)
        concepten.bewaar_concept(ctx, sleutel, mine, stored)  # the editor writes the draft while typing

        server.stop()
        for action in (lambda: svc.bewaar_gesprek(ctx, mine, stored), lambda: svc.zoek_inwoners(ctx, "herstart")):
            with pytest.raises(DatabaseUnavailable) as err:
                action()
            assert "niet bereikbaar" in err.value.message
            assert "uw invoer staat nog op het scherm en in het concept" in err.value.message
        kept = concepten.open_concepten(ctx)
        assert [c.dossier.vraag for c in kept] == ["getypt terwijl de server herstart"]

        server.start()
        # the same app, the same engine: the stale pooled connections are replaced by themselves
        again = svc.bewaar_gesprek(ctx, kept[0].dossier, kept[0].basis)
        concepten.verwijder_concept(ctx, sleutel)
        assert ctx.engine is engine
        assert again.versie > stored.versie
        assert svc.laad_gesprek(ctx, stored.gesprek_id).vraag == "getypt terwijl de server herstart"
        assert [r.naam for r in svc.zoek_inwoners(ctx, "herstart")] == ["Herstel Herstart (synthetisch)"]
        with ctx.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Gesprek)) == 1
            assert s.scalar(select(func.count()).select_from(AuditRegel).where(
                AuditRegel.actie == "gewijzigd", AuditRegel.veld == "vraag")) == 1  # stored once, not twice
        assert concepten.open_concepten(ctx) == []

        # restarted while nobody was saving (over lunch): the first save afterwards simply works, although
        # the pooled connection died unnoticed
        server.stop()
        server.start()
        na = svc.laad_gesprek(ctx, stored.gesprek_id)
        na.vraag = "na de lunch"
        assert svc.bewaar_gesprek(ctx, na, na).vraag == "na de lunch"
        assert ctx.engine is engine
    finally:
        ctx.close()
