"""Load run (issue 26): N simulated workstations, each a separate process, against one PostgreSQL server.

    .venv/bin/python benchmarks/load.py                       # N = 1 5 10 20 50 and SQLite 1 / 5, 60 s each
    .venv/bin/python benchmarks/load.py --n 20 --duur 60      # one N
    .venv/bin/python benchmarks/load.py --storing             # with the server stopped and started mid-run
    .venv/bin/python benchmarks/load.py --explain             # EXPLAIN (ANALYZE, BUFFERS) of the key queries
    .venv/bin/python benchmarks/load.py --url postgresql+psycopg://user@host/db   # a server of your own

Without ``--url`` the script runs its own PostgreSQL 15 on 127.0.0.1 (initdb into benchmarks/cache/pg-load,
kept between runs, like .ci/run does; ``shared_preload_libraries = pg_stat_statements``) and fills a
database with ``toegang-admin demo-data`` at full size (100 000 residents, 1 000 000 referrals, seed 7,
the size of benchmarks/bench.py); the filled database is kept as the template ``toegang_load_<size>_sjabloon``
and every run works on a fresh copy of it. The SQLite runs use bench.py's cached database file (a copy).

Every workstation uses the app's services (toegang_app/services), never its own SQL, in a desk's mix with
random think time (about one action per ``--tempo`` seconds): search as you type (one search per
keystroke), open a conversation (with its referrals and terms, as the editor does), edit and save with a
draft (services.concepten) -- some of the time on a conversation that other workstations edit at the same
moment, to provoke the conflict dialog -- refer, change a referral status, close a term step, open the
werkvoorraad; workstation 1 is also the team lead and computes the statistics now and then.

Per operation it reports the median, p95 and p99 of the client-side latency (time around the service
call) and of the database time (time spent inside the driver's execute calls during that service call,
measured in the workstation's process with SQLAlchemy's cursor events: the server's work plus the round
trips). On the script's own server pg_stat_statements adds the server's own view (top statements).

Afterwards it checks the database: every acknowledged save is stored (the last acknowledged text of every
conversation is what the database holds, no version acknowledged twice), every conflicting save was refused
with the conflict dialog's message and its input kept in the draft, the audit trail has one row per change
(per acknowledged save, status change and closed step), every acknowledged referral exists; 'database is
locked' never reaches a workstation. Results go to docs/performance.md between the load markers.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
CACHE = ROOT / "benchmarks" / "cache"
PG_BIN = Path("/usr/lib/postgresql/15/bin")
PY = sys.executable
FULL = (100_000, 1_000_000)   # benchmarks/bench.py's full size
KLEIN = (2_000, 20_000)       # bench.py --klein

OPS = [  # (key, Dutch label, interactive)
    ("zoeken", "Inwoner zoeken (per toetsaanslag)", True),
    ("openen", "Gesprek openen (met verwijzingen en termijnen)", True),
    ("concept", "Concept bewaren (lokaal)", True),
    ("opslaan", "Gesprek opslaan", True),
    ("verwijzen", "Verwijzing maken", True),
    ("status", "Status van een verwijzing wijzigen", True),
    ("termijn", "Termijnstap afsluiten", True),
    ("werkvoorraad", "Werkvoorraad openen", True),
    ("statistiek", "Statistiek berekenen (teamleider, 12 maanden)", False),
]
LABEL = {k: label for k, label, _ in OPS}
INTERACTIVE_P95 = 0.150
STATISTIEK_MAX = 2.0
ZOEKTEKSTEN = ["demo-ja", "veldkamp", "demo-an", "brinkman", "1962", "7481", "nijhuis", "demo-truus",
               "ter horst", "haaksbergen"]
CONFLICT_TEXT = "heeft dit gesprek intussen opgeslagen"     # services.gesprekken.GesprekGewijzigd
UNAVAILABLE_TEXT = "is niet bereikbaar"                      # storage.engine.UNAVAILABLE_MESSAGE
BUSY_TEXT = "De database is bezet"                           # storage.engine.BUSY_MESSAGE
BEGIN, END = "<!-- load:begin (written by benchmarks/load.py) -->", "<!-- load:end -->"


# -- PostgreSQL of our own --------------------------------------------------------------------------------

def _as_pg(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    """Run a PostgreSQL tool as the postgres user when we are root (initdb refuses root)."""
    if os.geteuid() == 0:
        cmd = ["su", "postgres", "-s", "/bin/sh", "-c", " ".join(f"'{c}'" for c in cmd)]
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def free_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class PgServer:
    """A PostgreSQL server in ``folder`` on 127.0.0.1:``port`` (trust, no fsync: a benchmark only)."""

    def __init__(self, folder: Path, port: int):
        self.folder, self.port = folder, port
        self.data = folder / "data"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def init(self) -> None:
        if (self.data / "PG_VERSION").exists():
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres")
        r = _as_pg([str(PG_BIN / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres", "--no-sync"])
        if r.returncode:
            raise RuntimeError(f"initdb: {r.stderr}")

    def start(self) -> None:
        opts = (f"-k {self.folder} -c listen_addresses=127.0.0.1 -p {self.port} -c fsync=off "
                "-c shared_preload_libraries=pg_stat_statements -c max_connections=300 -c shared_buffers=256MB "
                "-c work_mem=32MB -c random_page_cost=1.1")
        r = _as_pg([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-o", opts, "-l", str(self.folder / "log"),
                    "-w", "start"])
        if r.returncode:
            raise RuntimeError(f"pg_ctl start: {r.stdout} {r.stderr}")

    def stop(self) -> None:
        _as_pg([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-m", "fast", "-w", "stop"])

    def running(self) -> bool:
        return _as_pg([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "status"]).returncode == 0


def _admin(url: str):
    from sqlalchemy import create_engine

    return create_engine(url, isolation_level="AUTOCOMMIT")


def _db_url(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


def build_template(server_url: str, size: tuple[int, int]) -> str:
    """The filled template database (built once with toegang-admin demo-data, then ANALYZEd)."""
    from sqlalchemy import text

    name = f"toegang_load_{size[0]}_{size[1]}_sjabloon"
    eng = _admin(server_url)
    with eng.connect() as c:
        have = c.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}).first()
    if not have:
        bouw = name.replace("_sjabloon", "_bouw")
        with eng.connect() as c:
            c.execute(text(f'DROP DATABASE IF EXISTS "{bouw}"'))
            c.execute(text(f'CREATE DATABASE "{bouw}"'))
        t = time.perf_counter()
        data = Path(tempfile.mkdtemp(prefix="toegang-load-bouw-"))
        env = dict(os.environ, TOEGANG_DATA_DIR=str(data), TOEGANG_DATABASE_URL=_db_url(server_url, bouw),
                   PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
        subprocess.run([PY, "-m", "toegang_app.cli", "demo-data", "--inwoners", str(size[0]), "--verwijzingen",
                        str(size[1]), "--seed", "7"], env=env, check=True, cwd=ROOT)
        beng = _admin(_db_url(server_url, bouw))
        with beng.connect() as c:
            c.execute(text("VACUUM ANALYZE"))
        beng.dispose()
        with eng.connect() as c:
            c.execute(text(f'ALTER DATABASE "{bouw}" RENAME TO "{name}"'))
        print(f"sjabloon {name}: gevuld in {time.perf_counter() - t:.0f} s", flush=True)
    eng.dispose()
    migrate_to_head(_db_url(server_url, name))
    return name


def migrate_to_head(url: str) -> None:
    """Bring a cached database to this version's schema once (before the copies), as the app would at start;
    otherwise the first workstation would migrate it while the others wait."""
    data = Path(tempfile.mkdtemp(prefix="toegang-load-migratie-"))
    env = dict(os.environ, TOEGANG_DATA_DIR=str(data), TOEGANG_DATABASE_URL=url,
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    subprocess.run([PY, "-c", "from toegang_app.services.context import open_context; open_context(load=False).close()"],
                   env=env, check=True, cwd=ROOT)
    shutil.rmtree(data, ignore_errors=True)


def fresh_copy(server_url: str, template: str, name: str) -> str:
    from sqlalchemy import text

    eng = _admin(server_url)
    with eng.connect() as c:
        c.execute(text(f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ('{name}', '{template}') "
                       "AND pid <> pg_backend_pid()"))
        c.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        c.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    eng.dispose()
    return _db_url(server_url, name)


# -- one workstation (a separate process) -----------------------------------------------------------------

class DbClock:
    """Time spent inside the driver's execute calls, per thread-safe accumulator (cursor events)."""

    def __init__(self, engine):
        from sqlalchemy import event

        self.total = 0.0
        self.lock = threading.Lock()
        self.local = threading.local()
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)

    def _before(self, conn, cursor, statement, params, context, executemany):
        self.local.t = time.perf_counter()

    def _after(self, conn, cursor, statement, params, context, executemany):
        dt = time.perf_counter() - getattr(self.local, "t", time.perf_counter())
        with self.lock:
            self.total += dt


