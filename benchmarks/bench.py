"""Performance benchmark (not part of the test run): every figure of the performance issue, measured
several times in one run, min/median/max and ratios against the named baseline; writes
docs/performance.md.

    .venv/bin/python benchmarks/bench.py            # full size: 100 000 residents, 1 000 000 referrals
    .venv/bin/python benchmarks/bench.py --klein    # quick check on a small database

The databases are built with `toegang-admin demo-data` and cached in benchmarks/cache/.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "benchmarks" / "cache"
PY = sys.executable


@dataclass
class Figure:
    name: str
    target: str
    limit_s: float | None  # absolute target in seconds (None: not a time)
    samples: list[float] = field(default_factory=list)
    unit: str = "s"
    baseline: list[float] | None = None
    baseline_name: str = ""
    max_ratio: float | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def ratio(self) -> float | None:
        if not self.baseline:
            return None
        return self.median / statistics.median(self.baseline)

    def met(self) -> bool:
        ok = self.limit_s is None or self.median <= self.limit_s
        r = self.ratio()
        if self.max_ratio is not None and r is not None:
            ok = ok and r <= self.max_ratio
        return ok

    def fmt(self, v: float) -> str:
        if self.unit == "MB":
            return f"{v:.0f} MB"
        return f"{v * 1000:.1f} ms" if v < 1 else f"{v:.2f} s"


def timed(fn, n: int) -> list[float]:
    out = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t)
    return out


def env_for(data_dir: Path, db: Path) -> dict:
    env = dict(os.environ, TOEGANG_DATA_DIR=str(data_dir), TOEGANG_DATABASE_URL=f"sqlite:///{db}",
               QT_QPA_PLATFORM="offscreen")
    # An installed Toegang starts from compiled bytecode (pip compiles on install, the PyInstaller bundle
    # carries .pyc): a shell that sets PYTHONDONTWRITEBYTECODE would make every start compile the app's
    # ~200 modules again (and the bare window's none), which no desk PC does.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def build_db(path: Path, inwoners: int, verwijzingen: int) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".bouw.sqlite")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    data = Path(tempfile.mkdtemp(prefix="toegang-bench-"))
    t = time.perf_counter()
    subprocess.run([PY, "-m", "toegang_app.cli", "demo-data", "--inwoners", str(inwoners), "--verwijzingen",
                    str(verwijzingen), "--seed", "7"], env=env_for(data, tmp), check=True)
    import sqlite3

    con = sqlite3.connect(tmp)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("ANALYZE")
    con.close()
    os.replace(tmp, path)
    print(f"database {path.name}: {inwoners} inwoners, {verwijzingen} verwijzingen in {time.perf_counter() - t:.0f} s")


BENCH_WACHTWOORD = "benchmark-wachtwoord-synthetisch"  # a synthetic benchmark database only


def prepare_sign_in(db: Path, data: Path) -> None:
    """The app signs in at start. The benchmark uses the desk setting for PCs that already authenticate
    users (aanmelden = os) with a user linked to this OS account, so no dialog waits for typing."""
    import getpass
    import json

    env = env_for(data, db)
    # toegang-admin signs in: the demo database's first beheerder ("bench-beheer", made here on a database
    # without users) adds the benchmark user; later runs sign in as it with the password on stdin
    listing = subprocess.run([PY, "-m", "toegang_app.cli", "--gebruiker", "bench-beheer", "--wachtwoord-stdin",
                              "gebruiker", "lijst"], env=env, capture_output=True, text=True,
                             input=BENCH_WACHTWOORD + "\n").stdout
    if "bench-os" not in listing:
        if "bench-beheer" not in listing:
            subprocess.run([PY, "-m", "toegang_app.cli", "gebruiker", "toevoegen", "bench-beheer", "--naam",
                            "Benchmark-beheerder (synthetisch)", "--rol", "beheerder", "--wachtwoord-stdin"],
                           env=env, check=True, capture_output=True, text=True, input=BENCH_WACHTWOORD + "\n")
        subprocess.run([PY, "-m", "toegang_app.cli", "--gebruiker", "bench-beheer", "--wachtwoord-stdin",
                        "gebruiker", "toevoegen", "bench-os", "--naam",
                        "Benchmark (synthetisch)", "--rol", "medewerker", "--team", "haaksbergen",
                        "--windows-account", getpass.getuser(), "--zonder-wachtwoord"], env=env, check=True,
                       capture_output=True, text=True, input=BENCH_WACHTWOORD + "\n")
    data.mkdir(parents=True, exist_ok=True)
    (data / "instellingen.json").write_text(json.dumps({"aanmelden": "os"}), encoding="utf-8")


def wait_for_ready(cmd: list[str], env: dict, marks: tuple[str, ...] = ("klaar",)) -> list[float]:
    """Start ``cmd`` and return the seconds until it printed each of ``marks`` (in that order)."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, text=True)
    seen: list[float] = []
    for line in proc.stdout:
        if len(seen) < len(marks) and line.strip() == marks[len(seen)]:
            seen.append(time.perf_counter() - t)
            if len(seen) == len(marks):
                break
    if len(seen) < len(marks):
        raise RuntimeError(f"{cmd} did not report {marks}: {proc.stderr.read()}")
    proc.wait(timeout=60)
    return seen


