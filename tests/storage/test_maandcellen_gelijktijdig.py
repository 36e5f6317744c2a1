"""Two workstations on one PostgreSQL server move referrals between the same two monthly cells in opposite
directions at the same moment (issue 26: every workstation keeps its input, nothing lost, zero errors).

The triggers of migration 0014 subtract from the old cell and then add to the new one. Workstation 1 moves
a referral from 'gestart' to 'afgerond', workstation 2 another one from 'afgerond' to 'gestart' (same month,
desk and voorziening): with that order each holds the cell the other needs next, PostgreSQL breaks the
deadlock by aborting one save, and that worker got an error for an ordinary save. The interleaving is made
certain, not left to chance: a third connection holds both cells while the two saves start, and lets go only
when both are waiting for it, so that each save takes its first cell at the same instant."""

from __future__ import annotations

import logging
import threading
import time
from collections import Counter

import pytest
from sqlalchemy import select, text

from tests.factories import MEDEWERKER
from toegang_app.services import gesprekken as svc
from toegang_app.services import verwijzingen as vsvc
from toegang_app.storage import statistiek_tabellen as mt
from toegang_app.storage.models import AuditRegel, Verwijzing


def _hb_voorziening(ctx):
    from toegang_app.services.kaart import effectieve_kaart

    return next(v for v in effectieve_kaart(ctx) if v.actief and "haaksbergen" in v.gemeenten and v.trede == 2)


def _verwijzingen(ctx) -> tuple[list[int], list[int]]:
    """Two referrals 'gestart' and two 'afgerond', all in the same cells apart from their status."""
    ctx.user = MEDEWERKER
    d = svc.nieuw_dossier(ctx)
    d.inwoner.naam, d.vraag = "Cel Wissel (synthetisch)", "begin"
    gid = svc.bewaar_gesprek(ctx, d).gesprek_id
    vid = _hb_voorziening(ctx).id
    ids = [vsvc.maak_verwijzing(ctx, gid, vid, overdracht="zelf_melden", toestemming=False) for _ in range(4)]
    for rid in ids:
        vsvc.wijzig_status(ctx, rid, "gestart")
    for rid in ids[2:]:
        vsvc.wijzig_status(ctx, rid, "afgerond")
    return ids[:2], ids[2:]


def _geblokkeerd_door(ctx) -> dict[int, set[str]]:
    """For each workstation waiting for a lock: who it waits for ('werkplek-N', or 'houder' for the test's
    own connections)."""
    with ctx.engine.connect() as c:
        rows = c.execute(text(
            "SELECT w.application_name, b.application_name FROM pg_stat_activity w "
            "CROSS JOIN LATERAL unnest(pg_blocking_pids(w.pid)) AS bp(pid) "
            "JOIN pg_stat_activity b ON b.pid = bp.pid "
            "WHERE w.datname = current_database() AND w.application_name LIKE 'werkplek-%'")).all()
    uit: dict[int, set[str]] = {}
    for wie, door in rows:
        uit.setdefault(int(wie.split("-")[1]), set()).add(door)
    return uit


def _wacht_tot(ctx, voorwaarde, wat: str) -> None:
    eind = time.monotonic() + 30
    while not voorwaarde(_geblokkeerd_door(ctx)):
        assert time.monotonic() < eind, wat
        time.sleep(0.02)


def _werkplek(nr: int, rid: int, naar: str, klaar: threading.Event, uit: dict) -> None:
    """One workstation: its own context (engine, pool, session), the services only."""
    from toegang_app.config import load_config
    from toegang_app.errors import UserError
    from toegang_app.services.context import open_context

    ctx = open_context(load_config(), migrate=False, load=False)  # the schema the test made
    try:
        ctx.user = MEDEWERKER
        with ctx.engine.connect() as c:  # so that the test can see this workstation wait for a lock
            c.execute(text(f"SET application_name = 'werkplek-{nr}'"))
            c.commit()
        klaar.set()
        try:
            uit[nr] = ("opgeslagen", vsvc.wijzig_status(ctx, rid, naar).status)
        except UserError as exc:
            uit[nr] = (type(exc).__name__, exc.message)
        except Exception as exc:  # noqa: BLE001 - what the worker would get as 'onverwachte fout'
            uit[nr] = (type(exc).__name__, str(exc).splitlines()[0])
    finally:
        ctx.close()