def _user(rol: str, naam: str):
    from toegang_app.services.auth import CurrentUser

    return CurrentUser(id=None, gebruikersnaam=naam, naam=f"Belastingtest {naam} (synthetisch)", rol=rol,
                       team="haaksbergen")


def werkplek(job: dict, out) -> None:  # noqa: C901 - one desk's day, told in order
    """One workstation: the desk's mix until ``job['eind']``; results go to ``out`` (a Queue)."""
    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    os.environ["TOEGANG_DATA_DIR"] = job["data"]
    os.environ["TOEGANG_DATABASE_URL"] = job["url"]
    from toegang_app.config import load_config
    from toegang_app.errors import ConcurrentEdit, UserError
    from toegang_app.services import concepten, gesprekken, statistiek, termijnen, verwijzingen, werkvoorraad
    from toegang_app.services.context import open_context
    from toegang_app.storage.engine import DatabaseBusy, DatabaseUnavailable

    rnd = random.Random(job["seed"])
    ctx = open_context(load_config())
    clock = DbClock(ctx.engine)
    medewerker = _user("medewerker", job["gebruiker"])
    teamleider = _user("teamleider", job["gebruiker"] + "-tl")
    ctx.user = medewerker
    import gc

    gc.freeze()  # as the app does once it has started (app._gc_after_start): startup objects set aside
    res = {"i": job["i"], "samples": [], "acks": [], "onzeker": [], "conflicten": [], "fouten": [],
           "onbereikbaar": [], "bezet": [], "verwijzingen": [], "statussen": 0, "termijnen": 0,
           "concept_bewaard": 0, "concept_kwijt": 0}
    own = list(job["eigen"])
    hot = list(job["heet"])
    open_refs = list(job["verwijzingen"])
    steps = list(job["termijnen"])
    voorzieningen: list[str] = []
    pending = None          # (dossier, basis, sleutel): input not stored yet (server away, lock)
    n_save = 0
    warm = {"bezig": False}   # during the warm-up (before the clock): not in the latency table

    def timed(op, fn):
        t0 = time.time()
        db0 = clock.total
        c0 = time.perf_counter()
        try:
            value = fn()
        except UserError as exc:
            dt = time.perf_counter() - c0
            kind = ("conflict" if isinstance(exc, ConcurrentEdit) else "onbereikbaar"
                    if isinstance(exc, DatabaseUnavailable) else "bezet" if isinstance(exc, DatabaseBusy) else "fout")
            res["samples"].append((op, t0, dt, clock.total - db0, kind, warm["bezig"]))
            raise
        except Exception as exc:  # noqa: BLE001 - a raw error is what the issue forbids: recorded as such
            res["samples"].append((op, t0, time.perf_counter() - c0, clock.total - db0, "fout", warm["bezig"]))
            res["fouten"].append((op, type(exc).__name__, str(exc)[:300]))
            raise _Counted() from exc
        dt = time.perf_counter() - c0
        res["samples"].append((op, t0, dt, clock.total - db0, "ok", warm["bezig"]))
        return value

    def note_user_error(op, exc):
        from toegang_app.errors import ConcurrentEdit as CE
        from toegang_app.storage.engine import DatabaseBusy as DB, DatabaseUnavailable as DU

        if isinstance(exc, DU):
            res["onbereikbaar"].append((op, time.time(), exc.message))
        elif isinstance(exc, DB):
            res["bezet"].append((op, time.time(), exc.message))
        elif isinstance(exc, CE):
            pass  # handled where it can happen
        else:
            res["fouten"].append((op, type(exc).__name__, exc.message[:300]))

    def zoeken():
        q = rnd.choice(ZOEKTEKSTEN)
        for n in range(1, len(q) + 1):
            timed("zoeken", lambda: gesprekken.zoek_inwoners(ctx, q[:n]))
            time.sleep(rnd.uniform(0.08, 0.25))  # typing

    def openen(gid):
        def load():
            d = gesprekken.laad_gesprek(ctx, gid)
            verwijzingen.verwijzingen_van(ctx, gid)
            termijnen.termijnen_voor_gesprek(ctx, gid)
            return d
        return timed("openen", load)

    def opslaan(typen: float | None = None):
        nonlocal pending, n_save
        if pending is not None:
            d, basis, sleutel = pending
        else:
            gid = rnd.choice(hot) if hot and rnd.random() < job["conflict"] else rnd.choice(own)
            basis = openen(gid)
            d = basis.kopie()
            time.sleep(typen if typen is not None else rnd.uniform(*job["typen"]))  # typing the change
            n_save += 1
            d.vraag = f"Belastingtest {job['run']} werkplek {job['i']} wijziging {n_save} (synthetisch)"
            sleutel = concepten.nieuwe_sleutel(d)
            timed("concept", lambda: concepten.bewaar_concept(ctx, sleutel, d, basis))
        for _poging in range(4):
            try:
                stored = timed("opslaan", lambda: gesprekken.bewaar_gesprek(ctx, d, basis))
            except ConcurrentEdit as exc:
                ok_text = CONFLICT_TEXT in exc.message
                kept = (ctx.config.drafts_dir / f"{sleutel}{concepten.SUFFIX}").exists()
                res["conflicten"].append((d.gesprek_id, ok_text, kept, exc.message[:200]))
                # the worker chooses 'Samenvoegen': their version with my change on top
                merged, _ = gesprekken.samenvoegen(basis, d, exc.hun)
                basis, d = exc.hun, merged
                concepten.bewaar_concept(ctx, sleutel, d, basis)
                continue
            except UserError as exc:
                note_user_error("opslaan", exc)
                kept = (ctx.config.drafts_dir / f"{sleutel}{concepten.SUFFIX}").exists()
                res["concept_bewaard" if kept else "concept_kwijt"] += 1
                res["onzeker"].append((d.gesprek_id, d.vraag))
                pending = (d, basis, sleutel)   # the input stays; saved again on the next try
                return
            res["acks"].append((stored.gesprek_id, stored.versie, d.vraag, job["gebruiker"]))
            concepten.verwijder_concept(ctx, sleutel)
            pending = None
            return
        pending = None  # four conflicts in a row: the worker reloads (input still in the draft)

    def verwijzen():
        nonlocal voorzieningen
        gid = rnd.choice(own)
        if not voorzieningen:
            kaart = verwijzingen._kaart(ctx)  # what the referral dialog offers: active, for this gemeente
            voorzieningen = sorted(v.id for v in kaart.values() if v.actief and "haaksbergen" in v.gemeenten)[:30]
            if not voorzieningen:
                return
        vid = timed("verwijzen", lambda: verwijzingen.maak_verwijzing(
            ctx, gid, rnd.choice(voorzieningen), overdracht="zelf_melden", toestemming=False,
            notitie="belastingtest (synthetisch)"))
        res["verwijzingen"].append(int(vid))

    def status():
        if not open_refs:
            return
        vid, van = open_refs.pop()
        naar = {"voorgesteld": "verwezen", "verwezen": "aangemeld", "aangemeld": "gestart"}[van]
        timed("status", lambda: verwijzingen.wijzig_status(ctx, vid, naar, notitie="belastingtest"))
        res["statussen"] += 1

    def termijn():
        if not steps:
            return
        gid, code = steps.pop()
        timed("termijn", lambda: termijnen.markeer_afgerond(ctx, gid, code))
        res["termijnen"] += 1

    def stat():
        ctx.user = teamleider
        try:
            timed("statistiek", lambda: statistiek.bereken(ctx, statistiek.standaard_selectie(ctx)))
        finally:
            ctx.user = medewerker

    # a desk's mix per action; the werkvoorraad is opened at the start of the day part and now and then
    # (about once every two minutes per workstation at the default pace), not between every two residents
    # the werkvoorraad as its screen asks for it: the most urgent rows and the counts
    def werk():
        return timed("werkvoorraad", lambda: werkvoorraad.overzicht(ctx, limiet=werkvoorraad.MAX_GETOOND))

    mix = [(zoeken, 32), (lambda: openen(rnd.choice(own)), 20), (opslaan, 22), (verwijzen, 8), (status, 8),
           (termijn, 6), (werk, 4)]
    acts, weights = zip(*mix)
    # A desk's workstation has been in use before: each one does every action once before the clock
    # starts (the first call of each compiles its SQL, fills caches and the kaart). Those calls are
    # reported apart ("eerste keer"); their saves, referrals and status changes are checked like all others.
    warm["bezig"] = True
    for act in (zoeken, lambda: openen(rnd.choice(own)), opslaan, verwijzen, status, termijn, werk):
        try:
            act()
        except _Counted:
            pass
        except UserError as exc:
            note_user_error("opwarmen", exc)
    if job["teamleider"]:
        stat()
    warm["bezig"] = False
    # the clock starts; the workstations do not all click in the same second
    time.sleep(max(0.0, job["start"] - time.time()) + rnd.uniform(0, job["tempo"]))
    next_stat = time.time() + rnd.uniform(5, 20)
    storing_at = job.get("storing_at")  # every workstation is typing a change when the server stops
    while time.time() < job["eind"]:
        if storing_at and time.time() >= storing_at - 6:
            act = lambda at=storing_at: opslaan(max(0.0, at + rnd.uniform(1.0, 4.0) - time.time()))  # noqa: E731
            storing_at = None
        elif job["teamleider"] and time.time() >= next_stat:
            act = stat
            next_stat = time.time() + job["stat_elke"]
        else:
            act = rnd.choices(acts, weights)[0]
        try:
            act()
        except _Counted:
            pass
        except UserError as exc:
            note_user_error(getattr(act, "__name__", "actie"), exc)
        except Exception as exc:  # noqa: BLE001
            res["fouten"].append(("actie", type(exc).__name__, str(exc)[:300]))
        time.sleep(rnd.uniform(0.2, 2 * job["tempo"] - 0.2))  # think time: mean ``tempo`` seconds
    if pending is not None:  # the worker saves what is still on screen before going home
        try:
            opslaan()
        except Exception:  # noqa: BLE001
            pass
    ctx.close()
    out.put(res)