def open_ctx(db: Path):
    from toegang_app.config import load_config
    from toegang_app.services.auth import systeem_gebruiker
    from toegang_app.services.context import open_context

    data = Path(tempfile.mkdtemp(prefix="toegang-bench-"))
    os.environ.update(TOEGANG_DATA_DIR=str(data), TOEGANG_DATABASE_URL=f"sqlite:///{db}")
    ctx = open_context(load_config())
    ctx.user = systeem_gebruiker()
    return ctx


# -- figures -----------------------------------------------------------------------------------------

def fig_cold_start(db: Path, runs: int) -> list[Figure]:
    """Two figures from the same starts: the main window on screen and taking input (the app prints
    'klaar' after its first paint, when its search field and Ctrl+N work), and the database open,
    the user signed in and the start screen filled ('gegevens'). The bare window prints 'klaar'
    at the same moment of its life."""
    f = Figure("Koude start `toegang` tot bruikbaar hoofdvenster", "<= 1,5 s en <= 2x kaal PySide6-venster",
               1.5, baseline_name="kaal PySide6-venster, zelfde manier gestart", max_ratio=2.0)
    g = Figure("Koude start tot database open, aangemeld en startscherm gevuld", "<= 1,5 s en <= 4x kaal PySide6-venster",
               1.5, baseline_name="kaal PySide6-venster, zelfde manier gestart", max_ratio=4.0)
    data = Path(tempfile.mkdtemp(prefix="toegang-bench-"))
    prepare_sign_in(db, data)
    env = env_for(data, db)
    env["TOEGANG_BENCH_START"] = "1"
    app = [PY, "-m", "toegang_app.app"]
    wait_for_ready(app, env, ("klaar", "gegevens"))  # warm the OS file cache once, like a second start
    bare = [PY, str(ROOT / "benchmarks" / "bare_window.py")]
    f.baseline = []
    for _ in range(runs):  # interleaved, so both see the same machine state
        klaar, gegevens = wait_for_ready(app, env, ("klaar", "gegevens"))
        f.samples.append(klaar)
        g.samples.append(gegevens)
        f.baseline += wait_for_ready(bare, env)
    g.baseline = f.baseline  # the same bare starts, interleaved with the app's (issue 26: both ratios)
    f.note = ("het venster staat op het scherm en neemt invoer aan (zoekveld, Ctrl+N); de database opent "
              "intussen op de achtergrond en wat al gevraagd is, gebeurt zodra hij open is (zie de volgende regel)")
    g.note = ("aanmelden met het Windows-account (instelling aanmelden = os), recente gesprekken getoond; "
              "bij aanmelden met wachtwoord verschijnt op dit moment het aanmeldvenster")
    return [f, g]


def fig_statistics(ctx, runs: int) -> Figure:
    from sqlalchemy import text

    from toegang_app.services.statistiek import Selectie, bereken

    f = Figure("Statistiek over één jaar, 1 000 000 verwijzingen", "<= 2 s en <= 3x de kale SQL-aggregatie",
               2.0, baseline_name="kale SQL GROUP BY over dezelfde verwijzingen", max_ratio=3.0)
    sel = Selectie(van=date(2025, 1, 1), tot=date(2025, 12, 31))
    sql = text("SELECT trede, status, status_reden, voorziening_id, count(*) FROM verwijzingen "
               "WHERE datum BETWEEN :van AND :tot GROUP BY trede, status, status_reden, voorziening_id")

    def plain():
        with ctx.engine.connect() as c:
            c.execute(sql, {"van": sel.van, "tot": sel.tot}).all()

    plain()
    f.baseline = timed(plain, runs)
    f.samples = timed(lambda: bereken(ctx, sel), runs)
    return f