def _houder(ctx, status: str):
    """A connection that holds the one 'status' cell of statistiek_verwijzingen (row lock)."""
    c = ctx.engine.connect()
    c.execute(text("SET application_name = 'houder'"))
    c.execute(select(mt.statistiek_verwijzingen.c.n).where(
        mt.statistiek_verwijzingen.c.status == status).with_for_update()).one()
    return c


def _tegelijk(ctx, rid1: int, rid2: int) -> dict:
    """Workstation 1 moves rid1 gestart -> afgerond, workstation 2 rid2 afgerond -> gestart.

    The test's connections hold the cells, so that the order in which the saves take them is certain:
    first both saves wait (each for the cell it takes first); then the 'gestart' cell is let go, so that
    workstation 1 takes it (when that is its first cell) and waits for the 'afgerond' cell, after
    workstation 2; then that one is let go too. With the old triggers workstation 1 then holds 'gestart'
    and waits for 'afgerond', which workstation 2 holds while it waits for 'gestart': a deadlock, every
    time. With cells taken in one order both saves wait for the same first cell, one after the other."""
    uit: dict = {}
    houder_g, houder_a = _houder(ctx, "gestart"), _houder(ctx, "afgerond")
    draden = []
    try:
        klaar = [threading.Event(), threading.Event()]
        draden = [threading.Thread(target=_werkplek, args=(1, rid1, "afgerond", klaar[0], uit)),
                  threading.Thread(target=_werkplek, args=(2, rid2, "gestart", klaar[1], uit))]
        for d, k in zip(draden, klaar):
            d.start()
            assert k.wait(30)
        _wacht_tot(ctx, lambda b: {1, 2} <= set(b), "the two saves did not both reach the monthly cells")
        houder_g.commit()
        # workstation 1 now waits only for the 'afgerond' cell (its holder or workstation 2, first in line)
        _wacht_tot(ctx, lambda b: 1 in b and 2 in b and b[1] and b[1] <= {"houder", "werkplek-2"},
                   "workstation 1 did not go on to the second cell")
        houder_a.commit()
    finally:
        houder_g.close()
        houder_a.close()
    for d in draden:
        d.join(60)
        assert not d.is_alive()
    return uit


def _audit_status(ctx) -> Counter:
    with ctx.engine.connect() as c:
        return Counter(c.execute(select(AuditRegel.object_id).where(
            AuditRegel.object_type == "verwijzing", AuditRegel.veld == "status")).scalars().all())


def _status(ctx, *ids: int) -> dict[int, str]:
    with ctx.engine.connect() as c:
        return dict(c.execute(select(Verwijzing.id, Verwijzing.status).where(Verwijzing.id.in_(ids))).all())


def gelijk_aan_herbouw(ctx) -> None:
    """The cells the triggers kept are what a rebuild from the rows gives."""
    with ctx.engine.connect() as c:
        voor = {t.name: sorted(c.execute(select(t)).all()) for t in mt.TABELLEN.values()}
    with ctx.engine.begin() as c:
        mt.herbouw(c)
    with ctx.engine.connect() as c:
        assert {t.name: sorted(c.execute(select(t)).all()) for t in mt.TABELLEN.values()} == voor


def _opnieuw(caplog) -> int:
    return sum("running it again" in r.getMessage() for r in caplog.records)


def _triggers_van_0014(ctx) -> None:
    """The database as migration 0016 left it: the monthly tables' triggers of 0014."""
    from alembic import command

    from toegang_app.storage.migrate import alembic_config

    cfg = alembic_config()
    with ctx.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0016")