class _Counted(Exception):
    """A raw (non-Dutch) error, already recorded."""


# -- a run ------------------------------------------------------------------------------------------------

def pick_work(url: str, n: int, seed: int) -> tuple[list[list[int]], list[int], list[list], list[list]]:
    """Disjoint work per workstation (setup only, plain SQL): own conversations, open referrals and open
    term steps of the Haaksbergen desk; a few 'hot' conversations everybody may edit."""
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    with eng.connect() as c:
        gids = [r[0] for r in c.execute(text(
            "SELECT g.id FROM gesprekken g JOIN inwoners i ON i.id = g.inwoner_id WHERE g.team = 'haaksbergen' "
            "AND NOT i.geanonimiseerd ORDER BY g.id DESC LIMIT :k"), {"k": 60 * n + 8})]
        refs = c.execute(text(
            "SELECT v.id, v.status, v.gesprek_id FROM verwijzingen v WHERE v.team = 'haaksbergen' AND v.status IN "
            "('voorgesteld', 'verwezen', 'aangemeld') ORDER BY v.id DESC LIMIT :k"), {"k": 60 * n}).all()
        steps = c.execute(text(
            "SELECT t.gesprek_id, t.code FROM termijnen t JOIN gesprekken g ON g.id = t.gesprek_id WHERE "
            "g.team = 'haaksbergen' AND t.afgerond_op IS NULL AND t.niet_van_toepassing IS NULL "
            "AND t.startdatum <= :d ORDER BY t.id DESC LIMIT :k"), {"d": date.today(), "k": 40 * n}).all()
    eng.dispose()
    hot = gids[:2]
    rest = gids[2:]
    hot_set = set(hot)
    own = [rest[i::n] for i in range(n)]
    refs = [(vid, st) for vid, st, gid in refs if gid not in hot_set]
    steps = [(gid, code) for gid, code in steps if gid not in hot_set]
    return own, hot, [refs[i::n] for i in range(n)], [steps[i::n] for i in range(n)]