def build_jaar_db(path: Path) -> None:
    """Two calendar years (2024, 2025) of 1 000 000 referrals each, for the dashboard figure."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".bouw.sqlite")
    for p in (tmp, Path(str(tmp) + "-wal"), Path(str(tmp) + "-shm")):
        p.unlink(missing_ok=True)
    data = Path(tempfile.mkdtemp(prefix="toegang-bench-"))
    code = (
        "from datetime import date\n"
        "from toegang_app.config import load_config\n"
        "from toegang_app.services.context import open_context\n"
        "from toegang_app.services.auth import systeem_gebruiker\n"
        "from toegang_app.services.demo import vul_demo\n"
        "ctx = open_context(load_config(), load=False)\n"
        "ctx.user = systeem_gebruiker()\n"
        "for jaar in (2024, 2025):\n"
        "    vul_demo(ctx, 150_000, 1_000_000, seed=jaar, begin=date(jaar, 1, 1), eind=date(jaar, 12, 31),\n"
        "             gesprekken=330_000)\n"
        "ctx.close()\n")
    t = time.perf_counter()
    subprocess.run([PY, "-c", code], env=env_for(data, tmp), check=True)
    import sqlite3

    con = sqlite3.connect(tmp)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.execute("ANALYZE")
    con.close()
    os.replace(tmp, path)
    print(f"database {path.name}: 2 x 1.000.000 verwijzingen in {time.perf_counter() - t:.0f} s")


def fig_dashboard(runs: int) -> Figure:
    """Issue 24: the whole dashboard, including the comparison with the year before, for one year of
    1 000 000 referrals (and 1 000 000 in the year before), in the publication form for all gemeenten."""
    from toegang_app.services.statistiek import Selectie, bereken

    db = CACHE / "bench-jaar-2x1000000.sqlite"
    build_jaar_db(db)
    ctx = open_ctx(db)
    from toegang_app.services.auth import systeem_gebruiker

    ctx.user = systeem_gebruiker()
    from sqlalchemy import text

    f = Figure("Dashboard over één jaar van 1 000 000 verwijzingen, met vergelijking met het jaar ervoor", "<= 3 s",
               3.0, baseline_name="één kale SQL GROUP BY over de verwijzingen van dat jaar")
    sel = Selectie(van=date(2025, 1, 1), tot=date(2025, 12, 31))
    sql = text("SELECT gemeente, trede, status, status_reden, voorziening_id, count(*) FROM verwijzingen "
               "WHERE datum BETWEEN :van AND :tot GROUP BY gemeente, trede, status, status_reden, voorziening_id")

    def plain():
        with ctx.engine.connect() as c:
            c.execute(sql, {"van": sel.van, "tot": sel.tot}).all()

    bereken(ctx, sel)
    # interleaved, so both see the same load of the machine
    f.samples, f.baseline = [], []
    for _ in range(runs):
        f.baseline += timed(plain, 1)
        f.samples += timed(lambda: bereken(ctx, sel), 1)
    f.note = ("het hele rapport van het scherm (alle tabellen en tegels, publicatievorm met afscherming, beide "
              "gemeenten, dezelfde periode een jaar eerder en de reeks per jaar), op twee verbindingen: sommen uit "
              "de maandtabellen van migratie 0014 (verwijzingen, gesprekken, dimensies, verandering tussen eerste "
              "en vervolggesprek, AVE, termijnen, doorlooptijden, lopend maatwerk), unieke inwoners met een "
              "verwijzing en met lopend maatwerk distinct geteld uit cellen per inwoner en maand, unieke inwoners "
              "met een gesprek live uit de gesprekken; de controle op inwoners met gewijzigde gesprekken telt mee, "
              "het eenmalig vullen van de maandtabellen niet; 2 x 1.000.000 verwijzingen en 2 x 330.000 gesprekken "
              "(2024 en 2025)")
    ctx.close()
    return f


def fig_pdf(ctx, runs: int, out: Path) -> Figure:
    from toegang_app.reports.statistiek_export import exporteer
    from toegang_app.services.statistiek import Selectie, bereken

    f = Figure("PDF-teamrapport met grafieken", "<= 3 s", 3.0)
    rapport = bereken(ctx, Selectie(van=date(2025, 1, 1), tot=date(2025, 12, 31)))
    f.samples = timed(lambda: exporteer(rapport, out / "rapport.pdf", "pdf"), runs)
    f.note = "berekening van de cijfers niet meegeteld (staat in de regel hierboven)"
    return f


def fig_memory(db: Path) -> Figure:
    f = Figure("Geheugen van de app met die database open", "<= 300 MB resident", None, unit="MB")
    data = Path(tempfile.mkdtemp(prefix="toegang-bench-"))
    prepare_sign_in(db, data)
    env = env_for(data, db)
    code = (
        "import os, sys\n"
        "from toegang_app.app import main\n"
        "os.environ['TOEGANG_BENCH_START']='1'\n"
        "main([])\n"
        "rss=[l for l in open('/proc/self/status') if l.startswith('VmHWM')][0].split()[1]\n"
        "print('rss', rss)\n"
    )
    res = subprocess.run([PY, "-c", code], env=env, capture_output=True, text=True, timeout=300)
    kb = int(next(line.split()[1] for line in res.stdout.splitlines() if line.startswith("rss")))
    f.samples = [kb / 1024]
    f.limit_s = None
    f.target = "<= 300 MB resident"
    f.note = ("piekgeheugen (VmHWM) van het app-proces tot de database open is, de gebruiker is aangemeld "
              "en het startscherm gevuld")
    return f


def write_report(figs: list[Figure], size: str, path: Path) -> str:
    cpu = "onbekend"
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    lines = [
        "# Performance",
        "",
        f"Measured by `benchmarks/bench.py` on {datetime.now():%Y-%m-%d %H:%M}, {size}.",
        f"Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}, Python {platform.python_version()}.",
        "Each figure ran several times in one run; the table gives min / median / max and, where the issue",
        "names a baseline, the ratio of the medians. 'Gehaald' compares the median with the target.",
        "",
        "| figure | target | min | median | max | baseline (median) | ratio | gehaald |",
        "|---|---|---|---|---|---|---|---|",
    ]
    lines += [_table_row(f) for f in figs]
    notes = [f"- {f.name}: {f.note}" for f in figs if f.note]
    if notes:
        lines += ["", "Notes:", *notes]
    text = "\n".join(lines) + "\n"
    block = f"{BEGIN}\n{text}{END}\n"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in old and END in old:  # keep the hand-written explanation around the measured block
        new = old[:old.index(BEGIN)] + block + "\n" + old[old.index(END) + len(END):].lstrip("\n")
    else:
        new = block
    path.write_text(new, encoding="utf-8")
    return text


BEGIN, END = "<!-- bench:begin (written by benchmarks/bench.py) -->", "<!-- bench:end -->"


def _table_row(f: Figure) -> str:
    r = f.ratio()
    base = f"{f.baseline_name}: {f.fmt(statistics.median(f.baseline))}" if f.baseline else "-"
    ok = f.met() if f.unit != "MB" else f.median <= 300
    return (f"| {f.name} | {f.target} | {f.fmt(min(f.samples))} | {f.fmt(f.median)} | {f.fmt(max(f.samples))} "
            f"| {base} | {f'{r:.2f}x' if r is not None else '-'} | {'ja' if ok else '**nee**'} |")


def update_report(figs: list[Figure], path: Path) -> str:
    """A partial run (``--alleen ... --bijwerken``) writes its own rows into the existing report: a row
    (and its note) with the same figure name is replaced, a new one is added at the end of the table; the
    other rows stay as measured before, and the report says which rows were measured when."""
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN not in old or END not in old:
        return write_report(figs, "alleen deze figuren", path)
    head, rest = old.split(BEGIN, 1)
    block, tail = rest.split(END, 1)
    lines = block.strip("\n").split("\n")
    names = {f.name: f for f in figs}
    table = [i for i, line in enumerate(lines) if line.startswith("| ") and not line.startswith("| figure ")]
    done: set[str] = set()
    for i in table:
        name = lines[i][2:].split(" | ", 1)[0]
        if name in names:
            lines[i] = _table_row(names[name])
            done.add(name)
    at = (table[-1] + 1) if table else len(lines)
    for f in figs:
        if f.name not in done:
            lines.insert(at, _table_row(f))
            at += 1
    lines = [line for line in lines if not any(line.startswith(f"- {n}: ") for n in names)]
    if "Notes:" not in lines:
        lines += ["", "Notes:"]
    lines += [f"- {f.name}: {f.note}" for f in figs if f.note]
    mark, which = "Rows measured by a partial run", "; ".join(f.name for f in figs) + "."
    lines = [line for line in lines if not (line.startswith(mark) and line.endswith(": " + which))]
    notes_at = lines.index("Notes:")
    if notes_at > 0 and lines[notes_at - 1] == "":
        notes_at -= 1
    lines[notes_at:notes_at] = ["", f"{mark} (`--alleen ... --bijwerken`) on {datetime.now():%Y-%m-%d %H:%M}: {which}"]
    text = "\n".join(lines) + "\n"
    path.write_text(head + BEGIN + "\n" + text + END + tail, encoding="utf-8")
    return text


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--klein", action="store_true", help="small database (quick check)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--uit", default=str(ROOT / "docs" / "performance.md"))
    ap.add_argument("--alleen", nargs="+", metavar="FIGUUR", choices=FIGUUR_NAMEN,
                    help="only these figures (a quick look while working; the report needs all of them)")
    ap.add_argument("--bijwerken", action="store_true",
                    help="with --alleen: write these figures' rows into the report, keeping the other rows")
    args = ap.parse_args()
    wanted = set(args.alleen or FIGUUR_NAMEN)
    n_inw, n_verw = (2_000, 20_000) if args.klein else (100_000, 1_000_000)
    db = CACHE / f"bench-{n_inw}-{n_verw}.sqlite"
    out = Path(tempfile.mkdtemp(prefix="toegang-bench-out-"))
    ctx = None
    if wanted - {"dashboard"}:  # the dashboard figure has its own database (two years of 1 000 000)
        build_db(db, n_inw, n_verw)
        ctx = open_ctx(db)
    figs: list[Figure] = []
    if "start" in wanted:
        figs += fig_cold_start(db, args.runs)
    from toegang_app.services.auth import systeem_gebruiker

    for name, extra in EXTRA_FIGURES:
        if name in wanted:
            got = extra(ctx, args.runs)
            figs += got if isinstance(got, list) else [got]
            ctx.user = systeem_gebruiker()
    if "statistiek" in wanted:
        figs.append(fig_statistics(ctx, args.runs))
    if "dashboard" in wanted:
        figs.append(fig_dashboard(args.runs))
    if "pdf" in wanted:
        figs.append(fig_pdf(ctx, args.runs, out))
    if "geheugen" in wanted:
        figs.append(fig_memory(db))
    if "sqlcipher" in wanted:
        figs += fig_sqlcipher(ctx, args.runs)
    size = f"{n_inw:,} inwoners en {n_verw:,} verwijzingen".replace(",", ".")
    if args.alleen and args.bijwerken:  # only these rows of the report are replaced
        print(update_report(figs, Path(args.uit)))
        return 0
    if args.alleen:  # a partial run never overwrites the report
        print("\n".join(f"{f.name}: min {f.fmt(min(f.samples))}, mediaan {f.fmt(f.median)}, max {f.fmt(max(f.samples))}"
                        + (f", ratio {f.ratio():.2f}x" if f.ratio() is not None else "")
                        + (f" ({f.note})" if f.note else "") for f in figs))
        return 0
    print(write_report(figs, size, Path(args.uit)))
    return 0


FIGUUR_NAMEN = ["start", "verversen", "suggesties", "zoeken", "openen", "statistiek", "dashboard", "pdf", "geheugen",
                "sqlcipher"]


EXTRA_FIGURES: list = []  # suggestions/AVE refresh, resident search, open a conversation (added below)


# -- figures measured inside this process (the conversation screen) ---------------------------------

_APP = None


def _qt():
    global _APP
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    _APP = QApplication.instance() or QApplication(["bench", "-platform", "offscreen"])
    from toegang_app.ui.style import apply_style

    apply_style(_APP)
    return _APP


def _medewerker(ctx):
    from toegang_app.services.auth import CurrentUser

    ctx.user = CurrentUser(id=None, gebruikersnaam="bench", naam="Benchmark (synthetisch)", rol="procesregisseur",
                           team="haaksbergen")


def fig_live_refresh(ctx, runs: int) -> Figure:
    """Change one answer in the editor and recompute everything beside the form: spinnenweb,
    suggestions, AVE proposal and legal terms (the editor's panel refresh, as after typing)."""
    _qt()
    _medewerker(ctx)
    from toegang_app.services.demo_gesprek import demo_dossier
    from toegang_app.ui.gesprek_editor import GesprekEditor

    ed = GesprekEditor(ctx)
    ed.resize(1180, 700)
    ed.show()
    ed.laad(demo_dossier(ctx))
    spin = ed.f_dim["meedoen"][0]
    values = iter(range(10**6))

    def change():
        spin.blockSignals(True)
        spin.setValue(next(values) % 11)
        spin.blockSignals(False)
        ed._refresh_panels()
        _APP.processEvents()

    change()
    f = Figure("Suggesties en AVE verversen na een gewijzigd antwoord", "<= 50 ms", 0.050)
    f.samples = timed(change, max(runs * 10, 30))
    f.note = ("alle panelen naast het formulier samen (spinnenweb, suggesties over de hele sociale kaart, "
              f"AVE-voorstel, termijnen); panelen: {', '.join(ed.panels)}")
    ed.close()
    return f


def fig_search(ctx, runs: int) -> Figure:
    _medewerker(ctx)
    from sqlalchemy import func, select

    from toegang_app.services import gesprekken as svc
    from toegang_app.storage.models import Inwoner

    with ctx.sessions() as s:
        n = s.scalar(select(func.count()).select_from(Inwoner))
    queries = ["d", "de", "dem", "demo", "demo-", "demo-j", "demo-ja", "demo-jan", "7481", "7481 a", "1962",
               "12-03-1962", "Buurse", "jansen 1962"]
    f = Figure(f"Inwoner zoeken tijdens het typen, {n:,} inwoners".replace(",", "."), "<= 100 ms per toetsaanslag",
               0.100)
    samples = []
    for _ in range(runs):
        for q in queries:
            t = time.perf_counter()
            svc.zoek_inwoners(ctx, q)
            samples.append(time.perf_counter() - t)
    f.samples = samples
    f.note = "per toetsaanslag: " + ", ".join(f"'{q}'" for q in queries) + " (naam, postcode, jaar, datum, kern)"
    return f


def _conversation_with_referrals(ctx, n: int = 20) -> int:
    """A synthetic conversation with n referrals, each with a status history (built once per database)."""
    from datetime import timedelta

    from sqlalchemy import func, select

    from toegang_app.storage.models import Gesprek, Verwijzing, VerwijzingStatus

    with ctx.sessions.begin() as s:
        row = s.execute(select(Verwijzing.gesprek_id).group_by(Verwijzing.gesprek_id)
                        .having(func.count() >= n).limit(1)).first()
        if row:
            return row[0]
        g = s.scalars(select(Gesprek).where(Gesprek.team == "haaksbergen").order_by(Gesprek.id.desc()).limit(1)).one()
        kaart = [v for v in ctx.resources.kaart if "haaksbergen" in v.gemeenten or v.regionaal][:n]
        for i, v in enumerate(kaart):
            d = g.aanmelding_datum + timedelta(days=i)
            ver = Verwijzing(gesprek_id=g.id, voorziening_id=v.id, voorziening_naam=v.naam, aanbieder=v.aanbieder,
                             trede=v.trede, wet=v.wet, gemeente=g.gemeente, kern=g.kern, team=g.team, datum=d,
                             aangemaakt_door="bench", aangemaakt_op=datetime.combine(d, datetime.min.time()),
                             overdracht="warme_overdracht", toestemming=True, toestemming_datum=d,
                             toestemming_delen="naam en vraag", opvolgdatum=d + timedelta(days=14),
                             status="gestart", status_sinds=d + timedelta(days=10), synthetisch=True)
            s.add(ver)
            s.flush()
            for j, st in enumerate(("voorgesteld", "verwezen", "aangemeld", "gestart")):
                s.add(VerwijzingStatus(verwijzing_id=ver.id, status=st, medewerker="bench",
                                       op=datetime.combine(d + timedelta(days=3 * j), datetime.min.time())))
        return g.id


def fig_open_conversation(ctx, runs: int) -> Figure:
    _qt()
    from toegang_app.services.auth import systeem_gebruiker

    ctx.user = systeem_gebruiker()
    gid = _conversation_with_referrals(ctx)
    _medewerker(ctx)
    from toegang_app.ui.screens.gesprekken import GesprekkenScherm

    screen = GesprekkenScherm(ctx)
    screen._drafts_checked = True
    screen.resize(1180, 720)
    screen.show()

    def open_it():
        screen.editor.gesprek.dossier = None  # as if another conversation was open
        screen.pages.setCurrentWidget(screen.overzicht)
        screen.open_gesprek(gid)
        _APP.processEvents()

    open_it()
    f = Figure("Gesprek openen met 20 verwijzingen en historie", "<= 200 ms", 0.200)
    f.samples = timed(open_it, max(runs * 2, 10))
    f.note = (f"gesprek {gid}: laden uit de database, formulier vullen, alle panelen (verwijzingen met "
              "statushistorie, AVE-tijdlijn, termijnen, suggesties) en tekenen")
    screen.close()
    return f


BENCH_SQLCIPHER_KEY = "5eed" * 16  # a synthetic benchmark database only


def _sqlcipher_ctx(db: Path):
    """The same demo database as a SQLCipher copy (made once, cached), opened like the app does."""
    from toegang_app.config import load_config
    from toegang_app.services.context import AppContext
    from toegang_app.services.resources import load_resources
    from toegang_app.storage.engine import encrypt_sqlite_file, make_engine, make_session_factory

    enc = db.with_name(db.stem + "-sqlcipher.sqlite")
    if not enc.exists():
        import shutil

        tmp = enc.with_suffix(".bouw")
        shutil.copy(db, tmp)
        encrypt_sqlite_file(tmp, BENCH_SQLCIPHER_KEY)
        os.replace(tmp, enc)
    cfg = load_config()
    engine = make_engine(f"sqlite:///{enc}", sqlcipher_key=BENCH_SQLCIPHER_KEY)
    ctx = AppContext(config=cfg, engine=engine, sessions=make_session_factory(engine))
    ctx.resources = load_resources(cfg)
    return ctx


def _same_build_plain_ctx(db: Path):
    """The plain database through the SQLCipher build of SQLite without a key: the fair baseline (the
    SQLCipher wheel bundles a newer SQLite than Python's, whose planner alone changes some timings)."""
    from sqlalchemy import create_engine, event

    from toegang_app.config import load_config
    from toegang_app.services.context import AppContext
    from toegang_app.services.resources import load_resources
    from toegang_app.storage import engine as eng

    engine = create_engine(f"sqlite:///{db}", module=eng.sqlcipher_module(), hide_parameters=True,
                           connect_args={"timeout": eng.BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", eng._sqlite_connect_with(None))
    event.listen(engine, "begin", eng._sqlite_begin)
    cfg = load_config()
    ctx = AppContext(config=cfg, engine=engine, sessions=eng.make_session_factory(engine))
    ctx.resources = load_resources(cfg)
    return ctx


def fig_sqlcipher(ctx, runs: int) -> list[Figure]:
    """What SQLCipher costs: the same work on the plain and on the encrypted copy of the database, in one
    run (ratio = encrypted / plain). Opening includes the first query (key check, schema)."""
    from toegang_app.services import gesprekken as svc
    from toegang_app.services.statistiek import Selectie, bereken

    db = Path(ctx.engine.url.database)
    enc_ctx = _sqlcipher_ctx(db)
    std_ctx, ctx = ctx, _same_build_plain_ctx(db)
    figs = []
    try:
        sel = Selectie(van=date(2025, 1, 1), tot=date(2025, 12, 31))
        gid = _conversation_with_referrals(ctx)

        def open_fresh(c):
            from toegang_app.storage.engine import make_engine

            key = getattr(c.engine, "toegang_sqlcipher_key", None)
            e = make_engine(str(c.engine.url.render_as_string(hide_password=False)), sqlcipher_key=key)
            with e.connect() as conn:
                conn.exec_driver_sql("SELECT count(*) FROM gesprekken").scalar()
            e.dispose()

        def save(c):
            d = svc.laad_gesprek(c, gid, audit_view=False)
            d.vraag = f"benchmark {time.perf_counter()}"
            svc.bewaar_gesprek(c, d)

        work = [
            ("Database openen (verbinding, sleutel, eerste query)", open_fresh, max(runs * 2, 10)),
            ("Inwoner zoeken ('demo-ja')", lambda c: svc.zoek_inwoners(c, "demo-ja"), max(runs * 4, 20)),
            ("Gesprek laden met 20 verwijzingen", lambda c: svc.laad_gesprek(c, gid, audit_view=False),
             max(runs * 4, 20)),
            ("Gesprek opslaan", save, max(runs * 2, 10)),
            ("Statistiek over één jaar", lambda c: bereken(c, sel), runs),
        ]
        for name, fn, n in work:
            from toegang_app.services.auth import systeem_gebruiker

            for c in (ctx, enc_ctx):
                c.user = systeem_gebruiker()
            fn(ctx), fn(enc_ctx)  # warm up both
            f = Figure(f"SQLCipher: {name}", "kosten gemeten (geen eis)", None,
                       baseline_name="zelfde werk, onversleuteld")
            std_ctx.user = systeem_gebruiker()
            fn(std_ctx)
            f.baseline, f.samples, std = [], [], []
            for _ in range(n):  # interleaved, so a busy moment of the machine hits all alike
                f.baseline += timed(lambda: fn(ctx), 1)
                f.samples += timed(lambda: fn(enc_ctx), 1)
                std += timed(lambda: fn(std_ctx), 1)
            f.baseline_name = "zelfde werk, onversleuteld (zelfde SQLite-build)"
            f.note = (f"versleuteld / onversleuteld met dezelfde SQLite-build, dezelfde database in dezelfde run; "
                      f"tegen Pythons eigen SQLite (mediaan {f.fmt(statistics.median(std))}): "
                      f"{f.median / statistics.median(std):.2f}x")
            figs.append(f)
    finally:
        enc_ctx.close()
        ctx.close()
    return figs


class P95Figure(Figure):
    """A figure judged at the 95th percentile (the table's 'median' column then shows the p95)."""

    @property
    def median(self) -> float:  # type: ignore[override]
        xs = sorted(self.samples)
        return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))]