@pytest.mark.postgres
def test_opposite_moves_between_two_monthly_cells_both_save_on_postgresql(pg_ctx, caplog):
    caplog.set_level(logging.INFO, logger="toegang_app.storage.engine")
    (g1, _g2), (a1, _a2) = _verwijzingen(pg_ctx)
    audit_voor = _audit_status(pg_ctx)

    uit = _tegelijk(pg_ctx, g1, a1)

    assert uit == {1: ("opgeslagen", "afgerond"), 2: ("opgeslagen", "gestart")}, uit
    assert _opnieuw(caplog) == 0, "the triggers take the cells in one order: no save was aborted and run again"
    assert _status(pg_ctx, g1, a1) == {g1: "afgerond", a1: "gestart"}
    assert _audit_status(pg_ctx) - audit_voor == Counter({str(g1): 1, str(a1): 1})  # one audit row per save
    with pg_ctx.engine.connect() as c:
        cellen = dict(c.execute(select(mt.statistiek_verwijzingen.c.status, mt.statistiek_verwijzingen.c.n)).all())
    assert cellen == {"gestart": 2, "afgerond": 2}
    gelijk_aan_herbouw(pg_ctx)


@pytest.mark.postgres
def test_with_the_0014_triggers_the_aborted_save_runs_again_and_both_are_saved(pg_ctx, caplog):
    """The same moves on the triggers of 0014 do deadlock (so the test above would see it): the save that
    PostgreSQL aborts runs again as a whole, and both workers get their save, each with one audit row."""
    caplog.set_level(logging.INFO, logger="toegang_app.storage.engine")
    _triggers_van_0014(pg_ctx)
    (g1, _g2), (a1, _a2) = _verwijzingen(pg_ctx)
    audit_voor = _audit_status(pg_ctx)

    uit = _tegelijk(pg_ctx, g1, a1)

    assert uit == {1: ("opgeslagen", "afgerond"), 2: ("opgeslagen", "gestart")}, uit
    assert _opnieuw(caplog) == 1, "one of the two saves was aborted (deadlock) and ran again"
    assert _status(pg_ctx, g1, a1) == {g1: "afgerond", a1: "gestart"}
    assert _audit_status(pg_ctx) - audit_voor == Counter({str(g1): 1, str(a1): 1})
    gelijk_aan_herbouw(pg_ctx)


@pytest.mark.postgres
def test_a_save_still_aborted_after_the_last_attempt_says_nothing_was_saved(pg_ctx, monkeypatch):
    """When the aborted save has no attempt left, the worker reads in Dutch that nothing was saved and that
    the input is kept, never 'onverwachte fout'; the other save went through; nothing half-written."""
    from toegang_app.storage import engine

    _triggers_van_0014(pg_ctx)
    monkeypatch.setattr(engine, "CONFLICT_ATTEMPTS", 1)
    (g1, _g2), (a1, _a2) = _verwijzingen(pg_ctx)
    audit_voor = _audit_status(pg_ctx)

    uit = _tegelijk(pg_ctx, g1, a1)

    fout = [nr for nr, (wat, _m) in uit.items() if wat != "opgeslagen"]
    assert len(fout) == 1, uit
    assert uit[fout[0]] == ("DatabaseConflict", engine.CONFLICT_MESSAGE)
    assert "Er is niets opgeslagen; uw invoer staat nog op het scherm" in engine.CONFLICT_MESSAGE
    gelukt, mislukt = (a1, g1) if fout[0] == 1 else (g1, a1)
    assert _status(pg_ctx, g1, a1) == {gelukt: "afgerond" if gelukt == g1 else "gestart",
                                       mislukt: "gestart" if mislukt == g1 else "afgerond"}  # unchanged
    assert _audit_status(pg_ctx) - audit_voor == Counter({str(gelukt): 1})
    gelijk_aan_herbouw(pg_ctx)