def run_load(url: str, n: int, duur: float, tempo: float, *, server: PgServer | None = None,
             storing: bool = False, conflict: float = 0.25, seed: int = 1, label: str = "") -> dict:
    run = f"{label or 'pg'}{n}-{datetime.now():%H%M%S}"
    own, hot, refs, steps = pick_work(url, n, seed)
    pss = url.startswith("postgresql") and _pg_reset(url)
    start = time.time() + 15 + 0.8 * n    # every process has its context open and warmed up before the clock
    eind = start + duur
    stop_at = start + duur * 0.4
    spawn = mp.get_context("spawn")
    q = spawn.Queue()
    tmp = Path(tempfile.mkdtemp(prefix="toegang-load-"))
    procs = []
    for i in range(n):
        job = {"i": i + 1, "url": url, "data": str(tmp / f"werkplek{i + 1}"), "run": run, "seed": seed * 1000 + i,
               "gebruiker": f"load-{run}-w{i + 1}", "eigen": own[i], "heet": hot if n > 1 else [],
               "verwijzingen": refs[i], "termijnen": steps[i], "start": start, "eind": eind, "tempo": tempo,
               "conflict": conflict, "teamleider": i == 0,
               # with a failure: longer typing, so that some saves fall in the outage (opened before it)
               "typen": (1.0, 4.0), "storing_at": stop_at if storing else None, "stat_elke": 30.0}
        p = spawn.Process(target=werkplek, args=(job, q), daemon=True)
        p.start()
        procs.append(p)
    outage = None
    if storing and server is not None:
        time.sleep(max(0.0, stop_at - time.time()))
        t_stop = time.time()
        server.stop()
        print(f"  server gestopt na {t_stop - start:.0f} s", flush=True)
        time.sleep(6)
        server.start()
        outage = (t_stop, time.time())
        print(f"  server weer gestart na {outage[1] - outage[0]:.1f} s", flush=True)
    results = []
    deadline = eind + 180
    while len(results) < n and time.time() < deadline:
        try:
            results.append(q.get(timeout=5))
        except Exception:  # noqa: BLE001 - queue.Empty
            if not any(p.is_alive() for p in procs) and q.empty():
                break
    for p in procs:
        p.join(timeout=10)
    shutil.rmtree(tmp, ignore_errors=True)
    return {"n": n, "run": run, "results": results, "outage": outage, "start": start, "eind": eind,
            "verwacht": n, "hot": hot, "pg_top": _pg_top(url) if pss else []}