def _synthetic_kaart(n: int, base: tuple) -> tuple:
    """A regional kaart of ``n`` synthetic voorzieningen (both gemeenten, every rung, groups, limits) plus the
    shipped entries, so that the safety route and the real matches stay in it."""
    from dataclasses import replace

    from toegang_app.domain import vocab

    lgs = list(vocab.LEEFGEBIEDEN)
    groepen = [("iedereen",), ("ouders",), ("ouderen",), ("minima",), ("kinderen",), ("mantelzorgers",)]
    out = list(base)
    for i in range(n):
        v = base[i % len(base)]
        out.append(replace(v, id=f"regio-synth-{i}", naam=f"Synthetische voorziening {i}",
                           gemeenten=("haaksbergen", "twenterand"), kernen=(), regionaal=True,
                           trede=2 + i % 3, wet=None if i % 3 < 2 else "Wmo",
                           leefgebieden=(lgs[i % len(lgs)], lgs[(i * 7) % len(lgs)]),
                           dimensies=("meedoen",) if i % 5 == 0 else (), doelgroepen=groepen[i % len(groepen)],
                           leeftijd_min=18 if i % 4 == 0 else None, inkomen_max_pct=120 if i % 6 == 0 else None,
                           crisis=(), alleen_bij=(), contra_indicaties=()))
    return tuple(out)


