"""Nothing lost under load (issue 26): several workstation processes hammer saves on one database, some
on a conversation they all edit at once. Every save a workstation was told succeeded (it got the new
version back) is in the database with exactly one audit row; every refused save was refused with the
conflict dialog's message; "database is locked" never reaches a workstation, also while another
program holds SQLite's write lock for a while."""

from __future__ import annotations

import multiprocessing as mp
import os
import sqlite3
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import func, select

from tests.factories import MEDEWERKER
from toegang_app.storage.models import AuditRegel, Gesprek

PROCESSES = 4
SAVES = 12
CONFLICT_TEXT = "heeft dit gesprek intussen opgeslagen"


def _workstation(nr: int, own_id: int, shared_id: int, ready, go, out) -> None:
    """One workstation process: its own engine, the services only."""
    from toegang_app.config import load_config
    from toegang_app.errors import ConcurrentEdit, UserError
    from toegang_app.services import gesprekken as svc
    from toegang_app.services.auth import CurrentUser
    from toegang_app.services.context import open_context

    res = {"acks": [], "conflicts": [], "errors": []}
    ctx = open_context(load_config(), load=False)
    ctx.user = CurrentUser(id=None, gebruikersnaam=f"werkplek-{nr}", naam=f"Werkplek {nr}", rol="medewerker",
                           team="haaksbergen")
    ready.put(nr)
    go.wait(120)  # all workstations start at the same instant
    try:
        for k in range(SAVES):
            gid = shared_id if k % 2 else own_id
            try:
                basis = svc.laad_gesprek(ctx, gid, audit_view=False)
                mine = basis.kopie()
                mine.vraag = f"werkplek {nr} wijziging {k}"
                time.sleep(0.05)  # typing
                for _attempt in range(10):
                    try:
                        stored = svc.bewaar_gesprek(ctx, mine, basis)
                    except ConcurrentEdit as exc:  # the conflict dialog: 'Samenvoegen'
                        res["conflicts"].append(exc.message)
                        mine, _ = svc.samenvoegen(basis, mine, exc.hun)
                        basis = exc.hun
                        continue
                    res["acks"].append((gid, stored.versie, mine.vraag, ctx.user.gebruikersnaam))
                    break
            except UserError as exc:
                res["errors"].append(f"{type(exc).__name__}: {exc.message}")
            except Exception as exc:  # noqa: BLE001 - a raw error is exactly what must not happen
                res["errors"].append(f"{type(exc).__name__}: {exc}")
    finally:
        ctx.close()
        out.put(res)


def _conversation(ctx, naam: str) -> int:
    from toegang_app.services import gesprekken as svc

    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.inwoner.kern, d.vraag = f"{naam} (synthetisch)", "Haaksbergen", "begin"
    return svc.bewaar_gesprek(ctx, d).gesprek_id


def _hammer(ctx, lock_holder=None) -> tuple[list, list, list]:
    own = [_conversation(ctx, f"Eigen Werkplek{i}") for i in range(PROCESSES)]
    shared = _conversation(ctx, "Gedeeld Gesprek")
    spawn = mp.get_context("spawn")
    q, ready, go = spawn.Queue(), spawn.Queue(), spawn.Event()
    procs = [spawn.Process(target=_workstation, args=(i, own[i], shared, ready, go, q)) for i in range(PROCESSES)]
    for p in procs:
        p.start()
    for _p in procs:
        ready.get(timeout=120)
    go.set()
    stop = threading.Event()
    holder = threading.Thread(target=lock_holder, args=(stop,)) if lock_holder else None
    if holder:
        holder.start()
    results = [q.get(timeout=240) for _ in procs]
    stop.set()
    if holder:
        holder.join()
    for p in procs:
        p.join(timeout=30)
    acks = [a for r in results for a in r["acks"]]
    conflicts = [c for r in results for c in r["conflicts"]]
    errors = [e for r in results for e in r["errors"]]
    return acks, conflicts, errors


def _check_nothing_lost(ctx, acks, conflicts, errors) -> None:
    assert errors == [], errors
    assert not any("locked" in e.lower() for e in errors)
    assert len(acks) == PROCESSES * SAVES  # every save ended acknowledged (after merging where refused)
    assert conflicts, "the shared conversation was saved by four workstations at once: some must be refused"
    assert all(CONFLICT_TEXT in c for c in conflicts), conflicts
    versions = Counter((gid, v) for gid, v, _t, _u in acks)
    assert max(versions.values()) == 1, "one version acknowledged to two workstations: a save was overwritten"
    last: dict[int, tuple[int, str]] = {}
    for gid, versie, tekst, _u in acks:
        if gid not in last or versie > last[gid][0]:
            last[gid] = (versie, tekst)
    with ctx.sessions() as s:
        for gid, (versie, tekst) in last.items():
            g = s.get(Gesprek, gid)
            assert (g.vraag, g.versie) == (tekst, versie)
        audit = Counter(s.execute(select(AuditRegel.gebruiker, AuditRegel.object_id).where(
            AuditRegel.actie == "gewijzigd", AuditRegel.object_type == "gesprek", AuditRegel.veld == "vraag",
            AuditRegel.gebruiker.like("werkplek-%"))).all())
        assert audit == Counter((u, str(gid)) for gid, _v, _t, u in acks)  # one audit row per change
        assert s.scalar(select(func.count()).select_from(AuditRegel).where(
            AuditRegel.gebruiker.like("werkplek-%"), AuditRegel.actie == "gewijzigd")) == len(acks)


def test_workstations_hammering_one_sqlite_file_lose_nothing_and_never_see_a_lock_error(ctx):
    db_path = ctx.engine.url.database

    def hold_the_write_lock(stop):
        """Another program (a backup, a second Toegang window) takes the write lock for 0.4 s, often."""
        con = sqlite3.connect(db_path, timeout=30, isolation_level=None)
        try:
            while not stop.is_set():
                con.execute("BEGIN IMMEDIATE")
                time.sleep(0.4)
                con.execute("COMMIT")
                time.sleep(0.3)
        finally:
            con.close()

    acks, conflicts, errors = _hammer(ctx, hold_the_write_lock)
    _check_nothing_lost(ctx, acks, conflicts, errors)


@pytest.mark.postgres
def test_workstations_hammering_postgresql_lose_nothing_and_conflicts_are_refused(pg_ctx):
    acks, conflicts, errors = _hammer(pg_ctx)
    _check_nothing_lost(pg_ctx, acks, conflicts, errors)
    assert os.environ["TOEGANG_DATABASE_URL"].startswith("postgresql")