def verify(url: str, r: dict) -> dict:
    """What the database holds against what the workstations were told."""
    from sqlalchemy import create_engine, text

    acks = [a for res in r["results"] for a in res["acks"]]
    onzeker = {(gid, tekst) for res in r["results"] for gid, tekst in res["onzeker"]}
    conflicts = [c for res in r["results"] for c in res["conflicten"]]
    problems: list[str] = []
    seen = set()
    for gid, versie, _t, _u in acks:
        if (gid, versie) in seen:
            problems.append(f"gesprek {gid}: versie {versie} twee keer bevestigd (overschreven)")
        seen.add((gid, versie))
    last: dict[int, tuple[int, str]] = {}
    for gid, versie, tekst, _u in acks:
        if gid not in last or versie > last[gid][0]:
            last[gid] = (versie, tekst)
    eng = create_engine(url)
    stored_unacked = 0
    with eng.connect() as c:
        for gid, (versie, tekst) in last.items():
            row = c.execute(text("SELECT vraag, versie FROM gesprekken WHERE id = :g"), {"g": gid}).first()
            if row is None:
                problems.append(f"gesprek {gid} ontbreekt")
            elif row[0] != tekst:
                if (gid, row[0]) in onzeker:
                    stored_unacked += 1  # committed while the server went away, before the answer came
                else:
                    problems.append(f"gesprek {gid}: bevestigde tekst niet opgeslagen")
        prefix = f"load-{r['run']}-%"
        audit_vraag = c.execute(text(
            "SELECT gebruiker, object_id, count(*) FROM audit_log WHERE gebruiker LIKE :p AND actie = 'gewijzigd' "
            "AND object_type = 'gesprek' AND veld = 'vraag' GROUP BY gebruiker, object_id"), {"p": prefix}).all()
        audit_map = {(u, int(o)): k for u, o, k in audit_vraag}
        per = defaultdict(int)
        for gid, _v, _t, u in acks:
            per[(u, gid)] += 1
        missing_audit = sum(max(0, k - audit_map.get(key, 0)) for key, k in per.items())
        extra_audit = sum(max(0, k - per.get(key, 0)) for key, k in audit_map.items())
        if missing_audit:
            problems.append(f"{missing_audit} opslagen zonder auditregel")
        status_rows = c.execute(text(
            "SELECT count(*) FROM verwijzing_statussen WHERE medewerker LIKE :p AND notitie = 'belastingtest'"),
            {"p": prefix}).scalar()
        n_status = sum(res["statussen"] for res in r["results"])
        audit_status = c.execute(text(
            "SELECT count(DISTINCT object_id || op) FROM audit_log WHERE gebruiker LIKE :p AND object_type = "
            "'verwijzing' AND actie = 'gewijzigd' AND veld = 'status'"), {"p": prefix}).scalar()
        if status_rows != n_status or audit_status != n_status:
            problems.append(f"statuswijzigingen: {n_status} bevestigd, {status_rows} in de historie, "
                            f"{audit_status} in de audit trail")
        n_steps = sum(res["termijnen"] for res in r["results"])
        audit_steps = c.execute(text(
            "SELECT count(*) FROM audit_log WHERE gebruiker LIKE :p AND veld LIKE 'termijn.%'"), {"p": prefix}).scalar()
        if audit_steps != n_steps:
            problems.append(f"termijnstappen: {n_steps} bevestigd, {audit_steps} in de audit trail")
        refs = [v for res in r["results"] for v in res["verwijzingen"]]
        if refs:
            have = c.execute(text("SELECT count(*) FROM verwijzingen WHERE id = ANY(:ids)") if url.startswith("postgres")
                             else text(f"SELECT count(*) FROM verwijzingen WHERE id IN ({','.join(map(str, refs))})"),
                             {"ids": refs} if url.startswith("postgres") else {}).scalar()
            if have != len(refs):
                problems.append(f"verwijzingen: {len(refs)} bevestigd, {have} gevonden")
    eng.dispose()
    bad_conflicts = [c for c in conflicts if not (c[1] and c[2])]
    if bad_conflicts:
        problems.append(f"{len(bad_conflicts)} conflicten zonder de melding van het conflictvenster of zonder concept")
    errors = [f for res in r["results"] for f in res["fouten"]]
    locked = [f for f in errors if "locked" in f[2].lower()]
    if len(r["results"]) < r["verwacht"]:
        problems.append(f"{r['verwacht'] - len(r['results'])} werkplekken gaven geen resultaat")
    return {"acks": len(acks), "conflicten": len(conflicts), "conflicten_goed": len(conflicts) - len(bad_conflicts),
            "audit_vraag": sum(audit_map.values()), "audit_extra": extra_audit, "statussen": n_status,
            "termijnen": n_steps, "verwijzingen": len(refs), "fouten": errors, "locked": len(locked),
            "onbereikbaar": sum(len(res["onbereikbaar"]) for res in r["results"]),
            "onbereikbaar_nl": all(UNAVAILABLE_TEXT in m for res in r["results"] for _o, _t, m in res["onbereikbaar"]),
            "bezet": sum(len(res["bezet"]) for res in r["results"]),
            "concept_bewaard": sum(res["concept_bewaard"] for res in r["results"]),
            "concept_kwijt": sum(res["concept_kwijt"] for res in r["results"]),
            "hersteld": sum(1 for res in r["results"] if r["outage"] and any(
                t0 > r["outage"][1] and kind == "ok" for _op, t0, _dt, _db, kind, _w in res["samples"])),
            "opgeslagen_zonder_antwoord": stored_unacked, "problemen": problems}


