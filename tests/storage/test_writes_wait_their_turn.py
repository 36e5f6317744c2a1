"""Writes that wait their turn (issue 19, item 5): on one SQLite file, 50 simultaneous imports and 10
simultaneous sign-ins all succeed; two workers saving one conversation at the same moment end in the
conflict error the editor turns into its dialog, never a raw lock error; a lock that outlasts the bounded
retry gives a Dutch message and the input stays on screen."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tests.factories import BEHEERDER, MEDEWERKER
from toegang_app.config import load_config
from toegang_app.errors import ConcurrentEdit
from toegang_app.services import gebruikers as gs
from toegang_app.services import gesprekken as svc
from toegang_app.services.context import open_context
from toegang_app.storage.engine import DatabaseBusy
from toegang_app.storage.models import AuditRegel, Gesprek

REPO = Path(__file__).resolve().parents[2]
CASE = json.loads((REPO / "packaging" / "voorbeeld-casus.json").read_text(encoding="utf-8"))
# with an onderbouwing: the import then also reads the stored conversation before it writes again
CASE["onderbouwing_maatwerk"] = {"eenzaamheid": "Voorliggend aanbod is besproken en past nu niet (test)."}


def _run_together(n: int, work) -> tuple[list, list[BaseException]]:
    """``work(i)`` in ``n`` threads released at the same instant; each opens its own engine."""
    barrier = threading.Barrier(n)
    results, errors = [None] * n, []
    lock = threading.Lock()

    def run(i):
        try:
            barrier.wait(timeout=60)
            results[i] = work(i)
        except BaseException as exc:  # noqa: BLE001 - collected and asserted below
            with lock:
                errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    return results, errors


def _own_context():
    c = open_context(load_config(), load=False)
    return c


def test_fifty_simultaneous_imports_all_succeed(ctx):
    def one_import(_i):
        c = _own_context()  # its own engine on the same file, like another process
        try:
            c.user = MEDEWERKER
            return svc.importeer_uitvraag(c, CASE)
        finally:
            c.close()

    ids, errors = _run_together(50, one_import)
    assert errors == []
    assert len(set(ids)) == 50
    with ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(Gesprek)) == 50


def test_ten_simultaneous_sign_ins_all_succeed(ctx):
    ctx.user = None
    gs.maak_gebruiker(ctx, "b.beheer", "Bea Beheer", "beheerder", wachtwoord="een lange zin als wachtwoord")
    ctx.user = BEHEERDER
    for n in range(10):
        gs.maak_gebruiker(ctx, f"mw{n}", f"Medewerker {n}", "medewerker", "haaksbergen",
                          wachtwoord=f"lange zin nummer {n} hier")

    def sign_in(i):
        c = _own_context()
        try:
            return gs.aanmelden(c, f"mw{i}", f"lange zin nummer {i} hier").gebruikersnaam
        finally:
            c.close()

    names, errors = _run_together(10, sign_in)
    assert errors == []
    assert sorted(names) == sorted(f"mw{n}" for n in range(10))
    with ctx.sessions() as s:
        assert s.scalar(select(func.count()).select_from(AuditRegel).where(AuditRegel.actie == "aangemeld")) == 10


@pytest.mark.parametrize("ronde", range(5))
def test_simultaneous_saves_of_one_conversation_end_in_the_conflict_error(ctx, ronde):
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.inwoner.kern, d.vraag = "Gerda Gelijktijdig (synthetisch)", "Haaksbergen", "eerste versie"
    stored = svc.bewaar_gesprek(ctx, d)

    opened = []  # both workers have the conversation open (the same version) before either saves
    for i in range(2):
        mine = svc.laad_gesprek(ctx, stored.gesprek_id, audit_view=False)
        mine.vraag = f"versie van werkplek {i}"
        opened.append(mine)

    def save(i):
        c = _own_context()
        try:
            c.user = MEDEWERKER
            return svc.bewaar_gesprek(c, opened[i], stored).versie
        finally:
            c.close()

    results, errors = _run_together(2, save)
    assert len(errors) == 1 and isinstance(errors[0], ConcurrentEdit), errors
    assert [r for r in results if r is not None] == [stored.versie + 1]


def test_a_lock_that_outlasts_the_retries_gives_a_dutch_message(ctx, monkeypatch):
    from toegang_app.storage import engine as eng

    monkeypatch.setattr(eng, "BUSY_TIMEOUT_MS", 50)
    monkeypatch.setattr(eng, "LOCK_BACKOFF", (0.01, 0.02))
    c = _own_context()
    blocker = sqlite3.connect(str(ctx.config.default_database_path), isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")  # another program holds the write lock and does not let go
        c.user = MEDEWERKER
        d = svc.nieuw_dossier(c)
        d.inwoner.naam, d.inwoner.kern = "Bert Bezet (synthetisch)", "Haaksbergen"
        with pytest.raises(DatabaseBusy) as err:
            svc.bewaar_gesprek(c, d)
        assert "De database is bezet" in err.value.message and "uw invoer staat nog op het scherm" in err.value.message
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
        c.close()
    c = _own_context()  # the lock is gone: the same save now works
    try:
        c.user = MEDEWERKER
        assert svc.bewaar_gesprek(c, d).gesprek_id
    finally:
        c.close()


def test_reading_never_waits_for_a_writer(ctx):
    """Reads start with a deferred BEGIN: a worker searching is not blocked by a colleague's long save."""
    ctx.user = MEDEWERKER
    blocker = sqlite3.connect(str(ctx.config.default_database_path), isolation_level=None)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        assert svc.aantal_inwoners(ctx) == 0
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()


def test_editor_keeps_the_input_when_the_database_stays_busy(qtbot, ctx, monkeypatch):
    from PySide6.QtCore import Qt

    from tests.factories import open_nieuw_gesprek
    from toegang_app.storage import engine as eng

    monkeypatch.setattr(eng, "LOCK_BACKOFF", (0.01, 0.02))
    monkeypatch.setattr(eng, "LOCK_ATTEMPTS", 2)
    ctx.user = MEDEWERKER
    ed = open_nieuw_gesprek(qtbot, ctx)
    qtbot.keyClicks(ed.f_naam, "Bettie Bezet (synthetisch)")
    ed.f_kern.setCurrentIndex(ed.f_kern.findData("Haaksbergen"))
    blocker = sqlite3.connect(str(ctx.config.default_database_path), isolation_level=None, timeout=0.1)
    try:
        blocker.execute("BEGIN IMMEDIATE")
        qtbot.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert "De database is bezet" in ed.melding.text()
        assert ed.f_naam.text() == "Bettie Bezet (synthetisch)" and ed.dirty
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    qtbot.keyClick(ed, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # the lock is gone: now it is stored
    assert ed.dossier.gesprek_id is not None
    ed.dirty = False


@pytest.mark.postgres
@pytest.mark.parametrize("ronde", range(3))
def test_simultaneous_saves_on_postgresql_end_in_the_conflict_error(pg_ctx, ronde):
    test_simultaneous_saves_of_one_conversation_end_in_the_conflict_error(pg_ctx, ronde)