def fig_suggesties_panel(ctx, runs: int) -> list:
    """The Suggesties panel alone (needs, fitting, ladder per need, the tree redrawn) after a changed answer,
    at the 95th percentile: with the whole shipped kaart and with a synthetic regional kaart of 5000."""
    _qt()
    _medewerker(ctx)
    from toegang_app.services import suggesties as ssvc
    from toegang_app.services.demo_gesprek import demo_dossier
    from toegang_app.ui.gesprek_editor import GesprekEditor

    ed = GesprekEditor(ctx)
    ed.resize(1180, 700)
    ed.show()
    ed.laad(demo_dossier(ctx))
    panel = ed.panels["suggesties"]
    shipped = ssvc.kaart_voor_matching(ctx)
    u0 = ed.verzamel().to_uitvraag()
    from dataclasses import replace

    from toegang_app.domain.uitvraag import Dimensie

    variants = []
    for k in range(11):
        dims = dict(u0.dimensies or {})
        dims["meedoen"] = Dimensie(score=k, bespreken=True)
        variants.append(replace(u0, dimensies=dims))
    figs = []
    original = ssvc.kaart_voor_matching
    try:
        for label, kaart in (("de hele sociale kaart", shipped), ("een synthetische kaart van 5.000", None)):
            if kaart is None:
                kaart = _synthetic_kaart(5000, shipped)
            ssvc.kaart_voor_matching = lambda _ctx, _k=kaart: _k
            values = iter(range(10**6))

            def change():
                panel.uitvraag_changed(variants[next(values) % len(variants)])
                _APP.processEvents()

            change()
            f = P95Figure(f"Suggesties-paneel verversen, {label} (p95)", "p95 <= 50 ms", 0.050)
            f.samples = timed(change, max(runs * 20, 100))
            # the same without what is kept per kaart (fits and choice per need): a first answer, a new signal
            idx = ctx.resources.matching.index(kaart)

            def change_cold():
                idx.fits.clear()
                idx.plans.clear()
                change()

            cold = P95Figure("koud", "", 0.050)
            cold.samples = timed(change_cold, max(runs * 4, 20))
            f.note = (f"{len(kaart)} voorzieningen; per gewijzigd antwoord (score meedoen 0..10): behoeften, passen, "
                      "ladder per behoefte, de boom bijwerken (opnieuw opgebouwd als behoeften of rijen veranderen); "
                      f"zonder wat per kaart bewaard blijft (eerste antwoord, nieuw signaal) p95 {cold.fmt(cold.median)}; "
                      f"belasting van de machine bij de meting (load average): {os.getloadavg()[0]:.1f}; "
                      "de kolom 'median' toont hier het 95e percentiel")
            figs.append(f)
    finally:
        ssvc.kaart_voor_matching = original
        ed.close()
    return figs


EXTRA_FIGURES[:] = [("verversen", fig_live_refresh), ("suggesties", fig_suggesties_panel), ("zoeken", fig_search),
                    ("openen", fig_open_conversation)]

if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