def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    v = sorted(values)
    k = max(0, min(len(v) - 1, int(round(p / 100 * len(v) + 0.5)) - 1))
    return v[k]


NA_HERSTART = 15.0   # seconds after the restart reported apart (--storing)


def summarize(r: dict) -> dict[str, dict]:
    """Per operation: the latencies after the clock started, errors of the whole run (warm-up included),
    and the first calls (the warm-up) apart."""
    out: dict[str, dict] = {}
    by = defaultdict(list)
    warm = defaultdict(list)
    for res in r["results"]:
        for op, t0, dt, db, kind, opwarmen in res["samples"]:
            if opwarmen:
                warm[op].append(dt)
                if kind in ("ok", "conflict"):
                    continue
            if r["outage"] and t0 <= r["outage"][1] + 10 and kind == "onbereikbaar" \
                    and t0 + dt >= r["outage"][0] - 1:  # ran into the outage: the Dutch message was shown
                kind = "tijdens storing"
            herstart = bool(r["outage"]) and r["outage"][1] <= t0 <= r["outage"][1] + NA_HERSTART
            by[op].append((dt, db, kind, herstart))
    for op, rows in by.items():
        ok = [x for x in rows if x[2] in ("ok", "conflict")]
        out[op] = {"n": len(rows), "client": [x[0] for x in ok], "db": [x[1] for x in ok],
                   "fouten": sum(1 for x in rows if x[2] in ("fout", "bezet", "onbereikbaar")),
                   "storing": sum(1 for x in rows if x[2] == "tijdens storing"), "eerste": warm.get(op, []),
                   # with a failure: the calls in the first seconds after the server was back (new connections,
                   # the saves kept during the outage stored at once), and the others
                   "na_herstart": [x[0] for x in ok if x[3]], "buiten_herstart": [x[0] for x in ok if not x[3]]}
    return out


def ms(v: float) -> str:
    return "-" if v != v else (f"{v * 1000:.0f} ms" if v < 10 else f"{v:.0f} s")


def _pg_top(url: str) -> list[str]:
    from sqlalchemy import create_engine, text

    eng = create_engine(url)
    try:
        with eng.connect() as c:
            rows = c.execute(text(
                "SELECT calls, mean_exec_time, max_exec_time, left(regexp_replace(query, '\\s+', ' ', 'g'), 90) "
                "FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
                "ORDER BY total_exec_time DESC LIMIT 5")).all()
    except Exception:  # noqa: BLE001 - no pg_stat_statements on a server of somebody else
        return []
    finally:
        eng.dispose()
    return [f"{calls} x, gemiddeld {mean:.1f} ms, max {mx:.0f} ms: `{q.replace('|', '/')}`"
            for calls, mean, mx, q in rows]


def _pg_reset(url: str) -> bool:
    from sqlalchemy import create_engine, text

    eng = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with eng.connect() as c:
            c.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            c.execute(text("SELECT pg_stat_statements_reset()"))
        return True
    except Exception:  # noqa: BLE001
        return False
    finally:
        eng.dispose()


# -- EXPLAIN ----------------------------------------------------------------------------------------------

def explain(url: str) -> str:
    """EXPLAIN (ANALYZE, BUFFERS) of the SELECTs the services really run for the werkvoorraad, a resident
    search and the statistics, captured from the engine while each service call runs."""
    from sqlalchemy import event

    os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
    os.environ["TOEGANG_DATA_DIR"] = tempfile.mkdtemp(prefix="toegang-load-explain-")
    os.environ["TOEGANG_DATABASE_URL"] = url
    from toegang_app.config import load_config
    from toegang_app.services import gesprekken, statistiek, werkvoorraad
    from toegang_app.services.context import open_context

    ctx = open_context(load_config())
    captured: list[tuple[str, object]] = []

    @event.listens_for(ctx.engine, "before_cursor_execute")
    def grab(conn, cursor, statement, params, context, executemany):
        if statement.lstrip().upper().startswith(("SELECT", "WITH")) and "pg_catalog" not in statement:
            captured.append((statement, params))

    medewerker, teamleider = _user("medewerker", "load-explain"), _user("teamleider", "load-explain-tl")
    calls = [("Werkvoorraad", medewerker, lambda: werkvoorraad.overzicht(ctx, limiet=werkvoorraad.MAX_GETOOND)),
             ("Inwoner zoeken 'veldkamp'", medewerker, lambda: gesprekken.zoek_inwoners(ctx, "veldkamp")),
             ("Inwoner zoeken '1962'", medewerker, lambda: gesprekken.zoek_inwoners(ctx, "1962")),
             ("Statistiek (12 maanden, Haaksbergen)", teamleider,
              lambda: statistiek.bereken(ctx, statistiek.standaard_selectie(ctx)))]
    lines: list[str] = []
    for title, user, fn in calls:
        ctx.user = user
        captured.clear()
        fn()
        stmts = list(dict.fromkeys((s, repr(p)) for s, p in captured))
        params = {}
        for s, p in captured:
            params.setdefault(s, p)
        lines.append(f"## {title}: {len(stmts)} SELECTs")
        raw = ctx.engine.raw_connection()
        try:
            cur = raw.cursor()
            for s, _ in stmts:
                cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + s, params[s])
                plan = [r[0] for r in cur.fetchall()]
                head = " ".join(s.split())[:110]
                total = next((p for p in plan if p.startswith("Execution Time")), "")
                lines.append(f"- `{head}` ... {total}")
                for p in plan:
                    if any(k in p for k in ("Index", "Seq Scan", "Bitmap Heap")):
                        p = p.strip()
                        lines.append(f"    {p[:200]}{' ...' if len(p) > 200 else ''}")
        finally:
            raw.close()
    ctx.close()
    return "\n".join(lines)


# -- report -----------------------------------------------------------------------------------------------

def report(runs: list[tuple[str, dict, dict, dict]], args, size: str, server_side: str) -> str:
    cpu = "onbekend"
    try:
        cpu = next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    lines = [
        "## Load: many workstations on one database" + (", the server stopped and started mid-run" if args.storing else ""),
        "",
        f"Measured by `benchmarks/load.py` on {datetime.now():%Y-%m-%d %H:%M}, {size}; {args.duur:.0f} s per run, "
        f"one action per about {args.tempo:.0f} s per workstation (random think time), "
        f"{int(args.conflict * 100)} % of the saves on one of 2 conversations every workstation edits.",
        f"Machine: {os.cpu_count()} cores ({cpu}), shared with other work during the run; server and workstations "
        "on the same machine.",
        "Client = time around the service call in the workstation's process; DB = time inside the driver's execute "
        f"calls during that call ({server_side}). Per operation: median / p95 / p99.",
        "",
        "| run | operation | n | client median | client p95 | client p99 | DB median | DB p95 | DB p99 | errors |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    checks = []
    for name, r, summ, ver in runs:
        for op, _label, _i in OPS:
            s = summ.get(op)
            if not s:
                continue
            c, d = s["client"], s["db"]
            extra = f" (+{s['storing']} tijdens storing)" if s["storing"] else ""
            lines.append(f"| {name} | {LABEL[op]} | {s['n']} | {ms(pct(c, 50))} | {ms(pct(c, 95))} | {ms(pct(c, 99))} "
                         f"| {ms(pct(d, 50))} | {ms(pct(d, 95))} | {ms(pct(d, 99))} | {s['fouten']}{extra} |")
        checks.append(
            f"- {name}: {ver['acks']} saves acknowledged and found, {ver['conflicten']} conflicts "
            f"({ver['conflicten_goed']} with the conflict dialog's message and the input in the draft), audit rows "
            f"'vraag' {ver['audit_vraag']} (one per save), {ver['statussen']} status changes, {ver['termijnen']} "
            f"term steps, {ver['verwijzingen']} referrals, all found with their audit rows; errors {len(ver['fouten'])}, "
            f"'database is locked' {ver['locked']}, 'database bezet' {ver['bezet']}"
            + (f"; outage {r['outage'][1] - r['outage'][0]:.0f} s: {ver['onbereikbaar']} Dutch 'niet bereikbaar' messages, "
               f"{ver['concept_bewaard']} inputs kept in the draft ({ver['concept_kwijt']} lost), "
               f"{ver['hersteld']}/{r['n']} workstations carried on after it, "
               f"{ver['opgeslagen_zonder_antwoord']} saves committed without an answer" if r["outage"] else "")
            + ("; **problems: " + "; ".join(ver["problemen"]) + "**" if ver["problemen"] else "; checks: all pass"))
    eerste = []
    for name, r, summ, ver in runs:
        parts = [f"{LABEL[op].split(' (')[0].lower()} {ms(pct(summ[op]['eerste'], 50))}"
                 for op, _label, _i in OPS if summ.get(op) and summ[op]["eerste"]]
        if parts:
            eerste.append(f"- {name}: " + ", ".join(parts))
    if eerste:
        lines += ["", "Before the clock, every workstation did each action once (the first call compiles its SQL and "
                  "reads the kaart; a workstation at a desk is in use all day). Those first calls are not in the table; "
                  "their saves, referrals and status changes are in the checks below. Median of the first calls:",
                  *eerste]
    herstart = []
    for name, r, summ, ver in runs:
        if not r["outage"]:
            continue
        parts = [f"{LABEL[op].split(' (')[0].lower()} {len(summ[op]['na_herstart'])} x, slowest "
                 f"{ms(max(summ[op]['na_herstart']))} (p95 of the other calls {ms(pct(summ[op]['buiten_herstart'], 95))})"
                 for op, _label, _i in OPS if summ.get(op) and summ[op]["na_herstart"]]
        if parts:
            herstart.append(f"- {name}: " + "; ".join(parts))
    if herstart:
        lines += ["", f"In the first {NA_HERSTART:.0f} s after the server was back (every workstation connects again, "
                  "the saves kept during the outage are stored at once), included in the table:", *herstart]
    lines += ["", "Nothing lost:", *checks]
    text = "\n".join(lines) + "\n"
    return text


def write_block(text: str, path: Path, blok: str = "load") -> None:
    begin, end = BEGIN.replace("load:", f"{blok}:"), END.replace("load:", f"{blok}:")
    block = f"{begin}\n{text}{end}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if begin in old and end in old:
        new = old[:old.index(begin)] + block + old[old.index(end) + len(end):].lstrip("\n")
    else:
        new = old.rstrip("\n") + "\n\n" + block
    path.write_text(new, encoding="utf-8")


def targets(name: str, summ: dict, ver: dict) -> list[str]:
    miss = []
    for op, label, interactive in OPS:
        s = summ.get(op)
        if not s or not s["client"]:
            continue
        p95 = pct(s["client"], 95)
        if interactive and p95 > INTERACTIVE_P95:
            miss.append(f"{name}: {label} p95 {ms(p95)} > 150 ms")
        if not interactive and max(s["client"]) > STATISTIEK_MAX:
            miss.append(f"{name}: {label} max {ms(max(s['client']))} > 2 s")
    if ver["fouten"] or ver["problemen"]:
        miss.append(f"{name}: {len(ver['fouten'])} errors, {len(ver['problemen'])} problems")
    return miss


def sqlite_copy(size: tuple[int, int]) -> str:
    import bench  # benchmarks/bench.py: the cached demo database file

    db = CACHE / f"bench-{size[0]}-{size[1]}.sqlite"
    bench.build_db(db, *size)
    folder = Path(tempfile.mkdtemp(prefix="toegang-load-sqlite-"))
    shutil.copy(db, folder / "toegang.sqlite")
    url = f"sqlite:///{folder / 'toegang.sqlite'}"
    migrate_to_head(url)
    return url


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="a PostgreSQL database with the demo data (default: the script's own server)")
    ap.add_argument("--n", type=int, nargs="+", default=[1, 5, 10, 20, 50], help="numbers of workstations")
    ap.add_argument("--sqlite", type=int, nargs="*", default=[1, 5], help="workstations on one SQLite file")
    ap.add_argument("--duur", type=float, default=60.0, help="seconds per run")
    ap.add_argument("--tempo", type=float, default=5.0, help="mean seconds between actions per workstation")
    ap.add_argument("--conflict", type=float, default=0.25, help="share of saves on a conversation others edit")
    ap.add_argument("--storing", action="store_true", help="stop and start the server mid-run (own server only)")
    ap.add_argument("--explain", action="store_true", help="only print EXPLAIN (ANALYZE, BUFFERS) of the key queries")
    ap.add_argument("--klein", action="store_true", help="small database (2 000 residents; a quick check)")
    ap.add_argument("--poort", type=int, default=None, help="port for the script's own server")
    ap.add_argument("--pg-map", default=str(CACHE / "pg-load"), help="folder of the script's own server (kept)")
    ap.add_argument("--uit", default=str(ROOT / "docs" / "performance.md"))
    ap.add_argument("--niet-schrijven", action="store_true", help="print the table, leave docs/performance.md alone")
    args = ap.parse_args()
    size = KLEIN if args.klein else FULL
    server = None
    if args.url:
        template_url = args.url
        if args.storing:
            ap.error("--storing needs the script's own server (without --url)")
    else:
        server = PgServer(Path(args.pg_map), args.poort or free_port())
        server.init()
        if server.running():
            server.stop()
        server.start()
    try:
        if server is not None:
            template = build_template(server.url, size)
        if args.explain:
            url = args.url or _db_url(server.url, template)
            print(explain(url))
            return 0
        runs = []
        server_side = "measured in the workstation's process"
        for n in args.n:
            if args.url:
                url = args.url
            else:
                url = fresh_copy(server.url, template, "toegang_load_run")
            print(f"PostgreSQL, {n} werkplekken, {args.duur:.0f} s ...", flush=True)
            r = run_load(url, n, args.duur, args.tempo, server=server, storing=args.storing, conflict=args.conflict)
            summ, ver = summarize(r), verify(url, r)
            if r["pg_top"]:
                server_side = "measured in the workstation's process; the server's own figures from pg_stat_statements below"
            name = f"PostgreSQL N={n}" + (" met storing" if args.storing else "")
            runs.append((name, r, summ, ver))
            ver["pg_top"] = r["pg_top"]
            _print_run(name, summ, ver)
        for n in args.sqlite:
            url = sqlite_copy(size)
            print(f"SQLite, {n} werkplekken op één bestand, {args.duur:.0f} s ...", flush=True)
            r = run_load(url, n, args.duur, args.tempo, conflict=args.conflict, label="sqlite")
            summ, ver = summarize(r), verify(url, r)
            name = f"SQLite N={n}"
            runs.append((name, r, summ, ver))
            _print_run(name, summ, ver)
            shutil.rmtree(Path(url.removeprefix("sqlite:///")).parent, ignore_errors=True)
        sz = f"{size[0]:,} inwoners en {size[1]:,} verwijzingen".replace(",", ".")
        text = report(runs, args, sz, server_side)
        tops = [(name, ver.get("pg_top")) for name, _r, _s, ver in runs if ver.get("pg_top")]
        if tops:
            text += "\nServer side (pg_stat_statements, top 5 statements by total time per run):\n"
            for name, top in tops:
                text += f"- {name}:\n" + "".join(f"    - {t}\n" for t in top)
        miss = [m for name, _r, summ, ver in runs if "N=20" in name and "PostgreSQL" in name
                for m in targets(name, summ, ver)]
        text += ("\nTargets at N = 20 (p95 < 150 ms interactive, statistics < 2 s, zero errors): "
                 + ("all met.\n" if not miss else "**not met**: " + "; ".join(miss) + "\n")
                 if any("N=20" in name for name, *_ in runs) else "")
        print(text)
        if not args.niet_schrijven:
            write_block(text, Path(args.uit), "load-storing" if args.storing else "load")
    finally:
        if server is not None:
            server.stop()
    return 0


def _print_run(name: str, summ: dict, ver: dict) -> None:
    for op, label, _i in OPS:
        s = summ.get(op)
        if s:
            print(f"  {label}: n={s['n']} mediaan {ms(pct(s['client'], 50))} p95 {ms(pct(s['client'], 95))} "
                  f"p99 {ms(pct(s['client'], 99))} (DB p95 {ms(pct(s['db'], 95))}) fouten {s['fouten']}", flush=True)
    print(f"  controle: {ver['acks']} opslagen, {ver['conflicten']} conflicten, fouten {ver['fouten'][:3]}, "
          f"problemen {ver['problemen']}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
